/*
 * expr_let: definitions are shared, not copied.
 *
 * Every fixed quantity, derived parameter and distinct user-function call
 * (a function with its arguments) is expanded once into a temporary: a
 * simplified tree that refers to earlier temporaries by EXPR_TMP leaves. A
 * definition that simplifies to a number or a single name is that leaf
 * instead. Temporaries are hash-consed, so equal bodies are one temporary.
 * Function arguments become temporaries too (each is evaluated once), which
 * keeps every body's height that of its source line.
 *
 * Expansion is a depth-first walk over definitions with an explicit stack:
 * expanding a body that needs a definition not built yet pushes it and gives
 * up; the body is tried again once everything it needs is built. A
 * definition found again while it is on the path being built refers to
 * itself. So a chain of 40,000 definitions needs no deep C stack, and the
 * doubling model a2 = a1*a1 + y, a3 = a2*a2 + y, ... stays linear.
 *
 * The derivative of a temporary is a temporary as well, built once per
 * variable, in id order (a body refers only to smaller ids), so the chain
 * rule through a long chain is iterative too.
 */
#include "expr.h"
#include "expr_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A derivative of a temporary already built. */
struct dval {
	enum expr_kind wrt;
	int id;			/* 0 for EXPR_T */
	struct expr *val;	/* leaf */
	struct dval *next;	/* the temporary's list (owns) */
	size_t k;		/* the temporary */
	struct dval *hnext;	/* hash chain of L->dbucket */
};

struct tmp {
	struct expr *body;	/* simplified; EXPR_TMP leaves have smaller ids */
	unsigned hash;
	int next;		/* hash chain, -1 at the end */
	struct dval *d;
};

enum { ST_IDLE, ST_PENDING, ST_PATH, ST_DONE };

/* A user-function call: function, leaf arguments, and its value once built. */
struct inst {
	int fid, nargs;
	struct expr *args[EXPR_MAX_ARGS];
	struct expr *val;	/* leaf, NULL until built */
	int state;
	unsigned hash;
	int next;
};

/* An entry of the work stack: a definition or a call to build. */
struct work {
	int is_inst;
	int id;			/* definition id or index in inst */
};

struct expr_lets {
	const struct expr_symtab *st;
	struct tmp *tmp;
	size_t ntmp, tmp_cap;
	int *tbucket;
	size_t ntbucket;
	struct inst *inst;
	size_t ninst, inst_cap;
	int *ibucket;
	size_t nibucket;
	int ndef, nfunc;
	struct expr **def_val;	/* leaf per definition, NULL until built */
	unsigned char *def_state;
	int *busy;		/* per function: calls of it on the path being built */
	struct work *stack;
	size_t sp, stack_cap;
	struct diag *d;
	int failed;
	/* every built derivative by (temporary, wrt, id): a Jacobian of n^2
	 * entries looks each up n times, so lookups must not walk lists */
	struct dval **dbucket;
	size_t ndbucket, ndval;
	/* expr_lets_diff's scratch, all zero between calls */
	unsigned char *mark, *dep;
	int *list;
	size_t scratch_cap;
};

static size_t
dval_hash(size_t k, enum expr_kind wrt, int id, size_t nb)
{
	unsigned long long h = (unsigned long long)k * 0x9e3779b97f4a7c15ULL ^
	    ((unsigned long long)(unsigned)id * 0xc2b2ae3d27d4eb4fULL) ^ (unsigned long long)wrt;

	return (size_t)((h ^ (h >> 29)) % nb);
}

/* Size the hash for L->ndval derivatives and file every one. */
static void
dval_rehash(struct expr_lets *L)
{
	size_t nb = 64, i;

	while (nb < 2 * L->ndval)
		nb *= 2;
	free(L->dbucket);
	L->dbucket = xcalloc(nb, sizeof *L->dbucket);
	L->ndbucket = nb;
	for (i = 0; i < L->ntmp; i++) {
		struct dval *v;
		for (v = L->tmp[i].d; v; v = v->next) {
			size_t b = dval_hash(i, v->wrt, v->id, nb);
			v->k = i;
			v->hnext = L->dbucket[b];
			L->dbucket[b] = v;
		}
	}
}

