/*
 * cmd_save: 'save FILE' writes the state of the session as a script of
 * commands that 'source FILE' (or 'canard FILE') turns back into the same
 * scene: the model, every parameter and initial value, the settings, what
 * is shown, axes, window, size, each trajectory's start (an SGD path as
 * its 'sgd' command) and the nudge binding. The state, not the history:
 * numbers are written so that they read back exactly.
 */
#include "cmd_int.h"

#include "oom.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* v to read back as the very double: records say 0 for -0, a script must not */
static void
exact(struct strbuf *sb, double v)
{
	if (v == 0 && signbit(v))
		strbuf_add(sb, "-0");
	else
		strbuf_num(sb, v);
}

/* " name=value" with the value exact. */
static void
assign(struct strbuf *sb, const char *name, double v)
{
	strbuf_printf(sb, " %s=", name);
	exact(sb, v);
}

/*
 * A preset keeps its name; a file, its absolute path as 'load' found it
 * (quoted when it has spaces), so that the script loads it from any
 * directory. A file gone since, or standard input, is written as it is,
 * with a warning: the script needs it back.
 */
static int
model_line(struct strbuf *sb, struct session *s, struct diag *d)
{
	const struct model *m = s->m;
	const char *path = m->file ? m->file : m->name;
	struct stat st;

	if (strpbrk(path, "\n\r") != NULL)
		return diag_set(d, 0, 0, "the model file's name has a line break, which a "
		    "script cannot hold: rename the file and load it again");
	strbuf_add(sb, "load ");
	cmd_quote(sb, path);
	strbuf_addc(sb, '\n');
	if (m->file == NULL && strchr(m->name, '/') == NULL && strcmp(m->name, "-") != 0)
		return 0;	/* a preset */
	if (strcmp(path, "-") == 0)
		out_note(&s->out, "warning: the model came from standard input: the saved "
		    "session reads it from there again\n");
	else if (stat(path, &st) != 0)
		out_note(&s->out, "warning: the model file '%s' is gone: the saved session "
		    "needs it back to load\n", path);
	return 0;
}

static void
values(struct strbuf *sb, const struct session *s, const double *y)
{
	int i;

	strbuf_add(sb, "set");
	for (i = 0; i < s->m->nvar; i++)
		assign(sb, s->m->var[i], y[i]);
	strbuf_addc(sb, '\n');
}

static void
settings(struct strbuf *sb, const struct session *s)
{
	const struct settings *st = &s->set;
	const char *field = s->field == FIELD_SLOW ? "slow" : s->field == FIELD_FULL ? "full" :
	    "off";
	char b[32];

	strbuf_add(sb, "set");
	assign(sb, cmd_setting_key(s, "tmax", b), st->tmax);
	assign(sb, cmd_setting_key(s, "t0", b), st->t0);
	strbuf_printf(sb, " %s=%s", cmd_setting_key(s, "dir", b), st->dir > 0 ? "forward" : st->dir < 0 ?
	    "backward" : "both");
	strbuf_printf(sb, " %s=%s", cmd_setting_key(s, "method", b), method_name(st->method));
	assign(sb, cmd_setting_key(s, "tol", b), st->rtol);
	assign(sb, cmd_setting_key(s, "atol", b), st->atol);
	assign(sb, cmd_setting_key(s, "dt", b), st->dt);
	strbuf_printf(sb, " %s=%d", cmd_setting_key(s, "nout", b), st->nout);
	assign(sb, cmd_setting_key(s, "dtmax", b), st->dtmax);
	strbuf_printf(sb, " %s=%s", cmd_setting_key(s, "points", b), st->grid ? "grid" : "steps");
	assign(sb, cmd_setting_key(s, "bound", b), st->bound);
	/* the model's own comes back with 'load', and with it XPPAUT's rows
	 * (points=grid); 'set maxstor' would set those too */
	if (st->maxstor != s->m->set.maxstor || st->rows != s->m->set.rows)
		strbuf_printf(sb, " %s=%d", cmd_setting_key(s, "maxstor", b), st->maxstor);
	assign(sb, cmd_setting_key(s, "trans", b), st->trans);
	strbuf_printf(sb, " %s=%lu\n", cmd_setting_key(s, "seed", b), st->seed);
	if (s->jobs > 0)
		strbuf_printf(sb, "set %s=%d\n", cmd_setting_key(s, "jobs", b), s->jobs);
	/* the memory budget is the process's: written when it is not the default */
	if (oom_budget_limit() != OOM_MAXMEM_DEFAULT)
		strbuf_printf(sb, "set %s=%zu\n", cmd_setting_key(s, "maxmem", b), oom_budget_limit() >> 20);
	strbuf_printf(sb, "set %s=%s", cmd_setting_key(s, "field", b), field);
	strbuf_printf(sb, " %s=%s", cmd_setting_key(s, "manifold", b),
	    s->show_manifold ? "on" : "off");
	strbuf_printf(sb, " %s=%s\n", cmd_setting_key(s, "nullclines", b),
	    s->show_nullclines ? "on" : "off");
}

