#!/bin/sh
# Lecture mode: --step walks a script one command per Enter, with the
# portrait after each; typing still works in between. A step's answer (the
# record of 'eq') stays on the message line; the banner goes to the status.
set -u
. "$(dirname "$0")/lib.sh"
cat > "$TMPHOME/lecture.cnd" <<'END'
# a comment line is skipped
load fitzhugh
set I=0
eq
traj grid 2
END
start 120 40 "$BIN --step $TMPHOME/lecture.cnd"
wait_for 'lecture mode: 4 steps' || exit 1
keys Enter
wait_for 'step 1/4: load fitzhugh' || exit 1
wait_for 'FitzHugh-Nagumo' || exit 1
keys Enter
wait_for 'step 2/4: set I=0' || exit 1
wait_for 'I          0$' || exit 1
keys 'eq' Enter
wait_for 'stable-focus' || exit 1
keys C-u Enter
wait_for 'step 3/4: eq' || exit 1
# the record itself, on the message line (the last but one row), not the banner
wait_for '^eq id=1 v=.* type=stable-focus' || exit 1
screen | tail -n 3 | grep -q '^eq id=1 v=.*type=stable-focus' || { echo "tmux ui_step: the record of eq is not on the message line"; exit 1; }
keys Enter
wait_for 'step 4/4: traj grid 2' || exit 1
wait_for '4 trajectories' || exit 1
keys Enter
wait_for 'end of the script' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_step: ok"
