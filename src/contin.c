/* contin: predictor along the tangent, corrector by Newton on the arclength plane. */
#include "contin.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define KMAX 16

void
contin_path_fini(struct contin_path *p)
{
	free(p->u);
	free(p->t);
	p->u = p->t = NULL;
	p->n = p->cap = 0;
}

static void
path_add(struct contin_path *p, const double *u, const double *t)
{
	size_t d = (size_t)p->dim;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 128;
		p->u = xrealloc(p->u, p->cap * d * sizeof *p->u);
		p->t = xrealloc(p->t, p->cap * d * sizeof *p->t);
	}
	memcpy(p->u + p->n * d, u, d * sizeof *u);
	memcpy(p->t + p->n * d, t, d * sizeof *t);
	p->n++;
}

/*
 * Solve the n x n system a x = b in place (b becomes x) by Gaussian
 * elimination with partial pivoting; a is destroyed. No allocation: this
 * runs thousands of times per analysis. Returns -1 if singular.
 */
static int
lu_solve(int n, double *a, double *b)
{
	int i, j, k;

	for (k = 0; k < n; k++) {
		int piv = k;
		double best = fabs(a[k * n + k]);
		for (i = k + 1; i < n; i++)
			if (fabs(a[i * n + k]) > best) {
				best = fabs(a[i * n + k]);
				piv = i;
			}
		if (!(best > 1e-300))
			return -1;
		if (piv != k) {
			for (j = 0; j < n; j++) {
				double t = a[k * n + j];
				a[k * n + j] = a[piv * n + j];
				a[piv * n + j] = t;
			}
			{
				double t = b[k];
				b[k] = b[piv];
				b[piv] = t;
			}
		}
		for (i = k + 1; i < n; i++) {
			double f = a[i * n + k] / a[k * n + k];
			if (f == 0)
				continue;
			for (j = k; j < n; j++)
				a[i * n + j] -= f * a[k * n + j];
			b[i] -= f * b[k];
		}
	}
	for (k = n - 1; k >= 0; k--) {
		double sum = b[k];
		for (j = k + 1; j < n; j++)
			sum -= a[k * n + j] * b[j];
		b[k] = sum / a[k * n + k];
		if (!isfinite(b[k]))
			return -1;
	}
	return 0;
}

int
newton_solve(int n, void (*eval)(void *ctx, const double *u, double *f, double *jac),
    void *ctx, double *u, double tol, int maxit)
{
	double f[KMAX + 1], jac[(KMAX + 1) * (KMAX + 1)];
	int it, i;

	if (n > KMAX + 1)
		return -1;
	for (it = 0; it < maxit; it++) {
		double step = 0;
		int small = 1;
		eval(ctx, u, f, jac);
		for (i = 0; i < n; i++) {
			/*
			 * |f| cannot be computed below the rounding of its terms, about
			 * eps * sum |J_ij u_j|: where that is above the tolerance (a
			 * window of +-1e30) the residual is judged against it instead
			 */
			double terms = 0;
			int j;
			if (!isfinite(f[i]))
				return -1;
			for (j = 0; j < n; j++)
				terms += fabs(jac[i * n + j]) * fmax(1.0, fabs(u[j]));
			small = small && fabs(f[i]) < fmax(1e3 * tol, 1e3 * DBL_EPSILON * terms);
		}
		if (lu_solve(n, jac, f) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			u[i] -= f[i];
			step = fmax(step, fabs(f[i]) / fmax(1.0, fabs(u[i])));
		}
		if (step < tol && small)
			return 0;
	}
	return -1;
}

/* ---- scaled problem ---- */

struct scaled {
	const struct contin_problem *p;
	double tan[KMAX + 1];	/* arclength plane normal */
	double pred[KMAX + 1];	/* predicted point (scaled) */
};

/* F and J in scaled coordinates v = u / scale: J_v = J diag(scale). */
static void
eval_scaled(const struct contin_problem *p, const double *v, double *f, double *jac)
{
	double u[KMAX + 1];
	int k = p->k, i, j;

	for (i = 0; i <= k; i++)
		u[i] = v[i] * p->scale[i];
	p->eval(p->ctx, u, f, jac);
	if (jac)
		for (i = 0; i < k; i++)
			for (j = 0; j <= k; j++)
				jac[i * (k + 1) + j] *= p->scale[j];
}

