/*
 * The fast-slow geometry against answers derived by hand: folds, stability
 * splits, canard and branch points, equilibria and their types, the Hopf
 * point of FitzHugh-Nagumo, nullclines, and featlearn's branch point.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "analysis.h"

static struct analysis *
analyse(const struct model *m, const double *par, double xlo, double xhi, double ylo,
    double yhi)
{
	struct analysis_req r;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.par = par;
	r.base = m->init;
	r.xvar = m->xp;
	r.yvar = m->yp;
	r.xlo = xlo;
	r.xhi = xhi;
	r.ylo = ylo;
	r.yhi = yhi;
	r.want_eq = r.want_ncl = r.want_manifold = 1;
	return analysis_compute(&r);
}

static int
count_kind(const struct analysis *a, enum special_kind k)
{
	int i, n = 0;

	for (i = 0; i < a->nsp; i++)
		n += a->sp[i].kind == k;
	return n;
}

static const struct special *
find_special(const struct analysis *a, enum special_kind k, int var, double near)
{
	int i;

	for (i = 0; i < a->nsp; i++)
		if (a->sp[i].kind == k && fabs(a->sp[i].x[var] - near) < 0.1)
			return &a->sp[i];
	fail_msg("no %s near %g", special_name(k), near);
	return NULL;
}

static void
test_vanderpol_folds(void **state)
{
	struct model *m = load_preset("vanderpol");
	double par[1] = {0.05};
	struct analysis *a = analyse(m, par, -2.5, 2.5, -1.5, 1.5);
	const struct special *f;
	int b;
	size_t k;
	(void)state;

	assert_int_equal(count_kind(a, SP_FOLD), 2);
	f = find_special(a, SP_FOLD, 0, 1);
	assert_close(f->x[0], 1, 1e-10, "fold x");
	assert_close(f->x[1], -2.0 / 3, 1e-10, "fold y");
	assert_true(f->f_norm < 1e-10 && fabs(f->det) < 1e-10);
	f = find_special(a, SP_FOLD, 0, -1);
	assert_close(f->x[0], -1, 1e-10, "fold x");
	assert_close(f->x[1], 2.0 / 3, 1e-10, "fold y");
	/* every traced point is on C0, attracting exactly where |x| > 1 */
	assert_true(a->nbranch >= 1);
	for (b = 0; b < a->nbranch; b++) {
		const struct curve *c = &a->branch[b];
		for (k = 0; k < c->n; k++) {
			double x = c->pt[k * 2], y = c->pt[k * 2 + 1];
			assert_true(fabs(y - (x * x * x / 3 - x)) < 1e-9);
			if (fabs(fabs(x) - 1) > 1e-6)
				assert_int_equal(c->stab[k], fabs(x) > 1 ? STAB_ATTRACTING :
				    STAB_REPELLING);
			/* the slow flow y' = -eps x moves up where x < 0 */
			if (c->dir[k] != 0 && k + 1 < c->n) {
				double dy = (c->pt[(k + 1) * 2 + 1] - y) * c->dir[k];
				if (fabs(x) > 0.05)
					assert_true((dy > 0) == (x < 0));
			}
		}
	}
	/* the cubic is one curve: traced once, not once per seed */
	assert_int_equal(a->nbranch, 1);
	/* the only equilibrium, the origin, is an unstable node for eps = 0.05 */
	assert_int_equal(a->neq, 1);
	assert_int_equal(a->eq[0].type, EQ_UNSTABLE_NODE);
	assert_close(a->eq[0].re[0], (1 + sqrt(1 - 4 * 0.05)) / 2, 1e-12, "eigenvalue");
	analysis_free(a);
	model_free(m);
}

static void
test_canard_point(void **state)
{
	struct model *m = load_preset("canard");
	double par[2] = {1.0, 0.05};	/* a, eps */
	struct analysis *a = analyse(m, par, -2.5, 2.5, -1.5, 1.5);
	const struct special *c;
	(void)state;

	/* with a = 1 the fold at x = 1 is a folded singularity */
	assert_int_equal(count_kind(a, SP_CANARD), 1);
	c = find_special(a, SP_CANARD, 0, 1);
	assert_close(c->x[0], 1, 1e-10, "canard point x");
	assert_close(c->x[1], -2.0 / 3, 1e-10, "canard point y");
	/* and the equilibrium sits there, a centre of the linearisation (Hopf) */
	assert_int_equal(a->neq, 1);
	assert_int_equal(a->eq[0].type, EQ_CENTRE);
	analysis_free(a);
	/* away from a = 1 it is an ordinary fold */
	par[0] = 0.9;
	a = analyse(m, par, -2.5, 2.5, -1.5, 1.5);
	assert_int_equal(count_kind(a, SP_CANARD), 0);
	assert_int_equal(count_kind(a, SP_FOLD), 2);
	analysis_free(a);
	model_free(m);
}

