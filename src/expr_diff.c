/*
 * expr_diff: the symbolic derivative and the simplifier that keeps
 * derivatives readable and cheap. Both walk one tree recursively; trees are
 * bounded in height by the parser, and shared definitions are EXPR_TMP leaves
 * (expr_let.c), so the walks stay shallow however long a chain of definitions.
 */
#include "expr.h"
#include "expr_int.h"

#include <math.h>
#include <stdlib.h>

/* ---- simplification ---- */

static int
is_num(const struct expr *e, double v)
{
	return e->kind == EXPR_NUM && e->num == v;
}

static int
is_pure(enum expr_kind k)
{
	return k != EXPR_T && k != EXPR_VAR && k != EXPR_PAR && k != EXPR_DEF &&
	    k != EXPR_ARG && k != EXPR_UCALL && k != EXPR_TMP;
}

/* Replace e by its child i, freeing the rest. */
static struct expr *
take_child(struct expr *e, int i)
{
	struct expr *c = e->args[i];
	e->args[i] = NULL;
	expr_free(e);
	return c;
}

static struct expr *
replace(struct expr *e, struct expr *by)
{
	expr_free(e);
	return by;
}

struct expr *
expr_simplify(struct expr *e)
{
	struct expr *a, *b;
	int i, allnum = 1;

	if (e == NULL)
		return NULL;
	for (i = 0; i < e->nargs; i++) {
		e->args[i] = expr_simplify(e->args[i]);
		if (e->args[i]->kind != EXPR_NUM)
			allnum = 0;
	}
	if (e->nargs > 0 && allnum && is_pure(e->kind) &&
	    !(e->kind == EXPR_FN && expr_fn_is_input(e->id)))
		return replace(e, expr_num(expr_eval_tree(e, 0, NULL, NULL)));
	a = e->nargs > 0 ? e->args[0] : NULL;
	b = e->nargs > 1 ? e->args[1] : NULL;

	switch (e->kind) {
	case EXPR_NEG:
		if (a->kind == EXPR_NEG)
			return take_child(take_child(e, 0), 0);
		break;
	case EXPR_ADD:
		if (is_num(a, 0))
			return take_child(e, 1);
		if (is_num(b, 0))
			return take_child(e, 0);
		if (b->kind == EXPR_NEG) {
			e->kind = EXPR_SUB;
			e->args[1] = take_child(b, 0);
			return e;
		}
		if (a->kind == EXPR_NEG) {
			/* -x + y -> y - x */
			e->kind = EXPR_SUB;
			e->args[0] = b;
			e->args[1] = take_child(a, 0);
			return e;
		}
		break;
	case EXPR_SUB:
		if (is_num(b, 0))
			return take_child(e, 0);
		if (is_num(a, 0)) {
			struct expr *n = expr_node(EXPR_NEG, 0, 1, take_child(e, 1), NULL, NULL);
			return expr_simplify(n);
		}
		if (b->kind == EXPR_NEG) {
			e->kind = EXPR_ADD;
			e->args[1] = take_child(b, 0);
			return e;
		}
		if (expr_equal(a, b))
			return replace(e, expr_num(0));
		break;
	case EXPR_MUL:
		if (is_num(a, 0) || is_num(b, 0))
			return replace(e, expr_num(0));
		if (is_num(a, 1))
			return take_child(e, 1);
		if (is_num(b, 1))
			return take_child(e, 0);
		if (is_num(a, -1))
			return expr_simplify(expr_node(EXPR_NEG, 0, 1, take_child(e, 1), NULL, NULL));
		if (is_num(b, -1))
			return expr_simplify(expr_node(EXPR_NEG, 0, 1, take_child(e, 0), NULL, NULL));
		if (a->kind == EXPR_NEG && b->kind == EXPR_NEG) {
			e->args[0] = take_child(a, 0);
			e->args[1] = take_child(b, 0);
			return e;
		}
		if (a->kind == EXPR_NEG || b->kind == EXPR_NEG) {
			/* pull the sign out: (-x)*y -> -(x*y), so sums can absorb it */
			int k = a->kind == EXPR_NEG ? 0 : 1;
			e->args[k] = take_child(e->args[k], 0);
			return expr_simplify(expr_node(EXPR_NEG, 0, 1, e, NULL, NULL));
		}
		/* constants to the left, and c1*(c2*x) -> (c1*c2)*x */
		if (b->kind == EXPR_NUM && a->kind != EXPR_NUM) {
			e->args[0] = b;
			e->args[1] = a;
			a = e->args[0];
			b = e->args[1];
		}
		if (a->kind == EXPR_NUM && b->kind == EXPR_MUL && b->args[0]->kind == EXPR_NUM) {
			a->num *= b->args[0]->num;
			e->args[1] = take_child(b, 1);
			return expr_simplify(e);
		}
		break;
	case EXPR_DIV:
		if (is_num(b, 1))
			return take_child(e, 0);
		if (is_num(a, 0) && b->kind == EXPR_NUM && b->num != 0)
			return replace(e, expr_num(0));
		/* (c1*x)/c2 -> (c1/c2)*x, as derivatives of x^n/n produce */
		if (b->kind == EXPR_NUM && b->num != 0 && a->kind == EXPR_MUL &&
		    a->args[0]->kind == EXPR_NUM) {
			a->args[0]->num /= b->num;
			return expr_simplify(take_child(e, 0));
		}
		if (a->kind == EXPR_NEG) {
			e->args[0] = take_child(a, 0);
			return expr_simplify(expr_node(EXPR_NEG, 0, 1, e, NULL, NULL));
		}
		break;
	case EXPR_POW:
		if (is_num(b, 1))
			return take_child(e, 0);
		if (is_num(b, 0))
			return replace(e, expr_num(1));
		break;
	case EXPR_IF:
		if (a->kind == EXPR_NUM)
			return take_child(e, a->num != 0 ? 1 : 2);
		if (expr_equal(e->args[1], e->args[2]))
			return take_child(e, 1);
		break;
	default:
		break;
	}
	return e;
}

