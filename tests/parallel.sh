#!/bin/sh
# Parallel work gives the answer of one thread: a grid of trajectories, its
# fates and its picture are the same bytes with jobs=1, 2, 4 and 7, on models
# fast, stiff and three-dimensional; so are a sweep of a grid's fates and a map.
set -u
bin=$1
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
same() {	# same NAME SCRIPT: the script's stdout and exported CSV for several jobs
	name=$1 script=$2
	for j in 1 2 4 7; do
		printf 'set jobs=%s\n%s\nexport csv %s/%s-%s.csv\n' "$j" "$script" "$tmp" "$name" "$j" |
		    "$bin" > "$tmp/$name-$j.out" 2> "$tmp/$name-$j.err"
		echo $? > "$tmp/$name-$j.status"
	done
	if [ "$(cat "$tmp/$name-1.status")" != 0 ] || [ ! -s "$tmp/$name-1.csv" ]; then
		echo "FAIL parallel/$name: jobs=1 failed"; head -c 300 "$tmp/$name-1.err"
		fail=$((fail + 1)); return
	fi
	for j in 2 4 7; do
		for part in out csv status; do
			if ! cmp -s "$tmp/$name-1.$part" "$tmp/$name-$j.$part"; then
				echo "FAIL parallel/$name: jobs=$j $part differs from jobs=1"
				fail=$((fail + 1)); return
			fi
		done
	done
	pass=$((pass + 1))
}
same vdp-grid "load vanderpol; set eps=0.01; traj grid 8; run; fate; print"
same fhn-grid "load fitzhugh; set tmax=200; traj grid 10; run; fate"
same hr-grid "load hindmarsh; set tmax=100; traj grid 4; run; fate"
same stiff "load vanderpol; set eps=0.001 method=msbdf tmax=20; traj grid 5; run; fate"
same sweep "load fitzhugh; set tmax=100; traj grid 3; sweep I 0 1.2 4 fate"
same map "load fitzhugh; set tmax=100; map I 0 1.6 7 eps 0.04 0.2 4; print; traj 1 0"
echo "parallel: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
