/*
 * export_svg: the scene as an SVG 1.1 document. Coordinates are mapped from
 * the view's box to the frame in pixels; every curve is a polyline (broken
 * where a point is not finite, thinned to points at least a third of a pixel
 * apart), clipped to the frame. Only elements every renderer knows are used
 * (rect, line, polyline, polygon, circle, text, clipPath).
 */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orbit.h"
#include "plot.h"
#include "plot_bif.h"
#include "plot_map.h"
#include "plot_orbit.h"

/* Readable on white and on a projector; trajectories never take a branch's colour. */
static const char *const traj_colors[] = {
	"#e6850e", "#c2185b", "#00796b", "#8c564b", "#6b8e23", "#000000"
};
#define C_ATTRACT "#1f5fbf"
#define C_REPEL "#d62728"
#define C_SADDLE "#9467bd"
#define C_NCL_X "#2ca02c"
#define C_NCL_Y "#17becf"
#define C_FIELD "#9e9e9e"
#define C_FRAME "#222222"

const char *
export_traj_color(size_t index)
{
	return traj_colors[index % (sizeof traj_colors / sizeof traj_colors[0])];
}

/*
 * Fates of a map: distinct on white and on a projector, class k in colour k;
 * as many as the text picture has glyphs for classes (plot_map.c), so that
 * the picture tells apart every class the text does.
 */
static const char *const fate_colors[] = {
	"#1f5fbf", "#e6850e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#c2185b",
	"#17becf", "#7f7f7f", "#bcbd22", "#1b1b5e", "#f4a6c8"
};

const char *
export_fate_color(size_t index)
{
	return fate_colors[index % (sizeof fate_colors / sizeof fate_colors[0])];
}

const char *
export_branch_color(int stab)
{
	return stab == STAB_ATTRACTING ? C_ATTRACT : stab == STAB_REPELLING ? C_REPEL : C_SADDLE;
}

/* Pixels of a cell of the text canvas: panes sit where plot_panes puts them. */
#define PX_COL 10
#define PX_ROW 25

/* A pane's frame in pixels and the map from the view's box onto it. */
struct svgmap {
	double x0;			/* the pane's left edge */
	double left, top, right, bottom;	/* the frame */
	const struct view *v;
	const char *id;			/* the pane's name: ids frame-ID, clip-ID */
};

static double
map_x(const struct svgmap *mp, double x)
{
	double px = mp->left + (x - mp->v->xlo) / (mp->v->xhi - mp->v->xlo) *
	    (mp->right - mp->left);
	/* far outside the frame the clip hides it; keep the number printable */
	return fmax(-1e6, fmin(1e6, px));
}

static double
map_y(const struct svgmap *mp, double y)
{
	double py = mp->top + (mp->v->yhi - y) / (mp->v->yhi - mp->v->ylo) *
	    (mp->bottom - mp->top);
	return fmax(-1e6, fmin(1e6, py));
}

static void
xml_text(struct strbuf *out, const char *text)
{
	/* a title may hold anything: XML takes valid UTF-8 without control characters */
	char *safe = text_safe(text);
	const char *s;

	for (s = safe; *s; s++) {
		switch (*s) {
		case '&': strbuf_add(out, "&amp;"); break;
		case '<': strbuf_add(out, "&lt;"); break;
		case '>': strbuf_add(out, "&gt;"); break;
		case '"': strbuf_add(out, "&quot;"); break;
		default:
			/* control characters are not allowed in XML 1.0 */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				strbuf_addc(out, *s);
			break;
		}
	}
	free(safe);
}

static void
text_at(struct strbuf *out, double x, double y, const char *anchor, const char *extra,
    const char *s)
{
	strbuf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\"%s>", x, y, anchor,
	    extra);
	xml_text(out, s);
	strbuf_add(out, "</text>\n");
}

/* A polyline in the making: points are added, runs are flushed as elements. */
struct poly {
	struct strbuf *out;
	const char *style;	/* attributes of every element */
	int open;		/* a <polyline> was started */
	size_t npt;
	double lx, ly;		/* the last point written */
};

static void
poly_end(struct poly *p)
{
	if (p->open)
		strbuf_printf(p->out, "\"%s/>\n", p->style);
	p->open = 0;
	p->npt = 0;
}

static void
poly_add(struct poly *p, double px, double py)
{
	if (!isfinite(px) || !isfinite(py)) {
		poly_end(p);
		return;
	}
	if (p->open && hypot(px - p->lx, py - p->ly) < 1.0 / 3)
		return;
	if (!p->open) {
		strbuf_add(p->out, "<polyline points=\"");
		p->open = 1;
	} else {
		strbuf_addc(p->out, ' ');
	}
	strbuf_printf(p->out, "%.2f,%.2f", px, py);
	p->lx = px;
	p->ly = py;
	p->npt++;
}

/* A filled arrowhead at (x, y) pointing along (dx, dy) (pixels, y down). */
static void
arrowhead(struct strbuf *out, double x, double y, double dx, double dy, double size,
    const char *color)
{
	double n = hypot(dx, dy), ux, uy;

	if (!(n > 0) || !isfinite(n))
		return;
	ux = dx / n;
	uy = dy / n;
	strbuf_printf(out, "<polygon points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f\" fill=\"%s\"/>\n",
	    x + ux * size, y + uy * size,
	    x - ux * size * 0.6 - uy * size * 0.55, y - uy * size * 0.6 + ux * size * 0.55,
	    x - ux * size * 0.6 + uy * size * 0.55, y - uy * size * 0.6 - ux * size * 0.55, color);
}

static double
curve_coord(const struct curve *cv, size_t k, int var)
{
	return var < 0 ? NAN : cv->pt[k * (size_t)cv->dim + (size_t)var];
}

static int
inside(const struct svgmap *mp, double px, double py)
{
	return px > mp->left && px < mp->right && py > mp->top && py < mp->bottom;
}

/* ---- layers ---- */

