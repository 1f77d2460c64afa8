/* plot: the portrait as canvas cells. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLOR_FRAME PLOT_C_FRAME
#define COLOR_ATTRACT PLOT_C_ATTRACT
#define COLOR_REPEL PLOT_C_REPEL
#define COLOR_NCL_X PLOT_C_NCL_X
#define COLOR_NCL_Y PLOT_C_NCL_Y
#define COLOR_FIELD PLOT_C_FRAME

int
plot_traj_color(size_t i)
{
	return PLOT_C_TRAJ + (int)(i % PLOT_TRAJ_COLORS);
}

const char *
plot_axis_name(const struct model *m, int var)
{
	return model_axis_name(m, var);
}

double
plot_nice_step(double range, int target)
{
	double raw, p, f;

	if (!(range > 0) || target < 1)
		return 1;
	raw = range / target;
	p = pow(10, floor(log10(raw)));
	f = raw / p;
	if (f < 1.5)
		f = 1;
	else if (f < 3.5)
		f = 2;
	else if (f < 7.5)
		f = 5;
	else
		f = 10;
	return f * p;
}

static int
display_width(const char *s)
{
	int w = 0;
	uint32_t cp;

	while (*s) {
		s += utf8_decode(s, &cp);
		w++;
	}
	return w;
}

static void
tick_label(char *buf, size_t n, double v, double step)
{
	if (fabs(v) < step * 1e-9)
		v = 0;
	snprintf(buf, n, "%.6g", v);
}

/* Ticks k*step inside [lo, hi]; returns the count (at most max). */
static int
ticks(double lo, double hi, int target, double *out, int max, double *stepp)
{
	double step = plot_nice_step(hi - lo, target), v;
	int n = 0;

	*stepp = step;
	for (v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max; v += step)
		out[n++] = v;
	return n;
}

static uint32_t
arrow_glyph(double px, double py, enum canvas_mode mode)
{
	/* px right, py up, in square units */
	double a = atan2(py, px) * 180 / M_PI;
	int k;

	if (a < 0)
		a += 360;
	if (mode == CANVAS_ASCII) {
		static const char asc[4] = {'>', '^', '<', 'v'};
		k = (int)floor((a + 45) / 90) % 4;
		return (uint32_t)asc[k];
	} else {
		static const uint32_t uni[8] = {
			0x2192, 0x2197, 0x2191, 0x2196, 0x2190, 0x2199, 0x2193, 0x2198
		};
		k = (int)floor((a + 22.5) / 45) % 8;
		return uni[k];
	}
}

static int
has_glyph(const struct canvas *c, int col, int row)
{
	if (col < 0 || row < 0 || col >= c->cols || row >= c->rows)
		return 0;
	return c->cells[(size_t)row * (size_t)c->cols + (size_t)col].glyph != 0;
}

struct mapping {
	double x0, y0, sx, sy;	/* sub-cell = x0 + (x - xlo) * sx */
	double xlo, yhi;
	int sw, sh;
};

static void
map_point(const struct mapping *mp, double x, double y, double *px, double *py)
{
	*px = mp->x0 + (x - mp->xlo) * mp->sx;
	*py = mp->y0 + (mp->yhi - y) * mp->sy;
}

/*
 * The length of (a, b), for spacing arrowheads: sqrt(a*a + b*b) where the
 * squares neither overflow nor vanish, which is within a few units in the
 * last place of hypot at a fraction of its cost (a redraw of 800,000 points
 * spent a fifth of its time in hypot).
 */
static double
arc(double a, double b)
{
	double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);	/* fmax of finite values, inline */

	if (m < 1e150 && m > 1e-150)
		return sqrt(a * a + b * b);
	return hypot(a, b);
}

/* A segment that goes round the circle of a folded variable, in its pieces (job_fold_pieces). */
static void
draw_wrapped(struct canvas *c, const struct mapping *mp, const struct model *m,
    const struct view *v, const double a[2], const double b[2], int color)
{
	double piece[4 * 16], x0, y0, x1, y1;
	int n = job_fold_pieces(m, v->xvar, v->yvar, a, b, piece, 16), i;

	for (i = 0; i < n; i++) {
		map_point(mp, piece[4 * i], piece[4 * i + 1], &x0, &y0);
		map_point(mp, piece[4 * i + 2], piece[4 * i + 3], &x1, &y1);
		canvas_line(c, x0, y0, x1, y1, color);
	}
}

/*
 * The cell of sub-cell point (px, py) in *col, *row when it is inside the
 * frame: compared as doubles first, since a point far off a zoomed window
 * (or not finite) has a cell no int holds.
 */
static int
frame_cell(const struct mapping *mp, const struct plot_frame *f, double px, double py,
    int *col, int *row)
{
	double cx = floor(px / mp->sw), cy = floor(py / mp->sh);

	if (!(cx > f->left && cx < f->right && cy > f->top && cy < f->bottom))
		return 0;
	*col = (int)cx;
	*row = (int)cy;
	return 1;
}

