/*
 * make bench: canard's numerical core against the same work written by hand
 * in C, measured in one process and printed as ratios (median of repeats).
 *   (a) compiled right-hand sides vs C functions, ns per call
 *   (b) stiff van der Pol (eps=1e-3, tol 1e-8, five periods) through canard's
 *       model vs the same GSL stepper with a hand-written RHS and Jacobian
 *   (c) a 20x20 grid of FitzHugh-Nagumo trajectories (T=50, tol 1e-6)
 *   (d) the analysis of each preset (equilibria, nullclines, critical
 *       manifold, folds) for an 80x24 and a 200x60 canvas, against one
 *       integration of its default trajectory
 *   (e) headless latency with the real worker and canvas at 200x60: from a
 *       'set' to the first redrawn frame and to the complete portrait,
 *       median and worst of 100 changes per preset
 *   (f) resident memory of a session after 100 and after 10,000 commands
 *   (g) SGD steps per second of the two-layer network at d = 1000 (batch 1,
 *       sig = sig* = h1/2 + h2), width N = 1 and N = 64: canard's sgd module
 *       against the same loop written plainly below
 *   (h) bifurcation diagrams: FitzHugh-Nagumo in I (equilibria, then with
 *       both cycle families) and the van der Pol canard explosion in a,
 *       side by side with AUTO-07p on the same problems (tests/auto) when
 *       auto-07p is installed (its models compiled once beforehand); and in
 *       the live view's path (worker, canvas), from 'bif' to the first frame
 *       of the diagram and to the complete one
 *   (i) 1,000 Euler-Maruyama paths of a 2-variable SDE against the same loop in C
 *   (j) an integrate-and-fire neuron with 10,000 resets against the same
 *       event location (Brent on a re-integrated step) written by hand
 *   (k) redrawing a 200x60 pane that holds about 800,000 stored points (a
 *       9x9 grid of van der Pol trajectories at tol 1e-10), as after a pan
 *       or zoom: the plot alone, against the 30 ms goal; and the memory the
 *       trajectories hold per stored point against the points' own bytes
 *   (l) the pool: a 40x40 FitzHugh-Nagumo grid (job_run) and a 50x50 fate
 *       map (fatemap_compute) with 1, 2 and all cores, each as a speedup
 *       over jobs=1 in the same run, its efficiency (speedup / threads),
 *       and the wall-clock cost of one map cell
 * No assertions: the figures are for people, not for pass/fail.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis.h"
#include "bif.h"
#include "fatemap.h"
#include "job.h"
#include "pool.h"
#include "sgd.h"
#include "cmd.h"
#include "model.h"
#include "solve.h"
#include "plot.h"
#include "plot_bif.h"
#include "worker.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static struct model *
load(const char *path)
{
	struct diag d;
	struct model *m = model_load_file(path, &d);
	if (m == NULL) {
		fprintf(stderr, "bench: %s:%d:%d: %s\n", path, d.line, d.col, d.msg);
		exit(2);
	}
	return m;
}

/* ---- hand-written right-hand sides ---- */

struct vdp_par { double eps; };

static int
vdp_c(double t, const double y[], double f[], void *p)
{
	double eps = ((struct vdp_par *)p)->eps;
	(void)t;
	f[0] = y[1] - (y[0] * y[0] * y[0] / 3 - y[0]);
	f[1] = -eps * y[0];
	return GSL_SUCCESS;
}

static int
vdp_jac_c(double t, const double y[], double *J, double dfdt[], void *p)
{
	double eps = ((struct vdp_par *)p)->eps;
	(void)t;
	J[0] = 1 - y[0] * y[0];
	J[1] = 1;
	J[2] = -eps;
	J[3] = 0;
	dfdt[0] = dfdt[1] = 0;
	return GSL_SUCCESS;
}

struct fhn_par { double I, a, b, eps; };

static int
fhn_c(double t, const double y[], double f[], void *p)
{
	const struct fhn_par *q = p;
	(void)t;
	f[0] = y[0] - y[0] * y[0] * y[0] / 3 - y[1] + q->I;
	f[1] = q->eps * (y[0] + q->a - q->b * y[1]);
	return GSL_SUCCESS;
}

static int
fhn_jac_c(double t, const double y[], double *J, double dfdt[], void *p)
{
	const struct fhn_par *q = p;
	(void)t;
	J[0] = 1 - y[0] * y[0];
	J[1] = -1;
	J[2] = q->eps;
	J[3] = -q->eps * q->b;
	dfdt[0] = dfdt[1] = 0;
	return GSL_SUCCESS;
}

/* ---- (a) evaluation ---- */

/* noinline keeps the C baseline an honest call, as GSL makes it */
static double __attribute__((noinline))
loop_c(int (*fn0)(double, const double *, double *, void *), void *par, long n)
{
	/* volatile: the call stays a call through a pointer, as in GSL */
	int (*volatile fn)(double, const double *, double *, void *) = fn0;
	double y[2] = {0.5, 0.2}, f[2], acc = 0;
	long i;

	for (i = 0; i < n; i++) {
		y[0] = 0.5 + 1e-9 * (double)(i & 1023);
		fn(0, y, f, par);
		acc += f[0] + f[1];
	}
	return acc;
}

static double __attribute__((noinline))
loop_prog(const struct model *m, const double *par, long n)
{
	double y[2] = {0.5, 0.2}, f[2], acc = 0;
	long i;

	for (i = 0; i < n; i++) {
		y[0] = 0.5 + 1e-9 * (double)(i & 1023);
		expr_prog_eval(m->rhs_prog, 0, y, par, f);
		acc += f[0] + f[1];
	}
	return acc;
}

