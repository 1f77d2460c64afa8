/* ui_draw: the interactive view on the screen: pane, panel, scroll view, message line. */
#include "ui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oom.h"
#include "plot_map.h"

static void draw_all(struct ui *ui);

static attr_t
color_attr(const struct ui *ui, int c, short *pair)
{
	*pair = 0;
	if (!ui->color || c == 0)
		return A_NORMAL;
	*pair = (short)c;
	if (c == PLOT_C_FRAME)
		return A_DIM;
	if (c == PLOT_C_ATTRACT || c == PLOT_C_REPEL)
		return A_BOLD;
	/* with 8 colours the second round of trajectory colours is bold */
	if (c >= PLOT_C_TRAJ + 3 && !ui->colors256)
		return A_BOLD;
	return A_NORMAL;
}

static void
draw_pane(struct ui *ui)
{
	struct session *s = &ui->s;
	struct canvas *c;
	struct scene sc;
	int r, k;
	char buf[8];

	werase(ui->pane);
	if (s->m == NULL) {
		mvwaddstr(ui->pane, 1, 2, "no model: 'load NAME' (TAB lists the presets)");
		wnoutrefresh(ui->pane);
		return;
	}
	c = canvas_new(ui->pane_w, ui->pane_h, s->mode);
	/* the analysis shown is the last one that arrived, whatever its view */
	session_scene(s, &sc);
	/* a fate map (as far as its cells have come) or an orbit diagram shows in
	 * place of the portrait */
	ui->drawn_map = s->show_map && s->res.map != NULL;
	if (!session_draw_picture(s, c)) {
		plot_scene(c, &sc, &ui->layout);
		ui->frame = ui->layout.portrait;
		ui->drawn = sc.v;
	}
	for (r = 0; r < c->rows; r++) {
		wmove(ui->pane, r, 0);
		for (k = 0; k < c->cols; k++) {
			short pair;
			attr_t a = color_attr(ui, c->cells[(size_t)r * (size_t)c->cols + (size_t)k].color,
			    &pair);
			wattr_set(ui->pane, a, pair, NULL);
			canvas_cell_utf8(c, k, r, buf);
			waddstr(ui->pane, buf);
		}
	}
	wattr_set(ui->pane, A_NORMAL, 0, NULL);
	canvas_free(c);
	wnoutrefresh(ui->pane);
}

static void
panel_line(struct ui *ui, int *row, attr_t a, const char *fmt, ...) PRINTFLIKE(4, 5);

static void
panel_line(struct ui *ui, int *row, attr_t a, const char *fmt, ...)
{
	struct strbuf safe;
	va_list ap;
	int h = getmaxy(ui->panel), w = getmaxx(ui->panel);

	if (*row >= h)
		return;
	strbuf_init(&safe);
	va_start(ap, fmt);
	/* names and titles come from model files: the panel shows them as text */
	strbuf_vprintf_safe(&safe, fmt, ap);
	va_end(ap);
	wattr_set(ui->panel, a, 0, NULL);
	mvwaddnstr(ui->panel, *row, 1, safe.s, w - 2);
	strbuf_fini(&safe);
	wattr_set(ui->panel, A_NORMAL, 0, NULL);
	(*row)++;
}

static const char *
eq_mark(const struct ui *ui, enum eq_type t)
{
	switch (t) {
	case EQ_STABLE_NODE: case EQ_STABLE_FOCUS: return ui->s.mode == CANVAS_BRAILLE ?
	    "\xe2\x97\x8f" : "*";
	case EQ_SADDLE: return ui->s.mode == CANVAS_BRAILLE ? "\xc3\x97" : "X";
	case EQ_CENTRE: return ui->s.mode == CANVAS_BRAILLE ? "\xe2\x97\x8e" : "@";
	case EQ_DEGENERATE: return "?";
	default: return ui->s.mode == CANVAS_BRAILLE ? "\xe2\x97\x8b" : "O";
	}
}