static void
draw_traj(struct canvas *c, const struct mapping *mp, const struct model *m,
    const struct traj *tr, const struct view *v, const struct plot_frame *f, int color,
    double arrow_every, int marks)
{
	double px0 = 0, py0 = 0, fx0 = 0, fy0 = 0, along = 0, lx0 = 0, ly0 = 0, u0[2] = {0, 0};
	/* dots to cells: 1/2, 1/4 or 1, exact, so a product is the quotient */
	double per_col = 1.0 / mp->sw, per_row = 1.0 / mp->sh, next_arrow = arrow_every * 0.5;
	double placed = 0;	/* arrows due so far (a count beyond an int's when zoomed far in) */
	size_t k;
	int jumps = tr->nevents > 0, folds = m->fold != NULL;
	/* the coordinates read in place (job_coord, without a call a point) */
	const double *xs = v->xvar < 0 ? tr->t : tr->y + v->xvar;
	const double *ys = v->yvar < 0 ? tr->t : tr->y + v->yvar;
	size_t xstep = v->xvar < 0 ? 1 : (size_t)tr->dim, ystep = v->yvar < 0 ? 1 : (size_t)tr->dim;
	/* later laps of a cycle repeat its segments: each is drawn once */
	struct canvas_segset seen;

	canvas_segset_init(&seen, tr->n);
	for (k = 0; k < tr->n; k++) {
		double px, py, fx, fy, lx = 0, ly = 0, u[2];
		int wrap;
		u[0] = xs[k * xstep];
		u[1] = ys[k * ystep];
		if (folds)
			map_point(mp, job_fold(m, v->xvar, u[0], &lx), job_fold(m, v->yvar, u[1], &ly),
			    &px, &py);
		else
			map_point(mp, u[0], u[1], &px, &py);
		fx = floor(px);		/* the point's dot */
		fy = floor(py);
		wrap = k > 0 && (lx != lx0 || ly != ly0);
		if (wrap && !traj_is_jump(tr, k)) {
			/* round the circle (a folded variable): cut at the edge, go on from the other */
			draw_wrapped(c, mp, m, v, u0, u, color);
			px0 = px;
			py0 = py;
			fx0 = fx;
			fy0 = fy;
			lx0 = lx;
			ly0 = ly;
			u0[0] = u[0];
			u0[1] = u[1];
			continue;
		}
		/*
		 * In ASCII a segment's glyph is its slope: join short steps into chords
		 * of about a cell, or slow stretches would show as dots.
		 */
		if (k > 0 && k + 1 < tr->n && c->mode == CANVAS_ASCII &&
		    !(jumps && (traj_is_jump(tr, k) || traj_is_jump(tr, k + 1))) &&
		    hypot(px - px0, 2 * (py - py0)) < 1.0)
			continue;
		/*
		 * Decimation: a point in the dot of the last one drawn adds nothing
		 * but time (800,000 points on a 200x60 pane are mostly such).
		 */
		if (k > 0 && k + 1 < tr->n && c->mode == CANVAS_BRAILLE &&
		    fx == fx0 && fy == fy0 &&
		    !(jumps && (traj_is_jump(tr, k) || traj_is_jump(tr, k + 1))))
			continue;
		/* a reset ('global') is a jump: the pen lifts, no line across it */
		if (k > 0 && !(jumps && traj_is_jump(tr, k))) {
			double dx = (px - px0) * per_col, dy = (py - py0) * per_row;
			if (c->mode != CANVAS_BRAILLE ||
			    !canvas_segset_seen(&seen, fx0, fy0, fx, fy))
				canvas_line(c, px0, py0, px, py, color);
			if (isfinite(dx) && isfinite(dy))
				along += arc(dx, 2 * dy);
			if (marks && along >= next_arrow && (dx != 0 || dy != 0)) {
				int col, row;
				/* later laps of a cycle would pile arrows up: one per neighbourhood */
				if (frame_cell(mp, f, px, py, &col, &row) &&
				    !has_glyph(c, col - 1, row) && !has_glyph(c, col, row) &&
				    !has_glyph(c, col + 1, row)) {
					canvas_put(c, col, row, arrow_glyph(dx, -2 * dy, c->mode), color);
				}
				placed++;
				if (along >= arrow_every * (placed + 1.5))
					placed = floor(along / arrow_every);
				next_arrow = arrow_every * (placed + 0.5);
			}
		}
		px0 = px;
		py0 = py;
		fx0 = fx;
		fy0 = fy;
		lx0 = lx;
		ly0 = ly;
		u0[0] = u[0];
		u0[1] = u[1];
	}
	if (marks && tr->n > 0) {
		double px, py, lx, ly;
		int col, row;
		map_point(mp, job_coord_drawn(m, tr, 0, v->xvar, &lx),
		    job_coord_drawn(m, tr, 0, v->yvar, &ly), &px, &py);
		if (frame_cell(mp, f, px, py, &col, &row))
			canvas_put(c, col, row, 'o', color);
	}
}

/* A map's iterates: dots, not joined (a line between iterates means nothing). */
static void
draw_iterates(struct canvas *c, const struct mapping *mp, const struct model *m,
    const struct traj *tr, const struct view *v, int color)
{
	size_t k;

	for (k = 0; k < tr->n; k++) {
		double px, py, lx, ly;
		map_point(mp, job_coord_drawn(m, tr, k, v->xvar, &lx),
		    job_coord_drawn(m, tr, k, v->yvar, &ly), &px, &py);
		if (isfinite(px) && isfinite(py) && fabs(px) < 1e9 && fabs(py) < 1e9)
			canvas_dot(c, (int)floor(px), (int)floor(py), color);
	}
}

/* What the legend shows: set by the layers that drew something. */
struct legend {
	int traj, attract, repel, saddle, ncl_x, ncl_y, fibres, field;
	int fold, canard, branch, stable, unstable, saddle_eq, centre, degenerate;
};

