/* batch: piped and scripted sessions; errors go to stderr as SRC:LINE: msg. */
#include "front.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static void
print_stdout(void *ctx, const char *text)
{
	(void)ctx;
	fputs(text, stdout);
}

static void
print_stderr(void *ctx, const char *text)
{
	(void)ctx;
	fflush(stdout);		/* keep answers and errors in order when both go to a file */
	fprintf(stderr, "%s\n", text);
}

/* a note arrives with its own newline */
static void
note_stderr(void *ctx, const char *text)
{
	(void)ctx;
	fflush(stdout);
	fputs(text, stderr);
}

void
front_stdio_out(struct out *o)
{
	o->print = print_stdout;
	o->error = print_stderr;
	o->ctx = NULL;
	o->note = note_stderr;
}

int
batch_main(const struct front_opts *o)
{
	struct session s;
	struct out out;
	int i, failed = 0;

	front_stdio_out(&out);
	session_init(&s, &out, o->mode);
	for (i = 0; i < o->nexpr && !s.quit; i++) {
		struct cmd_loc loc = {"-e", i + 1};
		if (cmd_exec_line(&s, o->exprs[i], &loc) < 0)
			failed = 1;
	}
	for (i = 0; i < o->nscript && !s.quit; i++) {
		int rc = cmd_exec_file(&s, o->scripts[i], NULL);
		if (rc == -2) {
			fprintf(stderr, "canard: cannot read '%s': %s\n", o->scripts[i], strerror(errno));
			failed = 1;
		} else if (rc < 0) {
			failed = 1;
		}
	}
	if (o->nexpr == 0 && o->nscript == 0 && cmd_exec_file(&s, "-", NULL) < 0)
		failed = 1;
	fflush(stdout);
	session_fini(&s);
	return failed;
}
