/*
 * worker: a pthread with a one-slot mailbox and an outbox list.
 *
 * Shared state, all guarded by mu unless marked atomic:
 *   gen      atomic: bumped by submit and cancel; the running job compares
 *            its own generation with it at every step (through should_stop)
 *   pending  the next job (a newer submit replaces and frees it)
 *   outbox   pieces for the UI, oldest first (tail for appending)
 *   running  a job is being worked on
 *   quit     the thread should leave
 */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oom.h"

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long gen;	/* atomic */
	struct job *pending;	/* guarded by mu */
	struct job_result *outbox, *tail;	/* guarded by mu */
	int running;		/* guarded by mu */
	int quit;		/* guarded by mu */
	int wake_fd;
};

/* Worker side: hand one piece over; wake the UI if the outbox was empty. */
static void
post(struct worker *w, struct job_result *d)
{
	int was_empty;

	pthread_mutex_lock(&w->mu);
	was_empty = w->outbox == NULL;
	if (w->tail)
		w->tail->next = d;
	else
		w->outbox = d;
	w->tail = d;
	pthread_mutex_unlock(&w->mu);
	if (was_empty) {
		char b = 1;
		/* EAGAIN: a wake-up is pending already */
		if (write(w->wake_fd, &b, 1) < 0 && errno != EAGAIN)
			(void)0;
	}
}

struct run_ctx {
	struct worker *w;
	unsigned long gen;
};

static int
stale(void *arg)
{
	struct run_ctx *c = arg;
	return __atomic_load_n(&c->w->gen, __ATOMIC_ACQUIRE) != c->gen;
}

/* The job's sink on this thread: every piece goes to the outbox. */
static void
sink_emit(void *ctx, struct job_result *r)
{
	struct run_ctx *c = ctx;

	post(c->w, r);
}

/*
 * Run one job under a recovery point of this thread (oom.h): running out of
 * memory ends the job, not canard, and the UI hears of it through the
 * JOB_DONE made by worker_submit. What the job had allocated is lost; no lock is held
 * across job_run, so none is left taken.
 */
static void
run_guarded(struct worker *w, struct job *job, const struct job_sink *sink,
    struct run_ctx *ctx)
{
	struct oom_point op;

	if (OOM_TRY(&op)) {
		post(w, job->nomem_done);
		job->nomem_done = NULL;
		return;
	}
	job_run(job, sink, stale, ctx);
	oom_pop(&op);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	for (;;) {
		struct job *job;
		struct run_ctx ctx;
		struct job_sink sink = {sink_emit, NULL};

		pthread_mutex_lock(&w->mu);
		while (w->pending == NULL && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->quit) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		job = w->pending;
		w->pending = NULL;
		w->running = 1;
		pthread_mutex_unlock(&w->mu);

		ctx.w = w;
		ctx.gen = job->gen;
		sink.ctx = &ctx;
		if (!stale(&ctx))
			run_guarded(w, job, &sink, &ctx);
		job_free(job);

		pthread_mutex_lock(&w->mu);
		w->running = 0;
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

struct worker *
worker_new(int wake_fd)
{
	struct worker *w = xcalloc(1, sizeof *w);
	sigset_t all, old;

	w->wake_fd = wake_fd;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* signals belong to the UI thread: the worker starts with all blocked */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		fprintf(stderr, "canard: cannot start the worker thread\n");
		exit(2);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return w;
}

void
worker_free(struct worker *w)
{
	if (w == NULL)
		return;
	worker_cancel(w);
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	job_free(w->pending);
	job_result_free(w->outbox);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

unsigned long
worker_submit(struct worker *w, struct job *job)
{
	struct job *old;
	unsigned long g;
	/* made on the submitting thread: the worker can then say "out of memory"
	 * without allocating (run_guarded) */
	struct job_result *nomem = job_result_nomem(job);

	pthread_mutex_lock(&w->mu);
	g = __atomic_add_fetch(&w->gen, 1, __ATOMIC_ACQ_REL);
	job->gen = g;
	nomem->gen = g;
	job->nomem_done = nomem;
	old = w->pending;
	w->pending = job;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	job_free(old);		/* never started: the latest job wins */
	return g;
}

void
worker_cancel(struct worker *w)
{
	struct job *old;

	pthread_mutex_lock(&w->mu);
	__atomic_add_fetch(&w->gen, 1, __ATOMIC_ACQ_REL);
	old = w->pending;
	w->pending = NULL;
	pthread_mutex_unlock(&w->mu);
	job_free(old);
}

unsigned long
worker_generation(struct worker *w)
{
	return __atomic_load_n(&w->gen, __ATOMIC_ACQUIRE);
}

struct job_result *
worker_take(struct worker *w)
{
	struct job_result *d;

	pthread_mutex_lock(&w->mu);
	d = w->outbox;
	w->outbox = w->tail = NULL;
	pthread_mutex_unlock(&w->mu);
	return d;
}

int
worker_busy(struct worker *w)
{
	int busy;

	pthread_mutex_lock(&w->mu);
	busy = w->running || w->pending != NULL;
	pthread_mutex_unlock(&w->mu);
	return busy;
}
