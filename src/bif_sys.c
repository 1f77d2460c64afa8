/*
 * bif_sys: the problem x' = F(x, p) of a bifurcation diagram, its exact
 * derivatives, eigenvalues, and the first Lyapunov coefficient at a Hopf
 * point (Kuznetsov, Elements of Applied Bifurcation Theory, 3rd ed., (3.20)).
 */
#include "bif_int.h"

#include <complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Derivative of tree e with respect to state component b of s; the model's
 * shared definitions are differentiated in L, a private copy of them. */
static struct expr *
diff_state(const struct bif_sys *s, struct expr_lets *L, const struct expr *e, int b)
{
	return expr_lets_diff(L, e, EXPR_VAR, s->idx[b]);
}

static struct expr *
diff_par(const struct bif_sys *s, struct expr_lets *L, const struct expr *e)
{
	return s->ppar >= 0 ? expr_lets_diff(L, e, EXPR_PAR, s->ppar) :
	    expr_lets_diff(L, e, EXPR_VAR, s->pvar);
}

static void
free_trees(struct expr **t, int n)
{
	int i;

	for (i = 0; i < n; i++)
		expr_free(t[i]);
	free(t);
}

/* Compile F, [F_x | F_p], and (n <= 4) the second and third state derivatives. */
static int
compile_all(struct bif_sys *s, struct diag *d)
{
	int n = s->n, a, b, c, e, nh = n * n * n, nt = nh * n;
	struct expr **f = xcalloc((size_t)n, sizeof *f);
	struct expr **j = xcalloc((size_t)(n * (n + 1)), sizeof *j);
	struct expr **h = NULL, **t = NULL;
	struct expr_lets *L = expr_lets_copy(s->m->lets);
	int rc = 0;

	for (a = 0; a < n; a++) {
		f[a] = expr_copy(s->m->rhs[s->idx[a]]);
		for (b = 0; b < n; b++)
			j[a * (n + 1) + b] = diff_state(s, L, f[a], b);
		j[a * (n + 1) + n] = diff_par(s, L, f[a]);
	}
	s->f = expr_lets_compile(L, f, n, d);
	s->jac = s->f ? expr_lets_compile(L, j, n * (n + 1), d) : NULL;
	if (s->jac == NULL)
		rc = -1;
	if (rc == 0 && n <= 4) {
		h = xcalloc((size_t)nh, sizeof *h);
		t = xcalloc((size_t)nt, sizeof *t);
		for (a = 0; a < n; a++)
			for (b = 0; b < n; b++)
				for (c = 0; c < n; c++) {
					struct expr *hbc = diff_state(s, L, j[a * (n + 1) + b], c);
					for (e = 0; e < n; e++)
						t[((a * n + b) * n + c) * n + e] =
						    diff_state(s, L, hbc, e);
					h[(a * n + b) * n + c] = hbc;
				}
		/* without them there is no l1, but the diagram is still right */
		s->hess = expr_lets_compile(L, h, nh, d);
		s->third = s->hess ? expr_lets_compile(L, t, nt, d) : NULL;
		if (s->third == NULL) {
			expr_prog_free(s->hess);
			s->hess = NULL;
		}
		diag_clear(d);
	}
	free_trees(f, n);
	free_trees(j, n * (n + 1));
	if (h)
		free_trees(h, nh);
	if (t)
		free_trees(t, nt);
	expr_lets_free(L);
	return rc;
}

struct bif_sys *
bif_sys_new(const struct model *m, const double *par, const double *state, int ppar, int pvar,
    struct diag *d)
{
	struct bif_sys *s = xcalloc(1, sizeof *s);
	int i, n = 0;

	s->m = m;
	s->ppar = ppar;
	s->pvar = pvar;
	s->par = xmalloc((size_t)(m->npar + 1) * sizeof *s->par);
	memcpy(s->par, par, (size_t)m->npar * sizeof *par);
	s->y = xmalloc((size_t)m->nvar * sizeof *s->y);
	memcpy(s->y, state, (size_t)m->nvar * sizeof *state);
	if (pvar >= 0) {
		/* the layer problem: the fast variables, every slow one frozen */
		for (i = 0; i < m->nfast && n < BIF_NMAX; i++)
			s->idx[n++] = m->fast[i];
	} else {
		for (i = 0; i < m->nvar && n < BIF_NMAX; i++)
			s->idx[n++] = i;
	}
	s->n = n;
	s->work = xmalloc((size_t)(n * n * n * n + n * (n + 1)) * sizeof *s->work);
	if (n == 0 || (pvar < 0 && m->nvar > BIF_NMAX)) {
		diag_set(d, 0, 0, "bifurcation diagrams take at most %d variables", BIF_NMAX);
		bif_sys_free(s);
		return NULL;
	}
	if (compile_all(s, d) < 0) {
		bif_sys_free(s);
		return NULL;
	}
	return s;
}