static int
script(struct strbuf *sb, struct session *s, struct diag *d)
{
	const struct model *m = s->m;
	size_t k;
	int i;

	strbuf_add(sb, "# canard session: 'source' this file, or run 'canard FILE'\n");
	if (model_line(sb, s, d) < 0)
		return -1;
	strbuf_add(sb, "set");
	for (i = 0; i < m->npar; i++)
		if (!model_par_is_input(m, i))
			assign(sb, m->par[i], s->par[i]);
	strbuf_addc(sb, '\n');
	settings(sb, s);
	strbuf_printf(sb, "axes %s %s\n", plot_axis_name(m, s->view.xvar),
	    plot_axis_name(m, s->view.yvar));
	if (s->auto_window) {
		strbuf_add(sb, "window auto\n");
	} else {
		strbuf_add(sb, "window ");
		exact(sb, s->view.xlo);
		strbuf_addc(sb, ' ');
		exact(sb, s->view.xhi);
		strbuf_addc(sb, ' ');
		exact(sb, s->view.ylo);
		strbuf_addc(sb, ' ');
		exact(sb, s->view.yhi);
		strbuf_addc(sb, '\n');
	}
	strbuf_printf(sb, "size %dx%d\n", s->cols, s->rows);
	if (s->kind != VIEW_PORTRAIT) {
		static const char *const kind[] = {"portrait", "time", "both"};
		strbuf_printf(sb, "view %s\naxes t", kind[s->kind]);
		for (i = 0; i < s->nts; i++)
			strbuf_printf(sb, " %s", plot_axis_name(m, s->ts_var[i]));
		strbuf_addc(sb, '\n');
	}
	/* each start is a whole state: the initial data set to it, then 'traj' */
	for (k = 0; k < s->nseed; k++) {
		int dir = s->seed_dir ? s->seed_dir[k] : JOB_DIR_SET;
		const struct sgd_run *run = s->seed_sgd ? &s->seed_sgd[k] : NULL;
		values(sb, s, s->seeds + k * (size_t)m->nvar);
		if (run && run->on) {
			/* a network trained from this start, not the ODE's path */
			strbuf_add(sb, "sgd");
			if (run->d > 0)
				strbuf_printf(sb, " d=%d", run->d);
			if (run->width > 0)
				strbuf_printf(sb, " width=%d", run->width);
			strbuf_printf(sb, " seed=%lu\n", run->seed);
			continue;
		}
		strbuf_printf(sb, "traj%s\n", dir == 1 ? " forward" : dir == -1 ? " back" :
		    dir == 0 ? " both" : "");
	}
	values(sb, s, s->init);
	if (s->nudge_par >= 0 && s->nudge_factor > 1) {
		strbuf_printf(sb, "nudge %s *", m->par[s->nudge_par]);
		exact(sb, s->nudge_factor);
		strbuf_addc(sb, '\n');
	} else if (s->nudge_par >= 0 && s->nudge_step > 0) {
		strbuf_printf(sb, "nudge %s ", m->par[s->nudge_par]);
		exact(sb, s->nudge_step);
		strbuf_addc(sb, '\n');
	}
	/* the diagram last: it is traced from the values above */
	if (s->bif.on) {
		static const char *const mode[] = {"off", "only", "beside"};
		strbuf_printf(sb, "bif %s ", session_bif_name(s));
		exact(sb, s->bif.lo);
		strbuf_addc(sb, ' ');
		exact(sb, s->bif.hi);
		strbuf_printf(sb, " %s\ndiagram %s\n", m->var[s->bif.var], mode[s->bif.mode]);
	}
	return 0;
}

int
cmd_save(struct session *s, int argc, char **argv, struct diag *d)
{
	struct strbuf sb;
	(void)argc;

	strbuf_init(&sb);
	if (script(&sb, s, d) < 0) {
		strbuf_fini(&sb);
		return -1;
	}
	/* '-': the script is the answer, on standard output, as export writes */
	if (strcmp(argv[1], "-") == 0) {
		out_printf(&s->out, "%s", sb.s);
		strbuf_fini(&sb);
		return 0;
	}
	if (write_file_atomic(argv[1], sb.s, sb.len) < 0) {
		int e = errno;
		strbuf_fini(&sb);
		return diag_set(d, 0, 0, "cannot write '%s': %s", argv[1], strerror(e));
	}
	strbuf_fini(&sb);
	out_note(&s->out, "saved the session to %s\n", argv[1]);
	return 0;
}
