#!/bin/sh
# canard's numbers against XPPAUT's, where xppaut is installed (it is a
# reference, never a dependency): each model in tests/xpp is run by
# 'xppaut FILE -silent' and by canard at a tight tolerance, and the last rows
# must agree to XPPAUT's printed precision (single precision, %.8g).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/xpp"
if ! command -v xppaut >/dev/null 2>&1; then
	echo "xppaut not installed: comparison skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in *.ode; do
	cp "$f" "$tmp/"
	(cd "$tmp" && timeout 60 xppaut "$f" -silent > /dev/null 2>&1)
	if [ ! -s "$tmp/output.dat" ]; then
		echo "FAIL xppaut/$f: xppaut wrote nothing"; fail=$((fail + 1)); continue
	fi
	xrow=$(tail -1 "$tmp/output.dat")
	rm -f "$tmp/output.dat"
	crow=$("$bin" -e "load $f; set tol=1e-11 atol=1e-12; traj; export csv -" 2>/dev/null | tail -1)
	# compare t and every column: XPPAUT's row is "t x1 ... aux", canard's "1,t,x1,...,aux"
	if echo "$xrow|$crow" | awk -F'|' '{
		n = split($1, x, " "); m = split($2, c, ",");
		if (m - 1 != n) { print "columns: " n " vs " m - 1; exit 1 }
		for (i = 1; i <= n; i++) {
			d = x[i] - c[i + 1]; if (d < 0) d = -d;
			s = x[i] < 0 ? -x[i] : x[i]; if (s < 1) s = 1;
			if (d > 2e-6 * s) { print "column " i ": xppaut " x[i] ", canard " c[i + 1]; exit 1 }
		}
	}'; then
		pass=$((pass + 1))
	else
		echo "FAIL xppaut/$f"; echo "  xppaut: $xrow"; echo "  canard: $crow"; fail=$((fail + 1))
	fi
done
echo "xppaut: $pass passed, $fail failed"
[ $fail = 0 ]
