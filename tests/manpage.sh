#!/bin/sh
# Every command in the table appears in the man page as .Ic NAME and in
# 'help'; the man page must format without errors where mandoc or man exist.
set -u
bin=$1
cd "$(dirname "$0")/.."
bad=0
for c in $(CANARD_PRESETS=presets "$bin" -e help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	if ! grep -q "^\.It Ic $c\b" man/canard.1; then
		echo "manpage: command '$c' is not documented in man/canard.1"
		bad=1
	fi
done
if command -v groff >/dev/null 2>&1; then
	if groff -mandoc -Tutf8 -ww man/canard.1 2>&1 >/dev/null | grep -q .; then
		echo "manpage: groff warnings:"; groff -mandoc -Tutf8 -ww man/canard.1 2>&1 >/dev/null
		bad=1
	fi
fi
[ $bad = 0 ] && echo "manpage: 1 passed, 0 failed" || { echo "manpage: 0 passed, 1 failed"; exit 1; }
