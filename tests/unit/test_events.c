/*
 * Events ('global'): crossings located to the solver's tolerance, resets
 * applied, the point before and after each reset kept; XPPAUT's sign
 * convention; several globals in time order; events on the fixed-step path.
 * Known answers: a leaky integrate-and-fire neuron's period tau ln(I/(I-th))
 * and a bouncing ball's impact times.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "model.h"
#include "solve.h"

static void
run(const struct model *m, double tol, struct traj *tr)
{
	struct settings s = m->set;

	s.rtol = tol;
	s.atol = tol * 1e-2;
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, &s, 1, tr, NULL, NULL);
	assert_int_equal(tr->stop, SOLVE_DONE);
}

/* Times of the resets: consecutive points at the same time, and the states on both sides. */
static int
resets(const struct traj *tr, double *t, double *before, double *after, int var, int max)
{
	size_t i;
	int n = 0;

	for (i = 1; i < tr->n && n < max; i++) {
		if (tr->t[i] != tr->t[i - 1])
			continue;
		t[n] = tr->t[i];
		before[n] = tr->y[(i - 1) * (size_t)tr->dim + (size_t)var];
		after[n] = tr->y[i * (size_t)tr->dim + (size_t)var];
		n++;
	}
	return n;
}

static void
test_integrate_and_fire(void **state)
{
	struct model *m = load("v' = (-v + I)/tau\npar I=1.5, tau=2, th=1\n"
	    "global 1 v-th {v=0}\n@ total=20\ndone\n");
	struct traj tr;
	double t[32], b[32], a[32], period = 2 * log(1.5 / 0.5);
	int n, k;
	(void)state;

	run(m, 1e-10, &tr);
	n = resets(&tr, t, b, a, 0, 32);
	assert_int_equal(n, (int)floor(20 / period));
	assert_int_equal(tr.nevents, n);
	for (k = 0; k < n; k++) {
		if (fabs(t[k] - (k + 1) * period) > 1e-8)
			fail_msg("spike %d at %.15g, want %.15g", k + 1, t[k], (k + 1) * period);
		assert_true(fabs(b[k] - 1) < 1e-8);
		assert_true(a[k] == 0);
	}
	traj_fini(&tr);
	model_free(m);
}

/*
 * y'' = -g from height h with restitution e: the first impact at sqrt(2h/g),
 * then flights of 2 e^k v1 / g with v1 = sqrt(2 g h). Downward crossings only
 * (sign -1): the ball leaving the floor must not fire.
 */
static void
test_bouncing_ball(void **state)
{
	struct model *m = load("y' = v\nv' = -g\npar g=9.81, e=0.8\ninit y=1, v=0\n"
	    "global -1 {y} {v=-e*v}\n@ total=3\ndone\n");
	struct traj tr;
	double t[32], b[32], a[32], g = 9.81, e = 0.8, v1 = sqrt(2 * g), want;
	int n, k;
	(void)state;

	run(m, 1e-10, &tr);
	n = resets(&tr, t, b, a, 1, 32);
	want = sqrt(2 / g);
	for (k = 0; k < n; k++) {
		if (fabs(t[k] - want) > 1e-8)
			fail_msg("impact %d at %.15g, want %.15g", k + 1, t[k], want);
		assert_close(a[k], -e * b[k], 1e-15, "restitution");
		want += 2 * pow(e, k + 1) * v1 / g;
	}
	/* impacts before t = 3: 0.4515, 1.174, 1.752, 2.214, 2.584, 2.880 */
	assert_int_equal(n, 6);
	traj_fini(&tr);
	model_free(m);
}

