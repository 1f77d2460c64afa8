/* util: numbers that read back exactly, in their shortest form; text made safe for a terminal. */
#include <float.h>
#include <locale.h>
#include <wchar.h>
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

static void
safe_is(const char *in, size_t n, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add_safe(&sb, in, n);
	if (strcmp(sb.s, want) != 0)
		fail_msg("made safe: got '%s', want '%s'", sb.s, want);
	strbuf_fini(&sb);
}

static void
test_safe_known(void **state)
{
	char cut[600];
	(void)state;
	safe_is("plain text, tab\tand newline\n", 28, "plain text, tab\tand newline\n");
	safe_is("\033[2J\033]0;t\007", 10, "\\x1b[2J\\x1b]0;t\\x07");
	safe_is("a\rb\bc\177d", 7, "a\\x0db\\x08c\\x7fd");
	safe_is("a\0b", 3, "a\\x00b");
	/* whole characters are kept: U+00E9, U+2212, U+1F600 */
	safe_is("\xc3\xa9 \xe2\x88\x92 \xf0\x9f\x98\x80", 11, "\xc3\xa9 \xe2\x88\x92 \xf0\x9f\x98\x80");
	/* C1 (U+009B, read as CSI by some terminals) and the bidi override U+202E */
	safe_is("\xc2\x9b" "1m", 4, "\\xc2\\x9b1m");
	safe_is("\xe2\x80\xae" "x", 4, "\\xe2\\x80\\xaex");
	/* not UTF-8: a lone byte, a cut sequence, an overlong NUL, a surrogate, past U+10FFFF */
	safe_is("\xff", 1, "\\xff");
	safe_is("\xe2\x88", 2, "\\xe2\\x88");
	safe_is("\xc0\x80", 2, "\\xc0\\x80");
	safe_is("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
	safe_is("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80");
	/* a lead byte followed by ASCII: the ASCII is kept */
	safe_is("\xe2x", 2, "\\xe2x");
	/* utf8_trim drops a character cut short at the end, and only that */
	strcpy(cut, "ab\xe2\x88");
	utf8_trim(cut);
	assert_string_equal(cut, "ab");
	strcpy(cut, "ab\xe2\x88\x92");
	utf8_trim(cut);
	assert_string_equal(cut, "ab\xe2\x88\x92");
	strcpy(cut, "ab\xf0");
	utf8_trim(cut);
	assert_string_equal(cut, "ab");
}

/*
 * Random bytes, judged by the C library's own UTF-8 decoder (mbrtowc in
 * C.UTF-8): the result decodes whole with no control character but tab and
 * newline, cleaning it again changes nothing, and text that was already
 * clean comes back unchanged.
 */
static void
test_safe_random(void **state)
{
	unsigned long long x = 0x9e3779b97f4a7c15ull;
	int i;
	(void)state;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	for (i = 0; i < 20000; i++) {
		char in[16];
		size_t n = (size_t)(i % 16), k, off;
		struct strbuf a, b;
		mbstate_t ms;
		int clean_in = 1;

		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly UTF-8 lead and continuation bytes, some ASCII and controls */
			in[k] = (char)(k % 3 ? 0x80 + (x & 0x7f) : x & 0xff);
		}
		memset(&ms, 0, sizeof ms);
		for (off = 0; off < n;) {
			wchar_t wc;
			size_t r = mbrtowc(&wc, in + off, n - off, &ms);
			if (r == 0 || r > n - off) {
				clean_in = 0;	/* a NUL, or bytes that are not UTF-8 */
				break;
			}
			if ((wc < 0x20 && wc != '\t' && wc != '\n') || (wc >= 0x7f && wc <= 0x9f) ||
			    (wc >= 0x202a && wc <= 0x202e) || (wc >= 0x2066 && wc <= 0x2069) ||
			    (unsigned long)wc > 0x10ffff || (wc >= 0xd800 && wc <= 0xdfff))
				clean_in = 0;	/* (glibc decodes past U+10FFFF, which UTF-8 ends at) */
			off += r;
		}
		strbuf_init(&a);
		strbuf_init(&b);
		strbuf_add_safe(&a, in, n);
		strbuf_add_safe(&b, a.s, a.len);
		assert_string_equal(a.s, b.s);
		if (clean_in)
			assert_memory_equal(a.s, in, n);
		memset(&ms, 0, sizeof ms);
		for (off = 0; off < a.len;) {
			wchar_t wc;
			size_t r = mbrtowc(&wc, a.s + off, a.len - off, &ms);
			if (r == 0 || r > a.len - off)
				fail_msg("input %d: the result does not decode at byte %zu", i, off);
			if ((wc < 0x20 && wc != '\t' && wc != '\n') || (wc >= 0x7f && wc <= 0x9f))
				fail_msg("input %d: control character U+%04X in the result", i,
				    (unsigned)wc);
			off += r;
		}
		strbuf_fini(&a);
		strbuf_fini(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_forms),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_safe_known),
		cmocka_unit_test(test_safe_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
