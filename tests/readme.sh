#!/bin/sh
# README's piped examples are the program's real output: every block that
# starts with "    $ COMMAND" (indented four spaces) is run from the top of
# the tree (./canard being the binary under test) with stderr joined to
# stdout, and must print exactly the lines shown under it; a line "..."
# stands for any lines between the head and the tail shown.
#   sh tests/readme.sh ./canard            check (make check)
#   sh tests/readme.sh ./canard --update   rewrite the shown output from the program
set -u
BIN=$(cd "$(dirname "${1:-./canard}")" && pwd)/$(basename "${1:-./canard}")
mode=${2:-check}
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets LC_ALL=C.UTF-8
unset NO_COLOR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# split: N.cmd, N.exp (without the indent) and "N FIRST LAST" (README lines of the block)
awk -v dir="$tmp" '
function flush() {
	if (inblock && n) { close(dir "/" n ".exp"); print n, first, last > (dir "/blocks") }
	inblock = 0
}
/^    \$ / {
	flush()
	n++; first = NR; last = NR; inblock = 1
	cmd = substr($0, 7)
	print cmd > (dir "/" n ".cmd"); close(dir "/" n ".cmd")
	printf "" > (dir "/" n ".exp")
	next
}
inblock && /^    / { print substr($0, 5) >> (dir "/" n ".exp"); last = NR; next }
inblock { flush() }
END { flush() }' README.md
[ -s "$tmp/blocks" ] || { echo "readme: no examples found"; exit 1; }

pass=0 fail=0
while read -r n first last; do
	cmd=$(sed "s#\\./canard#$BIN#g" "$tmp/$n.cmd")
	sh -c "$cmd" > "$tmp/$n.out" 2>&1
	# the shown lines: all, or the head and tail around "..."
	heads=$(awk '$0 == "..." { print NR - 1; exit }' "$tmp/$n.exp")
	if [ -n "$heads" ]; then
		tails=$(($(wc -l < "$tmp/$n.exp") - heads - 1))
		{ head -n "$heads" "$tmp/$n.out"; echo "..."; tail -n "$tails" "$tmp/$n.out"; } > "$tmp/$n.got"
	else
		cp "$tmp/$n.out" "$tmp/$n.got"
	fi
	if [ "$mode" = --update ]; then
		sed 's/^/    /; s/^    $//' "$tmp/$n.got" > "$tmp/$n.new"
		continue
	fi
	if cmp -s "$tmp/$n.exp" "$tmp/$n.got"; then
		pass=$((pass + 1))
	else
		echo "readme: line $first: the output of '$(cat "$tmp/$n.cmd")' has drifted:"
		diff "$tmp/$n.exp" "$tmp/$n.got" | head -10
		fail=$((fail + 1))
	fi
done < "$tmp/blocks"

# The captured screen of the live view ("set eps=0.05; traj -2 1" at 120x32)
# comes from tmux on --update, and is checked too but for the time it shows
# ("done in N ms"); without tmux it is left unchecked.
screen_capture() {
	command -v tmux >/dev/null 2>&1 || { echo "readme: tmux not installed: the screen is left as is"; return 1; }
	sock=canard-readme$$
	tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 32 -s r \
	    "env -i HOME=$tmp TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin CANARD_PRESETS=$PWD/presets $BIN; sleep 30"
	i=0
	until tmux -L "$sock" capture-pane -p -t r | grep -q 'canard>'; do
		sleep 0.1; i=$((i + 1)); [ $i -gt 100 ] && break
	done
	tmux -L "$sock" send-keys -t r 'set eps=0.05; traj -2 1' Enter
	i=0
	until tmux -L "$sock" capture-pane -p -t r | grep -q '2  -2,1 . cycle'; do
		sleep 0.1; i=$((i + 1)); [ $i -gt 100 ] && break
	done
	sleep 0.3
	tmux -L "$sock" capture-pane -p -t r | sed 's/^/    /; s/^    $//' > "$tmp/screen"
	tmux -L "$sock" kill-server
	[ -s "$tmp/screen" ]
}

# the README's screen: the block after "(captured with tmux):" and a blank line, to the prompt
readme_screen() {
	awk 'state == 0 && /\(captured with tmux\):$/ { state = 1; next }
	state == 1 && /^$/ { state = 2; next }
	state == 2 { print; if ($0 ~ /^    canard>/) exit }' README.md
}
if [ "$mode" != --update ] && screen_capture; then
	readme_screen | sed 's/done in [0-9]* ms/done in N ms/' > "$tmp/screen.exp"
	sed 's/done in [0-9]* ms/done in N ms/' "$tmp/screen" > "$tmp/screen.got"
	if [ -s "$tmp/screen.exp" ] && cmp -s "$tmp/screen.exp" "$tmp/screen.got"; then
		pass=$((pass + 1))
	else
		echo "readme: the captured screen has drifted (sh tests/readme.sh ./canard --update):"
		diff "$tmp/screen.exp" "$tmp/screen.got" | head -10
		fail=$((fail + 1))
	fi
fi
if [ "$mode" = --update ]; then
	if screen_capture; then
		# the block after "(captured with tmux):" and a blank line, to the prompt
		awk -v scr="$tmp/screen" '
		state == 0 && /\(captured with tmux\):$/ { print; state = 1; next }
		state == 1 && /^$/ { print; state = 2; while ((getline l < scr) > 0) print l; next }
		state == 2 { if ($0 ~ /^    canard>/) state = 3; next }
		{ print }' README.md > "$tmp/R" && cp "$tmp/R" README.md
	fi
	awk -v dir="$tmp" '
	BEGIN { while ((getline l < (dir "/blocks")) > 0) { split(l, f, " "); at[f[2]] = f[1]; end[f[1]] = f[3] } }
	skip && NR <= skip { next }
	NR in at {
		print
		b = at[NR]
		while ((getline l < (dir "/" b ".new")) > 0) print l
		skip = end[b]
		next
	}
	{ print }' README.md > "$tmp/README.md" && cp "$tmp/README.md" README.md
	echo "readme: examples rewritten from the program: review with git diff README.md"
	exit 0
fi
echo "readme: $pass passed, $fail failed"
[ $fail = 0 ]
