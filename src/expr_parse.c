/*
 * expr_parse: lexer and recursive-descent parser for XPPAUT-style formulas.
 *
 * Precedence, lowest first: | ; & ; comparisons ; + - ; * / ; unary - + ! ;
 * ^ and ** (right-associative, so -x^2 = -(x^2) and 2^-1 = 0.5).
 * if(c)then(a)else(b) is XPPAUT's conditional. Names are case-insensitive.
 */
#include "expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok {
	T_END, T_NUM, T_NAME, T_LP, T_RP, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_POW,
	T_LT, T_GT, T_LE, T_GE, T_EQ, T_NE, T_AND, T_OR, T_NOT, T_ASSIGN, T_BAD
};

struct parser {
	const char *src;
	size_t pos;		/* start of the current token */
	size_t end;		/* end of the current token */
	enum tok tok;
	double num;
	const struct expr_symtab *st;
	const char *const *argnames;
	int nargs;
	struct diag *d;
	int depth;
	int failed;
};

#define MAX_DEPTH 200
/* a chain like x+x+...+x is parsed by loops, not recursion; its height is capped
 * so that the recursive passes after parsing (expand, simplify, diff) stay shallow */
#define MAX_HEIGHT 2000

static void
lex(struct parser *ps)
{
	const char *s = ps->src;
	size_t i = ps->end;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		i++;
	ps->pos = i;
	if (s[i] == '\0') {
		ps->tok = T_END;
		ps->end = i;
		return;
	}
	if (isdigit((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1]))) {
		char *endp;
		ps->num = strtod(s + i, &endp);
		ps->tok = T_NUM;
		ps->end = (size_t)(endp - s);
		/* 2x or 1e: a number glued to letters is a typo, not a product */
		if (isalpha((unsigned char)s[ps->end]) || s[ps->end] == '_')
			ps->tok = T_BAD;
		return;
	}
	if (isalpha((unsigned char)s[i]) || s[i] == '_') {
		size_t j = i;
		while (isalnum((unsigned char)s[j]) || s[j] == '_')
			j++;
		ps->tok = T_NAME;
		ps->end = j;
		return;
	}
	ps->end = i + 1;
	switch (s[i]) {
	case '(': ps->tok = T_LP; return;
	case ')': ps->tok = T_RP; return;
	case ',': ps->tok = T_COMMA; return;
	case '+': ps->tok = T_PLUS; return;
	case '-': ps->tok = T_MINUS; return;
	case '/': ps->tok = T_SLASH; return;
	case '^': ps->tok = T_POW; return;
	case '*':
		if (s[i + 1] == '*') {
			ps->end = i + 2;
			ps->tok = T_POW;
		} else {
			ps->tok = T_STAR;
		}
		return;
	case '<':
	case '>':
		if (s[i + 1] == '=') {
			ps->end = i + 2;
			ps->tok = s[i] == '<' ? T_LE : T_GE;
		} else {
			ps->tok = s[i] == '<' ? T_LT : T_GT;
		}
		return;
	case '=':
		if (s[i + 1] == '=') {
			ps->end = i + 2;
			ps->tok = T_EQ;
		} else {
			ps->tok = T_ASSIGN;
		}
		return;
	case '!':
		if (s[i + 1] == '=') {
			ps->end = i + 2;
			ps->tok = T_NE;
		} else {
			ps->tok = T_NOT;
		}
		return;
	case '&':
		if (s[i + 1] == '&')
			ps->end = i + 2;
		ps->tok = T_AND;
		return;
	case '|':
		if (s[i + 1] == '|')
			ps->end = i + 2;
		ps->tok = T_OR;
		return;
	default:
		ps->tok = T_BAD;
		return;
	}
}

static int
col(const struct parser *ps)
{
	return (int)ps->pos + 1;
}

static struct expr *
fail(struct parser *ps, int c, const char *fmt, const char *arg)
{
	if (!ps->failed) {
		ps->failed = 1;
		diag_set(ps->d, 0, c, fmt, arg);
	}
	return NULL;
}

