/*
 * The learning-dynamics presets against their mathematics, and the SGD
 * learner against the ODE. richlazy: the conserved delta = eta_w a^2 -
 * eta_a |w|^2 and the exact solution of the Riccati equation for
 * z = w.beta* / a (derived in presets/richlazy.ode), for delta < 0, = 0 and
 * > 0 and in the fast-slow case eta_a << eta_w. featlearn: its right-hand
 * side against Gaussian expectations computed by Gauss-Hermite quadrature;
 * its outcomes. sgd: reproducible bytes, the order parameters of the initial
 * network, and the distance to the ODE shrinking as d grows.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "analysis.h"
#include "learn.h"
#include "model.h"
#include "solve.h"

static int
par(const struct model *m, const char *name)
{
	int k = model_par_index(m, name);

	if (k < 0)
		fail_msg("richlazy has no parameter %s", name);
	return k;
}

/* The closed form: z(t) = (z+ - C z- e^{-Dt}) / (1 - C e^{-Dt}). */
static double
riccati_z(double t, double z0, double eta_a, double eta_w, double b2, double delta)
{
	double d = sqrt(delta * delta + 4 * eta_a * eta_w * b2);
	double zp = (-delta + d) / (2 * eta_a), zm = (-delta - d) / (2 * eta_a);
	double c = (z0 - zp) / (z0 - zm), e = c * exp(-d * t);

	return (zp - zm * e) / (1 - e);
}

/* One run from a = r, w = (-1/r, 0) (beta0 = (-1, 0)); returns delta. */
static double
check_run(const struct model *m, double *p, double r, double eta_a, double tmax)
{
	int ia = model_var_index(m, "a"), i1 = model_var_index(m, "w1"),
	    i2 = model_var_index(m, "w2");
	double y0[3], ea, ew, b1, b2, delta, z0, worst_d = 0, worst_z = 0;
	struct settings s = m->set;
	struct traj tr;
	size_t k, nz = 0;

	p[par(m, "eta_a")] = eta_a;
	ea = eta_a;
	ew = p[par(m, "eta_w")];
	b1 = p[par(m, "beta1")];
	b2 = p[par(m, "beta2")];
	y0[ia] = r;
	y0[i1] = -1 / r;
	y0[i2] = 0;
	delta = ew * r * r - ea / (r * r);
	z0 = (y0[i1] * b1 + y0[i2] * b2) / r;
	s.tmax = tmax;
	s.rtol = 1e-13;
	s.atol = 1e-13;
	s.method = METHOD_RK8PD;
	traj_init(&tr, 3);
	solve_traj(m, p, y0, &s, 1, &tr, NULL, NULL);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_true(tr.n > 20);
	for (k = 0; k < tr.n; k++) {
		const double *y = tr.y + 3 * k;
		double dl = ew * y[ia] * y[ia] - ea * (y[i1] * y[i1] + y[i2] * y[i2]);
		/* relative to the two terms delta is the difference of */
		double scale = ew * r * r + ea / (r * r);
		double err = fabs(dl - delta) / scale, z, zc;

		if (err > worst_d)
			worst_d = err;
		if (fabs(y[ia]) < 0.1)	/* z = p/a is near its pole */
			continue;
		z = (y[i1] * b1 + y[i2] * b2) / y[ia];
		zc = riccati_z(tr.t[k], z0, ea, ew, b1 * b1 + b2 * b2, delta);
		err = fabs(z - zc) / (1 + fabs(zc));
		if (err > worst_z)
			worst_z = err;
		nz++;
	}
	if (worst_d > 1e-9)
		fail_msg("r=%g eta_a=%g: delta drifted by %.3g relative", r, eta_a, worst_d);
	if (worst_z > 1e-8)
		fail_msg("r=%g eta_a=%g: z off the closed form by %.3g", r, eta_a, worst_z);
	assert_true(nz > 10);
	/* the end: beta = a w = beta*, a^2 solving eta_w a^2 - eta_a B^2/a^2 = delta */
	{
		const double *y = tr.y + 3 * (tr.n - 1);
		assert_close(y[ia] * y[i1], b1, 1e-6, "beta1 learned");
		assert_close(y[ia] * y[i2], b2, 1e-6, "beta2 learned");
	}
	traj_fini(&tr);
	return delta;
}

