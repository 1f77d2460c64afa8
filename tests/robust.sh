#!/bin/sh
# Bad input at its extremes: an empty stdin, a 1 MB line, a 1 MB expression,
# a binary file as a model, a directory as a script. canard must answer each
# with its exit status and a short message, never crash.
set -u
bin=$1
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {	# check NAME WANT_STATUS STDERR_PATTERN
	name=$1 want=$2 pat=$3
	got=$(cat "$tmp/status")
	if [ "$got" != "$want" ]; then
		echo "FAIL robust/$name: exit $got, want $want"; head -c 300 "$tmp/err"; fail=$((fail + 1)); return
	fi
	if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/err"; then
		echo "FAIL robust/$name: stderr lacks '$pat'"; head -c 300 "$tmp/err"; fail=$((fail + 1)); return
	fi
	if [ "$(wc -c < "$tmp/err")" -gt 4000 ]; then
		echo "FAIL robust/$name: stderr is $(wc -c < "$tmp/err") bytes"; fail=$((fail + 1)); return
	fi
	pass=$((pass + 1))
}
run() { "$bin" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"; }

run < /dev/null
check empty-stdin 0 ""
[ -s "$tmp/out" ] && { echo "FAIL robust/empty-stdin: output"; fail=$((fail + 1)); }

head -c 1048576 /dev/zero | tr '\0' 'x' > "$tmp/line"; echo >> "$tmp/line"
run < "$tmp/line"
check megabyte-line 1 "unknown command"

{ printf 'load vanderpol\nset eps='; i=0; while [ $i -lt 2000 ]; do printf '1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+'; i=$((i + 1)); done; printf '1\n'; } > "$tmp/expr"
run < "$tmp/expr"
check megabyte-expression 1 "expression too long"

{ printf 'load vanderpol\nset eps='; i=0; while [ $i -lt 5000 ]; do printf '('; i=$((i + 1)); done; printf '1\n'; } > "$tmp/parens"
run < "$tmp/parens"
check deep-parentheses 1 "nested too deeply"

head -c 4096 /dev/urandom > "$tmp/junk.ode"
run -e "load $tmp/junk.ode"
check binary-model 1 "junk.ode"

run "$tmp"
check directory-script 1 ""

run -e 'load vanderpol; set eps=1e300; traj 2 0; run'
check huge-parameter 0 ""

# Reads are bounded: devices and directories are refused before a byte is read,
# a FIFO with no writer is answered at once, a file over the limit is refused;
# each within 3 s and 1 GB (the old reader read /dev/zero until memory ran out)
# (no address-space limit under AddressSanitizer, which reserves terabytes)
vlim=$(sh -c "ulimit -v 1000000; '$bin' --version > /dev/null 2>&1 && echo 1000000 || \
    echo unlimited" 2> /dev/null)
brun() { (ulimit -v $vlim; timeout 3 "$bin" "$@") > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"; }
for dev in /dev/zero /dev/urandom; do
	brun -e "load $dev"
	check "load-$dev" 1 "cannot read '$dev': it is a device, not a file or a pipe"
	brun -e "source $dev"
	check "source-$dev" 1 "cannot read '$dev': it is a device"
	brun "$dev"
	check "script-$dev" 1 "cannot read '$dev': it is a device"
done
brun -e "load $tmp"
check load-directory 1 "it is a directory"
mkfifo "$tmp/fifo"
brun -e "load $tmp/fifo"
check fifo-no-writer 1 "cannot read '$tmp/fifo': it is a pipe with no writer"
brun -e "source $tmp/fifo"
check fifo-no-writer-source 1 "it is a pipe with no writer"
# a FIFO with a writer, and a pipe on '-', are read
(sleep 0.3; cat presets/lotka.ode) > "$tmp/fifo" &
brun -e "load $tmp/fifo; eq"
check fifo-writer 0 ""
grep -q 'type=centre' "$tmp/out" || { echo "FAIL robust/fifo-writer: no answer"; fail=$((fail + 1)); }
(ulimit -v $vlim; timeout 3 "$bin" -e 'load -; eq' < presets/lotka.ode) > "$tmp/out" 2> "$tmp/err"
echo $? > "$tmp/status"
check load-stdin 0 ""
grep -q 'type=centre' "$tmp/out" || { echo "FAIL robust/load-stdin: no answer"; fail=$((fail + 1)); }
head -c 17000000 /dev/zero | tr '\0' '#' > "$tmp/big.ode"
brun -e "load $tmp/big.ode"
check load-too-large 1 "it is larger than 16 MB"
brun -e "source $tmp/big.ode"
check source-too-large 1 "it is larger than 16 MB"
(ulimit -v $vlim; head -c 20000000 /dev/zero | timeout 10 "$bin" -e 'load -') \
    > "$tmp/out" 2> "$tmp/err"
echo $? > "$tmp/status"
check stdin-too-large 1 "cannot read 'standard input': it is larger than 16 MB"

# Memory is a budget: a run that passes maxmem stops its trajectory with a
# message and fails (status 1), the session answers the next command
run -e 'load vanderpol; set maxmem=8 tmax=1e7 maxstor=1e8 method=rk2 dt=0.01; traj 2 0; run; eq'
check maxmem 1 "traj 1 stopped at t=[0-9.e+]*: out of memory for trajectories (maxmem=8 MB"
grep -q '^eq id=1 x=0 y=0 type=unstable-node' "$tmp/out" || \
    { echo "FAIL robust/maxmem: no answer after the budget ran out"; fail=$((fail + 1)); }
# and memory itself running out (ulimit -v) is the same answer, not a crash (status 2)
if [ "$vlim" != unlimited ]; then
	(ulimit -v 200000; "$bin" -e 'load vanderpol; set maxmem=100000 tmax=1e7 maxstor=1e8 \
	    method=rk2 dt=0.01; traj 2 0; run; eq') > "$tmp/out" 2> "$tmp/err"
	echo $? > "$tmp/status"
	check ulimit-v 1 "traj 1 stopped at t=[0-9.e+]*: out of memory for trajectories"
	grep -q '^eq id=1 x=0 y=0 type=unstable-node' "$tmp/out" || \
	    { echo "FAIL robust/ulimit-v: no answer after memory ran out"; fail=$((fail + 1)); }
fi

run --no-such-option
check bad-option 2 "usage"

# Definitions are shared, not copied: loading takes time and memory linear in
# the file. GNU time, where present and the binary is not sanitized, measures
# the peak memory and the CPU time; the time is never judged alone (machines
# differ) but against the same model at a smaller size in this script, by
# 'linear'. Without GNU time only the timeout bounds the run.
bounded() {	# bounded NAME ARGS...: like run, within 20 s and 100 MB
	name=$1; shift
	if [ -x /usr/bin/time ] && [ "${bin#*asan}" = "$bin" ]; then
		timeout 20 /usr/bin/time -f '%M %U %S' -o "$tmp/rusage" "$bin" "$@" \
		    > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"
		tail -1 "$tmp/rusage" | awk '{ print $2 + $3 }' > "$tmp/cpu.$name"
		if ! tail -1 "$tmp/rusage" | awk '{ exit !($1 < 102400) }'; then
			echo "FAIL robust/$name: peak kB, user s, system s: $(tail -1 "$tmp/rusage")"
			fail=$((fail + 1))
		fi
	else
		timeout 20 "$bin" "$@" > "$tmp/out" 2> "$tmp/err"; echo $? > "$tmp/status"
	fi
}
# linear BIG SMALL K: BIG is K times the size of SMALL; its CPU time may be at
# most 2K times SMALL's (plus 0.2 s of start-up and clock grain), where a
# quadratic load takes K^2 times as long and a copied tree 2^K
linear() {
	[ -f "$tmp/cpu.$1" ] && [ -f "$tmp/cpu.$2" ] || return 0
	if ! awk -v b="$(cat "$tmp/cpu.$1")" -v s="$(cat "$tmp/cpu.$2")" -v k="$3" \
	    'BEGIN { exit !(b <= 2 * k * s + 0.2) }'; then
		echo "FAIL robust/$1: $(cat "$tmp/cpu.$1") s of CPU, $(cat "$tmp/cpu.$2") s at 1/$3 the size"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}
want_out() {	# want_out NAME PATTERN: stdout has the answer
	grep -q -- "$2" "$tmp/out" || { echo "FAIL robust/$1: stdout lacks '$2'"; cat "$tmp/out"; fail=$((fail + 1)); }
}
# aN = x^(2^N) at y = 0: a tree copied at every use has 2^N leaves
doubling() {	# doubling N FILE
	{ echo "x' = a$1 - x"; echo "y' = -y"; echo "a1 = x*x + y"; i=2
	  while [ $i -le $1 ]; do echo "a$i = a$((i - 1))*a$((i - 1)) + y"; i=$((i + 1)); done
	  echo "@ xlo=-0.5 xhi=0.5 ylo=-1 yhi=1"; } > "$2"
}
doubling 20 "$tmp/doubling.ode"
bounded doubling -e "load $tmp/doubling.ode; eq"
check doubling 0 ""
want_out doubling "eq id=1 x=0 y=0 type=stable-node re=-1 eig=-1,-1"
doubling 5 "$tmp/doubling5.ode"
bounded doubling5 -e "load $tmp/doubling5.ode; eq"
linear doubling doubling5 4
doubling_functions() {	# doubling_functions N FILE
	{ echo "x' = f$1(x) - x"; echo "y' = -y"; echo "f1(u) = u*u + y"; i=2
	  while [ $i -le $1 ]; do echo "f$i(u) = f$((i - 1))(u)*f$((i - 1))(u) + y"; i=$((i + 1)); done
	  echo "@ xlo=-0.5 xhi=0.5 ylo=-1 yhi=1"; } > "$2"
}
doubling_functions 20 "$tmp/doubling-functions.ode"
bounded doubling-functions -e "load $tmp/doubling-functions.ode; eq"
check doubling-functions 0 ""
want_out doubling-functions "eq id=1 x=0 y=0 type=stable-node re=-1 eig=-1,-1"
doubling_functions 5 "$tmp/doubling-functions5.ode"
bounded doubling-functions5 -e "load $tmp/doubling-functions5.ode; eq"
linear doubling-functions doubling-functions5 4
# 40,000 fixed quantities in one chain, written top down: q40000 = 40000
chain() {	# chain N FILE
	awk -v n="$1" 'BEGIN { print "x'"'"' = q" n "/" n " - x"; print "y'"'"' = -y";
	  for (k = n; k > 1; k--) print "q" k " = q" k - 1 " + 1"; print "q1 = 1";
	  print "@ xlo=0 xhi=2 ylo=-1 yhi=1" }' > "$2"
}
chain 40000 "$tmp/chain.ode"
bounded chain-40000 -e "load $tmp/chain.ode; eq"
check chain-40000 0 ""
want_out chain-40000 "eq id=1 x=1 y=0 type=stable-node"
chain 5000 "$tmp/chain5000.ode"
bounded chain-5000 -e "load $tmp/chain5000.ode; eq"
linear chain-40000 chain-5000 8
# 500 functions, each calling the one before: g500(u) = u + 499
awk 'BEGIN { print "x'"'"' = g500(y) - x"; print "y'"'"' = -y"; print "g1(u) = u";
  for (k = 2; k <= 500; k++) print "g" k "(u) = g" k - 1 "(u) + 1";
  print "@ xlo=0 xhi=1000 ylo=-1 yhi=1" }' > "$tmp/functions.ode"
