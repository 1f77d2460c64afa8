/*
 * cmd_int: what the command modules share inside cmd (not for other layers):
 * the handler signature, the analysis commands, and setting one value.
 */
#ifndef CANARD_CMD_INT_H
#define CANARD_CMD_INT_H

#include "cmd.h"
#include "plot.h"

typedef int (*cmd_fn)(struct session *s, int argc, char **argv, struct diag *d);

/* Set NAME to VALUE as 'set NAME=VALUE' would (parameter, variable or setting). */
int cmd_set_value(struct session *s, const char *key, const char *val, struct diag *d);
/* "unknown parameter 'x' (did you mean 'y'?)" into d; returns -1. */
int cmd_unknown_parameter(const struct session *s, const char *name, struct diag *d);
/* Integrate if the results are out of date, reporting trajectories that stopped early. */
void cmd_ensure_results(struct session *s);

/*
 * A whole number string as a finite double, or d filled with what it was for.
 * nan, inf and 1e400 all get cmd_not_finite's sentence.
 */
int cmd_need_number(const char *s, const char *what, double *out, struct diag *d);
/* 1 when the model has a parameter or variable named like a setting (set @NAME reaches the setting). */
int cmd_name_shadows_setting(const struct model *m, const char *name);
/* A setting's name as 'set' reads it back: "@NAME" (in buf) where the model shadows it, else name. */
const char *cmd_setting_key(const struct session *s, const char *name, char buf[32]);
/* 0 when hi - lo is a number (every picture divides by it), else -1 with d saying so. */
int cmd_need_width(const char *what, double lo, double hi, struct diag *d);
/*
 * word as one word of a command line: as it is when it has no space, quote,
 * ';' or '#', else in double quotes with '"' and '\\' escaped by '\\'.
 */
void cmd_quote(struct strbuf *sb, const char *word);
/* Whether word (any case, or a unique prefix) names the command name. */
int cmd_is(const char *word, const char *name);
/* "the value for 'WHAT' is not a finite number" into d; returns -1. */
int cmd_not_finite(const char *what, struct diag *d);
/* A value: a number or an expression of parameters (and initial data), for key. */
int cmd_eval_value(struct session *s, const char *key, const char *val, double *out,
    struct diag *d);

/* cmd_model.c */
int cmd_load(struct session *s, int argc, char **argv, struct diag *d);
int cmd_show(struct session *s, int argc, char **argv, struct diag *d);
int cmd_set(struct session *s, int argc, char **argv, struct diag *d);
int cmd_nudge(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_sets.c */
int cmd_sets(struct session *s, int argc, char **argv, struct diag *d);
int cmd_use(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_view.c */
int cmd_window(struct session *s, int argc, char **argv, struct diag *d);
int cmd_axes(struct session *s, int argc, char **argv, struct diag *d);
int cmd_view(struct session *s, int argc, char **argv, struct diag *d);
int cmd_traj(struct session *s, int argc, char **argv, struct diag *d);
int cmd_clear(struct session *s, int argc, char **argv, struct diag *d);
int cmd_run(struct session *s, int argc, char **argv, struct diag *d);
int cmd_print(struct session *s, int argc, char **argv, struct diag *d);
int cmd_size(struct session *s, int argc, char **argv, struct diag *d);
int cmd_export(struct session *s, int argc, char **argv, struct diag *d);
/*
 * 'export png': the SVG text rendered to a PNG written over path by
 * rsvg-convert when it is installed (cmd_png.c); 0, or -1 with d filled.
 */
int cmd_png_export(const char *svg_text, const char *path, struct diag *d);
/* cmd_save.c */
int cmd_save(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_noise.c */
int cmd_ensemble(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_learn.c */
int cmd_sgd(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_analysis.c */
int cmd_eq(struct session *s, int argc, char **argv, struct diag *d);
int cmd_nullclines(struct session *s, int argc, char **argv, struct diag *d);
int cmd_manifold(struct session *s, int argc, char **argv, struct diag *d);
int cmd_folds(struct session *s, int argc, char **argv, struct diag *d);
int cmd_fate(struct session *s, int argc, char **argv, struct diag *d);
int cmd_sweep(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_orbit.c */
int cmd_orbit(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_map.c */
int cmd_map(struct session *s, int argc, char **argv, struct diag *d);

/* cmd_bif.c */
int cmd_bif(struct session *s, int argc, char **argv, struct diag *d);
int cmd_diagram(struct session *s, int argc, char **argv, struct diag *d);

#endif