static void
axes(struct strbuf *out, const struct svgmap *mp, const char *xname, const char *yname)
{
	const struct view *v = mp->v;
	double step, t;
	char buf[64];

	strbuf_printf(out, "<rect id=\"frame-%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
	    "height=\"%.2f\" fill=\"none\" stroke=\"" C_FRAME "\" stroke-width=\"1\"/>\n",
	    mp->id, mp->left, mp->top, mp->right - mp->left, mp->bottom - mp->top);
	step = plot_nice_step(v->xhi - v->xlo, 8);
	for (t = ceil(v->xlo / step - 1e-9) * step; t <= v->xhi + step * 1e-9; t += step) {
		double px = map_x(mp, t);
		snprintf(buf, sizeof buf, "%.6g", fabs(t) < step * 1e-9 ? 0 : t);
		strbuf_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"" C_FRAME "\"/>\n", px, mp->bottom, px, mp->bottom + 5);
		text_at(out, px, mp->bottom + 19, "middle", "", buf);
	}
	step = plot_nice_step(v->yhi - v->ylo, 6);
	for (t = ceil(v->ylo / step - 1e-9) * step; t <= v->yhi + step * 1e-9; t += step) {
		double py = map_y(mp, t);
		snprintf(buf, sizeof buf, "%.6g", fabs(t) < step * 1e-9 ? 0 : t);
		strbuf_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
		    "stroke=\"" C_FRAME "\"/>\n", mp->left - 5, py, mp->left, py);
		text_at(out, mp->left - 8, py + 4.5, "end", "", buf);
	}
	text_at(out, 0.5 * (mp->left + mp->right), mp->bottom + 40, "middle",
	    " font-style=\"italic\" font-size=\"15\"", xname);
	strbuf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" "
	    "font-style=\"italic\" font-size=\"15\" transform=\"rotate(-90 %.2f %.2f)\">",
	    mp->x0 + 16, 0.5 * (mp->top + mp->bottom), mp->x0 + 16, 0.5 * (mp->top + mp->bottom));
	xml_text(out, yname);
	strbuf_add(out, "</text>\n");
}

static void
curve_run(struct strbuf *out, const struct svgmap *mp, const struct curve *cv, size_t from,
    size_t to, const char *style)
{
	struct poly p = {out, style, 0, 0, 0, 0};
	size_t k;

	for (k = from; k <= to && k < cv->n; k++)
		poly_add(&p, map_x(mp, curve_coord(cv, k, mp->v->xvar)),
		    map_y(mp, curve_coord(cv, k, mp->v->yvar)));
	poly_end(&p);
}

static const char *
branch_style(int st)
{
	switch (st) {
	case STAB_ATTRACTING:
		return " fill=\"none\" stroke=\"" C_ATTRACT "\" stroke-width=\"2.5\"";
	case STAB_REPELLING:
		return " fill=\"none\" stroke=\"" C_REPEL "\" stroke-width=\"2\" "
		    "stroke-dasharray=\"8 5\"";
	default:
		return " fill=\"none\" stroke=\"" C_SADDLE "\" stroke-width=\"2\" "
		    "stroke-dasharray=\"2 4\"";
	}
}

/* What the legend shows, set by the layers that drew something. */
#define NCL_X_STYLE " stroke=\"" C_NCL_X "\" stroke-width=\"1.5\" stroke-dasharray=\"1 4\" " \
	"stroke-linecap=\"round\""
#define NCL_Y_STYLE " stroke=\"" C_NCL_Y "\" stroke-width=\"1.5\" " \
	"stroke-dasharray=\"7 3 1 3\" stroke-linecap=\"round\""

struct legend {
	int attract, repel, saddle, ncl_x, ncl_y, fibres, field, fold, canard, branch;
	int stable, unstable, saddle_eq, centre;
};

static void
manifold(struct strbuf *out, const struct svgmap *mp, const struct analysis *an,
    struct legend *lg)
{
	int b;

	for (b = 0; b < an->nbranch; b++) {
		const struct curve *cv = &an->branch[b];
		size_t k = 0;
		while (k + 1 < cv->n) {
			size_t e = k;
			int st = cv->stab[k];
			while (e + 1 < cv->n && cv->stab[e + 1] == st)
				e++;
			if (e == k)
				e = k + 1;
			curve_run(out, mp, cv, k, e, branch_style(st));
			lg->attract |= st == STAB_ATTRACTING;
			lg->repel |= st == STAB_REPELLING;
			lg->saddle |= st != STAB_ATTRACTING && st != STAB_REPELLING;
			k = e;
		}
	}
}

/* Arrowheads along the branches in the direction of the slow flow. */
static void
slow_arrows(struct strbuf *out, const struct svgmap *mp, const struct analysis *an)
{
	double every = (mp->right - mp->left + mp->bottom - mp->top) / 7;
	int b;

	for (b = 0; b < an->nbranch; b++) {
		const struct curve *cv = &an->branch[b];
		double along = 0, px0, py0;
		size_t k;

		if (cv->n == 0)
			continue;
		px0 = map_x(mp, curve_coord(cv, 0, mp->v->xvar));
		py0 = map_y(mp, curve_coord(cv, 0, mp->v->yvar));
		for (k = 1; k < cv->n; k++) {
			double px = map_x(mp, curve_coord(cv, k, mp->v->xvar));
			double py = map_y(mp, curve_coord(cv, k, mp->v->yvar));
			double dx = px - px0, dy = py - py0;
			px0 = px;
			py0 = py;
			if (!isfinite(dx) || !isfinite(dy))
				continue;
			along += hypot(dx, dy);
			if (along < every || cv->dir[k] == 0 || !inside(mp, px, py))
				continue;
			arrowhead(out, px, py, cv->dir[k] * dx, cv->dir[k] * dy, 8,
			    export_branch_color(cv->stab[k]));
			along = 0;
		}
	}
}

static void
nullclines(struct strbuf *out, const struct svgmap *mp, const struct scene *sc,
    struct legend *lg)
{
	const struct analysis *an = sc->r->an;
	int i;

