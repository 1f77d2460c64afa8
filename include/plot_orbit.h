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

/*
 * The box the diagram fills: each parameter value owns the interval half-way
 * to its neighbours; the finite kept iterates of var with a 5% margin (a unit
 * box when there are none).
 */
struct view;
void plot_orbit_box(const struct orbit_diagram *o, int var, struct view *v);

#endif
