/*
 * cmd_sets: a model file's named sets ('set NAME {a=1, x=0.5, total=20}').
 * 'sets' lists them; 'use NAME' applies one: parameters and initial data,
 * and XPPAUT's option names translated to canard's settings (total is tmax,
 * meth follows XPPAUT's first-letter rule, xlo..yhi the window, xplot and
 * yplot the axes). Loading a model applies none, as XPPAUT's batch run does.
 */
#include "cmd_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static int
find_set(const struct model *m, const char *name)
{
	int i;

	for (i = 0; i < m->nsets; i++)
		if (name_eq(m->set_name[i], name))
			return i;
	return -1;
}

int
cmd_sets(struct session *s, int argc, char **argv, struct diag *d)
{
	int i;

	(void)argc;
	(void)argv;
	(void)d;
	if (s->m->nsets == 0)
		out_printf(&s->out, "sets none (the model has no 'set NAME {...}' lines)\n");
	for (i = 0; i < s->m->nsets; i++)
		out_printf(&s->out, "set %s {%s}\n", s->m->set_name[i], s->m->set_body[i]);
	return 0;
}

/* window and axes wait until the whole set is read (xlo may come alone) */
struct pending {
	char *win[4];		/* xlo xhi ylo yhi, or NULL */
	char *axis[2];		/* xplot yplot */
};

static int
apply_one(struct session *s, struct pending *p, const char *key, const char *val,
    struct diag *d)
{
	static const char *const win[] = { "xlo", "xhi", "ylo", "yhi" };
	char buf[32];
	int i, mth;

	for (i = 0; i < 4; i++)
		if (name_eq(key, win[i])) {
			free(p->win[i]);
			p->win[i] = xstrdup(val);
			return 0;
		}
	if (name_eq(key, "xplot") || name_eq(key, "xp") || name_eq(key, "yplot") ||
	    name_eq(key, "yp")) {
		i = (key[0] == 'y' || key[0] == 'Y');
		free(p->axis[i]);
		p->axis[i] = xstrdup(val);
		return 0;
	}
	if (name_eq(key, "total"))
		return cmd_set_value(s, "tmax", val, d);
	if (name_eq(key, "njmp"))
		return cmd_set_value(s, "nout", val, d);
	if (name_eq(key, "meth") || name_eq(key, "method")) {
		if ((mth = model_xpp_method(val)) < 0)
			return diag_set(d, 0, 0, "method '%s' is not supported", val);
		snprintf(buf, sizeof buf, "%s", method_name(mth));
		return cmd_set_value(s, "method", buf, d);
	}
	return cmd_set_value(s, key, val, d);
}

static int
apply_pending(struct session *s, struct pending *p, struct diag *d)
{
	int i, rc = 0;

	if (p->win[0] || p->win[1] || p->win[2] || p->win[3]) {
		struct view v;
		char num[4][32], *argv[5];
		session_effective_view(s, &v);
		for (i = 0; i < 4; i++) {
			if (p->win[i] == NULL)
				snprintf(num[i], sizeof num[i], "%.17g", (&v.xlo)[i]);
			argv[i + 1] = p->win[i] ? p->win[i] : num[i];
		}
		argv[0] = (char *)"window";
		rc = cmd_window(s, 5, argv, d);
	}
	if (rc == 0 && (p->axis[0] || p->axis[1])) {
		struct view v;
		char *argv[3];
		session_effective_view(s, &v);
		argv[0] = (char *)"axes";
		argv[1] = p->axis[0] ? p->axis[0] : (char *)plot_axis_name(s->m, v.xvar);
		argv[2] = p->axis[1] ? p->axis[1] : (char *)plot_axis_name(s->m, v.yvar);
		rc = cmd_axes(s, 3, argv, d);
	}
	return rc;
}

int
cmd_use(struct session *s, int argc, char **argv, struct diag *d)
{
	struct pending p;
	char *body, *tok, *save = NULL;
	int k = find_set(s->m, argv[1]), rc = 0, i;

	(void)argc;
	if (k < 0) {
		const char *near = nearest_name(argv[1], (const char *const *)s->m->set_name,
		    s->m->nsets);
		if (near)
			return diag_set(d, 0, 0, "no set '%s' (did you mean '%s'?)", argv[1], near);
		return diag_set(d, 0, 0, "no set '%s' (see 'sets')", argv[1]);
	}
	memset(&p, 0, sizeof p);
	body = xstrdup(s->m->set_body[k]);
	for (tok = strtok_r(body, ", \t", &save); tok && rc == 0;
	    tok = strtok_r(NULL, ", \t", &save)) {
		char *eq = strchr(tok, '=');
		if (eq == NULL || eq == tok || eq[1] == '\0') {
			rc = diag_set(d, 0, 0, "set '%s': expected NAME=VALUE, found '%s'",
			    s->m->set_name[k], tok);
			break;
		}
		*eq = '\0';
		rc = apply_one(s, &p, tok, eq + 1, d);
	}
	if (rc == 0)
		rc = apply_pending(s, &p, d);
	for (i = 0; i < 4; i++)
		free(p.win[i]);
	free(p.axis[0]);
	free(p.axis[1]);
	free(body);
	session_invalidate(s);
	return rc;
}
