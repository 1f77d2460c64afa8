/*
 * manifold: the critical manifold C0 = {f(x, y) = 0} of a model with one slow
 * variable y and fast variables x. Branches are found from a scan of the
 * window and traced by continuation in (x, y); folds (f = 0, det D_x f = 0)
 * are located by Newton on the extended system; with one fast variable also
 * branch points (f = f_x = f_y = 0) and folded singularities (folds where
 * the slow right-hand side g vanishes: canard points).
 */
#include "analysis.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contin.h"
#include "pointgrid.h"

#define NF_MAX 15
_Static_assert(NF_MAX + 1 <= POINTGRID_DIM_MAX, "a layer point fits a pointgrid");

struct c0 {
	const struct model *m;
	const double *par;
	int nf;
	const int *fast;
	int slow;
	double *z;		/* full state: base values, fast and slow overwritten */
	double *fbuf, *jbuf;
	double h[NF_MAX + 1];	/* finite-difference steps per unknown */
};

static void
c0_state(struct c0 *c, const double *u)
{
	int i;

	for (i = 0; i < c->nf; i++)
		c->z[c->fast[i]] = u[i];
	c->z[c->slow] = u[c->nf];
}

static void
c0_eval(void *ctx, const double *u, double *f, double *jac)
{
	struct c0 *c = ctx;
	int n = c->m->nvar, nf = c->nf, i, j;

	c0_state(c, u);
	expr_prog_eval(c->m->rhs_prog, 0, c->z, c->par, c->fbuf);
	for (i = 0; i < nf; i++)
		f[i] = c->fbuf[c->fast[i]];
	if (jac == NULL)
		return;
	expr_prog_eval(c->m->jac_prog, 0, c->z, c->par, c->jbuf);
	for (i = 0; i < nf; i++) {
		for (j = 0; j < nf; j++)
			jac[i * (nf + 1) + j] = c->jbuf[c->fast[i] * n + c->fast[j]];
		jac[i * (nf + 1) + nf] = c->jbuf[c->fast[i] * n + c->slow];
	}
}

/* f and D_x f at fixed slow value (u[nf] is kept): for Newton on the layer problem */
static void
c0_eval_square(void *ctx, const double *u, double *f, double *jac)
{
	struct c0 *c = ctx;
	int nf = c->nf, i, j;
	double full[NF_MAX * (NF_MAX + 1)];

	c0_eval(ctx, u, f, full);
	for (i = 0; i < nf; i++)
		for (j = 0; j < nf; j++)
			jac[i * nf + j] = full[i * (nf + 1) + j];
}

/* det D_x f at u */
static double
c0_det(struct c0 *c, const double *u)
{
	int nf = c->nf, i, j, sign;
	double f[NF_MAX + 1], jac[(NF_MAX + 1) * (NF_MAX + 1)], a[NF_MAX * NF_MAX], det;
	gsl_matrix_view mv;
	gsl_permutation *p;

	c0_eval(c, u, f, jac);
	if (nf == 1)
		return jac[0];
	for (i = 0; i < nf; i++)
		for (j = 0; j < nf; j++)
			a[i * nf + j] = jac[i * (nf + 1) + j];
	mv = gsl_matrix_view_array(a, (size_t)nf, (size_t)nf);
	p = gsl_permutation_alloc((size_t)nf);
	gsl_linalg_LU_decomp(&mv.matrix, p, &sign);
	det = gsl_linalg_LU_det(&mv.matrix, sign);
	gsl_permutation_free(p);
	return det;
}

/* The fold system [f; det D_x f]: exact rows for f, central differences for det. */
static void
fold_eval(void *ctx, const double *u, double *f, double *jac)
{
	struct c0 *c = ctx;
	int nf = c->nf, n = nf + 1, j;
	double jf[(NF_MAX + 1) * (NF_MAX + 1)], v[NF_MAX + 1];

	c0_eval(c, u, f, jf);
	memcpy(jac, jf, (size_t)(nf * n) * sizeof *jac);
	f[nf] = c0_det(c, u);
	memcpy(v, u, (size_t)n * sizeof *v);
	for (j = 0; j < n; j++) {
		double dp, dm, h = c->h[j];
		v[j] = u[j] + h;
		dp = c0_det(c, v);
		v[j] = u[j] - h;
		dm = c0_det(c, v);
		v[j] = u[j];
		jac[nf * n + j] = (dp - dm) / (2 * h);
	}
}

