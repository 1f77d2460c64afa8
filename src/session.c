/* session: state, seeds and synchronous runs. */
#include "session.h"

#include "plot.h"
#include "plot_map.h"
#include "pool.h"

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
	results_clear_trajs(&s->res);
}

void
session_map_free(struct session_map *map)
{
	size_t k;

	if (map == NULL)
		return;
	for (k = 0; k < (size_t)map->n1 * (size_t)map->n2; k++)
		free(map->cls[k]);
	free(map->cls);
	free(map->v1);
	free(map->v2);
	free(map->name1);
	free(map->name2);
	free(map);
}

void
session_fini(struct session *s)
{
	session_map_free(s->map);
	s->map = NULL;
	results_fini(&s->res);
	free(s->seeds);
	free(s->seed_sgd);
	free(s->par);
	free(s->init);
	model_free(s->m);
	s->m = NULL;
}

void
session_set_model(struct session *s, struct model *m)
{
	session_clear_seeds(s);
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
	s->nudge_factor = 0;
	/* fast-slow models show their geometry; others their vector field */
	s->field = m->nfast > 0 ? FIELD_SLOW : FIELD_FULL;
	s->show_manifold = m->nfast > 0;
	s->show_nullclines = m->nfast == 0;
	s->res.an_stale = 1;
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
	s->res.stale = 1;
}

double
session_nudge_value(const struct session *s, int dir, int *crossed)
{
	double v = s->par[s->nudge_par], w;

	if (s->nudge_factor > 1)
		w = dir > 0 ? v * s->nudge_factor : v / s->nudge_factor;
	else
		w = v + (dir > 0 ? 1 : -1) * s->nudge_step;
	*crossed = v != 0 && (w == 0 || (w < 0) != (v < 0));
	return w;
}

void
session_invalidate(struct session *s)
{
	s->res.stale = 1;
	s->res.an_stale = 1;
	s->serial++;
}

void
session_clear_seeds(struct session *s)
{
	session_clear_trajs(s);
	free(s->seeds);
	free(s->seed_sgd);
	s->seeds = NULL;
	s->seed_sgd = NULL;
	s->nseed = s->seed_cap = s->seed_sgd_cap = 0;
}

void
session_add_seed(struct session *s, const double *y0)
{
	static const struct sgd_run ode = {0, 0, 0, 0};

	session_add_sgd_seed(s, y0, &ode);
}

void
session_add_sgd_seed(struct session *s, const double *y0, const struct sgd_run *run)
{
	size_t n = (size_t)s->m->nvar;

	grow_array((void **)&s->seeds, &s->seed_cap, (s->nseed + 1) * n, sizeof *s->seeds);
	memcpy(s->seeds + s->nseed * n, y0, n * sizeof *y0);
	grow_array((void **)&s->seed_sgd, &s->seed_sgd_cap, s->nseed + 1, sizeof *s->seed_sgd);
	s->seed_sgd[s->nseed] = *run;
	s->nseed++;
	s->res.stale = 1;
	s->serial++;
}

struct job *
session_make_job(const struct session *s, int cols, int rows, int want_ncl)
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
	j->sgd = xcalloc(s->nseed + 1, sizeof *j->sgd);
	if (s->nseed > 0)
		memcpy(j->sgd, s->seed_sgd, s->nseed * sizeof *j->sgd);
	j->view = s->view;
	j->auto_window = s->auto_window;
	j->cols = cols;
	j->rows = rows;
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

/* The synchronous sink: each piece goes straight into the results. */
static void
sync_emit(void *ctx, struct job_result *r)
{
	struct session *s = ctx;

	results_apply(&s->res, r, r->gen, NULL, NULL);
}

void
session_run(struct session *s, solve_should_stop stop, void *arg)
{
	struct job *j = session_make_job(s, s->cols, s->rows, s->show_nullclines);
	struct job_sink sink = {sync_emit, s};

	session_clear_trajs(s);
	job_run(j, &sink, stop, arg);
	job_free(j);
}

void
session_effective_view(const struct session *s, struct view *v)
{
	results_view(&s->res, &s->view, s->auto_window, v);
}

const struct analysis *
session_analyze(struct session *s, int need_nullclines, int cols, int rows)
{
	struct view v;
	struct analysis_req req;
	struct job_result *p;

	session_effective_view(s, &v);
	if (results_analysis_fits(&s->res, &v, cols, rows, need_nullclines))
		return s->res.an;
	if (cols == 0) {
		cols = s->cols;
		rows = s->rows;
	}
	/* a piece as a job would make it, installed the one way */
	job_analysis_req(&req, s->m, s->par, s->init, &v, cols, rows, need_nullclines);
	p = xcalloc(1, sizeof *p);
	p->kind = JOB_ANALYSIS;
	p->an = analysis_compute(&req);
	p->view = v;
	p->cols = cols;
	p->rows = rows;
	p->has_ncl = need_nullclines;
	results_apply(&s->res, p, 0, NULL, NULL);
	return s->res.an;
}

void
session_scene(const struct session *s, struct scene *sc)
{
	memset(sc, 0, sizeof *sc);
	session_effective_view(s, &sc->v);
	sc->m = s->m;
	sc->r = &s->res;
	sc->par = s->par;
	sc->base = s->init;
	sc->field = s->field;
	sc->show_manifold = s->show_manifold;
	sc->show_nullclines = s->show_nullclines;
}

struct canvas *
session_render(struct session *s, int cols, int rows)
{
	struct canvas *c = canvas_new(cols, rows, s->mode);
	struct scene sc;

	if (s->show_map && s->map) {
		struct plot_classgrid g = {s->map->name1, s->map->name2, s->map->n1, s->map->n2,
		    s->map->v1, s->map->v2, (const char *const *)s->map->cls};
		plot_classgrid(c, &g);
		return c;
	}
	session_analyze(s, s->show_nullclines, cols, rows);
	session_scene(s, &sc);
	plot_portrait(c, &sc, NULL);
	return c;
}
