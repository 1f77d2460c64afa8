/*
 * session: the state commands act on: the model, current parameter values,
 * settings, window, seeds of trajectories, the display choices, and the
 * results (results.h) they produced. In piped mode computations run
 * synchronously through session_run; the interactive UI hands the same job
 * (session_make_job) to the worker; both install what comes back with
 * results_apply. No ncurses, no stdout.
 */
#ifndef CANARD_SESSION_H
#define CANARD_SESSION_H

#include "canvas.h"
#include "fatemap.h"
#include "learn.h"
#include "orbit.h"
#include "results.h"

/*
 * Where text goes: print for answers (records, tables, pictures, data),
 * error for error messages (already formatted), note for messages that are
 * not answers ("loaded ...", a trajectory that stopped early). In piped mode
 * print is stdout and the other two stderr; a NULL note falls back to print.
 */
struct out {
	void (*print)(void *ctx, const char *text);
	void (*error)(void *ctx, const char *text);
	void *ctx;
	void (*note)(void *ctx, const char *text);
};

/* The bifurcation diagram asked for ('bif'), and how it is shown. */
struct session_bif {
	int on;			/* asked for: jobs compute it until the results hold it */
	int ppar, pvar;		/* the parameter index, or the slow variable (layer problem) */
	double lo, hi;
	int var;		/* the variable on the vertical axis */
	enum diagram_mode mode;
	double *kpar, *kinit;	/* the values the last diagram job started from (owned) */
};

struct session {
	struct model *m;	/* owned; NULL before the first load */
	double *par;		/* current parameter values, m->npar */
	double *init;		/* current initial data, m->nvar */
	struct settings set;
	struct view view;	/* the window ('window', 'axes') */
	int auto_window;	/* the window follows the trajectories */

	double *seeds;		/* nseed rows of m->nvar initial states */
	size_t nseed, seed_cap;
	struct sgd_run *seed_sgd;	/* nseed: SGD paths among the seeds (learn.h) */
	size_t seed_sgd_cap;
	signed char *seed_dir;	/* nseed: each seed's direction (job.h: +1, -1, 0, JOB_DIR_SET) */
	size_t seed_dir_cap;

	struct results res;	/* what was computed: trajectories for seeds, the analysis */
	unsigned long serial;	/* bumped by every change of the inputs (for the UI) */
	unsigned long models;	/* bumped by every model set (for the UI: a new note) */
	/* bumped by every change the trajectories depend on (model, values,
	 * settings, 'clear'), not by a seed added: the trajectories a job made
	 * from the same stamp are kept when seeds are added (job.h first) */
	unsigned long inputs;

	/* what the portrait shows */
	enum field_mode field;
	int show_manifold, show_nullclines;
	/* which views ('view'), and the variables of the time series ('axes t V ...') */
	enum view_kind kind;
	int ts_var[TS_MAX], nts;

	int cols, rows;		/* canvas size for print/export ('size'); the live pane
				 * has its own, passed to session_make_job */
	int jobs;		/* threads for independent work ('set jobs'); 0: every core */
	enum canvas_mode mode;
	int quit;
	int source_depth;
	int source_runs;		/* scripts run by the current top-level 'source' */
	int sweeping;		/* inside a sweep's command; 2 once a nested one was refused */
	/* --shard K/N: maps and sweeps compute only their items i with i % N == K - 1 */
	int shard_k, shard_n;
	/* the last fate map (map, map read) is res.map, drawn instead of the portrait
	 * while show_map. In the live view a fate map is the worker's: map_want asks
	 * for its cells (axes map_a1, map_a2, names borrowed from m) while the inputs
	 * stay those of serial map_serial; map_id numbers the maps made */
	int show_map;
	struct session_bif bif;
	/* res.orbit is drawn instead of the portrait while show_orbit (a map,
	 * when show_map, comes first) */
	int show_orbit;
	int map_want;
	struct fatemap_axis map_a1, map_a2;
	unsigned long map_serial, map_id;
	/* piped mode: when halt() says so (a signal asked canard to leave) no
	 * further command runs; NULL elsewhere */
	int (*halt)(void);
	/* the interactive UI: 'run' leaves the work to the worker (async), and
	 * synchronous computations stop when sync_stop says so (Ctrl-C) */
	int async;
	solve_should_stop sync_stop;
	void *sync_stop_arg;
	/* 'nudge NAME STEP' or 'nudge NAME *FACTOR': the parameter the [ and ] keys
	 * move (or -1), by adding the step, or when nudge_factor > 1 by multiplying */
	int nudge_par;
	double nudge_step;
	double nudge_factor;
	struct out out;
	/* a failure found after the command answered (a trajectory stopped by the
	 * memory budget): the command fails with this message; malloc'd or NULL */
	char *late_error;
};

void session_init(struct session *s, const struct out *out, enum canvas_mode mode);
void session_fini(struct session *s);
/* Take ownership of m and reset parameters, settings, view, seeds and results. */
void session_set_model(struct session *s, struct model *m);