/* Text of the current token, for messages. */
static const char *
tok_text(struct parser *ps, char *buf, size_t n)
{
	size_t len = ps->end - ps->pos;

	if (ps->tok == T_END)
		return "end of expression";
	if (len == 0 || ps->tok == T_BAD) {
		/* a bad token: show its first character (whole), or the glued word */
		size_t j = ps->pos;
		int k = utf8_len(ps->src + ps->pos, strlen(ps->src + ps->pos));
		while (ps->src[j] && (isalnum((unsigned char)ps->src[j]) ||
		    ps->src[j] == '.' || ps->src[j] == '_'))
			j++;
		len = j > ps->pos ? j - ps->pos : k > 0 ? (size_t)k : 1;
	}
	if (len >= n - 3) {
		len = n - 4;
		while (len > 1 && ((unsigned char)ps->src[ps->pos + len] & 0xc0) == 0x80)
			len--;	/* never inside a character */
	}
	buf[0] = '\'';
	memcpy(buf + 1, ps->src + ps->pos, len);
	buf[len + 1] = '\'';
	buf[len + 2] = '\0';
	return buf;
}

/*
 * A hint for a character that looks like an operator but is not ASCII (text
 * pasted from a paper or a word processor), or "" for any other.
 */
static const char *
lookalike(const char *s)
{
	static const struct { const char *utf8, *hint; } known[] = {
		{"\xe2\x88\x92", " (U+2212 MINUS SIGN: write '-', the ASCII hyphen-minus)"},
		{"\xe2\x80\x93", " (U+2013 EN DASH: write '-' to subtract)"},
		{"\xc3\x97", " (U+00D7 MULTIPLICATION SIGN: write '*')"},
		{"\xe2\x8b\x85", " (U+22C5 DOT OPERATOR: write '*')"},
		{"\xc2\xb7", " (U+00B7 MIDDLE DOT: write '*')"},
		{"\xc3\xb7", " (U+00F7 DIVISION SIGN: write '/')"},
	};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strncmp(s, known[i].utf8, strlen(known[i].utf8)) == 0)
			return known[i].hint;
	return "";
}

static struct expr *
unexpected(struct parser *ps, const char *what)
{
	char buf[64], msg[160];

	if (ps->tok == T_ASSIGN)
		return fail(ps, col(ps), "%s", "unexpected '='; use '==' to compare");
	snprintf(msg, sizeof msg, "expected %s, found %%s", what);
	return fail(ps, col(ps), msg, tok_text(ps, buf, sizeof buf));
}

static struct expr *parse_or(struct parser *ps);
static struct expr *parse_unary(struct parser *ps);

/* Height of a node from its children (see MAX_HEIGHT). */
static struct expr *
with_height(struct expr *e)
{
	int i;

	for (i = 0; e && i < e->nargs; i++)
		if (e->args[i]->height + 1 > e->height)
			e->height = e->args[i]->height + 1;
	return e;
}

static struct expr *
binary(struct parser *ps, enum expr_kind k, struct expr *a, struct expr *b, int c)
{
	struct expr *e;
	int h;

	if (a == NULL || b == NULL) {
		expr_free(a);
		expr_free(b);
		return NULL;
	}
	h = 1 + (a->height > b->height ? a->height : b->height);
	if (h > MAX_HEIGHT) {
		expr_free(a);
		expr_free(b);
		return fail(ps, c, "%s", "expression too long (more than 2000 operations in a row)");
	}
	e = expr_node(k, 0, 2, a, b, NULL);
	e->col = c;
	e->height = h;
	return e;
}

static int
expect(struct parser *ps, enum tok t, const char *what)
{
	if (ps->tok != t) {
		unexpected(ps, what);
		return -1;
	}
	lex(ps);
	return 0;
}

static int
is_word(struct parser *ps, const char *w)
{
	return ps->tok == T_NAME && name_eqn(ps->src + ps->pos, w, ps->end - ps->pos);
}