static void
test_richlazy_exact(void **state)
{
	struct model *m = load_preset("richlazy");
	double p[8];
	(void)state;

	assert_int_equal(m->npar, 4);
	memcpy(p, m->par_value, sizeof(double) * (size_t)m->npar);
	assert_true(check_run(m, p, 1.0, 1.0, 60) == 0);	/* balanced */
	assert_true(check_run(m, p, 2.0, 1.0, 60) > 0);		/* lazy */
	assert_true(check_run(m, p, 0.5, 1.0, 120) < 0);	/* rich, a changes sign */
	/* fast-slow: eta_a << eta_w, all three signs of delta */
	assert_true(check_run(m, p, 0.3, 0.05, 400) < 0);
	assert_true(fabs(check_run(m, p, pow(0.05, 0.25), 0.05, 200)) < 1e-15);
	assert_true(check_run(m, p, 1.0, 0.05, 200) > 0);
	model_free(m);
}

/* The closed form itself: at t = 0 it is z0, and it solves z' = eta_w B^2 - delta z - eta_a z^2. */
static void
test_riccati_formula(void **state)
{
	double t, h = 1e-5;
	(void)state;

	assert_close(riccati_z(0, -0.6, 1, 1, 1, -3.75), -0.6, 1e-15, "z(0)");
	for (t = 0.1; t < 2; t += 0.3) {
		double z = riccati_z(t, 0.3, 0.7, 1.3, 0.8, 0.4);
		double dz = (riccati_z(t + h, 0.3, 0.7, 1.3, 0.8, 0.4) -
		    riccati_z(t - h, 0.3, 0.7, 1.3, 0.8, 0.4)) / (2 * h);
		assert_close(dz, 1.3 * 0.8 - 0.4 * z - 0.7 * z * z, 1e-8, "Riccati residual");
	}
}

/* ---- featlearn ---- */

/* E[F(u*, u)] for standard Gaussians u, u* with correlation m, by 2-D Gauss-Hermite. */
struct gauss2 {
	gsl_integration_fixed_workspace *w;
	const double *x, *wt;
	size_t n;
};

static void
gauss2_init(struct gauss2 *g, size_t n)
{
	g->w = gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, n, 0, 0.5, 0, 0);
	g->x = gsl_integration_fixed_nodes(g->w);
	g->wt = gsl_integration_fixed_weights(g->w);
	g->n = n;
}

/* The expectations the ODE is made of: P, S, E[sig*' sig'], R(m, a). */
struct moments {
	double p, s, dp, r;
};

static void
moments(const struct gauss2 *g, const double *c, const double *sc, int n, double m, double a,
    struct moments *mo)
{
	size_t i, j;
	double norm = 2 * M_PI, rm = sqrt(1 - m * m);

	memset(mo, 0, sizeof *mo);
	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->n; j++) {
			double u = g->x[i], us = m * u + rm * g->x[j], w = g->wt[i] * g->wt[j] / norm;
			double ys, dys, y, dy, e;
			sgd_hermite(c, n, us, &ys, &dys);
			sgd_hermite(sc, n, u, &y, &dy);
			e = ys - a * y;
			mo->p += w * ys * y;
			mo->s += w * y * y;
			mo->dp += w * dys * dy;
			mo->r += w * e * e * dy * dy;
		}
}

static void
test_hermite(void **state)
{
	double c[4] = {0.3, -0.7, 1.1, 0.4}, v, dv, z = 0.83;
	(void)state;

	/* h0 = 1, h1 = z, h2 = (z^2-1)/sqrt 2, h3 = (z^3 - 3z)/sqrt 6 */
	sgd_hermite(c, 4, z, &v, &dv);
	assert_close(v, 0.3 - 0.7 * z + 1.1 * (z * z - 1) / sqrt(2) +
	    0.4 * (z * z * z - 3 * z) / sqrt(6), 1e-14, "sig");
	assert_close(dv, -0.7 + 1.1 * 2 * z / sqrt(2) + 0.4 * (3 * z * z - 3) / sqrt(6), 1e-14,
	    "sig'");
}

