/*
 * job: one computation, as an immutable copy of its inputs (the model is
 * shared by reference, read-only) plus a generation number. job_run does
 * the work and hands each result on as a piece (struct job_result) as soon
 * as it is complete; it does not know which thread it runs on nor where the
 * pieces go. Piped mode applies them at once (results_apply), the
 * interactive UI through the worker thread: one code path for both.
 *
 * The job owns the request: the window on the axes (struct view), the size
 * of the canvas the analysis is traced for, and how both are worked out
 * (job_view, job_analysis_req) for anyone who needs them again.
 */
#ifndef CANARD_JOB_H
#define CANARD_JOB_H

#include "analysis.h"
#include "bif.h"
#include "fatemap.h"
#include "learn.h"
#include "solve.h"

/* A window on the axes: the world box and the projected variables (-1 = t). */
struct view {
	double xlo, xhi, ylo, yhi;
	int xvar, yvar;
};

/* A bifurcation diagram to compute (bif.h): the request, less the model and values. */
struct job_bif {
	int on;
	int ppar, pvar;		/* a parameter index, or the slow variable (layer problem) */
	double lo, hi;
	double *vlo, *vhi;	/* nvar each, one allocation at vlo (owned); may be NULL */
};
#define JOB_DIR_SET 2	/* a seed that goes the way 'set dir' says */
/* The way seed i runs (+1, -1, 0 both): dirs[i], or set_dir where that is
 * JOB_DIR_SET or dirs is NULL. */
int job_seed_dir(const signed char *dirs, size_t i, int set_dir);

/* The extent of trajectories on the view's axes (job_bounds_init, _add below). */
struct job_bounds {
	double xlo, xhi, ylo, yhi;
};

struct job {
	unsigned long gen;
	struct model *m;	/* a reference (model_ref), dropped by job_free */
	double *par, *init;	/* copies */
	struct settings set;
	double *seeds;		/* nseed * m->nvar */
	size_t nseed;
	struct sgd_run *sgd;	/* nseed: which seeds are SGD paths (learn.h); may be NULL */
	signed char *dir;	/* nseed directions (+1, -1, 0 both, JOB_DIR_SET: set.dir); may be NULL */
	struct view view;	/* the window asked for */
	int auto_window;	/* the view follows the trajectories: analysis after them */
	int cols, rows;		/* the canvas the analysis is traced for (pane or 'size') */
	int want_ncl;
	int want_analysis;
	int threads;		/* the pool's threads for the seeds and cells (1: this thread alone) */
	/* a fate map (fatemap.h) computed before the seeds, cell by cell, when
	 * want_map; the axes' names are borrowed from m; map_id goes with each cell */
	int want_map;
	struct fatemap_axis map_a1, map_a2;
	unsigned long map_id;
	struct job_bif bif;	/* the diagram, computed before the trajectories */
	/* the JOB_DONE to hand over if the job runs out of memory (job_result_nomem),
	 * made when it is submitted so that saying so takes no memory; owned */
	struct job_result *nomem_done;
	/* --shard K/N: only the seeds i with i % N == K - 1 run; the others are
	 * left out (their results stay empty). 0/0: every seed */
	int shard_k, shard_n;
	/* the seeds before first are in the results already, integrated from the
	 * same inputs (a trajectory added leaves the others as they are): they
	 * are not run again, and bounds0 is their extent for an automatic
	 * window. inputs is the session's stamp of those inputs, handed back
	 * with JOB_DONE (results.h valid_inputs) */
	size_t first;
	struct job_bounds bounds0;
	unsigned long inputs;
};

/*
 * One piece of what a job produced. Every pointer is owned by whoever holds
 * the piece (job_result_free frees what is left). A new kind of result (a
 * bifurcation diagram, a fate map) is a new enum value, a pointer here, a
 * line in job_result_free and a case in results_apply.
 */
enum job_result_kind { JOB_ANALYSIS, JOB_TRAJ, JOB_BIF, JOB_MAP_CELL, JOB_DONE };

