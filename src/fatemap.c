/* fatemap: the fate of one trajectory for every cell of a grid of two values. */
#include "fatemap.h"

#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "util.h"

struct run {
	const struct fatemap_req *req;
	struct fatemap_cell *cells;
	size_t *index;		/* the cells this shard computes */
	fatemap_deliver deliver;
	void *ctx;
};

double
fatemap_value(const struct fatemap_axis *a, int i)
{
	return grid_value(a->lo, a->hi, i, a->n);
}

void
fatemap_apply_axis(const struct fatemap_axis *a, double v, double *par, double *init)
{
	if (a->par >= 0)
		par[a->par] = v;
	else if (a->var >= 0)
		init[a->var] = v;
}

static const char *
equilibrium_class(enum eq_type t)
{
	switch (t) {
	case EQ_STABLE_NODE: return "equilibrium:stable-node";
	case EQ_UNSTABLE_NODE: return "equilibrium:unstable-node";
	case EQ_STABLE_FOCUS: return "equilibrium:stable-focus";
	case EQ_UNSTABLE_FOCUS: return "equilibrium:unstable-focus";
	case EQ_SADDLE: return "equilibrium:saddle";
	case EQ_CENTRE: return "equilibrium:centre";
	case EQ_DEGENERATE: break;
	}
	return "equilibrium:degenerate";
}

/* The class of a fate: what the map's picture tells apart. */
static const char *
fate_class(const struct model *m, const double *par, const struct fate *f)
{
	if (m->feature_var >= 0 && f->end != FATE_ESCAPE)
		return f->learned == 1 ? "learning" : f->learned == 0 ? "unlearning" : "none";
	switch (f->end) {
	case FATE_EQUILIBRIUM: {
		double *re = xmalloc((size_t)m->nvar * 2 * sizeof *re);
		enum eq_type t = equilibrium_classify(m, par, f->last, re, re + m->nvar);
		free(re);
		return equilibrium_class(t);
	}
	case FATE_CYCLE: return "cycle";
	case FATE_ESCAPE: return "escape";
	case FATE_RUNNING: break;
	}
	return "running";
}

/* One cell, on any thread: its own copies of the values, one trajectory, its fate. */
static void *
cell_work(void *vr, size_t j)
{
	struct run *r = vr;
	const struct fatemap_req *q = r->req;
	const struct model *m = q->m;
	size_t k = r->index[j];
	int i1 = (int)(k % (size_t)q->a1.n), i2 = (int)(k / (size_t)q->a1.n);
	double *par = xmalloc(((size_t)m->npar + 1) * sizeof *par);
	double *init = xmalloc((size_t)m->nvar * sizeof *init);
	struct fatemap_cell *c = xcalloc(1, sizeof *c);
	struct analysis none;
	struct traj tr;
	struct fate f;

	memcpy(par, q->par, (size_t)m->npar * sizeof *par);
	memcpy(init, q->init, (size_t)m->nvar * sizeof *init);
	c->v1 = fatemap_value(&q->a1, i1);
	c->v2 = fatemap_value(&q->a2, i2);
	fatemap_apply_axis(&q->a1, c->v1, par, init);
	fatemap_apply_axis(&q->a2, c->v2, par, init);
	memset(&none, 0, sizeof none);
	none.nvar = m->nvar;
	traj_init(&tr, m->nvar);
	solve_traj(m, par, init, &q->set, 1, &tr, q->stop, q->stop_arg);
	if (tr.stop != SOLVE_CANCELLED && tr.n > 0) {
		fate_classify(m, par, &tr, &none, &f);
		c->done = 1;
		c->end = f.end;
		c->cls = fate_class(m, par, &f);
		c->period = f.period;
		c->t_end = tr.t_stop;
		c->learned = f.learned;
	}
	traj_fini(&tr);
	free(init);
	free(par);
	return c;
}

static void
cell_discard(void *ctx, void *res)
{
	(void)ctx;
	free(res);
}

static int
cell_deliver(void *vr, size_t j, void *res)
{
	struct run *r = vr;
	struct fatemap_cell *c = res;
	size_t k = r->index[j];

	if (!c->done) {		/* cancelled inside the integration */
		free(c);
		return 1;
	}
	r->cells[k] = *c;
	free(c);
	if (r->deliver)
		r->deliver(r->ctx, k, &r->cells[k]);
	return 0;
}

int
fatemap_compute(const struct fatemap_req *req, struct fatemap_cell *cells,
    fatemap_deliver deliver, void *ctx)
{
	size_t total = (size_t)req->a1.n * (size_t)req->a2.n, k, n = 0;
	struct run r = {req, cells, NULL, deliver, ctx};
	struct pool_task task = {0, cell_work, cell_deliver, cell_discard, &r, req->stop,
	    req->stop_arg};
	int stopped;

	r.index = xmalloc((total + 1) * sizeof *r.index);
	for (k = 0; k < total; k++) {
		cells[k].done = 0;
		cells[k].v1 = fatemap_value(&req->a1, (int)(k % (size_t)req->a1.n));
		cells[k].v2 = fatemap_value(&req->a2, (int)(k / (size_t)req->a1.n));
		if (req->shard_n <= 1 || (int)(k % (size_t)req->shard_n) == req->shard_k - 1)
			r.index[n++] = k;
	}
	task.n = n;
	stopped = pool_run(&task, req->threads);
	free(r.index);
	return stopped;
}