struct expr_lets *
expr_lets_new(const struct expr_symtab *st)
{
	struct expr_lets *L = xcalloc(1, sizeof *L);

	L->st = st;
	L->ndef = expr_symtab_count(st, SYM_DEF);
	L->nfunc = expr_symtab_count(st, SYM_FUNC);
	L->def_val = xcalloc((size_t)L->ndef + 1, sizeof *L->def_val);
	L->def_state = xcalloc((size_t)L->ndef + 1, 1);
	L->busy = xcalloc((size_t)L->nfunc + 1, sizeof *L->busy);
	return L;
}

void
expr_lets_free(struct expr_lets *L)
{
	size_t i;
	int k;

	if (L == NULL)
		return;
	for (i = 0; i < L->ntmp; i++) {
		struct dval *v = L->tmp[i].d, *nx;
		for (; v; v = nx) {
			nx = v->next;
			expr_free(v->val);
			free(v);
		}
		expr_free(L->tmp[i].body);
	}
	for (i = 0; i < L->ninst; i++) {
		for (k = 0; k < L->inst[i].nargs; k++)
			expr_free(L->inst[i].args[k]);
		expr_free(L->inst[i].val);
	}
	for (k = 0; k < L->ndef; k++)
		expr_free(L->def_val[k]);
	free(L->tmp);
	free(L->tbucket);
	free(L->inst);
	free(L->ibucket);
	free(L->def_val);
	free(L->def_state);
	free(L->busy);
	free(L->stack);
	free(L->dbucket);
	free(L->mark);
	free(L->dep);
	free(L->list);
	free(L);
}

struct expr_lets *
expr_lets_copy(const struct expr_lets *L)
{
	struct expr_lets *c = xcalloc(1, sizeof *c);
	size_t i;

	c->st = L->st;
	c->def_val = xcalloc(1, sizeof *c->def_val);
	c->def_state = xcalloc(1, 1);
	c->busy = xcalloc(1, sizeof *c->busy);
	c->tmp = xmalloc((L->ntmp + 1) * sizeof *c->tmp);
	c->ntmp = c->tmp_cap = L->ntmp;
	c->tmp_cap++;
	for (i = 0; i < L->ntmp; i++) {
		struct dval *v, **tail = &c->tmp[i].d;
		c->tmp[i] = L->tmp[i];
		c->tmp[i].body = expr_copy(L->tmp[i].body);
		c->tmp[i].d = NULL;
		for (v = L->tmp[i].d; v; v = v->next) {
			struct dval *w = xmalloc(sizeof *w);
			*w = *v;
			w->val = expr_copy(v->val);
			w->next = NULL;
			*tail = w;
			tail = &w->next;
		}
	}
	if (L->ntbucket > 0) {
		c->tbucket = xmalloc(L->ntbucket * sizeof *c->tbucket);
		memcpy(c->tbucket, L->tbucket, L->ntbucket * sizeof *c->tbucket);
		c->ntbucket = L->ntbucket;
	}
	c->ndval = L->ndval;
	dval_rehash(c);
	/* expanding needs the definitions' state: a copy only differentiates and compiles */
	c->failed = 1;
	return c;
}

int
expr_lets_count(const struct expr_lets *L)
{
	return L ? (int)L->ntmp : 0;
}

const struct expr *
expr_lets_body(const struct expr_lets *L, int id)
{
	return L && id >= 0 && (size_t)id < L->ntmp ? L->tmp[id].body : NULL;
}

/* ---- hash-consed temporaries ---- */

static void
rehash_tmp(struct expr_lets *L)
{
	size_t i, nb = L->ntbucket ? L->ntbucket * 2 : 64;

	free(L->tbucket);
	L->tbucket = xmalloc(nb * sizeof *L->tbucket);
	L->ntbucket = nb;
	for (i = 0; i < nb; i++)
		L->tbucket[i] = -1;
	for (i = 0; i < L->ntmp; i++) {
		size_t b = L->tmp[i].hash % nb;
		L->tmp[i].next = L->tbucket[b];
		L->tbucket[b] = (int)i;
	}
}

