/*
 * noise: one random stream per trajectory (GSL rng), derived from the seed
 * setting and the trajectory's index, so that the same seed gives the same
 * paths, every trajectory draws independently, and changing one trajectory or
 * an unrelated setting redraws nothing else. Fills a model's input parameters.
 */
#ifndef CANARD_NOISE_H
#define CANARD_NOISE_H

#include <gsl/gsl_rng.h>

#include "model.h"

/* A new stream for (seed, stream); free with gsl_rng_free. */
gsl_rng *noise_stream(unsigned long seed, unsigned long stream);
/*
 * Draw every random input of m into par for a step of length dt: wiener
 * N(0,1)/sqrt(|dt|), normal() N(0,1), ran() uniform on [0,1).
 */
void noise_draw(const struct model *m, gsl_rng *r, double dt, double *par);
/*
 * The model's Markov chains before a step of length |dt| from (t, y): each
 * draws one uniform and may jump (see struct model); y is updated in place.
 * rates is scratch for m->nrates values.
 */
/*
 * The model's Gillespie specials before a step from (t, y): their inputs in
 * par drawn from the rates (see struct model). rates is scratch for
 * m->ngill_rates values.
 */
void noise_gill(const struct model *m, gsl_rng *r, double t, const double *y, double *par,
    double *rates);
void noise_markov(const struct model *m, gsl_rng *r, double t, double dt, double *y,
    const double *par, double *rates);

#endif
