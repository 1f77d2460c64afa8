/* model_special: network specials as shared weighted sums (see model_special.h). */
#include "model_special.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum sp_kind { SP_CONV, SP_FCONV, SP_SPARSE, SP_FSPARSE, SP_GILL };
enum sp_edge { EDGE_EVEN, EDGE_ZERO, EDGE_PERIODIC };

#define SP_MAX_ARGS 8

/* The call as written: its kind and its arguments' text and columns. */
struct sp_call {
	enum sp_kind kind;
	int nargs;
	char *arg[SP_MAX_ARGS];
	int col[SP_MAX_ARGS];
};

/* XPPAUT's kinds, by the word before '(' (case-insensitive). */
static const struct {
	const char *word;
	int kind;		/* enum sp_kind, or -1: refused */
	int nargs;
	const char *what;
} kinds[] = {
	{"conv", SP_CONV, 5, NULL}, {"fconv", SP_FCONV, 7, NULL},
	{"sparse", SP_SPARSE, 5, NULL}, {"fsparse", SP_FSPARSE, 7, NULL},
	{"gill", SP_GILL, 0, NULL},
	{"fftconv", -1, 0, "'fftconv' (FFT convolutions)"},
	{"mmult", -1, 0, "'mmult' (matrix products)"},
	{"fmmult", -1, 0, "'fmmult' (matrix products)"},
	{"interp", -1, 0, "'interp' (interpolated arrays)"},
	{"findext", -1, 0, "'findext' (array extrema)"},
	{"delmmult", -1, 0, "'delmmult' (delayed matrix products)"},
	{"delsparse", -1, 0, "'delsparse' (delayed sparse sums)"},
	{"import", -1, 0, "'import' (external libraries)"},
	{NULL, 0, 0, NULL}
};

static int
kind_of(const char *body, size_t *wl)
{
	size_t n = 0;
	int i;

	while (isalnum((unsigned char)body[n]) || body[n] == '_')
		n++;
	*wl = n;
	for (i = 0; kinds[i].word; i++)
		if (n == strlen(kinds[i].word) && strncasecmp(body, kinds[i].word, n) == 0)
			return i;
	/* XPPAUT matches 'fftc...' on its first four letters */
	if (n >= 4 && strncasecmp(body, "fftc", 4) == 0)
		return 5;
	return -1;
}

int
special_supported(const char *body, const char **what)
{
	size_t wl;
	int k = kind_of(body, &wl);

	*what = k >= 0 ? kinds[k].what : NULL;
	return k >= 0 && kinds[k].kind >= 0;
}

static void
call_free(struct sp_call *c)
{
	int i;

	for (i = 0; i < c->nargs; i++)
		free(c->arg[i]);
}

/*
 * The next argument of a call, from *s (just after its '(' or a ','): its
 * text [*b, *e) without the blanks around it, at the top level of the
 * parentheses. Leaves *s on the character that ended it and returns it:
 * ',', ')', or '\0' when the call is not closed.
 */
static char
next_arg(const char **s, const char **b, const char **e)
{
	const char *p = *s;
	int depth = 0;

	for (;; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == ',' || *p == ')' || *p == '\0')
			break;
	}
	*b = *s;
	*e = p;
	while (**b == ' ' || **b == '\t')
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
	*s = p;
	return *p;
}

/* "word(a, b, ...)" into c; -1 with d filled. */
static int
split_call(const char *body, struct sp_call *c, struct diag *d)
{
	size_t wl;
	int k = kind_of(body, &wl);
	const char *s;

	memset(c, 0, sizeof *c);
	if (k < 0)
		return diag_set(d, 0, 1, "unknown special '%.*s' (canard builds conv, fconv, sparse "
		    "and fsparse)", (int)(wl ? wl : strcspn(body, "(")), body);
	if (kinds[k].kind < 0)
		return diag_set(d, 0, 1, "special %s is not supported by canard yet", kinds[k].what);
	c->kind = kinds[k].kind;
	s = body + wl;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '(')
		return diag_set(d, 0, (int)(s - body) + 1, "expected '(' after '%s'", kinds[k].word);
	for (++s;; s++) {
		const char *b, *e;
		char end = next_arg(&s, &b, &e);
		if (end == '\0')
			return diag_set(d, 0, (int)(s - body) + 1, "expected ')' to close '%s('",
			    kinds[k].word);
		if (c->nargs == SP_MAX_ARGS || e == b)
			return diag_set(d, 0, (int)(b - body) + 1, "%s takes %d arguments",
			    kinds[k].word, kinds[k].nargs);
		c->col[c->nargs] = (int)(b - body) + 1;
		c->arg[c->nargs++] = xstrndup(b, (size_t)(e - b));
		if (end == ')')
			break;
	}
	s++;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return diag_set(d, 0, (int)(s - body) + 1, "unexpected text after '%s(...)'",
		    kinds[k].word);
	if (c->nargs != kinds[k].nargs)
		return diag_set(d, 0, 1, "%s takes %d arguments, found %d", kinds[k].word,
		    kinds[k].nargs, c->nargs);
	return 0;
}

