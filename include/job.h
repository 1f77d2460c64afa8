/*
 * job: one computation, as an immutable copy of its inputs (the model is
 * shared by reference, read-only) plus a generation number. job_run does
 * the work and hands results to a sink as they complete; it does not know
 * which thread it runs on. Piped mode runs it on the main thread, the
 * interactive UI on the worker thread: one code path for both.
 */
#ifndef CANARD_JOB_H
#define CANARD_JOB_H

#include "analysis.h"
#include "plot.h"
#include "solve.h"

struct job {
	unsigned long gen;
	struct model *m;	/* a reference (model_ref), dropped by job_free */
	double *par, *init;	/* copies */
	struct settings set;
	double *seeds;		/* nseed * m->nvar */
	size_t nseed;
	struct view view;
	int auto_window;	/* the view follows the trajectories: analysis after them */
	int cols, rows;
	int want_ncl;
	int want_analysis;
	int threads;		/* the pool's threads for the seeds (1: this thread alone) */
};

/* Where results go. Ownership of every pointer passes to the sink. */
struct job_sink {
	void (*analysis)(void *ctx, const struct job *job, struct analysis *an,
	    const struct view *v);
	void (*traj)(void *ctx, const struct job *job, size_t index, struct traj *tr);
	void (*done)(void *ctx, const struct job *job, int cancelled, double seconds);
	void *ctx;
};

void job_free(struct job *job);

/*
 * Run: the analysis (first, unless the window follows the trajectories), then
 * every seed's trajectory, on job->threads threads, handed to the sink in seed
 * order on the calling thread. stop (may be NULL) is asked often, from every
 * thread of the pool (it must be thread-safe); when it says stop, the run ends
 * with done(cancelled = 1).
 */
void job_run(const struct job *job, const struct job_sink *sink, solve_should_stop stop,
    void *arg);

/* The extent of trajectories on the axes, and the view it makes (5% margin). */
struct job_bounds {
	double xlo, xhi, ylo, yhi;
};
void job_bounds_init(struct job_bounds *b);
void job_bounds_add(struct job_bounds *b, const struct traj *tr, int xvar, int yvar);
/* Sets v's box when anything was added; leaves v alone otherwise. */
void job_bounds_view(const struct job_bounds *b, struct view *v);

#endif
