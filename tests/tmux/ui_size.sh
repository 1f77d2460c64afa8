#!/bin/sh
# The live pane's size travels in its own job: 'size' stays what the user
# set, and 'export txt' writes at that size, however large the pane is, also
# after the pane has been redrawn (a pan) since.
set -u
. "$(dirname "$0")/lib.sh"
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
wait_for 'attracting' || exit 1
keys 'size 50x14' Enter
keys 'window -3 3 -1 1' Enter
wait_for 'x -3..3' || exit 1
keys 'export txt '"$TMPHOME"'/a.txt' Enter
keys 'show' Enter
wait_for 'size 50x14' || exit 1
keys Escape
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMPHOME/a.txt" ] && break; sleep 0.2; done
rows=$(wc -l < "$TMPHOME/a.txt")
wide=$(wc -L < "$TMPHOME/a.txt")
[ "$rows" = 14 ] && [ "$wide" = 50 ] || \
    { echo "export txt at ${wide}x$rows, not at the size 50x14"; cat "$TMPHOME/a.txt"; exit 1; }
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_size: ok"
