/*
 * solve_int: what the integrators share inside solve (not for other layers):
 * event tests and resets, and the history that delay() reads.
 */
#ifndef CANARD_SOLVE_INT_H
#define CANARD_SOLVE_INT_H

#include "solve.h"

/* 1 if a condition going from g0 to g1 fires an event of this sign. */
int solve_event_fires(int sign, double g0, double g1);
/* Apply event k's resets to y (all right-hand sides read the state before). */
void solve_event_reset(const struct model *m, int k, double t, double *y, const double *par);

/* Accepted states with their derivatives: the past that delay() reads. */
struct history {
	int dim;
	size_t n, cap;
	double *t, *y, *f;	/* n points; y and f are n * dim */
	double t0;		/* before t0: the history formula or the initial data */
	const double *y0;	/* initial data (not owned) */
	double *tau;		/* scratch for the delays' values */
};
void history_init(struct history *h, const struct model *m, double t0, const double *y0);
void history_fini(struct history *h);
void history_add(struct history *h, double t, const double *y, const double *f);
/*
 * Fill m's delay slots in par for time t and state y: var(t - tau) by cubic
 * Hermite interpolation between accepted steps (linear when cubic is 0),
 * the history formula or the initial value before t0.
 */
void history_fill(const struct history *h, const struct model *m, double t, const double *y,
    double *par, int cubic);

/* Fixed-step paths: Euler-Maruyama for stochastic models, iteration for maps. */
int solve_fixed_traj(const struct model *m, const double *par, const double *y0,
    const struct settings *s, int dir, struct traj *tr, solve_should_stop stop, void *arg);

#endif