/* The branch-point system [f_x; f_y] for one fast variable. */
static void
branch_eval(void *ctx, const double *u, double *f, double *jac)
{
	struct c0 *c = ctx;
	double j0[2], v[2];
	int k;

	{
		double ff[1];
		c0_eval(c, u, ff, j0);
	}
	f[0] = j0[0];
	f[1] = j0[1];
	for (k = 0; k < 2; k++) {
		double jp[2], jm[2], ff[1], h = c->h[k];
		memcpy(v, u, sizeof v);
		v[k] = u[k] + h;
		c0_eval(c, v, ff, jp);
		v[k] = u[k] - h;
		c0_eval(c, v, ff, jm);
		jac[0 * 2 + k] = (jp[0] - jm[0]) / (2 * h);
		jac[1 * 2 + k] = (jp[1] - jm[1]) / (2 * h);
	}
}

enum stab
manifold_stability(const struct model *m, const double *par, const double *x)
{
	int n = m->nvar, nf = m->nfast, i, j, npos = 0, nneg = 0;
	double *buf = xmalloc((size_t)(n * n + n) * sizeof *buf), a[NF_MAX * NF_MAX];
	enum stab s;

	if (nf > NF_MAX) {
		free(buf);
		return STAB_SINGULAR;
	}
	expr_prog_eval(m->jac_prog, 0, x, par, buf);
	for (i = 0; i < nf; i++)
		for (j = 0; j < nf; j++)
			a[i * nf + j] = buf[m->fast[i] * n + m->fast[j]];
	free(buf);
	if (nf == 1) {
		nneg = a[0] < 0;
		npos = a[0] > 0;
	} else {
		gsl_matrix_view mv = gsl_matrix_view_array(a, (size_t)nf, (size_t)nf);
		gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)nf);
		gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc((size_t)nf);
		if (gsl_eigen_nonsymm(&mv.matrix, ev, w) == GSL_SUCCESS) {
			for (i = 0; i < nf; i++) {
				double re = GSL_REAL(gsl_vector_complex_get(ev, (size_t)i));
				npos += re > 0;
				nneg += re < 0;
			}
		}
		gsl_eigen_nonsymm_free(w);
		gsl_vector_complex_free(ev);
	}
	if (nneg == nf)
		s = STAB_ATTRACTING;
	else if (npos == nf)
		s = STAB_REPELLING;
	else if (npos + nneg == nf)
		s = STAB_SADDLE;
	else
		s = STAB_SINGULAR;
	return s;
}

const char *
stab_name(enum stab s)
{
	switch (s) {
	case STAB_ATTRACTING: return "attracting";
	case STAB_REPELLING: return "repelling";
	case STAB_SADDLE: return "saddle-type";
	case STAB_SINGULAR: return "singular";
	}
	return "?";
}

const char *
special_name(enum special_kind k)
{
	switch (k) {
	case SP_FOLD: return "fold";
	case SP_CANARD: return "canard-point";
	case SP_BRANCH: return "branch-point";
	}
	return "?";
}

/* Range of u[i] for the scan and the box: the window where it is plotted. */
struct axis_range {
	double lo, hi;
	int plotted;
};

static struct axis_range
range_of(const struct analysis_req *r, int var)
{
	struct axis_range a;
	double w;

	if (var == r->xvar) {
		w = r->xhi - r->xlo;
		a.lo = r->xlo - 0.02 * w;
		a.hi = r->xhi + 0.02 * w;
		a.plotted = 1;
	} else if (var == r->yvar) {
		w = r->yhi - r->ylo;
		a.lo = r->ylo - 0.02 * w;
		a.hi = r->yhi + 0.02 * w;
		a.plotted = 1;
	} else {
		double b = r->base[var];
		a.lo = b - 10 * fmax(1, fabs(b));
		a.hi = b + 10 * fmax(1, fabs(b));
		a.plotted = 0;
	}
	return a;
}

