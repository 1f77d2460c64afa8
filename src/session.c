/* session: state, seeds and synchronous runs. */
#include "session.h"

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
}

void
session_clear_trajs(struct session *s)
{
	size_t i;

	for (i = 0; i < s->ntraj; i++)
		traj_fini(&s->trajs[i]);
	free(s->trajs);
	s->trajs = NULL;
	s->ntraj = 0;
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
	/* fast-slow models show their geometry; others their vector field */
	s->field = m->nfast > 0 ? FIELD_SLOW : FIELD_FULL;
	s->show_manifold = m->nfast > 0;
	s->show_nullclines = m->nfast == 0;
	s->an_stale = 1;
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
}

void
session_add_seed(struct session *s, const double *y0)
{
	size_t n = (size_t)s->m->nvar;

	grow_array((void **)&s->seeds, &s->seed_cap, (s->nseed + 1) * n, sizeof *s->seeds);
	memcpy(s->seeds + s->nseed * n, y0, n * sizeof *y0);
	s->nseed++;
	s->stale = 1;
}

void
session_integrate(const struct session *s, const double *y0, struct traj *tr,
    solve_should_stop stop, void *arg)
{
	struct traj back;
	size_t k, n;

	if (s->set.dir != 0) {
		solve_traj(s->m, s->par, y0, &s->set, s->set.dir, tr, stop, arg);
		return;
	}
	/* both directions: the backward part reversed, then the forward part */
	traj_init(&back, s->m->nvar);
	solve_traj(s->m, s->par, y0, &s->set, -1, &back, stop, arg);
	solve_traj(s->m, s->par, y0, &s->set, 1, tr, stop, arg);
	n = back.n + tr->n - 1;
	if (back.n > 1) {
		struct traj joined;
		traj_init(&joined, s->m->nvar);
		for (k = back.n; k-- > 1;)
			traj_append(&joined, back.t[k], back.y + k * (size_t)back.dim);
		for (k = 0; k < tr->n; k++)
			traj_append(&joined, tr->t[k], tr->y + k * (size_t)tr->dim);
		joined.stop = tr->stop;
		joined.t_stop = tr->t_stop;
		joined.stop_var = tr->stop_var;
		joined.method = tr->method;
		joined.t_switch = tr->t_switch;
		joined.nfev = tr->nfev + back.nfev;
		joined.njev = tr->njev + back.njev;
		joined.nsteps = tr->nsteps + back.nsteps;
		traj_fini(tr);
		*tr = joined;
	}
	(void)n;
	traj_fini(&back);
}

void
session_run(struct session *s, solve_should_stop stop, void *arg)
{
	size_t i, n = (size_t)s->m->nvar;

	session_clear_trajs(s);
	s->trajs = xcalloc(s->nseed + 1, sizeof *s->trajs);
	for (i = 0; i < s->nseed; i++) {
		traj_init(&s->trajs[i], s->m->nvar);
		session_integrate(s, s->seeds + i * n, &s->trajs[i], stop, arg);
		s->ntraj = i + 1;
	}
	s->stale = 0;
}

void
session_effective_view(const struct session *s, struct view *v)
{
	size_t i, k;
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;

	*v = s->view;
	if (!s->auto_window)
		return;
	for (i = 0; i < s->ntraj; i++) {
		const struct traj *tr = &s->trajs[i];
		for (k = 0; k < tr->n; k++) {
			double x = plot_coord(tr, k, v->xvar), y = plot_coord(tr, k, v->yvar);
			if (!isfinite(x) || !isfinite(y))
				continue;
			xlo = fmin(xlo, x);
			xhi = fmax(xhi, x);
			ylo = fmin(ylo, y);
			yhi = fmax(yhi, y);
		}
	}
	if (!(xlo <= xhi && ylo <= yhi))
		return;
	/* a margin of 5%, and a unit box around a single point */
	if (xhi - xlo < 1e-12) {
		xlo -= 1;
		xhi += 1;
	}
	if (yhi - ylo < 1e-12) {
		ylo -= 1;
		yhi += 1;
	}
	v->xlo = xlo - 0.05 * (xhi - xlo);
	v->xhi = xhi + 0.05 * (xhi - xlo);
	v->ylo = ylo - 0.05 * (yhi - ylo);
	v->yhi = yhi + 0.05 * (yhi - ylo);
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

struct canvas *
session_render(struct session *s, int cols, int rows)
{
	struct canvas *c = canvas_new(cols, rows, s->mode);
	struct view v;
	struct plot_input in;

	memset(&in, 0, sizeof in);
	session_effective_view(s, &v);
	in.m = s->m;
	in.v = &v;
	in.trajs = s->trajs;
	in.ntraj = (int)s->ntraj;
	in.an = session_analyze(s, s->show_nullclines);
	in.par = s->par;
	in.base = s->init;
	in.field = s->field;
	in.show_manifold = s->show_manifold;
	in.show_nullclines = s->show_nullclines;
	plot_portrait(c, &in, NULL);
	return c;
}
