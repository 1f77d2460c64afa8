/*
 * cmd_learn: 'sgd', a real network trained on the model's declared setting,
 * added as a trajectory (computed with the others: learn.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_int.h"
#include "learn.h"
#include "util.h"

static int
sgd_option(struct sgd_run *run, const char *arg, struct diag *d)
{
	const char *eq = strchr(arg, '=');
	size_t kl = eq ? (size_t)(eq - arg) : 0;
	int v;

	if (eq == NULL)
		return diag_set(d, 0, 0, "expected KEY=VALUE, not '%s' (keys: d, width, seed)", arg);
	if (kl == 1 && name_eqn(arg, "d", 1)) {
		if (parse_int(eq + 1, 2, 1000000, &run->d) < 0)
			return diag_set(d, 0, 0, "d must be an integer from 2 to 1000000, not '%s'",
			    eq + 1);
	} else if (kl == 5 && name_eqn(arg, "width", 5)) {
		if (parse_int(eq + 1, 1, 100000, &run->width) < 0)
			return diag_set(d, 0, 0, "width must be an integer from 1 to 100000, not '%s'",
			    eq + 1);
	} else if (kl == 4 && name_eqn(arg, "seed", 4)) {
		if (parse_int(eq + 1, 0, 2000000000, &v) < 0)
			return diag_set(d, 0, 0, "seed must be an integer from 0 to 2000000000, not "
			    "'%s'", eq + 1);
		run->seed = (unsigned long)v;
	} else
		return diag_set(d, 0, 0, "unknown sgd option '%.*s' (options: d, width, seed)",
		    (int)kl, arg);
	return 0;
}

int
cmd_sgd(struct session *s, int argc, char **argv, struct diag *d)
{
	struct sgd_run run = {1, 0, 0, 1};
	struct sgd_setup su;
	const char *why;
	char lr[32], ratio[32], m0[32], a0[32];
	int i;

	for (i = 1; i < argc; i++)
		if (sgd_option(&run, argv[i], d) < 0)
			return -1;
	why = learn_setup(s->m, s->par, s->init, &run, &su);
	if (why)
		return diag_set(d, 0, 0, "%s", why);
	session_add_sgd_seed(s, s->init, &run);
	fmt_num(lr, sizeof lr, su.lr);
	fmt_num(ratio, sizeof ratio, su.ratio);
	fmt_num(m0, sizeof m0, su.m0);
	fmt_num(a0, sizeof a0, su.a0);
	out_printf(&s->out, "sgd traj=%zu d=%d width=%d batch=%d seed=%lu lr=%s ratio=%s "
	    "%s=%s %s=%s steps=%.0f\n", s->nseed, su.d, su.width, su.batch, su.seed, lr, ratio,
	    s->m->var[s->m->sgd->m_var], m0, s->m->var[s->m->sgd->a_var], a0,
	    ceil(s->set.tmax * su.d / su.lr - 1e-9));
	return 0;
}
