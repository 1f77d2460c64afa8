/* cmd: the command table, parsing and dispatch. */
#include "cmd_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_ARGS 64
#define MAX_SOURCE_DEPTH 16

struct cmd_entry {
	const char *name;
	const char *usage;
	const char *help;
	int min, max;		/* argument counts (not counting the name) */
	int needs_model;
	cmd_fn exec;
};

static const struct cmd_entry *cmd_table(void);

/* ---- helpers ---- */

static int
need_number(const char *s, const char *what, double *out, struct diag *d)
{
	if (parse_double(s, out) < 0 || !isfinite(*out))
		return diag_set(d, 0, 0, "%s must be a number, not '%s'", what, s);
	return 0;
}

static const char *
suggest(const char *name, const char *const *cands, int n)
{
	return nearest_name(name, cands, n);
}

/* Variable index or -1 for "t"; -2 (and d filled) when unknown. */
static int
axis_var(const struct session *s, const char *name, struct diag *d)
{
	int i;

	if (name_eq(name, "t"))
		return -1;
	i = model_var_index(s->m, name);
	if (i < 0) {
		const char *near = suggest(name, (const char *const *)s->m->var, s->m->nvar);
		if (near)
			diag_set(d, 0, 0, "unknown variable '%s' (did you mean '%s'?)", name, near);
		else
			diag_set(d, 0, 0, "unknown variable '%s' (variables: %s%s)", name,
			    s->m->var[0], s->m->nvar > 1 ? ", ..." : "");
		return -2;
	}
	return i;
}

static void
report_stops(struct session *s)
{
	size_t i;

	for (i = 0; i < s->ntraj; i++) {
		const struct traj *tr = &s->trajs[i];
		const char *var = tr->stop_var >= 0 ? s->m->var[tr->stop_var] : "";
		char tb[32];

		if (tr->stop == SOLVE_DONE)
			continue;
		snprintf(tb, sizeof tb, "%.6g", tr->t_stop);
		switch (tr->stop) {
		case SOLVE_ESCAPE:
			out_printf(&s->out, "traj %zu stopped at t=%s: |%s| exceeded bound=%g\n",
			    i + 1, tb, var, s->set.bound);
			break;
		case SOLVE_NAN:
			out_printf(&s->out, "traj %zu stopped at t=%s: %s' is not a number "
			    "(NaN or infinite)\n", i + 1, tb, var);
			break;
		case SOLVE_COLLAPSE:
			out_printf(&s->out, "traj %zu stopped at t=%s: the step size collapsed "
			    "(blow-up or singularity)\n", i + 1, tb);
			break;
		case SOLVE_STORAGE:
			out_printf(&s->out, "traj %zu stopped at t=%s: maxstor=%d points kept "
			    "(raise maxstor or lower tmax)\n", i + 1, tb, s->set.maxstor);
			break;
		default:
			out_printf(&s->out, "traj %zu stopped at t=%s: %s\n", i + 1, tb,
			    solve_stop_name(tr->stop));
			break;
		}
	}
}

void
cmd_ensure_results(struct session *s)
{
	if (s->stale) {
		session_run(s, s->sync_stop, s->sync_stop_arg);
		report_stops(s);
	}
}

/* ---- commands ---- */

