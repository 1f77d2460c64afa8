/*
 * nudge: a step adds and subtracts and says when the sign changed; a factor
 * (nudge NAME *2) doubles and halves and never changes the sign.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>

#include "testutil.h"
#include "cmd.h"

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static void
test_nudge(void **state)
{
	struct out out = {quiet, quiet, NULL, quiet};
	struct session s;
	struct cmd_loc loc = {"test", 1};
	int crossed;
	(void)state;

	session_init(&s, &out, CANVAS_ASCII);
	assert_int_equal(cmd_exec_line(&s, "load vanderpol; set eps=0.05; nudge eps *2", &loc), 0);
	assert_true(session_nudge_value(&s, 1, &crossed) == 0.1);
	assert_int_equal(crossed, 0);
	assert_true(session_nudge_value(&s, -1, &crossed) == 0.025);
	/* a factor below one means the same binding */
	assert_int_equal(cmd_exec_line(&s, "nudge eps *0.5", &loc), 0);
	assert_true(session_nudge_value(&s, 1, &crossed) == 0.1);
	assert_int_equal(cmd_exec_line(&s, "nudge eps 0.08", &loc), 0);
	assert_close(session_nudge_value(&s, -1, &crossed), -0.03, 1e-15, "step down");
	assert_int_equal(crossed, 1);
	assert_close(session_nudge_value(&s, 1, &crossed), 0.13, 1e-15, "step up");
	assert_int_equal(crossed, 0);
	/* bad factors are refused and the binding stays */
	assert_int_not_equal(cmd_exec_line(&s, "nudge eps *1", &loc), 0);
	assert_int_not_equal(cmd_exec_line(&s, "nudge eps *-2", &loc), 0);
	assert_int_equal(cmd_exec_line(&s, "set eps=0", &loc), 0);
	assert_int_not_equal(cmd_exec_line(&s, "nudge eps *2", &loc), 0);
	/* a factor bound before the value became 0 cannot move it (0 * 2 is 0):
	 * no next value rather than 0 again without a word */
	assert_int_equal(cmd_exec_line(&s, "set eps=0.05; nudge eps *2; set eps=0", &loc), 0);
	assert_true(isnan(session_nudge_value(&s, 1, &crossed)));
	assert_true(isnan(session_nudge_value(&s, -1, &crossed)));
	/* out of the doubles: an infinite value up, a zero or lost one down */
	assert_int_equal(cmd_exec_line(&s, "set eps=1e300; nudge eps *1e10", &loc), 0);
	assert_true(isnan(session_nudge_value(&s, 1, &crossed)));
	assert_true(session_nudge_value(&s, -1, &crossed) == 1e290);
	assert_int_equal(cmd_exec_line(&s, "set eps=1e-300", &loc), 0);
	assert_true(isnan(session_nudge_value(&s, -1, &crossed)));
	/* a value set below the normal doubles goes back up by the factor (the
	 * product is exact), and only further down is refused */
	assert_int_equal(cmd_exec_line(&s, "set eps=1e-310; nudge eps *2", &loc), 0);
	assert_true(session_nudge_value(&s, 1, &crossed) == 2e-310);
	assert_true(isnan(session_nudge_value(&s, -1, &crossed)));
	assert_int_equal(cmd_exec_line(&s, "nudge eps *1e10", &loc), 0);
	assert_int_equal(cmd_exec_line(&s, "nudge eps 1e308; set eps=1.7e308", &loc), 0);
	assert_true(isnan(session_nudge_value(&s, 1, &crossed)));
	assert_true(session_nudge_value(&s, -1, &crossed) == 1.7e308 - 1e308);
	session_fini(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nudge),
	};
	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
