/*
 * plot: results, view and names -> a canvas. Draws the frame with ticks and
 * labels, axis names, the direction field, nullclines, the critical manifold
 * by stability with slow-flow arrows and fast-fibre double arrows, folds,
 * equilibria, trajectories with a start mark and arrowheads in the direction
 * of time, and a legend of what is shown. Pure: no ncurses, no I/O.
 */
#ifndef CANARD_PLOT_H
#define CANARD_PLOT_H

#include "analysis.h"
#include "canvas.h"
#include "model.h"
#include "solve.h"

/* What is shown: the world box and the projected variables (-1 = t). */
struct view {
	double xlo, xhi, ylo, yhi;
	int xvar, yvar;
};

/* The plotting area of a canvas of a given size, in cells (for mouse mapping). */
struct plot_frame {
	int left, top, right, bottom;	/* frame columns/rows; the interior is inside */
};

enum field_mode { FIELD_OFF, FIELD_SLOW, FIELD_FULL };

struct plot_input {
	const struct model *m;
	const struct view *v;
	const struct traj *trajs;
	int ntraj;
	const struct analysis *an;	/* may be NULL */
	const double *par;		/* parameter values (for the direction fields) */
	const double *base;		/* values of the variables not on the axes */
	enum field_mode field;
	int show_manifold, show_nullclines;
};

/* Draw a portrait on c (cleared first). Fills frame when not NULL. */
void plot_portrait(struct canvas *c, const struct plot_input *in, struct plot_frame *frame);

/*
 * The frame of a plot of the box v on c: border, ticks with labels and the
 * axis names; fills f with where the frame went (c is not cleared).
 */
void plot_axes(struct canvas *c, const struct view *v, const char *xname, const char *yname,
    struct plot_frame *f);

/* Coordinate of point k of a trajectory on axis var (-1 = t). */
double plot_coord(const struct traj *tr, size_t k, int var);

/* Nice tick step for a range and a target count (1, 2 or 5 times a power of 10). */
double plot_nice_step(double range, int target);

/* Name of an axis variable (-1 = "t"). */
const char *plot_axis_name(const struct model *m, int var);

#endif
