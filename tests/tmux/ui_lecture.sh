#!/bin/sh
# The featlearn lecture (presets/featlearn.cnd) under --step, end to end: the
# branch points, learning at c2 = 1, unlearning at c2 = 5, and the real
# network's path (fate kind=sgd) learning, then unlearning. The network is
# trained at d = 250 instead of the lecture's 1000 to keep the test short
# (the outcomes are the same: tests/unit/test_learning.c).
set -u
. "$(dirname "$0")/lib.sh"

# step N PATTERN [SECONDS]: Enter, then wait for step N and for PATTERN
step() {
	keys Enter
	wait_for "step $1/24: " "${3:-20}" || exit 1
	[ -z "$2" ] || wait_for "$2" "${3:-20}" || exit 1
}

sed 's/^sgd d=1000 /sgd d=250 /' "$PRESETS/featlearn.cnd" > "$TMPHOME/lecture.cnd"
grep -q '^sgd d=250 ' "$TMPHOME/lecture.cnd" || { echo "no sgd step in the lecture"; exit 1; }
start 220 50 "$BIN --step $TMPHOME/lecture.cnd"
wait_for 'lecture mode: 24 steps' || exit 1
step 1 'Feature learning vs unlearning'
step 2 'split fast=m slow=a'
step 3 'branch id=2'
step 4 'branch-point m=0 a=0.8859'
step 5 'stable-focus'
step 6 ''
step 7 ''
step 8 'outcome=learning'
step 9 ''
step 10 ''
step 11 'path=2,1 outcome=unlearning'
step 12 ''
step 13 ''
step 14 ''
step 15 'outcome=none m_max=0.197'
step 16 ''
step 17 ''
step 18 ''
step 19 'sgd traj=2 d=250 width=1 batch=1 seed=1'
step 20 '' 60
step 21 'kind=sgd .*outcome=learning'
step 22 ''
step 23 '' 60
step 24 'kind=sgd .*outcome=unlearning'
keys Enter
wait_for 'end of the script' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' 20 || exit 1
echo "tmux ui_lecture: ok"
