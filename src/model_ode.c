/*
 * model_ode: the XPPAUT .ode reader. Lines are classified as XPPAUT does
 * (see the design notes): comments, @ options, equations, parameter and
 * initial-value lists, fixed quantities, derived parameters, aux outputs and
 * user functions. canard's own additions live in '# canard:' comment lines so
 * that every file stays valid for XPPAUT. What canard cannot do yet is
 * refused by name and line, never dropped silently.
 */
#include "model.h"
#include "model_array.h"
#include "model_special.h"
#include "model_table.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_randist.h>

enum item_kind {
	IT_ODE, IT_PAR, IT_NUMBER, IT_INIT, IT_DEF, IT_FUNC, IT_AUX, IT_OPT, IT_WIENER, IT_GLOBAL,
	IT_TABLE,	/* becomes an IT_FUNC once parameters have values (build_tables) */
	IT_CONSTRAINT,	/* '0= EXPRESSION' */
	IT_SOLVE,	/* 'solv NAME=GUESS': an algebraic variable */
	IT_SPECIAL,	/* 'special NAME=conv(...)': a one-argument function (model_special.c) */
	IT_MARKOV,	/* 'markov NAME N': a chain; its N*N rates follow as IT_RATE items */
	IT_RATE		/* one '{rate}' of a markov row, in row-major order */
};

struct item {
	enum item_kind kind;
	char *name;
	char *body;		/* expression or value text; NULL = none */
	int line, col;		/* of the body (or the name when body is NULL) */
	int name_col;
	char **args;
	int nargs;
	int map;		/* IT_ODE written as a map, x(t+1)= */
	int at0;		/* IT_INIT written x(0)=, which is also a delay's history */
	double *tab;		/* a table's node values (owned), kept for specials */
	int ntab;
};

struct reader {
	const char *source;
	struct diag *d;
	struct item *items;
	size_t n, cap;
	struct model *m;
	/* '# canard:' values, applied once every name is known */
	char *fast, *slow, *eps, *feature;
	struct strbuf history;	/* '# canard: history x=EXPR' lines, one per line */
	int canard_line;
	struct strbuf title, note, warn;
	struct strbuf sgd;	/* 'sgd' keys, one key=value a line (model_sgd.c reads them) */
	int sgd_line;
	struct strbuf ignored_opts;	/* "a, b, c": @ options canard does not use */
	double fold_per;		/* tor_per so far (0: XPPAUT's 2 pi) */
	int ignored_line;		/* first line of one */
	unsigned long table_seed;	/* the file's seed, for draws in table formulas */
	gsl_rng *table_rng;		/* their stream, made at the first draw; owned */
	int markov_rows;	/* rows of the last 'markov' still to read */
	int markov_n;		/* its states */
	size_t markov_item;	/* its item */
};

static void
add_item(struct reader *r, enum item_kind k, const char *name, size_t nlen, const char *body,
    int line, int col, int name_col)
{
	struct item *it;

	grow_array((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items);
	it = &r->items[r->n++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->name = xstrndup(name, nlen);
	it->body = body ? xstrdup(body) : NULL;
	it->line = line;
	it->col = col;
	it->name_col = name_col;
}

static int
is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Length of the name at s (0 if none). */
static size_t
name_len(const char *s)
{
	size_t n = 0;

	if (!is_name_start((unsigned char)s[0]))
		return 0;
	while (is_name_char((unsigned char)s[n]))
		n++;
	return n;
}

static const char *
skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Trim trailing blanks in place. */
static void
rtrim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/*
 * A list "a=1, b=2 c = 3 k": names with optional values, separated by commas
 * or blanks, blanks allowed around '='. Each entry becomes an item of kind k.
 */
static int
read_assign_list(struct reader *r, const char *line, const char *s, int lineno,
    enum item_kind k, const char *what)
{
	for (;;) {
		const char *name, *val = NULL;
		size_t nl, vl = 0;
		char *body = NULL;

		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			return 0;
		name = s;
		nl = name_len(s);
		if (nl == 0) {
			/* quote the whole character, not its first byte */
			int clen = utf8_len(s, strlen(s));
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "expected a name in the %s list, found '%.*s'", what, clen > 0 ? clen : 1, s);
		}
		s = skip_blank(s + nl);
		if (*s == '[')
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "arrays ('%.*s[...]') are not supported by canard yet", (int)nl, name);
		if (*s == '=') {
			s = skip_blank(s + 1);
			val = s;
			while (*s && *s != ',' && *s != ' ' && *s != '\t')
				s++;
			vl = (size_t)(s - val);
			if (vl == 0)
				return diag_set(r->d, lineno, (int)(val - line) + 1,
				    "expected a value after '%.*s='", (int)nl, name);
			body = xstrndup(val, vl);
		}
		add_item(r, k, name, nl, body, lineno, val ? (int)(val - line) + 1 :
		    (int)(name - line) + 1, (int)(name - line) + 1);
		free(body);
	}
}

/* ---- @ options ---- */

/* Matched by prefix in this order, first match wins (dtmin before dt). */
static const char *const option_names[] = {
	"maxstor", "total", "dtmin", "dtmax", "dt", "t0", "trans", "njmp", "nout",
	"toler", "tol", "atoler", "atol", "bound", "meth", "xplot", "yplot", "xp", "yp",
	"xlo", "xhi", "ylo", "yhi", "zp", "zlo", "zhi", NULL
};

static int
option_lookup(const char *key)
{
	int i;

	for (i = 0; option_names[i]; i++)
		if (strncasecmp(key, option_names[i], strlen(option_names[i])) == 0)
			return i;
	return -1;
}

/* XPPAUT decides the method by the first letter of the value. */
int
model_xpp_method(const char *v)
{
	int m = method_lookup(v);

	/* canard's own names are a superset, except rk4 and rk2: in a file they
	 * mean XPPAUT's fixed-step Runge-Kutta */
	if (m >= 0 && m != METHOD_RK4 && m != METHOD_RK2)
		return m;
	switch (tolower((unsigned char)v[0])) {
	case 'e': return METHOD_EULER;
	case 'm': return METHOD_MODEULER;
	case 'r': return METHOD_RUNGEKUTTA;
	case 'q': return METHOD_RKCK;
	case '5': return METHOD_RKF45;
	case '8': return METHOD_RK8PD;
	case 'a': return METHOD_MSADAMS;
	case '2': return METHOD_BSIMP;
	case 'g': case 's': case 'c': case 'b': return METHOD_MSBDF;
	default: return -1;
	}
}

/* seed= and delay= (the longest delay, for the history kept) */
static int
ext_option(struct reader *r, const struct item *it)
{
	double x;

	if (it->body == NULL || parse_double(it->body, &x) < 0 || x < 0 || x > 1e15)
		return diag_set(r->d, it->line, it->col, "option '%s' needs a number >= 0",
		    it->name);
	if (name_eq(it->name, "seed"))
		r->m->set.seed = (unsigned long)x;
	else
		r->m->max_delay = x;
	return 0;
}

/*
 * '@ fold=x' and '@ tor_per=P': x is drawn modulo P (XPPAUT's torus; the
 * numbers, its batch rows and canard's, are not wrapped). tor_per may come
 * before or after the folds; XPPAUT's default period is 2 pi.
 */
static int
fold_option(struct reader *r, const struct item *it)
{
	struct model *m = r->m;
	int i, v;
	double per;

	if (name_eqn(it->name, "tor_per", 7)) {
		if (it->body == NULL || parse_double(it->body, &per) < 0 || !(per > 0) ||
		    !isfinite(per))
			return diag_set(r->d, it->line, it->col, "tor_per needs a positive number, "
			    "found '%s'", it->body ? it->body : "");
		r->fold_per = per;
		for (i = 0; m->fold && i < m->nvar; i++)
			if (m->fold[i] > 0)
				m->fold[i] = per;
		return 0;
	}
	v = it->body ? model_var_index(m, it->body) : -1;
	if (v < 0) {
		strbuf_printf(&r->warn, "%s:%d: ignored fold=%s (not a variable)\n", r->source,
		    it->line, it->body ? it->body : "");
		return 0;
	}
	if (m->fold == NULL)
		m->fold = xcalloc((size_t)m->nvar, sizeof *m->fold);
	m->fold[v] = r->fold_per > 0 ? r->fold_per : 2 * M_PI;
	return 0;
}

/*
 * An option canard does not use (display, AUTO, fonts...): gathered into
 * one warning for the whole file rather than one per name.
 */
static void
note_ignored_option(struct reader *r, const struct item *it)
{
	if (r->ignored_opts.len == 0)
		r->ignored_line = it->line;
	else
		strbuf_add(&r->ignored_opts, ", ");
	strbuf_add(&r->ignored_opts, it->name);
}

