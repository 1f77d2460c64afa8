/*
 * expr_compile: trees -> a flat stack program. The evaluator keeps the top of
 * the stack in a local (acc), needs no allocation and no recursion, and reads
 * t, y[] and p[] directly, so a parameter change needs no recompilation.
 *
 * Shared definitions (EXPR_TMP, see expr_let.c) are statements of their own:
 * the program computes each temporary the outputs reach once, in id order,
 * into a slot, and the outputs read the slot. A slot is reused once the last
 * statement reading it is done, so the slots live at once stay few. A
 * temporary read only once, small and shallow, is inlined at its reader:
 * without sharing, the program is the one a tree would give.
 */
#include "expr.h"
#include "expr_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STACK_MAX 64

/* The two-leaf operations: an operator and the kinds of its leaves (y, p, constant, slot). */
#define LL_K2(X, O, S, K1) X(O, S, K1, Y) X(O, S, K1, P) X(O, S, K1, C) X(O, S, K1, T)
#define LL_K1(X, O, S) LL_K2(X, O, S, Y) LL_K2(X, O, S, P) LL_K2(X, O, S, C) LL_K2(X, O, S, T)
#define LL_ALL(X) LL_K1(X, ADD, +) LL_K1(X, SUB, -) LL_K1(X, MUL, *) LL_K1(X, DIV, /)
/* the kinds in the order of the *_Y, *_P, *_C, *_T families */
enum { KIND_Y, KIND_P, KIND_C, KIND_T };

enum op {
	OP_CONST, OP_T, OP_Y, OP_P,
	OP_NEG, OP_NOT, OP_SQR, OP_CUBE, OP_POWI,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW,
	OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR,
	OP_FN1, OP_FN2, OP_SELECT,
	/* a binary operation whose right operand is a leaf, fused (fewer dispatches) */
	OP_ADD_Y, OP_SUB_Y, OP_MUL_Y, OP_DIV_Y,
	OP_ADD_P, OP_SUB_P, OP_MUL_P, OP_DIV_P,
	OP_ADD_C, OP_SUB_C, OP_MUL_C, OP_DIV_C,
	OP_ADD_T, OP_SUB_T, OP_MUL_T, OP_DIV_T,
	OP_TMP,		/* push, read slot arg */
	OP_TSET,	/* slot arg = top, pop */
	/* more slots than the evaluator keeps on its stack: first and last instructions */
	OP_HEAP, OP_END_FREE,
	OP_STORE, OP_END,
	/* superinstructions (fewer dispatches a call, the same operations in the same order) */
	OP_STORE_END,	/* the last output, and the end */
	/* acc = leaf - acc, leaf / acc: a leaf on the left of - and / */
	OP_RSUB_Y, OP_RSUB_P, OP_RSUB_C, OP_RSUB_T,
	OP_RDIV_Y, OP_RDIV_P, OP_RDIV_C, OP_RDIV_T,
	/* push, then acc = f(leaf) */
	OP_SQR_Y, OP_SQR_P, OP_SQR_C, OP_SQR_T,
	OP_CUBE_Y, OP_CUBE_P, OP_CUBE_C, OP_CUBE_T,
	OP_NEG_Y, OP_NEG_P, OP_NEG_C, OP_NEG_T,
	/* push, then acc = leaf1 op leaf2 (kinds y, p, c, slot; never two constants) */
#define LL_ENUM(O, S, K1, K2) OP_##O##_##K1##K2,
	LL_ALL(LL_ENUM)
#undef LL_ENUM
	OP_COUNT
};

/*
 * An instruction: leaf operands are indices a (and b, the second leaf of a
 * two-leaf operation) into y, p or the slots, or the constant c.
 */
struct insn {
	int op;
	int arg;
	int b;
	double c;
};

struct expr_prog {
	struct insn *code;
	size_t n, cap;
	int nout;
	int nslot;		/* temporaries' slots */
};

