/*
 * solve_ext: events and delay history, shared by the adaptive (solve.c) and
 * the fixed-step (solve_fixed.c) integrators.
 */
#include "solve_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * XPPAUT's convention: sign 1 fires when the condition goes from negative to
 * zero or positive, -1 from positive to zero or negative, 0 either way.
 */
int
solve_event_fires(int sign, double g0, double g1)
{
	int up = g0 < 0 && g1 >= 0, down = g0 > 0 && g1 <= 0;

	return sign > 0 ? up : sign < 0 ? down : up || down;
}

void
solve_event_reset(const struct model *m, int k, double t, double *y, const double *par)
{
	const struct model_event *ev = &m->event[k];
	double buf[16], *v = ev->nreset <= 16 ? buf : xmalloc((size_t)ev->nreset * sizeof *v);
	int i;

	expr_prog_eval(ev->reset_prog, t, y, par, v);
	for (i = 0; i < ev->nreset; i++)
		y[ev->reset_var[i]] = v[i];
	if (v != buf)
		free(v);
}

void
history_init(struct history *h, const struct model *m, double t0, const double *y0)
{
	memset(h, 0, sizeof *h);
	h->dim = m->nvar;
	h->t0 = t0;
	h->y0 = y0;
	h->tau = xcalloc((size_t)m->ndelay + 1, sizeof *h->tau);
}

void
history_fini(struct history *h)
{
	free(h->t);
	free(h->y);
	free(h->f);
	free(h->tau);
}

void
history_add(struct history *h, double t, const double *y, const double *f)
{
	size_t d = (size_t)h->dim;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		h->t = xrealloc(h->t, h->cap * sizeof *h->t);
		h->y = xrealloc(h->y, h->cap * d * sizeof *h->y);
		h->f = xrealloc(h->f, h->cap * d * sizeof *h->f);
	}
	h->t[h->n] = t;
	memcpy(h->y + h->n * d, y, d * sizeof *y);
	memcpy(h->f + h->n * d, f, d * sizeof *f);
	h->n++;
}

/* Index i with t[i] <= td < t[i+1] (td inside the stored range). */
static size_t
history_find(const struct history *h, double td)
{
	size_t lo = 0, hi = h->n - 1;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (h->t[mid] <= td)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static double
history_value(const struct history *h, const struct model *m, int var, double td,
    const double *par, int cubic)
{
	size_t i, d = (size_t)h->dim;
	double t0, t1, dt, s, y0, y1, f0, f1;

	if (td <= h->t0 || h->n == 0) {
		if (m->history_prog) {
			double buf[64];
			if (h->dim <= 64) {
				expr_prog_eval(m->history_prog, td, h->y0, par, buf);
				return buf[var];
			}
		}
		return h->y0[var];
	}
	if (td >= h->t[h->n - 1])
		return h->y[(h->n - 1) * d + (size_t)var];
	i = history_find(h, td);
	t0 = h->t[i];
	t1 = h->t[i + 1];
	dt = t1 - t0;
	y0 = h->y[i * d + (size_t)var];
	y1 = h->y[(i + 1) * d + (size_t)var];
	if (dt <= 0)
		return y1;
	s = (td - t0) / dt;
	if (!cubic)
		return y0 + s * (y1 - y0);
	f0 = h->f[i * d + (size_t)var] * dt;
	f1 = h->f[(i + 1) * d + (size_t)var] * dt;
	/* cubic Hermite basis */
	return (2 * s * s * s - 3 * s * s + 1) * y0 + (s * s * s - 2 * s * s + s) * f0 +
	    (-2 * s * s * s + 3 * s * s) * y1 + (s * s * s - s * s) * f1;
}

void
history_fill(const struct history *h, const struct model *m, double t, const double *y,
    double *par, int cubic)
{
	int k;

	if (m->ndelay == 0)
		return;
	expr_prog_eval(m->delay_prog, t, y, par, h->tau);
	for (k = 0; k < m->ndelay; k++)
		par[m->delay[k].par] = history_value(h, m, m->delay[k].var, t - h->tau[k], par,
		    cubic);
}
