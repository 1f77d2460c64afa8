/*
 * cmd_analysis: the commands that answer with the model's geometry, one
 * logfmt record a line, coordinates keyed by the model's variable names:
 * eq, nullclines, manifold, folds, fate and sweep.
 */
#include "cmd_int.h"
#include "fate_map.h"
#include "oom.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* " x=1 y=-0.666667" for the variables of a state (the fast-slow ones or all). */
static void
add_coords(struct strbuf *sb, const struct model *m, const double *x)
{
	int i;

	for (i = 0; i < m->nvar; i++) {
		strbuf_printf(sb, " %s=", m->var[i]);
		strbuf_num(sb, x[i]);
	}
}

static void
add_complex(struct strbuf *sb, double re, double im)
{
	if (fabs(re) < 1e-14)
		re = 0;
	strbuf_num(sb, re);
	if (fabs(im) >= 1e-14) {
		if (im > 0)
			strbuf_addc(sb, '+');
		strbuf_num(sb, im);
		strbuf_addc(sb, 'i');
	}
}

/*
 * eq and folds also search a box SCALE times the window about its centre
 * (10 unless given): without SCALE they say how many answers lie there
 * outside the window; with it they list them too, marked outside=1.
 * 1 when SCALE was given, 0 when not, -1 on error.
 */
static int
search_scale(int argc, char **argv, double *scale, struct diag *d)
{
	*scale = 10;
	if (argc < 2)
		return 0;
	if (cmd_need_number(argv[1], "SCALE", scale, d) < 0)
		return -1;
	if (!(*scale >= 1 && *scale <= 1e6))
		return diag_set(d, 0, 0, "SCALE is how many times the window to search, from 1 to "
		    "1e6, not %g", *scale);
	return 1;
}

/* x lies in the view, up to a margin (a fraction of the width and height). */
static int
in_view(const struct view *v, const double *x, double margin)
{
	double xs = v->xhi - v->xlo, ys = v->yhi - v->ylo;

	if (v->xvar >= 0 && (x[v->xvar] < v->xlo - margin * xs || x[v->xvar] > v->xhi + margin * xs))
		return 0;
	if (v->yvar >= 0 && (x[v->yvar] < v->ylo - margin * ys || x[v->yvar] > v->yhi + margin * ys))
		return 0;
	return 1;
}

static void
print_eq(struct session *s, const struct equilibrium *e, int id, int outside)
{
	struct strbuf sb;
	int k;

	strbuf_init(&sb);
	strbuf_printf(&sb, "eq id=%d", id);
	add_coords(&sb, s->m, e->x);
	strbuf_printf(&sb, " type=%s re=", eq_type_name(e->type));
	strbuf_num(&sb, fabs(e->re[0]) < 1e-14 ? 0.0 : e->re[0]);
	strbuf_add(&sb, " eig=");
	for (k = 0; k < s->m->nvar; k++) {
		if (k)
			strbuf_addc(&sb, ',');
		add_complex(&sb, e->re[k], e->im[k]);
	}
	if (outside)
		strbuf_add(&sb, " outside=1");
	out_printf(&s->out, "%s\n", sb.s);
	strbuf_fini(&sb);
}

int
cmd_eq(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct analysis *a = session_analyze(s, 0, 0, 0);
	struct analysis *w;
	struct view v;
	double scale;
	int list, i, id = 0, outside = 0;

	if ((list = search_scale(argc, argv, &scale, d)) < 0)
		return -1;
	session_effective_view(s, &v);
	w = session_analyze_box(s, scale, 1, 0);
	for (i = 0; i < w->neq; i++)
		outside += !in_view(&v, w->eq[i].x, 1e-6);
	if (a->eq_note)
		out_printf(&s->out, "eq note=\"%s\"\n", a->eq_note);
	if (a->neq == 0 && a->eq_note == NULL && !(list && outside > 0)) {
		out_printf(&s->out, "eq count=0");
		if (outside > 0)
			out_printf(&s->out, " outside=%d scale=%g", outside, scale);
		out_printf(&s->out, "\n");
	}
	for (i = 0; i < a->neq; i++)
		print_eq(s, &a->eq[i], ++id, 0);
	for (i = 0; list && i < w->neq; i++)
		if (!in_view(&v, w->eq[i].x, 1e-6))
			print_eq(s, &w->eq[i], ++id, 1);
	if (!list && outside > 0 && a->neq > 0)
		out_printf(&s->out, "eq outside=%d scale=%g\n", outside, scale);
	analysis_free(w);
	return 0;
}

