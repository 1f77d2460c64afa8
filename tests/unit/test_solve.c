/*
 * Integration against closed-form solutions, every method on every problem
 * (as GSL's own tests do), the van der Pol relaxation period against its
 * asymptotic formula and an independent reference, and the stop reasons.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "model.h"
#include "solve.h"

struct problem {
	const char *name;
	const char *ode;
	double tmax;
	void (*exact)(double t, double *y);
};

static void
exact_decay(double t, double *y)
{
	y[0] = 2 * exp(-0.5 * t);
}

static void
exact_harmonic(double t, double *y)
{
	y[0] = cos(t);
	y[1] = -sin(t);
}

static void
exact_logistic(double t, double *y)
{
	/* r = 1, K = 10, y0 = 0.5 */
	y[0] = 10 / (1 + 19 * exp(-t));
}

static void
exact_spiral(double t, double *y)
{
	/* x' = -0.1x - y, y' = x - 0.1y from (1, 0) */
	y[0] = exp(-0.1 * t) * cos(t);
	y[1] = exp(-0.1 * t) * sin(t);
}

static void
exact_forced(double t, double *y)
{
	/* x' = cos(t), non-autonomous: x = sin(t) */
	y[0] = sin(t);
}

static const struct problem problems[] = {
	{"decay", "x' = -k*x\npar k=0.5\ninit x=2\n", 10, exact_decay},
	{"harmonic", "x' = v\nv' = -x\ninit x=1, v=0\n", 20, exact_harmonic},
	{"logistic", "n' = r*n*(1 - n/K)\npar r=1, K=10\ninit n=0.5\n", 10, exact_logistic},
	{"spiral", "x' = -0.1*x - y\ny' = x - 0.1*y\ninit x=1\n", 15, exact_spiral},
	{"forced", "x' = cos(t)\n", 12, exact_forced},
};

static void
test_closed_forms(void **state)
{
	static const enum solve_method methods[] = {
		METHOD_AUTO, METHOD_RKF45, METHOD_RKCK, METHOD_RK8PD, METHOD_RK4IMP,
		METHOD_BSIMP, METHOD_MSADAMS, METHOD_MSBDF
	};
	size_t p, k;
	int i;
	(void)state;

	for (p = 0; p < sizeof problems / sizeof problems[0]; p++) {
		struct model *m = load(problems[p].ode);
		for (k = 0; k < sizeof methods / sizeof methods[0]; k++) {
			struct settings s;
			struct traj tr;
			double want[4], err = 0, scale = 0;
			char what[128];

			settings_default(&s);
			s.tmax = problems[p].tmax;
			/* GSL's multistep methods control the local error only: at tol 1e-10
			 * their global error on the oscillator is ~3e-8 (GSL's own driver gives
			 * the same), so they are held to 1e-8 at tol 1e-12 */
			s.rtol = methods[k] == METHOD_MSADAMS || methods[k] == METHOD_MSBDF ? 1e-12 : 1e-10;
			s.atol = s.rtol * 1e-2;
			s.method = methods[k];
			traj_init(&tr, m->nvar);
			solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
			snprintf(what, sizeof what, "%s with %s: stop", problems[p].name,
			    method_name(methods[k]));
			if (tr.stop != SOLVE_DONE)
				fail_msg("%s = %s", what, solve_stop_name(tr.stop));
			assert_close(tr.t[tr.n - 1], problems[p].tmax, 1e-12, what);
			/* the error at every kept step, relative to the solution's size */
			for (size_t j = 0; j < tr.n; j++) {
				problems[p].exact(tr.t[j], want);
				for (i = 0; i < m->nvar; i++) {
					err = fmax(err, fabs(tr.y[j * (size_t)m->nvar + (size_t)i] - want[i]));
					scale = fmax(scale, fabs(want[i]));
				}
			}
			if (err > 1e-8 * fmax(scale, 1e-3))
				fail_msg("%s with %s: error %.3g at t=%g (relative %.3g > 1e-8)",
				    problems[p].name, method_name(methods[k]), err, tr.t[tr.n - 1],
				    err / scale);
			traj_fini(&tr);
		}
		model_free(m);
	}
}

static void
test_backward(void **state)
{
	struct model *m = load("x' = -x\ninit x=1\n");
	struct settings s;
	struct traj tr;
	(void)state;

	settings_default(&s);
	s.tmax = 3;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, -1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_close(tr.t[tr.n - 1], -3, 1e-12, "end time");
	assert_close(tr.y[tr.n - 1], exp(3), 1e-8, "x(-3) = e^3");
	traj_fini(&tr);
	model_free(m);
}

/* Upward crossings of x = 0 after a transient give the period. */
static double
period_of(const struct traj *tr, double after)
{
	double first = NAN, last = NAN;
	int count = 0;
	size_t k;

	for (k = 1; k < tr->n; k++) {
		double x0 = tr->y[(k - 1) * 2], x1 = tr->y[k * 2];
		if (tr->t[k] > after && x0 < 0 && x1 >= 0) {
			double tc = tr->t[k - 1] + (tr->t[k] - tr->t[k - 1]) * (-x0) / (x1 - x0);
			if (count == 0)
				first = tc;
			last = tc;
			count++;
		}
	}
	return count >= 2 ? (last - first) / (count - 1) : NAN;
}

