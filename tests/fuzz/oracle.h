/*
 * What every fuzzer checks of a refusal besides not crashing: it says why,
 * and a message about input that is valid UTF-8 is valid UTF-8 itself (a
 * quoted character is whole, a cut message is cut between characters).
 */
#ifndef CANARD_FUZZ_ORACLE_H
#define CANARD_FUZZ_ORACLE_H

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int
valid_utf8(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		int k = utf8_len(s + i, n - i);
		if (k == 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* abort (a finding) unless msg says why and, for input_valid, keeps characters whole */
static void
check_refusal(int input_valid, const char *msg)
{
	if (msg[0] == '\0')
		abort();
	if (input_valid && !valid_utf8(msg, strlen(msg)))
		abort();
}

#endif