static void
status_text(const struct ui *ui, char *buf, size_t n)
{
	const struct results_map *mp = ui->s.res.map;

	if (ui->computing && ui->sub_map != 0 && mp != NULL && mp->id == ui->sub_map)
		snprintf(buf, n, "map %zu/%zu cells", mp->ndone, (size_t)mp->n1 * (size_t)mp->n2);
	else if (ui->computing && ui->s.bif.on && !ui->s.res.bif_done && ui->arrived == 0)
		snprintf(buf, n, "computing the diagram");
	else if (ui->computing)
		snprintf(buf, n, "computing %zu/%zu", ui->arrived, ui->s.nseed);
	else if (ui->interrupted)
		snprintf(buf, n, "interrupted");
	else
		snprintf(buf, n, "done in %.0f ms", ui->seconds * 1e3);
}

/* Text wrapped at spaces to the panel's width, at most maxl lines. */
static void
wrap_lines(struct ui *ui, int *row, const char *text, int maxl)
{
	int w = getmaxx(ui->panel) - 2, l = 0;
	char *safe = text_safe(text);	/* wrapped as it will be shown */
	const char *t = safe;

	while (*t && l++ < maxl) {
		int n = (int)strlen(t);
		if (n > w) {
			n = w;
			while (n > w / 2 && t[n] != ' ')
				n--;
			if (t[n] != ' ')
				n = w;
			/* never inside a character */
			while (n > 1 && ((unsigned char)t[n] & 0xc0) == 0x80)
				n--;
		}
		panel_line(ui, row, A_NORMAL, "%.*s", n, t);
		t += n;
		while (*t == ' ')
			t++;
	}
	free(safe);
}

/*
 * One line a trajectory: a sample of its line in its colour, its number,
 * where it starts (the portrait's axes) and its fate, as far as rows allow
 * (keeping `keep` rows free below).
 */
static void
traj_lines(struct ui *ui, int *row, int keep)
{
	struct session *s = &ui->s;
	const struct model *m = s->m;
	int h = getmaxy(ui->panel), xv = s->view.xvar, yv = s->view.yvar;
	size_t i;

	if (s->nseed == 0 || *row + 2 + keep > h)
		return;
	(*row)++;
	panel_line(ui, row, A_BOLD, "trajectories");
	for (i = 0; i < s->nseed && *row + keep < h; i++) {
		const double *y0 = s->seeds + i * (size_t)m->nvar;
		const char *fate = "";
		short pair;
		attr_t a;
		char start[64];
		if (*row + keep + 1 == h && i + 1 < s->nseed) {
			panel_line(ui, row, A_NORMAL, "  ... %zu more", s->nseed - i);
			break;
		}
		if (!ui->computing && !s->res.stale && i < s->res.ntraj)
			fate = results_fate_label(&s->res, m, s->par, i);
		results_start_text(y0, xv, yv, start, sizeof start);
		a = color_attr(ui, plot_traj_color(i), &pair);
		wattr_set(ui->panel, a, pair, NULL);
		mvwaddstr(ui->panel, *row, 1, s->mode == CANVAS_BRAILLE ?
		    "\xe2\xa0\x92\xe2\xa0\x92" : "--");
		wattr_set(ui->panel, A_NORMAL, 0, NULL);
		mvwprintw(ui->panel, *row, 4, "%-3zu%.*s", i + 1, getmaxx(ui->panel) - 8, "");
		mvwaddnstr(ui->panel, *row, 7, start, getmaxx(ui->panel) - 8);
		if (*fate) {
			/* a backward trajectory ends where it came from */
			int col = 7 + (int)strlen(start) + 1,
			    back = job_seed_dir(s->seed_dir, i, s->set.dir) < 0;
			if (col + 2 + (int)strlen(fate) < getmaxx(ui->panel))
				mvwprintw(ui->panel, *row, col, "%s %s", s->mode == CANVAS_BRAILLE ?
				    (back ? "\xe2\x86\x90" : "\xe2\x86\x92") : back ? "<" : ">", fate);
		}
		(*row)++;
	}
}