/* The augmented system [F(v); tan . (v - pred)] for the corrector. */
static void
eval_augmented(void *ctx, const double *v, double *f, double *jac)
{
	struct scaled *s = ctx;
	int k = s->p->k, j;

	eval_scaled(s->p, v, f, jac);
	f[k] = 0;
	for (j = 0; j <= k; j++) {
		f[k] += s->tan[j] * (v[j] - s->pred[j]);
		jac[k * (k + 1) + j] = s->tan[j];
	}
}

/*
 * The tangent at v: solve [J; prev] t = [0; 1], normalise. With prev = NULL, the
 * null vector of J comes from an SVD of J padded to a square.
 */
static int
tangent(const struct contin_problem *p, const double *v, const double *prev, double *t)
{
	int k = p->k, n = k + 1, i, j;
	double f[KMAX + 1], a[(KMAX + 1) * (KMAX + 1)], norm = 0;

	memset(a, 0, sizeof a);
	eval_scaled(p, v, f, a);
	if (prev == NULL) {
		gsl_matrix_view m = gsl_matrix_view_array(a, (size_t)n, (size_t)n);
		gsl_matrix *vm = gsl_matrix_alloc((size_t)n, (size_t)n);
		gsl_vector *s = gsl_vector_alloc((size_t)n), *w = gsl_vector_alloc((size_t)n);
		/* the last row of a is zero: the smallest singular vector spans the null space */
		int rc = gsl_linalg_SV_decomp(&m.matrix, vm, s, w);
		for (i = 0; i < n; i++)
			t[i] = gsl_matrix_get(vm, (size_t)i, (size_t)(n - 1));
		/* a regular point has a one-dimensional null space */
		if (rc != GSL_SUCCESS || gsl_vector_get(s, (size_t)(n - 2)) < 1e-12)
			rc = -1;
		gsl_matrix_free(vm);
		gsl_vector_free(s);
		gsl_vector_free(w);
		return rc == GSL_SUCCESS ? 0 : -1;
	}
	for (j = 0; j < n; j++) {
		a[k * n + j] = prev[j];
		t[j] = 0;
	}
	t[k] = 1;
	if (lu_solve(n, a, t) < 0)
		return -1;
	for (i = 0; i < n; i++)
		norm += t[i] * t[i];
	norm = sqrt(norm);
	if (!(norm > 0) || !isfinite(norm))
		return -1;
	for (i = 0; i < n; i++)
		t[i] /= norm;
	return 0;
}

static int
inside(const struct contin_problem *p, const double *v)
{
	int i;

	for (i = 0; i <= p->k; i++) {
		double u = v[i] * p->scale[i];
		if (!(u >= p->lo[i] && u <= p->hi[i]))
			return 0;
	}
	return 1;
}

static double
dist(int n, const double *a, const double *b)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += (a[i] - b[i]) * (a[i] - b[i]);
	return sqrt(s);
}

/* One direction from v0 with tangent t0 (scaled); appends to out; returns the end reason. */
static const char *
trace_dir(const struct contin_problem *p, const double *v0, const double *t0,
    struct contin_path *out, size_t budget)
{
	int n = p->k + 1, i, it;
	double v[KMAX + 1], t[KMAX + 1], h = p->h0, travelled = 0;
	struct scaled s;
	size_t count = 0;

	memcpy(v, v0, (size_t)n * sizeof *v);
	memcpy(t, t0, (size_t)n * sizeof *t);
	s.p = p;
	while (count < budget) {
		double vn[KMAX + 1], tn[KMAX + 1], cosang = 0;
		int ok = 0;

		for (it = 0; it < 30 && !ok; it++) {
			for (i = 0; i < n; i++) {
				s.pred[i] = v[i] + h * t[i];
				s.tan[i] = t[i];
				vn[i] = s.pred[i];
			}
			if (newton_solve(n, eval_augmented, &s, vn, 1e-11, 12) == 0 &&
			    tangent(p, vn, t, tn) == 0) {
				for (i = 0, cosang = 0; i < n; i++)
					cosang += t[i] * tn[i];
				/* a sharp turn means the step jumped to another branch or over a
				 * detail: take a smaller one */
				if (cosang > 0.97 && dist(n, vn, v) < 2 * h)
					ok = 1;
			}
			if (!ok) {
				h *= 0.5;
				if (h < 1e-9)
					return "singular";
			}
		}
		if (!ok)
			return "singular";
		travelled += dist(n, vn, v);
		memcpy(v, vn, (size_t)n * sizeof *v);
		memcpy(t, tn, (size_t)n * sizeof *t);
		{
			double u[KMAX + 1], tu[KMAX + 1];
			for (i = 0; i < n; i++) {
				u[i] = v[i] * p->scale[i];
				tu[i] = t[i];
			}
			path_add(out, u, tu);
		}
		count++;
		if (!inside(p, v))
			return "box";
		if (travelled > 4 * p->hmax && dist(n, v, v0) < 0.7 * h)
			return "closed";
		if (cosang > 0.995 && h < p->hmax)
			h = fmin(p->hmax, h * 1.5);
	}
	return "points";
}