static int
apply_option(struct reader *r, const struct item *it)
{
	struct model *m = r->m;
	const char *key = it->name, *v = it->body ? it->body : "";
	int k = option_lookup(key);
	double x = 0;
	const char *opt;

	if (name_eq(key, "seed") || name_eq(key, "delay") || name_eq(key, "maxdelay"))
		return ext_option(r, it);
	if (name_eqn(key, "fold", 4) || name_eqn(key, "tor_per", 7))
		return fold_option(r, it);
	if (name_eq(key, "axes") && v[0] == '3') {
		strbuf_printf(&r->warn, "%s:%d: axes=3d: canard draws in two dimensions, the "
		    "first two of xp, yp, zp\n", r->source, it->line);
		return 0;
	}
	if (k < 0) {
		note_ignored_option(r, it);
		return 0;
	}
	opt = option_names[k];
	if (strcmp(opt, "meth") == 0) {
		int meth = model_xpp_method(v);
		if (tolower((unsigned char)v[0]) == 'd') {
			m->is_map = 1;
			return 0;
		}
		if (tolower((unsigned char)v[0]) == 'y') {
			strbuf_printf(&r->warn, "%s:%d: no symplectic method in canard: meth=%s runs "
			    "as auto (adaptive, accurate)\n", r->source, it->line, v);
			meth = METHOD_AUTO;
		}
		if (meth < 0)
			return diag_set(r->d, it->line, it->col,
			    "method '%s' is not supported (try rk8pd, msbdf or auto)", v);
		m->set.method = meth;
		return 0;
	}
	if (strcmp(opt, "xp") == 0 || strcmp(opt, "yp") == 0 || strcmp(opt, "xplot") == 0 ||
	    strcmp(opt, "yplot") == 0) {
		int idx = model_axis_index(m, v);
		if (idx == MODEL_AXIS_NONE) {
			strbuf_printf(&r->warn, "%s:%d: ignored %s=%s (not a variable or aux "
			    "quantity)\n", r->source, it->line, key, v);
			return 0;
		}
		if (opt[0] == 'x')
			m->xp = idx;
		else
			m->yp = idx;
		return 0;
	}
	if (strcmp(opt, "zp") == 0 || strcmp(opt, "zlo") == 0 || strcmp(opt, "zhi") == 0)
		return 0;
	if (parse_double(v, &x) < 0)
		return diag_set(r->d, it->line, it->col, "option '%s' needs a number, found '%s'",
		    key, v);
	if (strcmp(opt, "total") == 0) {
		if (x <= 0)
			return diag_set(r->d, it->line, it->col, "total must be positive");
		m->set.tmax = x;
	} else if (strcmp(opt, "dt") == 0) {
		/* a negative dt asks XPPAUT to integrate backwards */
		if (x < 0)
			m->set.dir = -1;
		if (x != 0)
			m->set.dt = fabs(x);
	} else if (strcmp(opt, "t0") == 0) {
		m->set.t0 = x;
	} else if (strcmp(opt, "trans") == 0) {
		m->set.trans = x;
	} else if (strcmp(opt, "toler") == 0 || strcmp(opt, "tol") == 0) {
		if (x > 0)
			m->set.rtol = x;
	} else if (strcmp(opt, "atoler") == 0 || strcmp(opt, "atol") == 0) {
		if (x > 0)
			m->set.atol = x;
	} else if (strcmp(opt, "bound") == 0) {
		if (x > 0)
			m->set.bound = x;
	} else if (strcmp(opt, "maxstor") == 0) {
		if (x >= 10 && x <= 1e8)
			m->set.maxstor = m->set.rows = (int)x;
	} else if (strcmp(opt, "njmp") == 0 || strcmp(opt, "nout") == 0) {
		if (x >= 1 && x <= 1e6)
			m->set.nout = (int)x;
	} else if (strcmp(opt, "dtmax") == 0) {
		if (x > 0)
			m->set.dtmax = x;
	} else if (opt[0] == 'x' || opt[0] == 'y') {
		double *slot = strcmp(opt, "xlo") == 0 ? &m->xlo : strcmp(opt, "xhi") == 0 ? &m->xhi :
		    strcmp(opt, "ylo") == 0 ? &m->ylo : &m->yhi;
		*slot = x;
		m->has_window |= 1 << (int)(slot - &m->xlo);
	}
	/* dtmin: GSL's control decides the smallest step */
	return 0;
}

/* ---- '# canard:' lines ---- */

static int
read_canard_comment(struct reader *r, const char *line, const char *s, int lineno)
{
	for (;;) {
		const char *key, *val;
		size_t kl;

		s = skip_blank(s);
		if (*s == '\0')
			return 0;
		key = s;
		kl = name_len(s);
		if (name_eqn(key, "history", kl) && (key[kl] == ' ' || key[kl] == '\t')) {
			/* the rest of the line: VAR = EXPRESSION of t, for t < t0 */
			strbuf_printf(&r->history, "%d %s\n", lineno, skip_blank(key + kl));
			return 0;
		}
		if (kl == 0 || key[kl] != '=')
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "expected key=value in '# canard:' line (keys: fast, slow, eps, feature, title, note, history, sgd...)");
		val = key + kl + 1;
		if (name_eqn(key, "title", kl) || name_eqn(key, "note", kl)) {
			struct strbuf *sb = name_eqn(key, "title", kl) ? &r->title : &r->note;
			if (sb->len > 0)
				strbuf_addc(sb, name_eqn(key, "title", kl) ? ' ' : '\n');
			strbuf_add(sb, val);
			return 0;
		}
		s = val;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (model_sgd_key(key, kl)) {
			strbuf_addn(&r->sgd, key, (size_t)(s - key));
			strbuf_addc(&r->sgd, '\n');
			r->sgd_line = lineno;
		} else if (name_eqn(key, "fast", kl) || name_eqn(key, "slow", kl) ||
		    name_eqn(key, "eps", kl) || name_eqn(key, "feature", kl)) {
			char **slot = name_eqn(key, "fast", kl) ? &r->fast :
			    name_eqn(key, "slow", kl) ? &r->slow : name_eqn(key, "eps", kl) ? &r->eps :
			    &r->feature;
			free(*slot);
			*slot = xstrndup(val, (size_t)(s - val));
			r->canard_line = lineno;
		} else {
			return diag_set(r->d, lineno, (int)(key - line) + 1,
			    "unknown key '%.*s' in '# canard:' line (keys: fast, slow, eps, feature, title, note, history, sgd...)",
			    (int)kl, key);
		}
	}
}

/* ---- classifying lines ---- */

/*
 * "aux NAME = EXPRESSION". An aux name is only a column heading (nothing can
 * refer to it), so XPPAUT's dotted names ('P.E.') are kept as written.
 */
static int
read_aux(struct reader *r, const char *line, const char *rest, int lineno)
{
	const char *s = skip_blank(rest), *name = s, *eq;
	size_t nl = name_len(s);

	if (nl == 0)
		return diag_set(r->d, lineno, (int)(s - line) + 1, "expected 'aux NAME = EXPRESSION'");
	while (name[nl] == '.' || is_name_char((unsigned char)name[nl]))
		nl++;
	eq = skip_blank(s + nl);
	if (*eq != '=')
		return diag_set(r->d, lineno, (int)(eq - line) + 1, "expected '=' after 'aux %.*s'",
		    (int)nl, name);
	eq = skip_blank(eq + 1);
	add_item(r, IT_AUX, name, nl, eq, lineno, (int)(eq - line) + 1, (int)(name - line) + 1);
	return 0;
}

/*
 * "set NAME {a=1, x=0.5, total=20}": a named set of values the user may
 * apply later; loading applies none (XPPAUT's batch run uses the file's
 * own values). The assignments are checked when applied.
 */
static int
read_set(struct reader *r, const char *line, const char *rest, int lineno)
{
	const char *s = skip_blank(rest), *open, *close;
	size_t nl = name_len(s);
	struct model *m = r->m;
	int i;

	if (nl == 0)
		return diag_set(r->d, lineno, (int)(s - line) + 1, "expected 'set NAME {a=1, ...}'");
	open = skip_blank(s + nl);
	if (*open != '{' || (close = strchr(open, '}')) == NULL)
		return diag_set(r->d, lineno, (int)(open - line) + 1,
		    "expected '{' ... '}' after 'set %.*s'", (int)nl, s);
	for (i = 0; i < m->nsets; i++)
		if (name_eqn(s, m->set_name[i], nl) && m->set_name[i][nl] == '\0')
			return diag_set(r->d, lineno, (int)(s - line) + 1, "set '%.*s' is defined twice",
			    (int)nl, s);
	m->set_name = xrealloc(m->set_name, (size_t)(m->nsets + 1) * sizeof *m->set_name);
	m->set_body = xrealloc(m->set_body, (size_t)(m->nsets + 1) * sizeof *m->set_body);
	m->set_name[m->nsets] = xstrndup(s, nl);
	m->set_body[m->nsets] = xstrndup(open + 1, (size_t)(close - open - 1));
	m->nsets++;
	return 0;
}

