/* plot: the portrait as canvas cells. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define COLOR_FRAME 7
#define NCOLORS 6

double
plot_coord(const struct traj *tr, size_t k, int var)
{
	return var < 0 ? tr->t[k] : tr->y[k * (size_t)tr->dim + (size_t)var];
}

const char *
plot_axis_name(const struct model *m, int var)
{
	return var < 0 || var >= m->nvar ? "t" : m->var[var];
}

double
plot_nice_step(double range, int target)
{
	double raw, p, f;

	if (!(range > 0) || target < 1)
		return 1;
	raw = range / target;
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	if (f < 1.5)
		f = 1;
	else if (f < 3.5)
		f = 2;
	else if (f < 7.5)
		f = 5;
	else
		f = 10;
	return f * p;
}

static void
tick_label(char *buf, size_t n, double v, double step)
{
	if (fabs(v) < step * 1e-9)
		v = 0;
	snprintf(buf, n, "%.6g", v);
}

/* Ticks k*step inside [lo, hi]; returns the count (at most max). */
static int
ticks(double lo, double hi, int target, double *out, int max, double *stepp)
{
	double step = plot_nice_step(hi - lo, target), v;
	int n = 0;

	*stepp = step;
	for (v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max; v += step)
		out[n++] = v;
	return n;
}

static uint32_t
arrow_glyph(double px, double py, enum canvas_mode mode)
{
	/* px right, py up, in square units */
	double a = atan2(py, px) * 180 / M_PI;
	int k;

	if (a < 0)
		a += 360;
	if (mode == CANVAS_ASCII) {
		static const char asc[4] = {'>', '^', '<', 'v'};
		k = (int)floor((a + 45) / 90) % 4;
		return (uint32_t)asc[k];
	} else {
		static const uint32_t uni[8] = {
			0x2192, 0x2197, 0x2191, 0x2196, 0x2190, 0x2199, 0x2193, 0x2198
		};
		k = (int)floor((a + 22.5) / 45) % 8;
		return uni[k];
	}
}

struct mapping {
	double x0, y0, sx, sy;	/* sub-cell = x0 + (x - xlo) * sx */
	double xlo, yhi;
	int sw, sh;
};

static void
map_point(const struct mapping *mp, double x, double y, double *px, double *py)
{
	*px = mp->x0 + (x - mp->xlo) * mp->sx;
	*py = mp->y0 + (mp->yhi - y) * mp->sy;
}

static void
draw_traj(struct canvas *c, const struct mapping *mp, const struct traj *tr,
    const struct view *v, const struct plot_frame *f, int color, double arrow_every)
{
	double px0 = 0, py0 = 0, along = 0;
	size_t k;
	int placed = 0;

	for (k = 0; k < tr->n; k++) {
		double px, py;
		map_point(mp, plot_coord(tr, k, v->xvar), plot_coord(tr, k, v->yvar), &px, &py);
		/*
		 * In ASCII a segment's glyph is its slope: join short steps into chords
		 * of about a cell, or slow stretches would show as dots.
		 */
		if (k > 0 && k + 1 < tr->n && c->mode == CANVAS_ASCII &&
		    hypot(px - px0, 2 * (py - py0)) < 1.0)
			continue;
		if (k > 0) {
			double dx = (px - px0) / mp->sw, dy = (py - py0) / mp->sh;
			canvas_line(c, px0, py0, px, py, color);
			if (isfinite(dx) && isfinite(dy))
				along += hypot(dx, 2 * dy);
			if (along >= arrow_every * (placed + 0.5) && hypot(dx, dy) > 0) {
				int col = (int)floor(px / mp->sw), row = (int)floor(py / mp->sh);
				if (col > f->left && col < f->right && row > f->top && row < f->bottom) {
					canvas_put(c, col, row, arrow_glyph(dx, -2 * dy, c->mode), color);
					placed++;
				}
				if (along >= arrow_every * (placed + 1.5))
					placed = (int)(along / arrow_every);
			}
		}
		px0 = px;
		py0 = py;
	}
	if (tr->n > 0) {
		double px, py;
		int col, row;
		map_point(mp, plot_coord(tr, 0, v->xvar), plot_coord(tr, 0, v->yvar), &px, &py);
		col = (int)floor(px / mp->sw);
		row = (int)floor(py / mp->sh);
		if (col > f->left && col < f->right && row > f->top && row < f->bottom)
			canvas_put(c, col, row, 'o', color);
	}
}

