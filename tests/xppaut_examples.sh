#!/bin/sh
# Every example .ode file that Debian's xppaut package ships (120 of them in
# examples/ode and html/odes), loaded by canard and run to its end time.
#
#   sh tests/xppaut_examples.sh ./canard            check, table in build/
#   sh tests/xppaut_examples.sh ./canard --update   also rewrite tests/xpp/examples.md
#
# For each file:
# - canard refuses it: the message must name a feature canard leaves out
#   (the list is REFUSABLE below) or a missing data file; anything else fails.
# - canard loads it: its final state is compared with XPPAUT's.
#   * The file asks for a fixed-step method (meth=euler, modeuler or
#     rungekutta/rk4): canard steps exactly as XPPAUT does, so the reference is
#     'xppaut FILE -silent' itself and the rows must agree to XPPAUT's printed
#     precision (single precision, %.8g).
#   * Otherwise the file's numerics are XPPAUT's error control (its default
#     rk4 at dt=0.05, or an adaptive method at the file's loose tolerance),
#     which is not accurate to 1e-6: the reference is XPPAUT with cvode at
#     tol=atol=1e-12 and canard runs at tol=1e-11, atol=1e-12 (measured: at
#     1e-10 XPPAUT was 2.1e-5 off in acoaster.ode's x, 3.4e-6 in r3b.ode's
#     last column and 6e-6 of the range in doubpend.ode, where canard's runs
#     at 1e-11 and 1e-13 agree to 1e-9; at 1e-12 all three agree).
#   Agreement is |canard - xppaut| <= 1e-6 of the column's range over XPPAUT's
#   run (or of the value, whichever is larger) in every column, and never
#   tighter than 1e-8.
# - canard loads it and it has random inputs (wiener, ran, normal, markov, gill): the two
#   runs are compared in law (see stochastic() below).
#   * The file has algebraic constraints ('0='): XPPAUT 6.11 solves them only
#     until the summed residual is below 1e-3 (its NEWT_TOL default; measured:
#     the file's own newt_tol does not tighten it, dae.ode's residual column
#     stays near 1e-4), so the algebraic values, and what they drive, are
#     compared to 1e-3 of the range (at least 1e-3). canard solves them to round-off; the
#     unit test test_dae checks it against closed forms.
#   * The file has named sets: XPPAUT's batch run writes one NAME.dat per
#     set (the file's values with the set applied) and no output.dat, so the
#     first set is compared, canard running 'use NAME' after loading; the
#     reference options go into the set too (a set's meth= would win).
# - Exceptions, each with its reason, are in tests/xpp/examples.known.
#   'converge dt=D meth=M' is for files where XPPAUT's answer is only first
#   order in its step whatever the method (its resets, its delays): XPPAUT
#   runs with method M (cvode at tol 1e-12) at steps D, D/2 and D/4, and it
#   agrees when every column is within 1e-6 of canard's (of the column's range
#   over the run, as above) or its error against canard shrinks with each
#   halving, by at least 3 over the two, to 1% of the range: XPPAUT converges
#   to canard's answer.
#   'inlaw-not REASON' says why a stochastic file is not compared in law.
#   'same-as DIR/FILE REASON': XPPAUT writes nothing for this file, and the
#   other file states the same model (REASON says why): its XPPAUT run is
#   the reference.
#
# xppaut is a test-only dependency; without it (or its examples) this skips.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
if [ "$update" = "--one" ]; then	# internal: one file into the directory $4
	mode=one; f=$3; tmp=$4
else
	mode=all
fi
ROOT=${XPP_EXAMPLES:-/usr/share/doc/xppaut}
JOBS=${XPP_JOBS:-2}

if ! command -v xppaut >/dev/null 2>&1; then
	echo "xppaut not installed: example files skipped"
	exit 0
fi
if [ ! -d "$ROOT/examples/ode" ]; then
	echo "xppaut examples not found in $ROOT: example files skipped"
	exit 0
