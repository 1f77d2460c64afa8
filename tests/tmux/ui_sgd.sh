#!/bin/sh
# 'sgd' in the live view: the network is trained on the worker thread and its
# path is drawn on the portrait (more braille cells than the portrait alone);
# while a long run trains, the prompt still answers, and Ctrl-C stops it.
set -u
. "$(dirname "$0")/lib.sh"

# braille cells (U+2800..U+28FF) inside the portrait's frame
cells() { screen | perl -CS -ne 'my $l = (split /\x{2502}/)[1] // ""; $n += () = $l =~ /[\x{2800}-\x{28FF}]/g; END { print $n + 0 }'; }

# wait_done N: the status says N trajectories and no longer computing
wait_done() {
	i=0
	while [ $i -lt 2400 ]; do
		s=$(screen)
		if echo "$s" | grep -q "$1 trajector" && ! echo "$s" | grep -q 'computing'; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	echo "timed out waiting for $1 trajectories"
	screen
	return 1
}

start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load featlearn' Enter
wait_for 'stable-focus' || exit 1
wait_for 'done in' || exit 1
before=$(cells)
keys 'sgd d=300 seed=1' Enter
wait_for 'sgd traj=1 d=300 width=1 batch=1 seed=1' || exit 1
wait_done 1 || exit 1
after=$(cells)
# the path of a d = 300 network covers well over a hundred cells of this pane
if [ $((after - before)) -lt 60 ]; then
	echo "the SGD path did not appear: $before braille cells before, $after after"
	screen
	exit 1
fi
# a run that would take an hour: the worker trains, the prompt stays live
# (the worker may still be redoing the first run, 0/2, which under a
# sanitizer on a busy machine takes over a minute: either way it is busy)
keys 'sgd d=20000 seed=2' Enter
wait_for 'sgd traj=2 d=20000' || exit 1
wait_for 'computing [01]/2' 60 || exit 1
keys 'eq' Enter
wait_for 'stable-focus' || exit 1
screen | grep -q 'computing [01]/2' || { echo "the long run ended too soon"; screen; exit 1; }
keys Escape
# Esc closes the output view of 'eq'; Ctrl-C once it is closed
i=0
while screen | grep -q 'Esc closes' && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
keys C-c
wait_for 'interrupted' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' 20 || exit 1
echo "tmux ui_sgd: ok"