/* "table NAME FILE" or "table NAME % n xlo xhi EXPR": built in finish(). */
static int
read_table(struct reader *r, const char *line, const char *rest, int lineno)
{
	const char *s = skip_blank(rest), *body;
	size_t nl = name_len(s);

	if (nl == 0)
		return diag_set(r->d, lineno, (int)(s - line) + 1,
		    "expected 'table NAME FILE' or 'table NAME %% N XLO XHI EXPRESSION'");
	body = skip_blank(s + nl);
	if (*body == '\0')
		return diag_set(r->d, lineno, (int)(body - line) + 1,
		    "expected a file name or '%%' after 'table %.*s'", (int)nl, s);
	add_item(r, IT_TABLE, s, nl, body, lineno, (int)(body - line) + 1, (int)(s - line) + 1);
	return 0;
}

/*
 * "special NAME = KIND(...)": the network operations canard builds (conv,
 * fconv, sparse, fsparse) are built once tables have values; the other
 * kinds are refused by name.
 */
static int
read_special(struct reader *r, const char *line, const char *rest, int lineno)
{
	const char *s = skip_blank(rest), *eq, *body, *what;
	size_t nl = name_len(s);

	if (nl == 0)
		return diag_set(r->d, lineno, (int)(s - line) + 1,
		    "expected 'special NAME = conv(...)' (or fconv, sparse, fsparse)");
	eq = skip_blank(s + nl);
	if (*eq != '=')
		return diag_set(r->d, lineno, (int)(eq - line) + 1,
		    "expected '=' after 'special %.*s'", (int)nl, s);
	body = skip_blank(eq + 1);
	if (!special_supported(body, &what) && what)
		return diag_set(r->d, lineno, (int)(body - line) + 1,
		    "'special' %s is not supported by canard yet", what);
	if (!special_supported(body, &what))
		return diag_set(r->d, lineno, (int)(body - line) + 1, "unknown 'special' kind "
		    "'%.*s' (canard builds conv, fconv, sparse and fsparse)",
		    (int)strcspn(body, "( "), body);
	add_item(r, IT_SPECIAL, s, nl, body, lineno, (int)(body - line) + 1, (int)(s - line) + 1);
	return 0;
}

/* "markov NAME N": a chain of N states; the next N lines are its rows. */
static int
read_markov(struct reader *r, const char *line, const char *rest, int lineno)
{
	const char *s = skip_blank(rest), *num;
	size_t nl = name_len(s);
	char *end;
	long n;

	if (nl == 0)
		return diag_set(r->d, lineno, (int)(s - line) + 1,
		    "expected 'markov NAME NSTATES' and NSTATES rows of rates '{r}'");
	num = skip_blank(s + nl);
	n = strtol(num, &end, 10);
	if (end == num || n < 2 || n > 100 || *skip_blank(end) != '\0')
		return diag_set(r->d, lineno, (int)(num - line) + 1,
		    "expected the number of states (2 to 100) after 'markov %.*s'", (int)nl, s);
	add_item(r, IT_MARKOV, s, nl, NULL, lineno, (int)(num - line) + 1, (int)(s - line) + 1);
	r->items[r->n - 1].nargs = 0;
	r->markov_rows = (int)n;
	r->markov_n = (int)n;
	r->markov_item = r->n - 1;
	return 0;
}

/* A row of the last markov chain: N rates in braces, '{0} {a*x} ...'. */
static int
read_markov_row(struct reader *r, const char *line, int lineno)
{
	const char *s = line;
	char *name = r->items[r->markov_item].name;
	int k, row = r->markov_n - r->markov_rows + 1;

	for (k = 0; k < r->markov_n; k++) {
		const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
		if (close == NULL)
			return diag_set(r->d, lineno, (int)(s - line) + 1, "markov '%s' row %d: "
			    "expected %d rates in braces, as '{0} {r}', found %d", name, row,
			    r->markov_n, k);
		add_item(r, IT_RATE, name, strlen(name), NULL, lineno, (int)(open - line) + 2,
		    (int)(open - line) + 1);
		r->items[r->n - 1].body = xstrndup(open + 1, (size_t)(close - open - 1));
		if (*skip_blank(r->items[r->n - 1].body) == '\0')
			return diag_set(r->d, lineno, (int)(open - line) + 1,
			    "markov '%s' row %d: an empty rate '{}' (write {0})", name, row);
		s = close + 1;
	}
	if (*skip_blank(s) != '\0')
		return diag_set(r->d, lineno, (int)(s - line) + 1, "markov '%s' row %d: more than "
		    "%d rates", name, row, r->markov_n);
	r->markov_rows--;
	return 0;
}

/* "solv z=guess, u": algebraic variables, each the root of one '0=' line. */
static int
read_solve(struct reader *r, const char *line, const char *rest, int lineno)
{
	return read_assign_list(r, line, rest, lineno, IT_SOLVE, "algebraic variable");
}

/* "0= EXPRESSION": an algebraic constraint, EXPRESSION = 0 at every time. */
static int
read_constraint(struct reader *r, const char *line, const char *s, int lineno)
{
	const char *body = skip_blank(skip_blank(s + 1) + 1);

	if (*body == '\0')
		return diag_set(r->d, lineno, (int)(body - line) + 1,
		    "expected an expression after '0='");
	add_item(r, IT_CONSTRAINT, "0", 1, body, lineno, (int)(body - line) + 1,
	    (int)(s - line) + 1);
	return 0;
}

/*
 * Commands canard refuses, by XPPAUT's dispatch prefix, each with what it is
 * so that the message names the feature.
 */
static const struct {
	const char *prefix;
	const char *what;
} refused_commands[] = {
	{"gr", "'group'"},
	{"mk", "'mksol' (chemical equilibria)"}, {"v", "'volterra/vector'"}, {"o", "'options'"}, {NULL, NULL}
};

/* Commands that do not change an initial-value run: a note, not a refusal. */
static int
read_noted_command(struct reader *r, const char *word, size_t wl, const char *rest,
    int lineno)
{
	if (tolower((unsigned char)word[0]) == 'b') {
		strbuf_printf(&r->warn, "%s:%d: ignored boundary condition '%s' (canard solves "
		    "initial-value problems)\n", r->source, lineno, rest);
		return 1;
	}
	if (wl >= 2 && strncasecmp(word, "ex", 2) == 0) {
		/* XPPAUT's batch run without a loaded library leaves the outputs as they are */
		strbuf_printf(&r->warn, "%s:%d: ignored 'export %s' (canard loads no external "
		    "library; its outputs keep their values)\n", r->source, lineno, rest);
		return 1;
	}
	if (wl >= 2 && strncasecmp(word, "on", 2) == 0) {
		strbuf_printf(&r->warn, "%s:%d: ignored 'only' (export writes every column)\n",
		    r->source, lineno);
		return 1;
	}
	return 0;
}

static int
read_command(struct reader *r, const char *line, const char *word, size_t wl,
    const char *rest, int lineno)
{
	int i;

	if (tolower((unsigned char)word[0]) == 'p')
		return read_assign_list(r, line, rest, lineno, IT_PAR, "parameter");
	if (tolower((unsigned char)word[0]) == 'n')
		return read_assign_list(r, line, rest, lineno, IT_NUMBER, "number");
	if (tolower((unsigned char)word[0]) == 'i')
		return read_assign_list(r, line, rest, lineno, IT_INIT, "initial value");
	if (tolower((unsigned char)word[0]) == 'w')
		return read_assign_list(r, line, rest, lineno, IT_WIENER, "wiener");
	if (tolower((unsigned char)word[0]) == 'g' && !(wl >= 2 &&
	    tolower((unsigned char)word[1]) == 'r')) {
		/* resolved once the variables are known: keep the line for columns */
		add_item(r, IT_GLOBAL, word, wl, line, lineno, (int)(rest - line) + 1,
		    (int)(word - line) + 1);
		return 0;
	}
	if (strncasecmp(word, "au", 2) == 0 && wl >= 2)
		return read_aux(r, line, rest, lineno);
	if (read_noted_command(r, word, wl, rest, lineno))
		return 0;
	if (wl >= 2 && strncasecmp(word, "se", 2) == 0)
		return read_set(r, line, rest, lineno);
	if (wl >= 2 && strncasecmp(word, "ta", 2) == 0)
		return read_table(r, line, rest, lineno);
	if (wl >= 2 && strncasecmp(word, "so", 2) == 0)
		return read_solve(r, line, rest, lineno);
	if (wl >= 2 && strncasecmp(word, "sp", 2) == 0)
		return read_special(r, line, rest, lineno);
	if (wl >= 2 && strncasecmp(word, "ma", 2) == 0)
		return read_markov(r, line, rest, lineno);
	for (i = 0; refused_commands[i].prefix; i++) {
		size_t pl = strlen(refused_commands[i].prefix);
		if (wl >= pl && strncasecmp(word, refused_commands[i].prefix, pl) == 0)
			return diag_set(r->d, lineno, (int)(word - line) + 1,
			    "%s is not supported by canard yet", refused_commands[i].what);
	}
	return diag_set(r->d, lineno, (int)(word - line) + 1, "unknown command '%.*s'",
	    (int)wl, word);
}

