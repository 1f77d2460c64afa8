/*
 * bif: equilibrium branches of x' = F(x, p) by pseudo-arclength continuation
 * (contin_trace on the n equations in n + 1 unknowns (x, p)), their stability,
 * and the special points on them. Each special point is the zero of a test
 * function along the branch, bracketed between two computed points and
 * located by the Illinois variant of regula falsi, every trial point put back
 * on the branch by Newton's method on the plane through the chord:
 *   fold (LP)    the p component of the unit tangent;
 *   branch (BP)  det [F_x F_p; tangent^T] (scaled), which keeps its sign at folds;
 *   Hopf         prod_{i<j} (lambda_i + lambda_j) (the bialternate product's
 *                determinant), zero at Hopf points and at neutral saddles,
 *                which are told apart by the imaginary parts.
 * From a branch point the other branch is traced too.
 */
#include "bif_int.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contin.h"

#define NM BIF_NMAX
#define N1 (BIF_NMAX + 1)

const char *
bif_kind_name(enum bif_kind k)
{
	switch (k) {
	case BIF_FOLD: return "fold";
	case BIF_HOPF: return "hopf";
	case BIF_BRANCH: return "branch";
	case BIF_LPC: return "lpc";
	case BIF_PD: return "pd";
	case BIF_HOMOCLINIC: return "homoclinic";
	}
	return "?";
}

/* The state of one computation. */
struct bctx {
	struct bif_sys *s;
	const struct bif_req *r;
	struct bif_result *b;
	int n;
	double scale[N1], lo[N1], hi[N1];	/* unknowns (x, p) */
	struct contin_problem cp;
	/* Newton on the chord plane (scaled): normal and predicted point */
	double plane[N1], pred[N1];
	double pfix;		/* the parameter of the seeds' Newton iteration */
};

/* F and [F_x F_p] at u = (x, p), for contin. */
static void
eval_u(void *ctx, const double *u, double *f, double *jac)
{
	struct bctx *c = ctx;

	bif_sys_f(c->s, u, u[c->n], f);
	if (jac)
		bif_sys_jac(c->s, u, u[c->n], jac);
}

/* At fixed p = pfix: F and F_x, for seeds. */
static void
eval_fixed(void *ctx, const double *x, double *f, double *jac)
{
	struct bctx *c = ctx;
	double j[NM * N1];
	int n = c->n, a, b;

	bif_sys_f(c->s, x, c->pfix, f);
	bif_sys_jac(c->s, x, c->pfix, j);
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			jac[a * n + b] = j[a * (n + 1) + b];
}

/* In scaled unknowns v = u / scale: [F; plane . (v - pred)] and its Jacobian. */
static void
eval_plane(void *ctx, const double *v, double *f, double *jac)
{
	struct bctx *c = ctx;
	double u[N1] = {0};
	int n = c->n, a, b;

	for (a = 0; a <= n; a++)
		u[a] = v[a] * c->scale[a];
	eval_u(c, u, f, jac);
	for (a = 0; a < n; a++)
		for (b = 0; b <= n; b++)
			jac[a * (n + 1) + b] *= c->scale[b];
	f[n] = 0;
	for (b = 0; b <= n; b++) {
		f[n] += c->plane[b] * (v[b] - c->pred[b]);
		jac[n * (n + 1) + b] = c->plane[b];
	}
}

/* The scaled augmented matrix [F_x F_p; d^T] at u (unscaled), into m. */
static void
augmented(struct bctx *c, const double *u, const double *d, double *m)
{
	int n = c->n, a, b;

	bif_sys_jac(c->s, u, u[n], m);
	for (a = 0; a < n; a++)
		for (b = 0; b <= n; b++)
			m[a * (n + 1) + b] *= c->scale[b];
	for (b = 0; b <= n; b++)
		m[n * (n + 1) + b] = d[b];
}