/* if(c)then(a)else(b); the current token is the name 'if'. */
static struct expr *
parse_if(struct parser *ps)
{
	struct expr *c = NULL, *a = NULL, *b = NULL, *e;
	int at = col(ps);

	lex(ps);
	if (expect(ps, T_LP, "'(' after 'if'") < 0)
		return NULL;
	if ((c = parse_or(ps)) == NULL || expect(ps, T_RP, "')' after the condition") < 0)
		goto bad;
	if (!is_word(ps, "then")) {
		unexpected(ps, "'then' in if(c)then(a)else(b)");
		goto bad;
	}
	lex(ps);
	if (expect(ps, T_LP, "'(' after 'then'") < 0 || (a = parse_or(ps)) == NULL ||
	    expect(ps, T_RP, "')' after the 'then' value") < 0)
		goto bad;
	if (!is_word(ps, "else")) {
		unexpected(ps, "'else' in if(c)then(a)else(b)");
		goto bad;
	}
	lex(ps);
	if (expect(ps, T_LP, "'(' after 'else'") < 0 || (b = parse_or(ps)) == NULL ||
	    expect(ps, T_RP, "')' after the 'else' value") < 0)
		goto bad;
	e = expr_node(EXPR_IF, 0, 3, c, a, b);
	e->col = at;
	return with_height(e);
bad:
	expr_free(c);
	expr_free(a);
	expr_free(b);
	return NULL;
}

static int
builtin_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < FN_COUNT; i++)
		if (name_eqn(name, expr_fn_name(i), len))
			return i;
	/* XPPAUT spellings */
	if (name_eqn(name, "log", len))
		return FN_LN;
	if (name_eqn(name, "flr", len))
		return FN_FLOOR;
	return -1;
}

static const char *const unsupported_fns[] = {
	"besselj", "bessely", "besseli", "lgamma", "sum", "shift",
	"del_shft", "hom_bcs", "poisson", NULL
};

static struct expr *
unknown_name(struct parser *ps, const char *name, int at)
{
	char msg[200];
	const char **names;
	const char *near;
	const char *fnames[FN_COUNT + 3];
	int n, i, k = 0;

	for (i = 0; unsupported_fns[i]; i++)
		if (name_eq(name, unsupported_fns[i]))
			return fail(ps, at, "'%s' is not supported by canard yet", name);
	names = expr_symtab_names(ps->st, &n);
	names = xrealloc(names, (size_t)(n + ps->nargs + FN_COUNT + 4) * sizeof *names);
	for (i = 0; i < ps->nargs; i++)
		names[n++] = ps->argnames[i];
	for (i = 0; i < FN_COUNT; i++)
		fnames[k++] = expr_fn_name(i);
	for (i = 0; i < k; i++)
		names[n++] = fnames[i];
	names[n++] = "pi";
	names[n++] = "t";
	near = nearest_name(name, names, n);
	if (near)
		snprintf(msg, sizeof msg, "unknown name '%%s' (did you mean '%s'?)", near);
	else
		snprintf(msg, sizeof msg, "unknown name '%%s'");
	free(names);
	return fail(ps, at, msg, name);
}

/* Arguments of a call: the current token is '('. Fills args, returns count or -1. */
static int
parse_args(struct parser *ps, struct expr **args, int max, const char *fname)
{
	int n = 0, i;

	lex(ps);
	if (ps->tok == T_RP) {
		lex(ps);
		return 0;
	}
	for (;;) {
		struct expr *a = parse_or(ps);
		if (a == NULL)
			goto bad;
		if (n == max) {
			expr_free(a);
			fail(ps, col(ps), "too many arguments to '%s'", fname);
			goto bad;
		}
		args[n++] = a;
		if (ps->tok == T_COMMA) {
			lex(ps);
			continue;
		}
		if (ps->tok != T_RP) {
			unexpected(ps, "')' after argument list");
			goto bad;
		}
		lex(ps);
		return n;
	}
bad:
	for (i = 0; i < n; i++)
		expr_free(args[i]);
	return -1;
}

static struct expr *
parse_call(struct parser *ps, const char *name, int at, int is_user, int id, int arity)
{
	struct expr *args[EXPR_MAX_ARGS + 1];
	struct expr *e;
	int n, i;
	char msg[160];

	n = parse_args(ps, args, EXPR_MAX_ARGS, name);
	if (n < 0)
		return NULL;
	if (n != arity) {
		for (i = 0; i < n; i++)
			expr_free(args[i]);
		snprintf(msg, sizeof msg, "'%%s' takes %d argument%s, got %d", arity,
		    arity == 1 ? "" : "s", n);
		return fail(ps, at, msg, name);
	}
	e = expr_node(is_user ? EXPR_UCALL : EXPR_FN, id, n, NULL, NULL, NULL);
	for (i = 0; i < n; i++)
		e->args[i] = args[i];
	e->col = at;
	return with_height(e);
}

