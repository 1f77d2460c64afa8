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

run --no-such-option
check bad-option 2 "usage"

echo "robust: $pass passed, $fail failed"
[ $fail = 0 ]