/* Determinant and, optionally, the solution of m x = e_n (the tangent), by GSL LU. */
static double
aug_solve(int n1, double *m, double *x)
{
	gsl_matrix_view mv = gsl_matrix_view_array(m, (size_t)n1, (size_t)n1);
	gsl_permutation *perm = gsl_permutation_alloc((size_t)n1);
	int sgn, i;
	double det;

	gsl_linalg_LU_decomp(&mv.matrix, perm, &sgn);
	det = gsl_linalg_LU_det(&mv.matrix, sgn);
	if (x && det != 0) {
		gsl_vector *rhs = gsl_vector_calloc((size_t)n1);
		gsl_vector_view xv = gsl_vector_view_array(x, (size_t)n1);
		double norm = 0;
		gsl_vector_set(rhs, (size_t)(n1 - 1), 1);
		gsl_linalg_LU_solve(&mv.matrix, perm, rhs, &xv.vector);
		for (i = 0; i < n1; i++)
			norm += x[i] * x[i];
		norm = sqrt(norm);
		for (i = 0; i < n1; i++)
			x[i] /= norm;
		gsl_vector_free(rhs);
	}
	gsl_permutation_free(perm);
	return det;
}

/* ---- test functions ---- */

enum { TF_LP, TF_BP, TF_HOPF, TF_LO, TF_HI, TF_COUNT };

/* prod_{i<j} (lambda_i + lambda_j), real for a real matrix */
static double
hopf_product(int n, const double *re, const double *im)
{
	double complex_re = 1, complex_im = 0;
	int i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double sr = re[i] + re[j], si = im[i] + im[j];
			double nr = complex_re * sr - complex_im * si;
			complex_im = complex_re * si + complex_im * sr;
			complex_re = nr;
		}
	return complex_re;
}

/* The test function kind at u with direction d along the branch (scaled). */
static double
test_fn(struct bctx *c, int kind, const double *u, const double *d)
{
	int n = c->n, n1 = n + 1;
	double m[N1 * N1], t[N1], re[NM], im[NM];

	switch (kind) {
	case TF_LP:
		augmented(c, u, d, m);
		if (aug_solve(n1, m, t) == 0)
			return 0;
		return t[n];
	case TF_BP:
		augmented(c, u, d, m);
		return aug_solve(n1, m, NULL);
	case TF_HOPF:
		if (bif_sys_eigen(c->s, u, u[n], re, im) < 0)
			return NAN;
		return hopf_product(n, re, im);
	case TF_LO:
		return u[n] - c->r->lo;
	case TF_HI:
		return u[n] - c->r->hi;
	}
	return NAN;
}

/* Put the point at fraction s of the chord ua -> ub back on the branch. */
static int
on_chord(struct bctx *c, const double *ua, const double *ub, double s, double *u)
{
	int n = c->n, a;
	double v[N1], len = 0;

	for (a = 0; a <= n; a++) {
		double va = ua[a] / c->scale[a], vb = ub[a] / c->scale[a];
		c->plane[a] = vb - va;
		len += c->plane[a] * c->plane[a];
		c->pred[a] = v[a] = va + s * (vb - va);
	}
	len = sqrt(len);
	if (!(len > 0))
		return -1;
	for (a = 0; a <= n; a++)
		c->plane[a] /= len;
	if (newton_solve(n + 1, eval_plane, c, v, 1e-13, 20) < 0) {
		/* next to a branch point the plane system is nearly singular and
		 * Newton converges only linearly: accept a looser fit from the start */
		for (a = 0; a <= n; a++)
			v[a] = c->pred[a];
		if (newton_solve(n + 1, eval_plane, c, v, 1e-10, 200) < 0)
			return -1;
	}
	for (a = 0; a <= n; a++)
		u[a] = v[a] * c->scale[a];
	return 0;
}

/*
 * The zero of test function kind between ua and ub (where it changes sign:
 * fa, fb), by the Illinois method on the chord parameter. Returns 0 with u.
 */
