/*
 * model: variables, parameters, equations, the fast/slow split and the
 * integration settings a model file suggests; compiles the right-hand side
 * and its exact Jacobian. Reads the XPPAUT .ode subset (model_ode.c) and
 * finds presets (preset.c). Knows nothing of GSL, threads or screens.
 */
#ifndef CANARD_MODEL_H
#define CANARD_MODEL_H

#include "diag.h"
#include "expr.h"

enum solve_method {
	METHOD_AUTO, METHOD_RK2, METHOD_RK4, METHOD_RKF45, METHOD_RKCK, METHOD_RK8PD,
	METHOD_RK1IMP, METHOD_RK2IMP, METHOD_RK4IMP, METHOD_BSIMP, METHOD_MSADAMS, METHOD_MSBDF,
	/* fixed step dt, as XPPAUT's euler, modeuler (Heun) and rungekutta (classical RK4) */
	METHOD_EULER, METHOD_MODEULER, METHOD_RUNGEKUTTA,
	METHOD_COUNT
};
const char *method_name(enum solve_method m);
/* An XPPAUT meth= value (first letter decides; canard's names too), or -1. */
int model_xpp_method(const char *v);
/* Nonzero for the fixed-step methods (step dt, no error control). */
int method_is_fixed(enum solve_method m);
/* By canard name (rk8pd, msbdf, ...); -1 if unknown. */
int method_lookup(const char *name);

/* Integration settings: plain data, copied into every job. */
struct settings {
	double t0;		/* start time */
	double tmax;		/* length of each trajectory in time (> 0) */
	int dir;		/* +1 forward, -1 backward, 0 both */
	double dt;		/* output step (XPPAUT's dt); the step of fixed-step methods */
	int nout;		/* fixed-step methods: a row every nout steps (XPPAUT's njmp) */
	double dtmax;		/* largest adaptive step; 0 = no limit */
	int grid;		/* 1: keep XPPAUT's rows t0 + k*dt*nout; 0: every accepted step */
	double rtol, atol;
	double bound;		/* a trajectory stops when any |variable| exceeds it */
	int maxstor;		/* most points kept per trajectory */
	int rows;		/* points=grid: most rows kept, XPPAUT's maxstor (its
				 * default 5000 unless the file or 'set maxstor' says) */
	double trans;		/* time before points are kept */
	enum solve_method method;
	unsigned long seed;	/* noise: the same seed gives the same paths */
	unsigned long stream;	/* noise stream of one trajectory (the job sets its index) */
};
void settings_default(struct settings *s);

/*
 * Inputs: hidden parameters whose values the integrator supplies at each step.
 * wiener names, and one per normal()/ran() call, are drawn afresh; delay()
 * reads the history. With every input at 0 (delays: the current state) the
 * model is its deterministic skeleton, which the analysis studies.
 */
enum par_input { INPUT_NONE, INPUT_WIENER, INPUT_NORMAL, INPUT_UNIFORM, INPUT_DELAY,
	INPUT_ALGEBRAIC,	/* 'solv z': the root of the model's '0=' constraints */
	INPUT_GILL		/* an entry of a Gillespie special, drawn at each step */
};

/* delay(var, tau): parameter par holds var(t - tau); tau is delay_tau[k]. */
struct model_delay {
	int par;
	int var;
};

/* 'global sign {cond} {x=..; y=..}': when cond crosses 0 in the direction of sign. */
struct model_event {
	int sign;		/* +1 upward, -1 downward, 0 either way */
	int nreset;
	int *reset_var;		/* variables assigned */
	struct expr **reset;	/* new values, all from the state before the reset */
	struct expr_prog *reset_prog;
};

struct model {
	int refs;		/* owners: the session and running jobs (atomic) */
	char *name;		/* preset name or file path */
	char *file;		/* the file's absolute path when 'load' read a file (for
				 * 'save'); NULL for a preset or standard input */
	char *title;		/* one line; never NULL */
	char *note;		/* what to look at; may be "" */

	struct expr_symtab *syms;	/* owns definitions and functions */
	struct expr_lets *lets;	/* owns the temporaries rhs, aux_expr and jac refer to */

	int nvar;
	char **var;		/* declared spelling */
	char **rhs_text;	/* equations as written */
	struct expr **rhs;	/* expanded trees (definitions are lets temporaries) */
	double *init;

	int npar;
	char **par;
	double *par_value;	/* values as loaded (defaults) */
	unsigned char *par_hidden;	/* 'number' constants */

	int naux;
	char **aux;
	char **aux_text;	/* as written */
	struct expr **aux_expr;	/* expanded trees */