/* Coordinate of a curve point on an axis (-1 = t, which curves do not have). */
static double
curve_coord(const struct curve *cv, size_t k, int var)
{
	return var < 0 ? NAN : cv->pt[k * (size_t)cv->dim + (size_t)var];
}

static void
draw_curve(struct canvas *c, const struct mapping *mp, const struct view *v,
    const struct curve *cv, size_t from, size_t to, int color, enum line_style style,
    char glyph, double *phase)
{
	size_t k;
	double px0, py0, px, py;

	map_point(mp, curve_coord(cv, from, v->xvar), curve_coord(cv, from, v->yvar), &px0, &py0);
	for (k = from + 1; k <= to && k < cv->n; k++) {
		map_point(mp, curve_coord(cv, k, v->xvar), curve_coord(cv, k, v->yvar), &px, &py);
		canvas_line_ex(c, px0, py0, px, py, color, style, glyph, phase);
		px0 = px;
		py0 = py;
	}
}

static void
draw_nullclines(struct canvas *c, const struct mapping *mp, const struct scene *in,
    struct legend *lg)
{
	const struct analysis *an = in->r->an;
	int i;

	for (i = 0; i < an->nncl; i++) {
		const struct curve *cv = &an->ncl[i];
		double phase = 0;
		int isx = cv->var == in->v.xvar;
		if (!scene_nullcline_drawn(in, cv))
			continue;
		/*
		 * told apart without colour too, from each other and from the
		 * branches: x'=0 sparse dots '.', y'=0 dash-dot '+'
		 */
		draw_curve(c, mp, &in->v, cv, 0, cv->n, isx ? COLOR_NCL_X : COLOR_NCL_Y,
		    isx ? LINE_SPARSE : LINE_DASHDOT, isx ? '.' : '+', &phase);
		if (isx)
			lg->ncl_x = 1;
		else
			lg->ncl_y = 1;
	}
}

static void
draw_manifold(struct canvas *c, const struct mapping *mp, const struct scene *in,
    struct legend *lg)
{
	const struct analysis *an = in->r->an;
	int b;

	for (b = 0; b < an->nbranch; b++) {
		const struct curve *cv = &an->branch[b];
		size_t k = 0;
		double phase = 0;
		/* runs of equal stability, each in its own style */
		while (k + 1 < cv->n) {
			size_t e = k;
			int st = cv->stab[k];
			while (e + 1 < cv->n && cv->stab[e + 1] == st)
				e++;
			if (e == k)
				e = k + 1;
			switch (st) {
			case STAB_ATTRACTING:
				draw_curve(c, mp, &in->v, cv, k, e, COLOR_ATTRACT, LINE_SOLID, '#', &phase);
				lg->attract = 1;
				break;
			case STAB_REPELLING:
				draw_curve(c, mp, &in->v, cv, k, e, COLOR_REPEL, LINE_DASHED, ':', &phase);
				lg->repel = 1;
				break;
			default:
				draw_curve(c, mp, &in->v, cv, k, e, PLOT_C_SADDLE, LINE_DOTTED, '%',
				    &phase);
				lg->saddle = 1;
				break;
			}
			k = e;
		}
	}
}

static int
interior(const struct plot_frame *f, int col, int row)
{
	return col > f->left && col < f->right && row > f->top && row < f->bottom;
}

/* Single arrowheads along the branches in the direction of the slow flow. */
static void
draw_slow_arrows(struct canvas *c, const struct mapping *mp, const struct scene *in,
    const struct plot_frame *f)
{
	const struct analysis *an = in->r->an;
	double every = fmax(6.0, (f->right - f->left + 2 * (f->bottom - f->top)) / 8.0);
	int b;

	for (b = 0; b < an->nbranch; b++) {
		const struct curve *cv = &an->branch[b];
		double along = 0, px0, py0;
		size_t k;

		map_point(mp, curve_coord(cv, 0, in->v.xvar), curve_coord(cv, 0, in->v.yvar), &px0,
		    &py0);
		for (k = 1; k < cv->n; k++) {
			double px, py, dx, dy;
			int col, row;
			map_point(mp, curve_coord(cv, k, in->v.xvar), curve_coord(cv, k, in->v.yvar),
			    &px, &py);
			dx = (px - px0) / mp->sw;
			dy = (py - py0) / mp->sh;
			px0 = px;
			py0 = py;
			if (!isfinite(dx) || !isfinite(dy))
				continue;
			along += hypot(dx, 2 * dy);
			if (along < every || cv->dir[k] == 0 || hypot(dx, dy) == 0)
				continue;
			col = (int)floor(px / mp->sw);
			row = (int)floor(py / mp->sh);
			if (!interior(f, col, row))
				continue;
			canvas_put(c, col, row, arrow_glyph(cv->dir[k] * dx, -2 * cv->dir[k] * dy,
			    c->mode), cv->stab[k] == STAB_ATTRACTING ? COLOR_ATTRACT : COLOR_REPEL);
			along = 0;
		}
	}
}