	for (i = 0; i < an->nncl; i++) {
		const struct curve *cv = &an->ncl[i];
		if (!scene_nullcline_drawn(sc, cv))
			continue;
		/* as in the text picture, told apart on paper too: dots, and dash-dot */
		if (cv->var == sc->v.xvar) {
			curve_run(out, mp, cv, 0, cv->n, " fill=\"none\"" NCL_X_STYLE);
			lg->ncl_x = 1;
		} else {
			curve_run(out, mp, cv, 0, cv->n, " fill=\"none\"" NCL_Y_STYLE);
			lg->ncl_y = 1;
		}
	}
}

/* Near a branch of C0 (pixels)? Fibre arrows keep clear of the curves. */
static int
near_branch(const struct svgmap *mp, const struct analysis *an, double px, double py, double r)
{
	int b;
	size_t k;

	for (b = 0; b < an->nbranch; b++)
		for (k = 0; k < an->branch[b].n; k++) {
			const struct curve *cv = &an->branch[b];
			if (hypot(map_x(mp, curve_coord(cv, k, mp->v->xvar)) - px,
			    map_y(mp, curve_coord(cv, k, mp->v->yvar)) - py) < r)
				return 1;
		}
	return 0;
}

/*
 * A grid of arrows: along the fast direction only (double heads, the sign of
 * f) for a planar fast-slow split, or the whole field's direction.
 */
static void
field(struct strbuf *out, const struct svgmap *mp, const struct scene *sc, int fast_only,
    struct legend *lg)
{
	const struct model *m = sc->m;
	const struct view *v = &sc->v;
	int n = m->nvar, i, j, fx = fast_only ? m->fast[0] : -1, nx = 10, ny = 7;
	double z[64], rhs[64];

	if (v->xvar < 0 || v->yvar < 0 || n > 64)
		return;
	/* fibres only where the plane is the fast variable against the slow one */
	if (fast_only && !((v->xvar == fx && v->yvar == m->slow[0]) ||
	    (v->yvar == fx && v->xvar == m->slow[0])))
		return;
	memcpy(z, sc->base, (size_t)n * sizeof *z);
	for (i = 0; i < nx; i++) {
		for (j = 0; j < ny; j++) {
			double px = mp->left + (i + 0.5) / nx * (mp->right - mp->left);
			double py = mp->top + (j + 0.5) / ny * (mp->bottom - mp->top);
			double dx, dy, len;
			z[v->xvar] = v->xlo + (px - mp->left) / (mp->right - mp->left) * (v->xhi - v->xlo);
			z[v->yvar] = v->yhi - (py - mp->top) / (mp->bottom - mp->top) * (v->yhi - v->ylo);
			expr_prog_eval(m->rhs_prog, 0, z, sc->par, rhs);
			if (fast_only) {
				dx = v->xvar == fx ? rhs[fx] : 0;
				dy = v->yvar == fx ? -rhs[fx] : 0;
			} else {
				dx = rhs[v->xvar] * (mp->right - mp->left) / (v->xhi - v->xlo);
				dy = -rhs[v->yvar] * (mp->bottom - mp->top) / (v->yhi - v->ylo);
			}
			len = hypot(dx, dy);
			if (!(len > 0) || !isfinite(len))
				continue;
			if (sc->r->an && near_branch(mp, sc->r->an, px, py, 14))
				continue;
			dx *= 11 / len;
			dy *= 11 / len;
			strbuf_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			    "stroke=\"" C_FIELD "\" stroke-width=\"1.2\"/>\n", px - dx, py - dy, px + dx,
			    py + dy);
			arrowhead(out, px + dx, py + dy, dx, dy, 5, C_FIELD);
			if (fast_only)
				arrowhead(out, px + 0.3 * dx, py + 0.3 * dy, dx, dy, 5, C_FIELD);
			if (fast_only)
				lg->fibres = 1;
			else
				lg->field = 1;
		}
	}
}

/*
 * Trajectory tr on the axes xvar, yvar as polylines of the given style:
 * broken at a reset ('global'), and where a folded variable goes round its
 * circle cut at the edge and taken on from the other (as the text plot does).
 */
static void
path(struct strbuf *out, const struct svgmap *mp, const struct model *m,
    const struct traj *tr, int xvar, int yvar, const char *style)
{
	double lx0 = 0, ly0 = 0, u0[2] = {0, 0};
	struct poly p = {out, style, 0, 0, 0, 0};
	size_t k;

	for (k = 0; k < tr->n; k++) {
		double lx, ly, u[2], piece[4 * 16], x, y;
		int i, np;
		u[0] = job_coord(tr, k, xvar);
		u[1] = job_coord(tr, k, yvar);
		x = job_fold(m, xvar, u[0], &lx);
		y = job_fold(m, yvar, u[1], &ly);
		/* a reset ('global') is a jump: the polyline breaks there */
		if (traj_is_jump(tr, k)) {
			poly_end(&p);
		} else if (k > 0 && (lx != lx0 || ly != ly0)) {
			/* round the circle of a folded variable: cut at the edge, on from the other */
			np = job_fold_pieces(m, xvar, yvar, u0, u, piece, 16);
			for (i = 0; i < np; i++) {
				poly_end(&p);
				poly_add(&p, map_x(mp, piece[4 * i]), map_y(mp, piece[4 * i + 1]));
				poly_add(&p, map_x(mp, piece[4 * i + 2]), map_y(mp, piece[4 * i + 3]));
			}
			poly_end(&p);
		}
		lx0 = lx;
		ly0 = ly;
		u0[0] = u[0];
		u0[1] = u[1];
		poly_add(&p, map_x(mp, x), map_y(mp, y));
	}
	poly_end(&p);
}