int
contin_trace(const struct contin_problem *p, const double *seed, struct contin_path *out)
{
	int n = p->k + 1, i;
	double v0[KMAX + 1], t0[KMAX + 1], tneg[KMAX + 1], u0[KMAX + 1];
	struct contin_path back;
	const char *why;
	size_t j;

	if (p->k < 1 || p->k > KMAX)
		return -1;
	for (i = 0; i < n; i++)
		v0[i] = seed[i] / p->scale[i];
	if (tangent(p, v0, NULL, t0) < 0)
		return -1;
	memset(&back, 0, sizeof back);
	back.dim = n;
	out->dim = n;
	out->n = 0;
	for (i = 0; i < n; i++)
		tneg[i] = -t0[i];
	/* backwards first, then reversed, so points run along the curve */
	why = trace_dir(p, v0, tneg, &back, p->max_points / 2);
	snprintf(out->end[0], sizeof out->end[0], "%s", why);
	for (j = back.n; j-- > 0;) {
		double tr[KMAX + 1];
		for (i = 0; i < n; i++)
			tr[i] = -back.t[j * (size_t)n + (size_t)i];
		path_add(out, back.u + j * (size_t)n, tr);
	}
	contin_path_fini(&back);
	if (strcmp(why, "closed") == 0) {
		/* a closed curve is complete already */
		snprintf(out->end[1], sizeof out->end[1], "closed");
		return 0;
	}
	for (i = 0; i < n; i++)
		u0[i] = seed[i];
	path_add(out, u0, t0);
	why = trace_dir(p, v0, t0, out, p->max_points / 2);
	snprintf(out->end[1], sizeof out->end[1], "%s", why);
	return 0;
}

void
contin_scan_roots(const struct contin_problem *p, int axis, int nrows, int nsamples,
    int (*wanted)(void *arg, const double *u), void (*found)(void *arg, const double *u),
    void *arg)
{
	int other = 1 - axis, r, i, it;
	double u[2], f, fprev = 0, xprev = 0;

	if (p->k != 1)
		return;
	for (r = 0; r < nrows; r++) {
		u[other] = p->lo[other] + (r + 0.5) * (p->hi[other] - p->lo[other]) / nrows;
		for (i = 0; i <= nsamples; i++) {
			double x = p->lo[axis] + i * (p->hi[axis] - p->lo[axis]) / nsamples;
			u[axis] = x;
			p->eval(p->ctx, u, &f, NULL);
			if (!isfinite(f)) {
				fprev = 0;
				continue;
			}
			if (f == 0) {
				if (!wanted || wanted(arg, u))
					found(arg, u);
			} else if (i > 0 && fprev != 0 && (f > 0) != (fprev > 0)) {
				double a = xprev, b = x, fa = fprev, fm = f;
				u[axis] = 0.5 * (a + b);
				/* most roots lie on curves traced already: ask before refining */
				if (wanted && !wanted(arg, u)) {
					fprev = f;
					xprev = x;
					continue;
				}
				for (it = 0; it < 80 && fabs(b - a) > 1e-15 * (fabs(a) + fabs(b) + 1e-300);
				    it++) {
					u[axis] = 0.5 * (a + b);
					p->eval(p->ctx, u, &fm, NULL);
					if (fm == 0 || !isfinite(fm))
						break;
					if ((fm > 0) == (fa > 0)) {
						a = u[axis];
						fa = fm;
					} else {
						b = u[axis];
					}
				}
				/* a pole looks like a sign change too: keep true roots only */
				if (isfinite(fm) && fabs(fm) < 1e-6 * (fabs(fa) + fabs(f) + 1e-300) + 1e-12)
					found(arg, u);
			}
			fprev = f;
			xprev = x;
		}
	}
}
