/*
 * expr: the expression compiler. Lexer and parser (column-exact errors), the
 * tree, symbolic derivative, simplifier, and a flat compiled form evaluated
 * without recursion.
 *
 * Definitions are shared, not copied: a struct expr_lets holds temporaries,
 * one per definition, user-function call (function and arguments) and
 * derivative of a temporary, each built, simplified and differentiated once.
 * Trees refer to them by EXPR_TMP leaves, so the size of everything grows
 * linearly with the model, however often a definition is used (expr_let.c).
 *
 * Names resolve through a symbol table the caller fills (time t, state
 * variables, parameters, named definitions, user functions). expr knows
 * nothing of models, GSL or screens.
 *
 * Ownership: every function returning a struct expr * returns a new tree the
 * caller frees with expr_free, unless it says it consumes its argument.
 */
#ifndef CANARD_EXPR_H
#define CANARD_EXPR_H

#include "diag.h"
#include "util.h"

enum expr_kind {
	EXPR_NUM,	/* num */
	EXPR_T,		/* the independent variable */
	EXPR_VAR,	/* state variable id: reads y[id] */
	EXPR_PAR,	/* parameter id: reads p[id] */
	EXPR_TMP,	/* temporary id of an expr_lets (a shared definition) */
	EXPR_DEF,	/* named definition id (expanded away before compiling) */
	EXPR_ARG,	/* argument id of the user function being parsed */
	EXPR_UCALL,	/* user function id with nargs args (expanded away) */
	EXPR_FN,	/* built-in function id with 1..3 args */
	EXPR_NEG, EXPR_NOT,
	EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV, EXPR_POW,
	EXPR_LT, EXPR_GT, EXPR_LE, EXPR_GE, EXPR_EQ, EXPR_NE,
	EXPR_AND, EXPR_OR,
	EXPR_IF		/* args: condition, then, else */
};

#define EXPR_MAX_ARGS 9

struct expr {
	enum expr_kind kind;
	int id;
	double num;
	int col;		/* 1-based source column, 0 if synthetic */
	int height;		/* longest path to a leaf; kept by the parser only */
	int nargs;
	struct expr *args[];	/* nargs children (flexible array) */
};

/* Built-in functions. */
enum expr_fn {
	FN_SIN, FN_COS, FN_TAN, FN_ASIN, FN_ACOS, FN_ATAN, FN_ATAN2,
	FN_SINH, FN_COSH, FN_TANH, FN_EXP, FN_LN, FN_LOG10, FN_SQRT,
	FN_ABS, FN_SIGN, FN_HEAV, FN_MIN, FN_MAX, FN_MOD, FN_FLOOR, FN_CEIL,
	FN_ERF, FN_ERFC,
	/* inputs: the model replaces these by values the integrator supplies at each
	 * step (random draws, delayed states); never folded, never compiled */
	FN_NORMAL, FN_RAN, FN_DELAY,
	FN_COUNT
};
const char *expr_fn_name(int fn);
int expr_fn_arity(int fn);
double expr_fn_apply(int fn, double a, double b);
/* Nonzero for the input functions (normal, ran, delay): not a function of their arguments alone. */
int expr_fn_is_input(int fn);

/* ---- symbol table ---- */

enum sym_kind { SYM_T, SYM_VAR, SYM_PAR, SYM_DEF, SYM_FUNC };

struct expr_symtab;

struct expr_symtab *expr_symtab_new(void);
void expr_symtab_free(struct expr_symtab *st);
/*
 * Declare a name. For SYM_VAR/SYM_PAR/SYM_DEF/SYM_FUNC the returned id counts
 * within its kind, in declaration order. Returns -1 if the name exists.
 * nargs is the arity for SYM_FUNC, ignored otherwise.
 */
int expr_symtab_add(struct expr_symtab *st, const char *name, enum sym_kind kind, int nargs);
/* Look up a name; returns 0 and fills kind/id (and nargs) or -1. */
int expr_symtab_find(const struct expr_symtab *st, const char *name, enum sym_kind *kind,
    int *id, int *nargs);
/* The declared spelling of kind/id, or NULL. */
const char *expr_symtab_name(const struct expr_symtab *st, enum sym_kind kind, int id);
int expr_symtab_count(const struct expr_symtab *st, enum sym_kind kind);
/* Every declared name, for suggestions; the caller frees the array, not the names. */
const char **expr_symtab_names(const struct expr_symtab *st, int *n);
/* Give a definition or function its body; the table takes ownership. */
void expr_symtab_set_body(struct expr_symtab *st, enum sym_kind kind, int id, struct expr *body);
const struct expr *expr_symtab_body(const struct expr_symtab *st, enum sym_kind kind, int id);
/* Where a definition or function is written (line, column of its body), for messages. */
void expr_symtab_set_place(struct expr_symtab *st, enum sym_kind kind, int id, int line, int col);
void expr_symtab_place(const struct expr_symtab *st, enum sym_kind kind, int id, int *line,
    int *col);

