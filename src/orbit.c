/* orbit: a map's orbit diagram over one parameter (see orbit.h). */
#include "orbit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The parameter's k-th value; the last is hi exactly. */
static double
pvalue(const struct orbit_req *r, int k)
{
	if (r->n == 1)
		return r->lo;
	if (k == r->n - 1)
		return r->hi;
	return r->lo + (double)k * (r->hi - r->lo) / (double)(r->n - 1);
}

/*
 * One orbit at parameter values par: the kept tail into rows (keep x nvar),
 * NAN-filled where it ended early; its fate into f.
 */
static void
one_orbit(const struct orbit_req *r, const double *par, struct traj *tr, double *rows,
    struct map_fate *f)
{
	struct settings s = *r->set;
	int nv = r->m->nvar;
	size_t k, first;

	s.t0 = 0;
	s.dir = 1;
	s.nout = 1;
	s.grid = 0;
	s.trans = r->drop;
	s.tmax = (double)r->drop + (double)r->keep;
	s.maxstor = r->keep + 2;
	solve_traj(r->m, par, r->y0, &s, 1, tr, r->stop, r->stop_arg);
	for (k = 0; k < (size_t)r->keep * (size_t)nv; k++)
		rows[k] = NAN;
	/* the last keep iterates stored (the first stored point may be the start) */
	first = tr->n > (size_t)r->keep ? tr->n - (size_t)r->keep : 0;
	if (tr->stop == SOLVE_DONE || tr->stop == SOLVE_STORAGE)
		memcpy(rows, tr->y + first * (size_t)nv, (tr->n - first) * (size_t)nv *
		    sizeof *rows);
	fate_map(r->m, par, tr, f);
}

struct orbit_diagram *
orbit_compute(const struct orbit_req *r)
{
	struct orbit_diagram *o;
	double *par;
	struct traj tr;
	int k;

	if (r->n < 1 || r->keep < 1 || r->drop < 0 || !r->m->is_map)
		return NULL;
	o = xcalloc(1, sizeof *o);
	o->nvar = r->m->nvar;
	o->n = r->n;
	o->keep = r->keep;
	o->parname = xstrdup(r->m->par[r->ipar]);
	o->pvals = xmalloc((size_t)r->n * sizeof *o->pvals);
	o->y = xmalloc((size_t)r->n * (size_t)r->keep * (size_t)o->nvar * sizeof *o->y);
	o->fate = xcalloc((size_t)r->n, sizeof *o->fate);
	par = xmalloc((size_t)r->m->npar * sizeof *par);
	memcpy(par, r->par, (size_t)r->m->npar * sizeof *par);
	traj_init(&tr, o->nvar);
	for (k = 0; k < r->n; k++) {
		if (r->stop && r->stop(r->stop_arg))
			break;
		o->pvals[k] = par[r->ipar] = pvalue(r, k);
		one_orbit(r, par, &tr, o->y + (size_t)k * (size_t)r->keep * (size_t)o->nvar,
		    &o->fate[k]);
		if (tr.stop == SOLVE_CANCELLED)
			break;
		o->done = k + 1;
	}
	traj_fini(&tr);
	free(par);
	return o;
}

void
orbit_free(struct orbit_diagram *o)
{
	if (o == NULL)
		return;
	free(o->parname);
	free(o->pvals);
	free(o->y);
	free(o->fate);
	free(o);
}