void
bif_sys_free(struct bif_sys *s)
{
	if (s == NULL)
		return;
	expr_prog_free(s->f);
	expr_prog_free(s->jac);
	expr_prog_free(s->hess);
	expr_prog_free(s->third);
	free(s->par);
	free(s->y);
	free(s->work);
	free(s);
}

void
bif_sys_full(const struct bif_sys *s, const double *x, double p, double *full)
{
	int a;

	memcpy(full, s->y, (size_t)s->m->nvar * sizeof *full);
	for (a = 0; a < s->n; a++)
		full[s->idx[a]] = x[a];
	if (s->pvar >= 0)
		full[s->pvar] = p;
}

/* Load x and p into the work state and parameters. */
static void
load(struct bif_sys *s, const double *x, double p)
{
	int a;

	for (a = 0; a < s->n; a++)
		s->y[s->idx[a]] = x[a];
	if (s->pvar >= 0)
		s->y[s->pvar] = p;
	else
		s->par[s->ppar] = p;
}

void
bif_sys_f(struct bif_sys *s, const double *x, double p, double *f)
{
	load(s, x, p);
	expr_prog_eval(s->f, 0, s->y, s->par, f);
}

void
bif_sys_jac(struct bif_sys *s, const double *x, double p, double *j)
{
	load(s, x, p);
	expr_prog_eval(s->jac, 0, s->y, s->par, j);
}

int
bif_sys_eigen(struct bif_sys *s, const double *x, double p, double *re, double *im)
{
	int n = s->n, a, b, rc;
	double *j = s->work, *am = s->work + n * (n + 1);
	gsl_matrix_view mv;
	gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
	gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc((size_t)n);

	bif_sys_jac(s, x, p, j);
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			am[a * n + b] = j[a * (n + 1) + b];
	mv = gsl_matrix_view_array(am, (size_t)n, (size_t)n);
	rc = gsl_eigen_nonsymm(&mv.matrix, ev, w);
	for (a = 0; a < n; a++) {
		gsl_complex z = gsl_vector_complex_get(ev, (size_t)a);
		re[a] = rc == GSL_SUCCESS ? GSL_REAL(z) : NAN;
		im[a] = rc == GSL_SUCCESS ? GSL_IMAG(z) : NAN;
	}
	gsl_eigen_nonsymm_free(w);
	gsl_vector_complex_free(ev);
	return rc == GSL_SUCCESS ? 0 : -1;
}

/* ---- the first Lyapunov coefficient ---- */

/*
 * The eigenvector of the real n x n matrix a (row-major) for the eigenvalue
 * closest to lambda, into v. Returns 0 or -1.
 */
static int
eigvec(int n, const double *a, double complex lambda, double complex *v)
{
	double *copy = xmalloc((size_t)(n * n) * sizeof *copy);
	gsl_matrix_view mv;
	gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
	gsl_matrix_complex *evec = gsl_matrix_complex_alloc((size_t)n, (size_t)n);
	gsl_eigen_nonsymmv_workspace *w = gsl_eigen_nonsymmv_alloc((size_t)n);
	int rc, i, best = 0;
	double bestd = INFINITY;

	memcpy(copy, a, (size_t)(n * n) * sizeof *copy);
	mv = gsl_matrix_view_array(copy, (size_t)n, (size_t)n);
	rc = gsl_eigen_nonsymmv(&mv.matrix, ev, evec, w);
	for (i = 0; rc == GSL_SUCCESS && i < n; i++) {
		gsl_complex z = gsl_vector_complex_get(ev, (size_t)i);
		double dd = cabs(GSL_REAL(z) + I * GSL_IMAG(z) - lambda);
		if (dd < bestd) {
			bestd = dd;
			best = i;
		}
	}
	for (i = 0; rc == GSL_SUCCESS && i < n; i++) {
		gsl_complex z = gsl_matrix_complex_get(evec, (size_t)i, (size_t)best);
		v[i] = GSL_REAL(z) + I * GSL_IMAG(z);
	}
	gsl_eigen_nonsymmv_free(w);
	gsl_matrix_complex_free(evec);
	gsl_vector_complex_free(ev);
	free(copy);
	return rc == GSL_SUCCESS ? 0 : -1;
}

/* Solve (shift I - a) z = rhs for complex z (n x n, LU with pivoting). */
static int
csolve(int n, const double *a, double complex shift, const double complex *rhs,
    double complex *z)
{
	gsl_matrix_complex *m = gsl_matrix_complex_alloc((size_t)n, (size_t)n);
	gsl_vector_complex *b = gsl_vector_complex_alloc((size_t)n);
	gsl_vector_complex *x = gsl_vector_complex_alloc((size_t)n);
	gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
	int i, j, sgn, rc;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			double complex e = (i == j ? shift : 0) - a[i * n + j];
			gsl_matrix_complex_set(m, (size_t)i, (size_t)j, gsl_complex_rect(creal(e),
			    cimag(e)));
		}
		gsl_vector_complex_set(b, (size_t)i, gsl_complex_rect(creal(rhs[i]),
		    cimag(rhs[i])));
	}
	rc = gsl_linalg_complex_LU_decomp(m, perm, &sgn);
	if (rc == GSL_SUCCESS)
		rc = gsl_linalg_complex_LU_solve(m, perm, b, x);
	for (i = 0; i < n; i++) {
		gsl_complex v = gsl_vector_complex_get(x, (size_t)i);
		z[i] = GSL_REAL(v) + I * GSL_IMAG(v);
		if (!isfinite(creal(z[i])) || !isfinite(cimag(z[i])))
			rc = -1;
	}
	gsl_permutation_free(perm);
	gsl_vector_complex_free(x);
	gsl_vector_complex_free(b);
	gsl_matrix_complex_free(m);
	return rc == GSL_SUCCESS ? 0 : -1;
}

