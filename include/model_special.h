/*
 * model_special: XPPAUT's network specials.
 *
 *   special z=conv(TYPE, n, ncon, w, root)           z(i) = sum_{j=-ncon..ncon} w[j+ncon] root[k]
 *   special z=fconv(TYPE, n, ncon, w, r1, r2, f)     ... w[j+ncon] f(r1[k], r2[i])
 *   special z=sparse(n, ncon, w, index, root)        z(i) = sum_{j<ncon} w[i*ncon+j] root[index[i*ncon+j]]
 *   special z=fsparse(n, ncon, w, index, r1, r2, f)  ... w[i*ncon+j] f(r1[index[..]], r2[i])
 *
 * w and index are tables (their node values, in order); root is a variable
 * or a fixed quantity, and root[k] the k-th name after it in declaration
 * order (XPPAUT's layout of an array). k = i + j, mapped at the edges by
 * TYPE: even (reflected about both ends, k -> -k and k -> 2n-2-k), zero
 * (terms outside 0..n-1 left out) or periodic (k mod n). In an index table a
 * negative entry leaves the term out. z(x) reads entry (int)x, 0 outside.
 *
 * Each z(i) becomes a hidden definition named "z(i)" whose body is the
 * weighted sum, a balanced tree of terms over the root's own leaves, so it is
 * built once and shared by every reader (the model grows by the n*(2ncon+1)
 * terms the operation has, nothing more), and its derivative is the symbolic
 * one: the weight matrix times the root's derivative. z itself becomes a
 * one-argument user function selecting among them. Used by model_ode.
 */
#ifndef CANARD_MODEL_SPECIAL_H
#define CANARD_MODEL_SPECIAL_H

#include "diag.h"
#include "expr.h"

/* A table's node values, as the reader built them (borrowed). */
struct special_table {
	const char *name;
	const double *y;
	int n;
};

/*
 * Nonzero if body (the text after 'special NAME=') is a kind canard builds;
 * otherwise *what names the kind for the refusal ("'gill' (Gillespie
 * reactions)") or is NULL when it is no XPPAUT kind at all.
 */
int special_supported(const char *body, const char **what);

/*
 * Build special name (already declared in st as a one-argument function)
 * from body. ndef is the count of the file's own fixed quantities (SYM_DEF
 * ids 0..ndef-1, declaration order); the hidden definitions are declared
 * after them, placed at line, col for messages. Returns 0, or -1 with d
 * filled (col relative to body, from 1; line 0).
 */
int special_build(struct expr_symtab *st, const char *name, const char *body,
    const struct special_table *tab, int ntab, int ndef, int line, int col, struct diag *d);

/* The one-argument selector body: leaf first + (int)x for -1 < x < n, else 0. */
struct expr *special_selector(enum expr_kind leaf, int first, int n);

/*
 * 'special z=gill(0, r1, r2, r{3-5})': Gillespie's direct method, which the
 * model runs as inputs drawn at each step (model_ode.c, noise.c). Nonzero if
 * body is that kind; special_gill_names gives the reaction rates' names in
 * order (r{3-5} is r3, r4, r5; malloc'd, free each and the arrays) and the
 * column of each in body. Returns 0 or -1 with d (col relative to body).
 */
int special_is_gill(const char *body);
int special_gill_names(const char *body, char ***names, int *n, int **cols, struct diag *d);

#endif
