/*
 * model_table: XPPAUT's tables. 'table NAME FILE' (the file holds n, xlo,
 * xhi, then n values) and 'table NAME % n xlo xhi EXPR(t)' become a user
 * function of one argument whose body is the piecewise-linear interpolant,
 * written as a balanced if-then-else over the nodes: O(n) nodes, depth
 * O(log n), exact derivatives piece by piece. Outside [xlo, xhi] the end
 * pieces extend linearly, as XPPAUT 6.11 does (measured). Used by model_ode.
 */
#ifndef CANARD_MODEL_TABLE_H
#define CANARD_MODEL_TABLE_H

#include "util.h"

/* The body text for n >= 2 values y at xlo..xhi, of the argument named arg. */
char *table_body(const double *y, int n, double xlo, double xhi, const char *arg);
/*
 * Read a table file: malloc'd values in *y, their count, xlo and xhi.
 * Returns 0, or -1 with why (a static or malloc'd-in-err sentence) in err.
 */
int table_read_file(const char *path, double **y, int *n, double *xlo, double *xhi,
    struct strbuf *err);

#endif
