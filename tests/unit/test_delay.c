/*
 * Delay equations: x'(t) = -x(t - 1) with x = 1 before t = 0 (XPPAUT's
 * 'x(0)=1', which gives the value and the past), whose
 * method-of-steps solution is a polynomial on each delay interval:
 *   [0,1] 1 - t,  [1,2] 1 - t + (t-1)^2/2,  [2,3] ... - (t-2)^3/6.
 * The integrator must land on the breaks t = 1, 2 and read the past by
 * interpolation of accepted steps.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "model.h"
#include "solve.h"

static double
exact(double t)
{
	double x = 1 - t;

	if (t > 1)
		x += (t - 1) * (t - 1) / 2;
	if (t > 2)
		x -= (t - 2) * (t - 2) * (t - 2) / 6;
	return x;
}

static void
test_three_intervals(void **state)
{
	struct diag d;
	struct model *m = model_from_ode("x' = -delay(x, tau)\npar tau=1\nx(0)=1\n"
	    "@ delay=2, total=3\ndone\n", "test", &d);
	struct settings s;
	struct traj tr;
	size_t i;
	int breaks = 0;
	double worst = 0;
	(void)state;

	if (m == NULL)
		fail_msg("%d:%d: %s", d.line, d.col, d.msg);
	assert_int_equal(m->ndelay, 1);
	s = m->set;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	for (i = 0; i < tr.n; i++) {
		worst = fmax(worst, fabs(tr.y[i] - exact(tr.t[i])));
		if (fabs(tr.t[i] - 1) < 1e-14 || fabs(tr.t[i] - 2) < 1e-14)
			breaks++;
	}
	if (worst > 1e-9)
		fail_msg("largest error %g against the method-of-steps solution", worst);
	assert_int_equal(breaks, 2);
	assert_close(tr.t[tr.n - 1], 3, 1e-15, "end time");
	assert_close(tr.y[tr.n - 1], exact(3), 1e-9, "x(3)");
	/* the analysis sees the skeleton x' = -x: its equilibrium is 0, decaying */
	assert_int_equal(m->rhs[0]->kind == EXPR_NEG, 1);
	traj_fini(&tr);
	model_free(m);
}

/* Integrate a delay model from its file at tol 1e-10; the largest error against want(t). */
static double
worst_error(const char *text, double (*want)(double))
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	struct settings s;
	struct traj tr;
	size_t i;
	double worst = 0;

	if (m == NULL)
		fail_msg("%d:%d: %s", d.line, d.col, d.msg);
	s = m->set;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	for (i = 0; i < tr.n; i++)
		worst = fmax(worst, fabs(tr.y[i] - want(tr.t[i])));
	traj_fini(&tr);
	model_free(m);
	return worst;
}

/* x(t) = 1 + t before 0: 1 - t^2/2 on [0,1], then 1/2 - (t-1) + (t-1)^3/6 on [1,2] */
static double
formula_exact(double t)
{
	double u = t - 1;
	return t <= 1 ? 1 - t * t / 2 : 0.5 - u + u * u * u / 6;
}

/* 'init x=1' alone: XPPAUT's past is 0, so x = 1 on [0,1], 2 - t on [1,2],
 * then ((t-3)^2 - 1)/2 on [2,3] */
static double
init_only_exact(double t)
{
	return t <= 1 ? 1 : t <= 2 ? 2 - t : ((t - 3) * (t - 3) - 1) / 2;
}

/*
 * The past before t0 as XPPAUT has it: the 'x(0)=' line's formula in t, or
 * canard's '# canard: history' line, which takes its place; with only
 * 'init x=' the past is 0 (XPPAUT 8: x' = delay(x,1) with 'init x=2' stays
 * at 2, with 'x(0)=2' reaches 3 at t = 0.5).
 */
static void
test_history_formula(void **state)
{
	struct diag d;
	double e;
	(void)state;

	e = worst_error("x' = -delay(x, 1)\nx(0)=1+t\n@ delay=1, total=2\ndone\n", formula_exact);
	if (e > 1e-9)
		fail_msg("largest error %g with x(0)=1+t", e);
	e = worst_error("# canard: history x = 1 + t\nx' = -delay(x, 1)\ninit x=1\n"
	    "@ delay=1, total=2\ndone\n", formula_exact);
	if (e > 1e-9)
		fail_msg("largest error %g with '# canard: history'", e);
	e = worst_error("x' = -delay(x, 1)\ninit x=1\n@ delay=1, total=3\ndone\n",
	    init_only_exact);
	if (e > 1e-9)
		fail_msg("largest error %g with init x=1 (past 0)", e);
	/* XPPAUT 6.11 reads the array form x[0..n](0)= as 'init': past 0 (measured) */
	e = worst_error("x[0..0]' = -delay(x[j], 1)\nx[0..0](0)=1\n@ delay=1, total=3\ndone\n",
	    init_only_exact);
	if (e > 1e-9)
		fail_msg("largest error %g with x[0..0](0)=1 (past 0)", e);
	/* a history without a delay says so */
	assert_null(model_from_ode("# canard: history x = t\nx' = -x\n", "test", &d));
	assert_non_null(strstr(d.msg, "needs a delay"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_intervals),
		cmocka_unit_test(test_history_formula),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
