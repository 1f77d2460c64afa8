/*
 * Symbolic derivatives against central differences: random expressions
 * built from every differentiable operation, evaluated at random points.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "expr.h"

static unsigned long rng = 12345;

static double
urand(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static int
irand(int n)
{
	return (int)(urand() * n);
}

/* Random expression text in x and y; smooth where it is defined. */
static void
gen(struct strbuf *sb, int depth)
{
	static const char *const un[] = {
		"sin", "cos", "tan", "exp", "ln", "sqrt", "atan", "sinh", "cosh", "tanh", "abs",
		"asin", "acos", "log10", "erf", "erfc"
	};
	static const char *const bin[] = {"+", "-", "*", "/", "^"};
	int k = depth <= 0 ? irand(3) : irand(9);

	switch (k) {
	case 0: strbuf_add(sb, "x"); return;
	case 1: strbuf_add(sb, "y"); return;
	case 2: strbuf_printf(sb, "%.3f", 0.25 + urand() * 2); return;
	case 3: case 4:
		strbuf_printf(sb, "%s(", un[irand(16)]);
		if (urand() < 0.5)
			strbuf_add(sb, "0.3*");	/* keep asin/acos arguments mostly inside */
		gen(sb, depth - 1);
		strbuf_add(sb, ")");
		return;
	case 5:
		strbuf_add(sb, "atan2(");
		gen(sb, depth - 1);
		strbuf_add(sb, ", ");
		gen(sb, depth - 1);
		strbuf_add(sb, ")");
		return;
	case 6:
		strbuf_add(sb, "(");
		gen(sb, depth - 1);
		strbuf_printf(sb, ")^%d", 1 + irand(4));
		return;
	default: {
		const char *op = bin[irand(5)];
		strbuf_add(sb, "(");
		gen(sb, depth - 1);
		strbuf_printf(sb, " %s ", op);
		gen(sb, depth - 1);
		strbuf_add(sb, ")");
		return;
	}
	}
}

static void
test_random_derivatives(void **state)
{
	struct expr_symtab *st = expr_symtab_new();
	int trial, checked = 0;
	(void)state;

	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	for (trial = 0; trial < 400; trial++) {
		struct strbuf sb;
		struct diag d;
		struct expr *e;
		int v, pt;

		strbuf_init(&sb);
		gen(&sb, 4);
		e = expr_parse(sb.s, st, NULL, 0, &d);
		if (e == NULL)
			fail_msg("generated '%s' did not parse: %s", sb.s, d.msg);
		for (v = 0; v < 2; v++) {
			struct expr *de = expr_diff(e, EXPR_VAR, v);
			for (pt = 0; pt < 5; pt++) {
				double y[2] = {0.2 + urand() * 1.5, 0.2 + urand() * 1.5};
				double yp[2], ym[2], h = 1e-6, fp, fm, f0, fd, sym, scale;
				memcpy(yp, y, sizeof y);
				memcpy(ym, y, sizeof y);
				yp[v] += h;
				ym[v] -= h;
				f0 = expr_eval_tree(e, 0, y, NULL);
				fp = expr_eval_tree(e, 0, yp, NULL);
				fm = expr_eval_tree(e, 0, ym, NULL);
				sym = expr_eval_tree(de, 0, y, NULL);
				if (!isfinite(f0) || !isfinite(fp) || !isfinite(fm) || !isfinite(sym) ||
				    fabs(f0) > 1e6 || fabs(sym) > 1e5)
					continue;
				fd = (fp - fm) / (2 * h);
				/* the finite difference is good to ~1e-6 relative in smooth places;
				 * skip points near kinks (abs at 0) where the two sides disagree */
				if (fabs((fp - f0) / h - (f0 - fm) / h) > 1e-2 * (1 + fabs(fd)))
					continue;
				scale = 1 + fabs(sym);
				if (fabs(fd - sym) > 1e-5 * scale) {
					struct strbuf ds;
					strbuf_init(&ds);
					expr_print(de, st, &ds);
					fail_msg("d/d%s of %s at (%g, %g): symbolic %.12g, numeric %.12g\n"
					    "derivative: %s", v ? "y" : "x", sb.s, y[0], y[1], sym, fd, ds.s);
				}
				checked++;
			}
			expr_free(de);
		}
		expr_free(e);
		strbuf_fini(&sb);
	}
	/* most points must have been usable, or the test proves nothing */
	if (checked < 2000)
		fail_msg("only %d points checked", checked);
	expr_symtab_free(st);
}

static void
test_known_derivatives(void **state)
{
	struct expr_symtab *st = expr_symtab_new();
	struct diag d;
	const char *cases[][2] = {
		{"x^3/3 - x", "x^2 - 1"},
		{"sin(x)", "cos(x)"},
		{"x*y", "y"},
		{"exp(2*x)", "2*exp(2*x)"},
		{"y", "0"},
		{"3", "0"},
	};
	size_t i;
	(void)state;

	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct expr *e = expr_parse(cases[i][0], st, NULL, 0, &d);
		struct expr *de = expr_diff(e, EXPR_VAR, 0);
		struct strbuf sb;
		strbuf_init(&sb);
		expr_print(de, st, &sb);
		/* the simplifier keeps derivatives short and readable */
		assert_string_equal(sb.s, cases[i][1]);
		strbuf_fini(&sb);
		expr_free(e);
		expr_free(de);
	}
	expr_symtab_free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_derivatives),
		cmocka_unit_test(test_random_derivatives),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
