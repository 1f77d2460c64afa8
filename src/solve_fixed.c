/*
 * solve_fixed: fixed-step paths. A stochastic model steps by Euler-Maruyama
 * with step dt: its inputs are drawn once per step (a wiener input is
 * N(0,1)/sqrt(dt), so s*w adds s*sqrt(dt)*N(0,1)), from the trajectory's own
 * stream, and its Markov chains move before the step. A file that asks for
 * modeuler or rungekutta (and has no delays) gets that step instead, the
 * draws held over the step, as XPPAUT does. A map iterates x(n+1) = F(x(n)), with t counting iterates. Events
 * fire on the step's straight line, which is the Euler step itself.
 */
#include "solve_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "noise.h"

struct fixed {
	const struct model *m;
	const struct settings *s;
	struct traj *tr;
	double *par, *y, *y1, *f, *g0, *g1;
	double *rates;		/* the Markov chains' rates (m->nrates) */
	double *w;		/* 3n scratch of the Heun and RK4 steps */
	double keep_from;
	int dir;
	struct history hist;
	gsl_rng *rng;
	char *fired;		/* nevent: the events reset in this step */
	double *frac;		/* nevent: where in the step each crossed */
	long every;		/* keep every this many steps (a map's nout on the grid) */
};

static void
keep(struct fixed *fx, double t, const double *y)
{
	if (fx->dir < 0 ? t <= fx->keep_from : t >= fx->keep_from)
		traj_append(fx->tr, t, y);
}

/* Check y against NaN and the bound; sets tr->stop and returns 1 if it must stop. */
/*
 * y1 from (t, y) by a step hk of Heun or classical RK4, from k1 = f(t, y)
 * already in fx->f; the inputs in fx->par stay as drawn for the step.
 */
static void
higher_step(struct fixed *fx, const struct expr_prog *prog, enum solve_method meth, double t,
    double hk)
{
	int n = fx->m->nvar, i;
	double *k2 = fx->w, *k3 = fx->w + n, *yt = fx->w + 2 * n;

	if (meth == METHOD_MODEULER) {
		for (i = 0; i < n; i++)
			yt[i] = fx->y[i] + hk * fx->f[i];
		expr_prog_eval(prog, t + hk, yt, fx->par, k2);
		for (i = 0; i < n; i++)
			fx->y1[i] = fx->y[i] + 0.5 * hk * (fx->f[i] + k2[i]);
		fx->tr->nfev++;
		return;
	}
	for (i = 0; i < n; i++)
		yt[i] = fx->y[i] + 0.5 * hk * fx->f[i];
	expr_prog_eval(prog, t + 0.5 * hk, yt, fx->par, k2);
	for (i = 0; i < n; i++)
		yt[i] = fx->y[i] + 0.5 * hk * k2[i];
	expr_prog_eval(prog, t + 0.5 * hk, yt, fx->par, k3);
	for (i = 0; i < n; i++) {
		yt[i] = fx->y[i] + hk * k3[i];
		k2[i] = fx->f[i] + 2 * k2[i] + 2 * k3[i];
	}
	expr_prog_eval(prog, t + hk, yt, fx->par, k3);
	for (i = 0; i < n; i++)
		fx->y1[i] = fx->y[i] + hk / 6 * (k2[i] + k3[i]);
	fx->tr->nfev += 3;
}

static int
out_of_range(struct fixed *fx, const double *y)
{
	int i;

	for (i = 0; i < fx->m->nvar; i++) {
		if (!isfinite(y[i])) {
			fx->tr->stop = SOLVE_NAN;
			fx->tr->stop_var = i;
			return 1;
		}
		if (fabs(y[i]) > fx->s->bound) {
			fx->tr->stop = SOLVE_ESCAPE;
			fx->tr->stop_var = i;
			return 1;
		}
	}
	return 0;
}

/*
 * Events between (t, y) and (t + h, y1): the earliest crossing on the line
 * between them (for a map: at the new iterate). Keeps the point before the
 * reset; every event crossing there (to rounding) fires in the order of the
 * file, each reset applied to the state the previous left. Returns the time
 * of the reset, *nfired how many fired; NAN if none did.
 */
