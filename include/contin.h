/*
 * contin: pseudo-arclength continuation of the solution curve of k equations
 * in k+1 unknowns, F(u) = 0. Used for the critical manifold (u = fast
 * variables and the slow one) and for nullclines (u = the two plotted
 * variables). Works in scaled coordinates u/scale so that one step is a
 * fraction of the window whatever the units.
 */
#ifndef CANARD_CONTIN_H
#define CANARD_CONTIN_H

#include <stddef.h>

struct contin_problem {
	int k;			/* equations; there are k+1 unknowns */
	/* f (k values) and its Jacobian (k x (k+1), row-major; may be skipped when NULL) */
	void (*eval)(void *ctx, const double *u, double *f, double *jac);
	void *ctx;
	const double *scale;	/* k+1 positive scales */
	const double *lo, *hi;	/* k+1: the box the curve is traced in */
	double h0, hmax;	/* step sizes in scaled units */
	size_t max_points;
};

/* A traced curve: n points u (k+1 each) and unit tangents (scaled). Owns its arrays. */
struct contin_path {
	int dim;
	size_t n, cap;
	double *u, *t;
	char end[2][24];	/* why each end stopped: box, closed, singular, points */
};

void contin_path_fini(struct contin_path *p);

/*
 * Trace the curve through seed (refined first) in both directions; fills out
 * (points ordered along the curve). Returns 0, or -1 if the seed is not on a
 * regular part of the curve.
 */
int contin_trace(const struct contin_problem *p, const double *seed, struct contin_path *out);

/*
 * Seeds for k = 1: on nrows lines u[1 - axis] = const across the box, find the
 * sign changes of F along u[axis] (nsamples steps), refine them by bisection
 * and call found(arg, u) for each root. wanted (may be NULL) sees the
 * bracket's midpoint first and may decline the refinement.
 */
void contin_scan_roots(const struct contin_problem *p, int axis, int nrows, int nsamples,
    int (*wanted)(void *arg, const double *u), void (*found)(void *arg, const double *u),
    void *arg);

/*
 * Newton's method for n equations in n unknowns with a caller's Jacobian,
 * solved by LU. Returns 0 when the step falls below tol (relative to
 * max(1, |u|)) and |f| below 1e3 tol, or below the rounding of its terms
 * (1e3 eps sum_j |J_ij u_j|) where that is larger (a huge window).
 */
int newton_solve(int n, void (*eval)(void *ctx, const double *u, double *f, double *jac),
    void *ctx, double *u, double tol, int maxit);

#endif
