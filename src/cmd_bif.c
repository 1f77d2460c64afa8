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

/* Variable name as the diagram's vertical axis: one of the problem's variables. */
static int
diagram_var(struct session *s, const char *name, struct diag *d)
{
	const struct model *m = s->m;
	int v = model_var_index(m, name), k, in = s->bif.pvar < 0;

	for (k = 0; v >= 0 && s->bif.pvar >= 0 && k < m->nfast; k++)
		in |= m->fast[k] == v;
	if (v < 0 || !in || v == s->bif.pvar)
		return diag_set(d, 0, 0, "'%s' is not a variable of the diagram's problem%s", name,
		    s->bif.pvar >= 0 ? " (the layer problem's variables are the fast ones)" : "");
	s->bif.var = v;
	return 0;
}

int
cmd_bif(struct session *s, int argc, char **argv, struct diag *d)
{
	struct bif_names nm;
	struct bif_req req;
	double lo, hi;
	int ppar, pvar;

	ppar = model_par_index(s->m, argv[1]);
	pvar = ppar < 0 ? model_var_index(s->m, argv[1]) : -1;
	if (ppar < 0 && pvar < 0)
		return cmd_unknown_parameter(s, argv[1], d);
	if (cmd_eval_value(s, "bif LO", argv[2], &lo, d) < 0 ||
	    cmd_eval_value(s, "bif HI", argv[3], &hi, d) < 0)
		return -1;
	/* a request that cannot work is refused here, not on the worker */
	memset(&req, 0, sizeof req);
	req.m = s->m;
	req.ppar = ppar;
	req.pvar = pvar;
	req.lo = lo;
	req.hi = hi;
	if (bif_check(&req, d) < 0)
		return -1;
	/* the live view shows it beside the portrait; a script prints it alone */
	session_bif_request(s, ppar, pvar, lo, hi, s->async ? DIAGRAM_BESIDE : DIAGRAM_ONLY);
	if (argc > 4 && diagram_var(s, argv[4], d) < 0) {
		s->bif.on = 0;
		return -1;
	}
	if (s->async) {
		/* the worker computes it; the view fills in as branches arrive */
		out_note(&s->out, "diagram of %s in %g..%g: a click on it sets %s there\n", argv[1],
		    lo, hi, argv[1]);
		return 0;
	}
	if (session_run_bif(s, s->sync_stop, s->sync_stop_arg) < 0) {
		s->bif.on = 0;
		return diag_set(d, 0, 0, "%s", s->res.bif_error[0] ? s->res.bif_error :
		    "no diagram could be made");
	}
	nm.m = s->m;
	nm.par = session_bif_name(s);
	nm.b = s->res.bif;
	if (nm.b->note[0])
		out_printf(&s->out, "bif note=\"%s\"\n", nm.b->note);
	print_eq(s, &nm);
	print_cycles(s, &nm);
	print_points(s, &nm);
	if (!s->res.bif_done)
		return diag_set(d, 0, 0, "bif interrupted: the branches traced so far were printed");
	return 0;
}

int
cmd_diagram(struct session *s, int argc, char **argv, struct diag *d)
{
	static const char *const modes[] = {"off", "only", "beside"};
	int i;
	(void)argc;

	if (!s->bif.on)
		return diag_set(d, 0, 0, "no diagram: 'bif PAR LO HI' first");
	for (i = 0; i < 3; i++)
		if (name_eq(argv[1], modes[i])) {
			s->bif.mode = (enum diagram_mode)i;
			s->serial++;
			return 0;
		}
	if (model_var_index(s->m, argv[1]) < 0)
		return diag_set(d, 0, 0, "'diagram' takes only, beside, off or a variable, not '%s'",
		    argv[1]);
	if (diagram_var(s, argv[1], d) < 0)
		return -1;
	if (s->bif.mode == DIAGRAM_OFF)
		s->bif.mode = DIAGRAM_ONLY;
	return 0;
}
