/*
 * Noise: Euler-Maruyama against known answers (the Ornstein-Uhlenbeck
 * process's stationary law, Brownian motion's variance growth, normal() and
 * ran() draws), with tolerances of four standard errors computed from the
 * sample size; and reproducibility: the same seed gives the same bytes, each
 * trajectory its own stream, an unrelated parameter redraws the same noise.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "model.h"
#include "solve.h"

/* One path of m with noise stream k. */
static void
path(const struct model *m, const double *par, unsigned long seed, unsigned long k,
    struct traj *tr)
{
	struct settings s = m->set;

	s.seed = seed;
	s.stream = k;
	traj_init(tr, m->nvar);
	solve_traj(m, par, m->init, &s, 1, tr, NULL, NULL);
	assert_int_equal(tr->stop, SOLVE_DONE);
}

/* Value of variable v at time t on a path stored at every step (t on the grid). */
static double
at_time(const struct traj *tr, int v, double t)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (fabs(tr->t[i] - t) < 1e-9)
			return tr->y[i * (size_t)tr->dim + (size_t)v];
	fail_msg("no point at t=%g", t);
	return NAN;
}

struct moments {
	double n, sum, sum2;
};

static void
add(struct moments *mo, double x)
{
	mo->n++;
	mo->sum += x;
	mo->sum2 += x * x;
}

static double
mean(const struct moments *mo)
{
	return mo->sum / mo->n;
}

static double
var(const struct moments *mo)
{
	double m = mean(mo);
	return (mo->sum2 - mo->n * m * m) / (mo->n - 1);
}

/* mean within 4 standard errors of mu, variance within 4 of v (normal samples) */
static void
check_moments(const struct moments *mo, double mu, double v, const char *what)
{
	double se_mean = sqrt(v / mo->n), se_var = v * sqrt(2 / (mo->n - 1));

	if (fabs(mean(mo) - mu) > 4 * se_mean)
		fail_msg("%s: mean %.6g, want %.6g +- %.3g", what, mean(mo), mu, 4 * se_mean);
	if (fabs(var(mo) - v) > 4 * se_var)
		fail_msg("%s: variance %.6g, want %.6g +- %.3g", what, var(mo), v, 4 * se_var);
}

static const char ou_ode[] =
    "wiener w\n"
    "x' = -th*(x-mu) + sig*w\n"
    "b' = sig*w\n"
    "par th=2, mu=1, sig=0.5\n"
    "init x=3, b=0\n"
    "@ total=5, dt=0.01, meth=euler\n"
    "done\n";

/*
 * OU: x(n+1) - mu = (1 - th dt)(x(n) - mu) + sig sqrt(dt) z, whose stationary
 * variance is sig^2 / (2 th - th^2 dt) (the SDE's sig^2 / 2 th as dt -> 0).
 * After 10 relaxation times the start (x = 3) has decayed by e^-10.
 * b is Brownian motion scaled by sig: variance sig^2 t at every t.
 */
static void
test_ou_and_brownian(void **state)
{
	struct model *m = load(ou_ode);
	const int N = 3000;
	struct moments x = {0}, b1 = {0}, b2 = {0}, b5 = {0};
	double th = 2, sig = 0.5, dt = 0.01;
	int k;
	(void)state;

	assert_int_equal(m->nrandom, 1);
	for (k = 0; k < N; k++) {
		struct traj tr;
		path(m, m->par_value, 7, (unsigned long)k, &tr);
		add(&x, at_time(&tr, 0, 5));
		add(&b1, at_time(&tr, 1, 1));
		add(&b2, at_time(&tr, 1, 2));
		add(&b5, at_time(&tr, 1, 5));
		traj_fini(&tr);
	}
	check_moments(&x, 1, sig * sig / (2 * th - th * th * dt), "OU x(5)");
	/* the scheme's variance and the SDE's differ by 1%: both within the tolerance */
	check_moments(&x, 1, sig * sig / (2 * th), "OU x(5) against the SDE");
	check_moments(&b1, 0, sig * sig * 1, "Brownian b(1)");
	check_moments(&b2, 0, sig * sig * 2, "Brownian b(2)");
	check_moments(&b5, 0, sig * sig * 5, "Brownian b(5)");
	model_free(m);
}

