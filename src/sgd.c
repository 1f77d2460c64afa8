/*
 * sgd: the two-layer network and its SGD loop. The loop is written for
 * speed in plain C (no GSL vectors): per sample one Gaussian draw of x, N+1
 * dot products and N updates of d doubles.
 */
#include "sgd.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sgd {
	struct sgd_setup s;
	gsl_rng *rng;
	double *w;		/* N rows of d */
	double *a;		/* N */
	double *wstar;		/* d */
	double *x;		/* d: the current input */
	double *gw;		/* N rows of d: the batch's summed step directions (B > 1) */
	double *ga;		/* N */
	double *u, *sg, *dsg;	/* N: w_j.x, sig, sig' */
	long steps;
};

void
sgd_hermite(const double *coef, int n, double z, double *val, double *deriv)
{
	/* He_{k+1} = z He_k - k He_{k-1}; h_k = He_k/sqrt(k!); h_k' = sqrt(k) h_{k-1} */
	double hm = 0, h = 1, v = 0, dv = 0;
	int k;

	for (k = 0; k < n; k++) {
		double hn;
		v += coef[k] * h;
		if (k + 1 < n)
			dv += coef[k + 1] * sqrt((double)(k + 1)) * h;
		hn = (z * h - sqrt((double)k) * hm) / sqrt((double)(k + 1));
		hm = h;
		h = hn;
	}
	*val = v;
	*deriv = dv;
}

const char *
sgd_check(const struct sgd_setup *s)
{
	if (s->d < 2 || s->d > 1000000)
		return "d must be an integer from 2 to 1000000";
	if (s->width < 1 || s->width > 100000)
		return "width must be an integer from 1 to 100000";
	if ((double)s->width * s->d > 5e7)
		return "width*d must stay below 5e7 weights";
	if (s->batch < 1 || s->batch > 1000000)
		return "the batch size must be an integer from 1 to 1000000";
	if (s->nc < 1 || s->nc > SGD_MAX_HERMITE || s->ns < 1 || s->ns > SGD_MAX_HERMITE)
		return "the Hermite coefficient lists must have 1 to 8 entries";
	if (!(s->lr > 0) || !isfinite(s->lr))
		return "the learning rate must be positive";
	if (!(s->ratio >= 0) || !isfinite(s->ratio))
		return "the learning-rate ratio must be zero or positive";
	if (!(fabs(s->m0) <= 1))
		return "the initial alignment must lie in [-1, 1]";
	if (!isfinite(s->a0))
		return "the initial second-layer weight must be finite";
	return NULL;
}

static double
dot(const double *x, const double *y, int n)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += x[i] * y[i];
	return s;
}

static void
scale(double *x, int n, double r)
{
	int i;

	if (r > 0) {
		double inv = 1 / r;
		for (i = 0; i < n; i++)
			x[i] *= inv;
	}
}

static void
normalise(double *x, int n)
{
	scale(x, n, sqrt(dot(x, x, n)));
}

/* y += alpha x, returning |y|^2 (one pass over y) */
static double
axpy_norm2(double alpha, const double *x, double *y, int n)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++) {
		y[i] += alpha * x[i];
		s += y[i] * y[i];
	}
	return s;
}

static void
draw_gaussian(gsl_rng *rng, double *x, int n)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = gsl_ran_gaussian_ziggurat(rng, 1.0);
}

/* w = m0 w* + sqrt(1 - m0^2) xi with xi a random unit vector orthogonal to w*. */
static void
draw_student(struct sgd *g, double *w)
{
	int d = g->s.d, i;
	double p, r = sqrt(fmax(0, 1 - g->s.m0 * g->s.m0));

	draw_gaussian(g->rng, w, d);
	p = dot(w, g->wstar, d);
	for (i = 0; i < d; i++)
		w[i] -= p * g->wstar[i];
	normalise(w, d);
	for (i = 0; i < d; i++)
		w[i] = g->s.m0 * g->wstar[i] + r * w[i];
	normalise(w, d);
}

struct sgd *
sgd_new(const struct sgd_setup *setup)
{
	struct sgd *g = xcalloc(1, sizeof *g);
	size_t d = (size_t)setup->d, n = (size_t)setup->width;
	int j;

	g->s = *setup;
	g->rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(g->rng, setup->seed);
	g->w = xmalloc(n * d * sizeof *g->w);
	g->a = xmalloc(n * sizeof *g->a);
	g->wstar = xmalloc(d * sizeof *g->wstar);
	g->x = xmalloc(d * sizeof *g->x);
	g->gw = setup->batch > 1 ? xcalloc(n * d, sizeof *g->gw) : NULL;
	g->ga = xcalloc(n, sizeof *g->ga);
	g->u = xmalloc(n * sizeof *g->u);
	g->sg = xmalloc(n * sizeof *g->sg);
	g->dsg = xmalloc(n * sizeof *g->dsg);
	draw_gaussian(g->rng, g->wstar, setup->d);
	normalise(g->wstar, setup->d);
	for (j = 0; j < setup->width; j++) {
		draw_student(g, g->w + (size_t)j * d);
		g->a[j] = setup->a0;
	}
	return g;
}

