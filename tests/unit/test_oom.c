/*
 * Memory is a budget, not a crash: an allocation that fails during a command
 * fails that command with "out of memory" and the session goes on; a GSL
 * allocation that fails does the same; trajectories stop at the budget
 * (set maxmem) with a message, and what they held is given back.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "cmd.h"
#include "oom.h"

/* Leaks are expected (a failed command loses what it had allocated), and a
 * huge allocation must fail, not abort. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "detect_leaks=0:allocator_may_return_null=1";
}

struct sink {
	struct strbuf out, err;
};

static void
to_out(void *ctx, const char *text)
{
	strbuf_add(&((struct sink *)ctx)->out, text);
}

static void
to_err(void *ctx, const char *text)
{
	strbuf_add(&((struct sink *)ctx)->err, text);
	strbuf_addc(&((struct sink *)ctx)->err, '\n');
}

static int
count(const char *s, const char *what)
{
	int n = 0;
	for (; (s = strstr(s, what)) != NULL; s++)
		n++;
	return n;
}

static void
reset(struct sink *k)
{
	k->out.len = k->err.len = 0;
	k->out.s[0] = k->err.s[0] = '\0';
}

/*
 * Fail the n-th allocation of line (after setup, in a new session), for
 * every n until the line runs through untouched: each time the line must
 * fail with "out of memory", and then after(s, k, n) checks that the same
 * session goes on. Returns how many points failed.
 */
static int
each_failure_point(const char *setup, const char *line,
    void (*after)(struct session *s, struct sink *k, long n))
{
	struct sink k;
	struct out out = {to_out, to_err, &k, NULL};
	long n;
	int failed = 0;

	strbuf_init(&k.out);
	strbuf_init(&k.err);
	for (n = 1; n < 100000; n++) {
		struct session s;
		int rc;

		session_init(&s, &out, CANVAS_ASCII);
		assert_int_equal(cmd_exec_line(&s, setup, NULL), 0);
		reset(&k);
		oom_inject(n);
		rc = cmd_exec_line(&s, line, NULL);
		if (oom_inject(0) > 0) {
			/* the line ran without reaching the n-th allocation: every point was tried */
			assert_int_equal(rc, 0);
			session_fini(&s);
			break;
		}
		if (rc != -1)
			fail_msg("allocation %ld failed, yet the line succeeded: %s", n, k.err.s);
		if (strstr(k.err.s, "out of memory") == NULL)
			fail_msg("allocation %ld: no 'out of memory' in: %s", n, k.err.s);
		failed++;
		reset(&k);
		after(&s, &k, n);
		session_fini(&s);
	}
	assert_true(n < 100000);
	strbuf_fini(&k.out);
	strbuf_fini(&k.err);
	return failed;
}

/* The session goes on: the centre of Lotka-Volterra at (gamma/delta, alpha/beta). */
static void
answers_lotka(struct session *s, struct sink *k, long n)
{
	assert_int_equal(cmd_exec_line(s, "load lotka; eq", NULL), 0);
	if (strstr(k->out.s, "eq id=2 x=1 y=0.5") == NULL || strstr(k->out.s, "type=centre") == NULL)
		fail_msg("after failure %ld the session answers: %s", n, k->out.s);
}

/*
 * Every allocation of a command line fails in turn: each time the line fails
 * with the message, and the same session then loads another model and
 * answers exactly.
 */
static void
test_every_failure_point(void **state)
{
	(void)state;
	/* the line does allocate, and each point was reached */
	assert_true(each_failure_point("set jobs=1", "load vanderpol; set eps=0.1 tmax=20; "
	    "traj 1 0; run; eq; fate; folds", answers_lotka) > 100);
}

/* alpha is back after a failed sweep, and the next sweep is not refused as nested. */
static void
sweeps_again(struct session *s, struct sink *k, long n)
{
	if (cmd_exec_line(s, "sweep beta 1 2 2 eq; eq", NULL) != 0)
		fail_msg("after failure %ld: %s", n, k->err.s);
	/* alpha and beta are back: the centre is at (gamma/delta, alpha/beta) */
	if (strstr(k->out.s, "eq id=2 x=1 y=0.5000000000375 ") == NULL)
		fail_msg("after failure %ld alpha was not restored: %s", n, k->out.s);
}

/*
 * A sweep that runs out of memory at any point leaves no trace: the swept
 * parameter is back, and the next sweep is not refused as nested.
 */
static void
test_sweep_failure_points(void **state)
{
	(void)state;
	assert_true(each_failure_point("load lotka; set jobs=1", "sweep alpha 2 3 3 eq",
	    sweeps_again) > 20);
}

/* GSL's own allocations: ENOMEM reaches the handler, which unwinds. */
static void
test_gsl_allocation(void **state)
{
	struct oom_point p;
	volatile int unwound = 0;
	gsl_vector *volatile v = NULL;
	(void)state;

	gsl_set_error_handler(oom_gsl_handler);
	if (OOM_TRY(&p) == 0) {
		v = gsl_vector_alloc(SIZE_MAX / 16);
		oom_pop(&p);
	} else {
		unwound = 1;
	}
	assert_null(v);
	assert_int_equal(unwound, 1);
	gsl_set_error_handler_off();
}

/* The budget: a run that would pass maxmem stops its trajectory with a message,
 * the command fails, and 'clear' gives the memory back. */
static void
test_budget(void **state)
{
	struct sink k;
	struct out out = {to_out, to_err, &k, NULL};
	struct session s;
	(void)state;

	strbuf_init(&k.out);
	strbuf_init(&k.err);
	session_init(&s, &out, CANVAS_ASCII);
	assert_int_equal(oom_budget_used(), 0);
	assert_int_equal(cmd_exec_line(&s, "load vanderpol; set maxmem=1 tmax=20000 "
	    "maxstor=1e7; traj 2 0; traj -2 0; run", NULL), -1);
	assert_non_null(strstr(k.err.s, "traj 1 stopped at t="));
	assert_non_null(strstr(k.err.s, "out of memory for trajectories (maxmem=1 MB"));
	assert_int_equal(count(k.err.s, "stopped"), 1);
	assert_true(oom_budget_used() <= ((size_t)1 << 20) + 2 * 256 * 3 * sizeof(double));
	/* a trajectory cut short still answers from what it kept */
	reset(&k);
	assert_int_equal(cmd_exec_line(&s, "clear", NULL), 0);
	assert_int_equal(oom_budget_used(), 0);
	assert_int_equal(cmd_exec_line(&s, "set tmax=10; traj 2 0; run; fate", NULL), 0);
	assert_non_null(strstr(k.out.s, "fate traj=1"));
	assert_int_equal(k.err.len, 0);
	assert_int_equal(cmd_exec_line(&s, "set maxmem=0", NULL), -1);
	assert_non_null(strstr(k.err.s, "maxmem is whole megabytes from 1 to 1e9, not 0"));
	session_fini(&s);
	assert_int_equal(oom_budget_used(), 0);
	oom_budget_set(OOM_MAXMEM_DEFAULT);
	strbuf_fini(&k.out);
	strbuf_fini(&k.err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsl_allocation),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_every_failure_point),
		cmocka_unit_test(test_sweep_failure_points),
	};
	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
