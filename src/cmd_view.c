/* cmd_view: the commands about what is computed and shown: window, axes, traj, clear, run, print, size, export. */
#include "cmd_int.h"
#include "export.h"

#include "oom.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An axis code (model.h: a variable, t or an aux quantity); MODEL_AXIS_NONE (and d filled) when unknown. */
static int
axis_var(const struct session *s, const char *name, struct diag *d)
{
	int i = model_axis_index(s->m, name);

	if (i == MODEL_AXIS_NONE) {
		const char *near = nearest_name(name, (const char *const *)s->m->var, s->m->nvar);
		if (near == NULL && s->m->naux > 0)
			near = nearest_name(name, (const char *const *)s->m->aux, s->m->naux);
		if (near)
			diag_set(d, 0, 0, "unknown variable '%s' (did you mean '%s'?)", name, near);
		else
			diag_set(d, 0, 0, "unknown variable '%s' (variables: %s%s)", name,
			    s->m->var[0], s->m->nvar > 1 ? ", ..." : "");
	}
	return i;
}

static void
report_stops(struct session *s)
{
	size_t i;

	for (i = 0; i < s->res.ntraj; i++) {
		const struct traj *tr = &s->res.trajs[i];
		const char *var = tr->stop_var >= 0 ? s->m->var[tr->stop_var] : "";
		char tb[32];

		if (tr->stop == SOLVE_DONE)
			continue;
		snprintf(tb, sizeof tb, "%.6g", tr->t_stop);
		if (tr->kind == TRAJ_SGD && tr->stop == SOLVE_NAN) {
			struct sgd_setup su;
			const char *why = i < s->nseed ? learn_setup(s->m, s->par,
			    s->seeds + i * (size_t)s->m->nvar, &s->seed_sgd[i], &su) : NULL;
			out_printf(&s->out, "traj %zu (sgd) stopped at t=%s: %s\n", i + 1, tb,
			    why ? why : "the network diverged (lower the learning rate)");
			continue;
		}
		switch (tr->stop) {
		case SOLVE_ESCAPE:
			out_note(&s->out, "traj %zu stopped at t=%s: |%s| exceeded bound=%g\n",
			    i + 1, tb, var, s->set.bound);
			break;
		case SOLVE_NAN:
			out_note(&s->out, "traj %zu stopped at t=%s: %s' is not a number "
			    "(NaN or infinite)\n", i + 1, tb, var);
			break;
		case SOLVE_COLLAPSE:
			out_note(&s->out, "traj %zu stopped at t=%s: the step size collapsed "
			    "(blow-up or singularity)\n", i + 1, tb);
			break;
		case SOLVE_CONSTRAINT:
			out_note(&s->out, "traj %zu stopped at t=%s: the algebraic constraints ('0=') "
			    "have no root near the last one (a fold)\n", i + 1, tb);
			break;
		case SOLVE_STORAGE:
			if (tr->n >= solve_kept_max(&s->set))
				out_note(&s->out, "traj %zu stopped at t=%s: maxstor=%zu points kept "
				    "(raise maxstor or lower tmax)\n", i + 1, tb, tr->n);
			else	/* the steps ran out first: 50 a point kept */
				out_note(&s->out, "traj %zu stopped at t=%s: %ld steps taken, the "
				    "limit of 50 per maxstor point, with %zu points kept (raise "
				    "maxstor or lower tmax)\n", i + 1, tb, tr->nsteps, tr->n);
			break;
		case SOLVE_MEMORY:
			/* the first says it all; the command fails (exec_one) */
			if (s->late_error == NULL)
				s->late_error = xasprintf("traj %zu stopped at t=%s: out of memory for "
				    "trajectories (maxmem=%zu MB; raise maxmem, lower maxstor or tmax, "
				    "or clear)", i + 1, tb, oom_budget_limit() >> 20);
			break;
		default:
			out_note(&s->out, "traj %zu stopped at t=%s: %s\n", i + 1, tb,
			    solve_stop_name(tr->stop));
			break;
		}
	}
}

void
cmd_ensure_results(struct session *s)
{
	if (s->res.stale) {
		session_run(s, s->sync_stop, s->sync_stop_arg);
		report_stops(s);
	}
}

int
cmd_window(struct session *s, int argc, char **argv, struct diag *d)
{
	static const char *const limit[] = {"XMIN", "XMAX", "YMIN", "YMAX"};
	double v[4];
	int i;

	if (argc == 2 && name_eq(argv[1], "auto")) {
		s->auto_window = 1;
		return 0;
	}
	if (argc != 5)
		return diag_set(d, 0, 0, "usage: window XMIN XMAX YMIN YMAX, or window auto");
	for (i = 0; i < 4; i++)
		if (cmd_need_number(argv[i + 1], limit[i], &v[i], d) < 0)
			return -1;
	if (!(v[0] < v[1]))
		return diag_set(d, 0, 0, "window needs XMIN < XMAX, got %g and %g", v[0], v[1]);
	if (!(v[2] < v[3]))
		return diag_set(d, 0, 0, "window needs YMIN < YMAX, got %g and %g", v[2], v[3]);
	/* the width is what every mapping divides by: it must be a number */
	for (i = 0; i < 4; i += 2)
		if (cmd_need_width(i ? "window y" : "window x", v[i], v[i + 1], d) < 0)
			return -1;
	s->view.xlo = v[0];
	s->view.xhi = v[1];
	s->view.ylo = v[2];
	s->view.yhi = v[3];
	s->auto_window = 0;
	return 0;
}

