/*
 * cmd_bif: 'bif PAR LO HI', the bifurcation diagram in a parameter (or, given
 * the slow variable of a fast-slow model, the layer problem: Rinzel's
 * dissection) as logfmt records keyed by the model's names:
 *   equilibrium branch=B PAR=... VAR=... stability=stable|unstable
 *   point type=fold|hopf|branch|lpc|pd|homoclinic PAR=... VAR=... [l1=...]
 *   cycle branch=B PAR=... period=... min_VAR=... max_VAR=... stability=...
 * Numbers are printed so that they read back exactly.
 */
#include "cmd_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bif.h"

/* " name=value", the value in the fewest digits that read back to the same double. */
static void
add_num(struct strbuf *sb, const char *name, double v)
{
	char buf[40];
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof buf, "%.17g", v);
	strbuf_printf(sb, " %s=%s", name, buf);
}

struct bif_names {
	const struct model *m;
	const char *par;	/* the continuation parameter's name */
	const struct bif_result *b;
};

/* The problem's variables of the full state x. */
static void
add_state(struct strbuf *sb, const struct bif_names *nm, const double *x)
{
	int i;

	for (i = 0; i < nm->m->nvar; i++)
		if (i >= 16 || nm->b->var_in[i])
			add_num(sb, nm->m->var[i], x[i]);
}

static void
print_eq(struct session *s, const struct bif_names *nm)
{
	const struct bif_result *b = nm->b;
	int i;
	size_t k;

	for (i = 0; i < b->neq; i++) {
		const struct bif_eqbranch *br = &b->eq[i];
		for (k = 0; k < br->n; k++) {
			struct strbuf sb;
			strbuf_init(&sb);
			strbuf_printf(&sb, "equilibrium branch=%d", i + 1);
			add_num(&sb, nm->par, br->p[k]);
			add_state(&sb, nm, br->x + k * (size_t)b->nvar);
			strbuf_printf(&sb, " stability=%s\n", br->stable[k] ? "stable" : "unstable");
			out_printf(&s->out, "%s", sb.s);
			strbuf_fini(&sb);
		}
	}
}

static void
print_cycles(struct session *s, const struct bif_names *nm)
{
	const struct bif_result *b = nm->b;
	int i, v;
	size_t k;

	for (i = 0; i < b->ncyc; i++) {
		const struct bif_cycbranch *cb = &b->cyc[i];
		for (k = 0; k < cb->n; k++) {
			struct strbuf sb;
			strbuf_init(&sb);
			strbuf_printf(&sb, "cycle branch=%d", i + 1);
			add_num(&sb, nm->par, cb->p[k]);
			add_num(&sb, "period", cb->period[k]);
			for (v = 0; v < b->nvar; v++) {
				char key[80];
				if (v < 16 && !b->var_in[v])
					continue;
				snprintf(key, sizeof key, "min_%s", nm->m->var[v]);
				add_num(&sb, key, cb->xmin[k * (size_t)b->nvar + (size_t)v]);
				snprintf(key, sizeof key, "max_%s", nm->m->var[v]);
				add_num(&sb, key, cb->xmax[k * (size_t)b->nvar + (size_t)v]);
			}
			strbuf_printf(&sb, " stability=%s\n", cb->stable[k] ? "stable" : "unstable");
			out_printf(&s->out, "%s", sb.s);
			strbuf_fini(&sb);
		}
	}
}

static void
print_points(struct session *s, const struct bif_names *nm)
{
	const struct bif_result *b = nm->b;
	int i;

	for (i = 0; i < b->npt; i++) {
		const struct bif_point *pt = &b->pt[i];
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_printf(&sb, "point type=%s", bif_kind_name(pt->kind));
		add_num(&sb, nm->par, pt->p);
		add_state(&sb, nm, pt->x);
		if (pt->kind == BIF_HOPF && isfinite(pt->l1))
			add_num(&sb, "l1", pt->l1);
		if (pt->kind == BIF_HOPF)
			add_num(&sb, "omega", pt->omega);
		if (pt->kind != BIF_HOPF && isfinite(pt->period))
			add_num(&sb, "period", pt->period);
		strbuf_printf(&sb, " %s=%d\n", pt->kind >= BIF_LPC ? "cycle" : "branch",
		    pt->branch + 1);
		out_printf(&s->out, "%s", sb.s);
		strbuf_fini(&sb);
	}
}

/* Where to look for equilibria: the window for the plotted variables. */
static void
search_box(const struct session *s, double *vlo, double *vhi)
{
	int i;

	for (i = 0; i < s->m->nvar; i++) {
		vlo[i] = vhi[i] = 0;	/* around the initial data */
		if (i == s->view.xvar) {
			vlo[i] = s->view.xlo;
			vhi[i] = s->view.xhi;
		} else if (i == s->view.yvar) {
			vlo[i] = s->view.ylo;
			vhi[i] = s->view.yhi;
		}
	}
}

int
cmd_bif(struct session *s, int argc, char **argv, struct diag *d)
{
	struct bif_req r;
	struct bif_result *b;
	struct bif_names nm;
	double *vlo, *vhi;
	(void)argc;

	memset(&r, 0, sizeof r);
	r.m = s->m;
	r.par = s->par;
	r.state = s->init;
	r.ppar = model_par_index(s->m, argv[1]);
	r.pvar = r.ppar < 0 ? model_var_index(s->m, argv[1]) : -1;
	if (r.ppar < 0 && r.pvar < 0)
		return cmd_unknown_parameter(s, argv[1], d);
	if (cmd_eval_value(s, "bif LO", argv[2], &r.lo, d) < 0 ||
	    cmd_eval_value(s, "bif HI", argv[3], &r.hi, d) < 0)
		return -1;
	vlo = xcalloc((size_t)s->m->nvar * 2, sizeof *vlo);
	vhi = vlo + s->m->nvar;
	search_box(s, vlo, vhi);
	r.vlo = vlo;
	r.vhi = vhi;
	r.cycles = 1;
	r.should_stop = s->sync_stop;
	r.stop_arg = s->sync_stop_arg;
	b = bif_compute(&r, d);
	free(vlo);
	if (b == NULL)
		return -1;
	nm.m = s->m;
	nm.par = r.ppar >= 0 ? s->m->par[r.ppar] : s->m->var[r.pvar];
	nm.b = b;
	if (b->note[0])
		out_printf(&s->out, "bif note=\"%s\"\n", b->note);
	print_eq(s, &nm);
	print_cycles(s, &nm);
	print_points(s, &nm);
	bif_result_free(b);
	return 0;
}
