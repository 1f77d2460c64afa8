/*
 * Network specials (special z=conv/fconv/sparse/fsparse), against answers
 * worked by hand: a constant array under each edge type, the reflected
 * indices of even edges, a Fourier mode under a periodic convolution (an
 * eigenvector), the Jacobian equal to the weight matrix, a sparse sum with
 * a left-out index, fconv's two roots, a fixed-quantity root, the entry
 * selector's truncation, the heat equation's decay of a mode integrated to
 * t=1, and refusals that name what is wrong.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testmodel.h"
#include "solve.h"

/* The right-hand side at y (t = 0, the file's parameters). */
static void
rhs_at(const struct model *m, const double *y, double *out)
{
	expr_prog_eval(m->rhs_prog, 0, y, m->par_value, out);
}

/*
 * Weights w = 1 + t^2 at t = -2..2: (5, 2, 1, 2, 5), sum 15. With u = 2
 * everywhere, even and periodic edges keep all five terms (30 at every i);
 * zero edges drop the two left of i = 0 (1 + 2 + 5 = 8, so 16) and one at
 * i = 1 (2 + 1 + 2 + 5 = 10, so 20).
 */
static void
test_constant_edges(void **state)
{
	static const char *const kind[] = {"even", "periodic", "zero"};
	int e, i;

	(void)state;
	for (e = 0; e < 3; e++) {
		char text[512];
		struct model *m;
		double y[10], f[10];
		snprintf(text, sizeof text,
		    "table w %% 5 -2 2 1+t^2\n"
		    "special k=conv(%s,10,2,w,u0)\n"
		    "u[0..9]'=k([j])\n", kind[e]);
		m = load(text);
		assert_int_equal(m->nvar, 10);
		for (i = 0; i < 10; i++)
			y[i] = 2;
		rhs_at(m, y, f);
		for (i = 2; i < 8; i++)
			assert_close(f[i], 30, 1e-15, "interior");
		assert_close(f[0], e < 2 ? 30 : 16, 1e-15, "left end");
		assert_close(f[1], e < 2 ? 30 : 20, 1e-15, "next to the left end");
		assert_close(f[9], e < 2 ? 30 : 16, 1e-15, "right end");
		model_free(m);
	}
}

/*
 * Even edges reflect about both ends: index -1 reads 1, -2 reads 2, n reads
 * n-2, n+1 reads n-3. u_k = k, n = 5, w_{j+2} = j + 2 (0..4):
 * z_0 = 0*u2 + 1*u1 + 2*u0 + 3*u1 + 4*u2 = 1 + 3 + 8 = 12,
 * z_4 = 0*u2 + 1*u3 + 2*u4 + 3*u3 + 4*u2 = 3 + 8 + 9 + 8 = 28.
 */
static void
test_even_reflection(void **state)
{
	struct model *m = load(
	    "table w % 5 0 4 t\n"
	    "special k=conv(even,5,2,w,u0)\n"
	    "u[0..4]'=k([j])\n");
	double y[5] = {0, 1, 2, 3, 4}, f[5];

	(void)state;
	rhs_at(m, y, f);
	assert_close(f[0], 12, 1e-15, "z_0");
	assert_close(f[4], 28, 1e-15, "z_4");
	/* interior: z_2 = 0*0 + 1*1 + 2*2 + 3*3 + 4*4 = 30 */
	assert_close(f[2], 30, 1e-15, "z_2");
	model_free(m);
}

/*
 * A periodic convolution with symmetric weights maps the Fourier mode
 * cos(2 pi m k / n) to lambda times itself, lambda = sum_j w_j cos(2 pi m j / n);
 * its Jacobian is the circulant weight matrix (row i: w_{j+2} at column i+j mod n).
 */
static void
test_fourier_mode_and_jacobian(void **state)
{
	struct model *m = load(
	    "table w % 5 -2 2 1+t^2\n"
	    "special k=conv(periodic,16,2,w,u0)\n"
	    "u[0..15]'=k([j])\n");
	const double w[5] = {5, 2, 1, 2, 5};
	double y[16], f[16], lambda = 0, *jac;
	int i, j, n = 16, mode = 3;

	(void)state;
	for (j = -2; j <= 2; j++)
		lambda += w[j + 2] * cos(2 * M_PI * mode * j / n);
	for (i = 0; i < n; i++)
		y[i] = cos(2 * M_PI * mode * i / n);
	rhs_at(m, y, f);
	for (i = 0; i < n; i++)
		if (!(fabs(f[i] - lambda * y[i]) <= 1e-13 * fabs(lambda)))
			fail_msg("entry %d: %.17g, want lambda * mode = %.17g", i, f[i], lambda * y[i]);
	jac = calloc((size_t)(n * n + n), sizeof *jac);
	expr_prog_eval(m->jac_prog, 0, y, m->par_value, jac);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int d = ((j - i) % n + n) % n;
			double want = d <= 2 ? w[d + 2] : d >= n - 2 ? w[d - n + 2] : 0;
			if (jac[i * n + j] != want)
				fail_msg("jacobian [%d][%d] = %g, want %g", i, j, jac[i * n + j], want);
		}
	free(jac);
	model_free(m);
}

