/*
 * colloc: families of periodic orbits by orthogonal collocation, continued
 * from a Hopf point by pseudo-arclength continuation.
 *
 * A cycle of period T is u(tau), tau in [0, 1], with u' = T F(u, p). On a
 * mesh 0 = tau_0 < ... < tau_N = 1 it is a piecewise polynomial of degree m
 * (values at m + 1 equally spaced nodes per interval, the last node of an
 * interval the first of the next, the last of all the first: periodicity is
 * built in). The equations hold at the m Gauss points of every interval
 * (de Boor and Swartz: superconvergent at the mesh points). Two more
 * equations close the system: the phase condition (the cycle is orthogonal
 * to the previous cycle's velocity) and the arclength condition. Newton's
 * method solves it with a dense LU (GSL); the planar problems canard is for
 * keep it small. After every step the mesh is moved to equidistribute the
 * cycle's arclength in phase space plus a uniform part, so that the fast
 * jumps of relaxation and canard cycles get their share of intervals, and
 * the cycle is interpolated onto it.
 *
 * Floquet multipliers: for planar problems the nontrivial one is exactly
 * exp(T int_0^1 trace F_x dtau); otherwise the monodromy matrix is the
 * product of the collocation's transfer matrices over the intervals.
 * Test functions along the family: the tangent's p component (LPC), the
 * product of (mu + 1) over the nontrivial multipliers (PD). A period grown
 * many times over, with the cycle lingering where F nearly vanishes, is the
 * approach to a homoclinic orbit (or to a saddle-node on the cycle, SNIC):
 * the family stops there with a record saying so.
 */
#include "bif_int.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG 4			/* collocation points per interval */
#define NINT 40			/* mesh intervals */
#define MAX_STEPS 600

/* Gauss-Legendre points and weights on [0, 1] */
static const double gauss_z[DEG] = {
	0.069431844202973712, 0.33000947820757187, 0.66999052179242813, 0.93056815579702629
};
static const double gauss_w[DEG] = {
	0.17392742256872693, 0.32607257743127307, 0.32607257743127307, 0.17392742256872693
};

struct coll {
	struct bif_sys *s;
	const struct bif_req *r;
	int n, N, M, K;		/* state size, intervals, nodes (N * DEG), unknowns */
	double lag[DEG][DEG + 1], dlag[DEG][DEG + 1];	/* basis at the Gauss points */
	double *mesh;		/* N + 1 */
	double *X;		/* K: nodes (M * n), T, p */
	double *tan;		/* K: unit tangent */
	double *refd;		/* M * n: velocity of the reference cycle at the nodes */
	double *w;		/* M: quadrature weight of each node */
	double wT, wp;		/* weights of T and p in the arclength norm */
	double *J, *R;		/* K * K, K */
	gsl_permutation *perm;
	double T0;		/* period at the start */
	double scale[BIF_NMAX];	/* of each state variable, for the mesh monitor */
};

/* Lagrange basis on the nodes i / DEG at z: values and derivatives. */
static void
basis(double z, double *l, double *dl)
{
	int i, j, k;

	for (i = 0; i <= DEG; i++) {
		double xi = (double)i / DEG, prod = 1, dsum = 0;
		for (j = 0; j <= DEG; j++)
			if (j != i)
				prod *= (z - (double)j / DEG) / (xi - (double)j / DEG);
		l[i] = prod;
		/* derivative: sum over j of prod_{k != i, j} (z - x_k)/(x_i - x_k) / (x_i - x_j) */
		for (j = 0; j <= DEG; j++) {
			double term;
			if (j == i)
				continue;
			term = 1 / (xi - (double)j / DEG);
			for (k = 0; k <= DEG; k++)
				if (k != i && k != j)
					term *= (z - (double)k / DEG) / (xi - (double)k / DEG);
			dsum += term;
		}
		dl[i] = dsum;
	}
}

/* Node index of node i of interval j (cyclic). */
static int
node(const struct coll *c, int j, int i)
{
	int g = j * DEG + i;
	return g == c->M ? 0 : g;
}

/* Weights of the nodes for integrals over [0, 1] (trapezoid on the sub-nodes). */
static void
node_weights(struct coll *c)
{
	int j, i;

	memset(c->w, 0, (size_t)c->M * sizeof *c->w);
	for (j = 0; j < c->N; j++) {
		double h = c->mesh[j + 1] - c->mesh[j];
		for (i = 0; i <= DEG; i++)
			c->w[node(c, j, i)] += (i == 0 || i == DEG ? 0.5 : 1) * h / DEG;
	}
}

