/*
 * fate_map: where a map's orbit ends: a fixed point or a cycle of period p
 * (found in the tail of its iterates), with the largest multiplier |eig of
 * D(F^p)| that decides its stability, an escape, or none found. (A "map"
 * here is a discrete-time model; the grids of fates are fatemap.h's.)
 */
#ifndef CANARD_FATE_MAP_H
#define CANARD_FATE_MAP_H

#include "model.h"
#include "solve.h"

#define FATE_MAP_MAXP 64

struct map_fate {
	int period;		/* 1 fixed point, p > 1 cycle, 0 none found, -1 escape */
	double pts[FATE_MAP_MAXP * 4];	/* the cycle's points, period rows of nvar (nvar <= 4) */
	int npts;		/* rows stored (0 when nvar > 4) */
	double mult;		/* largest |multiplier| of the cycle */
};

/* Classify tr, an orbit of the map m at parameters par. */
void fate_map(const struct model *m, const double *par, const struct traj *tr,
    struct map_fate *f);

#endif