fi

# Features a refusal may name (the issue leaves them out, or another part of
# canard has not landed them yet), and a missing data file.
REFUSABLE='wiener|global|delay|discrete map|Volterra|volterra|special|markov|mksol|ran\(|normal\(|not found|cannot read|int\{'


# ---- XPPAUT's last row of file $1 with the options $2 (in the directory $3) ----
xpp_last() {
	awk -v extra="$2" '
	    !d && /^[ \t]*[dD][a-zA-Z]*[ \t\r]*$/ { print "@ " extra; d = 1 }
	    /^[ \t]*[oO][nN][a-zA-Z]*[ \t]/ { next }
	    { print } END { if (!d) print "@ " extra }' "$1" > "$3/ref.ode"
	(cd "$3" && rm -f output.dat && timeout 120 xppaut ref.ode -silent >/dev/null 2>&1)
	# the last row, then each column's range over the run
	[ -s "$3/output.dat" ] && awk '
	    { for (i = 1; i <= NF; i++) { if (NR == 1 || $i < lo[i]) lo[i] = $i
	      if (NR == 1 || $i > hi[i]) hi[i] = $i; x[i] = $i }; n = NF }
	    END { for (i = 1; i <= n; i++) printf "%s%s", x[i], i < n ? " " : "\n"
	      for (i = 1; i <= n; i++) printf "%.9g%s", hi[i] - lo[i], i < n ? " " : "\n" }' \
	    "$3/output.dat"
}

