#!/bin/sh
# save FILE then 'source FILE' in a new process gives the same portrait, byte
# for byte, for every preset with a changed parameter, a changed window and
# two trajectories; and so does running the file as a script.
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in presets/*.ode; do
	p=$(basename "$f" .ode)
	"$BIN" -e "load $p; show" >"$tmp/show" 2>/dev/null || { echo "save: $p: show failed"; fail=$((fail + 1)); continue; }
	# the first parameter raised by a tenth, the window shrunk, starts inside it
	cmds=$(awk '
		/^par / { split($2, kv, "="); v = kv[2] + 0; par = kv[1] "=" (v == 0 ? 0.1 : v * 1.1) }
		/^window / { a = $2; b = $3; c = $4; d = $5 }
		END {
			w = b - a; h = d - c
			printf "set %s; window %.6g %.6g %.6g %.6g; ", par, a + 0.05 * w, b - 0.1 * w, c + 0.1 * h, d - 0.05 * h
			printf "traj %.6g %.6g; traj %.6g %.6g", a + w / 3, c + h / 3, a + 2 * w / 3, c + 2 * h / 2.5
		}' "$tmp/show")
	"$BIN" -e "load $p; $cmds; print" >"$tmp/a" 2>/dev/null
	"$BIN" -e "load $p; $cmds; save $tmp/$p.cnd" >/dev/null 2>&1
	"$BIN" -e "source $tmp/$p.cnd; print" >"$tmp/b" 2>/dev/null
	if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b" && [ "$(grep -c '^traj$' "$tmp/$p.cnd")" = 2 ]; then
		pass=$((pass + 1))
	else
		echo "save: $p: the restored portrait differs ($cmds)"
		diff "$tmp/a" "$tmp/b" | head -5
		fail=$((fail + 1))
	fi
done
# directions and views come back: a backward and a two-way trajectory, the
# time series of two variables beside the portrait
cmds="set eps=0.07; traj 2 0 back; traj 0.5 0.2 both; traj 1 1; view both; axes t y x; size 160x30"
"$BIN" -e "load vanderpol; $cmds; print" >"$tmp/a" 2>/dev/null
"$BIN" -e "load vanderpol; $cmds; save $tmp/dir.cnd" >/dev/null 2>&1
"$BIN" -e "source $tmp/dir.cnd; print" >"$tmp/b" 2>/dev/null
if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b" && grep -q '^traj back$' "$tmp/dir.cnd" &&
    grep -q '^traj both$' "$tmp/dir.cnd" && grep -q '^axes t y x$' "$tmp/dir.cnd"; then
	pass=$((pass + 1))
else
	echo "save: directions or views were not restored"
	diff "$tmp/a" "$tmp/b" | head -5
	fail=$((fail + 1))
fi
# bad input: an unwritable place is one sentence naming it
"$BIN" -e "load vanderpol; save /nonexistent/dir/x.cnd" 2>"$tmp/err" && { echo "save: wrote nowhere"; fail=$((fail + 1)); }
grep -q "cannot write '/nonexistent/dir/x.cnd'" "$tmp/err" || { echo "save: no message"; cat "$tmp/err"; fail=$((fail + 1)); }
echo "save: $pass passed, $fail failed"
[ $fail = 0 ]