static void
add_special(struct analysis *a, int nvar, enum special_kind k, const double *z, double fnorm,
    double det, double g, int branch, const double *scale, const int *idx, int nu)
{
	int i, j;

	/* the same point found from two sides of a sign change, or on two branches */
	for (i = 0; i < a->nsp; i++) {
		double d = 0;
		for (j = 0; j < nu; j++)
			d = fmax(d, fabs(a->sp[i].x[idx[j]] - z[idx[j]]) / scale[j]);
		if (d < 1e-6)
			return;
	}
	a->sp = xrealloc(a->sp, (size_t)(a->nsp + 1) * sizeof *a->sp);
	a->sp[a->nsp].kind = k;
	a->sp[a->nsp].x = xmalloc((size_t)nvar * sizeof(double));
	memcpy(a->sp[a->nsp].x, z, (size_t)nvar * sizeof(double));
	for (i = 0; i < nvar; i++)
		if (fabs(a->sp[a->nsp].x[i]) < 1e-13)
			a->sp[a->nsp].x[i] = 0;
	a->sp[a->nsp].f_norm = fnorm;
	a->sp[a->nsp].det = det;
	a->sp[a->nsp].g = g;
	a->sp[a->nsp].branch = branch;
	a->nsp++;
}

static double
slow_rhs(struct c0 *c, const double *u)
{
	c0_state(c, u);
	expr_prog_eval(c->m->rhs_prog, 0, c->z, c->par, c->fbuf);
	return c->fbuf[c->slow];
}

/* The fold (or canard point, where the slow flow vanishes beside gscale) at u. */
static void
add_fold(struct c0 *c, struct analysis *a, const double *u, int branch, const double *scale,
    const int *idx, double gscale)
{
	double f[NF_MAX + 1], fn = 0, g;
	int k;

	c0_eval(c, u, f, NULL);
	for (k = 0; k < c->nf; k++)
		fn = fmax(fn, fabs(f[k]));
	g = slow_rhs(c, u);
	c0_state(c, u);
	add_special(a, c->m->nvar, c->nf == 1 && fabs(g) <= 1e-9 * gscale ? SP_CANARD : SP_FOLD,
	    c->z, fn, c0_det(c, u), g, branch, scale, idx, c->nf + 1);
}

static void hidden_folds(struct c0 *c, struct analysis *a, const struct contin_path *p,
    int branch, const int *idx);

/*
 * Folds and branch points between points i and i+1 of a traced path; then,
 * on a path traced at the window's scale (hidden != 0), the fold pairs that
 * one step passed over.
 */
static void
locate_specials(struct c0 *c, struct analysis *a, const struct contin_path *p, int branch,
    const double *scale, const int *idx, double gscale, int hidden)
{
	int nu = c->nf + 1, k;
	size_t i;

	for (i = 0; i + 1 < p->n; i++) {
		const double *u0 = p->u + i * (size_t)nu, *u1 = u0 + nu;
		double d0 = c0_det(c, u0), d1 = c0_det(c, u1), u[NF_MAX + 1];
		double ts0 = p->t[i * (size_t)nu + (size_t)c->nf], ts1 = p->t[(i + 1) * (size_t)nu +
		    (size_t)c->nf];
		int turn = (ts0 > 0) != (ts1 > 0);
		double f[NF_MAX + 1], fn = 0, g;

		if ((d0 > 0) == (d1 > 0) && d0 != 0)
			continue;
		for (k = 0; k < nu; k++)
			u[k] = 0.5 * (u0[k] + u1[k]);
		if (turn || c->nf > 1) {
			if (newton_solve(nu, fold_eval, c, u, 1e-13, 40) < 0)
				continue;
			add_fold(c, a, u, branch, scale, idx, gscale);
		} else {
			/* f_x changes sign but the curve does not turn: branches cross */
			if (newton_solve(2, branch_eval, c, u, 1e-13, 40) < 0)
				continue;
			c0_eval(c, u, f, NULL);
			fn = fabs(f[0]);
			if (fn > 1e-8)
				continue;
			g = slow_rhs(c, u);
			c0_state(c, u);
			add_special(a, c->m->nvar, SP_BRANCH, c->z, fn, c0_det(c, u), g, branch, scale,
			    idx, nu);
		}
	}
	if (hidden)
		hidden_folds(c, a, p, branch, idx);
}

