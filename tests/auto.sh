#!/bin/sh
# canard's bifurcation diagrams against AUTO-07p's on the same models, where
# auto-07p (and gfortran, which it compiles models with) is installed: a
# reference for the tests, never a dependency. tests/auto/bif.auto computes
# FitzHugh-Nagumo's Hopf points and folds of cycles and the van der Pol canard
# explosion (preset canard); each must match canard's 'bif' to AUTO's printed
# precision (11 digits).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
if ! command -v auto-07p >/dev/null 2>&1 || ! command -v gfortran >/dev/null 2>&1; then
	echo "auto-07p or gfortran not installed: comparison skipped"
	exit 0
fi
export CANARD_PRESETS=presets
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp tests/auto/* "$tmp/"
(cd "$tmp" && timeout 600 auto-07p bif.auto > auto.out 2>&1)
"$bin" -e 'load fitzhugh; bif I 0 2' > "$tmp/fhn.out" 2>&1
"$bin" -e 'load canard; bif a 0.9 1.1' > "$tmp/vdp.out" 2>&1
pass=0 fail=0
compare() {	# name, awk program reading AUTO's lines then canard's
	if awk "$2" "$tmp/auto.out" "$3"; then pass=$((pass + 1)); else
		echo "FAIL auto/$1"; fail=$((fail + 1)); fi
}
kv='function kv(k,   i, n, f) { n = split($0, f, " "); for (i = 1; i <= n; i++) if (index(f[i], k "=") == 1) return substr(f[i], length(k) + 2); return "" }
function abs(x) { return x < 0 ? -x : x }'
# every canard Hopf point and fold of cycles has an AUTO twin to 1e-9
compare fitzhugh "$kv"'
FNR == NR && /^AUTO fhn hopf/ { ah[++nah] = kv("I") }
FNR == NR && /^AUTO fhn lpc/ { al[++nal] = kv("I") }
FNR != NR && /^point type=(hopf|lpc)/ { n++; best = 1; t = kv("type");
  if (t == "hopf") for (i = 1; i <= nah; i++) best = abs(ah[i] - kv("I")) < best ? abs(ah[i] - kv("I")) : best;
  else for (i = 1; i <= nal; i++) best = abs(al[i] - kv("I")) < best ? abs(al[i] - kv("I")) : best;
  if (best > 1e-9) { print "  canard " t " I=" kv("I") " is " best " from AUTO"; bad++ } }
END { exit !(nah == 2 && n == 4 && bad == 0) }' "$tmp/fhn.out"
# the Hopf point, and where the cycles grow past max x = 1.75 inside the explosion
compare canard_explosion "$kv"'
FNR == NR && /^AUTO vdp hopf/ { ah = kv("a") }
FNR == NR && /^AUTO vdp cycle/ && !aa && kv("max_x") >= 1.75 { aa = kv("a") }
FNR != NR && /^point type=hopf/ { ch = kv("a") }
FNR != NR && /^cycle/ && !ca && kv("max_x") >= 1.75 { ca = kv("a") }
END { if (abs(ah - ch) > 1e-10 || abs(aa - ca) > 1e-8) { print "  hopf " ah " vs " ch ", explosion " aa " vs " ca; exit 1 } }' "$tmp/vdp.out"
echo "auto: $pass passed, $fail failed"
[ $fail = 0 ]