bounded functions-500 -e "load $tmp/functions.ode; eq"
check functions-500 0 ""
want_out functions-500 "eq id=1 x=499 y=0 type=stable-node"
# real recursion is refused at the line of a definition on the cycle
printf "x' = -x + b\ny' = -y\nb = c + 1\n# a comment\nc = 2*b\n" > "$tmp/rec.ode"
bounded recursion -e "load $tmp/rec.ode"
check recursion 1 "rec.ode:3:5: the definition of 'b' refers to itself"

# Text from files reaches stdout and stderr as text: control characters of a
# title, a note, a name or a quoted byte print as \xNN, every message is
# valid UTF-8 and a non-ASCII character is quoted whole
plain() {	# plain NAME FILE: valid UTF-8 with no control bytes but tab and newline
	if ! iconv -f UTF-8 -t UTF-8 < "$2" > /dev/null 2>&1; then
		echo "FAIL robust/$1: $2 is not valid UTF-8"; od -c "$2" | head -5; fail=$((fail + 1))
	elif [ "$(LC_ALL=C tr -d -c '\000-\010\013-\037\177' < "$2" | wc -c)" != 0 ]; then
		echo "FAIL robust/$1: control bytes in $2"; od -c "$2" | head -5; fail=$((fail + 1))
	fi
}
want_err() {	# want_err NAME TEXT: stderr has TEXT, fixed
	grep -qF -- "$2" "$tmp/err" || { echo "FAIL robust/$1: stderr lacks '$2'"; cat "$tmp/err"; fail=$((fail + 1)); }
}
printf '# canard: title=T1 \033[2J\033]0;pwned\007 cr\rX\n# canard: note=n\033[5m\nx'"'"' = -x\ny'"'"' = -y\n' > "$tmp/evil.ode"
run -e "load $tmp/evil.ode; show; eq"
check title-escape 0 ""
plain title-escape "$tmp/out"; plain title-escape "$tmp/err"
want_out title-escape 'evil.ode: T1 \\x1b\[2J\\x1b\]0;pwned\\x07 cr\\x0dX$'
want_out title-escape '^note: n\\x1b\[5m$'
want_err title-escape 'evil.ode: T1 \x1b[2J'
# a picture file is XML: the title's bad byte and escape are text there too
printf "# canard: title=T \033[2J \377 <&>\nx' = -x\ny' = -y\n" > "$tmp/evil2.ode"
run -e "load $tmp/evil2.ode; export svg $tmp/evil2.svg"
check svg-title 0 ""
plain svg-title "$tmp/evil2.svg"
grep -qF '<title>T \x1b[2J \xff &lt;&amp;&gt;</title>' "$tmp/evil2.svg" ||
    { echo "FAIL robust/svg-title: $(grep '<title>' "$tmp/evil2.svg")"; fail=$((fail + 1)); }
