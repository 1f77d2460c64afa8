/*
 * Gillespie specials ('special z=gill(0, r1, r2)'), statistically at a fixed
 * seed: with constant rates a and b, each iterate fires exactly one
 * reaction, reaction 1 with probability a/(a+b), after an exponential time
 * of mean 1/(a+b). When every rate is 0 nothing fires and z(0) keeps its
 * value (XPPAUT's rule). Refusals name what is wrong.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testmodel.h"
#include "solve.h"

static void
run(const struct model *m, struct traj *tr)
{
	struct settings s = m->set;

	s.seed = 5;
	s.maxstor = 10000000;
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, &s, 1, tr, NULL, NULL);
	assert_int_equal(tr->stop, SOLVE_DONE);
}

static void
test_two_reactions(void **state)
{
	struct model *m = load(
	    "par a=3, b=1\n"
	    "r1=a\n"
	    "r2=b\n"
	    "special z=gill(0,r{1-2})\n"
	    "tr'=tr+z(0)\n"
	    "c1'=c1+z(1)\n"
	    "c2'=c2+z(2)\n"
	    "out'=out+z(3)+z(-1)\n"
	    "@ meth=discrete, total=20000, bound=1e9\n");
	struct traj tr;
	const double N = 20000, p = 0.75, lam = 4;
	double tt, c1, c2, out;

	(void)state;
	run(m, &tr);
	tt = tr.y[(tr.n - 1) * 4];
	c1 = tr.y[(tr.n - 1) * 4 + 1];
	c2 = tr.y[(tr.n - 1) * 4 + 2];
	out = tr.y[(tr.n - 1) * 4 + 3];
	assert_close(c1 + c2, N, 0, "one reaction per iterate");
	assert_close(out, 0, 0, "entries outside 0..2 read 0");
	if (fabs(c1 / N - p) > 4 * sqrt(p * (1 - p) / N))
		fail_msg("reaction 1 fired %g of %g times, want a/(a+b) = %g", c1, N, p);
	/* the sum of N exponentials of mean 1/lam: sd sqrt(N)/lam */
	if (fabs(tt - N / lam) > 4 * sqrt(N) / lam)
		fail_msg("time %g after %g reactions, want N/(a+b) = %g", tt, N, N / lam);
	traj_fini(&tr);
	model_free(m);
}

/* A rate that drops to 0 at n = 5: n stops there; the clock keeps its last step. */
static void
test_rates_zero(void **state)
{
	struct model *m = load(
	    "r=if(n<5)then(2)else(0)\n"
	    "special z=gill(0,r)\n"
	    "tr'=tr+z(0)\n"
	    "n'=n+z(1)\n"
	    "@ meth=discrete, total=50\n");
	struct traj tr;
	size_t i;
	double step;

	(void)state;
	run(m, &tr);
	assert_close(tr.y[(tr.n - 1) * 2 + 1], 5, 0, "n stops at 5");
	/* after the fifth reaction every iterate adds the same last time step */
	for (i = 0; tr.y[i * 2 + 1] < 5; i++)
		;
	step = tr.y[(i + 1) * 2] - tr.y[i * 2];
	assert_true(step > 0);
	assert_close(tr.y[(tr.n - 1) * 2] - tr.y[(tr.n - 2) * 2], step, 1e-12, "the kept step");
	traj_fini(&tr);
	model_free(m);
}

static void
test_refusals(void **state)
{
	(void)state;
	load_fails("x'=x+z(0)\nspecial z=gill(0,q)\n", 2, 18, "unknown name 'q'");
	load_fails("x'=x+z(0)\nspecial z=gill(0,r{2-)\n", 2, 18, "expected NAME{FROM-TO}");
	load_fails("x'=x+z(0)\nspecial z=gill(0)\n", 2, 11, "gill needs at least one reaction");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_reactions),
		cmocka_unit_test(test_rates_zero),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
