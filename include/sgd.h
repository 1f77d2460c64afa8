/*
 * sgd: a real two-layer network trained by online mini-batch SGD on Gaussian
 * inputs, reporting its order parameters. Inputs x ~ N(0, I_d); target
 * y = sig*(w*.x) with |w*| = 1; student f(x) = (1/N) sum_j a_j sig(w_j.x),
 * each w_j kept on the unit sphere (normalised after every step). sig* and
 * sig are given by their coefficients on the normalised probabilists'
 * Hermite functions h_k = He_k / sqrt(k!). Loss (y - f)^2 / 2; per step
 * w_j <- normalise(w_j + eta_w * mean_b e a_j sig'(w_j.x)) x and
 * a_j <- a_j + eta_a * mean_b e sig(w_j.x), with e = y - f, eta_w = lr/d,
 * eta_a = ratio * eta_w (the mean-field width scaling: N identical neurons
 * move exactly as one). Time is t = steps * lr / d, the units of the
 * order-parameter ODE. Everything random comes from one GSL mt19937 stream
 * seeded by the caller: the same setup gives the same bytes.
 *
 * Knows nothing of models, threads or screens. An sgd object owns its
 * weights and its generator (sgd_free).
 */
#ifndef CANARD_SGD_H
#define CANARD_SGD_H

#include <stddef.h>

#define SGD_MAX_HERMITE 8

struct sgd_setup {
	int d;			/* input dimension, >= 2 */
	int width;		/* N, >= 1 */
	int batch;		/* B, >= 1 */
	unsigned long seed;
	int nc, ns;		/* coefficients of h_0 .. h_{n-1} */
	double c[SGD_MAX_HERMITE];	/* target link sig* */
	double s[SGD_MAX_HERMITE];	/* student activation sig */
	double lr;		/* eta_w = lr / d */
	double ratio;		/* eta_a = ratio * eta_w */
	double m0, a0;		/* initial alignment (|m0| <= 1) and second-layer weight */
};

/* Order parameters of the current network. */
struct sgd_order {
	double t;		/* steps * lr / d */
	double m;		/* mean over neurons of w_j.w* */
	double a;		/* mean of a_j */
	double a_norm;		/* sqrt(mean a_j^2) */
	double q;		/* mean overlap w_j.w_k over j != k (1 for N = 1) */
	double m_min, m_max;	/* extreme alignments over the neurons */
};

struct sgd;

/* A new network drawn from setup (which must be valid: see sgd_check); NULL never. */
struct sgd *sgd_new(const struct sgd_setup *setup);
void sgd_free(struct sgd *g);
/* NULL when setup is usable, else a sentence saying what is wrong. */
const char *sgd_check(const struct sgd_setup *setup);
/* Advance by n steps. */
void sgd_steps(struct sgd *g, long n);
long sgd_step_count(const struct sgd *g);
void sgd_measure(const struct sgd *g, struct sgd_order *o);
/* The weights (for tests): w of neuron j (d doubles), a (N doubles), w* (d doubles). */
const double *sgd_w(const struct sgd *g, int j);
const double *sgd_a(const struct sgd *g);
const double *sgd_target(const struct sgd *g);

/* The link functions (exposed for tests): sig(z) and sig'(z) from n coefficients. */
void sgd_hermite(const double *coef, int n, double z, double *val, double *deriv);

#endif