static void
draw_panel(struct ui *ui)
{
	struct session *s = &ui->s;
	const struct model *m = s->m;
	int row = 0, i, k;
	char st[64];

	werase(ui->panel);
	status_text(ui, st, sizeof st);
	if (!ui->wide) {
		/* one line under the pane; what is cut at its end matters least: the
		 * lecture's step and the pane's focus come first */
		struct strbuf sb;
		strbuf_init(&sb);
		if (ui->banner[0])
			strbuf_printf(&sb, " %s |", ui->banner);
		if (ui->focus_pane)
			strbuf_add(&sb, " PANE |");
		if (m) {
			strbuf_printf(&sb, " %s |", m->name);
			for (i = 0; i < m->npar && i < 6; i++)
				if (!m->par_hidden[i])
					strbuf_printf(&sb, " %s=%g", m->par[i], s->par[i]);
			strbuf_printf(&sb, " | %d eq | %s", s->res.an ? s->res.an->neq : 0, st);
		}
		panel_line(ui, &row, A_REVERSE, "%-*s", getmaxx(ui->panel), sb.s + (sb.s[0] == ' '));
		strbuf_fini(&sb);
		wnoutrefresh(ui->panel);
		return;
	}
	panel_line(ui, &row, A_BOLD, "canard  %s", m ? m->name : "");
	if (m) {
		wrap_lines(ui, &row, m->title, 2);
		row++;
		panel_line(ui, &row, A_BOLD, "parameters");
		for (i = 0; i < m->npar; i++) {
			if (m->par_hidden[i])
				continue;
			panel_line(ui, &row, i == s->nudge_par ? A_UNDERLINE : A_NORMAL, "  %-10s %-12g%s",
			    m->par[i], s->par[i], i == s->nudge_par ? " [ ]" : "");
		}
		if (m->nfast > 0) {
			struct strbuf sb;
			strbuf_init(&sb);
			for (k = 0; k < m->nfast; k++)
				strbuf_printf(&sb, "%s%s", k ? "," : "", m->var[m->fast[k]]);
			strbuf_add(&sb, " fast, ");
			for (k = 0; k < m->nslow; k++)
				strbuf_printf(&sb, "%s%s", k ? "," : "", m->var[m->slow[k]]);
			strbuf_add(&sb, " slow");
			panel_line(ui, &row, A_NORMAL, "  %s", sb.s);
			strbuf_fini(&sb);
		}
		row++;
		panel_line(ui, &row, A_BOLD, "equilibria");
		if (s->res.an == NULL || s->res.an->neq == 0)
			panel_line(ui, &row, A_NORMAL, "  %s", s->res.an ? "none in view" : "...");
		for (i = 0; s->res.an && i < s->res.an->neq && i < 4; i++) {
			struct strbuf sb;
			strbuf_init(&sb);
			/* the type, then the coordinates in variable order */
			panel_line(ui, &row, A_NORMAL, "  %s %s", eq_mark(ui, s->res.an->eq[i].type),
			    eq_type_name(s->res.an->eq[i].type));
			for (k = 0; k < m->nvar && k < 4; k++)
				strbuf_printf(&sb, " %s=%.4g", m->var[k], s->res.an->eq[i].x[k]);
			panel_line(ui, &row, A_NORMAL, "   %s", sb.s);
			strbuf_fini(&sb);
		}
		row++;
		panel_line(ui, &row, A_BOLD, "status");
		panel_line(ui, &row, ui->computing ? A_BOLD : A_NORMAL, "  %s", st);
		if (ui->banner[0])
			panel_line(ui, &row, A_REVERSE, "%s", ui->banner);
		panel_line(ui, &row, A_NORMAL, "  %zu trajector%s, method %s", s->nseed,
		    s->nseed == 1 ? "y" : "ies", method_name(s->set.method));
		if (s->res.ntraj > 0 && s->res.trajs[0].n > 0 && s->set.method == METHOD_AUTO)
			panel_line(ui, &row, A_NORMAL, "  (ran %s)",
			    method_name(s->res.trajs[0].method));
		panel_line(ui, &row, A_NORMAL, "  %s %.3g..%.3g  %s %.3g..%.3g",
		    plot_axis_name(m, ui->drawn.xvar), ui->drawn.xlo, ui->drawn.xhi,
		    plot_axis_name(m, ui->drawn.yvar), ui->drawn.ylo, ui->drawn.yhi);
	}
	if (m) {
		traj_lines(ui, &row, ui->nsteps > 0 ? 8 : 7);
		if (m->note && *m->note && row + 4 + (ui->nsteps > 0 ? 7 : 6) <= getmaxy(ui->panel)) {
			row++;
			panel_line(ui, &row, A_BOLD, "note");
			wrap_lines(ui, &row, m->note, getmaxy(ui->panel) - row -
			    (ui->nsteps > 0 ? 7 : 6));
		}
	}
	row++;
	panel_line(ui, &row, A_BOLD, "keys%s", ui->focus_pane ? "  (pane)" : "");
	panel_line(ui, &row, A_NORMAL, "  Esc pane  TAB complete");
	if (s->kind != VIEW_TIME || ui->layout.has_portrait || ui->drawn_map) {
		panel_line(ui, &row, A_NORMAL, "  arrows pan  + - zoom");
		panel_line(ui, &row, A_NORMAL, "  [ ] nudge  click: traj");
	} else {
		/* the time series alone: fitted to its data, and a click starts nothing */
		panel_line(ui, &row, A_NORMAL, "  v views");
		panel_line(ui, &row, A_NORMAL, "  [ ] nudge");
	}
	panel_line(ui, &row, A_NORMAL, "  Ctrl-C stop  q quit");
	if (s->m && s->bif.on)
		panel_line(ui, &row, A_NORMAL, "  diagram: click or < > sets %s, d shows", session_bif_name(s));
	if (ui->nsteps > 0)
		panel_line(ui, &row, A_NORMAL, "  Enter: step %d/%d", ui->step_next, ui->nsteps);
	wnoutrefresh(ui->panel);
}