/* The temporary whose body equals body (consumed), made if new. */
static struct expr *
intern(struct expr_lets *L, struct expr *body)
{
	unsigned h = expr_hash(body);
	struct tmp *t;
	int i;

	if (L->ntbucket > 0) {
		for (i = L->tbucket[h % L->ntbucket]; i >= 0; i = L->tmp[i].next) {
			if (L->tmp[i].hash == h && expr_equal(L->tmp[i].body, body)) {
				expr_free(body);
				return expr_leaf(EXPR_TMP, i);
			}
		}
	}
	grow_array((void **)&L->tmp, &L->tmp_cap, L->ntmp + 1, sizeof *L->tmp);
	t = &L->tmp[L->ntmp];
	t->body = body;
	t->hash = h;
	t->d = NULL;
	L->ntmp++;
	if (L->ntmp > L->ntbucket) {
		rehash_tmp(L);
	} else {
		t->next = L->tbucket[h % L->ntbucket];
		L->tbucket[h % L->ntbucket] = (int)L->ntmp - 1;
	}
	return expr_leaf(EXPR_TMP, (int)L->ntmp - 1);
}

/* A leaf stands for itself; anything else becomes a temporary. Consumes e. */
static struct expr *
share(struct expr_lets *L, struct expr *e)
{
	e = expr_simplify(e);
	return expr_is_leaf(e) ? e : intern(L, e);
}

/* ---- calls ---- */

static unsigned
inst_hash(int fid, int nargs, struct expr *const *args)
{
	unsigned h = 2166136261u ^ (unsigned)fid;
	int i;

	for (i = 0; i < nargs; i++)
		h = (h ^ expr_hash(args[i])) * 16777619u;
	return h;
}

static void
rehash_inst(struct expr_lets *L)
{
	size_t i, nb = L->nibucket ? L->nibucket * 2 : 64;

	free(L->ibucket);
	L->ibucket = xmalloc(nb * sizeof *L->ibucket);
	L->nibucket = nb;
	for (i = 0; i < nb; i++)
		L->ibucket[i] = -1;
	for (i = 0; i < L->ninst; i++) {
		size_t b = L->inst[i].hash % nb;
		L->inst[i].next = L->ibucket[b];
		L->ibucket[b] = (int)i;
	}
}

/* The call fid(args), made if new; takes the arguments. */
static int
inst_get(struct expr_lets *L, int fid, int nargs, struct expr **args)
{
	unsigned h = inst_hash(fid, nargs, args);
	struct inst *in;
	int i, k;

	if (L->nibucket > 0) {
		for (i = L->ibucket[h % L->nibucket]; i >= 0; i = L->inst[i].next) {
			in = &L->inst[i];
			if (in->hash != h || in->fid != fid || in->nargs != nargs)
				continue;
			for (k = 0; k < nargs && expr_equal(in->args[k], args[k]); k++)
				;
			if (k == nargs) {
				for (k = 0; k < nargs; k++)
					expr_free(args[k]);
				return i;
			}
		}
	}
	grow_array((void **)&L->inst, &L->inst_cap, L->ninst + 1, sizeof *L->inst);
	in = &L->inst[L->ninst];
	memset(in, 0, sizeof *in);
	in->fid = fid;
	in->nargs = nargs;
	for (k = 0; k < nargs; k++)
		in->args[k] = args[k];
	in->hash = h;
	in->state = ST_IDLE;
	L->ninst++;
	if (L->ninst > L->nibucket) {
		rehash_inst(L);
	} else {
		in->next = L->ibucket[h % L->nibucket];
		L->ibucket[h % L->nibucket] = (int)L->ninst - 1;
	}
	return (int)L->ninst - 1;
}

/* ---- expansion ---- */

/* One attempt at a body: the arguments of the call being built, and how many
 * things it needed that were not built yet. */
struct ectx {
	struct expr_lets *L;
	struct expr *const *args;
	int nargs;
	int missing;
};

