/* equilibria: multi-start Newton with the exact Jacobian, eigenvalues and types. */
#include "analysis.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contin.h"

struct eq_ctx {
	const struct model *m;
	const double *par;
	double *buf;
};

static void
eq_eval(void *ctx, const double *u, double *f, double *jac)
{
	struct eq_ctx *c = ctx;
	int n = c->m->nvar;

	expr_prog_eval(c->m->rhs_prog, 0, u, c->par, f);
	expr_prog_eval(c->m->jac_prog, 0, u, c->par, c->buf);
	memcpy(jac, c->buf, (size_t)(n * n) * sizeof *jac);
}

int
equilibrium_newton(const struct model *m, const double *par, double *u, double tol, int maxit)
{
	struct eq_ctx ctx = {m, par, xmalloc((size_t)(m->nvar * m->nvar + m->nvar) *
	    sizeof(double))};
	int rc = newton_solve(m->nvar, eq_eval, &ctx, u, tol, maxit);

	free(ctx.buf);
	return rc;
}

enum eq_type
equilibrium_classify(const struct model *m, const double *par, const double *x, double *re,
    double *im)
{
	int n = m->nvar, i, j, npos = 0, nneg = 0, ncomplex = 0, nzero = 0;
	double *buf = xmalloc((size_t)(n * n + n) * sizeof *buf), scale = 0;
	gsl_matrix_view a;
	gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
	gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc((size_t)n);
	enum eq_type type;

	expr_prog_eval(m->jac_prog, 0, x, par, buf);
	for (i = 0; i < n * n; i++)
		scale = fmax(scale, fabs(buf[i]));
	a = gsl_matrix_view_array(buf, (size_t)n, (size_t)n);
	if (gsl_eigen_nonsymm(&a.matrix, ev, w) != GSL_SUCCESS) {
		for (i = 0; i < n; i++)
			re[i] = im[i] = NAN;
		type = EQ_DEGENERATE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		gsl_complex z = gsl_vector_complex_get(ev, (size_t)i);
		re[i] = GSL_REAL(z);
		im[i] = GSL_IMAG(z);
	}
	/* sort by real part, descending; conjugate pairs with +im first */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && (re[j] > re[j - 1] ||
		    (re[j] == re[j - 1] && im[j] > im[j - 1])); j--) {
			double tr = re[j], ti = im[j];
			re[j] = re[j - 1];
			im[j] = im[j - 1];
			re[j - 1] = tr;
			im[j - 1] = ti;
		}
	/* "zero" relative to the size of the Jacobian */
	for (i = 0; i < n; i++) {
		double tol = 1e-9 * fmax(scale, 1e-300);
		if (fabs(im[i]) > tol)
			ncomplex++;
		if (fabs(re[i]) <= tol) {
			if (fabs(im[i]) <= tol)
				nzero++;
		} else if (re[i] > 0) {
			npos++;
		} else {
			nneg++;
		}
	}
	if (nzero > 0)
		type = EQ_DEGENERATE;
	else if (npos > 0 && nneg > 0)
		type = EQ_SADDLE;
	else if (npos + nneg < n)
		type = EQ_CENTRE;	/* a purely imaginary pair and nothing unstable-saddle */
	else if (nneg == n)
		type = ncomplex ? EQ_STABLE_FOCUS : EQ_STABLE_NODE;
	else
		type = ncomplex ? EQ_UNSTABLE_FOCUS : EQ_UNSTABLE_NODE;
out:
	gsl_eigen_nonsymm_free(w);
	gsl_vector_complex_free(ev);
	free(buf);
	return type;
}

const char *
eq_type_name(enum eq_type t)
{
	switch (t) {
	case EQ_STABLE_NODE: return "stable-node";
	case EQ_UNSTABLE_NODE: return "unstable-node";
	case EQ_STABLE_FOCUS: return "stable-focus";
	case EQ_UNSTABLE_FOCUS: return "unstable-focus";
	case EQ_SADDLE: return "saddle";
	case EQ_CENTRE: return "centre";
	case EQ_DEGENERATE: return "degenerate";
	}
	return "?";
}

static double
axis_coord(const double *x, int var)
{
	return var < 0 ? 0 : x[var];
}

