#!/bin/sh
# The prompt stays in control: a 100,000-character paste is taken in well under
# a second of canard's CPU time, a SIGTERM right after it ends canard within a
# second with status 143, and a SIGTERM in the middle of a long synchronous
# command does the same; each time the terminal is left as it was (stty -a).
set -u
. "$(dirname "$0")/lib.sh"

# cpu_ticks PID: user + system time of PID in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
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
	[ $((t1 - t0)) -lt 1000 ] || { echo "$1: SIGTERM took $((t1 - t0)) ms"; exit 1; }
	sed 1d "$TMPHOME/before" > "$TMPHOME/b"
	sed 1d "$TMPHOME/after" > "$TMPHOME/a"
	cmp -s "$TMPHOME/b" "$TMPHOME/a" || { echo "$1: stty -a changed"; \
	    diff "$TMPHOME/b" "$TMPHOME/a"; exit 1; }
}

# 1. the paste: '#' (a comment, should Enter come), 100,000 x, then an end mark
run paste
{ printf '#'; head -c 100000 /dev/zero | tr '\0' x; printf 'PASTE_END'; } > "$TMPHOME/paste"
T load-buffer "$TMPHOME/paste"
c0=$(cpu_ticks "$pid")
T paste-buffer -t t
wait_for 'xxxxPASTE_END' 20 || exit 1
c1=$(cpu_ticks "$pid")
hz=$(getconf CLK_TCK)
# 800 ms, four times that under the sanitizers (a quadratic redraw took minutes)
limit=800
grep -q __asan_init "$BIN" && limit=3200
[ $(( (c1 - c0) * 1000 / hz )) -lt $limit ] || \
    { echo "the paste took $(( (c1 - c0) * 1000 / hz )) ms of CPU"; exit 1; }
kill_check "after a paste"

# 2. SIGTERM while the main thread runs a long synchronous command
run sync
keys 'load vanderpol; set tmax=20000; traj grid 10; fate' Enter
sleep 1
[ "$(awk '{print $3}' "/proc/$pid/stat")" = R ] || \
    { echo "canard is not busy with the command"; screen; exit 1; }
kill_check "during fate"
echo "tmux ui_paste: ok"
