/*
 * The learning-dynamics presets against their mathematics. richlazy: the
 * conserved delta = eta_w a^2 - eta_a |w|^2 and the exact solution of the
 * Riccati equation for z = w.beta* / a (derived in presets/richlazy.ode), for
 * delta < 0, = 0 and > 0 and in the fast-slow case eta_a << eta_w.
 */
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "model.h"
#include "solve.h"

static struct model *
load_preset(const char *name)
{
	struct diag d;
	char path[256];
	struct model *m;

	snprintf(path, sizeof path, "presets/%s.ode", name);
	m = model_load_file(path, &d);
	if (m == NULL)
		fail_msg("%s: %d:%d: %s", path, d.line, d.col, d.msg);
	return m;
}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_riccati_formula),
		cmocka_unit_test(test_richlazy_exact),
	};

	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