static void
trajectory(struct strbuf *out, const struct svgmap *mp, const struct model *m,
    const struct traj *tr, size_t index)
{
	const char *color = export_traj_color(index);
	char style[96];
	double every = (mp->right - mp->left + mp->bottom - mp->top) / 3, along = 0;
	double px0 = 0, py0 = 0, lx0 = 0, ly0 = 0;
	int placed = 0;
	size_t k;

	snprintf(style, sizeof style, " fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" "
	    "stroke-linejoin=\"round\"", color);
	path(out, mp, m, tr, mp->v->xvar, mp->v->yvar, style);
	/* arrowheads in the direction of time, evenly along the path */
	for (k = 0; k < tr->n; k++) {
		double lx, ly, px = map_x(mp, job_coord_drawn(m, tr, k, mp->v->xvar, &lx));
		double py = map_y(mp, job_coord_drawn(m, tr, k, mp->v->yvar, &ly));
		int wrap = k > 0 && (lx != lx0 || ly != ly0);
		lx0 = lx;
		ly0 = ly;
		if (k > 0 && !wrap && !traj_is_jump(tr, k) && isfinite(px - px0) &&
		    isfinite(py - py0)) {
			along += hypot(px - px0, py - py0);
			if (along >= every * (placed + 0.5) && inside(mp, px, py) &&
			    hypot(px - px0, py - py0) > 0) {
				arrowhead(out, px, py, px - px0, py - py0, 7, color);
				placed = (int)(along / every + 0.5);
			}
		}
		px0 = px;
		py0 = py;
	}
	if (tr->n > 0) {
		double lx, ly, px = map_x(mp, job_coord_drawn(m, tr, 0, mp->v->xvar, &lx));
		double py = map_y(mp, job_coord_drawn(m, tr, 0, mp->v->yvar, &ly));
		if (inside(mp, px, py))
			strbuf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"white\" "
			    "stroke=\"%s\" stroke-width=\"1.5\"/>\n", px, py, color);
	}
}

static void
eq_glyph(struct strbuf *out, double px, double py, enum eq_type t)
{
	switch (t) {
	case EQ_STABLE_NODE: case EQ_STABLE_FOCUS:
		strbuf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"" C_FRAME "\"/>\n",
		    px, py);
		break;
	case EQ_SADDLE:
		strbuf_printf(out, "<path d=\"M%.2f %.2fl10 10m0 -10l-10 10\" stroke=\"" C_FRAME "\" "
		    "stroke-width=\"2.2\"/>\n", px - 5, py - 5);
		break;
	case EQ_CENTRE:
		strbuf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5.5\" fill=\"white\" "
		    "stroke=\"" C_FRAME "\" stroke-width=\"1.5\"/><circle cx=\"%.2f\" cy=\"%.2f\" "
		    "r=\"2\" fill=\"" C_FRAME "\"/>\n", px, py, px, py);
		break;
	case EQ_DEGENERATE:
		text_at(out, px, py + 5, "middle", " font-weight=\"bold\"", "?");
		break;
	default:
		strbuf_printf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"white\" "
		    "stroke=\"" C_FRAME "\" stroke-width=\"1.8\"/>\n", px, py);
		break;
	}
}

static void
marks(struct strbuf *out, const struct svgmap *mp, const struct scene *sc, struct legend *lg)
{
	const struct analysis *an = sc->r->an;
	const struct view *v = &sc->v;
	int i;

	if (v->xvar < 0 || v->yvar < 0)
		return;
	for (i = 0; sc->show_manifold && i < an->nsp; i++) {
		const struct special *sp = &an->sp[i];
		double px = map_x(mp, sp->x[v->xvar]), py = map_y(mp, sp->x[v->yvar]);
		const char *g = sp->kind == SP_FOLD ? "F" : sp->kind == SP_CANARD ? "C" : "B";
		if (!inside(mp, px, py))
			continue;
		strbuf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"14\" "
		    "fill=\"white\" stroke=\"" C_FRAME "\" stroke-width=\"0.8\"/>\n", px - 6, py - 7);
		text_at(out, px, py + 4.5, "middle", " font-size=\"12\" font-weight=\"bold\"", g);
		lg->fold |= sp->kind == SP_FOLD;
		lg->canard |= sp->kind == SP_CANARD;
		lg->branch |= sp->kind == SP_BRANCH;
	}
	for (i = 0; i < an->neq; i++) {
		const struct equilibrium *e = &an->eq[i];
		double px = map_x(mp, e->x[v->xvar]), py = map_y(mp, e->x[v->yvar]);
		if (!inside(mp, px, py))
			continue;
		eq_glyph(out, px, py, e->type);
		lg->stable |= e->type == EQ_STABLE_NODE || e->type == EQ_STABLE_FOCUS;
		lg->saddle_eq |= e->type == EQ_SADDLE;
		lg->centre |= e->type == EQ_CENTRE;
		lg->unstable |= e->type == EQ_UNSTABLE_NODE || e->type == EQ_UNSTABLE_FOCUS;
	}
}

/* ---- legend: a column right of the frame, each item with what was drawn ---- */

static void
legend_line(struct strbuf *out, double x, double *y, const char *style, const char *label)
{
	strbuf_printf(out, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"%s/>\n", x,
	    *y - 4.5, x + 26, *y - 4.5, style);
	text_at(out, x + 34, *y, "start", "", label);
	*y += 20;
}

static void
legend_mark(struct strbuf *out, double x, double *y, enum eq_type t, const char *label)
{
	eq_glyph(out, x + 13, *y - 4.5, t);
	text_at(out, x + 34, *y, "start", "", label);
	*y += 20;
}

static void
legend_box(struct strbuf *out, double x, double *y, const char *g, const char *label)
{
	strbuf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"14\" fill=\"white\" "
	    "stroke=\"" C_FRAME "\" stroke-width=\"0.8\"/>\n", x + 7, *y - 11.5);
	text_at(out, x + 13, *y - 0.5, "middle", " font-size=\"12\" font-weight=\"bold\"", g);
	text_at(out, x + 34, *y, "start", "", label);
	*y += 20;
}

/*
 * Trajectory i in its colour with its number and start ("1: 0.5,1", the
 * panel's wording), and below it its fate where it is known.
 */