/* Forget results (the next run recomputes them). */
void session_invalidate(struct session *s);
void session_clear_trajs(struct session *s);
void session_add_seed(struct session *s, const double *y0);
/* A seed whose trajectory is the SGD path of the model's setting (learn.h). */
void session_add_sgd_seed(struct session *s, const double *y0, const struct sgd_run *run);
/* The direction of the last seed added: +1 forward, -1 backward, 0 both ways. */
void session_set_last_dir(struct session *s, int dir);
/* Forget every seed and its results. */
void session_clear_seeds(struct session *s);

/*
 * Integrate every seed and analyse at the 'size' canvas, on this thread:
 * the job's code path, its pieces installed by results_apply as they come.
 */
void session_run(struct session *s, solve_should_stop stop, void *arg);

/*
 * Compute the diagram asked for (session_bif_request) on this thread, by the
 * job's code path, unless the results hold it already. Returns 0 when the
 * results hold a diagram (complete, or partial when stop said so), -1 when
 * none could be made (the reason in the results' bif_error).
 */
int session_run_bif(struct session *s, solve_should_stop stop, void *arg);

/* The threads independent work may use: 'set jobs', or every core available. */
int session_threads(const struct session *s);
/*
 * A job with copies of the session's inputs, its analysis traced for a
 * canvas of cols x rows (free with job_free). When a diagram is asked for
 * and the results do not hold it (session_bif_current), the job computes it
 * too, and the session remembers the values it started from.
 */
struct job *session_make_job(struct session *s, int cols, int rows, int want_ncl);
/* The canvas columns the portrait gets of a canvas cols wide, the diagram beside it or not. */
int session_portrait_cols(const struct session *s, int cols);
/*
 * Bring the analysis (equilibria, critical manifold, and the nullclines when
 * need_nullclines) up to date for the current parameters and view, traced
 * for a canvas of cols x rows; cols = 0 accepts the one held whatever its
 * canvas (computing at the 'size' when there is none). Returns it (owned by
 * the session's results).
 */
/*
 * A fresh analysis (owned by the caller) of a box scale times the effective
 * window about its centre, kept within the doubles: equilibria and/or C0.
 */
struct analysis *session_analyze_box(struct session *s, double scale, int want_eq,
    int want_manifold);
const struct analysis *session_analyze(struct session *s, int need_nullclines, int cols,
    int rows);
/*
 * Ask for the diagram of ppar (or the layer problem in the slow variable pvar)
 * over lo..hi, shown as mode: the results' diagram is forgotten and the next
 * job computes it. The vertical variable is the one on the horizontal axis of
 * the portrait when it is in the problem, else the first that is.
 */
void session_bif_request(struct session *s, int ppar, int pvar, double lo, double hi,
    enum diagram_mode mode);
/*
 * Whether the results hold the complete diagram asked for, for the current
 * values: those of everything but the continuation parameter itself, so
 * that moving the parameter along the diagram does not recompute it.
 */
int session_bif_current(const struct session *s);
/* The name of the diagram's parameter (or slow variable). */
const char *session_bif_name(const struct session *s);
/* The view to draw: the window, or the trajectories' extent when automatic. */
void session_effective_view(const struct session *s, struct view *v);
/* The scene of the session as it stands (the analysis it holds, not recomputed). */
void session_scene(const struct session *s, struct scene *sc);
/*
 * The scene as a picture of cols x rows cells shows it, analysed first for
 * the portrait's part of that size (what print, export txt and export svg
 * draw).
 */
void session_shown_scene(struct session *s, int cols, int rows, struct scene *sc);
/*
 * Analyse for and render the views (portrait, time series or both, laid out
 * by plot_layout) at cols x rows into a new canvas (caller frees).
 */
struct canvas *session_render(struct session *s, int cols, int rows);
/* The size of the portrait's part of a cols x rows canvas (what the analysis is traced for). */
void session_portrait_size(const struct session *s, int cols, int rows, int *pcols, int *prows);
/* What is shown instead of the views: "fate map", "orbit diagram", or NULL. */
const char *session_other_picture(const struct session *s);
/*
 * Draw the fate map or orbit diagram on c when one is shown instead of the
 * portrait; returns 1 if it drew, 0 when the portrait is what shows.
 */
int session_draw_picture(const struct session *s, struct canvas *c);

/*
 * The nudged parameter's next value: one step (or factor) up for dir > 0,
 * down otherwise. *crossed says the value changed sign or reached zero,
 * which a factor never does. NAN when there is no next value: a factor on
 * 0 (it would stay 0), or a value that would be infinite or, by a factor
 * down, below the normal doubles (0 or a subnormal, whose lost digits no
 * factor brings back); a subnormal value set by hand still goes up.
 */
double session_nudge_value(const struct session *s, int dir, int *crossed);

void out_printf(const struct out *o, const char *fmt, ...) PRINTFLIKE(2, 3);
/* A message that is not an answer (to o->note, else o->print). */
void out_note(const struct out *o, const char *fmt, ...) PRINTFLIKE(2, 3);

#endif