static struct expr *
fail_at(struct expr_lets *L, enum sym_kind kind, int id, const char *fmt)
{
	const char *name = expr_symtab_name(L->st, kind, id);
	int line, col;

	expr_symtab_place(L->st, kind, id, &line, &col);
	if (!L->failed)
		diag_set(L->d, line, col, fmt, name ? name : "?");
	L->failed = 1;
	return NULL;
}

static void
push(struct expr_lets *L, int is_inst, int id)
{
	grow_array((void **)&L->stack, &L->stack_cap, L->sp + 1, sizeof *L->stack);
	L->stack[L->sp].is_inst = is_inst;
	L->stack[L->sp].id = id;
	L->sp++;
}

static struct expr *expand_tree(struct ectx *c, const struct expr *e);

static struct expr *
use_def(struct ectx *c, int id)
{
	struct expr_lets *L = c->L;

	if (id < 0 || id >= L->ndef)
		return fail_at(L, SYM_DEF, id, "'%s' is used but never defined");
	if (L->def_val[id])
		return expr_copy(L->def_val[id]);
	if (L->def_state[id] == ST_PATH)
		return fail_at(L, SYM_DEF, id, "the definition of '%s' refers to itself");
	L->def_state[id] = ST_PENDING;
	push(L, 0, id);
	c->missing++;
	return expr_num(0);	/* a placeholder: this attempt is thrown away */
}

static struct expr *
use_call(struct ectx *c, const struct expr *e)
{
	struct expr_lets *L = c->L;
	struct expr *a[EXPR_MAX_ARGS];
	int i, k, before = c->missing;

	if (e->id < 0 || e->id >= L->nfunc)
		return fail_at(L, SYM_FUNC, e->id, "'%s' is used but never defined");
	for (i = 0; i < e->nargs; i++) {
		a[i] = expand_tree(c, e->args[i]);
		if (a[i] == NULL) {
			while (i-- > 0)
				expr_free(a[i]);
			return NULL;
		}
	}
	if (c->missing > before || L->busy[e->id] > 0) {
		for (k = 0; k < i; k++)
			expr_free(a[k]);
		if (c->missing > before)
			return expr_num(0);
		/* a call of f while a call of f is being built: f calls itself */
		return fail_at(L, SYM_FUNC, e->id, "the definition of '%s' refers to itself");
	}
	for (i = 0; i < e->nargs; i++)
		a[i] = share(L, a[i]);
	k = inst_get(L, e->id, e->nargs, a);
	if (L->inst[k].val)
		return expr_copy(L->inst[k].val);
	L->inst[k].state = ST_PENDING;
	push(L, 1, k);
	c->missing++;
	return expr_num(0);
}

static struct expr *
expand_tree(struct ectx *c, const struct expr *e)
{
	struct expr *r;
	int i;

	switch (e->kind) {
	case EXPR_ARG:
		return e->id < c->nargs ? expr_copy(c->args[e->id]) : expr_num(NAN);
	case EXPR_DEF:
		return use_def(c, e->id);
	case EXPR_UCALL:
		return use_call(c, e);
	default:
		break;
	}
	r = expr_node(e->kind, e->id, e->nargs, NULL, NULL, NULL);
	r->num = e->num;
	r->col = e->col;
	for (i = 0; i < e->nargs; i++) {
		r->args[i] = expand_tree(c, e->args[i]);
		if (r->args[i] == NULL) {
			expr_free(r);
			return NULL;
		}
	}
	return r;
}

static int
work_done(const struct expr_lets *L, struct work w)
{
	return w.is_inst ? L->inst[w.id].state == ST_DONE : L->def_state[w.id] == ST_DONE;
}

