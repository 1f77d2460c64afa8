/*
 * solve: GSL odeiv2 driven step by step (never on a fixed output grid,
 * which costs evaluations), with the compiled right-hand side and its exact
 * Jacobian.
 */
#include "solve.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_odeiv2.h>
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

void
traj_fini(struct traj *tr)
{
	free(tr->t);
	free(tr->y);
	tr->t = tr->y = NULL;
	tr->n = tr->cap = 0;
}

void
traj_append(struct traj *tr, double t, const double *y)
{
	if (tr->n == tr->cap) {
		size_t c = tr->cap ? tr->cap * 2 : 256;
		tr->t = xrealloc(tr->t, c * sizeof *tr->t);
		tr->y = xrealloc(tr->y, c * (size_t)tr->dim * sizeof *tr->y);
		tr->cap = c;
	}
	tr->t[tr->n] = t;
	memcpy(tr->y + tr->n * (size_t)tr->dim, y, (size_t)tr->dim * sizeof *y);
	tr->n++;
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
	double *jbuf;		/* n*n + n: Jacobian then d/dt */
	solve_should_stop stop;
	void *arg;
	long nfev, njev;
	int bad;		/* index+1 of a non-finite component */
	int cancelled;
};

static int
rhs_fn(double t, const double y[], double f[], void *params)
{
	struct rhs_ctx *c = params;
	int i, n = c->m->nvar;

	c->nfev++;
	expr_prog_eval(c->m->rhs_prog, t, y, c->par, f);
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

static int
jac_fn(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
	struct rhs_ctx *c = params;
	int n = c->m->nvar;

	c->njev++;
	expr_prog_eval(c->m->jac_prog, t, y, c->par, c->jbuf);
	memcpy(dfdy, c->jbuf, (size_t)(n * n) * sizeof *dfdy);
	memcpy(dfdt, c->jbuf + n * n, (size_t)n * sizeof *dfdt);
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

#define STIFF_CHECK_EVERY 50
#define STIFF_MIN_STEPS 2000
#define STIFF_PROJECTED 20000

int
solve_traj(const struct model *m, const double *par, const double *y0,
    const struct settings *s, int dir, struct traj *tr, solve_should_stop stop, void *arg)
{
	int n = m->nvar, i, status;
	double t = s->t0, t1 = s->t0 + (dir < 0 ? -s->tmax : s->tmax);
	double h = (dir < 0 ? -1 : 1) * (s->dt > 0 ? s->dt : 1e-3);
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
	long max_steps = 50L * s->maxstor;
	int nan_retries = 0;

	memset(&ctx, 0, sizeof ctx);
	ctx.m = m;
	ctx.par = par;
	ctx.stop = stop;
	ctx.arg = arg;
	ctx.jbuf = xmalloc((size_t)(n * n + n) * sizeof *ctx.jbuf);
	sys.function = rhs_fn;
	sys.jacobian = jac_fn;
	sys.dimension = (size_t)n;
	sys.params = &ctx;

	tr->n = 0;
	tr->dim = n;
	tr->stop = SOLVE_DONE;
	tr->stop_var = -1;
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
	if (autoswitch) {
		ew = gsl_eigen_nonsymm_alloc((size_t)n);
		ea = gsl_matrix_alloc((size_t)n, (size_t)n);
		evals = gsl_vector_complex_alloc((size_t)n);
	}
	stepper_open(&st, meth, s, h, &sys);

	while (dir < 0 ? t > t1 : t < t1) {
		status = stepper_apply(&st, &sys, &t, t1, &h, y);
		/*
		 * A trial point outside the domain (sqrt of a negative, say) is not yet
		 * a NaN trajectory: GSL restored t and y, so retry with a smaller step.
		 */
		if (status == GSL_EBADFUNC && ctx.bad && !ctx.cancelled && nan_retries < 60 &&
		    fabs(h) > 1e-13 * fmax(1.0, fabs(t))) {
			nan_retries++;
			ctx.bad = 0;
			h *= 0.25;
			gsl_odeiv2_driver_reset(st.drv);
			continue;
		}
		if (status != GSL_SUCCESS) {
			if (ctx.cancelled)
				tr->stop = SOLVE_CANCELLED;
			else if (ctx.bad) {
				tr->stop = SOLVE_NAN;
				tr->stop_var = ctx.bad - 1;
			} else
				tr->stop = SOLVE_COLLAPSE;
			break;
		}
		tr->nsteps++;
		nan_retries = 0;
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
		if (dir < 0 ? t <= keep_from : t >= keep_from)
			traj_append(tr, t, y);
		if (tr->stop != SOLVE_DONE)
			break;
		if (fabs(h) < 1e-14 * fmax(1.0, fabs(t))) {
			tr->stop = SOLVE_COLLAPSE;
			break;
		}
		if (tr->n >= (size_t)s->maxstor) {
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
		if (autoswitch && tr->nsteps >= STIFF_MIN_STEPS &&
		    tr->nsteps % STIFF_CHECK_EVERY == 0 &&
		    fabs(t1 - t) / fabs(h) > STIFF_PROJECTED &&
		    fabs(h) * stiff_rate(&ctx, t, y, ew, ea, evals) > 2.0) {
			stepper_close(&st);
			meth = METHOD_MSBDF;
			stepper_open(&st, meth, s, h, &sys);
			tr->t_switch = t;
			autoswitch = 0;
		}
	}
	stepper_close(&st);
out:
	tr->method = meth;
	tr->nfev = ctx.nfev;
	tr->njev = ctx.njev;
	if (tr->n == 0)
		traj_append(tr, t, y);
	tr->t_stop = t;
	gsl_eigen_nonsymm_free(ew);
	gsl_matrix_free(ea);
	gsl_vector_complex_free(evals);
	free(ctx.jbuf);
	free(y);
	return 0;
}