/* A temporary inlined at its one reader must be this small (height, stack). */
#define INLINE_HEIGHT 64
#define INLINE_NEED 8

/* What the compiler knows about the temporaries of one compilation. */
struct cctx {
	struct expr_prog *p;
	const struct expr_lets *L;
	int *uses;		/* readers among the outputs and reached temporaries */
	unsigned char *inl;	/* inlined at its single reader */
	int *height, *needv;	/* of the body, inlined temporaries included */
	int *slot;		/* where a computed temporary lives */
	int *last;		/* the last statement reading it */
	int *rel;		/* temporaries whose last reader is statement s: rel[s] */
	int *rel_next;
	int bad;		/* a temporary that is not L's */
};

static void
emit(struct expr_prog *p, int op, int arg, double c)
{
	grow_array((void **)&p->code, &p->cap, p->n + 1, sizeof *p->code);
	p->code[p->n].op = op;
	p->code[p->n].arg = arg;
	p->code[p->n].b = 0;
	p->code[p->n].c = c;
	p->n++;
}

/* Stack slots needed to evaluate e, children in the order emit_rec uses. */
static int
need(const struct cctx *cc, const struct expr *e)
{
	int i, best = 1;

	if (e->kind == EXPR_TMP && cc->inl[e->id])
		return cc->needv[e->id];
	if (e->nargs == 0)
		return 1;
	if (e->nargs == 2 && (e->kind == EXPR_ADD || e->kind == EXPR_MUL)) {
		int l = need(cc, e->args[0]), r = need(cc, e->args[1]);
		int hi = l > r ? l : r, lo = l > r ? r : l;
		return hi > lo ? hi : hi + 1;	/* commutative: deeper side first */
	}
	if (e->kind == EXPR_POW && e->args[1]->kind == EXPR_NUM)
		return need(cc, e->args[0]);
	for (i = 0; i < e->nargs; i++) {
		int k = need(cc, e->args[i]) + i;
		if (k > best)
			best = k;
	}
	return best;
}

static int
binop(enum expr_kind k)
{
	switch (k) {
	case EXPR_ADD: return OP_ADD;
	case EXPR_SUB: return OP_SUB;
	case EXPR_MUL: return OP_MUL;
	case EXPR_DIV: return OP_DIV;
	case EXPR_POW: return OP_POW;
	case EXPR_LT: return OP_LT;
	case EXPR_GT: return OP_GT;
	case EXPR_LE: return OP_LE;
	case EXPR_GE: return OP_GE;
	case EXPR_EQ: return OP_EQ;
	case EXPR_NE: return OP_NE;
	case EXPR_AND: return OP_AND;
	case EXPR_OR: return OP_OR;
	default: return -1;
	}
}

/* An operand the fused operations read directly. */
static int
is_leaf(const struct cctx *cc, const struct expr *e)
{
	return e->kind == EXPR_VAR || e->kind == EXPR_PAR || e->kind == EXPR_NUM ||
	    (e->kind == EXPR_TMP && !cc->inl[e->id]);
}

/* The family member (KIND_*) of a leaf that is_leaf accepts. */
static int
leaf_kind(const struct expr *e)
{
	return e->kind == EXPR_VAR ? KIND_Y : e->kind == EXPR_PAR ? KIND_P :
	    e->kind == EXPR_TMP ? KIND_T : KIND_C;
}