static void
legend_traj(struct strbuf *out, double x, double *y, const struct scene *sc, size_t i)
{
	char style[96], start[64], label[96];
	const char *fate = results_fate_known(sc->r, i);
	/* a backward trajectory ends where it came from: the arrow points back */
	int back = i < sc->nseed && job_seed_dir(sc->seed_dir, i, sc->set_dir) < 0;

	snprintf(style, sizeof style, " stroke=\"%s\" stroke-width=\"1.6\"",
	    export_traj_color(i));
	if (i < sc->nseed) {
		results_start_text(sc->seeds + i * (size_t)sc->m->nvar, sc->v.xvar, sc->v.yvar,
		    start, sizeof start);
		snprintf(label, sizeof label, "%zu: %s", i + 1, start);
	} else {
		snprintf(label, sizeof label, "trajectory %zu", i + 1);
	}
	legend_line(out, x, y, style, label);
	if (*fate) {
		snprintf(label, sizeof label, "%s %s", back ? "\xe2\x86\x90" : "\xe2\x86\x92", fate);
		text_at(out, x + 34, *y - 4, "start", " class=\"fate\" font-size=\"11\"", label);
		*y += 12;
	}
}

static void
legend(struct strbuf *out, const struct svgmap *mp, const struct scene *sc,
    const struct legend *lg)
{
	double x = mp->right + 16, y = mp->top + 12;
	char label[64];
	size_t i;

	if (lg->attract)
		legend_line(out, x, &y, branch_style(STAB_ATTRACTING), "attracting");
	if (lg->repel)
		legend_line(out, x, &y, branch_style(STAB_REPELLING), "repelling");
	if (lg->saddle)
		legend_line(out, x, &y, branch_style(STAB_SADDLE), "saddle-type");
	if (lg->ncl_x) {
		snprintf(label, sizeof label, "%.40s'=0", plot_axis_name(sc->m, sc->v.xvar));
		legend_line(out, x, &y, NCL_X_STYLE, label);
	}
	if (lg->ncl_y) {
		snprintf(label, sizeof label, "%.40s'=0", plot_axis_name(sc->m, sc->v.yvar));
		legend_line(out, x, &y, NCL_Y_STYLE, label);
	}
	if (lg->fibres)
		legend_line(out, x, &y, " stroke=\"" C_FIELD "\" stroke-width=\"1.2\"", "fast fibres");
	if (lg->field)
		legend_line(out, x, &y, " stroke=\"" C_FIELD "\" stroke-width=\"1.2\"", "direction");
	if (lg->fold)
		legend_box(out, x, &y, "F", "fold");
	if (lg->canard)
		legend_box(out, x, &y, "C", "canard point");
	if (lg->branch)
		legend_box(out, x, &y, "B", "branch point");
	if (lg->stable)
		legend_mark(out, x, &y, EQ_STABLE_NODE, "stable");
	if (lg->unstable)
		legend_mark(out, x, &y, EQ_UNSTABLE_NODE, "unstable");
	if (lg->saddle_eq)
		legend_mark(out, x, &y, EQ_SADDLE, "saddle");
	if (lg->centre)
		legend_mark(out, x, &y, EQ_CENTRE, "centre");
	for (i = 0; i < sc->r->ntraj && i < 12; i++)
		legend_traj(out, x, &y, sc, i);
	if (sc->r->ntraj > 12) {
		snprintf(label, sizeof label, "... %zu in all", sc->r->ntraj);
		text_at(out, x + 34, y, "start", "", label);
	}
}

/* ---- the bifurcation diagram ---- */

#define C_CYCLE "#2ca02c"

/* One branch's curve (p[k], y[k * stride]) in runs of equal stability. */
static void
diagram_runs(struct strbuf *out, const struct svgmap *mp, const double *p, const double *y,
    size_t n, size_t stride, const unsigned char *stable, const char *color)
{
	size_t k = 0;
	char style[160];

	while (k + 1 < n) {
		size_t e = k + 1, j;
		int st = stable[k] && stable[k + 1];
		struct poly pl = {out, style, 0, 0, 0, 0};
		while (e + 1 < n && (stable[e] && stable[e + 1]) == st)
			e++;
		snprintf(style, sizeof style, " fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s",
		    color, st ? "2.5" : "2", st ? "" : " stroke-dasharray=\"8 5\"");
		for (j = k; j <= e; j++)
			poly_add(&pl, map_x(mp, p[j]), map_y(mp, y[j * stride]));
		poly_end(&pl);
		k = e;
	}
}

static void
diagram_branches(struct strbuf *out, const struct svgmap *mp, const struct scene *sc)
{
	const struct bif_result *b = sc->r->bif;
	size_t nv = (size_t)b->nvar, var = (size_t)sc->dg.var;
	int i;

	for (i = 0; i < b->neq; i++) {
		const struct bif_eqbranch *e = &b->eq[i];
		size_t k = 0;
		/* stable and unstable stretches in their own colours */
		while (k + 1 < e->n) {
			size_t j = k + 1;
			int st = e->stable[k] && e->stable[k + 1];
			while (j + 1 < e->n && (e->stable[j] && e->stable[j + 1]) == st)
				j++;
			diagram_runs(out, mp, e->p + k, e->x + k * nv + var, j - k + 1, nv,
			    e->stable + k, st ? C_ATTRACT : C_REPEL);
			k = j;
		}
	}
	for (i = 0; i < b->ncyc; i++) {
		const struct bif_cycbranch *cb = &b->cyc[i];
		diagram_runs(out, mp, cb->p, cb->xmax + var, cb->n, nv, cb->stable, C_CYCLE);
		diagram_runs(out, mp, cb->p, cb->xmin + var, cb->n, nv, cb->stable, C_CYCLE);
	}
}

static void
diagram_points(struct strbuf *out, const struct svgmap *mp, const struct scene *sc)
{
	const struct bif_result *b = sc->r->bif;
	int i;

	for (i = 0; i < b->npt; i++) {
		const struct bif_point *pt = &b->pt[i];
		double px = map_x(mp, pt->p), py = map_y(mp, pt->x[sc->dg.var]);
		strbuf_printf(out, "<circle class=\"special\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" "
		    "fill=\"white\" stroke=\"" C_FRAME "\" stroke-width=\"1.5\"/>\n", px, py);
		text_at(out, px + 6, py - 6, "start", " font-size=\"12\" font-weight=\"bold\"",
		    plot_bif_label(pt->kind));
	}
}