static void
bench_eval(const char *name, const struct model *m, const double *par,
    int (*fn)(double, const double *, double *, void *), void *cpar)
{
	const long n = 5000000;
	double tc[7], tp[7], ratio[7], sink = 0;
	int r;

	for (r = 0; r < 7; r++) {
		double t0 = now_seconds();
		sink += loop_c(fn, cpar, n);
		tc[r] = (now_seconds() - t0) / n * 1e9;
		t0 = now_seconds();
		sink += loop_prog(m, par, n);
		tp[r] = (now_seconds() - t0) / n * 1e9;
		ratio[r] = tp[r] / tc[r];
	}
	printf("(a) %-10s rhs eval   canard %6.1f ns   C %6.1f ns   ratio %.2fx  (goal <= 2x)%s\n",
	    name, median(tp, 7), median(tc, 7), median(ratio, 7), sink == 42 ? " " : "");
}

/* ---- (b), (c): whole integrations ---- */

static long
integrate_c(gsl_odeiv2_system *sys, const gsl_odeiv2_step_type *T, double tmax, double tol,
    const double *y0, struct traj *tr)
{
	gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_standard_new(sys, T, 0.01, tol * 1e-3, tol,
	    1, 0);
	double t = 0, h = 0.01, y[2] = {y0[0], y0[1]};
	long steps = 0;

	tr->n = 0;
	traj_append(tr, t, y);
	while (t < tmax) {
		if (gsl_odeiv2_evolve_apply(d->e, d->c, d->s, sys, &t, tmax, &h, y) != GSL_SUCCESS)
			break;
		traj_append(tr, t, y);
		steps++;
	}
	gsl_odeiv2_driver_free(d);
	return steps;
}

static void
bench_vdp_stiff(void)
{
	struct model *m = load("presets/vanderpol.ode");
	struct vdp_par cp = {1e-3};
	double par[1] = {1e-3}, y0[2] = {2, 0};
	double period = (3 - 2 * log(2)) / 1e-3 + 3 * 2.338107 / cbrt(1e-3);
	gsl_odeiv2_system sys = {vdp_c, vdp_jac_c, 2, &cp};
	static const enum solve_method meths[] = {METHOD_AUTO, METHOD_RK8PD, METHOD_MSBDF};
	size_t k;

	for (k = 0; k < sizeof meths / sizeof meths[0]; k++) {
		struct settings s;
		struct traj a, b;
		double ta[5], tb[5], ratio[5];
		int r;
		const gsl_odeiv2_step_type *T;

		settings_default(&s);
		s.tmax = 5 * period;
		s.rtol = 1e-8;
		s.atol = 1e-11;
		s.method = meths[k];
		traj_init(&a, 2);
		traj_init(&b, 2);
		for (r = 0; r < 5; r++) {
			double t0 = now_seconds();
			solve_traj(m, par, y0, &s, 1, &a, NULL, NULL);
			ta[r] = now_seconds() - t0;
			/* the baseline runs the method canard ended with */
			T = a.method == METHOD_MSBDF ? gsl_odeiv2_step_msbdf : gsl_odeiv2_step_rk8pd;
			t0 = now_seconds();
			integrate_c(&sys, T, s.tmax, s.rtol, y0, &b);
			tb[r] = now_seconds() - t0;
			ratio[r] = ta[r] / tb[r];
		}
		printf("(b) vdp eps=1e-3 %-6s canard %7.2f ms (%zu steps, ended %s)   C+GSL %7.2f ms "
		    "(%zu steps)   ratio %.2fx  (goal <= 1.5x)\n", method_name(meths[k]),
		    median(ta, 5) * 1e3, a.n, method_name(a.method), median(tb, 5) * 1e3, b.n,
		    median(ratio, 5));
		traj_fini(&a);
		traj_fini(&b);
	}
	model_free(m);
}

static void
bench_fhn_grid(void)
{
	struct model *m = load("presets/fitzhugh.ode");
	struct fhn_par cp = {0.5, 0.7, 0.8, 0.08};
	double par[4] = {0.5, 0.7, 0.8, 0.08};
	gsl_odeiv2_system sys = {fhn_c, fhn_jac_c, 2, &cp};
	struct settings s;
	struct traj a, b;
	double ta[5], tb[5], ratio[5];
	long steps_a = 0, steps_b = 0;
	int r, i, j;

	settings_default(&s);
	s.tmax = 50;
	s.rtol = 1e-6;
	s.atol = 1e-9;
	traj_init(&a, 2);
	traj_init(&b, 2);
	for (r = 0; r < 5; r++) {
		double t0 = now_seconds();
		steps_a = steps_b = 0;
		for (i = 0; i < 20; i++)
			for (j = 0; j < 20; j++) {
				double y0[2] = {-2.5 + (i + 0.5) * 0.25, -1 + (j + 0.5) * 0.15};
				solve_traj(m, par, y0, &s, 1, &a, NULL, NULL);
				steps_a += (long)a.n;
			}
		ta[r] = now_seconds() - t0;
		t0 = now_seconds();
		for (i = 0; i < 20; i++)
			for (j = 0; j < 20; j++) {
				double y0[2] = {-2.5 + (i + 0.5) * 0.25, -1 + (j + 0.5) * 0.15};
				integrate_c(&sys, gsl_odeiv2_step_rk8pd, s.tmax, s.rtol, y0, &b);
				steps_b += (long)b.n;
			}
		tb[r] = now_seconds() - t0;
		ratio[r] = ta[r] / tb[r];
	}
	printf("(c) fhn 20x20 grid T=50   canard %7.2f ms (%ld points)   C+GSL %7.2f ms "
	    "(%ld points)   ratio %.2fx  (goal <= 2x)\n", median(ta, 5) * 1e3, steps_a,
	    median(tb, 5) * 1e3, steps_b, median(ratio, 5));
	traj_fini(&a);
	traj_fini(&b);
	model_free(m);
}

