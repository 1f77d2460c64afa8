/* pool: items computed on several threads, delivered in order on the caller's. */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "oom.h"
#include "util.h"

/*
 * The state shared by the threads of one run, under mu. Items are claimed in
 * index order; a claim is refused when it would run further than `window`
 * items ahead of the next delivery, so that one slow item cannot make the
 * others pile up results without bound.
 */
struct pool_run {
	const struct pool_task *task;
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* an item finished, or the run stopped */
	size_t next_claim, next_deliver, window;
	size_t inflight;		/* claimed and not yet finished */
	void **result;
	unsigned char *done;
	int stopped;
	int nomem;			/* an item or a delivery ran out of memory */
};

/* Under mu: the next item this thread may compute, or n when there is none now. */
static size_t
claim(struct pool_run *r)
{
	const struct pool_task *t = r->task;

	if (r->stopped || r->next_claim >= t->n || r->next_claim >= r->next_deliver + r->window)
		return t->n;
	r->inflight++;
	return r->next_claim++;
}

/*
 * work(i) under a recovery point of this thread (oom.h): running out of
 * memory fails the item, never unwinds across the pool's lock or another
 * thread's stack. What work had allocated is lost.
 */
static void *
work_guarded(const struct pool_task *t, size_t i, int *nomem)
{
	struct oom_point op;

	if (OOM_TRY(&op)) {
		*nomem = 1;
		return NULL;
	}
	void *res = t->work(t->ctx, i);
	oom_pop(&op);
	return res;
}

/* Compute item i outside the lock, then publish it (mu is held on entry and exit). */
static void
compute(struct pool_run *r, size_t i)
{
	const struct pool_task *t = r->task;
	void *res;
	int stop, nomem = 0;

	pthread_mutex_unlock(&r->mu);
	stop = t->stop != NULL && t->stop(t->stop_arg);
	res = stop ? NULL : work_guarded(t, i, &nomem);
	pthread_mutex_lock(&r->mu);
	r->result[i] = res;
	r->done[i] = 1;
	r->inflight--;
	if (stop || nomem)
		r->stopped = 1;
	if (nomem)
		r->nomem = 1;
	pthread_cond_broadcast(&r->cv);
}

static void *
helper_main(void *arg)
{
	struct pool_run *r = arg;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		size_t i = claim(r);
		if (i < r->task->n) {
			compute(r, i);
			continue;
		}
		if (r->stopped || r->next_claim >= r->task->n)
			break;
		pthread_cond_wait(&r->cv, &r->mu);	/* the window is full: wait for deliveries */
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* deliver(i) under a recovery point: -1 when it ran out of memory. */
static int
deliver_guarded(const struct pool_task *t, size_t i, void *res)
{
	struct oom_point op;

	if (OOM_TRY(&op))
		return -1;
	int rc = t->deliver(t->ctx, i, res) != 0;
	oom_pop(&op);
	return rc;
}

/* The calling thread: deliver in order, compute when nothing can be delivered. */
static void
caller_loop(struct pool_run *r)
{
	const struct pool_task *t = r->task;

	pthread_mutex_lock(&r->mu);
	while (r->next_deliver < t->n && !r->stopped) {
		size_t i = r->next_deliver;
		if (r->done[i]) {
			void *res = r->result[i];
			int rc;
			r->result[i] = NULL;
			r->next_deliver++;
			pthread_cond_broadcast(&r->cv);	/* the window moved */
			pthread_mutex_unlock(&r->mu);
			rc = deliver_guarded(t, i, res);
			pthread_mutex_lock(&r->mu);
			if (rc != 0) {
				r->stopped = 1;
				if (rc < 0)
					r->nomem = 1;
				pthread_cond_broadcast(&r->cv);
			}
			continue;
		}
		i = claim(r);
		if (i < t->n)
			compute(r, i);
		else
			pthread_cond_wait(&r->cv, &r->mu);
	}
	/* after a stop, let the items in flight finish before their results are freed */
	while (r->inflight > 0)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

int
pool_run(const struct pool_task *task, int threads)
{
	struct pool_run r = {0};
	pthread_t *tid;
	int i, started = 0, stopped;
	size_t k;

	if (task->n == 0)
		return task->stop != NULL && task->stop(task->stop_arg);
	if (threads < 1)
		threads = 1;
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	if ((size_t)threads > task->n)
		threads = (int)task->n;
	r.task = task;
	r.window = 8 * (size_t)threads + 8;
	r.result = xcalloc(task->n, sizeof *r.result);
	r.done = xcalloc(task->n, 1);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	tid = xcalloc((size_t)threads, sizeof *tid);
	/* a helper that cannot be started leaves its share to the others */
	for (i = 1; i < threads; i++)
		if (pthread_create(&tid[started], NULL, helper_main, &r) == 0)
			started++;
	caller_loop(&r);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	stopped = r.stopped;
	for (k = r.next_deliver; k < task->n; k++)
		if (r.done[k] && r.result[k] != NULL && task->discard != NULL)
			task->discard(task->ctx, r.result[k]);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
	free(tid);
	free(r.result);
	free(r.done);
	/* every thread has finished and the run is freed: now the calling thread
	 * fails as it would have without a pool */
	if (r.nomem)
		oom_fail(0);
	return stopped;
}

int
pool_cpu_count(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}
