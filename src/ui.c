/*
 * ui: the interactive terminal. ncurses draws the portrait pane, the info
 * panel, the message line and the prompt; readline edits the prompt through
 * its callback interface; the worker thread computes; a select() loop waits
 * on the keyboard, the worker's wake pipe and the signal pipe together, so
 * the prompt never waits for a computation.
 *
 * Only the ui files (with term.c and the line-mode repl.c) touch ncurses and
 * readline; ui_draw.c draws. Readline's callbacks carry no context pointer,
 * hence the one static `ui` below.
 */
#include "ui_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <ncurses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"
#include "complete.h"
#include "diag.h"
#include "readin.h"
#include "term.h"
#include "worker.h"

#define PROMPT "canard> "


static struct ui *ui;

/* ---- output of commands ---- */

static void
ui_print(void *ctx, const char *text)
{
	(void)ctx;
	strbuf_add_safe(&ui->out, text, strlen(text));
}

static void
ui_error(void *ctx, const char *text)
{
	(void)ctx;
	strbuf_add_safe(&ui->err, text, strlen(text));
	strbuf_addc(&ui->err, '\n');
}

static void
set_msg(int error, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
set_msg(int error, const char *fmt, ...)
{
	va_list ap;
	struct strbuf safe;

	strbuf_init(&safe);
	va_start(ap, fmt);
	/* file names and completions may hold anything: the message line shows text */
	strbuf_vprintf_safe(&safe, fmt, ap);
	va_end(ap);
	snprintf(ui->msgtext, sizeof ui->msgtext, "%s", safe.s);
	utf8_trim(ui->msgtext);
	strbuf_fini(&safe);
	ui->msg_error = error;
	ui->dirty = 1;
}

static void
scroll_close(void)
{
	int i;

	for (i = 0; i < ui->nlines; i++)
		free(ui->lines[i]);
	free(ui->lines);
	ui->lines = NULL;
	ui->nlines = ui->top = 0;
	ui->dirty = 1;
}

static int width_of(const char *s, size_t n);

static void
scroll_add(char *line)
{
	ui->lines = xrealloc(ui->lines, (size_t)(ui->nlines + 1) * sizeof *ui->lines);
	ui->lines[ui->nlines++] = line;
}

/*
 * One line of output, folded to the pane's width so that nothing of a long
 * record is cut off: after the last space or comma past half a row,
 * else at the width; the rows after the first are indented by two.
 */
static void
scroll_add_wrapped(const char *text)
{
	const char *p = text;
	int w = ui->pane_w, indent = 0, left = width_of(text, strlen(text));

	while (w > 8 && left + indent > w) {
		size_t n = 0, space = 0, cut;
		int used = indent;
		while (p[n]) {
			size_t k = (size_t)utf8_len(p + n, strlen(p + n));
			int cw = k ? width_of(p + n, k) : 1;
			if (used + cw > w)
				break;
			n += k ? k : 1;
			used += cw;
			if ((p[n - 1] == ' ' || p[n - 1] == ',') && used > w / 2)
				space = n;
		}
		cut = space ? space : n > 0 ? n : 1;
		scroll_add(xasprintf("%*s%.*s", indent, "", (int)cut, p));
		left -= width_of(p, cut);
		p += cut;
		indent = 2;
	}
	scroll_add(xasprintf("%*s%s", indent, "", p));
}

static void
scroll_open(const char *text)
{
	const char *p = text;

	scroll_close();
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct strbuf line;

		strbuf_init(&line);
		strbuf_add_safe(&line, p, n);
		scroll_add_wrapped(line.s);
		strbuf_fini(&line);
		p += n + (e ? 1 : 0);
	}
	ui->dirty = 1;
}

/* After a command: one line goes to the message line, more to the scroll view. */
static void
route_output(void)
{
	struct strbuf all;
	int lines = 0;
	const char *p;

	for (p = ui->out.s; *p; p++)
		lines += *p == '\n';
	if (ui->out.len > 0 && ui->out.s[ui->out.len - 1] != '\n')
		lines++;
	/* one line wider than the message line is shown whole in the pane too */
	if (lines == 1 && ui->err.len == 0 && width_of(ui->out.s, strcspn(ui->out.s, "\n")) >
	    ui->cols)
		lines = -1;
	if (lines > 1 || lines < 0) {
		strbuf_init(&all);
		strbuf_add(&all, ui->out.s);
		strbuf_add(&all, ui->err.s);
		scroll_open(all.s);
		strbuf_fini(&all);
	}
	if (ui->err.len > 0) {
		char *nl = strchr(ui->err.s, '\n');
		if (nl)
			*nl = '\0';
		set_msg(1, "%s", ui->err.s);
	} else if (lines == 1) {
		char *nl = strchr(ui->out.s, '\n');
		if (nl)
			*nl = '\0';
		set_msg(0, "%s", ui->out.s);
	} else if (lines > 1) {
		set_msg(0, "%d lines: arrows and PgUp/PgDn scroll, Esc closes, typing goes on", lines);
	} else if (lines < 0) {
		set_msg(0, "a long line, shown whole in the pane: Esc closes, typing goes on");
	}
	ui->out.len = ui->err.len = 0;
	ui->out.s[0] = ui->err.s[0] = '\0';
}