static void
bench_analysis(void)
{
	static const char *const presets[] = {
		"vanderpol", "fitzhugh", "canard", "lotka", "pendulum", "hindmarsh", "featlearn",
		"richlazy"
	};
	static const int sizes[2][2] = {{80, 24}, {200, 60}};
	size_t p;
	int k, r;

	for (p = 0; p < sizeof presets / sizeof presets[0]; p++) {
		char path[128];
		struct model *m;
		struct traj tr;
		double ti[5], ta[2][5];
		int nbr = 0;

		snprintf(path, sizeof path, "presets/%s.ode", presets[p]);
		m = load(path);
		traj_init(&tr, m->nvar);
		for (r = 0; r < 5; r++) {
			double t0 = now_seconds();
			solve_traj(m, m->par_value, m->init, &m->set, 1, &tr, NULL, NULL);
			ti[r] = now_seconds() - t0;
		}
		for (k = 0; k < 2; k++) {
			for (r = 0; r < 5; r++) {
				struct analysis_req req;
				struct analysis *a;
				double t0;
				memset(&req, 0, sizeof req);
				req.m = m;
				req.par = m->par_value;
				req.base = m->init;
				req.xvar = m->xp;
				req.yvar = m->yp;
				req.xlo = m->xlo;
				req.xhi = m->xhi;
				req.ylo = m->ylo;
				req.yhi = m->yhi;
				req.want_eq = req.want_ncl = req.want_manifold = 1;
				req.cols = sizes[k][0];
				req.rows = sizes[k][1];
				t0 = now_seconds();
				a = analysis_compute(&req);
				ta[k][r] = now_seconds() - t0;
				nbr = a->nbranch;
				analysis_free(a);
			}
		}
		printf("(d) %-10s analysis 80x24 %6.2f ms (%.2fx)   200x60 %6.2f ms (%.2fx)   "
		    "one trajectory %6.2f ms   [%d C0 branch%s]\n", presets[p], median(ta[0], 5) * 1e3,
		    median(ta[0], 5) / median(ti, 5), median(ta[1], 5) * 1e3,
		    median(ta[1], 5) / median(ti, 5), median(ti, 5) * 1e3, nbr, nbr == 1 ? "" : "es");
		traj_fini(&tr);
		model_free(m);
	}
}

static void
quiet(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

/* Render what the session holds, as the UI does for a frame. */
static void
render(struct session *s)
{
	struct canvas *c = canvas_new(200, 60, CANVAS_BRAILLE);
	struct scene sc;

	session_scene(s, &sc);
	plot_portrait(c, &sc, NULL);
	canvas_free(c);
}

static void
bench_latency(void)
{
	static const char *const presets[] = {
		"vanderpol", "fitzhugh", "canard", "lotka", "pendulum", "hindmarsh", "featlearn",
		"richlazy"
	};
	size_t p;
	int fds[2];
	struct worker *w;
	struct out out = {quiet, quiet, NULL, NULL};

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
		return;
	w = worker_new(fds[1]);
	for (p = 0; p < sizeof presets / sizeof presets[0]; p++) {
		struct session s;
		struct cmd_loc loc = {"bench", 1};
		char line[128];
		double first[100], full[100];
		int i;

		session_init(&s, &out, CANVAS_BRAILLE);
		snprintf(line, sizeof line, "load %s; traj; traj grid 3; size 200x60", presets[p]);
		cmd_exec_line(&s, line, &loc);
		for (i = 0; i < 100; i++) {
			double t0;
			unsigned long gen;
			int done = 0, seen = 0, changed;
			/* a small change of the first parameter, as a nudge would make */
			snprintf(line, sizeof line, "set %s=%.10g", s.m->par[0],
			    s.m->par_value[0] * (1 + 0.001 * (i % 7)));
			t0 = now_seconds();
			cmd_exec_line(&s, line, &loc);
			gen = worker_submit(w, session_make_job(&s, 200, 60, s.show_nullclines));
			while (!done) {
				struct pollfd pf = {fds[0], POLLIN, 0};
				char buf[64];
				poll(&pf, 1, 5000);
				while (read(fds[0], buf, sizeof buf) > 0)
					;
				done = results_apply(&s.res, worker_take(w), gen, &changed, NULL);
				if (changed) {
					render(&s);
					if (!seen) {
						first[i] = now_seconds() - t0;
						seen = 1;
					}
				}
			}
			full[i] = now_seconds() - t0;
		}
		{
			double wf, wc;
			int k;
			wf = wc = 0;
			for (k = 0; k < 100; k++) {
				wf = fmax(wf, first[k]);
				wc = fmax(wc, full[k]);
			}
			printf("(e) %-10s 200x60  first frame median %6.2f ms worst %6.2f ms   complete "
			    "median %6.2f ms worst %6.2f ms  (goals 30 / 300 ms)\n", presets[p],
			    median(first, 100) * 1e3, wf * 1e3, median(full, 100) * 1e3, wc * 1e3);
		}
		session_fini(&s);
	}
	worker_free(w);
	close(fds[0]);
	close(fds[1]);
}

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static void
bench_rss(void)
{
	static const char *const cycle[] = {
		"set eps=0.05", "traj", "run", "eq", "folds", "set eps=0.01", "fate", "clear",
		"load vanderpol", "print"
	};
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"bench", 1};
	long at100 = 0;
	int i;

	session_init(&s, &out, CANVAS_BRAILLE);
	cmd_exec_line(&s, "load vanderpol", &loc);
	for (i = 1; i <= 10000; i++) {
		cmd_exec_line(&s, cycle[i % 10], &loc);
		if (i == 100)
			at100 = rss_kb();
	}
	printf("(f) session RSS after 100 commands %ld kB, after 10,000 commands %ld kB\n", at100,
	    rss_kb());
	session_fini(&s);
}

