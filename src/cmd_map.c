/*
 * cmd_map: 'map', a two-dimensional grid of outcomes. Without a command each
 * cell is one trajectory's fate (fatemap, on the pool); with one, each cell
 * runs the command and its answer is the cell's class. One record a cell,
 * in cell order, then the map is shown in place of the portrait. 'map read'
 * turns records (of several shards, in any order) back into the picture.
 * In the live view a fate map is the worker's: the command makes the empty
 * map and asks for its cells (session map_want), which fill it in as they
 * come; no records are printed there.
 */
#include "cmd_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fatemap.h"
#include "readin.h"

#define MAX_CELLS 1000000

/* An axis by name: a parameter, or a variable's initial value. */
static int
resolve_axis(struct session *s, const char *name, struct fatemap_axis *a, struct diag *d)
{
	a->par = model_par_index(s->m, name);
	a->var = a->par < 0 ? model_var_index(s->m, name) : -1;
	if (a->par < 0 && a->var < 0)
		return cmd_unknown_parameter(s, name, d);
	a->name = a->par >= 0 ? s->m->par[a->par] : s->m->var[a->var];
	return 0;
}

static int
parse_axis(struct session *s, char **argv, struct fatemap_axis *a, struct diag *d)
{
	if (resolve_axis(s, argv[0], a, d) < 0 ||
	    cmd_need_number(argv[1], "LO", &a->lo, d) < 0 ||
	    cmd_need_number(argv[2], "HI", &a->hi, d) < 0)
		return -1;
	if (parse_int(argv[3], 1, 10000, &a->n) < 0)
		return diag_set(d, 0, 0, "map N must be a whole number from 1 to 10000, not '%s'",
		    argv[3]);
	if (a->hi < a->lo)
		return diag_set(d, 0, 0, "map needs LO <= HI for '%s', got %s and %s", a->name,
		    argv[1], argv[2]);
	return cmd_need_width("map axis", a->lo, a->hi, d);
}

/* A fresh results_map of the grid, no cell computed yet. */
static struct results_map *
map_new(const struct fatemap_axis *a1, const struct fatemap_axis *a2)
{
	struct results_map *mp = xcalloc(1, sizeof *mp);
	int i;

	mp->name1 = xstrdup(a1->name);
	mp->name2 = xstrdup(a2->name);
	mp->n1 = a1->n;
	mp->n2 = a2->n;
	mp->v1 = xmalloc((size_t)a1->n * sizeof *mp->v1);
	mp->v2 = xmalloc((size_t)a2->n * sizeof *mp->v2);
	for (i = 0; i < a1->n; i++)
		mp->v1[i] = fatemap_value(a1, i);
	for (i = 0; i < a2->n; i++)
		mp->v2[i] = fatemap_value(a2, i);
	mp->cls = xcalloc((size_t)a1->n * (size_t)a2->n, sizeof *mp->cls);
	return mp;
}

/* Digits of the largest cell index: cell numbers are zero-padded so that sort orders them. */
static int
cell_width(size_t total)
{
	int w = 1;

	while (total > 10) {
		total /= 10;
		w++;
	}
	return w;
}

struct map_out {
	struct session *s;
	struct results_map *mp;
	int width;
};

static void
record_head(struct strbuf *sb, const struct map_out *o, size_t k, double v1, double v2)
{
	strbuf_printf(sb, "map cell=%0*zu %s=", o->width, k, o->mp->name1);
	strbuf_num(sb, v1);
	strbuf_printf(sb, " %s=", o->mp->name2);
	strbuf_num(sb, v2);
}

/* One fate cell: its record, and its class into the map. */
static void
fate_cell(void *ctx, size_t k, const struct fatemap_cell *c)
{
	struct map_out *o = ctx;
	static const char *const end_name[] = {"equilibrium", "cycle", "escape", "running"};
	const char *colon = strchr(c->cls, ':');
	struct strbuf sb;

	strbuf_init(&sb);
	record_head(&sb, o, k, c->v1, c->v2);
	strbuf_printf(&sb, " end=%s", end_name[c->end]);
	if (c->end == FATE_EQUILIBRIUM && colon)
		strbuf_printf(&sb, " type=%s", colon + 1);
	if (c->end == FATE_CYCLE) {
		strbuf_add(&sb, " period=");
		strbuf_num(&sb, c->period);
	}
	if (c->end == FATE_ESCAPE) {
		strbuf_add(&sb, " t=");
		strbuf_num(&sb, c->t_end);
	}
	if (o->s->m->feature_var >= 0)
		strbuf_printf(&sb, " outcome=%s", c->learned == 1 ? "learning" :
		    c->learned == 0 ? "unlearning" : "none");
	strbuf_printf(&sb, " class=%s\n", c->cls);
	out_printf(&o->s->out, "%s", sb.s);
	strbuf_fini(&sb);
	o->mp->cls[k] = xstrdup(c->cls);
}

