/* cmd: the command table, parsing and dispatch. */
#include "cmd_int.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "oom.h"
#include "readin.h"

#define MAX_ARGS 64
#define MAX_SOURCE_DEPTH 16
/* scripts one 'source' of the top level may run in all, nested ones included:
 * depth alone does not bound a script that sources itself twice (2^16 runs) */
#define MAX_SOURCE_RUNS 1000

struct cmd_entry {
	const char *name;
	const char *usage;
	const char *help;
	int min, max;		/* argument counts (not counting the name) */
	int needs_model;
	cmd_fn exec;
};

static const struct cmd_entry *cmd_table(void);

/* ---- helpers ---- */

int
cmd_not_finite(const char *what, struct diag *d)
{
	return diag_set(d, 0, 0, "the value for '%s' is not a finite number", what);
}

int
cmd_need_number(const char *s, const char *what, double *out, struct diag *d)
{
	switch (parse_double(s, out)) {
	case 0:
		return 0;
	case -2:
		return cmd_not_finite(what, d);
	default:
		return diag_set(d, 0, 0, "%s must be a number, not '%s'", what, s);
	}
}

int
cmd_need_width(const char *what, double lo, double hi, struct diag *d)
{
	if (isfinite(hi - lo))
		return 0;
	return diag_set(d, 0, 0, "%s %g..%g is too wide: its width passes the largest number, %g "
	    "(keep both ends within +-%g)", what, lo, hi, DBL_MAX, DBL_MAX / 2);
}

static int
cmd_source(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	if (s->source_depth >= MAX_SOURCE_DEPTH) {
		s->source_runs = MAX_SOURCE_RUNS + 1;	/* the nested scripts stop too */
		return diag_set(d, 0, 0, "'source' nested more than %d deep", MAX_SOURCE_DEPTH);
	}
	/* typed or piped lines run at depth 0 or 1: each such 'source' starts a count */
	if (s->source_depth <= 1)
		s->source_runs = 0;
	if (++s->source_runs > MAX_SOURCE_RUNS)
		return diag_set(d, 0, 0, "'source' ran %d scripts for one command; "
		    "does a script source itself?", MAX_SOURCE_RUNS);
	/* the file's own errors were reported line by line */
	switch (cmd_exec_file(s, argv[1], d)) {
	case 0:
		return 0;
	case -2:
		return -1;
	default:
		return diag_set(d, 0, 0, "'%s' had errors", argv[1]);
	}
}

static int
cmd_help(struct session *s, int argc, char **argv, struct diag *d)
{
	const struct cmd_entry *t = cmd_table(), *e;

	if (argc == 1) {
		out_printf(&s->out, "commands (one per line or separated by ';', '#' starts a comment):\n");
		for (e = t; e->name; e++)
			out_printf(&s->out, "  %-34s %s\n", e->usage, e->help);
		out_printf(&s->out, "settings for 'set': tmax t0 dir method tol atol dt bound maxstor "
		    "maxmem trans field manifold nullclines, and the model's parameters and variables "
		    "(initial data)\n");
		return 0;
	}
	for (e = t; e->name; e++) {
		if (name_eq(argv[1], e->name)) {
			out_printf(&s->out, "%s\n  %s\n", e->usage, e->help);
			return 0;
		}
	}
	{
		const char *names[64];
		const char *near;
		int n = 0;
		for (e = t; e->name && n < 64; e++)
			names[n++] = e->name;
		near = nearest_name(argv[1], names, n);
		if (near)
			return diag_set(d, 0, 0, "no help for '%s' (did you mean '%s'?)", argv[1], near);
		return diag_set(d, 0, 0, "no help for '%s' (try 'help')", argv[1]);
	}
}

static int
cmd_quit(struct session *s, int argc, char **argv, struct diag *d)
{
	(void)argc;
	(void)argv;
	(void)d;
	s->quit = 1;
	return 0;
}

