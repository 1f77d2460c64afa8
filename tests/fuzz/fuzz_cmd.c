/*
 * libFuzzer entry point: command lines that reach load, source and export
 * with real files. The input is MODEL \0 SCRIPT \0 COMMANDS: MODEL is written
 * to m.ode and SCRIPT to s.cnd in a private directory, then COMMANDS run one
 * line at a time on a session with vanderpol loaded, so that 'load m.ode',
 * 'source s.cnd' (which may load, export and source again) and 'export csv
 * out.csv' read and write real files. A '/' becomes '_': nothing leaves the
 * directory, which is emptied after every input. Computations stop after a
 * second, so that a huge tmax or grid costs time, not a timeout.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char sandbox[64];
static double deadline;
static int input_valid;	/* the whole input is valid UTF-8 */

/* what would reach a terminal: made safe, it is UTF-8 with no control but tab and newline */
static void
shown(const char *text)
{
	char *t = text_safe(text);
	const unsigned char *u;

	if (!valid_utf8(t, strlen(t)))
		abort();
	for (u = (const unsigned char *)t; *u; u++)
		if ((*u < 0x20 && *u != '\n' && *u != '\t') || *u == 0x7f)
			abort();
	free(t);
}

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	shown(text);
}

static void
refused(void *ctx, const char *text)
{
	(void)ctx;
	check_refusal(input_valid, text);
	shown(text);
}

static int
past_deadline(void *arg)
{
	(void)arg;
	return now_seconds() > deadline;
}

/* Once: a private directory to work in, the presets by absolute path, stdout silenced. */
static void
setup(void)
{
	char cwd[4096], *presets;

	if (sandbox[0])
		return;
	if (getcwd(cwd, sizeof cwd) == NULL)
		abort();
	presets = xasprintf("%s/presets", cwd);
	setenv("CANARD_PRESETS", presets, 1);
	free(presets);
	strcpy(sandbox, "/tmp/canard-fuzz-XXXXXX");
	if (mkdtemp(sandbox) == NULL || chdir(sandbox) < 0)
		abort();
	/* 'source -' and 'load -' must not wait on the fuzzer's own input */
	if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "r", stdin) == NULL)
		abort();
}

static void
write_file(const char *name, const char *bytes, size_t n)
{
	FILE *f = fopen(name, "wb");

	if (f == NULL)
		abort();
	fwrite(bytes, 1, n, f);
	fclose(f);
}

/* Remove what the input left behind (files only: nothing can make directories). */
static void
empty_sandbox(void)
{
	DIR *dir = opendir(".");
	struct dirent *e;

	if (dir == NULL)
		abort();
	while ((e = readdir(dir)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(e->d_name);
	closedir(dir);
}

/* The next part of the input up to a NUL (or its end); advances *p. */
static size_t
part(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *z = memchr(*p, 0, (size_t)(end - *p));
	size_t n = (size_t)((z ? z : end) - *p);

	*p += n + (z != NULL);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out out = {quiet, refused, NULL, quiet};
	struct session s;
	struct cmd_loc loc = {"fuzz", 1};
	const uint8_t *p = data, *end = data + size, *model, *script;
	size_t nmodel, nscript;
	char *cmds, *text, *line, *save = NULL, *c;

	setup();
	input_valid = valid_utf8((const char *)data, size);
	model = p;
	nmodel = part(&p, end);
	script = p;
	nscript = part(&p, end);
	write_file("m.ode", (const char *)model, nmodel);
	/* the script names files too: keep them inside as well */
	text = xmalloc(nscript + 1);
	for (c = text; c < text + nscript; c++)
		*c = script[c - text] == '/' ? '_' : (char)script[c - text];
	write_file("s.cnd", text, nscript);
	free(text);
	cmds = xstrndup((const char *)p, (size_t)(end - p));
	for (c = cmds; *c; c++)
		if (*c == '/')
			*c = '_';
	session_init(&s, &out, CANVAS_ASCII);
	deadline = now_seconds() + 1.0;
	s.sync_stop = past_deadline;
	cmd_exec_line(&s, "load vanderpol; set maxstor=500 tmax=5 jobs=1", &loc);
	for (line = strtok_r(cmds, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (s.quit)
			break;
		loc.line++;
		cmd_exec_line(&s, line, &loc);
	}
	session_fini(&s);
	free(cmds);
	empty_sandbox();
	return 0;
}
