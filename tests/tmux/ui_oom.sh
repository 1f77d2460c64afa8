#!/bin/sh
# Memory running out while the view is drawn does not end the session: the
# message line says so, the next drawing shows the portrait again and
# commands answer. The test hook CANARD_TEST_OOM_DRAW=K fails the first
# allocation of the K-th drawing (without the recovery point canard exits 2).
set -u
. "$(dirname "$0")/lib.sh"
# (what the failed drawing had allocated is lost: no leak report at exit)
start 120 40 ASAN_OPTIONS=detect_leaks=0 CANARD_TEST_OOM_DRAW=6 "$BIN"
wait_for 'canard>' || exit 1
for k in e q x; do keys "$k"; sleep 0.2; done
keys BSpace BSpace BSpace
wait_for 'out of memory drawing the view; the session goes on' || exit 1
keys 'eq' Enter
wait_for 'eq id=1 x=0 y=0 type=unstable-node' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_oom: ok"
