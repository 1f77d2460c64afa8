#!/bin/sh
# canard's bifurcation diagrams against AUTO-07p's on the same models, where
# auto-07p (and gfortran, which it compiles models with) is installed: a
# reference for the tests, never a dependency. tests/auto/bif.auto computes
# FitzHugh-Nagumo's Hopf points and folds of cycles and the van der Pol canard
# explosion (preset canard); each must match canard's 'bif' to AUTO's printed
# precision (11 digits). tests/auto/cyc.auto FitzHugh-Nagumo's large cycles,
# tests/auto/hc.auto Hindmarsh-Rose's layer problem up to its homoclinic end,
# tests/auto/pd.auto the period doubling of
# Rossler's cycle (tests/bif/rossler.ode), a problem of dimension 3.
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
"$bin" -e 'load fitzhugh; bif I 0 2' > "$tmp/fhn.out" 2>&1
# the I of canard's cycle records nearest 0.6, 0.9 and 1.2, for AUTO's cyc.auto
awk 'function kv(k,   i, n, f) { n = split($0, f, " "); for (i = 1; i <= n; i++) if (index(f[i], k "=") == 1) return substr(f[i], length(k) + 2); return "" }
/^cycle/ { i = kv("I"); for (j = 1; j <= 3; j++) if (!(j in b) || (i - 0.3 * (j + 1))^2 < (b[j] - 0.3 * (j + 1))^2) b[j] = i }
END { print "uz = [" b[1] ", " b[2] ", " b[3] "]" }' "$tmp/fhn.out" > "$tmp/uz.py"
(cd "$tmp" && timeout 600 auto-07p bif.auto > auto.out 2>&1 &&
	timeout 600 auto-07p pd.auto >> auto.out 2>&1 &&
	timeout 600 auto-07p cyc.auto >> auto.out 2>&1 &&
	timeout 600 auto-07p hc.auto >> auto.out 2>&1)
"$bin" -e 'load hindmarsh; bif z 1 4' > "$tmp/hr.out" 2>&1
"$bin" -e 'load canard; bif a 0.9 1.1' > "$tmp/vdp.out" 2>&1
"$bin" -e 'load tests/bif/rossler.ode; bif a -0.1 0.2' > "$tmp/ros.out" 2>&1
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
# the large cycles at the same I: AUTO finds its point within 5e-9 of canard's
# I, where dT/dI is below 15, and the two discretisations differ by 1.5e-7 in
# the period at most: 3e-7 allowed. The maximum of v is AUTO's largest mesh
# value: its own two passes through I = 0.9 differ by 2e-4 in it, so 5e-4.
compare fitzhugh_cycles "$kv"'
FNR == NR && /^AUTO fhn cycle/ { ai[++na] = kv("I"); at[na] = kv("period"); av[na] = kv("max_v") }
FNR != NR && /^cycle/ { for (i = 1; i <= na; i++) if (abs(ai[i] - kv("I")) < 1e-8) { m++;
  if (abs(at[i] - kv("period")) > 3e-7 || abs(av[i] - kv("max_v")) > 5e-4) {
    print "  I=" kv("I") " period " kv("period") " max_v " kv("max_v") " vs AUTO " at[i] " " av[i]; bad++ } } }
