/*
 * model_array: XPPAUT's array shorthand, expanded in the text of a line before
 * the reader classifies it (so every expanded line is an ordinary line):
 *
 *   x[1..n]' = -x[j] + x[j-1]*[j]   one line per j; NAME[expr] becomes the
 *                                    name with the index appended (x0, x1..),
 *                                    a bare [expr] its integer value
 *   %[1..n] ... %                    every line of the block for each j, j outer
 *   sum(a,b)of(expr)                 expr for i'=a..b, added, in parentheses
 *   shift(x3,k)                      the name k places on: x3+2 -> x5
 *
 * The expansion is text, so its size is what the user asked for (n lines of
 * the same length); definitions stay shared by name. shift() counts in the
 * name's trailing number, which is XPPAUT's declaration order for arrays.
 */
#include "model_array.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- integer index arithmetic: + - * / ( ) numbers, j and i' ---- */

struct ix {
	const char *s;
	long j, i;
	int has_j, has_i;
	const char *err;
};

static long ix_sum(struct ix *p);

static void
ix_blank(struct ix *p)
{
	while (*p->s == ' ' || *p->s == '\t')
		p->s++;
}

/*
 * Indices are bounded by IX_MAX after every operation: two bounded values
 * multiply or add without overflowing a long, so no step of the arithmetic
 * can (a number or a product out of range is an error, not undefined).
 */
#define IX_MAX 1000000000L

static long
ix_bound(struct ix *p, long v)
{
	if (v > IX_MAX || v < -IX_MAX) {
		if (p->err == NULL)
			p->err = "an index is beyond 1e9";
		return 0;
	}
	return v;
}

static long
ix_atom(struct ix *p)
{
	long v;

	ix_blank(p);
	if (*p->s == '-') {
		p->s++;
		return -ix_atom(p);
	}
	if (*p->s == '+') {
		p->s++;
		return ix_atom(p);
	}
	if (*p->s == '(') {
		p->s++;
		v = ix_sum(p);
		ix_blank(p);
		if (*p->s != ')')
			p->err = "expected ')' in an index";
		else
			p->s++;
		return v;
	}
	if (isdigit((unsigned char)*p->s)) {
		v = strtol(p->s, (char **)&p->s, 10);	/* LONG_MAX when too long */
		return ix_bound(p, v);
	}
	if ((*p->s == 'j' || *p->s == 'J') && !isalnum((unsigned char)p->s[1]) && p->s[1] != '_') {
		p->s++;
		if (!p->has_j)
			p->err = "'j' outside an array line";
		return p->j;
	}
	if ((*p->s == 'i' || *p->s == 'I') && p->s[1] == '\'') {
		p->s += 2;
		if (!p->has_i)
			p->err = "i' outside sum(...)of(...)";
		return p->i;
	}
	p->err = "an index is whole-number arithmetic of j";
	return 0;
}

static long
ix_prod(struct ix *p)
{
	long v = ix_atom(p), w;

	for (;;) {
		ix_blank(p);
		if (*p->s != '*' && *p->s != '/')
			return v;
		if (*p->s++ == '*') {
			v = ix_bound(p, v * ix_atom(p));
		} else {
			w = ix_atom(p);
			if (w == 0) {
				p->err = "division by zero in an index";
				return 0;
			}
			v /= w;
		}
	}
}

static long
ix_sum(struct ix *p)
{
	long v = ix_prod(p);

	for (;;) {
		ix_blank(p);
		if (*p->s == '+') {
			p->s++;
			v = ix_bound(p, v + ix_prod(p));
		} else if (*p->s == '-') {
			p->s++;
			v = ix_bound(p, v - ix_prod(p));
		} else {
			return v;
		}
	}
}

