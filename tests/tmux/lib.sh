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