static void
draw_scroll(struct ui *ui)
{
	int r, h = ui->pane_h, w = ui->pane_w;

	werase(ui->pane);
	wattr_set(ui->pane, A_REVERSE, 0, NULL);
	mvwprintw(ui->pane, 0, 0, "%-*.*s", w, w,
	    " output: arrows and PgUp/PgDn scroll, Esc closes, typing goes on");
	wattr_set(ui->pane, A_NORMAL, 0, NULL);
	for (r = 1; r < h && ui->top + r - 1 < ui->nlines; r++)
		mvwaddnstr(ui->pane, r, 0, ui->lines[ui->top + r - 1], w);
	wnoutrefresh(ui->pane);
}

/*
 * Drawing allocates (canvas, text): when memory runs out there, the view
 * keeps what it showed, the message line says so without allocating, and the
 * session goes on (without this recovery point canard would exit with 2).
 * The test hook CANARD_TEST_OOM_DRAW=K fails the first allocation of the
 * K-th drawing (tests/tmux/ui_oom.sh).
 */
void
ui_draw_all(struct ui *ui)
{
	static long draws, fail_at = -1;
	struct oom_point op;

	if (fail_at < 0) {
		const char *k = getenv("CANARD_TEST_OOM_DRAW");
		fail_at = k ? atol(k) : 0;
	}
	if (++draws == fail_at)
		oom_inject(1);
	if (OOM_TRY(&op)) {
		oom_inject(0);
		snprintf(ui->msgtext, sizeof ui->msgtext, "out of memory drawing the view; the "
		    "session goes on ('clear' frees the trajectories, 'set maxmem' bounds them)");
		ui->msg_error = 1;
		werase(ui->msg);
		mvwaddnstr(ui->msg, 0, 0, ui->msgtext, ui->cols - 1);
		wnoutrefresh(ui->msg);
		doupdate();
		ui->dirty = 0;
		return;
	}
	draw_all(ui);
	oom_pop(&op);
}

static void
draw_all(struct ui *ui)
{
	if (ui->too_small) {
		erase();
		mvprintw(0, 0, "terminal too small for canard: %dx%d, need %dx%d", ui->cols,
		    ui->rows, MIN_COLS, MIN_ROWS);
		wnoutrefresh(stdscr);
		doupdate();
		ui->dirty = 0;
		return;
	}
	if (ui->lines)
		draw_scroll(ui);
	else
		draw_pane(ui);
	draw_panel(ui);
	werase(ui->msg);
	if (ui->msg_error && ui->color)
		wattr_set(ui->msg, A_BOLD, 2, NULL);
	else if (ui->msg_error)
		wattr_set(ui->msg, A_BOLD, 0, NULL);
	mvwaddnstr(ui->msg, 0, 0, ui->msgtext, ui->cols - 1);
	wattr_set(ui->msg, A_NORMAL, 0, NULL);
	wnoutrefresh(ui->msg);
	ui_redisplay();
	doupdate();
	ui->dirty = 0;
}

/* ---- layout ---- */
