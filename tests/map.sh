#!/bin/sh
# Fate maps against theory, and shards against the whole run:
# - the Hopf normal form: a stable focus for mu < 0, a cycle of period 2 pi / w
#   for mu > 0 (to 1e-4), whatever w;
# - the canard preset: cycles for a < 1, the stable equilibrium for a > 1 (the
#   Hopf point of van der Pol with input is at a = 1 for every eps);
# - jobs=1 and jobs=3 give the same bytes; the shards 1/N .. N/N for N = 1, 2,
#   3 and 7, concatenated and sorted, give the unsharded output byte for byte,
#   and 'map read' of them draws the same picture as the map itself;
# - a map by a command's answer (FitzHugh-Nagumo's equilibrium type);
# - the trajectories of a grid (traj grid; run; fate and export csv) split the
#   same way: the shards' fate records sorted by traj= and their CSV rows
#   sorted (stably) by trajectory give the whole run byte for byte, N = 1, 2,
#   3 and 7; a sweep's values are split, not the seeds inside each value.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
export CANARD_PRESETS="$(pwd)/presets" LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL map/$1"; fail=$((fail + 1)); }

# Hopf normal form: mu = -0.5 .. 0.5 (11 values, 0 skipped), w = 1, 1.5, 2
"$bin" -e 'load tests/map/hopf.ode; set tol=1e-10; map mu -0.5 0.5 11 w 1 2 3' > "$tmp/hopf" 2> "$tmp/hopf.err" || bad hopf-status
awk '
	{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
	f["mu"] + 0 < -1e-9 && f["class"] != "equilibrium:stable-focus" { print "focus expected: " $0; bad = 1 }
	f["mu"] + 0 > 1e-9 {
		want = 2 * 3.141592653589793 / f["w"]
		if (f["class"] != "cycle") { print "cycle expected: " $0; bad = 1 }
		else if ((f["period"] - want) / want > 1e-4 || (want - f["period"]) / want > 1e-4) {
			print "period " f["period"] " want " want ": " $0; bad = 1 }
	}
	{ n++ }
	END { if (n != 33) { print "cells: " n; bad = 1 } exit bad }' "$tmp/hopf" && ok || bad hopf-theory

# canard: a = 0.8 .. 1.2 (9 values; a = 1, the Hopf point itself, skipped)
"$bin" -e 'load canard; set tmax=600; map a 0.8 1.2 9 eps 0.05 0.2 4' > "$tmp/canard" 2> "$tmp/canard.err" || bad canard-status
awk '
	{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
	f["a"] + 0 < 0.999 && f["class"] != "cycle" { print "cycle expected: " $0; bad = 1 }
	f["a"] + 0 > 1.001 && f["class"] !~ /^equilibrium:stable/ { print "equilibrium expected: " $0; bad = 1 }
	{ n++ }
	END { if (n != 36) { print "cells: " n; bad = 1 } exit bad }' "$tmp/canard" && ok || bad canard-theory

# threads and shards
script='load fitzhugh; set tmax=300; map I 0 1.6 9 eps 0.04 0.2 5; print'
printf '%s\n' "$script" | tr ';' '\n' > "$tmp/map.cnd"
"$bin" -e "set jobs=1" "$tmp/map.cnd" > "$tmp/whole" 2>/dev/null || bad whole-status
"$bin" -e "set jobs=3" "$tmp/map.cnd" > "$tmp/jobs3" 2>/dev/null
cmp -s "$tmp/whole" "$tmp/jobs3" && ok || bad jobs-differ
grep '^map ' "$tmp/whole" > "$tmp/records"
sed -n '/^map /!p' "$tmp/whole" > "$tmp/picture"
[ "$(wc -l < "$tmp/records")" -eq 45 ] && grep -q 'class=cycle' "$tmp/records" &&
    grep -q 'class=equilibrium:stable' "$tmp/records" && ok || bad fitzhugh-classes
for n in 1 2 3 7; do
	: > "$tmp/cat"
	k=1
	while [ "$k" -le "$n" ]; do
		"$bin" --shard "$k/$n" -e 'set jobs=2' -e "$(sed '$d' "$tmp/map.cnd" | tr '\n' ';')" \
		    >> "$tmp/cat" 2>/dev/null || bad "shard-$k/$n-status"
		k=$((k + 1))
	done
	LC_ALL=C sort "$tmp/cat" > "$tmp/sorted"
	cmp -s "$tmp/sorted" "$tmp/records" && ok || bad "shards-$n"
done
# the README's GNU parallel recipe, when parallel is installed
if command -v parallel > /dev/null 2>&1; then
	(cd "$tmp" && parallel --will-cite "$bin" --shard {}/4 map.cnd '>' part{}.out '2>/dev/null' ::: 1 2 3 4 &&
	    cat part*.out | LC_ALL=C sort | grep '^map ' > par.out)
	cmp -s "$tmp/par.out" "$tmp/records" && ok || bad gnu-parallel
else
	echo "map: GNU parallel not installed: its recipe not tested"
fi
"$bin" -e "map read $tmp/sorted; print" > "$tmp/readback" 2>/dev/null
cmp -s "$tmp/readback" "$tmp/picture" && ok || { bad read-picture; diff "$tmp/readback" "$tmp/picture" | head -5; }
"$bin" -e "map read $tmp/hopf.err" > /dev/null 2> "$tmp/err" && bad read-garbage-accepted
grep -q "map records\|not a map record" "$tmp/err" && ok || bad read-garbage-message
"$bin" --shard 3/2 -e 'help' > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q 'K/N' "$tmp/err" && ok || bad shard-usage

# by a command's answer: the equilibrium's type, measures dropped from the class
"$bin" -e 'load fitzhugh; map I 0 1 5 eps 0.05 0.1 2 eq' > "$tmp/cmd" 2>/dev/null || bad cmd-status
[ "$(grep -c 'class=id:1,type:stable-focus ' "$tmp/cmd")" -eq 4 ] &&
    [ "$(grep -c 'class=id:1,type:unstable-node ' "$tmp/cmd")" -eq 4 ] &&
    grep -q ' re=' "$tmp/cmd" && ok || bad cmd-classes
"$bin" -e 'load fitzhugh; map I 0 1 2 eps 0 1 2 sweep a 0 1 2 eq' > /dev/null 2> "$tmp/err" && bad nest-accepted
grep -q 'cannot be another map or sweep' "$tmp/err" && ok || bad nest-message

# trajectories of a grid, in shards
grid='load fitzhugh; set tmax=150; window -2.5 2.5 -1 2; traj grid 6; run; fate'
"$bin" -e "$grid" > "$tmp/grid" 2>/dev/null || bad grid-status
[ "$(grep -c '^fate traj=' "$tmp/grid")" -eq 36 ] && ok || bad grid-records
csv="$grid; export csv $tmp/grid.csv"
"$bin" -e "$csv" > /dev/null 2>&1 && sed 1d "$tmp/grid.csv" > "$tmp/grid.rows" || bad grid-csv
for n in 1 2 3 7; do
	: > "$tmp/gcat"
	: > "$tmp/gcsv"
	k=$n	# the parts in reverse order: sorting alone must restore the whole
	while [ "$k" -ge 1 ]; do
		"$bin" --shard "$k/$n" -e "set jobs=2; $grid; export csv $tmp/part.csv" \
		    >> "$tmp/gcat" 2>/dev/null || bad "grid-shard-$k/$n-status"
		sed 1d "$tmp/part.csv" >> "$tmp/gcsv"
		k=$((k - 1))
	done
	[ "$n" -eq 1 ] || ! cmp -s "$tmp/gcat" "$tmp/grid" || bad "grid-shards-$n-unsplit"
	LC_ALL=C sort -t= -k2,2n "$tmp/gcat" | cmp -s - "$tmp/grid" && ok || bad "grid-shards-$n"
	LC_ALL=C sort -s -t, -k1,1n "$tmp/gcsv" | cmp -s - "$tmp/grid.rows" && ok ||
	    bad "grid-csv-shards-$n"
done
# a sweep is split by its values: each value still runs every seed
sw='load fitzhugh; set tmax=100; window -2.5 2.5 -1 2; traj grid 2; sweep I 0 1 4 fate'
"$bin" -e "$sw" > "$tmp/sweep" 2>/dev/null || bad sweep-status
for k in 1 2; do "$bin" --shard "$k/2" -e "$sw" 2>/dev/null; done > "$tmp/sweep2"
[ "$(grep -c '^fate ' "$tmp/sweep")" -eq 16 ] && [ "$(grep -c '^fate ' "$tmp/sweep2")" -eq 16 ] &&
    [ "$(grep -c '^sweep I=' "$tmp/sweep2")" -eq 4 ] && ok || bad sweep-shards

echo "map: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