/* Double arrowheads on the fast fibres: the sign of f, towards attracting branches. */
static void
draw_fast_fibres(struct canvas *c, const struct scene *in,
    const struct plot_frame *f, struct legend *lg)
{
	const struct model *m = in->m;
	const struct view *v = &in->v;
	int fx, n = m->nvar, col, row, horiz;
	double *z, *rhs;

	if (m->nfast != 1 || m->nslow != 1)
		return;
	fx = m->fast[0];
	if (!((v->xvar == fx && v->yvar == m->slow[0]) || (v->yvar == fx && v->xvar == m->slow[0])))
		return;
	horiz = v->xvar == fx;
	z = xmalloc((size_t)n * sizeof *z);
	rhs = xmalloc((size_t)n * sizeof *rhs);
	memcpy(z, in->base, (size_t)n * sizeof *z);
	for (row = f->top + 2; row < f->bottom - 1; row += 4) {
		for (col = f->left + 4; col < f->right - 2; col += 12) {
			double x = v->xlo + (col - f->left - 0.5) / (f->right - f->left - 1) *
			    (v->xhi - v->xlo);
			double y = v->yhi - (row - f->top - 0.5) / (f->bottom - f->top - 1) *
			    (v->yhi - v->ylo);
			int c2 = horiz ? col + 1 : col, r2 = horiz ? row : row + 1;
			z[v->xvar] = x;
			z[v->yvar] = y;
			expr_prog_eval(m->rhs_prog, 0, z, in->par, rhs);
			if (!isfinite(rhs[fx]) || rhs[fx] == 0)
				continue;
			if (!canvas_is_empty(c, col, row) || !canvas_is_empty(c, c2, r2) ||
			    !interior(f, c2, r2))
				continue;
			if (c->mode == CANVAS_BRAILLE) {
				uint32_t g = horiz ? (rhs[fx] > 0 ? 0x21c9 : 0x21c7) :
				    (rhs[fx] > 0 ? 0x21c8 : 0x21ca);
				canvas_put(c, col, row, g, COLOR_FIELD);
			} else {
				uint32_t g = horiz ? (rhs[fx] > 0 ? '>' : '<') : (rhs[fx] > 0 ? '^' : 'v');
				canvas_put(c, col, row, g, COLOR_FIELD);
				canvas_put(c, c2, r2, g, COLOR_FIELD);
			}
			lg->fibres = 1;
		}
	}
	free(z);
	free(rhs);
}

/* The direction field of the whole vector field, in the cells left empty. */
static void
draw_full_field(struct canvas *c, const struct mapping *mp, const struct scene *in,
    const struct plot_frame *f, struct legend *lg)
{
	const struct model *m = in->m;
	const struct view *v = &in->v;
	int n = m->nvar, col, row;
	double *z, *rhs;

	if (v->xvar < 0 || v->yvar < 0)
		return;
	z = xmalloc((size_t)n * sizeof *z);
	rhs = xmalloc((size_t)n * sizeof *rhs);
	memcpy(z, in->base, (size_t)n * sizeof *z);
	for (row = f->top + 2; row < f->bottom; row += 3) {
		for (col = f->left + 3; col < f->right - 1; col += 6) {
			double x = v->xlo + (col - f->left - 0.5) / (f->right - f->left - 1) *
			    (v->xhi - v->xlo);
			double y = v->yhi - (row - f->top - 0.5) / (f->bottom - f->top - 1) *
			    (v->yhi - v->ylo);
			double px, py;
			if (!canvas_is_empty(c, col, row))
				continue;
			z[v->xvar] = x;
			z[v->yvar] = y;
			expr_prog_eval(m->rhs_prog, 0, z, in->par, rhs);
			/* in screen units: cells are about twice as tall as wide */
			px = rhs[v->xvar] * mp->sx / mp->sw;
			py = rhs[v->yvar] * mp->sy / mp->sh * 2;
			if (!isfinite(px) || !isfinite(py) || (px == 0 && py == 0))
				continue;
			canvas_put(c, col, row, arrow_glyph(px, py, c->mode), COLOR_FIELD);
			lg->field = 1;
		}
	}
	free(z);
	free(rhs);
}

static void
put_mark(struct canvas *c, const struct mapping *mp, const struct scene *in,
    const struct plot_frame *f, const double *x, uint32_t glyph, int color)
{
	double px, py, lx, ly;
	int col, row;

	if (in->v.xvar < 0 || in->v.yvar < 0)
		return;
	map_point(mp, job_fold(in->m, in->v.xvar, x[in->v.xvar], &lx),
	    job_fold(in->m, in->v.yvar, x[in->v.yvar], &ly), &px, &py);
	col = (int)floor(px / mp->sw);
	row = (int)floor(py / mp->sh);
	if (interior(f, col, row))
		canvas_put(c, col, row, glyph, color);
}

/* Folds, canard points, branch points and equilibria, on top. */
static void
draw_marks(struct canvas *c, const struct mapping *mp, const struct scene *in,
    const struct plot_frame *f, struct legend *lg)
{
	const struct analysis *an = in->r->an;
	int i, uni = c->mode == CANVAS_BRAILLE;

	/* against t or an aux quantity a point of the state space has no place */
	if (in->v.xvar < 0 || in->v.yvar < 0)
		return;

	if (in->show_manifold) {
		for (i = 0; i < an->nsp; i++) {
			const struct special *sp = &an->sp[i];
			uint32_t g = sp->kind == SP_FOLD ? 'F' : sp->kind == SP_CANARD ? 'C' : 'B';
			put_mark(c, mp, in, f, sp->x, g, sp->kind == SP_CANARD ? PLOT_C_CANARD : 0);
			if (sp->kind == SP_FOLD)
				lg->fold = 1;
			else if (sp->kind == SP_CANARD)
				lg->canard = 1;
			else
				lg->branch = 1;
		}
	}
	for (i = 0; i < an->neq; i++) {
		const struct equilibrium *e = &an->eq[i];
		uint32_t g;
		switch (e->type) {
		case EQ_STABLE_NODE: case EQ_STABLE_FOCUS:
			g = uni ? 0x25cf : '*';
			lg->stable = 1;
			break;
		case EQ_SADDLE:
			g = uni ? 0xd7 : 'X';
			lg->saddle_eq = 1;
			break;
		case EQ_CENTRE:
			g = uni ? 0x25ce : '@';
			lg->centre = 1;
			break;
		case EQ_DEGENERATE:
			g = '?';
			lg->degenerate = 1;
			break;
		default:
			g = uni ? 0x25cb : 'O';
			lg->unstable = 1;
			break;
		}
		put_mark(c, mp, in, f, e->x, g, 0);
	}
}

