/* Parsing, printing, errors with their column, and compiled evaluation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "expr.h"

static struct expr_symtab *
symtab_xy(void)
{
	struct expr_symtab *st = expr_symtab_new();
	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	expr_symtab_add(st, "eps", SYM_PAR, 0);
	expr_symtab_add(st, "a", SYM_PAR, 0);
	return st;
}

static double
eval_str(const char *text, double x, double y)
{
	struct expr_symtab *st = symtab_xy();
	struct diag d;
	struct expr *e = expr_parse(text, st, NULL, 0, &d);
	double yv[2] = {x, y}, p[2] = {0.1, 2.0}, v, out;
	struct expr_prog *prog;

	if (e == NULL)
		fail_msg("parse '%s': %d: %s", text, d.col, d.msg);
	v = expr_eval_tree(e, 0.5, yv, p);
	prog = expr_compile(&e, 1, &d);
	assert_non_null(prog);
	expr_prog_eval(prog, 0.5, yv, p, &out);
	/* the compiled program and the tree must agree bit for bit (or both NaN) */
	if (!(isnan(v) && isnan(out)))
		assert_true(v == out);
	expr_prog_free(prog);
	expr_free(e);
	expr_symtab_free(st);
	return v;
}

static void
test_precedence(void **state)
{
	(void)state;
	assert_close(eval_str("-x^2", 3, 0), -9, 0, "-x^2 is -(x^2)");
	assert_close(eval_str("2^-1", 0, 0), 0.5, 0, "2^-1");
	assert_close(eval_str("2^3^2", 0, 0), 512, 0, "^ is right-associative");
	assert_close(eval_str("2**3", 0, 0), 8, 0, "** is ^");
	assert_close(eval_str("1 - 2 - 3", 0, 0), -4, 0, "- is left-associative");
	assert_close(eval_str("8 / 4 / 2", 0, 0), 1, 0, "/ is left-associative");
	assert_close(eval_str("1 + 2 * 3", 0, 0), 7, 0, "* before +");
	assert_close(eval_str("y - (x^3/3 - x)", 2, 0), -(8.0 / 3 - 2), 1e-15, "vdp");
	assert_close(eval_str("x < 1 & y > 1 | x == 5", 5, 0), 1, 0, "logic");
	assert_close(eval_str("!(x > 1)", 0, 0), 1, 0, "not");
	assert_close(eval_str("not(x)", 0, 0), 1, 0, "not()");
	assert_close(eval_str("x != 2", 2, 0), 0, 0, "!=");
	assert_close(eval_str(".5e1 + 1e-3", 0, 0), 5.001, 1e-15, "numbers");
	assert_close(eval_str("pi", 0, 0), M_PI, 0, "pi");
	assert_close(eval_str("t", 0, 0), 0.5, 0, "t");
	assert_close(eval_str("EPS*X", 3, 0), 0.3, 1e-15, "names are case-insensitive");
}

static void
test_functions(void **state)
{
	(void)state;
	assert_close(eval_str("if(x>0)then(1)else(-1)", -3, 0), -1, 0, "if");
	assert_close(eval_str("if (x > 0) then (x) else (0)", 3, 0), 3, 0, "if with spaces");
	assert_close(eval_str("atan2(1, 1)", 0, 0), M_PI / 4, 1e-15, "atan2");
	assert_close(eval_str("mod(-1, 3)", 0, 0), 2, 0, "mod follows the divisor's sign");
	assert_close(eval_str("heav(0) + heav(-1)", 0, 0), 1, 0, "heav");
	assert_close(eval_str("sign(-2) + sign(0)", 0, 0), -1, 0, "sign");
	assert_close(eval_str("min(x, y) + max(x, y)", 1, 5), 6, 0, "min max");
	assert_close(eval_str("ln(exp(2)) + log(1) + log10(100)", 0, 0), 4, 1e-15, "logs");
	assert_close(eval_str("flr(2.7) + floor(-0.5) + ceil(0.2)", 0, 0), 2, 0, "floor ceil");
	assert_close(eval_str("sqrt(abs(-16))", 0, 0), 4, 0, "sqrt abs");
	assert_close(eval_str("sinh(0) + cosh(0) + tanh(0)", 0, 0), 1, 0, "hyperbolic");
	assert_close(eval_str("asin(1) + acos(1) + atan(0) + tan(0)", 0, 0), M_PI / 2, 1e-15, "trig");
	assert_close(eval_str("erf(0) + erfc(0)", 0, 0), 1, 1e-15, "erf");
}

