/*
 * solve: GSL odeiv2 driven step by step (never on a fixed output grid,
 * which costs evaluations), with the compiled right-hand side and its exact
 * Jacobian.
 */
#include "solve.h"
#include "solve_int.h"

#include "oom.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
solve_stop_name(enum solve_stop s)
{
	switch (s) {
	case SOLVE_DONE: return "done";
	case SOLVE_ESCAPE: return "escape";
	case SOLVE_NAN: return "nan";
	case SOLVE_COLLAPSE: return "step-collapse";
	case SOLVE_STORAGE: return "storage-limit";
	case SOLVE_CANCELLED: return "cancelled";
	case SOLVE_MEMORY: return "memory";
	case SOLVE_CONSTRAINT: return "constraint";
	}
	return "?";
}

void
traj_init(struct traj *tr, int dim)
{
	memset(tr, 0, sizeof *tr);
	tr->dim = dim;
	tr->stop_var = -1;
	tr->t_switch = NAN;
}

/* The bytes a trajectory of capacity cap keeps (times and states). */
static size_t
traj_bytes(const struct traj *tr, size_t cap)
{
	return cap * ((size_t)tr->dim + 1) * sizeof(double);
}

/* Free the aux values and give their bytes back to the budget. */
static void
traj_drop_aux(struct traj *tr)
{
	if (tr->aux)
		oom_budget_give(tr->aux_n * (size_t)tr->naux * sizeof *tr->aux);
	free(tr->aux);
	tr->aux = NULL;
	tr->naux = 0;
	tr->aux_n = 0;
}

void
traj_fini(struct traj *tr)
{
	oom_budget_give(traj_bytes(tr, tr->cap));
	free(tr->t);
	free(tr->y);
	tr->t = tr->y = NULL;
	tr->n = tr->cap = 0;
	traj_drop_aux(tr);
}

/*
 * Grow to c points. The memory budget (set maxmem) and a failed allocation
 * both end the trajectory (SOLVE_MEMORY) instead of the session; only the
 * first block is taken whatever the budget, so that a trajectory always
 * keeps its first point.
 */
static int
traj_grow(struct traj *tr, size_t c)
{
	size_t more = traj_bytes(tr, c) - traj_bytes(tr, tr->cap);
	double *t, *y;

	if (oom_budget_take(more) < 0) {
		if (tr->cap > 0)
			return -1;
		oom_budget_charge(more);
	}
	t = oom_injected() ? NULL : realloc(tr->t, c * sizeof *tr->t);
	if (t != NULL)
		tr->t = t;
	y = t == NULL ? NULL : realloc(tr->y, c * (size_t)tr->dim * sizeof *tr->y);
	if (y == NULL) {
		oom_budget_give(more);
		if (tr->cap == 0)
			oom_fail(traj_bytes(tr, c));
		return -1;
	}
	tr->y = y;
	tr->cap = c;
	return 0;
}

void
traj_append(struct traj *tr, double t, const double *y)
{
	if (tr->n == tr->cap && traj_grow(tr, tr->cap ? tr->cap * 2 : 256) < 0) {
		if (tr->stop == SOLVE_DONE)
			tr->stop = SOLVE_MEMORY;
		return;
	}
	tr->t[tr->n] = t;
	memcpy(tr->y + tr->n * (size_t)tr->dim, y, (size_t)tr->dim * sizeof *y);
	tr->n++;
}

void
traj_shrink(struct traj *tr)
{
	size_t c = tr->n > 0 ? tr->n : 1;

	if (tr->cap <= c)
		return;
	tr->t = xrealloc(tr->t, c * sizeof *tr->t);
	tr->y = xrealloc(tr->y, c * (size_t)tr->dim * sizeof *tr->y);
	/* the memory budget (oom.h) gets back what the trajectory no longer keeps */
	oom_budget_give(traj_bytes(tr, tr->cap) - traj_bytes(tr, c));
	tr->cap = c;
}

void
traj_fill_aux(const struct model *m, const double *par, struct traj *tr)
{
	size_t k, na = (size_t)m->naux, bytes;
	double *apar;
	struct dae *dae;
	int i;

	traj_drop_aux(tr);
	if (m->aux_prog == NULL || tr->n == 0 || tr->dim != m->nvar || tr->kind != TRAJ_ODE)
		return;
	bytes = tr->n * na * sizeof *tr->aux;
	if (oom_budget_take(bytes) < 0)
		return;
	tr->aux = oom_injected() ? NULL : malloc(bytes);
	if (tr->aux == NULL) {
		oom_budget_give(bytes);
		return;
	}
	tr->naux = m->naux;
	tr->aux_n = tr->n;
	apar = xmalloc(((size_t)m->npar + 1) * sizeof *apar);
	memcpy(apar, par, (size_t)m->npar * sizeof *apar);
	dae = dae_new(m);
	for (k = 0; k < tr->n; k++) {
		const double *y = tr->y + k * (size_t)tr->dim;
		double *out = tr->aux + k * na;
		if (dae && dae_solve(dae, tr->t[k], y, apar) < 0)
			for (i = 0; i < m->naux; i++)
				out[i] = NAN;
		else
			expr_prog_eval(m->aux_prog, tr->t[k], y, apar, out);
	}
	dae_free(dae);
	free(apar);
}

