/*
 * learn: the SGD path of the setting a model declares ('# canard: sgd=...',
 * model_sgd.c) as a trajectory. The network of sgd.h is built from the
 * current parameter values (Hermite coefficients, learning rate, ratio,
 * batch) and the initial state (its alignment and scale variables give m0
 * and a0), trained for set->tmax time units, and its order parameters are
 * recorded in the model's variables, in the ODE's time units. Knows nothing
 * of threads or screens; cancellation comes as a callback, as in solve.
 */
#ifndef CANARD_LEARN_H
#define CANARD_LEARN_H

#include "model.h"
#include "sgd.h"
#include "solve.h"

/* Options of one run; d = 0 or width = 0 take the model's defaults. */
struct sgd_run {
	int on;			/* nonzero: this seed is an SGD path */
	int d, width;
	unsigned long seed;
};

/*
 * The network a run trains at parameter values par from state y0. Returns
 * NULL, or a sentence saying why it cannot be built (no SGD setting, a batch
 * that is not a positive integer, ...).
 */
const char *learn_setup(const struct model *m, const double *par, const double *y0,
    const struct sgd_run *run, struct sgd_setup *out);

/*
 * Train and record (about 2000 points, the first at t = 0 from the initial
 * network, the last at the end) into tr (initialised by the caller with dim
 * = m->nvar; emptied first; kind TRAJ_SGD). Variables other than the
 * alignment and the scale keep y0's values. tr->stop is SOLVE_DONE,
 * SOLVE_CANCELLED, SOLVE_NAN (the network diverged, or the setup is unusable:
 * then tr holds y0 alone) or SOLVE_ESCAPE (the scale left set->bound).
 * If last is not NULL it receives the final order parameters.
 */
void learn_path(const struct model *m, const double *par, const double *y0,
    const struct settings *set, const struct sgd_run *run, struct traj *tr,
    solve_should_stop stop, void *arg, struct sgd_order *last);

#endif