/* normal(m,s) and ran(x) in a map: one independent draw per iterate. */
static void
test_normal_and_ran(void **state)
{
	struct model *m = load("z(t+1) = normal(2, 3)\nu(t+1) = ran(5)\n@ total=20000\ndone\n");
	struct moments z = {0}, u = {0};
	struct traj tr;
	size_t i;
	double umax = 0, umin = 5;
	(void)state;

	assert_true(m->is_map);
	assert_int_equal(m->nrandom, 2);
	path(m, m->par_value, 11, 0, &tr);
	assert_int_equal(tr.n, 20001);
	for (i = 1; i < tr.n; i++) {
		add(&z, tr.y[2 * i]);
		add(&u, tr.y[2 * i + 1]);
		umax = fmax(umax, tr.y[2 * i + 1]);
		umin = fmin(umin, tr.y[2 * i + 1]);
	}
	check_moments(&z, 2, 9, "normal(2,3)");
	/* uniform on [0,5): mean 2.5, variance 25/12; the mean's SE is exact, the
	 * variance's for a uniform is sqrt((m4 - v^2)/n) with m4 = 5^4/80 */
	if (fabs(mean(&u) - 2.5) > 4 * sqrt(25.0 / 12 / u.n))
		fail_msg("ran(5): mean %g", mean(&u));
	if (fabs(var(&u) - 25.0 / 12) > 4 * sqrt((625.0 / 80 - 625.0 / 144) / u.n))
		fail_msg("ran(5): variance %g", var(&u));
	assert_true(umin >= 0 && umax < 5);
	traj_fini(&tr);
	model_free(m);
}

static int
same_bytes(const struct traj *a, const struct traj *b)
{
	return a->n == b->n && memcmp(a->t, b->t, a->n * sizeof *a->t) == 0 &&
	    memcmp(a->y, b->y, a->n * (size_t)a->dim * sizeof *a->y) == 0;
}

static void
test_reproducible(void **state)
{
	struct model *m = load(ou_ode);
	struct traj a, b, c, d, e;
	double *par = xmalloc((size_t)m->npar * sizeof *par);
	size_t i;
	int differ = 0;
	(void)state;

	path(m, m->par_value, 42, 3, &a);
	path(m, m->par_value, 42, 3, &b);
	assert_true(same_bytes(&a, &b));
	/* another seed, another trajectory index: other paths */
	path(m, m->par_value, 43, 3, &c);
	path(m, m->par_value, 42, 4, &d);
	assert_false(same_bytes(&a, &c));
	assert_false(same_bytes(&a, &d));
	/* mu does not touch b: changing it redraws the same noise */
	memcpy(par, m->par_value, (size_t)m->npar * sizeof *par);
	par[model_par_index(m, "mu")] = 5;
	path(m, par, 42, 3, &e);
	assert_int_equal(e.n, a.n);
	for (i = 0; i < a.n; i++) {
		assert_true(a.y[2 * i + 1] == e.y[2 * i + 1]);
		differ |= a.y[2 * i] != e.y[2 * i];
	}
	assert_true(differ);
	traj_fini(&a);
	traj_fini(&b);
	traj_fini(&c);
	traj_fini(&d);
	traj_fini(&e);
	free(par);
	model_free(m);
}

static void
test_refused_and_skeleton(void **state)
{
	struct diag d;
	struct model *m;
	(void)state;

	/* the noise is hidden from the parameter list and 0 in the skeleton */
	m = load(ou_ode);
	assert_int_equal(model_par_is_input(m, model_par_index(m, "w")), 1);
	assert_int_equal(model_par_is_input(m, model_par_index(m, "th")), 0);
	model_free(m);
	m = model_from_ode("wiener w\nx' = -x + s*w\nw' = 1\ndone\n", "t", &d);
	assert_null(m);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "declared twice"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ou_and_brownian),
		cmocka_unit_test(test_normal_and_ran),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_refused_and_skeleton),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
