/* expr_tree: nodes, the symbol table, built-in functions, printing. */
#include "expr.h"
#include "expr_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- built-in functions ---- */

static const struct {
	const char *name;
	int arity;
} fn_table[FN_COUNT] = {
	[FN_SIN] = {"sin", 1}, [FN_COS] = {"cos", 1}, [FN_TAN] = {"tan", 1},
	[FN_ASIN] = {"asin", 1}, [FN_ACOS] = {"acos", 1}, [FN_ATAN] = {"atan", 1},
	[FN_ATAN2] = {"atan2", 2}, [FN_SINH] = {"sinh", 1}, [FN_COSH] = {"cosh", 1},
	[FN_TANH] = {"tanh", 1}, [FN_EXP] = {"exp", 1}, [FN_LN] = {"ln", 1},
	[FN_LOG10] = {"log10", 1}, [FN_SQRT] = {"sqrt", 1}, [FN_ABS] = {"abs", 1},
	[FN_SIGN] = {"sign", 1}, [FN_HEAV] = {"heav", 1}, [FN_MIN] = {"min", 2},
	[FN_MAX] = {"max", 2}, [FN_MOD] = {"mod", 2}, [FN_FLOOR] = {"floor", 1},
	[FN_CEIL] = {"ceil", 1}, [FN_ERF] = {"erf", 1}, [FN_ERFC] = {"erfc", 1},
	[FN_NORMAL] = {"normal", 2}, [FN_RAN] = {"ran", 1}, [FN_DELAY] = {"delay", 2},
};

const char *
expr_fn_name(int fn)
{
	return fn >= 0 && fn < FN_COUNT ? fn_table[fn].name : "?";
}

int
expr_fn_arity(int fn)
{
	return fn >= 0 && fn < FN_COUNT ? fn_table[fn].arity : 0;
}

int
expr_fn_is_input(int fn)
{
	return fn == FN_NORMAL || fn == FN_RAN || fn == FN_DELAY;
}

double
expr_fn_apply(int fn, double a, double b)
{
	switch (fn) {
	case FN_SIN: return sin(a);
	case FN_COS: return cos(a);
	case FN_TAN: return tan(a);
	case FN_ASIN: return asin(a);
	case FN_ACOS: return acos(a);
	case FN_ATAN: return atan(a);
	case FN_ATAN2: return atan2(a, b);
	case FN_SINH: return sinh(a);
	case FN_COSH: return cosh(a);
	case FN_TANH: return tanh(a);
	case FN_EXP: return exp(a);
	case FN_LN: return log(a);
	case FN_LOG10: return log10(a);
	case FN_SQRT: return sqrt(a);
	case FN_ABS: return fabs(a);
	case FN_SIGN: return a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0;
	/* heav(0) = 1, as XPPAUT defines it */
	case FN_HEAV: return a >= 0 ? 1.0 : 0.0;
	case FN_MIN: return a < b ? a : b;
	case FN_MAX: return a > b ? a : b;
	/* mod takes the sign of the divisor, so mod(-1,3) = 2 (periodic variables) */
	case FN_MOD: return a - b * floor(a / b);
	case FN_FLOOR: return floor(a);
	case FN_CEIL: return ceil(a);
	case FN_ERF: return erf(a);
	case FN_ERFC: return erfc(a);
	}
	return NAN;
}

/* ---- nodes ---- */

static struct expr *
node_alloc(int nargs)
{
	struct expr *e = xcalloc(1, sizeof *e + (size_t)nargs * sizeof e->args[0]);
	e->nargs = nargs;
	return e;
}

struct expr *
expr_num(double v)
{
	struct expr *e = node_alloc(0);
	e->kind = EXPR_NUM;
	e->num = v;
	return e;
}

struct expr *
expr_leaf(enum expr_kind kind, int id)
{
	struct expr *e = node_alloc(0);
	e->kind = kind;
	e->id = id;
	return e;
}

struct expr *
expr_node(enum expr_kind kind, int id, int nargs, struct expr *a, struct expr *b,
    struct expr *c)
{
	struct expr *e = node_alloc(nargs);
	e->kind = kind;
	e->id = id;
	if (nargs > 0)
		e->args[0] = a;
	if (nargs > 1)
		e->args[1] = b;
	if (nargs > 2)
		e->args[2] = c;
	return e;
}

struct expr *
expr_copy(const struct expr *e)
{
	struct expr *c;
	int i;

	if (e == NULL)
		return NULL;
	c = node_alloc(e->nargs);
	c->kind = e->kind;
	c->id = e->id;
	c->num = e->num;
	c->col = e->col;
	for (i = 0; i < e->nargs; i++)
		c->args[i] = expr_copy(e->args[i]);
	return c;
}

