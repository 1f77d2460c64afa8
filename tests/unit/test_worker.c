/*
 * The worker thread: 1,000 'set' commands fired while it runs (run under
 * ThreadSanitizer by make tsan), stale work dropped, and the last result
 * equal to the same job run synchronously; a live fate map whose cells come
 * from the worker one by one, in cell order, and equal the synchronous map's;
 * a trajectory added integrated alone, the others kept.
 */
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "cmd.h"
#include "worker.h"

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

static void
test_thousand_sets(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s, ref;
	struct cmd_loc loc = {"test", 1};
	int fds[2], i, done = 0, changed;
	struct worker *w;
	unsigned long gen = 0;
	size_t k;
	(void)state;

	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	session_init(&s, &out, CANVAS_BRAILLE);
	assert_int_equal(cmd_exec_line(&s, "load vanderpol; traj grid 3; size 120x40", &loc), 0);
	for (i = 0; i < 1000; i++) {
		char line[64];
		struct job_result *d;
		snprintf(line, sizeof line, "set eps=%g", 0.01 + 0.0001 * i);
		assert_int_equal(cmd_exec_line(&s, line, &loc), 0);
		gen = worker_submit(w, session_make_job(&s, s.cols, s.rows, 0));
		/* the UI merges whatever arrived meanwhile, dropping stale results */
		d = worker_take(w);
		if (results_apply(&s.res, d, gen, &changed, NULL))
			done = 1;
	}
	/* wait for the last job */
	done = 0;
	while (!done) {
		struct pollfd p = {fds[0], POLLIN, 0};
		poll(&p, 1, 2000);
		drain(fds[0]);
		done = results_apply(&s.res, worker_take(w), gen, &changed, NULL);
	}
	assert_int_equal(s.res.stale, 0);
	assert_int_equal(s.res.ntraj, 9);
	assert_non_null(s.res.an);
	/* the same inputs computed synchronously give the same numbers */
	session_init(&ref, &out, CANVAS_BRAILLE);
	assert_int_equal(cmd_exec_line(&ref, "load vanderpol; traj grid 3; size 120x40", &loc), 0);
	assert_int_equal(cmd_exec_line(&ref, "set eps=0.1099", &loc), 0);
	session_run(&ref, NULL, NULL);
	assert_close(s.par[0], 0.1099, 1e-12, "last eps");
	for (k = 0; k < 9; k++) {
		const struct traj *a = &s.res.trajs[k], *b = &ref.res.trajs[k];
		assert_int_equal(a->n, b->n);
		assert_true(memcmp(a->y, b->y, a->n * 2 * sizeof(double)) == 0);
	}
	assert_int_equal(s.res.an->neq, ref.res.an->neq);
	assert_true(s.res.an->eq[0].re[0] == ref.res.an->eq[0].re[0]);
	session_fini(&ref);
	worker_free(w);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

/* Trajectories k of a and b hold the same points. */
static void
same_trajs(const struct session *a, const struct session *b)
{
	size_t k;

	assert_int_equal(a->res.ntraj, b->res.ntraj);
	for (k = 0; k < a->res.ntraj; k++) {
		const struct traj *x = &a->res.trajs[k], *y = &b->res.trajs[k];
		assert_int_equal(x->n, y->n);
		assert_true(memcmp(x->t, y->t, x->n * sizeof(double)) == 0);
		assert_true(memcmp(x->y, y->y, x->n * (size_t)x->dim * sizeof(double)) == 0);
	}
}

/* A fresh session running CMDS (with the same output) for reference. */
static void
reference(struct session *ref, const struct out *out, const char *cmds)
{
	struct cmd_loc loc = {"ref", 1};

	session_init(ref, out, CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(ref, cmds, &loc), 0);
	session_run(ref, NULL, NULL);
}

/*
 * A trajectory added (traj X Y back) is integrated alone: the others stay
 * as they were, to the pointer, synchronously and through the worker, and
 * the results equal a run of all of them (the automatic window too). A
 * change of a value, or 'clear', integrates all again.
 */
static void
test_added_seed_alone(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s, ref;
	struct cmd_loc loc = {"test", 1};
	struct view va, vb;
	const double *y0, *y1;
	int fds[2], changed, done;
	struct worker *w;
	unsigned long gen;
	(void)state;

	session_init(&s, &out, CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(&s, "load vanderpol; set tmax=30; window auto; traj 2 0; "
	    "traj -1 1", &loc), 0);
	session_run(&s, NULL, NULL);
	y0 = s.res.trajs[0].y;
	y1 = s.res.trajs[1].y;
	assert_int_equal(cmd_exec_line(&s, "traj 0.5 0.5 back", &loc), 0);
	session_run(&s, NULL, NULL);
	assert_ptr_equal(s.res.trajs[0].y, y0);
	assert_ptr_equal(s.res.trajs[1].y, y1);
	assert_true(s.res.trajs[2].t[s.res.trajs[2].n - 1] < 0);
	reference(&ref, &out, "load vanderpol; set tmax=30; window auto; traj 2 0; traj -1 1; "
	    "traj 0.5 0.5 back");
	same_trajs(&s, &ref);
	session_effective_view(&s, &va);
	session_effective_view(&ref, &vb);
	assert_true(va.xlo == vb.xlo && va.xhi == vb.xhi && va.ylo == vb.ylo && va.yhi == vb.yhi);
	session_fini(&ref);
	/* a value changed: all of them again */
	assert_int_equal(cmd_exec_line(&s, "set eps=0.2", &loc), 0);
	session_run(&s, NULL, NULL);
	reference(&ref, &out, "load vanderpol; set tmax=30; window auto; traj 2 0; traj -1 1; "
	    "traj 0.5 0.5 back; set eps=0.2");
	same_trajs(&s, &ref);
	session_fini(&ref);
	/* cleared, then one added: only the new one */
	assert_int_equal(cmd_exec_line(&s, "clear; traj 1 1 both", &loc), 0);
	session_run(&s, NULL, NULL);
	reference(&ref, &out, "load vanderpol; set tmax=30 eps=0.2; window auto; traj 1 1 both");
	same_trajs(&s, &ref);
	session_fini(&ref);

	/* through the worker, as the live view does */
	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	y0 = s.res.trajs[0].y;
	assert_int_equal(cmd_exec_line(&s, "traj -2 -1 back", &loc), 0);
	gen = worker_submit(w, session_make_job(&s, s.cols, s.rows, 0));
	for (done = 0; !done;) {
		struct pollfd p = {fds[0], POLLIN, 0};
		poll(&p, 1, 2000);
		drain(fds[0]);
		done = results_apply(&s.res, worker_take(w), gen, &changed, NULL);
	}
	assert_ptr_equal(s.res.trajs[0].y, y0);
	reference(&ref, &out, "load vanderpol; set tmax=30 eps=0.2; window auto; traj 1 1 both; "
	    "traj -2 -1 back");
	same_trajs(&s, &ref);
	session_fini(&ref);
	worker_free(w);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

static void
test_cancel_long_job(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"test", 1};
	int fds[2], changed, done = 0;
	struct worker *w;
	unsigned long gen;
	double seconds = 0;
	(void)state;

	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	session_init(&s, &out, CANVAS_ASCII);
	/* a job of many seconds: fixed-accuracy rk4 over a huge time span */
	assert_int_equal(cmd_exec_line(&s, "load lotka; set tmax=1e9 maxstor=1e8 method=rk4 "
	    "tol=1e-12; traj grid 4", &loc), 0);
	gen = worker_submit(w, session_make_job(&s, s.cols, s.rows, 0));
	usleep(50000);
	assert_true(worker_busy(w));
	worker_cancel(w);
	/* the cancelled job reports done (cancelled) promptly */
	while (!done) {
		struct pollfd p = {fds[0], POLLIN, 0};
		assert_true(poll(&p, 1, 10000) > 0);
		drain(fds[0]);
		done = results_apply(&s.res, worker_take(w), gen, &changed, &seconds);
	}
	assert_int_equal(s.res.stale, 1);	/* nothing finished, so results are still out of date */
	/* the job would run for hours; a bound this loose fails only when the
	 * cancel was not heard, never because the machine is slow or sanitized */
	assert_true(seconds < 10.0);
	worker_free(w);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

/* Wait for job gen's end, installing pieces; returns how many JOB_BIF pieces came. */
static int
wait_done(struct worker *w, int fd, struct session *s, unsigned long gen)
{
	int done = 0, nbif = 0, changed;

	while (!done) {
		struct pollfd p = {fd, POLLIN, 0};
		struct job_result *d, *q;
		poll(&p, 1, 2000);
		drain(fd);
		d = worker_take(w);
		for (q = d; q; q = q->next)
			nbif += q->gen == gen && q->kind == JOB_BIF;
		done = results_apply(&s->res, d, gen, &changed, NULL);
	}
	return nbif;
}

/*
 * The diagram through the worker, as the live view gets it: pieces as it
 * fills in, the last complete; moving its parameter does not trace it again,
 * changing another parameter does.
 */
static void
test_diagram_pieces(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"test", 1};
	int fds[2];
	struct worker *w;
	struct job *j;
	unsigned long gen;
	(void)state;

	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	session_init(&s, &out, CANVAS_BRAILLE);
	assert_int_equal(cmd_exec_line(&s, "load canard; traj", &loc), 0);
	s.async = 1;
	assert_int_equal(cmd_exec_line(&s, "bif a 0.95 1.05", &loc), 0);
	assert_null(s.res.bif);
	gen = worker_submit(w, session_make_job(&s, s.cols, s.rows, 0));
	assert_true(wait_done(w, fds[0], &s, gen) >= 2);
	assert_non_null(s.res.bif);
	assert_int_equal(s.res.bif_done, 1);
	assert_int_equal(s.res.bif->npt, 1);
	assert_int_equal(s.res.bif->ncyc, 1);
	assert_int_equal(s.res.ntraj, 1);
	/* a click on the diagram: the parameter moves, the diagram stays */
	assert_int_equal(cmd_exec_line(&s, "set a=1.02", &loc), 0);
	assert_true(session_bif_current(&s));
	gen = worker_submit(w, session_make_job(&s, s.cols, s.rows, 0));
	assert_int_equal(wait_done(w, fds[0], &s, gen), 0);
	assert_int_equal(s.res.bif_done, 1);
	/* another parameter: the diagram is traced again */
	assert_int_equal(cmd_exec_line(&s, "set eps=0.06", &loc), 0);
	assert_false(session_bif_current(&s));
	j = session_make_job(&s, s.cols, s.rows, 0);
	assert_int_equal(j->bif.on, 1);
	job_free(j);
	worker_free(w);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

/* The cells of a map computed so far: 0..k-1 classified, the rest not. Returns k. */
static size_t
prefix_done(const struct results_map *mp)
{
	size_t n = (size_t)mp->n1 * (size_t)mp->n2, k = 0, i;

	while (k < n && mp->cls[k] != NULL)
		k++;
	for (i = k; i < n; i++)
		assert_null(mp->cls[i]);
	return k;
}

static void
test_live_map(void **state)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s, ref;
	struct cmd_loc loc = {"test", 1};
	const char *line = "load fitzhugh; set tmax=150 jobs=3; map I 0 1.6 8 eps 0.04 0.2 5";
	int fds[2], changed, done = 0, takes = 0;
	struct worker *w;
	unsigned long gen;
	size_t k, last = 0;
	(void)state;

	assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	w = worker_new(fds[1]);
	session_init(&s, &out, CANVAS_ASCII);
	s.async = 1;
	assert_int_equal(cmd_exec_line(&s, line, &loc), 0);
	/* the command made the empty map and asked for its cells */
	assert_true(s.map_want);
	assert_non_null(s.res.map);
	assert_int_equal(prefix_done(s.res.map), 0);
	gen = worker_submit(w, session_make_job(&s, 80, 24, 0));
	while (!done) {
		struct pollfd p = {fds[0], POLLIN, 0};
		assert_true(poll(&p, 1, 20000) > 0);
		drain(fds[0]);
		done = results_apply(&s.res, worker_take(w), gen, &changed, NULL);
		/* at every hand-over the map is filled from its first cell on, never behind */
		k = prefix_done(s.res.map);
		assert_true(k >= last);
		assert_int_equal(s.res.map->ndone, k);
		last = k;
		takes++;
	}
	assert_int_equal(last, 40);
	/* the same map computed synchronously (piped mode) has the same classes */
	session_init(&ref, &out, CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(&ref, line, &loc), 0);
	assert_false(ref.map_want);
	for (k = 0; k < 40; k++)
		assert_string_equal(s.res.map->cls[k], ref.res.map->cls[k]);
	/* a cycle and a stable equilibrium both appear (I crosses both Hopf points) */
	for (k = 0, done = 0; k < 40; k++)
		done |= (strcmp(s.res.map->cls[k], "cycle") == 0) |
		    2 * (strncmp(s.res.map->cls[k], "equilibrium:stable", 18) == 0);
	assert_int_equal(done, 3);
	assert_true(takes >= 1);
	worker_free(w);
	session_fini(&ref);
	session_fini(&s);
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thousand_sets),
		cmocka_unit_test(test_added_seed_alone),
		cmocka_unit_test(test_cancel_long_job),
		cmocka_unit_test(test_diagram_pieces),
		cmocka_unit_test(test_live_map),
	};
	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