static struct expr *
parse_name(struct parser *ps)
{
	char name[128];
	size_t len = ps->end - ps->pos;
	int at = col(ps), i, id, nargs, fn;
	enum sym_kind kind;
	struct expr *e;

	if (len >= sizeof name)
		return fail(ps, at, "%s", "name too long");
	memcpy(name, ps->src + ps->pos, len);
	name[len] = '\0';
	if (name_eq(name, "if"))
		return parse_if(ps);
	lex(ps);

	if (ps->tok == T_LP) {
		if (expr_symtab_find(ps->st, name, &kind, &id, &nargs) == 0 && kind == SYM_FUNC)
			return parse_call(ps, name, at, 1, id, nargs);
		if (name_eq(name, "not")) {
			e = parse_call(ps, name, at, 0, 0, 1);
			if (e)
				e->kind = EXPR_NOT;
			return e;
		}
		fn = builtin_lookup(name, len);
		if (fn >= 0)
			return parse_call(ps, name, at, 0, fn, expr_fn_arity(fn));
		if (expr_symtab_find(ps->st, name, NULL, NULL, NULL) == 0)
			return fail(ps, at, "'%s' is not a function (no implicit multiplication: "
			    "write '*')", name);
		return unknown_name(ps, name, at);
	}

	for (i = 0; i < ps->nargs; i++) {
		if (name_eq(name, ps->argnames[i])) {
			e = expr_leaf(EXPR_ARG, i);
			e->col = at;
			return e;
		}
	}
	if (expr_symtab_find(ps->st, name, &kind, &id, NULL) == 0) {
		switch (kind) {
		case SYM_T: e = expr_leaf(EXPR_T, 0); break;
		case SYM_VAR: e = expr_leaf(EXPR_VAR, id); break;
		case SYM_PAR: e = expr_leaf(EXPR_PAR, id); break;
		case SYM_DEF: e = expr_leaf(EXPR_DEF, id); break;
		default:
			return fail(ps, at, "'%s' is a function: write it with arguments", name);
		}
		e->col = at;
		return e;
	}
	if (name_eq(name, "t")) {
		e = expr_leaf(EXPR_T, 0);
		e->col = at;
		return e;
	}
	if (name_eq(name, "pi")) {
		e = expr_num(M_PI);
		e->col = at;
		return e;
	}
	if (builtin_lookup(name, len) >= 0)
		return fail(ps, at, "'%s' is a function: write it with arguments", name);
	return unknown_name(ps, name, at);
}

static struct expr *
parse_primary(struct parser *ps)
{
	struct expr *e;
	int at = col(ps);

	switch (ps->tok) {
	case T_NUM:
		e = expr_num(ps->num);
		e->col = at;
		lex(ps);
		return e;
	case T_NAME:
		return parse_name(ps);
	case T_LP:
		lex(ps);
		e = parse_or(ps);
		if (e == NULL)
			return NULL;
		if (ps->tok != T_RP) {
			expr_free(e);
			return unexpected(ps, "')'");
		}
		lex(ps);
		return e;
	case T_BAD: {
		char buf[64], msg[160];
		snprintf(msg, sizeof msg, "unexpected %%s%s", lookalike(ps->src + ps->pos));
		return fail(ps, at, msg, tok_text(ps, buf, sizeof buf));
	}
	default:
		return unexpected(ps, "a number, a name or '('");
	}
}

static struct expr *
parse_power(struct parser *ps)
{
	struct expr *base = parse_primary(ps), *ex;
	int at;

	if (base == NULL || ps->tok != T_POW)
		return base;
	at = col(ps);
	lex(ps);
	ex = parse_unary(ps);	/* right-associative; allows 2^-1 */
	return binary(ps, EXPR_POW, base, ex, at);
}