/*
 * A legend item: a sample of what was drawn, in its colour, then a word.
 * A line's sample is drawn by the line code itself (3 cells), so the legend
 * shows the braille dots or ASCII glyphs of the picture, dashes included.
 */
struct legend_item {
	const char *text;
	int color;
	int line;		/* a line sample: style and ASCII glyph below */
	enum line_style style;
	char ascii;
	uint32_t glyph;		/* else a one-cell glyph (0: the text alone) */
};

#define SAMPLE_W 3

static int
item_width(const struct legend_item *it)
{
	return (it->line ? SAMPLE_W + 1 : it->glyph ? 2 : 0) + display_width(it->text);
}

static void
draw_item(struct canvas *c, int col, int row, const struct legend_item *it)
{
	if (it->line) {
		double phase = 0, y = row * c->sh + (c->sh > 1 ? 1 : 0);
		canvas_line_ex(c, col * c->sw, y, (col + SAMPLE_W) * c->sw - 1e-6, y, it->color,
		    it->style, c->mode == CANVAS_ASCII ? it->ascii : 0, &phase);
		col += SAMPLE_W + 1;
	} else if (it->glyph) {
		canvas_put(c, col, row, it->glyph, it->color);
		col += 2;
	}
	canvas_text(c, col, row, it->text, 0);
}

static void
add_line(struct legend_item *items, int *n, const char *text, int color,
    enum line_style style, char ascii)
{
	struct legend_item it = {text, color, 1, style, ascii, 0};
	items[(*n)++] = it;
}

static void
add_glyph(struct legend_item *items, int *n, const char *text, int color, uint32_t glyph)
{
	struct legend_item it = {text, color, 0, LINE_SOLID, 0, glyph};
	items[(*n)++] = it;
}

/* The items of what was drawn, in a fixed order. */
static int
legend_items(const struct canvas *c, const struct legend *lg, char ncl[2][48],
    struct legend_item *items)
{
	int uni = c->mode == CANVAS_BRAILLE, n = 0;

	if (lg->attract)
		add_line(items, &n, "attracting", COLOR_ATTRACT, LINE_SOLID, '#');
	if (lg->repel)
		add_line(items, &n, "repelling", COLOR_REPEL, LINE_DASHED, ':');
	if (lg->saddle)
		add_line(items, &n, "saddle-type", PLOT_C_SADDLE, LINE_DOTTED, '%');
	if (lg->fibres)
		add_glyph(items, &n, uni ? "fast" : ">> fast", COLOR_FIELD, uni ? 0x21c9 : 0);
	if (lg->fold)
		add_glyph(items, &n, "fold", 0, 'F');
	if (lg->canard)
		add_glyph(items, &n, "canard", PLOT_C_CANARD, 'C');
	if (lg->branch)
		add_glyph(items, &n, "branch", 0, 'B');
	/* nullclines are traced for the plotted variables only */
	if (lg->ncl_x)
		add_line(items, &n, ncl[0], COLOR_NCL_X, LINE_SPARSE, '.');
	if (lg->ncl_y)
		add_line(items, &n, ncl[1], COLOR_NCL_Y, LINE_DASHDOT, '+');
	if (lg->stable)
		add_glyph(items, &n, "stable", 0, uni ? 0x25cf : '*');
	if (lg->unstable)
		add_glyph(items, &n, "unstable", 0, uni ? 0x25cb : 'O');
	if (lg->saddle_eq)
		add_glyph(items, &n, "saddle", 0, uni ? 0xd7 : 'X');
	if (lg->centre)
		add_glyph(items, &n, "centre", 0, uni ? 0x25ce : '@');
	if (lg->degenerate)
		add_glyph(items, &n, "degenerate", 0, '?');
	if (lg->traj > 0)
		add_glyph(items, &n, uni ? "start \xe2\x86\x92 time" : "start > time", 0, 'o');
	return n;
}

/* The legend: items of what was drawn, on the top row and the last row. */
static void
draw_legend(struct canvas *c, const struct scene *in, const struct plot_frame *f,
    const struct legend *lg, const char *yname, const char *xname)
{
	struct legend_item items[24];
	char ncl[2][48];
	int n, i, ntop = 0, tw = 0, x0, xl, col, row;

	snprintf(ncl[0], sizeof ncl[0], "%.40s'=0", xname);
	snprintf(ncl[1], sizeof ncl[1], "%.40s'=0", yname);
	n = legend_items(c, lg, ncl, items);

	x0 = (int)strlen(yname) + 2;
	xl = f->left + (f->right - f->left - (int)strlen(xname)) / 2;
	/* as many as fit on the top row, right of the y name, flush right */
	for (i = 0; i < n; i++) {
		int w = item_width(&items[i]) + (ntop ? 2 : 0);
		if (ntop > 0 && x0 + tw + w > c->cols)
			break;
		tw += w;
		ntop++;
	}
	col = c->cols - tw;
	for (i = 0; i < ntop; i++) {
		draw_item(c, col, 0, &items[i]);
		col += item_width(&items[i]) + 2;
	}
	if ((int)strlen(in->m->title) + x0 + (ntop ? 3 : 1) < c->cols - tw)
		canvas_text(c, x0 + 1, 0, in->m->title, 0);
	/* the rest on the last row, around the x name */
	col = 0;
	row = c->rows - 1;
	for (i = ntop; i < n; i++) {
		int w = item_width(&items[i]);
		if (col + w > xl - 2 && col < xl + (int)strlen(xname) + 2)
			col = xl + (int)strlen(xname) + 2;
		if (col + w > c->cols)
			break;
		draw_item(c, col, row, &items[i]);
		col += w + 2;
	}
}