void
plot_portrait(struct canvas *c, const struct plot_input *in, struct plot_frame *framep)
{
	const struct view *v = in->v;
	int uni = c->mode == CANVAS_BRAILLE;
	double yt[64], xt[64], ystep, xstep;
	int ny, nx, i, margin = 1, r, k, lastcol;
	char buf[64];
	struct plot_frame f;
	struct mapping mp;
	const char *xname = plot_axis_name(in->m, v->xvar);
	const char *yname = plot_axis_name(in->m, v->yvar);

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	f.top = 1;
	f.bottom = c->rows - 3;
	ny = ticks(v->ylo, v->yhi, (f.bottom - f.top) / 4 > 1 ? (f.bottom - f.top) / 4 : 2, yt,
	    64, &ystep);
	for (i = 0; i < ny; i++) {
		tick_label(buf, sizeof buf, yt[i], ystep);
		if ((int)strlen(buf) + 1 > margin)
			margin = (int)strlen(buf) + 1;
	}
	f.left = margin;
	f.right = c->cols - 1;
	if (framep)
		*framep = f;

	/* frame */
	for (k = f.left; k <= f.right; k++) {
		canvas_put(c, k, f.top, uni ? 0x2500 : '-', COLOR_FRAME);
		canvas_put(c, k, f.bottom, uni ? 0x2500 : '-', COLOR_FRAME);
	}
	for (r = f.top; r <= f.bottom; r++) {
		canvas_put(c, f.left, r, uni ? 0x2502 : '|', COLOR_FRAME);
		canvas_put(c, f.right, r, uni ? 0x2502 : '|', COLOR_FRAME);
	}
	canvas_put(c, f.left, f.top, uni ? 0x250c : '+', COLOR_FRAME);
	canvas_put(c, f.right, f.top, uni ? 0x2510 : '+', COLOR_FRAME);
	canvas_put(c, f.left, f.bottom, uni ? 0x2514 : '+', COLOR_FRAME);
	canvas_put(c, f.right, f.bottom, uni ? 0x2518 : '+', COLOR_FRAME);

	/* y ticks: label right-aligned in the margin */
	for (i = 0; i < ny; i++) {
		double fr = (v->yhi - yt[i]) / (v->yhi - v->ylo);
		int row = f.top + 1 + (int)floor(fr * (f.bottom - f.top - 1) - 1e-9);
		if (row <= f.top)
			row = f.top + 1;
		if (row >= f.bottom)
			row = f.bottom - 1;
		tick_label(buf, sizeof buf, yt[i], ystep);
		canvas_text(c, f.left - (int)strlen(buf), row, buf, 0);
		canvas_put(c, f.left, row, uni ? 0x2524 : '+', COLOR_FRAME);
	}
	/* x ticks: label centred under the tick, skipped where it would collide */
	nx = ticks(v->xlo, v->xhi, (f.right - f.left) / 10 > 1 ? (f.right - f.left) / 10 : 2, xt,
	    64, &xstep);
	lastcol = -1;
	for (i = 0; i < nx; i++) {
		double fr = (xt[i] - v->xlo) / (v->xhi - v->xlo);
		int col = f.left + 1 + (int)floor(fr * (f.right - f.left - 1) - 1e-9), start, len;
		if (col <= f.left)
			col = f.left + 1;
		if (col >= f.right)
			col = f.right - 1;
		canvas_put(c, col, f.bottom, uni ? 0x252c : '+', COLOR_FRAME);
		tick_label(buf, sizeof buf, xt[i], xstep);
		len = (int)strlen(buf);
		start = col - len / 2;
		if (start < 0)
			start = 0;
		if (start + len > c->cols)
			start = c->cols - len;
		if (start > lastcol + 1) {
			canvas_text(c, start, f.bottom + 1, buf, 0);
			lastcol = start + len - 1;
		}
	}
	/* axis names: x centred on the last row, y above its labels */
	canvas_text(c, f.left + (f.right - f.left - (int)strlen(xname)) / 2, c->rows - 1, xname, 0);
	canvas_text(c, 0, 0, yname, 0);

	/* legend on the first row, right-aligned; the title before it if there is room */
	{
		struct strbuf lg;
		int lw, tw;
		strbuf_init(&lg);
		if (in->ntraj > 0)
			strbuf_printf(&lg, "o start  %s time  %d trajector%s", uni ? "\xe2\x86\x92" : ">",
			    in->ntraj, in->ntraj == 1 ? "y" : "ies");
		lw = (int)strlen(lg.s) - (uni && in->ntraj > 0 ? 2 : 0);
		if (lw > 0 && lw < c->cols - 4)
			canvas_text(c, c->cols - lw, 0, lg.s, 0);
		tw = (int)strlen(in->m->title);
		if (tw > 0 && (int)strlen(yname) + 3 + tw < c->cols - lw - 2)
			canvas_text(c, (int)strlen(yname) + 3, 0, in->m->title, 0);
		strbuf_fini(&lg);
	}

	/* trajectories inside the frame */
	canvas_set_clip(c, f.left + 1, f.top + 1, f.right, f.bottom);
	mp.sw = c->sw;
	mp.sh = c->sh;
	mp.xlo = v->xlo;
	mp.yhi = v->yhi;
	mp.x0 = (f.left + 1) * c->sw;
	mp.y0 = (f.top + 1) * c->sh;
	mp.sx = (f.right - f.left - 1) * c->sw / (v->xhi - v->xlo);
	mp.sy = (f.bottom - f.top - 1) * c->sh / (v->yhi - v->ylo);
	for (i = 0; i < in->ntraj; i++)
		draw_traj(c, &mp, &in->trajs[i], v, &f, 1 + i % NCOLORS,
		    fmax(8.0, (f.right - f.left + 2 * (f.bottom - f.top)) / 3.0));
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
}