static void
range_text(struct strbuf *sb, const struct model *m, const struct curve *cv, size_t from,
    size_t to, int var)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t k;

	for (k = from; k <= to && k < cv->n; k++) {
		double v = cv->pt[k * (size_t)cv->dim + (size_t)var];
		lo = fmin(lo, v);
		hi = fmax(hi, v);
	}
	/* rounding noise around zero reads as 0 */
	if (fabs(lo) < 1e-12)
		lo = 0;
	if (fabs(hi) < 1e-12)
		hi = 0;
	strbuf_printf(sb, " %s=", m->var[var]);
	strbuf_num(sb, lo);
	strbuf_add(sb, "..");
	strbuf_num(sb, hi);
}

int
cmd_nullclines(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct analysis *a = session_analyze(s, 1, 0, 0);
	int i, k;
	(void)argc;
	(void)argv;

	if (s->view.xvar < 0 || s->view.yvar < 0)
		return diag_set(d, 0, 0, "nullclines need two variables on the axes ('axes X Y')");
	if (a->nncl == 0)
		out_printf(&s->out, "nullcline count=0\n");
	for (i = 0; i < a->nncl; i++) {
		const struct curve *cv = &a->ncl[i];
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_printf(&sb, "nullcline id=%d var=%s points=%zu", i + 1, s->m->var[cv->var],
		    cv->n);
		for (k = 0; k < s->m->nvar; k++)
			if (k == s->view.xvar || k == s->view.yvar)
				range_text(&sb, s->m, cv, 0, cv->n - 1, k);
		strbuf_printf(&sb, " ends=%s,%s\n", cv->end[0], cv->end[1]);
		out_printf(&s->out, "%s", sb.s);
		strbuf_fini(&sb);
	}
	return 0;
}

static int
need_manifold(struct session *s, const struct analysis *a, struct diag *d)
{
	if (a->manifold_note)
		return diag_set(d, 0, 0, "no critical manifold for '%s': %s", s->m->name,
		    a->manifold_note);
	return 0;
}

int
cmd_manifold(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct analysis *a = session_analyze(s, 0, 0, 0);
	int b, k, seg = 0;
	(void)argc;
	(void)argv;

	if (need_manifold(s, a, d) < 0)
		return -1;
	if (a->nbranch == 0)
		out_printf(&s->out, "branch count=0\n");
	for (b = 0; b < a->nbranch; b++) {
		const struct curve *cv = &a->branch[b];
		size_t i = 0;
		/* one record per run of equal stability */
		while (i < cv->n) {
			size_t e = i;
			struct strbuf sb;
			while (e + 1 < cv->n && cv->stab[e + 1] == cv->stab[i])
				e++;
			strbuf_init(&sb);
			strbuf_printf(&sb, "branch id=%d segment=%d stability=%s points=%zu", b + 1,
			    ++seg, stab_name(cv->stab[i]), e - i + 1);
			for (k = 0; k < s->m->nfast; k++)
				range_text(&sb, s->m, cv, i, e, s->m->fast[k]);
			range_text(&sb, s->m, cv, i, e, s->m->slow[0]);
			strbuf_printf(&sb, " ends=%s,%s\n", i == 0 ? cv->end[0] : "stability-change",
			    e + 1 >= cv->n ? cv->end[1] : "stability-change");
			out_printf(&s->out, "%s", sb.s);
			strbuf_fini(&sb);
			i = e + 1;
		}
	}
	return 0;
}

static void
print_special(struct session *s, const struct special *sp, int outside)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add(&sb, special_name(sp->kind));
	add_coords(&sb, s->m, sp->x);
	strbuf_add(&sb, " g=");
	strbuf_num(&sb, sp->g);
	strbuf_printf(&sb, " branch=%d residual=", sp->branch + 1);
	strbuf_num(&sb, sp->f_norm);
	strbuf_add(&sb, " det=");
	strbuf_num(&sb, fabs(sp->det));
	if (outside)
		strbuf_add(&sb, " outside=1");
	strbuf_addc(&sb, '\n');
	out_printf(&s->out, "%s", sb.s);
	strbuf_fini(&sb);
}

