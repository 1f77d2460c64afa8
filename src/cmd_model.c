/* cmd_model: the commands that load and describe a model and set values: load, show, set, nudge. */
#include "cmd_int.h"
#include "pool.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "oom.h"

/* ---- commands ---- */

/* A parameter or variable named like a setting takes the name in 'set': say how to reach both. */
static void
shadow_notes(struct session *s)
{
	const struct model *m = s->m;
	int i;

	for (i = 0; i < m->npar + m->nvar; i++) {
		const char *name = i < m->npar ? m->par[i] : m->var[i - m->npar];
		if (i < m->npar && model_par_is_input(m, i))
			continue;
		if (cmd_name_shadows_setting(m, name))
			out_note(&s->out, "note: 'set %s=' sets the model's %s %s; the setting of that "
			    "name is 'set @%s='\n", name, i < m->npar ? "parameter" : "variable",
			    name, name);
	}
}

int
cmd_load(struct session *s, int argc, char **argv, struct diag *d)
{
	const char *arg = argv[1];
	struct stat st;
	struct model *m;
	char *path = NULL;
	char **names;
	int preset = 0;
	(void)argc;

	/* '-' (standard input) or a path if it looks like one; else a preset; else a file in the current directory */
	if (strcmp(arg, "-") == 0 || strchr(arg, '/') || (strlen(arg) > 4 && strcmp(arg + strlen(arg) - 4, ".ode") == 0)) {
		path = xstrdup(arg);
	} else if ((path = preset_path(arg)) == NULL && stat(arg, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		path = xstrdup(arg);
	} else if (path != NULL) {
		preset = 1;
	} else {
		const char *near;
		struct strbuf sb;
		int n, i;

		names = preset_list();
		for (n = 0; names[n]; n++)
			;
		near = nearest_name(arg, (const char *const *)names, n);
		strbuf_init(&sb);
		for (i = 0; i < n; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", names[i]);
		if (near)
			diag_set(d, 0, 0, "unknown preset '%s' (did you mean '%s'?)", arg, near);
		else if (n)
			diag_set(d, 0, 0, "unknown preset '%s' (presets: %s)", arg, sb.s);
		else {
			char *places = preset_places();
			diag_set(d, 0, 0, "unknown preset '%s' (no presets found in %s; "
			    "CANARD_PRESETS names another directory)", arg, places);
			free(places);
		}
		strbuf_fini(&sb);
		strv_free(names);
		return -1;
	}
	m = model_load_file(path, d);
	if (m == NULL) {
		/* prefix the file and place so the message points into the file */
		char *msg;
		if (d->line > 0 && d->col > 0)
			msg = xasprintf("%s:%d:%d: %s", path, d->line, d->col, d->msg);
		else if (d->line > 0)
			msg = xasprintf("%s:%d: %s", path, d->line, d->msg);
		else if (strncmp(d->msg, "cannot read", 11) == 0)
			msg = xstrdup(d->msg);
		else
			msg = xasprintf("%s: %s", path, d->msg);
		diag_set(d, 0, 0, "%s", msg);
		free(msg);
		free(path);
		return -1;
	}
	if (strchr(arg, '/') == NULL && strcmp(path, arg) != 0) {
		free(m->name);
		m->name = xstrdup(arg);
	}
	/* resolved now: the directory may change or the file go before 'save' */
	if (!preset && strcmp(path, "-") != 0)
		m->file = realpath(path, NULL);
	free(path);
	if (m->warnings && *m->warnings && s->out.error) {
		char *w = xstrdup(m->warnings), *line, *save = NULL;
		for (line = strtok_r(w, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *msg = xasprintf("warning: %s", line);
			s->out.error(s->out.ctx, msg);
			free(msg);
		}
		free(w);
	}
	session_set_model(s, m);
	out_note(&s->out, "loaded %s: %s\n", m->name, m->title);
	shadow_notes(s);
	return 0;
}

static void
show_model(struct session *s)
{
	const struct model *m = s->m;
	int i, k;
	char b[64];

	out_printf(&s->out, "model %s: %s\n", m->name, m->title);
	for (i = 0; i < m->nvar; i++) {
		const char *role = "";
		for (k = 0; k < m->nfast; k++)
			if (m->fast[k] == i)
				role = "  [fast]";
		for (k = 0; k < m->nslow; k++)
			if (m->slow[k] == i)
				role = "  [slow]";
		out_printf(&s->out, "  %s' = %s%s\n", m->var[i], m->rhs_text[i], role);
	}
	for (i = 0; i < m->naux; i++)
		out_printf(&s->out, "  aux %s = %s\n", m->aux[i], m->aux_text[i]);
	if (m->npar > 0) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (i = 0; i < m->npar; i++) {
			if (model_par_is_input(m, i))
				continue;
			fmt_num(b, sizeof b, s->par[i]);
			strbuf_printf(&sb, "%s%s=%s", i ? " " : "", m->par[i], b);
		}
		out_printf(&s->out, "par %s\n", sb.s);
		strbuf_fini(&sb);
	}
	{
		struct strbuf sb;
		strbuf_init(&sb);
		for (i = 0; i < m->nvar; i++) {
			fmt_num(b, sizeof b, s->init[i]);
			strbuf_printf(&sb, "%s%s=%s", i ? " " : "", m->var[i], b);
		}
		out_printf(&s->out, "init %s\n", sb.s);
		strbuf_fini(&sb);
	}
	if (m->nfast > 0) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_add(&sb, "split fast=");
		for (i = 0; i < m->nfast; i++)
			strbuf_printf(&sb, "%s%s", i ? "," : "", m->var[m->fast[i]]);
		strbuf_add(&sb, " slow=");
		for (i = 0; i < m->nslow; i++)
			strbuf_printf(&sb, "%s%s", i ? "," : "", m->var[m->slow[i]]);
		if (m->eps_par >= 0)
			strbuf_printf(&sb, " eps=%s", m->par[m->eps_par]);
		out_printf(&s->out, "%s\n", sb.s);
		strbuf_fini(&sb);
	} else {
		out_printf(&s->out, "split none (no '# canard: fast=... slow=...' line)\n");
	}
}

static void
show_settings(struct session *s)
{
	const struct settings *st = &s->set;
	struct view v;
	char k[32];
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_printf(&sb, "set %s=", cmd_setting_key(s, "tmax", k));
	strbuf_num(&sb, st->tmax);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "t0", k));
	strbuf_num(&sb, st->t0);
	strbuf_printf(&sb, " %s=%s", cmd_setting_key(s, "dir", k),
	    st->dir > 0 ? "forward" : st->dir < 0 ? "backward" : "both");
	strbuf_printf(&sb, " %s=%s", cmd_setting_key(s, "method", k), method_name(st->method));
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "tol", k));
	strbuf_num(&sb, st->rtol);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "atol", k));
	strbuf_num(&sb, st->atol);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "dt", k));
	strbuf_num(&sb, st->dt);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "bound", k));
	strbuf_num(&sb, st->bound);
	strbuf_printf(&sb, " %s=%d", cmd_setting_key(s, "maxstor", k), st->maxstor);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "trans", k));
	strbuf_num(&sb, st->trans);
	strbuf_printf(&sb, " %s=%d", cmd_setting_key(s, "nout", k), st->nout);
	strbuf_printf(&sb, " %s=", cmd_setting_key(s, "dtmax", k));
	strbuf_num(&sb, st->dtmax);
	strbuf_printf(&sb, " %s=%s\n", cmd_setting_key(s, "points", k), st->grid ? "grid" : "steps");
	if (s->m) {
		session_effective_view(s, &v);
		strbuf_add(&sb, "window ");
		strbuf_num(&sb, v.xlo);
		strbuf_addc(&sb, ' ');
		strbuf_num(&sb, v.xhi);
		strbuf_addc(&sb, ' ');
		strbuf_num(&sb, v.ylo);
		strbuf_addc(&sb, ' ');
		strbuf_num(&sb, v.yhi);
		strbuf_printf(&sb, "%s\naxes %s %s\n", s->auto_window ? " (auto)" : "",
		    plot_axis_name(s->m, v.xvar), plot_axis_name(s->m, v.yvar));
	}
	out_printf(&s->out, "%s", sb.s);
	strbuf_fini(&sb);
	if (s->m && s->m->nrandom > 0)
		out_printf(&s->out, "noise seed=%lu (%s, step dt)\n", st->seed,
		    s->m->ndelay == 0 && (st->method == METHOD_MODEULER ||
		    st->method == METHOD_RUNGEKUTTA) ? method_name(st->method) : "Euler-Maruyama");
	out_printf(&s->out, "size %dx%d  seeds=%zu\n", s->cols, s->rows, s->nseed);
	if (s->jobs > 0)
		out_printf(&s->out, "set jobs=%d\n", s->jobs);
	else
		out_printf(&s->out, "set jobs=auto\n");
	out_printf(&s->out, "set maxmem=%zu\n", oom_budget_limit() >> 20);
}