/* B(u, v)_a = sum H_abc u_b v_c */
static void
bilinear(int n, const double *h, const double complex *u, const double complex *v,
    double complex *out)
{
	int a, b, c;

	for (a = 0; a < n; a++) {
		double complex sum = 0;
		for (b = 0; b < n; b++)
			for (c = 0; c < n; c++)
				sum += h[(a * n + b) * n + c] * u[b] * v[c];
		out[a] = sum;
	}
}

/* C(u, v, w)_a = sum T_abce u_b v_c w_e */
static void
trilinear(int n, const double *t, const double complex *u, const double complex *v,
    const double complex *w, double complex *out)
{
	int a, b, c, e;

	for (a = 0; a < n; a++) {
		double complex sum = 0;
		for (b = 0; b < n; b++)
			for (c = 0; c < n; c++)
				for (e = 0; e < n; e++)
					sum += t[((a * n + b) * n + c) * n + e] * u[b] * v[c] * w[e];
		out[a] = sum;
	}
}

static double complex
dotc(int n, const double complex *p, const double complex *q)
{
	double complex s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += conj(p[i]) * q[i];
	return s;
}

int
bif_sys_hopf_vector(struct bif_sys *s, const double *x, double p, double omega, double *qre,
    double *qim)
{
	int n = s->n, a, b;
	double *jac = xmalloc((size_t)(n * (n + 1) + n * n) * sizeof *jac), *A = jac + n * (n + 1);
	double complex *q = xmalloc((size_t)n * sizeof *q);
	int rc;

	bif_sys_jac(s, x, p, jac);
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			A[a * n + b] = jac[a * (n + 1) + b];
	rc = eigvec(n, A, I * omega, q);
	for (a = 0; a < n; a++) {
		qre[a] = creal(q[a]);
		qim[a] = cimag(q[a]);
	}
	free(q);
	free(jac);
	return rc;
}

double
bif_sys_l1(struct bif_sys *s, const double *x, double p, double omega)
{
	enum { N = 4 };
	int n = s->n, a, b;
	double A[N * N], At[N * N], h[N * N * N], t[N * N * N * N], jac[N * (N + 1)];
	double complex q[N], pv[N], qb[N], bqq[N], bqqb[N], r1[N], r2[N], c[N], t1[N], t2[N],
	    norm;
	double qn = 0;

	if (s->hess == NULL || n > N || !(omega > 0))
		return NAN;
	bif_sys_jac(s, x, p, jac);
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++) {
			A[a * n + b] = jac[a * (n + 1) + b];
			At[b * n + a] = jac[a * (n + 1) + b];
		}
	load(s, x, p);
	expr_prog_eval(s->hess, 0, s->y, s->par, h);
	expr_prog_eval(s->third, 0, s->y, s->par, t);
	/* A q = i omega q, A^T p = -i omega p, <q, q> = 1, <p, q> = 1 */
	if (eigvec(n, A, I * omega, q) < 0 || eigvec(n, At, -I * omega, pv) < 0)
		return NAN;
	for (a = 0; a < n; a++)
		qn += creal(q[a] * conj(q[a]));
	qn = sqrt(qn);
	for (a = 0; a < n; a++) {
		q[a] /= qn;
		qb[a] = conj(q[a]);
	}
	norm = dotc(n, pv, q);
	if (cabs(norm) < 1e-300)
		return NAN;
	for (a = 0; a < n; a++)
		pv[a] /= conj(norm);
	bilinear(n, h, q, q, bqq);
	bilinear(n, h, q, qb, bqqb);
	trilinear(n, t, q, q, qb, c);
	/* r1 = A^{-1} B(q, qbar) = -(0 I - A)^{-1} B(q, qbar); r2 = (2 i omega - A)^{-1} B(q, q) */
	if (csolve(n, A, 0, bqqb, r1) < 0 || csolve(n, A, 2 * I * omega, bqq, r2) < 0)
		return NAN;
	for (a = 0; a < n; a++)
		r1[a] = -r1[a];
	bilinear(n, h, q, r1, t1);
	bilinear(n, h, qb, r2, t2);
	return creal(dotc(n, pv, c) - 2 * dotc(n, pv, t1) + dotc(n, pv, t2)) / (2 * omega);
}
