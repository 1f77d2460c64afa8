/*
 * hist: the history file. Reads, appends and trims go through file
 * descriptors opened with O_NOFOLLOW, and the trim writes a temporary file
 * renamed over the old one (rename replaces a link, it does not follow it),
 * so a symbolic link planted at the history's path is never written through.
 */
#include "hist.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>

#include "util.h"

#define HIST_KEEP 1000

static void
refuse(struct hist *h, const char *fmt, const char *a, const char *b)
{
	snprintf(h->why, sizeof h->why, fmt, a, b);
	free(h->path);
	h->path = NULL;
}

/* The whole file through fd (opened O_NOFOLLOW); NULL on a read error. */
static char *
slurp(int fd)
{
	struct strbuf sb;
	char chunk[8192];
	ssize_t k;

	strbuf_init(&sb);
	while ((k = read(fd, chunk, sizeof chunk)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			strbuf_fini(&sb);
			return NULL;
		}
		strbuf_addn(&sb, chunk, (size_t)k);
	}
	return strbuf_take(&sb);
}

void
hist_open(struct hist *h)
{
	struct stat st;
	char *text, *line, *save = NULL;
	int fd;

	memset(h, 0, sizeof *h);
	h->path = state_path("history");
	if (h->path == NULL) {
		snprintf(h->why, sizeof h->why, "history is not kept: neither HOME nor an absolute "
		    "XDG_STATE_HOME is set");
		return;
	}
	if (lstat(h->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		refuse(h, "history is not kept: '%s' is %s, not a regular file", h->path,
		    S_ISLNK(st.st_mode) ? "a symbolic link" : "something else");
		return;
	}
	fd = open(h->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		refuse(h, "history is not kept: cannot open '%s': %s", h->path, strerror(errno));
		return;
	}
	text = slurp(fd);
	close(fd);
	if (text == NULL)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		add_history(line);
	free(text);
}

void
hist_add(struct hist *h, const char *line)
{
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) :
	    NULL;
	char *rec;
	int fd, e;
	ssize_t k;

	if (*line == '\0' || (last && strcmp(last->line, line) == 0))
		return;
	add_history(line);
	if (h->path == NULL || strchr(line, '\n'))
		return;
	/* one line at a time: a crash loses nothing */
	fd = open(h->path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		refuse(h, "history is not kept from now on: cannot write '%s': %s", h->path,
		    strerror(errno));
		return;
	}
	rec = xasprintf("%s\n", line);
	k = write(fd, rec, strlen(rec));
	e = errno;
	close(fd);
	if (k != (ssize_t)strlen(rec))
		refuse(h, "history is not kept from now on: cannot write '%s': %s", h->path,
		    k < 0 ? strerror(e) : "short write");
	free(rec);
}

const char *
hist_message(struct hist *h)
{
	if (h->why[0] == '\0' || h->said)
		return NULL;
	h->said = 1;
	return h->why;
}

/* Keep the last HIST_KEEP lines: a temporary file renamed over the old one. */
static void
trim(const char *path)
{
	char *text, *start, *tmp;
	size_t n = 0;
	int fd;
	char *p;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	text = slurp(fd);
	close(fd);
	if (text == NULL)
		return;
	for (p = text + strlen(text); p > text; p--)
		if (p[-1] == '\n' && p[0] != '\0' && ++n == HIST_KEEP)
			break;
	start = p;
	if (start == text) {
		free(text);
		return;		/* short enough */
	}
	tmp = xasprintf("%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd >= 0) {
		size_t len = strlen(start);
		int good = write(fd, start, len) == (ssize_t)len;
		if (close(fd) == 0 && good && rename(tmp, path) == 0)
			tmp[0] = '\0';
		if (tmp[0])
			unlink(tmp);
	}
	free(tmp);
	free(text);
}

void
hist_close(struct hist *h)
{
	if (h->path)
		trim(h->path);
	free(h->path);
	h->path = NULL;
}
