#!/bin/sh
# export svg and export png of the views beside the portrait, rendered by a
# real renderer (rsvg-convert) and checked pixel by pixel at places computed
# from closed forms, not read from canard's output:
# - the time series of a linear fast-slow system x' = y - x, y' = -eps*y
#   (x(0) = 0, y(0) = 1, eps = 1/2: x = 2(e^(-t/2) - e^(-t)), y = e^(-t/2)),
#   each variable in its colour where its value at t is, and its key;
# - 'view both': the portrait (the critical manifold x = y, attracting, in
#   the branch colour, and the trajectory) in the left half, the time series
#   in the right half at 160x40; stacked at 80x40; the portrait alone at
#   80x24, as the text picture of the same size arranges them;
# - 'diagram beside': the canard preset's equilibrium branch x = a (stable
#   for a < -1) in the left half, its critical manifold y = x^3/3 - x in the
#   right half;
# - a map's iterates (x_n = 2^-n, y_n = (-4/5)^n) as dots where they are, not
#   joined, in the portrait and the time series;
# - a fate map of the focus x' = a x - y, y' = x + a y (stable for a < 0,
#   growing as e^(a t) for a > 0): each cell as a rect in its class's colour
#   as the key gives it, the stable focus left of a = 0, escape right of it;
# - the logistic map's orbit diagram: the fixed point 1 - 1/r (r < 3) and
#   the 2-cycle (r + 1 +- sqrt((r + 1)(r - 3)))/(2r) (3 < r < 1 + sqrt 6) as
#   marks where they are, nothing at the unstable fixed point beyond r = 3;
# - the legend: each trajectory in its colour with its start as the panel
#   writes it and its fate (x' = y - x, y' = -y/2 ends at the stable node;
#   backward from 1,1 it escapes, which the arrow says points back);
# - export png writes the same picture, and says in one sentence that it
#   needs rsvg-convert when that is not on PATH.
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets
if ! command -v rsvg-convert >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "svg_views: rsvg-convert or python3 not installed: skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL svg_views/$1"; fail=$((fail + 1)); }

cat > "$tmp/lin.ode" <<'EOF'
# a linear fast-slow system: C0 is the line x = y, attracting
# canard: fast=x slow=y eps=eps
x' = y - x
y' = -eps*y
par eps=0.5
init x=0, y=1
@ total=8
done
EOF
# dtmax keeps the stored steps dense: the polyline's chords stay within a
# fraction of a pixel of the curve
lin="load $tmp/lin.ode; set dtmax=0.02; window -0.5 1.5 -0.5 1.5; traj"

# picture NAME CMDS: NAME.svg (valid XML), NAME.png rendered from it, NAME.txt the text
picture() {
	"$BIN" -e "$2; export svg $tmp/$1.svg; print" >"$tmp/$1.txt" 2>"$tmp/err" ||
	    { bad "$1: canard failed"; cat "$tmp/err"; return 1; }
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$tmp/$1.svg" || { bad "$1: xmllint refused it"; return 1; }
	fi
	rsvg-convert "$tmp/$1.svg" -o "$tmp/$1.png" || { bad "$1: rsvg-convert refused it"; return 1; }
}