/* The cycle X at tau (n values into u). */
static void
eval_at(const struct coll *c, const double *mesh, const double *X, double tau, double *u)
{
	double l[DEG + 1], dl[DEG + 1], s;
	int j = 0, lo = 0, hi = c->N, i, a;

	tau -= floor(tau);
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (mesh[mid] <= tau)
			lo = mid;
		else
			hi = mid;
	}
	j = lo;
	s = (tau - mesh[j]) / (mesh[j + 1] - mesh[j]);
	basis(s, l, dl);
	for (a = 0; a < c->n; a++)
		u[a] = 0;
	for (i = 0; i <= DEG; i++)
		for (a = 0; a < c->n; a++)
			u[a] += l[i] * X[node(c, j, i) * c->n + a];
}

/* ---- the system ---- */

/*
 * Residual R and Jacobian J at X, for the step of length ds from X0 along t0.
 * J may be NULL.
 */
static void
assemble(struct coll *c, const double *X, const double *X0, const double *t0, double ds)
{
	int n = c->n, K = c->K, j, k, i, a, b, g;
	double T = X[K - 2], p = X[K - 1], arc = 0;
	double u[BIF_NMAX], f[BIF_NMAX], jac[BIF_NMAX * (BIF_NMAX + 1)];

	memset(c->J, 0, (size_t)K * (size_t)K * sizeof *c->J);
	for (j = 0; j < c->N; j++) {
		double h = c->mesh[j + 1] - c->mesh[j];
		for (k = 0; k < DEG; k++) {
			int row = (j * DEG + k) * n;
			for (a = 0; a < n; a++)
				u[a] = 0;
			for (i = 0; i <= DEG; i++)
				for (a = 0; a < n; a++)
					u[a] += c->lag[k][i] * X[node(c, j, i) * n + a];
			bif_sys_f(c->s, u, p, f);
			bif_sys_jac(c->s, u, p, jac);
			for (a = 0; a < n; a++) {
				double *Jr = c->J + (size_t)(row + a) * (size_t)K;
				double sum = 0;
				for (i = 0; i <= DEG; i++) {
					int col = node(c, j, i) * n;
					sum += c->dlag[k][i] * X[col + a];
					Jr[col + a] += c->dlag[k][i] / h;
					for (b = 0; b < n; b++)
						Jr[col + b] -= T * c->lag[k][i] * jac[a * (n + 1) + b];
				}
				c->R[row + a] = sum / h - T * f[a];
				Jr[K - 2] = -f[a];
				Jr[K - 1] = -T * jac[a * (n + 1) + n];
			}
		}
	}
	/* phase: int <u, v'> = 0 against the reference velocity v' */
	c->R[K - 2] = 0;
	for (g = 0; g < c->M; g++)
		for (a = 0; a < n; a++) {
			c->R[K - 2] += c->w[g] * X[g * n + a] * c->refd[g * n + a];
			c->J[(size_t)(K - 2) * (size_t)K + (size_t)(g * n + a)] = c->w[g] *
			    c->refd[g * n + a];
		}
	/* arclength: <X - X0, t0> = ds in the weighted norm */
	for (g = 0; g < c->M; g++)
		for (a = 0; a < n; a++) {
			double wa = c->w[g] / (c->scale[a] * c->scale[a]);
			arc += wa * (X[g * n + a] - X0[g * n + a]) * t0[g * n + a];
			c->J[(size_t)(K - 1) * (size_t)K + (size_t)(g * n + a)] = wa * t0[g * n + a];
		}
	arc += c->wT * (T - X0[K - 2]) * t0[K - 2] + c->wp * (p - X0[K - 1]) * t0[K - 1];
	c->J[(size_t)K * (size_t)K - 2] = c->wT * t0[K - 2];
	c->J[(size_t)K * (size_t)K - 1] = c->wp * t0[K - 1];
	c->R[K - 1] = arc - ds;
}

/* LU of J into J/perm; -1 if singular. */
static int
factor(struct coll *c)
{
	gsl_matrix_view m = gsl_matrix_view_array(c->J, (size_t)c->K, (size_t)c->K);
	int sgn, i;

	if (gsl_linalg_LU_decomp(&m.matrix, c->perm, &sgn) != GSL_SUCCESS)
		return -1;
	for (i = 0; i < c->K; i++)
		if (!(fabs(c->J[(size_t)i * (size_t)c->K + (size_t)i]) > 1e-300))
			return -1;
	return 0;
}

