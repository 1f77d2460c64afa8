/* session: state, seeds and synchronous runs. */
#include "session.h"

#include "plot.h"
#include "plot_bif.h"
#include "plot_map.h"
#include "plot_orbit.h"
#include "pool.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Format into a string and hand it to fn (print or note) if there is one. */
static void
out_vsend(const struct out *o, int note, const char *fmt, va_list ap)
{
	void (*fn)(void *, const char *) = o == NULL ? NULL :
	    note && o->note ? o->note : o->print;
	struct strbuf sb;

	if (fn == NULL)
		return;
	strbuf_init(&sb);
	strbuf_vprintf(&sb, fmt, ap);
	fn(o->ctx, sb.s);
	strbuf_fini(&sb);
}

void
out_printf(const struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vsend(o, 0, fmt, ap);
	va_end(ap);
}

void
out_note(const struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vsend(o, 1, fmt, ap);
	va_end(ap);
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
	s->bif.ppar = s->bif.pvar = -1;
}

void
session_clear_trajs(struct session *s)
{
	results_clear_trajs(&s->res);
}

static void
bif_forget(struct session *s)
{
	free(s->bif.kpar);
	free(s->bif.kinit);
	memset(&s->bif, 0, sizeof s->bif);
	s->bif.ppar = s->bif.pvar = -1;
	results_clear_bif(&s->res);
}

void
session_fini(struct session *s)
{
	bif_forget(s);
	results_fini(&s->res);
	free(s->seeds);
	free(s->seed_sgd);
	free(s->seed_dir);
	free(s->par);
	free(s->init);
	model_free(s->m);
	s->m = NULL;
	free(s->late_error);
	s->late_error = NULL;
}

/*
 * The view the file asks for. With xp=t, or no xp (XPPAUT's default), the
 * time series of yp (the first variable unless the file says), and the
 * portrait shows the first two variables with the window fitted (the file's
 * xlo..xhi is then a time span); otherwise the portrait of xp and yp. A
 * 'view both' the user chose stays.
 */
static void
session_file_view(struct session *s, const struct model *m)
{
	int time = m->xp == MODEL_AXIS_T;

	s->view.xvar = m->xp;
	s->view.yvar = m->yp;
	s->nts = 0;
	if (time) {
		s->ts_var[s->nts++] = m->yp;
		if (m->nvar > 1) {
			s->view.xvar = 0;
			s->view.yvar = 1;
			s->auto_window = 1;
		}
	} else {
		/* the time series shows the portrait's variables until 'axes t V ...' */
		if (m->xp != MODEL_AXIS_T)
			s->ts_var[s->nts++] = m->xp;
		if (m->yp != MODEL_AXIS_T && m->yp != m->xp)
			s->ts_var[s->nts++] = m->yp;
	}
	if (s->nts == 0)
		s->ts_var[s->nts++] = 0;
	if (s->kind != VIEW_BOTH)
		s->kind = time ? VIEW_TIME : VIEW_PORTRAIT;
}

void
session_set_model(struct session *s, struct model *m)
{
	/* allocate before anything is torn down: running out of memory here
	 * (oom.h) leaves the session as it was */
	double *par = xmalloc(((size_t)m->npar + 1) * sizeof *par);
	double *init = xmalloc(((size_t)m->nvar + 1) * sizeof *init);

	session_clear_seeds(s);
	bif_forget(s);
	free(s->par);
	free(s->init);
	model_free(s->m);
	s->m = m;
	s->models++;
	s->par = par;
	memcpy(s->par, m->par_value, (size_t)m->npar * sizeof *s->par);
	s->init = init;
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
	s->inputs++;
	s->auto_window = !m->has_window;
	session_file_view(s, m);
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

	*crossed = 0;
	if (s->nudge_factor > 1) {
		w = dir > 0 ? v * s->nudge_factor : v / s->nudge_factor;
		/* 0 stays 0; down past the normal doubles the value is lost for
		 * good (a subnormal set by hand goes back up: the product is exact) */
		if (!isfinite(w) || (fabs(w) < DBL_MIN && fabs(w) <= fabs(v)))
			return NAN;
		return w;
	}
	w = v + (dir > 0 ? 1 : -1) * s->nudge_step;
	if (!isfinite(w))
		return NAN;
	*crossed = v != 0 && (w == 0 || (w < 0) != (v < 0));
	return w;
}

void
session_invalidate(struct session *s)
{
	s->res.stale = 1;
	s->res.an_stale = 1;
	s->serial++;
	s->inputs++;
}

void
session_clear_seeds(struct session *s)
{
	s->inputs++;
	session_clear_trajs(s);
	free(s->seeds);
	free(s->seed_sgd);
	free(s->seed_dir);
	s->seeds = NULL;
	s->seed_sgd = NULL;
	s->seed_dir = NULL;
	s->nseed = s->seed_cap = s->seed_sgd_cap = s->seed_dir_cap = 0;
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
	grow_array((void **)&s->seed_dir, &s->seed_dir_cap, s->nseed + 1, sizeof *s->seed_dir);
	s->seed_dir[s->nseed] = JOB_DIR_SET;
	s->nseed++;
	s->res.stale = 1;
	s->serial++;
}

