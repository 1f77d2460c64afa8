/* model_table: tables as interpolating user functions (see model_table.h). */
#include "model_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "readin.h"

/* The piece between nodes k and k+1, of the argument u. */
static void
piece(struct strbuf *sb, const double *y, int k, double xlo, double h, const char *u)
{
	double x0 = xlo + k * h, slope = (y[k + 1] - y[k]) / h;

	strbuf_printf(sb, "(%.17g+(%.17g)*(%s-(%.17g)))", y[k], slope, u, x0);
}

/* Pieces lo..hi-1 (hi - lo >= 1) by bisection on the argument. */
static void
tree(struct strbuf *sb, const double *y, int lo, int hi, double xlo, double h, const char *u)
{
	int mid;

	if (hi - lo == 1) {
		piece(sb, y, lo, xlo, h, u);
		return;
	}
	mid = (lo + hi) / 2;
	strbuf_printf(sb, "if(%s<%.17g)then(", u, xlo + mid * h);
	tree(sb, y, lo, mid, xlo, h, u);
	strbuf_add(sb, ")else(");
	tree(sb, y, mid, hi, xlo, h, u);
	strbuf_addc(sb, ')');
}

char *
table_body(const double *y, int n, double xlo, double xhi, const char *arg)
{
	struct strbuf sb;

	strbuf_init(&sb);
	tree(&sb, y, 0, n - 1, xlo, (xhi - xlo) / (n - 1), arg);
	return strbuf_take(&sb);
}

/* The next number of the text at *p (moving *p past it), or -1. */
static int
next_number(const char **p, double *v)
{
	char *end;

	*v = strtod(*p, &end);
	if (end == *p)
		return -1;
	*p = end;
	return 0;
}

int
table_read_file(const char *path, double **y, int *n, double *xlo, double *xhi,
    struct strbuf *err)
{
	struct diag d;
	size_t len;
	/* bounded like a model: a FIFO, /dev/zero or a huge file is answered at once */
	char *text = readin(path, &len, &d);
	const char *p = text;
	double v;
	int i, cnt, line, col;

	*y = NULL;
	if (text == NULL) {
		strbuf_add(err, d.msg);
		return -1;
	}
	if (readin_nul(text, len, &line, &col)) {
		strbuf_printf(err, "'%s' has a NUL byte at line %d, column %d: a table file is text",
		    path, line, col);
		free(text);
		return -1;
	}
	if (next_number(&p, &v) < 0 || next_number(&p, xlo) < 0 || next_number(&p, xhi) < 0 ||
	    v != floor(v) || v < 2 || v > 1e7 || !(*xlo < *xhi) || !isfinite(*xhi - *xlo)) {
		strbuf_printf(err, "'%s' is not a table file (expected n >= 2, xlo < xhi, then n "
		    "values)", path);
		free(text);
		return -1;
	}
	cnt = (int)v;
	*y = xmalloc((size_t)cnt * sizeof **y);
	for (i = 0; i < cnt; i++) {
		if (next_number(&p, &(*y)[i]) < 0 || !isfinite((*y)[i])) {
			strbuf_printf(err, "'%s' has %d values, not the %d its first line promises",
			    path, i, cnt);
			free(*y);
			*y = NULL;
			free(text);
			return -1;
		}
	}
	free(text);
	*n = cnt;
	return 0;
}
