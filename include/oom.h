/*
 * oom: what canard does when memory runs out, and the budget of stored
 * trajectories.
 *
 * A failed allocation (xmalloc and friends, or a GSL allocation through
 * oom_gsl_handler) unwinds to the innermost recovery point of its own
 * thread, never another's: a command on the main thread arms one (cmd.c), so
 * only that command fails ("out of memory") and the session goes on; what the
 * command had allocated is lost. The worker thread arms one per job
 * (worker.c: the job ends with a JOB_DONE that says so), and each item and
 * delivery of a pool has one (pool.c: the run stops, its threads finish, and
 * then the calling thread fails as if it had computed the item itself). No
 * lock may be held across code that allocates inside a recovery point.
 * Without a recovery point canard says so and exits with status 2.
 *
 * The budget counts the bytes that trajectories keep (solve.c's traj_append
 * takes, traj_fini gives back) against a limit, `set maxmem`; a trajectory
 * that would pass it stops with SOLVE_MEMORY instead of growing.
 *
 * Knows nothing about models or screens. Recovery points are per thread;
 * the budget counter is process-wide and atomic.
 */
#ifndef CANARD_OOM_H
#define CANARD_OOM_H

#include <setjmp.h>
#include <stddef.h>

struct oom_point {
	jmp_buf jb;
	struct oom_point *prev;
};

/*
 * Arm p as this thread's innermost recovery point, then setjmp: 0 now, 1 when
 * an allocation failed below (p is then disarmed already). Pair with oom_pop
 * on the normal path.
 */
#define OOM_TRY(p) (oom_push(p), setjmp((p)->jb))
void oom_push(struct oom_point *p);
void oom_pop(struct oom_point *p);

/* An allocation of n bytes failed: unwind to the recovery point, or exit 2. */
_Noreturn void oom_fail(size_t n);

/* The GSL error handler: GSL_ENOMEM is oom_fail; every other error is left to
 * the caller's return codes (as with gsl_set_error_handler_off). */
void oom_gsl_handler(const char *reason, const char *file, int line, int gsl_errno);

/* Tests: the n-th allocation from now (1 = the next) fails; 0 disarms.
 * Returns how many allocations the previous setting still had to go (0: it fired). */
long oom_inject(long n);
/* Called by the allocators: nonzero when an injected failure is due. */
int oom_injected(void);

/* ---- the trajectory budget ---- */

#define OOM_MAXMEM_DEFAULT ((size_t)1024 << 20)	/* 1 GB */

void oom_budget_set(size_t bytes);
size_t oom_budget_limit(void);
size_t oom_budget_used(void);
/* Take n bytes from the budget: 0, or -1 (nothing taken) when it would pass the limit. */
int oom_budget_take(size_t n);
/* Take n bytes whatever the limit (a trajectory's first block). */
void oom_budget_charge(size_t n);
void oom_budget_give(size_t n);

#endif
