/*
 * Shared definitions: a model's size, not the number of times a definition is
 * used, sets the time and memory of loading it. The doubling models (each
 * definition or function uses the previous one twice) used to take minutes
 * and gigabytes; 40,000 definitions took 13.7 s; a chain of 500 functions was
 * called recursive. Values and derivatives are checked against the same
 * recurrences computed by hand, and against central differences.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include "testutil.h"
#include "model.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

/* Generous bounds: the point is linear against exponential, not a stopwatch. */
#define LOAD_CPU_MAX 3.0	/* seconds */
#define LOAD_RSS_MAX_KB (100 * 1024)

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
	    (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
on_cpu_limit(int sig)
{
	static const char msg[] = "test_lets: a load ran far past its CPU bound (exponential?)\n";
	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(1);
	_exit(1);
}

/* Load text, failing the test with the message if it does not load or takes too long;
 * a load that runs away is stopped at four times the bound rather than waited for. */
static struct model *
load_timed(const char *text, const char *what)
{
	struct diag d;
	struct itimerval stop = {{0, 0}, {(time_t)(4 * LOAD_CPU_MAX), 0}}, off = {{0, 0}, {0, 0}};
	double t0 = cpu_seconds(), dt;
	struct model *m;

	signal(SIGPROF, on_cpu_limit);
	setitimer(ITIMER_PROF, &stop, NULL);
	m = model_from_ode(text, "t.ode", &d);
	setitimer(ITIMER_PROF, &off, NULL);
	dt = cpu_seconds() - t0;
	if (m == NULL)
		fail_msg("%s did not load: %d:%d: %s", what, d.line, d.col, d.msg);
	if (dt > LOAD_CPU_MAX)
		fail_msg("%s took %.2f s of CPU to load (bound %.1f s)", what, dt, LOAD_CPU_MAX);
	/* AddressSanitizer's shadow and quarantine are not the model's memory */
	if (!SANITIZED && max_rss_kb() > LOAD_RSS_MAX_KB)
		fail_msg("%s: resident memory %ld kB (bound %d kB)", what, max_rss_kb(),
		    LOAD_RSS_MAX_KB);
	return m;
}

static void
eval_rhs(const struct model *m, const double *y, double *f)
{
	expr_prog_eval(m->rhs_prog, 0, y, m->par_value, f);
}

/* The compiled Jacobian (and d/dt) against central differences of the compiled rhs. */
static void
check_jacobian_fd(const struct model *m, const double *y0, double rel, const char *what)
{
	int n = m->nvar, i, j;
	double *J = xmalloc((size_t)(n * n + n) * sizeof *J);
	double *y = xmalloc((size_t)n * sizeof *y), *fp = xmalloc((size_t)n * sizeof *fp);
	double *fm = xmalloc((size_t)n * sizeof *fm);

	expr_prog_eval(m->jac_prog, 0, y0, m->par_value, J);
	for (j = 0; j < n; j++) {
		double h = 1e-6 * (1 + fabs(y0[j]));
		memcpy(y, y0, (size_t)n * sizeof *y);
		y[j] = y0[j] + h;
		eval_rhs(m, y, fp);
		y[j] = y0[j] - h;
		eval_rhs(m, y, fm);
		for (i = 0; i < n; i++) {
			double fd = (fp[i] - fm[i]) / (2 * h), got = J[i * n + j];
			if (!(fabs(got - fd) <= rel * (1 + fabs(fd))))
				fail_msg("%s: d f%d / d y%d = %.17g, central difference %.17g", what, i,
				    j, got, fd);
		}
	}
	free(J);
	free(y);
	free(fp);
	free(fm);
}

/* a1 = x*x + y, a_k = a_{k-1}^2 + y, and its derivatives by the chain rule. */
static void
doubling_by_hand(double x, double y, int n, double *a, double *ax, double *ay)
{
	int k;

	*a = x * x + y;
	*ax = 2 * x;
	*ay = 1;
	for (k = 2; k <= n; k++) {
		*ax = 2 * *a * *ax;
		*ay = 2 * *a * *ay + 1;
		*a = *a * *a + y;
	}
}

static void
check_doubling(const struct model *m, const char *what)
{
	double y[2] = {0.3, 0.2}, f[2], J[6], a, ax, ay;

	doubling_by_hand(y[0], y[1], 20, &a, &ax, &ay);
	eval_rhs(m, y, f);
	assert_close(f[0], a, 1e-13, what);
	assert_close(f[1], -y[0], 0, what);
	expr_prog_eval(m->jac_prog, 0, y, m->par_value, J);
	assert_close(J[0], ax, 1e-12, "d a20 / dx through 20 shared definitions");
	assert_close(J[1], ay, 1e-12, "d a20 / dy through 20 shared definitions");
	assert_close(J[2], -1, 0, "d y' / dx");
	/* linear: the programs are a few instructions per line, not 2^20 */
	if (expr_prog_length(m->rhs_prog) > 400 || expr_prog_length(m->jac_prog) > 4000)
		fail_msg("%s: programs of %zu and %zu instructions", what,
		    expr_prog_length(m->rhs_prog), expr_prog_length(m->jac_prog));
	check_jacobian_fd(m, y, 1e-6, what);
}

static void
test_doubling_definitions(void **state)
{
	struct strbuf sb;
	struct model *m;
	int k;
	(void)state;

	strbuf_init(&sb);
	strbuf_add(&sb, "x' = a20\ny' = -x\na1 = x*x + y\n");
	for (k = 2; k <= 20; k++)
		strbuf_printf(&sb, "a%d = a%d*a%d + y\n", k, k - 1, k - 1);
	m = load_timed(sb.s, "the doubling model");
	check_doubling(m, "a20");
	model_free(m);
	strbuf_fini(&sb);
}

static void
test_doubling_functions(void **state)
{
	struct strbuf sb;
	struct model *m;
	int k;
	(void)state;

	strbuf_init(&sb);
	strbuf_add(&sb, "x' = f20(x)\ny' = -x\nf1(u) = u*u + y\n");
	for (k = 2; k <= 20; k++)
		strbuf_printf(&sb, "f%d(u) = f%d(u)*f%d(u) + y\n", k, k - 1, k - 1);
	m = load_timed(sb.s, "20 functions each calling the previous twice");
	check_doubling(m, "f20(x)");
	model_free(m);
	strbuf_fini(&sb);
}

static void
test_forty_thousand(void **state)
{
	struct strbuf sb;
	struct model *m;
	double y[2] = {0.5, -0.25}, f[2], J[6];
	int k;
	(void)state;

	/* wide: 40,000 independent fixed quantities, declared after their use */
	strbuf_init(&sb);
	strbuf_add(&sb, "x' = q1 + q40000 - q777\ny' = -y\n");
	for (k = 1; k <= 40000; k++)
		strbuf_printf(&sb, "q%d = %d*x*y\n", k, k);
	m = load_timed(sb.s, "40,000 fixed quantities");
	eval_rhs(m, y, f);
	assert_close(f[0], (1 + 40000 - 777) * y[0] * y[1], 1e-14, "q1 + q40000 - q777");
	model_free(m);
	strbuf_fini(&sb);

	/* deep: each one uses the one before, listed from the top down */
	strbuf_init(&sb);
	strbuf_add(&sb, "x' = c40000\ny' = -y\n");
	for (k = 40000; k >= 2; k--)
		strbuf_printf(&sb, "c%d = c%d + x*x\n", k, k - 1);
	strbuf_add(&sb, "c1 = y\n");
	m = load_timed(sb.s, "a chain of 40,000 fixed quantities");
	eval_rhs(m, y, f);
	assert_close(f[0], 39999 * y[0] * y[0] + y[1], 1e-12, "c40000");
	expr_prog_eval(m->jac_prog, 0, y, m->par_value, J);
	assert_close(J[0], 39999 * 2 * y[0], 1e-12, "d c40000 / dx");
	assert_close(J[1], 1, 1e-12, "d c40000 / dy");
	model_free(m);
	strbuf_fini(&sb);
}

static void
test_function_chains(void **state)
{
	struct strbuf sb;
	struct model *m;
	double y[2] = {0.7, -0.3}, f[2], J[6], v = 0.7, dv = 1;
	int k;
	(void)state;

	/* 500 non-recursive functions: 64 levels used to be called recursion */
	strbuf_init(&sb);
	strbuf_add(&sb, "x' = g500(x)\ny' = h500(y, x)\ng1(u) = u + 1\nh1(u, v) = u*v\n");
	for (k = 2; k <= 500; k++) {
		strbuf_printf(&sb, "g%d(u) = g%d(u) + 1\n", k, k - 1);
		strbuf_printf(&sb, "h%d(u, v) = sin(h%d(v, u))\n", k, k - 1);
	}
	m = load_timed(sb.s, "a chain of 500 functions");
	eval_rhs(m, y, f);
	assert_close(f[0], y[0] + 500, 1e-14, "g500(x)");
	/* h500 = sin^499 of h1 with the arguments swapped 499 times: h1(x, y) */
	v = y[0] * y[1];
	for (k = 2; k <= 500; k++) {
		dv *= cos(v);
		v = sin(v);
	}
	assert_close(f[1], v, 1e-12, "h500(y, x)");
	expr_prog_eval(m->jac_prog, 0, y, m->par_value, J);
	assert_close(J[0], 1, 1e-14, "d g500(x) / dx");
	assert_close(J[2], dv * y[1], 1e-10, "d h500 / dx");
	assert_close(J[3], dv * y[0], 1e-10, "d h500 / dy");
	check_jacobian_fd(m, y, 1e-6, "500 functions");
	model_free(m);
	strbuf_fini(&sb);

	/* a call inside a call's arguments is nesting, not recursion */
	m = load_timed("x' = f(f(x))\ny' = f(y + f(x))\nf(u) = u*u\n", "f(f(x))");
	eval_rhs(m, y, f);
	assert_close(f[0], pow(y[0], 4), 1e-14, "f(f(x))");
	assert_close(f[1], pow(y[1] + y[0] * y[0], 2), 1e-14, "f(y + f(x))");
	check_jacobian_fd(m, y, 1e-6, "nested calls");
	model_free(m);
}

static void
load_refused(const char *text, int line, int col, const char *msg)
{
	struct diag d;
	struct model *m = model_from_ode(text, "t.ode", &d);

	if (m != NULL)
		fail_msg("loaded, but should fail with '%s':\n%s", msg, text);
	if (d.line != line || d.col != col || strstr(d.msg, msg) == NULL)
		fail_msg("got %d:%d: %s\nwant %d:%d: ...%s...", d.line, d.col, d.msg, line, col, msg);
}

static void
test_recursion_refused(void **state)
{
	(void)state;
	/* each refusal names a definition on the cycle, at its own line and body */
	load_refused("x' = b\nb = c + 1\n# a comment\nc = 2*b\n", 2, 5,
	    "the definition of 'b' refers to itself");
	load_refused("x' = -x\naux z = f(x)\nf(u) = g(u) + 1\ng(u) = f(u*2)\n", 3, 8,
	    "the definition of 'f' refers to itself");
	load_refused("x' = f(x)\nf(u) = if(u>0)then(f(u-1))else(0)\n", 2, 8,
	    "the definition of 'f' refers to itself");
	load_refused("x' = a\n  a = f(x)\nf(u) = u + a\n", 2, 7,
	    "the definition of 'a' refers to itself");
	/* deep below a long chain, still at the right line */
	{
		struct strbuf sb;
		int k;
		strbuf_init(&sb);
		strbuf_add(&sb, "x' = r1\n");
		for (k = 1; k < 3000; k++)
			strbuf_printf(&sb, "r%d = r%d + 1\n", k, k + 1);
		strbuf_add(&sb, "r3000 = r1500 * 2\n");
		load_refused(sb.s, 1501, 9, "the definition of 'r1500' refers to itself");
		strbuf_fini(&sb);
	}
}

/* More temporaries live at once than the evaluator keeps on its stack. */
static void
test_many_live_temporaries(void **state)
{
	struct strbuf sb;
	struct model *m;
	double y[2] = {0.4, 0.9}, f[2], want = 0;
	int k, n = 768;	/* three times EXPR_SLOTS_ON_STACK */
	(void)state;

	strbuf_init(&sb);
	strbuf_add(&sb, "x' = 0");
	for (k = 1; k <= n; k++)
		strbuf_printf(&sb, " + s%d*s%d", k, k);
	strbuf_add(&sb, "\ny' = s1 - s2\n");
	for (k = 1; k <= n; k++) {
		strbuf_printf(&sb, "s%d = sin(%d*x) + y\n", k, k);
		want += (sin(k * y[0]) + y[1]) * (sin(k * y[0]) + y[1]);
	}
	m = load_timed(sb.s, "many shared definitions read at the end");
	eval_rhs(m, y, f);
	assert_close(f[0], want, 1e-12, "sum of squares of 768 definitions");
	assert_close(f[1], sin(y[0]) - sin(2 * y[0]), 1e-14, "s1 - s2");
	check_jacobian_fd(m, y, 1e-6, "768 definitions");
	model_free(m);
	strbuf_fini(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling_definitions),
		cmocka_unit_test(test_doubling_functions),
		cmocka_unit_test(test_forty_thousand),
		cmocka_unit_test(test_function_chains),
		cmocka_unit_test(test_recursion_refused),
		cmocka_unit_test(test_many_live_temporaries),
	};
	if (!SANITIZED) {
		/* a load that copies trees exponentially fails here instead of eating the machine */
		struct rlimit as = {(rlim_t)2 << 30, (rlim_t)2 << 30};
		setrlimit(RLIMIT_AS, &as);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
