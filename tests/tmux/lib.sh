# Helpers for driving canard in a private tmux server (tmux regress style).
# Source this; set BIN first. Every test gets its own socket and a trap.
SOCK=canard$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMPHOME"; }
TMPHOME=$(mktemp -d)
trap cleanup EXIT INT TERM

# start COLS ROWS CMD...: a detached session running CMD in a clean environment
start() {
	cols=$1 rows=$2
	shift 2
	T new-session -d -x "$cols" -y "$rows" -s t \
	    "env -i HOME=$TMPHOME TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
	     CANARD_PRESETS=$PRESETS $*; echo EXITED=\$?; sleep 30"
}

screen() { T capture-pane -p -t t; }

# wait_for PATTERN [SECONDS]: poll the screen every 50 ms
wait_for() {
	pat=$1 limit=${2:-10}
	i=0
	while [ $i -lt $((limit * 20)) ]; do
		if ! T has-session -t t 2>/dev/null; then
			echo "the tmux session ended while waiting for: $pat"
			return 1
		fi
		if screen | grep -q -- "$pat"; then return 0; fi
		sleep 0.05
		i=$((i + 1))
	done
	echo "timed out waiting for: $pat"
	echo "---- screen ----"
	screen
	echo "----------------"
	return 1
}

# wait_count PATTERN N [SECONDS]: until at least N screen lines match
wait_count() {
	pat=$1 n=$2 limit=${3:-10}
	i=0
	while [ $i -lt $((limit * 20)) ]; do
		if [ "$(screen | grep -c -- "$pat")" -ge "$n" ]; then return 0; fi
		sleep 0.05
		i=$((i + 1))
	done
	echo "timed out waiting for $n lines of: $pat"
	screen
	return 1
}

keys() { T send-keys -t t "$@"; }

# runs: the screen with its colours (capture-pane -e) as one run a line,
# "ROW<TAB>COLOUR<TAB>TEXT", where COLOUR is the foreground (31, 38;5;172,
# 39 the default) with a "b" in front when bold. Byte-wise (LC_ALL=C).
runs() {
	T capture-pane -e -p -t t | LC_ALL=C awk '
	{
		n = split($0, part, "\033")
		for (i = 1; i <= n; i++) {
			s = part[i]
			if (i > 1) {
				m = index(s, "m")
				code = substr(s, 2, m - 2)
				s = substr(s, m + 1)
				if (code == "" || code == "0") { fg = "39"; bold = "" }
				else if (code == "1") bold = "b"
				else if (code == "22") bold = ""
				else if (code ~ /^38;5;/ || code ~ /^3[0-9]$/ || code ~ /^9[0-7]$/) fg = code
			}
			if (s != "") printf "%d\t%s%s\t%s\n", NR, bold, fg, s
		}
	}'
}

# colour_before TEXT: the colour of the last run with something visible
# before the first run that starts with TEXT (blanks aside): a sample drawn
# before its label. Reads runs output on stdin.
colour_before() {
	LC_ALL=C awk -F '\t' -v want="$1" '
	{ t = $3; sub(/^ +/, "", t) }
	index(t, want) == 1 && prev != "" { print prev; exit }
	t != "" { prev = $2 }'
}