static int
lu_solve_in_place(struct coll *c, double *x)
{
	gsl_matrix_view m = gsl_matrix_view_array(c->J, (size_t)c->K, (size_t)c->K);
	gsl_vector_view v = gsl_vector_view_array(x, (size_t)c->K);
	int i;

	if (gsl_linalg_LU_svx(&m.matrix, c->perm, &v.vector) != GSL_SUCCESS)
		return -1;
	for (i = 0; i < c->K; i++)
		if (!isfinite(x[i]))
			return -1;
	return 0;
}

/* Weighted norm of a K-vector (the arclength norm: the state scaled by the window). */
static double
wnorm(const struct coll *c, const double *v)
{
	double s = 0;
	int g, a;

	for (g = 0; g < c->M; g++)
		for (a = 0; a < c->n; a++)
			s += c->w[g] * v[g * c->n + a] * v[g * c->n + a] / (c->scale[a] * c->scale[a]);
	s += c->wT * v[c->K - 2] * v[c->K - 2] + c->wp * v[c->K - 1] * v[c->K - 1];
	return sqrt(s);
}

/* Newton from the predictor X0 + ds t0 into X; 0 on convergence. */
static int
newton(struct coll *c, const double *X0, const double *t0, double ds, double *X)
{
	int K = c->K, it, i;

	for (i = 0; i < K; i++)
		X[i] = X0[i] + ds * t0[i];
	for (it = 0; it < 12; it++) {
		double step = 0, res = 0;
		assemble(c, X, X0, t0, ds);
		for (i = 0; i < K; i++)
			res = fmax(res, fabs(c->R[i]));
		if (!isfinite(res) || factor(c) < 0 || lu_solve_in_place(c, c->R) < 0)
			return -1;
		for (i = 0; i < K; i++) {
			X[i] -= c->R[i];
			step = fmax(step, fabs(c->R[i]) / (1 + fabs(X[i])));
		}
		if (!(X[K - 2] > 0))
			return -1;
		if (step < 1e-9 && res < 1e-6 * (1 + X[K - 2]))
			return 0;
	}
	return -1;
}

/* The tangent at X (the Jacobian there, its last row the previous tangent), oriented along t0. */
static int
tangent(struct coll *c, const double *X, const double *t0, double *t, int fresh)
{
	int K = c->K, i;
	double nrm, dot = 0;

	/* the LU of the last Newton iteration is the Jacobian at X to within the
	 * final correction: good enough for a direction, and it saves a factorisation */
	if (!fresh) {
		assemble(c, X, X, t0, 0);
		if (factor(c) < 0)
			return -1;
	}
	memset(t, 0, (size_t)K * sizeof *t);
	t[K - 1] = 1;
	if (lu_solve_in_place(c, t) < 0)
		return -1;
	nrm = wnorm(c, t);
	for (i = 0; i < K; i++)
		t[i] /= nrm;
	for (i = 0; i < K; i++)
		dot += (i < c->M * c->n ? c->w[i / c->n] / (c->scale[i % c->n] * c->scale[i % c->n]) :
		    i == K - 2 ? c->wT : c->wp) * t[i] * t0[i];
	if (dot < 0)
		for (i = 0; i < K; i++)
			t[i] = -t[i];
	return 0;
}

/* The reference for the phase condition: the velocity T F(u) at each node of X. */
static void
set_reference(struct coll *c, const double *X)
{
	int g, a;
	double f[BIF_NMAX];

	for (g = 0; g < c->M; g++) {
		bif_sys_f(c->s, X + g * c->n, X[c->K - 1], f);
		for (a = 0; a < c->n; a++)
			c->refd[g * c->n + a] = X[c->K - 2] * f[a];
	}
}

/* ---- mesh adaptation ---- */

/*
 * Equidistribute arclength in phase space (scaled) plus a uniform part over
 * the intervals; move X and the tangent onto the new mesh.
 */