run -e "load nope$(printf '\033')[2Jx"
check name-escape 1 ""
plain name-escape "$tmp/err"; want_err name-escape "unknown preset 'nope\x1b[2Jx'"
printf "x' = -x\377\ny' = -y\n" > "$tmp/invalid.ode"
run -e "load $tmp/invalid.ode"
check invalid-utf8 1 "invalid.ode:1:8: unexpected"
plain invalid-utf8 "$tmp/err"; want_err invalid-utf8 "unexpected '\xff'"
# U+2212 and U+00D7, pasted from a paper: quoted whole, with the ASCII to write
run -e "load vanderpol; set eps=$(printf '\342\210\222')1"
check minus-sign 1 ""
plain minus-sign "$tmp/err"
want_err minus-sign "column 1: unexpected '$(printf '\342\210\222')' (U+2212 MINUS SIGN: write '-'"
printf "x' = x$(printf '\303\227')y\ny' = -y\n" > "$tmp/times.ode"
run -e "load $tmp/times.ode"
check times-sign 1 "times.ode:1:7"
plain times-sign "$tmp/err"; want_err times-sign "unexpected '$(printf '\303\227')' (U+00D7"
# (found by fuzz_ode: a parameter list quoted one byte of U+22C5)
printf "par k$(printf '\342\213\205')1=1\nx' = -x\n" > "$tmp/dot.ode"
run -e "load $tmp/dot.ode"
check dot-operator 1 "dot.ode:1:6: expected a name in the parameter list"
plain dot-operator "$tmp/err"; want_err dot-operator "found '$(printf '\342\213\205')'"
# a message longer than its buffer is cut between characters
run -e "load $(awk 'BEGIN { for (i = 0; i < 300; i++) printf "\303\251" }')"
check long-name 1 "unknown preset"
plain long-name "$tmp/err"

