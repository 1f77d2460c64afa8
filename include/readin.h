/*
 * readin: the bytes of a file the user named, read to a bounded end. A
 * regular file, or a pipe ('-' for standard input, a FIFO, /dev/fd/N) is
 * read up to READIN_MAX bytes; anything else (a directory, /dev/zero,
 * /dev/urandom, a terminal, a socket) is refused before a byte is read. A
 * FIFO with no writer is answered at once and a pipe that stays silent is
 * given up after READIN_IDLE seconds: no read waits forever.
 * Knows nothing about models or commands.
 */
#ifndef CANARD_READIN_H
#define CANARD_READIN_H

#include <stddef.h>

#include "diag.h"

#define READIN_MAX ((size_t)16 << 20)	/* 16 MB: a model or a script, with room */
#define READIN_IDLE 10			/* seconds a pipe may stay silent */

/*
 * The whole of path ('-': standard input) as a malloc'd NUL-terminated
 * string (the caller frees it; *len, if asked, counts the bytes, which may
 * include NULs), or NULL with d saying why in one sentence naming path.
 */
char *readin(const char *path, size_t *len, struct diag *d);

/*
 * Models and scripts are text: a NUL byte in them would silently end the
 * rest of the file for every reader after this one. Returns 0 when the len
 * bytes of text hold no NUL, else 1 with the line and byte column (both from
 * 1) of the first one.
 */
int readin_nul(const char *text, size_t len, int *line, int *col);

#endif
