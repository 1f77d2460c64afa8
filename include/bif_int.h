/*
 * bif_int: what the bifurcation modules share (bif.c, bif_sys.c, colloc.c),
 * not for other layers. struct bif_sys is the problem x' = F(x, p): the
 * state x is the model's variables in the problem (all, or the fast ones for
 * the layer problem), p the continuation parameter; derivatives compiled
 * from the model's equations symbolically (expr_diff), so Jacobians, the
 * parameter derivative and the second and third derivatives the Lyapunov
 * coefficient needs are exact. A bif_sys holds work buffers: one thread only.
 */
#ifndef CANARD_BIF_INT_H
#define CANARD_BIF_INT_H

#include "bif.h"
#include "expr.h"

#define BIF_NMAX 16

struct bif_sys {
	const struct model *m;	/* not owned */
	int n;			/* state dimension */
	int idx[BIF_NMAX];	/* model variable of each state component */
	int ppar, pvar;		/* the parameter: a model parameter or a frozen variable */
	double *par;		/* npar: parameter values (owned) */
	double *y;		/* nvar: full state, frozen values (owned) */
	double *work;		/* n^4 (owned) */
	struct expr_prog *f, *jac, *hess, *third;	/* hess and third NULL when n > 4 */
};

/* Build the problem; NULL with d filled when a derivative cannot be compiled. */
struct bif_sys *bif_sys_new(const struct model *m, const double *par, const double *state,
    int ppar, int pvar, struct diag *d);
void bif_sys_free(struct bif_sys *s);

/* The full model state for x at p (nvar values into full). */
void bif_sys_full(const struct bif_sys *s, const double *x, double p, double *full);
/* F(x, p): n values. */
void bif_sys_f(struct bif_sys *s, const double *x, double p, double *f);
/* [F_x | F_p]: n rows of n+1, row-major. */
void bif_sys_jac(struct bif_sys *s, const double *x, double p, double *j);
/* Eigenvalues of F_x at (x, p) into re/im (n each); 0, or -1 when GSL fails. */
int bif_sys_eigen(struct bif_sys *s, const double *x, double p, double *re, double *im);
/*
 * First Lyapunov coefficient at a Hopf point (x, p) with critical frequency
 * omega > 0: negative is supercritical (stable cycles are born), positive
 * subcritical. NAN when the third derivatives are not compiled (n > 4).
 */
double bif_sys_l1(struct bif_sys *s, const double *x, double p, double omega);

/* The eigenvector q of F_x for the eigenvalue i omega (real and imaginary parts); 0 or -1. */
int bif_sys_hopf_vector(struct bif_sys *s, const double *x, double p, double omega, double *qre,
    double *qim);

/* colloc.c: continue the cycles born at Hopf point hopf of b (appends a branch). */
void colloc_from_hopf(struct bif_sys *s, const struct bif_req *r, struct bif_result *b,
    int hopf);

#endif