static int
emit_rec(struct cctx *cc, const struct expr *e)
{
	struct expr_prog *p = cc->p;
	int i;

	switch (e->kind) {
	case EXPR_NUM: emit(p, OP_CONST, 0, e->num); return 0;
	case EXPR_T: emit(p, OP_T, 0, 0); return 0;
	case EXPR_VAR: emit(p, OP_Y, e->id, 0); return 0;
	case EXPR_PAR: emit(p, OP_P, e->id, 0); return 0;
	case EXPR_TMP:
		if (cc->inl[e->id])
			return emit_rec(cc, expr_lets_body(cc->L, e->id));
		emit(p, OP_TMP, cc->slot[e->id], 0);
		return 0;
	case EXPR_DEF: case EXPR_ARG: case EXPR_UCALL: return -1;
	case EXPR_NEG:
	case EXPR_NOT:
		if (emit_rec(cc, e->args[0]) < 0)
			return -1;
		emit(p, e->kind == EXPR_NEG ? OP_NEG : OP_NOT, 0, 0);
		return 0;
	case EXPR_FN:
		for (i = 0; i < e->nargs; i++)
			if (emit_rec(cc, e->args[i]) < 0)
				return -1;
		emit(p, e->nargs == 1 ? OP_FN1 : OP_FN2, e->id, 0);
		return 0;
	case EXPR_IF:
		/* both branches are evaluated; SELECT keeps one (no jumps to patch) */
		for (i = 0; i < 3; i++)
			if (emit_rec(cc, e->args[i]) < 0)
				return -1;
		emit(p, OP_SELECT, 0, 0);
		return 0;
	case EXPR_POW:
		if (e->args[1]->kind == EXPR_NUM) {
			double n = e->args[1]->num;
			if (emit_rec(cc, e->args[0]) < 0)
				return -1;
			if (n == 2)
				emit(p, OP_SQR, 0, 0);
			else if (n == 3)
				emit(p, OP_CUBE, 0, 0);
			else if (n == floor(n) && fabs(n) <= 64)
				emit(p, OP_POWI, (int)n, 0);
			else {
				emit(p, OP_CONST, 0, n);
				emit(p, OP_POW, 0, 0);
			}
			return 0;
		}
		break;
	default:
		break;
	}
	if (e->nargs != 2 || binop(e->kind) < 0)
		return -1;
	if (e->kind >= EXPR_ADD && e->kind <= EXPR_DIV) {
		/* a leaf operand on the right (or on the left of + and *) fuses into the op */
		const struct expr *l = e->args[0], *r = e->args[1];
		int commutes = e->kind == EXPR_ADD || e->kind == EXPR_MUL;
		if (commutes && !is_leaf(cc, r) && is_leaf(cc, l)) {
			l = e->args[1];
			r = e->args[0];
		}
		if (is_leaf(cc, r)) {
			int base = r->kind == EXPR_VAR ? OP_ADD_Y : r->kind == EXPR_PAR ? OP_ADD_P :
			    r->kind == EXPR_TMP ? OP_ADD_T : OP_ADD_C;
			int arg = r->kind == EXPR_TMP ? cc->slot[r->id] : r->id;
			if (emit_rec(cc, l) < 0)
				return -1;
			emit(p, base + (int)(e->kind - EXPR_ADD), arg, r->num);
			return 0;
		}
		if (!commutes && is_leaf(cc, l)) {
			/* leaf - (...), leaf / (...): the right side first, then one reversed op */
			int k = leaf_kind(l);
			if (emit_rec(cc, r) < 0)
				return -1;
			emit(p, (e->kind == EXPR_SUB ? OP_RSUB_Y : OP_RDIV_Y) + k,
			    l->kind == EXPR_TMP ? cc->slot[l->id] : l->id, l->num);
			return 0;
		}
	}
	if ((e->kind == EXPR_ADD || e->kind == EXPR_MUL) &&
	    need(cc, e->args[1]) > need(cc, e->args[0])) {
		if (emit_rec(cc, e->args[1]) < 0 || emit_rec(cc, e->args[0]) < 0)
			return -1;
	} else if (emit_rec(cc, e->args[0]) < 0 || emit_rec(cc, e->args[1]) < 0) {
		return -1;
	}
	emit(p, binop(e->kind), 0, 0);
	return 0;
}

