/* results: install job results, and the view they make. */
#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
forget_fates(struct results *r)
{
	size_t i;

	for (i = 0; i < r->nfate; i++)
		free(r->fate[i]);
	free(r->fate);
	r->fate = NULL;
	r->nfate = 0;
}

void
results_init(struct results *r)
{
	memset(r, 0, sizeof *r);
}

void
results_clear_trajs(struct results *r)
{
	size_t i;

	forget_fates(r);
	for (i = 0; i < r->ntraj; i++)
		traj_fini(&r->trajs[i]);
	free(r->trajs);
	r->trajs = NULL;
	r->ntraj = r->traj_cap = 0;
	r->valid = 0;
}

void
results_clear_bif(struct results *r)
{
	bif_result_free(r->bif);
	r->bif = NULL;
	r->bif_done = 0;
	r->bif_error[0] = '\0';
}

void
results_map_free(struct results_map *map)
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
results_fini(struct results *r)
{
	analysis_free(r->an);
	r->an = NULL;
	results_clear_trajs(r);
	results_clear_bif(r);
	results_map_free(r->map);
	r->map = NULL;
	results_set_orbit(r, NULL, 0, NULL);
}

void
results_set_orbit(struct results *r, struct orbit_diagram *o, int var, const char *vname)
{
	orbit_free(r->orbit);
	free(r->orbit_vname);
	r->orbit = o;
	r->orbit_var = var;
	r->orbit_vname = o ? xstrdup(vname) : NULL;
}

/* A diagram, or the next stage of the one filling in, replaces the last. */
static void
install_bif(struct results *r, struct job_result *p)
{
	bif_result_free(r->bif);
	r->bif = p->bif;
	p->bif = NULL;
	r->bif_done = p->bif_done;
	snprintf(r->bif_error, sizeof r->bif_error, "%s", p->bif_error);
}

/* Trajectory index takes tr (and frees the holder); gaps get empty ones. */
static void
install_traj(struct results *r, size_t index, struct traj *tr)
{
	if (index >= r->traj_cap) {
		size_t cap = r->traj_cap ? r->traj_cap : 8;
		while (cap <= index)
			cap *= 2;
		r->trajs = xrealloc(r->trajs, cap * sizeof *r->trajs);
		memset(r->trajs + r->traj_cap, 0, (cap - r->traj_cap) * sizeof *r->trajs);
		r->traj_cap = cap;
	}
	while (r->ntraj < index) {
		traj_init(&r->trajs[r->ntraj], tr->dim);
		r->ntraj++;
	}
	if (index < r->ntraj)
		traj_fini(&r->trajs[index]);
	r->trajs[index] = *tr;
	free(tr);
	if (index >= r->ntraj)
		r->ntraj = index + 1;
}

/* A map cell of the map it was computed for (a later map, or one read back, is left alone). */
static void
install_cell(struct results *r, const struct job_result *p)
{
	struct results_map *mp = r->map;

	if (mp == NULL || mp->id != p->map_id || p->index >= (size_t)mp->n1 * (size_t)mp->n2)
		return;
	if (mp->cls[p->index] == NULL)
		mp->ndone++;
	free(mp->cls[p->index]);
	mp->cls[p->index] = xstrdup(p->cell.cls);
}

static void
install_analysis(struct results *r, struct job_result *p)
{
	analysis_free(r->an);
	r->an = p->an;
	p->an = NULL;
	r->an_view = p->view;
	r->an_cols = p->cols;
	r->an_rows = p->rows;
	r->an_has_ncl = p->has_ncl;
	r->an_stale = 0;
}

/* A finished job: trajectories beyond its seeds belong to an older one. */
static void
finish(struct results *r, const struct job_result *p)
{
	if (p->cancelled)
		return;
	while (r->ntraj > p->nseed)
		traj_fini(&r->trajs[--r->ntraj]);
	r->stale = 0;
	r->valid = r->ntraj;
	r->valid_inputs = p->inputs;
}

