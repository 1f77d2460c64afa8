/* The pure canvas: braille bits, ASCII slopes, clipping, text, and plot ticks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "canvas.h"
#include "plot.h"

static void
test_braille_bits(void **state)
{
	struct canvas *c = canvas_new(2, 1, CANVAS_BRAILLE);
	char buf[8];
	(void)state;

	canvas_dot(c, 0, 0, 0);		/* dot 1 */
	canvas_dot(c, 1, 3, 0);		/* dot 8 */
	canvas_cell_utf8(c, 0, 0, buf);
	assert_string_equal(buf, "\xe2\xa2\x81");	/* U+2881 */
	canvas_dot(c, 2, 3, 0);		/* second cell, dot 7 */
	canvas_cell_utf8(c, 1, 0, buf);
	assert_string_equal(buf, "\xe2\xa1\x80");	/* U+2840 */
	/* outside the canvas is ignored, not a crash */
	canvas_dot(c, -1, 0, 0);
	canvas_dot(c, 4, 0, 0);
	canvas_dot(c, 0, 4, 0);
	canvas_free(c);
}

/*
 * The solid braille line as canvas_line drew it before its fast path: the
 * segment clipped to the box (Liang-Barsky), then ceil(2 * length) + 1 samples
 * at i / steps, each floored to a dot. The fast path must give the same dots.
 */
static void
ref_line(struct canvas *c, double x0, double y0, double x1, double y1, int color)
{
	double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0, len;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {x0 - c->clip[0], c->clip[2] - 1e-9 - x0, y0 - c->clip[1],
	    c->clip[3] - 1e-9 - y0};
	int i, steps;

	if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1))
		return;
	for (i = 0; i < 4; i++) {
		double r;
		if (p[i] == 0) {
			if (q[i] < 0)
				return;
			continue;
		}
		r = q[i] / p[i];
		if (p[i] < 0) {
			if (r > t1)
				return;
			if (r > t0)
				t0 = r;
		} else {
			if (r < t0)
				return;
			if (r < t1)
				t1 = r;
		}
	}
	x1 = x0 + t1 * dx;
	y1 = y0 + t1 * dy;
	x0 = x0 + t0 * dx;
	y0 = y0 + t0 * dy;
	dx = x1 - x0;
	dy = y1 - y0;
	len = fmax(fabs(dx), fabs(dy));
	steps = (int)ceil(len * 2);
	if (steps < 1)
		steps = 1;
	for (i = 0; i <= steps; i++) {
		double f = (double)i / steps;
		canvas_dot(c, (int)floor(x0 + f * dx), (int)floor(y0 + f * dy), color);
	}
}

/* A coordinate for the line test: anywhere, near an edge of the box, or on a dot's border. */
static double
any_coord(unsigned *seed, double lo, double hi)
{
	double u = (double)rand_r(seed) / RAND_MAX;

	switch (rand_r(seed) % 6) {
	case 0: return lo + (u - 0.5) * 1e-6;
	case 1: return hi + (u - 0.5) * 1e-6;
	case 2: return floor(lo + u * (hi - lo));
	case 3: return lo - 50 + u * (hi - lo + 100);
	case 4: return lo + u * (hi - lo) * 1e-3 + 5;
	default: return lo + u * (hi - lo);
	}
}

static void
test_line_fast_path(void **state)
{
	static const int box[3][4] = {{0, 0, 40, 12}, {3, 1, 37, 11}, {5, 2, 6, 3}};
	unsigned seed = 12345;
	int b, n;
	(void)state;

	for (b = 0; b < 3; b++) {
		struct canvas *fast = canvas_new(40, 12, CANVAS_BRAILLE);
		struct canvas *ref = canvas_new(40, 12, CANVAS_BRAILLE);
		canvas_set_clip(fast, box[b][0], box[b][1], box[b][2], box[b][3]);
		canvas_set_clip(ref, box[b][0], box[b][1], box[b][2], box[b][3]);
		for (n = 0; n < 40000; n++) {
			double x0 = any_coord(&seed, fast->clip[0], fast->clip[2]);
			double y0 = any_coord(&seed, fast->clip[1], fast->clip[3]);
			double x1 = rand_r(&seed) % 3 ? x0 + any_coord(&seed, -3, 3) :
			    any_coord(&seed, fast->clip[0], fast->clip[2]);
			double y1 = rand_r(&seed) % 3 ? y0 + any_coord(&seed, -3, 3) :
			    any_coord(&seed, fast->clip[1], fast->clip[3]);
			int color = n % 7;
			canvas_line(fast, x0, y0, x1, y1, color);
			ref_line(ref, x0, y0, x1, y1, color);
			if (n % 50 == 49) {
				/* compare, then start again so that dots cannot hide each other */
				assert_memory_equal(fast->cells, ref->cells,
				    40 * 12 * sizeof *fast->cells);
				canvas_clear(fast);
				canvas_clear(ref);
			}
		}
		canvas_free(fast);
		canvas_free(ref);
	}
}