/* Count the readers of each temporary e refers to; stack those seen first. */
static void
count_uses(struct cctx *cc, const struct expr *e, int *stack, size_t *sp)
{
	int i;

	if (e->kind == EXPR_TMP) {
		if (e->id < 0 || e->id >= expr_lets_count(cc->L))
			cc->bad = 1;
		else if (cc->uses[e->id]++ == 0)
			stack[(*sp)++] = e->id;
		return;
	}
	for (i = 0; i < e->nargs; i++)
		count_uses(cc, e->args[i], stack, sp);
}

/* Height of e with the inlined temporaries in place. */
static int
height(const struct cctx *cc, const struct expr *e)
{
	int i, h = 0;

	if (e->kind == EXPR_TMP)
		return cc->inl[e->id] ? cc->height[e->id] : 0;
	for (i = 0; i < e->nargs; i++) {
		int k = height(cc, e->args[i]) + 1;
		if (k > h)
			h = k;
	}
	return h;
}

/* Statement s reads the computed temporaries in e (inlined ones looked into). */
static void
mark_last(struct cctx *cc, const struct expr *e, int s)
{
	int i;

	if (e->kind == EXPR_TMP) {
		if (cc->inl[e->id])
			mark_last(cc, expr_lets_body(cc->L, e->id), s);
		else
			cc->last[e->id] = s;
		return;
	}
	for (i = 0; i < e->nargs; i++)
		mark_last(cc, e->args[i], s);
}

/*
 * Which temporaries are computed (reached, not inlined), in id order, and
 * when their slots can be reused. Returns how many there are; order[] lists them.
 */
static int
plan(struct cctx *cc, struct expr *const *outs, int nout, int *order)
{
	int n = expr_lets_count(cc->L), k, m = 0, i;
	size_t sp = 0;
	int *stack = xmalloc((size_t)(n + 1) * sizeof *stack);

	for (i = 0; i < nout; i++)
		count_uses(cc, outs[i], stack, &sp);
	if (cc->bad) {
		free(stack);
		return 0;
	}
	while (sp > 0) {
		k = stack[--sp];
		count_uses(cc, expr_lets_body(cc->L, k), stack, &sp);
	}
	free(stack);
	/* a body refers only to smaller ids: decide children before parents */
	for (k = 0; k < n; k++) {
		const struct expr *b = expr_lets_body(cc->L, k);
		if (cc->uses[k] == 0)
			continue;
		cc->height[k] = height(cc, b);
		cc->needv[k] = need(cc, b);
		cc->inl[k] = cc->uses[k] == 1 && cc->height[k] <= INLINE_HEIGHT &&
		    cc->needv[k] <= INLINE_NEED;
		if (!cc->inl[k])
			order[m++] = k;
	}
	for (i = 0; i < m; i++)
		mark_last(cc, expr_lets_body(cc->L, order[i]), i);
	for (i = 0; i < nout; i++)
		mark_last(cc, outs[i], m + i);
	for (i = 0; i < m + nout; i++)
		cc->rel[i] = -1;
	for (i = 0; i < m; i++) {
		k = order[i];
		cc->rel_next[k] = cc->rel[cc->last[k]];
		cc->rel[cc->last[k]] = k;
	}
	return m;
}

/* One statement: e, then its result stored (out >= 0) or kept in a slot. */
static int
emit_statement(struct cctx *cc, const struct expr *e, int s, int tmp, int out, int *freev,
    int *nfree, struct diag *d)
{
	int k;

	if (need(cc, e) + 2 >= STACK_MAX) {
		if (out >= 0)
			diag_set(d, 0, 0, "expression %d is nested too deeply to compile", out + 1);
		else
			diag_set(d, 0, 0, "%s", "a definition is nested too deeply to compile");
		return -1;
	}
	if (emit_rec(cc, e) < 0) {
		diag_set(d, 0, 0, "expression %d still has unexpanded names", out + 1);
		return -1;
	}
	/* the slots read here for the last time are free for this result */
	for (k = cc->rel[s]; k >= 0; k = cc->rel_next[k])
		freev[(*nfree)++] = cc->slot[k];
	if (out >= 0) {
		emit(cc->p, OP_STORE, out, 0);
		return 0;
	}
	cc->slot[tmp] = *nfree > 0 ? freev[--*nfree] : cc->p->nslot++;
	emit(cc->p, OP_TSET, cc->slot[tmp], 0);
	return 0;
}

