#!/bin/sh
# Run every interactive test in tests/tmux through a private tmux server.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PRESETS=$here/../../presets
export BIN PRESETS
export LC_ALL=C.UTF-8
pass=0 fail=0
for t in "$here"/*.sh; do
	case $(basename "$t") in lib.sh|run.sh) continue ;; esac
	if sh "$t"; then pass=$((pass + 1)); else echo "FAIL tmux/$(basename "$t")"; fail=$((fail + 1)); fi
done
echo "tmux: $pass passed, $fail failed"
[ $fail = 0 ]
