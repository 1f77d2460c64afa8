/*
 * canvas: a pure character raster with sub-cell resolution. In braille mode
 * every cell holds 2x4 dots (U+2800 + bits); in ASCII mode every cell is one
 * dot and lines take a glyph from their slope (- | / \). Text glyphs sit on
 * top of dots. Colour is per cell (the last writer wins).
 *
 * The same canvas prints as text in piped mode and is copied to the screen
 * by the UI; it knows nothing of ncurses, readline or models.
 */
#ifndef CANARD_CANVAS_H
#define CANARD_CANVAS_H

#include <stdint.h>

#include "util.h"

enum canvas_mode { CANVAS_ASCII, CANVAS_BRAILLE };

struct canvas_cell {
	uint32_t glyph;		/* text code point; 0 = show the dots */
	uint8_t dots;		/* braille bits, or ASCII line glyph index */
	uint8_t color;		/* 0 = default, 1.. palette */
};

struct canvas {
	int cols, rows;
	enum canvas_mode mode;
	int sw, sh;		/* dots per cell: 2x4 (braille) or 1x1 (ASCII) */
	double clip[4];		/* dots and lines stay in [x0,x1) x [y0,y1) (sub-cell units) */
	struct canvas_cell *cells;
};

struct canvas *canvas_new(int cols, int rows, enum canvas_mode mode);
void canvas_free(struct canvas *c);
void canvas_clear(struct canvas *c);
/* Restrict dots and lines to the cells [col0,col1) x [row0,row1). */
void canvas_set_clip(struct canvas *c, int col0, int row0, int col1, int row1);

/* A dot at sub-cell coordinates (x right, y down); outside is ignored. */
void canvas_dot(struct canvas *c, int x, int y, int color);
/* A straight line between sub-cell points (doubles, clipped to the canvas). */
void canvas_line(struct canvas *c, double x0, double y0, double x1, double y1, int color);
/*
 * A styled line. In braille, the patterns skip dots by the distance drawn so
 * far (*phase, in dots, carried across the segments of a polyline); each
 * looks different in a 3-cell legend sample too: dashed 4 on 2 off (⠒⠒ ),
 * dotted 1 on 3 off (⠂ ⠂), sparse 1 on 5 off (⠂  ), dash-dot 2 on 1 off
 * 1 on 2 off (⠒⠐ ). In ASCII, glyph ('#', ':', '%', '.', '=', '~' or '+')
 * marks every cell it crosses, or 0 for the slope glyph.
 */
enum line_style { LINE_SOLID, LINE_DASHED, LINE_DOTTED, LINE_SPARSE, LINE_DASHDOT };
void canvas_line_ex(struct canvas *c, double x0, double y0, double x1, double y1, int color,
    enum line_style style, char glyph, double *phase);
/*
 * Segments already drawn, by the dots of their ends. A trajectory that goes
 * round a cycle a hundred times draws the same few hundred segments again
 * and again (a grid of 81 van der Pol trajectories: 37,000 different ones
 * among 966,000); a segment between the same two dots as one drawn before
 * need not be drawn again. Its dots could differ from the first one's by a
 * dot beside the line where its ends sit elsewhere in their dots, which a
 * picture at this resolution cannot tell. A slot holds one segment (the last
 * to land there), so a forgotten segment costs a redraw and a segment never
 * seen is never reported seen. The set lives where its user puts it (on the
 * stack: 32 KB).
 */
#define CANVAS_SEGSET_MAX 4096
struct canvas_segset {
	uint64_t slot[CANVAS_SEGSET_MAX];
	size_t mask;		/* slots in use - 1: a power of two, about the segments expected */
};
void canvas_segset_init(struct canvas_segset *s, size_t segments);
/*
 * 1 if the segment between dots (ax, ay) and (bx, by) (floored sub-cell
 * coordinates), either way round, was noted before; notes it and returns 0
 * if not. Dots off [0, 65535) are never noted.
 */
int canvas_segset_seen(struct canvas_segset *s, double ax, double ay, double bx, double by);

/* A glyph in a cell (a Unicode code point), and UTF-8 text from a cell on. */
void canvas_put(struct canvas *c, int col, int row, uint32_t glyph, int color);
void canvas_text(struct canvas *c, int col, int row, const char *utf8, int color);
int canvas_is_empty(const struct canvas *c, int col, int row);
/* Copy src's cells into dst with src's top-left cell at (col0, row0); what falls outside is cut. */
void canvas_blit(struct canvas *dst, const struct canvas *src, int col0, int row0);

/* The cell as UTF-8 (NUL-terminated, at most 4 bytes + NUL); blank cells are " ". */
void canvas_cell_utf8(const struct canvas *c, int col, int row, char out[8]);
/*
 * The whole canvas as text, one line per row, trailing blanks removed. With
 * ansi set, colours are ANSI escapes (never used when stdout is not a tty).
 */
void canvas_render(const struct canvas *c, struct strbuf *out, int ansi);

/* Encode a code point as UTF-8; returns the byte count. */
int utf8_encode(uint32_t cp, char *out);
/* Decode one code point from s (returns bytes used, >= 1). Invalid bytes give U+FFFD. */
int utf8_decode(const char *s, uint32_t *cp);

#endif