/* The same system written by hand for GSL: an independent reference. */
static int
vdp_rhs(double t, const double y[], double f[], void *p)
{
	double eps = *(double *)p;
	(void)t;
	f[0] = y[1] - (y[0] * y[0] * y[0] / 3 - y[0]);
	f[1] = -eps * y[0];
	return GSL_SUCCESS;
}

static double
reference_period(double eps, double tmax, double after)
{
	gsl_odeiv2_system sys = {vdp_rhs, NULL, 2, &eps};
	gsl_odeiv2_step *st = gsl_odeiv2_step_alloc(gsl_odeiv2_step_rk8pd, 2);
	gsl_odeiv2_control *c = gsl_odeiv2_control_y_new(1e-13, 1e-13);
	gsl_odeiv2_evolve *ev = gsl_odeiv2_evolve_alloc(2);
	struct traj tr;
	double t = 0, h = 1e-3, y[2] = {2, 0}, p;

	traj_init(&tr, 2);
	traj_append(&tr, t, y);
	while (t < tmax) {
		if (gsl_odeiv2_evolve_apply(ev, c, st, &sys, &t, tmax, &h, y) != GSL_SUCCESS)
			fail_msg("reference integration failed");
		traj_append(&tr, t, y);
	}
	p = period_of(&tr, after);
	traj_fini(&tr);
	gsl_odeiv2_evolve_free(ev);
	gsl_odeiv2_control_free(c);
	gsl_odeiv2_step_free(st);
	return p;
}

static double
canard_period(struct model *m, double eps, double tol, enum solve_method meth, double tmax,
    double after)
{
	struct settings s;
	struct traj tr;
	double par[1] = {eps}, y0[2] = {2, 0}, p;

	settings_default(&s);
	s.tmax = tmax;
	s.rtol = tol;
	s.atol = tol * 1e-2;
	s.method = meth;
	traj_init(&tr, 2);
	solve_traj(m, par, y0, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	p = period_of(&tr, after);
	traj_fini(&tr);
	return p;
}

static void
test_vanderpol_period(void **state)
{
	struct model *m = load("x' = y - (x^3/3 - x)\ny' = -eps*x\npar eps=0.1\ninit x=2\n");
	/* the first zero of Ai(-z), for the O(eps^(-1/3)) correction */
	const double alpha = 2.338107410459767;
	double ref, got;
	(void)state;

	/* canard's model against a hand-written right-hand side at tol 1e-13 */
	ref = reference_period(0.1, 200, 40);
	got = canard_period(m, 0.1, 1e-10, METHOD_RK8PD, 200, 40);
	assert_close(got, ref, 1e-7, "vdp period at eps=0.1 vs reference");
	got = canard_period(m, 0.1, 1e-10, METHOD_MSBDF, 200, 40);
	assert_close(got, ref, 1e-6, "vdp period at eps=0.1 with msbdf vs reference");

	/* small eps: (3 - 2 ln 2)/eps + 3 alpha eps^(-1/3), good to O(ln(1/eps)) */
	got = canard_period(m, 1e-3, 1e-8, METHOD_AUTO, 6000, 1700);
	assert_close(got, (3 - 2 * log(2)) / 1e-3 + 3 * alpha / cbrt(1e-3), 5e-3,
	    "vdp period at eps=1e-3 vs asymptotics");
	/* and the leading term alone is off by the known correction, about 4% */
	assert_true(fabs(got - (3 - 2 * log(2)) / 1e-3) > 0.03 * got);
	model_free(m);
}

static void
test_stops(void **state)
{
	struct settings s;
	struct traj tr;
	struct model *m;
	(void)state;

	settings_default(&s);
	/* blow-up in finite time: x' = x^2 from 1 reaches infinity at t = 1 */
	m = load("x' = x^2\ninit x=1\n");
	s.tmax = 5;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_ESCAPE);
	assert_close(tr.t_stop, 1, 1e-3, "blow-up time");
	assert_int_equal(tr.stop_var, 0);
	traj_fini(&tr);
	model_free(m);

	/* NaN: sqrt of a negative number once x < 0 */
	m = load("x' = -1 - 0.1*sqrt(x)\ninit x=1\n");
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_NAN);
	if (!(tr.t_stop > 0.5 && tr.t_stop <= 1.01))
		fail_msg("NaN stop at t=%g", tr.t_stop);
	assert_int_equal(tr.stop_var, 0);
	traj_fini(&tr);
	model_free(m);

	/* a NaN initial value stops at once */
	m = load("x' = 1\ninit x=1\n");
	{
		double y0 = NAN;
		traj_init(&tr, 1);
		solve_traj(m, m->par_value, &y0, &s, 1, &tr, NULL, NULL);
		assert_int_equal(tr.stop, SOLVE_NAN);
		traj_fini(&tr);
	}
	model_free(m);
	/* the storage limit */
	m = load("x' = v\nv' = -x\ninit x=1\n");
	s.maxstor = 50;
	s.tmax = 1e6;
	s.method = METHOD_RK4;
	traj_init(&tr, 2);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_STORAGE);
	assert_int_equal(tr.n, 50);
	traj_fini(&tr);
	model_free(m);
}

