/*
 * XPPAUT's files as they are written: arrays against a closed form, the
 * fixed-step methods against rows XPPAUT 6.11 printed, XPPAUT's output grid.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "cmd.h"
#include "job.h"
#include "model.h"
#include "solve.h"

/*
 * x[1..4]' = -[j]*x[j] from 1: x_j = exp(-j t). A block gives y_j' = x_j - y_j
 * interlaced with z_j' = 0 (declaration order y1 z1 y2 z2 ...), and an aux sums
 * the x_j with sum()of(shift()).
 */
static void
test_array_closed_form(void **state)
{
	struct model *m = load(
	    "x[1..4]' = -[j]*x[j]\n"
	    "init x[1..4]=1\n"
	    "%[1..2]\n"
	    "y[j]' = x[j] - y[j]\n"
	    "z[j]' = 0\n"
	    "%\n"
	    "aux s = sum(1,4)of(shift(x1,i'-1))\n"
	    "aux w[1..2] = [j]*10 + x[j+1]\n"
	    "@ total=1\n");
	struct traj tr;
	struct settings s;
	double t = 1, *y, aux[3];
	int j;

	(void)state;
	assert_int_equal(m->nvar, 8);
	assert_string_equal(m->var[4], "y1");
	assert_string_equal(m->var[5], "z1");
	assert_string_equal(m->var[6], "y2");
	assert_int_equal(m->naux, 3);
	assert_string_equal(m->aux[2], "w2");
	s = m->set;
	s.rtol = 1e-12;
	s.atol = 1e-14;
	run_settings(m, &s, &tr);
	assert_true(fabs(tr.t[tr.n - 1] - t) < 1e-12);
	y = tr.y + (tr.n - 1) * 8;
	for (j = 1; j <= 4; j++)
		assert_true(fabs(y[j - 1] - exp(-j * t)) < 1e-10);
	/* y1' = e^-t - y1, y1(0) = 0: y1 = t e^-t; y2' = e^-2t - y2: y2 = e^-t - e^-2t */
	assert_true(fabs(y[4] - t * exp(-t)) < 1e-10);
	assert_true(fabs(y[6] - (exp(-t) - exp(-2 * t))) < 1e-10);
	expr_prog_eval(m->aux_prog, t, y, m->par_value, aux);
	assert_true(fabs(aux[0] - (exp(-1.0) + exp(-2.0) + exp(-3.0) + exp(-4.0))) < 1e-10);
	assert_true(fabs(aux[1] - (10 + exp(-2.0))) < 1e-10);
	traj_fini(&tr);
	model_free(m);
}

static void
test_array_errors(void **state)
{
	(void)state;
	load_fails_line("x[0..3]'=-x[j]+[j\n", 1, "'[' without ']'");
	load_fails_line("x'=-x\n%[1..3]\ny[j]'=1\n", 2, "without its closing '%'");
	load_fails_line("x[1..3]'=-x[k]\n", 1, "whole-number arithmetic of j");
	load_fails_line("x[3..1]'=1\n", 1, "empty");
}

/*
 * meth=rk4 (XPPAUT's classical Runge-Kutta) at dt=0.1, nout=2, total=1.05:
 * the rows XPPAUT 6.11 wrote for this file, as single-precision %.8g.
 */
static void
test_rk4_rows_match_xppaut(void **state)
{
	static const char *const want[] = {
		"0 1 0.5", "0.2 0.85112929 0.57526779", "0.40000001 0.77886915 0.61757672",
		"0.60000002 0.75760901 0.64419651", "0.80000001 0.77020252 0.66553193",
		"1 0.80318832 0.68737757",
	};
	struct model *m = load("x'=-x*x+sin(t)\ny'=x-y\ninit x=1,y=0.5\n"
	    "@ total=1.05, dt=0.1, nout=2, meth=rk4\n");
	struct traj tr;
	struct settings s = m->set;
	size_t i;
	char buf[128];

	(void)state;
	assert_int_equal(s.method, METHOD_RUNGEKUTTA);
	s.grid = 1;
	run_settings(m, &s, &tr);
	assert_int_equal(tr.n, 6);
	for (i = 0; i < tr.n; i++) {
		snprintf(buf, sizeof buf, "%.8g %.8g %.8g", (double)(float)tr.t[i],
		    (double)(float)tr.y[2 * i], (double)(float)tr.y[2 * i + 1]);
		assert_string_equal(buf, want[i]);
	}
	traj_fini(&tr);
	model_free(m);
}

