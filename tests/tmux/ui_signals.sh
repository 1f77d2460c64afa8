#!/bin/sh
# An SSH drop (SIGHUP), a polite kill (SIGTERM) and a crash (SIGSEGV) leave the terminal as it
# was, with exit status 128 + the signal; a mouse click starts a trajectory.
set -u
. "$(dirname "$0")/lib.sh"
for sig in HUP TERM SEGV; do
	# a server of its own for each run: a dying server can swallow a new session
	T kill-server 2>/dev/null
	SOCK=canard$$$sig
	T new-session -d -x 100 -y 30 -s t \
	    "env -i HOME=$TMPHOME TERM=xterm-256color LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
	     CANARD_PRESETS=$PRESETS sh -c 'trap : INT HUP TERM; stty -a > $TMPHOME/before; \
	     $BIN -p lotka; echo EXITED=\$?; stty -a > $TMPHOME/after; sleep 30'"
	wait_for 'canard>' || exit 1
	wait_for 'centre' || exit 1
	shpid=$(T list-panes -t t -F '#{pane_pid}')
	pid=$(pgrep -P "$shpid" -f "$BIN" | head -1)
	[ -n "$pid" ] || { echo "no canard process"; exit 1; }
	if [ $sig = HUP ]; then
		# a click inside the frame adds a trajectory from there (xterm mouse report)
		T send-keys -t t -l "$(printf '\033[<0;30;12M\033[<0;30;12m')"
		wait_for 'traj [0-9.]* [0-9.]*' || exit 1
	fi
	kill -$sig "$pid"
	# a crash re-raises the signal (139); under AddressSanitizer its report exits 1
	case $sig in HUP) want=129 ;; TERM) want=143 ;; SEGV) want='\(139\|1\)$' ;; esac
	wait_for "EXITED=$want" || exit 1
	sed 1d "$TMPHOME/before" > "$TMPHOME/b"
	sed 1d "$TMPHOME/after" > "$TMPHOME/a"
	cmp -s "$TMPHOME/b" "$TMPHOME/a" || { echo "stty -a changed after SIG$sig"; \
	    diff "$TMPHOME/b" "$TMPHOME/a"; exit 1; }
done
echo "tmux ui_signals: ok"
