#!/bin/sh
# Files and output stay clean: export replaces a file atomically, a failed
# export leaves the old file intact.
# usage: files.sh CANARD
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
export CANARD_PRESETS=$(pwd)/presets LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL files/$1"; fail=$((fail + 1)); }

# export under a file size limit: the command fails, the old file is intact,
# no temporary file is left behind
echo OLD > "$tmp/data.csv"
chmod 640 "$tmp/data.csv"
(ulimit -f 2; "$bin" -e "load vanderpol; traj 2 0; export csv $tmp/data.csv") \
    > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st = 1 ] && [ "$(cat "$tmp/data.csv")" = OLD ] && grep -q "cannot write" "$tmp/err" &&
    [ "$(ls -A "$tmp" | grep -c '^\.data')" = 0 ]; then ok
else bad "export-ulimit (exit $st)"; cat "$tmp/err"; ls -la "$tmp"; fi

# a successful export replaces the file, keeps its mode and a symbolic link
ln -s data.csv "$tmp/link.csv"
"$bin" -e "load lotka; set tmax=0.1; traj 1 1; export csv $tmp/link.csv" > "$tmp/out" 2> "$tmp/err"
if [ "$(head -1 "$tmp/data.csv")" = "traj,t,x,y" ] && [ -L "$tmp/link.csv" ] &&
    [ "$(stat -c %a "$tmp/data.csv")" = 640 ]; then ok
else bad export-replace; ls -la "$tmp"; cat "$tmp/err"; fi

# a device is written, not replaced
"$bin" -e "load lotka; set tmax=0.1; traj 1 1; export csv /dev/null" > "$tmp/out" 2> "$tmp/err"
if [ $? = 0 ] && [ -c /dev/null ]; then ok; else bad export-device; cat "$tmp/err"; fi

# presets are found next to the binary, from any directory; a binary with
# none says where it looked
mkdir -p "$tmp/built" "$tmp/lone"
cp "$bin" "$tmp/built/canard"
cp -r presets "$tmp/built/presets"
cp "$bin" "$tmp/lone/canard"
(cd / && env -u CANARD_PRESETS "$tmp/built/canard" -e 'load vanderpol; folds') \
    > "$tmp/out" 2> "$tmp/err"
if [ $? = 0 ] && [ "$(grep -c '^fold' "$tmp/out")" = 2 ]; then ok
else bad presets-elsewhere; cat "$tmp/err"; fi
(cd / && env -u CANARD_PRESETS "$tmp/lone/canard" -e 'load vanderpol') > "$tmp/out" 2> "$tmp/err"
if [ $? = 1 ] && grep -q "$tmp/lone/presets" "$tmp/err"; then ok
else bad presets-places; cat "$tmp/err"; fi

echo "files: $pass passed, $fail failed"
[ $fail = 0 ]