static void
adapt_mesh(struct coll *c, double *X, double *t)
{
	int n = c->n, N = c->N, j, i, a, k;
	double *cum = xmalloc((size_t)(N + 1) * sizeof *cum), *mesh = xmalloc((size_t)(N + 1) *
	    sizeof *mesh), *nx = xmalloc((size_t)c->K * sizeof *nx), *nt = xmalloc((size_t)c->K *
	    sizeof *nt), total;

	cum[0] = 0;
	for (j = 0; j < N; j++) {
		double len = 0;
		for (i = 0; i < DEG; i++) {
			double d2 = 0;
			for (a = 0; a < n; a++) {
				double e = (X[node(c, j, i + 1) * n + a] - X[node(c, j, i) * n + a]) /
				    c->scale[a];
				d2 += e * e;
			}
			len += sqrt(d2);
		}
		cum[j + 1] = cum[j] + len;
	}
	total = cum[N];
	/* a third of the intervals spread uniformly in time */
	for (j = 0; j <= N; j++)
		cum[j] = cum[j] + 0.5 * total * c->mesh[j];
	total = cum[N];
	mesh[0] = 0;
	mesh[N] = 1;
	for (k = 1, j = 0; k < N; k++) {
		double target = total * k / N;
		while (j < N - 1 && cum[j + 1] < target)
			j++;
		mesh[k] = c->mesh[j] + (c->mesh[j + 1] - c->mesh[j]) * (target - cum[j]) /
		    fmax(cum[j + 1] - cum[j], 1e-300);
	}
	/* values at the new nodes from the old polynomials */
	for (j = 0; j < N; j++)
		for (i = 0; i < DEG; i++) {
			double tau = mesh[j] + (mesh[j + 1] - mesh[j]) * i / DEG;
			int g = j * DEG + i;
			eval_at(c, c->mesh, X, tau, nx + g * n);
			eval_at(c, c->mesh, t, tau, nt + g * n);
		}
	for (k = c->M * n; k < c->K; k++) {
		nx[k] = X[k];
		nt[k] = t[k];
	}
	memcpy(c->mesh, mesh, (size_t)(N + 1) * sizeof *mesh);
	memcpy(X, nx, (size_t)c->K * sizeof *nx);
	memcpy(t, nt, (size_t)c->K * sizeof *nt);
	node_weights(c);
	free(cum);
	free(mesh);
	free(nx);
	free(nt);
}

/* ---- Floquet multipliers ---- */

/* The transfer matrix of interval j of the linearised collocation (n x n into phi). */
static int
transfer(struct coll *c, const double *X, int j, double *phi)
{
	int n = c->n, nn = DEG * n, k, i, a, b, e, rc = 0;
	double h = c->mesh[j + 1] - c->mesh[j], T = X[c->K - 2], p = X[c->K - 1];
	double u[BIF_NMAX], jac[BIF_NMAX * (BIF_NMAX + 1)];
	gsl_matrix *A = gsl_matrix_calloc((size_t)nn, (size_t)nn);
	gsl_matrix *B = gsl_matrix_calloc((size_t)nn, (size_t)n);
	gsl_permutation *perm = gsl_permutation_alloc((size_t)nn);
	gsl_vector *x = gsl_vector_alloc((size_t)nn);
	int sgn;

	/* unknowns v_1..v_DEG, given v_0 = e_b: A v = -B e_b */
	for (k = 0; k < DEG; k++) {
		for (a = 0; a < n; a++)
			u[a] = 0;
		for (i = 0; i <= DEG; i++)
			for (a = 0; a < n; a++)
				u[a] += c->lag[k][i] * X[node(c, j, i) * n + a];
		bif_sys_jac(c->s, u, p, jac);
		for (a = 0; a < n; a++)
			for (i = 0; i <= DEG; i++)
				for (b = 0; b < n; b++) {
					double v = (a == b ? c->dlag[k][i] / h : 0) - T * c->lag[k][i] *
					    jac[a * (n + 1) + b];
					if (i == 0)
						gsl_matrix_set(B, (size_t)(k * n + a), (size_t)b, v);
					else
						*gsl_matrix_ptr(A, (size_t)(k * n + a), (size_t)((i - 1) * n +
						    b)) += v;
				}
	}
	if (gsl_linalg_LU_decomp(A, perm, &sgn) != GSL_SUCCESS)
		rc = -1;
	for (b = 0; rc == 0 && b < n; b++) {
		gsl_vector_view col = gsl_matrix_column(B, (size_t)b);
		gsl_vector_memcpy(x, &col.vector);
		gsl_vector_scale(x, -1);
		if (gsl_linalg_LU_svx(A, perm, x) != GSL_SUCCESS)
			rc = -1;
		for (e = 0; e < n; e++)
			phi[e * n + b] = gsl_vector_get(x, (size_t)((DEG - 1) * n + e));
	}
	gsl_vector_free(x);
	gsl_permutation_free(perm);
	gsl_matrix_free(B);
	gsl_matrix_free(A);
	return rc;
}

/*
 * The nontrivial Floquet multipliers (the one nearest 1 left out): n - 1
 * values into re/im. Returns 0 or -1.
 */