int
cmd_folds(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct analysis *a = session_analyze(s, 0, 0, 0);
	struct analysis *w;
	struct view v;
	double scale;
	int list, i, outside = 0;

	if (need_manifold(s, a, d) < 0)
		return -1;
	if ((list = search_scale(argc, argv, &scale, d)) < 0)
		return -1;
	session_effective_view(s, &v);
	w = session_analyze_box(s, scale, 0, 1);
	/* C0 is traced 2% beyond the window: what lies there is the window's already */
	for (i = 0; i < w->nsp; i++)
		outside += !in_view(&v, w->sp[i].x, 0.02);
	if (a->nsp == 0 && !(list && outside > 0)) {
		out_printf(&s->out, "fold count=0");
		if (outside > 0)
			out_printf(&s->out, " outside=%d scale=%g", outside, scale);
		out_printf(&s->out, "\n");
	}
	for (i = 0; i < a->nsp; i++)
		print_special(s, &a->sp[i], 0);
	for (i = 0; list && i < w->nsp; i++)
		if (!in_view(&v, w->sp[i].x, 0.02))
			print_special(s, &w->sp[i], 1);
	if (!list && outside > 0 && a->nsp > 0)
		out_printf(&s->out, "fold outside=%d scale=%g\n", outside, scale);
	analysis_free(w);
	return 0;
}

/* A map's orbits: a fixed point or a cycle with its points and multiplier. */
static int
fate_of_maps(struct session *s)
{
	size_t i;
	int q, v;

	if (s->nseed == 0) {
		out_printf(&s->out, "fate count=0\n");
		out_note(&s->out, "no trajectories: 'traj' adds one\n");
	}
	for (i = 0; i < s->res.ntraj; i++) {
		struct map_fate f;
		struct strbuf sb;

		if (s->res.trajs[i].n == 0)
			continue;	/* another shard's seed */
		fate_map(s->m, s->par, &s->res.trajs[i], &f);
		strbuf_init(&sb);
		strbuf_printf(&sb, "fate traj=%zu", i + 1);
		if (f.period < 0)
			strbuf_add(&sb, " end=escape");
		else if (f.period == 0)
			strbuf_printf(&sb, " end=aperiodic");
		else {
			if (f.period == 1)
				strbuf_add(&sb, " end=fixed-point");
			else
				strbuf_printf(&sb, " end=cycle period=%d", f.period);
			for (v = 0; v < s->m->nvar && f.npts > 0; v++) {
				strbuf_printf(&sb, " %s=", s->m->var[v]);
				for (q = 0; q < f.npts; q++) {
					if (q > 0)
						strbuf_addc(&sb, ',');
					strbuf_num(&sb, f.pts[q * s->m->nvar + v]);
				}
			}
			strbuf_add(&sb, " multiplier=");
			strbuf_num(&sb, f.mult);
			strbuf_printf(&sb, " stability=%s", f.mult < 1 ? "stable" : f.mult > 1 ?
			    "unstable" : "neutral");
		}
		out_printf(&s->out, "%s\n", sb.s);
		strbuf_fini(&sb);
	}
	return 0;
}

int
cmd_fate(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct analysis *a;
	size_t i;
	int k;
	(void)argc;
	(void)argv;
	(void)d;

	cmd_ensure_results(s);
	if (s->m->is_map)
		return fate_of_maps(s);
	a = session_analyze(s, 0, 0, 0);
	if (s->nseed == 0) {
		out_printf(&s->out, "fate count=0\n");
		out_note(&s->out, "no trajectories: 'traj' adds one\n");
	}
	for (i = 0; i < s->res.ntraj; i++) {
		const struct traj *tr = &s->res.trajs[i];
		struct fate f;
		struct strbuf sb;

		if (tr->n == 0)
			continue;	/* another shard's seed (--shard) */
		fate_classify(s->m, s->par, tr, a, &f);
		strbuf_init(&sb);
		strbuf_printf(&sb, "fate traj=%zu", i + 1);
		if (tr->kind == TRAJ_SGD)
			strbuf_add(&sb, " kind=sgd");
		switch (f.end) {
		case FATE_EQUILIBRIUM:
			/* the equilibrium itself when it is one of the window's, else the last point */
			strbuf_add(&sb, " end=equilibrium");
			add_coords(&sb, s->m, f.eq >= 0 ? a->eq[f.eq].x : f.last);
			if (f.eq >= 0)
				strbuf_printf(&sb, " type=%s eq=%d", eq_type_name(a->eq[f.eq].type),
				    f.eq + 1);
			else {
				double *re = xmalloc((size_t)s->m->nvar * 2 * sizeof *re);
				strbuf_printf(&sb, " type=%s", eq_type_name(equilibrium_classify(s->m,
				    s->par, f.last, re, re + s->m->nvar)));
				free(re);
			}
			break;
		case FATE_CYCLE:
			strbuf_add(&sb, " end=cycle period=");
			strbuf_num(&sb, f.period);
			add_coords(&sb, s->m, f.last);
			break;
		case FATE_ESCAPE:
			strbuf_add(&sb, " end=escape t=");
			strbuf_num(&sb, tr->t_stop);
			strbuf_printf(&sb, " stop=%s", solve_stop_name(tr->stop));
			if (tr->stop_var >= 0)
				strbuf_printf(&sb, " var=%s", s->m->var[tr->stop_var]);
			break;
		case FATE_RUNNING:
			strbuf_add(&sb, " end=running t=");
			strbuf_num(&sb, tr->t[tr->n - 1]);
			add_coords(&sb, s->m, f.last);
			/* what would let it settle: a setting to raise, and the run length
			 * when it is closing in on a stable equilibrium */
			if (f.hint)
				strbuf_printf(&sb, " hint=%s", f.hint);
			if (isfinite(f.need_tmax)) {
				strbuf_add(&sb, " need_tmax=");
				strbuf_num(&sb, f.need_tmax);
			}
			break;
		}
		if (f.end_branch >= 0) {
			/* the stability of the branch where the trajectory ends */
			enum stab st = manifold_stability(s->m, s->par, f.last);
			strbuf_printf(&sb, " branch=%d stability=%s", f.end_branch + 1, stab_name(st));
		}
		if (f.npath > 0) {
			strbuf_add(&sb, " path=");
			for (k = 0; k < f.npath; k++)
				strbuf_printf(&sb, "%s%d", k ? "," : "", f.path[k] + 1);
		}
		if (s->m->feature_var >= 0) {
			strbuf_printf(&sb, " outcome=%s %s_max=",
			    f.learned == 1 ? "learning" : f.learned == 0 ? "unlearning" : "none",
			    s->m->var[s->m->feature_var]);
			strbuf_num(&sb, f.feature_max);
		}
		out_printf(&s->out, "%s\n", sb.s);
		strbuf_fini(&sb);
	}
	return 0;
}