/* The Hopf point of FitzHugh-Nagumo, by hand: trace 1 - v^2 - eps b = 0 at the
 * equilibrium, so v = -sqrt(1 - eps b), w = (v + a)/b, I = w - v + v^3/3. */
static void
test_fitzhugh_hopf(void **state)
{
	struct model *m = load_preset("fitzhugh");
	double par[4], lo = 0.2, hi = 0.45;
	double eps = 0.08, b = 0.8, av = 0.7, v, w, ihopf;
	int it;
	(void)state;

	v = -sqrt(1 - eps * b);
	w = (v + av) / b;
	ihopf = w - v + v * v * v / 3;
	memcpy(par, m->par_value, sizeof par);
	/* bisection on the sign of the leading real part, as 'sweep' does by hand */
	for (it = 0; it < 40; it++) {
		struct analysis *a;
		par[0] = 0.5 * (lo + hi);
		a = analyse(m, par, -2.5, 2.5, -1, 2);
		assert_int_equal(a->neq, 1);
		if (a->eq[0].re[0] < 0)
			lo = par[0];
		else
			hi = par[0];
		analysis_free(a);
	}
	assert_close(0.5 * (lo + hi), ihopf, 1e-9, "Hopf current");
	/* and the equilibrium itself at I = 0.5 solves the cubic */
	par[0] = 0.5;
	{
		struct analysis *a = analyse(m, par, -2.5, 2.5, -1, 2);
		double ve = a->eq[0].x[0], we = a->eq[0].x[1];
		assert_true(fabs(ve - ve * ve * ve / 3 - we + 0.5) < 1e-12);
		assert_true(fabs(ve + av - b * we) < 1e-12);
		assert_int_equal(a->eq[0].type, EQ_UNSTABLE_FOCUS);
		analysis_free(a);
	}
	model_free(m);
}

static void
test_featlearn(void **state)
{
	struct model *m = load_preset("featlearn");
	double par[16], c0, c2, s0, s2, g, b0, cc, roots[3];
	struct analysis *a;
	const struct special *bp;
	int n, k, checked = 0;
	(void)state;

	memcpy(par, m->par_value, sizeof(double) * (size_t)m->npar);
	c0 = par[model_par_index(m, "c0")];
	c2 = par[model_par_index(m, "c2")];
	s0 = par[model_par_index(m, "s0")];
	s2 = par[model_par_index(m, "s2")];
	g = par[model_par_index(m, "lr")] / (2 * par[model_par_index(m, "batch")]);
	assert_true(par[model_par_index(m, "c1")] == 0 && par[model_par_index(m, "s1")] == 0);
	/*
	 * With c1 = s1 = 0 the trivial branch m = 0 changes stability where the
	 * signal 2 c2 s2 equals the noise g a R(0, a), R(0, a) = A0 - 2 a B0 + a^2 C:
	 * a cubic in a, solved here by GSL, independently of the continuation.
	 */
	b0 = c0 * s0 * 2 * s2 * s2 + 2 * sqrt(2) * c0 * s2 * s2 * s2;
	cc = 2 * s0 * s0 * s2 * s2 + 4 * sqrt(2) * s0 * s2 * s2 * s2 + 10 * pow(s2, 4);
	n = gsl_poly_solve_cubic(-2 * b0 / cc, 2 * (c0 * c0 + c2 * c2) * s2 * s2 / cc,
	    -2 * c2 * s2 / (g * cc), &roots[0], &roots[1], &roots[2]);
	a = analyse(m, par, 0, 1.2, -0.1, 1);
	for (k = 0; k < n; k++) {
		if (roots[k] <= 0 || roots[k] > 1.2)
			continue;
		bp = find_special(a, SP_BRANCH, 1, roots[k]);
		assert_close(bp->x[1], roots[k], 1e-8, "branch point on m = 0");
		assert_true(fabs(bp->x[0]) < 1e-10);
		checked++;
	}
	assert_int_equal(checked, 1);	/* a = 0.885915 for the defaults */
	analysis_free(a);
	model_free(m);
}