/* ---- the arguments ---- */

static int
arg_edge(const struct sp_call *c, int i, enum sp_edge *edge, struct diag *d)
{
	switch (toupper((unsigned char)c->arg[i][0])) {
	case 'E': *edge = EDGE_EVEN; return 0;
	case 'Z': case '0': *edge = EDGE_ZERO; return 0;
	case 'P': *edge = EDGE_PERIODIC; return 0;
	default:
		return diag_set(d, 0, c->col[i], "unknown edge type '%s' (even, zero or periodic)",
		    c->arg[i]);
	}
}

static int
arg_count(const struct sp_call *c, int i, const char *what, int *out, struct diag *d)
{
	char *end;
	long v = strtol(c->arg[i], &end, 10);

	if (*end != '\0' || end == c->arg[i] || v <= 0 || v > 1000000)
		return diag_set(d, 0, c->col[i], "the %s '%s' must be a positive whole number",
		    what, c->arg[i]);
	*out = (int)v;
	return 0;
}

static const struct special_table *
arg_table(const struct sp_call *c, int i, const struct special_table *tab, int ntab,
    long need, struct diag *d)
{
	int k;

	for (k = 0; k < ntab; k++)
		if (name_eq(tab[k].name, c->arg[i])) {
			if (tab[k].n < need) {
				diag_set(d, 0, c->col[i], "table '%s' has %d values, the special "
				    "reads %ld", c->arg[i], tab[k].n, need);
				return NULL;
			}
			return &tab[k];
		}
	diag_set(d, 0, c->col[i], "'%s' is not a table", c->arg[i]);
	return NULL;
}

/* An array's first element: a variable or fixed quantity, and how many follow it. */
struct sp_root {
	enum expr_kind leaf;	/* EXPR_VAR or EXPR_DEF */
	int id, avail;		/* avail: elements from id to the end of its kind */
};

static int
arg_root(const struct expr_symtab *st, const struct sp_call *c, int i, int ndef,
    struct sp_root *r, struct diag *d)
{
	enum sym_kind kind;
	int id;

	if (expr_symtab_find(st, c->arg[i], &kind, &id, NULL) < 0 ||
	    !(kind == SYM_VAR || (kind == SYM_DEF && id < ndef)))
		return diag_set(d, 0, c->col[i], "'%s' is not a variable or fixed quantity (the "
		    "first element of the array the special reads)", c->arg[i]);
	r->leaf = kind == SYM_VAR ? EXPR_VAR : EXPR_DEF;
	r->id = id;
	r->avail = (kind == SYM_VAR ? expr_symtab_count(st, SYM_VAR) : ndef) - id;
	return 0;
}

static int
root_fits(const struct sp_call *c, int i, const struct sp_root *r, long n, struct diag *d)
{
	if (n > r->avail)
		return diag_set(d, 0, c->col[i], "the special reads %ld elements from '%s', but only "
		    "%d are declared from there on", n, c->arg[i], r->avail);
	return 0;
}

/* ---- building the sums ---- */

struct term {
	double w;
	int k;			/* element of root (and, for f kinds, of root2: i) */
};

/* Balanced sum of terms lo..hi-1 (hi > lo). */
static struct expr *
sum_tree(const struct term *t, int lo, int hi, const struct sp_root *r1,
    const struct sp_root *r2, int fid, int i)
{
	struct expr *x;

	if (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		return expr_node(EXPR_ADD, 0, 2, sum_tree(t, lo, mid, r1, r2, fid, i),
		    sum_tree(t, mid, hi, r1, r2, fid, i), NULL);
	}
	x = expr_leaf(r1->leaf, r1->id + t[lo].k);
	if (fid >= 0)
		x = expr_node(EXPR_UCALL, fid, 2, x, expr_leaf(r2->leaf, r2->id + i), NULL);
	return expr_node(EXPR_MUL, 0, 2, expr_num(t[lo].w), x, NULL);
}

/* Element k = i + j of an n-array under edge type e, or -1 when left out. */
static int
edge_index(enum sp_edge e, int n, int k)
{
	switch (e) {
	case EDGE_ZERO:
		return k >= 0 && k < n ? k : -1;
	case EDGE_PERIODIC:
		return (int)((((long)k % n) + n) % n);
	case EDGE_EVEN:
	default:
		/* reflect about 0 (k -> -k) and about n-1 (k -> 2n-2-k); farther out
		 * than one reflection (|k| >= 2n) is left out, as XPPAUT does */
		k = abs(k);
		if (k >= 2 * n)
			return -1;
		return k >= n ? abs(2 * n - 2 - k) : k;
	}
}