/* ---- the worker ---- */

static int
same_view(const struct view *a, const struct view *b)
{
	return a->xlo == b->xlo && a->xhi == b->xhi && a->ylo == b->ylo && a->yhi == b->yhi &&
	    a->xvar == b->xvar && a->yvar == b->yvar;
}

/*
 * A synchronous command (print, export at another 'size') traced the analysis
 * for another canvas since the job finished: the pane wants its own back.
 */
static int
analysis_replaced(const struct session *s, int pc, int pr)
{
	return !ui->computing && s->res.an != NULL &&
	    (s->res.an_cols != pc || s->res.an_rows != pr);
}

/* A new job when the inputs, the view or the pane size changed since the last one. */
static void
submit_if_needed(void)
{
	struct session *s = &ui->s;
	struct view v;
	int pc, pr;

	if (s->m == NULL || ui->too_small)
		return;
	/* a map asked for under other inputs is not computed any more */
	if (s->map_want && s->serial != s->map_serial)
		s->map_want = 0;
	session_effective_view(s, &v);
	/* the portrait's part of the pane travels in the job; 'size' (print, export)
	 * stays the user's */
	session_portrait_size(s, ui->pane_w, ui->pane_h, &pc, &pr);
	if (ui->gen != 0 && s->serial == ui->sub_serial && same_view(&v, &ui->sub_view) &&
	    ui->sub_cols == pc && ui->sub_rows == pr &&
	    ui->sub_ncl == s->show_nullclines && !analysis_replaced(s, pc, pr) &&
	    !(s->map_want && ui->sub_map != s->map_id))
		return;
	ui->gen = worker_submit(ui->w, session_make_job(s, pc, pr, s->show_nullclines));
	ui->sub_serial = s->serial;
	ui->sub_view = v;
	ui->sub_cols = pc;
	ui->sub_rows = pr;
	ui->sub_ncl = s->show_nullclines;
	ui->sub_map = s->map_want ? s->map_id : 0;
	ui->computing = 1;
	ui->interrupted = 0;
	ui->arrived = 0;
	ui->t_submit = now_seconds();
	ui->dirty = 1;
}

static void
take_results(void)
{
	struct job_result *d = worker_take(ui->w), *p;
	int changed = 0;
	double secs = 0;

	for (p = d; p; p = p->next) {
		if (p->gen == ui->gen && p->kind == JOB_TRAJ)
			ui->arrived++;
		/* a map whose cells are all in is not computed again */
		if (p->gen == ui->gen && p->kind == JOB_DONE && !p->cancelled && ui->sub_map != 0 &&
		    ui->sub_map == ui->s.map_id)
			ui->s.map_want = 0;
	}
	switch (results_apply(&ui->s.res, d, ui->gen, &changed, &secs)) {
	case 2:
		set_msg(1, "out of memory: the computation was stopped; the session goes on "
		    "(clear, or lower maxstor or tmax)");
		/* fall through */
	case 1:
		ui->computing = 0;
		ui->seconds = secs;
		break;
	}
	if (changed)
		ui->dirty = 1;
}

/* Synchronous computations (fate, export) stop on Ctrl-C too. */
static int
sync_interrupted(void *arg)
{
	(void)arg;
	return term_interrupt_pending();
}

/* ---- commands ---- */

/*
 * Without the side panel (under 110 columns) a model's note has no place on
 * screen: after a load it takes the message line instead of the load's
 * answer, cut at a space and pointing to 'show' when wider than the line.
 * Returns whether it did.
 */
static int
note_msg(void)
{
	static const char more[] = " ... ('show')";
	const char *note = ui->s.m ? ui->s.m->note : NULL;
	char *safe, *full;
	int w = ui->cols - 1, used = 0, mw = (int)strlen(more);
	size_t n = 0, space = 0;

	if (ui->wide || note == NULL || *note == '\0' || w < 20)
		return 0;
	safe = text_safe(note);
	full = xasprintf("note: %s", safe);
	free(safe);
	if (width_of(full, strlen(full)) <= w) {
		set_msg(0, "%s", full);
		free(full);
		return 1;
	}
	while (full[n]) {
		size_t k = (size_t)utf8_len(full + n, strlen(full + n));
		int cw = k ? width_of(full + n, k) : 1;
		if (used + cw + mw > w)
			break;
		if (full[n] == ' ')
			space = n;
		n += k ? k : 1;
		used += cw;
	}
	set_msg(0, "%.*s%s", (int)(space > 5 ? space : n), full, more);
	free(full);
	return 1;
}

