/* Helpers shared by the cmocka tests: relative comparisons that say what failed. */
#ifndef CANARD_TESTUTIL_H
#define CANARD_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

/* |got - want| <= rel * max(|want|, floor_) or fail with a message naming what. */
#define assert_close(got, want, rel, what) do { \
	double g_ = (got), w_ = (want), r_ = (rel); \
	double s_ = fabs(w_) > 1e-300 ? fabs(w_) : 1.0; \
	if (!(fabs(g_ - w_) <= r_ * s_)) \
		fail_msg("%s: got %.17g, want %.17g (rel err %.3g > %.3g)", (what), g_, w_, \
		    fabs(g_ - w_) / s_, r_); \
} while (0)

#endif
