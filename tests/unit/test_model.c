/* The .ode reader: the quirks real files use, and refusals with their line. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "model.h"

static struct model *
load_ok(const char *text)
{
	struct diag d;
	struct model *m = model_from_ode(text, "t.ode", &d);
	if (m == NULL)
		fail_msg("did not load: %d:%d: %s", d.line, d.col, d.msg);
	return m;
}

static void
load_fails(const char *text, int line, int col, const char *msg)
{
	struct diag d;
	struct model *m = model_from_ode(text, "t.ode", &d);
	if (m != NULL)
		fail_msg("loaded, but should fail with '%s'", msg);
	if (d.line != line || (col >= 0 && d.col != col) || strstr(d.msg, msg) == NULL)
		fail_msg("got %d:%d: %s\nwant %d:%d: ...%s...", d.line, d.col, d.msg, line, col, msg);
}

static double
rhs(const struct model *m, int i, const double *y)
{
	double f[8];
	expr_prog_eval(m->rhs_prog, 0, y, m->par_value, f);
	return f[i];
}

static void
test_forms(void **state)
{
	/* CRLF, trailing blanks, a continuation, no final newline, case-insensitive names */
	const char *text =
	    "# FitzHugh-Nagumo, written the many ways people write it\r\n"
	    "\" a displayed comment\r\n"
	    "dV/dt = V - V^3/3 - w + \\\r\n"
	    "   I   \r\n"
	    "w' = EPS*(v + a - b*W)\r\n"
	    "par a = 0.7, b=0.8  EPS=0.08\r\n"
	    "p I=0.5\r\n"
	    "param k\r\n"
	    "number two=2\r\n"
	    "v(0)=-1\r\n"
	    "init W=1, v=-1.5\r\n"
	    "aux vsq = v^2 * two\r\n"
	    "@ total=200, dt=.05 xp=v, yp=w bounds=1000 meth=stiff toler=1e-7\r\n"
	    "@ xlo=-2.5 xhi=2.5 ylo=-1 yhi=2\r\n"
	    "done\r\n"
	    "this line is after done and ignored";
	struct model *m = load_ok(text);
	double y[2] = {1, 2};
	(void)state;

	assert_int_equal(m->nvar, 2);
	assert_string_equal(m->var[0], "V");	/* the first spelling is kept */
	assert_int_equal(m->npar, 6);
	assert_close(m->par_value[model_par_index(m, "eps")], 0.08, 0, "EPS");
	assert_close(m->par_value[model_par_index(m, "k")], 0, 0, "param with no value is 0");
	assert_true(m->par_hidden[model_par_index(m, "two")]);
	assert_close(m->init[0], -1.5, 0, "a later init wins");
	assert_close(m->init[1], 1, 0, "init W");
	assert_close(rhs(m, 0, y), 1 - 1.0 / 3 - 2 + 0.5, 1e-15, "dV/dt with continuation");
	assert_close(rhs(m, 1, y), 0.08 * (1 + 0.7 - 0.8 * 2), 1e-15, "w'");
	assert_close(m->set.tmax, 200, 0, "total");
	assert_close(m->set.dt, 0.05, 0, "dt");
	assert_close(m->set.bound, 1000, 0, "bounds= means bound");
	assert_close(m->set.rtol, 1e-7, 0, "toler");
	assert_int_equal(m->set.method, METHOD_MSBDF);
	assert_int_equal(m->xp, 0);
	assert_int_equal(m->yp, 1);
	assert_int_equal(m->has_window, 15);
	assert_close(m->xlo, -2.5, 0, "xlo");
	assert_int_equal(m->naux, 1);
	model_free(m);
}

static void
test_definitions(void **state)
{
	/* user functions used before they are defined, fixed quantities, derived parameters */
	const char *text =
	    "x' = -x + g(x, s) + iion\n"
	    "s' = minf(x) - s\n"
	    "iion = gna*x\n"
	    "!gna = gbar*2\n"
	    "par gbar=0.25\n"
	    "g(u, v) = u*v\n"
	    "minf(u)=0.5*(1+tanh(u/2))\n"
	    "# canard: fast=x slow=s eps=gbar title=Test model\n"
	    "# canard: note=first line\n"
	    "# canard: note=second line\n";
	struct model *m = load_ok(text);
	double y[2] = {1, 0.5};
	(void)state;

	assert_close(rhs(m, 0, y), -1 + 0.5 + 0.5, 1e-15, "x'");
	assert_close(rhs(m, 1, y), 0.5 * (1 + tanh(0.5)) - 0.5, 1e-15, "s'");
	/* the Jacobian is exact: d/dx (-x + x*s + 0.5 x) = -1 + s + 0.5 */
	{
		double j[6];
		expr_prog_eval(m->jac_prog, 0, y, m->par_value, j);
		assert_close(j[0], -1 + 0.5 + 0.5, 1e-15, "J[0][0]");
		assert_close(j[1], 1, 1e-15, "J[0][1]");
		assert_close(j[2], 0.5 * 0.5 * (1 - tanh(0.5) * tanh(0.5)), 1e-15, "J[1][0]");
		assert_close(j[3], -1, 1e-15, "J[1][1]");
	}
	assert_int_equal(m->nfast, 1);
	assert_int_equal(m->fast[0], 0);
	assert_int_equal(m->slow[0], 1);
	assert_int_equal(m->eps_par, 0);
	assert_string_equal(m->title, "Test model");
	assert_string_equal(m->note, "first line\nsecond line");
	model_free(m);
}

