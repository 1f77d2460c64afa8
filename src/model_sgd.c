/*
 * model_sgd: the SGD setting a model file declares in its '# canard:' lines
 * (which network 'sgd' trains, and which variables are its order
 * parameters), resolved against the model's names.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *const sgd_keys[] = {
	"sgd", "sgd_target", "sgd_student", "sgd_lr", "sgd_ratio", "sgd_batch", "sgd_d",
	"sgd_width", NULL
};

int
model_sgd_key(const char *key, size_t n)
{
	int i;

	for (i = 0; sgd_keys[i]; i++)
		if (strlen(sgd_keys[i]) == n && name_eqn(key, sgd_keys[i], n))
			return 1;
	return 0;
}

double
model_qty_value(const struct model_qty *q, const double *par)
{
	return q->par >= 0 ? par[q->par] : q->val;
}

/* A parameter name or a number. */
static int
read_qty(const struct model *m, const char *key, const char *text, struct model_qty *q,
    int line, struct diag *d)
{
	const char *near;

	q->par = model_par_index(m, text);
	q->val = 0;
	if (q->par >= 0 || parse_double(text, &q->val) == 0)
		return 0;
	near = nearest_name(text, (const char *const *)m->par, m->npar);
	return diag_set(d, line, 0, "%s: '%s' is neither a parameter nor a number%s%s%s", key,
	    text, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

static int
read_list(const struct model *m, const char *key, char *val, struct model_qty *q, int *n,
    int line, struct diag *d)
{
	char *save = NULL, *tok;

	*n = 0;
	for (tok = strtok_r(val, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == MODEL_SGD_MAX)
			return diag_set(d, line, 0, "%s: at most %d Hermite coefficients", key,
			    MODEL_SGD_MAX);
		if (read_qty(m, key, tok, &q[(*n)++], line, d) < 0)
			return -1;
	}
	if (*n == 0)
		return diag_set(d, line, 0, "%s: expected a list of Hermite coefficients", key);
	return 0;
}

static int
read_vars(const struct model *m, char *val, struct model_sgd *g, int line, struct diag *d)
{
	char *comma = strchr(val, ',');

	if (comma == NULL)
		return diag_set(d, line, 0,
		    "sgd: expected the alignment and the scale variables, as sgd=m,a");
	*comma = '\0';
	g->m_var = model_var_index(m, val);
	g->a_var = model_var_index(m, comma + 1);
	if (g->m_var < 0 || g->a_var < 0)
		return diag_set(d, line, 0, "sgd: '%s' is not a variable",
		    g->m_var < 0 ? val : comma + 1);
	return 0;
}

static int
read_key(const struct model *m, struct model_sgd *g, char *key, char *val, int line,
    struct diag *d)
{
	if (name_eq(key, "sgd"))
		return read_vars(m, val, g, line, d);
	if (name_eq(key, "sgd_target"))
		return read_list(m, key, val, g->c, &g->nc, line, d);
	if (name_eq(key, "sgd_student"))
		return read_list(m, key, val, g->s, &g->ns, line, d);
	if (name_eq(key, "sgd_lr"))
		return read_qty(m, key, val, &g->lr, line, d);
	if (name_eq(key, "sgd_ratio"))
		return read_qty(m, key, val, &g->ratio, line, d);
	if (name_eq(key, "sgd_batch"))
		return read_qty(m, key, val, &g->batch, line, d);
	if (name_eq(key, "sgd_d") && parse_int(val, 2, 1000000, &g->d) == 0)
		return 0;
	if (name_eq(key, "sgd_width") && parse_int(val, 1, 100000, &g->width) == 0)
		return 0;
	return diag_set(d, line, 0, "%s: expected an integer, not '%s'", key, val);
}

int
model_sgd_read(struct model *m, const char *text, int line, struct diag *d)
{
	struct model_sgd *g = xcalloc(1, sizeof *g);
	char *copy = xstrdup(text), *save = NULL, *ln;
	int seen_vars = 0;

	g->m_var = g->a_var = -1;
	g->lr.par = g->ratio.par = g->batch.par = -1;
	g->ratio.val = g->batch.val = 1;
	g->d = 1000;
	g->width = 1;
	for (ln = strtok_r(copy, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(ln, '=');
		*eq = '\0';	/* the reader stored key=value */
		seen_vars |= name_eq(ln, "sgd");
		if (read_key(m, g, ln, eq + 1, line, d) < 0)
			goto fail;
	}
	if (!seen_vars || g->nc == 0 || g->ns == 0 || (g->lr.par < 0 && g->lr.val <= 0)) {
		diag_set(d, line, 0, "an SGD setting needs sgd=M,A, sgd_target=, sgd_student= and "
		    "sgd_lr=");
		goto fail;
	}
	free(copy);
	m->sgd = g;
	return 0;
fail:
	free(copy);
	free(g);
	return -1;
}
