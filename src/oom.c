/* oom: recovery from failed allocations, and the trajectory budget (see oom.h). */
#include "oom.h"

#include <gsl/gsl_errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local struct oom_point *top;

static atomic_long inject_countdown;
static atomic_size_t budget_used;
static atomic_size_t budget_limit = OOM_MAXMEM_DEFAULT;

void
oom_push(struct oom_point *p)
{
	p->prev = top;
	top = p;
}

void
oom_pop(struct oom_point *p)
{
	if (top == p)
		top = p->prev;
}

void
oom_fail(size_t n)
{
	struct oom_point *p = top;

	if (p != NULL) {
		top = p->prev;
		longjmp(p->jb, 1);
	}
	fprintf(stderr, "canard: out of memory (%zu bytes)\n", n);
	exit(2);
}

void
oom_gsl_handler(const char *reason, const char *file, int line, int gsl_errno)
{
	(void)reason;
	(void)file;
	(void)line;
	if (gsl_errno == GSL_ENOMEM)
		oom_fail(0);
}

long
oom_inject(long n)
{
	return atomic_exchange(&inject_countdown, n);
}

int
oom_injected(void)
{
	long c = atomic_load(&inject_countdown);

	/* one compare-and-swap per allocation while armed; a load otherwise */
	while (c > 0) {
		if (atomic_compare_exchange_weak(&inject_countdown, &c, c - 1))
			return c == 1;
	}
	return 0;
}

void
oom_budget_set(size_t bytes)
{
	atomic_store(&budget_limit, bytes);
}

size_t
oom_budget_limit(void)
{
	return atomic_load(&budget_limit);
}

size_t
oom_budget_used(void)
{
	return atomic_load(&budget_used);
}

int
oom_budget_take(size_t n)
{
	size_t used = atomic_load(&budget_used);

	do {
		if (n > atomic_load(&budget_limit) || used > atomic_load(&budget_limit) - n)
			return -1;
	} while (!atomic_compare_exchange_weak(&budget_used, &used, used + n));
	return 0;
}

void
oom_budget_give(size_t n)
{
	atomic_fetch_sub(&budget_used, n);
}

void
oom_budget_charge(size_t n)
{
	atomic_fetch_add(&budget_used, n);
}
