/*
 * Algebraic constraints ('0=' with 'solv'), against closed forms: the
 * algebraic variables at round-off, the states at the integrator's
 * tolerance, and a constraint that loses its root at a fold, where the
 * trajectory stops at the time the calculus gives.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "model.h"
#include "solve.h"

/*
 * x' = -z with 0 = z^3 + z - x^3 - x: z^3 + z is increasing, so z = x and
 * x = 2 e^-t. Newton needs several iterations from the guess z = 0.
 */
static void
test_nonlinear_constraint(void **state)
{
	struct model *m = load(
	    "x' = -z\n"
	    "0= z^3 + z - x^3 - x\n"
	    "solv z=0\n"
	    "x(0)=2\n"
	    "aux zz = z\n"
	    "@ total=3\n");
	struct settings s;
	struct traj tr;
	struct dae *a;
	double *par;
	size_t k;

	(void)state;
	assert_int_equal(m->nvar, 1);
	assert_int_equal(m->nalg, 1);
	/* the algebraic variable is not a parameter a user sets */
	assert_true(model_par_is_input(m, m->alg_par[0]));
	s = m->set;
	s.rtol = 1e-12;
	s.atol = 1e-14;
	run_settings(m, &s, &tr);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_true(fabs(tr.t[tr.n - 1] - 3) < 1e-12);
	a = dae_new(m);
	par = malloc((size_t)(m->npar + 1) * sizeof *par);
	memcpy(par, m->par_value, (size_t)m->npar * sizeof *par);
	for (k = 0; k < tr.n; k++) {
		double want = 2 * exp(-tr.t[k]);
		assert_true(fabs(tr.y[k] - want) < 1e-10);
		/* the root at the row's state, to round-off */
		assert_int_equal(dae_solve(a, tr.t[k], &tr.y[k], par), 0);
		assert_true(fabs(par[m->alg_par[0]] - tr.y[k]) < 1e-14 * (1 + fabs(tr.y[k])));
	}
	dae_free(a);
	free(par);
	traj_fini(&tr);
	model_free(m);
}

/*
 * Two algebraic variables: u + v = 2x and u - v = 2 sin t, so u = x + sin t,
 * v = x - sin t; x' = (u + v)/2 - 2x = -x, x = e^-t.
 */
static void
test_two_constraints(void **state)
{
	struct model *m = load(
	    "x' = (u + v)/2 - 2*x\n"
	    "0= u + v - 2*x\n"
	    "0= u - v - 2*sin(t)\n"
	    "solve u=1, v\n"
	    "init x=1\n"
	    "@ total=2\n");
	struct settings s;
	struct traj tr;
	struct dae *a;
	double par[8], x, t;

	(void)state;
	assert_int_equal(m->nalg, 2);
	assert_true(m->npar <= 8);
	s = m->set;
	s.rtol = 1e-12;
	s.atol = 1e-14;
	run_settings(m, &s, &tr);
	t = tr.t[tr.n - 1];
	x = tr.y[tr.n - 1];
	assert_true(fabs(t - 2) < 1e-12);
	assert_true(fabs(x - exp(-t)) < 1e-11);
	a = dae_new(m);
	memcpy(par, m->par_value, (size_t)m->npar * sizeof *par);
	assert_int_equal(dae_solve(a, t, &x, par), 0);
	assert_true(fabs(par[m->alg_par[0]] - (x + sin(t))) < 1e-14);
	assert_true(fabs(par[m->alg_par[1]] - (x - sin(t))) < 1e-14);
	dae_free(a);
	traj_fini(&tr);
	model_free(m);
}

/*
 * XPPAUT's dae_ex3: w' = v, 0 = v (1 - v^2) - w from v = 1. Along the branch
 * dt = dw / v = (1 - 3 v^2) dv / v, so t = ln v - 3/2 (v^2 - 1), and the
 * branch ends at the fold v = 1/sqrt 3, at t = 1 - ln(3)/2 = 0.450694. The
 * trajectory must stop there (no root nearby), not jump to the far branch.
 */
static void
test_fold_stops(void **state)
{
	struct model *m = load(
	    "w'=v_\n"
	    "0= v_*(1-v_*v_)-w\n"
	    "solv v_=1\n"
	    "aux v=v_\n");
	struct settings s;
	struct traj tr;
	struct dae *a;
	double par[4];
	double t_fold = 1 - log(3) / 2;
	size_t k;

	(void)state;
	s = m->set;
	s.rtol = 1e-12;
	s.atol = 1e-14;
	run_settings(m, &s, &tr);
	assert_int_equal(tr.stop, SOLVE_CONSTRAINT);
	assert_string_equal(solve_stop_name(tr.stop), "constraint");
	assert_true(tr.t_stop < t_fold && tr.t_stop > t_fold - 1e-4);
	/* every kept point lies on the branch: w = v - v^3, t = ln v - 3/2 (v^2 - 1) */
	a = dae_new(m);
	memcpy(par, m->par_value, (size_t)m->npar * sizeof *par);
	for (k = 0; k < tr.n; k++) {
		double v;
		assert_int_equal(dae_solve(a, tr.t[k], &tr.y[k], par), 0);
		v = par[m->alg_par[0]];
		assert_true(v > 1 / sqrt(3) - 1e-3 && v <= 1);
		assert_true(fabs(v - v * v * v - tr.y[k]) < 1e-14);
		assert_true(fabs(log(v) - 1.5 * (v * v - 1) - tr.t[k]) < 1e-8);
	}
	dae_free(a);
	traj_fini(&tr);
	model_free(m);
}

static void
test_constraint_errors(void **state)
{
	(void)state;
	load_fails_line("x'=-x\n0= x + y\n", 2, "1 algebraic constraint ('0=') but 0 algebraic");
	load_fails_line("x'=-x\nsolv y\nsolv z\n0= y - x\n", 4, "1 algebraic constraint");
	load_fails_line("x'=-x\nsolv x\n0= x\n", 2, "'x' is declared twice");
	load_fails_line("x'=-x\nsolv y\n", 2, "0 algebraic constraints ('0=') but 1 algebraic variable");
	load_fails_line("x'=-x+w\nwiener w\n0= y - x\nsolv y\n", 3, "together with noise");
	load_fails_line("x'=-x\n0= \nsolv y\n", 2, "expected an expression");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonlinear_constraint),
		cmocka_unit_test(test_two_constraints),
		cmocka_unit_test(test_fold_stops),
		cmocka_unit_test(test_constraint_errors),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