static void
check_error(const char *text, int col, const char *msg)
{
	struct expr_symtab *st = symtab_xy();
	struct diag d;
	struct expr *e = expr_parse(text, st, NULL, 0, &d);

	if (e != NULL)
		fail_msg("'%s' should not parse", text);
	if (d.col != col || strstr(d.msg, msg) == NULL)
		fail_msg("'%s': got %d: %s; want %d: ...%s...", text, d.col, d.msg, col, msg);
	expr_symtab_free(st);
}

/*
 * The compiler fuses a leaf's push with the next operation on a leaf, a
 * square, cube or negation, and reverses - and / with a leaf on the left:
 * every pair of leaf kinds and every operation must still agree with the
 * tree to the bit (eval_str checks), and the fusion must happen.
 */
static void
test_superinstructions(void **state)
{
	static const char *const leaf[] = {"x", "eps", "3", "y", "a", "0.25"};
	static const char *const op[] = {"+", "-", "*", "/"};
	char buf[128];
	size_t i, j, k;
	(void)state;

	for (i = 0; i < 6; i++)
		for (j = 0; j < 6; j++)
			for (k = 0; k < 4; k++) {
				snprintf(buf, sizeof buf, "(%s %s %s) * (x - y) + %s %s (x * y)",
				    leaf[i], op[k], leaf[j], leaf[j], op[k]);
				(void)eval_str(buf, 1.7, -0.3);
				snprintf(buf, sizeof buf, "%s %s (y / x) - %s^2 + %s^2 - (-%s)", leaf[i],
				    op[k], leaf[j], leaf[i], leaf[j]);
				(void)eval_str(buf, 0.9, 2.3);
			}
	{
		/* a cube is x * x * x in the program (the tree calls pow): each leaf kind */
		struct expr_symtab *st = symtab_xy();
		struct diag d;
		struct expr *e[3];
		struct expr_prog *prog;
		double yv[2] = {1.3, -0.7}, p[2] = {0.1, 2.0}, out[3];
		e[0] = expr_parse("y^3 - x", st, NULL, 0, &d);
		e[1] = expr_parse("eps^3 - x", st, NULL, 0, &d);
		e[2] = expr_parse("-y + x", st, NULL, 0, &d);
		prog = expr_compile(e, 3, &d);
		assert_non_null(prog);
		expr_prog_eval(prog, 0, yv, p, out);
		assert_true(out[0] == yv[1] * yv[1] * yv[1] - yv[0]);
		assert_true(out[1] == p[0] * p[0] * p[0] - yv[0]);
		assert_true(out[2] == -yv[1] + yv[0]);
		expr_prog_free(prog);
		for (i = 0; i < 3; i++)
			expr_free(e[i]);
		expr_symtab_free(st);
	}
	{
		/* van der Pol's right-hand side: 12 instructions before fusion, 8 after */
		struct expr_symtab *st = symtab_xy();
		struct diag d;
		struct expr *e[2];
		struct expr_prog *prog;
		e[0] = expr_parse("y - (x^3/3 - x)", st, NULL, 0, &d);
		e[1] = expr_parse("-(eps * x)", st, NULL, 0, &d);
		prog = expr_compile(e, 2, &d);
		assert_non_null(prog);
		assert_true(expr_prog_length(prog) <= 8);
		expr_prog_free(prog);
		expr_free(e[0]);
		expr_free(e[1]);
		expr_symtab_free(st);
	}
}

static void
test_errors(void **state)
{
	(void)state;
	check_error("sin(x", 6, "expected ')' after argument list");
	check_error("(x + 1", 7, "expected ')'");
	check_error("x + epz", 5, "unknown name 'epz' (did you mean 'eps'?)");
	check_error("sinn(x)", 1, "unknown name 'sinn' (did you mean 'sin'?)");
	check_error("2x", 1, "unexpected '2x'");
	check_error("x y", 3, "expected an operator before 'y'");
	check_error("", 1, "empty expression");
	check_error("x +", 4, "found end of expression");
	check_error("atan2(x)", 1, "'atan2' takes 2 arguments, got 1");
	check_error("sin(x, y)", 1, "'sin' takes 1 argument, got 2");
	check_error("x = 1", 3, "use '=='");
	check_error("x)", 2, "unmatched ')'");
	check_error("besselj(x, 1)", 1, "'besselj' is not supported");
	check_error("x(2)", 1, "'x' is not a function");
	check_error("sin + 1", 1, "'sin' is a function");
	check_error("if(x)then(1)", 13, "'else'");
	check_error("x $ 2", 3, "unexpected '$'");
}