size_t
solve_kept_max(const struct settings *s)
{
	return (size_t)(s->grid ? s->rows : s->maxstor);
}

int
traj_is_jump(const struct traj *tr, size_t k)
{
	return tr->nevents > 0 && k > 0 && k < tr->n && tr->t[k] == tr->t[k - 1];
}

static const gsl_odeiv2_step_type *
step_type(enum solve_method m)
{
	switch (m) {
	case METHOD_RK2: return gsl_odeiv2_step_rk2;
	case METHOD_RK4: return gsl_odeiv2_step_rk4;
	case METHOD_RKF45: return gsl_odeiv2_step_rkf45;
	case METHOD_RKCK: return gsl_odeiv2_step_rkck;
	case METHOD_RK1IMP: return gsl_odeiv2_step_rk1imp;
	case METHOD_RK2IMP: return gsl_odeiv2_step_rk2imp;
	case METHOD_RK4IMP: return gsl_odeiv2_step_rk4imp;
	case METHOD_BSIMP: return gsl_odeiv2_step_bsimp;
	case METHOD_MSADAMS: return gsl_odeiv2_step_msadams;
	case METHOD_MSBDF: return gsl_odeiv2_step_msbdf;
	case METHOD_AUTO:
	case METHOD_RK8PD:
	default: return gsl_odeiv2_step_rk8pd;
	}
}

struct rhs_ctx {
	const struct model *m;
	const double *par;
	double *dpar;		/* delays: par with the delay slots filled */
	struct history *hist;	/* delays: the past, or NULL */
	double *jbuf;		/* n*n + n: Jacobian then d/dt */
	struct dae *dae;	/* '0=' constraints: solved into apar, or NULL */
	double *apar;		/* par with the algebraic variables (owned) */
	int alg_fail;		/* the constraints had no root at the last point */
	solve_should_stop stop;
	void *arg;
	long nfev, njev;
	int bad;		/* index+1 of a non-finite component */
	int cancelled;
	enum solve_method meth;
};

/* The right-hand side without delays: with constraints, z solved first. */
static int
eval_rhs(struct rhs_ctx *c, double t, const double *y, double *f)
{
	if (c->dae == NULL) {
		expr_prog_eval(c->m->rhs_prog, t, y, c->par, f);
		return 0;
	}
	if (dae_solve(c->dae, t, y, c->apar) < 0)
		return -1;
	expr_prog_eval(c->m->rhs_prog, t, y, c->apar, f);
	return 0;
}

static int
rhs_fn(double t, const double y[], double f[], void *params)
{
	struct rhs_ctx *c = params;
	int i, n = c->m->nvar;

	c->nfev++;
	if (c->hist) {
		history_fill(c->hist, c->m, t, y, c->dpar, 1);
		expr_prog_eval(c->m->step_prog, t, y, c->dpar, f);
	} else if (eval_rhs(c, t, y, f) < 0) {
		c->alg_fail = 1;
		return GSL_EBADFUNC;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(f[i])) {
			c->bad = i + 1;
			return GSL_EBADFUNC;
		}
	}
	/* a long implicit step must still notice a newer job */
	if (c->stop && (c->nfev & 255) == 0 && c->stop(c->arg)) {
		c->cancelled = 1;
		return GSL_EBADFUNC;
	}
	return GSL_SUCCESS;
}

/*
 * A symbolic entry that is not finite where the right-hand side is (sqrt at
 * 0, the derivative of abs or heav at its corner): that column (or d/dt) by
 * a forward difference, so that a stiff method never stops on a finite
 * right-hand side.
 */
static void
jac_repair(struct rhs_ctx *c, double t, const double *y, double *dfdy, double *dfdt)
{
	int n = c->m->nvar, i, j, bad;
	double *f0 = NULL, *f1, *yh;

	for (j = 0; j <= n; j++) {
		for (bad = 0, i = 0; i < n && !bad; i++)
			bad = !isfinite(j < n ? dfdy[i * n + j] : dfdt[i]);
		if (!bad)
			continue;
		if (f0 == NULL) {
			f0 = xmalloc((size_t)(3 * n) * sizeof *f0);
			if (eval_rhs(c, t, y, f0) < 0)
				break;
		}
		f1 = f0 + n;
		yh = f0 + 2 * n;
		memcpy(yh, y, (size_t)n * sizeof *yh);
		{
			double x = j < n ? y[j] : t, h = 1.5e-8 * fmax(1.0, fabs(x));
			if (j < n)
				yh[j] += h;
			if (eval_rhs(c, j < n ? t : t + h, yh, f1) < 0)
				memcpy(f1, f0, (size_t)n * sizeof *f1);
			for (i = 0; i < n; i++) {
				double v = (f1[i] - f0[i]) / h;
				if (!isfinite(v))
					v = 0;
				if (j < n)
					dfdy[i * n + j] = v;
				else
					dfdt[i] = v;
			}
		}
	}
	free(f0);
}