/* The terms of row i: weights and elements. Returns the count. */
static int
row_terms(const struct sp_call *c, enum sp_edge edge, int n, int ncon, const double *w,
    const double *idx, int i, struct term *t, int *bad)
{
	int j, m = 0;

	if (c->kind == SP_CONV || c->kind == SP_FCONV) {
		for (j = -ncon; j <= ncon; j++) {
			int k = edge_index(edge, n, i + j);
			if (k >= 0) {
				t[m].w = w[j + ncon];
				t[m++].k = k;
			}
		}
		return m;
	}
	for (j = 0; j < ncon; j++) {
		double x = idx[(long)i * ncon + j];
		if (!(x > -2147483648.0 && x < 2147483648.0)) {
			*bad = i * ncon + j;
			return -1;
		}
		if ((int)x >= 0) {	/* C truncation, as XPPAUT reads the index */
			t[m].w = w[(long)i * ncon + j];
			t[m++].k = (int)x;
		}
	}
	return m;
}

/* Entries lo..hi-1 of the selector, by bisection on the argument. */
static struct expr *
select_tree(enum expr_kind leaf, int first, int lo, int hi)
{
	int mid;

	if (hi - lo == 1)
		return expr_leaf(leaf, first + lo);
	mid = (lo + hi) / 2;
	return expr_node(EXPR_IF, 0, 3,
	    expr_node(EXPR_LT, 0, 2, expr_leaf(EXPR_ARG, 0), expr_num(mid), NULL),
	    select_tree(leaf, first, lo, mid), select_tree(leaf, first, mid, hi));
}

struct expr *
special_selector(enum expr_kind leaf, int first, int n)
{
	/* (int)x truncates toward 0: entry 0 for -1 < x < 1 */
	struct expr *in = expr_node(EXPR_AND, 0, 2,
	    expr_node(EXPR_GT, 0, 2, expr_leaf(EXPR_ARG, 0), expr_num(-1), NULL),
	    expr_node(EXPR_LT, 0, 2, expr_leaf(EXPR_ARG, 0), expr_num(n), NULL), NULL);

	return expr_node(EXPR_IF, 0, 3, in, select_tree(leaf, first, 0, n), expr_num(0));
}

int
special_is_gill(const char *body)
{
	size_t wl;
	int k = kind_of(body, &wl);

	return k >= 0 && kinds[k].kind == SP_GILL;
}