int
cmd_show(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argv;
	(void)d;
	(void)argc;
	show_model(s);
	show_settings(s);
	if (s->m->note && *s->m->note)
		out_printf(&s->out, "note: %s\n", s->m->note);
	return 0;
}

static const char *const setting_names[] = {
	"tmax", "total", "t0", "dir", "method", "meth", "tol", "rtol", "atol", "dt", "bound",
	"maxstor", "trans", "nout", "dtmax", "points", "field", "manifold", "nullclines", "jobs",
	"seed", "maxmem", NULL
};

/* on|off */
static int
on_off(const char *key, const char *val, int *out, struct diag *d)
{
	if (name_eq(val, "on") || strcmp(val, "1") == 0 || name_eq(val, "yes"))
		*out = 1;
	else if (name_eq(val, "off") || strcmp(val, "0") == 0 || name_eq(val, "no"))
		*out = 0;
	else
		return diag_set(d, 0, 0, "%s must be on or off, not '%s'", key, val);
	return 0;
}

const char *const *
cmd_setting_names(void)
{
	return setting_names;
}

static int
set_setting(struct session *s, const char *key, const char *val, struct diag *d)
{
	struct settings *st = &s->set;
	double x;

	if (name_eq(key, "method") || name_eq(key, "meth")) {
		int mth = method_lookup(val);
		if (mth < 0) {
			const char *names[METHOD_COUNT];
			const char *near;
			int i;
			for (i = 0; i < METHOD_COUNT; i++)
				names[i] = method_name(i);
			near = nearest_name(val, names, METHOD_COUNT);
			if (near)
				return diag_set(d, 0, 0, "unknown method '%s' (did you mean '%s'?)", val,
				    near);
			return diag_set(d, 0, 0, "unknown method '%s' (methods: auto, rk2, rk4, "
			    "rkf45, rkck, rk8pd, rk1imp, rk2imp, rk4imp, bsimp, msadams, msbdf, "
			    "and fixed-step euler, modeuler, rungekutta)", val);
		}
		st->method = mth;
		return 0;
	}
	if (name_eq(key, "field")) {
		if (name_eq(val, "slow"))
			s->field = FIELD_SLOW;
		else if (name_eq(val, "full"))
			s->field = FIELD_FULL;
		else if (name_eq(val, "off"))
			s->field = FIELD_OFF;
		else
			return diag_set(d, 0, 0, "field must be slow, full or off, not '%s'", val);
		return 0;
	}
	if (name_eq(key, "points")) {
		if (name_eq(val, "steps") || name_eq(val, "grid"))
			st->grid = name_eq(val, "grid");
		else
			return diag_set(d, 0, 0, "points must be steps (every accepted step) or grid "
			    "(XPPAUT's rows t0 + k*dt*nout), not '%s'", val);
		return 0;
	}
	if (name_eq(key, "manifold"))
		return on_off(key, val, &s->show_manifold, d);
	if (name_eq(key, "nullclines"))
		return on_off(key, val, &s->show_nullclines, d);
	if (name_eq(key, "dir")) {
		if (name_eq(val, "forward") || name_eq(val, "fwd") || strcmp(val, "1") == 0)
			st->dir = 1;
		else if (name_eq(val, "backward") || name_eq(val, "back") || strcmp(val, "-1") == 0)
			st->dir = -1;
		else if (name_eq(val, "both") || strcmp(val, "0") == 0)
			st->dir = 0;
		else
			return diag_set(d, 0, 0, "dir must be forward, backward or both, not '%s'",
			    val);
		return 0;
	}
	if (name_eq(key, "jobs")) {
		int n;
		if (name_eq(val, "auto")) {
			s->jobs = 0;
			return 0;
		}
		if (parse_int(val, 1, POOL_MAX_THREADS, &n) < 0)
			return diag_set(d, 0, 0, "jobs must be auto or a whole number from 1 to %d, "
			    "not '%s'", POOL_MAX_THREADS, val);
		s->jobs = n;
		return 0;
	}
	if (cmd_need_number(val, key, &x, d) < 0)
		return -1;
	if (name_eq(key, "tmax") || name_eq(key, "total")) {
		if (x <= 0)
			return diag_set(d, 0, 0, "tmax must be positive (use dir=backward to go back "
			    "in time)");
		/* beyond this the step, relative to t, is lost to rounding and memory */
		if (x > 1e12)
			return diag_set(d, 0, 0, "tmax must be at most 1e12, not %g", x);
		st->tmax = x;
	} else if (name_eq(key, "t0")) {
		st->t0 = x;
	} else if (name_eq(key, "tol") || name_eq(key, "rtol")) {
		if (x <= 0 || x >= 1)
			return diag_set(d, 0, 0, "tol must be between 0 and 1, not %g", x);
		st->rtol = x;
	} else if (name_eq(key, "atol")) {
		if (x <= 0 || x >= 1)
			return diag_set(d, 0, 0, "atol must be between 0 and 1, not %g", x);
		st->atol = x;
	} else if (name_eq(key, "dt")) {
		if (x <= 0)
			return diag_set(d, 0, 0, "dt must be positive, not %g", x);
		st->dt = x;
	} else if (name_eq(key, "bound")) {
		if (x <= 0)
			return diag_set(d, 0, 0, "bound must be positive, not %g", x);
		st->bound = x;
	} else if (name_eq(key, "maxstor")) {
		if (x < 10 || x > 1e8)
			return diag_set(d, 0, 0, "maxstor must be between 10 and 1e8, not %g", x);
		st->maxstor = st->rows = (int)x;
	} else if (name_eq(key, "maxmem")) {
		/* megabytes of stored trajectories, for the whole session */
		if (x < 1 || x > 1e9 || x != floor(x))
			return diag_set(d, 0, 0, "maxmem is whole megabytes from 1 to 1e9, not %g", x);
		oom_budget_set((size_t)x << 20);
	} else if (name_eq(key, "seed")) {
		if (x < 0 || x > 4294967295.0 || x != floor(x))
			return diag_set(d, 0, 0, "seed must be a whole number from 0 to 4294967295, "
			    "not %g", x);
		st->seed = (unsigned long)x;
	} else if (name_eq(key, "trans")) {
		if (x < 0)
			return diag_set(d, 0, 0, "trans must not be negative");
		st->trans = x;
	} else if (name_eq(key, "nout")) {
		if (x < 1 || x > 1e6 || x != floor(x))
			return diag_set(d, 0, 0, "nout must be a whole number from 1 to 1e6, not %g", x);
		st->nout = (int)x;
	} else if (name_eq(key, "dtmax")) {
		if (x < 0)
			return diag_set(d, 0, 0, "dtmax must not be negative (0 means no limit)");
		st->dtmax = x;
	}
	return 0;
}

