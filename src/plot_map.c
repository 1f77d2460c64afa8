/* plot_map: a fate map as canvas cells. */
#include "plot_map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "results.h"

/* glyphs and colours (canvas palette) of the classes, in the order of their names */
static const char class_glyph[] = "#o+x*%=@&~^$";
#define NGLYPH ((int)sizeof class_glyph - 1)
#define NCOLOR 6

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
plot_map_grid(const struct results_map *mp, struct plot_classgrid *g)
{
	g->xname = mp->name1;
	g->yname = mp->name2;
	g->nx = mp->n1;
	g->ny = mp->n2;
	g->xs = mp->v1;
	g->ys = mp->v2;
	g->cls = (const char *const *)mp->cls;
}

/* The distinct classes, sorted: the same key whatever the order cells came in. */
int
plot_map_classes(const struct plot_classgrid *g, const char ***out)
{
	size_t n = (size_t)g->nx * (size_t)g->ny, k;
	const char **v = malloc((n + 1) * sizeof *v);
	int m = 0, i;

	*out = v;
	if (v == NULL)
		return 0;
	for (k = 0; k < n; k++)
		if (g->cls[k] != NULL)
			v[m++] = g->cls[k];
	qsort(v, (size_t)m, sizeof *v, cmp_str);
	for (i = 0, k = 0; (int)k < m; k++)
		if (i == 0 || strcmp(v[i - 1], v[k]) != 0)
			v[i++] = v[k];
	return i;
}

static int
class_index(const char *const *cls, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(cls[i], name) == 0)
			return i;
	return -1;
}

/* The grid value nearest to x, as an index into vals (n increasing values). */
static int
nearest(const double *vals, int n, double x)
{
	int i, best = 0;

	for (i = 1; i < n; i++)
		if (fabs(vals[i] - x) < fabs(vals[best] - x))
			best = i;
	return best;
}

static void
axis_box(const double *v, int n, double *lo, double *hi)
{
	double h = n > 1 ? (v[n - 1] - v[0]) / (n - 1) : 0;

	if (!(h > 0))
		h = fabs(v[0]) > 0 ? fabs(v[0]) : 1;
	*lo = v[0] - h / 2;
	*hi = v[n - 1] + h / 2;
	/* the axes divide by the width: near the largest numbers, no margin */
	if (!isfinite(*hi - *lo)) {
		*lo = v[0];
		*hi = v[n - 1];
	}
}

void
plot_map_box(const struct plot_classgrid *g, struct view *v)
{
	memset(v, 0, sizeof *v);
	axis_box(g->xs, g->nx, &v->xlo, &v->xhi);
	axis_box(g->ys, g->ny, &v->ylo, &v->yhi);
}

/*
 * The key: "key" and a glyph and name a class, from (col0, top) on, each line
 * cleared to width w first so that it reads over the map (names cut to fit).
 */
static void
draw_key(struct canvas *c, const char *const *cls, int ncls, int col0, int top, int w)
{
	int i, k, row = top;
	char buf[256];

	for (i = -1; i < ncls && row < c->rows; i++, row++) {
		for (k = 0; k < w && col0 + k < c->cols; k++)
			canvas_put(c, col0 + k, row, ' ', 0);
		if (i < 0) {
			canvas_text(c, col0, row, "key", 0);
			continue;
		}
		snprintf(buf, sizeof buf, "%c %.*s", class_glyph[i % NGLYPH], w > 2 ? w - 2 : 0,
		    cls[i]);
		canvas_text(c, col0, row, buf, 1 + i % NCOLOR);
	}
}

void
plot_classgrid(struct canvas *c, const struct plot_classgrid *g)
{
	const char **cls = NULL;
	int ncls, keyw = 0, need, i, col, row;
	struct plot_frame f;
	struct view v;
	struct canvas *inner;

	canvas_clear(c);
	canvas_set_clip(c, 0, 0, c->cols, c->rows);
	if (c->cols < 20 || c->rows < 8 || g->nx < 1 || g->ny < 1) {
		canvas_text(c, 0, 0, "canvas too small", 0);
		return;
	}
	ncls = plot_map_classes(g, &cls);
	for (i = 0; i < ncls; i++)
		if ((int)strlen(cls[i]) + 3 > keyw)
			keyw = (int)strlen(cls[i]) + 3;
	/* the key beside the map when there is room, else over its top-right corner */
	need = keyw;
	if (c->cols - keyw < 30)
		keyw = 0;
	plot_map_box(g, &v);
	inner = canvas_new(c->cols - keyw, c->rows, c->mode);
	plot_axes(inner, &v, g->xname, g->yname, &f);
	for (row = f.top + 1; row < f.bottom; row++)
		for (col = f.left + 1; col < f.right; col++) {
			double x = v.xlo + (col - f.left - 0.5) * (v.xhi - v.xlo) / (f.right - f.left - 1);
			double y = v.yhi - (row - f.top - 0.5) * (v.yhi - v.ylo) / (f.bottom - f.top - 1);
			int i1 = nearest(g->xs, g->nx, x), i2 = nearest(g->ys, g->ny, y);
			const char *name = g->cls[(size_t)i2 * (size_t)g->nx + (size_t)i1];
			int k = name ? class_index(cls, ncls, name) : -1;
			if (k >= 0)
				canvas_put(inner, col, row, (uint32_t)class_glyph[k % NGLYPH],
				    1 + k % NCOLOR);
		}
	for (row = 0; row < c->rows; row++)
		for (col = 0; col < inner->cols; col++)
			c->cells[(size_t)row * (size_t)c->cols + (size_t)col] =
			    inner->cells[(size_t)row * (size_t)inner->cols + (size_t)col];
	canvas_free(inner);
	if (keyw)
		draw_key(c, cls, ncls, c->cols - keyw + 1, f.top, keyw - 1);
	else {
		if (need > f.right - f.left - 1)
			need = f.right - f.left - 1;
		draw_key(c, cls, ncls, f.right - need, f.top + 1, need);
	}
	free(cls);
}