/* XPPAUT's step count, measured: floor(total/dt + 0.1), the last nout block completed. */
static void
test_grid_rows(void **state)
{
	static const struct {
		double total;
		int nout;
		size_t rows;
		double tend;
	} cases[] = {
		{0.391, 1, 5, 0.4}, {0.389, 1, 4, 0.3}, {1, 3, 5, 1.2}, {1.2, 5, 4, 1.5},
		{0.45, 2, 3, 0.4},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof cases / sizeof *cases; k++) {
		char text[128];
		struct model *m;
		struct traj tr;
		struct settings s;
		snprintf(text, sizeof text, "x'=1\n@ total=%g, dt=0.1, nout=%d, meth=euler\n",
		    cases[k].total, cases[k].nout);
		m = load(text);
		s = m->set;
		s.grid = 1;
		run_settings(m, &s, &tr);
		assert_int_equal(tr.n, cases[k].rows);
		assert_true(fabs(tr.t[tr.n - 1] - cases[k].tend) < 1e-12);
		assert_true(fabs(tr.y[tr.n - 1] - cases[k].tend) < 1e-12);
		traj_fini(&tr);
		model_free(m);
	}
}

/* Euler and Heun on x' = x, one step of h = 0.5: 1.5 and 1 + h + h^2/2. */
static void
test_euler_heun_steps(void **state)
{
	struct model *m = load("x'=x\ninit x=1\n@ total=0.5, dt=0.5, meth=euler\n");
	struct traj tr;
	struct settings s = m->set;

	(void)state;
	run_settings(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 1.5) < 1e-15);
	traj_fini(&tr);
	s.method = METHOD_MODEULER;
	run_settings(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 1.625) < 1e-15);
	traj_fini(&tr);
	model_free(m);
}

/*
 * d/dx sqrt(abs(x)) is infinite at x = 0 where the right-hand side is 0: the
 * Jacobian's column falls back to a difference and msbdf runs to the end
 * (y' = -y alongside has the closed form e^-t).
 */
static void
test_jacobian_never_poisons(void **state)
{
	struct model *m = load("x'=-sqrt(abs(x))\ny'=-y\ninit x=0,y=1\n@ total=5\n");
	struct traj tr;
	struct settings s = m->set;

	(void)state;
	s.method = METHOD_MSBDF;
	s.rtol = 1e-10;
	s.atol = 1e-12;
	run_settings(m, &s, &tr);
	assert_int_equal(tr.stop, SOLVE_DONE);
	assert_true(fabs(tr.t[tr.n - 1] - 5) < 1e-12);
	assert_true(fabs(tr.y[2 * (tr.n - 1) + 1] - exp(-5.0)) < 1e-8);
	traj_fini(&tr);
	model_free(m);
}

/*
 * Draws in a table's formula are made once, when the file is read, from its
 * seed: 2000 nodes of ran(1) are uniform on [0, 1) (mean 1/2 within four
 * standard errors, sqrt(1/12/2000)), of normal(0,1) have mean 0 and variance
 * 1 within four standard errors; the same seed gives the same table, another
 * seed another.
 */