static int
jac_fn(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
	struct rhs_ctx *c = params;
	int n = c->m->nvar;

	c->njev++;
	if (c->dae) {
		/* z depends on y through the constraints: every column by differences */
		int i;
		for (i = 0; i < n * n; i++)
			dfdy[i] = NAN;
		for (i = 0; i < n; i++)
			dfdt[i] = NAN;
	} else {
		expr_prog_eval(c->m->jac_prog, t, y, c->par, c->jbuf);
		memcpy(dfdy, c->jbuf, (size_t)(n * n) * sizeof *dfdy);
		memcpy(dfdt, c->jbuf + n * n, (size_t)n * sizeof *dfdt);
	}
	jac_repair(c, t, y, dfdy, dfdt);
	return GSL_SUCCESS;
}

/*
 * Largest |lambda| over eigenvalues of the Jacobian with negative real part:
 * the decay rate that limits an explicit step by stability rather than accuracy.
 */
static double
stiff_rate(struct rhs_ctx *c, double t, const double *y, gsl_eigen_nonsymm_workspace *w,
    gsl_matrix *a, gsl_vector_complex *ev)
{
	int n = c->m->nvar, i, j;
	double r = 0;

	expr_prog_eval(c->m->jac_prog, t, y, c->par, c->jbuf);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			gsl_matrix_set(a, (size_t)i, (size_t)j, c->jbuf[i * n + j]);
	if (gsl_eigen_nonsymm(a, ev, w) != GSL_SUCCESS)
		return 0;
	for (i = 0; i < n; i++) {
		gsl_complex z = gsl_vector_complex_get(ev, (size_t)i);
		if (GSL_REAL(z) < 0) {
			double mag = hypot(GSL_REAL(z), GSL_IMAG(z));
			if (mag > r)
				r = mag;
		}
	}
	return r;
}

/* The driver links step, control and evolve (the multistep methods need it). */
struct stepper {
	gsl_odeiv2_driver *drv;
};

static void
stepper_open(struct stepper *st, enum solve_method m, const struct settings *s, double h,
    gsl_odeiv2_system *sys)
{
	st->drv = gsl_odeiv2_driver_alloc_standard_new(sys, step_type(m), h, s->atol, s->rtol,
	    1.0, 0.0);
	if (st->drv == NULL) {
		fprintf(stderr, "canard: out of memory in the integrator\n");
		exit(2);
	}
}

static void
stepper_close(struct stepper *st)
{
	gsl_odeiv2_driver_free(st->drv);
}

static int
stepper_apply(struct stepper *st, gsl_odeiv2_system *sys, double *t, double t1, double *h,
    double *y)
{
	return gsl_odeiv2_evolve_apply(st->drv->e, st->drv->c, st->drv->s, sys, t, t1, h, y);
}

/* ---- events: the crossing located by re-integrating from the step's start ---- */

struct locate {
	const struct model *m;
	gsl_odeiv2_system *sys;
	gsl_odeiv2_driver *drv;	/* rk8pd from (t0, y0), allocated on the first event */
	double t0, dir;
	const double *y0;
	double *y;		/* the state at the last point tried */
	const double *par;
	double *g;
	const double *g0;	/* the conditions at the step's start */
	int k;			/* the event */
	double *sk;		/* nevent: each crossing's time from the step's start */
	char *fired;		/* nevent: which events fired at the last step */
	int grid;		/* points=grid: XPPAUT's rows only, not the crossings */
};

/* The state at t0 + s (s >= 0 along dir) into L->y. */
static int
locate_state(struct locate *L, double s)
{
	double t = L->t0;

	memcpy(L->y, L->y0, (size_t)L->m->nvar * sizeof *L->y);
	if (s == 0)
		return 0;
	gsl_odeiv2_driver_reset_hstart(L->drv, L->dir * s);
	return gsl_odeiv2_driver_apply(L->drv, &t, L->t0 + L->dir * s, L->y);
}

static double
locate_fn(double s, void *arg)
{
	struct locate *L = arg;

	if (locate_state(L, s) != GSL_SUCCESS)
		return NAN;
	expr_prog_eval(L->m->event_prog, L->t0 + L->dir * s, L->y, L->par, L->g);
	return L->g[L->k];
}

/*
 * The time from the step's start to the crossing of event k, to the solver's
 * tolerance in the state and to rounding in time (Brent on the re-integrated
 * condition); the upper end of the final bracket, so the condition has crossed.
 */