/* Rinzel's overlay: the trajectories on (slow variable, variable). */
static void
diagram_overlay(struct strbuf *out, const struct svgmap *mp, const struct scene *sc)
{
	size_t i, k;
	char style[96];

	for (i = 0; i < sc->r->ntraj; i++) {
		const struct traj *tr = &sc->r->trajs[i];
		struct poly pl = {out, style, 0, 0, 0, 0};
		snprintf(style, sizeof style, " fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\"",
		    export_traj_color(i));
		for (k = 0; k < tr->n; k++) {
			const double *y = tr->y + k * (size_t)tr->dim;
			poly_add(&pl, map_x(mp, y[sc->dg.pvar]), map_y(mp, y[sc->dg.var]));
		}
		poly_end(&pl);
	}
}

static void
diagram_legend(struct strbuf *out, const struct svgmap *mp, const struct scene *sc)
{
	const struct bif_result *b = sc->r->bif;
	double x = mp->right + 16, y = mp->top + 12;
	char label[128];
	int i;

	legend_line(out, x, &y, " stroke=\"" C_ATTRACT "\" stroke-width=\"2.5\"", "stable");
	legend_line(out, x, &y, " stroke=\"" C_REPEL "\" stroke-width=\"2\" "
	    "stroke-dasharray=\"8 5\"", "unstable");
	if (b && b->ncyc)
		legend_line(out, x, &y, " stroke=\"" C_CYCLE "\" stroke-width=\"2.5\"",
		    "cycles: max, min");
	if (sc->dg.pvar >= 0 && sc->r->ntraj) {
		char style[96];
		/* drawn in the trajectories' own colours (diagram_overlay) */
		snprintf(style, sizeof style, " stroke=\"%s\" stroke-width=\"1.2\"",
		    export_traj_color(0));
		legend_line(out, x, &y, style, "trajectory");
	}
	for (i = 0; b && i < b->npt && i < 16; i++) {
		const struct bif_point *pt = &b->pt[i];
		snprintf(label, sizeof label, "%s %s=%.6g%s", plot_bif_label(pt->kind), sc->dg.pname,
		    pt->p, pt->kind == BIF_HOPF && isfinite(pt->l1) ? (pt->l1 < 0 ? " super" :
		    " sub") : "");
		text_at(out, x, y, "start", "", label);
		y += 18;
	}
}

/* The pane's clipped group: what is drawn inside the frame stays there. */
static void
clip_open(struct strbuf *out, const struct svgmap *mp)
{
	strbuf_printf(out, "<defs><clipPath id=\"clip-%s\"><rect x=\"%.2f\" y=\"%.2f\" "
	    "width=\"%.2f\" height=\"%.2f\"/></clipPath></defs>\n<g clip-path=\"url(#clip-%s)\">\n",
	    mp->id, mp->left, mp->top, mp->right - mp->left, mp->bottom - mp->top, mp->id);
}

/* The diagram: PAR across, the variable up, the frame and the legend as for a portrait. */
static void
export_diagram(const struct scene *sc, struct svgmap *mp, struct strbuf *out)
{
	struct view box;

	plot_diagram_box(sc, &box);
	mp->v = &box;
	axes(out, mp, sc->dg.pname, plot_axis_name(sc->m, sc->dg.var));
	clip_open(out, mp);
	if (isfinite(sc->dg.now))
		strbuf_printf(out, "<line class=\"now\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
		    "y2=\"%.2f\" stroke=\"" C_FIELD "\" stroke-dasharray=\"1 4\"/>\n",
		    map_x(mp, sc->dg.now), mp->top, map_x(mp, sc->dg.now), mp->bottom);
	if (sc->dg.pvar >= 0)
		diagram_overlay(out, mp, sc);
	if (sc->r->bif) {
		diagram_branches(out, mp, sc);
		diagram_points(out, mp, sc);
	} else if (sc->r->bif_error[0]) {
		text_at(out, mp->left + 12, mp->top + 20, "start", "", sc->r->bif_error);
	}
	strbuf_add(out, "</g>\n");
	diagram_legend(out, mp, sc);
}

/* ---- the time series ---- */

/* A map's iterates on the axes xvar, yvar: dots, not joined (as the text plot). */
static void
iterates(struct strbuf *out, const struct svgmap *mp, const struct model *m,
    const struct traj *tr, int xvar, int yvar, const char *color)
{
	double lap;
	size_t k;

	for (k = 0; k < tr->n; k++) {
		double px = map_x(mp, job_coord_drawn(m, tr, k, xvar, &lap));
		double py = map_y(mp, job_coord_drawn(m, tr, k, yvar, &lap));
		/* on the frame too: the first iterate of a time series is at its left edge */
		if (isfinite(px) && isfinite(py) && px >= mp->left - 0.5 && px <= mp->right + 0.5 &&
		    py >= mp->top - 0.5 && py <= mp->bottom + 0.5)
			strbuf_printf(out, "<circle class=\"iterate\" cx=\"%.2f\" cy=\"%.2f\" r=\"2.2\" "
			    "fill=\"%s\"/>\n", px, py, color);
	}
}

/* Variable var of trajectory tr against t: a polyline (path), or a map's dots. */
static void
ts_curve(struct strbuf *out, const struct svgmap *mp, const struct model *m,
    const struct traj *tr, int var, const char *color)
{
	char style[128];

	snprintf(style, sizeof style, " class=\"series\" fill=\"none\" stroke=\"%s\" "
	    "stroke-width=\"1.6\" stroke-linejoin=\"round\"", color);
	if (m->is_map)
		iterates(out, mp, m, tr, MODEL_AXIS_T, var, color);
	else
		path(out, mp, m, tr, MODEL_AXIS_T, var, style);
}

