/*
 * nullcline: the curves where one plotted variable's derivative vanishes,
 * in the plane of the two plotted variables (the others held at their
 * initial data), traced by continuation like the critical manifold.
 */
#include "analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contin.h"

struct ncl {
	const struct model *m;
	const double *par;
	int var;		/* whose derivative vanishes */
	int xv, yv;		/* plotted variables */
	double *z, *fbuf, *jbuf;
	struct analysis *a;
	const struct contin_problem *prob;
	int first;		/* index of this variable's first curve in a->ncl */
};

static void
ncl_eval(void *ctx, const double *u, double *f, double *jac)
{
	struct ncl *c = ctx;
	int n = c->m->nvar;

	c->z[c->xv] = u[0];
	c->z[c->yv] = u[1];
	expr_prog_eval(c->m->rhs_prog, 0, c->z, c->par, c->fbuf);
	f[0] = c->fbuf[c->var];
	if (jac) {
		expr_prog_eval(c->m->jac_prog, 0, c->z, c->par, c->jbuf);
		jac[0] = c->jbuf[c->var * n + c->xv];
		jac[1] = c->jbuf[c->var * n + c->yv];
	}
}

/* Not near a traced curve of the same variable? */
static int
ncl_wanted(void *arg, const double *u)
{
	struct ncl *c = arg;
	int i, n = c->m->nvar;
	size_t k;

	for (i = c->first; i < c->a->nncl; i++) {
		const struct curve *o = &c->a->ncl[i];
		for (k = 0; k < o->n; k++) {
			double dx = (o->pt[k * (size_t)n + (size_t)c->xv] - u[0]) / c->prob->scale[0];
			double dy = (o->pt[k * (size_t)n + (size_t)c->yv] - u[1]) / c->prob->scale[1];
			if (dx * dx + dy * dy < 0.03 * 0.03)
				return 0;
		}
	}
	return 1;
}

static void
ncl_found(void *arg, const double *u)
{
	struct ncl *c = arg;
	struct contin_path p;
	struct curve *cv;
	int n = c->m->nvar;
	size_t k;

	if (!ncl_wanted(arg, u))
		return;
	memset(&p, 0, sizeof p);
	if (contin_trace(c->prob, u, &p) < 0 || p.n < 2) {
		contin_path_fini(&p);
		return;
	}
	c->a->ncl = xrealloc(c->a->ncl, (size_t)(c->a->nncl + 1) * sizeof *c->a->ncl);
	cv = &c->a->ncl[c->a->nncl++];
	memset(cv, 0, sizeof *cv);
	cv->dim = n;
	cv->var = c->var;
	cv->n = cv->cap = p.n;
	cv->pt = xmalloc(p.n * (size_t)n * sizeof *cv->pt);
	snprintf(cv->end[0], sizeof cv->end[0], "%s", p.end[0]);
	snprintf(cv->end[1], sizeof cv->end[1], "%s", p.end[1]);
	for (k = 0; k < p.n; k++) {
		c->z[c->xv] = p.u[2 * k];
		c->z[c->yv] = p.u[2 * k + 1];
		memcpy(cv->pt + k * (size_t)n, c->z, (size_t)n * sizeof *c->z);
	}
	contin_path_fini(&p);
}

void
nullclines_trace(const struct analysis_req *r, struct analysis *a)
{
	const struct model *m = r->m;
	int n = m->nvar, w;
	double scale[2], lo[2], hi[2];
	struct contin_problem prob;
	struct ncl c;

	if (r->xvar < 0 || r->yvar < 0)
		return;
	scale[0] = r->xhi - r->xlo;
	scale[1] = r->yhi - r->ylo;
	lo[0] = r->xlo - 0.02 * scale[0];
	hi[0] = r->xhi + 0.02 * scale[0];
	lo[1] = r->ylo - 0.02 * scale[1];
	hi[1] = r->yhi + 0.02 * scale[1];
	memset(&c, 0, sizeof c);
	c.m = m;
	c.par = r->par;
	c.xv = r->xvar;
	c.yv = r->yvar;
	c.a = a;
	c.prob = &prob;
	c.z = xmalloc((size_t)n * sizeof *c.z);
	c.fbuf = xmalloc((size_t)n * sizeof *c.fbuf);
	c.jbuf = xmalloc((size_t)(n * n + n) * sizeof *c.jbuf);
	memcpy(c.z, r->base, (size_t)n * sizeof *c.z);
	prob.k = 1;
	prob.eval = ncl_eval;
	prob.ctx = &c;
	prob.scale = scale;
	prob.lo = lo;
	prob.hi = hi;
	{
		int cols = r->cols > 0 ? r->cols : 80, rows = r->rows > 0 ? r->rows : 24;
		prob.hmax = fmin(0.012, 1.0 / (cols > 2 * rows ? cols : 2 * rows));
		prob.h0 = prob.hmax / 3;
	}
	prob.max_points = 20000;
	for (w = 0; w < 2; w++) {
		c.var = w == 0 ? r->xvar : r->yvar;
		c.first = a->nncl;
		/* both directions, so that horizontal and vertical curves are both found */
		contin_scan_roots(&prob, 0, 24, 200, ncl_wanted, ncl_found, &c);
		contin_scan_roots(&prob, 1, 24, 200, ncl_wanted, ncl_found, &c);
	}
	free(c.z);
	free(c.fbuf);
	free(c.jbuf);
}
