/*
 * Bad input at random: mutated model files, token soup as expressions and
 * random command lines. Nothing may crash (make sanitize runs this under
 * ASan/UBSan), and every failure must come with a message and a place that
 * lies inside the input.
 */
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "cmd.h"

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
		text = read_file(path, &len);
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
		cmocka_unit_test(test_random_commands),
	};
	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
