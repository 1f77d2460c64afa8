/* diag: filling an error record. */
#include "diag.h"

#include <stdio.h>

void
diag_clear(struct diag *d)
{
	d->line = d->col = 0;
	d->msg[0] = '\0';
}

int
diag_set(struct diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return -1;
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return -1;
}
