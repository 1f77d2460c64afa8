/* Helpers shared by the model tests: load a .ode text, or check its refusal. */
#ifndef CANARD_TESTMODEL_H
#define CANARD_TESTMODEL_H

#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "model.h"
#include "solve.h"

/* The model of text (caller frees it), or fail with the load's message. */
static inline struct model *
load(const char *text)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	if (m == NULL)
		fail_msg("model did not load: %d:%d: %s", d.line, d.col, d.msg);
	return m;
}

/* The preset presets/NAME.ode (caller frees it), or fail with the load's message. */
static inline struct model *
load_preset(const char *name)
{
	struct diag d;
	char path[256];
	struct model *m;

	snprintf(path, sizeof path, "presets/%s.ode", name);
	m = model_load_file(path, &d);
	if (m == NULL)
		fail_msg("%s: %d:%d: %s", path, d.line, d.col, d.msg);
	return m;
}

/* text must be refused at line:col with a message containing want. */
static inline void
load_fails(const char *text, int line, int col, const char *want)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	if (m != NULL)
		fail_msg("loaded, but should fail with '%s'", want);
	if (d.line != line || d.col != col || strstr(d.msg, want) == NULL)
		fail_msg("got %d:%d: %s\nwant %d:%d: ...%s...", d.line, d.col, d.msg, line, col, want);
}

/* text must be refused on that line with a message containing want (any column). */
static inline void
load_fails_line(const char *text, int line, const char *want)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);
	if (m != NULL)
		fail_msg("loaded, but should fail with '%s'", want);
	if (d.line != line || strstr(d.msg, want) == NULL)
		fail_msg("got %d: %s\nwant %d: ...%s...", d.line, d.msg, line, want);
}

/* m's path from its initial data and parameters under settings s, into tr (initialised here). */
static inline void
run_settings(const struct model *m, struct settings *s, struct traj *tr)
{
	traj_init(tr, m->nvar);
	solve_traj(m, m->par_value, m->init, s, 1, tr, NULL, NULL);
}

#endif