/*
 * sparse(3, 2, w, ix, u0): w = t + 1 = 1..6, ix = mod(2t, 5) - 1 at t = 0..5
 * = (-1, 1, 3, 0, 2, -1); a negative index leaves its term out. With
 * u = (10, 20, 30, 40): z_0 = 2*u1 = 40, z_1 = 3*u3 + 4*u0 = 160,
 * z_2 = 5*u2 = 150.
 */
static void
test_sparse(void **state)
{
	struct model *m = load(
	    "table w % 6 0 5 t+1\n"
	    "table ix % 6 0 5 mod(2*t,5)-1\n"
	    "special k=sparse(3,2,w,ix,u0)\n"
	    "u[0..3]'=k([j])\n");
	double y[4] = {10, 20, 30, 40}, f[4];

	(void)state;
	rhs_at(m, y, f);
	assert_close(f[0], 40, 1e-15, "z_0");
	assert_close(f[1], 160, 1e-15, "z_1");
	assert_close(f[2], 150, 1e-15, "z_2");
	assert_close(f[3], 0, 1e-15, "entry 3 of a 3-entry special");
	model_free(m);
}

/*
 * fconv(even, 5, 2, w, u0, v0, f) with f(a,b) = a*b: z_i = v_i * sum_j w_j u_k;
 * with u = 2, z_i = 30 v_i. fsparse likewise with the sparse sums above.
 */
static void
test_fconv_fsparse(void **state)
{
	struct model *m = load(
	    "f(a,b)=a*b\n"
	    "table w % 5 -2 2 1+t^2\n"
	    "table ws % 6 0 5 t+1\n"
	    "table ix % 6 0 5 mod(2*t,5)-1\n"
	    "special k=fconv(even,5,2,w,u0,v0,f)\n"
	    "special s=fsparse(3,2,ws,ix,u0,v0,f)\n"
	    "u[0..4]'=k([j])\n"
	    "v[0..4]'=s([j])\n");
	double y[10] = {2, 2, 2, 2, 2, 0, 1, 2, 3, 4}, g[10];
	int i;

	(void)state;
	rhs_at(m, y, g);
	for (i = 0; i < 5; i++)
		assert_close(g[i], 30 * y[5 + i], 1e-15, "fconv");
	/* fsparse: z_i = v_i * (sparse sum over u = 2): (2*2) v0, (3*2 + 4*2) v1, (5*2) v2 */
	assert_close(g[5], 0, 1e-15, "fsparse z_0");
	assert_close(g[6], 14, 1e-15, "fsparse z_1");
	assert_close(g[7], 20, 1e-15, "fsparse z_2");
	model_free(m);
}

/*
 * A fixed quantity as the root (as amari.ode convolves heav(u)): fu_k = 2 u_k,
 * and the Jacobian carries the chain rule: d z_i / d u_k = 2 w.
 */
static void
test_fixed_root(void **state)
{
	struct model *m = load(
	    "table w % 3 -1 1 1\n"
	    "fu[0..3]=2*u[j]\n"
	    "special k=conv(zero,4,1,w,fu0)\n"
	    "u[0..3]'=k([j])\n");
	double y[4] = {1, 2, 3, 4}, f[4], jac[20];

	(void)state;
	rhs_at(m, y, f);
	assert_close(f[0], 2 * (1 + 2), 1e-15, "z_0");
	assert_close(f[1], 2 * (1 + 2 + 3), 1e-15, "z_1");
	assert_close(f[3], 2 * (3 + 4), 1e-15, "z_3");
	expr_prog_eval(m->jac_prog, 0, y, m->par_value, jac);
	assert_close(jac[1 * 4 + 0], 2, 1e-15, "d z_1 / d u_0");
	assert_close(jac[0 * 4 + 3], 0, 1e-15, "d z_0 / d u_3");
	model_free(m);
}