/*
 * A step that is long beside a pair of folds passes over both, and det D_x f
 * has one sign at its ends: van der Pol's folds at x = -1 and 1 in a window
 * of +-1e5 (a step spans x from -9 to 11). The pair leaves a local minimum of
 * |det| on the path with no sign change beside it. Newton on the fold system
 * from that point finds a fold if one is there; the curve is then traced
 * again from it, in the box of the two neighbouring points, at the fold's
 * own scale with steps growing from a millionth of it to a hundredth of the
 * box, which resolves the partner wherever it is in the box.
 */
/*
 * Newton on the fold system from a point far off the fold (its distance many
 * times the fold's own size): from far off a polynomial fold Newton halves
 * the distance per step, and the difference steps for det's gradient must
 * follow the point's size down, so Newton runs in rounds of a few steps with
 * steps of 1e-6 of the current point (never more than the window's). 1 when
 * u converged to a fold.
 */
static int
fold_from_far(struct c0 *c, double *u)
{
	int nu = c->nf + 1, round, k;
	double h_window[NF_MAX + 1];

	memcpy(h_window, c->h, (size_t)nu * sizeof *h_window);
	for (round = 0; round < 60; round++) {
		for (k = 0; k < nu; k++)
			c->h[k] = fmin(h_window[k], fmax(1e-6 * fabs(u[k]), 1e-12 * h_window[k]));
		if (newton_solve(nu, fold_eval, c, u, 1e-13, 8) == 0)
			return 1;
		for (k = 0; k < nu; k++)
			if (!isfinite(u[k]))
				return 0;
	}
	return 0;
}

static void
hidden_folds(struct c0 *c, struct analysis *a, const struct contin_path *p, int branch,
    const int *idx)
{
	int nu = c->nf + 1, k;
	size_t i;
	double *det = xmalloc(p->n * sizeof *det);

	for (i = 0; i < p->n; i++)
		det[i] = fabs(c0_det(c, p->u + i * (size_t)nu));
	for (i = 1; i + 1 < p->n; i++) {
		const double *um = p->u + (i - 1) * (size_t)nu, *up = um + 2 * nu;
		double u[NF_MAX + 1], lo[NF_MAX + 1], hi[NF_MAX + 1], sc[NF_MAX + 1],
		    h_saved[NF_MAX + 1], widest = 0;
		struct contin_problem lp;
		struct contin_path fine;
		int inside = 1, found;

		if (!(det[i] < det[i - 1] && det[i] < det[i + 1]) ||
		    (c0_det(c, um) > 0) != (c0_det(c, um + nu) > 0) ||
		    (c0_det(c, up) > 0) != (c0_det(c, um + nu) > 0))
			continue;
		memcpy(u, um + nu, (size_t)nu * sizeof *u);
		memcpy(h_saved, c->h, (size_t)nu * sizeof *h_saved);
		found = fold_from_far(c, u);
		memcpy(c->h, h_saved, (size_t)nu * sizeof *h_saved);
		if (!found)
			continue;
		for (k = 0; k < nu; k++) {
			double span = fabs(up[k] - um[k]);
			lo[k] = fmin(um[k], up[k]) - 0.02 * span;
			hi[k] = fmax(um[k], up[k]) + 0.02 * span;
			inside = inside && u[k] >= lo[k] && u[k] <= hi[k];
			sc[k] = fmax(fmax(fabs(u[k]), 1e-12 * span), 1e-300);
			widest = fmax(widest, (hi[k] - lo[k]) / sc[k]);
			c->h[k] = fmin(c->h[k], 1e-6 * sc[k]);
		}
		if (inside) {
			memset(&lp, 0, sizeof lp);
			lp.k = c->nf;
			lp.eval = c0_eval;
			lp.ctx = c;
			lp.scale = sc;
			lp.lo = lo;
			lp.hi = hi;
			lp.h0 = 1e-6;
			lp.hmax = fmax(1e-6, 0.01 * widest);
			lp.max_points = 2000;
			memset(&fine, 0, sizeof fine);
			if (contin_trace(&lp, u, &fine) == 0) {
				/* a canard point's slow flow is small beside the flow near it
				 * (within ten times the fold's size), not beside the window's */
				double g = 0;
				size_t q;
				for (q = 0; q < fine.n; q++) {
					const double *v = fine.u + q * (size_t)nu;
					double d = 0;
					for (k = 0; k < nu; k++)
						d = fmax(d, fabs(v[k] - u[k]) / sc[k]);
					if (d <= 10)
						g = fmax(g, fabs(slow_rhs(c, v)));
				}
				g = fmax(g, 1e-300);
				/* the path starts on the fold: no sign change shows it */
				add_fold(c, a, u, branch, sc, idx, g);
				locate_specials(c, a, &fine, branch, sc, idx, g, 0);
			}
			contin_path_fini(&fine);
		}
		memcpy(c->h, h_saved, (size_t)nu * sizeof *h_saved);
	}
	free(det);
}

