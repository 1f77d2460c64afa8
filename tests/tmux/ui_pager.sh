#!/bin/sh
# The output view of a long answer ('show') does not swallow what is typed
# ahead: a command typed in the same burst as 'show' reaches the prompt whole;
# arrows scroll the view, Esc closes it.
set -u
. "$(dirname "$0")/lib.sh"
start 100 30 "$BIN"
wait_for 'canard>' || exit 1
wait_for 'attracting' || exit 1
# one burst: the view opens on 'show' (the message line counts its lines) and
# the keys after it close it and go to the prompt
keys -l "$(printf 'show\rset eps=0.3')"
wait_for 'canard> set eps=0.3' || exit 1
wait_for 'lines: arrows' || exit 1
keys Enter
wait_for 'vanderpol | eps=0.3' || exit 1
# the view scrolls with the arrows and Esc closes it, leaving the prompt empty
keys 'show' Enter
wait_for 'output: arrows' || exit 1
keys Down Escape
i=0
while screen | grep -q 'output: arrows'; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "Esc left the view open"; screen; exit 1; }
	sleep 0.05
done
screen | tail -1 | grep -q '^canard> *$' || { echo "the prompt is not empty"; screen; exit 1; }
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_pager: ok"