static double
fixed_events(struct fixed *fx, double t, double h, int *nfired)
{
	const struct model *m = fx->m;
	int k, i;
	double best = 2, tr;

	*nfired = 0;
	expr_prog_eval(m->event_prog, t + h, fx->y1, fx->par, fx->g1);
	for (k = 0; k < m->nevent; k++) {
		fx->fired[k] = 0;
		fx->frac[k] = 2;
		if (!solve_event_fires(m->event[k].sign, fx->g0[k], fx->g1[k]))
			continue;
		fx->frac[k] = m->is_map ? 1 : fx->g0[k] / (fx->g0[k] - fx->g1[k]);
		best = fmin(best, fx->frac[k]);
	}
	if (!(best <= 1))
		return NAN;
	for (i = 0; i < m->nvar; i++)
		fx->y1[i] = fx->y[i] + best * (fx->y1[i] - fx->y[i]);
	tr = t + best * h;
	keep(fx, tr, fx->y1);
	for (k = 0; k < m->nevent; k++)
		if (fx->frac[k] - best <= 1e3 * DBL_EPSILON) {
			solve_event_reset(m, k, tr, fx->y1, fx->par);
			fx->fired[k] = 1;
			(*nfired)++;
		}
	return tr;
}

int
solve_fixed_traj(const struct model *m, const double *par, const double *y0,
    const struct settings *s, int dir, struct traj *tr, solve_should_stop stop, void *arg)
{
	struct fixed fx;
	int n = m->nvar, ne = m->nevent;
	double h = m->is_map ? (dir < 0 ? -1 : 1) : (dir < 0 ? -s->dt : s->dt);
	double t = s->t0, tbase = s->t0, t_end = s->t0 + (dir < 0 ? -s->tmax : s->tmax);
	long k = 0, nsteps;
	const struct expr_prog *prog = m->step_prog ? m->step_prog : m->rhs_prog;

	memset(&fx, 0, sizeof fx);
	fx.m = m;
	fx.s = s;
	fx.tr = tr;
	fx.dir = dir;
	fx.fired = xcalloc((size_t)ne + 1, sizeof *fx.fired);
	fx.frac = xcalloc((size_t)ne + 1, sizeof *fx.frac);
	fx.keep_from = s->t0 + (dir < 0 ? -s->trans : s->trans);
	fx.par = xmalloc((size_t)(m->npar + 1) * sizeof *fx.par);
	memcpy(fx.par, par, (size_t)m->npar * sizeof *par);
	fx.y = xmalloc((size_t)n * sizeof *fx.y);
	fx.y1 = xmalloc((size_t)n * sizeof *fx.y);
	fx.f = xmalloc((size_t)n * sizeof *fx.y);
	fx.g0 = xmalloc((size_t)(ne + 1) * sizeof *fx.g0);
	fx.g1 = xmalloc((size_t)(ne + 1) * sizeof *fx.g1);
	memcpy(fx.y, y0, (size_t)n * sizeof *y0);
	history_init(&fx.hist, m, s->t0, y0);
	if (m->nrandom > 0)
		fx.rng = noise_stream(s->seed, s->stream);
	fx.rates = xmalloc((size_t)(m->nrates + m->ngill_rates + 1) * sizeof *fx.rates);
	fx.w = xmalloc((size_t)(3 * n) * sizeof *fx.w);
	/* steps to the end time, without counting up rounding error */
	nsteps = m->is_map ? (long)floor(s->tmax + 1e-9) : (long)ceil(s->tmax / s->dt - 1e-9);
	/* a map with nout (XPPAUT's njmp) completes its last block of nout
	 * iterates, as XPPAUT does (total=100, njmp=7 ends at 105), and on the
	 * grid keeps every nout-th iterate only */
	if (m->is_map && s->nout > 1 && nsteps % s->nout != 0)
		nsteps += s->nout - nsteps % s->nout;
	fx.every = m->is_map && s->grid && s->nout > 1 ? s->nout : 1;
	if (m->is_map)
		t_end = s->t0 + (dir < 0 ? -1 : 1) * (double)nsteps;

	tr->n = 0;
	tr->dim = n;
	tr->stop = SOLVE_DONE;
	tr->stop_var = -1;
	tr->t_switch = NAN;
	tr->nsteps = 0;
	tr->method = s->method;
	keep(&fx, t, fx.y);
	if (out_of_range(&fx, fx.y))
		goto out;
	if (ne > 0)
		expr_prog_eval(m->event_prog, t, fx.y, fx.par, fx.g0);
	while (dir < 0 ? t > t_end + 1e-12 * fabs(h) : t < t_end - 1e-12 * fabs(h)) {
		double hk = h, t1;
		int i;

		/* after a reset the last step is cut short to end on time */
		if (!m->is_map && fabs(t_end - t) < fabs(h))
			hk = t_end - t;
		if (m->nmarkov > 0)
			noise_markov(m, fx.rng, t, hk, fx.y, fx.par, fx.rates);
		if (m->ngill > 0)
			noise_gill(m, fx.rng, t, fx.y, fx.par, fx.rates);
		if (fx.rng)
			noise_draw(m, fx.rng, hk, fx.par);
		history_fill(&fx.hist, m, t, fx.y, fx.par, 0);
		expr_prog_eval(prog, t, fx.y, fx.par, fx.f);
		tr->nfev++;
		if (m->ndelay > 0 && fx.hist.n == 0)
			history_add(&fx.hist, t, fx.y, fx.f);
		if (!m->is_map && m->ndelay == 0 && (s->method == METHOD_MODEULER ||
		    s->method == METHOD_RUNGEKUTTA))
			higher_step(&fx, prog, s->method, t, hk);
		else
			for (i = 0; i < n; i++)
				fx.y1[i] = m->is_map ? fx.f[i] : fx.y[i] + hk * fx.f[i];
		k++;
		t1 = (hk == h) ? tbase + (double)k * h : t + hk;
		if (ne > 0) {
			int nfired;
			double tr_ = fixed_events(&fx, t, hk, &nfired);
			if (!isnan(tr_)) {
				tr->nevents += nfired;
				t1 = tr_;
				tbase = tr_;
				k = 0;
			}
		}
		t = t1;
		memcpy(fx.y, fx.y1, (size_t)n * sizeof *fx.y);
		tr->nsteps++;
		if (tr->nsteps % fx.every == 0)
			keep(&fx, t, fx.y);
		if (out_of_range(&fx, fx.y))
			break;
		if (ne > 0) {
			expr_prog_eval(m->event_prog, t, fx.y, fx.par, fx.g0);
			/* a reset that leaves its condition at 0 has dealt with that crossing */
			for (i = 0; i < ne; i++)
				if (fx.fired[i] && fabs(fx.g0[i]) <= 1e-10 * (1 + fabs(fx.g1[i])))
					fx.g0[i] = 0;
		}
		if (m->ndelay > 0)
			history_add(&fx.hist, t, fx.y, fx.f);
		if (tr->stop == SOLVE_MEMORY)
			break;
		if (tr->n >= solve_kept_max(s) || tr->nsteps > 50L * nsteps + 1000) {
			tr->stop = SOLVE_STORAGE;
			break;
		}
		if (stop && (tr->nsteps & 255) == 0 && stop(arg)) {
			tr->stop = SOLVE_CANCELLED;
			break;
		}
	}
out:
	if (tr->n == 0)
		traj_append(tr, t, fx.y);
	tr->t_stop = t;
	if (fx.rng)
		gsl_rng_free(fx.rng);
	history_fini(&fx.hist);
	free(fx.par);
	free(fx.y);
	free(fx.y1);
	free(fx.f);
	free(fx.g0);
	free(fx.g1);
	free(fx.fired);
	free(fx.frac);
	free(fx.rates);
	free(fx.w);
	return 0;
}