/* The preset's m' and a' equal the Gaussian expectations they were expanded from. */
static void
test_featlearn_rhs(void **state)
{
	struct model *m = load_preset("featlearn");
	const char *names[9] = {"c0", "c1", "c2", "s0", "s1", "s2", "lr", "batch", "eps"};
	const double sets[3][9] = {
		{1.5, 0, 1, 1, 0, 1, 0.6, 1, 0.05},
		{0.3, 0.5, 1, -0.2, 0.5, 1, 1, 1, 0.05},
		{-0.4, 0.9, 2.2, 0.7, -1.3, 0.6, 0.25, 4, 0.3},
	};
	const double pts[4][2] = {{0.1, 0.1}, {0.5, 0.9}, {-0.7, 1.4}, {0.95, -0.3}};
	struct gauss2 g;
	double p[16], y[2], f[2];
	int k, q, im = model_var_index(m, "m"), ia = model_var_index(m, "a");
	(void)state;

	gauss2_init(&g, 24);
	for (k = 0; k < 3; k++) {
		double c[3], sc[3], lr = sets[k][6], b = sets[k][7], eps = sets[k][8];
		for (q = 0; q < 9; q++)
			p[par(m, names[q])] = sets[k][q];
		memcpy(c, sets[k], sizeof c);
		memcpy(sc, sets[k] + 3, sizeof sc);
		for (q = 0; q < 4; q++) {
			struct moments mo;
			double mm = pts[q][0], a = pts[q][1];
			y[im] = mm;
			y[ia] = a;
			expr_prog_eval(m->rhs_prog, 0, y, p, f);
			moments(&g, c, sc, 3, mm, a, &mo);
			assert_close(f[im], a * (1 - mm * mm) * mo.dp - lr / (2 * b) * mm * a * a * mo.r,
			    1e-10, "m'");
			assert_close(f[ia], eps * (mo.p - a * mo.s), 1e-10, "a'");
		}
	}
	gsl_integration_fixed_free(g.w);
	model_free(m);
}

static void
run_fate(const struct model *m, const double *p, struct traj *tr, struct fate *f)
{
	struct analysis_req r;
	struct analysis *an;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.par = p;
	r.base = m->init;
	r.xvar = m->xp;
	r.yvar = m->yp;
	r.xlo = m->xlo;
	r.xhi = m->xhi;
	r.ylo = m->ylo;
	r.yhi = m->yhi;
	r.want_eq = r.want_manifold = 1;
	an = analysis_compute(&r);
	fate_classify(m, p, tr, an, f);
	/* f->last points into tr, so it outlives the analysis */
	analysis_free(an);
}

/*
 * Learning at c2 = 1, unlearning at c2 = 5: the ODE and real networks agree
 * (d = 250, three seeds each).
 */
static void
test_featlearn_outcomes(void **state)
{
	struct model *m = load_preset("featlearn");
	double p[16];
	struct settings s = m->set;
	struct sgd_run run = {1, 250, 1, 1};
	struct traj tr;
	struct fate f;
	int c2 = par(m, "c2"), im = model_var_index(m, "m"), ia = model_var_index(m, "a");
	(void)state;

	memcpy(p, m->par_value, sizeof(double) * (size_t)m->npar);
	traj_init(&tr, m->nvar);

	p[c2] = 1;
	solve_traj(m, p, m->init, &s, 1, &tr, NULL, NULL);
	run_fate(m, p, &tr, &f);
	assert_int_equal(f.end, FATE_EQUILIBRIUM);
	assert_int_equal(f.learned, 1);
	assert_close(f.last[im], 0.486122, 1e-5, "kept alignment");
	assert_close(f.last[ia], 0.868157, 1e-5, "a on the feature branch");
	for (run.seed = 1; run.seed <= 3; run.seed++) {
		learn_path(m, p, m->init, &s, &run, &tr, NULL, NULL, NULL);
		run_fate(m, p, &tr, &f);
		assert_int_equal(tr.kind, TRAJ_SGD);
		assert_int_equal(f.learned, 1);
	}

	p[c2] = 5;
	solve_traj(m, p, m->init, &s, 1, &tr, NULL, NULL);
	run_fate(m, p, &tr, &f);
	assert_int_equal(f.end, FATE_EQUILIBRIUM);
	assert_int_equal(f.learned, 0);
	assert_true(fabs(f.last[im]) < 1e-4);
	/* the unlearned state: a = c0 s0 / (s0^2 + s2^2) */
	assert_close(f.last[ia], 0.75, 1e-4, "a on the trivial branch");
	assert_true(f.feature_max > 0.4);
	for (run.seed = 1; run.seed <= 3; run.seed++) {
		learn_path(m, p, m->init, &s, &run, &tr, NULL, NULL, NULL);
		run_fate(m, p, &tr, &f);
		assert_int_equal(f.learned, 0);
		assert_true(f.feature_max > 0.3);	/* learned first */
	}
	traj_fini(&tr);
	model_free(m);
}

/* ---- sgd ---- */