# ---- 'converge dt=D meth=M REASON': XPPAUT at D, D/2, D/4 against canard ----
converge() {
	f=$1
	set -- $2
	cdt=${2#dt=}
	cmeth=${3#meth=}
	shift 3
	why="$*"
	ctol=""
	[ "$cmeth" = cvode ] && ctol=", tol=1e-12, atol=1e-12"
	ln -s "$dir"/* "$work/" 2>/dev/null
	rows=""
	for q in 1 2 4; do
		d=$(awk -v a="$cdt" -v q=$q 'BEGIN { printf "%.10g", a / q }')
		r=$(xpp_last "$f" "meth=$cmeth, dt=$d, nout=1, maxstor=100000000$ctol" "$work")
		[ -z "$r" ] && { echo "$label|loads, no reference|xppaut wrote nothing at dt=$d"; return; }
		rows="$rows$r
"
	done
	rows=$(printf '%s' "$rows" | sed '/^$/d')
	crow=$(timeout 60 "$bin" -e "load $f; set tol=1e-11 atol=1e-12; traj; export csv -" \
	    2>/dev/null | tail -1)
	[ -z "$crow" ] && { echo "$label|run failed|canard exported nothing"; return; }
	res=$(printf '%s' "$rows" | awk -v crow="$crow" '
	    function abs(x) { return x < 0 ? -x : x }
	    # odd lines: the last rows at D, D/2, D/4; even lines: the column ranges
	    NR % 2 { for (i = 1; i <= NF; i++) x[(NR + 1) / 2, i] = $i; n = NF; next }
	    { for (i = 1; i <= NF; i++) rg[i] = $i }
	    END {
		m = split(crow, c, ",");
		if (m - 1 != n) { print "columns: xppaut " n ", canard " m - 1; exit }
		for (i = 1; i <= n; i++) {
			s = rg[i]; for (k = 1; k <= 3; k++) if (abs(x[k, i]) > s) s = abs(x[k, i]);
			if (s < 1e-2) s = 1e-2;
			for (k = 1; k <= 3; k++) {
				e[k] = abs(x[k, i] - c[i + 1]) / s;
				if (e[k] > top[k]) top[k] = e[k]
			}
			if (e[3] <= 1e-6) continue;
			if (!(e[3] < e[2] && e[2] < e[1] && e[3] <= e[1] / 3 && e[3] <= 1e-2)) {
				printf "column %d: xppaut %s, %s, %s, canard %s\n", i, x[1, i], x[2, i], x[3, i], c[i + 1]; exit
			}
		}
		printf "ok t=%s, relative errors %.1e, %.1e, %.1e\n", x[3, 1], top[1], top[2], top[3]
	    }')
	case "$res" in
	ok*) echo "$label|agrees|${res#ok }, xppaut $cmeth at dt=$cdt, /2, /4 converges to canard ($why)";;
	*) echo "$label|differs|$res, xppaut $cmeth at dt=$cdt, /2, /4 ($why)";;
	esac
}

# ---- a stochastic file: XPPAUT's run and canard's compared in law ----
# Both runs are cut into 20 batches of rows; in every column the mean over the
# run and the mean of the batches' standard deviations must agree within 4
# standard errors (from the spread of the batch values of both runs: batch
# means, conservative where the run has a transient). Both streams are fixed,
# so the outcome is reproducible; a wrong noise scale (sqrt(dt)) or a missed
# draw moves the standard deviations by many standard errors.
stochastic() {
	f=$1
	case "$known" in
	inlaw-not*) echo "$label|loads, stochastic|not compared: ${known#* } ($notes notes)"; return;;
	esac
	awk -v extra="${3:+$3, }maxstor=10000000" '
	    !d && /^[ \t]*[dD][a-zA-Z]*[ \t\r]*$/ { print "@ " extra; d = 1 }
	    /^[ \t]*[oO][nN][a-zA-Z]*[ \t]/ { next }
	    { print } END { if (!d) print "@ " extra }' "$f" > "$work/ref.ode"
	(cd "$work" && rm -f output.dat && timeout 60 xppaut ref.ode -silent >/dev/null 2>&1)
	if [ ! -s "$work/output.dat" ]; then
		echo "$label|loads, no reference|xppaut wrote nothing ($notes notes)"
		return
	fi
	timeout 60 "$bin" -e "$2; set maxstor=10000000; traj; export csv -" 2>/dev/null | tail -n +2 | cut -d, -f2- |
	    tr ',' ' ' > "$work/canard.dat"
	res=$(awk '
	    function abs(x) { return x < 0 ? -x : x }
	    FNR == 1 { run++ }
	    { n[run]++; for (i = 1; i <= NF; i++) v[run, n[run], i] = $i; nf[run] = NF }
	    END {
		if (nf[1] != nf[2]) { print "columns: xppaut " nf[1] ", canard " nf[2]; exit }
		if (n[1] < 40 || n[2] < 40) { print "too few rows: " n[1] ", " n[2]; exit }
		if (abs(v[1, n[1], 1] - v[2, n[2], 1]) > 1e-6 * (1 + abs(v[1, n[1], 1]))) {
			print "xppaut ends at t=" v[1, n[1], 1] ", canard at t=" v[2, n[2], 1]; exit
		}
		B = 20
		for (i = 2; i <= nf[1]; i++) {
			for (r = 1; r <= 2; r++) {
				sm = ss = sd = sd2 = 0
				for (b = 0; b < B; b++) {
					lo = int(b * n[r] / B) + 1; hi = int((b + 1) * n[r] / B)
					s1 = s2 = 0
					for (k = lo; k <= hi; k++) { x = v[r, k, i]; s1 += x; s2 += x * x }
					mb = s1 / (hi - lo + 1); vb = s2 / (hi - lo + 1) - mb * mb
					db = vb > 0 ? sqrt(vb) : 0
					sm += mb; ss += mb * mb; sd += db; sd2 += db * db
				}
				m[r] = sm / B; sem[r] = sqrt(abs(ss / B - m[r] * m[r]) / (B - 1))
				d[r] = sd / B; sed[r] = sqrt(abs(sd2 / B - d[r] * d[r]) / (B - 1))
			}
			floor = 1e-9 * (1 + abs(m[1]))
			zm = abs(m[1] - m[2]) / (sqrt(sem[1] ^ 2 + sem[2] ^ 2) + floor)
			zd = abs(d[1] - d[2]) / (sqrt(sed[1] ^ 2 + sed[2] ^ 2) + floor)
			if (zm > worst) worst = zm
			if (zd > worst) worst = zd
			if (zm > 4 || zd > 4) {
				printf "column %d: mean %.6g against %.6g, sd %.6g against %.6g (%.1f and %.1f standard errors)\n", i, m[1], m[2], d[1], d[2], zm, zd
				exit
			}
		}
		printf "ok t=%s, %d columns within %.1f standard errors\n", v[1, n[1], 1], nf[1] - 1, worst
	    }' "$work/output.dat" "$work/canard.dat")
	case "$res" in
	ok*) echo "$label|agrees|${res#ok } (means and sds of 20 batches; random inputs, $notes notes)";;
	*) echo "$label|differs|$res (in law; random inputs)";;
	esac
}

# ---- one file: prints "name|outcome|detail" ----
one() {
	f=$1
	dir=$(dirname "$f")
	name=$(basename "$f")
	label=$(basename "$dir")/$name
	work=$tmp/$(echo "$label" | tr / _)
	mkdir -p "$work"
	known=$(awk -v n="$label" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' \
	    "$here/xpp/examples.known")
	xf=$f
	case "$known" in
	skip*) echo "$label|skipped|${known#skip }"; return;;
	same-as*) xf=${known#same-as }; xf=${xf%% *}
		case "$xf" in ode/*) xf=$ROOT/examples/$xf;; *) xf=$ROOT/html/$xf;; esac;;
	converge*) converge "$f" "$known"; return;;
	esac
	# 'total=T', 'tol=X' (canard at tol=X, atol=X/10: a model too sensitive
	# for 1e-11), 'reftol=X' (XPPAUT's cvode at X: 1e-12 is not accurate enough)
	ctotal="" ctol="" reftol=1e-12
	while :; do
		case "$known" in
		total=*) ctotal=${known%% *}; ctotal=${ctotal#total=};;
		tol=*) ctol=${known%% *}; ctol=${ctol#tol=};;
		reftol=*) reftol=${known%% *}; reftol=${reftol#reftol=};;
		*) break;;
		esac
		known=${known#* }
	done

	err=$(timeout 60 "$bin" -e "load $f" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 0 ]; then
		msg=$(echo "$err" | grep -v '^warning' | head -1 | sed "s#^-e:1: ##; s#$dir/##")
		if echo "$msg" | grep -Eq "$REFUSABLE"; then
			echo "$label|refused|$msg"
		else
			echo "$label|refused, to do|$msg"
		fi
		return
	fi
	notes=$(echo "$err" | grep -c .)

	# the first named set, which XPPAUT's batch run uses (its own file)
	set1=$(sed -n '/^[[:space:]]*[dD][a-zA-Z]*[[:space:]]*$/q; s/^[[:space:]]*[sS][eE][tT][[:space:]][[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" | head -1)
	setbody=""
	[ -n "$set1" ] && setbody=$(awk -v n="$set1" '
	    !on && tolower($1) == "set" && $2 ~ "^" n "([^A-Za-z0-9_]|$)" { on = 1 }
	    on { print; if (index($0, "}")) exit }' "$f")
	# the method the file (or its set) asks for decides the reference
	meth=$( (sed -n '/^[[:space:]]*[dD][a-zA-Z]*[[:space:]]*$/q; /^[[:space:]]*@/p' "$f";
	    echo "$setbody" | tr '{}' '  ') | tr 'A-Z' 'a-z' |
	    tr ',' '\n' | tr ' ' '\n' | sed -n 's/^meth[a-z]*=\(.\).*/\1/p' | tail -1)
	# algebraic constraints: XPPAUT solves them to 1e-3 only
	rel=1e-6 floor=1e-2
	if sed -n '/^[[:space:]]*[dD][a-zA-Z]*[[:space:]]*$/q; p' "$f" | grep -Eq '^[[:space:]]*0[[:space:]]*='; then
		rel=1e-3 floor=1
	fi
	# the model's directory, so that table files resolve as they do for XPPAUT
	ln -s "$dir"/* "$work/" 2>/dev/null
	ref=$work/ref.ode
	cmds="load $f${set1:+; use $set1}; set points=grid"
	extra=""
	[ -n "$ctotal" ] && cmds="$cmds; set tmax=$ctotal" && extra="total=$ctotal"
	# noise: a different random stream each, so the paths are compared in law
	if sed -n '/^[[:space:]]*[dD][a-zA-Z]*[[:space:]]*$/q; p' "$f" | grep -v '^[[:space:]]*#' |
	    grep -Eiq '^[[:space:]]*(w|ma)[a-z]*[[:space:]]|ran[[:space:]]*\(|normal[[:space:]]*\(|gill[[:space:]]*\('; then
		stochastic "$f" "$cmds" "$extra"
		return
	fi
	case "$meth" in
	e|m|r) how="fixed step, xppaut as is";;
	d) how="map, xppaut as is";;
	*)
		how="xppaut cvode $reftol"
		extra="${extra:+$extra, }meth=cvode, tol=$reftol, atol=$reftol"
		if [ -n "$ctol" ]; then
			cmds="$cmds; set tol=$ctol atol=$(awk -v t="$ctol" 'BEGIN { print t / 10 }')"
			how="$how, canard at tol=$ctol"
		else
			cmds="$cmds; set tol=1e-11 atol=1e-12"
		fi;;
	esac
	# XPPAUT's batch file is the model with 'only' dropped (every column) and
	# the reference options last, before 'done' (a later option wins)
	awk -v extra="$extra" '
	    !d && /^[ \t]*[dD][a-zA-Z]*[ \t\r]*$/ { if (extra != "") print "@ " extra; d = 1 }
	    /^[ \t]*[oO][nN][a-zA-Z]*[ \t]/ { next }
	    !d && tolower($1) == "set" { inset = 1 }
	    inset && index($0, "}") { if (extra != "") sub(/}/, ", " extra "}"); inset = 0 }
	    { print } END { if (!d && extra != "") print "@ " extra }' "$xf" > "$ref"
	(cd "$work" && rm -f output.dat && timeout 60 xppaut ref.ode -silent >/dev/null 2>&1)
	# '@ output=NAME' sends the rows elsewhere: the newest file XPPAUT wrote;
	# with sets, the first set's
	if [ -n "$set1" ]; then
		out=$(ls "$work"/*.dat 2>/dev/null | grep -i "/$set1\.dat\$" | head -1)
	else
		out=$(ls -t "$work"/*.dat 2>/dev/null | while read -r x; do
		    [ -L "$x" ] || { echo "$x"; break; }; done)
	fi
	if [ -z "$out" ] || [ ! -s "$out" ]; then
		echo "$label|loads, no reference|xppaut wrote nothing ($notes notes)"
		return
	fi
	crow=$(timeout 60 "$bin" -e "$cmds; traj; export csv -" 2>/dev/null | tail -1)
	if [ -z "$crow" ]; then
		echo "$label|run failed|canard exported nothing"
		return
	fi
	# column ranges over XPPAUT's run, then its last row against canard's
	res=$(awk -v crow="$crow" -v rel="$rel" -v floor="$floor" '
	    { n = NF; for (i = 1; i <= NF; i++) { if (NR == 1 || $i < lo[i]) lo[i] = $i;
	      if (NR == 1 || $i > hi[i]) hi[i] = $i; x[i] = $i } }
	    END {
		m = split(crow, c, ",");
		if (m - 1 != n) { print "columns: xppaut " n ", canard " m - 1; exit }
		for (i = 1; i <= n; i++) {
			d = x[i] - c[i + 1]; if (d < 0) d = -d;
			s = hi[i] - lo[i]; a = x[i] < 0 ? -x[i] : x[i]; if (a > s) s = a;
			if (s < floor) s = floor;
			if (d > rel * s) { printf "column %d: xppaut %s, canard %s\n", i, x[i], c[i + 1]; exit }
		}
		printf "ok t=%s\n", x[1];
	    }' "$out")
	[ "$xf" != "$f" ] && how="$how, reference $(basename "$(dirname "$xf")")/$(basename "$xf") (${known#* * })"
	case "$res" in
	ok*) [ "$rel" = 1e-6 ] || how="$how, to 1e-3 (xppaut's constraint tolerance)"
	    [ -n "$set1" ] && how="$how, set $set1"
	    echo "$label|agrees|${res#ok }, $how${known:+ (${ctotal:+total=$ctotal: }$known)}";;
	*) echo "$label|differs|$res, $how${set1:+, set $set1}";;
	esac
}

if [ $mode = one ]; then
	one "$f"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/../build"
table=$here/../build/xpp-examples.md
ls "$ROOT"/examples/ode/*.ode "$ROOT"/html/odes/*.ode |
    XPP_EXAMPLES=$ROOT xargs -P "$JOBS" -I{} sh "$0" "$bin" --one {} "$tmp" > "$tmp/rows"
sort -o "$tmp/rows" "$tmp/rows"

total=$(grep -c . "$tmp/rows")
loaded=$(grep -c '|agrees|\||loads\||loads, \||differs|\||run failed|' "$tmp/rows")
agree=$(grep -c '|agrees|' "$tmp/rows")
refused=$(grep -c '|refused|' "$tmp/rows")
fail=$(grep -c '|refused, to do|\||differs|\||run failed|\||loads, no' "$tmp/rows")
{
	echo "# XPPAUT's example files in canard"
	echo
	echo "Generated by \`sh tests/xppaut_examples.sh ./canard --update\` (do not edit) from the"
	echo "$total .ode files of Debian's xppaut package. canard loads $loaded; $agree of them agree"
	echo "with XPPAUT at the end of the run (see the script for the reference each uses);"
	echo "$refused are refused, each naming a feature canard leaves out; $fail still to do"
	echo "('refused, to do' and 'differs'). A file that agrees or is refused for a named"
	echo "feature here must stay so: make check fails on a regression."
	echo
	echo "| file | outcome | detail |"
	echo "| --- | --- | --- |"
	sed 's/|/ | /g; s/^/| /; s/$/ |/' "$tmp/rows"
} > "$table"
# a regression is a file whose committed outcome was 'agrees' or 'refused'
# (naming a feature) and is now anything else
regress=0
if [ -f "$here/xpp/examples.md" ]; then
	regress=$(awk -F' [|] ' '{ sub(/^[|] /, "", $1) } NR == FNR { if ($2 == "agrees" || $2 == "refused") was[$1] = $2; next }
	    ($1 in was) && $2 != was[$1] && !(was[$1] == "refused" && $2 != "refused, to do") { print "REGRESSION " $1 ": was " was[$1] ", now " $2 " (" $3 ")" > "/dev/stderr"; n++ }
	    END { print n + 0 }' "$here/xpp/examples.md" "$table")
fi
grep '|refused, to do|\||differs|\||run failed|\||loads, no' "$tmp/rows" | sed 's/^/not yet: /'
if [ "$update" = "--update" ]; then
	cp "$table" "$here/xpp/examples.md"
	echo "wrote tests/xpp/examples.md"
elif [ -f "$here/xpp/examples.md" ] && ! cmp -s "$table" "$here/xpp/examples.md"; then
	echo "note: the outcomes differ from tests/xpp/examples.md (see $table; update with --update)"
fi
echo "xppaut examples: $total files, $loaded load, $agree agree, $refused refused, $fail not yet, $regress regressions"
[ "$regress" = 0 ]
