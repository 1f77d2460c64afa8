/* The pure canvas: braille bits, ASCII slopes, clipping, text, and plot ticks. */
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
		cmocka_unit_test(test_clip_and_text),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_nice_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