static int
locate(struct bctx *c, int kind, const double *ua, const double *ub, double fa, double fb,
    double *u)
{
	double sa = 0, sb = 1, d[N1], len = 0;
	int it, side = 0, a, n = c->n;

	for (a = 0; a <= n; a++) {
		d[a] = (ub[a] - ua[a]) / c->scale[a];
		len += d[a] * d[a];
	}
	for (a = 0; a <= n; a++)
		d[a] /= sqrt(len);
	/* an end that is the zero already (a seed on the range's end): no sign to
	 * bracket with, and the iteration would walk to the other end */
	if (fa == 0 || fb == 0) {
		memcpy(u, fa == 0 ? ua : ub, (size_t)(n + 1) * sizeof *u);
		return 0;
	}
	for (it = 0; it < 60; it++) {
		double s = (sa * fb - sb * fa) / (fb - fa), f;
		if (!(s > sa && s < sb))
			s = 0.5 * (sa + sb);
		/* exactly on a branch point the plane system is singular: step aside */
		if (on_chord(c, ua, ub, s, u) < 0 && on_chord(c, ua, ub, s + 1e-9 * (sb - sa), u) < 0)
			return -1;
		f = test_fn(c, kind, u, d);
		if (!isfinite(f))
			return -1;
		if (f == 0 || sb - sa < 1e-14)
			return 0;
		if ((f > 0) == (fb > 0)) {
			sb = s;
			fb = f;
			if (side == -1)
				fa *= 0.5;
			side = -1;
		} else {
			sa = s;
			fa = f;
			if (side == 1)
				fb *= 0.5;
			side = 1;
		}
		if (fabs(sb - sa) < 1e-15 * fmax(1, fabs(sa)))
			return 0;
	}
	return 0;
}

/* ---- results ---- */

static struct bif_point *
add_point(struct bctx *c, enum bif_kind kind, int branch, const double *u)
{
	struct bif_result *b = c->b;
	struct bif_point *pt;

	b->pt = xrealloc(b->pt, (size_t)(b->npt + 1) * sizeof *b->pt);
	pt = &b->pt[b->npt++];
	memset(pt, 0, sizeof *pt);
	pt->kind = kind;
	pt->branch = branch;
	pt->p = u[c->n];
	pt->x = xmalloc((size_t)b->nvar * sizeof *pt->x);
	bif_sys_full(c->s, u, u[c->n], pt->x);
	pt->l1 = pt->omega = pt->period = NAN;
	return pt;
}

static int
is_stable(struct bctx *c, const double *u)
{
	double re[NM], im[NM];
	int a;

	if (bif_sys_eigen(c->s, u, u[c->n], re, im) < 0)
		return 0;
	for (a = 0; a < c->n; a++)
		if (!(re[a] < 0))
			return 0;
	return 1;
}

/* A Hopf point, or nothing at a neutral saddle: the pair nearest the axis must be complex. */
static void
hopf_point(struct bctx *c, int branch, const double *u)
{
	double re[NM], im[NM], best = INFINITY, omega = 0, scale = 0;
	int a, b;
	struct bif_point *pt;

	if (bif_sys_eigen(c->s, u, u[c->n], re, im) < 0)
		return;
	for (a = 0; a < c->n; a++)
		scale = fmax(scale, hypot(re[a], im[a]));
	/* the pair lambda_a + lambda_b = 0 that made the product vanish */
	for (a = 0; a < c->n; a++)
		for (b = a + 1; b < c->n; b++) {
			double sr = fabs(re[a] + re[b]) + fabs(im[a] + im[b]);
			if (sr < best) {
				best = sr;
				omega = fabs(im[a]) > fabs(re[a]) ? fabs(im[a]) : 0;
			}
		}
	if (!(omega > 1e-8 * fmax(scale, 1e-300)))
		return;
	pt = add_point(c, BIF_HOPF, branch, u);
	pt->omega = omega;
	pt->period = 2 * M_PI / omega;
	pt->l1 = bif_sys_l1(c->s, u, u[c->n], omega);
}

/* ---- tracing ---- */

static void eq_trace(struct bctx *c, const double *seed, int depth);