/* z(x) reads entry (int)x, truncated toward 0, and 0 outside the entries. */
static void
test_selector(void **state)
{
	struct model *m;
	double y[2] = {3, 5}, a[6];

	(void)state;
	m = load(
	    "table w % 3 -1 1 0 + 1*(t==0)\n"
	    "special k=conv(zero,2,1,w,u0)\n"
	    "u[0..1]'=0\n"
	    "aux a0=k(-0.5)\n"
	    "aux a1=k(1.9)\n"
	    "aux a2=k(-1)\n"
	    "aux a3=k(2)\n"
	    "aux a4=k(0)\n"
	    "aux a5=k(t+1)\n");
	expr_prog_eval(m->aux_prog, 0.5, y, m->par_value, a);
	assert_close(a[0], 3, 1e-15, "k(-0.5) is entry 0");
	assert_close(a[1], 5, 1e-15, "k(1.9) is entry 1");
	assert_close(a[2], 0, 1e-15, "k(-1) is outside");
	assert_close(a[3], 0, 1e-15, "k(2) is outside");
	assert_close(a[4], 3, 1e-15, "k(0)");
	assert_close(a[5], 5, 1e-15, "k(t+1) at t=0.5 is entry 1");
	model_free(m);
}

/*
 * The discrete heat equation v_k' = v_{k-1} - 2 v_k + v_{k+1} on a ring of
 * 12, written as a periodic convolution with (1, -2, 1): the mode
 * cos(2 pi k / 12) decays as exp(lambda t), lambda = 2 cos(2 pi / 12) - 2.
 */
static void
test_heat_equation(void **state)
{
	struct model *m = load(
	    "table dd % 3 -1 1 3*abs(t)-2\n"
	    "special lap=conv(periodic,12,1,dd,v0)\n"
	    "v[0..11]'=lap([j])\n"
	    "v[0..11](0)=cos(2*pi*[j]/12)\n"
	    "@ total=1\n");
	struct settings s = m->set;
	struct traj tr;
	double lambda = 2 * cos(2 * M_PI / 12) - 2;
	int k;

	(void)state;
	s.method = METHOD_RK8PD;
	s.rtol = s.atol = 1e-12;
	traj_init(&tr, m->nvar);
	solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
	assert_close(tr.t[tr.n - 1], 1, 1e-12, "end time");
	for (k = 0; k < 12; k++)
		assert_close(tr.y[(tr.n - 1) * 12 + k] + 2, exp(lambda) * cos(2 * M_PI * k / 12) + 2,
		    1e-10, "the mode at t=1");
	traj_fini(&tr);
	model_free(m);
}

static void
test_refusals(void **state)
{
	(void)state;
	load_fails("table w % 3 -1 1 1\nspecial k=conv(even,4,2,w,u0)\nu[0..3]'=0\n", 2, 25,
	    "table 'w' has 3 values, the special reads 5");
	load_fails("table w % 3 -1 1 1\nspecial k=conv(even,5,1,w,u0)\nu[0..3]'=0\n", 2, 27,
	    "the special reads 5 elements from 'u0', but only 4");
	load_fails("table w % 3 -1 1 1\nspecial k=conv(odd,4,1,w,u0)\nu[0..3]'=0\n", 2, 16,
	    "unknown edge type 'odd'");
	load_fails("table w % 3 -1 1 1\nspecial k=conv(even,4,1,w,p)\npar p=1\nu[0..3]'=0\n", 2, 27,
	    "'p' is not a variable or fixed quantity");
	load_fails("table w % 3 -1 1 1\nspecial k=conv(even,4,1,w)\nu[0..3]'=0\n", 2, 11,
	    "conv takes 5 arguments, found 4");
	load_fails("table w % 2 0 1 1\ntable ix % 2 0 1 7\nspecial k=sparse(1,2,w,ix,u0)\n"
	    "u[0..3]'=0\n", 3, 27, "index table 'ix' names element 7 of 'u0', but only 4");
	load_fails("u'=0\nspecial k=mmult(2,2,w,u)\n", 2, 11, "'special' 'mmult' (matrix");
	load_fails("u'=0\nspecial k=frob(2,2,w,u)\n", 2, 11, "unknown 'special' kind 'frob'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constant_edges),
		cmocka_unit_test(test_even_reflection),
		cmocka_unit_test(test_fourier_mode_and_jacobian),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_fconv_fsparse),
		cmocka_unit_test(test_fixed_root),
		cmocka_unit_test(test_selector),
		cmocka_unit_test(test_heat_equation),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