/* Run a command line; returns whether it showed a loaded model's note. */
static int
exec_line(const char *line)
{
	unsigned long models = ui->s.models;
	int loaded, noted = 0;

	if (ui->lines)
		scroll_close();
	ui->msgtext[0] = '\0';
	cmd_exec_line(&ui->s, line, NULL);
	/* the load's answer is all that was said: no warning, no other answer */
	loaded = ui->s.models != models && ui->err.len == 0 && ui->out.len > 0 &&
	    strchr(ui->out.s, '\n') == ui->out.s + ui->out.len - 1;
	route_output();
	if (loaded && ui->lines == NULL)
		noted = note_msg();
	if (ui->s.quit)
		ui->quit = 1;
	submit_if_needed();
	ui->dirty = 1;
	return noted;
}

static void
add_history_line(const char *line)
{
	const char *why;

	hist_add(&ui->hist, line);
	if ((why = hist_message(&ui->hist)) != NULL)
		set_msg(1, "%s", why);
}

/* readline's line handler: NULL is Ctrl-D on an empty line. */
static void
on_line(char *line)
{
	if (line == NULL) {
		ui->quit = 1;
		return;
	}
	add_history_line(line);
	exec_line(line);
	free(line);
}

static void
step_next(void)
{
	char *cmd;

	if (ui->step_next >= ui->nsteps) {
		set_msg(0, "end of the script (%d steps)", ui->nsteps);
		return;
	}
	cmd = ui->steps[ui->step_next++];
	/*
	 * The step's banner goes to the status line (the panel), so that the
	 * step's answer (a record, an error) stays on the message line; a step
	 * that answers nothing shows the banner there too.
	 */
	snprintf(ui->banner, sizeof ui->banner, "step %d/%d: %s%s", ui->step_next, ui->nsteps,
	    cmd, ui->step_next < ui->nsteps ? " (Enter: next)" : " (the last)");
	exec_line(cmd);
	if (ui->msgtext[0] == '\0')
		set_msg(0, "%s", ui->banner);
}

/* ---- view keys ---- */

/*
 * Pan and zoom move the portrait's window: with the time series alone on
 * screen (always fitted to its data) they would change nothing visible.
 */
static int
window_shown(void)
{
	if (ui->s.kind != VIEW_TIME || ui->layout.has_portrait || ui->drawn_map)
		return 1;
	set_msg(1, "the time series fits its data: arrows, + and - move the portrait's "
	    "window (v or 'view portrait' shows it)");
	return 0;
}

static void
pan(double fx, double fy)
{
	struct session *s = &ui->s;
	struct view v;
	char line[256];

	if (!window_shown())
		return;
	session_effective_view(s, &v);
	snprintf(line, sizeof line, "window %.10g %.10g %.10g %.10g",
	    v.xlo + fx * (v.xhi - v.xlo), v.xhi + fx * (v.xhi - v.xlo),
	    v.ylo + fy * (v.yhi - v.ylo), v.yhi + fy * (v.yhi - v.ylo));
	exec_line(line);
}

static void
zoom(double f)
{
	struct session *s = &ui->s;
	struct view v;
	char line[256];
	double cx, cy, hx, hy;

	if (!window_shown())
		return;
	session_effective_view(s, &v);
	cx = 0.5 * (v.xlo + v.xhi);
	cy = 0.5 * (v.ylo + v.yhi);
	hx = 0.5 * (v.xhi - v.xlo) * f;
	hy = 0.5 * (v.yhi - v.ylo) * f;
	snprintf(line, sizeof line, "window %.10g %.10g %.10g %.10g", cx - hx, cx + hx, cy - hy,
	    cy + hy);
	exec_line(line);
}

static void
nudge(int dir)
{
	struct session *s = &ui->s;
	char line[256];
	double v;
	int crossed;

	if (s->m == NULL || s->nudge_par < 0 || (s->nudge_step <= 0 && s->nudge_factor <= 1)) {
		set_msg(1, "no parameter to nudge: 'nudge NAME STEP' binds [ and ]");
		return;
	}
	v = session_nudge_value(s, dir, &crossed);
	if (isnan(v)) {
		const char *name = s->m->par[s->nudge_par];
		if (s->par[s->nudge_par] == 0)
			set_msg(1, "%s is 0, which a factor cannot move: give a step, e.g. "
			    "'nudge %s 0.1'", name, name);
		else
			set_msg(1, "%s=%g: one more %s would leave the numbers canard can hold "
			    "(%s stays; the other key goes back)", name, s->par[s->nudge_par],
			    dir > 0 ? "]" : "[", name);
		return;
	}
	snprintf(line, sizeof line, "set %s=%.17g", s->m->par[s->nudge_par], v);
	exec_line(line);
	if (s->nudge_factor > 1)
		set_msg(0, "%s=%g   ([ divide, ] multiply by %g)", s->m->par[s->nudge_par], v,
		    s->nudge_factor);
	else
		set_msg(crossed, "%s=%g%s   ([ lower, ] raise by %g)", s->m->par[s->nudge_par], v,
		    crossed ? ": it changed sign" : "", s->nudge_step);
}

