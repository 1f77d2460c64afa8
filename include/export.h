/*
 * export: pictures made from a scene (results.h) and nothing else, so that
 * what is printed, shown and exported cannot disagree. Pure: the caller
 * owns the buffer and writes it where it wants.
 */
#ifndef CANARD_EXPORT_H
#define CANARD_EXPORT_H

#include "results.h"

/*
 * A vector picture of the scene as a text canvas of cols x rows cells shows
 * it (SVG 1.1, 10 x 25 pixels a cell), pane for pane where plot_panes puts
 * them: the portrait, the time series, the bifurcation diagram, alone or
 * side by side. Each pane has its frame (id frame-portrait, frame-time,
 * frame-diagram) with ticks and labels, axis names and a legend on its
 * right. The portrait: nullclines, the critical manifold by stability
 * (solid attracting, dashed repelling and saddle-type) with slow-flow
 * arrows, fast fibres or the direction field, trajectories as polylines
 * with arrowheads and a start mark, equilibria and folds; the legend lists
 * each trajectory in its colour with its start (sc->seeds) and its fate
 * (an arrow back for a backward one, sc->seed_dir)
 * when the results hold it (results_fate_known). The time series: each
 * variable against t in its colour with a key (one variable: each
 * trajectory as in the legend). A fate map or an orbit diagram shown instead
 * of the views (sc->other) fills the picture alone (frame-map, frame-orbit):
 * the map's cells as rects in their class's colour with a key naming each
 * class, the orbit diagram's kept iterates as tiny marks, VAR against PAR.
 * Appended to out.
 */
void export_svg(const struct scene *sc, int cols, int rows, struct strbuf *out);

/* Colours of the picture, "#rrggbb" (for tests and other exporters). */
const char *export_traj_color(size_t index);
const char *export_branch_color(int stab);
/* Class k of a fate map, in the key's order (plot_map_classes). */
const char *export_fate_color(size_t index);

#endif