/* ---- (g) the SGD loop written plainly: the baseline for sgd.c ---- */

struct plain_net {
	int d, n;
	double *w, *a, *ws, *x, lr, ratio;
	gsl_rng *rng;
};

/* sig(z) = 0.5 z + (z^2 - 1)/sqrt(2), and the same for the target */
static double
plain_sig(double z)
{
	return 0.5 * z + (z * z - 1) / sqrt(2);
}

static double
plain_dsig(double z)
{
	return 0.5 + sqrt(2) * z;
}

static void __attribute__((noinline))
plain_steps(struct plain_net *p, long count)
{
	double eta_w = p->lr / p->d, eta_a = p->ratio * eta_w;
	double *u = malloc((size_t)p->n * sizeof *u);
	long k;
	int i, j;

	for (k = 0; k < count; k++) {
		double us = 0, f = 0, e;
		for (i = 0; i < p->d; i++)
			p->x[i] = gsl_ran_gaussian_ziggurat(p->rng, 1.0);
		for (i = 0; i < p->d; i++)
			us += p->ws[i] * p->x[i];
		for (j = 0; j < p->n; j++) {
			double s = 0;
			for (i = 0; i < p->d; i++)
				s += p->w[(size_t)j * p->d + i] * p->x[i];
			u[j] = s;
			f += p->a[j] * plain_sig(s);
		}
		e = plain_sig(us) - f / p->n;
		for (j = 0; j < p->n; j++) {
			double *w = p->w + (size_t)j * p->d, g = eta_w * e * p->a[j] * plain_dsig(u[j]);
			double r = 0;
			for (i = 0; i < p->d; i++) {
				w[i] += g * p->x[i];
				r += w[i] * w[i];
			}
			r = sqrt(r);
			for (i = 0; i < p->d; i++)
				w[i] /= r;
			p->a[j] += eta_a * e * plain_sig(u[j]);
		}
	}
	free(u);
}

static void
bench_sgd(void)
{
	const int widths[2] = {1, 64};
	int q;

	for (q = 0; q < 2; q++) {
		struct sgd_setup su;
		struct plain_net p;
		long steps = widths[q] == 1 ? 4000 : 200;
		double tc[5], tp[5];
		int r, i;

		memset(&su, 0, sizeof su);
		su.d = 1000;
		su.width = widths[q];
		su.batch = 1;
		su.seed = 1;
		su.nc = su.ns = 3;
		su.c[1] = su.s[1] = 0.5;
		su.c[2] = su.s[2] = 1;
		su.lr = 1;
		su.ratio = 0.05;
		su.m0 = su.a0 = 0.2;
		p.d = su.d;
		p.n = su.width;
		p.lr = su.lr;
		p.ratio = su.ratio;
		p.rng = gsl_rng_alloc(gsl_rng_mt19937);
		p.w = calloc((size_t)p.n * p.d, sizeof *p.w);
		p.a = malloc((size_t)p.n * sizeof *p.a);
		p.ws = calloc((size_t)p.d, sizeof *p.ws);
		p.x = malloc((size_t)p.d * sizeof *p.x);
		p.ws[0] = 1;
		for (i = 0; i < p.n; i++) {
			p.w[(size_t)i * p.d] = 0.2;
			p.w[(size_t)i * p.d + 1 + i] = sqrt(1 - 0.04);
			p.a[i] = 0.2;
		}
		for (r = 0; r < 5; r++) {
			struct sgd *g = sgd_new(&su);
			double t0 = now_seconds();
			sgd_steps(g, steps);
			tc[r] = steps / (now_seconds() - t0);
			sgd_free(g);
			t0 = now_seconds();
			plain_steps(&p, steps);
			tp[r] = steps / (now_seconds() - t0);
		}
		printf("(g) sgd d=1000 N=%-3d canard %9.0f steps/s   plain C %9.0f steps/s   "
		    "ratio %.2fx (time)\n", widths[q], median(tc, 5), median(tp, 5),
		    median(tp, 5) / median(tc, 5));
		gsl_rng_free(p.rng);
		free(p.w);
		free(p.a);
		free(p.ws);
		free(p.x);
	}
}