/* Set the diagram's parameter to p: the portrait shows the system there. */
static void
diagram_set(double p)
{
	struct session *s = &ui->s;
	char line[256];

	snprintf(line, sizeof line, "set %s=%.10g", session_bif_name(s), p);
	exec_line(line);
	if (s->bif.mode == DIAGRAM_ONLY) {
		/* alone on the pane the diagram gives way to the portrait there */
		exec_line("diagram off");
		set_msg(0, "%s=%.6g: the portrait there (Esc d: the diagram again)",
		    session_bif_name(s), p);
	} else {
		set_msg(0, "%s=%.6g   (Esc < > move it along the diagram)", session_bif_name(s), p);
	}
}

/* 'd': the diagram beside the portrait, alone, or not shown. */
static void
diagram_cycle(void)
{
	struct session *s = &ui->s;

	if (s->m == NULL || !s->bif.on) {
		set_msg(1, "no diagram: 'bif PAR LO HI' first");
		return;
	}
	exec_line(s->bif.mode == DIAGRAM_OFF ? "diagram beside" : s->bif.mode == DIAGRAM_BESIDE ?
	    "diagram only" : "diagram off");
}

/* '<' and '>': the diagram's parameter a fiftieth of its range down or up. */
static void
diagram_step(int dir)
{
	struct session *s = &ui->s;
	double p, h;

	if (s->m == NULL || !s->bif.on) {
		set_msg(1, "no diagram: 'bif PAR LO HI' first");
		return;
	}
	p = s->bif.ppar >= 0 ? s->par[s->bif.ppar] : s->init[s->bif.pvar];
	h = (s->bif.hi - s->bif.lo) / 50;
	diagram_set(fmin(s->bif.hi, fmax(s->bif.lo, p + dir * h)));
}

/*
 * The v key: portrait, time series, both, and round again. Where the pane
 * holds one view only, both would show the portrait again: every press
 * then switches between the portrait and the time series.
 */
static void
next_view(void)
{
	static const char *const next[] = {"view time", "view both", "view portrait"};
	struct plot_rect a, b;

	if (plot_layout(VIEW_BOTH, ui->pane_w, ui->pane_h, &a, &b) == 3)
		exec_line(next[ui->s.kind]);
	else
		exec_line(ui->s.kind == VIEW_TIME ? "view portrait" : "view time");
	set_msg(0, "%s   (v: next view)", next[(ui->s.kind + 2) % 3]);
}

/* A key in pane focus (or a view key on an empty prompt). Returns 1 if used. */
static int
pane_key(int ch)
{
	switch (ch) {
	case KEY_LEFT: pan(-0.1, 0); return 1;
	case KEY_RIGHT: pan(0.1, 0); return 1;
	case KEY_UP: pan(0, 0.1); return 1;
	case KEY_DOWN: pan(0, -0.1); return 1;
	case '+': case '=': zoom(0.8); return 1;
	case '-': case '_': zoom(1.25); return 1;
	case '[': nudge(-1); return 1;
	case ']': nudge(1); return 1;
	case 'a': exec_line("window auto"); return 1;
	case 'd': diagram_cycle(); return 1;
	case '<': diagram_step(-1); return 1;
	case '>': diagram_step(1); return 1;
	case 'c': exec_line("clear"); return 1;
	case 'v': next_view(); return 1;
	case 'q': ui->quit = 1; return 1;
	default: return 0;
	}
}

static int
in_frame(const struct plot_frame *f, int col, int row)
{
	return col > f->left && col < f->right && row > f->top && row < f->bottom;
}