/* Try to build the top of the stack; 0 (built, or its needs pushed) or -1. */
static int
attempt(struct expr_lets *L)
{
	struct work w = L->stack[L->sp - 1];
	struct ectx c = {L, NULL, 0, 0};
	struct expr *args[EXPR_MAX_ARGS];	/* L->inst moves as calls are added */
	const struct expr *body;
	struct expr *r;
	int i;

	if (w.is_inst) {
		struct inst *in = &L->inst[w.id];
		body = expr_symtab_body(L->st, SYM_FUNC, in->fid);
		if (body == NULL) {
			fail_at(L, SYM_FUNC, in->fid, "'%s' is used but never defined");
			return -1;
		}
		if (in->state != ST_PATH) {
			in->state = ST_PATH;
			L->busy[in->fid]++;
		}
		for (i = 0; i < in->nargs; i++)
			args[i] = expr_copy(in->args[i]);
		c.args = args;
		c.nargs = in->nargs;
	} else {
		body = expr_symtab_body(L->st, SYM_DEF, w.id);
		if (body == NULL) {
			fail_at(L, SYM_DEF, w.id, "'%s' is used but never defined");
			return -1;
		}
		L->def_state[w.id] = ST_PATH;
	}
	r = expand_tree(&c, body);
	for (i = 0; i < c.nargs; i++)
		expr_free(args[i]);
	if (r == NULL)
		return -1;
	if (c.missing > 0) {
		expr_free(r);	/* what it needs is above it now; try again after */
		return 0;
	}
	r = share(L, r);
	if (w.is_inst) {
		struct inst *in = &L->inst[w.id];	/* inst may have moved */
		in->val = r;
		in->state = ST_DONE;
		L->busy[in->fid]--;
	} else {
		L->def_val[w.id] = r;
		L->def_state[w.id] = ST_DONE;
	}
	L->sp--;
	return 0;
}

static int
run_stack(struct expr_lets *L)
{
	while (L->sp > 0) {
		if (work_done(L, L->stack[L->sp - 1])) {
			L->sp--;	/* a duplicate entry, built meanwhile */
			continue;
		}
		if (attempt(L) < 0)
			return -1;
	}
	return 0;
}

struct expr *
expr_lets_expand(struct expr_lets *L, const struct expr *e, struct diag *d)
{
	L->d = d;
	if (L->failed) {
		diag_set(d, 0, 0, "%s", "an earlier definition failed");
		return NULL;
	}
	for (;;) {
		struct ectx c = {L, NULL, 0, 0};
		struct expr *r = expand_tree(&c, e);

		if (r == NULL)
			return NULL;
		if (c.missing == 0)
			return expr_simplify(r);
		expr_free(r);
		if (run_stack(L) < 0)
			return NULL;
	}
}

/* ---- derivatives ---- */

struct dwant {
	struct expr_lets *L;
	enum expr_kind wrt;
	int id;
};

static struct dval *
dval_find(const struct expr_lets *L, size_t k, enum expr_kind wrt, int id)
{
	struct dval *v;

	if (L->ndbucket == 0)
		return NULL;
	if (wrt == EXPR_T)
		id = 0;
	for (v = L->dbucket[dval_hash(k, wrt, id, L->ndbucket)]; v; v = v->hnext)
		if (v->k == k && v->wrt == wrt && v->id == id)
			return v;
	return NULL;
}

/* File dv, the derivative of temporary k, in its list and the hash. */
static void
dval_add(struct expr_lets *L, size_t k, struct dval *dv)
{
	size_t b;

	dv->k = k;
	dv->next = L->tmp[k].d;
	L->tmp[k].d = dv;
	if (++L->ndval > L->ndbucket) {
		dval_rehash(L);
		return;
	}
	b = dval_hash(k, dv->wrt, dv->id, L->ndbucket);
	dv->hnext = L->dbucket[b];
	L->dbucket[b] = dv;
}

static const struct expr *
dtmp_get(void *ctx, int k)
{
	struct dwant *w = ctx;
	struct dval *v = dval_find(w->L, (size_t)k, w->wrt, w->id);

	return v ? v->val : NULL;
}

/* Mark the temporaries e refers to that are not marked yet, and stack them. */
static void
mark_refs(const struct expr *e, unsigned char *mark, int *stack, size_t *sp)
{
	int i;

	if (e->kind == EXPR_TMP) {
		if (!mark[e->id]) {
			mark[e->id] = 1;
			stack[(*sp)++] = e->id;
		}
		return;
	}
	for (i = 0; i < e->nargs; i++)
		mark_refs(e->args[i], mark, stack, sp);
}