/* A user function head "f(a,b)": fills the item's argument list. */
static int
read_function(struct reader *r, const char *line, const char *name, size_t nl,
    const char *open, int lineno)
{
	const char *s = open + 1, *eq;
	char *args[EXPR_MAX_ARGS];
	int n = 0, i;
	struct item *it;

	for (;;) {
		size_t al;
		s = skip_blank(s);
		if (*s == ')' && n == 0)
			break;
		al = name_len(s);
		if (al == 0) {
			diag_set(r->d, lineno, (int)(s - line) + 1,
			    "expected an argument name in '%.*s(...)'", (int)nl, name);
			goto bad;
		}
		if (n == EXPR_MAX_ARGS) {
			diag_set(r->d, lineno, (int)(s - line) + 1,
			    "'%.*s' has more than %d arguments", (int)nl, name, EXPR_MAX_ARGS);
			goto bad;
		}
		args[n++] = xstrndup(s, al);
		s = skip_blank(s + al);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == ')')
			break;
		diag_set(r->d, lineno, (int)(s - line) + 1, "expected ',' or ')' in '%.*s(...)'",
		    (int)nl, name);
		goto bad;
	}
	eq = skip_blank(s + 1);
	if (*eq != '=') {
		diag_set(r->d, lineno, (int)(eq - line) + 1, "expected '=' after '%.*s(...)'",
		    (int)nl, name);
		goto bad;
	}
	eq = skip_blank(eq + 1);
	add_item(r, IT_FUNC, name, nl, eq, lineno, (int)(eq - line) + 1, (int)(name - line) + 1);
	it = &r->items[r->n - 1];
	it->args = xmalloc((size_t)(n ? n : 1) * sizeof *it->args);
	for (i = 0; i < n; i++)
		it->args[i] = args[i];
	it->nargs = n;
	return 0;
bad:
	for (i = 0; i < n; i++)
		free(args[i]);
	return -1;
}

/* The body after '=' in "head = body". */
static int
body_after_eq(struct reader *r, const char *line, const char *s, int lineno,
    const char **body)
{
	s = skip_blank(s);
	if (*s != '=')
		return diag_set(r->d, lineno, (int)(s - line) + 1, "expected '='");
	*body = skip_blank(s + 1);
	if (**body == '\0')
		return diag_set(r->d, lineno, (int)(*body - line) + 1,
		    "expected an expression after '='");
	return 0;
}

/* Returns 1 at 'done', 0 to go on, -1 on error. */
static int
read_line(struct reader *r, const char *line, int lineno)
{
	const char *s = skip_blank(line), *sep, *body, *name;
	size_t nl;

	if (r->markov_rows > 0)	/* XPPAUT reads the N lines after 'markov' as its rows */
		return read_markov_row(r, line, lineno) < 0 ? -1 : 0;
	if (*s == '\0' || *s == '"')
		return 0;
	if (*s == '#') {
		const char *c = skip_blank(s + 1);
		if (strncasecmp(c, "canard:", 7) == 0)
			return read_canard_comment(r, line, c + 7, lineno) < 0 ? -1 : 0;
		return 0;
	}
	if (*s == '@')	/* applied once every variable is known (xp=v may come first) */
		return read_assign_list(r, line, s + 1, lineno, IT_OPT, "option");
	if (s[0] == '0' && skip_blank(s + 1)[0] == '=')
		return read_constraint(r, line, s, lineno);
	if (ode_has_volterra(s))
		return diag_set(r->d, lineno, (int)(s - line) + 1,
		    "Volterra integrals ('int{...}') are not supported by canard yet");
	if ((body = strstr(s, "\xe2\x88\x92")) != NULL)
		return diag_set(r->d, lineno, (int)(body - line) + 1,
		    "U+2212 MINUS SIGN: write '-' (the ASCII hyphen-minus) instead");
	if (*s == '%') {
		if (skip_blank(s + 1)[0] == '[')
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "array blocks ('%%[...]') are not supported by canard yet");
		strbuf_printf(&r->warn, "%s:%d: ignored a '%%' line that opens no array block\n",
		    r->source, lineno);
		return 0;
	}

	sep = s + strcspn(s, " \t=/'([");
	if (*sep == '[')
		return diag_set(r->d, lineno, (int)(s - line) + 1,
		    "arrays ('%.*s[...]') are not supported by canard yet", (int)(sep - s), s);
	if (*sep == '\0' || *sep == ' ' || *sep == '\t') {
		const char *after = skip_blank(sep);
		if (*after != '=') {
			/* a command word */
			size_t wl = (size_t)(sep - s);
			if (tolower((unsigned char)s[0]) == 'd')
				return 1;
			return read_command(r, line, s, wl, after, lineno) < 0 ? -1 : 0;
		}
		sep = after;	/* "name = expr" */
	}
	if (*sep == '=') {
		int derived = s[0] == '!';
		name = derived ? skip_blank(s + 1) : s;
		nl = name_len(name);
		if (nl == 0 || skip_blank(name + nl) != sep)
			return diag_set(r->d, lineno, (int)(name - line) + 1,
			    "expected a name before '='");
		if (body_after_eq(r, line, sep, lineno, &body) < 0)
			return -1;
		add_item(r, IT_DEF, name, nl, body, lineno, (int)(body - line) + 1,
		    (int)(name - line) + 1);
		return 0;
	}
	if (*sep == '/') {
		/* dNAME/dt = expr */
		if (tolower((unsigned char)s[0]) != 'd' || strncasecmp(sep, "/dt", 3) != 0 ||
		    (nl = name_len(s + 1)) != (size_t)(sep - s - 1))
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "expected 'dX/dt = EXPRESSION'");
		if (body_after_eq(r, line, sep + 3, lineno, &body) < 0)
			return -1;
		add_item(r, IT_ODE, s + 1, nl, body, lineno, (int)(body - line) + 1,
		    (int)(s - line) + 2);
		return 0;
	}
	if (*sep == '\'') {
		nl = (size_t)(sep - s);
		if (name_len(s) != nl)
			return diag_set(r->d, lineno, (int)(s - line) + 1,
			    "expected a variable name before \"'\"");
		if (body_after_eq(r, line, sep + 1, lineno, &body) < 0)
			return -1;
		add_item(r, IT_ODE, s, nl, body, lineno, (int)(body - line) + 1,
		    (int)(s - line) + 1);
		return 0;
	}
	/* '(' : x(0)=, map x(t+1)=, Volterra x(t)=int{...}, or a function f(a,b)= */
	nl = (size_t)(sep - s);
	if (name_len(s) != nl)
		return diag_set(r->d, lineno, (int)(s - line) + 1, "cannot read this line");
	{
		const char *in = skip_blank(sep + 1);
		if (in[0] == '0' && skip_blank(in + 1)[0] == ')') {
			const char *close = skip_blank(in + 1);
			if (body_after_eq(r, line, close + 1, lineno, &body) < 0)
				return -1;
			add_item(r, IT_INIT, s, nl, body, lineno, (int)(body - line) + 1,
			    (int)(s - line) + 1);
			r->items[r->n - 1].at0 = 1;
			return 0;
		}
		if (tolower((unsigned char)in[0]) == 't' && !is_name_char((unsigned char)in[1])) {
			const char *after = skip_blank(in + 1);
			if (*after == '+') {
				const char *close = strchr(after, ')');
				if (close == NULL || body_after_eq(r, line, close + 1, lineno, &body) < 0)
					return close ? -1 : diag_set(r->d, lineno, (int)(after - line) + 1,
					    "expected '%.*s(t+1) = EXPRESSION'", (int)nl, s);
				add_item(r, IT_ODE, s, nl, body, lineno, (int)(body - line) + 1,
				    (int)(s - line) + 1);
				r->items[r->n - 1].map = 1;
				return 0;
			}
			if (*after == ')' && strstr(after, "int") != NULL)
				return diag_set(r->d, lineno, (int)(s - line) + 1,
				    "Volterra integral equations are not supported by canard yet");
		}
	}
	return read_function(r, line, s, nl, sep, lineno);
}

/* ---- second pass: names, expressions, values ---- */

static int
declare(struct reader *r, const struct item *it, enum sym_kind kind, int nargs)
{
	enum sym_kind old;

	if (name_eq(it->name, "t") || name_eq(it->name, "pi"))
		return diag_set(r->d, it->line, it->name_col, "'%s' is reserved", it->name);
	if (expr_symtab_add(r->m->syms, it->name, kind, nargs) >= 0)
		return 0;
	expr_symtab_find(r->m->syms, it->name, &old, NULL, NULL);
	if (old == kind && kind == SYM_VAR)
		return diag_set(r->d, it->line, it->name_col, "'%s' has two equations", it->name);
	return diag_set(r->d, it->line, it->name_col, "'%s' is declared twice", it->name);
}

static struct expr *
parse_body(struct reader *r, const struct item *it, const char *const *args, int nargs)
{
	struct expr *e = expr_parse(it->body, r->m->syms, args, nargs, r->d);

	if (e == NULL) {
		r->d->line = it->line;
		r->d->col += it->col - 1;
	}
	return e;
}