static void
mouse_event(void)
{
	MEVENT ev;
	int bx, by, col, row;
	struct plot_frame *f = &ui->layout.portrait, *df = &ui->layout.diagram;
	double x, y;
	char line[128];

	if (getmouse(&ev) != OK || ui->pane == NULL)
		return;
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	getbegyx(ui->pane, by, bx);
	col = ev.x - bx;
	row = ev.y - by;
	if (ui->layout.has_diagram && in_frame(df, col, row)) {
		const struct view *b = &ui->layout.diagram_box;
		diagram_set(b->xlo + (col - df->left - 0.5) / (df->right - df->left - 1) *
		    (b->xhi - b->xlo));
		return;
	}
	if (!ui->layout.has_portrait || col <= f->left || col >= f->right || row <= f->top ||
	    row >= f->bottom) {
		if (ui->s.kind != VIEW_PORTRAIT)
			set_msg(1, "a click in the time series starts nothing: click in the portrait, "
			    "or 'traj X Y' (on the portrait's axes)");
		return;
	}
	if (ui->drawn_map) {
		set_msg(1, "the pane shows a map: a click starts no trajectory ('traj' or 'run' "
		    "brings the portrait back)");
		return;
	}
	if (ui->drawn.xvar < 0 || ui->drawn.yvar < 0) {
		set_msg(1, "an axis shows time: a click cannot start a trajectory");
		return;
	}
	x = ui->drawn.xlo + (col - f->left - 0.5) / (f->right - f->left - 1) *
	    (ui->drawn.xhi - ui->drawn.xlo);
	y = ui->drawn.yhi - (row - f->top - 0.5) / (f->bottom - f->top - 1) *
	    (ui->drawn.yhi - ui->drawn.ylo);
	snprintf(line, sizeof line, "traj %.6g %.6g", x, y);
	exec_line(line);
	set_msg(0, "%s", line);
}

/* ---- readline glue ---- */

/* readline reads from this queue: keys arrive through ncurses, not stdin */
static int
ui_getc(FILE *f)
{
	int c;
	(void)f;

	/* readline is fed only with whole key sequences; should it ask for more,
	 * NUL (set-mark) is harmless where a newline would run a half-typed line */
	if (ui->qlen == 0)
		return 0;
	c = ui->q[0];
	memmove(ui->q, ui->q + 1, (size_t)--ui->qlen);
	return c;
}

static int
ui_input_available(void)
{
	return ui->qlen > 0;
}

static void
feed(const char *bytes, int n)
{
	int i;

	for (i = 0; i < n && ui->qlen < (int)sizeof ui->q; i++)
		ui->q[ui->qlen++] = (unsigned char)bytes[i];
	while (ui->qlen > 0 && !ui->quit)
		rl_callback_read_char();
}

/* Width of one character on the prompt line: controls show as ^X. */
static int
char_width(wchar_t wc)
{
	return wc < 32 ? 2 : wcwidth(wc) > 0 ? wcwidth(wc) : 0;
}

/* Display width of the first n bytes of a UTF-8 string (tabs: 1, controls: 2). */
static int
width_of(const char *s, size_t n)
{
	mbstate_t st;
	size_t i = 0;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (i < n && s[i]) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof st);
			w++;
			i++;
			continue;
		}
		if (k == 0)
			break;
		w += char_width(wc);
		i += k;
	}
	return w;
}

/*
 * Draw the prompt line; readline calls this after every change. While a
 * batch of keys is being fed (a paste) only the need is noted: the line is
 * drawn once the batch is done, and a draw is linear in the line's length
 * (one pass to the cursor, one pass that stops at the right edge).
 */
void
ui_redisplay(void)
{
	const char *prompt = rl_display_prompt ? rl_display_prompt : PROMPT;
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	size_t len, i = 0;
	int pw, cw, w, off = 0, col;
	mbstate_t st;

	if (ui->prompt == NULL)
		return;
	if (ui->feeding) {
		ui->dirty = 1;
		return;
	}
	len = (size_t)rl_end;
	pw = width_of(prompt, strlen(prompt));
	w = getmaxx(ui->prompt);
	cw = pw + width_of(line, (size_t)rl_point);
	/* scroll horizontally to keep the cursor in view */
	if (cw >= w - 1)
		off = cw - (w - 1) + 1;
	werase(ui->prompt);
	wmove(ui->prompt, 0, 0);
	if (off == 0)
		waddstr(ui->prompt, prompt);
	col = pw;
	memset(&st, 0, sizeof st);
	while (i < len && line[i] && col - off < w) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, line + i, len - i, &st);
		int cwid;
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wc = '?';
		}
		cwid = char_width(wc);
		if (col - off >= 0 && col - off + cwid < w) {
			if (wc < 32) {
				mvwaddch(ui->prompt, 0, col - off, '^');
				waddch(ui->prompt, (chtype)(wc + 64));
			} else {
				wmove(ui->prompt, 0, col - off);
				waddnstr(ui->prompt, line + i, (int)k);
			}
		}
		col += cwid;
		i += k;
	}
	wmove(ui->prompt, 0, cw - off < w ? cw - off : w - 1);
	wnoutrefresh(ui->prompt);
}

static char *
complete_gen(const char *text, int state)
{
	static size_t idx;
	return complete_next(ui->compl, text, state, &idx);
}

static char **
complete(const char *text, int start, int end)
{
	int files;
	char **res;
	(void)end;

	strv_free(ui->compl);
	ui->compl = complete_candidates(&ui->s, rl_line_buffer, start, &files);
	/* after 'set' a name is followed by its value */
	if (start > 0 && strncasecmp(rl_line_buffer + strspn(rl_line_buffer, " "), "set ", 4) == 0)
		rl_completion_append_character = '=';
	res = rl_completion_matches(text, complete_gen);
	rl_attempted_completion_over = res != NULL || !files;
	return res;
}