void
expr_free(struct expr *e)
{
	int i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nargs; i++)
		expr_free(e->args[i]);
	free(e);
}

int
expr_equal(const struct expr *a, const struct expr *b)
{
	int i;

	if (a->kind != b->kind || a->nargs != b->nargs)
		return 0;
	if (a->kind == EXPR_NUM)
		return a->num == b->num;
	if (a->id != b->id)
		return 0;
	for (i = 0; i < a->nargs; i++)
		if (!expr_equal(a->args[i], b->args[i]))
			return 0;
	return 1;
}

int
expr_is_leaf(const struct expr *e)
{
	return e->kind == EXPR_NUM || e->kind == EXPR_T || e->kind == EXPR_VAR ||
	    e->kind == EXPR_PAR || e->kind == EXPR_TMP;
}

unsigned
expr_hash(const struct expr *e)
{
	unsigned h = 2166136261u * 31u + (unsigned)e->kind;
	int i;

	if (e->kind == EXPR_NUM) {
		unsigned char b[sizeof e->num];
		double v = e->num == 0 ? 0 : e->num;	/* -0 == 0 for expr_equal */
		size_t k;
		memcpy(b, &v, sizeof b);
		for (k = 0; k < sizeof b; k++)
			h = (h ^ b[k]) * 16777619u;
		return h;
	}
	h = (h ^ (unsigned)e->id) * 16777619u;
	for (i = 0; i < e->nargs; i++)
		h = (h ^ expr_hash(e->args[i])) * 16777619u;
	return h;
}

size_t
expr_size(const struct expr *e)
{
	size_t n = 1;
	int i;

	for (i = 0; i < e->nargs; i++)
		n += expr_size(e->args[i]);
	return n;
}

/* ---- symbol table ---- */

/*
 * Names are found through a hash of their lower-case spelling and (kind, id)
 * through one index per kind, so declaring and looking up n names is O(n):
 * 40,000 definitions must load in a fraction of a second.
 */
struct sym {
	char *name;
	enum sym_kind kind;
	int id;
	int nargs;
	int line, col;		/* where the body is written; 0 if unknown */
	int next;		/* next sym in the same hash bucket, or -1 */
	struct expr *body;
};

struct expr_symtab {
	struct sym *syms;
	size_t n, cap;
	int *bucket;		/* nbucket heads, -1 = empty */
	size_t nbucket;
	int *by_kind[SYM_FUNC + 1];	/* id -> index in syms */
	size_t kind_cap[SYM_FUNC + 1];
	int count[SYM_FUNC + 1];
};

static unsigned
name_hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

static void
rehash(struct expr_symtab *st)
{
	size_t i, nb = st->nbucket ? st->nbucket * 2 : 64;

	free(st->bucket);
	st->bucket = xmalloc(nb * sizeof *st->bucket);
	st->nbucket = nb;
	for (i = 0; i < nb; i++)
		st->bucket[i] = -1;
	for (i = 0; i < st->n; i++) {
		unsigned b = name_hash(st->syms[i].name) % nb;
		st->syms[i].next = st->bucket[b];
		st->bucket[b] = (int)i;
	}
}

struct expr_symtab *
expr_symtab_new(void)
{
	return xcalloc(1, sizeof(struct expr_symtab));
}

void
expr_symtab_free(struct expr_symtab *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++) {
		free(st->syms[i].name);
		expr_free(st->syms[i].body);
	}
	for (i = 0; i <= SYM_FUNC; i++)
		free(st->by_kind[i]);
	free(st->bucket);
	free(st->syms);
	free(st);
}

static int
sym_index(const struct expr_symtab *st, const char *name)
{
	int i;

	if (st->nbucket == 0)
		return -1;
	for (i = st->bucket[name_hash(name) % st->nbucket]; i >= 0; i = st->syms[i].next)
		if (name_eq(st->syms[i].name, name))
			return i;
	return -1;
}

int
expr_symtab_add(struct expr_symtab *st, const char *name, enum sym_kind kind, int nargs)
{
	struct sym *s;
	unsigned b;

	if (sym_index(st, name) >= 0)
		return -1;
	grow_array((void **)&st->syms, &st->cap, st->n + 1, sizeof *st->syms);
	s = &st->syms[st->n];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->kind = kind;
	s->id = st->count[kind]++;
	s->nargs = nargs;
	grow_array((void **)&st->by_kind[kind], &st->kind_cap[kind], (size_t)s->id + 1,
	    sizeof *st->by_kind[kind]);
	st->by_kind[kind][s->id] = (int)st->n;
	st->n++;
	if (st->n > st->nbucket)
		rehash(st);
	else {
		b = name_hash(name) % st->nbucket;
		s->next = st->bucket[b];
		st->bucket[b] = (int)st->n - 1;
	}
	return s->id;
}

