/*
 * model_array: expands XPPAUT's array shorthand (x[1..n]' = ..., [j]
 * arithmetic, %[a..b] ... % blocks, sum(a,b)of(...) with i', shift) in the
 * text of .ode lines, before the reader classifies them. Used by model_ode.
 * Owns the lines of an open block; the caller owns what it is handed.
 */
#ifndef CANARD_MODEL_ARRAY_H
#define CANARD_MODEL_ARRAY_H

#include "diag.h"
#include "util.h"

struct ode_array {
	int in_block;		/* between '%[lo..hi]' and '%' */
	long lo, hi;
	int open_line;
	char **block;		/* the block's lines, expanded when it closes */
	int *block_line;
	int nblock;
};

void ode_array_init(struct ode_array *a);
void ode_array_fini(struct ode_array *a);
/*
 * Expand one logical line: *out gets *n malloc'd lines (with their source
 * line numbers in *lines; free all three), possibly none while a block is
 * open. Returns 0, or -1 with d filled.
 */
int ode_array_line(struct ode_array *a, const char *line, int lineno, char ***out, int **lines,
    int *n, struct diag *d);
/* Nonzero if s holds a Volterra integral (int{...} or int[q]{...}). */
int ode_has_volterra(const char *s);
/* At the end of the file (or 'done'): an unclosed block is an error. */
int ode_array_finish(struct ode_array *a, struct diag *d);

#endif
