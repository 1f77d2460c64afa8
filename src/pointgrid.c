/*
 * pointgrid: a hash of cells, each as wide as the radius (a little wider:
 * 1.01 times, so that rounding in the quotients cannot put two points within
 * the radius more than one cell apart). A point's cell is floor(p / width)
 * in every coordinate; cells whose index would pass 2^40 (where a quotient's
 * rounding nears a cell) go to one list that every question scans.
 *
 * Cells are cut along the first three coordinates only (a point within the
 * radius is within it in those too), so a question visits at most 27 cells
 * whatever the dimension.
 *
 * Buckets hold chains of points (head[] and next[], indices into the
 * points); the table doubles when the points pass half its buckets. Two
 * cells that hash alike share a chain, which costs distance checks only.
 */
#include "pointgrid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define FAR_CELL 1099511627776.0	/* 2^40 */
#define NONE SIZE_MAX

/* cells are made of the first coordinates only: 3^3 neighbours at most */
#define CELL_DIM 3

struct pointgrid {
	int dim, cdim;		/* coordinates, and how many of them make a cell */
	double scale[POINTGRID_DIM_MAX], width[POINTGRID_DIM_MAX], radius;
	double *pt;		/* n points of dim values */
	size_t n, cap;
	size_t *next;		/* the chain after point i, NONE at its end */
	size_t *head;		/* nbucket chains (a power of two) */
	size_t nbucket;
	size_t far;		/* the chain of points in no cell */
};

struct pointgrid *
pointgrid_new(int dim, const double *scale, double radius)
{
	struct pointgrid *g = xcalloc(1, sizeof *g);
	int k;

	g->dim = dim < 1 ? 1 : dim > POINTGRID_DIM_MAX ? POINTGRID_DIM_MAX : dim;
	g->cdim = g->dim < CELL_DIM ? g->dim : CELL_DIM;
	g->radius = radius;
	for (k = 0; k < g->dim; k++) {
		g->scale[k] = scale[k];
		g->width[k] = 1.01 * radius * scale[k];
	}
	g->far = NONE;
	return g;
}

void
pointgrid_free(struct pointgrid *g)
{
	if (g == NULL)
		return;
	free(g->pt);
	free(g->next);
	free(g->head);
	free(g);
}

size_t
pointgrid_count(const struct pointgrid *g)
{
	return g->n;
}

/* The cell of p in cell[]; 0 when p is in none (a coordinate not finite or too far out). */
static int
cell_of(const struct pointgrid *g, const double *p, int64_t *cell)
{
	int k;

	for (k = 0; k < g->cdim; k++) {
		double q = floor(p[k] / g->width[k]);
		if (!(fabs(q) < FAR_CELL))
			return 0;
		cell[k] = (int64_t)q;
	}
	return 1;
}

static size_t
bucket_of(const struct pointgrid *g, const int64_t *cell)
{
	uint64_t h = 0x243F6A8885A308D3u;
	int k;

	for (k = 0; k < g->cdim; k++)
		h = (h ^ (uint64_t)cell[k]) * 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 32) & (g->nbucket - 1);
}

static int
finite_point(const struct pointgrid *g, const double *p)
{
	int k;

	for (k = 0; k < g->dim; k++)
		if (!isfinite(p[k]))
			return 0;
	return 1;
}

/* Hang point i on its chain. */
static void
chain_point(struct pointgrid *g, size_t i)
{
	int64_t cell[CELL_DIM];
	size_t *chain = cell_of(g, g->pt + i * (size_t)g->dim, cell) ?
	    &g->head[bucket_of(g, cell)] : &g->far;

	g->next[i] = *chain;
	*chain = i;
}

static void
rehash(struct pointgrid *g, size_t nbucket)
{
	size_t i;

	free(g->head);
	g->nbucket = nbucket;
	g->head = xmalloc(nbucket * sizeof *g->head);
	for (i = 0; i < nbucket; i++)
		g->head[i] = NONE;
	g->far = NONE;
	for (i = 0; i < g->n; i++)
		chain_point(g, i);
}

void
pointgrid_add(struct pointgrid *g, const double *p)
{
	if (!finite_point(g, p))
		return;		/* never near anything: no need to keep it */
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->pt = xrealloc(g->pt, g->cap * (size_t)g->dim * sizeof *g->pt);
		g->next = xrealloc(g->next, g->cap * sizeof *g->next);
	}
	memcpy(g->pt + g->n * (size_t)g->dim, p, (size_t)g->dim * sizeof *p);
	g->n++;
	if (g->n * 2 > g->nbucket)
		rehash(g, g->nbucket ? 2 * g->nbucket : 512);
	else
		chain_point(g, g->n - 1);
}

/* The scan's distance from p to point i, in the scaled units. */
static double
distance(const struct pointgrid *g, const double *p, size_t i)
{
	const double *q = g->pt + i * (size_t)g->dim;
	double d = 0;
	int k;

	for (k = 0; k < g->dim; k++) {
		double e = (q[k] - p[k]) / g->scale[k];
		d += e * e;
	}
	return sqrt(d);
}

static int
chain_near(const struct pointgrid *g, const double *p, size_t i)
{
	for (; i != NONE; i = g->next[i])
		if (distance(g, p, i) < g->radius)
			return 1;
	return 0;
}

int
pointgrid_near(const struct pointgrid *g, const double *p)
{
	int64_t cell[CELL_DIM], at[CELL_DIM];
	int k, combos = 1, j;

	if (g->n == 0 || !finite_point(g, p))
		return 0;
	if (chain_near(g, p, g->far))
		return 1;
	if (!cell_of(g, p, cell)) {
		/* far out itself: its neighbours may sit in cells, so look at them all */
		size_t i;
		for (i = 0; i < g->n; i++)
			if (distance(g, p, i) < g->radius)
				return 1;
		return 0;
	}
	for (k = 0; k < g->cdim; k++)
		combos *= 3;
	/* the 3^dim cells around p's: digit k of j in base 3 is the offset - 1 in coordinate k */
	for (j = 0; j < combos; j++) {
		int rest = j;
		for (k = 0; k < g->cdim; k++) {
			at[k] = cell[k] + rest % 3 - 1;
			rest /= 3;
		}
		if (chain_near(g, p, g->head[bucket_of(g, at)]))
			return 1;
	}
	return 0;
}
