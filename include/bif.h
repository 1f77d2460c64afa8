/*
 * bif: bifurcation diagrams in one parameter. Equilibrium branches traced by
 * pseudo-arclength continuation (contin), with stability from the
 * eigenvalues; folds (LP), Hopf points with the first Lyapunov coefficient
 * and branch points located to solver precision; from every Hopf point the
 * family of periodic orbits, continued by orthogonal collocation (colloc.c),
 * with Floquet stability, folds of cycles (LPC), period doublings (PD) and
 * the approach to a homoclinic orbit (period growing without bound).
 *
 * The continuation parameter is a model parameter, or the slow variable of a
 * fast-slow model frozen as a parameter: then the problem is the layer
 * problem (the fast subsystem), Rinzel's dissection of a burster.
 *
 * Knows nothing of screens or commands. All results are plain data owned by
 * struct bif_result (bif_result_free); states are full model states (nvar
 * values), with variables outside the problem at their frozen values.
 */
#ifndef CANARD_BIF_H
#define CANARD_BIF_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

enum bif_kind { BIF_FOLD, BIF_HOPF, BIF_BRANCH, BIF_LPC, BIF_PD, BIF_HOMOCLINIC };
const char *bif_kind_name(enum bif_kind k);

/* A special point. */
struct bif_point {
	enum bif_kind kind;
	int branch;		/* equilibrium branch (fold, hopf, branch) or cycle branch */
	double p;		/* the parameter there */
	double *x;		/* nvar: the equilibrium, or a point of the cycle */
	double l1;		/* hopf: first Lyapunov coefficient (NAN when not computed) */
	double omega;		/* hopf: the imaginary part of the critical eigenvalues */
	double period;		/* lpc, pd, homoclinic: the cycle's period; hopf: 2 pi / omega */
};

/* An equilibrium branch: n points along the curve. */
struct bif_eqbranch {
	size_t n;
	double *p;		/* n */
	double *x;		/* n * nvar */
	unsigned char *stable;	/* n: 1 when every eigenvalue has negative real part */
	char end[2][24];	/* why tracing stopped at each end */
};

/* A branch of periodic orbits: n cycles along the family. */
struct bif_cycbranch {
	size_t n, cap;
	double *p, *period;	/* n each */
	double *xmin, *xmax;	/* n * nvar: extent of each variable over the cycle */
	unsigned char *stable;	/* n: all nontrivial Floquet multipliers inside the unit circle */
	int hopf;		/* index of the Hopf point it starts from */
	int hopf_end;		/* the Hopf point it ends at, or -1 */
	char end[32];		/* why it stopped: range, hopf, homoclinic, points, failed, stopped */
	/* the last cycle computed: mesh (ntime times in [0,1]) and states */
	size_t ntime;
	double *time, *orbit;	/* ntime, ntime * nvar */
};

struct bif_result {
	int nvar;
	int var_in[16];		/* nonzero for variables in the problem (first 16) */
	struct bif_eqbranch *eq;
	int neq;
	struct bif_cycbranch *cyc;
	int ncyc;
	struct bif_point *pt;
	int npt;
	char note[160];		/* what was left out, or "" */
};

/* What to compute. Pointers are read during bif_compute only. */
struct bif_req {
	const struct model *m;
	const double *par;	/* npar parameter values */
	const double *state;	/* nvar: initial data, and the frozen values */
	int ppar;		/* continuation parameter: a parameter index, or -1 */
	int pvar;		/* or a slow variable (layer problem), or -1 */
	double lo, hi;		/* the parameter range */
	const double *vlo, *vhi;	/* nvar: where to look for equilibria (NULL: around state) */
	int cycles;		/* continue cycles from Hopf points */
	int (*should_stop)(void *arg);	/* may be NULL; polled between steps */
	void *stop_arg;
	/*
	 * May be NULL: called on the computing thread with the result so far
	 * after every equilibrium branch and every cycle added, so that a view
	 * can fill in. b is borrowed for the call (bif_result_copy keeps it).
	 */
	void (*progress)(void *arg, const struct bif_result *b);
	void *progress_arg;
};

/*
 * Compute the diagram. Returns a new result, or NULL with d filled when the
 * request makes no sense (a variable that is not slow, an empty range, a
 * model whose derivatives cannot be compiled).
 */
struct bif_result *bif_compute(const struct bif_req *r, struct diag *d);
void bif_result_free(struct bif_result *b);
/* Whether bif_compute would take r (the same checks, the same message): 0, or -1 with d. */
int bif_check(const struct bif_req *r, struct diag *d);
/* A deep copy (the caller frees it with bif_result_free). */
struct bif_result *bif_result_copy(const struct bif_result *b);

#endif
