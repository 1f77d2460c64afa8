/*
 * The pool: every item delivered once, in index order, with the same results
 * for 1, 2, 4 and 7 threads, items of very different cost included; a stop
 * from deliver or from the stop callback ends the run and frees what was not
 * delivered; an item that runs out of memory on a helper thread stops the
 * run and fails the calling thread only, with no lock or thread left behind.
 * make tsan runs this under ThreadSanitizer.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "oom.h"
#include "pool.h"

struct ctx {
	size_t next;		/* the index deliver expects */
	double sum;
	size_t delivered, stop_at;
	atomic_int discarded, computed;
	atomic_int stop_now;
	atomic_size_t delivered_a;	/* what stop_cb reads from other threads */
};

/* Work whose cost varies by item: a few items are 100 times dearer than the rest. */
static void *
work(void *vc, size_t i)
{
	struct ctx *c = vc;
	double *r = malloc(sizeof *r), x = (double)i;
	long k, n = (i % 13 == 0) ? 20000 : 200;

	for (k = 0; k < n; k++)
		x = x * 0.999999 + 1e-6 * (double)k;
	*r = x;
	atomic_fetch_add(&c->computed, 1);
	return r;
}

static int
deliver(void *vc, size_t i, void *res)
{
	struct ctx *c = vc;
	double *r = res;

	assert_int_equal(i, c->next);
	c->next++;
	c->sum = c->sum * 1.0000001 + *r;	/* order-sensitive on purpose */
	c->delivered++;
	atomic_store(&c->delivered_a, c->delivered);
	free(r);
	return c->stop_at != 0 && c->delivered == c->stop_at;
}

static void
discard(void *vc, void *res)
{
	struct ctx *c = vc;
	atomic_fetch_add(&c->discarded, 1);
	free(res);
}

static int
stop_cb(void *arg)
{
	struct ctx *c = arg;
	return atomic_load(&c->stop_now) || atomic_load(&c->delivered_a) >= 50;
}

static double
run(size_t n, int threads, size_t stop_at, int *stopped, struct ctx *c)
{
	struct pool_task t = {n, work, deliver, discard, NULL, NULL, NULL};

	memset(c, 0, sizeof *c);
	c->stop_at = stop_at;
	t.ctx = c;
	*stopped = pool_run(&t, threads);
	return c->sum;
}

static void
test_same_for_every_thread_count(void **state)
{
	static const int threads[] = {1, 2, 4, 7};
	struct ctx c;
	double ref = 0;
	int stopped;
	size_t k;
	(void)state;

	for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
		double sum = run(1000, threads[k], 0, &stopped, &c);
		assert_int_equal(stopped, 0);
		assert_int_equal(c.delivered, 1000);
		assert_int_equal(atomic_load(&c.computed), 1000);
		assert_int_equal(atomic_load(&c.discarded), 0);
		if (k == 0)
			ref = sum;
		/* the same bits, not merely close */
		assert_memory_equal(&sum, &ref, sizeof sum);
	}
}

static void
test_stop_from_deliver(void **state)
{
	struct ctx c;
	int stopped, threads;
	(void)state;

	for (threads = 1; threads <= 4; threads++) {
		run(1000, threads, 10, &stopped, &c);
		assert_int_equal(stopped, 1);
		assert_int_equal(c.delivered, 10);
		/* everything computed was either delivered or discarded: nothing leaks (ASan) */
		assert_int_equal(atomic_load(&c.computed), 10 + atomic_load(&c.discarded));
		/* the window bounds how far the others ran ahead */
		assert_true(atomic_load(&c.computed) <= 10 + 8 * threads + 8);
	}
}

static void
test_stop_callback(void **state)
{
	struct ctx c;
	struct pool_task t = {100000, work, deliver, discard, NULL, stop_cb, NULL};
	int stopped;
	(void)state;

	memset(&c, 0, sizeof c);
	t.ctx = &c;
	t.stop_arg = &c;
	stopped = pool_run(&t, 3);
	assert_int_equal(stopped, 1);
	assert_true(c.delivered >= 50 && c.delivered < 100000);
	assert_int_equal(atomic_load(&c.computed), (int)c.delivered + atomic_load(&c.discarded));
}

/* Out of memory on a helper thread: which thread computes what is the pool's
 * choice, so the caller's items are slow and only a helper's item fails. */
static pthread_t caller;
static atomic_int failed_on_helper;

static void *
work_oom(void *vc, size_t i)
{
	if (pthread_equal(pthread_self(), caller)) {
		usleep(2000);
	} else if (i >= 5 && atomic_exchange(&failed_on_helper, 1) == 0) {
		oom_fail(64);
	}
	return work(vc, i);
}

static void
fail_on_a_helper(int threads)
{
	struct ctx c;
	struct pool_task t = {200, work_oom, deliver, discard, NULL, NULL, NULL};
	struct oom_point op;
	volatile int unwound = 0, stopped = -1;
	int again;

	memset(&c, 0, sizeof c);
	t.ctx = &c;
	atomic_store(&failed_on_helper, 0);
	if (OOM_TRY(&op) == 0) {
		stopped = pool_run(&t, threads);
		oom_pop(&op);
	} else {
		unwound = 1;
	}
	/* the calling thread failed after the pool ended, as if it had failed itself */
	assert_int_equal(atomic_load(&failed_on_helper), 1);
	assert_int_equal(unwound, 1);
	assert_int_equal(stopped, -1);
	assert_true(c.delivered < 200);
	/* every result computed was delivered or freed (ASan sees a leak otherwise) */
	assert_int_equal(atomic_load(&c.computed), (int)c.delivered + atomic_load(&c.discarded));
	/* nothing is left locked or running: the next run is whole */
	run(50, threads, 0, &again, &c);
	assert_int_equal(again, 0);
	assert_int_equal(c.delivered, 50);
}

static void
test_out_of_memory_on_a_helper(void **state)
{
	int threads;
	(void)state;

	caller = pthread_self();
	for (threads = 2; threads <= 7; threads++)
		fail_on_a_helper(threads);
}

static void
test_edges(void **state)
{
	struct ctx c;
	int stopped;
	(void)state;

	run(0, 4, 0, &stopped, &c);
	assert_int_equal(stopped, 0);
	assert_int_equal(c.delivered, 0);
	run(3, 64, 0, &stopped, &c);	/* more threads than items */
	assert_int_equal(c.delivered, 3);
	run(5, 0, 0, &stopped, &c);	/* 0 threads means the caller alone */
	assert_int_equal(c.delivered, 5);
	assert_true(pool_cpu_count() >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_for_every_thread_count),
		cmocka_unit_test(test_stop_from_deliver),
		cmocka_unit_test(test_stop_callback),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_out_of_memory_on_a_helper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
