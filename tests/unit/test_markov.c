/*
 * Markov chains ('markov z 2' with rows of rates), statistically at fixed
 * seeds: XPPAUT's rule jumps from i to j with probability r_ij dt per step,
 * so a dwell in state i lasts a geometric number of steps with mean
 * 1/(r dt), i.e. 1/r in time, and the chain spends a/(a+b) of the time in
 * state 1. A variable driven by the chain (x' = z) integrates that time
 * exactly. Also: the same seed gives the same path, a rate that depends on
 * the state switches the chain off, and malformed tables are refused.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testmodel.h"
#include "solve.h"

static void
run(const struct model *m, unsigned long seed, struct traj *tr)
{
	struct settings s = m->set;

	s.seed = seed;
	s.maxstor = 10000000;
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, &s, 1, tr, NULL, NULL);
	assert_int_equal(tr->stop, SOLVE_DONE);
}

/* Mean and standard error of the dwells in state st (whole dwells only). */
static void
dwells(const struct traj *tr, int zcol, double st, double *mean, double *se, int *count)
{
	size_t i, start = 0;
	int n = 0, open = 0;
	double s1 = 0, s2 = 0;

	for (i = 1; i < tr->n; i++) {
		double z0 = tr->y[(i - 1) * tr->dim + zcol], z1 = tr->y[i * tr->dim + zcol];
		if (z0 != st && z1 == st) {
			start = i;
			open = 1;
		} else if (z0 == st && z1 != st && open) {
			double d = tr->t[i] - tr->t[start];
			s1 += d;
			s2 += d * d;
			n++;
		}
	}
	*count = n;
	*mean = s1 / n;
	*se = sqrt((s2 / n - *mean * *mean) / (n - 1));
}

static void
test_two_state_dwells(void **state)
{
	struct model *m = load(
	    "x' = z\n"
	    "markov z 2\n"
	    "{0} {a}\n"
	    "{b} {0}\n"
	    "par a=2, b=0.5\n"
	    "@ meth=euler, dt=0.01, total=2000, bound=1e6\n");
	struct traj tr;
	double mean, se, frac, x;
	int n, z = 1, ones = 0;
	size_t i;

	(void)state;
	assert_int_equal(m->nvar, 2);
	assert_int_equal(m->nmarkov, 1);
	assert_int_equal(m->markov_var[0], 1);
	assert_true(m->nrandom > 0);
	run(m, 7, &tr);
	dwells(&tr, z, 0, &mean, &se, &n);
	if (n < 500 || fabs(mean - 1 / 2.0) > 4 * se)
		fail_msg("state 0: %d dwells of mean %g (se %g), want 1/a = 0.5", n, mean, se);
	dwells(&tr, z, 1, &mean, &se, &n);
	if (n < 500 || fabs(mean - 1 / 0.5) > 4 * se)
		fail_msg("state 1: %d dwells of mean %g (se %g), want 1/b = 2", n, mean, se);
	/* the chain moves before each step, so x' = z by Euler adds dt for every
	 * point after the first that is in state 1: exactly */
	for (i = 1; i < tr.n; i++)
		ones += tr.y[i * 2 + 1] == 1;
	x = tr.y[(tr.n - 1) * 2];
	assert_close(x, ones * 0.01, 1e-9, "x = dt * (steps in state 1)");
	/* the time in state 1 is a/(a+b) = 0.8; the batches' spread is about 0.01 */
	frac = x / 2000;
	if (fabs(frac - 0.8) > 0.04)
		fail_msg("fraction of time in state 1: %g, want 0.8", frac);
	traj_fini(&tr);
	model_free(m);
}

/* The same seed, the same path; another seed, another path. */
static void
test_seeded(void **state)
{
	struct model *m = load(
	    "x' = -x + z\n"
	    "markov z 3\n"
	    "{0} {1} {1}\n"
	    "{1} {0} {1}\n"
	    "{1} {1} {0}\n"
	    "@ meth=euler, dt=0.05, total=50\n");
	struct traj a, b, c;
	size_t i;
	int same_ab = 1, same_ac = 1, seen[3] = {0, 0, 0};

	(void)state;
	run(m, 3, &a);
	run(m, 3, &b);
	run(m, 4, &c);
	assert_int_equal(a.n, b.n);
	for (i = 0; i < a.n * 2; i++) {
		same_ab &= a.y[i] == b.y[i];
		same_ac &= i < c.n * 2 && a.y[i] == c.y[i];
	}
	for (i = 0; i < a.n; i++)
		seen[(int)a.y[i * 2 + 1]]++;
	assert_true(same_ab);
	assert_false(same_ac);
	assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
	traj_fini(&a);
	traj_fini(&b);
	traj_fini(&c);
	model_free(m);
}

