#!/bin/sh
# Views and directions, against closed forms and the picture's text:
# - traj ... back|both: with eps=0, van der Pol's fast equation
#   x' = -(x^3/3 - x) from x=2 escapes |x|=100 backward at
#   t = -(ln 2 + ln(1 - 3/100^2)/2), and forward reaches
#   x(1) = sqrt(3 / (1 - e^-2/4)); 'both' joins the two, one trajectory.
# - axes t V1 V2: the time series, with the key and t along the bottom;
#   view both: the portrait and the time series in one picture.
# - a model file without xp opens in the time series (XPPAUT's view), and an
#   aux quantity may be an axis (e = x^2 + y^2 = 1 on the circle).
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "views: $*"; fail=$((fail + 1)); }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

out=$("$BIN" -e 'load vanderpol; set eps=0 tmax=1; traj 2 0 back; traj 2 0 both; traj 2 0; fate' 2>/dev/null)
tb=$(echo "$out" | awk '/traj=1 end=escape/ { sub(/.*t=/, ""); print $1 }')
want=$(awk 'BEGIN { printf "%.12g", -(log(2) + log(1 - 3 / 1e4) / 2) }')
near "${tb:-x}" "$want" 1e-4 && ok || bad "backward escape at t=$tb, not $want"
x1=$(echo "$out" | awk '/traj=3 end=running t=1 / { sub(/.* x=/, ""); print $1 }')
want=$(awk 'BEGIN { printf "%.12g", sqrt(3 / (1 - exp(-2) / 4)) }')
near "${x1:-x}" "$want" 1e-6 && ok || bad "forward x(1)=$x1, not $want"
echo "$out" | grep -q 'traj=2 end=running t=1 x=1.76211' && ok || bad "both: $out"
# both: one trajectory from the backward end to t=1 through the start
rows=$("$BIN" -e 'load vanderpol; set eps=0 tmax=1; traj 2 0 both; export csv -' 2>/dev/null |
    awk -F, 'NR == 2 { t0 = $2 } NR > 1 && $2 == 0 { at0 = $3 } END { print t0, at0, $2 }')
set -- $rows
near "${1:-x}" "$tb" 1e-12 && [ "${2:-}" = 2 ] && [ "${3:-}" = 1 ] && ok ||
    bad "both does not run from t=$tb through x=2 at t=0 to t=1: $rows"
# an unknown direction word is a coordinate, and says so
"$BIN" -e 'load vanderpol; traj 1 backwards' 2>&1 >/dev/null | grep -q "backwards" && ok ||
    bad "a misspelt direction is not named"

# the time series of two variables: the key, t under the frame, no portrait legend
pic=$("$BIN" -e 'load vanderpol; traj 2 0; axes t x y; print' 2>/dev/null)
echo "$pic" | head -n 1 | grep -q '^x,y .*x .*y$' && ok || bad "no key: $(echo "$pic" | head -n 1)"
echo "$pic" | tail -n 1 | grep -Eq '^ +t$' && ok || bad "t is not the horizontal axis"
echo "$pic" | grep -q 'attracting' && bad "the time series has the portrait's legend" || ok
# the t axis runs over the trajectory's time: 0 on the left, tmax=100 on the right
echo "$pic" | tail -n 2 | head -n 1 | grep -Eq '^ +0 .* 100$' && ok || bad "t ticks: $(echo "$pic" | tail -n 2)"
# without colour (--ascii, NO_COLOR) the curves are told apart by their
# names written on them: one x and one y inside the frame, x at a third of
# the t range, left of y at two thirds (NO_COLOR braille the same)
for opt in --ascii ""; do
	labels=$(NO_COLOR=1 "$BIN" $opt -e 'load vanderpol; traj 2 0; axes t x y; print' 2>/dev/null |
	    awk 'NR > 2 && /[|│]$/ { line = $0; sub(/^[^|+│┤]*[|+│┤]/, "", line)
		for (i = 1; i <= length(line); i++) { ch = substr(line, i, 1)
			if (ch == "x" || ch == "y") { n[ch]++; col[ch] = i } } }
	    END { printf "%d %d %d %d", n["x"], n["y"], col["x"], col["y"] }')
	set -- $labels
	[ "$1" = 1 ] && [ "$2" = 1 ] && [ "$3" -lt "$4" ] && ok ||
	    bad "time series labels ${opt:-braille}: x, y count and column $labels"
done
# one variable, several trajectories: each curve carries its trajectory's
# number (as the panel numbers them), so that without colour they differ too:
# one 1, one 2 and one 3 inside the frame, at three different cells, in the
# time view and with t on the portrait's axis, at 80x24 and 120x40
for opt in --ascii ""; do
	for sz in "" "size 120x40;"; do
		for vw in "" "view time;"; do
			labels=$(NO_COLOR=1 "$BIN" $opt -e "load vanderpol; traj 2 0; traj -1 1; traj 0.5 0; $vw $sz axes t x; print" 2>/dev/null |
			    awk 'NR > 2 && /[|│]$/ { line = $0; sub(/^[^|+│┤]*[|+│┤]/, "", line)
				for (i = 1; i <= length(line); i++) { ch = substr(line, i, 1)
					if (ch ~ /[0-9]/) { n[ch]++; at[ch] = NR "," i } } }
			    END { printf "%d %d %d %d %s %s %s", n["1"], n["2"], n["3"],
				n["0"] + n["4"] + n["5"] + n["6"] + n["7"] + n["8"] + n["9"], at["1"], at["2"], at["3"] }')
			set -- $labels
			[ "$1" = 1 ] && [ "$2" = 1 ] && [ "$3" = 1 ] && [ "$4" = 0 ] &&
			    [ "$5" != "$6" ] && [ "$6" != "$7" ] && [ "$5" != "$7" ] && ok ||
			    bad "trajectory numbers ${opt:-braille} ${sz:-80x24} ${vw:-portrait}: counts 1 2 3 other, cells: $labels"
		done
	done