/* ---- derivative ---- */

static struct expr *
mk1(enum expr_kind k, struct expr *a)
{
	return expr_node(k, 0, 1, a, NULL, NULL);
}

static struct expr *
mk2(enum expr_kind k, struct expr *a, struct expr *b)
{
	return expr_node(k, 0, 2, a, b, NULL);
}

static struct expr *
fn1(int fn, struct expr *a)
{
	return expr_node(EXPR_FN, fn, 1, a, NULL, NULL);
}

#define C(e) expr_copy(e)

/* What to differentiate by, and how to find the derivative of a temporary. */
struct dctx {
	enum expr_kind wrt;
	int id;
	expr_dtmp_fn dtmp;
	void *ctx;
};

static struct expr *diff_rec(const struct expr *e, const struct dctx *c);

/* Derivative of a built-in function call, chain rule included. */
static struct expr *
diff_fn(const struct expr *e, const struct dctx *c)
{
	const struct expr *u = e->args[0];
	const struct expr *v = e->nargs > 1 ? e->args[1] : NULL;
	struct expr *du = diff_rec(u, c), *dv = v ? diff_rec(v, c) : NULL, *r;

	switch (e->id) {
	case FN_SIN: r = mk2(EXPR_MUL, fn1(FN_COS, C(u)), du); break;
	case FN_COS: r = mk1(EXPR_NEG, mk2(EXPR_MUL, fn1(FN_SIN, C(u)), du)); break;
	case FN_TAN:
		r = mk2(EXPR_DIV, du, mk2(EXPR_POW, fn1(FN_COS, C(u)), expr_num(2)));
		break;
	case FN_ASIN:
	case FN_ACOS:
		r = mk2(EXPR_DIV, du, fn1(FN_SQRT, mk2(EXPR_SUB, expr_num(1),
		    mk2(EXPR_POW, C(u), expr_num(2)))));
		if (e->id == FN_ACOS)
			r = mk1(EXPR_NEG, r);
		break;
	case FN_ATAN:
		r = mk2(EXPR_DIV, du, mk2(EXPR_ADD, expr_num(1), mk2(EXPR_POW, C(u), expr_num(2))));
		break;
	case FN_ATAN2:
		/* d atan2(u, v) = (v du - u dv) / (u^2 + v^2) */
		r = mk2(EXPR_DIV, mk2(EXPR_SUB, mk2(EXPR_MUL, C(v), du), mk2(EXPR_MUL, C(u), dv)),
		    mk2(EXPR_ADD, mk2(EXPR_POW, C(u), expr_num(2)), mk2(EXPR_POW, C(v), expr_num(2))));
		dv = NULL;
		break;
	case FN_SINH: r = mk2(EXPR_MUL, fn1(FN_COSH, C(u)), du); break;
	case FN_COSH: r = mk2(EXPR_MUL, fn1(FN_SINH, C(u)), du); break;
	case FN_TANH:
		r = mk2(EXPR_MUL, mk2(EXPR_SUB, expr_num(1),
		    mk2(EXPR_POW, fn1(FN_TANH, C(u)), expr_num(2))), du);
		break;
	case FN_EXP: r = mk2(EXPR_MUL, fn1(FN_EXP, C(u)), du); break;
	case FN_LN: r = mk2(EXPR_DIV, du, C(u)); break;
	case FN_LOG10: r = mk2(EXPR_DIV, du, mk2(EXPR_MUL, C(u), expr_num(M_LN10))); break;
	case FN_SQRT:
		r = mk2(EXPR_DIV, du, mk2(EXPR_MUL, expr_num(2), fn1(FN_SQRT, C(u))));
		break;
	case FN_ABS: r = mk2(EXPR_MUL, fn1(FN_SIGN, C(u)), du); break;
	case FN_MIN:
	case FN_MAX:
		r = expr_node(EXPR_IF, 0, 3, mk2(e->id == FN_MIN ? EXPR_LT : EXPR_GT, C(u), C(v)),
		    du, dv);
		dv = NULL;
		break;
	case FN_MOD:
		/* mod(u,v) = u - v floor(u/v); floor is piecewise constant */
		r = mk2(EXPR_SUB, du, mk2(EXPR_MUL, fn1(FN_FLOOR, mk2(EXPR_DIV, C(u), C(v))), dv));
		dv = NULL;
		break;
	case FN_ERF:
	case FN_ERFC:
		r = mk2(EXPR_MUL, mk2(EXPR_MUL, expr_num(M_2_SQRTPI),
		    fn1(FN_EXP, mk1(EXPR_NEG, mk2(EXPR_POW, C(u), expr_num(2))))), du);
		if (e->id == FN_ERFC)
			r = mk1(EXPR_NEG, r);
		break;
	default:
		/* sign, heav, floor, ceil: piecewise constant */
		expr_free(du);
		r = expr_num(0);
		break;
	}
	expr_free(dv);
	return r;
}