/* 'axes t V1 V2 ...': the time series of the variables named. */
static int
axes_time(struct session *s, int argc, char **argv, struct diag *d)
{
	int v[TS_MAX], n = 0, i, k;

	if (argc - 2 > TS_MAX)
		return diag_set(d, 0, 0, "a time series shows at most %d variables, not %d", TS_MAX,
		    argc - 2);
	for (i = 2; i < argc; i++) {
		if ((v[n] = axis_var(s, argv[i], d)) == MODEL_AXIS_NONE)
			return -1;
		if (v[n] == MODEL_AXIS_T)
			return diag_set(d, 0, 0, "'t' is the time series' horizontal axis: name "
			    "variables after it");
		for (k = 0; k < n; k++)
			if (v[k] == v[n])
				return diag_set(d, 0, 0, "'%s' is named twice", argv[i]);
		n++;
	}
	memcpy(s->ts_var, v, (size_t)n * sizeof *v);
	s->nts = n;
	if (s->kind == VIEW_PORTRAIT)
		s->kind = VIEW_TIME;
	return 0;
}

int
cmd_axes(struct session *s, int argc, char **argv, struct diag *d)
{
	int x, y;

	if (name_eq(argv[1], "t") && (argc > 3 || (argc == 3 && s->kind != VIEW_PORTRAIT)))
		return axes_time(s, argc, argv, d);
	if (argc != 3)
		return diag_set(d, 0, 0, "usage: axes X Y, or axes t V1 V2 ... for a time series");
	if ((x = axis_var(s, argv[1], d)) == MODEL_AXIS_NONE ||
	    (y = axis_var(s, argv[2], d)) == MODEL_AXIS_NONE)
		return -1;
	if (x == y)
		return diag_set(d, 0, 0, "the two axes must differ");
	if (x != s->view.xvar || y != s->view.yvar)
		s->auto_window = 1;
	s->view.xvar = x;
	s->view.yvar = y;
	if (s->kind == VIEW_TIME)
		s->kind = VIEW_PORTRAIT;
	return 0;
}

int
cmd_view(struct session *s, int argc, char **argv, struct diag *d)
{
	static const char *const names[] = {"portrait", "time", "both"};
	int k;
	(void)argc;

	for (k = 0; k < 3; k++) {
		if (name_eq(argv[1], names[k])) {
			s->kind = (enum view_kind)k;
			return 0;
		}
	}
	return diag_set(d, 0, 0, "unknown view '%s' (views: portrait, time, both)", argv[1]);
}

/* A trailing direction word of 'traj': +1, -1, 0 (both), or JOB_DIR_SET when there is none. */
static int
traj_dir(int *argc, char **argv)
{
	const char *w;

	if (*argc < 2)
		return JOB_DIR_SET;
	w = argv[*argc - 1];
	if (name_eq(w, "forward") || name_eq(w, "back") || name_eq(w, "backward") ||
	    name_eq(w, "both")) {
		(*argc)--;
		return name_eq(w, "forward") ? 1 : name_eq(w, "both") ? 0 : -1;
	}
	return JOB_DIR_SET;
}

static void
add_seed(struct session *s, const double *y0, int dir)
{
	session_add_seed(s, y0);
	session_set_last_dir(s, dir);
}

int
cmd_traj(struct session *s, int argc, char **argv, struct diag *d)
{
	int n = s->m->nvar, i, j, g, dir = traj_dir(&argc, argv);
	double *y0 = xmalloc((size_t)n * sizeof *y0), a, b;
	struct view v;

	memcpy(y0, s->init, (size_t)n * sizeof *y0);
	if (argc == 1) {
		add_seed(s, y0, dir);
		free(y0);
		return 0;
	}
	if (name_eq(argv[1], "grid")) {
		if (argc != 3 || parse_int(argv[2], 1, 100, &g) < 0) {
			free(y0);
			return diag_set(d, 0, 0, "usage: traj grid N [back|both], with N from 1 to 100");
		}
	} else if (argc != 3) {
		free(y0);
		return diag_set(d, 0, 0, "usage: traj [X Y | grid N] [forward|back|both]");
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
				add_seed(s, y0, dir);
			}
		}
		free(y0);
		return 0;
	}
	if (cmd_eval_value(s, s->m->var[s->view.xvar], argv[1], &a, d) < 0 ||
	    cmd_eval_value(s, s->m->var[s->view.yvar], argv[2], &b, d) < 0) {
		free(y0);
		return -1;
	}
	y0[s->view.xvar] = a;
	y0[s->view.yvar] = b;
	add_seed(s, y0, dir);
	free(y0);
	return 0;
}