static void
test_ascii_slopes(void **state)
{
	struct canvas *c = canvas_new(12, 6, CANVAS_ASCII);
	struct strbuf sb;
	(void)state;

	canvas_line(c, 0.5, 0.5, 10.5, 0.5, 1);		/* flat */
	canvas_line(c, 0.5, 5.5, 5.5, 1.5, 1);		/* rising (y is down) */
	canvas_line(c, 11.5, 1.5, 11.5, 5.5, 1);	/* steep */
	strbuf_init(&sb);
	canvas_render(c, &sb, 0);
	assert_string_equal(sb.s,
	    "-----------\n"
	    "     /     |\n"
	    "    /      |\n"
	    "  //       |\n"
	    " //        |\n"
	    "//         |\n");
	strbuf_fini(&sb);
	canvas_free(c);
}

/*
 * The set of drawn segments: a segment never noted is never reported seen
 * (every segment among the dots of a 70x70 patch, including dots at 0 and
 * beside 65535, and segments that differ only by the order of their
 * coordinates), a noted one is seen either way round, and dots off the
 * set's range never are.
 */
static void
test_segset(void **state)
{
	static struct canvas_segset seen;
	static const double far[] = {-1, -0.5, 65535, 1e300, NAN, INFINITY};
	int ax, ay, dx, dy, i, distinct = 0;
	(void)state;

	canvas_segset_init(&seen, 1u << 20);
	assert_int_equal(seen.mask, CANVAS_SEGSET_MAX - 1);
	for (ax = 0; ax < 70; ax++)
		for (ay = 0; ay < 70; ay++)
			for (dx = 0; dx <= 3; dx++)
				for (dy = -3; dy <= 3; dy++) {
					double bx = ax + dx, by = ay + dy;
					if (by < 0 || (dx == 0 && dy <= 0))
						continue;	/* each segment once */
					assert_int_equal(canvas_segset_seen(&seen, ax, ay, bx, by), 0);
					/* just noted: seen, and the same the other way round */
					assert_int_equal(canvas_segset_seen(&seen, ax, ay, bx, by), 1);
					assert_int_equal(canvas_segset_seen(&seen, bx, by, ax, ay), 1);
					distinct++;
				}
	assert_true(distinct > 4 * CANVAS_SEGSET_MAX);
	/* the 16-bit edges of a coordinate do not run into the next one */
	canvas_segset_init(&seen, 16);
	assert_int_equal(seen.mask, 63);
	assert_int_equal(canvas_segset_seen(&seen, 65534, 0, 0, 65534), 0);
	assert_int_equal(canvas_segset_seen(&seen, 0, 65534, 65534, 0), 1);
	assert_int_equal(canvas_segset_seen(&seen, 65534, 1, 0, 65534), 0);
	assert_int_equal(canvas_segset_seen(&seen, 65534, 0, 1, 65534), 0);
	assert_int_equal(canvas_segset_seen(&seen, 65534, 0, 0, 65533), 0);
	assert_int_equal(canvas_segset_seen(&seen, 65534, 0, 0, 65533), 1);
	assert_int_equal(canvas_segset_seen(&seen, 0, 0, 0, 0), 0);
	assert_int_equal(canvas_segset_seen(&seen, 0, 0, 0, 0), 1);
	for (i = 0; i < (int)(sizeof far / sizeof far[0]); i++) {
		assert_int_equal(canvas_segset_seen(&seen, far[i], 3, 4, 5), 0);
		assert_int_equal(canvas_segset_seen(&seen, far[i], 3, 4, 5), 0);
		assert_int_equal(canvas_segset_seen(&seen, 4, 5, 3, far[i]), 0);
		assert_int_equal(canvas_segset_seen(&seen, 4, 5, 3, far[i]), 0);
	}
}

