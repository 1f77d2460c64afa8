/* libFuzzer entry point: any bytes as a model file. */
#include <stdint.h>
#include <stdlib.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct diag d;
	struct model *m = model_from_ode(text, "fuzz.ode", &d);

	if (m == NULL && d.msg[0] == '\0')
		abort();	/* every refusal says why */
	model_free(m);
	free(text);
	return 0;
}
