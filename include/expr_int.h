/*
 * expr_int: what the expr_*.c files share with each other and with nobody
 * else (the derivative through temporaries, tree hashing and heights).
 */
#ifndef CANARD_EXPR_INT_H
#define CANARD_EXPR_INT_H

#include "expr.h"

/* The derivative of temporary k (a tree without EXPR_ARG/DEF/UCALL), owned by ctx. */
typedef const struct expr *(*expr_dtmp_fn)(void *ctx, int k);
/* expr_diff where EXPR_TMP leaves are differentiated by dtmp (chain rule). */
struct expr *expr_diff_via(const struct expr *e, enum expr_kind wrt, int id, expr_dtmp_fn dtmp,
    void *ctx);

/* A leaf a program reads directly: number, t, variable, parameter, temporary. */
int expr_is_leaf(const struct expr *e);
/* Structural hash, equal for expr_equal trees. */
unsigned expr_hash(const struct expr *e);

#endif