/* Matches are listed on the message line (or the scroll view), not over the screen. */
static void
show_matches(char **matches, int n, int maxlen)
{
	struct strbuf sb;
	int i;
	(void)maxlen;

	strbuf_init(&sb);
	for (i = 1; i <= n; i++)
		strbuf_printf(&sb, "%s%s", i > 1 ? "  " : "", matches[i]);
	if (ui->msg && (int)sb.len < getmaxx(ui->msg))
		set_msg(0, "%s", sb.s);
	else {
		for (i = 0; i < (int)sb.len; i++)
			if (sb.s[i] == ' ' && sb.s[i + 1] == ' ')
				sb.s[i] = '\n', sb.s[i + 1] = ' ';
		scroll_open(sb.s);
		set_msg(0, "%d matches", n);
	}
	strbuf_fini(&sb);
}

/* A key read by ncurses, translated to the bytes readline binds. */
static void
prompt_key(int ch)
{
	char seq[8];
	int n = 0;

	switch (ch) {
	case KEY_UP: memcpy(seq, "\033[A", 3); n = 3; break;
	case KEY_DOWN: memcpy(seq, "\033[B", 3); n = 3; break;
	case KEY_RIGHT: memcpy(seq, "\033[C", 3); n = 3; break;
	case KEY_LEFT: memcpy(seq, "\033[D", 3); n = 3; break;
	case KEY_HOME: memcpy(seq, "\033[H", 3); n = 3; break;
	case KEY_END: memcpy(seq, "\033[F", 3); n = 3; break;
	case KEY_DC: memcpy(seq, "\033[3~", 4); n = 4; break;
	case KEY_BACKSPACE: seq[0] = 127; n = 1; break;
	case KEY_ENTER: seq[0] = '\r'; n = 1; break;
	default:
		if (ch >= 0 && ch < 256) {
			seq[0] = (char)ch;
			n = 1;
		}
		break;
	}
	if (n > 0)
		feed(seq, n);
}

static int
line_empty(void)
{
	return rl_line_buffer == NULL || rl_line_buffer[0] == '\0';
}

static void
key(int ch)
{
	if (ch == KEY_MOUSE) {
		mouse_event();
		return;
	}
	if (ch == KEY_RESIZE)
		return;
	if (ui->lines) {
		/* The output view takes only keys that cannot begin a command: what is
		 * typed ahead (the next command, typed before the answer came) closes the
		 * view and goes on to the prompt; Esc and Enter on an empty prompt close it,
		 * and in lecture mode Enter goes on to the next step (whose output replaces
		 * this one) rather than asking for a second Enter. */
		int page = ui->pane_h > 4 ? ui->pane_h - 2 : 1;
		switch (ch) {
		case KEY_UP: ui->top--; break;
		case KEY_DOWN: ui->top++; break;
		case KEY_PPAGE: ui->top -= page; break;
		case KEY_NPAGE: ui->top += page; break;
		case ' ':
			if (!line_empty())
				goto close;
			ui->top += page;
			break;
		case 27: case '\r': case '\n': case KEY_ENTER:
			if (!line_empty())
				goto close;
			scroll_close();
			if (ch != 27 && ui->nsteps > 0)
				step_next();
			return;
		default:
		close:
			scroll_close();
			goto typed;
		}
		if (ui->top > ui->nlines - page)
			ui->top = ui->nlines - page;
		if (ui->top < 0)
			ui->top = 0;
		ui->dirty = 1;
		return;
	}
typed:
	if (ch == 12) {		/* Ctrl-L */
		clearok(curscr, TRUE);
		ui->dirty = 1;
		return;
	}
	if (ui->focus_pane) {
		if (pane_key(ch))
			return;
		ui->focus_pane = 0;
		ui->dirty = 1;
		if (ch == 27 || ch == '\t' || ch == '\r' || ch == '\n' || ch == KEY_ENTER)
			return;
	} else if (ch == 27) {
		/* a bare Esc (nothing follows at once) switches to the pane; Alt-x stays readline's */
		int next = wgetch(ui->prompt);
		if (next == ERR) {
			ui->focus_pane = 1;
			set_msg(0, "pane: arrows pan, + - zoom, a autoscale, c clear, v views, [ ] nudge, "
			    "click: trajectory, Esc: back");
			return;
		}
		prompt_key(27);
		prompt_key(next);
		return;
	} else if (line_empty()) {
		/* keys that cannot begin a command act on the view */
		if (ch == KEY_LEFT || ch == KEY_RIGHT || ch == '+' || ch == '-' || ch == '[' ||
		    ch == ']' || ch == '=') {
			pane_key(ch);
			return;
		}
		if (ui->nsteps > 0 && (ch == '\r' || ch == '\n' || ch == KEY_ENTER || ch == ' ')) {
			step_next();
			return;
		}
	}
	prompt_key(ch);
}

