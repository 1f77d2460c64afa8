/* libFuzzer entry point: any bytes as an expression over x, y, eps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_symtab *st = expr_symtab_new();
	char *text = xstrndup((const char *)data, size);
	struct diag d;
	struct expr *e;

	expr_symtab_add(st, "x", SYM_VAR, 0);
	expr_symtab_add(st, "y", SYM_VAR, 0);
	expr_symtab_add(st, "eps", SYM_PAR, 0);
	e = expr_parse(text, st, NULL, 0, &d);
	if (e) {
		struct expr *x = expr_expand(e, st, &d);
		if (x) {
			struct expr *dx = expr_diff(x, EXPR_VAR, 0);
			struct expr_prog *p = expr_compile(&dx, 1, &d);
			double y[2] = {0.5, -1}, par[1] = {0.1}, out;
			if (p)
				expr_prog_eval(p, 1, y, par, &out);
			expr_prog_free(p);
			expr_free(dx);
			expr_free(x);
		}
		expr_free(e);
	} else if (d.msg[0] == '\0') {
		abort();	/* every refusal says why */
	}
	free(text);
	expr_symtab_free(st);
	return 0;
}
