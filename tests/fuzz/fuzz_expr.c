/*
 * libFuzzer entry point: any bytes as expressions over x, y, eps with shared
 * definitions. The input is split at newlines: lines 1-6 are the bodies of
 * the definitions d0..d5, line 7 of g(u), line 8 of h(u,v), line 9 the
 * expression (with fewer lines, the last one is the expression). Definitions
 * may refer to each other in any order and nest calls, so the fuzzer reaches
 * deep chains, wide sharing and recursion, which must be refused with a
 * message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NDEF 6

static void
run(struct expr_symtab *st, const char *text, int valid)
{
	struct diag d;
	struct expr_lets *L;
	struct expr *e = expr_parse(text, st, NULL, 0, &d), *x, *dx[3];
	struct expr_prog *p;
	double y[2] = {0.5, -1}, par[1] = {0.1}, out[3];
	int i;

	if (e == NULL) {
		check_refusal(valid, d.msg);
		return;
	}
	L = expr_lets_new(st);
	x = expr_lets_expand(L, e, &d);
	if (x == NULL)
		check_refusal(valid, d.msg);
	if (x) {
		dx[0] = expr_lets_diff(L, x, EXPR_VAR, 0);
		dx[1] = expr_lets_diff(L, x, EXPR_VAR, 1);
		dx[2] = expr_lets_diff(L, x, EXPR_T, 0);
		p = expr_lets_compile(L, dx, 3, &d);
		if (p)
			expr_prog_eval(p, 1, y, par, out);
		expr_prog_free(p);
		for (i = 0; i < 3; i++)
			expr_free(dx[i]);
		(void)expr_lets_eval(L, x, 1, y, par);
		expr_free(x);
	}
	expr_lets_free(L);
	expr_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const uarg[] = {"u"}, *const uvarg[] = {"u", "v"};
	struct expr_symtab *st = expr_symtab_new();
	char *text = xstrndup((const char *)data, size), *line[NDEF + 3], *s = text;
	int n = 0, i, id[NDEF + 2];
	char name[8];
	struct diag d;

	while (n < NDEF + 3) {
		char *nl = strchr(s, '\n');
		line[n++] = s;
		if (nl == NULL)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	expr_symtab_add(st, "eps", SYM_PAR, 0);
	for (i = 0; i < NDEF; i++) {
		snprintf(name, sizeof name, "d%d", i);
		id[i] = expr_symtab_add(st, name, SYM_DEF, 0);
	}
	id[NDEF] = expr_symtab_add(st, "g", SYM_FUNC, 1);
	id[NDEF + 1] = expr_symtab_add(st, "h", SYM_FUNC, 2);
	/* every line but the last is a body (a body that does not parse stays missing) */
	for (i = 0; i < n - 1 && i < NDEF + 2; i++) {
		int f = i >= NDEF;
		struct expr *b = expr_parse(line[i], st, f ? (i == NDEF ? uarg : uvarg) : NULL,
		    f ? i - NDEF + 1 : 0, &d);
		if (b) {
			expr_symtab_set_body(st, f ? SYM_FUNC : SYM_DEF, id[i], b);
			expr_symtab_set_place(st, f ? SYM_FUNC : SYM_DEF, id[i], i + 1, 1);
		}
	}
	run(st, line[n - 1], valid_utf8((const char *)data, size));
	free(text);
	expr_symtab_free(st);
	return 0;
}