static void
test_hindmarsh_folds(void **state)
{
	struct model *m = load_preset("hindmarsh");
	double par[8];
	double current[2] = {2, 3};
	int k;
	(void)state;

	memcpy(par, m->par_value, sizeof par);
	for (k = 0; k < 2; k++) {
		struct analysis *a;
		const struct special *f;
		double I = current[k];
		par[0] = I;
		/* fast equilibria: z = I + 1 - x^3 - 2 x^2; folds at x = 0 and x = -4/3 */
		a = analyse(m, par, I - 0.6, I + 1.4, -2.5, 2.5);
		assert_int_equal(count_kind(a, SP_FOLD), 2);
		f = find_special(a, SP_FOLD, 0, 0);
		assert_true(fabs(f->x[0]) < 1e-9);
		assert_close(f->x[2], I + 1, 1e-10, "upper fold z");
		assert_close(f->x[1], 1, 1e-9, "upper fold y = c - d x^2");
		f = find_special(a, SP_FOLD, 0, -4.0 / 3);
		assert_close(f->x[0], -4.0 / 3, 1e-9, "lower fold x");
		assert_close(f->x[2], I + 1 - 32.0 / 27, 1e-10, "lower fold z");
		analysis_free(a);
	}
	model_free(m);
}

static void
test_lotka(void **state)
{
	struct model *m = load_preset("lotka");
	struct analysis *a = analyse(m, m->par_value, 0, 3, 0, 2);
	int i, xh = 0, xv = 0, yh = 0, yv = 0;
	(void)state;

	assert_non_null(a->manifold_note);
	assert_int_equal(a->nbranch, 0);
	assert_int_equal(a->neq, 2);
	assert_int_equal(a->eq[0].type, EQ_SADDLE);
	assert_int_equal(a->eq[1].type, EQ_CENTRE);
	assert_close(a->eq[1].x[0], 1, 1e-10, "centre x = gamma/delta");
	assert_close(a->eq[1].x[1], 0.5, 1e-9, "centre y = alpha/beta");
	/* nullclines: x' = 0 on x = 0 and y = alpha/beta; y' = 0 on x = gamma/delta, y = 0 */
	for (i = 0; i < a->nncl; i++) {
		const struct curve *c = &a->ncl[i];
		double x0 = c->pt[0], y0 = c->pt[1], xn = c->pt[(c->n - 1) * 2],
		    yn = c->pt[(c->n - 1) * 2 + 1];
		int vertical = fabs(x0 - xn) < 1e-9, horizontal = fabs(y0 - yn) < 1e-9;
		if (c->var == 0 && vertical && fabs(x0) < 1e-9)
			xv = 1;
		if (c->var == 0 && horizontal && fabs(y0 - 0.5) < 1e-9)
			xh = 1;
		if (c->var == 1 && vertical && fabs(x0 - 1) < 1e-9)
			yv = 1;
		if (c->var == 1 && horizontal && fabs(y0) < 1e-9)
			yh = 1;
	}
	assert_true(xv && xh && yv && yh);
	assert_int_equal(a->nncl, 4);
	analysis_free(a);
	model_free(m);
}

static void
test_pendulum_fate(void **state)
{
	struct model *m = load_preset("pendulum");
	struct analysis *a = analyse(m, m->par_value, -7, 7, -3, 3);
	struct settings s = m->set;
	struct traj tr;
	struct fate f;
	(void)state;

	/* equilibria at theta = k pi: foci at even k, saddles at odd k, five in view */
	assert_int_equal(a->neq, 5);
	assert_int_equal(a->eq[0].type, EQ_STABLE_FOCUS);
	assert_int_equal(a->eq[1].type, EQ_SADDLE);
	assert_close(a->eq[4].x[0], 2 * M_PI, 1e-10, "focus at 2 pi");
	/* from (0.5, 2.5) it goes over the top once and settles at 2 pi (b = 0.2) */
	traj_init(&tr, 2);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	fate_classify(m, m->par_value, &tr, a, &f);
	assert_int_equal(f.end, FATE_EQUILIBRIUM);
	assert_int_equal(f.eq, 4);
	/* after 5 time units it is still swinging */
	s.tmax = 5;
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	fate_classify(m, m->par_value, &tr, a, &f);
	assert_int_equal(f.end, FATE_RUNNING);
	traj_fini(&tr);
	analysis_free(a);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vanderpol_folds),
		cmocka_unit_test(test_canard_point),
		cmocka_unit_test(test_fitzhugh_hopf),
		cmocka_unit_test(test_featlearn),
		cmocka_unit_test(test_hindmarsh_folds),
		cmocka_unit_test(test_lotka),
		cmocka_unit_test(test_pendulum_fate),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