static int
multipliers(struct coll *c, const double *X, double *re, double *im)
{
	int n = c->n, j, k, a, b, e, drop = 0, rc = 0;
	double T = X[c->K - 2], p = X[c->K - 1];

	if (n == 2) {
		/* Liouville: the product of the multipliers is exp(int trace), one is 1 */
		double integral = 0, u[2], jac[6];
		for (j = 0; j < c->N; j++)
			for (k = 0; k < DEG; k++) {
				double tau = c->mesh[j] + (c->mesh[j + 1] - c->mesh[j]) * gauss_z[k];
				eval_at(c, c->mesh, X, tau, u);
				bif_sys_jac(c->s, u, p, jac);
				integral += (c->mesh[j + 1] - c->mesh[j]) * gauss_w[k] * (jac[0] + jac[4]);
			}
		re[0] = exp(T * integral);
		im[0] = 0;
		return 0;
	} else {
		double *mono = xcalloc((size_t)(3 * n * n), sizeof *mono), *phi = mono + n * n,
		    *tmp = phi + n * n, best = INFINITY;
		gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
		gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc((size_t)n);
		gsl_matrix_view mv;
		for (a = 0; a < n; a++)
			mono[a * n + a] = 1;
		for (j = 0; j < c->N && rc == 0; j++) {
			rc = transfer(c, X, j, phi);
			for (a = 0; a < n; a++)
				for (b = 0; b < n; b++) {
					double s = 0;
					for (e = 0; e < n; e++)
						s += phi[a * n + e] * mono[e * n + b];
					tmp[a * n + b] = s;
				}
			memcpy(mono, tmp, (size_t)(n * n) * sizeof *tmp);
		}
		mv = gsl_matrix_view_array(mono, (size_t)n, (size_t)n);
		if (rc == 0 && gsl_eigen_nonsymm(&mv.matrix, ev, w) != GSL_SUCCESS)
			rc = -1;
		for (a = 0; rc == 0 && a < n; a++) {
			gsl_complex z = gsl_vector_complex_get(ev, (size_t)a);
			double d = hypot(GSL_REAL(z) - 1, GSL_IMAG(z));
			if (d < best) {
				best = d;
				drop = a;
			}
		}
		for (a = 0, b = 0; rc == 0 && a < n; a++) {
			gsl_complex z = gsl_vector_complex_get(ev, (size_t)a);
			if (a == drop)
				continue;
			re[b] = GSL_REAL(z);
			im[b++] = GSL_IMAG(z);
		}
		gsl_eigen_nonsymm_free(w);
		gsl_vector_complex_free(ev);
		free(mono);
		return rc;
	}
}

/* ---- the family ---- */

static struct bif_cycbranch *
new_branch(struct bif_result *b, int hopf)
{
	struct bif_cycbranch *cb;

	b->cyc = xrealloc(b->cyc, (size_t)(b->ncyc + 1) * sizeof *b->cyc);
	cb = &b->cyc[b->ncyc++];
	memset(cb, 0, sizeof *cb);
	cb->hopf = hopf;
	cb->hopf_end = -1;
	return cb;
}

/* Extent of every variable over the cycle, sampled finely between the nodes. */
static void
extent(struct coll *c, const double *X, double *xmin, double *xmax, double *at_min_speed)
{
	int n = c->n, j, k, a, nv = c->s->m->nvar;
	double u[BIF_NMAX], full[64], f[BIF_NMAX], slow = INFINITY;
	double *fb = nv <= 64 ? full : xmalloc((size_t)nv * sizeof *fb);

	for (a = 0; a < nv; a++) {
		xmin[a] = INFINITY;
		xmax[a] = -INFINITY;
	}
	for (j = 0; j < c->N; j++)
		for (k = 0; k < 4 * DEG; k++) {
			double tau = c->mesh[j] + (c->mesh[j + 1] - c->mesh[j]) * k / (4.0 * DEG), sp = 0;
			eval_at(c, c->mesh, X, tau, u);
			bif_sys_full(c->s, u, X[c->K - 1], fb);
			for (a = 0; a < nv; a++) {
				xmin[a] = fmin(xmin[a], fb[a]);
				xmax[a] = fmax(xmax[a], fb[a]);
			}
			bif_sys_f(c->s, u, X[c->K - 1], f);
			for (a = 0; a < n; a++)
				sp += f[a] * f[a] / (c->scale[a] * c->scale[a]);
			if (sp < slow) {
				slow = sp;
				memcpy(at_min_speed, fb, (size_t)nv * sizeof *fb);
			}
		}
	if (fb != full)
		free(fb);
}