static double
table_draws(const char *seed, double *sum_u, double *sum_g, double *sum_g2, int *in01)
{
	char text[256];
	struct model *m;
	double first = 0, v[2];
	int k;

	snprintf(text, sizeof text, "table w %% 2000 0 1999 ran(1)\ntable g %% 2000 0 1999 "
	    "normal(0,1)\nx' = 0\naux a = w(t)\naux b = g(t)\n@ seed=%s\n", seed);
	m = load(text);
	*sum_u = *sum_g = *sum_g2 = 0;
	*in01 = 1;
	for (k = 0; k < 2000; k++) {
		double y = 0;
		expr_prog_eval(m->aux_prog, k, &y, m->par_value, v);
		if (k == 0)
			first = v[0];
		*in01 = *in01 && v[0] >= 0 && v[0] < 1;
		*sum_u += v[0];
		*sum_g += v[1];
		*sum_g2 += v[1] * v[1];
	}
	model_free(m);
	return first;
}

static void
test_table_random_formula(void **state)
{
	double su, sg, sg2, su2, sg_2, sg2_2, f1, f2, f3;
	int in01, in01b;

	(void)state;
	f1 = table_draws("7", &su, &sg, &sg2, &in01);
	assert_true(in01);
	assert_true(fabs(su / 2000 - 0.5) < 4 * sqrt(1.0 / 12 / 2000));
	assert_true(fabs(sg / 2000) < 4 * sqrt(1.0 / 2000));
	assert_true(fabs(sg2 / 2000 - 1) < 4 * sqrt(2.0 / 2000));
	f2 = table_draws("7", &su2, &sg_2, &sg2_2, &in01b);
	assert_true(f1 == f2 && su == su2 && sg == sg_2);
	f3 = table_draws("8", &su2, &sg_2, &sg2_2, &in01b);
	assert_true(f3 != f1 && su2 != su);
}

/*
 * x' = h(t) with h the table of t^2 at 0..4: x(4) is the integral of the
 * piecewise-linear interpolant, (0+1)/2 + (1+4)/2 + (4+9)/2 + (9+16)/2 = 22
 * (not 64/3); outside the nodes the end pieces extend (XPPAUT 6.11).
 */
static void
test_table_integrated_exactly(void **state)
{
	struct model *m = load("table h % 5 0 4 t*t\nx' = h(t)\naux lo=h(-1)\naux hi=h(5)\n"
	    "@ total=4\n");
	struct traj tr;
	struct settings s = m->set;
	double aux[2];
	struct diag d;

	(void)state;
	s.rtol = 1e-12;
	s.atol = 1e-12;
	run_settings(m, &s, &tr);
	assert_true(fabs(tr.y[tr.n - 1] - 22) < 1e-9);
	expr_prog_eval(m->aux_prog, 0, tr.y, m->par_value, aux);
	assert_true(fabs(aux[0] - -1) < 1e-12);
	assert_true(fabs(aux[1] - 23) < 1e-12);
	traj_fini(&tr);
	model_free(m);
	/* a missing file is named with the path tried, next to the model */
	assert_null(model_from_ode("table h w.tab\nx'=h(x)\n", "some/dir/m.ode", &d));
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "table 'h': cannot read 'some/dir/w.tab'"));
}

/*
 * XPPAUT keeps maxstor rows (5000 by default, the t0 row included): measured
 * with XPPAUT 6.11 on x' = -x, total=1000, dt=0.05 (cvode and rk4 both end at
 * t = 249.95 after 5000 rows) and with maxstor=100 (ends at 4.95). Every
 * accepted step (points=steps) is bounded by canard's maxstor only.
 */