# A NUL byte in a model or a script is an error at its line and column; the
# rest of the file is never silently dropped
printf "x' = -x\n# c\000omment\ny' = 1\n" > "$tmp/nul.ode"
run -e "load $tmp/nul.ode"
check nul-model 1 "nul.ode:2:4: a NUL byte"
printf 'load vanderpol\nset eps=0.5\000junk\nshow\n' > "$tmp/nul.cnd"
run -e "source $tmp/nul.cnd"
check nul-source 1 "nul.cnd:2:12: a NUL byte: a script is text"
[ -s "$tmp/out" ] && { echo "FAIL robust/nul-source: a part of the script ran"; fail=$((fail + 1)); }
run "$tmp/nul.cnd"
check nul-script 1 "nul.cnd:2:12: a NUL byte"
run < "$tmp/nul.cnd"
check nul-stdin 1 "<stdin>:2:12: a NUL byte: a script is text; the line was not run"
want_out nul-stdin "eps=0.05"	# the line was not cut to 'set eps=0.5' and run
# array index arithmetic out of range is an error, never an overflow (the
# fuzzer found j+9223372036854775807+1 and a product of two long numbers)
printf "x[0..1]' = -x[j+9223372036854775807+1]\n" > "$tmp/ix.ode"
run -e "load $tmp/ix.ode"
check index-overflow 1 "ix.ode:1:14: an index is beyond 1e9"
printf "x[0..1]' = -x[j*1111111111111111111*11111]\n" > "$tmp/ix.ode"
run -e "load $tmp/ix.ode"
check index-product 1 "an index is beyond 1e9"
printf "x[-9223372036854775807..9223372036854775807]' = -x[j]\n" > "$tmp/ix.ode"
run -e "load $tmp/ix.ode"
check index-range 1 "is empty or longer than 100000"
# the files a model or a command names are read the same bounded way: a
# table file or a 'map read' file with a NUL, a FIFO with no writer or a
# device is answered at once (fopen on the FIFO used to wait forever)
printf "table w $tmp/w.tab\nx' = w(x)\n" > "$tmp/tab.ode"
printf '3 0 1\n0\n0.5\000\n1\n' > "$tmp/w.tab"
brun -e "load $tmp/tab.ode"
check nul-table 1 "w.tab' has a NUL byte at line 3, column 4"
rm "$tmp/w.tab"; mkfifo "$tmp/w.tab"
brun -e "load $tmp/tab.ode"
check fifo-table 1 "table 'w': cannot read '$tmp/w.tab': it is a pipe with no writer"
printf "table w /dev/zero\nx' = w(x)\n" > "$tmp/tabz.ode"
brun -e "load $tmp/tabz.ode"
check device-table 1 "cannot read '/dev/zero': it is a device"
printf 'map cell=0 a=1 b=2 class=eq\nmap cell=1 a=2\000 b=2 class=eq\n' > "$tmp/nul.map"
brun -e "load vanderpol; map read $tmp/nul.map"
check nul-map-read 1 "a NUL byte at line 2, column 15"
brun -e "load vanderpol; map read $tmp/fifo"
check fifo-map-read 1 "it is a pipe with no writer"
# fate of a run too short to settle names the run length that would settle it,
# and a run of that length does end at the focus it was closing in on
run -e 'load pendulum; set tmax=40; traj; run; fate'
need=$(sed -n 's/.*hint=tmax need_tmax=\([0-9.e+]*\).*/\1/p' "$tmp/out")
if [ -z "$need" ]; then
	echo "FAIL robust/need-tmax: no need_tmax in: $(cat "$tmp/out")"; fail=$((fail + 1))