/*
 * Whether e depends on the leaf (wrt, id), directly or through a temporary
 * whose dependence is already in dep[]. Input functions (normal, ran, delay)
 * count as constants, as they do for the derivative.
 */
static int
mentions(const struct expr *e, enum expr_kind wrt, int id, const unsigned char *dep)
{
	int i;

	if (e->kind == EXPR_TMP)
		return dep[e->id];
	if (e->kind == wrt && (wrt == EXPR_T || e->id == id))
		return 1;
	for (i = 0; i < e->nargs; i++)
		if (mentions(e->args[i], wrt, id, dep))
			return 1;
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct expr *
expr_lets_diff(struct expr_lets *L, const struct expr *e, enum expr_kind wrt, int id)
{
	struct dwant w = {L, wrt, id};
	size_t n = L ? L->ntmp : 0, sp = 0, q, nmark;
	unsigned char *mark, *dep;
	int *list;
	struct expr *r;

	if (L == NULL)
		return expr_diff(e, wrt, id);
	/* the temporaries e depends on, then their derivatives in id order (a
	 * temporary refers only to earlier ones); one that does not depend on
	 * (wrt, id) has derivative 0 without building it, which keeps the
	 * Jacobian of a large sparse model (n^2 entries, most of them 0) cheap.
	 * The work is in the temporaries e reaches, not in all of them: the
	 * scratch arrays stay zero between calls. */
	if (L->scratch_cap < n + 1) {
		free(L->mark);
		free(L->dep);
		free(L->list);
		L->scratch_cap = 2 * (n + 1);
		L->mark = xcalloc(L->scratch_cap, 1);
		L->dep = xcalloc(L->scratch_cap, 1);
		L->list = xmalloc(L->scratch_cap * sizeof *L->list);
	}
	mark = L->mark;
	dep = L->dep;
	list = L->list;
	mark_refs(e, mark, list, &sp);
	for (q = 0; q < sp; q++)
		mark_refs(L->tmp[list[q]].body, mark, list, &sp);
	nmark = sp;
	qsort(list, nmark, sizeof *list, cmp_int);
	for (q = 0; q < nmark; q++) {
		size_t k = (size_t)list[q];
		struct expr *v;
		struct dval *dv = dval_find(L, k, wrt, id);

		if (dv) {
			dep[k] = !(dv->val->kind == EXPR_NUM && dv->val->num == 0);
			continue;
		}
		dep[k] = (unsigned char)mentions(L->tmp[k].body, wrt, id, dep);
		v = dep[k] ? share(L, expr_diff_via(L->tmp[k].body, wrt, id, dtmp_get, &w)) :
		    expr_num(0);
		dv = xmalloc(sizeof *dv);
		dv->wrt = wrt;
		dv->id = wrt == EXPR_T ? 0 : id;
		dv->val = v;
		dval_add(L, k, dv);	/* L->tmp may have moved in share: index it now */
	}
	r = mentions(e, wrt, id, dep) ? expr_diff_via(e, wrt, id, dtmp_get, &w) : expr_num(0);
	for (q = 0; q < nmark; q++)
		mark[list[q]] = dep[list[q]] = 0;
	return r;
}

/* ---- values ---- */

double
expr_lets_eval(const struct expr_lets *L, const struct expr *e, double t, const double *y,
    const double *p)
{
	struct diag d;
	struct expr_prog *prog = expr_lets_compile(L, (struct expr *const *)&e, 1, &d);
	double v = NAN;

	if (prog) {
		expr_prog_eval(prog, t, y, p, &v);
		expr_prog_free(prog);
	}
	return v;
}

int
expr_value(const struct expr *e, const struct expr_symtab *st, double t, const double *y,
    const double *p, double *out, struct diag *d)
{
	struct expr_lets *L = expr_lets_new(st);
	struct expr *x = expr_lets_expand(L, e, d);

	if (x == NULL) {
		expr_lets_free(L);
		return -1;
	}
	*out = expr_lets_eval(L, x, t, y, p);
	expr_free(x);
	expr_lets_free(L);
	return 0;
}