/* A value that may be a constant expression of earlier parameters. */
static int
eval_value(struct reader *r, const struct item *it, double *out)
{
	struct expr *e;
	int rc;

	if (it->body == NULL) {
		*out = 0;
		return 0;
	}
	switch (parse_double(it->body, out)) {
	case 0:
		return 0;
	case -2:
		return diag_set(r->d, it->line, it->col, "the value for '%s' is not a finite number",
		    it->name);
	}
	if ((e = parse_body(r, it, NULL, 0)) == NULL)
		return -1;
	rc = expr_value(e, r->m->syms, 0, r->m->init, r->m->par_value, out, r->d);
	expr_free(e);
	if (rc < 0) {
		if (r->d->line == 0) {
			r->d->line = it->line;
			r->d->col = it->col;
		}
		return -1;
	}
	if (!isfinite(*out))
		return diag_set(r->d, it->line, it->col, "the value for '%s' is not a finite number",
		    it->name);
	return 0;
}

static int
resolve_split(struct reader *r, const char *list, int **out, int *n)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int idx;

	*out = xmalloc((size_t)r->m->nvar * sizeof **out);
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		idx = model_var_index(r->m, tok);
		if (idx < 0) {
			const char *near = nearest_name(tok, (const char *const *)r->m->var,
			    r->m->nvar);
			diag_set(r->d, r->canard_line, 0, "'%s' in '# canard:' is not a variable%s%s%s",
			    tok, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
			free(copy);
			return -1;
		}
		if (*n < r->m->nvar)
			(*out)[(*n)++] = idx;
	}
	free(copy);
	return 0;
}

/*
 * normal(), ran() and delay() in a parsed tree become input parameters
 * (model_ext.c); delays only where the skeleton can see them (in_equation).
 */
static int
lower_at(struct reader *r, const struct item *it, struct expr **e, int in_equation)
{
	int nd = r->m->ndelay;

	if (model_lower_inputs(r->m, e, r->d) < 0) {
		r->d->line = it->line;
		r->d->col += it->col - 1;
		return -1;
	}
	if (!in_equation && r->m->ndelay > nd)
		return diag_set(r->d, it->line, it->col, "delay() inside '%s' is not supported: "
		    "write it in the equation", it->name);
	return 0;
}

/* Expand a parsed tree through the model's shared definitions; NULL with r->d filled. */
static struct expr *
expand_at(struct reader *r, const struct item *it, const struct expr *e)
{
	struct expr *x = expr_lets_expand(r->m->lets, e, r->d);

	/* a definition's own fault carries its own line */
	if (x == NULL && r->d->line == 0) {
		r->d->line = it->line;
		r->d->col = it->col;
	}
	return x;
}

/* An item's body (no arguments, outside the equations) parsed, lowered and
 * expanded; NULL with r->d filled. */
static struct expr *
item_expr(struct reader *r, const struct item *it)
{
	struct expr *e = parse_body(r, it, NULL, 0), *x;

	if (e == NULL)
		return NULL;
	if (lower_at(r, it, &e, 0) < 0) {
		expr_free(e);
		return NULL;
	}
	x = expand_at(r, it, e);
	expr_free(e);
	return x;
}

/*
 * XPPAUT's history of a delay equation, x(t) for t < t0: the expression of
 * the variable's last 'x(0)=' line, a function of t (a constant is a constant
 * past), and 0 for a variable without one ('init x=' sets only the value at
 * t0). XPPAUT 8 gives exactly this for x' = delay(x,1) with 'init x=2' (x
 * stays 2), 'x(0)=2' (x = 2 + 2t) and 'x(0)=2+t'.
 */
static int
xpp_history(struct reader *r)
{
	struct model *m = r->m;
	size_t i;
	int v;

	m->history = xcalloc((size_t)m->nvar, sizeof *m->history);
	for (i = 0; i < r->n; i++) {
		const struct item *it = &r->items[i];
		struct expr *e, *x;
		if (it->kind != IT_INIT || !it->at0 || it->body == NULL ||
		    (v = model_var_index(m, it->name)) < 0)
			continue;
		if ((e = parse_body(r, it, NULL, 0)) == NULL)
			return -1;
		x = expr_lets_expand(m->lets, e, r->d);
		expr_free(e);
		if (x == NULL) {
			r->d->line = it->line;
			return -1;
		}
		expr_free(m->history[v]);
		m->history[v] = x;
	}
	for (v = 0; v < m->nvar; v++)
		if (m->history[v] == NULL)
			m->history[v] = expr_num(0);
	return 0;
}

/*
 * '# canard: history x = EXPR' lines: a history formula that takes the place
 * of XPPAUT's (xpp_history) for that variable.
 */
static int
read_history(struct reader *r)
{
	struct model *m = r->m;
	char *text, *ln, *save = NULL;
	int rc = 0;

	if (m->ndelay == 0)
		return diag_set(r->d, 0, 0, "'# canard: history' needs a delay() in the equations");
	text = xstrdup(r->history.s);
	for (ln = strtok_r(text, "\n", &save); ln && rc == 0; ln = strtok_r(NULL, "\n", &save)) {
		int lineno = atoi(ln), v;
		char *spec = strchr(ln, ' ') + 1, *eq = strchr(spec, '=');
		struct expr *e;

		if (eq == NULL) {
			rc = diag_set(r->d, lineno, 0, "expected '# canard: history VAR=EXPRESSION'");
			break;
		}
		*eq = '\0';
		rtrim(spec);
		v = model_var_index(m, spec);
		if (v < 0) {
			rc = diag_set(r->d, lineno, 0, "history for '%s', which is not a variable", spec);
			break;
		}
		e = expr_parse(eq + 1, m->syms, NULL, 0, r->d);
		if (e == NULL) {
			r->d->line = lineno;
			rc = -1;
			break;
		}
		expr_free(m->history[v]);
		m->history[v] = expr_lets_expand(m->lets, e, r->d);
		expr_free(e);
		if (m->history[v] == NULL) {
			r->d->line = lineno;
			rc = -1;
		}
	}
	free(text);
	return rc;
}

/* Maps, delays and globals, once every equation is read. */
static int
finish_ext(struct reader *r)
{
	struct model *m = r->m;
	size_t i;
	int k, maps = 0;

	for (i = 0; i < r->n; i++)
		if (r->items[i].kind == IT_ODE && r->items[i].map)
			maps++;
	if (maps > 0 && maps < m->nvar)
		for (i = 0; i < r->n; i++)
			if (r->items[i].kind == IT_ODE && !r->items[i].map)
				return diag_set(r->d, r->items[i].line, r->items[i].name_col,
				    "'%s' is a differential equation in a map (write '%s(t+1)=')",
				    r->items[i].name, r->items[i].name);
	if (m->is_map && m->ndelay > 0)
		return diag_set(r->d, 0, 0, "delay() in a discrete map is not supported");
	for (k = 0; k < m->ndelay; k++) {
		/* the delays' parsed lengths, through the shared definitions */
		struct expr *x = expr_lets_expand(m->lets, m->delay_tau[k], r->d);
		if (x == NULL)
			return -1;
		expr_free(m->delay_tau[k]);
		m->delay_tau[k] = x;
	}
	if (m->ndelay > 0 && xpp_history(r) < 0)
		return -1;
	if (r->history.len > 0 && read_history(r) < 0)
		return -1;
	for (k = 0; m->rhs_step && k < m->nvar; k++)
		if (m->rhs_step[k] == NULL)	/* read before the first delay: none in it */
			m->rhs_step[k] = expr_copy(m->rhs[k]);
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_GLOBAL &&
		    model_add_global(m, it->body, it->body + it->col - 1, it->line, r->d) < 0)
			return -1;
	}
	return 0;
}

/*
 * Random draws in a table's formula (ran(x), normal(m,s)) are made once per
 * node, at load, from the reader's own stream: a table is data, fixed for
 * the run, as XPPAUT fills it when it reads the file.
 */
static struct expr *
draw_inputs(struct expr *e, gsl_rng *rng)
{
	int i;

	for (i = 0; i < e->nargs; i++)
		e->args[i] = draw_inputs(e->args[i], rng);
	if (e->kind == EXPR_FN && (e->id == FN_RAN || e->id == FN_NORMAL)) {
		struct expr *r;
		if (e->id == FN_RAN)
			r = expr_node(EXPR_MUL, 0, 2, e->args[0], expr_num(gsl_rng_uniform(rng)), NULL);
		else
			r = expr_node(EXPR_ADD, 0, 2, e->args[0], expr_node(EXPR_MUL, 0, 2,
			    e->args[1], expr_num(gsl_ran_gaussian(rng, 1.0)), NULL), NULL);
		e->nargs = 0;	/* the arguments moved into r */
		expr_free(e);
		return r;
	}
	return e;
}