static void
append(struct coll *c, struct bif_cycbranch *cb, const double *X, int stable)
{
	int nv = c->s->m->nvar;
	double *slow = xmalloc((size_t)nv * sizeof *slow);

	if (cb->n == cb->cap) {
		cb->cap = cb->cap ? 2 * cb->cap : 64;
		cb->p = xrealloc(cb->p, cb->cap * sizeof *cb->p);
		cb->period = xrealloc(cb->period, cb->cap * sizeof *cb->period);
		cb->stable = xrealloc(cb->stable, cb->cap);
		cb->xmin = xrealloc(cb->xmin, cb->cap * (size_t)nv * sizeof *cb->xmin);
		cb->xmax = xrealloc(cb->xmax, cb->cap * (size_t)nv * sizeof *cb->xmax);
	}
	cb->p[cb->n] = X[c->K - 1];
	cb->period[cb->n] = X[c->K - 2];
	cb->stable[cb->n] = (unsigned char)stable;
	extent(c, X, cb->xmin + cb->n * (size_t)nv, cb->xmax + cb->n * (size_t)nv, slow);
	cb->n++;
	free(slow);
}

/* Keep the last cycle (for drawing it and for tests). */
static void
keep_orbit(struct coll *c, struct bif_cycbranch *cb, const double *X)
{
	int nv = c->s->m->nvar, g;

	cb->ntime = (size_t)c->M + 1;
	cb->time = xrealloc(cb->time, cb->ntime * sizeof *cb->time);
	cb->orbit = xrealloc(cb->orbit, cb->ntime * (size_t)nv * sizeof *cb->orbit);
	for (g = 0; g <= c->M; g++) {
		int j = g / DEG, i = g % DEG;
		double tau = g == c->M ? 1 : c->mesh[j] + (c->mesh[j + 1] - c->mesh[j]) * i / DEG;
		cb->time[g] = tau;
		bif_sys_full(c->s, X + (g == c->M ? 0 : g) * c->n, X[c->K - 1], cb->orbit +
		    (size_t)g * (size_t)nv);
	}
}

static struct bif_point *
add_cycle_point(struct coll *c, struct bif_result *b, enum bif_kind kind, const double *X)
{
	struct bif_point *pt;
	int nv = c->s->m->nvar;
	double *lo = xmalloc((size_t)nv * 2 * sizeof *lo);

	b->pt = xrealloc(b->pt, (size_t)(b->npt + 1) * sizeof *b->pt);
	pt = &b->pt[b->npt++];
	memset(pt, 0, sizeof *pt);
	pt->kind = kind;
	pt->branch = b->ncyc - 1;
	pt->p = X[c->K - 1];
	pt->period = X[c->K - 2];
	pt->l1 = pt->omega = NAN;
	pt->x = xmalloc((size_t)nv * sizeof *pt->x);
	/* a homoclinic orbit is marked at the slowest point, near the equilibrium it
	 * approaches; other points at the cycle's first node */
	if (kind == BIF_HOMOCLINIC)
		extent(c, X, lo, lo + nv, pt->x);
	else
		bif_sys_full(c->s, X, X[c->K - 1], pt->x);
	free(lo);
	return pt;
}

/* Ratio of the slowest to the fastest speed on the cycle (scaled). */
static double
speed_ratio(struct coll *c, const double *X)
{
	double f[BIF_NMAX], lo = INFINITY, hi = 0;
	int g, a;

	for (g = 0; g < c->M; g++) {
		double sp = 0;
		bif_sys_f(c->s, X + g * c->n, X[c->K - 1], f);
		for (a = 0; a < c->n; a++)
			sp += f[a] * f[a] / (c->scale[a] * c->scale[a]);
		lo = fmin(lo, sqrt(sp));
		hi = fmax(hi, sqrt(sp));
	}
	return hi > 0 ? lo / hi : 1;
}

static int
start(struct coll *c, const struct bif_point *h)
{
	int n = c->n, j, i, a, g;
	double qre[BIF_NMAX], qim[BIF_NMAX], u0[BIF_NMAX], nrm;

	for (a = 0; a < n; a++)
		u0[a] = h->x[c->s->idx[a]];
	if (bif_sys_hopf_vector(c->s, u0, h->p, h->omega, qre, qim) < 0)
		return -1;
	for (j = 0; j <= c->N; j++)
		c->mesh[j] = (double)j / c->N;
	node_weights(c);
	for (j = 0; j < c->N; j++)
		for (i = 0; i < DEG; i++) {
			double tau = c->mesh[j] + (c->mesh[j + 1] - c->mesh[j]) * i / DEG;
			double cs = cos(2 * M_PI * tau), sn = sin(2 * M_PI * tau);
			g = j * DEG + i;
			for (a = 0; a < n; a++) {
				c->X[g * n + a] = u0[a];
				c->tan[g * n + a] = qre[a] * cs - qim[a] * sn;
				/* the phase condition against the tangent's own velocity */
				c->refd[g * n + a] = -2 * M_PI * (qre[a] * sn + qim[a] * cs);
			}
		}
	c->X[c->K - 2] = c->T0 = h->period;
	c->X[c->K - 1] = h->p;
	c->tan[c->K - 2] = c->tan[c->K - 1] = 0;
	nrm = wnorm(c, c->tan);
	for (i = 0; i < c->K; i++)
		c->tan[i] /= nrm;
	return 0;
}

