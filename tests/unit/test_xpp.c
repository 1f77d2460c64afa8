/*
 * XPPAUT's files as they are written: arrays against a closed form, the
 * fixed-step methods against rows XPPAUT 6.11 printed, XPPAUT's output grid.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "model.h"
#include "solve.h"

static struct model *
load(const char *text)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	if (m == NULL)
		fail_msg("model did not load: %d:%d: %s", d.line, d.col, d.msg);
	return m;
}

static void
load_fails(const char *text, int line, const char *want)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	if (m != NULL)
		fail_msg("loaded, but should fail with '%s'", want);
	if (d.line != line || strstr(d.msg, want) == NULL)
		fail_msg("got %d: %s\nwant %d: ...%s...", d.line, d.msg, line, want);
}

static void
run(const struct model *m, struct settings *s, struct traj *tr)
{
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, s, 1, tr, NULL, NULL);
}

/*
 * x[1..4]' = -[j]*x[j] from 1: x_j = exp(-j t). A block gives y_j' = x_j - y_j
 * interlaced with z_j' = 0 (declaration order y1 z1 y2 z2 ...), and an aux sums
 * the x_j with sum()of(shift()).
 */
static void
test_array_closed_form(void **state)
{
	struct model *m = load(
	    "x[1..4]' = -[j]*x[j]\n"
	    "init x[1..4]=1\n"
	    "%[1..2]\n"
	    "y[j]' = x[j] - y[j]\n"
	    "z[j]' = 0\n"
	    "%\n"
	    "aux s = sum(1,4)of(shift(x1,i'-1))\n"
	    "aux w[1..2] = [j]*10 + x[j+1]\n"
	    "@ total=1\n");
	struct traj tr;
	struct settings s;
	double t = 1, *y, aux[3];
	int j;

	(void)state;
	assert_int_equal(m->nvar, 8);
	assert_string_equal(m->var[4], "y1");
	assert_string_equal(m->var[5], "z1");
	assert_string_equal(m->var[6], "y2");
	assert_int_equal(m->naux, 3);
	assert_string_equal(m->aux[2], "w2");
	s = m->set;
	s.rtol = 1e-12;
	s.atol = 1e-14;
	run(m, &s, &tr);
	assert_true(fabs(tr.t[tr.n - 1] - t) < 1e-12);
	y = tr.y + (tr.n - 1) * 8;
	for (j = 1; j <= 4; j++)
		assert_true(fabs(y[j - 1] - exp(-j * t)) < 1e-10);
	/* y1' = e^-t - y1, y1(0) = 0: y1 = t e^-t; y2' = e^-2t - y2: y2 = e^-t - e^-2t */
	assert_true(fabs(y[4] - t * exp(-t)) < 1e-10);
	assert_true(fabs(y[6] - (exp(-t) - exp(-2 * t))) < 1e-10);
	expr_prog_eval(m->aux_prog, t, y, m->par_value, aux);
	assert_true(fabs(aux[0] - (exp(-1.0) + exp(-2.0) + exp(-3.0) + exp(-4.0))) < 1e-10);
	assert_true(fabs(aux[1] - (10 + exp(-2.0))) < 1e-10);
	traj_fini(&tr);
	model_free(m);
}

static void
test_array_errors(void **state)
{
	(void)state;
	load_fails("x[0..3]'=-x[j]+[j\n", 1, "'[' without ']'");
	load_fails("x'=-x\n%[1..3]\ny[j]'=1\n", 2, "without its closing '%'");
	load_fails("x[1..3]'=-x[k]\n", 1, "whole-number arithmetic of j");
	load_fails("x[3..1]'=1\n", 1, "empty");
}

/*
 * meth=rk4 (XPPAUT's classical Runge-Kutta) at dt=0.1, nout=2, total=1.05:
 * the rows XPPAUT 6.11 wrote for this file, as single-precision %.8g.
 */
static void
test_rk4_rows_match_xppaut(void **state)
{
	static const char *const want[] = {
		"0 1 0.5", "0.2 0.85112929 0.57526779", "0.40000001 0.77886915 0.61757672",
		"0.60000002 0.75760901 0.64419651", "0.80000001 0.77020252 0.66553193",
		"1 0.80318832 0.68737757",
	};
	struct model *m = load("x'=-x*x+sin(t)\ny'=x-y\ninit x=1,y=0.5\n"
	    "@ total=1.05, dt=0.1, nout=2, meth=rk4\n");
	struct traj tr;
	struct settings s = m->set;
	size_t i;
	char buf[128];

	(void)state;
	assert_int_equal(s.method, METHOD_RUNGEKUTTA);
	s.grid = 1;
	run(m, &s, &tr);
	assert_int_equal(tr.n, 6);
	for (i = 0; i < tr.n; i++) {
		snprintf(buf, sizeof buf, "%.8g %.8g %.8g", (double)(float)tr.t[i],
		    (double)(float)tr.y[2 * i], (double)(float)tr.y[2 * i + 1]);
		assert_string_equal(buf, want[i]);
	}
	traj_fini(&tr);
	model_free(m);
}