/*
 * A rate that depends on the state: from z = 0 the rate is x, and x = t
 * (x' = 1), so the first jump time T has P(T > s) = exp(-s^2/2), whose mean
 * is sqrt(pi/2); 400 paths (streams of one seed) estimate it.
 */
static void
test_state_dependent_rate(void **state)
{
	struct model *m = load(
	    "x' = 1\n"
	    "markov z 2\n"
	    "{0} {x}\n"
	    "{0} {0}\n"
	    "@ meth=euler, dt=0.001, total=8\n");
	double s1 = 0, s2 = 0, mean, se;
	int k, n = 400;

	(void)state;
	for (k = 0; k < n; k++) {
		struct traj tr;
		struct settings s = m->set;
		size_t i;
		double first = NAN;
		s.seed = 11;
		s.stream = (unsigned long)k;
		traj_init(&tr, m->nvar);
		solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
		for (i = 0; i < tr.n && isnan(first); i++)
			if (tr.y[i * 2 + 1] == 1)
				first = tr.t[i];
		if (isnan(first))
			fail_msg("path %d never jumped by t=8 (probability e^-32)", k);
		s1 += first;
		s2 += first * first;
		traj_fini(&tr);
	}
	mean = s1 / n;
	se = sqrt((s2 / n - mean * mean) / (n - 1));
	if (fabs(mean - sqrt(M_PI / 2)) > 4 * se)
		fail_msg("mean first jump %g (se %g), want sqrt(pi/2) = %g", mean, se, sqrt(M_PI / 2));
	model_free(m);
}

/*
 * A stochastic model steps with the file's fixed method: with rates 0 the
 * chain never moves, and x' = -x by 10 steps of 0.1 ends at the method's
 * growth factor to the 10th power (RK4: 1 - h + h^2/2 - h^3/6 + h^4/24;
 * Heun: 1 - h + h^2/2; Euler: 1 - h).
 */
static void
test_step_method(void **state)
{
	static const char *const meth[] = {"rungekutta", "modeuler", "euler"};
	const double h = 0.1;
	const double g[] = {1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24,
	    1 - h + h * h / 2, 1 - h};
	int k;

	(void)state;
	for (k = 0; k < 3; k++) {
		char text[256];
		struct model *m;
		struct traj tr;
		snprintf(text, sizeof text, "x' = -x\nmarkov z 2\n{0} {0}\n{0} {0}\ninit x=1\n"
		    "@ meth=%s, dt=0.1, total=1\n", meth[k]);
		m = load(text);
		run(m, 1, &tr);
		assert_close(tr.y[(tr.n - 1) * 2], pow(g[k], 10), 1e-14, meth[k]);
		traj_fini(&tr);
		model_free(m);
	}
}

static void
test_refusals(void **state)
{
	(void)state;
	load_fails("x'=1\nmarkov z 2\n{0} {1}\n", 2, 8, "markov 'z' needs 2 rows of rates after "
	    "its line, found 1");
	load_fails("x'=1\nmarkov z 2\n{0} {1}\n{1}\n", 4, 4, "markov 'z' row 2: expected 2 rates");
	load_fails("x'=1\nmarkov z 2\n{0} {1} {2}\n{1} {0}\n", 3, 8, "more than 2 rates");
	load_fails("x'=1\nmarkov z\n", 2, 9, "expected the number of states");
	load_fails("x'=1\nmarkov z 2\n{0} {q}\n{1} {0}\n", 3, 6, "unknown name 'q'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_state_dwells),
		cmocka_unit_test(test_seeded),
		cmocka_unit_test(test_state_dependent_rate),
		cmocka_unit_test(test_step_method),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
