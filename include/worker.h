/*
 * worker: the one background thread. The UI submits jobs (the latest wins:
 * an unstarted job is replaced), bumps the generation to cancel, and takes
 * finished results (deltas) when the wake pipe says there are some. The
 * worker never touches the screen; each result passes from the worker to
 * the UI under the mutex, with exactly one owner at a time.
 */
#ifndef CANARD_WORKER_H
#define CANARD_WORKER_H

#include "job.h"

enum delta_kind { DELTA_ANALYSIS, DELTA_TRAJ, DELTA_DONE };

/* One result, owned by whoever holds the delta. */
struct delta {
	enum delta_kind kind;
	unsigned long gen;
	size_t index;		/* DELTA_TRAJ */
	struct traj *tr;	/* DELTA_TRAJ */
	struct analysis *an;	/* DELTA_ANALYSIS */
	struct view view;	/* DELTA_ANALYSIS */
	int cols, rows, has_ncl;	/* DELTA_ANALYSIS */
	size_t nseed;		/* DELTA_DONE */
	int cancelled;		/* DELTA_DONE */
	double seconds;		/* DELTA_DONE */
	struct delta *next;
};

struct worker;

/*
 * Start the thread. wake_fd is the write end of a non-blocking pipe: one
 * byte is written when results wait in an empty outbox. Signals are blocked
 * in the thread.
 */
struct worker *worker_new(int wake_fd);
/* Stop and join the thread, free everything still queued. */
void worker_free(struct worker *w);
/* Queue job (the worker owns it); returns its generation. */
unsigned long worker_submit(struct worker *w, struct job *job);
/* Abandon whatever runs or waits (Ctrl-C). */
void worker_cancel(struct worker *w);
/* The current generation: results of older ones are stale. */
unsigned long worker_generation(struct worker *w);
/* Take every delta waiting, oldest first (the caller frees with delta_free_list). */
struct delta *worker_take(struct worker *w);
void delta_free_list(struct delta *d);
/* Nonzero while a job runs or waits. */
int worker_busy(struct worker *w);

#endif
