#!/bin/sh
# export svg: a well-formed document that a real renderer (rsvg-convert)
# draws, with the attracting branch of van der Pol's critical manifold
# y = x^3/3 - x and a trajectory's fast jump (along y = 1 for eps = 0.001)
# at the pixels the window maps them to, each in its own colour.
set -u
BIN=${1:-./canard}
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets
if ! command -v rsvg-convert >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "svg: rsvg-convert or python3 not installed: skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN" -e "load vanderpol; set eps=0.001; window -2.5 2.5 -1.5 1.5; traj 0 1; traj -2 -1; \
export svg $tmp/v.svg" 2>"$tmp/err" || { echo "svg: canard failed"; cat "$tmp/err"; exit 1; }
rsvg-convert "$tmp/v.svg" -o "$tmp/v.png" || { echo "svg: rsvg-convert refused it"; exit 1; }
python3 - "$tmp/v.svg" "$tmp/v.png" <<'PY' || exit 1
import re, sys
sys.path.insert(0, "tests")
from pngpix import Png, Box, frames

svg, png = sys.argv[1], sys.argv[2]
box = Box(frames(svg)["portrait"], -2.5, 2.5, -1.5, 1.5)
pic = Png(png)

def near(x, y, color, r=2, tol=90):
    """Is there a pixel of about this colour within r pixels of the point (x, y) of the window?"""
    return pic.near(*box.px(x, y), color, r, tol)

branch, traj = "#1f5fbf", "#e6850e"
colours = set(re.findall(r'stroke="(#[0-9a-f]{6})"', open(svg).read()))
fail = []
if not near(2.0, 2.0 ** 3 / 3 - 2.0, branch): fail.append("no attracting branch at x=2")
if not near(-1.8, (-1.8) ** 3 / 3 + 1.8, branch): fail.append("no attracting branch at x=-1.8")
if not near(1.0, 1.0, traj): fail.append("no trajectory at (1, 1)")
if not near(0.5, 1.0, traj): fail.append("no trajectory at (0.5, 1)")
if near(1.0, 1.0, branch, r=1): fail.append("the branch colour where only the trajectory is")
if near(2.0, 2.0 ** 3 / 3 - 2.0, traj, r=1): fail.append("the trajectory colour on the branch")
if near(-1.0, 1.3, branch, r=3) or near(-1.0, 1.3, traj, r=3): fail.append("colour in empty space")
if branch not in colours or traj not in colours: fail.append("colours missing from the document")
if fail:
    print("svg: " + "; ".join(fail))
    sys.exit(1)
PY
# bad input: an unknown format names the ones there are
"$BIN" -e "load vanderpol; export pdf $tmp/x" 2>"$tmp/err" && { echo "svg: export pdf accepted"; exit 1; }
grep -q "formats: csv, txt, svg, png" "$tmp/err" || { echo "svg: no list of formats"; cat "$tmp/err"; exit 1; }
echo "svg: 1 passed, 0 failed"