/* A value for a parameter or an initial value: a number or an expression of parameters. */
int
cmd_eval_value(struct session *s, const char *key, const char *val, double *out,
    struct diag *d)
{
	struct expr *e;
	struct diag pd;
	int rc;

	switch (parse_double(val, out)) {
	case 0:
		return 0;
	case -2:
		return cmd_not_finite(key, d);
	}
	e = expr_parse(val, s->m->syms, NULL, 0, &pd);
	if (e == NULL)
		return diag_set(d, 0, 0, "bad value for '%s', column %d: %s", key, pd.col, pd.msg);
	rc = expr_value(e, s->m->syms, s->set.t0, s->init, s->par, out, &pd);
	expr_free(e);
	if (rc < 0)
		return diag_set(d, 0, 0, "bad value for '%s': %s", key, pd.msg);
	if (!isfinite(*out))
		return cmd_not_finite(key, d);
	return 0;
}

static int set_value(struct session *s, const char *key, const char *val, struct diag *d);

/* The setting named key, or NULL. */
static const char *
setting_named(const char *key)
{
	int i;

	for (i = 0; setting_names[i]; i++)
		if (name_eq(key, setting_names[i]))
			return setting_names[i];
	return NULL;
}

int
cmd_name_shadows_setting(const struct model *m, const char *name)
{
	return setting_named(name) != NULL &&
	    (model_par_index(m, name) >= 0 || model_var_index(m, name) >= 0);
}