/* Distance (scaled) from u to the polyline of branch br, segment by segment. */
static double
dist_to_branch(struct bctx *c, const struct bif_eqbranch *br, const double *u)
{
	int n = c->n, a, nv = c->b->nvar;
	double best = INFINITY, pa[N1], pb[N1], w[N1];
	size_t k;

	for (k = 0; k < br->n; k++) {
		double dd = 0, ee = 0, t = 0;
		for (a = 0; a < n; a++)
			pb[a] = br->x[k * (size_t)nv + (size_t)c->s->idx[a]] / c->scale[a];
		pb[n] = br->p[k] / c->scale[n];
		for (a = 0; a <= n; a++)
			w[a] = u[a] / c->scale[a];
		if (k > 0) {
			/* the nearest point of the segment pa..pb */
			for (a = 0; a <= n; a++) {
				t += (w[a] - pa[a]) * (pb[a] - pa[a]);
				ee += (pb[a] - pa[a]) * (pb[a] - pa[a]);
			}
			t = ee > 0 ? fmin(1, fmax(0, t / ee)) : 0;
		} else {
			memcpy(pa, pb, sizeof pa);
		}
		for (a = 0; a <= n; a++) {
			double e = w[a] - (pa[a] + t * (pb[a] - pa[a]));
			dd += e * e;
		}
		best = fmin(best, sqrt(dd));
		memcpy(pa, pb, sizeof pa);
	}
	return best;
}

static int
known(struct bctx *c, const double *u)
{
	int i;

	for (i = 0; i < c->b->neq; i++)
		if (dist_to_branch(c, &c->b->eq[i], u) < 2e-3)
			return 1;
	return 0;
}

/* The branch's other half through a branch point u with tangent direction d. */
static void
branch_switch(struct bctx *c, const double *u, const double *d, int depth)
{
	int n = c->n, n1 = n + 1, a, b, side;
	double m[N1 * N1], t2[N1], dot = 0, norm = 0;
	gsl_matrix *mm = gsl_matrix_calloc((size_t)n1, (size_t)n1);
	gsl_matrix *vm = gsl_matrix_alloc((size_t)n1, (size_t)n1);
	gsl_vector *sv = gsl_vector_alloc((size_t)n1), *w = gsl_vector_alloc((size_t)n1);

	/* the null space of [F_x F_p] is two-dimensional here: take the singular
	 * vector of the second smallest singular value, made orthogonal to d */
	augmented(c, u, d, m);
	for (a = 0; a < n; a++)
		for (b = 0; b < n1; b++)
			gsl_matrix_set(mm, (size_t)a, (size_t)b, m[a * n1 + b]);
	gsl_linalg_SV_decomp(mm, vm, sv, w);
	for (a = 0; a < n1; a++)
		t2[a] = gsl_matrix_get(vm, (size_t)a, (size_t)(n1 - 2));
	for (a = 0; a < n1; a++)
		dot += t2[a] * d[a];
	if (fabs(dot) > 0.9)
		for (a = 0, dot = 0; a < n1; a++) {
			t2[a] = gsl_matrix_get(vm, (size_t)a, (size_t)(n1 - 1));
			dot += t2[a] * d[a];
		}
	for (a = 0; a < n1; a++) {
		t2[a] -= dot * d[a];
		norm += t2[a] * t2[a];
	}
	gsl_matrix_free(mm);
	gsl_matrix_free(vm);
	gsl_vector_free(sv);
	gsl_vector_free(w);
	if (!(sqrt(norm) > 1e-8))
		return;
	for (side = -1; side <= 1; side += 2) {
		double ua[N1], ub[N1], seed[N1];
		for (a = 0; a < n1; a++) {
			t2[a] /= sqrt(norm);
			ua[a] = u[a];
			ub[a] = u[a] + side * 0.02 * t2[a] * c->scale[a];
		}
		norm = 1;
		/* Newton on the plane through ub, normal t2 */
		if (on_chord(c, ua, ub, 1, seed) == 0 && !known(c, seed)) {
			eq_trace(c, seed, depth + 1);
			return;
		}
	}
}

static int
in_range(const struct bctx *c, const double *u)
{
	return u[c->n] >= c->r->lo && u[c->n] <= c->r->hi;
}