done
# both, side by side at 160 columns: the legend and the key on the top row
"$BIN" -e 'load vanderpol; traj 2 0; view both; size 160x30; print' 2>/dev/null | head -n 1 |
    grep -q 'attracting.*x,y ' && ok || bad "view both is not side by side at 160x30"
# and one view at 80x24
"$BIN" -e 'load vanderpol; traj 2 0; view both; print' 2>/dev/null | grep -q 'x,y' &&
    bad "two views squeezed into 80x24" || ok
# errors name the word
"$BIN" -e 'load vanderpol; view sideways' 2>&1 | grep -q "unknown view 'sideways' (views: portrait, time, both)" && ok || bad "view error"
"$BIN" -e 'load vanderpol; axes t x q' 2>&1 | grep -q "'q'" && ok || bad "axes error"
"$BIN" -e 'load vanderpol; axes t x x' 2>&1 | grep -q "'x' is named twice" && ok || bad "axes twice"
# a model file that names no xp opens in the time series of its first
# variable (XPPAUT's view); an aux quantity may be an axis, in both views
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf "x'=y\ny'=-x\ninit x=1\naux e=x^2+y^2\n@ total=10\n" > "$tmp/noxp.ode"
pic=$("$BIN" -e "load $tmp/noxp.ode; traj; print" 2>/dev/null)
echo "$pic" | head -n 1 | grep -Eq '^x +x$' && echo "$pic" | tail -n 1 | grep -Eq '^ +t$' && ok ||
    bad "no xp: not the time series of x: $(echo "$pic" | sed -n '1p;$p')"
"$BIN" -e "load $tmp/noxp.ode; view portrait; traj; print" 2>/dev/null | tail -n 1 | grep -Eq '^ +x$' && ok ||
    bad "no xp: the portrait is not x against y"
pic=$("$BIN" -e "load $tmp/noxp.ode; traj; axes t e; print" 2>/dev/null)
echo "$pic" | head -n 1 | grep -Eq '^e +e$' && ok || bad "axes t e: $(echo "$pic" | head -n 1)"
pic=$("$BIN" -e "load $tmp/noxp.ode; traj; axes x e; print" 2>/dev/null)
echo "$pic" | head -n 1 | grep -q '^e ' && echo "$pic" | tail -n 1 | grep -Eq '^ +x$' && ok ||
    bad "axes x e: $(echo "$pic" | sed -n '1p;$p')"
# e = x^2 + y^2 = 1 on the circle: the tick labels of the e axis stay near 1
ticks=$(echo "$pic" | grep '┤' | sed 's/┤.*//' | tr -d ' ' | sort -u | tr '\n' ' ')
[ "$ticks" = "1 " ] && ok || bad "axes x e: e's ticks are $ticks, not all 1"
# a name wider than the frame is cut at its right edge, not written over it:
# every row between the top and bottom of the frame ends with its border
cat > "$tmp/long.ode" <<'EOF'
membrane_potential_of_the_cell' = -recovery_variable_long_name
recovery_variable_long_name' = membrane_potential_of_the_cell
init membrane_potential_of_the_cell=1, recovery_variable_long_name=0
done
EOF
for opt in --ascii ""; do
	rows=$(NO_COLOR=1 "$BIN" $opt -e "size 24x10; load $tmp/long.ode; traj 1 0;
	    axes t membrane_potential_of_the_cell recovery_variable_long_name; print" 2>/dev/null |
	    awk '/┌|└/ || /^ *\+-/ || /^ *\+\+/ { edge++; next }
		edge == 1 { n++; if (!/(\||│)$/) cut++ } END { printf "%d %d", n, cut }')
	set -- $rows
	[ "$1" -gt 3 ] && [ "$2" = 0 ] && ok ||
	    bad "time series labels ${opt:-braille} at 24x10: $2 of $1 rows run over the frame"
done
echo "views: $pass passed, $fail failed"
# without colour every line in a legend has a sample of its own: branches by
# stability and both nullclines (the sample is the 3 cells before the word)
for m in vanderpol lotka hindmarsh; do
	key=$(NO_COLOR=1 "$BIN" -e "load $m; set nullclines=on; traj 1 1; print" 2>/dev/null |
	    sed -n 1p)
	verdict=$(printf '%s\n' "$key" | python3 -c '
import sys
key = sys.stdin.buffer.read().decode("utf-8")
seen = {}
for w in ("attracting", "repelling", "saddle-type", "x\x27=0", "y\x27=0"):
    at = key.find(" " + w)
    if at >= 3:
        seen[w] = key[at - 3:at]
same = [w for w in seen if list(seen.values()).count(seen[w]) > 1]
print(("ok " if len(seen) >= 2 and not same else "same ") + repr(seen))')
	case $verdict in ok*) ok ;; *) bad "$m: legend samples: $verdict" ;; esac
done

[ $fail = 0 ]
