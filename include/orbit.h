/*
 * orbit: the orbit diagram of a map over one parameter. For each of n values
 * of the parameter the map is iterated from the same start, the first `drop`
 * iterates are thrown away and the next `keep` are kept; the tail is
 * classified by fate_map (fixed point, cycle of period p with its
 * multiplier, aperiodic, escape). Pure computation: no screens, no threads.
 * The diagram owns its arrays (orbit_free).
 */
#ifndef CANARD_ORBIT_H
#define CANARD_ORBIT_H

#include "fate_map.h"
#include "model.h"
#include "solve.h"

struct orbit_req {
	const struct model *m;		/* a map (m->is_map) */
	const double *par;		/* parameter values, m->npar (ipar's is varied) */
	const double *y0;		/* start of every orbit, m->nvar */
	const struct settings *set;	/* bound and seed are used; the rest is set here */
	int ipar;			/* the varied parameter */
	double lo, hi;			/* its range; n values lo + k (hi - lo)/(n - 1) */
	int n;
	int drop, keep;			/* iterates thrown away, then kept (keep >= 1) */
	solve_should_stop stop;		/* may be NULL */
	void *stop_arg;
};

struct orbit_diagram {
	int nvar, n, keep;
	char *parname;			/* owned copy */
	double *pvals;			/* n parameter values */
	double *y;			/* n * keep rows of nvar (NAN where an orbit escaped early) */
	struct map_fate *fate;		/* n classifications */
	int done;			/* values computed (< n when stopped) */
};

/* Compute the diagram; NULL only when out of range (n < 1 or not a map). */
struct orbit_diagram *orbit_compute(const struct orbit_req *r);
void orbit_free(struct orbit_diagram *o);

#endif
