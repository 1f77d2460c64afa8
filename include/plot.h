/*
 * plot: a scene (results and how to show them, results.h) -> a canvas.
 * Draws the frame with ticks and labels, axis names, the direction field,
 * nullclines, the critical manifold by stability with slow-flow arrows and
 * fast-fibre double arrows, folds, equilibria, trajectories with a start
 * mark and arrowheads in the direction of time, and a legend of what is
 * shown. Reads the scene only. Pure: no ncurses, no I/O.
 */
#ifndef CANARD_PLOT_H
#define CANARD_PLOT_H

#include "canvas.h"
#include "results.h"

/*
 * Palette indices of the canvas (each front end maps them to its colours:
 * the UI to ncurses pairs, export_svg to its own). Trajectories take
 * PLOT_TRAJ_COLORS colours of their own, cycling, never a branch's.
 */
enum plot_color {
	PLOT_C_TEXT = 0, PLOT_C_CANARD = 2, PLOT_C_NCL_X = 3, PLOT_C_SADDLE = 4,
	PLOT_C_NCL_Y = 5, PLOT_C_FRAME = 7, PLOT_C_ATTRACT = 8, PLOT_C_REPEL = 9,
	PLOT_C_TRAJ = 10	/* 10 .. 10 + PLOT_TRAJ_COLORS - 1 */
};
#define PLOT_TRAJ_COLORS 6
/* The colour of trajectory i (0-based). */
int plot_traj_color(size_t i);

/* The plotting area of a canvas of a given size, in cells (for mouse mapping). */
struct plot_frame {
	int left, top, right, bottom;	/* frame columns/rows; the interior is inside */
};

/* Draw a portrait on c (cleared first). Fills frame when not NULL. */
void plot_portrait(struct canvas *c, const struct scene *in, struct plot_frame *frame);

/*
 * Draw the time series of in->ts_var against t on c (cleared first): one
 * colour a variable with its key (one colour a trajectory when there is a
 * single variable), in the box in->ts_v; no phase-plane marks.
 */
void plot_timeseries(struct canvas *c, const struct scene *in);

/* A part of a canvas, in cells. */
struct plot_rect {
	int col, row, cols, rows;
};

/*
 * Where the views of kind go on a canvas of cols x rows: both views side by
 * side when it is wide enough, stacked when it is tall enough, else one view
 * alone (the portrait for VIEW_BOTH). Returns a bit set: 1 the portrait is
 * shown (in *portrait), 2 the time series (in *ts).
 */
int plot_layout(enum view_kind kind, int cols, int rows, struct plot_rect *portrait,
    struct plot_rect *ts);

/*
 * The views of in->kind laid out by plot_layout on c (plot_scene, in
 * plot_bif.h, puts a bifurcation diagram beside them). frame (may be NULL)
 * gets the portrait's frame in c's cells; returns 0 when the portrait is
 * not shown (frame all zeros), 1 when it is.
 */
int plot_views(struct canvas *c, const struct scene *in, struct plot_frame *frame);

/*
 * The frame of a plot of the box v on c: border, ticks with labels and the
 * axis names; fills f with where the frame went (c is not cleared).
 */
void plot_axes(struct canvas *c, const struct view *v, const char *xname, const char *yname,
    struct plot_frame *f);

/* Nice tick step for a range and a target count (1, 2 or 5 times a power of 10). */
double plot_nice_step(double range, int target);

/* Name of an axis variable (-1 = "t"). */
const char *plot_axis_name(const struct model *m, int var);

#endif
