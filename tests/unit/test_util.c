/* util: numbers that read back exactly, in their shortest form. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

/* the shortest %.Pg (P = 1..17) that reads back to v, found the slow way */
static int
shortest_digits(double v)
{
	char b[64];
	int p;

	for (p = 1; p <= 17; p++) {
		snprintf(b, sizeof b, "%.*g", p, v);
		if (strtod(b, NULL) == v)
			return p;
	}
	return 17;
}

static int
digits_in(const char *s)
{
	int n = 0, lead = 1;

	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (lead && *s == '0')
			continue;	/* leading zeros of 0.00123 are not significant */
		lead = 0;
		n++;
	}
	return n;
}

static void
check_one(double v)
{
	char b[64];

	fmt_num(b, sizeof b, v);
	if (strtod(b, NULL) != v)
		fail_msg("%.17g printed as '%s' does not read back", v, b);
	if (v != 0 && digits_in(b) > shortest_digits(v))
		fail_msg("%.17g printed as '%s': %d digits, %d would do", v, b, digits_in(b),
		    shortest_digits(v));
}

static void
test_known_forms(void **state)
{
	char b[64];
	(void)state;

	fmt_num(b, sizeof b, 0.1);
	assert_string_equal(b, "0.1");
	fmt_num(b, sizeof b, 1.0 / 3);
	assert_string_equal(b, "0.3333333333333333");
	fmt_num(b, sizeof b, -2.0 / 3);
	assert_string_equal(b, "-0.6666666666666666");
	fmt_num(b, sizeof b, 0.1 + 0.2);
	assert_string_equal(b, "0.30000000000000004");
	fmt_num(b, sizeof b, -0.0);
	assert_string_equal(b, "0");
	fmt_num(b, sizeof b, 1e-12);
	assert_string_equal(b, "1e-12");
	/* a fold 1e-12 away from -2/3 is told apart from it (%.6g said -0.666667 for both) */
	fmt_num(b, sizeof b, -2.0 / 3 + 1e-12);
	assert_true(strtod(b, NULL) == -2.0 / 3 + 1e-12);
	assert_string_not_equal(b, "-0.6666666666666666");
}

static void
test_round_trip(void **state)
{
	static const double edge[] = {DBL_MAX, -DBL_MAX, DBL_MIN, 5e-324, 1e308, 1e-308,
	    123456789012345678.0, 0.060000000000000005, 9007199254740993.0, 1e21, 1e-7};
	size_t i;
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	(void)state;

	for (i = 0; i < sizeof edge / sizeof edge[0]; i++)
		check_one(edge[i]);
	/* random bit patterns cover every exponent and mantissa (xorshift, fixed seed) */
	for (i = 0; i < 20000; i++) {
		double v;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&v, &x, sizeof v);
		if (v != v || v - v != 0)
			continue;	/* nan and inf have no digits to check */
		check_one(v);
	}
	/* and decimal numbers a user types */
	for (i = 1; i < 2000; i++)
		check_one((double)i / 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_forms),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