static void
test_sgd_reproducible(void **state)
{
	struct model *m = load_preset("featlearn");
	struct settings s = m->set;
	struct sgd_run run = {1, 120, 1, 42};
	struct traj t1, t2;
	(void)state;

	s.tmax = 5;
	traj_init(&t1, m->nvar);
	traj_init(&t2, m->nvar);
	learn_path(m, m->par_value, m->init, &s, &run, &t1, NULL, NULL, NULL);
	learn_path(m, m->par_value, m->init, &s, &run, &t2, NULL, NULL, NULL);
	assert_int_equal(t1.stop, SOLVE_DONE);
	assert_true(t1.n > 100 && t1.n == t2.n);
	assert_memory_equal(t1.t, t2.t, t1.n * sizeof *t1.t);
	assert_memory_equal(t1.y, t2.y, t1.n * (size_t)t1.dim * sizeof *t1.y);
	/* another seed, another path */
	run.seed = 43;
	learn_path(m, m->par_value, m->init, &s, &run, &t2, NULL, NULL, NULL);
	assert_true(memcmp(t1.y + 2, t2.y + 2, (t1.n - 1) * 2 * sizeof *t1.y) != 0);
	/* time in the ODE's units: steps * lr / d */
	assert_close(t1.t[t1.n - 1], (double)t1.nsteps * 0.6 / 120, 1e-14, "t");
	assert_true(t1.t[t1.n - 1] >= 5 && t1.t[t1.n - 1] < 5 + 0.6 / 120 + 1e-12);
	traj_fini(&t1);
	traj_fini(&t2);
	model_free(m);
}

/* The first point of the path is the initial network's own order parameters. */
static void
test_sgd_initial(void **state)
{
	struct model *m = load_preset("featlearn");
	struct sgd_run run = {1, 300, 4, 7};
	struct sgd_setup su;
	struct sgd *net;
	struct sgd_order o;
	struct settings s = m->set;
	struct traj tr;
	double mean_m = 0, mean_a = 0, y0[2];
	int j, k, im = model_var_index(m, "m"), ia = model_var_index(m, "a");
	(void)state;

	y0[im] = 0.37;
	y0[ia] = -0.2;
	assert_null(learn_setup(m, m->par_value, y0, &run, &su));
	net = sgd_new(&su);
	for (j = 0; j < 4; j++) {
		const double *w = sgd_w(net, j), *ws = sgd_target(net);
		double dot = 0, nw = 0, ns = 0;
		for (k = 0; k < su.d; k++) {
			dot += w[k] * ws[k];
			nw += w[k] * w[k];
			ns += ws[k] * ws[k];
		}
		assert_close(nw, 1, 1e-13, "|w| = 1");
		assert_close(ns, 1, 1e-13, "|w*| = 1");
		assert_close(dot, 0.37, 1e-12, "each neuron starts at m0");
		mean_m += dot / 4;
		mean_a += sgd_a(net)[j] / 4;
	}
	sgd_measure(net, &o);
	assert_close(o.m, mean_m, 1e-14, "measured m");
	assert_close(o.a, mean_a, 1e-14, "measured a");
	assert_true(o.t == 0);
	sgd_free(net);
	/* and learn_path records exactly that first */
	s.tmax = 0.5;
	traj_init(&tr, m->nvar);
	learn_path(m, m->par_value, y0, &s, &run, &tr, NULL, NULL, NULL);
	assert_true(tr.t[0] == 0);
	assert_true(tr.y[im] == o.m);
	assert_true(tr.y[ia] == o.a);
	traj_fini(&tr);
	model_free(m);
}

/*
 * The root-mean-square of m_sgd - m_ode over 100 times along a path (the ODE
 * solved to each of them); *sup gets the largest difference.
 */
static double
sgd_ode_distance(const struct model *m, const double *p, const double *y0, int d,
    unsigned long seed, double tmax, double *sup)
{
	struct settings s = m->set, seg;
	struct sgd_run run = {1, 0, 1, 0};
	struct traj path, piece;
	double y[2], worst = 0, sum2 = 0;
	size_t k, stride, count = 0;
	int im = model_var_index(m, "m");

	run.d = d;
	run.seed = seed;
	s.tmax = tmax;
	traj_init(&path, m->nvar);
	traj_init(&piece, m->nvar);
	learn_path(m, p, y0, &s, &run, &path, NULL, NULL, NULL);
	memcpy(y, y0, sizeof y);
	seg = s;
	seg.rtol = 1e-10;
	seg.atol = 1e-12;
	stride = path.n / 100 ? path.n / 100 : 1;
	for (k = stride; k < path.n; k += stride) {
		seg.t0 = path.t[k - stride];
		seg.tmax = path.t[k] - path.t[k - stride];
		solve_traj(m, p, y, &seg, 1, &piece, NULL, NULL);
		memcpy(y, piece.y + (piece.n - 1) * 2, sizeof y);
		worst = fmax(worst, fabs(path.y[k * 2 + (size_t)im] - y[im]));
		sum2 += pow(path.y[k * 2 + (size_t)im] - y[im], 2);
		count++;
	}
	traj_fini(&path);
	traj_fini(&piece);
	*sup = worst;
	return sqrt(sum2 / (double)count);
}