const char *
cmd_setting_key(const struct session *s, const char *name, char buf[32])
{
	if (s->m == NULL || !cmd_name_shadows_setting(s->m, name))
		return name;
	snprintf(buf, 32, "@%s", name);
	return buf;
}

int
cmd_set_value(struct session *s, const char *key, const char *val, struct diag *d)
{
	int rc = set_value(s, key, val, d);

	/* results and analysis depend on every value 'set' can change */
	session_invalidate(s);
	return rc;
}

static int
set_value(struct session *s, const char *key, const char *val, struct diag *d)
{
	int i;

	/*
	 * '@dt' is always the setting (as '@ dt=' is in a model file); a bare
	 * name is the model's parameter or variable when it has one of that
	 * name, else the setting
	 */
	if (key[0] == '@') {
		if (setting_named(key + 1))
			return set_setting(s, key + 1, val, d);
		{
			const char *near = nearest_name(key + 1, setting_names,
			    (int)(sizeof setting_names / sizeof setting_names[0]) - 1);
			return near ? diag_set(d, 0, 0, "unknown setting '%s' (did you mean '@%s'?)",
			    key, near) : diag_set(d, 0, 0, "unknown setting '%s'", key);
		}
	}
	if (setting_named(key) && (s->m == NULL || !cmd_name_shadows_setting(s->m, key)))
		return set_setting(s, key, val, d);
	if (s->m != NULL) {
		double x;
		int p = model_par_index(s->m, key), v = model_var_index(s->m, key);
		if (model_par_is_input(s->m, p) && s->m->par_input[p] == INPUT_ALGEBRAIC)
			return diag_set(d, 0, 0, "'%s' is an algebraic variable, solved from the "
			    "'0=' constraints at every step; it cannot be set", key);
		if (model_par_is_input(s->m, p))
			return diag_set(d, 0, 0, "'%s' is %s, drawn at every step; it cannot be set",
			    key, s->m->par_input[p] == INPUT_DELAY ? "a delay" : "noise");
		if (p >= 0 || v >= 0) {
			if (cmd_eval_value(s, key, val, &x, d) < 0)
				return -1;
			if (p >= 0)
				s->par[p] = x;
			else
				s->init[v] = x;
			return 0;
		}
	}
	{
		size_t nset = sizeof setting_names / sizeof setting_names[0];
		const char **cands = xmalloc(((size_t)(s->m ? s->m->npar + s->m->nvar : 0) + nset) *
		    sizeof *cands);
		const char *near;
		int n = 0;
		for (i = 0; setting_names[i]; i++)
			cands[n++] = setting_names[i];
		for (i = 0; s->m && i < s->m->npar; i++)
			cands[n++] = s->m->par[i];
		for (i = 0; s->m && i < s->m->nvar; i++)
			cands[n++] = s->m->var[i];
		near = nearest_name(key, cands, n);
		if (near)
			diag_set(d, 0, 0, "unknown parameter or setting '%s' (did you mean '%s'?)",
			    key, near);
		else if (s->m == NULL)
			diag_set(d, 0, 0, "unknown setting '%s' (no model loaded: 'load NAME' first)",
			    key);
		else
			diag_set(d, 0, 0, "unknown parameter or setting '%s' (see 'show')", key);
		free(cands);
		return -1;
	}
}