static void
test_refusals(void **state)
{
	(void)state;
	load_fails("x'=1\nglobal 1 x-1 {y=0}\n", 2, 15, "'y' in a global reset is not a variable");
	load_fails("x'=1\nglobal 1 x-1 {}\n", 2, 14, "at least one reset");
	load_fails("x'=1\nglobal up x-1 {x=0}\n", 2, 8, "SIGN 1 (upward)");
	load_fails("x'=1\nglobal 1 {x-1 {x=0}\n", 2, 10, "missing '}'");
	load_fails("x'=delay(2*x, 1)\n", 1, 4, "first argument of delay() must be a variable");
	load_fails("x(t+1)=x/2\ny'=1\n", 2, 1, "'y' is a differential equation in a map");
	load_fails("x'=1\nspecial k=conv(even,10,2,w,u0)\n", 2, 26, "'w' is not a table");
	load_fails("x'=1\nspecial k=fftconv(0,r1)\n", 2, 11, "'special' 'fftconv' (FFT");
	load_fails("x'=1\nmarkov z 2\n", 2, 8, "markov 'z' needs 2 rows of rates");
	load_fails("x'=1\nmksol a b\n", 2, 1, "'mksol' (chemical");
	load_fails("x' = \xe2\x88\x92x\n", 1, 6, "U+2212 MINUS SIGN: write '-'");
	load_fails("x'=1\ntable h h.tab\n", 2, 9, "table 'h': cannot read 'h.tab'");
	load_fails("x'=1\n0= x - 1\n", 2, 1, "1 algebraic constraint ('0=') but 0 algebraic variables");
	load_fails("x' = -x + y\n", 1, 11, "unknown name 'y'");
	load_fails("x' = -x\ny' = x*(1 - \n", 2, 12, "found end of expression");
	load_fails("x' = -x\nx' = x\n", 2, 1, "'x' has two equations");
	load_fails("x' = -a\npar a=1\npar a=2\n", 3, 5, "'a' is declared twice");
	load_fails("x' = -x\ninit y=1\n", 2, 6, "not a variable");
	load_fails("x' = -x\ninit y=1\n", 2, 6, "not a variable");
	load_fails("# only a comment\n", 0, -1, "no differential equations");
	/* recursion is refused at the definition's own line, not at its user's */
	load_fails("x' = r\nr = r + 1\n", 2, 5, "refers to itself");
	load_fails("x' = -x\n# canard: fast=x slow=q\n", 2, -1, "'q' in '# canard:' is not a variable");
	load_fails("x' = -x\ny' = x\n# canard: fast=x,y\n", 3, -1, "at least one fast and one slow");
	load_fails("x' = -x\n# canard: speed=x\n", 2, 11, "unknown key 'speed'");
	load_fails("x' = -x\nfrobnicate x\n", 2, 1, "unknown command 'frobnicate'");
	load_fails("x' = -x\npar a=\n", 2, 7, "expected a value after 'a='");
}

static void
test_lenient(void **state)
{
	/* 'a x=1' lines that XPPAUT drops are refused loudly only when unknown; @
	 * options canard does not use make one warning for the file; a UTF-8
	 * byte-order mark is skipped */
	struct model *m = load_ok("\xef\xbb\xbfx' = -x\n@ nonsense=3, lt=2\nonly x\n@ axes=3d\n");
	(void)state;
	assert_non_null(strstr(m->warnings,
	    ":2: ignored options canard does not use: nonsense, lt\n"));
	assert_non_null(strstr(m->warnings, ":4: axes=3d: canard draws in two dimensions"));
	assert_non_null(strstr(m->warnings, "ignored 'only'"));
	model_free(m);
	/* lines that do not change an initial-value run load with a note */
	m = load_ok("x' = -x\nbdry x-1\nexport {x} {xp}\n%\naux P.E.=x^2\nset a {x=2}\n");
	assert_non_null(strstr(m->warnings, ":2: ignored boundary condition 'x-1'"));
	assert_non_null(strstr(m->warnings, ":3: ignored 'export {x} {xp}'"));
	assert_non_null(strstr(m->warnings, ":4: ignored a '%' line"));
	assert_string_equal(m->aux[0], "P.E.");
	assert_int_equal(m->nsets, 1);
	assert_string_equal(m->set_body[0], "x=2");
	assert_true(m->init[0] == 0);	/* loading applies no set */
	assert_int_equal(m->xp, -1);	/* one variable: plotted against time */
	model_free(m);
	/* d (any word starting with d) ends the file */
	m = load_ok("x' = -x\nd\ny' = nonsense(\n");
	assert_int_equal(m->nvar, 1);
	model_free(m);
	/* negative dt means backwards */
	m = load_ok("x' = -x\n@ dt=-0.1\n");
	assert_int_equal(m->set.dir, -1);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_lenient),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
