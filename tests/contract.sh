#!/bin/sh
# The scripting contract: stdout carries answers only (records, CSV,
# pictures), every answer is a record even when empty, and numbers read
# back to the values canard computed. Messages go to stderr.
# usage: contract.sh CANARD
set -u
bin=$1
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL contract/$1"; fail=$((fail + 1)); }
run() { "$bin" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"; }

# CSV on stdout is valid CSV from its first line; "loaded" is a message
run -e 'load lotka; set tmax=2; traj 1 1; export csv -'
if [ "$(head -1 "$tmp/out")" = "traj,t,x,y" ] &&
    awk -F, 'NR > 1 && (NF != 4 || $2 + 0 != $2 || $3 + 0 != $3) { exit 1 }' "$tmp/out" &&
    grep -q '^loaded lotka' "$tmp/err" && [ "$(cat "$tmp/status")" = 0 ]; then ok
else bad csv-stdout; head -3 "$tmp/out"; fi

# empty answers are records, one per command, so awk never carries a row over
run -e 'load vanderpol; window 5 6 5 6; eq; folds; manifold; nullclines; fate'
if [ "$(cat "$tmp/out")" = "$(printf 'eq count=0\nfold count=0\nbranch count=0\nnullcline count=0\nfate count=0')" ]
then ok; else bad empty-records; cat "$tmp/out"; fi

# sweep headers never repeat a value that differs
run -e 'load vanderpol; window 5 6 5 6; sweep eps 1 1.000001 11 eq'
n=$(grep -c '^sweep eps=' "$tmp/out")
u=$(grep '^sweep eps=' "$tmp/out" | sort -u | wc -l)
if [ "$n" = 11 ] && [ "$u" = 11 ]; then ok; else bad sweep-headers; grep sweep "$tmp/out"; fi

# a fold located to solver precision is printed to it: van der Pol's at (+-1, -+2/3)
run -e 'load vanderpol; folds'
if awk '$1 == "fold" { split($2, x, "="); split($3, y, "=");
    dx = x[2] * x[2] - 1; dy = y[2] + 2 / 3 * x[2];
    if (dx < -1e-12 || dx > 1e-12 || dy < -1e-12 || dy > 1e-12) exit 1; n++ }
    END { exit n != 2 }' "$tmp/out"; then ok; else bad fold-digits; cat "$tmp/out"; fi

# the sweep value the header shows is the value the command saw
run -e 'load vanderpol; sweep eps 0.1 0.2 7 show'
if awk '/^sweep eps=/ { split($2, a, "="); want = a[2] }
    /^par eps=/ { split($2, b, "="); if (b[2] != want) exit 1; n++ } END { exit n != 7 }' \
    "$tmp/out"; then ok; else bad sweep-value; grep -E '^(sweep|par)' "$tmp/out"; fi

# interrupts keep what was answered: a signal during a long run, stdout to a file
for sig in INT:130 TERM:143 HUP:129; do
	name=${sig%:*} want=${sig#*:}
	"$bin" -e 'load vanderpol; folds; set tmax=1e12 maxstor=1e8 eps=1e-3; traj grid 3; run; eq' \
	    > "$tmp/out" 2> "$tmp/err" &
	pid=$!
	sleep 1
	kill -"$name" "$pid"
	# a canard that ignores the signal is killed after 5 s (and fails)
	i=0
	while kill -0 "$pid" 2> /dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$pid" 2> /dev/null
	wait "$pid"
	got=$?
	if [ "$got" = "$want" ] && [ "$(grep -c '^fold ' "$tmp/out")" = 2 ] &&
	    ! grep -q '^eq' "$tmp/out" && grep -q "stopped by SIG$name" "$tmp/err"; then ok
	else bad "signal-$name (exit $got, want $want)"; cat "$tmp/out" "$tmp/err"; fi
done

echo "contract: $pass passed, $fail failed"
[ $fail = 0 ]
