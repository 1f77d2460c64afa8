/* libFuzzer entry point: any bytes as a command line, on a loaded model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"fuzz", 1};
	char *text = xstrndup((const char *)data, size);
	char *p;

	/* no files: the fuzzer must not write or read around the disk */
	for (p = text; *p; p++)
		if (*p == '/' )
			*p = '_';
	session_init(&s, &out, CANVAS_ASCII);
	setenv("CANARD_PRESETS", "presets", 1);
	cmd_exec_line(&s, "load vanderpol; set maxstor=500 tmax=5", &loc);
	if (strstr(text, "export") == NULL && strstr(text, "source") == NULL)
		cmd_exec_line(&s, text, &loc);
	session_fini(&s);
	free(text);
	return 0;
}
