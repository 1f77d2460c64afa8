#!/bin/sh
# Colours in a fast-slow portrait: two trajectories take colours different
# from each other and from every branch of the critical manifold; the panel
# lists them with their colour, start and fate; the legend's samples are
# drawn in the colours of the picture.
set -u
. "$(dirname "$0")/lib.sh"
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol' Enter
wait_for 'attracting' || exit 1
keys 'traj 0.5 0' Enter
keys 'traj -2 1' Enter
wait_for '2  -2,1 . cycle T=' || exit 1
runs > "$TMPHOME/runs"
att=$(colour_before 'attracting' < "$TMPHOME/runs")
rep=$(colour_before 'repelling' < "$TMPHOME/runs")
t1=$(colour_before '1  0.5,0' < "$TMPHOME/runs")
t2=$(colour_before '2  -2,1' < "$TMPHOME/runs")
echo "colours: attracting=$att repelling=$rep traj1=$t1 traj2=$t2" > "$TMPHOME/summary"
fail() { echo "tmux ui_colours: $*"; cat "$TMPHOME/summary"; exit 1; }
for c in "$att" "$rep" "$t1" "$t2"; do
	case $c in ''|39|b39) fail "a sample without a colour" ;; esac
done
braille=$(printf '\342[\240-\243]')	# UTF-8 of U+2800..U+28FF
[ "$t1" != "$t2" ] || fail "the two trajectories share a colour"
for t in "$t1" "$t2"; do
	for b in "$att" "$rep"; do
		[ "$t" != "$b" ] || fail "a trajectory has a branch's colour ($t)"
	done
	# and the curve itself is drawn in it: braille cells (UTF-8 E2 A0..A3) in the pane
	LC_ALL=C awk -F '\t' -v c="$t" -v b="$braille" '$2 == c && $3 ~ b { n++ } END { exit n < 3 }' \
	    "$TMPHOME/runs" || fail "few braille runs in colour $t"
done
LC_ALL=C awk -F '\t' -v c="$att" -v b="$braille" '$2 == c && $3 ~ b { n++ } END { exit n < 3 }' \
    "$TMPHOME/runs" || fail "the attracting branch is not drawn in its legend's colour"
# the panel: both trajectories with their fate (a relaxation cycle), and the preset's note
screen | grep -q '1  0.5,0 . cycle T=' || fail "the panel does not list trajectory 1"
wait_for 'note' || exit 1
wait_for 'Trajectories slide down' || exit 1
# a backward trajectory's fate is where it came from: the arrow points back
keys 'traj 0.5 0.5 back' Enter
wait_for '3  0.5,0.5 ← [a-z]' || exit 1
screen | grep -q '1  0.5,0 → cycle' || fail "the forward trajectory lost its arrow"
# NO_COLOR: the same screen without a colour
T kill-session -t t
start 120 40 "NO_COLOR=1 $BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol; traj 0.5 0' Enter
wait_for '1  0.5,0' || exit 1
runs | LC_ALL=C awk -F '\t' '$2 ~ /^b?(3[0-7]|9[0-7]|38;5;)/ { n++ } END { exit n > 0 }' ||
    fail "NO_COLOR still shows colours"
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_colours: ok"