static void
test_grid_rows_maxstor(void **state)
{
	static const char *const texts[] = {
		"x'=-x\n@ total=1000, dt=0.05, meth=cvode\n",
		"x'=-x\n@ total=1000, dt=0.05, meth=rk4\n",
		"x'=-x\n@ total=30, dt=0.05, maxstor=100, meth=cvode\n",
	};
	static const double tend[] = { 249.95, 249.95, 4.95 };
	struct model *m;
	struct traj tr;
	struct settings s;
	size_t k;

	(void)state;
	for (k = 0; k < 3; k++) {
		m = load(texts[k]);
		s = m->set;
		s.grid = 1;
		run_settings(m, &s, &tr);
		assert_int_equal(tr.n, k < 2 ? 5000 : 100);
		assert_true(fabs(tr.t[tr.n - 1] - tend[k]) < 1e-9);
		assert_int_equal(tr.stop, SOLVE_STORAGE);
		traj_fini(&tr);
		s.grid = 0;
		run_settings(m, &s, &tr);
		assert_int_equal(tr.stop, SOLVE_DONE);	/* x = 0: few steps */
		traj_fini(&tr);
		model_free(m);
	}
}

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

/* A session holding the model of text (it owns the model), ready for commands. */
static void
session_with(struct session *s, const struct out *out, const char *text,
    enum canvas_mode mode)
{
	session_init(s, out, mode);
	session_set_model(s, load(text));
}

/*
 * XPPAUT's view of a file that names no xp is the first variable (or yp)
 * against time: it opens in the time series, and the portrait keeps the
 * first two variables for 'view portrait'; a file with xp opens the portrait.
 */
static void
test_time_axis_default(void **state)
{
	struct out out = {quiet, quiet, NULL, quiet};
	struct cmd_loc loc = {"test", 1};
	struct session s;
	struct model *m;

	(void)state;
	m = load("x'=y\ny'=-x\n");
	assert_int_equal(m->xp, MODEL_AXIS_T);
	assert_int_equal(m->yp, 0);
	model_free(m);
	/* xp alone: against the next variable, not against itself */
	m = load("x'=y\ny'=-x\n@ xp=x\n");
	assert_int_equal(m->xp, 0);
	assert_int_equal(m->yp, 1);
	model_free(m);
	m = load("x'=y\ny'=-x\n@ xp=y\n");
	assert_int_equal(m->xp, 1);
	assert_int_equal(m->yp, 0);
	model_free(m);

	session_with(&s, &out, "x'=y\ny'=-x\n@ yp=y, xlo=0, xhi=50\n", CANVAS_ASCII);
	assert_int_equal(s.kind, VIEW_TIME);
	assert_int_equal(s.nts, 1);
	assert_int_equal(s.ts_var[0], 1);
	/* the file's xlo..xhi is a time span: the portrait fits its window */
	assert_int_equal(s.view.xvar, 0);
	assert_int_equal(s.view.yvar, 1);
	assert_int_equal(s.auto_window, 1);
	assert_int_equal(cmd_exec_line(&s, "view portrait", &loc), 0);
	assert_int_equal(s.kind, VIEW_PORTRAIT);
	session_set_model(&s, load("x'=y\ny'=-x\n@ xp=x, yp=y\n"));
	assert_int_equal(s.kind, VIEW_PORTRAIT);
	assert_int_equal(s.view.xvar, 0);
	assert_int_equal(s.view.yvar, 1);
	session_set_model(&s, load("x'=-x\n"));
	assert_int_equal(s.kind, VIEW_TIME);
	assert_int_equal(s.ts_var[0], 0);
	session_fini(&s);
}

/*
 * An aux quantity as an axis: x = cos t, y = -sin t, so aux e = x^2 + y^2
 * is 1 and aux q = sin(t) + y is 0 along the trajectory; the values the
 * trajectory carries are the formula at its stored points (e to rounding
 * from the stored x, y), and 'axes' and 'axes t' accept the names. With a
 * '0=' constraint z = x^2 the aux column sees the solved z.
 */
