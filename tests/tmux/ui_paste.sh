#!/bin/sh
# The prompt stays in control: a 100,000-character paste is handled in work
# linear in its length (checked as a ratio against a 20,000-character paste in
# the same script, and by the bytes written to the terminal, so the check does
# not depend on the machine's speed), a SIGTERM right after it ends canard with
# status 143, and a SIGTERM in the middle of a long synchronous command does
# the same; each time the terminal is left as it was (stty -a). How long the
# signal took is printed; the test fails only when canard has not exited after
# 5 s, which is a hang, not a slow machine.
set -u
. "$(dirname "$0")/lib.sh"

# cpu_ticks PID: user + system time of PID in clock ticks (reported only)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# wchar PID: bytes PID has written so far
wchar() { awk '$1 == "wchar:" {print $2}' "/proc/$1/io"; }
# ms: milliseconds on the monotonic-enough wall clock
ms() { date +%s%3N; }

run() {
	T kill-server 2>/dev/null
	SOCK=canard$$$1
	rm -f "$TMPHOME/before" "$TMPHOME/after"
	T new-session -d -x 100 -y 30 -s t \
	    "env -i HOME=$TMPHOME TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
	     CANARD_PRESETS=$PRESETS sh -c 'trap : INT HUP TERM; stty -a > $TMPHOME/before; \
	     $BIN -p lotka; echo EXITED=\$?; stty -a > $TMPHOME/after; sleep 30'"
	wait_for 'canard>' || exit 1
	wait_for 'centre' || exit 1
	shpid=$(T list-panes -t t -F '#{pane_pid}')
	pid=$(pgrep -P "$shpid" -f "$BIN" | head -1)
	[ -n "$pid" ] || { echo "no canard process"; exit 1; }
}

# kill_check WHAT: SIGTERM now; exit 143 within a second, stty unchanged
kill_check() {
	t0=$(ms)
	kill -TERM "$pid"
	wait_for 'EXITED=' 5 || exit 1
	t1=$(ms)
	screen | grep -q 'EXITED=143' || { echo "$1: wrong exit status"; screen; exit 1; }
	echo "$1: SIGTERM to exit took $((t1 - t0)) ms (wall clock, polled)"
	sed 1d "$TMPHOME/before" > "$TMPHOME/b"
	sed 1d "$TMPHOME/after" > "$TMPHOME/a"
	cmp -s "$TMPHOME/b" "$TMPHOME/a" || { echo "$1: stty -a changed"; \
	    diff "$TMPHOME/b" "$TMPHOME/a"; exit 1; }
}

# paste N: paste '#' (a comment, should Enter come), N x, then an end mark;
# sets cpu (ms of canard's CPU) and out (bytes canard wrote) for the paste
paste() {
	{ printf '#'; head -c "$1" /dev/zero | tr '\0' x; printf 'PASTE_END'; } > "$TMPHOME/paste"
	T load-buffer "$TMPHOME/paste"
	c0=$(cpu_ticks "$pid")
	w0=$(wchar "$pid")
	T paste-buffer -t t
	wait_for 'xxxxPASTE_END' 60 || exit 1
	c1=$(cpu_ticks "$pid")
	w1=$(wchar "$pid")
	cpu=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))
	out=$((w1 - w0))
	echo "a paste of $1 characters took $cpu ms of CPU and $out bytes of output"
}

# 1. the paste. The work must be linear in its length: five times the
# characters may cost at most ten times the CPU (quadratic would be 25 times;
# a ratio in one script, so a slow machine does not fail it), and the bytes
# written stay small (a full-line redraw per character writes 5e9 bytes).
run small
paste 20000
cpu_small=$cpu
kill_check "after a small paste"
run paste
paste 100000
[ $out -lt 5000000 ] || { echo "the paste wrote $out bytes to the terminal"; exit 1; }
[ $cpu -le $(( cpu_small * 10 + 100 )) ] || \
    { echo "100,000 characters took $cpu ms, 20,000 took $cpu_small ms: not linear"; exit 1; }
kill_check "after a paste"

# 2. SIGTERM while the main thread runs a long synchronous command
run sync
keys 'load vanderpol; set tmax=20000; traj grid 10; fate' Enter
sleep 1
[ "$(awk '{print $3}' "/proc/$pid/stat")" = R ] || \
    { echo "canard is not busy with the command"; screen; exit 1; }
kill_check "during fate"
echo "tmux ui_paste: ok"
