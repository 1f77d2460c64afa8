#!/bin/sh
# A window at the edge of the doubles in the live view: +-1e308 is refused in
# one sentence on the message line, +-8e307 is drawn with its origin, and
# zooming out from it (the '-' key, which would pass the largest double) is
# refused the same way; the session goes on and quits with status 0.
set -u
. "$(dirname "$0")/lib.sh"
start 100 32 "$BIN"
wait_for 'canard>' || exit 1
wait_for 'attracting' || exit 1
keys 'window -1e308 1e308 -1 1' Enter
wait_for 'is too wide: its width passes the largest number' || exit 1
keys 'window -8e307 8e307 -8e307 8e307' Enter
wait_for ' 8e+307┤' || exit 1
keys 'eq' Enter
wait_for 'eq id=1 x=0 y=0 type=unstable-node' || exit 1
keys Escape
# Esc and '-' arriving together would be Alt-- (readline's); wait for the pane
wait_for 'pane: arrows pan' || exit 1
keys -
wait_for 'is too wide' || exit 1
if screen | grep -qi 'nan'; then echo "nan on the screen"; screen; exit 1; fi
keys Escape
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_window: ok"
