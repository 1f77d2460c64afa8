/* noise: per-trajectory random streams and the draws of a model's inputs. */
#include "noise.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* splitmix64's finaliser: nearby (seed, stream) pairs give unrelated states */
static unsigned long long
mix64(unsigned long long z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

gsl_rng *
noise_stream(unsigned long seed, unsigned long stream)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	unsigned long long z;

	if (r == NULL) {
		fprintf(stderr, "canard: out of memory for a random stream\n");
		exit(2);
	}
	z = mix64(mix64((unsigned long long)seed + 0x9e3779b97f4a7c15ULL) ^
	    ((unsigned long long)stream * 0xd1b54a32d192ed03ULL + 1));
	/* mt19937 takes 32 bits of seed; 0 would mean its default */
	gsl_rng_set(r, (unsigned long)(z & 0xffffffffULL) | 1UL);
	return r;
}

void
noise_draw(const struct model *m, gsl_rng *r, double dt, double *par)
{
	double sw = 1.0 / sqrt(fabs(dt));
	int i;

	for (i = 0; i < m->npar; i++) {
		switch (model_par_is_input(m, i) ? m->par_input[i] : INPUT_NONE) {
		case INPUT_WIENER: par[i] = gsl_ran_gaussian_ziggurat(r, 1.0) * sw; break;
		case INPUT_NORMAL: par[i] = gsl_ran_gaussian_ziggurat(r, 1.0); break;
		case INPUT_UNIFORM: par[i] = gsl_rng_uniform(r); break;
		default: break;
		}
	}
}

void
noise_markov(const struct model *m, gsl_rng *r, double t, double dt, double *y,
    const double *par, double *rates)
{
	double next[64], *nv = m->nmarkov <= 64 ? next : xmalloc((size_t)m->nmarkov * sizeof *nv);
	int c;

	/* every chain decides from the same state, then all move (as XPPAUT does) */
	expr_prog_eval(m->markov_prog, t, y, par, rates);
	for (c = 0; c < m->nmarkov; c++) {
		int n = m->markov_nstates[c], row = -1, j;
		double old = y[m->markov_var[c]], coin = gsl_rng_uniform(r), sum = 0;
		const double *rate = rates + m->markov_first[c];

		nv[c] = old;
		for (j = 0; j < n; j++)
			if (fabs(old - j) < 1e-4) {
				row = j;
				break;
			}
		if (row < 0)	/* not a state: it stays */
			continue;
		for (j = 0; j < n; j++) {
			if (j == row)
				continue;
			sum += rate[row * n + j] * fabs(dt);
			if (coin <= sum) {
				nv[c] = j;
				break;
			}
		}
	}
	for (c = 0; c < m->nmarkov; c++)
		y[m->markov_var[c]] = nv[c];
	if (nv != next)
		free(nv);
}

void
noise_gill(const struct model *m, gsl_rng *r, double t, const double *y, double *par,
    double *rates)
{
	int g, k;

	expr_prog_eval(m->gill_prog, t, y, par, rates);
	for (g = 0; g < m->ngill; g++) {
		const double *rate = rates + m->gill_first[g];
		double *z = par + m->gill_par[g], total = 0, test, sum = 0;
		int n = m->gill_nrxn[g];

		for (k = 0; k < n; k++) {
			z[k + 1] = 0;
			total += rate[k];
		}
		if (!(total > 0))	/* nothing can happen: z(0) keeps its value */
			continue;
		z[0] = -log(gsl_rng_uniform_pos(r)) / total;
		test = total * gsl_rng_uniform(r);
		for (k = 0; k < n; k++) {
			sum += rate[k];
			if (test < sum) {
				z[k + 1] = 1;
				break;
			}
		}
	}
}