static struct expr *
diff_rec(const struct expr *e, const struct dctx *c)
{
	const struct expr *a = e->nargs > 0 ? e->args[0] : NULL;
	const struct expr *b = e->nargs > 1 ? e->args[1] : NULL;

	switch (e->kind) {
	case EXPR_NUM:
		return expr_num(0);
	case EXPR_T:
	case EXPR_VAR:
	case EXPR_PAR:
		return expr_num(e->kind == c->wrt && (c->wrt == EXPR_T || e->id == c->id) ? 1 : 0);
	case EXPR_TMP:
		/* chain rule: the temporary's own derivative, built once elsewhere */
		if (c->dtmp && c->dtmp(c->ctx, e->id))
			return expr_copy(c->dtmp(c->ctx, e->id));
		return expr_num(NAN);
	case EXPR_NEG:
		return mk1(EXPR_NEG, diff_rec(a, c));
	case EXPR_ADD:
	case EXPR_SUB:
		return mk2(e->kind, diff_rec(a, c), diff_rec(b, c));
	case EXPR_MUL:
		return mk2(EXPR_ADD, mk2(EXPR_MUL, diff_rec(a, c), C(b)),
		    mk2(EXPR_MUL, C(a), diff_rec(b, c)));
	case EXPR_DIV:
		/* a'/b - a b'/b^2 */
		return mk2(EXPR_SUB, mk2(EXPR_DIV, diff_rec(a, c), C(b)),
		    mk2(EXPR_DIV, mk2(EXPR_MUL, C(a), diff_rec(b, c)),
		    mk2(EXPR_POW, C(b), expr_num(2))));
	case EXPR_POW:
		if (b->kind == EXPR_NUM)
			return mk2(EXPR_MUL, mk2(EXPR_MUL, expr_num(b->num),
			    mk2(EXPR_POW, C(a), expr_num(b->num - 1))), diff_rec(a, c));
		if (a->kind == EXPR_NUM)
			return mk2(EXPR_MUL, mk2(EXPR_MUL, C(e), expr_num(log(a->num))),
			    diff_rec(b, c));
		/* a^b (b' ln a + b a'/a) */
		return mk2(EXPR_MUL, C(e), mk2(EXPR_ADD,
		    mk2(EXPR_MUL, diff_rec(b, c), fn1(FN_LN, C(a))),
		    mk2(EXPR_DIV, mk2(EXPR_MUL, C(b), diff_rec(a, c)), C(a))));
	case EXPR_IF:
		return expr_node(EXPR_IF, 0, 3, C(a), diff_rec(b, c),
		    diff_rec(e->args[2], c));
	case EXPR_FN:
		return diff_fn(e, c);
	default:
		/* comparisons and logic are piecewise constant */
		return expr_num(0);
	}
}

struct expr *
expr_diff(const struct expr *e, enum expr_kind wrt, int id)
{
	return expr_diff_via(e, wrt, id, NULL, NULL);
}

struct expr *
expr_diff_via(const struct expr *e, enum expr_kind wrt, int id, expr_dtmp_fn dtmp, void *ctx)
{
	struct dctx c = {wrt, id, dtmp, ctx};
	return expr_simplify(diff_rec(e, &c));
}