static const struct cmd_entry commands[] = {
	{"load", "load NAME|FILE", "load a preset by name or a model file (.ode)", 1, 1, 0,
	    cmd_load},
	{"show", "show", "the model, parameters, initial data and settings", 0, 0, 1, cmd_show},
	{"set", "set NAME=VALUE ...", "set parameters, initial data and settings", 1, MAX_ARGS, 0,
	    cmd_set},
	{"sets", "sets", "the model file's named sets ('set NAME {...}' lines)", 0, 0, 1,
	    cmd_sets},
	{"use", "use SET", "apply a named set of the model file: its parameters, initial data "
	    "and settings", 1, 1, 1, cmd_use},
	{"window", "window XMIN XMAX YMIN YMAX|auto", "the view box", 1, 4, 1, cmd_window},
	{"axes", "axes X Y | axes t V1 V2 ...", "the variables on the portrait's axes (t for "
	    "time, or aux quantities), or those of the time series", 2, 1 + TS_MAX, 1, cmd_axes},
	{"view", "view portrait|time|both", "what the pane shows: the portrait, the time "
	    "series, or both (side by side or stacked when there is room)", 1, 1, 1, cmd_view},
	{"traj", "traj [X Y | grid N] [forward|back|both]",
	    "add trajectories: from the initial data, from a point, from an NxN grid; each "
	    "forward, backward or both ways (default: 'set dir')", 0, 3, 1, cmd_traj},
	{"sgd", "sgd [d=N] [width=N] [seed=N]",
	    "train the model's two-layer network by SGD from the initial data; its order "
	    "parameters become a trajectory", 0, 3, 1, cmd_sgd},
	{"clear", "clear", "remove all trajectories", 0, 0, 1, cmd_clear},
	{"run", "run", "compute now (piped mode waits until done)", 0, 0, 1, cmd_run},
	{"eq", "eq [SCALE]", "equilibria in the window: coordinates, type, eigenvalues; how many "
	    "lie outside it in a box SCALE (10) times as large, listed when SCALE is given", 0, 1,
	    1, cmd_eq},
	{"nullclines", "nullclines", "the nullcline curves of the plotted variables", 0, 0, 1,
	    cmd_nullclines},
	{"manifold", "manifold", "branches of the critical manifold with their stability", 0, 0,
	    1, cmd_manifold},
	{"folds", "folds [SCALE]", "folds, canard points and branch points of the critical "
	    "manifold; outside the window as for eq", 0, 1, 1, cmd_folds},
	{"fate", "fate", "where each trajectory ends: equilibrium, cycle, escape or running", 0,
	    0, 1, cmd_fate},
	{"bif", "bif PAR LO HI [VAR]",
	    "bifurcation diagram in PAR (or the slow variable: the layer problem): branches, "
	    "folds, Hopf points, cycles; VAR on the vertical axis of its picture", 3, 4, 1,
	    cmd_bif},
	{"diagram", "diagram only|beside|off|VAR",
	    "show the diagram instead of the portrait, beside it, or not; or put VAR on its "
	    "vertical axis", 1, 1, 1, cmd_diagram},
	{"ensemble", "ensemble N [T ...]",
	    "N noisy realizations from the initial data: mean and variance of each variable "
	    "and aux at times T (default the end)", 1, MAX_ARGS, 1, cmd_ensemble},
	{"nudge", "nudge NAME STEP|*FACTOR",
	    "bind the [ and ] keys to lower and raise a parameter by a step or a factor", 2, 2,
	    1, cmd_nudge},
	{"sweep", "sweep NAME FROM TO N COMMAND", "run COMMAND for N values of a parameter", 5,
	    MAX_ARGS, 1, cmd_sweep},
	{"map", "map P1 LO HI N P2 LO HI M [COMMAND] | map read FILE | map show",
	    "the fate (or COMMAND's answer) for every cell of a grid of two parameters or "
	    "initial values, drawn as a map", 1, MAX_ARGS, 0, cmd_map},
	{"orbit", "orbit PAR LO HI N [VAR] [drop=D] [keep=K]",
	    "a map's orbit diagram: for N values of PAR, K iterates of VAR after D dropped, "
	    "with where each orbit ends", 4, MAX_ARGS, 1, cmd_orbit},
	{"print", "print", "the portrait (or the map) as text", 0, 0, 0, cmd_print},
	{"size", "size COLSxROWS", "canvas size for print and export (default 80x24)", 1, 1, 0,
	    cmd_size},
	{"export", "export csv|txt|svg|png FILE|-", "trajectory data (csv), the text portrait "
	    "(txt), a vector picture (svg) or the same rendered by rsvg-convert (png)", 2,
	    2, 1, cmd_export},
	{"save", "save FILE|-", "write a script that 'source FILE' turns back into this scene", 1,
	    1, 1, cmd_save},
	{"source", "source FILE", "run the commands in FILE", 1, 1, 0, cmd_source},
	{"help", "help [COMMAND]", "this list, or one command", 0, 1, 0, cmd_help},
	{"quit", "quit", "leave canard", 0, 0, 0, cmd_quit},
	{NULL, NULL, NULL, 0, 0, 0, NULL}
};

static const struct cmd_entry *
cmd_table(void)
{
	return commands;
}

const char *const *
cmd_names(void)
{
	static const char *names[sizeof commands / sizeof commands[0]];
	size_t i;

	for (i = 0; commands[i].name; i++)
		names[i] = commands[i].name;
	names[i] = NULL;
	return names;
}

