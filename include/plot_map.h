/*
 * plot_map: a grid of classes (a fate map) as a picture: one glyph and
 * colour per class, cells filling the frame, axes labelled with the two
 * varied names, and a key that names each class beside its glyph. Pure: no
 * ncurses, no I/O.
 */
#ifndef CANARD_PLOT_MAP_H
#define CANARD_PLOT_MAP_H

#include "canvas.h"

struct plot_classgrid {
	const char *xname, *yname;	/* borrowed */
	int nx, ny;
	const double *xs, *ys;		/* the nx and ny values, increasing */
	const char *const *cls;		/* nx * ny, cell (i, j) at j * nx + i; NULL: not computed */
};

void plot_classgrid(struct canvas *c, const struct plot_classgrid *g);

/* The grid of a fate map held by the results (results.h; everything borrowed from mp). */
struct results_map;
void plot_map_grid(const struct results_map *mp, struct plot_classgrid *g);

/*
 * The distinct classes of g, sorted: the key's order, class k drawn in colour
 * k, whatever order the cells came in. *out is malloc'd (the caller frees it;
 * the names are g's); returns their number (0 with *out NULL when out of memory).
 */
int plot_map_classes(const struct plot_classgrid *g, const char ***out);

/* The box the map fills: each value owns the interval half-way to its neighbours. */
struct view;
void plot_map_box(const struct plot_classgrid *g, struct view *v);

#endif
