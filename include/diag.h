/*
 * diag: one user-facing error with its place. Library layers fill a diag and
 * return -1; only the front ends print. line and col count from 1; 0 = unknown.
 */
#ifndef CANARD_DIAG_H
#define CANARD_DIAG_H

#include "util.h"

struct diag {
	int line;
	int col;
	char msg[512];
};

void diag_clear(struct diag *d);
/* Set the message (lowercase, no full stop, the bad token quoted). Returns -1. */
int diag_set(struct diag *d, int line, int col, const char *fmt, ...) PRINTFLIKE(4, 5);

#endif
