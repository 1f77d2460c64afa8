/*
 * pool: a parallel for-loop with ordered hand-over. pool_run computes the
 * items 0..n-1 on up to `threads` threads (the calling thread is one of
 * them) and hands every result to deliver, on the calling thread and in
 * index order, as soon as that item and every item before it are done.
 * When work(i) depends on i alone, what deliver sees is the same for every
 * thread count: parallelism never changes an answer or its order.
 *
 * Knows nothing about models or screens; threads live for one pool_run.
 */
#ifndef CANARD_POOL_H
#define CANARD_POOL_H

#include <stddef.h>

struct pool_task {
	size_t n;
	/* Any thread: compute item i; the result (may be NULL) is owned by the pool
	 * until it is handed to deliver or discard. Must not touch shared state. */
	void *(*work)(void *ctx, size_t i);
	/* Calling thread, in index order: takes ownership of result. Nonzero stops the run. */
	int (*deliver)(void *ctx, size_t i, void *result);
	/* Calling thread: a result that will never be delivered (after a stop); may be NULL. */
	void (*discard)(void *ctx, void *result);
	void *ctx;
	/* Asked between items, from any thread (so it must be thread-safe); may be NULL. */
	int (*stop)(void *arg);
	void *stop_arg;
};

/*
 * Run the task; 0 when every item was delivered, 1 when it stopped early.
 * An item or a delivery that runs out of memory (oom.h) stops the run on its
 * own thread; once every thread has finished and the run is freed, pool_run
 * fails on the calling thread (oom_fail), as a loop without threads would.
 */
int pool_run(const struct pool_task *task, int threads);

/* The processors this process may run on (at least 1). */
int pool_cpu_count(void);

/* The most threads a pool may have (a bound on `set jobs`). */
#define POOL_MAX_THREADS 256

#endif
