/*
 * analysis: the geometry of a model at fixed parameters. Equilibria of the
 * full system (multi-start Newton, exact Jacobian, eigenvalues, type);
 * nullclines and the critical manifold C0 = {f = 0} of a fast-slow model as
 * curves traced by pseudo-arclength continuation; folds located to solver
 * precision, branch points and folded singularities (canard points); the
 * slow flow; and the fate of a trajectory. Knows nothing of screens.
 *
 * All results are plain data owned by struct analysis (analysis_free).
 */
#ifndef CANARD_ANALYSIS_H
#define CANARD_ANALYSIS_H

#include <stddef.h>

#include "model.h"
#include "solve.h"

/* Stability of a point of C0 (eigenvalues of D_x f). */
enum stab { STAB_ATTRACTING, STAB_REPELLING, STAB_SADDLE, STAB_SINGULAR };
const char *stab_name(enum stab s);

/* A curve in model coordinates: n points of dim doubles (dim = nvar; entries
 * not on the curve hold the values they were computed at). */
struct curve {
	int dim;
	size_t n, cap;
	double *pt;		/* n * dim */
	unsigned char *stab;	/* n: enum stab (manifold branches only) */
	double *dir;		/* n: +1/-1 slow-flow direction along increasing index, 0 at folds */
	char end[2][24];	/* why tracing stopped at each end ("box", "closed", ...) */
	int var;		/* nullclines: the variable whose derivative vanishes */
};

enum eq_type {
	EQ_STABLE_NODE, EQ_UNSTABLE_NODE, EQ_STABLE_FOCUS, EQ_UNSTABLE_FOCUS, EQ_SADDLE,
	EQ_CENTRE, EQ_DEGENERATE
};
const char *eq_type_name(enum eq_type t);

struct equilibrium {
	double *x;		/* nvar */
	double *re, *im;	/* nvar eigenvalues, sorted by real part, descending */
	enum eq_type type;
};

enum special_kind { SP_FOLD, SP_CANARD, SP_BRANCH };
const char *special_name(enum special_kind k);

/* Folds, canard points (folded singularities) and branch points of C0. */
struct special {
	enum special_kind kind;
	double *x;		/* nvar */
	double f_norm;		/* |f| there */
	double det;		/* det D_x f there */
	double g;		/* slow right-hand side there */
	int branch;		/* index of the branch it was found on */
};

struct analysis {
	int nvar;
	/* equilibria in the window */
	struct equilibrium *eq;
	int neq;
	const char *eq_note;	/* e.g. a continuum of equilibria was left out, or NULL */
	/* nullclines of the plotted variables */
	struct curve *ncl;
	int nncl;
	/* C0 branches (one slow variable only) */
	struct curve *branch;
	int nbranch;
	struct special *sp;
	int nsp;
	const char *manifold_note;	/* why there is no manifold, or NULL */
};

/* What to compute, and where. */
struct analysis_req {
	const struct model *m;
	const double *par;	/* current parameter values */
	const double *base;	/* values of variables not on the axes (initial data) */
	int xvar, yvar;		/* plotted variables (-1 = t) */
	double xlo, xhi, ylo, yhi;
	int want_eq, want_ncl, want_manifold;
	int cols, rows;		/* the canvas it is drawn on: sets the resolution (0: 80x24) */
};

struct analysis *analysis_compute(const struct analysis_req *req);
void analysis_free(struct analysis *a);

/* Equilibria by multi-start Newton in the window (used by analysis_compute). */
void equilibria_find(const struct analysis_req *req, struct analysis *a);
/* Newton's method on the full system F(u) = 0 from u (exact Jacobian); 0 on convergence. */
int equilibrium_newton(const struct model *m, const double *par, double *u, double tol,
    int maxit);
/* Classify by the eigenvalues of the Jacobian at x; fills re/im (nvar each). */
enum eq_type equilibrium_classify(const struct model *m, const double *par, const double *x,
    double *re, double *im);

void nullclines_trace(const struct analysis_req *req, struct analysis *a);
void manifold_trace(const struct analysis_req *req, struct analysis *a);

/* Stability of C0 at x: eigenvalues of D_x f. */
enum stab manifold_stability(const struct model *m, const double *par, const double *x);

/* ---- fates ---- */

enum fate_end { FATE_EQUILIBRIUM, FATE_CYCLE, FATE_ESCAPE, FATE_RUNNING };

struct fate {
	enum fate_end end;
	int eq;			/* index into a->eq, or -1 */
	double period;		/* cycles */
	const double *last;	/* final state (points into the trajectory) */
	int end_branch;		/* C0 branch the trajectory ends on, or -1 */
	int path[16];		/* C0 branches visited in order (repeats merged) */
	int npath;
	/* with a declared feature variable: 1 kept, 0 lost after learning, -1 never learned */
	int learned;
	double feature_max;
	/* FATE_RUNNING of the ODE: the setting that would let it settle ("tmax",
	 * "maxstor", "maxmem", or "run" when it was interrupted), or NULL; and the
	 * run length after which it would be within the equilibrium test's
	 * tolerance of the stable equilibrium it is approaching (from the slowest
	 * decay rate there), or NAN when no such estimate exists */
	const char *hint;
	double need_tmax;
};

/*
 * An SGD path (tr->kind == TRAJ_SGD) is noisy: it ends 'running' (no ODE
 * equilibrium or cycle is claimed for it), and its branches, the peak of
 * the feature and whether it was kept are read from the mean over a
 * trailing window of 2% of its points.
 *
 * A trajectory whose last half has not moved (below 1e-6 of its size) on a
 * point where the Jacobian is singular has come to rest on a set of
 * equilibria that are not isolated (a line of them, as C0 is when eps = 0):
 * it ends at an equilibrium of type degenerate, and is never a cycle.
 */
void fate_classify(const struct model *m, const double *par, const struct traj *tr,
    const struct analysis *a, struct fate *f);

#endif
