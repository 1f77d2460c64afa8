/*
 * session: the state commands act on: the model, current parameter values,
 * settings, view, seeds of trajectories and the results shown. In piped mode
 * computations run synchronously through session_run; the interactive UI
 * hands the same work to the worker. No ncurses, no stdout.
 */
#ifndef CANARD_SESSION_H
#define CANARD_SESSION_H

#include "analysis.h"
#include "canvas.h"
#include "model.h"
#include "plot.h"
#include "solve.h"

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

struct session {
	struct model *m;	/* owned; NULL before the first load */
	double *par;		/* current parameter values, m->npar */
	double *init;		/* current initial data, m->nvar */
	struct settings set;
	struct view view;
	int auto_window;	/* the window follows the trajectories */

	double *seeds;		/* nseed rows of m->nvar initial states */
	size_t nseed, seed_cap;

	struct traj *trajs;	/* results for seeds[0..ntraj) */
	size_t ntraj, traj_cap;
	int stale;		/* results do not match model/settings/seeds */
	unsigned long serial;	/* bumped by every change of the inputs (for the UI) */

	/* what the portrait shows, and the analysis behind it */
	enum field_mode field;
	int show_manifold, show_nullclines;
	struct analysis *an;	/* owned; NULL until computed */
	struct view an_view;	/* the view it was computed for */
	int an_cols, an_rows;	/* and the canvas size */
	int an_has_ncl;		/* nullclines were traced (only when asked for) */
	int an_stale;

	int cols, rows;		/* canvas size for print/export */
	int jobs;		/* threads for independent work ('set jobs'); 0: every core */
	enum canvas_mode mode;
	int quit;
	int source_depth;
	int sweeping;		/* inside a sweep's command; 2 once a nested one was refused */
	/* piped mode: when halt() says so (a signal asked canard to leave) no
	 * further command runs; NULL elsewhere */
	int (*halt)(void);
	/* the interactive UI: 'run' leaves the work to the worker (async), and
	 * synchronous computations stop when sync_stop says so (Ctrl-C) */
	int async;
	solve_should_stop sync_stop;
	void *sync_stop_arg;
	/* 'nudge NAME STEP': the parameter the [ and ] keys move, or -1 */
	int nudge_par;
	double nudge_step;
	struct out out;
};

void session_init(struct session *s, const struct out *out, enum canvas_mode mode);
void session_fini(struct session *s);
/* Take ownership of m and reset parameters, settings, view, seeds and results. */
void session_set_model(struct session *s, struct model *m);

/* Forget results (the next run recomputes them). */
void session_invalidate(struct session *s);
void session_clear_trajs(struct session *s);
void session_add_seed(struct session *s, const double *y0);

/* Integrate every seed and analyse, on this thread (the job's code path). */
void session_run(struct session *s, solve_should_stop stop, void *arg);

struct job;
/* A job with copies of the session's inputs (free with job_free). */
struct job *session_make_job(const struct session *s, int want_ncl);
/* Results arriving from a job: the session takes ownership. */
void session_install_traj(struct session *s, size_t index, struct traj *tr);
void session_install_analysis(struct session *s, struct analysis *an, const struct view *v,
    int cols, int rows, int has_ncl);
void session_truncate_trajs(struct session *s, size_t n);
/* The threads independent work may use: 'set jobs', or every core available. */
int session_threads(const struct session *s);

struct delta;
/*
 * Merge results from the worker: deltas of generation gen are installed,
 * older ones dropped; the list is consumed. Returns 1 when the job of
 * generation gen finished (done), 0 otherwise; *changed says whether
 * anything shown changed.
 */
int session_apply_deltas(struct session *s, struct delta *list, unsigned long gen,
    int *changed, double *seconds);
/*
 * Bring the analysis (equilibria, critical manifold, and the nullclines when
 * need_nullclines) up to date for the current parameters, view and canvas
 * size; returns it (owned by the session).
 */
const struct analysis *session_analyze(struct session *s, int need_nullclines);
/* The view to draw: the window, or the trajectories' extent when automatic. */
void session_effective_view(const struct session *s, struct view *v);
/*
 * What plot needs to draw the session as it stands (the analysis it holds,
 * not recomputed): fills v and in; in points into s and v.
 */
void session_plot_input(const struct session *s, struct view *v, struct plot_input *in);
/* Render the portrait at cols x rows into a new canvas (caller frees). */
struct canvas *session_render(struct session *s, int cols, int rows);

void out_printf(const struct out *o, const char *fmt, ...) PRINTFLIKE(2, 3);
/* A message that is not an answer (to o->note, else o->print). */
void out_note(const struct out *o, const char *fmt, ...) PRINTFLIKE(2, 3);

#endif