	/* fast/slow split from '# canard:' lines; nfast = 0 means none */
	int nfast, nslow;
	int *fast, *slow;	/* variable indices */
	int eps_par;		/* parameter index of the small parameter, or -1 */
	int feature_var;	/* '# canard: feature=VAR': nonzero means learned; or -1 */

	/* view suggested by the file; has_window 0 means autoscale */
	int xp, yp;		/* axis codes (below); xp = MODEL_AXIS_T: the time series of yp,
				 * XPPAUT's view of a file that names no xp */
	double *fold;		/* nvar periods: '@ fold=x, tor_per=P' draws x modulo P
				 * (0: not folded); NULL when the file folds nothing */
	int has_window;
	double xlo, xhi, ylo, yhi;
	struct settings set;

	/* compiled forms; jac is nvar*nvar row-major (d rhs_i / d y_j), then nvar d rhs_i / dt */
	struct expr **jac;
	struct expr_prog *rhs_prog, *jac_prog, *aux_prog;

	char *warnings;		/* accepted-but-ignored options, one per line; may be "" */

	/* noise, delays, events, maps (model_ext.c) */
	unsigned char *par_input;	/* npar entries of enum par_input */
	int nrandom;		/* inputs drawn at each step: the model is stochastic */
	int ndelay;
	struct model_delay *delay;
	struct expr **delay_tau;	/* ndelay trees (expanded once the reader is done) */
	struct expr_prog *delay_prog;	/* the ndelay delays */
	struct expr **rhs_step;	/* with delays: rhs reading the delay slots; else NULL */
	struct expr_prog *step_prog;	/* the integrator's right-hand side when rhs_step */
	double max_delay;	/* '@ delay=': history kept (0: from the delays' values) */
	struct expr **history;	/* nvar formulas of t for t < t0, or NULL (initial data) */
	struct expr_prog *history_prog;
	int nevent;
	struct model_event *event;
	struct expr **event_cond;	/* nevent expanded trees */
	struct expr_prog *event_prog;
	int is_map;		/* x(t+1)= or meth=discrete: rhs gives the next iterate */

	/*
	 * Algebraic constraints ('0= g' lines, 'solv z=guess'): nalg residuals
	 * g(t, y, z) that the integrator drives to zero at every evaluation for the
	 * nalg input parameters alg_par (their par_value is the first guess).
	 * alg_prog writes the residuals, then d g_i / d z_j row-major.
	 */
	int nalg;
	int *alg_par;
	struct expr **alg_expr;	/* nalg expanded residuals */
	struct expr_prog *alg_prog;

	/*
	 * Markov chains ('markov z N' and N rows of rates {r_i0} ... {r_i,N-1}):
	 * the last nmarkov variables, with right-hand side 0 and values 0..N-1.
	 * Before each fixed step of length dt the chain in state i draws one
	 * uniform u and jumps to the first j != i (in order) at which the running
	 * sum of r_ij dt reaches u (XPPAUT's rule). They make the model stochastic.
	 */
	int nmarkov;
	int *markov_var;	/* variable index */
	int *markov_nstates;
	int *markov_first;	/* index of its r_00 in markov_rate (rows of N) */
	int nrates;
	struct expr **markov_rate;	/* every chain's rates, expanded */
	struct expr_prog *markov_prog;	/* writes the nrates rates */

	/*
	 * Gillespie specials ('special z=gill(0, r1, r2, ...)'): inputs z(0) ..
	 * z(n) (gill_par[g] is z(0)'s parameter). Before each step, with the
	 * rates r_k (formulas) summing to R > 0: z(0) = -ln(u1)/R, the time to the
	 * next reaction, and z(k) = 1 for the reaction drawn (the first k with
	 * u2*R below r_1 + ... + r_k), 0 for the others; with R = 0 no reaction
	 * fires and z(0) keeps its value (XPPAUT's rule).
	 */
	int ngill;
	int *gill_par;
	int *gill_nrxn;
	int *gill_first;	/* its first rate in gill_rate */
	int ngill_rates;
	struct expr **gill_rate;	/* every Gillespie special's rates, expanded */
	struct expr_prog *gill_prog;

	struct model_sgd *sgd;	/* the SGD setting it declares ('# canard: sgd=...'), or NULL */

	/* named sets ('set NAME {a=1, x=2}'): the assignments as written, unapplied */
	int nsets;
	char **set_name, **set_body;
};

/*
 * Read a model from .ode text. source names the file in messages. Returns a
 * new model (free with model_free) or NULL with d filled (line, column, reason).
 */