static int
stop_now(void *arg)
{
	return ++*(int *)arg > 3;
}

static void
test_cancel(void **state)
{
	struct model *m = load("x' = y\ny' = -x\ninit x=1\n");
	struct settings s;
	struct traj tr;
	int calls = 0;
	(void)state;

	settings_default(&s);
	s.tmax = 1e5;
	traj_init(&tr, 2);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, stop_now, &calls);
	assert_int_equal(tr.stop, SOLVE_CANCELLED);
	assert_true(tr.t_stop < 1e4);
	traj_fini(&tr);
	model_free(m);
}

static void
test_auto_switches_when_stiff(void **state)
{
	/* eps = 1e-6: an explicit method would need ~10^6 steps a period */
	struct model *m = load("x' = y - (x^3/3 - x)\ny' = -eps*x\npar eps=1e-6\ninit x=2\n");
	struct settings s;
	struct traj tr;
	(void)state;

	settings_default(&s);
	s.tmax = 2e6;
	traj_init(&tr, 2);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_int_equal(tr.method, METHOD_MSBDF);
	assert_true(isfinite(tr.t_switch));
	assert_true(tr.nsteps < 100000);
	traj_fini(&tr);
	/* and it stays explicit on a harmless problem */
	model_free(m);
	m = load("x' = y\ny' = -x\ninit x=1\n");
	s.tmax = 100;
	traj_init(&tr, 2);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.method, METHOD_RK8PD);
	traj_fini(&tr);
	model_free(m);
}

/* A chain of k FitzHugh-Nagumo units coupled by diffusion D in v, no flux at the ends. */
static struct model *
chain(int k, double D)
{
	struct strbuf sb;
	struct model *m;
	int j;

	strbuf_init(&sb);
	strbuf_printf(&sb, "par I=0.5, a=0.7, b=0.8, eps=0.08, D=%g\n", D);
	for (j = 1; j <= k; j++) {
		strbuf_printf(&sb, "v%d' = v%d - v%d^3/3 - w%d%s + D*(v%d - 2*v%d + v%d)\n", j, j, j, j,
		    j == 1 ? " + I" : "", j > 1 ? j - 1 : j, j, j < k ? j + 1 : j);
		strbuf_printf(&sb, "w%d' = eps*(v%d + a - b*w%d)\n", j, j, j);
		strbuf_printf(&sb, "init v%d=%g, w%d=-0.6\n", j, j <= 3 ? 0.8 : -1.2, j);
	}
	m = load(sb.s);
	strbuf_fini(&sb);
	return m;
}

/* Integrate m to T with method; the end state into end (n values). */
static void
run_to(const struct model *m, enum solve_method method, double T, struct traj *tr, double *end)
{
	struct settings s;

	settings_default(&s);
	s.method = method;
	s.tmax = T;
	s.maxstor = 1000000;
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, &s, 1, tr, NULL, NULL);
	memcpy(end, tr->y + (tr->n - 1) * (size_t)m->nvar, (size_t)m->nvar * sizeof *end);
	traj_fini(tr);
}

static void
test_auto_on_a_stiff_chain(void **state)
{
	/* 20 units, D = 100: the diffusion modes decay at up to ~4D = 400 while the
	 * units move on times of 1 to 1/eps: rk8pd is held to h ~ 0.01 over T = 200
	 * (15,000 steps), too few for the planar rule to switch; weighed by n = 40 the
	 * explicit work ahead is large and auto must go to msbdf */
	struct model *m = chain(20, 100);
	double ea[40], eb[40], ec[40];
	struct traj tr;
	long fa, fb, fc;
	int i;
	(void)state;

	run_to(m, METHOD_AUTO, 200, &tr, ea);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_int_equal(tr.method, METHOD_MSBDF);
	assert_true(isfinite(tr.t_switch));
	fa = tr.nfev;
	run_to(m, METHOD_RK8PD, 200, &tr, eb);
	fb = tr.nfev;
	run_to(m, METHOD_MSBDF, 200, &tr, ec);
	fc = tr.nfev;
	/* the same end (the units settle on the same state) by all three */
	for (i = 0; i < 40; i++) {
		assert_close(ea[i], eb[i], 1e-3, "auto against rk8pd");
		assert_close(ec[i], eb[i], 1e-3, "msbdf against rk8pd");
	}
	/* auto costs a fraction of the explicit run's evaluations (the steps before the switch) */
	assert_true(3 * fa < fb);
	assert_true(fc < fa);
	model_free(m);
	/* weakly coupled (D = 1) the chain is not stiff: auto stays explicit */
	m = chain(20, 1);
	run_to(m, METHOD_AUTO, 200, &tr, ea);
	assert_int_equal(tr.method, METHOD_RK8PD);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closed_forms),
		cmocka_unit_test(test_backward),
		cmocka_unit_test(test_vanderpol_period),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_auto_switches_when_stiff),
		cmocka_unit_test(test_auto_on_a_stiff_chain),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