/* Evaluate the index text [s, e); -1 with *err set on error. */
static int
ix_eval(const char *s, const char *e, long j, int has_j, long i, int has_i, long *out,
    const char **err)
{
	char *copy = xstrndup(s, (size_t)(e - s));
	struct ix p = { copy, j, i, has_j, has_i, NULL };

	*out = ix_sum(&p);
	ix_blank(&p);
	if (p.err == NULL && *p.s != '\0')
		p.err = "an index is whole-number arithmetic of j";
	free(copy);
	*err = p.err;
	return p.err ? -1 : 0;
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/*
 * A range "[lo..hi]" in s: fills lo, hi and the bracket's span; 0 if none.
 */
static int
find_range(const char *s, long *lo, long *hi, const char **b0, const char **b1)
{
	const char *p;

	for (p = strchr(s, '['); p; p = strchr(p + 1, '[')) {
		const char *q = p + 1, *dots;
		char *end;
		while (*q == ' ')
			q++;
		*lo = strtol(q, &end, 10);
		if (end == q)
			continue;
		dots = end;
		while (*dots == ' ')
			dots++;
		if (dots[0] != '.' || dots[1] != '.')
			continue;
		q = dots + 2;
		*hi = strtol(q, &end, 10);
		if (end == q)
			continue;
		while (*end == ' ')
			end++;
		if (*end != ']')
			continue;
		*b0 = p;
		*b1 = end + 1;
		return 1;
	}
	return 0;
}

/*
 * Replace every [expr] in s by its value for this j (appended to a name
 * right before it, or standing alone); the range span, if any, by j.
 */
static int
subst_brackets(const char *s, long j, int has_j, const char *r0, const char *r1,
    struct strbuf *out, const char **err, int *errcol, const char *line)
{
	const char *p = s;

	while (*p) {
		if (p == r0) {
			strbuf_printf(out, "%ld", j);
			p = r1;
			continue;
		}
		if (*p == '[') {
			const char *close = strchr(p, ']');
			long v;
			if (close == NULL) {
				*err = "'[' without ']'";
				*errcol = (int)(p - line) + 1;
				return -1;
			}
			if (ix_eval(p + 1, close, j, has_j, 0, 0, &v, err) < 0) {
				*errcol = (int)(p - line) + 1;
				return -1;
			}
			strbuf_printf(out, "%ld", v);
			p = close + 1;
			continue;
		}
		strbuf_addc(out, *p++);
	}
	return 0;
}

/* ---- sum(a,b)of(expr) and shift(name,k) ---- */

/* The ')' matching the '(' at p, or NULL. */
static const char *
match_paren(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	}
	return NULL;
}

static int word_at(const char *s, const char *p, const char *w);
static int has_volterra(const char *s);

/* body with i' set: i' inside shift() indices and elsewhere as a number */
static int
subst_i(const char *body, long i, struct strbuf *out, const char **err)
{
	const char *p = body;

	while (*p) {
		if (word_at(body, p, "shift")) {
			const char *open = p + 5, *close, *comma, *name;
			size_t nl = 0, digits;
			long base, k;
			while (*open == ' ')
				open++;
			close = *open == '(' ? match_paren(open) : NULL;
			comma = close ? memchr(open, ',', (size_t)(close - open)) : NULL;
			if (comma == NULL) {
				*err = "expected shift(NAME, OFFSET)";
				return -1;
			}
			name = open + 1;
			while (*name == ' ')
				name++;
			while (is_name_char((unsigned char)name[nl]))
				nl++;
			for (digits = nl; digits > 0 && isdigit((unsigned char)name[digits - 1]); digits--)
				;
			if (nl == 0 || digits == nl || digits == 0) {
				*err = "shift() needs a name ending in its index, like x0";
				return -1;
			}
			if (ix_eval(comma + 1, close, 0, 0, i, 1, &k, err) < 0)
				return -1;
			base = strtol(name + digits, NULL, 10);
			strbuf_printf(out, "%.*s%ld", (int)digits, name, base + k);
			p = close + 1;
			continue;
		}
		if ((*p == 'i' || *p == 'I') && p[1] == '\'' &&
		    (p == body || !is_name_char((unsigned char)p[-1]))) {
			strbuf_printf(out, "(%ld)", i);
			p += 2;
			continue;
		}
		strbuf_addc(out, *p++);
	}
	return 0;
}

/* s has the word w (case-insensitive, not inside a longer name) at p */
static int
word_at(const char *s, const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(p, w, n) == 0 && (p == s || !is_name_char((unsigned char)p[-1])) &&
	    !is_name_char((unsigned char)p[n]);
}

