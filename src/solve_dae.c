/*
 * solve_dae: the algebraic variables of a model with '0=' constraints
 * (index 1), solved at each evaluation of the right-hand side as XPPAUT
 * does. Newton's method with the exact Jacobian d g / d z (GSL's gnewton,
 * whose line search keeps the residual falling), started from the values
 * the caller's parameter array holds: the last root along a trajectory,
 * so that a solution stays on its branch.
 *
 * canard solves to round-off, not to XPPAUT's NEWT_TOL (1e-3 by default,
 * which leaves z off by up to that much): the trajectory is as accurate as
 * the integrator's tolerances say.
 */
#include "solve.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAE_MAX_ITER 60

struct dae {
	const struct model *m;
	gsl_multiroot_fdfsolver *s;
	gsl_vector *z;
	double *buf;		/* residuals, then the k*k partials */
	double *keep;		/* the first guess, restored when Newton fails */
	double *par;		/* the caller's parameters with the trial z */
	double t;
	const double *y;
};

/* Residuals and partials at z, through the compiled program. */
static int
eval_at(struct dae *a, const gsl_vector *z)
{
	int k = a->m->nalg, i;

	for (i = 0; i < k; i++)
		a->par[a->m->alg_par[i]] = gsl_vector_get(z, (size_t)i);
	expr_prog_eval(a->m->alg_prog, a->t, a->y, a->par, a->buf);
	for (i = 0; i < k + k * k; i++)
		if (!isfinite(a->buf[i]))
			return GSL_EBADFUNC;
	return GSL_SUCCESS;
}

static int
fdf(const gsl_vector *z, void *arg, gsl_vector *f, gsl_matrix *jac)
{
	struct dae *a = arg;
	int k = a->m->nalg, i, j, rc = eval_at(a, z);

	if (rc != GSL_SUCCESS)
		return rc;
	for (i = 0; i < k; i++) {
		if (f)
			gsl_vector_set(f, (size_t)i, a->buf[i]);
		for (j = 0; jac && j < k; j++)
			gsl_matrix_set(jac, (size_t)i, (size_t)j, a->buf[k + i * k + j]);
	}
	return GSL_SUCCESS;
}

static int
f_only(const gsl_vector *z, void *arg, gsl_vector *f)
{
	return fdf(z, arg, f, NULL);
}

static int
df_only(const gsl_vector *z, void *arg, gsl_matrix *jac)
{
	return fdf(z, arg, NULL, jac);
}

struct dae *
dae_new(const struct model *m)
{
	struct dae *a;

	if (m->nalg == 0)
		return NULL;
	a = xcalloc(1, sizeof *a);
	a->m = m;
	a->s = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_gnewton, (size_t)m->nalg);
	a->z = gsl_vector_alloc((size_t)m->nalg);
	if (a->s == NULL || a->z == NULL) {
		fprintf(stderr, "canard: out of memory in the constraint solver\n");
		exit(2);
	}
	a->buf = xmalloc((size_t)(m->nalg + m->nalg * m->nalg) * sizeof *a->buf);
	a->keep = xmalloc((size_t)m->nalg * sizeof *a->keep);
	return a;
}

void
dae_free(struct dae *a)
{
	if (a == NULL)
		return;
	gsl_multiroot_fdfsolver_free(a->s);
	gsl_vector_free(a->z);
	free(a->buf);
	free(a->keep);
	free(a);
}

/*
 * Converged: every Newton correction below round-off of its variable (the
 * next one is smaller still: the convergence is quadratic), or a residual
 * that is exactly zero.
 */
static int
converged(const gsl_multiroot_fdfsolver *s)
{
	size_t i;
	int zero = 1;

	for (i = 0; i < s->x->size; i++)
		zero &= gsl_vector_get(s->f, i) == 0;
	if (zero)
		return 1;
	for (i = 0; i < s->x->size; i++)
		if (!(fabs(gsl_vector_get(s->dx, i)) <= 1e-15 + 1e-13 * fabs(gsl_vector_get(s->x, i))))
			return 0;
	return 1;
}

int
dae_solve(struct dae *a, double t, const double *y, double *par)
{
	const struct model *m = a->m;
	gsl_multiroot_function_fdf fn;
	int k = m->nalg, i, it, ok = 0;

	a->t = t;
	a->y = y;
	a->par = par;
	for (i = 0; i < k; i++) {
		a->keep[i] = par[m->alg_par[i]];
		gsl_vector_set(a->z, (size_t)i, a->keep[i]);
	}
	fn.f = f_only;
	fn.df = df_only;
	fn.fdf = fdf;
	fn.n = (size_t)k;
	fn.params = a;
	if (gsl_multiroot_fdfsolver_set(a->s, &fn, a->z) == GSL_SUCCESS) {
		for (it = 0; it < DAE_MAX_ITER; it++) {
			int rc = gsl_multiroot_fdfsolver_iterate(a->s);
			if (rc != GSL_SUCCESS && rc != GSL_ENOPROG)
				break;
			if (converged(a->s)) {
				ok = 1;
				break;
			}
			if (rc == GSL_ENOPROG)
				break;
		}
	}
	for (i = 0; i < k; i++) {
		double z = gsl_vector_get(a->s->x, (size_t)i);
		if (!isfinite(z))
			ok = 0;
	}
	for (i = 0; i < k; i++)
		par[m->alg_par[i]] = ok ? gsl_vector_get(a->s->x, (size_t)i) : a->keep[i];
	return ok ? 0 : -1;
}
