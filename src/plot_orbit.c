/* plot_orbit: an orbit diagram as canvas dots. */
#include "plot_orbit.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "plot.h"

/* The vertical range of the finite kept iterates, padded by 5%; 0 if none. */
static int
value_range(const struct orbit_diagram *o, int var, double *lo, double *hi)
{
	size_t k, n = (size_t)o->done * (size_t)o->keep;
	int any = 0;

	for (k = 0; k < n; k++) {
		double y = o->y[k * (size_t)o->nvar + (size_t)var];
		if (!isfinite(y))
			continue;
		if (!any || y < *lo)
			*lo = y;
		if (!any || y > *hi)
			*hi = y;
		any = 1;
	}
	if (!any)
		return 0;
	/*
	 * Iterates spread over more than the doubles' width (a bound raised
	 * near the largest numbers): the box keeps to half of it each side, and
	 * what lies beyond is off the picture.
	 */
	if (!isfinite(*hi - *lo)) {
		*lo = fmax(*lo, -DBL_MAX / 2);
		*hi = fmin(*hi, DBL_MAX / 2);
		return 1;
	}
	if (*hi - *lo < 1e-9 * fmax(1, fabs(*lo))) {
		double h = fmax(1e-3, 0.1 * fabs(*lo));
		/* at the largest numbers the margin goes to the side that has room */
		if (!isfinite(*hi + h))
			*lo -= 2 * h;
		else if (!isfinite(*lo - h))
			*hi += 2 * h;
		else {
			*lo -= h;
			*hi += h;
		}
	} else {
		double pad = 0.05 * (*hi - *lo);
		if (isfinite((*hi + pad) - (*lo - pad))) {
			*lo -= pad;
			*hi += pad;
		}
	}
	return 1;
}

void
plot_orbit_box(const struct orbit_diagram *o, int var, struct view *v)
{
	double h;

	memset(v, 0, sizeof *v);
	/* each parameter value owns the interval half-way to its neighbours */
	h = o->n > 1 ? (o->pvals[o->n - 1] - o->pvals[0]) / (o->n - 1) : 0;
	if (!(h > 0))
		h = fmax(1e-3, 0.1 * fabs(o->pvals[0]));
	v->xlo = o->pvals[0] - h / 2;
	v->xhi = o->pvals[o->n - 1] + h / 2;
	/* the axes divide by the width: near the largest numbers, no margin */
	if (!isfinite(v->xhi - v->xlo)) {
		v->xlo = o->pvals[0];
		v->xhi = o->pvals[o->n - 1];
	}
	if (!value_range(o, var, &v->ylo, &v->yhi)) {
		v->ylo = -1;
		v->yhi = 1;
	}
}

void
plot_orbit(struct canvas *c, const struct orbit_diagram *o, int var, const char *vname)
{
	struct plot_frame f;
	struct view v;
	double x0, y0, sx, sy;
	int k, j;

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	plot_orbit_box(o, var, &v);
	plot_axes(c, &v, o->parname, vname, &f);
	x0 = (f.left + 1) * c->sw;
	y0 = (f.top + 1) * c->sh;
	sx = (f.right - f.left - 1) * c->sw / (v.xhi - v.xlo);
	sy = (f.bottom - f.top - 1) * c->sh / (v.yhi - v.ylo);
	canvas_set_clip(c, f.left + 1, f.top + 1, f.right, f.bottom);
	for (k = 0; k < o->done; k++)
		for (j = 0; j < o->keep; j++) {
			double y = o->y[((size_t)k * (size_t)o->keep + (size_t)j) * (size_t)o->nvar +
			    (size_t)var];
			double px = x0 + (o->pvals[k] - v.xlo) * sx, py = y0 + (v.yhi - y) * sy;
			if (isfinite(py) && fabs(py) < 1e9)
				canvas_dot(c, (int)floor(px), (int)floor(py), 1);
		}
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
}
