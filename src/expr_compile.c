/*
 * expr_compile: trees -> a flat stack program. The evaluator keeps the top of
 * the stack in a local (acc), needs no allocation and no recursion, and reads
 * t, y[] and p[] directly, so a parameter change needs no recompilation.
 */
#include "expr.h"

#include <math.h>
#include <stdlib.h>

#define STACK_MAX 64

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
	OP_STORE, OP_END
};

struct insn {
	int op;
	int arg;
	double c;
};

struct expr_prog {
	struct insn *code;
	size_t n, cap;
	int nout;
};

static void
emit(struct expr_prog *p, int op, int arg, double c)
{
	grow_array((void **)&p->code, &p->cap, p->n + 1, sizeof *p->code);
	p->code[p->n].op = op;
	p->code[p->n].arg = arg;
	p->code[p->n].c = c;
	p->n++;
}

/* Stack slots needed to evaluate e, children in the order emit_rec uses. */
static int
need(const struct expr *e)
{
	int i, best = 1;

	if (e->nargs == 0)
		return 1;
	if (e->nargs == 2 && (e->kind == EXPR_ADD || e->kind == EXPR_MUL)) {
		int l = need(e->args[0]), r = need(e->args[1]);
		int hi = l > r ? l : r, lo = l > r ? r : l;
		return hi > lo ? hi : hi + 1;	/* commutative: deeper side first */
	}
	if (e->kind == EXPR_POW && e->args[1]->kind == EXPR_NUM)
		return need(e->args[0]);
	for (i = 0; i < e->nargs; i++) {
		int k = need(e->args[i]) + i;
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

static int
is_leaf(const struct expr *e)
{
	return e->kind == EXPR_VAR || e->kind == EXPR_PAR || e->kind == EXPR_NUM;
}

static int
emit_rec(struct expr_prog *p, const struct expr *e)
{
	int i;

	switch (e->kind) {
	case EXPR_NUM: emit(p, OP_CONST, 0, e->num); return 0;
	case EXPR_T: emit(p, OP_T, 0, 0); return 0;
	case EXPR_VAR: emit(p, OP_Y, e->id, 0); return 0;
	case EXPR_PAR: emit(p, OP_P, e->id, 0); return 0;
	case EXPR_DEF: case EXPR_ARG: case EXPR_UCALL: return -1;
	case EXPR_NEG:
	case EXPR_NOT:
		if (emit_rec(p, e->args[0]) < 0)
			return -1;
		emit(p, e->kind == EXPR_NEG ? OP_NEG : OP_NOT, 0, 0);
		return 0;
	case EXPR_FN:
		for (i = 0; i < e->nargs; i++)
			if (emit_rec(p, e->args[i]) < 0)
				return -1;
		emit(p, e->nargs == 1 ? OP_FN1 : OP_FN2, e->id, 0);
		return 0;
	case EXPR_IF:
		/* both branches are evaluated; SELECT keeps one (no jumps to patch) */
		for (i = 0; i < 3; i++)
			if (emit_rec(p, e->args[i]) < 0)
				return -1;
		emit(p, OP_SELECT, 0, 0);
		return 0;
	case EXPR_POW:
		if (e->args[1]->kind == EXPR_NUM) {
			double n = e->args[1]->num;
			if (emit_rec(p, e->args[0]) < 0)
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
		if (commutes && !is_leaf(r) && is_leaf(l)) {
			l = e->args[1];
			r = e->args[0];
		}
		if (is_leaf(r)) {
			int base = r->kind == EXPR_VAR ? OP_ADD_Y : r->kind == EXPR_PAR ? OP_ADD_P :
			    OP_ADD_C;
			if (emit_rec(p, l) < 0)
				return -1;
			emit(p, base + (int)(e->kind - EXPR_ADD), r->id, r->num);
			return 0;
		}
	}
	if ((e->kind == EXPR_ADD || e->kind == EXPR_MUL) &&
	    need(e->args[1]) > need(e->args[0])) {
		if (emit_rec(p, e->args[1]) < 0 || emit_rec(p, e->args[0]) < 0)
			return -1;
	} else if (emit_rec(p, e->args[0]) < 0 || emit_rec(p, e->args[1]) < 0) {
		return -1;
	}
	emit(p, binop(e->kind), 0, 0);
	return 0;
}

struct expr_prog *
expr_compile(struct expr *const *outs, int nout, struct diag *d)
{
	struct expr_prog *p = xcalloc(1, sizeof *p);
	int i;

	p->nout = nout;
	for (i = 0; i < nout; i++) {
		if (need(outs[i]) + 2 >= STACK_MAX) {
			diag_set(d, 0, 0, "expression %d is nested too deeply to compile", i + 1);
			expr_prog_free(p);
			return NULL;
		}
		if (emit_rec(p, outs[i]) < 0) {
			diag_set(d, 0, 0, "expression %d still has unexpanded names", i + 1);
			expr_prog_free(p);
			return NULL;
		}
		emit(p, OP_STORE, i, 0);
	}
	emit(p, OP_END, 0, 0);
	return p;
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
		[OP_STORE] = &&op_store, [OP_END] = &&op_end,
	};
	double st[STACK_MAX];
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
op_store: out[pc->arg] = acc; acc = st[--sp]; NEXT;
op_end:
	return;
#undef NEXT
}