void
plot_axes(struct canvas *c, const struct view *v, const char *xname, const char *yname,
    struct plot_frame *fp)
{
	int uni = c->mode == CANVAS_BRAILLE;
	double yt[64], xt[64], ystep, xstep;
	int ny, nx, i, margin = 1, r, k, lastcol;
	char buf[64];
	struct plot_frame f;

	f.top = 1;
	f.bottom = c->rows - 3;
	ny = ticks(v->ylo, v->yhi, (f.bottom - f.top) / 4 > 1 ? (f.bottom - f.top) / 4 : 2, yt,
	    64, &ystep);
	for (i = 0; i < ny; i++) {
		tick_label(buf, sizeof buf, yt[i], ystep);
		if ((int)strlen(buf) + 1 > margin)
			margin = (int)strlen(buf) + 1;
	}
	f.left = margin;
	f.right = c->cols - 1;

	/* frame */
	for (k = f.left; k <= f.right; k++) {
		canvas_put(c, k, f.top, uni ? 0x2500 : '-', COLOR_FRAME);
		canvas_put(c, k, f.bottom, uni ? 0x2500 : '-', COLOR_FRAME);
	}
	for (r = f.top; r <= f.bottom; r++) {
		canvas_put(c, f.left, r, uni ? 0x2502 : '|', COLOR_FRAME);
		canvas_put(c, f.right, r, uni ? 0x2502 : '|', COLOR_FRAME);
	}
	canvas_put(c, f.left, f.top, uni ? 0x250c : '+', COLOR_FRAME);
	canvas_put(c, f.right, f.top, uni ? 0x2510 : '+', COLOR_FRAME);
	canvas_put(c, f.left, f.bottom, uni ? 0x2514 : '+', COLOR_FRAME);
	canvas_put(c, f.right, f.bottom, uni ? 0x2518 : '+', COLOR_FRAME);

	/* y ticks: label right-aligned in the margin */
	for (i = 0; i < ny; i++) {
		double fr = (v->yhi - yt[i]) / (v->yhi - v->ylo);
		int row = f.top + 1 + (int)floor(fr * (f.bottom - f.top - 1) - 1e-9);
		if (row <= f.top)
			row = f.top + 1;
		if (row >= f.bottom)
			row = f.bottom - 1;
		tick_label(buf, sizeof buf, yt[i], ystep);
		canvas_text(c, f.left - (int)strlen(buf), row, buf, 0);
		canvas_put(c, f.left, row, uni ? 0x2524 : '+', COLOR_FRAME);
	}
	/* x ticks: label centred under the tick, skipped where it would collide */
	nx = ticks(v->xlo, v->xhi, (f.right - f.left) / 10 > 1 ? (f.right - f.left) / 10 : 2, xt,
	    64, &xstep);
	lastcol = -1;
	for (i = 0; i < nx; i++) {
		double fr = (xt[i] - v->xlo) / (v->xhi - v->xlo);
		int col = f.left + 1 + (int)floor(fr * (f.right - f.left - 1) - 1e-9), start, len;
		if (col <= f.left)
			col = f.left + 1;
		if (col >= f.right)
			col = f.right - 1;
		canvas_put(c, col, f.bottom, uni ? 0x252c : '+', COLOR_FRAME);
		tick_label(buf, sizeof buf, xt[i], xstep);
		len = (int)strlen(buf);
		start = col - len / 2;
		if (start < 0)
			start = 0;
		if (start + len > c->cols)
			start = c->cols - len;
		if (start > lastcol + 1) {
			canvas_text(c, start, f.bottom + 1, buf, 0);
			lastcol = start + len - 1;
		}
	}
	/* axis names: x centred on the last row, y above its labels */
	canvas_text(c, f.left + (f.right - f.left - (int)strlen(xname)) / 2, c->rows - 1, xname, 0);
	canvas_text(c, 0, 0, yname, 0);

	*fp = f;
}

static void
set_mapping(struct mapping *mp, const struct canvas *c, const struct view *v,
    const struct plot_frame *f)
{
	mp->sw = c->sw;
	mp->sh = c->sh;
	mp->xlo = v->xlo;
	mp->yhi = v->yhi;
	mp->x0 = (f->left + 1) * c->sw;
	mp->y0 = (f->top + 1) * c->sh;
	mp->sx = (f->right - f->left - 1) * c->sw / (v->xhi - v->xlo);
	mp->sy = (f->bottom - f->top - 1) * c->sh / (v->yhi - v->ylo);
}

static void traj_numbers(struct canvas *c, const struct mapping *mp, const struct view *v,
    const struct model *m, const struct results *r, const struct plot_frame *f, int var);