/* Median seconds of 3 runs of one diagram; fills the counts of the last. */
static double
time_bif(const struct model *m, const char *par, double lo, double hi, const double *vlo,
    const double *vhi, int cycles, int *ncyc)
{
	double t[3];
	int i;

	for (i = 0; i < 3; i++) {
		struct bif_req r;
		struct diag d;
		struct bif_result *b;
		double t0 = now_seconds();
		memset(&r, 0, sizeof r);
		r.m = m;
		r.par = m->par_value;
		r.state = m->init;
		r.ppar = model_par_index(m, par);
		r.pvar = -1;
		r.lo = lo;
		r.hi = hi;
		r.vlo = vlo;
		r.vhi = vhi;
		r.cycles = cycles;
		b = bif_compute(&r, &d);
		t[i] = now_seconds() - t0;
		*ncyc = 0;
		for (int k = 0; b && k < b->ncyc; k++)
			*ncyc += (int)b->cyc[k].n;
		bif_result_free(b);
	}
	return median(t, 3);
}

/* Wall seconds of AUTO-07p on tests/auto/SCRIPT (second run: models compiled), or -1. */
static double
time_auto(const char *script)
{
	char dir[] = "/tmp/canard-bench-XXXXXX", cmd[512];
	double t0, t;

	if (system("command -v auto-07p >/dev/null 2>&1 && command -v gfortran >/dev/null 2>&1")
	    != 0 || mkdtemp(dir) == NULL)
		return -1;
	snprintf(cmd, sizeof cmd, "cp tests/auto/* %s/ && cd %s && auto-07p %s >/dev/null "
	    "2>&1", dir, dir, script);
	if (system(cmd) != 0)
		return -1;
	t0 = now_seconds();
	t = system(cmd) == 0 ? now_seconds() - t0 : -1;
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		t = -1;
	return t;
}

static void
bench_bif(void)
{
	struct model *fhn = load("presets/fitzhugh.ode"), *can = load("presets/canard.ode");
	double flo[2] = {-2.5, -1}, fhi[2] = {2.5, 2}, clo[2] = {-2.5, -1.5}, chi[2] = {2.5, 1.5};
	double teq, tf, tc, taf, tav;
	int neq, nf, nc;

	teq = time_bif(fhn, "I", 0, 2, flo, fhi, 0, &neq);
	tf = time_bif(fhn, "I", 0, 2, flo, fhi, 1, &nf);
	tc = time_bif(can, "a", 0.9, 1.1, clo, chi, 1, &nc);
	printf("(h) bif: fitzhugh I 0..2 equilibria and Hopf points %.1f ms; with the cycle family "
	    "(%d cycles, 2 LPC) %.0f ms; canard a 0.9..1.1 explosion branch (%d cycles) %.0f ms\n",
	    1e3 * teq, nf, 1e3 * tf, nc, 1e3 * tc);
	taf = time_auto("fhn.auto");
	tav = time_auto("vdp.auto");
	if (taf < 0 || tav < 0) {
		printf("    AUTO-07p not installed: no side-by-side\n");
	} else {
		printf("    AUTO-07p on the same problems (tests/auto/fhn.auto, vdp.auto; compiled, wall "
		    "clock with its Python driver): fitzhugh %.0f ms, canard/AUTO %.2f; explosion "
		    "%.0f ms, canard/AUTO %.2f (goal < 1)\n", 1e3 * taf, tf / taf, 1e3 * tav, tc / tav);
	}
	model_free(fhn);
	model_free(can);
}

/*
 * The live view's diagram: from 'bif I 0 2' to the first frame of the
 * diagram drawn from the first piece the worker hands over, and to the last.
 */
static void
bench_bif_frame(void)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct cmd_loc loc = {"bench", 1};
	double first[3], full[3];
	int fds[2], i;
	struct worker *w;

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0)
		return;
	w = worker_new(fds[1]);
	for (i = 0; i < 3; i++) {
		struct session s;
		unsigned long gen;
		int done = 0, seen = 0;
		double t0;
		session_init(&s, &out, CANVAS_BRAILLE);
		cmd_exec_line(&s, "load fitzhugh; traj", &loc);
		s.async = 1;	/* as in the live view: bif leaves the work to the worker */
		t0 = now_seconds();
		cmd_exec_line(&s, "bif I 0 2", &loc);
		gen = worker_submit(w, session_make_job(&s, 100, 60, 0));
		while (!done) {
			struct pollfd pf = {fds[0], POLLIN, 0};
			char buf[64];
			poll(&pf, 1, 5000);
			while (read(fds[0], buf, sizeof buf) > 0)
				;
			done = results_apply(&s.res, worker_take(w), gen, NULL, NULL);
			if (s.res.bif && !seen) {
				struct canvas *c = canvas_new(200, 60, CANVAS_BRAILLE);
				struct scene sc;
				session_scene(&s, &sc);
				plot_scene(c, &sc, NULL);
				canvas_free(c);
				first[i] = now_seconds() - t0;
				seen = 1;
			}
		}
		full[i] = now_seconds() - t0;
		session_fini(&s);
	}
	printf("    live view: 'bif I 0 2' on fitzhugh, first frame of the diagram %.1f ms (goal "
	    "100 ms), complete %.0f ms (medians of 3)\n", 1e3 * median(first, 3),
	    1e3 * median(full, 3));
	worker_free(w);
	close(fds[0]);
	close(fds[1]);
}

/* ---- (i), (j): noise and events ---- */

/*
 * 1,000 Euler-Maruyama paths of x' = -th (x - mu) + sig w, b' = sig w
 * (500 steps each, every step kept) against the same loop in C with the same
 * generator and normal sampler.
 */