static const struct cmd_entry *
cmd_find(const char *word, struct diag *d)
{
	const struct cmd_entry *e, *found = NULL;
	size_t len = strlen(word);
	int n = 0;
	struct strbuf amb;

	for (e = commands; e->name; e++)
		if (name_eq(word, e->name))
			return e;
	strbuf_init(&amb);
	for (e = commands; e->name; e++) {
		if (strncasecmp(word, e->name, len) == 0) {
			strbuf_printf(&amb, "%s%s", n ? ", " : "", e->name);
			found = e;
			n++;
		}
	}
	if (n == 1) {
		strbuf_fini(&amb);
		return found;
	}
	if (n > 1)
		diag_set(d, 0, 0, "ambiguous command '%s', could be: %s", word, amb.s);
	else {
		const char *near = nearest_name(word, cmd_names(), (int)(sizeof commands / sizeof
		    commands[0]) - 1);
		if (near)
			diag_set(d, 0, 0, "unknown command '%s' (did you mean '%s'?)", word, near);
		else
			diag_set(d, 0, 0, "unknown command '%s' (try 'help')", word);
	}
	strbuf_fini(&amb);
	return NULL;
}

static void
report(struct session *s, const struct cmd_loc *loc, const char *msg)
{
	char *text;

	if (loc && loc->src)
		text = xasprintf("%s:%d: %s", loc->src, loc->line, msg);
	else
		text = xstrdup(msg);
	if (s->out.error)
		s->out.error(s->out.ctx, text);
	free(text);
}