/* ---- trees ---- */

struct expr *expr_num(double v);
struct expr *expr_leaf(enum expr_kind kind, int id);
struct expr *expr_node(enum expr_kind kind, int id, int nargs, struct expr *a, struct expr *b,
    struct expr *c);
struct expr *expr_copy(const struct expr *e);
void expr_free(struct expr *e);
int expr_equal(const struct expr *a, const struct expr *b);
/* Count of nodes, for tests and for refusing absurd sizes. */
size_t expr_size(const struct expr *e);

/*
 * Parse text. argnames (nargs of them) are the arguments of a user function
 * body being parsed, which shadow every other name. Unknown names are errors
 * with a suggestion. On error returns NULL and fills d (col relative to text,
 * from 1; line left 0).
 */
struct expr *expr_parse(const char *text, const struct expr_symtab *st,
    const char *const *argnames, int nargs, struct diag *d);

/* Symbolic derivative of a tree of t, variables and parameters (no temporaries)
 * with respect to leaf kind/id (EXPR_VAR, EXPR_PAR or EXPR_T), simplified. */
struct expr *expr_diff(const struct expr *e, enum expr_kind wrt, int id);

/* Simplify: fold constants and drop neutral elements. Consumes e. */
struct expr *expr_simplify(struct expr *e);

/* Infix text of a tree, names from st (st may be NULL: v0, p0, ...). */
void expr_print(const struct expr *e, const struct expr_symtab *st, struct strbuf *sb);

/* Evaluate a tree directly (recursive; for tests and one-off constants). */
double expr_eval_tree(const struct expr *e, double t, const double *y, const double *p);

/* ---- shared definitions (expr_let.c) ---- */

struct expr_lets;

/* Temporaries for the definitions and functions of st, which must outlive them. */
struct expr_lets *expr_lets_new(const struct expr_symtab *st);
void expr_lets_free(struct expr_lets *L);
/*
 * A private copy of L's temporaries, to differentiate and compile further on
 * another thread while L stays shared read-only (a loaded model is
 * immutable). A copy cannot expand new expressions.
 */
struct expr_lets *expr_lets_copy(const struct expr_lets *L);
/*
 * Expand a parsed tree: every definition and every distinct user-function call
 * becomes a temporary (or, when it simplifies to a number or a single name, that
 * leaf), built once however often it is used. The result refers to t, variables,
 * parameters and L's temporaries. Fails (NULL, d filled with the line and column
 * of the offending definition when known) on recursion or a missing body; after a
 * failure L may only be freed. Walks are iterative over definitions, so a chain of
 * any length needs no deep C stack.
 */
struct expr *expr_lets_expand(struct expr_lets *L, const struct expr *e, struct diag *d);
/* Derivative of an expanded tree; the chain rule goes through the temporaries,
 * whose derivatives become temporaries too (each built once per wrt). */
struct expr *expr_lets_diff(struct expr_lets *L, const struct expr *e, enum expr_kind wrt,
    int id);
/* Value of an expanded tree (compiles and runs it once; for one-off values). */
double expr_lets_eval(const struct expr_lets *L, const struct expr *e, double t,
    const double *y, const double *p);
int expr_lets_count(const struct expr_lets *L);
const struct expr *expr_lets_body(const struct expr_lets *L, int id);

/*
 * The value of a parsed expression of t, variables, parameters and the
 * definitions and functions of st, at one point (a throw-away expr_lets).
 * Returns 0, or -1 with d filled.
 */
int expr_value(const struct expr *e, const struct expr_symtab *st, double t, const double *y,
    const double *p, double *out, struct diag *d);

/* ---- compiled programs ---- */

struct expr_prog;

/*
 * Compile nout expanded trees into one flat program that writes out[0..nout-1].
 * Trees are not consumed. L (may be NULL) holds the temporaries they refer to:
 * the program computes each reachable temporary once, before the outputs, in a
 * slot that is reused when its last reader is done; a temporary read only once
 * is inlined, so a model without sharing compiles as if there were no
 * temporaries. Fails (NULL, d filled) when an expression is too deep for the
 * fixed evaluation stack.
 */
struct expr_prog *expr_compile(struct expr *const *outs, int nout, struct diag *d);
struct expr_prog *expr_lets_compile(const struct expr_lets *L, struct expr *const *outs,
    int nout, struct diag *d);
void expr_prog_free(struct expr_prog *p);
/* Evaluate; no recursion, safe from several threads at once. No allocation
 * unless more than EXPR_SLOTS_ON_STACK temporaries are live at once. */
#define EXPR_SLOTS_ON_STACK 256
void expr_prog_eval(const struct expr_prog *prog, double t, const double *y, const double *p,
    double *out);
int expr_prog_nout(const struct expr_prog *prog);
size_t expr_prog_length(const struct expr_prog *prog);

#endif