void
plot_portrait(struct canvas *c, const struct scene *in, struct plot_frame *framep)
{
	const struct view *v = &in->v;
	int i;
	struct plot_frame f;
	struct mapping mp;
	struct legend lg;
	const char *xname = plot_axis_name(in->m, v->xvar);
	const char *yname = plot_axis_name(in->m, v->yvar);

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	plot_axes(c, v, xname, yname, &f);
	if (framep)
		*framep = f;

	set_mapping(&mp, c, v, &f);
	canvas_set_clip(c, f.left + 1, f.top + 1, f.right, f.bottom);
	memset(&lg, 0, sizeof lg);
	/* a map's right-hand side is its next iterate, not a velocity: no field,
	 * nullclines, manifold or equilibria of it mean anything */
	if (in->m->is_map) {
		for (i = 0; i < (int)in->r->ntraj; i++)
			draw_iterates(c, &mp, in->m, &in->r->trajs[i], v, plot_traj_color((size_t)i));
		if (v->xvar < 0)
			traj_numbers(c, &mp, v, in->m, in->r, &f, v->yvar);
		canvas_set_clip(c, 0, 0, c->cols, c->rows);
		lg.traj = (int)in->r->ntraj;
		draw_legend(c, in, &f, &lg, yname, xname);
		canvas_set_clip(c, 0, 0, c->cols, c->rows);
		return;
	}
	if (in->r->an && in->show_nullclines)
		draw_nullclines(c, &mp, in, &lg);
	if (in->r->an && in->show_manifold)
		draw_manifold(c, &mp, in, &lg);
	for (i = 0; i < (int)in->r->ntraj; i++)
		draw_traj(c, &mp, in->m, &in->r->trajs[i], v, &f, plot_traj_color((size_t)i),
		    fmax(8.0, (f.right - f.left + 2 * (f.bottom - f.top)) / 3.0), 1);
	if (in->r->an && in->show_manifold)
		draw_slow_arrows(c, &mp, in, &f);
	if (in->field == FIELD_SLOW && in->r->an && in->show_manifold && in->r->an->nbranch > 0)
		draw_fast_fibres(c, in, &f, &lg);
	if (in->r->an)
		draw_marks(c, &mp, in, &f, &lg);
	if (in->field == FIELD_FULL && in->m->nalg == 0)
		draw_full_field(c, &mp, in, &f, &lg);
	if (v->xvar < 0)
		traj_numbers(c, &mp, v, in->m, in->r, &f, v->yvar);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	lg.traj = (int)in->r->ntraj;
	draw_legend(c, in, &f, &lg, yname, xname);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
}

/* The key of a time series: each variable's line sample in its colour. */
static void
ts_key(struct canvas *c, const struct scene *in, int per_var)
{
	struct legend_item items[TS_MAX + 1];
	int n = 0, k, col, tw = 0;

	if (per_var) {
		for (k = 0; k < in->nts; k++)
			add_line(items, &n, plot_axis_name(in->m, in->ts_var[k]),
			    plot_traj_color((size_t)k), LINE_SOLID, 0);
	} else if (in->nts == 1) {
		/* one variable: the trajectories keep their own colours (the panel lists them) */
		add_glyph(items, &n, plot_axis_name(in->m, in->ts_var[0]), 0, 0);
	}
	for (k = 0; k < n; k++)
		tw += item_width(&items[k]) + (k ? 2 : 0);
	col = c->cols - tw;
	for (k = 0; k < n; k++) {
		draw_item(c, col, 0, &items[k]);
		col += item_width(&items[k]) + 2;
	}
}

/* Whether the n cells from (col, row) on are all empty. */
static int
cells_empty(const struct canvas *c, int col, int row, int n)
{
	int k;

	for (k = 0; k < n; k++)
		if (!canvas_is_empty(c, col + k, row))
			return 0;
	return 1;
}

/*
 * Write name on trajectory tr's curve of variable var near t = want, at the
 * nearest stored point within dt of it whose value is in the view, in an
 * empty row next to the curve where there is one.
 */
static void
ts_label(struct canvas *c, const struct mapping *mp, const struct view *v,
    const struct model *m, const struct plot_frame *f, const struct traj *tr, int var,
    const char *name, double want, double dt, int color)
{
	static const int tries[] = {-1, 1, -2, 2};
	double best = INFINITY, px, py, lap, y = 0;
	int len = (int)strlen(name), col, row, r, t;
	size_t j, at = 0;

	for (j = 0; j < tr->n; j++) {
		double yj, d = fabs(tr->t[j] - want);
		if (!(d < best) || !(tr->t[j] >= v->xlo && tr->t[j] <= v->xhi))
			continue;
		yj = job_coord_drawn(m, tr, j, var, &lap);
		if (yj >= v->ylo && yj <= v->yhi) {
			best = d;
			at = j;
			y = yj;
		}
	}
	/* the trajectory does not reach this part of the t range */
	if (!(best <= dt))
		return;
	/* a name wider than the frame is cut at its right edge */
	if (len > f->right - f->left - 1)
		len = f->right - f->left - 1;
	if (len < 1)
		return;
	map_point(mp, tr->t[at], y, &px, &py);
	col = (int)floor(px / c->sw) - len / 2;
	row = (int)floor(py / c->sh);
	if (col + len > f->right)
		col = f->right - len;
	if (col < f->left + 1)
		col = f->left + 1;
	r = row - 1 > f->top ? row - 1 : row + 1;
	for (t = 0; t < 4; t++)
		if (row + tries[t] > f->top && row + tries[t] < f->bottom &&
		    cells_empty(c, col, row + tries[t], len)) {
			r = row + tries[t];
			break;
		}
	if (r > f->top && r < f->bottom) {
		char cut[1024];	/* the frame is at most 1000 columns */
		snprintf(cut, sizeof cut, "%.*s", len, name);
		canvas_text(c, col, r, cut, color);
	}
}

