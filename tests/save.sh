#!/bin/sh
# save FILE then 'source FILE' in a new process gives the same portrait, byte
# for byte, for every preset with a changed parameter, a changed window and
# two trajectories; and so does running the file as a script.
set -u
BIN=${1:-./canard}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
cd "$(dirname "$0")/.."
# absolute: some cases run from other directories, where a binary outside the
# tree (build-asan/canard) finds no presets of its own
export CANARD_PRESETS="$PWD/presets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
# restored STATUS WHAT: the session's output ($tmp/a) came back byte for byte
# from its script ($tmp/b), not empty, and the caller's own checks gave STATUS
restored() {
	if [ "$1" = 0 ] && [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then
		pass=$((pass + 1))
	else
		echo "save: $2"
		diff "$tmp/a" "$tmp/b" | head -5
		fail=$((fail + 1))
	fi
}
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
	[ "$(grep -c '^traj$' "$tmp/$p.cnd")" = 2 ]
	restored $? "$p: the restored portrait differs ($cmds)"
done
# directions and views come back: a backward and a two-way trajectory, the
# time series of two variables beside the portrait
cmds="set eps=0.07; traj 2 0 back; traj 0.5 0.2 both; traj 1 1; view both; axes t y x; size 160x30"
"$BIN" -e "load vanderpol; $cmds; print" >"$tmp/a" 2>/dev/null
"$BIN" -e "load vanderpol; $cmds; save $tmp/dir.cnd" >/dev/null 2>&1
"$BIN" -e "source $tmp/dir.cnd; print" >"$tmp/b" 2>/dev/null
grep -q '^traj back$' "$tmp/dir.cnd" && grep -q '^traj both$' "$tmp/dir.cnd" &&
    grep -q '^axes t y x$' "$tmp/dir.cnd"
restored $? "directions or views were not restored"
# SGD paths come back as trained networks, not as the ODE from their start
# (the records 'sgd' prints are answers of the first run, left out)
cmds="set c2=5; traj; sgd d=60 seed=3; sgd"
"$BIN" -e "load featlearn; $cmds; print; save $tmp/sgd.cnd" 2>/dev/null | grep -v '^sgd ' >"$tmp/a"
"$BIN" -e "source $tmp/sgd.cnd" -e "print" 2>/dev/null | grep -v '^sgd ' >"$tmp/b"
grep -q '^sgd d=60 seed=3$' "$tmp/sgd.cnd"
restored $? "SGD paths were not restored"
# a model file by a relative path in a directory with spaces and a quote,
# restored from another directory; the settings that shape a path (dtmax,
# points=grid with nout); negative zero, which atan2 tells from 0, as a
# parameter and as a start; the script's own name with spaces too
dir="$tmp/my \"lecture\" notes"
mkdir -p "$dir"
cat > "$dir/spin model.ode" <<'EOF2'
par a=0
x'=atan2(x,-1)
y'=atan2(a,-1)+0.1*x
@ xp=x, yp=y, xlo=-8, xhi=8, ylo=-8, yhi=8, total=2
done
EOF2
cmds="load 'spin model.ode'; set a=-0 dtmax=0.01 points=grid nout=3 dt=0.02; traj -0 0; traj -5 1 back"
(cd "$dir" && "$BIN" -e "$cmds; print; fate; save 'session 1.cnd'") >"$tmp/a" 2>/dev/null
(cd / && "$BIN" -e "source '$dir/session 1.cnd'; print; fate") >"$tmp/b" 2>"$tmp/err"
(cd / && "$BIN" "$dir/session 1.cnd" -) >"$tmp/c" 2>/dev/null <<'EOF2'
print
fate
EOF2
if [ -s "$tmp/a" ] && grep -q 'traj=1 end=running t=2 x=-4.2.* y=-6.7' "$tmp/a" && cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c"; then
	pass=$((pass + 1))
else
	echo "save: a model file in a directory with spaces was not restored"
	diff "$tmp/a" "$tmp/b" | head -5
	head -3 "$tmp/err"
	fail=$((fail + 1))
fi
# a model file gone between 'load' and 'save': the script is written and the
# loss said (stdin through a FIFO, so the file goes once 'load' answered)
cp "$dir/spin model.ode" "$tmp/gone.ode"
mkfifo "$tmp/in"
"$BIN" <"$tmp/in" >/dev/null 2>"$tmp/err" &
exec 3>"$tmp/in"
echo "load $tmp/gone.ode" >&3
i=0
while ! grep -q '^loaded' "$tmp/err" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
rm -f "$tmp/gone.ode"
echo "save $tmp/gone-s.cnd" >&3
exec 3>&-
wait
if grep -q "^load $tmp/gone.ode\$" "$tmp/gone-s.cnd" 2>/dev/null &&
    grep -q "model file '$tmp/gone.ode' is gone" "$tmp/err"; then
	pass=$((pass + 1))
else
	echo "save: a model file gone before 'save' was not said"
	cat "$tmp/err"
	fail=$((fail + 1))
fi
# an unclosed quote is one sentence naming the quote
"$BIN" -e "load 'my model.ode" 2>"$tmp/err" && { echo "save: an open quote was run"; fail=$((fail + 1)); }
grep -q "the quote ' opening 'my model.ode' is not closed" "$tmp/err" ||
    { echo "save: no message for an open quote"; cat "$tmp/err"; fail=$((fail + 1)); }
# 'save -' writes the script to standard output (not to a file named '-'),
# and piped back in it gives the same portrait
cmds="set eps=0.07; traj 2 0; traj 0.5 0.2 back; window -2 2 -1 1"
(cd "$tmp" && "$BIN" -e "load vanderpol; $cmds; save -" >"$tmp/dash.cnd" 2>/dev/null)
"$BIN" -e "load vanderpol; $cmds; print" >"$tmp/a" 2>/dev/null
{ cat "$tmp/dash.cnd"; echo print; } | "$BIN" >"$tmp/b" 2>/dev/null
[ ! -e "$tmp/-" ] && grep -q '^load vanderpol$' "$tmp/dash.cnd"
restored $? "'save -' did not write the script to standard output"
# the memory budget is a setting too: a session that lowered it gets it back
# ('show' prints it), and one that kept the default writes nothing for it
"$BIN" -e "load vanderpol; set maxmem=64; traj 1 1; save $tmp/mem.cnd" 2>/dev/null
"$BIN" -e "load vanderpol; set maxmem=64; traj 1 1; show; print" >"$tmp/a" 2>/dev/null
"$BIN" -e "source $tmp/mem.cnd; show; print" >"$tmp/b" 2>/dev/null
"$BIN" -e "load vanderpol; save $tmp/nomem.cnd" 2>/dev/null
grep -q 'set maxmem=64' "$tmp/b" && ! grep -q maxmem "$tmp/nomem.cnd"
restored $? "maxmem: not restored"
# a parameter named like a setting: 'set dt=' sets the parameter (the model's
# own name wins), '@dt' the setting, and the saved script keeps them apart
printf "# shadow\nx'=-k*x+dt\npar k=1, dt=0.5\ninit x=1\n@ total=5, dt=0.1\ndone\n" > "$tmp/shadow.ode"
cmds="set dt=0.25 @dt=0.05 @points=grid x=0.5; traj; run; eq"
"$BIN" -e "load $tmp/shadow.ode; $cmds; save $tmp/shadow.cnd" >/dev/null 2>&1
"$BIN" -e "load $tmp/shadow.ode; $cmds; export csv -; print" >"$tmp/a" 2>/dev/null
"$BIN" -e "source $tmp/shadow.cnd; run; eq; export csv -; print" >"$tmp/b" 2>/dev/null
grep -q 'eq id=1 x=0.25 ' "$tmp/b" && grep -q '^1,0.05,' "$tmp/b" &&
    grep -q ' @dt=0.05' "$tmp/shadow.cnd" &&
    "$BIN" -e "source $tmp/shadow.cnd; show" 2>/dev/null | grep -q '^set tmax=.* @dt=0.05 '
restored $? "a parameter named dt: not kept apart from the setting (save, show)"
# bad input: an unwritable place is one sentence naming it
"$BIN" -e "load vanderpol; save /nonexistent/dir/x.cnd" 2>"$tmp/err" && { echo "save: wrote nowhere"; fail=$((fail + 1)); }
grep -q "cannot write '/nonexistent/dir/x.cnd'" "$tmp/err" || { echo "save: no message"; cat "$tmp/err"; fail=$((fail + 1)); }
echo "save: $pass passed, $fail failed"
[ $fail = 0 ]