/*
 * The runs of the path inside [lo, hi], each with its ends moved to where the
 * branch crosses the range's end: appends the points of run number `run` to
 * out (n + 1 each) and returns how many, 0 when there is no such run.
 */
static size_t
range_run(struct bctx *c, const struct contin_path *path, int run, double *out)
{
	int n1 = c->n + 1, cur = -1;
	size_t k, m = 0;
	double d[N1] = {0};

	for (k = 0; k < path->n; k++) {
		const double *u = path->u + k * (size_t)n1;
		int in = in_range(c, u);
		if (k > 0 && in != in_range(c, u - n1)) {
			/* a crossing between k-1 and k: locate it on the branch */
			const double *ua = u - n1;
			int end = (in ? ua : u)[c->n] < c->r->lo ? TF_LO : TF_HI;
			double x[N1], fa = test_fn(c, end, ua, d), fb = test_fn(c, end, u, d);
			if (in)
				cur++;
			if (cur == run && locate(c, end, ua, u, fa, fb, x) == 0) {
				x[c->n] = end == TF_LO ? c->r->lo : c->r->hi;
				memcpy(out + m++ * n1, x, (size_t)n1 * sizeof *x);
			}
			if (!in && cur == run)
				return m;
		} else if (k == 0 && in) {
			cur++;
		}
		/* skip a point equal to the crossing just stored (a seed on the range's end) */
		if (in && cur == run && !(m > 0 && memcmp(out + (m - 1) * n1, u,
		    (size_t)n1 * sizeof *u) == 0) && !(m > 0 && u[c->n] == out[(m - 1) * n1 + c->n] &&
		    (u[c->n] == c->r->lo || u[c->n] == c->r->hi)))
			memcpy(out + m++ * n1, u, (size_t)n1 * sizeof *u);
	}
	return m;
}

/* Store np points u (n + 1 each) as a branch with its end reasons; returns its index. */
static int
store_branch(struct bctx *c, const double *u, size_t np, const char *end0, const char *end1)
{
	struct bif_result *b = c->b;
	struct bif_eqbranch *br;
	int n1 = c->n + 1;
	size_t k;

	b->eq = xrealloc(b->eq, (size_t)(b->neq + 1) * sizeof *b->eq);
	br = &b->eq[b->neq];
	memset(br, 0, sizeof *br);
	br->n = np;
	br->p = xmalloc((br->n + 1) * sizeof *br->p);
	br->x = xmalloc((br->n + 1) * (size_t)b->nvar * sizeof *br->x);
	br->stable = xmalloc(br->n + 1);
	for (k = 0; k < br->n; k++) {
		const double *uk = u + k * (size_t)n1;
		br->p[k] = uk[c->n];
		bif_sys_full(c->s, uk, uk[c->n], br->x + k * (size_t)b->nvar);
		br->stable[k] = (unsigned char)is_stable(c, uk);
	}
	snprintf(br->end[0], sizeof br->end[0], "%s", end0);
	snprintf(br->end[1], sizeof br->end[1], "%s", end1);
	return b->neq++;
}

/* A special point of this kind already found there (a branch point seen from both branches). */
static int
known_point(struct bctx *c, enum bif_kind kind, const double *u)
{
	int i, a;

	for (i = 0; i < c->b->npt; i++) {
		const struct bif_point *pt = &c->b->pt[i];
		double dd = (pt->p - u[c->n]) * (pt->p - u[c->n]) / (c->scale[c->n] * c->scale[c->n]);
		if (pt->kind != kind)
			continue;
		for (a = 0; a < c->n; a++) {
			double e = (pt->x[c->s->idx[a]] - u[a]) / c->scale[a];
			dd += e * e;
		}
		if (dd < 1e-12)
			return 1;
	}
	return 0;
}