/* Variable i is in the problem: all are, but only the fast ones in the layer problem. */
static int
bif_in_problem(const struct model *m, int pvar, int i)
{
	int k;

	if (pvar < 0)
		return 1;
	for (k = 0; k < m->nfast; k++)
		if (m->fast[k] == i)
			return 1;
	return 0;
}

void
session_bif_request(struct session *s, int ppar, int pvar, double lo, double hi,
    enum diagram_mode mode)
{
	const struct model *m = s->m;
	int i, var = -1;

	bif_forget(s);
	s->bif.on = 1;
	s->bif.ppar = ppar;
	s->bif.pvar = pvar;
	s->bif.lo = lo;
	s->bif.hi = hi;
	s->bif.mode = mode;
	/* the portrait's horizontal variable when it is in the problem */
	if (s->view.xvar >= 0 && bif_in_problem(m, pvar, s->view.xvar))
		var = s->view.xvar;
	for (i = 0; i < m->nvar && var < 0; i++)
		if (bif_in_problem(m, pvar, i))
			var = i;
	s->bif.var = var < 0 ? 0 : var;
	s->serial++;
}

const char *
session_bif_name(const struct session *s)
{
	return s->bif.ppar >= 0 ? s->m->par[s->bif.ppar] : s->m->var[s->bif.pvar];
}

int
session_bif_current(const struct session *s)
{
	int i;

	if (!s->bif.on || !s->res.bif_done || s->res.bif == NULL || s->bif.kpar == NULL)
		return 0;
	for (i = 0; i < s->m->npar; i++)
		if (i != s->bif.ppar && s->bif.kpar[i] != s->par[i])
			return 0;
	for (i = 0; i < s->m->nvar; i++)
		if (i != s->bif.pvar && s->bif.kinit[i] != s->init[i])
			return 0;
	return 1;
}

/* Where to look for equilibria: the window for the plotted variables, else around the data. */
static void
bif_search_box(const struct session *s, struct job_bif *jb)
{
	int i, n = s->m->nvar;

	jb->vlo = xcalloc((size_t)n * 2, sizeof *jb->vlo);
	jb->vhi = jb->vlo + n;
	for (i = 0; i < n; i++) {
		if (i == s->view.xvar) {
			jb->vlo[i] = s->view.xlo;
			jb->vhi[i] = s->view.xhi;
		} else if (i == s->view.yvar) {
			jb->vlo[i] = s->view.ylo;
			jb->vhi[i] = s->view.yhi;
		}
	}
}

/* The diagram goes into the job when the results do not hold it; note what it starts from. */
static void
bif_into_job(struct session *s, struct job *j)
{
	size_t np = (size_t)s->m->npar + 1, nv = (size_t)s->m->nvar;

	if (!s->bif.on || session_bif_current(s))
		return;
	j->bif.on = 1;
	j->bif.ppar = s->bif.ppar;
	j->bif.pvar = s->bif.pvar;
	j->bif.lo = s->bif.lo;
	j->bif.hi = s->bif.hi;
	bif_search_box(s, &j->bif);
	s->bif.kpar = xrealloc(s->bif.kpar, np * sizeof *s->bif.kpar);
	memcpy(s->bif.kpar, s->par, (np - 1) * sizeof *s->par);
	s->bif.kinit = xrealloc(s->bif.kinit, nv * sizeof *s->bif.kinit);
	memcpy(s->bif.kinit, s->init, nv * sizeof *s->init);
}

int
session_portrait_cols(const struct session *s, int cols)
{
	return s->bif.on && s->bif.mode == DIAGRAM_BESIDE ? cols - cols / 2 : cols;
}

void
session_set_last_dir(struct session *s, int dir)
{
	if (s->nseed > 0)
		s->seed_dir[s->nseed - 1] = (signed char)dir;
}

struct job *
session_make_job(struct session *s, int cols, int rows, int want_ncl)
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
	j->dir = xmalloc(s->nseed + 1);
	if (s->nseed > 0)
		memcpy(j->dir, s->seed_dir, s->nseed);
	j->view = s->view;
	j->auto_window = s->auto_window;
	j->cols = cols;
	j->rows = rows;
	j->want_ncl = want_ncl;
	j->want_analysis = 1;
	j->threads = session_threads(s);
	bif_into_job(s, j);
	/* the live view's fate map, while the inputs are those it was asked for */
	if (s->map_want && s->serial == s->map_serial) {
		j->want_map = 1;
		j->map_a1 = s->map_a1;
		j->map_a2 = s->map_a2;
		j->map_id = s->map_id;
	}
	/* inside a sweep or a map the values are what is sharded, not the seeds */
	if (!s->sweeping) {
		j->shard_k = s->shard_k;
		j->shard_n = s->shard_n;
	}
	/* seeds added since the last finished job: only they run */
	j->inputs = s->inputs;
	job_bounds_init(&j->bounds0);
	if (s->res.valid_inputs == s->inputs && s->res.valid <= s->nseed &&
	    s->res.valid <= s->res.ntraj && j->shard_n <= 1) {
		size_t i;
		j->first = s->res.valid;
		for (i = 0; i < j->first; i++)
			job_bounds_add(&j->bounds0, &s->res.trajs[i], s->view.xvar, s->view.yvar);
	}
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
	struct job *j;
	int pc, pr;

	session_portrait_size(s, s->cols, s->rows, &pc, &pr);
	j = session_make_job(s, pc, pr, s->show_nullclines);
	struct job_sink sink = {sync_emit, s};

	if (j->first == 0)
		session_clear_trajs(s);
	job_run(j, &sink, stop, arg);
	job_free(j);
}

