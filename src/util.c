/* util: allocation, string buffers, names and suggestions. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "oom.h"

/* A failed allocation: the command fails, or canard exits 2 (oom.h). */
static void
oom(size_t n)
{
	oom_fail(n);
}

void *
xmalloc(size_t n)
{
	void *p = oom_injected() ? NULL : malloc(n ? n : 1);
	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = oom_injected() ? NULL : calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = oom_injected() ? NULL : realloc(p, n ? n : 1);
	if (q == NULL)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_take(&sb);
}

void
grow_array(void **arr, size_t *cap, size_t need, size_t sz)
{
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need)
		c *= 2;
	*arr = xrealloc(*arr, c * sz);
	*cap = c;
}

void
strbuf_init(struct strbuf *sb)
{
	sb->cap = 64;
	sb->len = 0;
	sb->s = xmalloc(sb->cap);
	sb->s[0] = '\0';
}

void
strbuf_fini(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

static void
strbuf_reserve(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	if (need > sb->cap) {
		while (sb->cap < need)
			sb->cap *= 2;
		sb->s = xrealloc(sb->s, sb->cap);
	}
}

void
strbuf_addn(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
strbuf_add(struct strbuf *sb, const char *s)
{
	strbuf_addn(sb, s, strlen(s));
}

void
strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_addn(sb, &c, 1);
}

void
strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	strbuf_reserve(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *
strbuf_take(struct strbuf *sb)
{
	char *s = sb->s;
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

int
name_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

int
name_eqn(const char *a, const char *b, size_t n)
{
	return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int *row, d;

	if (la > 64 || lb > 64)
		return INT_MAX / 2;
	row = xmalloc((lb + 1) * sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int cur = row[j];
			int cost = tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]);
			int best = prev + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

const char *
nearest_name(const char *name, const char *const *candidates, int n)
{
	const char *best = NULL;
	int bestd = INT_MAX, i;
	size_t len = strlen(name);
	/* A typo is at most a third of the word, and at least one edit. */
	int limit = len <= 3 ? 1 : (int)(len + 2) / 3;

	for (i = 0; i < n; i++) {
		int d;
		if (candidates[i] == NULL)
			continue;
		d = edit_distance(name, candidates[i]);
		if (d < bestd) {
			bestd = d;
			best = candidates[i];
		}
	}
	if (best != NULL && bestd <= limit && bestd > 0)
		return best;
	return NULL;
}

int
parse_double(const char *s, double *out)
{
	char *end;
	double v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' || end == s)
		return -1;
	/* nan, inf and what overflows (1e400) are numbers, but not finite ones */
	if (!isfinite(v))
		return -2;
	*out = v;
	return 0;
}

int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

void
fmt_num(char *buf, size_t n, double v)
{
	int prec;

	if (v == 0) {
		snprintf(buf, n, "0");	/* -0 too: a record never says "-0" */
		return;
	}
	/*
	 * Every decimal of 15 significant digits or fewer maps to a distinct
	 * normal double, so when some shorter form reads back exactly, %.15g is
	 * it (after %g drops the trailing zeros); otherwise 16, and 17 always
	 * does. Subnormals carry fewer bits: search them from one digit up.
	 */
	for (prec = fabs(v) < DBL_MIN ? 1 : 15; prec < 17; prec++) {
		snprintf(buf, n, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
	snprintf(buf, n, "%.17g", v);
}

void
strbuf_num(struct strbuf *sb, double v)
{
	char b[32];

	fmt_num(b, sizeof b, v);
	strbuf_add(sb, b);
}

/* write all of buf to fd; 0 or -1 with errno */
static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, buf, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		buf += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Straight into an existing file that is not a regular one (/dev/stdout, a FIFO). */
static int
write_through(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC), e;

	if (fd < 0)
		return -1;
	if (write_all(fd, text, len) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

int
write_file_atomic(const char *path, const char *text, size_t len)
{
	struct stat st;
	char *target = NULL, *tmp, *slash;
	mode_t mode, mask;
	int fd, e, have;

	/* a symbolic link stays a link: the file it names is replaced */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		target = realpath(path, NULL);
	if (target == NULL)
		target = xstrdup(path);
	have = stat(target, &st) == 0;
	if (have && !S_ISREG(st.st_mode)) {
		int rc = write_through(target, text, len);
		e = errno;
		free(target);
		errno = e;
		return rc;
	}
	mask = umask(0);
	umask(mask);
	mode = have ? st.st_mode & 07777 : 0666 & ~mask;
	slash = strrchr(target, '/');
	if (slash)
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1);
	else
		tmp = xasprintf(".%s.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (write_all(fd, text, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp, target) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		goto fail;
	}
	free(tmp);
	free(target);
	return 0;
fail:
	e = errno;
	free(tmp);
	free(target);
	errno = e;
	return -1;
}

char *
state_path(const char *file)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir, *path, *p;

	/* the XDG spec: a relative path in XDG_STATE_HOME is invalid and ignored */
	if (state && *state == '/')
		dir = xasprintf("%s/canard", state);
	else if (home && *home)
		dir = xasprintf("%s/.local/state/canard", home);
	else
		return NULL;
	/* mkdir -p, quietly: without it the file just is not kept */
	for (p = dir + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	mkdir(dir, 0700);
	path = xasprintf("%s/%s", dir, file);
	free(dir);
	return path;
}

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void
strv_free(char **v)
{
	char **p;

	if (v == NULL)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

double
grid_value(double from, double to, int i, int n)
{
	double f;

	if (i == 0 || n <= 1)
		return from;
	if (i == n - 1)
		return to;
	if (isfinite(to - from))
		return from + (to - from) * i / (n - 1);
	f = (double)i / (n - 1);	/* the span overflows (-1e308 to 1e308) */
	return from * (1 - f) + to * f;
}

/* ---- text that is safe on a terminal ---- */

int
utf8_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c;
	int len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		len = 2, c = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		len = 3, c = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		len = 4, c = u[0] & 0x07;
	else
		return 0;	/* a continuation byte, or a lead byte no character has */
	if (n < (size_t)len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF are not characters */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/* The code point of a valid sequence of len bytes at u. */
static unsigned long
utf8_code(const unsigned char *u, int len)
{
	unsigned long c = len == 1 ? u[0] : u[0] & (0x7f >> len);
	int i;

	for (i = 1; i < len; i++)
		c = c << 6 | (u[i] & 0x3f);
	return c;
}

/*
 * Characters a terminal acts on instead of showing: C0 controls but tab and
 * newline, DEL, C1 controls (U+0080..U+009F, which some terminals read as
 * ESC [ and the like), and the bidirectional overrides and isolates, which
 * reorder what is shown around them.
 */
static int
acts_on_terminal(unsigned long c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void
strbuf_add_safe(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		int len = utf8_len(s + i, n - i), k;

		if (len > 0 && !acts_on_terminal(utf8_code(u + i, len))) {
			i += (size_t)len;
			continue;
		}
		strbuf_addn(sb, s + run, i - run);
		/* a control character's bytes, or one byte that begins no character */
		for (k = 0; k < (len > 0 ? len : 1); k++)
			strbuf_printf(sb, "\\x%02x", u[i + (size_t)k]);
		i += (size_t)(len > 0 ? len : 1);
		run = i;
	}
	strbuf_addn(sb, s + run, n - run);
}

char *
text_safe(const char *s)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_add_safe(&sb, s, strlen(s));
	return strbuf_take(&sb);
}

void
strbuf_vprintf_safe(struct strbuf *sb, const char *fmt, va_list ap)
{
	struct strbuf raw;

	strbuf_init(&raw);
	strbuf_vprintf(&raw, fmt, ap);
	strbuf_add_safe(sb, raw.s, raw.len);
	strbuf_fini(&raw);
}

void
fputs_safe(const char *s, FILE *f)
{
	const unsigned char *u;

	/* the common case, printable ASCII, goes out as it is */
	for (u = (const unsigned char *)s; *u; u++)
		if (*u >= 0x7f || (*u < 0x20 && *u != '\n' && *u != '\t'))
			break;
	if (*u == '\0') {
		fputs(s, f);
	} else {
		char *t = text_safe(s);
		fputs(t, f);
		free(t);
	}
}

void
utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, back = 0;

	/* step back over at most three continuation bytes to the lead byte */
	while (i > 0 && back < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--, back++;
	if (i == 0 || (unsigned char)s[i - 1] < 0xc0)
		return;
	i--;
	{
		/* a lead byte whose character needs more bytes than are left was cut */
		unsigned char lead = (unsigned char)s[i];
		size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
		if (n - i < want)
			s[i] = '\0';
	}
}
