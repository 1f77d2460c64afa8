/* plot_bif: the bifurcation diagram as canvas cells, and the layout of a scene. */
#include "plot_bif.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* palette indices, as plot.c uses them */
#define COLOR_FRAME 7
#define COLOR_STABLE 8
#define COLOR_UNSTABLE 9
#define COLOR_CYCLE 3
#define COLOR_POINT 5
#define NCOLORS 6
#define KEY_MAX 12

const char *
plot_bif_label(int kind)
{
	switch (kind) {
	case BIF_FOLD: return "LP";
	case BIF_HOPF: return "H";
	case BIF_BRANCH: return "BP";
	case BIF_LPC: return "LPC";
	case BIF_PD: return "PD";
	case BIF_HOMOCLINIC: return "HC";
	}
	return "?";
}

/* world -> sub-cell */
struct dmap {
	double x0, y0, sx, sy, xlo, yhi;
	int sw, sh;
};

static void
to_px(const struct dmap *mp, double x, double y, double *px, double *py)
{
	*px = mp->x0 + (x - mp->xlo) * mp->sx;
	*py = mp->y0 + (mp->yhi - y) * mp->sy;
}

static void
grow(double *lo, double *hi, double v)
{
	if (isfinite(v)) {
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

void
plot_diagram_box(const struct scene *sc, struct view *v)
{
	const struct bif_result *b = sc->r->bif;
	int var = sc->dg.var, i;
	size_t k, nv;
	double lo = INFINITY, hi = -INFINITY, m;

	memset(v, 0, sizeof *v);
	v->xlo = sc->dg.lo;
	v->xhi = sc->dg.hi;
	v->xvar = -1;
	v->yvar = var;
	for (i = 0; b && i < b->neq; i++)
		for (k = 0; k < b->eq[i].n; k++)
			if (b->eq[i].p[k] >= v->xlo && b->eq[i].p[k] <= v->xhi)
				grow(&lo, &hi, b->eq[i].x[k * (size_t)b->nvar + (size_t)var]);
	for (i = 0; b && i < b->ncyc; i++)
		for (k = 0; k < b->cyc[i].n; k++) {
			grow(&lo, &hi, b->cyc[i].xmin[k * (size_t)b->nvar + (size_t)var]);
			grow(&lo, &hi, b->cyc[i].xmax[k * (size_t)b->nvar + (size_t)var]);
		}
	/* Rinzel's overlay: the trajectories are on the same axes */
	for (k = 0; sc->dg.pvar >= 0 && k < sc->r->ntraj; k++) {
		const struct traj *tr = &sc->r->trajs[k];
		nv = (size_t)tr->dim;
		for (i = 0; i < (int)tr->n; i++)
			grow(&lo, &hi, tr->y[(size_t)i * nv + (size_t)var]);
	}
	if (!(lo < hi)) {
		lo = isfinite(lo) ? lo - 1 : -1;
		hi = isfinite(hi) ? hi + 1 : 1;
	}
	m = 0.05 * (hi - lo);
	v->ylo = lo - m;
	v->yhi = hi + m;
}

/* A polyline of n points (x[k], y[k*stride]) with styles by stable[k]. */
struct polyline {
	const double *x, *y;
	size_t n, stride;
	const unsigned char *stable;
	int color_stable, color_unstable;
	char glyph_stable, glyph_unstable;
};

static void
draw_polyline(struct canvas *c, const struct dmap *mp, const struct polyline *pl)
{
	double phase = 0, px0 = 0, py0 = 0;
	size_t k;

	for (k = 0; k < pl->n; k++) {
		double px, py;
		to_px(mp, pl->x[k], pl->y[k * pl->stride], &px, &py);
		if (k > 0 && isfinite(px) && isfinite(py) && isfinite(px0) && isfinite(py0)) {
			/* the segment takes the stability of both ends, unstable if either is */
			int st = pl->stable[k - 1] && pl->stable[k];
			canvas_line_ex(c, px0, py0, px, py, st ? pl->color_stable : pl->color_unstable,
			    st ? LINE_SOLID : LINE_DASHED, st ? pl->glyph_stable : pl->glyph_unstable,
			    &phase);
		}
		px0 = px;
		py0 = py;
	}
}

static void
draw_branches(struct canvas *c, const struct dmap *mp, const struct scene *sc)
{
	const struct bif_result *b = sc->r->bif;
	size_t nv = (size_t)b->nvar, var = (size_t)sc->dg.var;
	int i;

	for (i = 0; i < b->neq; i++) {
		const struct bif_eqbranch *e = &b->eq[i];
		struct polyline pl = {e->p, e->x + var, e->n, nv, e->stable, COLOR_STABLE,
		    COLOR_UNSTABLE, '#', ':'};
		draw_polyline(c, mp, &pl);
	}
	for (i = 0; i < b->ncyc; i++) {
		const struct bif_cycbranch *cb = &b->cyc[i];
		struct polyline hi = {cb->p, cb->xmax + var, cb->n, nv, cb->stable, COLOR_CYCLE,
		    COLOR_CYCLE, '=', '~'};
		struct polyline lo = hi;
		lo.y = cb->xmin + var;
		draw_polyline(c, mp, &hi);
		draw_polyline(c, mp, &lo);
	}
}

/* Rinzel's overlay: each trajectory on (slow variable, variable). */
static void
draw_overlay(struct canvas *c, const struct dmap *mp, const struct scene *sc)
{
	size_t i, k;

	for (i = 0; i < sc->r->ntraj; i++) {
		const struct traj *tr = &sc->r->trajs[i];
		double px0 = 0, py0 = 0;
		for (k = 0; k < tr->n; k++) {
			const double *y = tr->y + k * (size_t)tr->dim;
			double px, py;
			to_px(mp, y[sc->dg.pvar], y[sc->dg.var], &px, &py);
			if (k > 0 && (c->mode != CANVAS_ASCII || k + 1 == tr->n ||
			    hypot(px - px0, 2 * (py - py0)) >= 1.0))
				canvas_line(c, px0, py0, px, py, 1 + (int)(i % NCOLORS));
			else if (k > 0)
				continue;
			px0 = px;
			py0 = py;
		}
	}
}

/* The special points' labels at their places, in the frame's interior. */
static void
draw_points(struct canvas *c, const struct dmap *mp, const struct scene *sc,
    const struct plot_frame *f)
{
	const struct bif_result *b = sc->r->bif;
	int i;

	for (i = 0; i < b->npt; i++) {
		const struct bif_point *pt = &b->pt[i];
		double px, py;
		int col, row;
		to_px(mp, pt->p, pt->x[sc->dg.var], &px, &py);
		if (!isfinite(px) || !isfinite(py))
			continue;
		col = (int)floor(px / mp->sw);
		row = (int)floor(py / mp->sh);
		if (col <= f->left || col >= f->right || row <= f->top || row >= f->bottom)
			continue;
		canvas_text(c, col, row, plot_bif_label(pt->kind), COLOR_POINT);
	}
}

/* The key: every special point with its parameter value, in the top-left corner. */
static void
draw_key(struct canvas *c, const struct scene *sc, const struct plot_frame *f)
{
	const struct bif_result *b = sc->r->bif;
	int i, row = f->top + 1, w = f->right - f->left - 1;
	char buf[128];

	for (i = 0; i < b->npt && row < f->bottom; i++, row++) {
		const struct bif_point *pt = &b->pt[i];
		if (i == KEY_MAX - 1 && b->npt > KEY_MAX) {
			snprintf(buf, sizeof buf, "and %d more", b->npt - i);
			i = b->npt;
		} else if (pt->kind == BIF_HOPF && isfinite(pt->l1)) {
			snprintf(buf, sizeof buf, "%-3s %s=%.6g %s", plot_bif_label(pt->kind),
			    sc->dg.pname, pt->p, pt->l1 < 0 ? "super" : "sub");
		} else {
			snprintf(buf, sizeof buf, "%-3s %s=%.6g", plot_bif_label(pt->kind), sc->dg.pname,
			    pt->p);
		}
		if ((int)strlen(buf) > w)
			buf[w > 0 ? w : 0] = '\0';
		canvas_text(c, f->left + 1, row, buf, COLOR_POINT);
	}
}

static int
text_width(const char *s)
{
	int w = 0;
	uint32_t cp;

	while (*s) {
		s += utf8_decode(s, &cp);
		w++;
	}
	return w;
}

/* The legend on the top row, right-aligned: what the lines mean, as many items as fit. */
static void
draw_legend(struct canvas *c, const struct scene *sc, int ynamew)
{
	const struct bif_result *b = sc->r->bif;
	int uni = c->mode == CANVAS_BRAILLE, n = 0, i, room = c->cols - ynamew - 3;
	const char *items[5];
	struct strbuf sb;

	items[n++] = uni ? "\xe2\x94\x81 stable \xe2\x94\x84 unstable" : "# stable : unstable";
	if (b && b->ncyc)
		items[n++] = uni ? "\xe2\x94\x81 cycles" : "= ~ cycles";
	if (b == NULL)
		items[n++] = sc->r->bif_error[0] ? "no diagram" : "computing";
	else if (!sc->r->bif_done)
		items[n++] = "partial";
	if (sc->dg.pvar >= 0 && sc->r->ntraj)
		items[n++] = "trajectory";
	strbuf_init(&sb);
	for (i = 0; i < n; i++) {
		if (text_width(sb.s) + 2 + text_width(items[i]) > room)
			break;
		if (i)
			strbuf_add(&sb, "  ");
		strbuf_add(&sb, items[i]);
	}
	canvas_text(c, c->cols - 1 - text_width(sb.s), 0, sb.s, 0);
	strbuf_fini(&sb);
}

void
plot_diagram(struct canvas *c, const struct scene *sc, struct plot_frame *framep)
{
	struct plot_frame f;
	struct view v;
	struct dmap mp;
	double px, py;

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	plot_diagram_box(sc, &v);
	plot_axes(c, &v, sc->dg.pname, plot_axis_name(sc->m, sc->dg.var), &f);
	if (framep)
		*framep = f;
	mp.sw = c->sw;
	mp.sh = c->sh;
	mp.xlo = v.xlo;
	mp.yhi = v.yhi;
	mp.x0 = (f.left + 1) * c->sw;
	mp.y0 = (f.top + 1) * c->sh;
	mp.sx = (f.right - f.left - 1) * c->sw / (v.xhi - v.xlo);
	mp.sy = (f.bottom - f.top - 1) * c->sh / (v.yhi - v.ylo);
	canvas_set_clip(c, f.left + 1, f.top + 1, f.right, f.bottom);
	/* where the parameter is now: the portrait beside shows this value */
	if (isfinite(sc->dg.now) && sc->dg.now >= v.xlo && sc->dg.now <= v.xhi) {
		double phase = 0;
		to_px(&mp, sc->dg.now, v.yhi, &px, &py);
		canvas_line_ex(c, px, mp.y0, px, (f.bottom) * c->sh - 1, COLOR_FRAME, LINE_DOTTED,
		    '.', &phase);
	}
	if (sc->dg.pvar >= 0)
		draw_overlay(c, &mp, sc);
	if (sc->r->bif) {
		draw_branches(c, &mp, sc);
		draw_points(c, &mp, sc, &f);
		draw_key(c, sc, &f);
	} else if (sc->r->bif_error[0]) {
		canvas_text(c, f.left + 2, f.top + 1, sc->r->bif_error, 0);
	}
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	draw_legend(c, sc, (int)strlen(plot_axis_name(sc->m, sc->dg.var)));
}

static void
offset_frame(struct plot_frame *f, int dcol)
{
	f->left += dcol;
	f->right += dcol;
}

void
plot_panes(const struct scene *sc, int cols, int rows, struct plot_panes *p)
{
	struct plot_rect area = {0, 0, cols, rows};

	memset(p, 0, sizeof *p);
	if (sc->dg.mode == DIAGRAM_ONLY) {
		p->diagram = area;
		p->shown = PANE_DIAGRAM;
		return;
	}
	if (sc->dg.mode == DIAGRAM_BESIDE) {
		/* the diagram on the left half, the views at its parameter on the right */
		p->diagram = area;
		p->diagram.cols = cols / 2;
		area.col = p->diagram.cols;
		area.cols = cols - p->diagram.cols;
		p->shown = PANE_DIAGRAM;
	}
	p->shown |= plot_layout(sc->kind, area.cols, area.rows, &p->portrait, &p->ts);
	p->portrait.col += area.col;
	p->ts.col += area.col;
}

void
plot_scene(struct canvas *c, const struct scene *sc, struct plot_layout *lay)
{
	struct plot_layout l;
	struct plot_panes p;

	memset(&l, 0, sizeof l);
	plot_panes(sc, c->cols, c->rows, &p);
	if (sc->dg.mode == DIAGRAM_OFF) {
		l.has_portrait = plot_views(c, sc, &l.portrait);
	} else if (sc->dg.mode == DIAGRAM_ONLY) {
		l.has_diagram = 1;
		plot_diagram(c, sc, &l.diagram);
		plot_diagram_box(sc, &l.diagram_box);
	} else {
		int dw = p.diagram.cols;
		struct canvas *left = canvas_new(dw, c->rows, c->mode);
		struct canvas *right = canvas_new(c->cols - dw, c->rows, c->mode);
		plot_diagram(left, sc, &l.diagram);
		plot_diagram_box(sc, &l.diagram_box);
		/* plot_views lays out the right part as plot_panes did */
		l.has_portrait = plot_views(right, sc, &l.portrait);
		canvas_clear(c);
		canvas_blit(c, left, 0, 0);
		canvas_blit(c, right, dw, 0);
		offset_frame(&l.portrait, dw);
		canvas_free(left);
		canvas_free(right);
		l.has_diagram = 1;
	}
	if (lay)
		*lay = l;
}
