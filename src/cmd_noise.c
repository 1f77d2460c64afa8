/*
 * cmd_noise: ensembles of a stochastic model. 'ensemble N [T ...]' adds N
 * realizations from the initial data (each its own noise stream, so the
 * cloud is the same for every seed=, jobs= and order of commands), runs them,
 * and prints the mean and variance of every variable and every auxiliary
 * quantity at each chosen time.
 */
#include "cmd_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The state of a trajectory at time t, linear between stored points (after
 * a reset, the point after it); 0 if t is outside the trajectory.
 */
static int
traj_at(const struct traj *tr, double t, double *y)
{
	size_t lo = 0, hi, k;
	int d = tr->dim, i;
	double lo_t, hi_t;

	if (tr->n == 0)
		return 0;
	lo_t = fmin(tr->t[0], tr->t[tr->n - 1]);
	hi_t = fmax(tr->t[0], tr->t[tr->n - 1]);
	if (t < lo_t - 1e-12 * fmax(1, fabs(t)) || t > hi_t + 1e-12 * fmax(1, fabs(t)))
		return 0;
	/* times increase along a forward trajectory (equal across a reset) */
	hi = tr->n - 1;
	if (tr->t[hi] < tr->t[0]) {
		for (k = 0; k < tr->n; k++)
			if (fabs(tr->t[k] - t) <= 1e-12 * fmax(1, fabs(t)))
				break;
		if (k == tr->n)
			return 0;
		memcpy(y, tr->y + k * (size_t)d, (size_t)d * sizeof *y);
		return 1;
	}
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (tr->t[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (tr->n == 1 || t <= tr->t[lo]) {
		memcpy(y, tr->y + lo * (size_t)d, (size_t)d * sizeof *y);
		return 1;
	}
	{
		double w = (t - tr->t[lo]) / (tr->t[hi] - tr->t[lo]);
		if (!(w >= 0 && w <= 1))
			w = 1;
		for (i = 0; i < d; i++)
			y[i] = tr->y[lo * (size_t)d + (size_t)i] + w * (tr->y[hi * (size_t)d +
			    (size_t)i] - tr->y[lo * (size_t)d + (size_t)i]);
	}
	return 1;
}

/*
 * The values an ensemble reports for a state: the variables, then the
 * auxiliary quantities ('aux' lines) evaluated at that state.
 */
static void
ensemble_values(const struct session *s, double t, const double *y, double *v)
{
	memcpy(v, y, (size_t)s->m->nvar * sizeof *v);
	if (s->m->aux_prog)
		expr_prog_eval(s->m->aux_prog, t, y, s->par, v + s->m->nvar);
}

/*
 * One record per variable and per auxiliary quantity: mean and (unbiased)
 * variance over the trajectories first..first+count-1.
 */
static void
print_stats(struct session *s, size_t first, size_t count, double t)
{
	int nv = s->m->nvar, n = nv + (s->m->aux_prog ? s->m->naux : 0), i;
	double *y = xmalloc((size_t)nv * sizeof *y), *v = xmalloc((size_t)n * sizeof *v);
	double *sum = xcalloc((size_t)n, sizeof *sum), *sum2 = xcalloc((size_t)n, sizeof *sum2);
	double *shift = xcalloc((size_t)n, sizeof *shift);
	size_t k, got = 0;

	for (k = first; k < first + count && k < s->res.ntraj; k++) {
		if (!traj_at(&s->res.trajs[k], t, y))
			continue;
		ensemble_values(s, t, y, v);
		/* shifted sums: the variance keeps its digits when it is small */
		if (got == 0)
			memcpy(shift, v, (size_t)n * sizeof *v);
		for (i = 0; i < n; i++) {
			sum[i] += v[i] - shift[i];
			sum2[i] += (v[i] - shift[i]) * (v[i] - shift[i]);
		}
		got++;
	}
	for (i = 0; i < n; i++) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_add(&sb, "ensemble t=");
		strbuf_num(&sb, t);
		strbuf_printf(&sb, " var=%s n=%zu mean=", i < nv ? s->m->var[i] :
		    s->m->aux[i - nv], got);
		if (got > 0) {
			double mu = sum[i] / (double)got;
			strbuf_num(&sb, shift[i] + mu);
			strbuf_add(&sb, " variance=");
			strbuf_num(&sb, got > 1 ? fmax(0, (sum2[i] - (double)got * mu * mu) /
			    (double)(got - 1)) : 0);
		} else {
			strbuf_add(&sb, "nan variance=nan");
		}
		out_printf(&s->out, "%s\n", sb.s);
		strbuf_fini(&sb);
	}
	free(y);
	free(v);
	free(sum);
	free(sum2);
	free(shift);
}

int
cmd_ensemble(struct session *s, int argc, char **argv, struct diag *d)
{
	int n, i;
	size_t first, k;
	double *times;
	int ntimes = argc > 2 ? argc - 2 : 1;

	if (parse_int(argv[1], 1, 100000, &n) < 0)
		return diag_set(d, 0, 0, "usage: ensemble N [T ...], with N from 1 to 100000");
	times = xmalloc((size_t)ntimes * sizeof *times);
	times[0] = s->set.t0 + (s->set.dir < 0 ? -s->set.tmax : s->set.tmax);
	for (i = 2; i < argc; i++) {
		if (cmd_need_number(argv[i], "an ensemble time", &times[i - 2], d) < 0) {
			free(times);
			return -1;
		}
	}
	if (s->m->nrandom == 0)
		out_note(&s->out, "the model has no noise: every realization is the same\n");
	first = s->nseed;
	for (k = 0; k < (size_t)n; k++)
		session_add_seed(s, s->init);
	cmd_ensure_results(s);
	if (s->res.ntraj < first + (size_t)n) {
		free(times);
		return diag_set(d, 0, 0, "the ensemble was interrupted");
	}
	for (i = 0; i < ntimes; i++)
		print_stats(s, first, (size_t)n, times[i]);
	free(times);
	return 0;
}