static void
bench_sde(void)
{
	struct diag dg;
	struct model *m = model_from_ode("wiener w\nx' = -th*(x-mu) + sig*w\nb' = sig*w\n"
	    "par th=2, mu=1, sig=0.5\ninit x=3, b=0\n@ total=5, dt=0.01\ndone\n", "sde", &dg);
	double ta[5], tb[5], ratio[5], sink = 0;
	int r, k;

	for (r = 0; r < 5; r++) {
		struct settings s = m->set;
		struct traj tr;
		double t0 = now_seconds();
		traj_init(&tr, 2);
		for (k = 0; k < 1000; k++) {
			s.stream = (unsigned long)k;
			solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
			sink += tr.y[2 * (tr.n - 1)];
		}
		ta[r] = now_seconds() - t0;
		t0 = now_seconds();
		for (k = 0; k < 1000; k++) {
			gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
			double y[2] = {3, 0}, dt = 0.01, sq = sqrt(dt);
			int i;
			gsl_rng_set(g, (unsigned long)k + 1);
			tr.n = 0;
			traj_append(&tr, 0, y);
			for (i = 1; i <= 500; i++) {
				double z = gsl_ran_gaussian_ziggurat(g, 1.0) * 0.5 * sq;
				y[0] += -2 * (y[0] - 1) * dt + z;
				y[1] += z;
				traj_append(&tr, i * dt, y);
			}
			sink += y[0];
			gsl_rng_free(g);
		}
		tb[r] = now_seconds() - t0;
		ratio[r] = ta[r] / tb[r];
		traj_fini(&tr);
	}
	printf("(i) 1000 Euler-Maruyama paths, 2 variables, 500 steps: canard %.1f ms   C %.1f ms"
	    "   ratio %.2fx%s\n", median(ta, 5) * 1e3, median(tb, 5) * 1e3, median(ratio, 5),
	    sink == 42 ? " " : "");
	model_free(m);
}

/* The hand-written integrate-and-fire: v' = (I - v)/tau, reset to 0 at v = 1. */
static int
lif_c(double t, const double y[], double f[], void *p)
{
	(void)t;
	(void)p;
	f[0] = (1.5 - y[0]) / 2;
	return GSL_SUCCESS;
}

struct lif_loc {
	gsl_odeiv2_driver *d;
	double t0, y0;
};

static double
lif_loc_fn(double s, void *arg)
{
	struct lif_loc *L = arg;
	double t = L->t0, y = L->y0;

	if (s > 0) {
		gsl_odeiv2_driver_reset_hstart(L->d, s);
		gsl_odeiv2_driver_apply(L->d, &t, L->t0 + s, &y);
	}
	return y - 1;
}

/*
 * 10,000 resets of a leaky integrate-and-fire neuron (tol 1e-10): canard's
 * global against the same algorithm by hand (rk8pd steps, each crossing found
 * by Brent on a re-integration of the step, the reset, a restart).
 */
static void
bench_lif(void)
{
	struct diag dg;
	struct model *m = model_from_ode("v' = (-v + I)/tau\npar I=1.5, tau=2\n"
	    "global 1 {v-1} {v=0}\ndone\n", "lif", &dg);
	double T = 10000 * 2 * log(3.0) + 1, ta[3], tb[3], ratio[3];
	long na = 0, nb = 0;
	int r;

	for (r = 0; r < 3; r++) {
		struct settings s = m->set;
		struct traj tr;
		double t0 = now_seconds();
		gsl_odeiv2_system sys = {lif_c, NULL, 1, NULL};
		gsl_odeiv2_driver *d, *dl;
		gsl_root_fsolver *rs;
		struct lif_loc L;
		double t = 0, h = 1e-3, y = 0;

		s.tmax = T;
		s.rtol = 1e-10;
		s.atol = 1e-12;
		s.maxstor = 1000000;
		traj_init(&tr, 1);
		solve_traj(m, m->par_value, m->init, &s, 1, &tr, NULL, NULL);
		na = tr.nevents;
		ta[r] = now_seconds() - t0;

		t0 = now_seconds();
		d = gsl_odeiv2_driver_alloc_standard_new(&sys, gsl_odeiv2_step_rk8pd, h, 1e-12,
		    1e-10, 1, 0);
		dl = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, h, 1e-12, 1e-12);
		rs = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
		L.d = dl;
		nb = 0;
		tr.n = 0;
		traj_append(&tr, t, &y);
		while (t < T) {
			double tp = t, yp = y;
			gsl_function F = {lif_loc_fn, &L};
			if (gsl_odeiv2_evolve_apply(d->e, d->c, d->s, &sys, &t, T, &h, &y) != 0)
				break;
			if (yp - 1 < 0 && y - 1 >= 0) {
				double lo = 0, hi = t - tp;
				int it;
				L.t0 = tp;
				L.y0 = yp;
				gsl_root_fsolver_set(rs, &F, lo, hi);
				for (it = 0; it < 100; it++) {
					gsl_root_fsolver_iterate(rs);
					lo = gsl_root_fsolver_x_lower(rs);
					hi = gsl_root_fsolver_x_upper(rs);
					if (hi - lo <= 4 * DBL_EPSILON * fmax(1.0, tp + hi))
						break;
				}
				t = tp + hi;
				y = lif_loc_fn(hi, &L) + 1;
				traj_append(&tr, t, &y);
				y = 0;
				gsl_odeiv2_driver_reset(d);
				nb++;
			}
			traj_append(&tr, t, &y);
		}
		gsl_root_fsolver_free(rs);
		gsl_odeiv2_driver_free(d);
		gsl_odeiv2_driver_free(dl);
		tb[r] = now_seconds() - t0;
		ratio[r] = ta[r] / tb[r];
		traj_fini(&tr);
	}
	printf("(j) integrate-and-fire, %ld resets (C: %ld): canard %.1f ms   C %.1f ms   "
	    "ratio %.2fx\n", na, nb, median(ta, 3) * 1e3, median(tb, 3) * 1e3, median(ratio, 3));
	model_free(m);
}