static double
locate_root(struct locate *L, int k, double hlen)
{
	gsl_function F = {locate_fn, L};
	gsl_root_fsolver *rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	double lo = 0, hi = hlen;
	int it;

	L->k = k;
	if (rs == NULL || gsl_root_fsolver_set(rs, &F, 0, hlen) != GSL_SUCCESS) {
		if (rs)
			gsl_root_fsolver_free(rs);
		return hlen;
	}
	for (it = 0; it < 100; it++) {
		if (gsl_root_fsolver_iterate(rs) != GSL_SUCCESS)
			break;
		lo = gsl_root_fsolver_x_lower(rs);
		hi = gsl_root_fsolver_x_upper(rs);
		if (hi - lo <= 4 * DBL_EPSILON * fmax(1.0, fabs(L->t0) + hi))
			break;
	}
	gsl_root_fsolver_free(rs);
	/* the end of the bracket where the event has fired */
	return solve_event_fires(L->m->event[k].sign, L->g0[k], locate_fn(hi, L)) ? hi : lo;
}

/*
 * After an accepted step from (L->t0, L->y0) to (t, y): if an event fired,
 * move (t, y) back to the earliest crossing and keep that point (keep).
 * Every event crossing there (to rounding: 1000 ulps of the time) fires, in
 * the order of the file, each reset applied to the state the previous one
 * left, as XPPAUT does; L->fired marks them. Returns how many fired.
 */
static int
step_events(struct locate *L, double *t, double *y, double *g1, struct traj *tr,
    double keep_from, int dir)
{
	const struct model *m = L->m;
	double hlen = fabs(*t - L->t0), best = INFINITY, same;
	int k, nfired = 0;

	expr_prog_eval(m->event_prog, *t, y, L->par, g1);
	for (k = 0; k < m->nevent; k++) {
		L->fired[k] = 0;
		L->sk[k] = INFINITY;
		if (!solve_event_fires(m->event[k].sign, L->g0[k], g1[k]))
			continue;
		L->sk[k] = locate_root(L, k, hlen);
		best = fmin(best, L->sk[k]);
	}
	if (!(best < INFINITY))
		return 0;
	locate_state(L, best);
	*t = L->t0 + L->dir * best;
	memcpy(y, L->y, (size_t)m->nvar * sizeof *y);
	/* XPPAUT writes no row at a reset: on its grid the crossing is not kept */
	if (!L->grid && (dir < 0 ? *t <= keep_from : *t >= keep_from))
		traj_append(tr, *t, y);
	same = 1e3 * DBL_EPSILON * fmax(1.0, fabs(L->t0) + hlen);
	for (k = 0; k < m->nevent; k++)
		if (L->sk[k] - best <= same) {
			solve_event_reset(m, k, *t, y, L->par);
			L->fired[k] = 1;
			nfired++;
		}
	return nfired;
}

/*
 * The conditions at the start of the next step. One that fired and that its
 * reset left at its crossing (zero up to rounding) counts as exactly 0, which
 * fires nothing: the crossing it sits on has been dealt with.
 */
static void
event_start(const struct model *m, double t, const double *y, const double *par, double *g0,
    const double *g1, const char *fired)
{
	int k;

	expr_prog_eval(m->event_prog, t, y, par, g0);
	for (k = 0; fired && k < m->nevent; k++)
		if (fired[k] && fabs(g0[k]) <= 1e-10 * (1 + fabs(g1[k])))
			g0[k] = 0;
}

/* The next discontinuity of a delay equation's history after t: t0 + k tau. */
static double
next_break(const struct model *m, const double *tau, double t0, double t, int dir)
{
	double b = dir < 0 ? -INFINITY : INFINITY;
	int k;

	for (k = 0; k < m->ndelay; k++) {
		double n, c;
		if (!(tau[k] > 0))
			continue;
		n = floor((t - t0) * dir / tau[k] + 1e-9) + 1;
		c = t0 + dir * n * tau[k];
		b = dir < 0 ? fmax(b, c) : fmin(b, c);
	}
	return b;
}

#define STIFF_CHECK_EVERY 50
#define STIFF_MIN_STEPS 2000
#define STIFF_PROJECTED 20000
/*
 * Up to this many variables the test takes every eigenvalue (O(n^3), cheap
 * when n is small) and waits for STIFF_PROJECTED explicit steps ahead. A
 * larger system (a chain of coupled units) is tested with an estimate of the
 * spectral radius by power iteration (O(n^2) a product), the explicit work
 * ahead is weighed by n (steps times variables against 2 STIFF_PROJECTED),
 * and a test that says no waits twice as long before the next one, so that a
 * large system that is not stiff pays little for being asked.
 */
#define STIFF_DENSE_MAX 8
#define STIFF_CHECK_MAX 3200

/*
 * The spectral radius of the Jacobian at (t, y), from the growth of a product
 * J^k v over the last ten of 40 steps of the power iteration (a complex pair
 * of eigenvalues makes the iterates turn, not their norm's growth). Any large
 * |lambda| counts: a mode that grows that fast holds the step down by
 * accuracy anyway. v and w hold n values each.
 */
