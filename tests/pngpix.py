"""Pixels of a PNG, for the picture tests (tests/svg*.sh): the Python
standard library only (zlib), 8-bit RGB or RGBA, non-interlaced, as
rsvg-convert writes them. Also the frames of canard's SVG documents."""
import struct
import zlib
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


class Png:
    def __init__(self, path):
        data = open(path, "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            n, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + n]
            if kind == b"IHDR":
                w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body[:13])
                assert depth == 8 and ctype in (2, 6) and lace == 0, (depth, ctype, lace)
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
                if f == 1:
                    line[x] = (line[x] + a) & 255
                elif f == 2:
                    line[x] = (line[x] + b) & 255
                elif f == 3:
                    line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        self.w, self.h, self.bpp, self.rows = w, h, bpp, rows

    def near(self, px, py, color, r=2, tol=90):
        """A pixel of about colour "#rrggbb" within r pixels of (px, py)?"""
        want = [int(color[k:k + 2], 16) for k in (1, 3, 5)]
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                X, Y = int(px) + dx, int(py) + dy
                if not (0 <= X < self.w and 0 <= Y < self.h):
                    continue
                p = self.rows[Y][X * self.bpp:X * self.bpp + 3]
                if sum(abs(p[k] - want[k]) for k in range(3)) < tol:
                    return True
        return False


def frames(svg_path):
    """The frames of an SVG of canard: {name: (x, y, width, height)} from the
    rects with id frame-NAME, in document order (a dict keeps it)."""
    root = ET.parse(svg_path).getroot()     # raises on malformed XML
    out = {}
    for e in root.iter(SVG + "rect"):
        i = e.get("id") or ""
        if i.startswith("frame-"):
            out[i[6:]] = tuple(float(e.get(k)) for k in ("x", "y", "width", "height"))
    return out


class Box:
    """The map from a world box (xlo, xhi, ylo, yhi) onto a frame in pixels."""

    def __init__(self, frame, xlo, xhi, ylo, yhi):
        self.f, self.b = frame, (xlo, xhi, ylo, yhi)

    def px(self, x, y):
        fx, fy, fw, fh = self.f
        xlo, xhi, ylo, yhi = self.b
        return fx + (x - xlo) / (xhi - xlo) * fw, fy + (yhi - y) / (yhi - ylo) * fh