/*
 * At d = 100 and d = 800 (three seeds each) the path closes in on the ODE.
 * It starts at m = 0.3 (well above the 1/sqrt(d) of a random start), so
 * that the time the feature takes off is not itself a fluctuation.
 */
static void
test_sgd_tracks_ode(void **state)
{
	struct model *m = load_preset("featlearn");
	double small = 0, large = 0, y0[2];
	unsigned long seed;
	(void)state;

	y0[model_var_index(m, "m")] = 0.3;
	y0[model_var_index(m, "a")] = 0.3;
	for (seed = 1; seed <= 3; seed++) {
		double ss, sl, ds = sgd_ode_distance(m, m->par_value, y0, 100, seed, 20, &ss);
		double dl = sgd_ode_distance(m, m->par_value, y0, 800, seed, 20, &sl);
		print_message("seed %lu: rms (max) |m_sgd - m_ode| = %.4f (%.4f) at d=100, "
		    "%.4f (%.4f) at d=800\n", seed, ds, ss, dl, sl);
		small += ds / 3;
		large += dl / 3;
	}
	/* fluctuations are O(1/sqrt(d)): a factor sqrt(8) = 2.8 between the two */
	assert_true(large < small / 1.8);
	assert_true(large < 0.07);
	model_free(m);
}

/* ---- elastic ---- */

/*
 * Without noise, from x1 = -x2 = x0 the features stay symmetric and
 * x' = (alpha - beta) / (1 + e^x), so x + e^x = (alpha - beta) t + x0 + e^x0:
 * the separation 2x grows without bound above alpha = beta, falls below it,
 * and stays put at it.
 */
static double
elastic_x(double t, double x0, double k)
{
	double c = k * t + x0 + exp(x0), x = c > 1 ? log(c) : c - 1;
	int i;

	for (i = 0; i < 60; i++)	/* Newton on x + e^x = c */
		x -= (x + exp(x) - c) / (1 + exp(x));
	return x;
}

static void
test_elastic(void **state)
{
	struct model *m = load_preset("elastic");
	const double alphas[3] = {1.3, 1.0, 0.7};
	double p[8], y0[2];
	struct settings s = m->set;
	struct traj tr;
	int k, i1 = model_var_index(m, "x1"), i2 = model_var_index(m, "x2");
	(void)state;

	memcpy(p, m->par_value, sizeof(double) * (size_t)m->npar);
	p[par(m, "sig")] = 0;
	p[par(m, "beta")] = 1;
	y0[i1] = 0.2;
	y0[i2] = -0.2;
	s.dt = 1e-3;
	s.tmax = 50;
	traj_init(&tr, m->nvar);
	for (k = 0; k < 3; k++) {
		const double *y;
		double x;
		p[par(m, "alpha")] = alphas[k];
		solve_traj(m, p, y0, &s, 1, &tr, NULL, NULL);
		assert_int_equal(tr.stop, SOLVE_DONE);
		y = tr.y + (tr.n - 1) * 2;
		x = elastic_x(tr.t[tr.n - 1], 0.2, alphas[k] - 1);
		/* Euler-Maruyama is first order: 1e-3 steps, an error near 1e-3 */
		assert_close(y[i1], x, 5e-3, "x1 against the closed form");
		assert_close(y[i2], -x, 5e-3, "x2 against the closed form");
		if (k == 0)
			assert_true(y[i1] - y[i2] > 5);	/* ln t growth: 2 x(50) = 5.5 */
		else if (k == 1)
			assert_true(y[i1] - y[i2] == 0.4);	/* exactly still */
		else
			assert_true(y[i1] - y[i2] < -25);
	}
	traj_fini(&tr);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_riccati_formula),
		cmocka_unit_test(test_richlazy_exact),
		cmocka_unit_test(test_hermite),
		cmocka_unit_test(test_featlearn_rhs),
		cmocka_unit_test(test_featlearn_outcomes),
		cmocka_unit_test(test_sgd_reproducible),
		cmocka_unit_test(test_sgd_initial),
		cmocka_unit_test(test_sgd_tracks_ode),
		cmocka_unit_test(test_elastic),
	};

	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