static struct sym *
sym_lookup(const struct expr_symtab *st, enum sym_kind kind, int id)
{
	if (id < 0 || id >= st->count[kind])
		return NULL;
	return &st->syms[st->by_kind[kind][id]];
}

int
expr_symtab_find(const struct expr_symtab *st, const char *name, enum sym_kind *kind, int *id,
    int *nargs)
{
	int i = sym_index(st, name);

	if (i < 0)
		return -1;
	if (kind)
		*kind = st->syms[i].kind;
	if (id)
		*id = st->syms[i].id;
	if (nargs)
		*nargs = st->syms[i].nargs;
	return 0;
}

const char *
expr_symtab_name(const struct expr_symtab *st, enum sym_kind kind, int id)
{
	struct sym *s = sym_lookup(st, kind, id);
	return s ? s->name : NULL;
}

int
expr_symtab_count(const struct expr_symtab *st, enum sym_kind kind)
{
	return st->count[kind];
}

void
expr_symtab_set_body(struct expr_symtab *st, enum sym_kind kind, int id, struct expr *body)
{
	struct sym *s = sym_lookup(st, kind, id);

	if (s == NULL) {
		expr_free(body);
		return;
	}
	expr_free(s->body);
	s->body = body;
}

const struct expr *
expr_symtab_body(const struct expr_symtab *st, enum sym_kind kind, int id)
{
	struct sym *s = sym_lookup(st, kind, id);
	return s ? s->body : NULL;
}

void
expr_symtab_set_place(struct expr_symtab *st, enum sym_kind kind, int id, int line, int col)
{
	struct sym *s = sym_lookup(st, kind, id);

	if (s) {
		s->line = line;
		s->col = col;
	}
}

void
expr_symtab_place(const struct expr_symtab *st, enum sym_kind kind, int id, int *line,
    int *col)
{
	struct sym *s = sym_lookup(st, kind, id);

	*line = s ? s->line : 0;
	*col = s ? s->col : 0;
}

const char **
expr_symtab_names(const struct expr_symtab *st, int *n)
{
	const char **v = xmalloc((st->n + 1) * sizeof *v);
	size_t i;

	for (i = 0; i < st->n; i++)
		v[i] = st->syms[i].name;
	*n = (int)st->n;
	return v;
}

/* ---- printing ---- */

static int
prec_of(const struct expr *e)
{
	switch (e->kind) {
	case EXPR_OR: return 1;
	case EXPR_AND: return 2;
	case EXPR_LT: case EXPR_GT: case EXPR_LE: case EXPR_GE: case EXPR_EQ: case EXPR_NE:
		return 3;
	case EXPR_ADD: case EXPR_SUB: return 4;
	case EXPR_MUL: case EXPR_DIV: return 5;
	case EXPR_NEG: case EXPR_NOT: return 6;
	case EXPR_POW: return 7;
	case EXPR_NUM: return e->num < 0 ? 6 : 9;
	default: return 9;
	}
}

static const char *
op_text(enum expr_kind k)
{
	switch (k) {
	case EXPR_ADD: return "+";
	case EXPR_SUB: return "-";
	case EXPR_MUL: return "*";
	case EXPR_DIV: return "/";
	case EXPR_POW: return "^";
	case EXPR_LT: return "<";
	case EXPR_GT: return ">";
	case EXPR_LE: return "<=";
	case EXPR_GE: return ">=";
	case EXPR_EQ: return "==";
	case EXPR_NE: return "!=";
	case EXPR_AND: return "&";
	case EXPR_OR: return "|";
	default: return "?";
	}
}

static void print_rec(const struct expr *e, const struct expr_symtab *st, struct strbuf *sb);

static void
print_child(const struct expr *c, int need, const struct expr_symtab *st, struct strbuf *sb)
{
	if (prec_of(c) < need) {
		strbuf_addc(sb, '(');
		print_rec(c, st, sb);
		strbuf_addc(sb, ')');
	} else {
		print_rec(c, st, sb);
	}
}

static void
print_name(const struct expr_symtab *st, enum sym_kind k, int id, const char *pfx,
    struct strbuf *sb)
{
	const char *n = st ? expr_symtab_name(st, k, id) : NULL;
	if (n)
		strbuf_add(sb, n);
	else
		strbuf_printf(sb, "%s%d", pfx, id);
}