/* The kind of a push of a leaf (OP_Y, OP_P, OP_CONST, OP_TMP), or -1. */
static int
push_kind(int op)
{
	switch (op) {
	case OP_Y: return KIND_Y;
	case OP_P: return KIND_P;
	case OP_CONST: return KIND_C;
	case OP_TMP: return KIND_T;
	default: return -1;
	}
}

/*
 * Superinstructions: a push of a leaf followed by an operation on a leaf
 * becomes one two-leaf operation, a push of a leaf followed by a square, cube
 * or negation one instruction. The code has no jumps, so neighbours can
 * merge anywhere; each result is computed by the same operations in the same
 * order, so values are unchanged to the bit.
 */
static void
fuse(struct expr_prog *p)
{
	size_t i, j = 0;

	for (i = 0; i < p->n; i++) {
		struct insn a = p->code[i];
		int k1 = push_kind(a.op);
		if (k1 >= 0 && i + 1 < p->n) {
			const struct insn *n = &p->code[i + 1];
			if (n->op >= OP_ADD_Y && n->op <= OP_DIV_T) {
				int k2 = (n->op - OP_ADD_Y) / 4, o = (n->op - OP_ADD_Y) % 4;
				if (!(k1 == KIND_C && k2 == KIND_C)) {
					a.op = OP_ADD_YY + 16 * o + 4 * k1 + k2;
					a.b = n->arg;
					if (k2 == KIND_C)
						a.c = n->c;
					p->code[j++] = a;
					i++;
					continue;
				}
			}
			if (n->op == OP_SQR || n->op == OP_CUBE || n->op == OP_NEG) {
				a.op = (n->op == OP_SQR ? OP_SQR_Y : n->op == OP_CUBE ? OP_CUBE_Y :
				    OP_NEG_Y) + k1;
				p->code[j++] = a;
				i++;
				continue;
			}
		}
		p->code[j++] = a;
	}
	p->n = j;
}

/*
 * Slots beyond what the evaluator keeps on its stack come from the heap, by an
 * instruction of their own at each end of the program, so that programs which
 * fit pay nothing for the possibility.
 */
static void
use_heap(struct expr_prog *p)
{
	size_t n = p->n;	/* code[n - 1] is OP_END */

	emit(p, OP_END, 0, 0);	/* room for one more */
	memmove(p->code + 1, p->code, n * sizeof *p->code);
	p->code[0].op = OP_HEAP;
	p->code[0].arg = p->nslot;
	p->code[0].c = 0;
	p->code[n].op = OP_END_FREE;
}

struct expr_prog *
expr_lets_compile(const struct expr_lets *L, struct expr *const *outs, int nout,
    struct diag *d)
{
	struct cctx cc;
	int n = expr_lets_count(L), m, i, nfree = 0, rc = 0;
	size_t sz = (size_t)n + 1;
	int *order = xmalloc(sz * sizeof *order), *freev = xmalloc(sz * sizeof *freev);

