/*
 * canvas: raster of cells with sub-cell dots.
 *
 * Glyphs:
 *   braille  U+2800 + bits; left column dots 1,2,3,7 = 0x01 0x02 0x04 0x40,
 *            right column dots 4,5,6,8 = 0x08 0x10 0x20 0x80 (top to bottom).
 *   ASCII    a line through a cell shows its slope: '-' (flat), '/' and '\'
 *            (diagonal), '|' (steep); a lone dot is '.'.
 * A text glyph (arrowheads, marks, labels, frame) hides the dots of its cell.
 */
#include "canvas.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t braille_bit[4][2] = {
	{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}
};

/* ASCII classes stored in dots (0 = empty): slopes, then fixed marks */
enum { ASC_NONE, ASC_DOT, ASC_FLAT, ASC_UP, ASC_DOWN, ASC_STEEP, ASC_HASH, ASC_COLON,
	ASC_PERCENT, ASC_PERIOD, ASC_EQUALS, ASC_TILDE, ASC_PLUS };
static const char ascii_glyph[] = {' ', '.', '-', '/', '\\', '|', '#', ':', '%', '.', '=', '~',
	'+'};

struct canvas *
canvas_new(int cols, int rows, enum canvas_mode mode)
{
	struct canvas *c = xcalloc(1, sizeof *c);

	c->cols = cols > 0 ? cols : 1;
	c->rows = rows > 0 ? rows : 1;
	c->mode = mode;
	c->sw = mode == CANVAS_BRAILLE ? 2 : 1;
	c->sh = mode == CANVAS_BRAILLE ? 4 : 1;
	c->cells = xcalloc((size_t)c->cols * (size_t)c->rows, sizeof *c->cells);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	return c;
}

void
canvas_set_clip(struct canvas *c, int col0, int row0, int col1, int row1)
{
	c->clip[0] = col0 * c->sw;
	c->clip[1] = row0 * c->sh;
	c->clip[2] = col1 * c->sw;
	c->clip[3] = row1 * c->sh;
}

void
canvas_free(struct canvas *c)
{
	if (c == NULL)
		return;
	free(c->cells);
	free(c);
}

void
canvas_clear(struct canvas *c)
{
	memset(c->cells, 0, (size_t)c->cols * (size_t)c->rows * sizeof *c->cells);
}

static struct canvas_cell *
cell_at(struct canvas *c, int col, int row)
{
	if (col < 0 || row < 0 || col >= c->cols || row >= c->rows)
		return NULL;
	return &c->cells[(size_t)row * (size_t)c->cols + (size_t)col];
}

static void
mark(struct canvas *c, int x, int y, int color, int slope)
{
	struct canvas_cell *cell;

	if (x < c->clip[0] || y < c->clip[1] || x >= c->clip[2] || y >= c->clip[3])
		return;
	cell = cell_at(c, x / c->sw, y / c->sh);
	if (cell == NULL)
		return;
	if (c->mode == CANVAS_BRAILLE)
		cell->dots |= braille_bit[y % 4][x % 2];
	else if (slope != ASC_DOT || cell->dots == ASC_NONE)
		cell->dots = (uint8_t)slope;
	if (color)
		cell->color = (uint8_t)color;
}

void
canvas_dot(struct canvas *c, int x, int y, int color)
{
	mark(c, x, y, color, ASC_DOT);
}

static int
slope_class(double dx, double dy)
{
	/* a cell is about twice as tall as wide: compare in square units */
	double a = atan2(-dy * 2.0, dx) * 180.0 / M_PI;

	if (a < 0)
		a += 180;
	if (a < 22.5 || a >= 157.5)
		return ASC_FLAT;
	if (a < 67.5)
		return ASC_UP;
	if (a < 112.5)
		return ASC_STEEP;
	return ASC_DOWN;
}

/* Liang-Barsky clip of a segment to the box b = {x0, y0, x1, y1}; 0 if nothing is left. */
static int
clip(double *x0, double *y0, double *x1, double *y1, const double b[4])
{
	double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {*x0 - b[0], b[2] - 1e-9 - *x0, *y0 - b[1], b[3] - 1e-9 - *y0};
	int i;

	for (i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
		} else {
			double r = q[i] / p[i];
			if (p[i] < 0) {
				if (r > t1)
					return 0;
				if (r > t0)
					t0 = r;
			} else {
				if (r < t0)
					return 0;
				if (r < t1)
					t1 = r;
			}
		}
	}
	*x1 = *x0 + t1 * dx;
	*y1 = *y0 + t1 * dy;
	*x0 = *x0 + t0 * dx;
	*y0 = *y0 + t0 * dy;
	return 1;
}

static int
fixed_class(char glyph)
{
	switch (glyph) {
	case '#': return ASC_HASH;
	case ':': return ASC_COLON;
	case '%': return ASC_PERCENT;
	case '.': return ASC_PERIOD;
	case '=': return ASC_EQUALS;
	case '~': return ASC_TILDE;
	case '+': return ASC_PLUS;
	default: return ASC_NONE;
	}
}