static int
expand_sums(const char *s, struct strbuf *out, const char **err)
{
	const char *p = s;

	while (*p) {
		const char *open, *close, *comma, *of, *body0, *body1;
		long a, b, i;
		struct strbuf inner;

		if (!word_at(s, p, "sum")) {
			strbuf_addc(out, *p++);
			continue;
		}
		open = p + 3;
		while (*open == ' ')
			open++;
		close = *open == '(' ? match_paren(open) : NULL;
		comma = close ? memchr(open, ',', (size_t)(close - open)) : NULL;
		if (comma == NULL) {
			*err = "expected sum(FROM,TO)of(EXPRESSION)";
			return -1;
		}
		of = close + 1;
		while (*of == ' ')
			of++;
		if (strncasecmp(of, "of", 2) != 0) {
			*err = "expected 'of(' after sum(FROM,TO)";
			return -1;
		}
		body0 = of + 2;
		while (*body0 == ' ')
			body0++;
		body1 = *body0 == '(' ? match_paren(body0) : NULL;
		if (body1 == NULL) {
			*err = "expected 'of(EXPRESSION)' after sum(FROM,TO)";
			return -1;
		}
		if (ix_eval(open + 1, comma, 0, 0, 0, 0, &a, err) < 0 ||
		    ix_eval(comma + 1, close, 0, 0, 0, 0, &b, err) < 0)
			return -1;
		if (b - a > 100000) {
			*err = "sum() over more than 100000 terms";
			return -1;
		}
		/* the body may hold sums of its own */
		strbuf_init(&inner);
		{
			char *body = xstrndup(body0 + 1, (size_t)(body1 - body0 - 1));
			int rc = expand_sums(body, &inner, err);
			free(body);
			if (rc < 0) {
				strbuf_fini(&inner);
				return -1;
			}
		}
		strbuf_addc(out, '(');
		for (i = a; i <= b; i++) {
			if (i > a)
				strbuf_addc(out, '+');
			strbuf_addc(out, '(');
			if (subst_i(inner.s, i, out, err) < 0) {
				strbuf_fini(&inner);
				return -1;
			}
			strbuf_addc(out, ')');
		}
		if (b < a)
			strbuf_addc(out, '0');
		strbuf_addc(out, ')');
		strbuf_fini(&inner);
		p = body1 + 1;
	}
	return 0;
}

/* ---- lines and blocks ---- */

int
ode_has_volterra(const char *s)
{
	return has_volterra(s);
}

void
ode_array_init(struct ode_array *a)
{
	memset(a, 0, sizeof *a);
}

void
ode_array_fini(struct ode_array *a)
{
	int i;

	for (i = 0; i < a->nblock; i++)
		free(a->block[i]);
	free(a->block);
	free(a->block_line);
	a->block = NULL;
	a->block_line = NULL;
	a->nblock = 0;
}

static void
push(char ***out, int **lines, int *n, char *s, int lineno)
{
	*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
	*lines = xrealloc(*lines, (size_t)(*n + 1) * sizeof **lines);
	(*out)[*n] = s;
	(*lines)[*n] = lineno;
	(*n)++;
}

/* One line for one j (has_j 0: no j), then its sums. */
static int
expand_one(const char *line, long j, int has_j, const char *r0, const char *r1, int lineno,
    char ***out, int **lines, int *n, struct diag *d)
{
	struct strbuf a, b;
	const char *err = NULL;
	int col = 1;

	strbuf_init(&a);
	strbuf_init(&b);
	if (subst_brackets(line, j, has_j, r0, r1, &a, &err, &col, line) < 0 ||
	    expand_sums(a.s, &b, &err) < 0) {
		strbuf_fini(&a);
		strbuf_fini(&b);
		return diag_set(d, lineno, col, "%s", err);
	}
	strbuf_fini(&a);
	push(out, lines, n, strbuf_take(&b), lineno);
	return 0;
}

/* A Volterra integral int{...} or int[q]{...}: not array syntax. */
static int
has_volterra(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if (word_at(s, p, "int")) {
			const char *q = p + 3;
			while (*q == ' ')
				q++;
			if (*q == '{' || *q == '[')
				return 1;
		}
	}
	return 0;
}

static int
needs_work(const char *s)
{
	const char *p;

	if (strchr(s, '['))
		return 1;
	for (p = s; *p; p++)
		if (word_at(s, p, "sum"))
			return 1;
	return 0;
}

/*
 * "x[lo..hi](0)=v": XPPAUT 6.11 reads the array form as 'init' (the value
 * at t0 only), unlike a single 'x0(0)=v', which is also a delay's history
 * for t < t0 (measured: x' = delay(x,1) with x(0)=2 gives x(1) = 4, with
 * x[0..1](0)=2 it gives 2). s starts the name; r0..r1 is the range.
 */