static double
stiff_radius(struct rhs_ctx *c, double t, const double *y, double *v, double *w)
{
	int n = c->m->nvar, i, j, it;
	double acc = 0, norm = 0;

	expr_prog_eval(c->m->jac_prog, t, y, c->par, c->jbuf);
	/* a start with a part in every mode: fractional parts of multiples of the golden ratio */
	for (i = 0; i < n; i++) {
		v[i] = fmod(0.6180339887498949 * (i + 1), 1.0) - 0.5;
		norm += v[i] * v[i];
	}
	norm = sqrt(norm);
	for (it = 0; it < 40; it++) {
		double s = 0;
		for (i = 0; i < n; i++) {
			double z = 0;
			for (j = 0; j < n; j++)
				z += c->jbuf[i * n + j] * v[j] / norm;
			w[i] = z;
			s += z * z;
		}
		norm = sqrt(s);
		if (!(norm > 0) || !isfinite(norm))
			return 0;
		if (it >= 30)
			acc += log(norm);
		memcpy(v, w, (size_t)n * sizeof *v);
	}
	return exp(acc / 10);
}

/*
 * The first step of an adaptive method, from the scales of y and f (Hairer,
 * Norsett and Wanner's estimate): dt is XPPAUT's output step, and starting a
 * multistep method with it costs accuracy for the whole run.
 */
static double
first_step(struct rhs_ctx *c, const struct settings *s, double t, const double *y, double *f)
{
	int n = c->m->nvar, i;
	double d0 = 0, d1 = 0, h;

	if (eval_rhs(c, t, y, f) < 0)
		return 1e-6;
	for (i = 0; i < n; i++) {
		double sc = s->atol + s->rtol * fabs(y[i]);
		d0 += (y[i] / sc) * (y[i] / sc);
		d1 += (f[i] / sc) * (f[i] / sc);
	}
	d0 = sqrt(d0 / n);
	d1 = sqrt(d1 / n);
	h = (d0 < 1e-5 || d1 < 1e-5 || !isfinite(d1)) ? 1e-6 : 0.01 * d0 / d1;
	if (s->dt > 0 && h > s->dt)
		h = s->dt;
	if (s->dtmax > 0 && h > s->dtmax)
		h = s->dtmax;
	return fmax(h, 1e-12);
}

/* Escape or NaN after a step: fills tr->stop and the variable; 0 if neither. */
static int
check_state(const struct settings *s, const double *y, int n, struct traj *tr)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!isfinite(y[i]) || fabs(y[i]) > s->bound) {
			tr->stop = isfinite(y[i]) ? SOLVE_ESCAPE : SOLVE_NAN;
			tr->stop_var = i;
			return -1;
		}
	}
	return 0;
}

/*
 * XPPAUT's number of steps for a run of length tmax, measured on 6.11:
 * floor(total/dt + 0.1) (total=0.391, dt=0.1 runs 4 steps; 0.389 runs 3).
 */
static long
fixed_steps(const struct settings *s)
{
	return (long)floor(s->tmax / s->dt + 0.1);
}

/* One step of a fixed-step method, in place; w holds 4*n doubles. */
static int
fixed_step(struct rhs_ctx *c, enum solve_method meth, double t, double h, double *y, double *w)
{
	int n = c->m->nvar, i;
	double *k1 = w, *k2 = w + n, *k3 = w + 2 * n, *yt = w + 3 * n;

	if (rhs_fn(t, y, k1, c) != GSL_SUCCESS)
		return -1;
	if (meth == METHOD_EULER) {
		for (i = 0; i < n; i++)
			y[i] += h * k1[i];
		return 0;
	}
	if (meth == METHOD_MODEULER) {	/* Heun: Euler predictor, trapezoidal corrector */
		for (i = 0; i < n; i++)
			yt[i] = y[i] + h * k1[i];
		if (rhs_fn(t + h, yt, k2, c) != GSL_SUCCESS)
			return -1;
		for (i = 0; i < n; i++)
			y[i] += 0.5 * h * (k1[i] + k2[i]);
		return 0;
	}
	/* classical RK4, accumulating k1 + 2 k2 + 2 k3 + k4 in k1 */
	for (i = 0; i < n; i++)
		yt[i] = y[i] + 0.5 * h * k1[i];
	if (rhs_fn(t + 0.5 * h, yt, k2, c) != GSL_SUCCESS)
		return -1;
	for (i = 0; i < n; i++)
		yt[i] = y[i] + 0.5 * h * k2[i];
	if (rhs_fn(t + 0.5 * h, yt, k3, c) != GSL_SUCCESS)
		return -1;
	for (i = 0; i < n; i++) {
		yt[i] = y[i] + h * k3[i];
		k2[i] = k1[i] + 2 * k2[i] + 2 * k3[i];
	}
	if (rhs_fn(t + h, yt, k3, c) != GSL_SUCCESS)
		return -1;
	for (i = 0; i < n; i++)
		y[i] += h / 6 * (k2[i] + k3[i]);
	return 0;
}

