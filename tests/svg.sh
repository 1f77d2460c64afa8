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
import re, struct, sys, zlib
import xml.etree.ElementTree as ET

svg, png = sys.argv[1], sys.argv[2]
root = ET.parse(svg).getroot()          # raises on malformed XML
ns = "{http://www.w3.org/2000/svg}"
frame = [e for e in root.iter(ns + "rect") if e.get("id") == "frame-portrait"][0]
fx, fy, fw, fh = (float(frame.get(k)) for k in ("x", "y", "width", "height"))

def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev, i = zlib.decompress(idat), [], bytearray(w * bpp), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + w * bpp])
        i += 1 + w * bpp
        for x in range(len(line)):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = decode(png)

def near(x, y, color, r=2, tol=90):
    """Is there a pixel of about this colour within r pixels of the point (x, y) of the window?"""
    px = fx + (x + 2.5) / 5.0 * fw
    py = fy + (1.5 - y) / 3.0 * fh
    want = [int(color[k:k + 2], 16) for k in (1, 3, 5)]
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            X, Y = int(px) + dx, int(py) + dy
            p = rows[Y][X * bpp:X * bpp + 3]
            if sum(abs(p[k] - want[k]) for k in range(3)) < tol:
                return True
    return False

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