static int
array_at0(const char *s, const char *r0, const char *r1)
{
	const char *p = s;

	while (p < r0 && is_name_char((unsigned char)*p))
		p++;
	if (p != r0 || p == s)
		return 0;
	while (*r1 == ' ')
		r1++;
	if (*r1++ != '(')
		return 0;
	while (*r1 == ' ')
		r1++;
	if (*r1++ != '0')
		return 0;
	while (*r1 == ' ')
		r1++;
	return *r1 == ')';
}

static int
at0_as_init(struct ode_array *a, const char *line, const char *s, const char *r1, int lineno,
    char ***out, int **lines, int *n, struct diag *d)
{
	struct strbuf sb;
	const char *eq = strchr(strchr(r1, ')'), '=');
	int rc;

	if (eq == NULL)
		return diag_set(d, lineno, (int)(r1 - line) + 1, "expected '=' after '(0)'");
	strbuf_init(&sb);
	strbuf_add(&sb, "init ");
	strbuf_addn(&sb, s, (size_t)(r1 - s));
	strbuf_add(&sb, eq);
	rc = ode_array_line(a, sb.s, lineno, out, lines, n, d);
	strbuf_fini(&sb);
	return rc;
}

int
ode_array_line(struct ode_array *a, const char *line, int lineno, char ***out, int **lines,
    int *n, struct diag *d)
{
	const char *s = line, *r0 = NULL, *r1 = NULL;
	long lo, hi, j;
	int i;

	*out = NULL;
	*lines = NULL;
	*n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '#' || *s == '"' || *s == '@' || *s == '\0') {
		if (a->in_block && *s != '\0')
			return diag_set(d, lineno, 1, "only equations may stand inside an array "
			    "block ('%%[...]' ... '%%')");
		push(out, lines, n, xstrdup(line), lineno);
		return 0;
	}
	if (*s == '%') {
		const char *q = s + 1;
		while (*q == ' ')
			q++;
		if (*q == '[') {
			if (a->in_block)
				return diag_set(d, lineno, 1, "array block inside an array block");
			if (!find_range(q, &lo, &hi, &r0, &r1) || r0 != q)
				return diag_set(d, lineno, (int)(q - line) + 1,
				    "expected '%%[FROM..TO]' to open an array block");
			a->in_block = 1;
			a->lo = lo;
			a->hi = hi;
			a->open_line = lineno;
			return 0;
		}
		if (a->in_block) {
			/* the block closes: every line for each j, j outermost */
			a->in_block = 0;
			for (j = a->lo; j <= a->hi; j++)
				for (i = 0; i < a->nblock; i++)
					if (expand_one(a->block[i], j, 1, NULL, NULL, a->block_line[i], out,
					    lines, n, d) < 0)
						return -1;
			ode_array_fini(a);
			return 0;
		}
		push(out, lines, n, xstrdup(line), lineno);	/* a stray '%' line: the reader notes it */
		return 0;
	}
	if (a->in_block) {
		a->block = xrealloc(a->block, (size_t)(a->nblock + 1) * sizeof *a->block);
		a->block_line = xrealloc(a->block_line,
		    (size_t)(a->nblock + 1) * sizeof *a->block_line);
		a->block[a->nblock] = xstrdup(line);
		a->block_line[a->nblock++] = lineno;
		return 0;
	}
	if (!needs_work(s) || has_volterra(s)) {	/* int[q]{...}: the reader refuses it */
		push(out, lines, n, xstrdup(line), lineno);
		return 0;
	}
	if (!find_range(line, &lo, &hi, &r0, &r1))
		return expand_one(line, 0, 0, NULL, NULL, lineno, out, lines, n, d);
	/* unsigned: hi - lo of two longs can overflow a long */
	if (hi < lo || (unsigned long)hi - (unsigned long)lo > 100000)
		return diag_set(d, lineno, (int)(r0 - line) + 1,
		    "array range [%ld..%ld] is empty or longer than 100000", lo, hi);
	if (array_at0(s, r0, r1))
		return at0_as_init(a, line, s, r1, lineno, out, lines, n, d);
	for (j = lo; j <= hi; j++)
		if (expand_one(line, j, 1, r0, r1, lineno, out, lines, n, d) < 0)
			return -1;
	return 0;
}

int
ode_array_finish(struct ode_array *a, struct diag *d)
{
	if (a->in_block)
		return diag_set(d, a->open_line, 1, "array block ('%%[...]') without its closing '%%'");
	return 0;
}