/*
 * Whether a record's value is a measurement (it varies continuously): it
 * starts as a number and is not a whole one (complex eigenvalues, lists and
 * coordinates included). Words and counts are not.
 */
static int
is_measure(const char *v, size_t n)
{
	char buf[64], *end;
	double x;

	if (n == 0)
		return 0;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	x = strtod(buf, &end);
	if (end == buf)
		return 0;
	return *end != '\0' || x != floor(x);
}

/*
 * The class of a command's answer: its first line without the leading word,
 * keeping the pairs whose value is a word or a count and dropping measures
 * (coordinates, periods), joined as key:value,key:value.
 */
static char *
answer_class(const char *text)
{
	struct strbuf sb;
	const char *p = text, *eol = strchr(text, '\n');
	const char *end = eol ? eol : text + strlen(text);

	strbuf_init(&sb);
	while (p < end && *p != ' ')
		p++;
	while (p < end) {
		const char *w, *eq;
		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		eq = memchr(w, '=', (size_t)(p - w));
		if (eq == NULL || is_measure(eq + 1, (size_t)(p - eq - 1)))
			continue;
		if (sb.len)
			strbuf_addc(&sb, ',');
		strbuf_addn(&sb, w, (size_t)(eq - w));
		strbuf_addc(&sb, ':');
		strbuf_addn(&sb, eq + 1, (size_t)(p - eq - 1));
	}
	if (sb.len == 0)
		strbuf_add(&sb, "none");
	return strbuf_take(&sb);
}

static void
capture(void *ctx, const char *text)
{
	strbuf_add(ctx, text);
}

static void
set_axis_value(struct session *s, const struct fatemap_axis *a, double v)
{
	fatemap_apply_axis(a, v, s->par, s->init);
	session_invalidate(s);
}

/* Each cell runs text on the session with the cell's values; its answer is the class. */
static int
command_map(struct session *s, const struct fatemap_axis *a1, const struct fatemap_axis *a2,
    const char *text, struct map_out *o)
{
	double save1 = a1->par >= 0 ? s->par[a1->par] : s->init[a1->var];
	double save2 = a2->par >= 0 ? s->par[a2->par] : s->init[a2->var];
	size_t total = (size_t)a1->n * (size_t)a2->n, k;
	struct out keep = s->out;
	int rc = 0;

	for (k = 0; k < total && !s->quit; k++) {
		struct cmd_loc loc = {"map", (int)k + 1};
		double v1 = fatemap_value(a1, (int)(k % (size_t)a1->n));
		double v2 = fatemap_value(a2, (int)(k / (size_t)a1->n));
		struct strbuf ans, rec;
		const char *sp;

		if (s->shard_n > 1 && (int)(k % (size_t)s->shard_n) != s->shard_k - 1)
			continue;
		if (s->sync_stop && s->sync_stop(s->sync_stop_arg))
			break;
		set_axis_value(s, a1, v1);
		set_axis_value(s, a2, v2);
		strbuf_init(&ans);
		s->out.print = capture;
		s->out.ctx = &ans;
		if (cmd_exec_line(s, text, &loc) < 0)
			rc = -1;
		s->out = keep;
		o->mp->cls[k] = answer_class(ans.s ? ans.s : "");
		strbuf_init(&rec);
		record_head(&rec, o, k, v1, v2);
		strbuf_printf(&rec, " class=%s", o->mp->cls[k]);
		/* the answer's own pairs follow, so that its measures are kept too */
		sp = ans.s ? strchr(ans.s, ' ') : NULL;
		if (sp) {
			const char *eol = strchr(sp, '\n');
			strbuf_addn(&rec, sp, eol ? (size_t)(eol - sp) : strlen(sp));
		}
		out_printf(&s->out, "%s\n", rec.s);
		strbuf_fini(&rec);
		strbuf_fini(&ans);
	}
	set_axis_value(s, a1, save1);
	set_axis_value(s, a2, save2);
	return rc;
}

