/*
 * plot_bif: the bifurcation diagram of a scene (the results' bif, shown as
 * the scene's dg says) as canvas cells: the parameter across, the chosen
 * variable up; equilibrium branches stable solid and unstable dashed, each
 * cycle branch as the maximum and the minimum of the variable over the
 * cycle (stable solid, unstable dashed, in its own colour); special points
 * labelled where they are (H hopf, LP fold, BP branch, LPC fold of cycles,
 * PD period doubling, HC homoclinic) and listed in a key with their
 * parameter values; a dotted vertical line at the parameter's value now;
 * for a layer problem (Rinzel's dissection) the full system's trajectories
 * projected on (slow variable, variable) on top.
 *
 * plot_scene lays out what a scene shows: the portrait, the diagram, or the
 * diagram on the left and the portrait on the right. Pure: no ncurses, no
 * I/O; reads the scene only.
 */
#ifndef CANARD_PLOT_BIF_H
#define CANARD_PLOT_BIF_H

#include "plot.h"

/* The box of the diagram: the parameter range across, the branches' extent up. */
void plot_diagram_box(const struct scene *sc, struct view *v);

/* Draw the diagram on c (cleared first); fills f (may be NULL) with its frame. */
void plot_diagram(struct canvas *c, const struct scene *sc, struct plot_frame *f);

/* Where plot_scene put things, in cells of the whole canvas. */
struct plot_layout {
	int has_portrait, has_diagram;
	struct plot_frame portrait, diagram;	/* frames, columns offset to the canvas */
	struct view diagram_box;		/* the diagram's world box */
};

/* Which pictures plot_panes placed (bits of struct plot_panes' shown). */
enum { PANE_PORTRAIT = 1, PANE_TIME = 2, PANE_DIAGRAM = 4 };

/* Where each picture of a scene goes on a canvas of cols x rows, in cells. */
struct plot_panes {
	int shown;		/* PANE_* bits */
	struct plot_rect portrait, ts, diagram;
};

/*
 * The arrangement of plot_scene, for any picture made of panes (the text
 * portrait and export_svg alike): the diagram alone, or on the left half
 * with the views of sc->kind (plot_layout) in the rest, or those views alone.
 */
void plot_panes(const struct scene *sc, int cols, int rows, struct plot_panes *p);

/* The scene as shown (c is cleared first); lay may be NULL. */
void plot_scene(struct canvas *c, const struct scene *sc, struct plot_layout *lay);

/* Label of a special point's kind on the diagram: "H", "LP", ... */
const char *plot_bif_label(int kind);

#endif
