/*
 * model_ext: what a model needs beyond x' = f(x): inputs the integrator
 * supplies at each step (wiener noise, normal() and ran() draws, delayed
 * states) and events ('global' lines). Inputs are hidden parameters, so the
 * compiled right-hand side, its Jacobian and the analysis stay as they are:
 * with every input at 0 and every delay read as the current state, the model
 * is its deterministic skeleton.
 */
#include "model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
model_par_is_input(const struct model *m, int i)
{
	return m->par_input != NULL && i >= 0 && i < m->npar && m->par_input[i] != INPUT_NONE;
}

int
model_add_input(struct model *m, const char *name, enum par_input kind)
{
	int i = m->npar, id;
	size_t n = (size_t)m->npar + 2;

	id = expr_symtab_add(m->syms, name, SYM_PAR, 0);
	if (id < 0)
		return -1;
	m->par = xrealloc(m->par, n * sizeof *m->par);
	m->par_value = xrealloc(m->par_value, n * sizeof *m->par_value);
	m->par_hidden = xrealloc(m->par_hidden, n);
	if (m->par_input == NULL)
		m->par_input = xcalloc(n, 1);
	else
		m->par_input = xrealloc(m->par_input, n);
	/* parameters read before any input existed are ordinary */
	memset(m->par_input + i, 0, n - (size_t)i);
	m->par[i] = xstrdup(name);
	m->par_value[i] = 0;
	m->par_hidden[i] = 1;
	m->par_input[i] = (unsigned char)kind;
	m->npar++;
	if (kind != INPUT_DELAY && kind != INPUT_ALGEBRAIC)
		m->nrandom++;
	return i;
}

/* The slot for delay(var, tau), shared by equal delays. */
static int
delay_slot(struct model *m, int var, const struct expr *tau)
{
	char name[48];
	int k, p;

	for (k = 0; k < m->ndelay; k++)
		if (m->delay[k].var == var && expr_equal(m->delay_tau[k], tau))
			return m->delay[k].par;
	snprintf(name, sizeof name, "delay#%d", m->ndelay + 1);
	p = model_add_input(m, name, INPUT_DELAY);
	m->delay = xrealloc(m->delay, (size_t)(m->ndelay + 1) * sizeof *m->delay);
	m->delay_tau = xrealloc(m->delay_tau, (size_t)(m->ndelay + 1) * sizeof *m->delay_tau);
	m->delay[m->ndelay].par = p;
	m->delay[m->ndelay].var = var;
	m->delay_tau[m->ndelay] = expr_copy(tau);
	m->ndelay++;
	return p;
}

static int
count_random(const struct model *m, enum par_input kind)
{
	int i, n = 0;

	for (i = 0; i < m->npar; i++)
		if (model_par_is_input(m, i) && m->par_input[i] == kind)
			n++;
	return n;
}

int
model_lower_inputs(struct model *m, struct expr **ep, struct diag *d)
{
	struct expr *e = *ep, *r;
	char name[48];
	int i, p;

	for (i = 0; i < e->nargs; i++)
		if (model_lower_inputs(m, &e->args[i], d) < 0)
			return -1;
	if (e->kind != EXPR_FN || !expr_fn_is_input(e->id))
		return 0;
	switch (e->id) {
	case FN_NORMAL:
		/* normal(mean, sd) = mean + sd * z with z ~ N(0,1), drawn every step */
		snprintf(name, sizeof name, "normal#%d", count_random(m, INPUT_NORMAL) + 1);
		p = model_add_input(m, name, INPUT_NORMAL);
		r = expr_node(EXPR_ADD, 0, 2, e->args[0], expr_node(EXPR_MUL, 0, 2, e->args[1],
		    expr_leaf(EXPR_PAR, p), NULL), NULL);
		break;
	case FN_RAN:
		/* ran(x): uniform on [0, x) */
		snprintf(name, sizeof name, "ran#%d", count_random(m, INPUT_UNIFORM) + 1);
		p = model_add_input(m, name, INPUT_UNIFORM);
		r = expr_node(EXPR_MUL, 0, 2, e->args[0], expr_leaf(EXPR_PAR, p), NULL);
		break;
	default:
		if (e->args[0]->kind != EXPR_VAR)
			return diag_set(d, 0, e->col, "the first argument of delay() must be a "
			    "variable, as in delay(x, tau)");
		p = delay_slot(m, e->args[0]->id, e->args[1]);
		expr_free(e);
		*ep = expr_leaf(EXPR_PAR, p);
		return 0;
	}
	/* the arguments moved into r */
	e->nargs = 0;
	expr_free(e);
	*ep = r;
	return 0;
}

