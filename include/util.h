/*
 * util: allocation that dies on exhaustion, a growable string buffer,
 * case-insensitive name helpers and "did you mean" suggestions.
 * Knows nothing about models, numerics or screens.
 */
#ifndef CANARD_UTIL_H
#define CANARD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))

/* Allocation: these never return NULL; out of memory prints and exits 2. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTFLIKE(1, 2);

/* Grow *arr (of *cap elements of size sz) so that it holds at least need. */
void grow_array(void **arr, size_t *cap, size_t need, size_t sz);

/* A growable NUL-terminated string. The buffer owns s; strbuf_fini frees it. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void strbuf_init(struct strbuf *sb);
void strbuf_fini(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s);
void strbuf_addn(struct strbuf *sb, const char *s, size_t n);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) PRINTFLIKE(2, 3);
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hand the string to the caller (who frees it) and reset the buffer. */
char *strbuf_take(struct strbuf *sb);

/* Free a NULL-terminated array of malloc'd strings (NULL is fine). */
void strv_free(char **v);

/* Case-insensitive equality of names (canard names are case-insensitive). */
int name_eq(const char *a, const char *b);
int name_eqn(const char *a, const char *b, size_t n);

/* Edit distance (case-insensitive), for suggestions. */
int edit_distance(const char *a, const char *b);
/*
 * The candidate nearest to name, or NULL when none is close enough to be a
 * plausible typo. Candidates is an array of n strings; the result points into it.
 */
const char *nearest_name(const char *name, const char *const *candidates, int n);

/* The i-th of n values from from to to (i = 0..n-1): both ends exact, finite for finite ends. */
double grid_value(double from, double to, int i, int n);

/*
 * Parse a whole string as a finite double; returns 0 on success, -1 when it
 * is not a number, -2 when it is not finite (nan, inf, or overflows as 1e400).
 */
int parse_double(const char *s, double *out);
/* Parse a whole string as a positive int in [lo, hi]; returns 0 on success. */
int parse_int(const char *s, int lo, int hi, int *out);

/*
 * Format a double so that it reads back (strtod) to the same value, in the
 * shortest such %g form; nan and inf print as %g does. Records, sweep
 * headers and CSV use it: what a script reads is what canard computed.
 */
void fmt_num(char *buf, size_t n, double v);
/* Append fmt_num's form of v. */
void strbuf_num(struct strbuf *sb, double v);

/*
 * Replace the file at path with text, atomically: a temporary file in the
 * same directory is written in full, then renamed over path, so a failure
 * (disk full, file size limit) leaves the old file as it was. The mode of
 * an existing file is kept; a symbolic link is followed. An existing file
 * that is not a regular one (/dev/stdout, a FIFO) is written directly.
 * Returns 0, or -1 with errno set.
 */
int write_file_atomic(const char *path, const char *text, size_t len);

/*
 * $XDG_STATE_HOME/canard/FILE (an absolute XDG_STATE_HOME only), or
 * ~/.local/state/canard/FILE, creating the directory; a malloc'd path, or
 * NULL without either.
 */
char *state_path(const char *file);

/* Seconds on the monotonic clock (for durations only). */
double now_seconds(void);


/*
 * Text that is safe on a terminal. Model files, file names, and bytes quoted
 * in errors reach the screen, stdout and stderr only through these: every
 * valid UTF-8 character is kept whole, and what a terminal would act on
 * instead of showing (C0 controls but newline and tab, DEL, C1 controls, the
 * bidirectional overrides) and every byte that begins no valid character is
 * written as \xNN. The result is valid UTF-8; cleaning it again changes
 * nothing.
 */
void strbuf_add_safe(struct strbuf *sb, const char *s, size_t n);
/* s made safe, malloc'd (the caller frees it). */
char *text_safe(const char *s);
/* Append the formatted text made safe (for lines that show names from files). */
void strbuf_vprintf_safe(struct strbuf *sb, const char *fmt, va_list ap);
/* fputs of s made safe. */
void fputs_safe(const char *s, FILE *f);
/* The byte length (1..4) of the valid UTF-8 character at s (n bytes readable), or 0. */
int utf8_len(const char *s, size_t n);
/* Drop a character cut short at the end of s (after truncating to a buffer). */
void utf8_trim(char *s);

#endif