/* Two globals, fired in time order; a sign that never matches never fires. */
static void
test_several_and_signs(void **state)
{
	struct model *m = load("x' = 1\ny' = -1\nz' = 1\n"
	    "global 1 {x-1} {x=0}\nglobal -1 {y+0.7} {y=0}\nglobal -1 {z-0.5} {z=100}\n"
	    "@ total=3.2\ndone\n");
	struct traj tr;
	double t[32], b[32], a[32];
	double want[] = {0.7, 1, 1.4, 2, 2.1, 2.8, 3};
	int n, k;
	(void)state;

	run(m, 1e-10, &tr);
	n = resets(&tr, t, b, a, 0, 32);
	assert_int_equal(n, 7);
	for (k = 0; k < n; k++)
		if (fabs(t[k] - want[k]) > 1e-9)
			fail_msg("reset %d at %.15g, want %.15g", k + 1, t[k], want[k]);
	/* z rose through 0.5: a downward global must not fire */
	assert_true(tr.y[(tr.n - 1) * 3 + 2] < 4);
	traj_fini(&tr);
	model_free(m);

	/* x = sin t crosses 0.5 up at pi/6 + 2 pi k, down at 5 pi/6 + 2 pi k */
	{
		const char *sg[] = {"1", "-1", "0"};
		double up[] = {M_PI / 6, 2 * M_PI + M_PI / 6};
		double down[] = {5 * M_PI / 6, 2 * M_PI + 5 * M_PI / 6};
		double both[] = {up[0], down[0], up[1], down[1]};
		double *wantj[] = {up, down, both};
		int count[] = {2, 2, 4}, j;
		for (j = 0; j < 3; j++) {
			char *text = xasprintf("x' = cos(t)\nn' = 0\nglobal %s {x-0.5} {n=n+1}\n"
			    "@ total=10\ndone\n", sg[j]);
			m = load(text);
			free(text);
			run(m, 1e-10, &tr);
			n = resets(&tr, t, b, a, 1, 32);
			assert_int_equal(n, count[j]);
			for (k = 0; k < n; k++) {
				if (fabs(t[k] - wantj[j][k]) > 1e-8)
					fail_msg("sign %s: crossing %d at %.15g, want %.15g", sg[j], k + 1,
					    t[k], wantj[j][k]);
				assert_true(a[k] == b[k] + 1);
			}
			traj_fini(&tr);
			model_free(m);
		}
	}
}

/* On the fixed-step (noise) path: x' = 1 + 0*w is exact under Euler. */
static void
test_fixed_step_events(void **state)
{
	struct model *m = load("wiener w\nx' = 1 + 0*w\nglobal 1 {x-1} {x=0}\n"
	    "@ total=3.5, dt=0.3\ndone\n");
	struct traj tr;
	double t[32], b[32], a[32];
	int n, k;
	(void)state;

	run(m, 1e-6, &tr);
	n = resets(&tr, t, b, a, 0, 32);
	assert_int_equal(n, 3);
	for (k = 0; k < n; k++) {
		assert_true(fabs(t[k] - (k + 1)) < 1e-12);
		assert_true(fabs(b[k] - 1) < 1e-12);
	}
	assert_true(fabs(tr.t[tr.n - 1] - 3.5) < 1e-12);
	traj_fini(&tr);
	model_free(m);
}

/*
 * Globals crossing at the same time all fire, in the order of the file, each
 * reset seeing the state the previous left (what XPPAUT 8 gives for these
 * files: x = 0.49 and y = 3, then x = 5.49 and y = 0.49 at t = 1.5), on the
 * adaptive and on the fixed-step path.
 */
static void
test_simultaneous(void **state)
{
	static const char *const files[] = {
		"x' = 1\ny' = 0\nglobal 1 {x-1.01} {x=0; y=y+1}\nglobal 1 {x-1.01} {y=2*y+1}\n"
		"@ total=1.5\ndone\n",
		"x' = 1\ny' = 1\nglobal 1 {x-1.01} {x=0; y=y+10}\nglobal 1 {y-1.01} {y=0; x=x+5}\n"
		"@ total=1.5\ndone\n",
		"wiener w\nx' = 1 + 0*w\ny' = 1 + 0*w\nglobal 1 {x-1.01} {x=0; y=y+10}\n"
		"global 1 {y-1.01} {y=0; x=x+5}\n@ total=1.5, dt=0.05\ndone\n",
	};
	static const double want[][2] = {{0.49, 3}, {5.49, 0.49}, {5.49, 0.49}};
	int f;
	(void)state;

	for (f = 0; f < 3; f++) {
		struct model *m = load(files[f]);
		struct traj tr;
		run(m, 1e-10, &tr);
		assert_true(fabs(tr.t[tr.n - 1] - 1.5) < 1e-12);
		if (fabs(tr.y[2 * (tr.n - 1)] - want[f][0]) > 1e-8 ||
		    fabs(tr.y[2 * (tr.n - 1) + 1] - want[f][1]) > 1e-8)
			fail_msg("file %d: x=%.12g y=%.12g, want %g %g", f, tr.y[2 * (tr.n - 1)],
			    tr.y[2 * (tr.n - 1) + 1], want[f][0], want[f][1]);
		assert_int_equal(tr.nevents, 2);
		traj_fini(&tr);
		model_free(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integrate_and_fire),
		cmocka_unit_test(test_bouncing_ball),
		cmocka_unit_test(test_several_and_signs),
		cmocka_unit_test(test_fixed_step_events),
		cmocka_unit_test(test_simultaneous),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