	memset(&cc, 0, sizeof cc);
	cc.p = xcalloc(1, sizeof *cc.p);
	cc.p->nout = nout;
	cc.L = L;
	cc.uses = xcalloc(sz, sizeof *cc.uses);
	cc.inl = xcalloc(sz, 1);
	cc.height = xcalloc(sz, sizeof *cc.height);
	cc.needv = xcalloc(sz, sizeof *cc.needv);
	cc.slot = xcalloc(sz, sizeof *cc.slot);
	cc.last = xcalloc(sz, sizeof *cc.last);
	cc.rel_next = xcalloc(sz, sizeof *cc.rel_next);
	cc.rel = xmalloc((sz + (size_t)nout) * sizeof *cc.rel);
	m = plan(&cc, outs, nout, order);
	if (cc.bad) {
		diag_set(d, 0, 0, "%s", "an expression refers to a temporary it was not given");
		rc = -1;
	}
	for (i = 0; rc == 0 && i < m; i++)
		rc = emit_statement(&cc, expr_lets_body(L, order[i]), i, order[i], -1, freev,
		    &nfree, d);
	for (i = 0; rc == 0 && i < nout; i++)
		rc = emit_statement(&cc, outs[i], m + i, -1, i, freev, &nfree, d);
	if (rc == 0)
		fuse(cc.p);
	if (rc == 0 && cc.p->n > 0 && cc.p->code[cc.p->n - 1].op == OP_STORE &&
	    cc.p->nslot <= EXPR_SLOTS_ON_STACK)
		cc.p->code[cc.p->n - 1].op = OP_STORE_END;
	else
		emit(cc.p, OP_END, 0, 0);
	if (cc.p->nslot > EXPR_SLOTS_ON_STACK)
		use_heap(cc.p);
	free(order);
	free(freev);
	free(cc.uses);
	free(cc.inl);
	free(cc.height);
	free(cc.needv);
	free(cc.slot);
	free(cc.last);
	free(cc.rel);
	free(cc.rel_next);
	if (rc < 0) {
		expr_prog_free(cc.p);
		return NULL;
	}
	return cc.p;
}

struct expr_prog *
expr_compile(struct expr *const *outs, int nout, struct diag *d)
{
	return expr_lets_compile(NULL, outs, nout, d);
}

void
expr_prog_free(struct expr_prog *p)
{
	if (p == NULL)
		return;
	free(p->code);
	free(p);
}

int
expr_prog_nout(const struct expr_prog *prog)
{
	return prog->nout;
}

size_t
expr_prog_length(const struct expr_prog *prog)
{
	return prog->n;
}

static double
powi(double x, int n)
{
	double r = 1;
	unsigned m = (unsigned)(n < 0 ? -n : n);

	while (m) {
		if (m & 1)
			r *= x;
		x *= x;
		m >>= 1;
	}
	return n < 0 ? 1 / r : r;
}

/*
 * Threaded dispatch (GCC's labels as values): each instruction jumps straight
 * to the next one's handler, which predicts better than one shared switch.
 */
