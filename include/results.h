/*
 * results: what the jobs produced, and what is shown of it. The only way
 * results come in is results_apply, for the synchronous (piped) path and for
 * pieces handed over by the worker alike. Plot and every exporter read a
 * struct scene, made from results and the display choices, and nothing
 * else, so that text, screen and vector pictures cannot disagree.
 *
 * Adding a kind of result (a bifurcation diagram, a fate map): a field in
 * struct results owned by it, freed in results_fini, installed by a case in
 * results_apply (see job.h for the piece), read by plot through the scene.
 */
#ifndef CANARD_RESULTS_H
#define CANARD_RESULTS_H

#include "job.h"
#include "orbit.h"

/* A grid of classes: what 'map' computed or read back; all owned by the struct. */
struct results_map {
	char *name1, *name2;	/* the varied names (horizontal, vertical) */
	int n1, n2;
	double *v1, *v2;	/* n1 and n2 values, increasing */
	char **cls;		/* n1 * n2 class names, cell (i, j) at j * n1 + i; NULL: not computed */
	size_t ndone;		/* cells with a class (the live view's progress) */
	unsigned long id;	/* the map a job's cells are for (job.h map_id); 0: none */
};
void results_map_free(struct results_map *map);

/* All owned by the struct (results_fini). */
struct results {
	struct traj *trajs;	/* one per seed, index = seed */
	size_t ntraj, traj_cap;
	int stale;		/* do not match the inputs (model, settings, seeds) */
	/* the first valid trajectories are a finished job's, made from the
	 * inputs stamped valid_inputs (session.h inputs) */
	size_t valid;
	unsigned long valid_inputs;

	struct analysis *an;	/* equilibria, nullclines, C0 branches, folds; NULL until computed */
	struct view an_view;	/* the view it was computed for */
	int an_cols, an_rows;	/* and the canvas size */
	int an_has_ncl;		/* nullclines were traced (only when asked for) */
	int an_stale;		/* parameters changed since */

	struct bif_result *bif;	/* the bifurcation diagram (bif.h); NULL until one arrives */
	int bif_done;		/* it is complete (else it is still filling in, or was stopped) */
	char bif_error[512];	/* why the last diagram asked for could not be made, or "" */

	char **fate;		/* nfate labels of the trajectories' fates (panel), or NULL:
				 * made on demand by results_fate_label, dropped on change */
	size_t nfate;

	struct results_map *map;	/* the last fate map, or NULL */

	/* the last orbit diagram ('orbit'), or NULL: VAR orbit_var (named
	 * orbit_vname) against its parameter; both owned */
	struct orbit_diagram *orbit;
	int orbit_var;
	char *orbit_vname;
};

void results_init(struct results *r);
void results_fini(struct results *r);
void results_clear_trajs(struct results *r);
/* Forget the diagram. */
void results_clear_bif(struct results *r);
/* Install an orbit diagram of variable var named vname (o taken, vname copied). */
void results_set_orbit(struct results *r, struct orbit_diagram *o, int var, const char *vname);

/*
 * Install a list of pieces (consumed): those of generation gen go in, older
 * ones are dropped. Returns 1 when gen's JOB_DONE was among them (2 when
 * that job ran out of memory, job_result_nomem); *changed
 * (may be NULL) says whether anything shown changed, *seconds (may be NULL)
 * gets the job's time.
 */
int results_apply(struct results *r, struct job_result *list, unsigned long gen,
    int *changed, double *seconds);

/*
 * A short label of trajectory i's fate ("stable-focus", "cycle T=11.6",
 * "escape", "running"), classified against the analysis held, once per
 * change of the results (the string is owned by r).
 */
const char *results_fate_label(struct results *r, const struct model *m, const double *par,
    size_t i);

/* Trajectory i's fate label when results_fate_label made it already, else "". */
const char *results_fate_known(const struct results *r, size_t i);

/*
 * Where a trajectory starts as the panel and the picture's legend write it:
 * its start y0 on the axes xv, yv ("0.5,1", %.3g each), or its first
 * variable when an axis is not a variable (t, an aux).
 */
void results_start_text(const double *y0, int xv, int yv, char *buf, size_t size);

/* The view shown: the window, or the trajectories' extent when automatic. */
void results_view(const struct results *r, const struct view *window, int auto_window,
    struct view *v);

/* Whether the analysis held answers this view and canvas size (cols 0: any size). */
int results_analysis_fits(const struct results *r, const struct view *v, int cols, int rows,
    int need_ncl);

/* ---- what is shown ---- */

enum field_mode { FIELD_OFF, FIELD_SLOW, FIELD_FULL };

/* Where the bifurcation diagram goes: not shown, instead of the portrait, or beside it. */
enum diagram_mode { DIAGRAM_OFF, DIAGRAM_ONLY, DIAGRAM_BESIDE };

/* How the diagram is shown (with results' bif). */
struct scene_diagram {
	enum diagram_mode mode;
	const char *pname;	/* the horizontal axis: the parameter (or slow variable) */
	int pvar;		/* the slow variable of a layer problem, or -1 */
	int var;		/* the variable on the vertical axis */
	double lo, hi;		/* the parameter range */
	double now;		/* the parameter's value now (a marker), NAN for none */
};
/* Which pictures the pane shows ('view'): the portrait, the time series, or both. */
enum view_kind { VIEW_PORTRAIT, VIEW_TIME, VIEW_BOTH };
#define TS_MAX 6	/* variables in a time series */

/* What a picture shows instead of the views, if anything ('map', 'orbit'). */
enum scene_other { SCENE_VIEWS, SCENE_MAP, SCENE_ORBIT };
struct orbit_diagram;	/* orbit.h */

/* Results and the choices of how to show them: everything a picture is made of. */
struct scene {
	const struct model *m;
	const struct results *r;
	struct view v;		/* the view drawn */
	const double *par;	/* parameter values (for the direction fields) */
	const double *base;	/* values of the variables not on the axes */
	enum field_mode field;
	int show_manifold, show_nullclines;
	struct scene_diagram dg;	/* mode DIAGRAM_OFF: the portrait alone */
	enum view_kind kind;
	const int *ts_var;	/* nts variables against t (time series) */
	int nts;
	struct view ts_v;	/* the time series' box: fitted to the data (xvar -1) */
	const double *seeds;	/* nseed rows of m->nvar: where trajectory i starts */
	size_t nseed;
	const signed char *seed_dir;	/* nseed ways they run (job_seed_dir); may be NULL */
	int set_dir;			/* the way of a seed that runs as 'set dir' says */
	enum scene_other other;	/* SCENE_MAP: r->map is shown; SCENE_ORBIT: orbit is */
	const struct orbit_diagram *orbit;	/* its variable orbit_var (named orbit_vname) */
	int orbit_var;
	const char *orbit_vname;
};

/*
 * The box of a time series of vars against t: the trajectories' time span
 * and the range of the variables, with a 5% margin (a unit box when empty).
 */
void results_ts_view(const struct results *r, const int *vars, int nvars, struct view *v);

/*
 * Whether nullcline cv of sc's analysis is drawn: in a planar fast-slow
 * portrait that shows the manifold, the fast variable's nullcline is the
 * critical manifold, drawn already as its branches.
 */
int scene_nullcline_drawn(const struct scene *sc, const struct curve *cv);

#endif
