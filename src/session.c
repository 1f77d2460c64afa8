/* session: state, seeds and synchronous runs. */
#include "session.h"

#include "job.h"
#include "pool.h"
#include "worker.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
out_printf(const struct out *o, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (o && o->print)
		o->print(o->ctx, sb.s);
	strbuf_fini(&sb);
}

void
out_note(const struct out *o, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (o && o->note)
		o->note(o->ctx, sb.s);
	else if (o && o->print)
		o->print(o->ctx, sb.s);
	strbuf_fini(&sb);
}

void
session_init(struct session *s, const struct out *out, enum canvas_mode mode)
{
	memset(s, 0, sizeof *s);
	if (out)
		s->out = *out;
	s->mode = mode;
	s->cols = 80;
	s->rows = 24;
	settings_default(&s->set);
	s->view.xlo = s->view.ylo = -1;
	s->view.xhi = s->view.yhi = 1;
	s->view.xvar = 0;
	s->view.yvar = 1;
	s->auto_window = 1;
	s->nudge_par = -1;
}

void
session_clear_trajs(struct session *s)
{
	size_t i;

	for (i = 0; i < s->ntraj; i++)
		traj_fini(&s->trajs[i]);
	free(s->trajs);
	s->trajs = NULL;
	s->ntraj = s->traj_cap = 0;
}

void
session_fini(struct session *s)
{
	analysis_free(s->an);
	s->an = NULL;
	session_clear_trajs(s);
	free(s->seeds);
	free(s->par);
	free(s->init);
	model_free(s->m);
	s->m = NULL;
}

void
session_set_model(struct session *s, struct model *m)
{
	session_clear_trajs(s);
	free(s->seeds);
	s->seeds = NULL;
	s->nseed = s->seed_cap = 0;
	free(s->par);
	free(s->init);
	model_free(s->m);
	s->m = m;
	s->par = xmalloc(((size_t)m->npar + 1) * sizeof *s->par);
	memcpy(s->par, m->par_value, (size_t)m->npar * sizeof *s->par);
	s->init = xmalloc((size_t)m->nvar * sizeof *s->init);
	memcpy(s->init, m->init, (size_t)m->nvar * sizeof *s->init);
	s->set = m->set;
	s->nudge_par = m->eps_par;
	s->nudge_step = m->eps_par >= 0 ? 0.1 * fabs(m->par_value[m->eps_par]) : 0;
	/* fast-slow models show their geometry; others their vector field */
	s->field = m->nfast > 0 ? FIELD_SLOW : FIELD_FULL;
	s->show_manifold = m->nfast > 0;
	s->show_nullclines = m->nfast == 0;
	s->an_stale = 1;
	s->serial++;
	s->view.xvar = m->xp;
	s->view.yvar = m->yp;
	s->auto_window = !m->has_window;
	if (m->has_window) {
		s->view.xlo = m->xlo;
		s->view.xhi = m->xhi;
		s->view.ylo = m->ylo;
		s->view.yhi = m->yhi;
	}
	s->stale = 1;
}

void
session_invalidate(struct session *s)
{
	s->stale = 1;
	s->an_stale = 1;
	s->serial++;
}

void
session_add_seed(struct session *s, const double *y0)
{
	size_t n = (size_t)s->m->nvar;

	grow_array((void **)&s->seeds, &s->seed_cap, (s->nseed + 1) * n, sizeof *s->seeds);
	memcpy(s->seeds + s->nseed * n, y0, n * sizeof *y0);
	s->nseed++;
	s->stale = 1;
	s->serial++;
}

struct job *
session_make_job(const struct session *s, int want_ncl)
{
	struct job *j = xcalloc(1, sizeof *j);
	size_t n = (size_t)s->m->nvar;

	j->m = model_ref(s->m);
	j->par = xmalloc(((size_t)s->m->npar + 1) * sizeof *j->par);
	memcpy(j->par, s->par, (size_t)s->m->npar * sizeof *j->par);
	j->init = xmalloc(n * sizeof *j->init);
	memcpy(j->init, s->init, n * sizeof *j->init);
	j->set = s->set;
	j->nseed = s->nseed;
	j->seeds = xmalloc((s->nseed * n + 1) * sizeof *j->seeds);
	if (s->nseed > 0)
		memcpy(j->seeds, s->seeds, s->nseed * n * sizeof *j->seeds);
	j->view = s->view;
	j->auto_window = s->auto_window;
	j->cols = s->cols;
	j->rows = s->rows;
	j->want_ncl = want_ncl;
	j->want_analysis = 1;
	j->threads = session_threads(s);
	return j;
}

int
session_threads(const struct session *s)
{
	return s->jobs > 0 ? s->jobs : pool_cpu_count();
}

void
session_install_traj(struct session *s, size_t index, struct traj *tr)
{
	if (index >= s->traj_cap) {
		size_t cap = s->traj_cap ? s->traj_cap : 8;
		while (cap <= index)
			cap *= 2;
		s->trajs = xrealloc(s->trajs, cap * sizeof *s->trajs);
		memset(s->trajs + s->traj_cap, 0, (cap - s->traj_cap) * sizeof *s->trajs);
		s->traj_cap = cap;
	}
	while (s->ntraj < index) {
		traj_init(&s->trajs[s->ntraj], s->m->nvar);
		s->ntraj++;
	}
	if (index < s->ntraj)
		traj_fini(&s->trajs[index]);
	s->trajs[index] = *tr;
	free(tr);
	if (index >= s->ntraj)
		s->ntraj = index + 1;
}

