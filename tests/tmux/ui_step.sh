#!/bin/sh
# Lecture mode: --step walks a script one command per Enter, with the
# portrait after each; typing still works in between. A step's answer (the
# record of 'eq') stays on screen, the banner on the status line: on the
# message line when it fits, else whole in the pane (folded at its width).
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
# the record itself, not the banner: 177 characters, wider than the message
# line even at 120 columns, so shown whole in the pane, eigenvalues included
wait_for '^eq id=1 v=.* type=stable-focus' || exit 1
wait_for '^  -0.25[0-9]*-0.21[0-9]*i' || exit 1
screen | tail -n 3 | grep -q 'shown whole in the pane' || { echo "tmux ui_step: the long record is not announced"; exit 1; }
keys Enter
wait_for 'step 4/4: traj grid 2' || exit 1
wait_for '4 trajectories' || exit 1
keys Enter
wait_for 'end of the script' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
# at 80x24 the same record is wider than the message line: it is shown whole,
# folded in the pane, down to its last eigenvalue, and Enter goes on; the
# status line under the pane starts with the step's banner, so it is not cut
T kill-session -t t
start 80 24 "$BIN --step $TMPHOME/lecture.cnd"
wait_for 'lecture mode: 4 steps' || exit 1
keys Enter
wait_for 'step 1/4: load fitzhugh' || exit 1
keys Enter
wait_for 'step 2/4: set I=0' || exit 1
keys Enter
wait_for 'step 3/4: eq' || exit 1
wait_for '^eq id=1 v=' || exit 1
wait_for '^  -0.25[0-9]*-0.21[0-9]*i' || exit 1
screen | grep -q 'shown whole in the pane' || { echo "tmux ui_step: the long record is not announced"; exit 1; }
keys Enter
wait_for 'step 4/4: traj grid 2' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_step: ok"