static int
map_compute(struct session *s, int argc, char **argv, struct diag *d)
{
	struct fatemap_axis a1, a2;
	struct map_out o;
	size_t total;
	int i, rc = 0;

	if (argc < 9)
		return diag_set(d, 0, 0, "usage: map P1 LO HI N P2 LO HI M [COMMAND]");
	if (parse_axis(s, argv + 1, &a1, d) < 0 || parse_axis(s, argv + 5, &a2, d) < 0)
		return -1;
	if (a1.par == a2.par && a1.var == a2.var)
		return diag_set(d, 0, 0, "map needs two different names, got '%s' twice", a1.name);
	total = (size_t)a1.n * (size_t)a2.n;
	if (total > MAX_CELLS)
		return diag_set(d, 0, 0, "map of %zu cells is more than %d", total, MAX_CELLS);
	if (argc > 9 && (cmd_is(argv[9], "map") || cmd_is(argv[9], "sweep")))
		return diag_set(d, 0, 0, "a map's command cannot be another map or sweep");
	o.s = s;
	o.mp = map_new(&a1, &a2);
	o.width = cell_width(total);
	if (argc == 9 && s->async) {
		/* the live view: the worker computes the cells, the pane fills in */
		o.mp->id = ++s->map_id;
		s->map_want = 1;
		s->map_a1 = a1;
		s->map_a2 = a2;
		s->map_serial = s->serial;
		out_note(&s->out, "map %s x %s: %zu cells fill in as they come (Ctrl-C stops)\n",
		    a1.name, a2.name, total);
	} else if (argc > 9) {
		struct strbuf cmd;
		strbuf_init(&cmd);
		for (i = 9; i < argc; i++) {
			if (i > 9)
				strbuf_addc(&cmd, ' ');
			cmd_quote(&cmd, argv[i]);
		}
		int was = s->sweeping;
		if (!was)
			s->sweeping = 1;	/* nothing inside may start a sweep */
		rc = command_map(s, &a1, &a2, cmd.s, &o);
		if (!was)
			s->sweeping = 0;
		strbuf_fini(&cmd);
	} else {
		struct fatemap_req q;
		struct fatemap_cell *cells = xcalloc(total, sizeof *cells);
		memset(&q, 0, sizeof q);
		q.m = s->m;
		q.par = s->par;
		q.init = s->init;
		q.set = s->set;
		q.a1 = a1;
		q.a2 = a2;
		q.shard_k = s->shard_k;
		q.shard_n = s->shard_n;
		q.threads = session_threads(s);
		q.stop = s->sync_stop;
		q.stop_arg = s->sync_stop_arg;
		if (fatemap_compute(&q, cells, fate_cell, &o))
			rc = diag_set(d, 0, 0, "map interrupted: the cells computed so far were printed");
		free(cells);
	}
	results_map_free(s->res.map);
	s->res.map = o.mp;
	s->show_map = 1;
	if (rc < 0 && d->msg[0] == '\0')
		diag_set(d, 0, 0, "the map's command failed");
	return rc;
}

/* ---- map read: records back into a picture ---- */

