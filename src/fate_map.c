/* fate_map: fixed points and cycles of maps from the tail of an orbit. */
#include "fate_map.h"

#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The smallest p such that the last iterates repeat with period p; 0 if none. */
static int
find_period(const struct traj *tr)
{
	int d = tr->dim, p, i;
	size_t n = tr->n, k;

	for (p = 1; p <= FATE_MAP_MAXP; p++) {
		size_t look = 2 * (size_t)p + 8;
		int ok = 1;
		if (n < look + (size_t)p + 1)
			break;
		for (k = n - look; k < n && ok; k++)
			for (i = 0; i < d && ok; i++) {
				double a = tr->y[k * (size_t)d + (size_t)i];
				double b = tr->y[(k - (size_t)p) * (size_t)d + (size_t)i];
				if (!(fabs(a - b) <= 1e-9 * (1 + fabs(a))))
					ok = 0;
			}
		if (ok)
			return p;
	}
	return 0;
}

/* Largest |eigenvalue| of D(F^p) = DF(x_p-1) ... DF(x_0) along the cycle. */
static double
multiplier(const struct model *m, const double *par, const struct traj *tr, int p)
{
	int n = m->nvar, i, j, k, q;
	size_t last = tr->n - 1;
	double *jb = xmalloc((size_t)(n * n + n) * sizeof *jb);
	gsl_matrix *A = gsl_matrix_alloc((size_t)n, (size_t)n);
	gsl_matrix *B = gsl_matrix_alloc((size_t)n, (size_t)n);
	gsl_matrix *C = gsl_matrix_alloc((size_t)n, (size_t)n);
	gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
	gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc((size_t)n);
	double r = 0;

	gsl_matrix_set_identity(A);
	for (q = p; q >= 1; q--) {
		/* the cycle's points in order: x_{last-p+1} ... x_last */
		size_t at = last - (size_t)q + 1;
		expr_prog_eval(m->jac_prog, tr->t[at], tr->y + at * (size_t)n, par, jb);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++) {
				double s = 0;
				for (k = 0; k < n; k++)
					s += jb[i * n + k] * gsl_matrix_get(A, (size_t)k, (size_t)j);
				gsl_matrix_set(C, (size_t)i, (size_t)j, s);
			}
		gsl_matrix_memcpy(A, C);
	}
	gsl_matrix_memcpy(B, A);
	if (gsl_eigen_nonsymm(B, ev, w) == 0)
		for (i = 0; i < n; i++)
			r = fmax(r, gsl_complex_abs(gsl_vector_complex_get(ev, (size_t)i)));
	else
		r = NAN;
	gsl_eigen_nonsymm_free(w);
	gsl_vector_complex_free(ev);
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	gsl_matrix_free(C);
	free(jb);
	return r;
}

void
fate_map(const struct model *m, const double *par, const struct traj *tr, struct map_fate *f)
{
	int p, q;

	memset(f, 0, sizeof *f);
	if (tr->stop == SOLVE_ESCAPE || tr->stop == SOLVE_NAN) {
		f->period = -1;
		return;
	}
	p = find_period(tr);
	f->period = p;
	if (p == 0)
		return;
	if (m->nvar <= 4) {
		for (q = 0; q < p; q++)
			memcpy(f->pts + q * m->nvar, tr->y + (tr->n - (size_t)p + (size_t)q) *
			    (size_t)m->nvar, (size_t)m->nvar * sizeof *f->pts);
		f->npts = p;
	}
	f->mult = multiplier(m, par, tr, p);
}