static struct expr *
parse_unary(struct parser *ps)
{
	struct expr *e;
	int at = col(ps);
	enum tok t = ps->tok;

	if (t != T_MINUS && t != T_PLUS && t != T_NOT)
		return parse_power(ps);
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, at, "%s", "expression nested too deeply");
	lex(ps);
	e = parse_unary(ps);
	ps->depth--;
	if (e == NULL || t == T_PLUS)
		return e;
	e = expr_node(t == T_MINUS ? EXPR_NEG : EXPR_NOT, 0, 1, e, NULL, NULL);
	e->col = at;
	return with_height(e);
}

static struct expr *
parse_mul(struct parser *ps)
{
	struct expr *e = parse_unary(ps);

	while (e && (ps->tok == T_STAR || ps->tok == T_SLASH)) {
		enum expr_kind k = ps->tok == T_STAR ? EXPR_MUL : EXPR_DIV;
		int at = col(ps);
		lex(ps);
		e = binary(ps, k, e, parse_unary(ps), at);
	}
	return e;
}

static struct expr *
parse_add(struct parser *ps)
{
	struct expr *e = parse_mul(ps);

	while (e && (ps->tok == T_PLUS || ps->tok == T_MINUS)) {
		enum expr_kind k = ps->tok == T_PLUS ? EXPR_ADD : EXPR_SUB;
		int at = col(ps);
		lex(ps);
		e = binary(ps, k, e, parse_mul(ps), at);
	}
	return e;
}

static struct expr *
parse_cmp(struct parser *ps)
{
	struct expr *e = parse_add(ps);

	for (;;) {
		enum expr_kind k;
		int at = col(ps);
		switch (ps->tok) {
		case T_LT: k = EXPR_LT; break;
		case T_GT: k = EXPR_GT; break;
		case T_LE: k = EXPR_LE; break;
		case T_GE: k = EXPR_GE; break;
		case T_EQ: k = EXPR_EQ; break;
		case T_NE: k = EXPR_NE; break;
		default: return e;
		}
		if (e == NULL)
			return NULL;
		lex(ps);
		e = binary(ps, k, e, parse_add(ps), at);
	}
}

static struct expr *
parse_and(struct parser *ps)
{
	struct expr *e = parse_cmp(ps);

	while (e && ps->tok == T_AND) {
		int at = col(ps);
		lex(ps);
		e = binary(ps, EXPR_AND, e, parse_cmp(ps), at);
	}
	return e;
}

static struct expr *
parse_or(struct parser *ps)
{
	struct expr *e;
	int at = col(ps);

	if (++ps->depth > MAX_DEPTH)
		return fail(ps, at, "%s", "expression nested too deeply");
	e = parse_and(ps);
	while (e && ps->tok == T_OR) {
		int c = col(ps);
		lex(ps);
		e = binary(ps, EXPR_OR, e, parse_and(ps), c);
	}
	ps->depth--;
	return e;
}

struct expr *
expr_parse(const char *text, const struct expr_symtab *st, const char *const *argnames,
    int nargs, struct diag *d)
{
	struct parser ps;
	struct expr *e;

	memset(&ps, 0, sizeof ps);
	ps.src = text;
	ps.st = st;
	ps.argnames = argnames;
	ps.nargs = nargs;
	ps.d = d;
	lex(&ps);
	if (ps.tok == T_END) {
		diag_set(d, 0, col(&ps), "empty expression");
		return NULL;
	}
	e = parse_or(&ps);
	if (e == NULL)
		return NULL;
	if (ps.tok != T_END) {
		char buf[64];
		if (ps.tok == T_RP)
			diag_set(d, 0, col(&ps), "unmatched ')'");
		else if (ps.tok == T_NAME || ps.tok == T_NUM || ps.tok == T_LP)
			diag_set(d, 0, col(&ps), "expected an operator before %s "
			    "(no implicit multiplication: write '*')", tok_text(&ps, buf, sizeof buf));
		else if (ps.tok == T_ASSIGN)
			diag_set(d, 0, col(&ps), "unexpected '='; use '==' to compare");
		else
			diag_set(d, 0, col(&ps), "unexpected %s%s", tok_text(&ps, buf, sizeof buf),
			    lookalike(ps.src + ps.pos));
		expr_free(e);
		return NULL;
	}
	return e;
}