void
sgd_free(struct sgd *g)
{
	if (g == NULL)
		return;
	gsl_rng_free(g->rng);
	free(g->w);
	free(g->a);
	free(g->wstar);
	free(g->x);
	free(g->gw);
	free(g->ga);
	free(g->u);
	free(g->sg);
	free(g->dsg);
	free(g);
}

/*
 * One sample: draw x, evaluate the network, and return the residual with
 * u, sg, dsg filled for every neuron.
 */
static double
sample(struct sgd *g)
{
	int d = g->s.d, n = g->s.width, j;
	double y, dy, f = 0;

	draw_gaussian(g->rng, g->x, d);
	sgd_hermite(g->s.c, g->s.nc, dot(g->wstar, g->x, d), &y, &dy);
	for (j = 0; j < n; j++) {
		g->u[j] = dot(g->w + (size_t)j * (size_t)d, g->x, d);
		sgd_hermite(g->s.s, g->s.ns, g->u[j], &g->sg[j], &g->dsg[j]);
		f += g->a[j] * g->sg[j];
	}
	return y - f / n;
}

static void
axpy(double alpha, const double *x, double *y, int n)
{
	int i;

	for (i = 0; i < n; i++)
		y[i] += alpha * x[i];
}

/* One step of batch 1: update in place (all gradients are at the same weights). */
static void
step_single(struct sgd *g, double eta_w, double eta_a)
{
	int d = g->s.d, n = g->s.width, j;
	double e = sample(g);

	for (j = 0; j < n; j++) {
		double *w = g->w + (size_t)j * (size_t)d;
		scale(w, d, sqrt(axpy_norm2(eta_w * e * g->a[j] * g->dsg[j], g->x, w, d)));
		g->a[j] += eta_a * e * g->sg[j];
	}
}

/* One step of batch B: sum the step directions at fixed weights, then apply. */
static void
step_batch(struct sgd *g, double eta_w, double eta_a)
{
	int d = g->s.d, n = g->s.width, nb = g->s.batch, b, j;
	size_t nd = (size_t)n * (size_t)d;

	memset(g->gw, 0, nd * sizeof *g->gw);
	memset(g->ga, 0, (size_t)n * sizeof *g->ga);
	for (b = 0; b < nb; b++) {
		double e = sample(g);
		for (j = 0; j < n; j++) {
			axpy(e * g->a[j] * g->dsg[j], g->x, g->gw + (size_t)j * (size_t)d, d);
			g->ga[j] += e * g->sg[j];
		}
	}
	for (j = 0; j < n; j++) {
		double *w = g->w + (size_t)j * (size_t)d;
		scale(w, d, sqrt(axpy_norm2(eta_w / nb, g->gw + (size_t)j * (size_t)d, w, d)));
		g->a[j] += eta_a / nb * g->ga[j];
	}
}

void
sgd_steps(struct sgd *g, long count)
{
	double eta_w = g->s.lr / g->s.d, eta_a = g->s.ratio * eta_w;
	long k;

	for (k = 0; k < count; k++) {
		if (g->s.batch == 1)
			step_single(g, eta_w, eta_a);
		else
			step_batch(g, eta_w, eta_a);
	}
	g->steps += count;
}

long
sgd_step_count(const struct sgd *g)
{
	return g->steps;
}

void
sgd_measure(const struct sgd *g, struct sgd_order *o)
{
	int d = g->s.d, n = g->s.width, j, k;
	double sm = 0, sa = 0, sa2 = 0, sq = 0;

	o->m_min = INFINITY;
	o->m_max = -INFINITY;
	for (j = 0; j < n; j++) {
		double mj = dot(g->w + (size_t)j * (size_t)d, g->wstar, d);
		sm += mj;
		sa += g->a[j];
		sa2 += g->a[j] * g->a[j];
		o->m_min = fmin(o->m_min, mj);
		o->m_max = fmax(o->m_max, mj);
	}
	/* overlaps: O(N^2 d), so only on a small width */
	if (n > 1 && n <= 64) {
		for (j = 0; j < n; j++)
			for (k = j + 1; k < n; k++)
				sq += dot(g->w + (size_t)j * (size_t)d, g->w + (size_t)k * (size_t)d, d);
		o->q = sq / (0.5 * n * (n - 1));
	} else
		o->q = n == 1 ? 1 : NAN;
	o->t = (double)g->steps * g->s.lr / g->s.d;
	o->m = sm / n;
	o->a = sa / n;
	o->a_norm = sqrt(sa2 / n);
}

const double *
sgd_w(const struct sgd *g, int j)
{
	return g->w + (size_t)j * (size_t)g->s.d;
}

const double *
sgd_a(const struct sgd *g)
{
	return g->a;
}

const double *
sgd_target(const struct sgd *g)
{
	return g->wstar;
}