struct job_result {
	enum job_result_kind kind;
	unsigned long gen;
	size_t index;		/* JOB_TRAJ: which seed; JOB_MAP_CELL: which cell */
	struct fatemap_cell cell;	/* JOB_MAP_CELL (its class is a static string) */
	unsigned long map_id;	/* JOB_MAP_CELL: the job's map_id */
	struct traj *tr;	/* JOB_TRAJ */
	struct analysis *an;	/* JOB_ANALYSIS */
	struct view view;	/* JOB_ANALYSIS: the view it was traced for */
	int cols, rows, has_ncl;	/* JOB_ANALYSIS */
	struct bif_result *bif;	/* JOB_BIF: the diagram so far (a copy) */
	int bif_done;		/* JOB_BIF: it is complete */
	char bif_error[512];	/* JOB_BIF: why there is none (bif is NULL then) */
	size_t nseed;		/* JOB_DONE */
	unsigned long inputs;	/* JOB_DONE: the job's inputs stamp */
	int cancelled;		/* JOB_DONE */
	int nomem;		/* JOB_DONE: cancelled because memory ran out */
	double seconds;		/* JOB_DONE */
	struct job_result *next;
};

/* Free a list of pieces and whatever they still own. */
void job_result_free(struct job_result *list);

/* Where pieces go: emit takes ownership of r. */
struct job_sink {
	void (*emit)(void *ctx, struct job_result *r);
	void *ctx;
};

void job_free(struct job *job);

/*
 * Run: the fate map's cells when one is asked for (want_map: one JOB_MAP_CELL
 * a cell, in cell order), the analysis (first, unless the window follows the
 * trajectories), the bifurcation diagram when asked for (JOB_BIF pieces as it
 * fills in, at most every 30 ms, then the complete one), then every seed's
 * trajectory (an SGD path for a seed marked in job->sgd; only the shard's
 * seeds under a shard), on job->threads threads, emitted in seed order on
 * the calling thread, then JOB_DONE. stop (may be NULL) is asked often, from
 * every thread of the pool (it must be thread-safe); when it says stop, the
 * run ends with a cancelled JOB_DONE. Running out of memory unwinds out of
 * job_run (oom.h) on the calling thread.
 */
void job_run(const struct job *job, const struct job_sink *sink, solve_should_stop stop,
    void *arg);

/* The diagram alone (job->bif), its pieces to the sink; no JOB_DONE. */
void job_run_bif(const struct job *job, const struct job_sink *sink, solve_should_stop stop,
    void *arg);
/* The JOB_DONE of a job that ran out of memory (cancelled, nomem), made
 * beforehand by whoever runs the job so that it can say so then. */
struct job_result *job_result_nomem(const struct job *job);

/*
 * Coordinate of point k of a trajectory on axis var (an axis code, model.h:
 * a variable, t, or an aux quantity; NaN when the aux values are absent).
 */
double job_coord(const struct traj *tr, size_t k, int var);
/*
 * The coordinate as drawn: a variable the file folds ('@ fold=x',
 * 'tor_per=P') modulo P, in [0, P), with *lap the turns taken, so that a
 * line is not drawn across the wrap; otherwise job_coord and *lap = 0.
 */
double job_coord_drawn(const struct model *m, const struct traj *tr, size_t k, int var,
    double *lap);
/* Value x of axis var as drawn (folded as above). */
double job_fold(const struct model *m, int var, double x, double *lap);
/*
 * The segment from a to b (unfolded (x, y) on axes xvar, yvar) as drawn when
 * it goes round the circle: cut where it crosses a multiple of a period,
 * each piece folded (4 values a piece: x0 y0 x1 y1, the cut ends on 0 or P).
 * Returns the number of pieces written to out (room for max), 0 when there
 * are more crossings than that.
 */
int job_fold_pieces(const struct model *m, int xvar, int yvar, const double a[2],
    const double b[2], double *out, int max);

/* The extent of trajectories on the axes. */
void job_bounds_init(struct job_bounds *b);
void job_bounds_add(struct job_bounds *b, const struct traj *tr, int xvar, int yvar);
/*
 * The view shown: the window, or with auto_window the extent b with a 5%
 * margin (the window's box when b is empty).
 */
void job_view(const struct view *window, int auto_window, const struct job_bounds *b,
    struct view *v);

/* The analysis request for a view and canvas size (equilibria and manifold always). */
void job_analysis_req(struct analysis_req *req, const struct model *m, const double *par,
    const double *base, const struct view *v, int cols, int rows, int want_ncl);

#endif
