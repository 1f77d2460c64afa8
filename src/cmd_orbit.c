/*
 * cmd_orbit: 'orbit PAR LO HI N [VAR] [drop=D] [keep=K]', a map's orbit
 * diagram. For N values of PAR the map is iterated from the initial data,
 * D iterates are dropped and K kept; one record per value says where the
 * orbit ends (the vocabulary of 'fate' for maps) with the range of VAR, and
 * the diagram (VAR against PAR) is shown in place of the portrait.
 */
#include "cmd_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "orbit.h"

/* drop=D or keep=K; anything else is an error naming the options. */
static int
parse_option(const char *arg, int *drop, int *keep, struct diag *d)
{
	const char *eq = strchr(arg, '=');
	size_t kl = eq ? (size_t)(eq - arg) : 0;

	if (kl == 4 && name_eqn(arg, "drop", 4)) {
		if (parse_int(eq + 1, 0, 100000000, drop) < 0)
			return diag_set(d, 0, 0, "drop must be a whole number from 0 to 100000000, "
			    "not '%s'", eq + 1);
		return 0;
	}
	if (kl == 4 && name_eqn(arg, "keep", 4)) {
		if (parse_int(eq + 1, 1, 100000, keep) < 0)
			return diag_set(d, 0, 0, "keep must be a whole number from 1 to 100000, not "
			    "'%s'", eq + 1);
		return 0;
	}
	return diag_set(d, 0, 0, "unknown orbit option '%s' (options: drop=D, keep=K)", arg);
}

/* min_VAR and max_VAR over the kept iterates of value k. */
static void
add_range(struct strbuf *sb, const struct orbit_diagram *o, int k, int var, const char *name)
{
	double lo = INFINITY, hi = -INFINITY;
	int j;

	for (j = 0; j < o->keep; j++) {
		double y = o->y[((size_t)k * (size_t)o->keep + (size_t)j) * (size_t)o->nvar +
		    (size_t)var];
		if (isfinite(y)) {
			lo = fmin(lo, y);
			hi = fmax(hi, y);
		}
	}
	if (!(lo <= hi))
		return;
	strbuf_printf(sb, " min_%s=", name);
	strbuf_num(sb, lo);
	strbuf_printf(sb, " max_%s=", name);
	strbuf_num(sb, hi);
}

static void
print_record(struct session *s, const struct orbit_diagram *o, int k, int var)
{
	const struct map_fate *f = &o->fate[k];
	struct strbuf sb;
	int q, v;

	strbuf_init(&sb);
	strbuf_printf(&sb, "orbit %s=", o->parname);
	strbuf_num(&sb, o->pvals[k]);
	if (f->period < 0)
		strbuf_add(&sb, " end=escape");
	else if (f->period == 0)
		strbuf_add(&sb, " end=aperiodic");
	else {
		if (f->period == 1)
			strbuf_add(&sb, " end=fixed-point period=1");
		else
			strbuf_printf(&sb, " end=cycle period=%d", f->period);
		for (v = 0; v < o->nvar && f->npts > 0; v++) {
			strbuf_printf(&sb, " %s=", s->m->var[v]);
			for (q = 0; q < f->npts; q++) {
				if (q > 0)
					strbuf_addc(&sb, ',');
				strbuf_num(&sb, f->pts[q * o->nvar + v]);
			}
		}
		strbuf_add(&sb, " multiplier=");
		strbuf_num(&sb, f->mult);
	}
	if (f->period >= 0)
		add_range(&sb, o, k, var, s->m->var[var]);
	out_printf(&s->out, "%s\n", sb.s);
	strbuf_fini(&sb);
}

int
cmd_orbit(struct session *s, int argc, char **argv, struct diag *d)
{
	struct orbit_req r;
	struct orbit_diagram *o;
	int i, var = 0, k;

	if (!s->m->is_map)
		return diag_set(d, 0, 0, "'orbit' draws the orbit diagram of a map (x(t+1)= or "
		    "meth=discrete); for a flow try 'bif' or 'sweep'");
	memset(&r, 0, sizeof r);
	r.m = s->m;
	r.par = s->par;
	r.y0 = s->init;
	r.set = &s->set;
	r.drop = 1000;
	r.keep = 200;
	r.stop = s->sync_stop;
	r.stop_arg = s->sync_stop_arg;
	r.ipar = model_par_index(s->m, argv[1]);
	if (r.ipar < 0 || model_par_is_input(s->m, r.ipar))
		return cmd_unknown_parameter(s, argv[1], d);
	if (cmd_need_number(argv[2], "LO", &r.lo, d) < 0 ||
	    cmd_need_number(argv[3], "HI", &r.hi, d) < 0)
		return -1;
	if (r.hi < r.lo)
		return diag_set(d, 0, 0, "orbit needs LO <= HI, got %s and %s", argv[2], argv[3]);
	if (cmd_need_width("orbit range", r.lo, r.hi, d) < 0)
		return -1;
	if (parse_int(argv[4], 1, 100000, &r.n) < 0)
		return diag_set(d, 0, 0, "orbit N must be a whole number from 1 to 100000, not '%s'",
		    argv[4]);
	for (i = 5; i < argc; i++) {
		if (strchr(argv[i], '=')) {
			if (parse_option(argv[i], &r.drop, &r.keep, d) < 0)
				return -1;
		} else if ((var = model_var_index(s->m, argv[i])) < 0) {
			return diag_set(d, 0, 0, "unknown variable '%s' (variables: %s%s)", argv[i],
			    s->m->var[0], s->m->nvar > 1 ? ", ..." : "");
		}
	}
	if ((double)r.n * (double)r.keep * (double)s->m->nvar > 5e7)
		return diag_set(d, 0, 0, "orbit would keep %.0f numbers: lower N or keep= (at most "
		    "5e7)", (double)r.n * (double)r.keep * (double)s->m->nvar);
	o = orbit_compute(&r);
	for (k = 0; k < o->done; k++)
		print_record(s, o, k, var);
	results_set_orbit(&s->res, o, var, s->m->var[var]);
	s->show_map = 0;
	s->show_orbit = 1;
	if (o->done < o->n)
		return diag_set(d, 0, 0, "the orbit diagram was interrupted after %d of %d values",
		    o->done, o->n);
	return 0;
}
