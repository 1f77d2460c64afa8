/*
 * Bad input at random: mutated model files, token soup as expressions,
 * generated models with deep and wide definitions (checked against the test's
 * own evaluation and central differences, cycles refused at their line) and
 * random command lines. Nothing may crash (make sanitize runs this under
 * ASan/UBSan), and every failure must come with a message and a place that
 * lies inside the input.
 */
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "cmd.h"
#include "readin.h"

static unsigned long rng = 2463534242UL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const presets[] = {
	"vanderpol", "fitzhugh", "canard", "lotka", "pendulum", "hindmarsh", "featlearn",
	"richlazy"
};

static int
count_lines(const char *s)
{
	int n = 1;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_mutated_models(void **state)
{
	static const char junk[] = "()=,'^*+-/#@!&|<>\"\\ \n\r\t0123456789.eExyzpq[]{}%;:";
	int it, loaded = 0, refused = 0;
	(void)state;

	for (it = 0; it < 10000; it++) {
		char path[64];
		char *text;
		size_t len;
		struct diag d;
		struct model *m;
		int k, muts = 1 + (int)rnd(4);

		snprintf(path, sizeof path, "presets/%s.ode", presets[rnd(8)]);
		text = readin(path, &len, &d);
		assert_non_null(text);
		text = xrealloc(text, len + 64);
		for (k = 0; k < muts; k++) {
			size_t at = len ? rnd((unsigned)len) : 0;
			switch (rnd(3)) {
			case 0:	/* delete a character */
				if (len > 0) {
					memmove(text + at, text + at + 1, len - at);
					len--;
				}
				break;
			case 1:	/* insert one */
				memmove(text + at + 1, text + at, len - at + 1);
				text[at] = junk[rnd(sizeof junk - 1)];
				len++;
				break;
			default:	/* replace one */
				if (len > 0)
					text[at] = junk[rnd(sizeof junk - 1)];
				break;
			}
		}
		text[len] = '\0';
		m = model_from_ode(text, "fuzz.ode", &d);
		if (m) {
			loaded++;
			assert_true(m->nvar > 0 && m->rhs_prog != NULL && m->jac_prog != NULL);
			model_free(m);
		} else {
			refused++;
			if (d.msg[0] == '\0')
				fail_msg("refused without a message:\n%s", text);
			if (d.line < 0 || d.line > count_lines(text) || d.col < 0)
				fail_msg("place %d:%d outside the input", d.line, d.col);
		}
		free(text);
	}
	/* both outcomes must have happened, or the mutations tested nothing */
	assert_true(loaded > 100 && refused > 100);
}

static void
test_token_soup(void **state)
{
	static const char *const tok[] = {
		"x", "y", "eps", "t", "pi", "1", "2.5", "1e-3", ".5", "(", ")", ",", "+", "-", "*", "/",
		"^", "**", "<", ">=", "==", "!=", "&", "|", "!", "sin", "atan2", "if", "then", "else",
		"max", "mod", "heav", "=", "$", " ", "sqrt", "ln", "exp"
	};
	struct expr_symtab *st = expr_symtab_new();
	int it, ok = 0;
	(void)state;

	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	expr_symtab_add(st, "eps", SYM_PAR, 0);
	for (it = 0; it < 20000; it++) {
		struct strbuf sb;
		struct diag d;
		struct expr *e;
		int k, n = 1 + (int)rnd(12);

		strbuf_init(&sb);
		if (rnd(2)) {
			/* near-grammatical: operands and operators taking turns */
			static const char *const opd[] = {"x", "y", "eps", "t", "pi", "2.5", "1e-3",
			    "sin(x)", "atan2(y,x)", "(x+1)", "-y", "max(x,eps)", "if(x>0)then(1)else(y)"};
			static const char *const opr[] = {"+", "-", "*", "/", "^", "<", "==", "&", "|"};
			for (k = 0; k < n; k++)
				strbuf_printf(&sb, "%s%s", k % 2 ? opr[rnd(9)] : opd[rnd(13)],
				    rnd(8) ? " " : "");
		} else {
			/* soup, mostly separated by blanks, sometimes glued (2x, sinx) */
			for (k = 0; k < n; k++) {
				if (k && rnd(4))
					strbuf_addc(&sb, ' ');
				strbuf_add(&sb, tok[rnd(sizeof tok / sizeof tok[0])]);
			}
		}
		diag_clear(&d);
		e = expr_parse(sb.s, st, NULL, 0, &d);
		if (e) {
			struct expr_lets *L = expr_lets_new(st);
			struct expr *x = expr_lets_expand(L, e, &d), *dx;
			struct expr_prog *p;
			double yv[2] = {0.3, -0.7}, par[1] = {0.1}, out;
			assert_non_null(x);
			dx = expr_lets_diff(L, x, EXPR_VAR, 0);
			p = expr_lets_compile(L, &dx, 1, &d);
			assert_non_null(p);
			expr_prog_eval(p, 0.5, yv, par, &out);
			expr_prog_free(p);
			expr_free(dx);
			expr_free(x);
			expr_free(e);
			expr_lets_free(L);
			ok++;
		} else if (d.msg[0] == '\0' || d.col < 1 || d.col > (int)sb.len + 1) {
			fail_msg("'%s': error at column %d (length %zu): '%s'", sb.s, d.col, sb.len, d.msg);
		}
		strbuf_fini(&sb);
	}
	if (ok < 3000)
		fail_msg("only %d of 20000 parsed: the soup tests too little", ok);
	expr_symtab_free(st);
}

/* ---- random models with deep and wide definitions ---- */

/*
 * A generated body, kept as a tree so that the test evaluates it on its own:
 * the oracle for the values canard computes through shared definitions. Every
 * operation is bounded (tanh, sin, a/(1+b^2), ...), so long chains stay finite.
 */
enum gop { G_NUM, G_X, G_Y, G_P, G_ARG0, G_ARG1, G_DEF, G_CALL, G_ADD, G_SUB, G_TMUL, G_SIN,
	G_DIVQ, G_GAUSS, G_ATAN, G_SELF };

struct gnode {
	enum gop op;
	double c;
	int ref;		/* item referred to (G_DEF, G_CALL, G_SELF) */
	struct gnode *a, *b;
};

struct gitem {
	int is_func, nargs;
	struct gnode *body;
	int line, col;		/* where its body is written */
	int have;		/* definitions: value computed */
	double val;
};

struct gmodel {
	struct gitem *it;
	int n;
	double x, y, p;
};

static struct gnode *
gnew(enum gop op, struct gnode *a, struct gnode *b)
{
	struct gnode *g = xcalloc(1, sizeof *g);
	g->op = op;
	g->a = a;
	g->b = b;
	return g;
}

static void
gfree(struct gnode *g)
{
	if (g) {
		gfree(g->a);
		gfree(g->b);
		free(g);
	}
}

static struct gnode *gen_expr(const struct gmodel *gm, int k, int depth);

/* A use of item j < k: a definition, or a call with generated arguments. */
static struct gnode *
gen_ref(const struct gmodel *gm, int k, int j, int depth)
{
	struct gnode *g;

	if (!gm->it[j].is_func) {
		g = gnew(G_DEF, NULL, NULL);
		g->ref = j;
		return g;
	}
	g = gnew(G_CALL, gen_expr(gm, k, depth - 1),
	    gm->it[j].nargs > 1 ? gen_expr(gm, k, depth - 1) : NULL);
	g->ref = j;
	return g;
}

static struct gnode *
gen_expr(const struct gmodel *gm, int k, int depth)
{
	struct gnode *g;
	unsigned r = rnd(depth > 0 ? 14 : 6);

	if (r < 5 || depth <= 0) {
		switch (rnd(6)) {
		case 0: g = gnew(G_NUM, NULL, NULL); g->c = (double)rnd(19) / 4 - 2; return g;
		case 1: return gnew(G_X, NULL, NULL);
		case 2: return gnew(G_Y, NULL, NULL);
		case 3: return gnew(G_P, NULL, NULL);
		default:
			if (k >= 0 && gm->it[k].is_func)
				return gnew(rnd(gm->it[k].nargs) ? G_ARG1 : G_ARG0, NULL, NULL);
			return gnew(G_X, NULL, NULL);
		}
	}
	if (r < 8 && k > 0)
		return gen_ref(gm, k, (int)rnd((unsigned)k), depth);
	switch (rnd(8)) {
	case 0: return gnew(G_ADD, gen_expr(gm, k, depth - 1), gen_expr(gm, k, depth - 1));
	case 1: return gnew(G_SUB, gen_expr(gm, k, depth - 1), gen_expr(gm, k, depth - 1));
	case 2: return gnew(G_TMUL, gen_expr(gm, k, depth - 1), gen_expr(gm, k, depth - 1));
	case 3: return gnew(G_SIN, gen_expr(gm, k, depth - 1), NULL);
	case 4: return gnew(G_DIVQ, gen_expr(gm, k, depth - 1), gen_expr(gm, k, depth - 1));
	case 5: return gnew(G_GAUSS, gen_expr(gm, k, depth - 1), NULL);
	default: return gnew(G_ATAN, gen_expr(gm, k, depth - 1), NULL);
	}
}

static void gprint(const struct gmodel *gm, const struct gnode *g, struct strbuf *sb);

static void
gname(const struct gmodel *gm, int j, struct strbuf *sb)
{
	strbuf_printf(sb, "%s%d", gm->it[j].is_func ? "f" : "d", j);
}

static void
gprint(const struct gmodel *gm, const struct gnode *g, struct strbuf *sb)
{
	static const char *const fn[] = {
		[G_SIN] = "sin(", [G_GAUSS] = "exp(-sqr(", [G_ATAN] = "atan(",
	};

	switch (g->op) {
	case G_NUM: strbuf_printf(sb, "(%g)", g->c); return;
	case G_X: strbuf_add(sb, "x"); return;
	case G_Y: strbuf_add(sb, "y"); return;
	case G_P: strbuf_add(sb, "p"); return;
	case G_ARG0: strbuf_add(sb, "u"); return;
	case G_ARG1: strbuf_add(sb, "v"); return;
	case G_DEF: gname(gm, g->ref, sb); return;
	case G_SELF:
		/* the same definition twice in one body: shared, not copied */
		gname(gm, g->ref, sb);
		strbuf_add(sb, "*tanh(");
		gname(gm, g->ref, sb);
		strbuf_add(sb, ")");
		return;
	case G_CALL:
		gname(gm, g->ref, sb);
		strbuf_add(sb, "(");
		gprint(gm, g->a, sb);
		if (g->b) {
			strbuf_add(sb, ", ");
			gprint(gm, g->b, sb);
		}
		strbuf_add(sb, ")");
		return;
	case G_SIN: case G_ATAN:
		strbuf_add(sb, fn[g->op]);
		gprint(gm, g->a, sb);
		strbuf_add(sb, ")");
		return;
	case G_GAUSS:
		strbuf_add(sb, "exp(-(");
		gprint(gm, g->a, sb);
		strbuf_add(sb, ")^2)");
		return;
	case G_TMUL:
		strbuf_add(sb, "tanh(");
		gprint(gm, g->a, sb);
		strbuf_add(sb, ")*(");
		gprint(gm, g->b, sb);
		strbuf_add(sb, ")");
		return;
	case G_DIVQ:
		strbuf_add(sb, "(");
		gprint(gm, g->a, sb);
		strbuf_add(sb, ")/(1 + (");
		gprint(gm, g->b, sb);
		strbuf_add(sb, ")^2)");
		return;
	default:
		strbuf_add(sb, "(");
		gprint(gm, g->a, sb);
		strbuf_add(sb, g->op == G_ADD ? ") + (" : ") - (");
		gprint(gm, g->b, sb);
		strbuf_add(sb, ")");
		return;
	}
}

static double
geval(struct gmodel *gm, const struct gnode *g, double u, double v)
{
	double a, b;
	struct gitem *it;

	switch (g->op) {
	case G_NUM: return g->c;
	case G_X: return gm->x;
	case G_Y: return gm->y;
	case G_P: return gm->p;
	case G_ARG0: return u;
	case G_ARG1: return v;
	case G_DEF:
	case G_SELF:
		it = &gm->it[g->ref];
		if (!it->have) {
			it->val = geval(gm, it->body, 0, 0);
			it->have = 1;
		}
		return g->op == G_DEF ? it->val : it->val * tanh(it->val);
	case G_CALL:
		a = geval(gm, g->a, u, v);
		b = g->b ? geval(gm, g->b, u, v) : 0;
		return geval(gm, gm->it[g->ref].body, a, b);
	default:
		break;
	}
	a = geval(gm, g->a, u, v);
	b = g->b ? geval(gm, g->b, u, v) : 0;
	switch (g->op) {
	case G_ADD: return a + b;
	case G_SUB: return a - b;
	case G_TMUL: return tanh(a) * b;
	case G_SIN: return sin(a);
	case G_DIVQ: return a / (1 + b * b);
	case G_GAUSS: return exp(-a * a);
	default: return atan(a);
	}
}

/*
 * Items 0..n-1, each using the one before it (a spine, so the chain is as deep
 * as the model is long) and any earlier ones (wide sharing); definitions
 * sometimes use their predecessor twice. Functions call earlier functions only
 * once each, so the oracle's evaluation stays polynomial.
 */
static void
gen_model(struct gmodel *gm, int n)
{
	int k;

	gm->n = n;
	gm->it = xcalloc((size_t)n, sizeof *gm->it);
	for (k = 0; k < n; k++) {
		struct gitem *it = &gm->it[k];
		struct gnode *spine = NULL;

		it->is_func = rnd(4) == 0;
		it->nargs = 1 + (int)rnd(2);
		if (k > 0) {
			if (!it->is_func && !gm->it[k - 1].is_func && rnd(3) == 0) {
				spine = gnew(G_SELF, NULL, NULL);
				spine->ref = k - 1;
			} else {
				spine = gen_ref(gm, k, k - 1, 2);
			}
		}
		it->body = gen_expr(gm, k, 2);
		if (spine)
			it->body = gnew(rnd(2) ? G_ADD : G_TMUL, spine, it->body);
	}
}

/* The .ode text, lines in random order; a back edge from item lo to item hi
 * (which reaches lo along the spine) when cyc is set. */
static char *
gen_text(struct gmodel *gm, int top, int cyc_lo, int cyc_hi)
{
	struct strbuf sb, head;
	int *order = xmalloc((size_t)gm->n * sizeof *order), k, line = 4;

	for (k = 0; k < gm->n; k++)
		order[k] = k;
	for (k = gm->n - 1; k > 0; k--) {
		int j = (int)rnd((unsigned)k + 1), t = order[k];
		order[k] = order[j];
		order[j] = t;
	}
	strbuf_init(&sb);
	strbuf_init(&head);
	gname(gm, top, &head);
	strbuf_printf(&sb, "x' = -x + 0.1*%s%s\ny' = -y + ", head.s,
	    !gm->it[top].is_func ? "" : gm->it[top].nargs > 1 ? "(x, y)" : "(x)");
	strbuf_fini(&head);
	strbuf_init(&head);
	gname(gm, gm->n / 2, &head);
	strbuf_printf(&sb, "0.1*%s%s\npar p=0.3\n", head.s,
	    !gm->it[gm->n / 2].is_func ? "" : gm->it[gm->n / 2].nargs > 1 ? "(y, x)" : "(y)");
	strbuf_fini(&head);
	for (k = 0; k < gm->n; k++, line++) {
		int j = order[k];
		struct gitem *it = &gm->it[j];
		size_t start = sb.len;

		gname(gm, j, &sb);
		if (it->is_func)
			strbuf_add(&sb, it->nargs > 1 ? "(u, v)" : "(u)");
		strbuf_add(&sb, " = ");
		it->line = line;
		it->col = (int)(sb.len - start) + 1;
		gprint(gm, it->body, &sb);
		if (j == cyc_lo) {
			strbuf_add(&sb, " + 0.001*");
			gname(gm, cyc_hi, &sb);
			if (gm->it[cyc_hi].is_func)
				strbuf_add(&sb, gm->it[cyc_hi].nargs > 1 ? "(x, y)" : "(x)");
		}
		strbuf_addc(&sb, '\n');
	}
	free(order);
	return strbuf_take(&sb);
}

static void
check_generated(struct gmodel *gm, const struct model *m, int top, const char *text)
{
	double z[2] = {gm->x, gm->y}, f[2], J[6], want[2];
	int i, j;

	want[0] = -gm->x + 0.1 * (gm->it[top].is_func ?
	    geval(gm, gm->it[top].body, gm->x, gm->y) : geval(gm, &(struct gnode){G_DEF, 0, top,
	    NULL, NULL}, 0, 0));
	want[1] = -gm->y + 0.1 * (gm->it[gm->n / 2].is_func ?
	    geval(gm, gm->it[gm->n / 2].body, gm->y, gm->x) : geval(gm, &(struct gnode){G_DEF, 0,
	    gm->n / 2, NULL, NULL}, 0, 0));
	expr_prog_eval(m->rhs_prog, 0, z, m->par_value, f);
	for (i = 0; i < 2; i++)
		if (!(fabs(f[i] - want[i]) <= 1e-9 * (1 + fabs(want[i]))))
			fail_msg("f%d = %.17g, the test's own evaluation %.17g in\n%s", i, f[i],
			    want[i], text);
	/* the Jacobian through the shared definitions against central differences */
	expr_prog_eval(m->jac_prog, 0, z, m->par_value, J);
	for (j = 0; j < 2; j++) {
		double zp[2] = {z[0], z[1]}, zm[2] = {z[0], z[1]}, fp[2], fm[2], h = 1e-6;
		zp[j] += h;
		zm[j] -= h;
		expr_prog_eval(m->rhs_prog, 0, zp, m->par_value, fp);
		expr_prog_eval(m->rhs_prog, 0, zm, m->par_value, fm);
		for (i = 0; i < 2; i++) {
			double fd = (fp[i] - fm[i]) / (2 * h);
			if (!(fabs(J[i * 2 + j] - fd) <= 1e-5 * (1 + fabs(fd))))
				fail_msg("d f%d / d z%d = %.17g, central difference %.17g in\n%s", i, j,
				    J[i * 2 + j], fd, text);
		}
	}
}

static void
test_random_definitions(void **state)
{
	int it, loaded = 0, refused = 0;
	(void)state;

	for (it = 0; it < 400; it++) {
		struct gmodel gm;
		struct diag d;
		struct model *m;
		/* mostly small, sometimes deep and wide */
		int n = it % 50 == 7 ? 3000 : it % 10 == 3 ? 300 : 2 + (int)rnd(30);
		int top = n - 1, cyc = rnd(4) == 0, lo = -1, hi = -1, k;
		char *text;

		memset(&gm, 0, sizeof gm);
		gm.x = 0.4 + 0.1 * (double)rnd(8);
		gm.y = -0.3 + 0.1 * (double)rnd(8);
		gm.p = 0.3;
		gen_model(&gm, n);
		if (cyc) {
			lo = (int)rnd((unsigned)n);
			hi = lo + (int)rnd((unsigned)(n - lo));
		}
		text = gen_text(&gm, top, lo, hi);
		m = model_from_ode(text, "gen.ode", &d);
		if (cyc) {
			/* refused, at the line of a definition on the cycle lo..hi */
			int on_cycle = 0;
			if (m != NULL)
				fail_msg("a cycle %d..%d loaded:\n%s", lo, hi, text);
			for (k = lo; k <= hi; k++)
				on_cycle |= gm.it[k].line == d.line && gm.it[k].col == d.col;
			if (strstr(d.msg, "refers to itself") == NULL || !on_cycle)
				fail_msg("cycle %d..%d refused with %d:%d: %s\n%s", lo, hi, d.line, d.col,
				    d.msg, text);
			refused++;
		} else {
			if (m == NULL)
				fail_msg("did not load: %d:%d: %s\n%s", d.line, d.col, d.msg, text);
			check_generated(&gm, m, top, text);
			model_free(m);
			loaded++;
		}
		for (k = 0; k < n; k++)
			gfree(gm.it[k].body);
		free(gm.it);
		free(text);
	}
	assert_true(loaded > 200 && refused > 50);
}

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static int errors;

static void
count_error(void *ctx, const char *text)
{
	(void)ctx;
	assert_true(strlen(text) > 0);
	errors++;
}

static void
test_random_commands(void **state)
{
	static const char *const words[] = {
		"load", "show", "set", "window", "axes", "traj", "clear", "run", "print", "size", "eq",
		"nullclines", "manifold", "folds", "fate", "sweep", "nudge", "help", "grid", "x", "y",
		"eps", "a", "I", "m", "tmax=5", "eps=0.1", "method=msbdf", "method=rk4", "dir=both",
		"field=full", "manifold=off", "nullclines=on", "tol=1e-3", "1", "-2", "0.5", "3", "1e9",
		"nan", "inf", "auto", "40x12", "=", ";", "#", "vanderpol", "lotka", "featlearn",
		"hindmarsh", "nosuch", "t", "b=abc", "fr", "sh"
	};
	struct out out = {quiet, count_error, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"fuzz", 1};
	int it, okc = 0;
	(void)state;

	session_init(&s, &out, CANVAS_ASCII);
	for (it = 0; it < 6000; it++) {
		struct strbuf sb;
		int k, n = 1 + (int)rnd(5), before = errors, rc;

		strbuf_init(&sb);
		/* a command word first (of the first 18), then any words */
		for (k = 0; k < n; k++)
			strbuf_printf(&sb, "%s%s", k ? " " : "",
			    words[rnd(k == 0 ? 18 : sizeof words / sizeof words[0])]);
		/* keep every run short: the words can ask for long integrations */
		strbuf_add(&sb, "; set maxstor=2000 tmax=20");
		loc.line = it + 1;
		rc = cmd_exec_line(&s, sb.s, &loc);
		/* a failed line reported at least one error; a clean one reported none */
		if (rc < 0)
			assert_true(errors > before);
		else {
			assert_int_equal(errors, before);
			okc++;
		}
		strbuf_fini(&sb);
	}
	if (okc < 200 || okc > 5800)
		fail_msg("%d of 6000 lines succeeded: the mix tests too little", okc);
	session_fini(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutated_models),
		cmocka_unit_test(test_token_soup),
		cmocka_unit_test(test_random_definitions),
		cmocka_unit_test(test_random_commands),
	};
	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