/*
 * Every line style looks different in braille without colour, in a legend's
 * 3-cell sample as in a long line: the samples are those the header names,
 * and no two styles share one.
 */
static void
test_line_styles_differ(void **state)
{
	static const char *const want[] = {"⠒⠒⠒", "⠒⠒ ", "⠂ ⠂", "⠂  ", "⠒⠐ "};
	char got[5][64], cell[8];
	int st, k, j;
	(void)state;

	for (st = LINE_SOLID; st <= LINE_DASHDOT; st++) {
		struct canvas *c = canvas_new(3, 1, CANVAS_BRAILLE);
		double phase = 0;
		canvas_line_ex(c, 0, 1, 6 - 1e-6, 1, 0, (enum line_style)st, 0, &phase);
		got[st][0] = '\0';
		for (k = 0; k < 3; k++) {
			canvas_cell_utf8(c, k, 0, cell);
			strcat(got[st], cell);
		}
		assert_string_equal(got[st], want[st]);
		canvas_free(c);
	}
	for (st = 0; st < 5; st++)
		for (j = st + 1; j < 5; j++)
			assert_string_not_equal(got[st], got[j]);
}

static void
test_clip_and_text(void **state)
{
	struct canvas *c = canvas_new(10, 3, CANVAS_ASCII);
	struct strbuf sb;
	(void)state;

	canvas_set_clip(c, 2, 0, 8, 3);
	canvas_line(c, -100, 1.5, 100, 1.5, 0);
	canvas_set_clip(c, 0, 0, 10, 3);
	canvas_text(c, 0, 0, "a\xe2\x86\x92z", 0);
	assert_false(canvas_is_empty(c, 1, 0));
	assert_true(canvas_is_empty(c, 5, 0));
	strbuf_init(&sb);
	canvas_render(c, &sb, 0);
	assert_string_equal(sb.s, "a\xe2\x86\x92z\n  ------\n\n");
	strbuf_fini(&sb);
	/* colour only when asked */
	canvas_put(c, 0, 2, 'x', 2);
	strbuf_init(&sb);
	canvas_render(c, &sb, 1);
	assert_non_null(strstr(sb.s, "\033[31mx\033[0m"));
	strbuf_fini(&sb);
	canvas_free(c);
}

static void
test_utf8(void **state)
{
	char buf[8];
	uint32_t cp;
	uint32_t pts[] = {'A', 0xe9, 0x2192, 0x28ff, 0x1fb00};
	size_t i;
	(void)state;

	for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		int n = utf8_encode(pts[i], buf);
		buf[n] = '\0';
		assert_int_equal(utf8_decode(buf, &cp), n);
		assert_int_equal(cp, pts[i]);
	}
	assert_int_equal(utf8_decode("\xff", &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xe2\x41", &cp), 1);
	assert_int_equal(cp, 0xfffd);
}

static void
test_nice_steps(void **state)
{
	(void)state;
	assert_close(plot_nice_step(5, 10), 0.5, 1e-15, "5 over 10");
	assert_close(plot_nice_step(3, 5), 0.5, 1e-15, "3 over 5");
	assert_close(plot_nice_step(100, 4), 20, 1e-15, "100 over 4");
	assert_close(plot_nice_step(0.07, 7), 0.01, 1e-15, "0.07 over 7");
	assert_close(plot_nice_step(2e6, 5), 5e5, 1e-15, "2e6 over 5");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_braille_bits),
		cmocka_unit_test(test_ascii_slopes),
		cmocka_unit_test(test_line_fast_path),
		cmocka_unit_test(test_segset),
		cmocka_unit_test(test_line_styles_differ),
		cmocka_unit_test(test_clip_and_text),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_nice_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