/* Test functions between consecutive points of branch bi; special points in order. */
static void
scan_branch(struct bctx *c, int bi, const double *u, size_t np, int depth)
{
	int n = c->n, n1 = n + 1, kind, a;
	size_t k;
	double prev[TF_COUNT], cur[TF_COUNT], d[N1];

	for (k = 0; k + 1 < np; k++) {
		const double *ua = u + k * n1, *ub = ua + n1;
		double len = 0;
		for (a = 0; a < n1; a++) {
			d[a] = (ub[a] - ua[a]) / c->scale[a];
			len += d[a] * d[a];
		}
		if (!(len > 0))
			continue;
		for (a = 0; a < n1; a++)
			d[a] /= sqrt(len);
		for (kind = TF_LP; kind <= TF_HOPF; kind++) {
			/* the same direction at both ends, so the fold's sign is the tangent's */
			prev[kind] = test_fn(c, kind, ua, d);
			cur[kind] = test_fn(c, kind, ub, d);
		}
		for (kind = TF_LP; kind <= TF_HOPF; kind++) {
			double x[N1];
			if (!isfinite(prev[kind]) || !isfinite(cur[kind]) ||
			    (prev[kind] > 0) == (cur[kind] > 0) || prev[kind] == 0)
				continue;
			if (locate(c, kind, ua, ub, prev[kind], cur[kind], x) < 0)
				continue;
			if (kind == TF_LP)
				add_point(c, BIF_FOLD, bi, x);
			else if (kind == TF_HOPF)
				hopf_point(c, bi, x);
			else if (!known_point(c, BIF_BRANCH, x)) {
				add_point(c, BIF_BRANCH, bi, x);
				if (depth < 4)
					branch_switch(c, x, d, depth);
			}
		}
	}
}

static int
count_runs(const struct bctx *c, const struct contin_path *path)
{
	size_t k, n1 = (size_t)c->n + 1;
	int runs = 0;

	for (k = 0; k < path->n; k++)
		if (in_range(c, path->u + k * n1) && (k == 0 || !in_range(c, path->u + (k - 1) * n1)))
			runs++;
	return runs;
}

static void
eq_trace(struct bctx *c, const double *seed, int depth)
{
	struct contin_path path;
	double *run;
	int r, nrun, n1 = c->n + 1;

	if (c->r->should_stop && c->r->should_stop(c->r->stop_arg))
		return;
	memset(&path, 0, sizeof path);
	if (contin_trace(&c->cp, seed, &path) < 0 || path.n < 2) {
		contin_path_fini(&path);
		return;
	}
	run = xmalloc((path.n + 2) * (size_t)n1 * sizeof *run);
	nrun = count_runs(c, &path);
	for (r = 0; r < nrun; r++) {
		size_t np = range_run(c, &path, r, run);
		int bi, first_in, last_in;
		if (np < 2)
			continue;
		first_in = in_range(c, path.u) && r == 0;
		last_in = in_range(c, path.u + (path.n - 1) * (size_t)n1) && r == nrun - 1;
		bi = store_branch(c, run, np, first_in ? path.end[0] : "range",
		    last_in ? path.end[1] : "range");
		scan_branch(c, bi, run, np, depth);
		if (c->r->progress)
			c->r->progress(c->r->progress_arg, c->b);
	}
	free(run);
	contin_path_fini(&path);
}

/* Multi-start Newton at p on a grid over the first two variables' ranges. */
static void
seeds_at(struct bctx *c, double p, const double *vlo, const double *vhi)
{
	int n = c->n, g = n == 1 ? 40 : 12, i, j, a;

	for (i = 0; i < g; i++)
		for (j = 0; j < (n == 1 ? 1 : g); j++) {
			double u[N1];
			for (a = 0; a < n; a++)
				u[a] = c->s->y[c->s->idx[a]];
			u[0] = vlo[0] + (i + 0.5) * (vhi[0] - vlo[0]) / g;
			if (n > 1)
				u[1] = vlo[1] + (j + 0.5) * (vhi[1] - vlo[1]) / g;
			c->pfix = p;
			if (newton_solve(n, eval_fixed, c, u, 1e-12, 40) < 0)
				continue;
			u[n] = p;
			for (a = 0; a <= n; a++)
				if (!(u[a] >= c->lo[a] && u[a] <= c->hi[a]))
					break;
			if (a <= n || known(c, u))
				continue;
			eq_trace(c, u, 0);
			if (c->r->should_stop && c->r->should_stop(c->r->stop_arg))
				return;
		}
}