void
cmd_quote(struct strbuf *sb, const char *word)
{
	const char *p;

	if (*word != '\0' && strpbrk(word, " \t\n\v\f\r'\";#") == NULL) {
		strbuf_add(sb, word);
		return;
	}
	strbuf_addc(sb, '"');
	for (p = word; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

int
cmd_is(const char *word, const char *name)
{
	struct diag d;
	const struct cmd_entry *e;

	diag_clear(&d);
	e = cmd_find(word, &d);
	return e != NULL && strcmp(e->name, name) == 0;
}

static int
exec_one(struct session *s, char *text, const struct cmd_loc *loc)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0, rc;
	char *p = text;
	const struct cmd_entry *e;
	struct diag d;
	struct oom_point op;
	int sweeping = s->sweeping, source_depth = s->source_depth;

	diag_clear(&d);
	/* words are unquoted in place: the text written never outruns the text read */
	while (*p) {
		char *w;
		int more;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (argc == MAX_ARGS + 1) {
			report(s, loc, "too many words on one command");
			return -1;
		}
		argv[argc++] = w = p;
		while (*p && !isspace((unsigned char)*p)) {
			char q = *p;
			if (q != '\'' && q != '"') {
				*w++ = *p++;
				continue;
			}
			for (p++; *p && *p != q; p++) {
				if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*w++ = *p;
			}
			if (*p == '\0') {
				char *msg;
				*w = '\0';
				msg = xasprintf("the quote %c opening '%s' is not closed (end the word "
				    "with %c)", q, argv[argc - 1], q);
				report(s, loc, msg);
				free(msg);
				return -1;
			}
			p++;
		}
		more = *p != '\0';
		*w = '\0';
		if (more)
			p++;
	}
	if (argc == 0)
		return 0;
	if ((e = cmd_find(argv[0], &d)) == NULL) {
		report(s, loc, d.msg);
		return -1;
	}
	if (argc - 1 < e->min || argc - 1 > e->max) {
		char *msg = xasprintf("usage: %s", e->usage);
		report(s, loc, msg);
		free(msg);
		return -1;
	}
	/* the portrait comes back in place of a map once it is asked for */
	if (e->exec == cmd_load || e->exec == cmd_window || e->exec == cmd_axes || e->exec == cmd_traj ||
	    e->exec == cmd_view ||
	    e->exec == cmd_clear || e->exec == cmd_run)
		s->show_map = s->show_orbit = 0;
	/* a bifurcation diagram asked for replaces an orbit diagram */
	if (e->exec == cmd_bif)
		s->show_orbit = 0;
	/* and in place of a diagram shown alone (beside it, it stays) */
	if ((e->exec == cmd_window || e->exec == cmd_axes || e->exec == cmd_traj ||
	    e->exec == cmd_clear) && s->bif.mode == DIAGRAM_ONLY)
		s->bif.mode = DIAGRAM_OFF;
	if (e->needs_model && s->m == NULL) {
		char *msg = xasprintf("'%s' needs a model: 'load NAME' first (try 'load vanderpol')",
		    e->name);
		report(s, loc, msg);
		free(msg);
		return -1;
	}
	/* memory running out fails this command only (oom.h); what it took is lost */
	if (OOM_TRY(&op)) {
		/* the command's nesting marks go back to what they were (they are
		 * not modified between OOM_TRY and here, so they need no volatile) */
		s->sweeping = sweeping;
		s->source_depth = source_depth;
		char *msg = xasprintf("out of memory: '%s' was stopped; the session goes on",
		    e->name);
		report(s, loc, msg);
		free(msg);
		return -1;
	}
	free(s->late_error);
	s->late_error = NULL;
	rc = e->exec(s, argc, argv, &d);
	oom_pop(&op);
	if (rc < 0)
		report(s, loc, d.msg[0] ? d.msg : "failed");
	else if (s->late_error) {
		/* an answer given, then a failure found (a trajectory out of memory) */
		report(s, loc, s->late_error);
		rc = -1;
	}
	free(s->late_error);
	s->late_error = NULL;
	return rc < 0 ? -1 : 0;
}

static int
exec_split(struct session *s, const char *line, const struct cmd_loc *loc)
{
	char *copy = xstrdup(line), *p, *start;
	char q = 0;
	int rc = 0;

	/* ';' ends a command and '#' starts a comment, outside quotes */
	start = copy;
	for (p = copy;; p++) {
		if (q != 0 && *p != '\0') {
			if (*p == q)
				q = 0;
			else if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			continue;
		}
		if (*p == '#')
			*p = '\0';
		if (*p == ';' || *p == '\0') {
			int end = *p == '\0';
			*p = '\0';
			if (s->halt && s->halt())
				s->quit = 1;
			if (!s->quit && exec_one(s, start, loc) < 0)
				rc = -1;
			if (end)
				break;
			start = p + 1;
		}
	}
	free(copy);
	return rc;
}

int
cmd_exec_line(struct session *s, const char *line, const struct cmd_loc *loc)
{
	struct oom_point op;
	int rc;

	/* each command has its own recovery point (exec_one); this one covers the rest */
	if (OOM_TRY(&op)) {
		report(s, loc, "out of memory: the line was not run; the session goes on");
		return -1;
	}
	rc = exec_split(s, line, loc);
	oom_pop(&op);
	return rc;
}

/*
 * The lines of a script: the session's own command stream (standard input
 * at the top level) is read as it comes; a file or pipe named to 'source'
 * or on the command line is read whole first, bounded (readin), so that
 * neither /dev/zero nor a FIFO without a writer can hold the session.
 */
static FILE *
open_script(struct session *s, const char *path, char **text, struct diag *d)
{
	size_t len;
	int line, col;

	*text = NULL;
	if (strcmp(path, "-") == 0 && s->source_depth == 0)
		return stdin;
	if ((*text = readin(path, &len, d)) == NULL)
		return NULL;
	if (readin_nul(*text, len, &line, &col)) {
		/* refused whole: its lines after the NUL would be lost or misread */
		diag_set(d, 0, 0, "%s:%d:%d: a NUL byte: a script is text (is it a binary file?); "
		    "nothing in it was run", strcmp(path, "-") == 0 ? "<stdin>" : path, line, col);
		free(*text);
		*text = NULL;
		return NULL;
	}
	if (len == 0)
		return fopen("/dev/null", "r");
	return fmemopen(*text, len, "r");
}

int
cmd_exec_file(struct session *s, const char *path, struct diag *d)
{
	char *text;
	FILE *f = open_script(s, path, &text, d);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct cmd_loc loc;
	int rc = 0;

	if (f == NULL) {
		if (text)
			diag_set(d, 0, 0, "cannot read '%s': %s", path, strerror(errno));
		free(text);
		return -2;
	}
	loc.src = strcmp(path, "-") == 0 ? "<stdin>" : path;
	loc.line = 0;
	s->source_depth++;
	errno = 0;
	/* a nested script stops once its top-level 'source' has run too many */
	while (!s->quit && !(s->source_depth > 1 && s->source_runs > MAX_SOURCE_RUNS) &&
	    (len = getline(&line, &cap, f)) >= 0) {
		loc.line++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (memchr(line, '\0', (size_t)len) != NULL) {
			/* read as it comes (standard input): this line is refused, not cut */
			char *msg = xasprintf("%s:%d:%d: a NUL byte: a script is text; the line "
			    "was not run", loc.src, loc.line, (int)strlen(line) + 1);
			report(s, NULL, msg);
			free(msg);
			rc = -1;
			continue;
		}
		if (cmd_exec_line(s, line, &loc) < 0)
			rc = -1;
	}
	s->source_depth--;
	free(line);
	if (ferror(f)) {
		diag_set(d, 0, 0, "cannot read '%s': %s", path, strerror(errno ? errno : EIO));
		rc = -2;
	}
	if (f != stdin)
		fclose(f);
	free(text);
	return rc;
}