struct model *model_from_ode(const char *text, const char *source, struct diag *d);
/* Load a file; NULL with d filled when it cannot be read or parsed. */
struct model *model_load_file(const char *path, struct diag *d);
/*
 * A model is immutable once loaded, so jobs on another thread share it:
 * model_ref adds an owner, model_free drops one and frees with the last.
 */
struct model *model_ref(struct model *m);
void model_free(struct model *m);

/* Index of a variable or parameter by name (case-insensitive), or -1. */
int model_var_index(const struct model *m, const char *name);
/*
 * Axis codes: a variable's index, MODEL_AXIS_T for time, MODEL_AXIS_AUX(k)
 * for aux column k (trajectories carry their aux values, solve.h); every code
 * below 0 is not a state coordinate. MODEL_AXIS_NONE: no such name.
 */
#define MODEL_AXIS_T (-1)
#define MODEL_AXIS_AUX(k) (-2 - (k))
#define MODEL_AXIS_NONE (-1000000000)
int model_axis_index(const struct model *m, const char *name);
/* The name an axis code shows ("t" for time). */
const char *model_axis_name(const struct model *m, int code);
int model_par_index(const struct model *m, const char *name);

/* Finish a parsed model: expand, differentiate, compile. Used by the reader. */
int model_compile(struct model *m, struct diag *d);

/* ---- noise, delays, events (model_ext.c) ---- */

/* Add a hidden input parameter named name; returns its index. */
int model_add_input(struct model *m, const char *name, enum par_input kind);
/*
 * Replace normal(), ran() and delay() calls in the parsed tree *e by input
 * parameters (each normal/ran call its own draw; equal delays share a slot).
 * Returns 0, or -1 with d filled (col 0: the caller gives the place).
 */
int model_lower_inputs(struct model *m, struct expr **e, struct diag *d);
/* A copy of a lowered tree with every delay slot read as the current state. */
struct expr *model_skeleton(const struct model *m, const struct expr *e);
/*
 * A 'global' line after its command word: rest points into line_text (for
 * columns). Variables must be declared. Returns 0 or -1 with d filled.
 */
int model_add_global(struct model *m, const char *line_text, const char *rest, int line,
    struct diag *d);
/* Compile what model_ext added (delays, events, history); called by model_compile. */
int model_ext_compile(struct model *m, struct diag *d);
void model_ext_free(struct model *m);
/* 1 if parameter i is an input (not for the user to set). */
int model_par_is_input(const struct model *m, int i);

/* ---- the SGD setting a model declares (model_sgd.c) ---- */

/*
 * '# canard: sgd=M,A sgd_target=LIST sgd_student=LIST sgd_lr=Q [sgd_ratio=Q]
 * [sgd_batch=Q] [sgd_d=N] [sgd_width=N]': the network that 'sgd' trains and
 * the variables its order parameters are (alignment M, second-layer scale A).
 * LISTs are Hermite coefficients of h_0, h_1, ... (up to 8); each entry and
 * each Q is a parameter name or a number, so 'set' moves them.
 */
#define MODEL_SGD_MAX 8
struct model_qty {
	int par;		/* parameter index, or -1 for the constant val */
	double val;
};
struct model_sgd {
	int m_var, a_var;	/* variable indices */
	int nc, ns;
	struct model_qty c[MODEL_SGD_MAX];	/* target link */
	struct model_qty s[MODEL_SGD_MAX];	/* student activation */
	struct model_qty lr, ratio, batch;	/* eta_w = lr/d, eta_a = ratio*eta_w */
	int d, width;		/* defaults for the 'sgd' command */
};
/* Its value at parameter values par. */
double model_qty_value(const struct model_qty *q, const double *par);
/*
 * Read the 'sgd' keys collected from '# canard:' lines (text holds one
 * "key=value" a line, all from line `line`) once names are known; sets
 * m->sgd. Returns 0, or -1 with d filled.
 */
int model_sgd_read(struct model *m, const char *text, int line, struct diag *d);
/* Whether a '# canard:' key (of length n) belongs to the SGD setting. */
int model_sgd_key(const char *key, size_t n);

/* ---- presets (preset.c) ---- */

/*
 * Resolve NAME to a preset file: $CANARD_PRESETS, presets/ next to the
 * running binary, then the installed directory. Returns a malloc'd path or NULL.
 */
char *preset_path(const char *name);
/* Names of all presets found, sorted, NULL-terminated; free with strv_free. */
char **preset_list(void);
/* The directories searched, in order, as "A, B, C" (malloc'd). */
char *preset_places(void);

#endif