/* The fold-of-cycles test at X: the p part of the tangent there (oriented along t0). */
static double
lpc_test(struct coll *c, const double *X, const double *t0)
{
	double *t = xmalloc((size_t)c->K * sizeof *t), f = NAN;

	if (tangent(c, X, t0, t, 1) == 0)
		f = t[c->K - 1];
	free(t);
	return f;
}

/*
 * The period-doubling test at X: the product of (mu + 1) over the real
 * nontrivial Floquet multipliers (a complex pair contributes |mu + 1|^2 > 0,
 * so only a real multiplier crossing -1 changes its sign). *stable says
 * whether they all lie inside the unit circle. NAN when the multipliers
 * cannot be computed.
 */
static double
pd_test(struct coll *c, const double *X, int *stable)
{
	double re[BIF_NMAX], im[BIF_NMAX], pd = 1;
	int a, st = 1;

	if (multipliers(c, X, re, im) < 0)
		return NAN;
	for (a = 0; a < c->n - 1; a++) {
		if (!(hypot(re[a], im[a]) < 1))
			st = 0;
		if (im[a] == 0)
			pd *= re[a] + 1;
	}
	if (stable)
		*stable = st;
	return pd;
}

/*
 * Locate the zero of a test function (kind BIF_LPC or BIF_PD) between X0 and
 * the step ds along t0, where it went from fa to fb, by the Illinois variant
 * of regula falsi on the step length; the cycle there into X.
 */
static void
locate(struct coll *c, enum bif_kind kind, const double *X0, const double *t0, double ds,
    double fa, double fb, double *X)
{
	double sa = 0, sb = ds;
	int it;

	for (it = 0; it < 30 && fabs(sb - sa) > 1e-12 * fabs(ds); it++) {
		double s = (sa * fb - sb * fa) / (fb - fa), f;
		if (!(s > fmin(sa, sb) && s < fmax(sa, sb)))
			s = 0.5 * (sa + sb);
		if (newton(c, X0, t0, s, X) < 0)
			break;
		f = kind == BIF_LPC ? lpc_test(c, X, t0) : pd_test(c, X, NULL);
		if (isnan(f))
			break;
		if ((f > 0) == (fb > 0)) {
			sb = s;
			fb = f;
			fa *= 0.5;
		} else {
			sa = s;
			fa = f;
			fb *= 0.5;
		}
		if (fabs(f) < 1e-12)
			break;
	}
}

/*
 * The family has shrunk back onto the equilibria at another Hopf point: the
 * last two cycles bracket its parameter, and the last is small.
 */
static int
other_hopf(const struct coll *c, const struct bif_result *b, int hopf,
    const struct bif_cycbranch *cb)
{
	int i, a, nv = b->nvar;
	size_t k = cb->n - 1;
	double amp = 0;

	for (a = 0; a < c->n; a++) {
		int v = c->s->idx[a];
		amp = fmax(amp, (cb->xmax[k * nv + v] - cb->xmin[k * nv + v]) / c->scale[a]);
	}
	if (amp > 0.05)
		return -1;
	for (i = 0; i < b->npt; i++) {
		const struct bif_point *h = &b->pt[i];
		double d0 = cb->p[k - 1] - h->p, d1 = cb->p[k] - h->p;
		if (i == hopf || h->kind != BIF_HOPF)
			continue;
		if ((d0 > 0) != (d1 > 0) || fabs(d1) < fabs(cb->p[k] - cb->p[k - 1]))
			return i;
	}
	return -1;
}