static void
test_aux_axis_values(void **state)
{
	struct out out = {quiet, quiet, NULL, quiet};
	struct cmd_loc loc = {"test", 1};
	struct session s;
	const struct traj *tr;
	size_t k;

	(void)state;
	session_with(&s, &out, "x'=y\ny'=-x\ninit x=1\naux e = x^2 + y^2\naux q = sin(t) + y\n"
	    "@ total=10, xp=t, yp=q\n", CANVAS_ASCII);
	assert_int_equal(s.m->yp, MODEL_AXIS_AUX(1));
	assert_int_equal(model_axis_index(s.m, "E"), MODEL_AXIS_AUX(0));
	assert_int_equal(model_axis_index(s.m, "nope"), MODEL_AXIS_NONE);
	assert_string_equal(model_axis_name(s.m, MODEL_AXIS_AUX(1)), "q");
	assert_int_equal(s.ts_var[0], MODEL_AXIS_AUX(1));
	assert_int_equal(cmd_exec_line(&s, "set tol=1e-12 atol=1e-13; traj; axes x e", &loc), 0);
	assert_int_equal(s.view.yvar, MODEL_AXIS_AUX(0));
	assert_int_equal(cmd_exec_line(&s, "axes t x q", &loc), 0);
	assert_int_not_equal(cmd_exec_line(&s, "axes x ee", &loc), 0);
	session_run(&s, NULL, NULL);
	assert_int_equal(s.res.ntraj, 1);
	tr = &s.res.trajs[0];
	assert_true(tr->n > 10);
	assert_int_equal(tr->naux, 2);
	for (k = 0; k < tr->n; k++) {
		double x = tr->y[2 * k], y = tr->y[2 * k + 1];
		assert_true(job_coord(tr, k, MODEL_AXIS_AUX(0)) == x * x + y * y);
		assert_true(fabs(job_coord(tr, k, MODEL_AXIS_AUX(0)) - 1) < 1e-9);
		assert_true(fabs(job_coord(tr, k, MODEL_AXIS_AUX(1))) < 1e-9);
	}
	session_fini(&s);

	session_with(&s, &out, "x'=-x\ninit x=1\n0= z - x^2\nsolv z=1\naux w = z\n"
	    "@ total=2, xp=x, yp=w\n", CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(&s, "traj", &loc), 0);
	session_run(&s, NULL, NULL);
	assert_int_equal(s.res.ntraj, 1);
	tr = &s.res.trajs[0];
	assert_true(tr->n > 5 && tr->naux == 1);
	for (k = 0; k < tr->n; k++)
		assert_close(job_coord(tr, k, s.m->yp), tr->y[k] * tr->y[k], 1e-12, "w = x^2");
	session_fini(&s);
}

/*
 * fold=x, tor_per=3 on x' = y' = 1 from 0 to t = 9: the drawn x is x mod 3
 * in [0, 3) with the laps counted, and the picture has the three laps as
 * three diagonals in the box 0..3 x 0..9, none joined across the wrap (a
 * line across would fill a row at y = 3 and y = 6 from edge to edge).
 */
