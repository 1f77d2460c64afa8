/*
 * worker: the one background thread. The UI submits jobs (the latest wins:
 * an unstarted job is replaced), bumps the generation to cancel, and takes
 * finished pieces (struct job_result, job.h) when the wake pipe says there
 * are some; the UI installs them with results_apply. The
 * worker never touches the screen; each piece passes from the worker to
 * the UI under the mutex, with exactly one owner at a time.
 */
#ifndef CANARD_WORKER_H
#define CANARD_WORKER_H

#include "job.h"

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
/* Take every piece waiting, oldest first (the caller owns the list). */
struct job_result *worker_take(struct worker *w);
/* Nonzero while a job runs or waits. */
int worker_busy(struct worker *w);

#endif
