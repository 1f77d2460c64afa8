#!/bin/sh
# Resets are jumps: a leaky integrate-and-fire neuron v' = (I - v)/tau with
# 'global 1 {v-1} {v=0}' (I = 1.5, tau = 2) fires at t = tau ln 3 = 2.197 and
# 4.394 in [0, 5]. Its portrait in t and v must not join the point before a
# reset (v = 1) to the point after it (v = 0): the text picture has no
# vertical stroke inside the frame, and the SVG trajectory is three
# polylines (one per stretch between resets), not one.
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "events: $*"; fail=$((fail + 1)); }

cat > "$tmp/lif.ode" <<'ODE'
v' = (-v + I)/tau
par I=1.5, tau=2
global 1 {v-1} {v=0}
@ total=5
done
ODE
view="load $tmp/lif.ode; axes t v; window 0 5 -0.1 1.1; traj"
"$BIN" --ascii -e "$view; print" > "$tmp/out" 2>"$tmp/err" || { bad "canard failed"; cat "$tmp/err"; }
# the frame's inner rows: between the first and the last '+---' border line
awk '/^ *\+-/ { n++; next } n == 1' "$tmp/out" | sed 's/^[^|]*|//; s/|[^|]*$//' > "$tmp/inner"
[ -s "$tmp/inner" ] || bad "no frame in the picture"
if grep -q '|' "$tmp/inner"; then bad "a vertical stroke across a reset:"; cat "$tmp/out"
else ok; fi
# the rising stretches are there (a slope glyph on both sides of each reset)
[ "$(grep -c '/' "$tmp/inner")" -ge 10 ] && ok || bad "the trajectory is missing"

"$BIN" -e "$view; export svg $tmp/lif.svg" 2>"$tmp/err" || { bad "export failed"; cat "$tmp/err"; }
n=$(grep -o '<polyline[^>]*stroke-width="1.6"' "$tmp/lif.svg" | wc -l)
[ "$n" -eq 3 ] && ok || bad "the trajectory is $n polylines in the SVG, not 3 (two resets)"
echo "events: $pass passed, $fail failed"
[ "$fail" = 0 ]
