#!/bin/sh
# The one-way data flow, checked: a module may include only headers of its
# own layer or below (util and diag are everyone's). Layers, low to high:
#   0 util diag pool | 1 expr | 2 model | 3 solve, noise, analysis | 4 canvas | 5 job
#   6 results | 7 plot and the exporters | 8 session, worker | 9 cmd
#   10 front (batch, repl, ui) | 11 main
# Data flows job -> results -> plot/export: the job knows nothing of
# pictures, and pictures are made from results (a scene) only.
# and only the front ends may include ncurses or readline.
set -u
cd "$(dirname "$0")/.."
layer() {
	case "$1" in
	util|diag|pool) echo 0 ;; expr*) echo 1 ;; model*|preset) echo 2 ;;
	solve*|noise|orbit|contin|analysis|equilibria|manifold|nullcline|fate*|bif*|colloc|sgd|learn) echo 3 ;;
	canvas) echo 4 ;; job) echo 5 ;; results) echo 6 ;; plot*|export*) echo 7 ;;
	session|worker) echo 8 ;; cmd*|complete) echo 9 ;; batch|repl|front|ui*|term|hist) echo 10 ;;
	main) echo 11 ;;
	readin|oom|pointgrid) echo 0 ;;	# bounded reads, memory, near points: beside util
	*) echo 99 ;;
	esac
}
bad=0
for f in src/*.c include/*.h; do
	base=$(basename "$f"); base=${base%.*}
	me=$(layer "$base")
	[ "$me" = 99 ] && { echo "layers: $f has no layer: add it to tests/layers.sh"; bad=1; continue; }
	for inc in $(sed -n 's/^#include "\([a-z_]*\)\.h"/\1/p' "$f"); do
		them=$(layer "$inc")
		if [ "$them" -gt "$me" ]; then
			echo "layers: $f (layer $me) includes $inc.h (layer $them)"
			bad=1
		fi
	done
	if [ "$me" -lt 10 ] && grep -Eq '#include <(ncurses|curses|readline)' "$f"; then
		echo "layers: $f includes ncurses or readline below the front ends"
		bad=1
	fi
done
[ $bad = 0 ] && echo "layers: 1 passed, 0 failed" || { echo "layers: 0 passed, 1 failed"; exit 1; }