/* Scales, the box and the search ranges. */
static void
setup(struct bctx *c, double *vlo, double *vhi)
{
	const struct bif_req *r = c->r;
	int n = c->n, a;

	for (a = 0; a < n; a++) {
		int v = c->s->idx[a];
		double x0 = r->state[v];
		if (r->vlo && r->vhi && r->vhi[v] > r->vlo[v]) {
			vlo[a] = r->vlo[v];
			vhi[a] = r->vhi[v];
		} else {
			vlo[a] = x0 - 1 - fabs(x0);
			vhi[a] = x0 + 1 + fabs(x0);
		}
		c->scale[a] = vhi[a] - vlo[a];
		c->lo[a] = vlo[a] - 10 * c->scale[a];
		c->hi[a] = vhi[a] + 10 * c->scale[a];
	}
	c->scale[n] = r->hi - r->lo;
	/* a little beyond the range, so that its ends are crossed, not stopped at */
	c->lo[n] = r->lo - 0.05 * c->scale[n];
	c->hi[n] = r->hi + 0.05 * c->scale[n];
	c->cp.k = n;
	c->cp.eval = eval_u;
	c->cp.ctx = c;
	c->cp.scale = c->scale;
	c->cp.lo = c->lo;
	c->cp.hi = c->hi;
	c->cp.h0 = 0.005;
	c->cp.hmax = 0.02;
	c->cp.max_points = 4000;
}

static int
check_req(const struct bif_req *r, struct diag *d)
{
	const struct model *m = r->m;
	int i;

	if (!(r->lo < r->hi) || !isfinite(r->lo) || !isfinite(r->hi))
		return diag_set(d, 0, 0, "the range must go from a lower to a higher number");
	if (r->pvar >= 0) {
		for (i = 0; i < m->nslow; i++)
			if (m->slow[i] == r->pvar)
				break;
		if (m->nfast == 0 || i == m->nslow)
			return diag_set(d, 0, 0, "'%s' is not a slow variable of '%s': bif takes a "
			    "parameter, or the slow variable for the layer problem", m->var[r->pvar],
			    m->name);
		if (m->nfast > BIF_NMAX)
			return diag_set(d, 0, 0, "the layer problem has more than %d fast variables",
			    BIF_NMAX);
	} else if (r->ppar < 0 || r->ppar >= m->npar) {
		return diag_set(d, 0, 0, "no parameter to continue in");
	}
	if (m->nvar > BIF_NMAX && r->pvar < 0)
		return diag_set(d, 0, 0, "bifurcation diagrams take at most %d variables",
		    BIF_NMAX);
	return 0;
}

int
bif_check(const struct bif_req *r, struct diag *d)
{
	return check_req(r, d);
}

struct bif_result *
bif_compute(const struct bif_req *r, struct diag *d)
{
	struct bctx c;
	struct bif_result *b;
	double vlo[NM], vhi[NM], p0;
	int i, a;

	if (check_req(r, d) < 0)
		return NULL;
	memset(&c, 0, sizeof c);
	c.r = r;
	c.s = bif_sys_new(r->m, r->par, r->state, r->ppar, r->pvar, d);
	if (c.s == NULL)
		return NULL;
	c.n = c.s->n;
	b = c.b = xcalloc(1, sizeof *b);
	b->nvar = r->m->nvar;
	for (a = 0; a < c.n; a++)
		if (c.s->idx[a] < 16)
			b->var_in[c.s->idx[a]] = 1;
	setup(&c, vlo, vhi);
	p0 = r->ppar >= 0 ? r->par[r->ppar] : r->state[r->pvar];
	p0 = fmin(fmax(p0, r->lo), r->hi);
	seeds_at(&c, p0, vlo, vhi);
	seeds_at(&c, r->lo, vlo, vhi);
	seeds_at(&c, r->hi, vlo, vhi);
	if (b->neq == 0)
		snprintf(b->note, sizeof b->note, "no equilibrium found in the window for %s in "
		    "%.6g..%.6g", r->ppar >= 0 ? r->m->par[r->ppar] : r->m->var[r->pvar], r->lo,
		    r->hi);
	for (i = 0; r->cycles && i < b->npt; i++) {
		int k, done = 0;
		if (b->pt[i].kind != BIF_HOPF || (r->should_stop && r->should_stop(r->stop_arg)))
			continue;
		/* a family that joined two Hopf points is not traced twice */
		for (k = 0; k < b->ncyc; k++)
			done |= b->cyc[k].hopf_end == i;
		if (!done)
			colloc_from_hopf(c.s, r, b, i);
	}
	bif_sys_free(c.s);
	return b;
}