static int
cmd_load(struct session *s, int argc, char **argv, struct diag *d)
{
	const char *arg = argv[1];
	struct stat st;
	struct model *m;
	char *path = NULL;
	char **names;
	(void)argc;

	/* a path if it looks like one; else a preset; else a file in the current directory */
	if (strchr(arg, '/') || (strlen(arg) > 4 && strcmp(arg + strlen(arg) - 4, ".ode") == 0)) {
		path = xstrdup(arg);
	} else if ((path = preset_path(arg)) == NULL && stat(arg, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		path = xstrdup(arg);
	} else if (path == NULL) {
		const char *near;
		struct strbuf sb;
		int n, i;

		names = preset_list();
		for (n = 0; names[n]; n++)
			;
		near = suggest(arg, (const char *const *)names, n);
		strbuf_init(&sb);
		for (i = 0; i < n; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", names[i]);
		if (near)
			diag_set(d, 0, 0, "unknown preset '%s' (did you mean '%s'?)", arg, near);
		else
			diag_set(d, 0, 0, "unknown preset '%s' (presets: %s)", arg,
			    n ? sb.s : "none found");
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
	out_printf(&s->out, "loaded %s: %s\n", m->name, m->title);
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
	for (i = 0; i < m->naux; i++) {
		struct strbuf sb;
		strbuf_init(&sb);
		expr_print(m->aux_expr[i], m->syms, &sb);
		out_printf(&s->out, "  aux %s = %s\n", m->aux[i], sb.s);
		strbuf_fini(&sb);
	}
	if (m->npar > 0) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (i = 0; i < m->npar; i++) {
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

	out_printf(&s->out, "set tmax=%g t0=%g dir=%s method=%s tol=%g atol=%g dt=%g bound=%g "
	    "maxstor=%d trans=%g\n", st->tmax, st->t0,
	    st->dir > 0 ? "forward" : st->dir < 0 ? "backward" : "both", method_name(st->method),
	    st->rtol, st->atol, st->dt, st->bound, st->maxstor, st->trans);
	if (s->m) {
		session_effective_view(s, &v);
		out_printf(&s->out, "window %g %g %g %g%s\naxes %s %s\n", v.xlo, v.xhi, v.ylo, v.yhi,
		    s->auto_window ? " (auto)" : "", plot_axis_name(s->m, v.xvar),
		    plot_axis_name(s->m, v.yvar));
	}
	out_printf(&s->out, "size %dx%d  seeds=%zu\n", s->cols, s->rows, s->nseed);
}

static int
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
	"maxstor", "trans", "field", "manifold", "nullclines", NULL
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
			near = suggest(val, names, METHOD_COUNT);
			if (near)
				return diag_set(d, 0, 0, "unknown method '%s' (did you mean '%s'?)", val,
				    near);
			return diag_set(d, 0, 0, "unknown method '%s' (methods: auto, rk2, rk4, "
			    "rkf45, rkck, rk8pd, rk1imp, rk2imp, rk4imp, bsimp, msadams, msbdf)", val);
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
	if (need_number(val, key, &x, d) < 0)
		return -1;
	if (name_eq(key, "tmax") || name_eq(key, "total")) {
		if (x <= 0 || x > 1e12)
			return diag_set(d, 0, 0, "tmax must be positive (use dir=backward to go back "
			    "in time)");
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
		st->maxstor = (int)x;
	} else if (name_eq(key, "trans")) {
		if (x < 0)
			return diag_set(d, 0, 0, "trans must not be negative");
		st->trans = x;
	}
	return 0;
}

/* A value for a parameter or an initial value: a number or an expression of parameters. */
static int
eval_param_expr(struct session *s, const char *key, const char *val, double *out,
    struct diag *d)
{
	struct expr *e, *x;
	struct diag pd;

	if (parse_double(val, out) == 0)
		return 0;
	e = expr_parse(val, s->m->syms, NULL, 0, &pd);
	if (e == NULL)
		return diag_set(d, 0, 0, "bad value for '%s', column %d: %s", key, pd.col, pd.msg);
	x = expr_expand(e, s->m->syms, &pd);
	expr_free(e);
	if (x == NULL)
		return diag_set(d, 0, 0, "bad value for '%s': %s", key, pd.msg);
	*out = expr_eval_tree(x, s->set.t0, s->init, s->par);
	expr_free(x);
	if (!isfinite(*out))
		return diag_set(d, 0, 0, "the value for '%s' is not a finite number", key);
	return 0;
}

static int set_value(struct session *s, const char *key, const char *val, struct diag *d);

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

	for (i = 0; setting_names[i]; i++)
		if (name_eq(key, setting_names[i]))
			return set_setting(s, key, val, d);
	if (s->m != NULL) {
		double x;
		int p = model_par_index(s->m, key), v = model_var_index(s->m, key);
		if (p >= 0 || v >= 0) {
			if (eval_param_expr(s, key, val, &x, d) < 0)
				return -1;
			if (p >= 0)
				s->par[p] = x;
			else
				s->init[v] = x;
			return 0;
		}
	}
	{
		const char **cands = xmalloc(((size_t)(s->m ? s->m->npar + s->m->nvar : 0) + 16) *
		    sizeof *cands);
		const char *near;
		int n = 0;
		for (i = 0; setting_names[i]; i++)
			cands[n++] = setting_names[i];
		for (i = 0; s->m && i < s->m->npar; i++)
			cands[n++] = s->m->par[i];
		for (i = 0; s->m && i < s->m->nvar; i++)
			cands[n++] = s->m->var[i];
		near = suggest(key, cands, n);
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

static int
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

static int
cmd_window(struct session *s, int argc, char **argv, struct diag *d)
{
	double v[4];
	int i;

	if (argc == 2 && name_eq(argv[1], "auto")) {
		s->auto_window = 1;
		return 0;
	}
	if (argc != 5)
		return diag_set(d, 0, 0, "usage: window XMIN XMAX YMIN YMAX, or window auto");
	for (i = 0; i < 4; i++)
		if (need_number(argv[i + 1], "window limits", &v[i], d) < 0)
			return -1;
	if (!(v[0] < v[1]))
		return diag_set(d, 0, 0, "window needs XMIN < XMAX, got %g and %g", v[0], v[1]);
	if (!(v[2] < v[3]))
		return diag_set(d, 0, 0, "window needs YMIN < YMAX, got %g and %g", v[2], v[3]);
	s->view.xlo = v[0];
	s->view.xhi = v[1];
	s->view.ylo = v[2];
	s->view.yhi = v[3];
	s->auto_window = 0;
	return 0;
}

static int
cmd_axes(struct session *s, int argc, char **argv, struct diag *d)
{
	int x, y;
	(void)argc;

	if ((x = axis_var(s, argv[1], d)) < -1 || (y = axis_var(s, argv[2], d)) < -1)
		return -1;
	if (x == y)
		return diag_set(d, 0, 0, "the two axes must differ");
	if (x != s->view.xvar || y != s->view.yvar)
		s->auto_window = 1;
	s->view.xvar = x;
	s->view.yvar = y;
	return 0;
}

static int
cmd_traj(struct session *s, int argc, char **argv, struct diag *d)
{
	int n = s->m->nvar, i, j, g;
	double *y0 = xmalloc((size_t)n * sizeof *y0), a, b;
	struct view v;

	memcpy(y0, s->init, (size_t)n * sizeof *y0);
	if (argc == 1) {
		session_add_seed(s, y0);
		free(y0);
		return 0;
	}
	if (name_eq(argv[1], "grid")) {
		if (argc != 3 || parse_int(argv[2], 1, 100, &g) < 0) {
			free(y0);
			return diag_set(d, 0, 0, "usage: traj grid N, with N from 1 to 100");
		}
	} else if (argc != 3) {
		free(y0);
		return diag_set(d, 0, 0, "usage: traj, traj X Y, or traj grid N");
	}
	if (s->view.xvar < 0 || s->view.yvar < 0) {
		free(y0);
		return diag_set(d, 0, 0, "an axis shows time: 'axes X Y' with two variables first");
	}
	if (name_eq(argv[1], "grid")) {
		session_effective_view(s, &v);
		for (i = 0; i < g; i++) {
			for (j = 0; j < g; j++) {
				y0[v.xvar] = v.xlo + (i + 0.5) * (v.xhi - v.xlo) / g;
				y0[v.yvar] = v.ylo + (j + 0.5) * (v.yhi - v.ylo) / g;
				session_add_seed(s, y0);
			}
		}
		free(y0);
		return 0;
	}
	if (eval_param_expr(s, "x", argv[1], &a, d) < 0 ||
	    eval_param_expr(s, "y", argv[2], &b, d) < 0) {
		free(y0);
		return -1;
	}
	y0[s->view.xvar] = a;
	y0[s->view.yvar] = b;
	session_add_seed(s, y0);
	free(y0);
	return 0;
}

static int
cmd_clear(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	(void)d;
	free(s->seeds);
	s->seeds = NULL;
	s->nseed = s->seed_cap = 0;
	session_clear_trajs(s);
	session_invalidate(s);
	return 0;
}

static int
cmd_run(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	(void)d;
	if (s->async) {
		/* the worker computes; the pane fills in as results arrive */
		session_invalidate(s);
		return 0;
	}
	session_run(s, s->sync_stop, s->sync_stop_arg);
	report_stops(s);
	return 0;
}

int
cmd_unknown_parameter(const struct session *s, const char *name, struct diag *d)
{
	const char *near = nearest_name(name, (const char *const *)s->m->par, s->m->npar);

	if (near)
		return diag_set(d, 0, 0, "unknown parameter '%s' (did you mean '%s'?)", name, near);
	return diag_set(d, 0, 0, "unknown parameter '%s' (see 'show')", name);
}

static int
cmd_nudge(struct session *s, int argc, char **argv, struct diag *d)
{
	int p = model_par_index(s->m, argv[1]);
	double step;
	(void)argc;

	if (p < 0)
		return cmd_unknown_parameter(s, argv[1], d);
	if (need_number(argv[2], "the nudge step", &step, d) < 0)
		return -1;
	if (step <= 0)
		return diag_set(d, 0, 0, "the nudge step must be positive, not %g", step);
	s->nudge_par = p;
	s->nudge_step = step;
	out_printf(&s->out, "nudge %s by %g: ] raises it, [ lowers it\n", s->m->par[p], step);
	return 0;
}

static int
cmd_print(struct session *s, int argc, char **argv, struct diag *d)
{
	struct canvas *c;
	struct strbuf sb;
	(void)argc;
	(void)argv;
	(void)d;

	cmd_ensure_results(s);
	c = session_render(s, s->cols, s->rows);
	strbuf_init(&sb);
	canvas_render(c, &sb, 0);
	out_printf(&s->out, "%s", sb.s);
	strbuf_fini(&sb);
	canvas_free(c);
	return 0;
}

static int
cmd_size(struct session *s, int argc, char **argv, struct diag *d)
{
	int c, r;
	char extra;
	(void)argc;

	if (sscanf(argv[1], "%dx%d%c", &c, &r, &extra) != 2 || c < 20 || c > 1000 || r < 8 ||
	    r > 500)
		return diag_set(d, 0, 0, "size must be COLSxROWS with 20..1000 columns and 8..500 "
		    "rows, e.g. 80x24, not '%s'", argv[1]);
	s->cols = c;
	s->rows = r;
	return 0;
}

static int
write_text(struct session *s, const char *path, const char *text, struct diag *d)
{
	FILE *f;

	if (strcmp(path, "-") == 0) {
		out_printf(&s->out, "%s", text);
		return 0;
	}
	f = fopen(path, "w");
	if (f == NULL)
		return diag_set(d, 0, 0, "cannot write '%s': %s", path, strerror(errno));
	if (fputs(text, f) == EOF || fclose(f) != 0)
		return diag_set(d, 0, 0, "cannot write '%s': %s", path, strerror(errno));
	return 0;
}

static int
cmd_export(struct session *s, int argc, char **argv, struct diag *d)
{
	struct strbuf sb;
	int rc, k;
	size_t i, j;
	(void)argc;

	cmd_ensure_results(s);
	strbuf_init(&sb);
	if (name_eq(argv[1], "csv")) {
		double *aux = xmalloc(((size_t)s->m->naux + 1) * sizeof *aux);
		strbuf_add(&sb, "traj,t");
		for (k = 0; k < s->m->nvar; k++)
			strbuf_printf(&sb, ",%s", s->m->var[k]);
		for (k = 0; k < s->m->naux; k++)
			strbuf_printf(&sb, ",%s", s->m->aux[k]);
		strbuf_addc(&sb, '\n');
		for (i = 0; i < s->ntraj; i++) {
			const struct traj *tr = &s->trajs[i];
			for (j = 0; j < tr->n; j++) {
				const double *y = tr->y + j * (size_t)tr->dim;
				strbuf_printf(&sb, "%zu,%.10g", i + 1, tr->t[j]);
				for (k = 0; k < s->m->nvar; k++)
					strbuf_printf(&sb, ",%.10g", y[k]);
				if (s->m->aux_prog) {
					expr_prog_eval(s->m->aux_prog, tr->t[j], y, s->par, aux);
					for (k = 0; k < s->m->naux; k++)
						strbuf_printf(&sb, ",%.10g", aux[k]);
				}
				strbuf_addc(&sb, '\n');
			}
		}
		free(aux);
	} else if (name_eq(argv[1], "txt")) {
		struct canvas *c = session_render(s, s->cols, s->rows);
		canvas_render(c, &sb, 0);
		canvas_free(c);
	} else {
		strbuf_fini(&sb);
		return diag_set(d, 0, 0, "unknown export format '%s' (formats: csv, txt)", argv[1]);
	}
	rc = write_text(s, argv[2], sb.s, d);
	strbuf_fini(&sb);
	return rc;
}

static int
cmd_source(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	if (s->source_depth >= MAX_SOURCE_DEPTH)
		return diag_set(d, 0, 0, "'source' nested more than %d deep", MAX_SOURCE_DEPTH);
	/* the file's own errors were reported line by line */
	switch (cmd_exec_file(s, argv[1], NULL)) {
	case 0:
		return 0;
	case -2:
		return diag_set(d, 0, 0, "cannot read '%s': %s", argv[1], strerror(errno));
	default:
		return diag_set(d, 0, 0, "'%s' had errors", argv[1]);
	}
}

static int
cmd_help(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct cmd_entry *t = cmd_table(), *e;

	if (argc == 1) {
		out_printf(&s->out, "commands (one per line or separated by ';', '#' starts a comment):\n");
		for (e = t; e->name; e++)
			out_printf(&s->out, "  %-34s %s\n", e->usage, e->help);
		out_printf(&s->out, "settings for 'set': tmax t0 dir method tol atol dt bound maxstor "
		    "trans field manifold nullclines, and the model's parameters and variables "
		    "(initial data)\n");
		return 0;
	}
	for (e = t; e->name; e++) {
		if (name_eq(argv[1], e->name)) {
			out_printf(&s->out, "%s\n  %s\n", e->usage, e->help);
			return 0;
		}
	}
	{
		const char *names[64];
		const char *near;
		int n = 0;
		for (e = t; e->name && n < 64; e++)
			names[n++] = e->name;
		near = suggest(argv[1], names, n);
		if (near)
			return diag_set(d, 0, 0, "no help for '%s' (did you mean '%s'?)", argv[1], near);
		return diag_set(d, 0, 0, "no help for '%s' (try 'help')", argv[1]);
	}
}

static int
cmd_quit(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	(void)d;
	s->quit = 1;
	return 0;
}

static const struct cmd_entry commands[] = {
	{"load", "load NAME|FILE", "load a preset by name or a model file (.ode)", 1, 1, 0,
	    cmd_load},
	{"show", "show", "the model, parameters, initial data and settings", 0, 0, 1, cmd_show},
	{"set", "set NAME=VALUE ...", "set parameters, initial data and settings", 1, MAX_ARGS, 0,
	    cmd_set},
	{"window", "window XMIN XMAX YMIN YMAX|auto", "the view box", 1, 4, 1, cmd_window},
	{"axes", "axes X Y", "the variables on the axes (t for time)", 2, 2, 1, cmd_axes},
	{"traj", "traj | traj X Y | traj grid N",
	    "add trajectories: from the initial data, from a point, from an NxN grid", 0, 2, 1,
	    cmd_traj},
	{"clear", "clear", "remove all trajectories", 0, 0, 1, cmd_clear},
	{"run", "run", "compute now (piped mode waits until done)", 0, 0, 1, cmd_run},
	{"eq", "eq", "equilibria in the window: coordinates, type, eigenvalues", 0, 0, 1, cmd_eq},
	{"nullclines", "nullclines", "the nullcline curves of the plotted variables", 0, 0, 1,
	    cmd_nullclines},
	{"manifold", "manifold", "branches of the critical manifold with their stability", 0, 0,
	    1, cmd_manifold},
	{"folds", "folds", "folds, canard points and branch points of the critical manifold", 0,
	    0, 1, cmd_folds},
	{"fate", "fate", "where each trajectory ends: equilibrium, cycle, escape or running", 0,
	    0, 1, cmd_fate},
	{"nudge", "nudge NAME STEP", "bind the [ and ] keys to lower and raise a parameter", 2, 2,
	    1, cmd_nudge},
	{"sweep", "sweep NAME FROM TO N COMMAND", "run COMMAND for N values of a parameter", 5,
	    MAX_ARGS, 1, cmd_sweep},
	{"print", "print", "the portrait as text", 0, 0, 1, cmd_print},
	{"size", "size COLSxROWS", "canvas size for print and export (default 80x24)", 1, 1, 0,
	    cmd_size},
	{"export", "export csv|txt FILE|-", "trajectory data (csv) or the text portrait (txt)", 2,
	    2, 1, cmd_export},
	{"source", "source FILE", "run the commands in FILE", 1, 1, 0, cmd_source},
	{"help", "help [COMMAND]", "this list, or one command", 0, 1, 0, cmd_help},
	{"quit", "quit", "leave canard", 0, 0, 0, cmd_quit},
	{NULL, NULL, NULL, 0, 0, 0, NULL}
};

static const struct cmd_entry *
cmd_table(void)
{
	return commands;
}

const char *const *
cmd_names(void)
{
	static const char *names[sizeof commands / sizeof commands[0]];
	size_t i;

	for (i = 0; commands[i].name; i++)
		names[i] = commands[i].name;
	names[i] = NULL;
	return names;
}

static const struct cmd_entry *
cmd_find(const char *word, struct diag *d)
{
	const struct cmd_entry *e, *found = NULL;
	size_t len = strlen(word);
	int n = 0;
	struct strbuf amb;

	for (e = commands; e->name; e++)
		if (name_eq(word, e->name))
			return e;
	strbuf_init(&amb);
	for (e = commands; e->name; e++) {
		if (strncasecmp(word, e->name, len) == 0) {
			strbuf_printf(&amb, "%s%s", n ? ", " : "", e->name);
			found = e;
			n++;
		}
	}
	if (n == 1) {
		strbuf_fini(&amb);
		return found;
	}
	if (n > 1)
		diag_set(d, 0, 0, "ambiguous command '%s', could be: %s", word, amb.s);
	else {
		const char *near = suggest(word, cmd_names(), (int)(sizeof commands / sizeof
		    commands[0]) - 1);
		if (near)
			diag_set(d, 0, 0, "unknown command '%s' (did you mean '%s'?)", word, near);
		else
			diag_set(d, 0, 0, "unknown command '%s' (try 'help')", word);
	}
	strbuf_fini(&amb);
	return NULL;
}

static void
report(struct session *s, const struct cmd_loc *loc, const char *msg)
{
	char *text;

	if (loc && loc->src)
		text = xasprintf("%s:%d: %s", loc->src, loc->line, msg);
	else
		text = xstrdup(msg);
	if (s->out.error)
		s->out.error(s->out.ctx, text);
	free(text);
}

static int
exec_one(struct session *s, char *text, const struct cmd_loc *loc)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0, rc;
	char *p = text;
	const struct cmd_entry *e;
	struct diag d;

	diag_clear(&d);
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (argc == MAX_ARGS + 1) {
			report(s, loc, "too many words on one command");
			return -1;
		}
		argv[argc++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (argc == 0)
		return 0;
	if ((e = cmd_find(argv[0], &d)) == NULL) {
		report(s, loc, d.msg);
		return -1;
	}
	if (argc - 1 < e->min || argc - 1 > e->max) {
		char *msg = xasprintf("usage: %s", e->usage);
		report(s, loc, msg);
		free(msg);
		return -1;
	}
	if (e->needs_model && s->m == NULL) {
		char *msg = xasprintf("'%s' needs a model: 'load NAME' first (try 'load vanderpol')",
		    e->name);
		report(s, loc, msg);
		free(msg);
		return -1;
	}
	rc = e->exec(s, argc, argv, &d);
	if (rc < 0)
		report(s, loc, d.msg[0] ? d.msg : "failed");
	return rc < 0 ? -1 : 0;
}

int
cmd_exec_line(struct session *s, const char *line, const struct cmd_loc *loc)
{
	char *copy = xstrdup(line), *p, *start;
	int rc = 0;

	/* '#' starts a comment */
	if ((p = strchr(copy, '#')) != NULL)
		*p = '\0';
	start = copy;
	for (p = copy;; p++) {
		if (*p == ';' || *p == '\0') {
			int end = *p == '\0';
			*p = '\0';
			if (!s->quit && exec_one(s, start, loc) < 0)
				rc = -1;
			if (end)
				break;
			start = p + 1;
		}
	}
	free(copy);
	return rc;
}

int
cmd_exec_file(struct session *s, const char *path, const struct cmd_loc *from)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct cmd_loc loc;
	int rc = 0;

	(void)from;
	if (f == NULL)
		return -2;
	loc.src = f == stdin ? "<stdin>" : path;
	loc.line = 0;
	s->source_depth++;
	errno = 0;
	while (!s->quit && (len = getline(&line, &cap, f)) >= 0) {
		loc.line++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (cmd_exec_line(s, line, &loc) < 0)
			rc = -1;
	}
	s->source_depth--;
	free(line);
	if (ferror(f)) {
		int e = errno;
		if (f != stdin)
			fclose(f);
		errno = e;
		return -2;
	}
	if (f != stdin)
		fclose(f);
	return rc;
}