static void
test_print(void **state)
{
	struct expr_symtab *st = symtab_xy();
	struct diag d;
	const char *cases[][2] = {
		{"y - (x^3/3 - x)", "y - (x^3/3 - x)"},
		{"-x^2", "-x^2"},
		{"(-x)^2", "(-x)^2"},
		{"a - (x - y)", "a - (x - y)"},
		{"(a - x) - y", "a - x - y"},
		{"x/(y*a)", "x/(y*a)"},
		{"2^(3^x)", "2^3^x"},
		{"(2^3)^x", "(2^3)^x"},
	};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct expr *e = expr_parse(cases[i][0], st, NULL, 0, &d);
		struct strbuf sb;
		assert_non_null(e);
		strbuf_init(&sb);
		expr_print(e, st, &sb);
		assert_string_equal(sb.s, cases[i][1]);
		strbuf_fini(&sb);
		expr_free(e);
	}
	expr_symtab_free(st);
}

static void
test_user_functions(void **state)
{
	struct expr_symtab *st = symtab_xy();
	struct diag d;
	const char *args[] = {"u", "v"};
	int f = expr_symtab_add(st, "g", SYM_FUNC, 2);
	int k = expr_symtab_add(st, "k2", SYM_DEF, 0);
	struct expr *body, *e, *x;
	struct expr_lets *L;
	double y[2] = {3, 4}, p[2] = {0.5, 2};
	(void)state;

	/* g(u,v) = u*v + x: the argument u shadows nothing, x is the global */
	body = expr_parse("u*v + x", st, args, 2, &d);
	assert_non_null(body);
	expr_symtab_set_body(st, SYM_FUNC, f, body);
	expr_symtab_set_body(st, SYM_DEF, k, expr_parse("g(a, a)", st, NULL, 0, &d));
	e = expr_parse("g(x, y) + k2", st, NULL, 0, &d);
	assert_non_null(e);
	L = expr_lets_new(st);
	x = expr_lets_expand(L, e, &d);
	assert_non_null(x);
	/* 3*4 + 3 + (2*2 + 3) */
	assert_close(expr_lets_eval(L, x, 0, y, p), 22, 0, "expanded user function");
	expr_free(e);
	expr_free(x);
	expr_lets_free(L);
	/* a definition that refers to itself is an error, not a hang */
	{
		int r = expr_symtab_add(st, "r", SYM_DEF, 0);
		expr_symtab_set_body(st, SYM_DEF, r, expr_parse("r + 1", st, NULL, 0, &d));
		expr_symtab_set_place(st, SYM_DEF, r, 7, 5);
		e = expr_parse("r", st, NULL, 0, &d);
		L = expr_lets_new(st);
		assert_null(expr_lets_expand(L, e, &d));
		assert_non_null(strstr(d.msg, "refers to itself"));
		assert_int_equal(d.line, 7);
		assert_int_equal(d.col, 5);
		expr_lets_free(L);
		expr_free(e);
	}
	expr_symtab_free(st);
}

static void
test_deep_nesting(void **state)
{
	/* a long chain must compile (Sethi-Ullman order keeps the stack shallow) */
	struct expr_symtab *st = symtab_xy();
	struct strbuf sb;
	struct diag d;
	struct expr *e;
	struct expr_prog *p;
	int i;
	double y[2] = {1, 1}, par[2] = {0, 0}, out;
	(void)state;

	strbuf_init(&sb);
	for (i = 0; i < 500; i++)
		strbuf_add(&sb, "x + ");
	strbuf_add(&sb, "1");
	e = expr_parse(sb.s, st, NULL, 0, &d);
	assert_non_null(e);
	p = expr_compile(&e, 1, &d);
	assert_non_null(p);
	expr_prog_eval(p, 0, y, par, &out);
	assert_close(out, 501, 0, "long sum");
	expr_prog_free(p);
	expr_free(e);
	/* 10,000 nested parentheses are refused with a message, not a crash */
	strbuf_fini(&sb);
	strbuf_init(&sb);
	for (i = 0; i < 10000; i++)
		strbuf_addc(&sb, '(');
	e = expr_parse(sb.s, st, NULL, 0, &d);
	assert_null(e);
	assert_non_null(strstr(d.msg, "nested too deeply"));
	strbuf_fini(&sb);
	expr_symtab_free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_superinstructions),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_user_functions),
		cmocka_unit_test(test_deep_nesting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