/* ---- (k) a redraw of many points, and what storing them costs ---- */

/* CPU seconds of this thread: a shared machine's waiting is not the plot's time. */
static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
bench_redraw(void)
{
	struct out out = {quiet, quiet, NULL, NULL};
	struct session s;
	struct cmd_loc loc = {"bench", 1};
	struct canvas *c = canvas_new(200, 60, CANVAS_BRAILLE);
	struct scene sc;
	struct view home;
	double t[11], t0;
	size_t i, points = 0, held = 0, used = 0;
	long rss0, rss1;
	int r;

	session_init(&s, &out, CANVAS_BRAILLE);
	cmd_exec_line(&s, "load vanderpol; set tol=1e-10 tmax=5000 maxstor=1000000; "
	    "traj grid 9; size 200x60", &loc);
	rss0 = rss_kb();
	session_run(&s, NULL, NULL);
	rss1 = rss_kb();
	for (i = 0; i < s.res.ntraj; i++) {
		const struct traj *tr = &s.res.trajs[i];
		points += tr->n;
		used += tr->n * (size_t)(tr->dim + 1) * sizeof(double);
		held += tr->cap * (size_t)(tr->dim + 1) * sizeof(double);
	}
	session_analyze(&s, s.show_nullclines, 200, 60);
	session_scene(&s, &sc);
	home = sc.v;
	for (r = 0; r < 11; r++) {
		/* as after a pan or a zoom: every frame in a window of its own */
		double w = home.xhi - home.xlo, h = home.yhi - home.ylo;
		sc.v = home;
		if (r % 3 == 1) {	/* a tenth of the width left or right */
			double by = (r % 2 ? 0.1 : -0.1) * w;
			sc.v.xlo += by;
			sc.v.xhi += by;
		} else if (r % 3 == 2) {	/* in by a sixth or an eighth each side */
			double in = r % 2 ? 6 : 8;
			sc.v.xlo += w / in;
			sc.v.xhi -= w / in;
			sc.v.ylo += h / in;
			sc.v.yhi -= h / in;
		}
		t0 = cpu_seconds();
		plot_scene(c, &sc, NULL);
		t[r] = cpu_seconds() - t0;
	}
	printf("(k) redraw of %zu points at 200x60, each after a pan or a zoom: median %.1f ms of "
	    "CPU (goal 30 ms), %.2f ms per 100,000 points\n", points, median(t, 11) * 1e3,
	    median(t, 11) * 1e3 / ((double)points / 1e5));
	printf("(k) storage: %.1f bytes held per stored point for %.0f bytes of data "
	    "(held/data %.2fx, goal <= 1.5x); RSS grew %.1f MB for %.1f MB of points\n",
	    (double)held / (double)points, (double)used / (double)points,
	    (double)held / (double)used, (rss1 - rss0) / 1024.0, used / 1048576.0);
	canvas_free(c);
	session_fini(&s);
	/* many short trajectories: an 80x80 grid at the preset's settings */
	session_init(&s, &out, CANVAS_BRAILLE);
	cmd_exec_line(&s, "load vanderpol; traj grid 80", &loc);
	session_run(&s, NULL, NULL);
	points = held = used = 0;
	for (i = 0; i < s.res.ntraj; i++) {
		const struct traj *tr = &s.res.trajs[i];
		points += tr->n;
		used += tr->n * (size_t)(tr->dim + 1) * sizeof(double);
		held += tr->cap * (size_t)(tr->dim + 1) * sizeof(double);
	}
	printf("(k) storage of an 80x80 grid: %zu points, %.1f MB held for %.1f MB of data "
	    "(%.2fx, goal <= 1.5x)\n", points, held / 1048576.0, used / 1048576.0,
	    (double)held / (double)used);
	session_fini(&s);
}

/* ---- (l) the pool ---- */

/* CPU seconds of every thread of the process: CPU / wall is the cores a run obtained. */
static double
process_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A sink that keeps a checksum of the trajectories' last points, then frees them. */
static void
sum_emit(void *ctx, struct job_result *r)
{
	double *sum = ctx;

	if (r->kind == JOB_TRAJ && r->tr->n > 0)
		*sum += r->tr->y[(r->tr->n - 1) * (size_t)r->tr->dim] * (double)(r->index + 1);
	job_result_free(r);
}

/* Wall seconds of a 40x40 grid of FitzHugh-Nagumo trajectories, T = 200, on threads. */
static double
time_grid(struct model *m, int threads, double *sum)
{
	struct job j;
	struct job_sink sink = {sum_emit, sum};
	double par[4] = {0.5, 0.7, 0.8, 0.08}, init[2] = {0, 0}, t0;
	int i, k;

	memset(&j, 0, sizeof j);
	j.m = m;
	j.par = par;
	j.init = init;
	settings_default(&j.set);
	j.set.tmax = 200;
	j.nseed = 1600;
	j.seeds = xmalloc(2 * j.nseed * sizeof *j.seeds);
	for (i = 0; i < 40; i++)
		for (k = 0; k < 40; k++) {
			j.seeds[2 * (i * 40 + k)] = -2.5 + (i + 0.5) * 5.0 / 40;
			j.seeds[2 * (i * 40 + k) + 1] = -1 + (k + 0.5) * 3.0 / 40;
		}
	j.view.xvar = 0;
	j.view.yvar = 1;
	j.threads = threads;
	*sum = 0;
	t0 = now_seconds();
	job_run(&j, &sink, NULL, NULL);
	t0 = now_seconds() - t0;
	free(j.seeds);
	return t0;
}