static void
test_fold_draws_modulo(void **state)
{
	struct out out = {quiet, quiet, NULL, quiet};
	struct cmd_loc loc = {"test", 1};
	struct session s;
	struct canvas *c;
	const struct traj *tr;
	double lap, x, piece[16];
	double a[2] = {2.5, 0}, b[2] = {6.5, 1};
	size_t k;
	int row, col, most = 0, rows_drawn = 0, n;
	char cell[8];

	(void)state;
	session_with(&s, &out, "x'=1\ny'=1\n@ total=9, xp=x, yp=y, fold=x, tor_per=3, "
	    "xlo=0, xhi=3, ylo=0, yhi=9\n", CANVAS_BRAILLE);
	assert_true(s.m->fold[0] == 3 && s.m->fold[1] == 0);
	assert_int_equal(cmd_exec_line(&s, "set field=off dtmax=0.05; traj", &loc), 0);
	session_run(&s, NULL, NULL);
	tr = &s.res.trajs[0];
	for (k = 0; k < tr->n; k++) {
		x = job_coord_drawn(s.m, tr, k, 0, &lap);
		assert_true(x >= 0 && x < 3);
		assert_true(fabs(x + 3 * lap - tr->y[2 * k]) < 1e-12);
		/* y is not folded */
		assert_true(job_coord_drawn(s.m, tr, k, 1, &lap) == tr->y[2 * k + 1] && lap == 0);
	}
	assert_true(lap == 0);
	/* 2.5 -> 6.5 crosses 3 and 6: three pieces, cut ends on the edges */
	n = job_fold_pieces(s.m, 0, 1, a, b, piece, 4);
	assert_int_equal(n, 3);
	assert_true(piece[0] == 2.5 && piece[2] == 3 && fabs(piece[3] - 0.125) < 1e-15);
	assert_true(piece[4] == 0 && piece[6] == 3 && piece[10] == 0.5);
	c = session_render(&s, 80, 24);
	for (row = 0; row < 24; row++) {
		int count = 0;
		for (col = 0; col < 80; col++) {
			canvas_cell_utf8(c, col, row, cell);
			/* braille: U+2800..U+28FF */
			if ((unsigned char)cell[0] == 0xe2 && ((unsigned char)cell[1] & 0xfc) == 0xa0)
				count++;
		}
		most = count > most ? count : most;
		rows_drawn += count > 0;
	}
	canvas_free(c);
	assert_true(rows_drawn >= 18);	/* three laps cover the box's height */
	assert_true(most < 40);
	session_fini(&s);
}

/*
 * On XPPAUT's grid a reset writes no row of its own (XPPAUT 6.11's iaf.ode
 * writes 401 rows for total=20, dt=0.05 whatever its 9 resets): v' = 1.2 - v
 * from 0, reset to -0.5 at v = 1, fires first at ln 6 and then every ln 8.5,
 * so v(20) = 1.2 - 1.7 exp(-(20 - ln 6 - 8 ln 8.5)).
 */
static void
test_grid_rows_resets(void **state)
{
	struct model *m = load("v'=-v+i\npar i=1.2\nglobal 1 v-1 {v=-.5}\n@ total=20, dt=0.05\n");
	struct settings s = m->set;
	struct traj tr;
	size_t k;

	(void)state;
	s.grid = 1;
	s.rtol = 1e-11;
	s.atol = 1e-12;
	run_settings(m, &s, &tr);
	assert_int_equal(tr.n, 401);
	assert_int_equal(tr.nevents, 9);
	for (k = 0; k < tr.n; k++)
		assert_true(fabs(tr.t[k] - 0.05 * (double)k) < 1e-9);
	assert_close(tr.y[tr.n - 1], 1.2 - 1.7 * exp(-(20 - log(6) - 8 * log(8.5))), 1e-8, "v(20)");
	traj_fini(&tr);
	model_free(m);
}

/* axes=3d is drawn in two dimensions, and says so; xp and yp choose the axes. */
static void
test_axes_options(void **state)
{
	struct model *m = load("x'=y\ny'=-x\n@ xp=y, yp=x, axes=3d\n");

	(void)state;
	assert_int_equal(m->xp, 1);
	assert_int_equal(m->yp, 0);
	assert_non_null(strstr(m->warnings, ":3: axes=3d: canard draws in two dimensions"));
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_random_formula),
		cmocka_unit_test(test_array_closed_form),
		cmocka_unit_test(test_array_errors),
		cmocka_unit_test(test_rk4_rows_match_xppaut),
		cmocka_unit_test(test_grid_rows),
		cmocka_unit_test(test_euler_heun_steps),
		cmocka_unit_test(test_jacobian_never_poisons),
		cmocka_unit_test(test_table_integrated_exactly),
		cmocka_unit_test(test_grid_rows_maxstor),
		cmocka_unit_test(test_grid_rows_resets),
		cmocka_unit_test(test_axes_options),
		cmocka_unit_test(test_time_axis_default),
		cmocka_unit_test(test_aux_axis_values),
		cmocka_unit_test(test_fold_draws_modulo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