static void
store_branch(struct c0 *c, struct analysis *a, const struct contin_path *p)
{
	int nu = c->nf + 1, n = c->m->nvar;
	struct curve *cv;
	size_t i;

	a->branch = xrealloc(a->branch, (size_t)(a->nbranch + 1) * sizeof *a->branch);
	cv = &a->branch[a->nbranch++];
	memset(cv, 0, sizeof *cv);
	cv->dim = n;
	cv->n = cv->cap = p->n;
	cv->pt = xmalloc(p->n * (size_t)n * sizeof *cv->pt);
	cv->stab = xmalloc(p->n);
	cv->dir = xmalloc(p->n * sizeof *cv->dir);
	cv->var = -1;
	snprintf(cv->end[0], sizeof cv->end[0], "%s", p->end[0]);
	snprintf(cv->end[1], sizeof cv->end[1], "%s", p->end[1]);
	for (i = 0; i < p->n; i++) {
		const double *u = p->u + i * (size_t)nu;
		double ts = p->t[i * (size_t)nu + (size_t)c->nf], g;
		c0_state(c, u);
		memcpy(cv->pt + i * (size_t)n, c->z, (size_t)n * sizeof *c->z);
		cv->stab[i] = (unsigned char)manifold_stability(c->m, c->par, c->z);
		/* y' = g moves the point along the branch: forward where g and the
		 * tangent's slow component agree */
		g = slow_rhs(c, u);
		/* rounding noise is no flow: C0 made of equilibria has none */
		if (fabs(g) <= 1e-12 * (1 + fabs(u[c->nf])))
			g = 0;
		cv->dir[i] = fabs(ts) < 1e-6 || g == 0 ? 0 : (g > 0) == (ts > 0) ? 1 : -1;
	}
}

struct seeder {
	struct c0 *c;
	struct analysis *a;
	const struct contin_problem *prob;
	const int *idx;
	const double *scale;
	double gscale;
	struct pointgrid *traced;	/* the points of a->branch[0 .. ntraced) */
	int ntraced;
};

/*
 * Is the state c->z within 0.03 (in the window's scale) of a branch traced
 * already? The branches' points go into a grid as they come (a scan of
 * every point for every seed made the first frame of a three-variable
 * model quadratic in the branches' length).
 */
static int
near_traced(struct seeder *s)
{
	int nu = s->c->nf + 1, k;
	double u[NF_MAX + 1];
	size_t i;

	for (; s->ntraced < s->a->nbranch; s->ntraced++) {
		const struct curve *cv = &s->a->branch[s->ntraced];
		for (i = 0; i < cv->n; i++) {
			for (k = 0; k < nu; k++)
				u[k] = cv->pt[i * (size_t)cv->dim + (size_t)s->idx[k]];
			pointgrid_add(s->traced, u);
		}
	}
	for (k = 0; k < nu; k++)
		u[k] = s->c->z[s->idx[k]];
	return pointgrid_near(s->traced, u);
}

/* Not on (or next to) a branch traced already? */
static int
seed_wanted(void *arg, const double *u)
{
	struct seeder *s = arg;

	c0_state(s->c, u);
	return !near_traced(s);
}

/* A root of the layer problem: trace its branch unless a traced one passes by. */
static void
seed_found(void *arg, const double *u0)
{
	struct seeder *s = arg;
	int nu = s->c->nf + 1, k;
	struct contin_path p;
	size_t q;

	for (k = 0; k < nu; k++)
		if (!(u0[k] >= s->prob->lo[k] && u0[k] <= s->prob->hi[k]))
			return;
	c0_state(s->c, u0);
	if (near_traced(s))
		return;
	memset(&p, 0, sizeof p);
	if (contin_trace(s->prob, u0, &p) == 0 && p.n >= 2) {
		store_branch(s->c, s->a, &p);
		for (q = 0; q < p.n; q++)
			s->gscale = fmax(s->gscale, fabs(slow_rhs(s->c, p.u + q * (size_t)nu)));
		locate_specials(s->c, s->a, &p, s->a->nbranch - 1, s->scale, s->idx,
		    fmax(s->gscale, 1e-300), 1);
	}
	contin_path_fini(&p);
}