/*
 * A fixed-step run as XPPAUT makes it: fixed_steps() steps of dt, the last
 * block of nout steps completed (total=1, dt=0.1, nout=3 ends at t=1.2), a
 * row every nout steps on the grid (every step otherwise), rows before
 * t0 + trans dropped.
 */
static void
solve_fixed(struct rhs_ctx *c, const struct settings *s, int dir, double *y, struct traj *tr,
    double *t_out)
{
	int n = c->m->nvar;
	long nit = fixed_steps(s), nout = s->nout > 1 ? s->nout : 1, k;
	double h = dir * s->dt, t = s->t0, *w = xmalloc((size_t)(4 * n) * sizeof *w);
	double keep_from = s->t0 + dir * s->trans;

	for (k = 0; k < nit || k % nout != 0; k++) {
		if (fixed_step(c, c->meth, t, h, y, w) < 0) {
			tr->stop = c->cancelled ? SOLVE_CANCELLED : c->alg_fail ? SOLVE_CONSTRAINT :
			    SOLVE_NAN;
			tr->stop_var = c->bad - 1;
			break;
		}
		t += h;
		tr->nsteps++;
		if (check_state(s, y, n, tr) < 0)
			break;
		if ((!s->grid || (k + 1) % nout == 0) && (dir < 0 ? t <= keep_from : t >= keep_from))
			traj_append(tr, t, y);
		if (tr->n >= solve_kept_max(s)) {
			tr->stop = SOLVE_STORAGE;
			break;
		}
		if (c->stop && (k & 255) == 0 && c->stop(c->arg)) {
			tr->stop = SOLVE_CANCELLED;
			break;
		}
	}
	free(w);
	*t_out = t;
}


