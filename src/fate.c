/*
 * fate: where a trajectory ends: at an equilibrium (Newton from the last
 * point converges nearby), on a cycle (the orbit returns to the section
 * through its last point), escaped, or still running. For fast-slow models
 * also the branches of C0 it passed near, and for models that declare a
 * feature variable whether the feature was kept, lost or never learned.
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


/* Range of variable i over the trajectory's second half. */
static void
late_range(const struct traj *tr, int i, double *lo, double *hi)
{
	size_t k;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (k = tr->n / 2; k < tr->n; k++) {
		double v = tr->y[k * (size_t)tr->dim + (size_t)i];
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

/* Extent of the trajectory's second half, per variable (at least tiny). */
static void
extent(const struct traj *tr, double *ext)
{
	int i;

	for (i = 0; i < tr->dim; i++) {
		double lo, hi;
		late_range(tr, i, &lo, &hi);
		ext[i] = fmax(hi - lo, 1e-9 * (1 + fabs(hi)));
	}
}

/*
 * The last half of the run has not moved: in every variable its extent is
 * below 1e-6 of the variable's size (the solver's own noise at default
 * tolerance), so no return to a section there can be a cycle.
 */
static int
at_rest(const struct traj *tr)
{
	int i;

	for (i = 0; i < tr->dim; i++) {
		double lo, hi;
		late_range(tr, i, &lo, &hi);
		if (!(hi - lo <= 1e-6 * (1 + fmax(fabs(lo), fabs(hi)))))
			return 0;
	}
	return tr->n >= 2;
}

/* Cubic Hermite interpolation on a step: the point at fraction th of [t0, t0 + h]. */
static void
hermite(int n, double th, double h, const double *q0, const double *f0, const double *q1,
    const double *f1, double *out)
{
	double t2 = th * th, t3 = t2 * th;
	double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + th, h01 = -2 * t3 + 3 * t2;
	double h11 = t3 - t2;
	int i;

	for (i = 0; i < n; i++)
		out[i] = h00 * q0[i] + h10 * h * f0[i] + h01 * q1[i] + h11 * h * f1[i];
}

/*
 * Where the step from point k to k + 1 crosses the section (y - p).v = 0, as
 * a fraction of the step: bisection on the cubic Hermite interpolant built
 * from the right-hand side at both ends, accurate to O(h^4) where a straight
 * line between the points is only O(h^2). s0 < 0 <= s1 on entry.
 */
static double
section_crossing(const struct model *m, const double *par, const struct traj *tr, size_t k,
    const double *p, const double *v, const double *ext)
{
	int n = tr->dim, i, it;
	const double *q0 = tr->y + k * (size_t)n, *q1 = q0 + n;
	double *f = xmalloc(3 * (size_t)n * sizeof *f), *f0 = f, *f1 = f + n, *y = f + 2 * n;
	double h = tr->t[k + 1] - tr->t[k], lo = 0, hi = 1;

	expr_prog_eval(m->rhs_prog, tr->t[k], q0, par, f0);
	expr_prog_eval(m->rhs_prog, tr->t[k + 1], q1, par, f1);
	for (it = 0; it < 60; it++) {
		double mid = 0.5 * (lo + hi), sm = 0;
		hermite(n, mid, h, q0, f0, q1, f1, y);
		for (i = 0; i < n; i++)
			sm += (y[i] - p[i]) / ext[i] * v[i];
		if (sm < 0)
			lo = mid;
		else
			hi = mid;
	}
	free(f);
	return 0.5 * (lo + hi);
}

/* A return of the orbit to the section through its last point P normal to F(P). */
static int
find_cycle(const struct model *m, const double *par, const struct traj *tr, double *period)
{
	int n = tr->dim, i;
	const double *p = tr->y + (tr->n - 1) * (size_t)n;
	double *v = xmalloc((size_t)n * sizeof *v), *ext = xmalloc((size_t)n * sizeof *ext);
	double vn = 0, far = 0;
	size_t k;
	int found = 0;

	expr_prog_eval(m->rhs_prog, tr->t[tr->n - 1], p, par, v);
	extent(tr, ext);
	for (i = 0; i < n; i++) {
		v[i] /= ext[i];	/* in units of the orbit's size */
		vn += v[i] * v[i];
	}
	if (tr->n < 20 || !(vn > 0) || at_rest(tr))
		goto out;
	/* the last segment ends at P itself: start one before it */
	for (k = tr->n - 2; k-- > tr->n / 4;) {
		const double *q0 = tr->y + k * (size_t)n, *q1 = q0 + n;
		double s0 = 0, s1 = 0, d = 0;
		for (i = 0; i < n; i++) {
			s0 += (q0[i] - p[i]) / ext[i] * v[i];
			s1 += (q1[i] - p[i]) / ext[i] * v[i];
			d = fmax(d, fabs(q1[i] - p[i]) / ext[i]);
		}
		far = fmax(far, d);
		/* crossing in the same direction as at P, after having gone far away */
		if (s0 < 0 && s1 >= 0 && far > 0.3) {
			double w = s0 / (s0 - s1), dist = 0;
			for (i = 0; i < n; i++) {
				double x = q0[i] + w * (q1[i] - q0[i]);
				dist = fmax(dist, fabs(x - p[i]) / ext[i]);
			}
			if (dist < 0.05) {
				w = section_crossing(m, par, tr, k, p, v, ext);
				*period = tr->t[tr->n - 1] - (tr->t[k] + w * (tr->t[k + 1] - tr->t[k]));
				found = 1;
			}
			break;
		}
	}
out:
	free(v);
	free(ext);
	return found;
}

/*
 * The trajectory approaches the equilibrium eq: eq is stable, the last point
 * is near it on the trajectory's own scale, and the distance at least halved
 * over the last fifth of the run.
 */
static int
converging(const struct model *m, const double *par, const struct traj *tr, const double *eq)
{
	int n = tr->dim, i;
	double *re = xmalloc(2 * (size_t)n * sizeof *re), *ext = xmalloc((size_t)n * sizeof *ext);
	double d_end = 0, d_before = 0;
	const double *last = tr->y + (tr->n - 1) * (size_t)n;
	const double *before = NULL;
	size_t k;
	enum eq_type type;
	int ok;

	type = equilibrium_classify(m, par, eq, re, re + n);
	extent(tr, ext);
	for (k = tr->n; k-- > 0;)
		if (tr->t[k] <= tr->t[tr->n - 1] - 0.2 * (tr->t[tr->n - 1] - tr->t[0])) {
			before = tr->y + k * (size_t)n;
			break;
		}
	for (i = 0; before && i < n; i++) {
		d_end = fmax(d_end, fabs(last[i] - eq[i]) / ext[i]);
		d_before = fmax(d_before, fabs(before[i] - eq[i]) / ext[i]);
	}
	ok = before != NULL && (type == EQ_STABLE_NODE || type == EQ_STABLE_FOCUS) &&
	    d_end < 0.1 && d_end < 0.5 * d_before;
	free(re);
	free(ext);
	return ok;
}

/* The largest distance to u, in units of the equilibrium test's tolerance
 * (d < 1 counts as arrived), over the part of the run from fraction lo to hi. */
static double
envelope(const struct traj *tr, const double *u, double lo, double hi)
{
	int n = tr->dim, i;
	double span = fabs(tr->t[tr->n - 1] - tr->t[0]), d = 0;
	size_t k;

	for (k = 0; k < tr->n; k++) {
		double at = fabs(tr->t[k] - tr->t[0]);
		if (at < lo * span || at > hi * span)
			continue;
		for (i = 0; i < n; i++)
			d = fmax(d, fabs(tr->y[k * (size_t)n + (size_t)i] - u[i]) /
			    (1e-3 * (1 + fabs(u[i]))));
	}
	return d;
}

/*
 * A trajectory still running towards the equilibrium u: the run length after
 * which its distance over the last fifth of the run (the envelope, so that a
 * focus's turns do not matter) would have decayed below the equilibrium
 * test's tolerance at the slowest rate of the linearisation,
 * -max Re(eigenvalue). NAN unless u is stable and the envelope fell from the
 * fifth before.
 */
static double
settle_time(const struct model *m, const double *par, const struct traj *tr, const double *u)
{
	int n = tr->dim, i;
	double *re = xmalloc(2 * (size_t)n * sizeof *re), rate = INFINITY, need = NAN;
	enum eq_type type = equilibrium_classify(m, par, u, re, re + n);
	double d_end = envelope(tr, u, 0.8, 1), d_before = envelope(tr, u, 0.6, 0.8);

	for (i = 0; i < n; i++)
		rate = fmin(rate, -re[i]);
	if ((type == EQ_STABLE_NODE || type == EQ_STABLE_FOCUS) && rate > 0 && d_end > 1 &&
	    d_end < d_before)
		need = fabs(tr->t[tr->n - 1] - tr->t[0]) + log(d_end) / rate;
	free(re);
	return isfinite(need) ? need : NAN;
}

/* The Jacobian at x has an eigenvalue zero (relative to its size). */
static int
degenerate_at(const struct model *m, const double *par, const double *x)
{
	int n = m->nvar;
	double *re = xmalloc(2 * (size_t)n * sizeof *re);
	enum eq_type type = equilibrium_classify(m, par, x, re, re + n);

	free(re);
	return type == EQ_DEGENERATE;
}

/* What would let a trajectory that stopped this way run on. */
static const char *
running_hint(const struct traj *tr)
{
	switch (tr->stop) {
	case SOLVE_DONE: return "tmax";
	case SOLVE_STORAGE: return "maxstor";
	case SOLVE_MEMORY: return "maxmem";
	case SOLVE_CANCELLED: return "run";
	default: return NULL;
	}
}

/* Nearest C0 branch to x within tol (scaled by the branches' extent), or -1. */
static int
near_branch(const struct analysis *a, const double *x, const double *scale, double tol)
{
	int b, best = -1, i;
	double bd = tol;
	size_t k;

	for (b = 0; b < a->nbranch; b++) {
		const struct curve *c = &a->branch[b];
		for (k = 0; k < c->n; k++) {
			double d = 0;
			for (i = 0; i < c->dim; i++)
				d = fmax(d, fabs(c->pt[k * (size_t)c->dim + (size_t)i] - x[i]) / scale[i]);
			if (d < bd) {
				bd = d;
				best = b;
			}
		}
	}
	return best;
}

/*
 * An SGD path is noisy: its branches, its peak and its end are read from the
 * mean over a window of w points ending at point k (out: n values).
 */
static void
window_mean(const struct traj *tr, size_t k, size_t w, double *out)
{
	size_t j, lo = k + 1 > w ? k + 1 - w : 0;
	int i, n = tr->dim;

	for (i = 0; i < n; i++)
		out[i] = 0;
	for (j = lo; j <= k; j++)
		for (i = 0; i < n; i++)
			out[i] += tr->y[j * (size_t)n + (size_t)i];
	for (i = 0; i < n; i++)
		out[i] /= (double)(k + 1 - lo);
}

/* Points in the averaging window: 1 for a trajectory of the ODE, 2% of an SGD path. */
static size_t
window_len(const struct traj *tr)
{
	return tr->kind == TRAJ_SGD && tr->n >= 50 ? tr->n / 50 : 1;
}

void
fate_classify(const struct model *m, const double *par, const struct traj *tr,
    const struct analysis *a, struct fate *f)
{
	int n = m->nvar, i;
	double *u = xmalloc((size_t)n * sizeof *u), *scale = xmalloc((size_t)n * sizeof *scale);
	size_t k, stride;

	memset(f, 0, sizeof *f);
	f->eq = -1;
	f->end_branch = -1;
	f->learned = -1;
	f->need_tmax = NAN;
	f->last = tr->y + (tr->n - 1) * (size_t)n;
	if (tr->stop == SOLVE_ESCAPE || tr->stop == SOLVE_NAN || tr->stop == SOLVE_COLLAPSE) {
		f->end = FATE_ESCAPE;
	} else if (tr->kind == TRAJ_SGD || m->nalg > 0) {
		/* no equilibrium or cycle of the ODE is the end of a noisy path, and
		 * with '0=' constraints the right-hand side alone is not the flow */
		f->end = FATE_RUNNING;
	} else {
		double d = 0;
		int found;
		memcpy(u, f->last, (size_t)n * sizeof *u);
		f->end = FATE_RUNNING;
		f->hint = running_hint(tr);
		found = equilibrium_newton(m, par, u, 1e-12, 30) == 0;
		if (found) {
			for (i = 0; i < n; i++)
				d = fmax(d, fabs(u[i] - f->last[i]) / (1e-3 * (1 + fabs(u[i]))));
			/* not there yet, but closing in on a stable one (a slowly damped focus) */
			if (d >= 1 && converging(m, par, tr, u))
				d = 0;
			if (d >= 1)
				f->need_tmax = settle_time(m, par, tr, u);
		}
		/* at rest where the equilibria are not isolated: Newton cannot converge
		 * on a singular Jacobian, but the trajectory has stopped on one */
		if ((!found || d >= 1) && at_rest(tr) && degenerate_at(m, par, f->last)) {
			d = 0;
			found = 0;
			f->need_tmax = NAN;
			f->end = FATE_EQUILIBRIUM;
		}
		if (found) {
			if (d < 1) {
				f->end = FATE_EQUILIBRIUM;
				for (i = 0; i < a->neq && f->eq < 0; i++) {
					double e = 0;
					int q;
					for (q = 0; q < n; q++)
						e = fmax(e, fabs(a->eq[i].x[q] - u[q]) / (1e-6 * (1 + fabs(u[q]))));
					if (e < 1)
						f->eq = i;
				}
			}
		}
		if (f->end != FATE_RUNNING)
			f->hint = NULL;
		if (f->end == FATE_RUNNING && find_cycle(m, par, tr, &f->period))
			f->end = FATE_CYCLE;
	}
	/* the branches passed near, in order */
	if (a && a->nbranch > 0) {
		for (i = 0; i < n; i++) {
			double lo = INFINITY, hi = -INFINITY;
			int b;
			for (b = 0; b < a->nbranch; b++)
				for (k = 0; k < a->branch[b].n; k++) {
					double v = a->branch[b].pt[k * (size_t)n + (size_t)i];
					lo = fmin(lo, v);
					hi = fmax(hi, v);
				}
			scale[i] = hi > lo ? hi - lo : 1;
		}
		stride = tr->n > 4000 ? tr->n / 4000 : 1;
		for (k = 0; k < tr->n; k += stride) {
			int b;
			window_mean(tr, k, window_len(tr), u);
			b = near_branch(a, u, scale, 0.02);
			if (b >= 0 && (f->npath == 0 || f->path[f->npath - 1] != b) && f->npath < 16)
				f->path[f->npath++] = b;
		}
		window_mean(tr, tr->n - 1, window_len(tr), u);
		f->end_branch = near_branch(a, u, scale, 0.02);
	}
	if (m->feature_var >= 0) {
		double v0 = fabs(tr->y[m->feature_var]), fin;
		/* the feature's size is |v| (v and -v fit alike); a noisy path's final
		 * level is |mean| over its last tenth: one excursion to 0 at the very end
		 * is not a lost feature, and the noise about 0 of a lost one averages out */
		window_mean(tr, tr->n - 1, tr->kind == TRAJ_SGD && tr->n >= 10 ? tr->n / 10 : 1, u);
		fin = fabs(u[m->feature_var]);
		for (k = 0; k < tr->n; k++) {
			window_mean(tr, k, window_len(tr), u);
			f->feature_max = fmax(f->feature_max, fabs(u[m->feature_var]));
		}
		/* learned: it grew well beyond where it started; kept: still most of it */
		if (f->feature_max > fmax(4 * v0, 1e-6))
			f->learned = fin > 0.25 * f->feature_max ? 1 : 0;
	}
	free(scale);
	free(u);
}
