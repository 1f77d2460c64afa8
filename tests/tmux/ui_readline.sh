#!/bin/sh
# readline inside the view: TAB completes commands, parameters, presets and
# file names (quoted when they have a space), and history survives from one
# session to the next.
set -u
. "$(dirname "$0")/lib.sh"
start 100 30 "$BIN"
wait_for 'canard>' || exit 1
keys 'sh' Tab
wait_for 'canard> show' || exit 1
keys C-u 'set ep' Tab
wait_for 'canard> set eps=' || exit 1
keys '0.3' Enter
wait_for 'vanderpol | eps=0.3' || exit 1
keys 'load fitz' Tab
wait_for 'canard> load fitzhugh' || exit 1
keys Enter
wait_for 'FitzHugh-Nagumo' || exit 1
# a file name with a space completes in quotes, as the command line reads it
mkdir -p "$TMPHOME/my lectures"
cp "$PRESETS/lotka.ode" "$TMPHOME/my lectures/lotka model.ode"
keys "load $TMPHOME/my" Tab
wait_for "canard> load \"$TMPHOME/my lectures/\$" || exit 1
keys 'lo' Tab
wait_for "canard> load \"$TMPHOME/my lectures/lotka model.ode\" *\$" || exit 1
keys Enter
# loaded: the status line names the file (the message line has its note)
wait_for 'my lectures/lotka model.ode | alpha=' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
T kill-server
# a new session, the same HOME: Up recalls the last line
SOCK=canard$$b
start 100 30 "$BIN"
wait_for 'canard>' || exit 1
keys Up
wait_for 'canard> quit' || exit 1
keys Up
wait_for 'canard> load "/.*/my lectures/lotka model.ode"' || exit 1
keys C-u 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_readline: ok"