struct expr *
model_skeleton(const struct model *m, const struct expr *e)
{
	struct expr *c;
	int i, k;

	if (e->kind == EXPR_PAR && model_par_is_input(m, e->id) &&
	    m->par_input[e->id] == INPUT_DELAY) {
		for (k = 0; k < m->ndelay; k++)
			if (m->delay[k].par == e->id)
				return expr_leaf(EXPR_VAR, m->delay[k].var);
	}
	c = expr_copy(e);
	for (i = 0; i < c->nargs; i++) {
		expr_free(c->args[i]);
		c->args[i] = model_skeleton(m, e->args[i]);
	}
	return c;
}

int
model_ext_compile(struct model *m, struct diag *d)
{
	int k;

	if (m->ndelay > 0) {
		m->delay_prog = expr_lets_compile(m->lets, m->delay_tau, m->ndelay, d);
		if (m->delay_prog == NULL)
			return -1;
	}
	if (m->rhs_step) {
		m->step_prog = expr_lets_compile(m->lets, m->rhs_step, m->nvar, d);
		if (m->step_prog == NULL)
			return -1;
	}
	if (m->history) {
		m->history_prog = expr_lets_compile(m->lets, m->history, m->nvar, d);
		if (m->history_prog == NULL)
			return -1;
	}
	if (m->nevent > 0) {
		m->event_prog = expr_lets_compile(m->lets, m->event_cond, m->nevent, d);
		if (m->event_prog == NULL)
			return -1;
	}
	for (k = 0; k < m->nevent; k++) {
		struct model_event *ev = &m->event[k];
		ev->reset_prog = expr_lets_compile(m->lets, ev->reset, ev->nreset, d);
		if (ev->reset_prog == NULL)
			return -1;
	}
	return 0;
}

static void
free_exprs(struct expr **v, int n)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		expr_free(v[i]);
	free(v);
}

void
model_ext_free(struct model *m)
{
	int k;

	free(m->par_input);
	free(m->delay);
	free_exprs(m->delay_tau, m->ndelay);
	expr_prog_free(m->delay_prog);
	free_exprs(m->rhs_step, m->rhs_step ? m->nvar : 0);
	expr_prog_free(m->step_prog);
	free_exprs(m->history, m->history ? m->nvar : 0);
	expr_prog_free(m->history_prog);
	for (k = 0; k < m->nevent; k++) {
		free(m->event[k].reset_var);
		free_exprs(m->event[k].reset, m->event[k].nreset);
		expr_prog_free(m->event[k].reset_prog);
	}
	free(m->event);
	free_exprs(m->event_cond, m->nevent);
	expr_prog_free(m->event_prog);
}

/* ---- 'global' lines ---- */

/* Parse and expand text (columns reported from col0 on line). */
static struct expr *
parse_at(struct model *m, const char *text, int line, int col0, struct diag *d)
{
	struct expr *e = expr_parse(text, m->syms, NULL, 0, d), *x;
	int nd = m->ndelay;

	if (e == NULL || model_lower_inputs(m, &e, d) < 0) {
		expr_free(e);
		d->line = line;
		d->col += col0 - 1;
		return NULL;
	}
	if (m->ndelay > nd) {
		expr_free(e);
		diag_set(d, line, col0, "delay() in a global is not supported");
		return NULL;
	}
	x = expr_lets_expand(m->lets, e, d);
	expr_free(e);
	if (x == NULL && d->line == 0) {
		d->line = line;
		d->col = col0;
	}
	return x;
}

/* The text up to the brace that closes the one at s[-1]; NULL if none. */
static const char *
closing_brace(const char *s)
{
	int depth = 1;

	for (; *s; s++) {
		if (*s == '{')
			depth++;
		else if (*s == '}' && --depth == 0)
			return s;
	}
	return NULL;
}