void
equilibria_find(const struct analysis_req *r, struct analysis *a)
{
	const struct model *m = r->m;
	int n = m->nvar, grid = 12, i, j, k;
	double *u = xmalloc((size_t)n * sizeof *u);
	double xs = r->xhi - r->xlo, ys = r->yhi - r->ylo;

	/* the grid, then two starts that do not depend on the window's scale (a
	 * window of +-1e300 puts every grid point where a cubic overflows): the
	 * window's point nearest the origin, and the initial data */
	for (i = 0; i < grid; i++) {
		for (j = 0; j < grid + (i == 0 ? 2 : 0); j++) {
			int dup = 0;
			memcpy(u, r->base, (size_t)n * sizeof *u);
			if (j == grid) {
				if (r->xvar >= 0)
					u[r->xvar] = fmin(fmax(0, r->xlo), r->xhi);
				if (r->yvar >= 0)
					u[r->yvar] = fmin(fmax(0, r->ylo), r->yhi);
			} else if (j < grid) {
				if (r->xvar >= 0)
					u[r->xvar] = r->xlo + (i + 0.5) * (xs / grid);
				if (r->yvar >= 0)
					u[r->yvar] = r->ylo + (j + 0.5) * (ys / grid);
			}
			if (equilibrium_newton(m, r->par, u, 1e-12, 40) < 0)
				continue;
			/* in the window (a hair outside counts: an equilibrium on the edge) */
			if (r->xvar >= 0 && (axis_coord(u, r->xvar) < r->xlo - 1e-6 * xs ||
			    axis_coord(u, r->xvar) > r->xhi + 1e-6 * xs))
				continue;
			if (r->yvar >= 0 && (axis_coord(u, r->yvar) < r->ylo - 1e-6 * ys ||
			    axis_coord(u, r->yvar) > r->yhi + 1e-6 * ys))
				continue;
			for (k = 0; k < a->neq && !dup; k++) {
				double d = 0;
				int q;
				for (q = 0; q < n; q++)
					d = fmax(d, fabs(a->eq[k].x[q] - u[q]) /
					    fmax(1e-3 * fmax(xs, ys), fabs(u[q]) * 1e-6));
				if (d < 1)
					dup = 1;
			}
			if (dup)
				continue;
			a->eq = xrealloc(a->eq, (size_t)(a->neq + 1) * sizeof *a->eq);
			a->eq[a->neq].x = xmalloc((size_t)n * sizeof(double));
			a->eq[a->neq].re = xmalloc((size_t)n * sizeof(double));
			a->eq[a->neq].im = xmalloc((size_t)n * sizeof(double));
			memcpy(a->eq[a->neq].x, u, (size_t)n * sizeof *u);
			for (k = 0; k < n; k++)
				if (fabs(a->eq[a->neq].x[k]) < 1e-13)
					a->eq[a->neq].x[k] = 0;	/* print 0, not -1e-17 */
			a->eq[a->neq].type = equilibrium_classify(m, r->par, u, a->eq[a->neq].re,
			    a->eq[a->neq].im);
			a->neq++;
		}
	}
	/*
	 * Many degenerate equilibria are points of a curve of equilibria (a
	 * conserved quantity, say): listing samples of it says nothing.
	 */
	{
		int ndeg = 0, w = 0;
		for (i = 0; i < a->neq; i++)
			ndeg += a->eq[i].type == EQ_DEGENERATE;
		if (ndeg > 4) {
			for (i = 0; i < a->neq; i++) {
				if (a->eq[i].type == EQ_DEGENERATE) {
					free(a->eq[i].x);
					free(a->eq[i].re);
					free(a->eq[i].im);
				} else {
					a->eq[w++] = a->eq[i];
				}
			}
			a->neq = w;
			a->eq_note = "a curve of degenerate equilibria is not listed";
		}
	}
	/* a stable order: by x, then y */
	for (i = 1; i < a->neq; i++)
		for (j = i; j > 0; j--) {
			double *p = a->eq[j - 1].x, *q = a->eq[j].x;
			int sx = r->xvar >= 0 ? r->xvar : 0, sy = r->yvar >= 0 ? r->yvar : 0;
			if (q[sx] < p[sx] - 1e-12 || (fabs(q[sx] - p[sx]) <= 1e-12 && q[sy] < p[sy])) {
				struct equilibrium tmp = a->eq[j];
				a->eq[j] = a->eq[j - 1];
				a->eq[j - 1] = tmp;
			}
		}
	free(u);
}
