/*
 * Maps: the Henon map's first iterates exactly (the same arithmetic in C),
 * its attractor's box (x in [-1.2847, 1.2730], y in [-0.3854, 0.3819]),
 * t counting iterates; the logistic map's fixed point 1 - 1/r with
 * multiplier 2 - r and its 2-cycle (r+1 +- sqrt((r-3)(r+1)))/2r with
 * multiplier 4 + 2r - r^2, found by fate_map.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "fate_map.h"
#include "model.h"
#include "solve.h"

static void
iterate(const struct model *m, const double *par, double n, struct traj *tr)
{
	struct settings s = m->set;

	s.tmax = n;
	traj_init(tr, m->nvar);
	solve_traj(m, par, m->init, &s, 1, tr, NULL, NULL);
}

static void
test_henon(void **state)
{
	struct model *m = load("x(t+1) = 1 - a*x^2 + y\ny(t+1) = b*x\npar a=1.4, b=0.3\n"
	    "init x=0, y=0\ndone\n");
	struct traj tr;
	double x = 0, y = 0, lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
	size_t k;
	int i;
	(void)state;

	assert_true(m->is_map);
	iterate(m, m->par_value, 20, &tr);
	assert_int_equal(tr.n, 21);
	for (k = 0; k < tr.n; k++) {
		assert_true(tr.t[k] == (double)k);
		if (tr.y[2 * k] != x || tr.y[2 * k + 1] != y)
			fail_msg("iterate %zu: (%.17g, %.17g), want (%.17g, %.17g)", k, tr.y[2 * k],
			    tr.y[2 * k + 1], x, y);
		double xn = 1 - 1.4 * (x * x) + y;
		y = 0.3 * x;
		x = xn;
	}
	assert_true(tr.y[4] == 1 - 1.4 * 1 + 0 && tr.y[5] == 0.3);
	traj_fini(&tr);

	/* the attractor after a transient */
	iterate(m, m->par_value, 100000, &tr);
	assert_int_equal(tr.stop, SOLVE_DONE);
	for (k = 1000; k < tr.n; k++)
		for (i = 0; i < 2; i++) {
			lo[i] = fmin(lo[i], tr.y[2 * k + (size_t)i]);
			hi[i] = fmax(hi[i], tr.y[2 * k + (size_t)i]);
		}
	assert_true(fabs(lo[0] + 1.2847) < 1e-3 && fabs(hi[0] - 1.2730) < 1e-3);
	assert_true(fabs(lo[1] + 0.3854) < 1e-3 && fabs(hi[1] - 0.3819) < 1e-3);
	traj_fini(&tr);
	model_free(m);
}

static void
test_logistic_fates(void **state)
{
	struct model *m = load("x(t+1) = r*x*(1-x)\npar r=2.8\ninit x=0.1\ndone\n");
	double par[1];
	struct traj tr;
	struct map_fate f;
	double r, a, b;
	(void)state;

	par[0] = r = 2.8;
	iterate(m, par, 400, &tr);
	fate_map(m, par, &tr, &f);
	assert_int_equal(f.period, 1);
	assert_close(f.pts[0], 1 - 1 / r, 1e-9, "fixed point");
	assert_close(f.mult, fabs(2 - r), 1e-6, "multiplier");
	traj_fini(&tr);

	par[0] = r = 3.2;
	iterate(m, par, 400, &tr);
	fate_map(m, par, &tr, &f);
	assert_int_equal(f.period, 2);
	a = (r + 1 + sqrt((r - 3) * (r + 1))) / (2 * r);
	b = (r + 1 - sqrt((r - 3) * (r + 1))) / (2 * r);
	assert_close(fmax(f.pts[0], f.pts[1]), a, 1e-9, "2-cycle high");
	assert_close(fmin(f.pts[0], f.pts[1]), b, 1e-9, "2-cycle low");
	assert_close(f.mult, fabs(4 + 2 * r - r * r), 1e-6, "2-cycle multiplier");
	traj_fini(&tr);

	/* r = 3.9 is chaotic: no period up to the limit */
	par[0] = 3.9;
	iterate(m, par, 2000, &tr);
	fate_map(m, par, &tr, &f);
	assert_int_equal(f.period, 0);
	traj_fini(&tr);
	model_free(m);
}

/*
 * nout (XPPAUT's njmp) on a map: the run completes its last block of nout
 * iterates (total=100, njmp=7 ends at iterate 105, as XPPAUT's del_log.ode
 * does) and on the grid keeps the start and every 7th iterate.
 */
static void
test_map_nout(void **state)
{
	struct model *m = load("x(t+1) = x + 0.5\ninit x=0\n@ total=100, njmp=7\ndone\n");
	struct settings s = m->set;
	struct traj tr;
	size_t k;
	(void)state;

	assert_int_equal(s.nout, 7);
	s.grid = 1;
	traj_init(&tr, 1);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.n, 16);
	for (k = 0; k < tr.n; k++) {
		assert_true(tr.t[k] == 7.0 * (double)k);
		assert_true(tr.y[k] == 3.5 * (double)k);
	}
	traj_fini(&tr);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_henon),
		cmocka_unit_test(test_logistic_fates),
		cmocka_unit_test(test_map_nout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
