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
	OP_NEG, OP_NOT, OP_SQR, OP_POWI,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_POW,
	OP_LT, OP_GT, OP_LE, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR,
	OP_FN1, OP_FN2, OP_SELECT,
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

void
expr_prog_eval(const struct expr_prog *prog, double t, const double *y, const double *p,
    double *out)
{
	double st[STACK_MAX];
	double acc = 0, b;
	int sp = 0;
	const struct insn *pc = prog->code;

	for (;; pc++) {
		switch (pc->op) {
		case OP_CONST: st[sp++] = acc; acc = pc->c; break;
		case OP_T: st[sp++] = acc; acc = t; break;
		case OP_Y: st[sp++] = acc; acc = y[pc->arg]; break;
		case OP_P: st[sp++] = acc; acc = p[pc->arg]; break;
		case OP_NEG: acc = -acc; break;
		case OP_NOT: acc = acc == 0; break;
		case OP_SQR: acc = acc * acc; break;
		case OP_POWI: acc = powi(acc, pc->arg); break;
		case OP_ADD: acc = st[--sp] + acc; break;
		case OP_SUB: acc = st[--sp] - acc; break;
		case OP_MUL: acc = st[--sp] * acc; break;
		case OP_DIV: acc = st[--sp] / acc; break;
		case OP_POW: acc = pow(st[--sp], acc); break;
		case OP_LT: acc = st[--sp] < acc; break;
		case OP_GT: acc = st[--sp] > acc; break;
		case OP_LE: acc = st[--sp] <= acc; break;
		case OP_GE: acc = st[--sp] >= acc; break;
		case OP_EQ: acc = st[--sp] == acc; break;
		case OP_NE: acc = st[--sp] != acc; break;
		case OP_AND: acc = st[--sp] != 0 && acc != 0; break;
		case OP_OR: acc = st[--sp] != 0 || acc != 0; break;
		case OP_FN1: acc = expr_fn_apply(pc->arg, acc, 0); break;
		case OP_FN2: b = acc; acc = st[--sp]; acc = expr_fn_apply(pc->arg, acc, b); break;
		case OP_SELECT:
			b = acc;		/* else */
			acc = st[--sp];		/* then */
			acc = st[--sp] != 0 ? acc : b;
			break;
		case OP_STORE: out[pc->arg] = acc; acc = st[--sp]; break;
		case OP_END: return;
		}
	}
}