void
bif_result_free(struct bif_result *b)
{
	int i;

	if (b == NULL)
		return;
	for (i = 0; i < b->neq; i++) {
		free(b->eq[i].p);
		free(b->eq[i].x);
		free(b->eq[i].stable);
	}
	for (i = 0; i < b->ncyc; i++) {
		struct bif_cycbranch *cb = &b->cyc[i];
		free(cb->p);
		free(cb->period);
		free(cb->xmin);
		free(cb->xmax);
		free(cb->stable);
		free(cb->time);
		free(cb->orbit);
	}
	for (i = 0; i < b->npt; i++)
		free(b->pt[i].x);
	free(b->eq);
	free(b->cyc);
	free(b->pt);
	free(b);
}

static void *
dup_mem(const void *p, size_t n)
{
	void *q;

	if (p == NULL || n == 0)
		return NULL;
	q = xmalloc(n);
	memcpy(q, p, n);
	return q;
}

struct bif_result *
bif_result_copy(const struct bif_result *b)
{
	struct bif_result *c = xmalloc(sizeof *c);
	size_t nv = (size_t)b->nvar;
	int i;

	*c = *b;
	c->eq = b->neq ? xcalloc((size_t)b->neq, sizeof *c->eq) : NULL;
	for (i = 0; i < b->neq; i++) {
		const struct bif_eqbranch *e = &b->eq[i];
		c->eq[i] = *e;
		c->eq[i].p = dup_mem(e->p, e->n * sizeof *e->p);
		c->eq[i].x = dup_mem(e->x, e->n * nv * sizeof *e->x);
		c->eq[i].stable = dup_mem(e->stable, e->n);
	}
	c->cyc = b->ncyc ? xcalloc((size_t)b->ncyc, sizeof *c->cyc) : NULL;
	for (i = 0; i < b->ncyc; i++) {
		const struct bif_cycbranch *e = &b->cyc[i];
		c->cyc[i] = *e;
		c->cyc[i].cap = e->n;
		c->cyc[i].p = dup_mem(e->p, e->n * sizeof *e->p);
		c->cyc[i].period = dup_mem(e->period, e->n * sizeof *e->period);
		c->cyc[i].xmin = dup_mem(e->xmin, e->n * nv * sizeof *e->xmin);
		c->cyc[i].xmax = dup_mem(e->xmax, e->n * nv * sizeof *e->xmax);
		c->cyc[i].stable = dup_mem(e->stable, e->n);
		c->cyc[i].time = dup_mem(e->time, e->ntime * sizeof *e->time);
		c->cyc[i].orbit = dup_mem(e->orbit, e->ntime * nv * sizeof *e->orbit);
		if (c->cyc[i].time == NULL || c->cyc[i].orbit == NULL)
			c->cyc[i].ntime = 0;
	}
	c->pt = b->npt ? xcalloc((size_t)b->npt, sizeof *c->pt) : NULL;
	for (i = 0; i < b->npt; i++) {
		c->pt[i] = b->pt[i];
		c->pt[i].x = dup_mem(b->pt[i].x, nv * sizeof *b->pt[i].x);
	}
	return c;
}