int
solve_traj(const struct model *m, const double *par, const double *y0,
    const struct settings *s, int dir, struct traj *tr, solve_should_stop stop, void *arg)
{
	int n = m->nvar, i, status;
	double t = s->t0, t1 = s->t0 + (dir < 0 ? -s->tmax : s->tmax);
	double h = (dir < 0 ? -1 : 1) * (s->dt > 0 ? s->dt : 1e-3);
	long row = 1, nrows = 0;
	double target = t1;
	double keep_from = s->t0 + (dir < 0 ? -s->trans : s->trans);
	double *y = xmalloc((size_t)n * sizeof *y);
	struct rhs_ctx ctx;
	gsl_odeiv2_system sys;
	struct stepper st;
	enum solve_method meth = s->method == METHOD_AUTO ? METHOD_RK8PD : s->method;
	int autoswitch = s->method == METHOD_AUTO;
	gsl_eigen_nonsymm_workspace *ew = NULL;
	gsl_matrix *ea = NULL;
	gsl_vector_complex *evals = NULL;
	double *pv = NULL;	/* the power iteration's two vectors (n > STIFF_DENSE_MAX) */
	long next_check = STIFF_MIN_STEPS, check_every = STIFF_CHECK_EVERY;
	long max_steps = 50L * s->maxstor;
	int nan_retries = 0;

	/* noise and maps step on a fixed grid */
	if (m->nrandom > 0 || m->is_map) {
		free(y);
		return solve_fixed_traj(m, par, y0, s, dir, tr, stop, arg);
	}

	struct locate loc;
	struct history hist;
	double *g0 = NULL, *g1 = NULL, *ystart = NULL, *fbuf = NULL, taumin = INFINITY;

	memset(&ctx, 0, sizeof ctx);
	memset(&loc, 0, sizeof loc);
	ctx.m = m;
	ctx.par = par;
	ctx.stop = stop;
	ctx.arg = arg;
	ctx.meth = s->method;
	ctx.jbuf = xmalloc((size_t)(n * n + n) * sizeof *ctx.jbuf);
	if (m->nalg > 0) {
		/* the algebraic variables start from the file's guesses */
		ctx.dae = dae_new(m);
		ctx.apar = xmalloc((size_t)(m->npar + 1) * sizeof *ctx.apar);
		memcpy(ctx.apar, par, (size_t)m->npar * sizeof *par);
		/* the Jacobian is by differences: no stiffness estimate from it */
		autoswitch = 0;
	}
	sys.function = rhs_fn;
	sys.jacobian = jac_fn;
	sys.dimension = (size_t)n;
	sys.params = &ctx;

	tr->n = 0;
	tr->dim = n;
	tr->stop = SOLVE_DONE;
	tr->stop_var = -1;
	tr->kind = TRAJ_ODE;
	tr->t_switch = NAN;
	tr->nsteps = 0;
	memcpy(y, y0, (size_t)n * sizeof *y);
	for (i = 0; i < n; i++) {
		if (!isfinite(y[i])) {
			tr->stop = SOLVE_NAN;
			tr->stop_var = i;
			goto out;
		}
	}
	if (s->trans <= 0)
		traj_append(tr, t, y);
	if (method_is_fixed(s->method) && m->nevent == 0 && m->ndelay == 0) {
		solve_fixed(&ctx, s, dir < 0 ? -1 : 1, y, tr, &t);
		goto out;
	}
	if (m->ndelay == 0) {
		double *f0 = xmalloc((size_t)n * sizeof *f0);
		h = (dir < 0 ? -1 : 1) * first_step(&ctx, s, t, y, f0);
		free(f0);
	}
	if (s->grid) {
		/* XPPAUT's adaptive runs write a row every dt */
		nrows = fixed_steps(s);
		target = s->t0 + (dir < 0 ? -1 : 1) * s->dt;
		t1 = s->t0 + (dir < 0 ? -1 : 1) * (double)nrows * s->dt;
	}
	if (autoswitch && n <= STIFF_DENSE_MAX) {
		ew = gsl_eigen_nonsymm_alloc((size_t)n);
		ea = gsl_matrix_alloc((size_t)n, (size_t)n);
		evals = gsl_vector_complex_alloc((size_t)n);
	} else if (autoswitch) {
		pv = xmalloc(2 * (size_t)n * sizeof *pv);
	}
	if (m->nevent > 0 || m->ndelay > 0) {
		g0 = xmalloc((size_t)(m->nevent + 1) * sizeof *g0);
		g1 = xmalloc((size_t)(m->nevent + 1) * sizeof *g1);
		ystart = xmalloc((size_t)n * sizeof *ystart);
		loc.y = xmalloc((size_t)n * sizeof *loc.y);
		loc.m = m;
		loc.sys = &sys;
		loc.par = par;
		loc.g = g1;
		loc.g0 = g0;
		loc.y0 = ystart;
		loc.dir = dir < 0 ? -1 : 1;
		loc.grid = s->grid;
		loc.sk = xcalloc((size_t)m->nevent + 1, sizeof *loc.sk);
		loc.fired = xcalloc((size_t)m->nevent + 1, sizeof *loc.fired);
		if (m->nevent > 0)
			expr_prog_eval(m->event_prog, t, y, par, g0);
	}
	if (m->ndelay > 0) {
		/* the past is the initial data (or the history formula) before t0 */
		history_init(&hist, m, s->t0, y0);
		ctx.hist = &hist;
		ctx.dpar = xmalloc((size_t)(m->npar + 1) * sizeof *ctx.dpar);
		memcpy(ctx.dpar, par, (size_t)m->npar * sizeof *par);
		fbuf = xmalloc((size_t)n * sizeof *fbuf);
		expr_prog_eval(m->delay_prog, t, y, par, hist.tau);
		for (i = 0; i < m->ndelay; i++)
			if (hist.tau[i] > 0)
				taumin = fmin(taumin, hist.tau[i]);
		rhs_fn(t, y, fbuf, &ctx);
		history_add(&hist, t, y, fbuf);
		/* delays are not stiff-switched: the Jacobian ignores them */
		autoswitch = 0;
	}
	stepper_open(&st, meth, s, h, &sys);
	if (m->nevent > 0) {
		loc.drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, h,
		    fmin(s->atol, 1e-12), fmin(s->rtol, 1e-12));
		if (loc.drv == NULL) {
			fprintf(stderr, "canard: out of memory in the integrator\n");
			exit(2);
		}
	}

	while (dir < 0 ? t > t1 : t < t1) {
		double tend = target;
		int fired;
		if (ystart) {
			loc.t0 = t;
			memcpy(ystart, y, (size_t)n * sizeof *y);
		}
		/* a step over a whole excursion (a ball's flight) would hide both of
		 * its crossings: with events, steps are at most 1/256 of the run */
		if (m->nevent > 0 && fabs(h) > s->tmax / 256)
			h = (h < 0 ? -1 : 1) * s->tmax / 256;
		if (m->ndelay > 0) {
			/* method of steps: never step over a break of the history, nor
			 * further than the shortest delay (no extrapolated past) */
			double b = next_break(m, hist.tau, s->t0, t, dir < 0 ? -1 : 1);
			if (dir < 0 ? b > tend : b < tend)
				tend = b;
			if (fabs(h) > taumin)
				h = (h < 0 ? -1 : 1) * taumin;
		}
		if (s->dtmax > 0 && fabs(h) > s->dtmax)
			h = (h < 0 ? -1 : 1) * s->dtmax;
		status = stepper_apply(&st, &sys, &t, tend, &h, y);
		/*
		 * A trial point outside the domain (sqrt of a negative, say) is not yet
		 * a NaN trajectory: GSL restored t and y, so retry with a smaller step.
		 */
		if (status == GSL_EBADFUNC && (ctx.bad || ctx.alg_fail) && !ctx.cancelled &&
		    nan_retries < 60 && fabs(h) > 1e-13 * fmax(1.0, fabs(t))) {
			nan_retries++;
			ctx.bad = 0;
			ctx.alg_fail = 0;
			h *= 0.25;
			gsl_odeiv2_driver_reset(st.drv);
			continue;
		}
		if (status != GSL_SUCCESS) {
			if (ctx.cancelled)
				tr->stop = SOLVE_CANCELLED;
			else if (ctx.alg_fail)
				tr->stop = SOLVE_CONSTRAINT;
			else if (ctx.bad) {
				tr->stop = SOLVE_NAN;
				tr->stop_var = ctx.bad - 1;
			} else
				tr->stop = SOLVE_COLLAPSE;
			break;
		}
		tr->nsteps++;
		nan_retries = 0;
		fired = m->nevent > 0 ? step_events(&loc, &t, y, g1, tr, keep_from, dir) : 0;
		if (fired) {
			/* a new start: the multistep history and the step size begin again */
			gsl_odeiv2_driver_reset(st.drv);
			tr->nevents += fired;
		}
		if (m->nevent > 0)
			event_start(m, t, y, par, g0, g1, fired ? loc.fired : NULL);
		if (m->ndelay > 0) {
			rhs_fn(t, y, fbuf, &ctx);
			history_add(&hist, t, y, fbuf);
		}
		for (i = 0; i < n; i++) {
			if (!isfinite(y[i])) {
				tr->stop = SOLVE_NAN;
				tr->stop_var = i;
				break;
			}
			if (fabs(y[i]) > s->bound) {
				tr->stop = SOLVE_ESCAPE;
				tr->stop_var = i;
				break;
			}
		}
		/* on the grid, rows at t0 + k*dt only, and none out of bounds (XPPAUT) */
		if ((!s->grid || (t == target && tr->stop == SOLVE_DONE)) &&
		    (dir < 0 ? t <= keep_from : t >= keep_from))
			traj_append(tr, t, y);
		if (s->grid && t == target) {
			row++;
			target = row >= nrows ? t1 : s->t0 + (dir < 0 ? -1 : 1) * (double)row * s->dt;
		}
		if (tr->stop != SOLVE_DONE)
			break;
		if (fabs(h) < 1e-14 * fmax(1.0, fabs(t))) {
			tr->stop = SOLVE_COLLAPSE;
			break;
		}
		if (tr->n >= solve_kept_max(s)) {
			tr->stop = SOLVE_STORAGE;
			break;
		}
		if (tr->nsteps >= max_steps) {
			tr->stop = SOLVE_STORAGE;
			break;
		}
		if (stop && (tr->nsteps & 15) == 0 && stop(arg)) {
			tr->stop = SOLVE_CANCELLED;
			break;
		}
		/* auto: an explicit step held down by a fast decaying mode means stiffness */
		if (autoswitch && n > STIFF_DENSE_MAX && tr->nsteps >= next_check) {
			if (fabs(t1 - t) / fabs(h) * n > 2.0 * STIFF_PROJECTED &&
			    fabs(h) * stiff_radius(&ctx, t, y, pv, pv + n) > 2.0) {
				next_check = 0;	/* switch now */
			} else {
				next_check = tr->nsteps + check_every;
				if (check_every < STIFF_CHECK_MAX)
					check_every *= 2;
			}
		}
		if (autoswitch && (n > STIFF_DENSE_MAX ? next_check == 0 :
		    tr->nsteps >= STIFF_MIN_STEPS && tr->nsteps % STIFF_CHECK_EVERY == 0 &&
		    fabs(t1 - t) / fabs(h) > STIFF_PROJECTED &&
		    fabs(h) * stiff_rate(&ctx, t, y, ew, ea, evals) > 2.0)) {
			stepper_close(&st);
			meth = METHOD_MSBDF;
			stepper_open(&st, meth, s, h, &sys);
			tr->t_switch = t;
			autoswitch = 0;
		}
	}
	stepper_close(&st);
out:
	tr->method = method_is_fixed(s->method) && m->nevent == 0 && m->ndelay == 0 ?
	    s->method : meth;
	tr->nfev = ctx.nfev;
	tr->njev = ctx.njev;
	if (tr->n == 0)
		traj_append(tr, t, y);
	tr->t_stop = t;
	if (loc.drv)
		gsl_odeiv2_driver_free(loc.drv);
	if (m->ndelay > 0)
		history_fini(&hist);
	free(ctx.dpar);
	dae_free(ctx.dae);
	free(ctx.apar);
	free(fbuf);
	free(g0);
	free(g1);
	free(ystart);
	free(loc.y);
	free(loc.sk);
	free(loc.fired);
	gsl_eigen_nonsymm_free(ew);
	gsl_matrix_free(ea);
	gsl_vector_complex_free(evals);
	free(pv);
	free(ctx.jbuf);
	free(y);
	return 0;
}