/* The inline form's values: EXPR at t = each node (it may call functions). */
static int
table_inline(struct reader *r, struct item *it, double **y, int *n, double *xlo, double *xhi)
{
	char *end;
	const char *p = skip_blank(it->body + 1);
	long cnt = strtol(p, &end, 10);
	struct expr *e;
	struct item tmp = *it;
	int i;

	if (end == p || cnt < 2 || cnt > 100000)
		return diag_set(r->d, it->line, it->col, "table '%s': expected '%% N XLO XHI "
		    "EXPRESSION' with N >= 2", it->name);
	*xlo = strtod(end, &end);
	*xhi = strtod(end, &end);
	p = skip_blank(end);
	if (!(*xlo < *xhi) || *p == '\0')
		return diag_set(r->d, it->line, it->col, "table '%s': expected '%% N XLO XHI "
		    "EXPRESSION' with XLO < XHI", it->name);
	tmp.body = (char *)p;
	tmp.col = it->col + (int)(p - it->body);
	if ((e = parse_body(r, &tmp, NULL, 0)) == NULL)
		return -1;
	*n = (int)cnt;
	*y = xmalloc((size_t)cnt * sizeof **y);
	for (i = 0; i < cnt; i++) {
		double x = *xlo + i * (*xhi - *xlo) / (double)(cnt - 1);
		struct expr *ei;
		if (r->table_rng == NULL) {
			r->table_rng = gsl_rng_alloc(gsl_rng_mt19937);
			gsl_rng_set(r->table_rng, r->table_seed);
		}
		ei = draw_inputs(expr_copy(e), r->table_rng);
		int rc = expr_value(ei, r->m->syms, x, r->m->init, r->m->par_value, &(*y)[i], r->d);
		expr_free(ei);
		if (rc == 0 && !isfinite((*y)[i]))
			rc = diag_set(r->d, tmp.line, tmp.col, "table '%s' is not a finite number at "
			    "t=%.9g", it->name, x);
		if (rc < 0) {
			if (r->d->line == 0) {
				r->d->line = tmp.line;
				r->d->col = tmp.col;
			}
			expr_free(e);
			free(*y);
			return -1;
		}
	}
	expr_free(e);
	return 0;
}

/* A table file's path: relative to the model file's directory. */
static char *
table_path(const struct reader *r, const char *file)
{
	const char *slash = strrchr(r->source, '/');
	struct strbuf sb;

	if (file[0] == '/' || slash == NULL)
		return xstrdup(file);
	strbuf_init(&sb);
	strbuf_addn(&sb, r->source, (size_t)(slash - r->source + 1));
	strbuf_add(&sb, file);
	return strbuf_take(&sb);
}

static int set_body(struct reader *r, const struct item *it);

/*
 * Every table becomes a one-argument function interpolating its values.
 * Draws in the formulas come from the file's seed (or canard's default).
 */
static int build_each_table(struct reader *r);

static int
build_tables(struct reader *r)
{
	size_t i;
	double x;
	int rc;

	r->table_seed = 0x5eedca0a7dUL;
	for (i = 0; i < r->n; i++)
		if (r->items[i].kind == IT_OPT && name_eq(r->items[i].name, "seed") &&
		    r->items[i].body && parse_double(r->items[i].body, &x) == 0 &&
		    fabs(x) < 1e18)
			r->table_seed = (unsigned long)fabs(x);
	r->table_rng = NULL;
	rc = build_each_table(r);
	if (r->table_rng)
		gsl_rng_free(r->table_rng);
	r->table_rng = NULL;
	return rc;
}

static int
build_each_table(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		double *y = NULL, xlo, xhi;
		int n;

		if (it->kind != IT_TABLE)
			continue;
		if (it->body[0] == '%') {
			if (table_inline(r, it, &y, &n, &xlo, &xhi) < 0)
				return -1;
		} else {
			struct strbuf err;
			char *path = table_path(r, it->body);
			int rc;
			strbuf_init(&err);
			rc = table_read_file(path, &y, &n, &xlo, &xhi, &err);
			free(path);
			if (rc < 0) {
				diag_set(r->d, it->line, it->col, "table '%s': %s", it->name, err.s);
				strbuf_fini(&err);
				return -1;
			}
			strbuf_fini(&err);
		}
		free(it->body);
		it->body = table_body(y, n, xlo, xhi, "u");
		it->tab = y;
		it->ntab = n;
		it->kind = IT_FUNC;
		it->args = xmalloc(sizeof *it->args);
		it->args[0] = xstrdup("u");
		it->nargs = 1;
		if (set_body(r, it) < 0)
			return -1;
	}
	return 0;
}

/* Parse a definition's or function's body into the symbol table. */
static int
set_body(struct reader *r, const struct item *it)
{
	struct model *m = r->m;
	enum sym_kind kind;
	int id;
	struct expr *e = parse_body(r, it, (const char *const *)it->args, it->nargs);

	if (e == NULL)
		return -1;
	/* a draw in a definition is one draw per step, shared by its readers */
	if (lower_at(r, it, &e, 0) < 0) {
		expr_free(e);	/* still whole: lowering stops where it fails */
		return -1;
	}
	expr_symtab_find(m->syms, it->name, &kind, &id, NULL);
	expr_symtab_set_body(m->syms, kind, id, e);
	expr_symtab_set_place(m->syms, kind, id, it->line, it->col);
	return 0;
}

/*
 * A Gillespie special: hidden inputs NAME(0) .. NAME(n) that the integrator
 * draws (noise.c), the function selecting among them, and the rates'
 * formulas (the names given), expanded with the equations.
 */
static int
build_gill(struct reader *r, const struct item *it)
{
	struct model *m = r->m;
	char **names = NULL, hidden[128];
	int n = 0, k, *cols = NULL, p0 = -1, fid, rc = 0;
	enum sym_kind kind;

	if (special_gill_names(it->body, &names, &n, &cols, r->d) < 0) {
		r->d->line = it->line;
		r->d->col += it->col - 1;
		rc = -1;
	}
	for (k = 0; rc == 0 && k <= n; k++) {
		int p;
		snprintf(hidden, sizeof hidden, "%s(%d)", it->name, k);
		p = model_add_input(m, hidden, INPUT_GILL);
		if (p < 0)
			rc = diag_set(r->d, it->line, it->name_col, "'%s' is declared twice", hidden);
		if (k == 0)
			p0 = p;
	}
	for (k = 0; rc == 0 && k < n; k++) {
		struct expr *e = expr_parse(names[k], m->syms, NULL, 0, r->d);
		if (e == NULL) {
			r->d->line = it->line;
			r->d->col = it->col + cols[k] - 1;
			rc = -1;
			break;
		}
		m->gill_rate = xrealloc(m->gill_rate, (size_t)(m->ngill_rates + 1) *
		    sizeof *m->gill_rate);
		m->gill_rate[m->ngill_rates++] = e;
	}
	if (rc == 0) {
		m->gill_par = xrealloc(m->gill_par, (size_t)(m->ngill + 1) * sizeof (int));
		m->gill_nrxn = xrealloc(m->gill_nrxn, (size_t)(m->ngill + 1) * sizeof (int));
		m->gill_first = xrealloc(m->gill_first, (size_t)(m->ngill + 1) * sizeof (int));
		m->gill_par[m->ngill] = p0;
		m->gill_nrxn[m->ngill] = n;
		m->gill_first[m->ngill++] = m->ngill_rates - n;
		expr_symtab_find(m->syms, it->name, &kind, &fid, NULL);
		expr_symtab_set_body(m->syms, SYM_FUNC, fid, special_selector(EXPR_PAR, p0, n + 1));
		expr_symtab_set_place(m->syms, SYM_FUNC, fid, it->line, it->col);
	}
	for (k = 0; k < n; k++)
		free(names[k]);
	free(names);
	free(cols);
	return rc;
}

/* Every special becomes shared sums over its root (model_special.c). */
static int
build_specials(struct reader *r)
{
	struct special_table *tab = xcalloc(r->n + 1, sizeof *tab);
	int ntab = 0, ndef = expr_symtab_count(r->m->syms, SYM_DEF), rc = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->items[i].tab) {
			tab[ntab].name = r->items[i].name;
			tab[ntab].y = r->items[i].tab;
			tab[ntab++].n = r->items[i].ntab;
		}
	for (i = 0; i < r->n && rc == 0; i++) {
		const struct item *it = &r->items[i];
		if (it->kind != IT_SPECIAL)
			continue;
		if (special_is_gill(it->body)) {
			rc = build_gill(r, it);
			continue;
		}
		rc = special_build(r->m->syms, it->name, it->body, tab, ntab, ndef, it->line, it->col,
		    r->d);
		if (rc < 0) {
			r->d->line = it->line;
			r->d->col += it->col - 1;
		}
	}
	free(tab);
	return rc;
}