static int
add_reset(struct model *m, struct model_event *ev, const char *a, size_t len, int line,
    int col, struct diag *d)
{
	char *txt = xstrndup(a, len), *eq = strchr(txt, '='), *name = txt, *end;
	struct expr *x;
	int v;

	while (*name == ' ' || *name == '\t')
		name++;
	if (eq == NULL) {
		free(txt);
		return diag_set(d, line, col, "expected 'VARIABLE=EXPRESSION' in the reset list");
	}
	for (end = eq; end > name && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	*end = '\0';
	v = model_var_index(m, name);
	if (v < 0) {
		const char *near = nearest_name(name, (const char *const *)m->var, m->nvar);
		diag_set(d, line, col + (int)(name - txt), "'%s' in a global reset is not a "
		    "variable%s%s%s", name, near ? " (did you mean '" : "", near ? near : "",
		    near ? "'?)" : "");
		free(txt);
		return -1;
	}
	x = parse_at(m, eq + 1, line, col + (int)(eq + 1 - txt), d);
	free(txt);
	if (x == NULL)
		return -1;
	ev->reset_var = xrealloc(ev->reset_var, (size_t)(ev->nreset + 1) * sizeof *ev->reset_var);
	ev->reset = xrealloc(ev->reset, (size_t)(ev->nreset + 1) * sizeof *ev->reset);
	ev->reset_var[ev->nreset] = v;
	ev->reset[ev->nreset++] = x;
	return 0;
}

int
model_add_global(struct model *m, const char *line_text, const char *rest, int line,
    struct diag *d)
{
	const char *s = rest, *c0, *c1, *r0, *r1, *a;
	char *num, *cond;
	double sg;
	struct model_event ev;
	struct expr *ce;

#define COL(p) ((int)((p) - line_text) + 1)
	while (*s == ' ' || *s == '\t')
		s++;
	c0 = s;
	while (*s && *s != ' ' && *s != '\t' && *s != '{')
		s++;
	num = xstrndup(c0, (size_t)(s - c0));
	if (parse_double(num, &sg) < 0) {
		free(num);
		return diag_set(d, line, COL(c0), "expected 'global SIGN {CONDITION} {X=...; ...}' "
		    "with SIGN 1 (upward), -1 (downward) or 0 (either way)");
	}
	free(num);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '{') {
		c0 = s + 1;
		c1 = closing_brace(c0);
		if (c1 == NULL)
			return diag_set(d, line, COL(s), "missing '}' after the condition");
		r0 = c1 + 1;
	} else {
		c0 = s;
		c1 = strchr(s, '{');
		if (c1 == NULL)
			return diag_set(d, line, COL(s), "expected '{X=...; ...}' after the condition");
		r0 = c1;
	}
	while (*r0 == ' ' || *r0 == '\t')
		r0++;
	if (*r0 != '{')
		return diag_set(d, line, COL(r0), "expected '{X=...; ...}' after the condition");
	r1 = closing_brace(r0 + 1);
	if (r1 == NULL)
		return diag_set(d, line, COL(r0), "missing '}' after the resets");
	cond = xstrndup(c0, (size_t)(c1 - c0));
	ce = parse_at(m, cond, line, COL(c0), d);
	free(cond);
	if (ce == NULL)
		return -1;
	memset(&ev, 0, sizeof ev);
	ev.sign = sg > 0 ? 1 : sg < 0 ? -1 : 0;
	for (a = r0 + 1; a < r1;) {
		const char *e = a;
		while (e < r1 && *e != ';')
			e++;
		if (e > a && strspn(a, " \t") < (size_t)(e - a) &&
		    add_reset(m, &ev, a, (size_t)(e - a), line, COL(a), d) < 0)
			goto bad;
		a = e + 1;
	}
	if (ev.nreset == 0) {
		diag_set(d, line, COL(r0), "a global needs at least one reset, as in {x=0}");
		goto bad;
	}
	m->event = xrealloc(m->event, (size_t)(m->nevent + 1) * sizeof *m->event);
	m->event_cond = xrealloc(m->event_cond, (size_t)(m->nevent + 1) * sizeof *m->event_cond);
	m->event[m->nevent] = ev;
	m->event_cond[m->nevent++] = ce;
	return 0;
bad:
	expr_free(ce);
	free(ev.reset_var);
	while (ev.nreset > 0)
		expr_free(ev.reset[--ev.nreset]);
	free(ev.reset);
	return -1;
#undef COL
}