/* "r{3-5}" -> r3, r4, r5 appended to names; a plain name is itself. */
static int
gill_name(const char *a, int col, char ***names, int *n, struct diag *d)
{
	const char *open = strchr(a, '{');
	long lo, hi, k;
	char *end;

	if (open == NULL) {
		*names = xrealloc(*names, (size_t)(*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(a);
		return 0;
	}
	lo = strtol(open + 1, &end, 10);
	if (end == open + 1 || *end != '-')
		return diag_set(d, 0, col, "expected NAME{FROM-TO} in '%s'", a);
	hi = strtol(end + 1, &end, 10);
	if (*end != '}' || end[1] != '\0' || hi < lo || hi - lo > 10000)
		return diag_set(d, 0, col, "expected NAME{FROM-TO} in '%s'", a);
	for (k = lo; k <= hi; k++) {
		char buf[128];
		snprintf(buf, sizeof buf, "%.*s%ld", (int)(open - a), a, k);
		*names = xrealloc(*names, (size_t)(*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(buf);
	}
	return 0;
}

int
special_gill_names(const char *body, char ***names, int *n, int **cols, struct diag *d)
{
	const char *s = strchr(body, '(');
	int first = 1;

	*names = NULL;
	*n = 0;
	*cols = NULL;
	if (s == NULL)
		return diag_set(d, 0, 1, "expected 'gill(0, RATE, RATE, ...)'");
	for (++s;; s++, first = 0) {
		const char *b, *e;
		char end = next_arg(&s, &b, &e), *arg;
		int rc = 0, k0 = *n;
		if (end == '\0')
			return diag_set(d, 0, (int)(s - body) + 1, "expected ')' to close 'gill('");
		arg = xstrndup(b, (size_t)(e - b));
		if (first) {
			/* the method: 0 is Gillespie's direct method (XPPAUT
			 * runs tau-leaping requests, which it lacks, as 0) */
			if (*arg == '\0')
				rc = diag_set(d, 0, (int)(b - body) + 1, "expected the method (0)");
		} else if (*arg == '\0') {
			rc = diag_set(d, 0, (int)(b - body) + 1, "expected a reaction rate's name");
		} else {
			rc = gill_name(arg, (int)(b - body) + 1, names, n, d);
			*cols = xrealloc(*cols, (size_t)(*n + 1) * sizeof **cols);
			while (k0 < *n)
				(*cols)[k0++] = (int)(b - body) + 1;
		}
		free(arg);
		if (rc < 0)
			return -1;
		if (end == ')')
			break;
	}
	if (*n == 0)
		return diag_set(d, 0, 1, "gill needs at least one reaction rate");
	return 0;
}

/* The arguments checked; fills everything special_build needs. */
struct sp_spec {
	enum sp_edge edge;
	int n, ncon, fid;
	const struct special_table *w, *idx;
	struct sp_root r1, r2;
};

static int
read_args(const struct expr_symtab *st, const struct sp_call *c, const struct special_table *tab,
    int ntab, int ndef, struct sp_spec *s, struct diag *d)
{
	int conv = c->kind == SP_CONV || c->kind == SP_FCONV, a = 0, nargs;
	enum sym_kind kind;

	memset(s, 0, sizeof *s);
	s->fid = -1;
	if (conv && arg_edge(c, a++, &s->edge, d) < 0)
		return -1;
	if (arg_count(c, a++, "array length", &s->n, d) < 0 ||
	    arg_count(c, a++, "connection count", &s->ncon, d) < 0)
		return -1;
	if ((s->w = arg_table(c, a++, tab, ntab, conv ? 2L * s->ncon + 1 :
	    (long)s->n * s->ncon, d)) == NULL)
		return -1;
	if (!conv && (s->idx = arg_table(c, a++, tab, ntab, (long)s->n * s->ncon, d)) == NULL)
		return -1;
	if (arg_root(st, c, a, ndef, &s->r1, d) < 0)
		return -1;
	if (conv && root_fits(c, a, &s->r1, s->n, d) < 0)
		return -1;
	a++;
	if (c->kind == SP_CONV || c->kind == SP_SPARSE)
		return 0;
	if (arg_root(st, c, a, ndef, &s->r2, d) < 0 || root_fits(c, a, &s->r2, s->n, d) < 0)
		return -1;
	a++;
	if (expr_symtab_find(st, c->arg[a], &kind, &s->fid, &nargs) < 0 || kind != SYM_FUNC ||
	    nargs != 2)
		return diag_set(d, 0, c->col[a], "'%s' is not a function of two arguments",
		    c->arg[a]);
	return 0;
}

int
special_build(struct expr_symtab *st, const char *name, const char *body,
    const struct special_table *tab, int ntab, int ndef, int line, int col, struct diag *d)
{
	struct sp_call c;
	struct sp_spec s;
	struct term *t = NULL;
	int i, def0 = -1, fid, rc = -1, bad = -1;
	enum sym_kind kind;

	if (split_call(body, &c, d) < 0)
		goto out;
	if (read_args(st, &c, tab, ntab, ndef, &s, d) < 0)
		goto out;
	t = xmalloc((size_t)(c.kind == SP_CONV || c.kind == SP_FCONV ? 2 * s.ncon + 1 : s.ncon) *
	    sizeof *t);
	for (i = 0; i < s.n; i++) {
		char hidden[128];
		int m = row_terms(&c, s.edge, s.n, s.ncon, s.w->y, s.idx ? s.idx->y : NULL, i, t, &bad),
		    id, q;
		if (m < 0) {
			diag_set(d, 0, c.col[3], "index table '%s' entry %d is not a number of an "
			    "element", s.idx->name, bad);
			goto out;
		}
		for (q = 0; s.idx && q < m; q++)
			if (t[q].k >= s.r1.avail) {
				diag_set(d, 0, c.col[4], "index table '%s' names element %d of '%s', but "
				    "only %d are declared from there on", s.idx->name, t[q].k,
				    c.arg[4], s.r1.avail);
				goto out;
			}
		snprintf(hidden, sizeof hidden, "%s(%d)", name, i);
		id = expr_symtab_add(st, hidden, SYM_DEF, 0);
		if (id < 0) {
			diag_set(d, 0, 1, "'%s' is declared twice", hidden);
			goto out;
		}
		if (i == 0)
			def0 = id;
		expr_symtab_set_place(st, SYM_DEF, id, line, col);
		expr_symtab_set_body(st, SYM_DEF, id, m == 0 ? expr_num(0) :
		    sum_tree(t, 0, m, &s.r1, &s.r2, s.fid, i));
	}
	expr_symtab_find(st, name, &kind, &fid, NULL);
	expr_symtab_set_body(st, SYM_FUNC, fid, special_selector(EXPR_DEF, def0, s.n));
	expr_symtab_set_place(st, SYM_FUNC, fid, line, col);
	rc = 0;
out:
	free(t);
	call_free(&c);
	return rc;
}
