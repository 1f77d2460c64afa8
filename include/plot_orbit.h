/*
 * plot_orbit: a map's orbit diagram as a picture: the kept iterates of one
 * variable (vertical) against the varied parameter (horizontal), one dot
 * each, inside a frame with ticks and the two names. Pure: no ncurses, no I/O.
 */
#ifndef CANARD_PLOT_ORBIT_H
#define CANARD_PLOT_ORBIT_H

#include "canvas.h"
#include "orbit.h"

/* Draw o's variable var (named vname, borrowed) on c, cleared first. */
void plot_orbit(struct canvas *c, const struct orbit_diagram *o, int var, const char *vname);

#endif