int
results_apply(struct results *r, struct job_result *list, unsigned long gen, int *changed,
    double *seconds)
{
	int done = 0;

	if (changed)
		*changed = 0;
	while (list) {
		struct job_result *p = list;
		list = p->next;
		p->next = NULL;
		if (p->gen == gen) {
			switch (p->kind) {
			case JOB_ANALYSIS:
				install_analysis(r, p);
				break;
			case JOB_TRAJ:
				install_traj(r, p->index, p->tr);
				p->tr = NULL;
				break;
			case JOB_BIF:
				install_bif(r, p);
				break;
			case JOB_MAP_CELL:
				install_cell(r, p);
				break;
			case JOB_DONE:
				finish(r, p);
				if (seconds)
					*seconds = p->seconds;
				done = p->nomem ? 2 : 1;
				break;
			}
			if (changed)
				*changed = 1;
			forget_fates(r);
		}
		job_result_free(p);
	}
	return done;
}

void
results_view(const struct results *r, const struct view *window, int auto_window,
    struct view *v)
{
	struct job_bounds b;
	size_t i;

	job_bounds_init(&b);
	for (i = 0; auto_window && i < r->ntraj; i++)
		job_bounds_add(&b, &r->trajs[i], window->xvar, window->yvar);
	job_view(window, auto_window, &b, v);
}

static int
same_view(const struct view *a, const struct view *b)
{
	return a->xlo == b->xlo && a->xhi == b->xhi && a->ylo == b->ylo && a->yhi == b->yhi &&
	    a->xvar == b->xvar && a->yvar == b->yvar;
}

int
results_analysis_fits(const struct results *r, const struct view *v, int cols, int rows,
    int need_ncl)
{
	return r->an && !r->an_stale && same_view(v, &r->an_view) &&
	    (cols == 0 || (r->an_cols == cols && r->an_rows == rows)) &&
	    (r->an_has_ncl || !need_ncl);
}

static char *
fate_text(const struct model *m, const double *par, const struct traj *tr,
    const struct analysis *a)
{
	struct fate f;
	char buf[64];

	if (tr->n == 0)
		return xstrdup("");
	fate_classify(m, par, tr, a, &f);
	switch (f.end) {
	case FATE_EQUILIBRIUM:
		if (f.eq >= 0)
			snprintf(buf, sizeof buf, "%s", eq_type_name(a->eq[f.eq].type));
		else
			snprintf(buf, sizeof buf, "equilibrium");
		break;
	case FATE_CYCLE:
		snprintf(buf, sizeof buf, "cycle T=%.4g", f.period);
		break;
	case FATE_ESCAPE:
		snprintf(buf, sizeof buf, "escape t=%.4g", tr->t_stop);
		break;
	default:
		snprintf(buf, sizeof buf, "running");
		break;
	}
	return xstrdup(buf);
}

const char *
results_fate_label(struct results *r, const struct model *m, const double *par, size_t i)
{
	static const struct analysis none;

	if (i >= r->ntraj)
		return "";
	if (r->nfate != r->ntraj) {
		forget_fates(r);
		r->fate = xcalloc(r->ntraj, sizeof *r->fate);
		r->nfate = r->ntraj;
	}
	if (r->fate[i] == NULL) {
			r->fate[i] = fate_text(m, par, &r->trajs[i], r->an ? r->an : &none);
	}
	return r->fate[i];
}

const char *
results_fate_known(const struct results *r, size_t i)
{
	return i < r->nfate && r->nfate == r->ntraj && r->fate[i] ? r->fate[i] : "";
}

void
results_start_text(const double *y0, int xv, int yv, char *buf, size_t size)
{
	if (xv >= 0 && yv >= 0)
		snprintf(buf, size, "%.3g,%.3g", y0[xv], y0[yv]);
	else
		snprintf(buf, size, "%.3g", y0[0]);
}

void
results_ts_view(const struct results *r, const int *vars, int nvars, struct view *v)
{
	struct job_bounds b;
	struct view window = {-1, 1, -1, 1, -1, 0};
	size_t i;
	int k;

	job_bounds_init(&b);
	for (i = 0; i < r->ntraj; i++)
		for (k = 0; k < nvars; k++)
			job_bounds_add(&b, &r->trajs[i], -1, vars[k]);
	window.yvar = nvars > 0 ? vars[0] : 0;
	job_view(&window, 1, &b, v);
	/* time starts where it starts: no margin to the left of t0 */
	if (b.xlo <= b.xhi && b.xhi > b.xlo) {
		v->xlo = b.xlo;
		v->xhi = b.xhi;
	}
}

int
scene_nullcline_drawn(const struct scene *sc, const struct curve *cv)
{
	return !(sc->m->nfast == 1 && sc->m->nslow == 1 && sc->show_manifold &&
	    cv->var == sc->m->fast[0] && sc->r->an->nbranch > 0);
}