void
manifold_trace(const struct analysis_req *r, struct analysis *a)
{
	struct seeder seed = {0};
	const struct model *m = r->m;
	int nf = m->nfast, nu = nf + 1, i, j, k, pf;
	struct c0 c;
	double scale[NF_MAX + 1], lo[NF_MAX + 1], hi[NF_MAX + 1];
	int idx[NF_MAX + 1];
	struct contin_problem prob;
	/* resolution follows the canvas: about a cell per step, a scan row per text row */
	int cols = r->cols > 0 ? r->cols : 80, rows = r->rows > 0 ? r->rows : 24;
	const int NS = rows + 6, NG = 3 * cols;
	struct axis_range sr, fr;

	if (m->nfast == 0) {
		a->manifold_note = "the model declares no fast/slow split "
		    "(add a line '# canard: fast=X slow=Y eps=EPS')";
		return;
	}
	if (m->nslow != 1) {
		a->manifold_note = "the critical manifold is traced as curves only with one slow "
		    "variable";
		return;
	}
	if (nf > NF_MAX) {
		a->manifold_note = "too many fast variables to trace the critical manifold";
		return;
	}
	memset(&c, 0, sizeof c);
	c.m = m;
	c.par = r->par;
	c.nf = nf;
	c.fast = m->fast;
	c.slow = m->slow[0];
	c.z = xmalloc((size_t)m->nvar * sizeof *c.z);
	memcpy(c.z, r->base, (size_t)m->nvar * sizeof *c.z);
	c.fbuf = xmalloc((size_t)m->nvar * sizeof *c.fbuf);
	c.jbuf = xmalloc((size_t)(m->nvar * m->nvar + m->nvar) * sizeof *c.jbuf);
	for (i = 0; i < nu; i++) {
		struct axis_range ar;
		idx[i] = i < nf ? m->fast[i] : c.slow;
		ar = range_of(r, idx[i]);
		lo[i] = ar.lo;
		hi[i] = ar.hi;
		scale[i] = (ar.hi - ar.lo) / 1.04;
		c.h[i] = 1e-6 * scale[i];
	}
	/* the fast variable to scan along: a plotted one if any */
	pf = 0;
	for (i = 0; i < nf; i++)
		if (m->fast[i] == r->xvar || m->fast[i] == r->yvar)
			pf = i;
	sr = range_of(r, c.slow);
	fr = range_of(r, m->fast[pf]);
	prob.k = nf;
	prob.eval = c0_eval;
	prob.ctx = &c;
	prob.scale = scale;
	prob.lo = lo;
	prob.hi = hi;
	prob.hmax = fmin(0.012, 1.0 / (cols > 2 * rows ? cols : 2 * rows));
	prob.h0 = prob.hmax / 3;
	prob.max_points = 20000;

	seed.c = &c;
	seed.a = a;
	seed.prob = &prob;
	seed.idx = idx;
	seed.scale = scale;
	seed.traced = pointgrid_new(nu, scale, 0.03);
	if (nf == 1) {
		/* layer equilibria: sign changes of f along the fast axis */
		contin_scan_roots(&prob, 0, NS, NG, seed_wanted, seed_found, &seed);
	} else {
		/* several fast variables: Newton on the layer problem from a grid */
		for (j = 0; j < NS; j++) {
			double y = sr.lo + (j + 0.5) * (sr.hi - sr.lo) / NS;
			for (i = 0; i <= NG; i += 6) {
				double u[NF_MAX + 1];
				for (k = 0; k < nf; k++)
					u[k] = r->base[m->fast[k]];
				u[pf] = fr.lo + i * (fr.hi - fr.lo) / NG;
				u[nf] = y;
				if (newton_solve(nf, c0_eval_square, &c, u, 1e-12, 30) == 0)
					seed_found(&seed, u);
			}
		}
	}
	pointgrid_free(seed.traced);
	free(c.z);
	free(c.fbuf);
	free(c.jbuf);
}