else
	run -e "load pendulum; set tmax=$need; traj; run; fate"
	check need-tmax 0 ""
	want_out need-tmax "end=equilibrium theta=6.28318530717958[0-9]* omega=0 type=stable-focus"
fi

# a script that sources itself twice: depth alone allowed 2^16 runs (a hang);
# now the nesting stops at the limit, once, and the next command answers
printf 'source %s/self.cnd\nsource %s/self.cnd\n' "$tmp" "$tmp" > "$tmp/self.cnd"
(timeout 20 "$bin" -e "source $tmp/self.cnd; load vanderpol; eq") > "$tmp/out" 2> "$tmp/err"
echo $? > "$tmp/status"
check self-source 1 "'source' nested more than 16 deep"
want_out self-source "eq id=1 x=0 y=0"

# a window zoomed in a million million times: the trajectory's arrowheads
# and start mark fall billions of cells off the frame, which must be left
# out without a conversion of the out-of-range cell to int (UBSan's
# float-cast-overflow under 'make sanitize')
run -e 'load vanderpol; traj 1 1; window 0 1e-12 0 1e-12; print'
check deep-zoom 0 ""
grep -q '┌' "$tmp/out" || { echo "FAIL robust/deep-zoom: no picture"; fail=$((fail + 1)); }

# ranges as wide as the doubles: a map axis or an orbit range whose width
# overflows is refused as the window is; iterates spread over +-1.7e308 (a
# bound near the largest number) still give marks and ticks (the box was
# infinitely wide: no mark, no tick)
run -e 'load vanderpol; map eps -1e308 1e308 3 x 0 1 3'
check map-too-wide 1 "map axis -1e+308..1e+308 is too wide"
printf '# flip\nx(t+1) = s*x\npar s=-1\ninit x=1.7e308\n@ meth=discrete, bound=1.79e308\ndone\n' \
    > "$tmp/flip.ode"
run -e "load $tmp/flip.ode; orbit s -1e308 1e308 3"
check orbit-too-wide 1 "orbit range -1e+308..1e+308 is too wide"
run -e "load $tmp/flip.ode; orbit s -1 -0.5 5 drop=0 keep=4; print"
check orbit-huge 0 ""
marks=$(python3 -c 'import sys; print(sum(0x2800 < ord(ch) <= 0x28ff
    for ch in open(sys.argv[1], encoding="utf-8").read()))' "$tmp/out")
if [ "$marks" -lt 8 ] || ! grep -q '5e+307┤' "$tmp/out"; then
	echo "FAIL robust/orbit-huge: $marks marks, ticks: $(grep -c '┤' "$tmp/out")"; fail=$((fail + 1))
fi

# a run that spends its steps before it fills its rows says so: the message
# named maxstor=10 points kept when 7 were (points=grid keeps one a dt)
run -e 'load vanderpol; set eps=0.01 maxstor=10 points=grid dt=50 tmax=400 tol=1e-12; traj 1 1; run'
check step-limit 0 "500 steps taken, the limit of 50 per maxstor point, with 7 points kept"

echo "robust: $pass passed, $fail failed"
[ $fail = 0 ]