int
session_run_bif(struct session *s, solve_should_stop stop, void *arg)
{
	struct job *j;
	struct job_sink sink = {sync_emit, s};

	if (!s->bif.on)
		return -1;
	if (session_bif_current(s))
		return 0;
	j = session_make_job(s, s->cols, s->rows, 0);
	job_run_bif(j, &sink, stop, arg);
	job_free(j);
	return s->res.bif ? 0 : -1;
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

/* [lo, hi] scaled by k about its centre, within +-DBL_MAX/2 so that its width is a number. */
static void
scale_range(double *lo, double *hi, double k)
{
	double c = 0.5 * *lo + 0.5 * *hi, h = fmin((0.5 * *hi - 0.5 * *lo) * k, DBL_MAX / 4);

	*lo = fmax(c - h, -DBL_MAX / 2);
	*hi = fmin(c + h, DBL_MAX / 2);
}

struct analysis *
session_analyze_box(struct session *s, double scale, int want_eq, int want_manifold)
{
	struct view v;
	struct analysis_req req;

	session_effective_view(s, &v);
	scale_range(&v.xlo, &v.xhi, scale);
	scale_range(&v.ylo, &v.yhi, scale);
	job_analysis_req(&req, s->m, s->par, s->init, &v, s->cols, s->rows, 0);
	req.want_eq = want_eq;
	req.want_manifold = want_manifold;
	return analysis_compute(&req);
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
	if (s->bif.on && s->m) {
		sc->dg.mode = s->bif.mode;
		sc->dg.pname = session_bif_name(s);
		sc->dg.pvar = s->bif.pvar;
		sc->dg.var = s->bif.var;
		sc->dg.lo = s->bif.lo;
		sc->dg.hi = s->bif.hi;
		sc->dg.now = s->bif.ppar >= 0 ? s->par[s->bif.ppar] : s->init[s->bif.pvar];
	}
	sc->kind = s->kind;
	sc->ts_var = s->ts_var;
	sc->nts = s->nts;
	results_ts_view(&s->res, s->ts_var, s->nts, &sc->ts_v);
	sc->seeds = s->seeds;
	sc->nseed = s->nseed;
	sc->seed_dir = s->seed_dir;
	sc->set_dir = s->set.dir;
	if (s->show_map && s->res.map)
		sc->other = SCENE_MAP;
	else if (s->show_orbit && s->res.orbit)
		sc->other = SCENE_ORBIT;
	sc->orbit = s->res.orbit;
	sc->orbit_var = s->res.orbit_var;
	sc->orbit_vname = s->res.orbit_vname;
}

void
session_portrait_size(const struct session *s, int cols, int rows, int *pcols, int *prows)
{
	struct plot_rect pr, tr;

	/* the diagram's share first (plot_scene), then the views' layout in the rest */
	plot_layout(s->kind, session_portrait_cols(s, cols), rows, &pr, &tr);
	*pcols = pr.cols;
	*prows = pr.rows;
}

const char *
session_other_picture(const struct session *s)
{
	if (s->show_map && s->res.map)
		return "fate map";
	if (s->show_orbit && s->res.orbit)
		return "orbit diagram";
	return NULL;
}

int
session_draw_picture(const struct session *s, struct canvas *c)
{
	const char *other = session_other_picture(s);

	if (other == NULL)
		return 0;
	if (s->show_map) {
		struct plot_classgrid g;
		plot_map_grid(s->res.map, &g);
		plot_classgrid(c, &g);
		return 1;
	}
	plot_orbit(c, s->res.orbit, s->res.orbit_var, s->res.orbit_vname);
	return 1;
}

void
session_shown_scene(struct session *s, int cols, int rows, struct scene *sc)
{
	if (!(s->bif.on && s->bif.mode == DIAGRAM_ONLY)) {
		int pc, pr;
		session_portrait_size(s, cols, rows, &pc, &pr);
		session_analyze(s, s->show_nullclines, pc, pr);
	}
	session_scene(s, sc);
}

struct canvas *
session_render(struct session *s, int cols, int rows)
{
	struct canvas *c = canvas_new(cols, rows, s->mode);
	struct scene sc;

	if (session_draw_picture(s, c))
		return c;
	session_shown_scene(s, cols, rows, &sc);
	plot_scene(c, &sc, NULL);
	return c;
}
