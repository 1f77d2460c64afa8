/*
 * cmd_png: 'export png FILE', the SVG picture rendered to PNG by
 * rsvg-convert (librsvg) when it is installed. canard never needs it: without
 * it 'export png' says so in one sentence and 'export svg' still works.
 *
 * The SVG goes to a private temporary directory, rsvg-convert renders it
 * there (its messages to a file there, never to the terminal the live view
 * owns), and the PNG is then written over FILE as every export is
 * (write_file_atomic), so a failed render leaves FILE as it was.
 */
#include "cmd_int.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "readin.h"

extern char **environ;

/* The renderer, looked up on PATH. */
#define RENDERER "rsvg-convert"

/* The first line of what the renderer said (for the one sentence), or "". */
static void
first_line(const char *path, char *line, size_t size)
{
	FILE *f = fopen(path, "r");
	char *nl;

	line[0] = '\0';
	if (f == NULL)
		return;
	if (fgets(line, (int)size, f) == NULL)
		line[0] = '\0';
	fclose(f);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
}

/* Run the renderer on svg into png, its output into err; 0, or -1 with d filled. */
static int
render(const char *svg, const char *png, const char *err, struct diag *d)
{
	char *argv[] = {(char *)RENDERER, (char *)"-f", (char *)"png", (char *)"-o", (char *)png,
	    (char *)svg, NULL};
	posix_spawn_file_actions_t fa;
	char said[256];
	pid_t pid;
	int rc, status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, RENDERER, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT)
		return diag_set(d, 0, 0, "export png needs " RENDERER " (librsvg, Debian package "
		    "librsvg2-bin), which is not on PATH; 'export svg FILE' writes the vector "
		    "picture");
	if (rc != 0)
		return diag_set(d, 0, 0, "cannot run " RENDERER ": %s", strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return diag_set(d, 0, 0, "lost " RENDERER ": %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	first_line(err, said, sizeof said);
	return diag_set(d, 0, 0, RENDERER " could not render the picture%s%s", said[0] ? ": " : "",
	    said);
}

int
cmd_png_export(const char *svg_text, const char *path, struct diag *d)
{
	const char *base = getenv("TMPDIR");
	char *dir, *svg, *png, *err, *bytes = NULL;
	size_t len = 0;
	int rc = -1;

	if (strcmp(path, "-") == 0)
		return diag_set(d, 0, 0, "export png writes a file, not standard output (a PNG is "
		    "not text); 'export svg -' writes the picture as text");
	dir = xasprintf("%s/canard-png-XXXXXX", base && base[0] ? base : "/tmp");
	if (mkdtemp(dir) == NULL) {
		rc = diag_set(d, 0, 0, "cannot make a temporary directory for export png: %s",
		    strerror(errno));
		free(dir);
		return rc;
	}
	svg = xasprintf("%s/picture.svg", dir);
	png = xasprintf("%s/picture.png", dir);
	err = xasprintf("%s/messages", dir);
	if (write_file_atomic(svg, svg_text, strlen(svg_text)) < 0)
		rc = diag_set(d, 0, 0, "cannot write the picture for export png: %s",
		    strerror(errno));
	else if (render(svg, png, err, d) == 0 &&
	    (bytes = readin(png, &len, d)) != NULL) {
		rc = write_file_atomic(path, bytes, len);
		if (rc < 0)
			diag_set(d, 0, 0, "cannot write '%s' (it is left as it was): %s", path,
			    strerror(errno));
	}
	free(bytes);
	unlink(svg);
	unlink(png);
	unlink(err);
	rmdir(dir);
	free(svg);
	free(png);
	free(err);
	free(dir);
	return rc;
}
