#!/bin/sh
# The time series: 'axes t V1 V2' shows the variables against t, each in its
# colour with a key, and redraws when the axes change; 'view both' puts the
# portrait and the time series side by side when the terminal is wide; the v
# key in pane focus goes round the views.
set -u
. "$(dirname "$0")/lib.sh"
fail() { echo "tmux ui_time: $*"; screen; exit 1; }
braille=$(printf '\342[\240-\243]')
# the colours of braille runs in the pane (the left 86 columns), one a line
pane_colours() {
	runs | LC_ALL=C awk -F '\t' -v b="$braille" '$3 ~ b && $2 ~ /38;5;|3[0-7]$/ { print $2 }' |
	    sort -u
}
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol; traj 2 0' Enter
wait_for '1  2,0 . cycle' || exit 1
keys 'axes t x y' Enter
wait_for '^x,y ' || exit 1
wait_for ' x  .* y ' || exit 1
screen | grep -q 'attracting' && fail "the time series shows the portrait's legend"
screen | grep -Eq '^ +t *$' || fail "no t axis name"
[ "$(pane_colours | wc -l)" -eq 2 ] || fail "two variables, not two colours: $(pane_colours)"
keys 'axes t y' Enter
wait_for '^y  ' || exit 1
[ "$(pane_colours | wc -l)" -eq 1 ] || fail "one variable, not one colour: $(pane_colours)"
# pan and zoom in the time series alone would move the hidden portrait's
# window: they say so and leave it; the keys panel offers no click or zoom
keys Escape
wait_for 'pane: arrows pan' || exit 1
keys +
wait_for "the time series fits its data" || exit 1
keys Right
screen | grep -q 'x -2.5..2.5  y -1.5..1.5' || fail "a key in the time series moved the window"
screen | grep -q 'click: traj' && fail "the keys offer a click in the time series"
keys Escape
# back to the portrait with its axes, then both side by side at 200 columns
keys 'axes x y' Enter
wait_for 'attracting' || exit 1
T kill-session -t t
start 200 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol; traj 2 0; view both' Enter
wait_for 'attracting' || exit 1
wait_for 'x,y ' || exit 1
# the portrait's legend and the time series' key on the same top row
screen | head -n 1 | grep -q 'attracting.*x,y' || fail "not side by side"
keys Escape
wait_for 'pane: arrows pan' || exit 1
keys v
wait_for 'view portrait' || exit 1
screen | grep -q 'x,y ' && fail "the v key did not leave the time series"
keys v
wait_for 'view time' || exit 1
wait_for '^x,y ' || exit 1
keys Escape
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
# at 80x24 the pane holds one view: each press of v changes it, both
# included (the portrait is not shown twice in a row)
T kill-session -t t
start 80 24 "$BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol; traj 2 0; view both' Enter
wait_for 'attracting' || exit 1
keys Escape
wait_for 'PANE' || exit 1
keys v
wait_for 'view time' || exit 1
wait_for '^x,y ' || exit 1
keys v
wait_for 'view portrait' || exit 1
wait_for 'attracting' || exit 1
keys v
wait_for 'view time' || exit 1
wait_for '^x,y ' || exit 1
keys Escape
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_time: ok"