/*
 * The time series of sc->ts_var against t in the box sc->ts_v: one colour a
 * variable with its name in the key (one variable: one colour a trajectory),
 * as plot_timeseries draws it; no phase-plane marks.
 */
static void
export_timeseries(const struct scene *sc, struct svgmap *mp, struct strbuf *out)
{
	struct strbuf yname;
	int k, per_var = sc->nts > 1;
	double x = mp->right + 16, y = mp->top + 12;
	char style[96];
	size_t i;

	mp->v = &sc->ts_v;
	strbuf_init(&yname);
	for (k = 0; k < sc->nts; k++)
		strbuf_printf(&yname, "%s%s", k ? "," : "", plot_axis_name(sc->m, sc->ts_var[k]));
	axes(out, mp, "t", yname.s);
	strbuf_fini(&yname);
	clip_open(out, mp);
	for (k = 0; k < sc->nts; k++)
		for (i = 0; i < sc->r->ntraj; i++)
			ts_curve(out, mp, sc->m, &sc->r->trajs[i], sc->ts_var[k],
			    export_traj_color(per_var ? (size_t)k : i));
	strbuf_add(out, "</g>\n");
	/* the key: each variable's colour, or each trajectory's with one variable */
	for (k = 0; per_var && k < sc->nts; k++) {
		snprintf(style, sizeof style, " stroke=\"%s\" stroke-width=\"1.6\"",
		    export_traj_color((size_t)k));
		legend_line(out, x, &y, style, plot_axis_name(sc->m, sc->ts_var[k]));
	}
	for (i = 0; !per_var && i < sc->r->ntraj && i < 12; i++)
		legend_traj(out, x, &y, sc, i);
}

/* ---- the fate map ---- */

/* Cell i of n values v: from half-way to its neighbours (the box's edge lo, hi at the ends). */
static void
cell_edges(const double *v, int n, double lo, double hi, int i, double *a, double *b)
{
	*a = i == 0 ? lo : 0.5 * (v[i - 1] + v[i]);
	*b = i == n - 1 ? hi : 0.5 * (v[i] + v[i + 1]);
}

static int
class_of(const char *const *cls, int ncls, const char *name)
{
	int k;

	for (k = 0; name && k < ncls; k++)
		if (strcmp(cls[k], name) == 0)
			return k;
	return -1;
}

/* A square in a colour and a name beside it (the fate map's key). */
static void
legend_swatch(struct strbuf *out, double x, double *y, const char *fill, const char *label)
{
	strbuf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"14\" height=\"14\" "
	    "fill=\"%s\" stroke=\"" C_FRAME "\" stroke-width=\"0.8\"/>\n", x + 6, *y - 11.5, fill);
	text_at(out, x + 28, *y, "start", "", label);
	*y += 20;
}

/*
 * The fate map of the results as plot_classgrid draws it: one rect a run of
 * cells of a class along a row, in the class's colour (export_fate_color, in
 * the order of plot_map_classes), cells not computed left blank, and a key.
 */
static void
export_fatemap(const struct scene *sc, struct svgmap *mp, struct strbuf *out)
{
	struct plot_classgrid g;
	const char **cls;
	int ncls, i, j, blank = 0;
	double x, y;
	struct view box;

	plot_map_grid(sc->r->map, &g);
	plot_map_box(&g, &box);
	mp->v = &box;
	ncls = plot_map_classes(&g, &cls);
	axes(out, mp, g.xname, g.yname);
	clip_open(out, mp);
	strbuf_add(out, "<g class=\"cells\" shape-rendering=\"crispEdges\">\n");
	for (j = 0; j < g.ny; j++) {
		const char *const *row = g.cls + (size_t)j * (size_t)g.nx;
		double ylo, yhi;
		cell_edges(g.ys, g.ny, box.ylo, box.yhi, j, &ylo, &yhi);
		for (i = 0; i < g.nx;) {
			int k = class_of(cls, ncls, row[i]), e = i + 1;
			double xlo, xhi, dummy;
			while (e < g.nx && class_of(cls, ncls, row[e]) == k)
				e++;
			blank |= k < 0;
			cell_edges(g.xs, g.nx, box.xlo, box.xhi, i, &xlo, &dummy);
			cell_edges(g.xs, g.nx, box.xlo, box.xhi, e - 1, &dummy, &xhi);
			if (k >= 0)
				strbuf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
				    "height=\"%.2f\" fill=\"%s\"/>\n", map_x(mp, xlo), map_y(mp, yhi),
				    map_x(mp, xhi) - map_x(mp, xlo), map_y(mp, ylo) - map_y(mp, yhi),
				    export_fate_color((size_t)k));
			i = e;
		}
	}
	strbuf_add(out, "</g>\n</g>\n");
	/* the frame again over the cells' edges */
	strbuf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
	    "fill=\"none\" stroke=\"" C_FRAME "\" stroke-width=\"1\"/>\n", mp->left, mp->top,
	    mp->right - mp->left, mp->bottom - mp->top);
	x = mp->right + 12;
	y = mp->top + 12;
	for (i = 0; i < ncls; i++)
		legend_swatch(out, x, &y, export_fate_color((size_t)i), cls[i]);
	if (blank)
		legend_swatch(out, x, &y, "white", "not computed");
	free(cls);
}

/* ---- the orbit diagram ---- */

#define C_ORBIT C_ATTRACT

/*
 * The kept iterates of the orbit diagram's variable against the parameter, as
 * plot_orbit draws them: a tiny square mark each (one a pixel row for each
 * parameter value: iterates falling on a row already marked are left out),
 * in paths of at most 2000 marks.
 */