/*
 * Well inside the clip box: further from its edges than rounding can move a
 * point (coordinates are at most a few thousand dots, an ulp is below 1e-12),
 * so that clip() leaves such a segment as it is (t0 = 0, t1 = 1) and every
 * sample of it lands on a dot inside the box and the canvas.
 */
static int
well_inside(const struct canvas *c, double x, double y)
{
	return x >= c->clip[0] + 1e-6 && x <= c->clip[2] - 1e-6 && y >= c->clip[1] + 1e-6 &&
	    y <= c->clip[3] - 1e-6;
}

/* i / steps for every 0 <= i <= steps <= FRAC_MAX, exactly as the division gives it */
#define FRAC_MAX 64
static double frac[(FRAC_MAX + 1) * (FRAC_MAX + 2) / 2];
static pthread_once_t frac_once = PTHREAD_ONCE_INIT;

static void
frac_init(void)
{
	int s, i;

	for (s = 1; s <= FRAC_MAX; s++)
		for (i = 0; i <= s; i++)
			frac[s * (s + 1) / 2 + i] = (double)i / s;
}

/* A braille dot known to be on the canvas. */
static inline void
braille_dot(struct canvas *c, int x, int y, int color)
{
	struct canvas_cell *cell = &c->cells[(size_t)(y >> 2) * (size_t)c->cols + (size_t)(x >> 1)];

	cell->dots |= braille_bit[y & 3][x & 1];
	if (color)
		cell->color = (uint8_t)color;
}

/*
 * A solid braille line whose ends are well inside the clip box: the same dots
 * as the general path below, sample for sample (the clip's x0 + 1 * dx is kept,
 * i / steps comes from a table of the same quotients), without its per-dot
 * tests. Every sample is > 0, so truncation is floor.
 */
static void
line_inside(struct canvas *c, double x0, double y0, double x1, double y1, int color)
{
	double dx = x1 - x0, dy = y1 - y0, len, ax, ay;
	int steps, i;

	x1 = x0 + dx;
	y1 = y0 + dy;
	dx = x1 - x0;
	dy = y1 - y0;
	ax = fabs(dx);
	ay = fabs(dy);
	len = ax > ay ? ax : ay;	/* fmax of finite values */
	steps = (int)(len * 2);		/* ceil of a value in [0, 2^31) */
	if ((double)steps < len * 2)
		steps++;
	if (steps < 1)
		steps = 1;
	if (steps <= FRAC_MAX) {
		const double *f = &frac[steps * (steps + 1) / 2];
		pthread_once(&frac_once, frac_init);
		for (i = 0; i <= steps; i++)
			braille_dot(c, (int)(x0 + f[i] * dx), (int)(y0 + f[i] * dy), color);
		return;
	}
	for (i = 0; i <= steps; i++) {
		double f = (double)i / steps;
		braille_dot(c, (int)(x0 + f * dx), (int)(y0 + f * dy), color);
	}
}

/* In a gap of the braille pattern at distance at (dots) along the line? */
static int
pattern_gap(enum line_style style, double at)
{
	switch (style) {
	case LINE_DASHED:
		return fmod(at, 6.0) >= 3.5;
	case LINE_DOTTED:
		return fmod(at, 4.0) >= 1.0;
	case LINE_SPARSE:
		return fmod(at, 6.0) >= 1.0;
	case LINE_DASHDOT:
		at = fmod(at, 6.0);
		return !(at < 2.0 || (at >= 3.0 && at < 4.0));
	default:
		return 0;
	}
}

void
canvas_line_ex(struct canvas *c, double x0, double y0, double x1, double y1, int color,
    enum line_style style, char glyph, double *phase)
{
	double dx, dy, len, ph = phase ? *phase : 0;
	int steps, i, cls;

	if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1))
		return;
	if (c->mode == CANVAS_BRAILLE && style == LINE_SOLID && phase == NULL &&
	    c->clip[0] >= 0 && c->clip[1] >= 0 && c->clip[2] <= c->cols * 2 &&
	    c->clip[3] <= c->rows * 4 && well_inside(c, x0, y0) && well_inside(c, x1, y1)) {
		line_inside(c, x0, y0, x1, y1, color);
		return;
	}
	/* the phase runs along the whole segment, clipped or not */
	if (phase)
		*phase += hypot(x1 - x0, y1 - y0);
	{
		double cx0 = x0, cy0 = y0;
		if (!clip(&x0, &y0, &x1, &y1, c->clip))
			return;
		ph += hypot(x0 - cx0, y0 - cy0);
	}
	dx = x1 - x0;
	dy = y1 - y0;
	len = fmax(fabs(dx), fabs(dy));
	steps = (int)ceil(len * 2);
	if (c->mode == CANVAS_ASCII)
		cls = glyph ? fixed_class(glyph) : len > 0.2 ? slope_class(dx, dy) : ASC_DOT;
	else
		cls = ASC_DOT;
	if (steps < 1)
		steps = 1;
	for (i = 0; i <= steps; i++) {
		double f = (double)i / steps;
		if (c->mode == CANVAS_BRAILLE && style != LINE_SOLID &&
		    pattern_gap(style, ph + f * hypot(dx, dy)))
			continue;
		mark(c, (int)floor(x0 + f * dx), (int)floor(y0 + f * dy), color, cls);
	}
}

