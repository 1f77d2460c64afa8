/*
 * export: pictures made from a scene (results.h) and nothing else, so that
 * what is printed, shown and exported cannot disagree. Pure: the caller
 * owns the buffer and writes it where it wants.
 */
#ifndef CANARD_EXPORT_H
#define CANARD_EXPORT_H

#include "results.h"

/*
 * A vector picture of the scene, width x height pixels (SVG 1.1): the frame
 * with ticks and labels, axis names, nullclines, the critical manifold by
 * stability (solid attracting, dashed repelling and saddle-type) with
 * slow-flow arrows, fast fibres or the direction field, trajectories as
 * polylines with arrowheads and a start mark, equilibria and folds, and a
 * legend. Appended to out.
 */
void export_svg(const struct scene *sc, int width, int height, struct strbuf *out);

/* Colours of the picture, "#rrggbb" (for tests and other exporters). */
const char *export_traj_color(size_t index);
const char *export_branch_color(int stab);

#endif
