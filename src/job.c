/* job: integrate the seeds and analyse the model, handing each result on. */
#include "job.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pool.h"

void
job_free(struct job *job)
{
	if (job == NULL)
		return;
	model_free(job->m);
	free(job->par);
	free(job->init);
	free(job->seeds);
	free(job->sgd);
	free(job->bif.vlo);
	free(job->dir);
	job_result_free(job->nomem_done);
	free(job);
}

int
job_seed_dir(const signed char *dirs, size_t i, int set_dir)
{
	return dirs && dirs[i] != JOB_DIR_SET ? dirs[i] : set_dir;
}

/* One seed; dir = both joins the reversed backward part to the forward one. */
static void
integrate(const struct job *job, size_t index, const double *y0, struct traj *tr,
    solve_should_stop stop, void *arg)
{
	const struct model *m = job->m;
	struct traj back, joined;
	struct settings set = job->set;
	size_t k;
	int dir = job_seed_dir(job->dir, index, set.dir);

	/* each trajectory its own noise, whatever else the job holds */
	set.stream = index;
	if (dir != 0) {
		solve_traj(m, job->par, y0, &set, dir, tr, stop, arg);
		traj_shrink(tr);
		traj_fill_aux(m, job->par, tr);
		return;
	}
	traj_init(&back, m->nvar);
	set.stream = ~(unsigned long)index;
	solve_traj(m, job->par, y0, &set, -1, &back, stop, arg);
	set.stream = index;
	solve_traj(m, job->par, y0, &set, 1, tr, stop, arg);
	if (back.n > 1) {
		traj_init(&joined, m->nvar);
		for (k = back.n; k-- > 1;)
			traj_append(&joined, back.t[k], back.y + k * (size_t)back.dim);
		for (k = 0; k < tr->n; k++)
			traj_append(&joined, tr->t[k], tr->y + k * (size_t)tr->dim);
		/* running out of memory anywhere (the join too) is what the user must hear */
		if (joined.stop != SOLVE_MEMORY)
			joined.stop = back.stop == SOLVE_MEMORY ? SOLVE_MEMORY : tr->stop;
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
	traj_fini(&back);
	traj_shrink(tr);
	traj_fill_aux(m, job->par, tr);
}

double
job_coord(const struct traj *tr, size_t k, int var)
{
	if (var >= 0)
		return tr->y[k * (size_t)tr->dim + (size_t)var];
	if (var == MODEL_AXIS_T)
		return tr->t[k];
	var = MODEL_AXIS_AUX(0) - var;
	return tr->aux && var < tr->naux && k < tr->aux_n ?
	    tr->aux[k * (size_t)tr->naux + (size_t)var] : NAN;
}

double
job_coord_drawn(const struct model *m, const struct traj *tr, size_t k, int var, double *lap)
{
	return job_fold(m, var, job_coord(tr, k, var), lap);
}

/* The crossings of multiples of axis var's period by a -> b, as fractions of the way, appended to s. */
static int
fold_cuts(const struct model *m, int var, double a, double b, double *s, int n, int max)
{
	double p, la, lb, q;

	if (var < 0 || m->fold == NULL || !((p = m->fold[var]) > 0) || !(a != b))
		return n;
	job_fold(m, var, a, &la);
	job_fold(m, var, b, &lb);
	for (q = fmin(la, lb) + 1; q <= fmax(la, lb); q++) {
		if (n >= max)
			return max + 1;
		s[n++] = (q * p - a) / (b - a);
	}
	return n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The point a fraction s of the way from a to b on axis var, folded by lap (not recomputed). */
static double
fold_at(const struct model *m, int var, double a, double b, double s, double lap)
{
	double x = a + s * (b - a);

	return var < 0 || m->fold == NULL || !(m->fold[var] > 0) ? x : x - lap * m->fold[var];
}

int
job_fold_pieces(const struct model *m, int xvar, int yvar, const double a[2],
    const double b[2], double *out, int max)
{
	double s[66];
	int n = 1, i, np = 0;

	s[0] = 0;
	n = fold_cuts(m, xvar, a[0], b[0], s, n, 64);
	if (n <= 64)
		n = fold_cuts(m, yvar, a[1], b[1], s, n, 64);
	if (n > 64 || !isfinite(a[0] + a[1] + b[0] + b[1]))
		return 0;
	s[n++] = 1;
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	for (i = 0; i + 1 < n; i++) {
		double sm = 0.5 * (s[i] + s[i + 1]), lx, ly;
		if (!(s[i + 1] > s[i]))
			continue;
		if (np >= max)
			return 0;
		/* the piece's laps are its middle's: its ends land on 0 or P */
		job_fold(m, xvar, a[0] + sm * (b[0] - a[0]), &lx);
		job_fold(m, yvar, a[1] + sm * (b[1] - a[1]), &ly);
		out[4 * np] = fold_at(m, xvar, a[0], b[0], s[i], lx);
		out[4 * np + 1] = fold_at(m, yvar, a[1], b[1], s[i], ly);
		out[4 * np + 2] = fold_at(m, xvar, a[0], b[0], s[i + 1], lx);
		out[4 * np + 3] = fold_at(m, yvar, a[1], b[1], s[i + 1], ly);
		np++;
	}
	return np;
}

double
job_fold(const struct model *m, int var, double x, double *lap)
{
	double p, r;

	*lap = 0;
	if (var < 0 || m->fold == NULL || !((p = m->fold[var]) > 0) || !isfinite(x))
		return x;
	/* the remainder in [0, p): fmod is exact, and a tiny negative x adds p,
	 * which can round to p itself */
	r = fmod(x, p);
	if (r < 0)
		r += p;
	if (r >= p)
		r = 0;
	*lap = floor((x - r) / p + 0.5);
	return r;
}

void
job_bounds_init(struct job_bounds *b)
{
	b->xlo = b->ylo = INFINITY;
	b->xhi = b->yhi = -INFINITY;
}

void
job_bounds_add(struct job_bounds *b, const struct traj *tr, int xvar, int yvar)
{
	size_t k;

	for (k = 0; k < tr->n; k++) {
		double x = job_coord(tr, k, xvar), y = job_coord(tr, k, yvar);
		if (!isfinite(x) || !isfinite(y))
			continue;
		b->xlo = fmin(b->xlo, x);
		b->xhi = fmax(b->xhi, x);
		b->ylo = fmin(b->ylo, y);
		b->yhi = fmax(b->yhi, y);
	}
}

void
job_view(const struct view *window, int auto_window, const struct job_bounds *b,
    struct view *v)
{
	double xlo = b->xlo, xhi = b->xhi, ylo = b->ylo, yhi = b->yhi;

	*v = *window;
	if (!auto_window || !(xlo <= xhi && ylo <= yhi))
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

void
job_analysis_req(struct analysis_req *req, const struct model *m, const double *par,
    const double *base, const struct view *v, int cols, int rows, int want_ncl)
{
	memset(req, 0, sizeof *req);
	req->m = m;
	req->par = par;
	req->base = base;
	req->xvar = v->xvar;
	req->yvar = v->yvar;
	req->xlo = v->xlo;
	req->xhi = v->xhi;
	req->ylo = v->ylo;
	req->yhi = v->yhi;
	req->cols = cols;
	req->rows = rows;
	req->want_eq = 1;
	req->want_ncl = want_ncl;
	req->want_manifold = 1;	/* without a split it says why there is none */
}

void
job_result_free(struct job_result *r)
{
	while (r) {
		struct job_result *next = r->next;
		if (r->tr) {
			traj_fini(r->tr);
			free(r->tr);
		}
		analysis_free(r->an);
		bif_result_free(r->bif);
		free(r);
		r = next;
	}
}

static struct job_result *
piece(const struct job *job, enum job_result_kind kind)
{
	struct job_result *r = xcalloc(1, sizeof *r);

	r->kind = kind;
	r->gen = job->gen;
	return r;
}

static void
analyse(const struct job *job, const struct view *v, const struct job_sink *sink)
{
	struct analysis_req req;
	struct job_result *r = piece(job, JOB_ANALYSIS);

	job_analysis_req(&req, job->m, job->par, job->init, v, job->cols, job->rows,
	    job->want_ncl);
	r->an = analysis_compute(&req);
	r->view = *v;
	r->cols = job->cols;
	r->rows = job->rows;
	r->has_ncl = job->want_ncl;
	sink->emit(sink->ctx, r);
}

static void
done(const struct job *job, const struct job_sink *sink, int cancelled, double seconds)
{
	struct job_result *r = piece(job, JOB_DONE);

	r->nseed = job->nseed;
	r->inputs = job->inputs;
	r->cancelled = cancelled;
	r->seconds = seconds;
	sink->emit(sink->ctx, r);
}

struct job_result *
job_result_nomem(const struct job *job)
{
	struct job_result *r = piece(job, JOB_DONE);

	r->nseed = job->nseed;
	r->cancelled = 1;
	r->nomem = 1;
	return r;
}

/* The seeds' trajectories, computed by the pool and handed to the sink in order. */
struct seed_run {
	const struct job *job;
	const struct job_sink *sink;
	solve_should_stop stop;
	void *arg;
	struct job_bounds *bounds;
	struct view *v;
	size_t *index;		/* item i of the pool is seed index[i] (a shard's seeds) */
	int cancelled;
};

static void *
seed_work(void *ctx, size_t i)
{
	struct seed_run *r = ctx;
	struct traj *tr = xmalloc(sizeof *tr);
	const struct job *job = r->job;
	const double *y0;

	i = r->index[i];
	y0 = job->seeds + i * (size_t)job->m->nvar;

	traj_init(tr, job->m->nvar);
	/* an SGD path owns its generator, so it runs on any thread of the pool */
	if (job->sgd && job->sgd[i].on)
		learn_path(job->m, job->par, y0, &job->set, &job->sgd[i], tr, r->stop, r->arg, NULL);
	else
		integrate(job, i, y0, tr, r->stop, r->arg);
	return tr;
}

static void
seed_discard(void *ctx, void *res)
{
	(void)ctx;
	traj_fini(res);
	free(res);
}

static int
seed_deliver(void *ctx, size_t i, void *res)
{
	struct seed_run *r = ctx;
	struct traj *tr = res;
	struct job_result *p;

	if (tr->stop == SOLVE_CANCELLED) {
		seed_discard(ctx, tr);
		r->cancelled = 1;
		return 1;
	}
	/* the extent is taken before the sink owns the trajectory */
	job_bounds_add(r->bounds, tr, r->v->xvar, r->v->yvar);
	p = piece(r->job, JOB_TRAJ);
	p->index = r->index[i];
	p->tr = tr;
	r->sink->emit(r->sink->ctx, p);
	return 0;
}

/* The diagram's progress: a copy handed on now and then, so that a view fills in. */
struct bif_run {
	const struct job *job;
	const struct job_sink *sink;
	double last;
};

static void
bif_emit(const struct bif_run *br, struct bif_result *b, int complete, const char *error)
{
	struct job_result *r = piece(br->job, JOB_BIF);

	r->bif = b;
	r->bif_done = complete;
	if (error)
		snprintf(r->bif_error, sizeof r->bif_error, "%s", error);
	br->sink->emit(br->sink->ctx, r);
}

static void
bif_progress(void *arg, const struct bif_result *b)
{
	struct bif_run *br = arg;
	double t = now_seconds();

	if (t - br->last < 0.03)
		return;
	br->last = t;
	bif_emit(br, bif_result_copy(b), 0, NULL);
}

void
job_run_bif(const struct job *job, const struct job_sink *sink, solve_should_stop stop, void *arg)
{
	struct bif_run br = {job, sink, 0};
	struct bif_req req;
	struct bif_result *b;
	struct diag d;

	memset(&req, 0, sizeof req);
	memset(&d, 0, sizeof d);
	req.m = job->m;
	req.par = job->par;
	req.state = job->init;
	req.ppar = job->bif.ppar;
	req.pvar = job->bif.pvar;
	req.lo = job->bif.lo;
	req.hi = job->bif.hi;
	req.vlo = job->bif.vlo;
	req.vhi = job->bif.vlo ? job->bif.vhi : NULL;
	req.cycles = 1;
	req.should_stop = stop;
	req.stop_arg = arg;
	req.progress = bif_progress;
	req.progress_arg = &br;
	b = bif_compute(&req, &d);
	if (stop && stop(arg)) {
		/* what was traced before the stop is shown, marked incomplete */
		if (b)
			bif_emit(&br, b, 0, NULL);
		return;
	}
	bif_emit(&br, b, b != NULL, b ? NULL : d.msg);
}

/* The fate map's cells, handed on one piece a cell as they come out of the pool in order. */
struct map_run {
	const struct job *job;
	const struct job_sink *sink;
};

static void
map_deliver(void *ctx, size_t k, const struct fatemap_cell *c)
{
	struct map_run *r = ctx;
	struct job_result *p = piece(r->job, JOB_MAP_CELL);

	p->index = k;
	p->cell = *c;
	p->map_id = r->job->map_id;
	r->sink->emit(r->sink->ctx, p);
}

/* Returns 1 when stop ended it early. */
static int
map_cells(const struct job *job, const struct job_sink *sink, solve_should_stop stop, void *arg)
{
	struct fatemap_req q;
	struct map_run r = {job, sink};
	size_t n = (size_t)job->map_a1.n * (size_t)job->map_a2.n;
	struct fatemap_cell *cells = xcalloc(n + 1, sizeof *cells);
	int stopped;

	memset(&q, 0, sizeof q);
	q.m = job->m;
	q.par = job->par;
	q.init = job->init;
	q.set = job->set;
	q.a1 = job->map_a1;
	q.a2 = job->map_a2;
	q.threads = job->threads;
	q.stop = stop;
	q.stop_arg = arg;
	stopped = fatemap_compute(&q, cells, map_deliver, &r);
	free(cells);
	return stopped;
}

void
job_run(const struct job *job, const struct job_sink *sink, solve_should_stop stop, void *arg)
{
	double t0 = now_seconds();
	struct view v;
	struct job_bounds b;
	struct seed_run r = {job, sink, stop, arg, &b, &v, NULL, 0};
	struct pool_task task = {0, seed_work, seed_deliver, seed_discard, &r, stop, arg};
	size_t i;
	int stopped;

	r.index = xmalloc((job->nseed + 1) * sizeof *r.index);
	for (i = job->first; i < job->nseed; i++)
		if (job->shard_n <= 1 || (int)(i % (size_t)job->shard_n) == job->shard_k - 1)
			r.index[task.n++] = i;
	/* the map first: it is what the view shows while one is asked for */
	if (job->want_map && map_cells(job, sink, stop, arg)) {
		free(r.index);
		done(job, sink, 1, now_seconds() - t0);
		return;
	}
	if (job->first > 0)
		b = job->bounds0;
	else
		job_bounds_init(&b);
	job_view(&job->view, job->auto_window, &b, &v);
	if (job->want_analysis && !job->auto_window)
		analyse(job, &v, sink);
	if (job->bif.on)
		job_run_bif(job, sink, stop, arg);
	stopped = pool_run(&task, job->threads);
	free(r.index);
	if (stopped || r.cancelled) {
		done(job, sink, 1, now_seconds() - t0);
		return;
	}
	/* with an automatic window the analysis needs the trajectories' extent */
	if (job->want_analysis && job->auto_window) {
		job_view(&job->view, job->auto_window, &b, &v);
		analyse(job, &v, sink);
	}
	done(job, sink, 0, now_seconds() - t0);
}