/* ---- drawing ---- */

static void
free_windows(void)
{
	if (ui->pane)
		delwin(ui->pane);
	if (ui->panel)
		delwin(ui->panel);
	if (ui->msg)
		delwin(ui->msg);
	if (ui->prompt)
		delwin(ui->prompt);
	ui->pane = ui->panel = ui->msg = ui->prompt = NULL;
}

static void
layout(void)
{
	free_windows();
	ui->cols = COLS;
	ui->rows = LINES;
	ui->too_small = ui->cols < MIN_COLS || ui->rows < MIN_ROWS;
	ui->wide = ui->cols >= 110;
	if (ui->too_small) {
		/* still a prompt on the last line, so Ctrl-D and typing work */
		ui->prompt = newwin(1, ui->cols > 0 ? ui->cols : 1, ui->rows - 1, 0);
	} else if (ui->wide) {
		ui->pane_w = ui->cols - PANEL_W;
		ui->pane_h = ui->rows - 2;
		ui->pane = newwin(ui->pane_h, ui->pane_w, 0, 0);
		ui->panel = newwin(ui->pane_h, PANEL_W, 0, ui->pane_w);
	} else {
		ui->pane_w = ui->cols;
		ui->pane_h = ui->rows - 3;
		ui->pane = newwin(ui->pane_h, ui->pane_w, 0, 0);
		ui->panel = newwin(1, ui->cols, ui->rows - 3, 0);
	}
	if (!ui->too_small) {
		ui->msg = newwin(1, ui->cols, ui->rows - 2, 0);
		ui->prompt = newwin(1, ui->cols, ui->rows - 1, 0);
	}
	keypad(ui->prompt, TRUE);
	nodelay(ui->prompt, TRUE);
	rl_set_screen_size(ui->rows, ui->cols);
	ui->dirty = 1;
}

static void
resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	layout();
	clearok(curscr, TRUE);
	submit_if_needed();
}

/* ---- start and stop ---- */

static int curses_on;

static void
restore_terminal(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
	term_restore();
}

/*
 * The steps of a lecture: a script read whole and bounded (readin), so that
 * neither /dev/zero nor a FIFO can hold the view; a NUL byte refuses it.
 */
static void
load_steps(const char *path)
{
	struct diag d;
	size_t len;
	char *text, *p, *next;
	int line, col;

	diag_clear(&d);
	if ((text = readin(path, &len, &d)) == NULL) {
		set_msg(1, "%s", d.msg);
		return;
	}
	if (readin_nul(text, len, &line, &col)) {
		set_msg(1, "%s:%d:%d: a NUL byte: a script is text (is it a binary file?); "
		    "no steps were read", path, line, col);
		free(text);
		return;
	}
	for (p = text; *p; p = next) {
		char *e = strchr(p, '\n');
		size_t n;

		next = e ? e + 1 : p + strlen(p);
		n = (size_t)(next - p);
		while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
			p[--n] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		ui->steps = xrealloc(ui->steps, (size_t)(ui->nsteps + 1) * sizeof *ui->steps);
		ui->steps[ui->nsteps++] = xstrdup(p);
	}
	free(text);
	set_msg(0, "lecture mode: %d steps from %s; Enter on an empty prompt runs the next",
	    ui->nsteps, path);
}

static void
handle_signal(int sig)
{
	switch (sig) {
	case SIGWINCH:
		resize();
		break;
	case SIGINT:
		/* stop the computation, not the program; drop a half-typed line */
		worker_cancel(ui->w);
		ui->s.map_want = 0;	/* a map stays as far as it came */
		if (ui->computing) {
			ui->computing = 0;
			ui->interrupted = 1;
		}
		rl_free_line_state();
		rl_callback_sigcleanup();
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		set_msg(0, "interrupted");
		/* the same inputs are not resubmitted until something changes */
		ui->dirty = 1;
		break;
	case SIGTERM:
	case SIGHUP:
		ui->quit = 1;
		ui->exit_signal = sig;
		break;
	default:
		break;
	}
}