static void
print_rec(const struct expr *e, const struct expr_symtab *st, struct strbuf *sb)
{
	int p = prec_of(e), i;
	char buf[64];

	switch (e->kind) {
	case EXPR_NUM:
		fmt_num(buf, sizeof buf, e->num);
		strbuf_add(sb, buf);
		return;
	case EXPR_T: strbuf_add(sb, "t"); return;
	case EXPR_VAR: print_name(st, SYM_VAR, e->id, "y", sb); return;
	case EXPR_PAR: print_name(st, SYM_PAR, e->id, "p", sb); return;
	case EXPR_DEF: print_name(st, SYM_DEF, e->id, "d", sb); return;
	case EXPR_TMP: strbuf_printf(sb, "tmp%d", e->id); return;
	case EXPR_ARG: strbuf_printf(sb, "arg%d", e->id + 1); return;
	case EXPR_UCALL:
	case EXPR_FN:
		if (e->kind == EXPR_FN)
			strbuf_add(sb, expr_fn_name(e->id));
		else
			print_name(st, SYM_FUNC, e->id, "f", sb);
		strbuf_addc(sb, '(');
		for (i = 0; i < e->nargs; i++) {
			if (i)
				strbuf_add(sb, ",");
			print_rec(e->args[i], st, sb);
		}
		strbuf_addc(sb, ')');
		return;
	case EXPR_NEG:
	case EXPR_NOT:
		strbuf_addc(sb, e->kind == EXPR_NEG ? '-' : '!');
		print_child(e->args[0], p, st, sb);
		return;
	case EXPR_IF:
		strbuf_add(sb, "if(");
		print_rec(e->args[0], st, sb);
		strbuf_add(sb, ")then(");
		print_rec(e->args[1], st, sb);
		strbuf_add(sb, ")else(");
		print_rec(e->args[2], st, sb);
		strbuf_add(sb, ")");
		return;
	case EXPR_POW:
		/* right-associative: the left side needs parentheses at equal precedence */
		print_child(e->args[0], p + 1, st, sb);
		strbuf_add(sb, "^");
		print_child(e->args[1], p, st, sb);
		return;
	default:
		print_child(e->args[0], p, st, sb);
		if (e->kind == EXPR_MUL || e->kind == EXPR_DIV || e->kind == EXPR_POW)
			strbuf_add(sb, op_text(e->kind));
		else
			strbuf_printf(sb, " %s ", op_text(e->kind));
		/* left-associative: the right side needs them at equal precedence */
		print_child(e->args[1], p + 1, st, sb);
		return;
	}
}

void
expr_print(const struct expr *e, const struct expr_symtab *st, struct strbuf *sb)
{
	print_rec(e, st, sb);
}

/* ---- direct evaluation ---- */

double
expr_eval_tree(const struct expr *e, double t, const double *y, const double *p)
{
	double a, b;

	switch (e->kind) {
	case EXPR_NUM: return e->num;
	case EXPR_T: return t;
	case EXPR_VAR: return y[e->id];
	case EXPR_PAR: return p[e->id];
	case EXPR_DEF: case EXPR_ARG: case EXPR_UCALL: case EXPR_TMP: return NAN;
	case EXPR_FN:
		a = expr_eval_tree(e->args[0], t, y, p);
		b = e->nargs > 1 ? expr_eval_tree(e->args[1], t, y, p) : 0;
		return expr_fn_apply(e->id, a, b);
	case EXPR_NEG: return -expr_eval_tree(e->args[0], t, y, p);
	case EXPR_NOT: return expr_eval_tree(e->args[0], t, y, p) == 0;
	case EXPR_IF:
		return expr_eval_tree(e->args[0], t, y, p) != 0 ?
		    expr_eval_tree(e->args[1], t, y, p) : expr_eval_tree(e->args[2], t, y, p);
	default:
		break;
	}
	a = expr_eval_tree(e->args[0], t, y, p);
	b = expr_eval_tree(e->args[1], t, y, p);
	switch (e->kind) {
	case EXPR_ADD: return a + b;
	case EXPR_SUB: return a - b;
	case EXPR_MUL: return a * b;
	case EXPR_DIV: return a / b;
	case EXPR_POW: return pow(a, b);
	case EXPR_LT: return a < b;
	case EXPR_GT: return a > b;
	case EXPR_LE: return a <= b;
	case EXPR_GE: return a >= b;
	case EXPR_EQ: return a == b;
	case EXPR_NE: return a != b;
	case EXPR_AND: return a != 0 && b != 0;
	case EXPR_OR: return a != 0 || b != 0;
	default: return NAN;
	}
}
