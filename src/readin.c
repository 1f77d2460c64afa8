/* readin: bounded reading of a file the user named (see readin.h). */
#include "readin.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular file or a pipe is, for the message. */
static const char *
kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

static int
too_big(const char *path, struct diag *d)
{
	return diag_set(d, 0, 0, "cannot read '%s': it is larger than %zu MB, the most canard reads", path,
	    READIN_MAX >> 20);
}

/*
 * Read fd to its end into sb, at most READIN_MAX bytes. A pipe is waited on
 * with poll() in slices, never in a blocking read: a FIFO that no writer has
 * opened reads as an immediate end (said as such when nothing came), and a
 * writer silent for READIN_IDLE seconds ends the read with an error.
 */
static int
read_all(int fd, const char *path, int is_pipe, struct strbuf *sb, struct diag *d)
{
	char chunk[65536];
	int idle_ms = 0, waited = 0, wait = is_pipe == 1;

	for (;;) {
		ssize_t k;

		if (wait) {
			struct pollfd p = {fd, POLLIN, 0};
			int r = poll(&p, 1, 100);
			/* a signal (SIGINT, SIGTERM) ends the wait: the caller decides */
			if (r < 0)
				return diag_set(d, 0, 0, "cannot read '%s': %s", path, strerror(errno));
			if (r == 0) {
				idle_ms += 100;
				if (idle_ms >= READIN_IDLE * 1000)
					return diag_set(d, 0, 0, "cannot read '%s': nothing came for %d s",
					    path, READIN_IDLE);
				continue;
			}
		}
		k = read(fd, chunk, sizeof chunk);
		if (k < 0 && errno == EAGAIN) {
			wait = waited = 1;	/* a writer, nothing written yet: poll */
			continue;
		}
		if (k < 0)
			return diag_set(d, 0, 0, "cannot read '%s': %s", path, strerror(errno));
		if (k == 0) {
			/* a non-blocking FIFO reads as its end at once when no writer has it open */
			if (is_pipe == 2 && sb->len == 0 && !waited)
				return diag_set(d, 0, 0, "cannot read '%s': it is a pipe with no writer",
				    path);
			return 0;
		}
		idle_ms = 0;
		wait = is_pipe == 1;
		if (sb->len + (size_t)k > READIN_MAX)
			return too_big(path, d);
		strbuf_addn(sb, chunk, (size_t)k);
	}
}

char *
readin(const char *path, size_t *len, struct diag *d)
{
	int stdin_ = strcmp(path, "-") == 0;
	int fd, rc;
	struct stat st;
	struct strbuf sb;
	const char *name = stdin_ ? "standard input" : path;

	if (stdin_) {
		fd = STDIN_FILENO;
		if (isatty(fd)) {
			diag_set(d, 0, 0, "'-' reads standard input, which is a terminal here: "
			    "name a file or pipe one in");
			return NULL;
		}
	} else {
		/* O_NONBLOCK: opening a FIFO must not wait for a writer */
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			diag_set(d, 0, 0, "cannot read '%s': %s", path, strerror(errno));
			return NULL;
		}
	}
	if (fstat(fd, &st) < 0) {
		diag_set(d, 0, 0, "cannot read '%s': %s", name, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		diag_set(d, 0, 0, "cannot read '%s': it is %s, not a file or a pipe", name,
		    kind_of(st.st_mode));
		goto fail;
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > READIN_MAX) {
		too_big(name, d);
		goto fail;
	}
	/* a regular file is read plainly (poll says it is always ready) */
	if (!stdin_ && S_ISREG(st.st_mode))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	strbuf_init(&sb);
	/* is_pipe: 1 standard input (a blocking descriptor), 2 a named pipe (non-blocking) */
	rc = read_all(fd, name, S_ISFIFO(st.st_mode) ? 2 - stdin_ : 0, &sb, d);
	if (!stdin_)
		close(fd);
	if (rc < 0) {
		strbuf_fini(&sb);
		return NULL;
	}
	if (len)
		*len = sb.len;
	return strbuf_take(&sb);
fail:
	if (!stdin_)
		close(fd);
	return NULL;
}

int
readin_nul(const char *text, size_t len, int *line, int *col)
{
	const char *z = memchr(text, '\0', len), *p, *bol = text;
	int n = 1;

	if (z == NULL)
		return 0;
	for (p = text; p < z; p++)
		if (*p == '\n')
			n++, bol = p + 1;
	*line = n;
	*col = (int)(z - bol) + 1;
	return 1;
}