# check NAME: the python below, given the test's name, answers with the faults found
check() {
	if out=$(python3 - "$tmp" "$1" <<'PY'
import math, re, sys
sys.path.insert(0, "tests")
from pngpix import Png, Box, frames

tmp, name = sys.argv[1], sys.argv[2]
svg = "%s/%s.svg" % (tmp, name)
doc = open(svg).read()
fr = frames(svg)
pic = Png("%s/%s.png" % (tmp, name))
fail = []
X, Y = "#e6850e", "#c2185b"     # the first two trajectory colours: x and y in the key
BRANCH = "#1f5fbf"              # attracting branch, stable equilibrium branch

def x_of(t): return 2 * (math.exp(-t / 2) - math.exp(-t))
def y_of(t): return math.exp(-t / 2)

def ts_box(frame):
    # the time series' box: the run's time span across; the values' extent
    # with a 5% margin up (x's maximum 1/2 at t = 2 ln 2, y's 1 at t = 0,
    # the least x(0) = 0)
    lo, hi = 0.0, 1.0
    m = 0.05 * (hi - lo)
    return Box(frame, 0, 8, lo - m, hi + m)

def within(frame, x0, x1, y0, y1):
    fx, fy, fw, fh = frame
    return x0 <= fx and fx + fw <= x1 and y0 <= fy and fy + fh <= y1

def series(box, where):
    for t in (0.5, 1.0, 2.0, 4.0):
        if not pic.near(*box.px(t, x_of(t)), X):
            fail.append("%s: no x colour at t=%g, x=%.4f" % (where, t, x_of(t)))
        if not pic.near(*box.px(t, y_of(t)), Y):
            fail.append("%s: no y colour at t=%g, y=%.4f" % (where, t, y_of(t)))
        # each curve in its own colour only: y's colour is not on x (apart, t >= 0.5)
        if pic.near(*box.px(t, x_of(t)), Y, r=1):
            fail.append("%s: y's colour on x at t=%g" % (where, t))
        if pic.near(*box.px(t, y_of(t)), X, r=1):
            fail.append("%s: x's colour on y at t=%g" % (where, t))
    # nothing where neither curve is
    for t, v in ((6.0, 0.9), (1.0, 0.05)):
        if pic.near(*box.px(t, v), X, r=3) or pic.near(*box.px(t, v), Y, r=3):
            fail.append("%s: a curve's colour in empty space at t=%g, %g" % (where, t, v))

def key():
    # the key: each variable's name beside a line in its colour
    for var, col in (("x", X), ("y", Y)):
        if not re.search(r'<line [^>]*stroke="%s" stroke-width="1.6"/>\n<text [^>]*>%s</text>'
                         % (col, var), doc):
            fail.append("no key line for %s in %s" % (var, col))

def portrait(box, where):
    # C0: x = y, attracting; away from the trajectory (x <= 1/2 everywhere)
    for s in (0.9, 1.2, -0.3):
        if not pic.near(*box.px(s, s), BRANCH):
            fail.append("%s: no attracting branch at (%g, %g)" % (where, s, s))
    for t in (0.3, 1.0, 3.0):
        if not pic.near(*box.px(x_of(t), y_of(t)), X):
            fail.append("%s: no trajectory at t=%g" % (where, t))

W, H = pic.w, pic.h
if name == "time":
    if list(fr) != ["time"] or not within(fr["time"], 0, W, 0, H):
        fail.append("frames %s, not the time series alone" % list(fr))
    else:
        series(ts_box(fr["time"]), "time")
        key()
        if "<circle" in doc or ">stable<" in doc:
            fail.append("phase-plane marks in the time series")
elif name in ("both", "stacked"):
    # side by side: the portrait in the left half; stacked: in the top half
    side = name == "both"
    halves = {"portrait": (0, W / 2, 0, H) if side else (0, W, 0, H / 2),
              "time": (W / 2, W, 0, H) if side else (0, W, H / 2, H)}
    if sorted(fr) != ["portrait", "time"]:
        fail.append("frames %s, not the portrait and the time series" % list(fr))
    else:
        for pane, where in halves.items():
            if not within(fr[pane], *where):
                fail.append("%s: the %s is not in %s: %s" % (name, pane, where, fr[pane]))
        portrait(Box(fr["portrait"], -0.5, 1.5, -0.5, 1.5), name + "/portrait")
        series(ts_box(fr["time"]), name + "/time")
        key()
elif name == "narrow":
    if list(fr) != ["portrait"]:
        fail.append("frames %s, not the portrait alone at 80x24" % list(fr))
    else:
        portrait(Box(fr["portrait"], -0.5, 1.5, -0.5, 1.5), "narrow")
elif name == "beside":
    if sorted(fr) != ["diagram", "portrait"]:
        fail.append("frames %s, not the diagram and the portrait" % list(fr))
    else:
        if not within(fr["diagram"], 0, W / 2, 0, H):
            fail.append("the diagram is not in the left half: %s" % (fr["diagram"],))
        if not within(fr["portrait"], W / 2, W, 0, H):
            fail.append("the portrait is not in the right half: %s" % (fr["portrait"],))
        # the diagram: a from -3 to -1.2 across, the branch x = a up with a 5% margin
        lo, hi = -3.0, -1.2
        m = 0.05 * (hi - lo)
        dg = Box(fr["diagram"], lo, hi, lo - m, hi + m)
        for a in (-2.8, -2.2, -1.6):
            if not pic.near(*dg.px(a, a), BRANCH):
                fail.append("diagram: no stable branch at a=%g" % a)
        if pic.near(*dg.px(-2.2, -1.6), BRANCH, r=3):
            fail.append("diagram: the branch colour off the branch")
        # the portrait: the preset's window, C0 y = x^3/3 - x attracting for |x| > 1
        pt = Box(fr["portrait"], -2.5, 2.5, -1.5, 1.5)
        for x in (-2.0, -1.6, 1.6, 2.0):
            if not pic.near(*pt.px(x, x ** 3 / 3 - x), BRANCH):
                fail.append("portrait: no attracting branch at x=%g" % x)
        if pic.near(*pt.px(0, 1.2), BRANCH, r=3):
            fail.append("portrait: the branch colour in empty space")
elif name == "map":
    # a map's iterates are dots, not joined: x_n = 2^-n, y_n = (-4/5)^n, n = 0..10
    if sorted(fr) != ["portrait", "time"]:
        fail.append("frames %s, not the portrait and the time series" % list(fr))
    else:
        pt = Box(fr["portrait"], -0.1, 1.1, -1.1, 1.1)
        lo, hi = -0.8, 1.0
        ts = Box(fr["time"], 0, 10, lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
        for n in range(11):
            xn, yn = 0.5 ** n, (-0.8) ** n
            if not pic.near(*pt.px(xn, yn), X):
                fail.append("portrait: no iterate %d at (%g, %g)" % (n, xn, yn))
            # at n = 0 both are 1: y's dot, drawn last, covers x's
            if n > 0 and not pic.near(*ts.px(n, xn), X):
                fail.append("time: no x iterate at n=%d" % n)
            if not pic.near(*ts.px(n, yn), Y):
                fail.append("time: no y iterate at n=%d" % n)
        # between iterates nothing: not joined by lines
        for a, b in ((0, 1), (1, 2), (2, 3)):
            mx, my = 0.5 * (0.5 ** a + 0.5 ** b), 0.5 * ((-0.8) ** a + (-0.8) ** b)
            if pic.near(*pt.px(mx, my), X, r=1):
                fail.append("portrait: iterates %d and %d joined" % (a, b))
            if pic.near(*ts.px(a + 0.5, my), Y, r=1):
                fail.append("time: y iterates %d and %d joined" % (a, b))
elif name == "legend":
    # trajectory k: a line in its colour, "k: START", below it the fate
    for k, col, start in ((1, X, "0,1"), (2, Y, "1,0.5")):
        if not re.search(r'<line [^>]*stroke="%s" stroke-width="1.6"/>\n<text [^>]*>%d: %s</text>\n'
                         r'<text [^>]*class="fate"[^>]*>\u2192 stable-node</text>' % (col, k, start), doc):
            fail.append("no legend line for trajectory %d in %s from %s to the stable node"
                        % (k, col, start))
    # a backward trajectory's fate is where it came from: the arrow points back
    if not re.search(r'<line [^>]*stroke="#00796b" stroke-width="1.6"/>\n<text [^>]*>3: 1,1</text>\n'
                     r'<text [^>]*class="fate"[^>]*>\u2190 escape[^<]*</text>', doc):
        fail.append("no legend line for the backward trajectory 3 from 1,1 with '\u2190 escape'")
elif name == "fatemap":
    # the key: a square in each class's colour beside its name
    key = dict((n, c) for c, n in re.findall(
        r'<rect [^>]*width="14" height="14" fill="(#[0-9a-f]{6})"[^>]*/>\n<text [^>]*>([^<]*)</text>', doc))
    focus, esc = key.get("equilibrium:stable-focus"), key.get("escape")
    if list(fr) != ["map"]:
        fail.append("frames %s, not the map alone" % list(fr))
    elif not focus or not esc or focus == esc:
        fail.append("key %s: no distinct colours for the stable focus and escape" % key)
    else:
        # a: 8 values from -1 to 1, x: 6; each owns the interval half-way to its neighbours
        ha, hx = 2 / 7, 2 / 5
        bx = Box(fr["map"], -1 - ha / 2, 1 + ha / 2, -1 - hx / 2, 1 + hx / 2)
        for i in range(8):
            a = -1 + i * ha
            for j in range(6):
                x = -1 + j * hx
                want = focus if a < 0 else esc if a > 0.5 else None
                if want and not pic.near(*bx.px(a, x), want, r=0, tol=12):
                    fail.append("no %s colour at a=%.3f, x=%.1f" % (want, a, x))
        if not re.search(r'font-style="italic"[^>]*>a</text>', doc) or \
           not re.search(r'font-style="italic"[^>]*transform[^>]*>x</text>', doc):
            fail.append("axes not named a (across) and x (up)")
elif name == "orbit":
    DOT = "#1f5fbf"
    if list(fr) != ["orbit"]:
        fail.append("frames %s, not the orbit diagram alone" % list(fr))
    else:
        def cyc(r, s): return (r + 1 + s * math.sqrt((r + 1) * (r - 3))) / (2 * r)
        lo, hi = cyc(3.4, -1), cyc(3.4, 1)
        ob = Box(fr["orbit"], 2.55, 3.45, lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
        for r in (2.6, 2.7, 2.8, 2.9):
            if not pic.near(*ob.px(r, 1 - 1 / r), DOT):
                fail.append("no mark at the fixed point of r=%g" % r)
            if pic.near(*ob.px(r, 0.5), DOT, r=3) or pic.near(*ob.px(r, 0.8), DOT, r=3):
                fail.append("a mark off the fixed point at r=%g" % r)
        for r in (3.1, 3.2, 3.3, 3.4):
            for s in (-1, 1):
                if not pic.near(*ob.px(r, cyc(r, s)), DOT):
                    fail.append("no mark on the 2-cycle at r=%g, x=%.4f" % (r, cyc(r, s)))
            if pic.near(*ob.px(r, 1 - 1 / r), DOT, r=3):
                fail.append("a mark at the unstable fixed point of r=%g" % r)
        if not re.search(r'font-style="italic"[^>]*>r</text>', doc) or \
           not re.search(r'font-style="italic"[^>]*transform[^>]*>x</text>', doc):
            fail.append("axes not named r (across) and x (up)")
print("; ".join(fail))
sys.exit(1 if fail else 0)
PY
	); then ok; else bad "$1: $out"; fi
}

# the text picture's frames: their top-left corners, as left/right and top/bottom
halves() {	# file cols rows
	python3 -c '
import sys
c, r = int(sys.argv[2]), int(sys.argv[3])
# the picture is the last rows lines (records may come before it)
for y, line in enumerate(open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")[-r:]):
    for x, ch in enumerate(line):
        if ch == "\u250c":
            print("%s-%s" % ("left" if x < c / 2 else "right", "top" if y < r / 2 else "bottom"), end=" ")
print()' "$@"
}

picture time "$lin; axes t x y" && check time
picture both "$lin; axes t x y; view both; size 160x40" && check both
[ "$(halves "$tmp/both.txt" 160 40)" = "left-top right-top " ] && ok ||
    bad "both: the text picture is not side by side: $(halves "$tmp/both.txt" 160 40)"
picture stacked "$lin; axes t x y; view both; size 80x40" && check stacked
[ "$(halves "$tmp/stacked.txt" 80 40)" = "left-top left-bottom " ] && ok ||
    bad "stacked: the text picture is not stacked: $(halves "$tmp/stacked.txt" 80 40)"
picture narrow "$lin; axes t x y; view both" && check narrow
cat > "$tmp/map.ode" <<'EOF'
# a linear map
x(t+1) = 0.5*x
y(t+1) = -0.8*y
init x=1, y=1
@ total=10
done
EOF
picture map "load $tmp/map.ode; traj; window -0.1 1.1 -1.1 1.1; axes t x y; view both; size 160x40" &&
    check map
picture beside "load canard; bif a -3 -1.2; diagram beside; size 160x40" && check beside
[ "$(halves "$tmp/beside.txt" 160 40)" = "left-top right-top " ] && ok ||
    bad "beside: the text picture is not side by side: $(halves "$tmp/beside.txt" 160 40)"

# export png: the picture export svg writes, rendered; refused without the renderer
if "$BIN" -e "$lin; axes t x y; view both; size 160x40; export png $tmp/p.png" 2>"$tmp/err"; then
	cp "$tmp/p.png" "$tmp/both.png" && check both
else
	bad "png: export png failed: $(cat "$tmp/err")"
fi
echo keep >"$tmp/kept.png"
if PATH=/nonexistent "$BIN" -e "$lin; export png $tmp/kept.png" 2>"$tmp/err"; then
	bad "png: export png without rsvg-convert succeeded"
elif grep -q "export png needs rsvg-convert" "$tmp/err" && [ "$(cat "$tmp/kept.png")" = keep ]; then
	ok
else
	bad "png: without rsvg-convert: $(cat "$tmp/err"; cat "$tmp/kept.png")"
fi
picture legend "load $tmp/lin.ode; set total=40; window -0.5 1.5 -0.5 1.5; traj; traj 1 0.5; traj 1 1 back" &&
    check legend
cat > "$tmp/focus.ode" <<'EOF'
# a focus at the origin: stable for a < 0, repelling for a > 0
x' = a*x - y
y' = x + a*y
par a=0
init x=0, y=0.5
@ total=40
done
EOF
picture fatemap "load $tmp/focus.ode; map a -1 1 8 x -1 1 6" && check fatemap
# twelve classes (a map read back) in twelve colours, as the text picture
# gives them twelve glyphs: none two alike in the cells or the key
awk 'BEGIN { for (k = 0; k < 12; k++)
	printf "map cell=%d a=%d x=%d end=escape class=c%02d\n", k, k % 4, int(k / 4), k }' >"$tmp/many.map"
if picture many "load $tmp/focus.ode; map read $tmp/many.map"; then
	n=$(awk '/<g class="cells"/ { on = 1; next } on && /<\/g>/ { on = 0 }
	    on && /<rect/ { match($0, /fill="#[0-9a-f]+"/); seen[substr($0, RSTART, RLENGTH)] = 1 }
	    END { for (c in seen) k++; print k + 0 }' "$tmp/many.svg")
	[ "$n" = 12 ] && ok || bad "many: twelve classes in $n colours"
fi
cat > "$tmp/logistic.ode" <<'EOF'
x(t+1) = r*x*(1 - x)
par r=2.5
init x=0.3
done
EOF
picture orbit "load $tmp/logistic.ode; orbit r 2.6 3.4 9 drop=3000 keep=50" && check orbit
# export png of the orbit diagram: the same picture
if "$BIN" -e "load $tmp/logistic.ode; orbit r 2.6 3.4 9 drop=3000 keep=50; export png $tmp/p.png" \
    >/dev/null 2>"$tmp/err"; then
	cp "$tmp/p.png" "$tmp/orbit.png" && check orbit
else
	bad "png: export png of an orbit diagram failed: $(cat "$tmp/err")"
fi
"$BIN" -e "$lin; export png -" 2>"$tmp/err" >"$tmp/out" && bad "png: export png - accepted"
grep -q "export png writes a file, not standard output" "$tmp/err" && [ ! -s "$tmp/out" ] && ok ||
    bad "png: export png -: $(cat "$tmp/err")"
# the nullclines each have a legend line of their own, in strokes that differ
# on paper too (not only in colour)
"$BIN" -e "load lotka; set nullclines=on; export svg $tmp/ncl.svg" 2>/dev/null
dashes=$(python3 - "$tmp/ncl.svg" <<'PY'
import re, sys
svg = open(sys.argv[1]).read()
for name in ("x'=0", "y'=0"):
    at = svg.find(">" + name + "<")
    line = svg.rfind("<line", 0, at) if at >= 0 else -1
    m = re.search(r'stroke-dasharray="([^"]*)"', svg[line:at]) if line >= 0 else None
    print(m.group(1) if m else "none")
PY
)
set -- $(printf '%s\n' "$dashes" | tr ' ' _)
[ $# = 2 ] && [ "$1" != none ] && [ "$2" != none ] && [ "$1" != "$2" ] && ok ||
    bad "nullclines: legend dash patterns '$dashes'"
echo "svg_views: $pass passed, $fail failed"
[ "$fail" = 0 ]
