/*
 * Delay equations: x'(t) = -x(t - 1) with x = 1 before t = 0, whose
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
	struct model *m = model_from_ode("x' = -delay(x, tau)\npar tau=1\ninit x=1\n"
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

/* A history formula: x(t) = 1 + t before 0 gives 1 - t^2/2 on [0,1], then
 * 1/2 - (t-1) + (t-1)^3/6 on [1,2]. */
static void
test_history_formula(void **state)
{
	struct diag d;
	struct model *m = model_from_ode("# canard: history x = 1 + t\nx' = -delay(x, 1)\n"
	    "init x=1\n@ delay=1, total=2\ndone\n", "test", &d);
	struct settings s;
	struct traj tr;
	size_t i;
	double worst = 0;
	(void)state;

	if (m == NULL)
		fail_msg("%d:%d: %s", d.line, d.col, d.msg);
	s = m->set;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	for (i = 0; i < tr.n; i++) {
		double t = tr.t[i], u = t - 1;
		double want = t <= 1 ? 1 - t * t / 2 : 0.5 - u + u * u * u / 6;
		worst = fmax(worst, fabs(tr.y[i] - want));
	}
	if (worst > 1e-9)
		fail_msg("largest error %g with the history formula", worst);
	traj_fini(&tr);
	model_free(m);
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
