/* model: settings, method names, lookups and compilation of the equations. */
#include "model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "readin.h"

static const char *const method_names[METHOD_COUNT] = {
	[METHOD_AUTO] = "auto", [METHOD_RK2] = "rk2", [METHOD_RK4] = "rk4",
	[METHOD_RKF45] = "rkf45", [METHOD_RKCK] = "rkck", [METHOD_RK8PD] = "rk8pd",
	[METHOD_RK1IMP] = "rk1imp", [METHOD_RK2IMP] = "rk2imp", [METHOD_RK4IMP] = "rk4imp",
	[METHOD_BSIMP] = "bsimp", [METHOD_MSADAMS] = "msadams", [METHOD_MSBDF] = "msbdf",
	[METHOD_EULER] = "euler", [METHOD_MODEULER] = "modeuler",
	[METHOD_RUNGEKUTTA] = "rungekutta",
};

int
method_is_fixed(enum solve_method m)
{
	return m == METHOD_EULER || m == METHOD_MODEULER || m == METHOD_RUNGEKUTTA;
}

const char *
method_name(enum solve_method m)
{
	return m < METHOD_COUNT ? method_names[m] : "?";
}

int
method_lookup(const char *name)
{
	int i;

	for (i = 0; i < METHOD_COUNT; i++)
		if (name_eq(name, method_names[i]))
			return i;
	return -1;
}

void
settings_default(struct settings *s)
{
	s->t0 = 0;
	s->tmax = 20;
	s->dir = 1;
	s->dt = 0.05;
	s->nout = 1;
	s->dtmax = 0;
	s->grid = 0;
	s->rtol = 1e-6;
	s->atol = 1e-9;
	s->bound = 1e4;
	s->maxstor = 200000;
	s->rows = 5000;
	s->trans = 0;
	s->method = METHOD_AUTO;
}

static void
free_strv(char **v, int n)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_exprv(struct expr **v, int n)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		expr_free(v[i]);
	free(v);
}

struct model *
model_ref(struct model *m)
{
	__atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
	return m;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	if (__atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(m->name);
	free(m->file);
	free(m->title);
	free(m->note);
	expr_symtab_free(m->syms);
	free_strv(m->var, m->nvar);
	free_strv(m->rhs_text, m->nvar);
	free_exprv(m->rhs, m->nvar);
	free(m->init);
	free_strv(m->par, m->npar);
	free(m->par_value);
	free(m->par_hidden);
	free_strv(m->aux, m->naux);
	free_strv(m->aux_text, m->naux);
	free_strv(m->set_name, m->nsets);
	free_strv(m->set_body, m->nsets);
	free_exprv(m->aux_expr, m->naux);
	free_exprv(m->alg_expr, m->nalg);
	free_exprv(m->markov_rate, m->nrates);
	free(m->markov_var);
	free(m->markov_nstates);
	free(m->markov_first);
	expr_prog_free(m->markov_prog);
	free_exprv(m->gill_rate, m->ngill_rates);
	free(m->gill_par);
	free(m->gill_nrxn);
	free(m->gill_first);
	expr_prog_free(m->gill_prog);
	free(m->alg_par);
	expr_prog_free(m->alg_prog);
	free(m->fast);
	free(m->slow);
	free(m->fold);
	free_exprv(m->jac, m->jac ? m->nvar * m->nvar + m->nvar : 0);
	expr_prog_free(m->rhs_prog);
	expr_prog_free(m->jac_prog);
	expr_prog_free(m->aux_prog);
	expr_lets_free(m->lets);
	free(m->warnings);
	model_ext_free(m);
	free(m->sgd);
	free(m);
}

int
model_axis_index(const struct model *m, const char *name)
{
	int i;

	if (name_eq(name, "t"))
		return MODEL_AXIS_T;
	if ((i = model_var_index(m, name)) >= 0)
		return i;
	for (i = 0; i < m->naux; i++)
		if (name_eq(m->aux[i], name))
			return MODEL_AXIS_AUX(i);
	return MODEL_AXIS_NONE;
}

const char *
model_axis_name(const struct model *m, int code)
{
	if (code >= 0 && code < m->nvar)
		return m->var[code];
	if (code <= MODEL_AXIS_AUX(0) && MODEL_AXIS_AUX(0) - code < m->naux)
		return m->aux[MODEL_AXIS_AUX(0) - code];
	return "t";
}

int
model_var_index(const struct model *m, const char *name)
{
	int i;

	for (i = 0; i < m->nvar; i++)
		if (name_eq(m->var[i], name))
			return i;
	return -1;
}

int
model_par_index(const struct model *m, const char *name)
{
	int i;

	for (i = 0; i < m->npar; i++)
		if (name_eq(m->par[i], name))
			return i;
	return -1;
}

/* The residuals of '0=' lines and their partials in the algebraic variables. */
static int
compile_constraints(struct model *m, struct diag *d)
{
	int k = m->nalg, i, j, rc;
	struct expr **out = xcalloc((size_t)(k + k * k), sizeof *out);

	for (i = 0; i < k; i++) {
		out[i] = m->alg_expr[i];
		for (j = 0; j < k; j++)
			out[k + i * k + j] = expr_lets_diff(m->lets, m->alg_expr[i], EXPR_PAR,
			    m->alg_par[j]);
	}
	m->alg_prog = expr_lets_compile(m->lets, out, k + k * k, d);
	rc = m->alg_prog ? 0 : -1;
	for (i = k; i < k + k * k; i++)
		expr_free(out[i]);
	free(out);
	return rc;
}

int
model_compile(struct model *m, struct diag *d)
{
	int n = m->nvar, i, j;

	/* n*n partials d rhs_i / d y_j, then n partials d rhs_i / dt (for GSL) */
	m->jac = xcalloc((size_t)(n * n + n), sizeof *m->jac);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			m->jac[i * n + j] = expr_lets_diff(m->lets, m->rhs[i], EXPR_VAR, j);
	for (i = 0; i < n; i++)
		m->jac[n * n + i] = expr_lets_diff(m->lets, m->rhs[i], EXPR_T, 0);
	m->rhs_prog = expr_lets_compile(m->lets, m->rhs, n, d);
	if (m->rhs_prog == NULL)
		return -1;
	m->jac_prog = expr_lets_compile(m->lets, m->jac, n * n + n, d);
	if (m->jac_prog == NULL)
		return -1;
	if (m->naux > 0) {
		m->aux_prog = expr_lets_compile(m->lets, m->aux_expr, m->naux, d);
		if (m->aux_prog == NULL)
			return -1;
	}
	if (m->nalg > 0 && compile_constraints(m, d) < 0)
		return -1;
	if (m->ngill_rates > 0) {
		m->gill_prog = expr_lets_compile(m->lets, m->gill_rate, m->ngill_rates, d);
		if (m->gill_prog == NULL)
			return -1;
	}
	if (m->nrates > 0) {
		m->markov_prog = expr_lets_compile(m->lets, m->markov_rate, m->nrates, d);
		if (m->markov_prog == NULL)
			return -1;
	}
	return model_ext_compile(m, d);
}

struct model *
model_load_file(const char *path, struct diag *d)
{
	size_t len;
	char *text = readin(path, &len, d);
	struct model *m;
	int line, col;

	if (text == NULL)
		return NULL;
	if (readin_nul(text, len, &line, &col)) {
		diag_set(d, line, col, "a NUL byte: a model file is text (is it a binary file?)");
		free(text);
		return NULL;
	}
	m = model_from_ode(text, path, d);
	free(text);
	return m;
}