/* Markov chains: variables after the differential equations, as XPPAUT orders them. */
static int
declare_markov(struct reader *r)
{
	struct model *m = r->m;
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		char text[64];
		int n = 0;
		size_t q;

		if (it->kind != IT_MARKOV)
			continue;
		if (declare(r, it, SYM_VAR, 0) < 0)
			return -1;
		for (q = i + 1; q < r->n && r->items[q].kind == IT_RATE; q++)
			n++;
		n = (int)lround(sqrt((double)n));
		m->markov_var = xrealloc(m->markov_var, (size_t)(m->nmarkov + 1) * sizeof (int));
		m->markov_nstates = xrealloc(m->markov_nstates, (size_t)(m->nmarkov + 1) *
		    sizeof (int));
		m->markov_first = xrealloc(m->markov_first, (size_t)(m->nmarkov + 1) * sizeof (int));
		m->markov_var[m->nmarkov] = m->nvar;
		m->markov_nstates[m->nmarkov] = n;
		m->markov_first[m->nmarkov++] = m->nrates;
		m->nrates += n * n;
		snprintf(text, sizeof text, "0 (markov: jumps among 0..%d)", n - 1);
		m->var[m->nvar] = xstrdup(it->name);
		m->rhs_text[m->nvar++] = xstrdup(text);
	}
	m->nrandom += m->nmarkov;
	return 0;
}

/*
 * The rates, expanded like aux quantities (a draw in a rate is one per
 * step); the chains' right-hand sides (after the k differential equations)
 * are 0.
 */
static int
read_rates(struct reader *r, int k)
{
	struct model *m = r->m;
	size_t i;
	int q = 0;

	for (; k < m->nvar; k++)
		m->rhs[k] = expr_num(0);
	for (q = 0; q < m->ngill_rates; q++) {
		struct expr *x = expr_lets_expand(m->lets, m->gill_rate[q], r->d);
		if (x == NULL)
			return -1;
		expr_free(m->gill_rate[q]);
		m->gill_rate[q] = x;
	}
	q = 0;
	if (m->nrates == 0)
		return 0;
	m->markov_rate = xcalloc((size_t)m->nrates, sizeof *m->markov_rate);
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];

		if (it->kind != IT_RATE)
			continue;
		if ((m->markov_rate[q++] = item_expr(r, it)) == NULL)
			return -1;
	}
	return 0;
}

/* 'solv' names: hidden input parameters the integrator solves for. */
static int
declare_algebraic(struct reader *r)
{
	struct model *m = r->m;
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		enum sym_kind old;

		if (it->kind != IT_SOLVE)
			continue;
		if (name_eq(it->name, "t") || name_eq(it->name, "pi") ||
		    expr_symtab_find(m->syms, it->name, &old, NULL, NULL) == 0)
			return diag_set(r->d, it->line, it->name_col, "'%s' is declared twice",
			    it->name);
		m->alg_par = xrealloc(m->alg_par, (size_t)(m->nalg + 1) * sizeof *m->alg_par);
		m->alg_par[m->nalg++] = model_add_input(m, it->name, INPUT_ALGEBRAIC);
	}
	return 0;
}

/*
 * '0=' residuals, one per 'solv' name, and the first guesses (which may
 * name parameters). What the constraint solver does not combine with is
 * refused here, by name.
 */
static int
read_constraints(struct reader *r)
{
	struct model *m = r->m;
	size_t i;
	int nc = 0, k = 0, a = 0, line = 0, col = 0;

	for (i = 0; i < r->n; i++)
		if (r->items[i].kind == IT_CONSTRAINT) {
			nc++;
			if (line == 0) {
				line = r->items[i].line;
				col = r->items[i].name_col;
			}
		}
	if (nc == 0 && m->nalg == 0)
		return 0;
	for (i = 0; line == 0 && i < r->n; i++)
		if (r->items[i].kind == IT_SOLVE) {
			line = r->items[i].line;
			col = r->items[i].name_col;
		}
	if (nc != m->nalg)
		return diag_set(r->d, line, col, "%d algebraic constraint%s ('0=') but %d algebraic "
		    "variable%s ('solv NAME'): each constraint needs one", nc, nc == 1 ? "" : "s",
		    m->nalg, m->nalg == 1 ? "" : "s");
	if (m->nrandom > 0 || m->ndelay > 0 || m->is_map)
		return diag_set(r->d, line, col, "algebraic constraints ('0=') together with %s "
		    "are not supported by canard", m->is_map ? "a discrete map" :
		    m->ndelay ? "delay()" : "noise");
	m->alg_expr = xcalloc((size_t)nc, sizeof *m->alg_expr);
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];

		if (it->kind == IT_SOLVE && eval_value(r, it, &m->par_value[m->alg_par[a++]]) < 0)
			return -1;
		if (it->kind != IT_CONSTRAINT)
			continue;
		if ((m->alg_expr[k++] = item_expr(r, it)) == NULL)
			return -1;
	}
	return 0;
}

static int
finish(struct reader *r)
{
	struct model *m = r->m;
	size_t i;
	int k;
	int *seen;

	/* count, declare in order: variables, parameters, definitions, functions */
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		switch (it->kind) {
		case IT_ODE: case IT_MARKOV: m->nvar++; break;
		case IT_PAR: case IT_NUMBER: m->npar++; break;
		case IT_AUX: m->naux++; break;
		default: break;
		}
	}
	if (m->nvar == 0)
		return diag_set(r->d, 0, 0, "no differential equations (expected lines like \"x' = ...\")");
	m->var = xcalloc((size_t)m->nvar, sizeof *m->var);
	m->rhs_text = xcalloc((size_t)m->nvar, sizeof *m->rhs_text);
	m->rhs = xcalloc((size_t)m->nvar, sizeof *m->rhs);
	m->init = xcalloc((size_t)m->nvar, sizeof *m->init);
	m->par = xcalloc((size_t)m->npar + 1, sizeof *m->par);
	m->par_value = xcalloc((size_t)m->npar + 1, sizeof *m->par_value);
	m->par_hidden = xcalloc((size_t)m->npar + 1, 1);
	m->aux = xcalloc((size_t)m->naux + 1, sizeof *m->aux);
	m->aux_text = xcalloc((size_t)m->naux + 1, sizeof *m->aux_text);
	m->aux_expr = xcalloc((size_t)m->naux + 1, sizeof *m->aux_expr);
	m->nvar = m->npar = m->naux = 0;

	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_ODE) {
			if (declare(r, it, SYM_VAR, 0) < 0)
				return -1;
			m->var[m->nvar] = xstrdup(it->name);
			m->rhs_text[m->nvar++] = xstrdup(it->body);
		}
	}
	if (declare_markov(r) < 0)
		return -1;
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_PAR || it->kind == IT_NUMBER) {
			if (declare(r, it, SYM_PAR, 0) < 0)
				return -1;
			m->par_hidden[m->npar] = it->kind == IT_NUMBER;
			m->par[m->npar++] = xstrdup(it->name);
		}
	}
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_WIENER) {
			enum sym_kind old;
			if (model_var_index(m, it->name) >= 0 ||
			    expr_symtab_find(m->syms, it->name, &old, NULL, NULL) == 0)
				return diag_set(r->d, it->line, it->name_col, "'%s' is declared twice",
				    it->name);
			model_add_input(m, it->name, INPUT_WIENER);
		}
	}
	if (declare_algebraic(r) < 0)
		return -1;
	/* parameter values may refer to earlier parameters */
	for (k = 0, i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_PAR || it->kind == IT_NUMBER) {
			while (model_par_is_input(m, k))
				k++;
			if (eval_value(r, it, &m->par_value[k]) < 0)
				return -1;
			k++;
		}
	}
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if (it->kind == IT_DEF && declare(r, it, SYM_DEF, 0) < 0)
			return -1;
		if (it->kind == IT_FUNC && declare(r, it, SYM_FUNC, it->nargs) < 0)
			return -1;
		if ((it->kind == IT_SPECIAL || it->kind == IT_TABLE) && declare(r, it, SYM_FUNC, 1) < 0)
			return -1;
	}
	/* bodies: functions and definitions may be used before they are defined */
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		if ((it->kind == IT_DEF || it->kind == IT_FUNC) && set_body(r, it) < 0)
			return -1;
	}
	/* a table's formula may call the file's functions */
	if (build_tables(r) < 0 || build_specials(r) < 0)
		return -1;
	/* each definition is expanded once, however often it is used */
	m->lets = expr_lets_new(m->syms);
	for (k = 0, i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		struct expr *e, *x;

		if (it->kind != IT_ODE && it->kind != IT_AUX)
			continue;
		if ((e = parse_body(r, it, NULL, 0)) == NULL)
			return -1;
		if (lower_at(r, it, &e, it->kind == IT_ODE) < 0) {
			expr_free(e);	/* still whole: lowering stops where it fails */
			return -1;
		}
		x = expand_at(r, it, e);
		if (x == NULL) {
			expr_free(e);
			return -1;
		}
		if (it->kind == IT_ODE && m->ndelay > 0) {
			/* the integrator reads the delay slots; the analysis, the skeleton,
			 * sees delay(x,tau) as x */
			struct expr *sk = model_skeleton(m, e), *xs = expand_at(r, it, sk);
			expr_free(sk);
			if (xs == NULL) {
				expr_free(e);
				expr_free(x);
				return -1;
			}
			if (m->rhs_step == NULL)
				m->rhs_step = xcalloc((size_t)m->nvar, sizeof *m->rhs_step);
			m->rhs_step[k] = x;
			x = xs;
		}
		expr_free(e);
		if (it->kind == IT_ODE) {
			if (it->map)
				m->is_map = 1;
			m->rhs[k++] = x;
		} else {
			m->aux[m->naux] = xstrdup(it->name);
			m->aux_text[m->naux] = xstrdup(it->body);
			m->aux_expr[m->naux++] = x;
		}
	}
	if (read_rates(r, k) < 0 || finish_ext(r) < 0 || read_constraints(r) < 0)
		return -1;
	/* initial values: later statements win, unset ones are 0 */
	for (i = 0; i < r->n; i++) {
		struct item *it = &r->items[i];
		int v;
		double val;

		if (it->kind != IT_INIT)
			continue;
		v = model_var_index(m, it->name);
		if (v < 0) {
			const char *near = nearest_name(it->name, (const char *const *)m->var, m->nvar);
			return diag_set(r->d, it->line, it->name_col,
			    "initial value for '%s', which is not a variable%s%s%s", it->name,
			    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		}
		if (eval_value(r, it, &val) < 0)
			return -1;
		m->init[v] = val;
	}

	/* fast/slow split: a missing list is the complement of the other */
	if (r->fast || r->slow) {
		if (r->fast == NULL)
			m->fast = xmalloc((size_t)m->nvar * sizeof *m->fast);
		if (r->slow == NULL)
			m->slow = xmalloc((size_t)m->nvar * sizeof *m->slow);
		if (r->fast && resolve_split(r, r->fast, &m->fast, &m->nfast) < 0)
			return -1;
		if (r->slow && resolve_split(r, r->slow, &m->slow, &m->nslow) < 0)
			return -1;
		seen = xcalloc((size_t)m->nvar, sizeof *seen);
		for (k = 0; k < m->nfast; k++)
			seen[m->fast[k]] |= 1;
		for (k = 0; k < m->nslow; k++)
			seen[m->slow[k]] |= 2;
		for (k = 0; k < m->nvar; k++) {
			int rest = r->fast == NULL ? 1 : r->slow == NULL ? 2 : 0;
			if (seen[k] == 0 && rest == 1)
				m->fast[m->nfast++] = k;
			else if (seen[k] == 0 && rest == 2)
				m->slow[m->nslow++] = k;
			else if (seen[k] != 1 && seen[k] != 2) {
				int both = seen[k] != 0;
				free(seen);
				return diag_set(r->d, r->canard_line, 0, both ?
				    "'%s' is listed as both fast and slow" :
				    "'%s' is listed as neither fast nor slow", m->var[k]);
			}
		}
		free(seen);
		if (m->nfast == 0 || m->nslow == 0)
			return diag_set(r->d, r->canard_line, 0,
			    "a fast/slow split needs at least one fast and one slow variable");
	}
	if (r->feature) {
		m->feature_var = model_var_index(m, r->feature);
		if (m->feature_var < 0)
			return diag_set(r->d, r->canard_line, 0,
			    "feature='%s' in '# canard:' is not a variable", r->feature);
	}
	if (r->eps) {
		m->eps_par = model_par_index(m, r->eps);
		if (m->eps_par < 0)
			return diag_set(r->d, r->canard_line, 0,
			    "eps='%s' in '# canard:' is not a parameter", r->eps);
	}
	if (r->sgd.len > 0 && model_sgd_read(m, r->sgd.s, r->sgd_line, r->d) < 0)
		return -1;
	for (i = 0; i < r->n; i++)
		if (r->items[i].kind == IT_OPT && apply_option(r, &r->items[i]) < 0)
			return -1;
	return model_compile(m, r->d);
}

