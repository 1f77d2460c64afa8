/*
 * fatemap: a two-dimensional grid of outcomes. Every cell sets two
 * parameters (or initial values) of the model, integrates from the start
 * once, and classifies where the trajectory ends (fate_classify): an
 * equilibrium and its type, a cycle, an escape, a trajectory still running,
 * or, for a model that declares a feature variable, learning or unlearning.
 * Cells run on a pool of threads and come out in cell order, so the map is
 * the same for every thread count; a shard K/N computes only the cells
 * k with k % N == K - 1. Knows nothing of commands or screens.
 * (Not to be confused with fate_map.h: the end of one orbit of an iterated
 * map model.)
 */
#ifndef CANARD_FATEMAP_H
#define CANARD_FATEMAP_H

#include <stddef.h>

#include "analysis.h"
#include "solve.h"

/* What a map varies: a parameter (index >= 0) or a variable's initial value. */
struct fatemap_axis {
	int par;		/* parameter index, or -1 */
	int var;		/* variable index (initial value), or -1 */
	const char *name;	/* as the model spells it (borrowed) */
	double lo, hi;
	int n;			/* values lo + (hi - lo) * i / (n - 1); n = 1: lo alone */
};

/* One cell's outcome; class is a static string such as "cycle" or "equilibrium:saddle". */
struct fatemap_cell {
	int done;		/* computed (a shard leaves the others undone) */
	double v1, v2;		/* the axes' values */
	enum fate_end end;
	const char *cls;
	double period;		/* cycles */
	double t_end;		/* escapes: when */
	int learned;		/* 1, 0, -1 as in struct fate */
};

struct fatemap_req {
	const struct model *m;	/* borrowed, read-only (shared by the threads) */
	const double *par;	/* the parameter values the axes start from */
	const double *init;	/* the start of every trajectory */
	struct settings set;
	struct fatemap_axis a1, a2;
	int shard_k, shard_n;	/* 1-based part of shard_n parts; 0/0: everything */
	int threads;
	int (*stop)(void *arg);	/* thread-safe; may be NULL */
	void *stop_arg;
};

/*
 * Deliver is called on the calling thread for each computed cell, in cell
 * order (cell k = i2 * a1.n + i1: the first axis runs fastest).
 */
typedef void (*fatemap_deliver)(void *ctx, size_t k, const struct fatemap_cell *c);

/*
 * Fill cells (a1.n * a2.n of them, owned by the caller); returns 1 when stop
 * ended the run early, else 0.
 */
int fatemap_compute(const struct fatemap_req *req, struct fatemap_cell *cells,
    fatemap_deliver deliver, void *ctx);

/* The value of axis a at index i. */
double fatemap_value(const struct fatemap_axis *a, int i);

/* Set what axis a varies to v: par[a->par], or init[a->var] for an initial value. */
void fatemap_apply_axis(const struct fatemap_axis *a, double v, double *par, double *init);

#endif