int
cmd_set(struct session *s, int argc, char **argv, struct diag *d)
{
	struct strbuf sb;
	const char *p;
	int i, rc = 0;

	/* rejoin so that "a = 1", "a= 1" and "a =1" all read as a=1 */
	strbuf_init(&sb);
	for (i = 1; i < argc; i++)
		strbuf_printf(&sb, "%s%s", i > 1 ? " " : "", argv[i]);
	p = sb.s;
	while (rc == 0 && *p) {
		const char *k0, *v0;
		char *key, *val;
		size_t kl, vl;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		k0 = p;
		while (*p && *p != '=' && *p != ' ')
			p++;
		kl = (size_t)(p - k0);
		while (*p == ' ')
			p++;
		if (*p != '=') {
			key = xstrndup(k0, kl < 60 ? kl : 60);
			rc = diag_set(d, 0, 0, "expected NAME=VALUE after 'set', found '%s%s'", key,
			    kl > 60 ? "..." : "");
			free(key);
			break;
		}
		p++;
		while (*p == ' ')
			p++;
		v0 = p;
		while (*p && *p != ' ' && *p != ',')
			p++;
		vl = (size_t)(p - v0);
		if (kl == 0 || vl == 0) {
			rc = diag_set(d, 0, 0, "expected NAME=VALUE after 'set'");
			break;
		}
		key = xstrndup(k0, kl);
		val = xstrndup(v0, vl);
		rc = cmd_set_value(s, key, val, d);
		free(key);
		free(val);
	}
	strbuf_fini(&sb);
	session_invalidate(s);
	return rc;
}