void
canvas_line(struct canvas *c, double x0, double y0, double x1, double y1, int color)
{
	canvas_line_ex(c, x0, y0, x1, y1, color, LINE_SOLID, 0, NULL);
}

void
canvas_segset_init(struct canvas_segset *s, size_t segments)
{
	size_t n = 64;

	while (n < CANVAS_SEGSET_MAX && n < segments)
		n *= 2;
	s->mask = n - 1;
	memset(s->slot, 0, n * sizeof s->slot[0]);
}

int
canvas_segset_seen(struct canvas_segset *s, double ax, double ay, double bx, double by)
{
	uint64_t a, b, key;
	size_t at;

	if (!(ax >= 0 && ay >= 0 && bx >= 0 && by >= 0 && ax < 65535 && ay < 65535 &&
	    bx < 65535 && by < 65535))
		return 0;
	/* 16 bits a coordinate, x + 1 so that no key is 0, the empty slot */
	a = (uint64_t)(ax + 1) | (uint64_t)ay << 16;
	b = (uint64_t)(bx + 1) | (uint64_t)by << 16;
	key = a < b ? a | b << 32 : b | a << 32;
	/* Fibonacci hashing: the key's high product bits pick the slot */
	at = (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 40) & s->mask;
	if (s->slot[at] == key)
		return 1;
	s->slot[at] = key;
	return 0;
}

void
canvas_put(struct canvas *c, int col, int row, uint32_t glyph, int color)
{
	struct canvas_cell *cell = cell_at(c, col, row);

	if (cell == NULL)
		return;
	cell->glyph = glyph;
	cell->color = (uint8_t)color;
}

void
canvas_text(struct canvas *c, int col, int row, const char *s, int color)
{
	while (*s) {
		uint32_t cp;
		s += utf8_decode(s, &cp);
		canvas_put(c, col++, row, cp, color);
	}
}

void
canvas_blit(struct canvas *dst, const struct canvas *src, int col0, int row0)
{
	int r, k;

	for (r = 0; r < src->rows; r++)
		for (k = 0; k < src->cols; k++) {
			int col = col0 + k, row = row0 + r;
			if (col < 0 || row < 0 || col >= dst->cols || row >= dst->rows)
				continue;
			dst->cells[(size_t)row * (size_t)dst->cols + (size_t)col] =
			    src->cells[(size_t)r * (size_t)src->cols + (size_t)k];
		}
}

int
canvas_is_empty(const struct canvas *c, int col, int row)
{
	const struct canvas_cell *cell;

	if (col < 0 || row < 0 || col >= c->cols || row >= c->rows)
		return 0;
	cell = &c->cells[(size_t)row * (size_t)c->cols + (size_t)col];
	return cell->glyph == 0 && cell->dots == 0;
}

int
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int n, i;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		v = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		v = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		v = s[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

void
canvas_cell_utf8(const struct canvas *c, int col, int row, char out[8])
{
	const struct canvas_cell *cell = &c->cells[(size_t)row * (size_t)c->cols + (size_t)col];
	int n;

	if (cell->glyph)
		n = utf8_encode(cell->glyph, out);
	else if (cell->dots == 0)
		n = utf8_encode(' ', out);
	else if (c->mode == CANVAS_BRAILLE)
		n = utf8_encode(0x2800u + cell->dots, out);
	else
		n = utf8_encode((uint32_t)ascii_glyph[cell->dots], out);
	out[n] = '\0';
}

/* ANSI colours that read on dark and light backgrounds. */
static const char *const ansi_color[] = {
	"\033[0m", "\033[34m", "\033[31m", "\033[32m", "\033[35m", "\033[36m", "\033[33m",
	"\033[90m", "\033[1;34m", "\033[1;31m"
};

void
canvas_render(const struct canvas *c, struct strbuf *out, int ansi)
{
	int r, k;
	char buf[8];

	for (r = 0; r < c->rows; r++) {
		size_t start = out->len, keep;
		int cur = 0;
		for (k = 0; k < c->cols; k++) {
			int color = c->cells[(size_t)r * (size_t)c->cols + (size_t)k].color;
			if (ansi && color != cur && color < (int)(sizeof ansi_color / sizeof *ansi_color)) {
				strbuf_add(out, ansi_color[color]);
				cur = color;
			}
			canvas_cell_utf8(c, k, r, buf);
			strbuf_add(out, buf);
		}
		if (ansi && cur)
			strbuf_add(out, ansi_color[0]);
		/* trim trailing blanks (not braille blanks, which are not ' ') */
		keep = out->len;
		while (keep > start && out->s[keep - 1] == ' ')
			keep--;
		out->len = keep;
		out->s[keep] = '\0';
		strbuf_addc(out, '\n');
	}
}