struct rec {
	double v1, v2;
	char *cls;
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The distinct values of v (n of them), sorted, into out; returns how many. */
static int
distinct(double *v, size_t n)
{
	size_t i, m = 0;

	qsort(v, n, sizeof *v, cmp_double);
	for (i = 0; i < n; i++)
		if (m == 0 || v[m - 1] != v[i])
			v[m++] = v[i];
	return (int)m;
}

static int
index_of(const double *v, int n, double x)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (v[mid] == x)
			return mid;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* key=value pair number i (0-based, after the leading word) of a record line; 0 when absent. */
static int
pair(const char *line, int i, const char **key, size_t *klen, const char **val, size_t *vlen)
{
	const char *p = strchr(line, ' ');
	int k;

	for (k = 0; p; k++) {
		const char *w = p + 1, *e = w, *eq;
		while (*e && *e != ' ' && *e != '\n')
			e++;
		eq = memchr(w, '=', (size_t)(e - w));
		if (eq && k == i) {
			*key = w;
			*klen = (size_t)(eq - w);
			*val = eq + 1;
			*vlen = (size_t)(e - eq - 1);
			return 1;
		}
		p = *e == ' ' ? e : NULL;
	}
	return 0;
}

static int
parse_record(const char *line, struct rec *r, char **n1, char **n2)
{
	const char *k, *v;
	size_t kl, vl;
	char buf[64];
	int i;

	/* map cell=K NAME1=V1 NAME2=V2 ... class=C */
	for (i = 1; i <= 2; i++) {
		if (!pair(line, i, &k, &kl, &v, &vl) || vl >= sizeof buf)
			return -1;
		memcpy(buf, v, vl);
		buf[vl] = '\0';
		if (parse_double(buf, i == 1 ? &r->v1 : &r->v2) < 0)
			return -1;
		if (*(i == 1 ? n1 : n2) == NULL)
			*(i == 1 ? n1 : n2) = xstrndup(k, kl);
		else if (strlen(*(i == 1 ? n1 : n2)) != kl || strncmp(*(i == 1 ? n1 : n2), k, kl))
			return -2;
	}
	for (i = 3; pair(line, i, &k, &kl, &v, &vl); i++)
		if (kl == 5 && strncmp(k, "class", 5) == 0) {
			r->cls = xstrndup(v, vl);
			return 0;
		}
	return -1;
}

static int
map_read(struct session *s, const char *path, struct diag *d)
{
	size_t len, n = 0, cap = 0, i;
	char *text = readin(path, &len, d), *line, *next;
	struct rec *recs = NULL;
	char *n1 = NULL, *n2 = NULL;
	struct results_map *mp;
	double *xs, *ys;
	int lineno = 0, rc = 0, col;

	if (text == NULL)
		return -1;
	if (readin_nul(text, len, &lineno, &col)) {
		free(text);
		return diag_set(d, lineno, col, "%s: a NUL byte at line %d, column %d: map records "
		    "are text", path, lineno, col);
	}
	lineno = 0;
	for (line = text; line && *line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (strncmp(line, "map ", 4) != 0)
			continue;
		grow_array((void **)&recs, &cap, n + 1, sizeof *recs);
		switch (parse_record(line, &recs[n], &n1, &n2)) {
		case 0:
			n++;
			break;
		case -2:
			rc = diag_set(d, lineno, 0, "%s: a record of another map (names differ)", path);
			break;
		default:
			rc = diag_set(d, lineno, 0, "%s: not a map record (map cell=K P1=.. P2=.. "
			    "... class=..)", path);
		}
	}
	if (rc == 0 && n == 0)
		rc = diag_set(d, 0, 0, "%s has no map records", path);
	if (rc < 0) {
		for (i = 0; i < n; i++)
			free(recs[i].cls);
		free(recs);
		free(n1);
		free(n2);
		free(text);
		return -1;
	}
	xs = xmalloc(n * sizeof *xs);
	ys = xmalloc(n * sizeof *ys);
	for (i = 0; i < n; i++) {
		xs[i] = recs[i].v1;
		ys[i] = recs[i].v2;
	}
	mp = xcalloc(1, sizeof *mp);
	mp->name1 = n1;
	mp->name2 = n2;
	mp->n1 = distinct(xs, n);
	mp->n2 = distinct(ys, n);
	mp->v1 = xs;
	mp->v2 = ys;
	mp->cls = xcalloc((size_t)mp->n1 * (size_t)mp->n2, sizeof *mp->cls);
	for (i = 0; i < n; i++) {
		size_t k = (size_t)index_of(ys, mp->n2, recs[i].v2) * (size_t)mp->n1 +
		    (size_t)index_of(xs, mp->n1, recs[i].v1);
		free(mp->cls[k]);
		mp->cls[k] = recs[i].cls;
	}
	free(recs);
	free(text);
	results_map_free(s->res.map);
	s->res.map = mp;
	s->show_map = 1;
	out_note(&s->out, "read %zu map records: %d x %d cells\n", n, mp->n1, mp->n2);
	return 0;
}

int
cmd_map(struct session *s, int argc, char **argv, struct diag *d)
{
	if (argc >= 2 && name_eq(argv[1], "read")) {
		if (argc != 3)
			return diag_set(d, 0, 0, "usage: map read FILE");
		s->map_want = 0;	/* a live map still computing is replaced */
		return map_read(s, argv[2], d);
	}
	if (argc == 2 && name_eq(argv[1], "show")) {
		if (s->res.map == NULL)
			return diag_set(d, 0, 0, "no map yet: 'map P1 LO HI N P2 LO HI M' makes one");
		s->show_map = 1;
		return 0;
	}
	if (s->m == NULL)
		return diag_set(d, 0, 0, "'map' needs a model: 'load NAME' first (try 'load "
		    "vanderpol')");
	s->map_want = 0;
	return map_compute(s, argc, argv, d);
}