int
ui_main(const struct front_opts *o)
{
	struct ui u;
	struct out out = {ui_print, ui_error, NULL, NULL};
	int fds[2], rc = 0;

	memset(&u, 0, sizeof u);
	ui = &u;
	strbuf_init(&u.out);
	strbuf_init(&u.err);
	u.sig_rd = term_init();
	term_set_busy(1);
	if (u.sig_rd < 0 || pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
		fprintf(stderr, "canard: cannot create pipes: %s\n", strerror(errno));
		return 2;
	}
	u.wake_rd = fds[0];
	u.wake_wr = fds[1];
	u.w = worker_new(u.wake_wr);
	session_init(&u.s, &out, o->mode);
	u.s.async = 1;
	u.s.sync_stop = sync_interrupted;

	if (initscr() == NULL) {
		fprintf(stderr, "canard: cannot start the terminal screen\n");
		return 2;
	}
	curses_on = 1;
	atexit(restore_terminal);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(1);
	u.color = o->color && has_colors();
	if (u.color) {
		/*
		 * Trajectories (10..15) take hues no branch has (blue attracting,
		 * red repelling, magenta saddle-type): with 256 colours those of the
		 * SVG picture, mid-dark so that they read on white and on black and
		 * through a projector; with 8, yellow, green and cyan (bold for the
		 * second round, see ui_draw.c) and the default foreground.
		 */
		static const short fg[16] = {-1, COLOR_BLUE, COLOR_RED, COLOR_GREEN, COLOR_MAGENTA,
		    COLOR_CYAN, COLOR_YELLOW, -1, COLOR_BLUE, COLOR_RED,
		    COLOR_YELLOW, COLOR_GREEN, COLOR_CYAN, COLOR_YELLOW, COLOR_GREEN, -1};
		static const short fg256[PLOT_TRAJ_COLORS] = {172, 161, 30, 94, 64, -1};
		short i;
		start_color();
		use_default_colors();
		u.colors256 = COLORS >= 256 && COLOR_PAIRS > 16;
		for (i = 1; i < 16; i++)
			init_pair(i, i >= PLOT_C_TRAJ && u.colors256 ? fg256[i - PLOT_C_TRAJ] : fg[i],
			    -1);
	}
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
	mouseinterval(0);

	/* readline: canard owns the terminal and the signals */
	rl_readline_name = "canard";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_getc_function = ui_getc;
	rl_input_available_hook = ui_input_available;
	rl_redisplay_function = ui_redisplay;
	rl_attempted_completion_function = complete;
	/* a file name with a space, ';' or '#' completes in double quotes, as
	 * the command line reads it (cmd.h) */
	rl_completer_quote_characters = "\"'";
	rl_filename_quote_characters = " \t;#'\"";
	rl_completion_display_matches_hook = show_matches;
	hist_open(&u.hist);
	stifle_history(1000);
	layout();
	rl_callback_handler_install(PROMPT, on_line);

	if (o->preset) {
		char *cmd = xasprintf("load %s; traj", o->preset);
		int noted = exec_line(cmd);
		free(cmd);
		if (!noted && (u.msgtext[0] == '\0' || !u.msg_error))
			set_msg(0, "type 'help' for commands; Esc for the pane keys; Ctrl-D leaves");
	}
	{
		const char *why = hist_message(&u.hist);
		if (why)
			set_msg(1, "%s", why);
	}
	if (o->step_file)
		load_steps(o->step_file);

	while (!u.quit) {
		fd_set rd;
		int maxfd = STDIN_FILENO, sig;

		if (u.dirty)
			ui_draw_all(ui);
		FD_ZERO(&rd);
		FD_SET(STDIN_FILENO, &rd);
		FD_SET(u.wake_rd, &rd);
		FD_SET(u.sig_rd, &rd);
		if (u.wake_rd > maxfd)
			maxfd = u.wake_rd;
		if (u.sig_rd > maxfd)
			maxfd = u.sig_rd;
		term_set_busy(0);
		if (select(maxfd + 1, &rd, NULL, NULL, NULL) < 0) {
			term_set_busy(1);
			if (errno == EINTR)
				continue;
			break;
		}
		term_set_busy(1);
		while ((sig = term_next_signal()) != 0)
			handle_signal(sig);
		if (FD_ISSET(u.wake_rd, &rd)) {
			char buf[64];
			while (read(u.wake_rd, buf, sizeof buf) > 0)
				;
			take_results();
		}
		if (FD_ISSET(STDIN_FILENO, &rd)) {
			int ch;
			/* every key waiting is taken before the screen is drawn again */
			u.feeding = 1;
			while (!u.quit && (ch = wgetch(u.prompt)) != ERR)
				key(ch);
			u.feeding = 0;
			ui->dirty = 1;
		}
	}

	rl_callback_handler_remove();
	hist_close(&u.hist);
	worker_free(u.w);
	free_windows();
	restore_terminal();
	scroll_close();
	strv_free(u.compl);
	for (rc = 0; rc < u.nsteps; rc++)
		free(u.steps[rc]);
	free(u.steps);
	session_fini(&u.s);
	strbuf_fini(&u.out);
	strbuf_fini(&u.err);
	close(u.wake_rd);
	close(u.wake_wr);
	return u.exit_signal ? 128 + u.exit_signal : 0;
}
