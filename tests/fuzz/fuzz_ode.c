/* libFuzzer entry point: any bytes as a model file. */
#include <stdint.h>
#include <stdlib.h>

#include "model.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct diag d;
	struct model *m = model_from_ode(text, "fuzz.ode", &d);

	if (m == NULL)
		check_refusal(valid_utf8((const char *)data, size), d.msg);
	model_free(m);
	free(text);
	return 0;
}
