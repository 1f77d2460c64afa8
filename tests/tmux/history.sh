#!/bin/sh
# The history file: kept and reused, never written through a symbolic link
# (canard says once that history is not kept), a relative XDG_STATE_HOME is
# ignored as the XDG spec says.
set -u
. "$(dirname "$0")/lib.sh"
st=$TMPHOME/.local/state/canard

# 1. a relative XDG_STATE_HOME: the history goes under HOME, not under ./rel
start 100 20 "sh -c 'cd $TMPHOME && XDG_STATE_HOME=rel $BIN --plain'"
wait_for 'canard>' || exit 1
keys 'help eq' Enter
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
T kill-server
SOCK=${SOCK}n	# a fresh server for the next part
grep -qx 'help eq' "$st/history" || { echo "history not kept under HOME"; ls -laR "$TMPHOME"; exit 1; }
[ -e "$TMPHOME/rel" ] && { echo "relative XDG_STATE_HOME was used"; exit 1; }

# 2. the history file is a symbolic link: nothing is written through it,
# and canard says so once (not once per command)
rm "$st/history"
echo 'precious' > "$TMPHOME/victim"
ln -s "$TMPHOME/victim" "$st/history"
start 100 20 "$BIN --plain"
wait_for 'history is not kept' || exit 1
keys 'help eq' Enter
keys 'help fate' Enter
wait_for 'fate$' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
n=$(screen | grep -c 'history is not kept')
[ "$n" = 1 ] || { echo "said $n times"; screen; exit 1; }
[ "$(cat "$TMPHOME/victim")" = precious ] || { echo "written through the link"; cat "$TMPHOME/victim"; exit 1; }
[ -L "$st/history" ] || { echo "the link was replaced"; exit 1; }
T kill-server
SOCK=${SOCK}n	# a fresh server for the next part

# 3. the full-screen view says it on its message line, and writes nothing
start 120 32 "$BIN"
wait_for 'history is not kept' || exit 1
keys 'set eps=0.2' Enter
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
[ "$(cat "$TMPHOME/victim")" = precious ] || { echo "the view wrote through the link"; exit 1; }
echo "tmux history: ok"