static void
count_cell(void *ctx, size_t k, const struct fatemap_cell *c)
{
	double *sum = ctx;

	*sum += (double)(k + 1) * (c->end == FATE_CYCLE ? c->period : 1 + (double)c->end);
}

/* Wall seconds of a 50x50 fate map of FitzHugh-Nagumo over (I, eps), T = 300, on threads. */
static double
time_map(struct model *m, int threads, double *sum)
{
	struct fatemap_req q;
	struct fatemap_cell *cells = xcalloc(2500, sizeof *cells);
	double t0;

	memset(&q, 0, sizeof q);
	q.m = m;
	q.par = m->par_value;
	q.init = m->init;
	settings_default(&q.set);
	q.set.tmax = 300;
	q.a1 = (struct fatemap_axis){model_par_index(m, "I"), -1, "I", 0, 1.6, 50};
	q.a2 = (struct fatemap_axis){model_par_index(m, "eps"), -1, "eps", 0.04, 0.2, 50};
	q.threads = threads;
	*sum = 0;
	t0 = now_seconds();
	fatemap_compute(&q, cells, count_cell, sum);
	t0 = now_seconds() - t0;
	free(cells);
	return t0;
}

static void
bench_pool(void)
{
	struct model *m = load("presets/fitzhugh.ode");
	int all = pool_cpu_count(), th[3] = {1, 2, all}, nth = all > 2 ? 3 : all, i, r;
	double tg[3], tm[3], sg[3], sm[3], cg[3], cm[3];

	for (i = 0; i < nth; i++) {
		double t[3], c0 = process_cpu_seconds();
		for (r = 0; r < 3; r++)
			t[r] = time_grid(m, th[i], &sg[i]);
		cg[i] = (process_cpu_seconds() - c0) / (t[0] + t[1] + t[2]);
		tg[i] = median(t, 3);
		c0 = process_cpu_seconds();
		tm[i] = time_map(m, th[i], &sm[i]);
		cm[i] = (process_cpu_seconds() - c0) / tm[i];
	}
	printf("(l) pool, %d core%s available; speedup = time at jobs=1 / time, efficiency = "
	    "speedup / jobs (goal on 2 cores: >= 1.8x); 'got' = CPU time / wall time, the cores "
	    "the run obtained (below jobs: the machine was busy)\n", all, all == 1 ? "" : "s");
	for (i = 0; i < nth; i++)
		printf("    jobs=%-3d fhn 40x40 grid T=200 %6.0f ms speedup %.2fx efficiency %3.0f%% "
		    "got %.2f%s  |  50x50 map T=300 %6.0f ms speedup %.2fx efficiency %3.0f%% got "
		    "%.2f, %.3f ms a cell (CPU %.3f ms)%s\n", th[i], 1e3 * tg[i], tg[0] / tg[i],
		    100 * tg[0] / tg[i] / th[i], cg[i], sg[i] == sg[0] ? "" : " (DIFFERENT ANSWERS)",
		    1e3 * tm[i], tm[0] / tm[i], 100 * tm[0] / tm[i] / th[i], cm[i],
		    1e3 * tm[i] / 2500, 1e3 * tm[i] * cm[i] / 2500,
		    sm[i] == sm[0] ? "" : " (DIFFERENT ANSWERS)");
	model_free(m);
}

/* 'make bench ONLY=ek': the sections whose letters are given, all when unset */
static int
want(char section)
{
	const char *only = getenv("CANARD_BENCH_ONLY");
	return only == NULL || *only == '\0' || strchr(only, section) != NULL;
}

int
main(void)
{
	struct model *vdp, *fhn;
	struct vdp_par vp = {0.05};
	struct fhn_par fp = {0.5, 0.7, 0.8, 0.08};
	double vpar[1] = {0.05}, fpar[4] = {0.5, 0.7, 0.8, 0.08};

	gsl_set_error_handler_off();
	setenv("CANARD_PRESETS", "presets", 1);
	vdp = load("presets/vanderpol.ode");
	fhn = load("presets/fitzhugh.ode");
	printf("canard bench: medians of repeated runs in one process; ratio = canard / baseline\n");
	if (want('a')) {
		bench_eval("vanderpol", vdp, vpar, vdp_c, &vp);
		bench_eval("fitzhugh", fhn, fpar, fhn_c, &fp);
	}
	if (want('b'))
		bench_vdp_stiff();
	if (want('c'))
		bench_fhn_grid();
	if (want('d'))
		bench_analysis();
	if (want('e'))
		bench_latency();
	if (want('f'))
		bench_rss();
	if (want('g'))
		bench_sgd();
	if (want('h')) {
		bench_bif();
		bench_bif_frame();
	}
	if (want('i'))
		bench_sde();
	if (want('j'))
		bench_lif();
	if (want('k'))
		bench_redraw();
	if (want('l'))
		bench_pool();
	model_free(vdp);
	model_free(fhn);
	return 0;
}
