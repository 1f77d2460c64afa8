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

#endif
