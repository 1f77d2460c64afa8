/*
 * A job that runs out of memory on the worker thread (or its pool's threads)
 * ends with a JOB_DONE that says so, and the next job runs whole. What a
 * failed job had allocated is lost by design (oom.h), so leaks are not
 * checked here; test_worker checks them for jobs that succeed.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "cmd.h"
#include "oom.h"
#include "worker.h"

const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static void
drain(int fd)
{
	char buf[64];
	while (read(fd, buf, sizeof buf) > 0)
		;
}

/* Wait until the worker is idle, disarm an injected failure (*left: how many
 * allocations it still had to go), then apply what the worker handed over. */
static int
settle(struct worker *w, int fd, struct session *s, unsigned long gen, long *left)
{
	int changed, done = 0;

	while (!done) {
		struct pollfd p = {fd, POLLIN, 0};
		while (worker_busy(w))	/* nothing allocates on this thread meanwhile */
			poll(&p, 1, 10);
		if (left)
			*left = oom_inject(0);
		drain(fd);
		done = results_apply(&s->res, worker_take(w), gen, &changed, NULL);
	}
	return done;
}

static void
test_out_of_memory_on_the_worker(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"test", 1};
	int fds[2], fired = 0;
	long n;
	struct worker *w;
	(void)state;

	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	session_init(&s, &out, CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(&s, "load vanderpol; set jobs=2 tmax=5; traj grid 3",
	    &loc), 0);
	/* allocation 1 is worker_submit's own (this thread); the n-th is the worker's or
	 * a pool thread's, at a place that moves through the job as n grows */
	for (n = 2; ; n = n * 3 / 2 + 1) {
		struct job *j = session_make_job(&s, s.cols, s.rows, 0);
		unsigned long gen;
		long left;
		int done;

		oom_inject(n);
		gen = worker_submit(w, j);
		done = settle(w, fds[0], &s, gen, &left);
		if (left > 0) {
			assert_int_equal(done, 1);	/* the job ran whole */
			break;
		}
		assert_int_equal(done, 2);	/* it ran out of memory and said so */
		fired++;
	}
	assert_true(fired >= 10);
	/* the worker goes on: the next job gives every trajectory */
	assert_int_equal(settle(w, fds[0], &s, worker_submit(w, session_make_job(&s, s.cols,
	    s.rows, 0)), NULL), 1);
	assert_int_equal(s.res.ntraj, 9);
	assert_int_equal(s.res.stale, 0);
	worker_free(w);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_memory_on_the_worker),
	};
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
