/*
 * solve: integrating one trajectory with GSL odeiv2, keeping every accepted
 * step. method=auto starts explicit (rk8pd) and switches to msbdf with the
 * exact Jacobian when the step size is held down by stiffness. Numerical
 * trouble is an outcome, not an error: each trajectory ends with a stop reason.
 * Knows nothing of screens or threads (cancellation comes as a callback).
 */
#ifndef CANARD_SOLVE_H
#define CANARD_SOLVE_H

#include <stddef.h>

#include "model.h"

enum solve_stop {
	SOLVE_DONE,		/* reached the end time */
	SOLVE_ESCAPE,		/* a variable left the bound box */
	SOLVE_NAN,		/* the right-hand side was NaN or infinite */
	SOLVE_COLLAPSE,		/* the step size collapsed (blow-up or singularity) */
	SOLVE_STORAGE,		/* maxstor steps kept */
	SOLVE_CANCELLED,	/* should_stop said so */
	SOLVE_MEMORY,		/* the memory budget (set maxmem) or memory itself ran out */
	SOLVE_CONSTRAINT	/* the algebraic constraints have no root near the last one */
};
const char *solve_stop_name(enum solve_stop s);

/* What made a trajectory: the ODE, or a network trained by SGD (learn.h). */
enum traj_kind { TRAJ_ODE, TRAJ_SGD };

/* One trajectory: n points of (t, y[dim]); owns its arrays. */
struct traj {
	int dim;
	enum traj_kind kind;
	size_t n, cap;
	double *t;
	double *y;		/* n * dim, row per point */
	enum solve_stop stop;
	double t_stop;
	int stop_var;		/* variable that escaped or went NaN, or -1 */
	enum solve_method method;	/* the method that finished the run */
	double t_switch;	/* auto: time of the switch to msbdf, or NAN */
	long nfev, njev, nsteps;
	long nevents;		/* resets applied ('global') */
	int naux;		/* the model's aux columns at each point (for aux axes) */
	double *aux;		/* aux_n * naux, or NULL (traj_fill_aux) */
	size_t aux_n;		/* the points aux was filled for */
};

void traj_init(struct traj *tr, int dim);
void traj_fini(struct traj *tr);
void traj_append(struct traj *tr, double t, const double *y);
/*
 * Fill tr->aux with m's aux columns at every point, at parameter values par
 * (with '0=' constraints solved at each point from the previous root; NaN
 * where there is none). Left NULL when m has no aux or the memory budget
 * (set maxmem) has no room: an aux axis then draws nothing.
 */
void traj_fill_aux(const struct model *m, const double *par, struct traj *tr);
/* Give back what the doubling left unused: a finished trajectory holds n points. */
void traj_shrink(struct traj *tr);
/*
 * Whether point k is the point after a reset ('global'): it has the time of
 * point k - 1, and the two must not be joined by a line.
 */
int traj_is_jump(const struct traj *tr, size_t k);
/* The most points a trajectory keeps: maxstor, or XPPAUT's rows with points=grid. */
size_t solve_kept_max(const struct settings *s);

/* Returns nonzero when the computation should stop (checked often). */
typedef int (*solve_should_stop)(void *arg);

/*
 * Integrate from y0 at s->t0 for s->tmax in direction dir (+1 or -1), with
 * parameter values par. Fills tr (initialised by the caller with dim =
 * m->nvar; emptied first). Returns 0; the outcome is tr->stop.
 */
int solve_traj(const struct model *m, const double *par, const double *y0,
    const struct settings *s, int dir, struct traj *tr, solve_should_stop stop, void *arg);

/* ---- algebraic constraints (solve_dae.c) ---- */

struct dae;
/* A solver for m's '0=' constraints, or NULL when m has none; m must outlive it. */
struct dae *dae_new(const struct model *m);
void dae_free(struct dae *a);
/*
 * Solve the constraints at (t, y) for the algebraic variables, which par
 * (m->npar values) holds: their values are the first guess and the root is
 * written there. Returns 0, or -1 when Newton does not converge (par kept).
 */
int dae_solve(struct dae *a, double t, const double *y, double *par);

#endif