/* The family of cycles from Hopf point hopf: one branch appended to b. */
static void
run_family(struct coll *c, struct bif_result *b, int hopf)
{
	int K = c->K, step, a;
	double *X0 = xmalloc((size_t)K * 4 * sizeof *X0), *X1 = X0 + K, *t1 = X1 + K,
	    *Xl = t1 + K, ds = 0.005, dsmax = 0.05, pd_prev = NAN;
	struct bif_cycbranch *cb = new_branch(b, hopf);
	const char *why = "points";

	memcpy(X0, c->X, (size_t)K * sizeof *X0);
	for (step = 0; step < MAX_STEPS; step++) {
		double pd;
		int stable = 1;
		if (c->r->should_stop && c->r->should_stop(c->r->stop_arg)) {
			why = "stopped";
			break;
		}
		if (newton(c, X0, c->tan, ds, X1) < 0 || tangent(c, X1, c->tan, t1, 1) < 0) {
			ds *= 0.5;
			if (ds < 1e-7) {
				why = "failed";
				break;
			}
			step--;
			continue;
		}
		if (X1[K - 1] < c->r->lo || X1[K - 1] > c->r->hi) {
			why = "range";
			break;
		}
		pd = pd_test(c, X1, &stable);
		/* folds of cycles: the tangent's p part changes sign; not where the family
		 * lingers at an equilibrium with a long period, on its way to a homoclinic
		 * orbit, and p no longer moves beyond rounding */
		if (step > 0 && (c->tan[K - 1] > 0) != (t1[K - 1] > 0) && c->tan[K - 1] != 0 &&
		    !(X1[K - 2] > 5 * c->T0 && speed_ratio(c, X1) < 1e-3)) {
			locate(c, BIF_LPC, X0, c->tan, ds, c->tan[K - 1], t1[K - 1], Xl);
			add_cycle_point(c, b, BIF_LPC, Xl);
		}
		if (step > 0 && isfinite(pd) && isfinite(pd_prev) && (pd > 0) != (pd_prev > 0)) {
			locate(c, BIF_PD, X0, c->tan, ds, pd_prev, pd, Xl);
			add_cycle_point(c, b, BIF_PD, Xl);
		}
		pd_prev = pd;

		append(c, cb, X1, stable);
		if (c->r->progress)
			c->r->progress(c->r->progress_arg, b);
		memcpy(X0, X1, (size_t)K * sizeof *X0);
		memcpy(c->tan, t1, (size_t)K * sizeof *t1);
		set_reference(c, X0);
		adapt_mesh(c, X0, c->tan);
		set_reference(c, X0);
		if (step > 2 && (a = other_hopf(c, b, hopf, cb)) >= 0) {
			cb->hopf_end = a;
			why = "hopf";
			break;
		}
		if (X0[K - 2] > 10 * c->T0 && speed_ratio(c, X0) < 1e-3) {
			add_cycle_point(c, b, BIF_HOMOCLINIC, X0);
			why = "homoclinic";
			break;
		}
		/* steps in the period relative to the period: a period growing without
		 * bound (homoclinic, SNIC) is then approached geometrically */
		c->wT = 1 / (X0[K - 2] * X0[K - 2]);
		ds = fmin(dsmax, ds * 1.3);
	}
	keep_orbit(c, cb, X0);
	snprintf(cb->end, sizeof cb->end, "%s", why);
	free(X0);
}

void
colloc_from_hopf(struct bif_sys *s, const struct bif_req *r, struct bif_result *b, int hopf)
{
	struct coll c;
	int k, a;
	const struct bif_point h = b->pt[hopf];

	memset(&c, 0, sizeof c);
	c.s = s;
	c.r = r;
	c.n = s->n;
	c.N = NINT;
	c.M = c.N * DEG;
	c.K = c.M * c.n + 2;
	for (k = 0; k < DEG; k++)
		basis(gauss_z[k], c.lag[k], c.dlag[k]);
	c.mesh = xmalloc((size_t)(c.N + 1) * sizeof *c.mesh);
	c.X = xmalloc((size_t)c.K * 2 * sizeof *c.X);
	c.tan = c.X + c.K;
	c.refd = xmalloc((size_t)(c.M * c.n) * sizeof *c.refd);
	c.w = xmalloc((size_t)c.M * sizeof *c.w);
	c.J = xmalloc((size_t)c.K * (size_t)c.K * sizeof *c.J);
	c.R = xmalloc((size_t)c.K * sizeof *c.R);
	c.perm = gsl_permutation_alloc((size_t)c.K);
	for (a = 0; a < c.n; a++) {
		int v = s->idx[a];
		c.scale[a] = r->vlo && r->vhi && r->vhi[v] > r->vlo[v] ? r->vhi[v] - r->vlo[v] :
		    1 + fabs(h.x[v]);
	}
	c.wT = 1 / (h.period * h.period);
	c.wp = 1 / ((r->hi - r->lo) * (r->hi - r->lo));
	if (start(&c, &h) == 0)
		run_family(&c, b, hopf);
	gsl_permutation_free(c.perm);
	free(c.R);
	free(c.J);
	free(c.w);
	free(c.refd);
	free(c.X);
	free(c.mesh);
}