/* XPPAUT's step count, measured: floor(total/dt + 0.1), the last nout block completed. */
static void
test_grid_rows(void **state)
{
	static const struct {
		double total;
		int nout;
		size_t rows;
		double tend;
	} cases[] = {
		{0.391, 1, 5, 0.4}, {0.389, 1, 4, 0.3}, {1, 3, 5, 1.2}, {1.2, 5, 4, 1.5},
		{0.45, 2, 3, 0.4},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof cases / sizeof *cases; k++) {
		char text[128];
		struct model *m;
		struct traj tr;
		struct settings s;
		snprintf(text, sizeof text, "x'=1\n@ total=%g, dt=0.1, nout=%d, meth=euler\n",
		    cases[k].total, cases[k].nout);
		m = load(text);
		s = m->set;
		s.grid = 1;
		run(m, &s, &tr);
		assert_int_equal(tr.n, cases[k].rows);
		assert_true(fabs(tr.t[tr.n - 1] - cases[k].tend) < 1e-12);
		assert_true(fabs(tr.y[tr.n - 1] - cases[k].tend) < 1e-12);
		traj_fini(&tr);
		model_free(m);
	}
}

/* Euler and Heun on x' = x, one step of h = 0.5: 1.5 and 1 + h + h^2/2. */
static void
test_euler_heun_steps(void **state)
{
	struct model *m = load("x'=x\ninit x=1\n@ total=0.5, dt=0.5, meth=euler\n");
	struct traj tr;
	struct settings s = m->set;

	(void)state;
	run(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 1.5) < 1e-15);
	traj_fini(&tr);
	s.method = METHOD_MODEULER;
	run(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 1.625) < 1e-15);
	traj_fini(&tr);
	model_free(m);
}

/*
 * d/dx sqrt(abs(x)) is infinite at x = 0 where the right-hand side is 0: the
 * Jacobian's column falls back to a difference and msbdf runs to the end
 * (y' = -y alongside has the closed form e^-t).
 */
static void
test_jacobian_never_poisons(void **state)
{
	struct model *m = load("x'=-sqrt(abs(x))\ny'=-y\ninit x=0,y=1\n@ total=5\n");
	struct traj tr;
	struct settings s = m->set;

	(void)state;
	s.method = METHOD_MSBDF;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	run(m, &s, &tr);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_true(fabs(tr.t[tr.n - 1] - 5) < 1e-12);
	assert_true(fabs(tr.y[2 * (tr.n - 1) + 1] - exp(-5.0)) < 1e-8);
	traj_fini(&tr);
	model_free(m);
}

/*
 * x' = h(t) with h the table of t^2 at 0..4: x(4) is the integral of the
 * piecewise-linear interpolant, (0+1)/2 + (1+4)/2 + (4+9)/2 + (9+16)/2 = 22
 * (not 64/3); outside the nodes the end pieces extend (XPPAUT 6.11).
 */
static void
test_table_integrated_exactly(void **state)
{
	struct model *m = load("table h % 5 0 4 t*t\nx' = h(t)\naux lo=h(-1)\naux hi=h(5)\n"
	    "@ total=4\n");
	struct traj tr;
	struct settings s = m->set;
	double aux[2];
	struct diag d;

	(void)state;
	s.rtol = 1e-12;
	s.atol = 1e-12;
	run(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 22) < 1e-9);
	expr_prog_eval(m->aux_prog, 0, tr.y, m->par_value, aux);
	assert_true(fabs(aux[0] - -1) < 1e-12);
	assert_true(fabs(aux[1] - 23) < 1e-12);
	traj_fini(&tr);
	model_free(m);
	/* a missing file is named with the path tried, next to the model */
	assert_null(model_from_ode("table h w.tab\nx'=h(x)\n", "some/dir/m.ode", &d));
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "table 'h': cannot read 'some/dir/w.tab'"));
}

/* axes=3d is drawn in two dimensions, and says so; xp and yp choose the axes. */
static void
test_axes_options(void **state)
{
	struct model *m = load("x'=y\ny'=-x\n@ xp=y, yp=x, axes=3d\n");

	(void)state;
	assert_int_equal(m->xp, 1);
	assert_int_equal(m->yp, 0);
	assert_non_null(strstr(m->warnings, ":3: axes=3d: canard draws in two dimensions"));
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_closed_form),
		cmocka_unit_test(test_array_errors),
		cmocka_unit_test(test_rk4_rows_match_xppaut),
		cmocka_unit_test(test_grid_rows),
		cmocka_unit_test(test_euler_heun_steps),
		cmocka_unit_test(test_jacobian_never_poisons),
		cmocka_unit_test(test_table_integrated_exactly),
		cmocka_unit_test(test_axes_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
