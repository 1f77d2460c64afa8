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
	int n;

	if (d == NULL)
		return -1;
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	n = vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	/* a long message is cut between characters, never inside one */
	if (n >= (int)sizeof d->msg)
		utf8_trim(d->msg);
	return -1;
}