int
cmd_unknown_parameter(const struct session *s, const char *name, struct diag *d)
{
	const char *near = nearest_name(name, (const char *const *)s->m->par, s->m->npar);

	if (near)
		return diag_set(d, 0, 0, "unknown parameter '%s' (did you mean '%s'?)", name, near);
	return diag_set(d, 0, 0, "unknown parameter '%s' (see 'show')", name);
}

int
cmd_nudge(struct session *s, int argc, char **argv, struct diag *d)
{
	int p = model_par_index(s->m, argv[1]);
	double step;
	(void)argc;

	if (p < 0)
		return cmd_unknown_parameter(s, argv[1], d);
	if (argv[2][0] == '*') {
		/* a factor: ] multiplies, [ divides; the sign never changes */
		if (cmd_need_number(argv[2] + 1, "the nudge factor", &step, d) < 0)
			return -1;
		if (!(step > 0) || step == 1)
			return diag_set(d, 0, 0, "the nudge factor must be positive and not 1, "
			    "e.g. *2, not '%s'", argv[2]);
		if (step < 1)
			step = 1 / step;
		if (s->par[p] == 0)
			return diag_set(d, 0, 0, "%s is 0, which a factor cannot move: give a step, "
			    "e.g. 'nudge %s 0.1'", s->m->par[p], s->m->par[p]);
		s->nudge_par = p;
		s->nudge_factor = step;
		out_note(&s->out, "nudge %s by a factor %g: ] multiplies, [ divides\n", s->m->par[p],
		    step);
		return 0;
	}
	if (argv[2][0] == '/')
		return diag_set(d, 0, 0, "a nudge factor is written *%s (] multiplies by it, [ "
		    "divides), not '%s'", argv[2] + 1, argv[2]);
	if (cmd_need_number(argv[2], "the nudge step", &step, d) < 0)
		return -1;
	if (step <= 0)
		return diag_set(d, 0, 0, "the nudge step must be positive, not %g", step);
	s->nudge_par = p;
	s->nudge_step = step;
	s->nudge_factor = 0;
	out_note(&s->out, "nudge %s by %g: ] raises it, [ lowers it\n", s->m->par[p], step);
	return 0;
}