END { exit !(na >= 3 && m >= 3 && bad == 0) }' "$tmp/fhn.out"
# the Hopf point, and where the cycles grow past max x = 1.75 inside the explosion
compare canard_explosion "$kv"'
FNR == NR && /^AUTO vdp hopf/ { ah = kv("a") }
FNR == NR && /^AUTO vdp cycle/ && !aa && kv("max_x") >= 1.75 { aa = kv("a") }
FNR != NR && /^point type=hopf/ { ch = kv("a") }
FNR != NR && /^cycle/ && !ca && kv("max_x") >= 1.75 { ca = kv("a") }
END { if (abs(ah - ch) > 1e-10 || abs(aa - ca) > 1e-8) { print "  hopf " ah " vs " ch ", explosion " aa " vs " ca; exit 1 } }' "$tmp/vdp.out"
# the explosion's width: the a-interval between the canard without head at
# max x = 1.5 and the head-bearing cycles at max x = 2 (a_2, where a stops
# moving) is about 5.3e-6. Near 1.5 the samples of either branch are 4e-6
# apart in a, but a - a_2 falls exponentially in max x there (by 3 per 0.035),
# so log(a - a_2) is interpolated linearly between the samples around 1.5;
# the two widths agree to 0.3% (5.2936e-6 and 5.3083e-6 seen): 3% allowed
compare canard_width "$kv"'
function width(n, A, M,   i, r, k) { for (i = 1; i <= n && M[i] < 2.0; i++); if (i > n) return 0; r = A[i];
  for (k = 2; k <= n && M[k] < 1.5; k++); if (k > n || k >= i) return 0;
  return exp(log(A[k-1] - r) + (1.5 - M[k-1]) / (M[k] - M[k-1]) * (log(A[k] - r) - log(A[k-1] - r))) }
FNR == NR && /^AUTO vdp cycle/ { na++; aa[na] = kv("a"); am[na] = kv("max_x") }
FNR != NR && /^cycle/ { nc++; ca[nc] = kv("a"); cm[nc] = kv("max_x") }
END { wa = width(na, aa, am); wc = width(nc, ca, cm); print "  explosion width: canard " wc ", AUTO " wa
  exit !(wa > 1e-7 && abs(wc - wa) <= 0.03 * wa) }' "$tmp/vdp.out"
# Rossler's period doubling. The tolerance is the error of the two
# discretisations: canard's 40 intervals of degree 4 put it 1.2e-9 in a and
# 3.6e-9 in the period from its own value on 80 and 160 intervals (which
# agree with each other to 6e-12), AUTO's NTST = 60 and 200 agree to 2e-11;
# a point marked at the step after the sign change instead of located would
# be 1e-4 away. The Hopf point: AUTO's EPSS = 1e-10 puts it within 1e-11 of
# the Routh-Hurwitz root tests/unit/test_bif.c checks canard against.
compare rossler_pd "$kv"'
FNR == NR && /^AUTO ros hopf/ { ah = kv("a"); nah++ }
FNR == NR && /^AUTO ros pd/ { ap = kv("a"); at = kv("period"); nap++ }
FNR != NR && /^point type=hopf/ { ch = kv("a"); nch++ }
FNR != NR && /^point type=pd/ { cp = kv("a"); ct = kv("period"); ncp++ }
END { if (nah != 1 || nap != 1 || nch != 1 || ncp != 1 || abs(ah - ch) > 1e-10 ||
    abs(ap - cp) > 1e-8 || abs(at - ct) > 2e-8) {
	print "  hopf " ah " vs " ch ", pd " ap " vs " cp ", period " at " vs " ct; exit 1 } }' "$tmp/ros.out"
# Hindmarsh-Rose's layer problem: the Hopf point, and the z of the homoclinic
# orbit that ends the spiking family. AUTO's cycles agree on it to 1e-10 from
# period 80 to 300; canard stops at period 72 with its 40 intervals, 8.4e-8
# away: 1e-6 allowed (the check before was only that it lies between the
# fold and the Hopf point, an interval of 1.1).
compare hindmarsh_homoclinic "$kv"'
FNR == NR && /^AUTO hr hopf/ { ah = kv("z") }
FNR == NR && /^AUTO hr cycle/ && kv("period") >= 100 { az = kv("z"); n++ }
FNR != NR && /^point type=hopf/ { ch = kv("z") }
FNR != NR && /^point type=homoclinic/ { cz = kv("z"); nc++ }
END { if (n < 2 || nc != 1 || abs(ah - ch) > 1e-9 || abs(az - cz) > 1e-6) {
	print "  hopf " ah " vs " ch ", homoclinic " az " vs " cz; exit 1 } }' "$tmp/hr.out"
echo "auto: $pass passed, $fail failed"
[ $fail = 0 ]