int
cmd_sweep(struct session *s, int argc, char **argv, struct diag *d)
{
	double from, to, save = 0;
	int n, i, p;
	volatile int rc = 0;	/* set after OOM_TRY below */
	struct strbuf cmd;
	char *saved_text;
	struct oom_point op;

	/* a sweep reached from a sweep's command, through 'source' say: stop both */
	if (s->sweeping) {
		s->sweeping = 2;
		return diag_set(d, 0, 0, "sweeps do not nest");
	}
	if (argc < 6)
		return diag_set(d, 0, 0, "usage: sweep NAME FROM TO N COMMAND");
	p = model_par_index(s->m, argv[1]);
	if (p < 0)
		return cmd_unknown_parameter(s, argv[1], d);
	if (cmd_need_number(argv[2], "FROM", &from, d) < 0 ||
	    cmd_need_number(argv[3], "TO", &to, d) < 0)
		return -1;
	if (parse_int(argv[4], 1, 100000, &n) < 0)
		return diag_set(d, 0, 0, "sweep N must be a whole number from 1 to 100000, not '%s'",
		    argv[4]);
	if (cmd_is(argv[5], "sweep"))
		return diag_set(d, 0, 0, "sweeps do not nest");
	strbuf_init(&cmd);
	for (i = 5; i < argc; i++) {
		if (i > 5)
			strbuf_addc(&cmd, ' ');
		cmd_quote(&cmd, argv[i]);
	}
	save = s->par[p];
	saved_text = xstrdup(cmd.s);
	/* running out of memory in the sweep's own steps: the parameter goes back
	 * before the command fails (exec_one restores s->sweeping) */
	if (OOM_TRY(&op)) {
		s->par[p] = save;
		session_invalidate(s);
		oom_fail(0);
	}
	s->sweeping = 1;
	for (i = 0; i < n && s->sweeping == 1 && !s->quit; i++) {
		double v = grid_value(from, to, i, n);
		struct cmd_loc loc = {"sweep", i + 1};
		char val[64];
		if (s->shard_n > 1 && i % s->shard_n != s->shard_k - 1)
			continue;	/* another shard's value */
		snprintf(val, sizeof val, "%.17g", v);
		if (cmd_set_value(s, s->m->par[p], val, d) < 0) {
			rc = -1;
			break;
		}
		fmt_num(val, sizeof val, v);
		out_printf(&s->out, "sweep %s=%s\n", s->m->par[p], val);
		if (cmd_exec_line(s, saved_text, &loc) < 0)
			rc = -1;
	}
	oom_pop(&op);
	if (s->sweeping == 2)
		diag_set(d, 0, 0, "sweeps do not nest: '%s' reached another sweep", saved_text);
	s->sweeping = 0;
	/* the sweep leaves the parameter as it found it */
	s->par[p] = save;
	session_invalidate(s);
	free(saved_text);
	strbuf_fini(&cmd);
	if (rc < 0 && d->msg[0] == '\0')
		diag_set(d, 0, 0, "the swept command failed");
	return rc;
}