void
session_install_analysis(struct session *s, struct analysis *an, const struct view *v,
    int cols, int rows, int has_ncl)
{
	analysis_free(s->an);
	s->an = an;
	s->an_view = *v;
	s->an_cols = cols;
	s->an_rows = rows;
	s->an_has_ncl = has_ncl;
	s->an_stale = 0;
}

void
session_truncate_trajs(struct session *s, size_t n)
{
	while (s->ntraj > n)
		traj_fini(&s->trajs[--s->ntraj]);
}

/* The synchronous sink: results go straight into the session. */
static void
sync_traj(void *ctx, const struct job *job, size_t index, struct traj *tr)
{
	(void)job;
	session_install_traj(ctx, index, tr);
}

static void
sync_analysis(void *ctx, const struct job *job, struct analysis *an, const struct view *v)
{
	session_install_analysis(ctx, an, v, job->cols, job->rows, job->want_ncl);
}

static void
sync_done(void *ctx, const struct job *job, int cancelled, double seconds)
{
	struct session *s = ctx;

	(void)seconds;
	if (!cancelled) {
		session_truncate_trajs(s, job->nseed);
		s->stale = 0;
	}
}

void
session_run(struct session *s, solve_should_stop stop, void *arg)
{
	struct job *j = session_make_job(s, s->show_nullclines);
	struct job_sink sink = {sync_analysis, sync_traj, sync_done, s};

	session_clear_trajs(s);
	job_run(j, &sink, stop, arg);
	job_free(j);
}

void
session_effective_view(const struct session *s, struct view *v)
{
	struct job_bounds b;
	size_t i;

	*v = s->view;
	if (!s->auto_window)
		return;
	job_bounds_init(&b);
	for (i = 0; i < s->ntraj; i++)
		job_bounds_add(&b, &s->trajs[i], v->xvar, v->yvar);
	job_bounds_view(&b, v);
}

static int
same_view(const struct view *a, const struct view *b)
{
	return a->xlo == b->xlo && a->xhi == b->xhi && a->ylo == b->ylo && a->yhi == b->yhi &&
	    a->xvar == b->xvar && a->yvar == b->yvar;
}

const struct analysis *
session_analyze(struct session *s, int need_nullclines)
{
	struct view v;
	struct analysis_req req;

	session_effective_view(s, &v);
	if (s->an && !s->an_stale && same_view(&v, &s->an_view) && s->an_cols == s->cols &&
	    s->an_rows == s->rows && (s->an_has_ncl || !need_nullclines))
		return s->an;
	analysis_free(s->an);
	memset(&req, 0, sizeof req);
	req.m = s->m;
	req.par = s->par;
	req.base = s->init;
	req.xvar = v.xvar;
	req.yvar = v.yvar;
	req.xlo = v.xlo;
	req.xhi = v.xhi;
	req.ylo = v.ylo;
	req.yhi = v.yhi;
	req.cols = s->cols;
	req.rows = s->rows;
	req.want_eq = 1;
	req.want_ncl = need_nullclines;
	req.want_manifold = 1;	/* without a split it says why there is none */
	s->an = analysis_compute(&req);
	s->an_view = v;
	s->an_cols = s->cols;
	s->an_rows = s->rows;
	s->an_has_ncl = need_nullclines;
	s->an_stale = 0;
	return s->an;
}

void
session_plot_input(const struct session *s, struct view *v, struct plot_input *in)
{
	memset(in, 0, sizeof *in);
	session_effective_view(s, v);
	in->m = s->m;
	in->v = v;
	in->trajs = s->trajs;
	in->ntraj = (int)s->ntraj;
	in->an = s->an;
	in->par = s->par;
	in->base = s->init;
	in->field = s->field;
	in->show_manifold = s->show_manifold;
	in->show_nullclines = s->show_nullclines;
}

struct canvas *
session_render(struct session *s, int cols, int rows)
{
	struct canvas *c = canvas_new(cols, rows, s->mode);
	struct view v;
	struct plot_input in;

	session_analyze(s, s->show_nullclines);
	session_plot_input(s, &v, &in);
	plot_portrait(c, &in, NULL);
	return c;
}

int
session_apply_deltas(struct session *s, struct delta *list, unsigned long gen, int *changed,
    double *seconds)
{
	int done = 0;

	*changed = 0;
	while (list) {
		struct delta *d = list;
		list = d->next;
		d->next = NULL;
		if (d->gen == gen) {
			switch (d->kind) {
			case DELTA_ANALYSIS:
				session_install_analysis(s, d->an, &d->view, d->cols, d->rows, d->has_ncl);
				d->an = NULL;
				break;
			case DELTA_TRAJ:
				session_install_traj(s, d->index, d->tr);
				d->tr = NULL;
				break;
			case DELTA_DONE:
				if (!d->cancelled) {
					session_truncate_trajs(s, d->nseed);
					s->stale = 0;
				}
				if (seconds)
					*seconds = d->seconds;
				done = 1;
				break;
			}
			*changed = 1;
		}
		delta_free_list(d);
	}
	return done;
}