static void
export_orbit(const struct scene *sc, struct svgmap *mp, struct strbuf *out)
{
	const struct orbit_diagram *o = sc->orbit;
	int var = sc->orbit_var, k, j, h, marks = 0;
	unsigned char *seen;
	double x = mp->right + 16, y = mp->top + 12;
	struct view box;

	plot_orbit_box(o, var, &box);
	mp->v = &box;
	axes(out, mp, o->parname, sc->orbit_vname);
	clip_open(out, mp);
	h = (int)ceil(mp->bottom - mp->top) + 1;
	seen = malloc((size_t)h);
	for (k = 0; seen && k < o->done; k++) {
		double px = map_x(mp, o->pvals[k]);
		memset(seen, 0, (size_t)h);
		for (j = 0; j < o->keep; j++) {
			double v = o->y[((size_t)k * (size_t)o->keep + (size_t)j) * (size_t)o->nvar +
			    (size_t)var];
			double py = map_y(mp, v);
			int iy = isfinite(py) ? (int)floor(py - mp->top) : -1;
			if (!isfinite(v) || iy < 0 || iy >= h || seen[iy])
				continue;
			seen[iy] = 1;
			if (marks % 2000 == 0)
				strbuf_printf(out, "%s<path class=\"iterates\" fill=\"none\" stroke=\""
				    C_ORBIT "\" stroke-width=\"2.2\" d=\"", marks ? "\"/>\n" : "");
			strbuf_printf(out, "M%.1f %.1fh2.2", px - 1.1, py);
			marks++;
		}
	}
	if (marks)
		strbuf_add(out, "\"/>\n");
	free(seen);
	strbuf_add(out, "</g>\n");
	legend_swatch(out, x - 4, &y, C_ORBIT, "iterates");
}

/* ---- the phase portrait ---- */

static void
export_portrait(const struct scene *sc, struct svgmap *mp, struct strbuf *out)
{
	const struct analysis *an = sc->r->an;
	struct legend lg;
	size_t i;

	memset(&lg, 0, sizeof lg);
	mp->v = &sc->v;
	axes(out, mp, plot_axis_name(sc->m, sc->v.xvar), plot_axis_name(sc->m, sc->v.yvar));
	clip_open(out, mp);
	/* a map's right-hand side is its next iterate, not a velocity: no field,
	 * nullclines, manifold or equilibria of it mean anything (as in plot.c) */
	if (sc->m->is_map) {
		for (i = 0; i < sc->r->ntraj; i++)
			iterates(out, mp, sc->m, &sc->r->trajs[i], sc->v.xvar, sc->v.yvar,
			    export_traj_color(i));
		strbuf_add(out, "</g>\n");
		legend(out, mp, sc, &lg);
		return;
	}
	if (an && sc->show_nullclines)
		nullclines(out, mp, sc, &lg);
	if (sc->field == FIELD_SLOW && an && sc->show_manifold && an->nbranch > 0 &&
	    sc->m->nfast == 1 && sc->m->nslow == 1)
		field(out, mp, sc, 1, &lg);
	else if (sc->field == FIELD_FULL && sc->m->nalg == 0)
		field(out, mp, sc, 0, &lg);
	if (an && sc->show_manifold)
		manifold(out, mp, an, &lg);
	for (i = 0; i < sc->r->ntraj; i++)
		trajectory(out, mp, sc->m, &sc->r->trajs[i], i);
	if (an && sc->show_manifold)
		slow_arrows(out, mp, an);
	if (an)
		marks(out, mp, sc, &lg);
	strbuf_add(out, "</g>\n");
	legend(out, mp, sc, &lg);
}

/*
 * A pane of cells r: the frame inside it, with room for tick labels and the
 * axis name on the left and below and for the legend on the right (less of
 * it on a narrow pane, so that the frame keeps at least half the width).
 */
static void
pane_map(const struct plot_rect *r, const char *id, struct svgmap *mp)
{
	double x = PX_COL * r->col, y = PX_ROW * r->row;
	double w = PX_COL * r->cols, h = PX_ROW * r->rows;

	mp->x0 = x;
	mp->left = x + 72;
	mp->top = y + 34;
	mp->right = x + w - fmin(170, 0.3 * w);
	mp->bottom = y + h - 56;
	mp->v = NULL;
	mp->id = id;
}

/* The longest class name of the fate map shown, in characters. */
static double
key_chars(const struct scene *sc)
{
	const struct results_map *m = sc->r->map;
	size_t k, n = (size_t)m->n1 * (size_t)m->n2, most = 12;

	for (k = 0; k < n; k++)
		if (m->cls[k] && strlen(m->cls[k]) > most)
			most = strlen(m->cls[k]);
	return (double)most;
}

void
export_svg(const struct scene *sc, int cols, int rows, struct strbuf *out)
{
	int width = PX_COL * cols, height = PX_ROW * rows;
	struct plot_panes p;
	struct svgmap mp;

	plot_panes(sc, cols, rows, &p);
	strbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
	    "font-size=\"13\" fill=\"" C_FRAME "\">\n<title>", width, height, width, height);
	xml_text(out, sc->m->title);
	strbuf_printf(out, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width,
	    height);
	text_at(out, 72, 22, "start", " font-size=\"15\" font-weight=\"bold\"", sc->m->title);
	if (sc->other != SCENE_VIEWS) {
		struct plot_rect whole = {0, 0, cols, rows};
		pane_map(&whole, sc->other == SCENE_MAP ? "map" : "orbit", &mp);
		if (sc->other == SCENE_MAP) {
			/* room for the key's names: the longest one, within half the width */
			mp.right = fmin(mp.right, width - fmin(0.5 * width, 40 + 7.5 * key_chars(sc)));
			export_fatemap(sc, &mp, out);
		} else {
			export_orbit(sc, &mp, out);
		}
		strbuf_add(out, "</svg>\n");
		return;
	}
	if (p.shown & PANE_DIAGRAM) {
		pane_map(&p.diagram, "diagram", &mp);
		export_diagram(sc, &mp, out);
	}
	if (p.shown & PANE_PORTRAIT) {
		pane_map(&p.portrait, "portrait", &mp);
		export_portrait(sc, &mp, out);
	}
	if (p.shown & PANE_TIME) {
		pane_map(&p.ts, "time", &mp);
		export_timeseries(sc, &mp, out);
	}
	strbuf_add(out, "</svg>\n");
}