void
expr_prog_eval(const struct expr_prog *prog, double t, const double *y, const double *p,
    double *out)
{
	static const void *const go[] = {
		[OP_CONST] = &&op_const, [OP_T] = &&op_t, [OP_Y] = &&op_y, [OP_P] = &&op_p,
		[OP_NEG] = &&op_neg, [OP_NOT] = &&op_not, [OP_SQR] = &&op_sqr, [OP_CUBE] = &&op_cube,
		[OP_POWI] = &&op_powi, [OP_ADD] = &&op_add, [OP_SUB] = &&op_sub,
		[OP_MUL] = &&op_mul, [OP_DIV] = &&op_div, [OP_POW] = &&op_pow,
		[OP_LT] = &&op_lt, [OP_GT] = &&op_gt, [OP_LE] = &&op_le, [OP_GE] = &&op_ge,
		[OP_EQ] = &&op_eq, [OP_NE] = &&op_ne, [OP_AND] = &&op_and, [OP_OR] = &&op_or,
		[OP_FN1] = &&op_fn1, [OP_FN2] = &&op_fn2, [OP_SELECT] = &&op_select,
		[OP_ADD_Y] = &&op_add_y, [OP_SUB_Y] = &&op_sub_y, [OP_MUL_Y] = &&op_mul_y,
		[OP_DIV_Y] = &&op_div_y, [OP_ADD_P] = &&op_add_p, [OP_SUB_P] = &&op_sub_p,
		[OP_MUL_P] = &&op_mul_p, [OP_DIV_P] = &&op_div_p, [OP_ADD_C] = &&op_add_c,
		[OP_SUB_C] = &&op_sub_c, [OP_MUL_C] = &&op_mul_c, [OP_DIV_C] = &&op_div_c,
		[OP_ADD_T] = &&op_add_t, [OP_SUB_T] = &&op_sub_t, [OP_MUL_T] = &&op_mul_t,
		[OP_DIV_T] = &&op_div_t, [OP_TMP] = &&op_tmp, [OP_TSET] = &&op_tset,
		[OP_HEAP] = &&op_heap, [OP_END_FREE] = &&op_end_free,
		[OP_STORE] = &&op_store, [OP_END] = &&op_end, [OP_STORE_END] = &&op_store_end,
		[OP_RSUB_Y] = &&op_rsub_y, [OP_RSUB_P] = &&op_rsub_p, [OP_RSUB_C] = &&op_rsub_c,
		[OP_RSUB_T] = &&op_rsub_t, [OP_RDIV_Y] = &&op_rdiv_y, [OP_RDIV_P] = &&op_rdiv_p,
		[OP_RDIV_C] = &&op_rdiv_c, [OP_RDIV_T] = &&op_rdiv_t,
		[OP_SQR_Y] = &&op_sqr_y, [OP_SQR_P] = &&op_sqr_p, [OP_SQR_C] = &&op_sqr_c,
		[OP_SQR_T] = &&op_sqr_t, [OP_CUBE_Y] = &&op_cube_y, [OP_CUBE_P] = &&op_cube_p,
		[OP_CUBE_C] = &&op_cube_c, [OP_CUBE_T] = &&op_cube_t,
		[OP_NEG_Y] = &&op_neg_y, [OP_NEG_P] = &&op_neg_p, [OP_NEG_C] = &&op_neg_c,
		[OP_NEG_T] = &&op_neg_t,
#define LL_GO(O, S, K1, K2) [OP_##O##_##K1##K2] = &&op_##O##_##K1##K2,
		LL_ALL(LL_GO)
#undef LL_GO
	};
	double st[STACK_MAX];
	double slots[EXPR_SLOTS_ON_STACK];
	double *tmp = slots;	/* OP_HEAP replaces it for programs with more slots */
	double acc = 0, b;
	int sp = 0;
	const struct insn *pc = prog->code;

#define NEXT goto *go[(++pc)->op]
	goto *go[pc->op];
op_const: st[sp++] = acc; acc = pc->c; NEXT;
op_t: st[sp++] = acc; acc = t; NEXT;
op_y: st[sp++] = acc; acc = y[pc->arg]; NEXT;
op_p: st[sp++] = acc; acc = p[pc->arg]; NEXT;
op_neg: acc = -acc; NEXT;
op_not: acc = acc == 0; NEXT;
op_sqr: acc = acc * acc; NEXT;
op_cube: acc = acc * acc * acc; NEXT;
op_powi: acc = powi(acc, pc->arg); NEXT;
op_add: acc = st[--sp] + acc; NEXT;
op_sub: acc = st[--sp] - acc; NEXT;
op_mul: acc = st[--sp] * acc; NEXT;
op_div: acc = st[--sp] / acc; NEXT;
op_pow: acc = pow(st[--sp], acc); NEXT;
op_lt: acc = st[--sp] < acc; NEXT;
op_gt: acc = st[--sp] > acc; NEXT;
op_le: acc = st[--sp] <= acc; NEXT;
op_ge: acc = st[--sp] >= acc; NEXT;
op_eq: acc = st[--sp] == acc; NEXT;
op_ne: acc = st[--sp] != acc; NEXT;
op_and: acc = st[--sp] != 0 && acc != 0; NEXT;
op_or: acc = st[--sp] != 0 || acc != 0; NEXT;
op_fn1: acc = expr_fn_apply(pc->arg, acc, 0); NEXT;
op_fn2: b = acc; acc = st[--sp]; acc = expr_fn_apply(pc->arg, acc, b); NEXT;
op_select:
	b = acc;		/* else */
	acc = st[--sp];		/* then */
	acc = st[--sp] != 0 ? acc : b;
	NEXT;
op_add_y: acc += y[pc->arg]; NEXT;
op_sub_y: acc -= y[pc->arg]; NEXT;
op_mul_y: acc *= y[pc->arg]; NEXT;
op_div_y: acc /= y[pc->arg]; NEXT;
op_add_p: acc += p[pc->arg]; NEXT;
op_sub_p: acc -= p[pc->arg]; NEXT;
op_mul_p: acc *= p[pc->arg]; NEXT;
op_div_p: acc /= p[pc->arg]; NEXT;
op_add_c: acc += pc->c; NEXT;
op_sub_c: acc -= pc->c; NEXT;
op_mul_c: acc *= pc->c; NEXT;
op_div_c: acc /= pc->c; NEXT;
op_add_t: acc += tmp[pc->arg]; NEXT;
op_sub_t: acc -= tmp[pc->arg]; NEXT;
op_mul_t: acc *= tmp[pc->arg]; NEXT;
op_div_t: acc /= tmp[pc->arg]; NEXT;
op_tmp: st[sp++] = acc; acc = tmp[pc->arg]; NEXT;
op_tset: tmp[pc->arg] = acc; acc = st[--sp]; NEXT;
op_store: out[pc->arg] = acc; acc = st[--sp]; NEXT;
op_heap: tmp = xmalloc((size_t)pc->arg * sizeof *tmp); NEXT;
op_end_free:
	free(tmp);
	return;
op_end:
	return;
op_store_end:
	out[pc->arg] = acc;
	return;
	/* the leaves of the superinstructions: first (arg) and second (b) */
#define L1_Y y[pc->arg]
#define L1_P p[pc->arg]
#define L1_C pc->c
#define L1_T tmp[pc->arg]
#define L2_Y y[pc->b]
#define L2_P p[pc->b]
#define L2_C pc->c
#define L2_T tmp[pc->b]
op_rsub_y: acc = L1_Y - acc; NEXT;
op_rsub_p: acc = L1_P - acc; NEXT;
op_rsub_c: acc = L1_C - acc; NEXT;
op_rsub_t: acc = L1_T - acc; NEXT;
op_rdiv_y: acc = L1_Y / acc; NEXT;
op_rdiv_p: acc = L1_P / acc; NEXT;
op_rdiv_c: acc = L1_C / acc; NEXT;
op_rdiv_t: acc = L1_T / acc; NEXT;
op_sqr_y: st[sp++] = acc; b = L1_Y; acc = b * b; NEXT;
op_sqr_p: st[sp++] = acc; b = L1_P; acc = b * b; NEXT;
op_sqr_c: st[sp++] = acc; b = L1_C; acc = b * b; NEXT;
op_sqr_t: st[sp++] = acc; b = L1_T; acc = b * b; NEXT;
op_cube_y: st[sp++] = acc; b = L1_Y; acc = b * b * b; NEXT;
op_cube_p: st[sp++] = acc; b = L1_P; acc = b * b * b; NEXT;
op_cube_c: st[sp++] = acc; b = L1_C; acc = b * b * b; NEXT;
op_cube_t: st[sp++] = acc; b = L1_T; acc = b * b * b; NEXT;
op_neg_y: st[sp++] = acc; acc = -L1_Y; NEXT;
op_neg_p: st[sp++] = acc; acc = -L1_P; NEXT;
op_neg_c: st[sp++] = acc; acc = -L1_C; NEXT;
op_neg_t: st[sp++] = acc; acc = -L1_T; NEXT;
#define LL_OP(O, S, K1, K2) op_##O##_##K1##K2: st[sp++] = acc; acc = L1_##K1 S L2_##K2; NEXT;
	LL_ALL(LL_OP)
#undef LL_OP
#undef NEXT
}