int
cmd_clear(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	(void)d;
	session_clear_seeds(s);
	session_invalidate(s);
	return 0;
}

int
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
cmd_print(struct session *s, int argc, char **argv, struct diag *d)
{
	struct canvas *c;
	struct strbuf sb;
	(void)argc;
	(void)argv;

	/* a map read back from records needs no model */
	if (!(s->show_map && s->res.map)) {
		if (s->m == NULL)
			return diag_set(d, 0, 0, "'print' needs a model: 'load NAME' first (try "
			    "'load vanderpol')");
		cmd_ensure_results(s);
	}
	c = session_render(s, s->cols, s->rows);
	strbuf_init(&sb);
	canvas_render(c, &sb, 0);
	out_printf(&s->out, "%s", sb.s);
	strbuf_fini(&sb);
	canvas_free(c);
	return 0;
}

int
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
	if (strcmp(path, "-") == 0) {
		out_printf(&s->out, "%s", text);
		return 0;
	}
	if (write_file_atomic(path, text, strlen(text)) < 0)
		return diag_set(d, 0, 0, "cannot write '%s' (it is left as it was): %s", path,
		    strerror(errno));
	return 0;
}

/*
 * The aux columns of one row. With '0=' constraints, apar carries the
 * algebraic variables solved at this row (from the previous row's root);
 * where they have none the columns are NaN.
 */
static void
csv_aux(const struct model *m, struct dae *dae, double t, const double *y, double *apar,
    double *aux, struct strbuf *sb)
{
	int k;

	if (m->aux_prog == NULL)
		return;
	if (dae && dae_solve(dae, t, y, apar) < 0)
		for (k = 0; k < m->naux; k++)
			aux[k] = NAN;
	else
		expr_prog_eval(m->aux_prog, t, y, apar, aux);
	for (k = 0; k < m->naux; k++) {
		strbuf_addc(sb, ',');
		strbuf_num(sb, aux[k]);
	}
}

static void
export_csv(struct session *s, struct strbuf *sb)
{
	const struct model *m = s->m;
	double *aux = xmalloc(((size_t)m->naux + 1) * sizeof *aux);
	double *apar = xmalloc(((size_t)m->npar + 1) * sizeof *apar);
	size_t i, j;
	int k;

	strbuf_add(sb, "traj,t");
	for (k = 0; k < m->nvar; k++)
		strbuf_printf(sb, ",%s", m->var[k]);
	for (k = 0; k < m->naux; k++)
		strbuf_printf(sb, ",%s", m->aux[k]);
	strbuf_addc(sb, '\n');
	for (i = 0; i < s->res.ntraj; i++) {
		const struct traj *tr = &s->res.trajs[i];
		struct dae *dae = dae_new(m);
		memcpy(apar, s->par, (size_t)m->npar * sizeof *apar);
		for (j = 0; j < tr->n; j++) {
			const double *y = tr->y + j * (size_t)tr->dim;
			strbuf_printf(sb, "%zu,", i + 1);
			strbuf_num(sb, tr->t[j]);
			for (k = 0; k < m->nvar; k++) {
				strbuf_addc(sb, ',');
				strbuf_num(sb, y[k]);
			}
			csv_aux(m, dae, tr->t[j], y, apar, aux, sb);
			strbuf_addc(sb, '\n');
		}
		dae_free(dae);
	}
	free(apar);
	free(aux);
}

/*
 * The vector picture of what 'print' shows at the 'size', pane for pane, or
 * the fate map or orbit diagram shown instead (export svg, and png rendered
 * from it).
 */
static void
svg_picture(struct session *s, struct strbuf *sb)
{
	struct scene sc;

	size_t i;

	if (session_other_picture(s)) {
		session_scene(s, &sc);
	} else {
		session_shown_scene(s, s->cols, s->rows, &sc);
		/* the legend names each trajectory's fate, as the panel does */
		for (i = 0; !s->res.stale && i < s->res.ntraj; i++)
			results_fate_label(&s->res, s->m, s->par, i);
	}
	export_svg(&sc, s->cols, s->rows, sb);
}

int
cmd_export(struct session *s, int argc, char **argv, struct diag *d)
{
	struct strbuf sb;
	int rc;
	(void)argc;

	cmd_ensure_results(s);
	strbuf_init(&sb);
	if (name_eq(argv[1], "csv")) {
		export_csv(s, &sb);
	} else if (name_eq(argv[1], "txt")) {
		struct canvas *c = session_render(s, s->cols, s->rows);
		canvas_render(c, &sb, 0);
		canvas_free(c);
	} else if (name_eq(argv[1], "svg") || name_eq(argv[1], "png")) {
		svg_picture(s, &sb);
		if (name_eq(argv[1], "png")) {
			rc = cmd_png_export(sb.s, argv[2], d);
			strbuf_fini(&sb);
			return rc;
		}
	} else {
		strbuf_fini(&sb);
		return diag_set(d, 0, 0, "unknown export format '%s' (formats: csv, txt, svg, png)",
		    argv[1]);
	}
	rc = write_text(s, argv[2], sb.s, d);
	strbuf_fini(&sb);
	return rc;
}
