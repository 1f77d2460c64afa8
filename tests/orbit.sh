#!/bin/sh
# orbit: the logistic map x(t+1) = r x (1 - x)'s orbit diagram against what
# is known of it. On the grid r = 2.9025, 2.9075, ..., 3.5975 (which avoids
# the bifurcation points themselves) with 20000 iterates dropped:
# - the fixed point 1 - 1/r (multiplier |2 - r|) up to r = 3, then the
#   2-cycle, roots of r^2 x^2 - r (r + 1) x + (r + 1) = 0 (multiplier
#   |4 + 2r - r^2|): the change of period brackets r = 3 between neighbours;
# - period 4 from r = 1 + sqrt(6) = 3.449490 on, bracketed the same way;
# - period 8 from 3.544090 and 16 from 3.564407 (Feigenbaum's cascade);
# - the picture is a frame with dots, and a flow or a bad option is refused.
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
export CANARD_PRESETS="$(pwd)/presets" LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "orbit: $*"; fail=$((fail + 1)); }

cat > "$tmp/logistic.ode" <<'ODE'
x(t+1) = r*x*(1-x)
par r=3.5
init x=0.2
done
ODE
"$BIN" --ascii -e "load $tmp/logistic.ode; orbit r 2.9025 3.5975 140 drop=20000 keep=64; print" \
    > "$tmp/out" 2>"$tmp/err" || { bad "canard failed"; cat "$tmp/err"; }
[ "$(grep -c '^orbit r=' "$tmp/out")" -eq 140 ] && ok || bad "not 140 records"

# each record against the closed forms; the period changes against the known points
awk '
function val(key,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) return kv[2] } return "" }
function abs(x) { return x < 0 ? -x : x }
/^orbit r=/ {
	r = val("r"); p = val("period") + 0; e = val("end"); m = val("multiplier")
	if (p == 1) {
		if (abs(val("x") - (1 - 1 / r)) > 1e-12) { print "fixed point at r=" r ": " val("x"); bad++ }
		if (abs(m - abs(2 - r)) > 1e-9) { print "multiplier at r=" r ": " m; bad++ }
	}
	if (p == 2) {
		split(val("x"), x, ",")
		for (k = 1; k <= 2; k++)
			if (abs(r * r * x[k] * x[k] - r * (r + 1) * x[k] + r + 1) > 1e-12) { print "2-cycle at r=" r ": " x[k]; bad++ }
		if (abs(m - abs(4 + 2 * r - r * r)) > 1e-9) { print "2-cycle multiplier at r=" r ": " m; bad++ }
	}
	if (n > 0 && p != lastp) { lo[lastp "-" p] = lastr; hi[lastp "-" p] = r }
	lastp = p; lastr = r; n++
}
END {
	split("1-2 2-4 4-8 8-16", tr, " ")
	split("3 3.449489742783178 3.544090359551 3.564407266095", at, " ")
	for (k = 1; k <= 4; k++) {
		if (!((tr[k]) in lo) || !(lo[tr[k]] < at[k] && at[k] < hi[tr[k]]) || hi[tr[k]] - lo[tr[k]] > 0.0051) {
			print "period " tr[k] " not bracketing r=" at[k] ": " lo[tr[k]] " .. " hi[tr[k]]; bad++
		}
	}
	exit bad > 0
}' "$tmp/out" > "$tmp/check" && ok || { bad "known answers:"; cat "$tmp/check"; }

# the picture: a frame, dots inside, the names of both axes
grep -q '^ *+---' "$tmp/out" && ok || bad "no frame in the picture"
[ "$(grep -c '|.*[.:'"'"'].*|' "$tmp/out")" -ge 10 ] && ok || bad "too few rows with dots"
grep -q '^ *r$' "$tmp/out" && ok || bad "the parameter's name is not under the axis"

# refusals: a flow, an unknown option, an unknown variable
"$BIN" -e "load vanderpol; orbit eps 0 1 10" 2>"$tmp/err" >/dev/null && bad "orbit of a flow accepted"
grep -q "orbit diagram of a map" "$tmp/err" && ok || { bad "no reason for a flow:"; cat "$tmp/err"; }
"$BIN" -e "load $tmp/logistic.ode; orbit r 3 4 10 skip=3" 2>"$tmp/err" >/dev/null && bad "skip= accepted"
grep -q "options: drop=D, keep=K" "$tmp/err" && ok || { bad "no option list:"; cat "$tmp/err"; }
"$BIN" -e "load $tmp/logistic.ode; orbit r 3 4 10 y" 2>"$tmp/err" >/dev/null && bad "variable y accepted"
grep -q "unknown variable 'y'" "$tmp/err" && ok || { bad "no unknown variable:"; cat "$tmp/err"; }
echo "orbit: $pass passed, $fail failed"
[ "$fail" = 0 ]
