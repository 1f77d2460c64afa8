#!/bin/sh
# Lecture mode: --step walks a script one command per Enter, with the
# portrait after each; typing still works in between.
set -u
. "$(dirname "$0")/lib.sh"
cat > "$TMPHOME/lecture.cnd" <<'END'
# a comment line is skipped
load fitzhugh
set I=0
traj grid 2
END
start 120 40 "$BIN --step $TMPHOME/lecture.cnd"
wait_for 'lecture mode: 3 steps' || exit 1
keys Enter
wait_for 'step 1/3: load fitzhugh' || exit 1
wait_for 'FitzHugh-Nagumo' || exit 1
keys Enter
wait_for 'step 2/3: set I=0' || exit 1
wait_for 'I          0$' || exit 1
keys 'eq' Enter
wait_for 'stable-focus' || exit 1
keys Enter
wait_for 'step 3/3: traj grid 2' || exit 1
wait_for '4 trajectories' || exit 1
keys Enter
wait_for 'end of the script' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_step: ok"
