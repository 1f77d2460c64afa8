#!/bin/sh
# The full-screen UI in a 120x40 terminal: the portrait with the manifold,
# 'set' changing the panel, a resize to 80x24, Ctrl-C stopping a long run
# while the prompt stays alive, and 'quit' leaving the terminal as it was.
set -u
. "$(dirname "$0")/lib.sh"
# the wrapper shell survives the Ctrl-C that the terminal sends to canard's
# process group too (as an interactive shell would)
T new-session -d -x 120 -y 40 -s t \
    "env -i HOME=$TMPHOME TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
     CANARD_PRESETS=$PRESETS sh -c 'trap : INT; stty -a > $TMPHOME/before; $BIN; echo EXITED=\$?; \
     stty -a > $TMPHOME/after; sleep 30'"
wait_for 'canard>' || exit 1
# the pane: frame, the critical manifold's legend, folds, the trajectory's start
wait_for 'attracting' || exit 1
screen | grep -q '┌' || { echo "no frame"; exit 1; }
screen | grep -q 'F fold' || { echo "no folds in the legend"; screen; exit 1; }
screen | grep -q 'eps        0.05' || { echo "panel lacks eps"; screen; exit 1; }
# the prompt echoes, and set changes the panel
keys 'set eps=0.2'
wait_for 'canard> set eps=0.2' || exit 1
keys Enter
wait_for 'eps        0.2 ' || exit 1
# resize: the narrow layout, a status line under the pane, a frame within 80 columns
T resize-window -t t -x 80 -y 24
wait_for 'vanderpol | eps=0.2' || exit 1
[ "$(screen | grep -cvE '^.{0,80}$')" = 0 ] || \
    { echo "lines wider than 80 after resize"; screen; exit 1; }
screen | grep -q '└' || { echo "no frame after resize"; screen; exit 1; }
# Ctrl-C stops a long computation, not the program
keys 'set tmax=1e9 maxstor=1e8 method=rk4 tol=1e-12' Enter
wait_for 'computing' || exit 1
keys C-c
wait_for 'interrupted' || exit 1
keys 'show' Enter
wait_for 'model vanderpol' || exit 1
keys Escape
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
# the modes must be as before (the first line has the size, which the resize changed)
sed 1d "$TMPHOME/before" > "$TMPHOME/b"
sed 1d "$TMPHOME/after" > "$TMPHOME/a"
cmp -s "$TMPHOME/b" "$TMPHOME/a" || { echo "stty -a changed"; diff "$TMPHOME/b" "$TMPHOME/a"; \
    exit 1; }
echo "tmux ui_basic: ok"