/*
 * With time along the bottom and several trajectories, each trajectory's
 * number (as the panel numbers them) on its curve of variable var, at its own
 * fraction of the t range so that no two meet, anywhere in view if it does
 * not reach its fraction: colours alone leave the curves alike without colour
 * (NO_COLOR, --ascii, a printed page).
 */
static void
traj_numbers(struct canvas *c, const struct mapping *mp, const struct view *v,
    const struct model *m, const struct results *r, const struct plot_frame *f, int var)
{
	size_t i;

	if (r->ntraj < 2)
		return;
	for (i = 0; i < r->ntraj; i++) {
		char num[24];
		snprintf(num, sizeof num, "%zu", i + 1);
		ts_label(c, mp, v, m, f, &r->trajs[i], var, num,
		    v->xlo + (double)(i + 1) * (v->xhi - v->xlo) / (double)(r->ntraj + 1),
		    INFINITY, plot_traj_color(i));
	}
}

/*
 * Labels on the curves of a time series: with several variables each
 * variable's name on its curve (the first trajectory's), at its own fraction
 * of the t range; with one variable each trajectory's number.
 */
static void
ts_labels(struct canvas *c, const struct mapping *mp, const struct scene *in,
    const struct plot_frame *f)
{
	const struct view *v = &in->ts_v;
	double w = v->xhi - v->xlo;
	size_t i;
	int k;

	if (in->nts == 1) {
		traj_numbers(c, mp, v, in->m, in->r, f, in->ts_var[0]);
		return;
	}
	for (i = 0; i < in->r->ntraj; i++)
		if (in->r->trajs[i].n > 0)
			break;
	if (i == in->r->ntraj)
		return;
	for (k = 0; k < in->nts; k++)
		ts_label(c, mp, v, in->m, f, &in->r->trajs[i], in->ts_var[k],
		    plot_axis_name(in->m, in->ts_var[k]),
		    v->xlo + (k + 1) * w / (in->nts + 1), w / (2.0 * (in->nts + 1)),
		    plot_traj_color((size_t)k));
}

void
plot_timeseries(struct canvas *c, const struct scene *in)
{
	const struct view *v = &in->ts_v;
	struct plot_frame f;
	struct mapping mp;
	struct strbuf yname;
	int k, per_var = in->nts > 1;
	size_t i;

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	strbuf_init(&yname);
	for (k = 0; k < in->nts; k++)
		strbuf_printf(&yname, "%s%s", k ? "," : "", plot_axis_name(in->m, in->ts_var[k]));
	plot_axes(c, v, "t", yname.s, &f);
	strbuf_fini(&yname);
	set_mapping(&mp, c, v, &f);
	canvas_set_clip(c, f.left + 1, f.top + 1, f.right, f.bottom);
	for (k = 0; k < in->nts; k++) {
		struct view vk = *v;
		vk.xvar = -1;
		vk.yvar = in->ts_var[k];
		for (i = 0; i < in->r->ntraj; i++) {
			int color = plot_traj_color(per_var ? (size_t)k : i);
			if (in->m->is_map)
				draw_iterates(c, &mp, in->m, &in->r->trajs[i], &vk, color);
			else
				draw_traj(c, &mp, in->m, &in->r->trajs[i], &vk, &f, color, 1e30, 0);
		}
	}
	ts_labels(c, &mp, in, &f);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	ts_key(c, in, per_var);
}

int
plot_layout(enum view_kind kind, int cols, int rows, struct plot_rect *portrait,
    struct plot_rect *ts)
{
	struct plot_rect all = {0, 0, cols, rows};

	*portrait = *ts = all;
	if (kind == VIEW_PORTRAIT)
		return 1;
	if (kind == VIEW_TIME)
		return 2;
	/* both: side by side from 120 columns, stacked from 32 rows, else the portrait */
	if (cols >= 120 && rows >= 16) {
		portrait->cols = cols / 2;
		ts->col = portrait->cols;
		ts->cols = cols - portrait->cols;
		return 3;
	}
	if (rows >= 32 && cols >= 40) {
		portrait->rows = rows / 2;
		ts->row = portrait->rows;
		ts->rows = rows - portrait->rows;
		return 3;
	}
	return 1;
}

int
plot_views(struct canvas *c, const struct scene *in, struct plot_frame *frame)
{
	struct plot_rect pr, tr;
	int shown = plot_layout(in->kind, c->cols, c->rows, &pr, &tr);
	struct plot_frame f;

	canvas_clear(c);
	memset(&f, 0, sizeof f);
	if (shown == 1) {
		plot_portrait(c, in, &f);
	} else if (shown == 2) {
		plot_timeseries(c, in);
	} else {
		struct canvas *a = canvas_new(pr.cols, pr.rows, c->mode);
		struct canvas *b = canvas_new(tr.cols, tr.rows, c->mode);
		plot_portrait(a, in, &f);
		plot_timeseries(b, in);
		canvas_blit(c, a, pr.col, pr.row);
		canvas_blit(c, b, tr.col, tr.row);
		canvas_free(a);
		canvas_free(b);
		f.left += pr.col;
		f.right += pr.col;
		f.top += pr.row;
		f.bottom += pr.row;
	}
	if (frame)
		*frame = f;
	return shown & 1;
}
