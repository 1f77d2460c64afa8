/*
 * ui_int: what the interactive view's files share (ui.c runs the loop and
 * the input, ui_draw.c draws): the state of the view. Not for other layers.
 */
#ifndef CANARD_UI_INT_H
#define CANARD_UI_INT_H

#include <ncurses.h>

#include "front.h"
#include "hist.h"
#include "plot.h"
#include "plot_bif.h"
#include "worker.h"

#define MIN_COLS 40
#define MIN_ROWS 12
#define PANEL_W 34

struct ui {
	struct session s;
	struct worker *w;
	int wake_rd, wake_wr, sig_rd;

	unsigned long gen;		/* the last job submitted */
	unsigned long sub_serial;	/* the session inputs it was made from */
	struct view sub_view;
	int sub_cols, sub_rows, sub_ncl;
	unsigned long sub_map;		/* the map_id the job computes cells for, or 0 */
	int computing, interrupted;
	size_t arrived;
	double t_submit, seconds;

	WINDOW *pane, *panel, *msg, *prompt;
	int cols, rows, pane_w, pane_h, wide, too_small;
	int focus_pane;
	int dirty;
	struct plot_frame frame;
	struct view drawn;
	struct plot_layout layout;	/* where the portrait and the diagram went */
	int drawn_map;			/* the pane shows a fate map (clicks start nothing) */
	int color;
	int colors256;			/* trajectories get their 256-colour hues */

	struct strbuf out, err;		/* what the current command printed */
	char msgtext[1024];
	int msg_error;

	char **lines;			/* the scroll view, when open */
	int nlines, top;

	unsigned char q[256];		/* bytes waiting for readline */
	int qlen;
	int feeding;			/* keys are being fed: draw the prompt after */

	char **steps;			/* --step: the script, one command a line */
	int nsteps, step_next;
	char banner[256];		/* the last step run, for the status line */

	struct hist hist;
	char **compl;
	int quit, exit_signal;
};

/* Draw everything that changed (ui_draw.c); the prompt through ui_redisplay. */
void ui_draw_all(struct ui *ui);
/* readline's redisplay hook: the prompt line (ui.c). */
void ui_redisplay(void);

#endif
