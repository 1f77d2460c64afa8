#!/bin/sh
# A fate map in the live view: 'map' hands the cells to the worker, the pane
# draws the map (key, axes, one glyph a class) as they arrive, and the
# finished pane is the picture that piped mode prints at the pane's size, cell
# for cell; Ctrl-C stops a long map and keeps the cells so far; 'traj' brings
# the portrait back.
set -u
. "$(dirname "$0")/lib.sh"
script='load fitzhugh; set tmax=150'
map='map I 0 1.6 12 eps 0.04 0.2 6'
T new-session -d -x 120 -y 40 -s t \
    "env -i HOME=$TMPHOME TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
     CANARD_PRESETS=$PRESETS sh -c 'trap : INT; $BIN; echo EXITED=\$?; sleep 30'"
wait_for 'canard>' || exit 1
keys "$script" Enter
wait_for 'FitzHugh-Nagumo' || exit 1
keys "$map" Enter
wait_for 'cells fill in' || exit 1
wait_for '# cycle' 30 || exit 1
wait_for 'done in' 30 || exit 1
# the pane (86 columns by 38 rows, beside the panel) against piped mode
screen | head -38 | sed -E 's/^(.{86}).*/\1/; s/ *$//' > "$TMPHOME/pane"
env -i LC_ALL=C.UTF-8 CANARD_PRESETS=$PRESETS "$BIN" -e "$script; size 86x38; $map; print" \
    2>/dev/null | grep -v '^map ' | sed 's/ *$//' > "$TMPHOME/piped"
if ! cmp -s "$TMPHOME/pane" "$TMPHOME/piped"; then
	echo "the live map differs from the piped one:"
	diff "$TMPHOME/pane" "$TMPHOME/piped" | head -20
	exit 1
fi
grep -q 'equilibrium:stable-focus' "$TMPHOME/pane" && grep -q '^ *I$' "$TMPHOME/pane" ||
    { echo "no key or axis name"; cat "$TMPHOME/pane"; exit 1; }
# a map too long to finish: Ctrl-C stops it, some cells drawn and the prompt alive
keys 'map I 0 1.6 200 eps 0.04 0.2 200' Enter
wait_for 'map [0-9]*/40000 cells' 30 || exit 1
keys C-c
wait_for 'interrupted' || exit 1
screen | grep -q 'map [0-9]*/40000' && { echo "still computing after Ctrl-C"; screen; exit 1; }
screen | grep -q '┐ key' || { echo "the partial map is not drawn"; screen; exit 1; }
# the portrait comes back
keys 'traj' Enter
wait_for '1 trajectory' || exit 1
screen | grep -q '┐ key' && { echo "the map is still shown after traj"; screen; exit 1; }
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_map: ok"
