#!/bin/sh
# Golden tests: each NAME.cnd is a piped session; its stdout, stderr and exit
# status must equal NAME.out, NAME.err and NAME.status byte for byte.
# A first line "#!args ..." passes options to canard. --update rewrites the
# expected files (review the diff before committing).
# usage: run.sh CANARD [--update]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export CANARD_PRESETS="$here/../../presets"
export LC_ALL=C.UTF-8
unset NO_COLOR
for cnd in "$here"/*.cnd; do
	name=$(basename "$cnd" .cnd)
	args=$(sed -n '1s/^#!args //p' "$cnd")
	(cd "$here" && "$bin" $args < "$cnd" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status")
	if [ "$update" = "--update" ]; then
		cp "$tmp/out" "$here/$name.out"
		cp "$tmp/err" "$here/$name.err"
		cp "$tmp/status" "$here/$name.status"
		continue
	fi
	ok=1
	for part in out err status; do
		if ! cmp -s "$tmp/$part" "$here/$name.$part"; then
			ok=0
			echo "FAIL golden/$name: $part differs"
			diff -u "$here/$name.$part" "$tmp/$part" | head -20
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
[ "$update" = "--update" ] && { echo "golden files updated: review with git diff"; exit 0; }
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
