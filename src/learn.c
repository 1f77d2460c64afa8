/* learn: a model's declared SGD setting trained for real, recorded as a trajectory. */
#include "learn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define LEARN_POINTS 2000
/*
 * Weights touched between checks of the stop callback (steps times d times
 * width times batch): about a millisecond of work, so that Ctrl-C or a new
 * job stops even a network at d = 1e6 at once.
 */
#define LEARN_CHUNK_WORK (1L << 20)

const char *
learn_setup(const struct model *m, const double *par, const double *y0,
    const struct sgd_run *run, struct sgd_setup *out)
{
	const struct model_sgd *g = m->sgd;
	double batch;
	int k;

	if (g == NULL)
		return "this model declares no SGD setting ('# canard: sgd=M,A sgd_target=... "
		    "sgd_student=... sgd_lr=...')";
	memset(out, 0, sizeof *out);
	out->d = run->d > 0 ? run->d : g->d;
	out->width = run->width > 0 ? run->width : g->width;
	out->seed = run->seed;
	batch = model_qty_value(&g->batch, par);
	if (!(batch >= 1 && batch <= 1e6 && batch == floor(batch)))
		return "the batch size must be a positive integer";
	out->batch = (int)batch;
	out->nc = g->nc;
	out->ns = g->ns;
	for (k = 0; k < g->nc; k++)
		out->c[k] = model_qty_value(&g->c[k], par);
	for (k = 0; k < g->ns; k++)
		out->s[k] = model_qty_value(&g->s[k], par);
	out->lr = model_qty_value(&g->lr, par);
	out->ratio = model_qty_value(&g->ratio, par);
	out->m0 = y0[g->m_var];
	out->a0 = y0[g->a_var];
	return sgd_check(out);
}

static void
record(struct traj *tr, const struct model_sgd *g, const double *y0, double t0,
    const struct sgd_order *o)
{
	double *y = xmalloc((size_t)tr->dim * sizeof *y);

	memcpy(y, y0, (size_t)tr->dim * sizeof *y);
	y[g->m_var] = o->m;
	y[g->a_var] = o->a;
	traj_append(tr, t0 + o->t, y);
	free(y);
}

/* Run n steps in chunks; nonzero when stopped. */
static int
run_steps(struct sgd *net, const struct sgd_setup *su, long n, solve_should_stop stop,
    void *arg)
{
	double work = (double)su->d * su->width * su->batch;
	long chunk = work >= (double)LEARN_CHUNK_WORK ? 1 : (long)(LEARN_CHUNK_WORK / work);

	while (n > 0) {
		long k = n < chunk ? n : chunk;
		if (stop && stop(arg))
			return 1;
		sgd_steps(net, k);
		n -= k;
	}
	return 0;
}

void
learn_path(const struct model *m, const double *par, const double *y0,
    const struct settings *set, const struct sgd_run *run, struct traj *tr,
    solve_should_stop stop, void *arg, struct sgd_order *last)
{
	struct sgd_setup su;
	struct sgd *net;
	struct sgd_order o;
	long total, every, done = 0;

	traj_fini(tr);
	tr->kind = TRAJ_SGD;
	tr->stop = SOLVE_DONE;
	if (learn_setup(m, par, y0, run, &su) != NULL) {
		traj_append(tr, set->t0, y0);
		tr->stop = SOLVE_NAN;
		tr->t_stop = set->t0;
		return;
	}
	net = sgd_new(&su);
	/* t = steps * lr / d */
	total = (long)ceil(set->tmax * su.d / su.lr - 1e-9);
	every = total / LEARN_POINTS > 1 ? total / LEARN_POINTS : 1;
	sgd_measure(net, &o);
	record(tr, m->sgd, y0, set->t0, &o);
	while (done < total) {
		long n = total - done < every ? total - done : every;
		if (run_steps(net, &su, n, stop, arg)) {
			tr->stop = SOLVE_CANCELLED;
			break;
		}
		done += n;
		sgd_measure(net, &o);
		record(tr, m->sgd, y0, set->t0, &o);
		if (!isfinite(o.m) || !isfinite(o.a)) {
			tr->stop = SOLVE_NAN;
			tr->stop_var = isfinite(o.a) ? m->sgd->m_var : m->sgd->a_var;
			break;
		}
		if (fabs(o.a) > set->bound) {
			tr->stop = SOLVE_ESCAPE;
			tr->stop_var = m->sgd->a_var;
			break;
		}
	}
	tr->t_stop = set->t0 + o.t;
	tr->nsteps = sgd_step_count(net);
	if (last)
		*last = o;
	sgd_free(net);
}