static char *
next_logical_line(const char **p, int *lines_used)
{
	struct strbuf sb;
	const char *s = *p;

	if (*s == '\0')
		return NULL;
	strbuf_init(&sb);
	*lines_used = 0;
	for (;;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		size_t k = n;

		(*lines_used)++;
		while (k > 0 && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (k > 0 && s[k - 1] == '\\' && e != NULL) {
			strbuf_addn(&sb, s, k - 1);
			s = e + 1;
			continue;
		}
		strbuf_addn(&sb, s, n);
		s = e ? e + 1 : s + n;
		break;
	}
	*p = s;
	return strbuf_take(&sb);
}

/* A line through the array expander, then each resulting line read. */
static int
read_expanded(struct reader *r, struct ode_array *arr, const char *line, int lineno)
{
	char **lines;
	int *nums, n, i, rc = 0;

	if (ode_array_line(arr, line, lineno, &lines, &nums, &n, r->d) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = read_line(r, lines[i], nums[i]);
		free(lines[i]);
	}
	free(lines);
	free(nums);
	return rc;
}

struct model *
model_from_ode(const char *text, const char *source, struct diag *d)
{
	struct ode_array arr;
	struct reader r;
	const char *p = text;
	char *line;
	int lineno = 1, used, rc = 0;
	size_t i;
	struct model *m = xcalloc(1, sizeof *m);

	m->refs = 1;

	memset(&r, 0, sizeof r);
	r.source = source;
	r.d = d;
	r.m = m;
	strbuf_init(&r.title);
	strbuf_init(&r.note);
	strbuf_init(&r.warn);
	strbuf_init(&r.history);
	strbuf_init(&r.sgd);
	strbuf_init(&r.ignored_opts);
	ode_array_init(&arr);
	diag_clear(d);
	m->syms = expr_symtab_new();
	m->name = xstrdup(source);
	m->eps_par = -1;
	m->feature_var = -1;
	/* XPPAUT's default view: the first variable (or yp) against time */
	m->xp = MODEL_AXIS_T;
	m->yp = 0;
	settings_default(&m->set);
	m->set.bound = 100;	/* XPPAUT's default */

	while (rc == 0 && (line = next_logical_line(&p, &used)) != NULL) {
		rtrim(line);
		/* a UTF-8 byte-order mark at the very start */
		if (lineno == 1 && (unsigned char)line[0] == 0xef &&
		    (unsigned char)line[1] == 0xbb && (unsigned char)line[2] == 0xbf)
			memmove(line, line + 3, strlen(line + 3) + 1);
		rc = read_expanded(&r, &arr, line, lineno);
		free(line);
		lineno += used;
	}
	if (rc >= 0 && ode_array_finish(&arr, d) < 0)
		rc = -1;
	if (rc >= 0 && r.markov_rows > 0) {
		const struct item *mk = &r.items[r.markov_item];
		rc = diag_set(d, mk->line, mk->name_col, "markov '%s' needs %d rows of rates after "
		    "its line, found %d", mk->name, r.markov_n, r.markov_n - r.markov_rows);
	}
	ode_array_fini(&arr);
	if (rc >= 0) {
		if (finish(&r) < 0)
			rc = -1;
	}
	if (rc >= 0) {
		if (m->xp >= m->nvar)
			m->xp = 0;
		if (m->yp >= m->nvar)
			m->yp = m->nvar > 1 ? 1 : 0;
		if (m->xp == m->yp) {
			/* xp=x alone: x against the next variable, not against itself */
			if (m->nvar > 1 && m->xp >= 0)
				m->yp = m->xp == 0 ? 1 : 0;
			else
				m->xp = m->yp == MODEL_AXIS_T ? 0 : MODEL_AXIS_T;
		}
		/* a window needs all four limits; XPPAUT's defaults fill the gaps */
		if (m->has_window) {
			if (!(m->has_window & 1)) m->xlo = 0;
			if (!(m->has_window & 2)) m->xhi = 20;
			if (!(m->has_window & 4)) m->ylo = -2;
			if (!(m->has_window & 8)) m->yhi = 2;
			if (!(m->xlo < m->xhi && m->ylo < m->yhi))
				m->has_window = 0;
		}
		if (r.ignored_opts.len)
			strbuf_printf(&r.warn, "%s:%d: ignored options canard does not use: %s\n",
			    source, r.ignored_line, r.ignored_opts.s);
		/* untitled: the file's name without its directory, so that the same
		 * file reached by another path ('save' writes it absolute) draws alike */
		m->title = xstrdup(r.title.len ? r.title.s : strrchr(source, '/') ?
		    strrchr(source, '/') + 1 : source);
		m->note = xstrdup(r.note.s);
		m->warnings = xstrdup(r.warn.s);
	}
	for (i = 0; i < r.n; i++) {
		int k;
		free(r.items[i].name);
		free(r.items[i].body);
		for (k = 0; k < r.items[i].nargs; k++)
			free(r.items[i].args[k]);
		free(r.items[i].args);
		free(r.items[i].tab);
	}
	free(r.items);
	free(r.fast);
	free(r.slow);
	free(r.eps);
	free(r.feature);
	strbuf_fini(&r.title);
	strbuf_fini(&r.note);
	strbuf_fini(&r.warn);
	strbuf_fini(&r.history);
	strbuf_fini(&r.sgd);
	strbuf_fini(&r.ignored_opts);
	if (rc < 0) {
		model_free(m);
		return NULL;
	}
	return m;
}
