/*
 * Bifurcation diagrams against answers derived by hand: FitzHugh-Nagumo's two
 * Hopf points (trace and determinant of the Jacobian), the first Lyapunov
 * coefficient of the Hopf normal form, folds of a cubic in closed form, a
 * transcritical branch point with both branches, the Hindmarsh-Rose layer
 * problem's folds and Hopf point (Rinzel's dissection), Rossler's Hopf point
 * (Routh-Hurwitz), and a period doubling of cycles in closed form.
 */
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "testmodel.h"
#include "bif.h"
#include "results.h"

static struct model *
load_text(const char *text)
{
	struct diag d;
	struct model *m = model_from_ode(text, "test", &d);

	if (m == NULL)
		fail_msg("model: %d:%d: %s", d.line, d.col, d.msg);
	return m;
}

/* The diagram of m in parameter name over lo..hi, equilibria searched in the box. */
static struct bif_result *
diagram(const struct model *m, const double *par, const char *name, double lo, double hi,
    const double *vlo, const double *vhi, int cycles)
{
	struct bif_req r;
	struct diag d;
	struct bif_result *b;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.par = par ? par : m->par_value;
	r.state = m->init;
	r.ppar = model_par_index(m, name);
	r.pvar = r.ppar < 0 ? model_var_index(m, name) : -1;
	r.lo = lo;
	r.hi = hi;
	r.vlo = vlo;
	r.vhi = vhi;
	r.cycles = cycles;
	b = bif_compute(&r, &d);
	if (b == NULL)
		fail_msg("bif: %s", d.msg);
	return b;
}

static int
count(const struct bif_result *b, enum bif_kind k)
{
	int i, n = 0;

	for (i = 0; i < b->npt; i++)
		n += b->pt[i].kind == k;
	return n;
}

/* The special point of kind k nearest p. */
static const struct bif_point *
nearest(const struct bif_result *b, enum bif_kind k, double p)
{
	const struct bif_point *best = NULL;
	int i;

	for (i = 0; i < b->npt; i++)
		if (b->pt[i].kind == k && (best == NULL || fabs(b->pt[i].p - p) <
		    fabs(best->p - p)))
			best = &b->pt[i];
	if (best == NULL)
		fail_msg("no %s point", bif_kind_name(k));
	return best;
}

static void
test_fitzhugh_hopf(void **state)
{
	struct model *m = load_preset("fitzhugh");
	double vlo[2] = {-2.5, -1}, vhi[2] = {2.5, 2};
	struct bif_result *b = diagram(m, NULL, "I", 0, 2, vlo, vhi, 0);
	double a = 0.7, bb = 0.8, eps = 0.08;
	int side;
	size_t k;
	(void)state;

	/* trace 1 - v^2 - eps b = 0; the equilibrium w = (v + a)/b, I = w - v + v^3/3;
	 * omega^2 = det = eps (1 - b (1 - v^2)) */
	assert_int_equal(count(b, BIF_HOPF), 2);
	assert_int_equal(count(b, BIF_FOLD), 0);
	for (side = -1; side <= 1; side += 2) {
		double v = side * sqrt(1 - eps * bb), w = (v + a) / bb, in = w - v + v * v * v / 3;
		const struct bif_point *h = nearest(b, BIF_HOPF, in);
		assert_close(h->p, in, 1e-12, "Hopf I");
		assert_close(h->x[0], v, 1e-11, "Hopf v");
		assert_close(h->x[1], w, 1e-11, "Hopf w");
		assert_close(h->omega, sqrt(eps * (1 - bb * eps * bb)), 1e-11, "Hopf omega");
		assert_true(isfinite(h->l1));
	}
	/* one branch, stable outside the Hopf points and unstable between */
	assert_int_equal(b->neq, 1);
	assert_close(b->eq[0].p[0] < b->eq[0].p[b->eq[0].n - 1] ? b->eq[0].p[0] :
	    b->eq[0].p[b->eq[0].n - 1], 0, 1e-12, "branch starts at the range's end");
	for (k = 0; k < b->eq[0].n; k++) {
		double v = b->eq[0].x[k * 2], in = b->eq[0].p[k];
		double w = b->eq[0].x[k * 2 + 1];
		assert_true(fabs(v - v * v * v / 3 - w + in) < 1e-10);
		if (fabs(1 - v * v - eps * bb) > 1e-6)
			assert_int_equal(b->eq[0].stable[k], 1 - v * v - eps * bb < 0);
	}
	bif_result_free(b);
	model_free(m);
}

/*
 * x' = mu x - w y + a x r^2, y' = w x + mu y + a y r^2, that is
 * z' = (mu + i w) z + a z |z|^2. With Kuznetsov's normalisation <q, q> = 1
 * (MatCont's too), q = (1, -i)/sqrt 2 and z = sqrt 2 zeta, so c1 = 2 a and
 * l1 = Re c1 / w = 2 a / w.
 */
static void
test_normal_form_l1(void **state)
{
	static const char *text =
	    "x' = mu*x - w*y + a*x*(x^2 + y^2)\n"
	    "y' = w*x + mu*y + a*y*(x^2 + y^2)\n"
	    "par mu=-0.5, w=2, a=-0.75\n"
	    "init x=0.1, y=0.1\n"
	    "done\n";
	struct model *m = load_text(text);
	double vlo[2] = {-1, -1}, vhi[2] = {1, 1}, par[3] = {-0.5, 2, -0.75};
	struct bif_result *b;
	const struct bif_point *h;
	(void)state;

	b = diagram(m, par, "mu", -1, 1, vlo, vhi, 0);
	assert_int_equal(count(b, BIF_HOPF), 1);
	h = nearest(b, BIF_HOPF, 0);
	assert_true(fabs(h->p) < 1e-12);
	assert_close(h->omega, 2, 1e-12, "omega");
	assert_close(h->l1, 2 * -0.75 / 2, 1e-10, "l1 supercritical");
	bif_result_free(b);
	par[2] = 0.3;
	b = diagram(m, par, "mu", -1, 1, vlo, vhi, 0);
	assert_close(nearest(b, BIF_HOPF, 0)->l1, 2 * 0.3 / 2, 1e-10, "l1 subcritical");
	bif_result_free(b);
	model_free(m);
}

/* x' = r + x - x^3/3: folds at x = -+1, r = +-2/3 */
static void
test_cubic_folds(void **state)
{
	static const char *text =
	    "x' = r + x - x^3/3\n"
	    "y' = -y\n"
	    "par r=0\n"
	    "init x=0, y=0\n"
	    "done\n";
	struct model *m = load_text(text);
	double vlo[2] = {-3, -1}, vhi[2] = {3, 1};
	struct bif_result *b = diagram(m, NULL, "r", -2, 2, vlo, vhi, 0);
	const struct bif_point *f;
	size_t k;
	(void)state;

	assert_int_equal(count(b, BIF_FOLD), 2);
	assert_int_equal(count(b, BIF_HOPF), 0);
	assert_int_equal(count(b, BIF_BRANCH), 0);
	f = nearest(b, BIF_FOLD, 2.0 / 3);
	assert_close(f->p, 2.0 / 3, 1e-13, "fold r");
	assert_close(f->x[0], -1, 1e-7, "fold x");
	f = nearest(b, BIF_FOLD, -2.0 / 3);
	assert_close(f->p, -2.0 / 3, 1e-13, "fold r");
	assert_close(f->x[0], 1, 1e-7, "fold x");
	/* the S-shaped curve is one branch; stable where 1 - x^2 < 0 */
	assert_int_equal(b->neq, 1);
	for (k = 0; k < b->eq[0].n; k++) {
		double x = b->eq[0].x[k * 2];
		if (fabs(fabs(x) - 1) > 1e-6)
			assert_int_equal(b->eq[0].stable[k], fabs(x) > 1);
	}
	bif_result_free(b);
	model_free(m);
}

/* x' = r x - x^2: the branches x = 0 and x = r cross at r = 0 and exchange stability */
static void
test_transcritical(void **state)
{
	static const char *text =
	    "x' = r*x - x^2\n"
	    "y' = -y\n"
	    "par r=-1\n"
	    "init x=0.5, y=0\n"
	    "done\n";
	struct model *m = load_text(text);
	double vlo[2] = {-0.5, -1}, vhi[2] = {0.5, 1};
	struct bif_result *b = diagram(m, NULL, "r", -1, 1, vlo, vhi, 0);
	const struct bif_point *bp;
	int i, on_zero = 0, on_diag = 0;
	size_t k;
	(void)state;

	/* one branch point, two branches through it */
	assert_int_equal(count(b, BIF_BRANCH), 1);
	assert_int_equal(b->neq, 2);
	bp = nearest(b, BIF_BRANCH, 0);
	assert_true(fabs(bp->p) < 1e-10);
	assert_true(fabs(bp->x[0]) < 1e-10);
	for (i = 0; i < b->neq; i++)
		for (k = 0; k < b->eq[i].n; k++) {
			double r = b->eq[i].p[k], x = b->eq[i].x[k * 2];
			int zero = fabs(x) < 1e-9, diag = fabs(x - r) < 1e-9;
			assert_true(zero || diag);
			on_zero += zero && fabs(r) > 0.1;
			on_diag += diag && fabs(r) > 0.1;
			/* x = 0 is stable for r < 0, x = r for r > 0 */
			if (fabs(r) > 1e-6)
				assert_int_equal(b->eq[i].stable[k], zero ? r < 0 : r > 0);
		}
	assert_true(on_zero > 4 && on_diag > 4);
	bif_result_free(b);
	model_free(m);
}

/*
 * Hindmarsh-Rose's layer problem (z frozen): equilibria z = I + 1 - x^3 - 2 x^2,
 * folds at x = 0 and x = -4/3, a Hopf point where the trace -3 x^2 + 6 x - 1
 * vanishes, x = 1 - sqrt(24)/6, with omega^2 = det = 3 x^2 + 4 x.
 */
static void
test_hindmarsh_layer(void **state)
{
	struct model *m = load_preset("hindmarsh");
	double vlo[3] = {-2, -12, 0}, vhi[3] = {2.5, 2, 0};
	struct bif_result *b = diagram(m, NULL, "z", 1, 4, vlo, vhi, 0);
	double in = 2, xh = 1 - sqrt(24) / 6;
	const struct bif_point *p;
	(void)state;

	assert_int_equal(count(b, BIF_FOLD), 2);
	assert_close(nearest(b, BIF_FOLD, in + 1)->p, in + 1, 1e-13, "upper fold z");
	assert_close(nearest(b, BIF_FOLD, in + 1 - 32.0 / 27)->p, in + 1 - 32.0 / 27, 1e-13,
	    "lower fold z");
	assert_close(nearest(b, BIF_FOLD, in + 1 - 32.0 / 27)->x[0], -4.0 / 3, 1e-7,
	    "lower fold x");
	assert_int_equal(count(b, BIF_HOPF), 1);
	p = nearest(b, BIF_HOPF, 3);
	assert_close(p->x[0], xh, 1e-11, "Hopf x");
	assert_close(p->p, in + 1 - xh * xh * xh - 2 * xh * xh, 1e-12, "Hopf z");
	assert_close(p->omega, sqrt(3 * xh * xh + 4 * xh), 1e-11, "Hopf omega");
	/* the slow variable is the parameter: the points carry it in z */
	assert_close(p->x[2], p->p, 0, "z is the parameter");
	assert_int_equal(b->var_in[2], 0);
	bif_result_free(b);
	model_free(m);
}


/* The equilibrium v of FitzHugh-Nagumo at I: v - v^3/3 - (v + a)/b + I = 0, by Newton. */
static double
fhn_v(double in, double v)
{
	int it;

	for (it = 0; it < 60; it++)
		v -= (v - v * v * v / 3 - (v + 0.7) / 0.8 + in) / (1 - v * v - 1 / 0.8);
	return v;
}

/*
 * FitzHugh-Nagumo's cycles near the first Hopf point against the normal form:
 * z' = (mu + i omega) z + c1 z |z|^2, Re c1 = omega l1, so |z|^2 = -mu/(omega l1),
 * and v - v_H = 2 Re(z q_v): the peak-to-peak amplitude is 4 |q_v| |z|, with
 * q = (1, 1 - v^2 - i omega)/norm the eigenvector, mu = (1 - v^2 - eps b)/2.
 * The period tends to 2 pi / omega. The family is subcritical (l1 > 0): its
 * small cycles are unstable, it turns at a fold of cycles (LPC), crosses to the
 * large stable cycles and comes back through a second LPC to the other Hopf point.
 */
static void
test_fitzhugh_cycles(void **state)
{
	struct model *m = load_preset("fitzhugh");
	double vlo[2] = {-2.5, -1}, vhi[2] = {2.5, 2};
	struct bif_result *b = diagram(m, NULL, "I", 0, 2, vlo, vhi, 1);
	const struct bif_point *h;
	const struct bif_cycbranch *cb;
	double omega, qv;
	size_t k;
	int checked = 0, stable = 0;
	(void)state;

	assert_int_equal(count(b, BIF_HOPF), 2);
	h = nearest(b, BIF_HOPF, 0.33);
	omega = h->omega;
	assert_true(h->l1 > 0);
	qv = 1 / sqrt(1 + (1 - h->x[0] * h->x[0]) * (1 - h->x[0] * h->x[0]) + omega * omega);
	assert_int_equal(b->ncyc, 1);
	cb = &b->cyc[0];
	assert_int_equal(cb->hopf_end, (int)(nearest(b, BIF_HOPF, 1.4) - b->pt));
	for (k = 0; k < cb->n; k++) {
		double amp = cb->xmax[k * 2] - cb->xmin[k * 2];
		stable += cb->stable[k];
		if (amp < 0.25 && fabs(cb->p[k] - h->p) < 0.01 && cb->p[k] < h->p) {
			double v = fhn_v(cb->p[k], h->x[0]), mu = (1 - v * v - 0.064) / 2;
			double want = 4 * qv * sqrt(-mu / (omega * h->l1));
			assert_close(amp, want, 0.02 + 2 * amp * amp, "amplitude near Hopf");
			assert_close(cb->period[k], 2 * M_PI / omega, 0.03, "period near Hopf");
			assert_int_equal(cb->stable[k], 0);
			checked++;
		}
	}
	assert_true(checked >= 3);
	assert_true(stable > 10);
	/* two folds of cycles, one near each Hopf point, outside the Hopf interval */
	assert_int_equal(count(b, BIF_LPC), 2);
	assert_true(nearest(b, BIF_LPC, 0.3)->p < h->p);
	assert_true(nearest(b, BIF_LPC, 1.5)->p > nearest(b, BIF_HOPF, 1.4)->p);
	bif_result_free(b);
	model_free(m);
}

/*
 * The van der Pol canard explosion (preset canard, x' = y - x^3/3 + x,
 * y' = eps (a - x)): the Hopf point at a = 1 (trace 1 - a^2 = 0,
 * omega = sqrt(eps)), supercritical; its family grows from small cycles to
 * relaxation cycles within an exponentially thin interval of a around
 * a_c = 1 - eps/8 - 3 eps^2/32 - 173 eps^3/1024 + O(eps^4) (the asymptotic
 * expansion of the explosion point for this form), with canard cycles of
 * every intermediate amplitude inside it. A canard cycle follows the
 * repelling branch y = x^3/3 - x from the fold at x = 1 down to its least x,
 * s; on the slow flow there x' = -eps/(1 + x) and the repulsion is 1 - x^2,
 * so a trajectory a distance d off the repelling slow manifold at the fold
 * leaves it at s when d exp(R(s)/eps) = O(1), R(s) = int_s^1 (1 - x)(1 + x)^2
 * dx, and d is of the order of a minus the a of the maximal canard: a(s) -
 * a(-1) ~ exp(-R(s)/eps), to leading order.
 */
struct explosion {
	double hopf, relax;	/* the Hopf point's a; the largest amplitude */
	double lo, hi;		/* the range of a of the canard cycles with -0.9 < s < 0.2 */
	int bins[4];		/* how many of them with s in each quarter of that range */
	double a_end;		/* a of the maximal canard (the first s below -0.9) */
	double a_half;		/* a of the canard with s = 0.5 */
};

/* a(s) between records k and k + 1 of the branch, geometric in a - a_end. */
static double
a_at(const struct bif_cycbranch *cb, size_t k, double s, double a_end)
{
	double s0 = cb->xmin[k * 2], s1 = cb->xmin[(k + 1) * 2];
	double l0 = log(cb->p[k] - a_end), l1 = log(cb->p[k + 1] - a_end);

	return a_end + exp(l0 + (l1 - l0) * (s - s0) / (s1 - s0));
}

static void
explosion(double eps, struct explosion *ex)
{
	struct model *m = load_preset("canard");
	double vlo[2] = {-2.5, -1.5}, vhi[2] = {2.5, 1.5}, par[2] = {0.993, eps};
	struct bif_result *b;
	const struct bif_point *h;
	const struct bif_cycbranch *cb;
	size_t k, end = 0;

	assert_int_equal(model_par_index(m, "eps"), 1);
	b = diagram(m, par, "a", 0.9, 1.1, vlo, vhi, 1);
	memset(ex, 0, sizeof *ex);
	assert_int_equal(count(b, BIF_HOPF), 1);
	h = nearest(b, BIF_HOPF, 1);
	ex->hopf = h->p;
	assert_close(h->omega, sqrt(eps), 1e-12, "Hopf omega");
	assert_true(h->l1 < 0);
	assert_int_equal(b->ncyc, 1);
	cb = &b->cyc[0];
	ex->lo = INFINITY;
	ex->hi = -INFINITY;
	for (k = 0; k < cb->n; k++) {
		double least = cb->xmin[k * 2];
		ex->relax = fmax(ex->relax, cb->xmax[k * 2] - cb->xmin[k * 2]);
		if (least > -0.9 && least < 0.2) {
			ex->bins[(int)((least + 0.9) / 0.275)]++;
			ex->lo = fmin(ex->lo, cb->p[k]);
			ex->hi = fmax(ex->hi, cb->p[k]);
		}
		if (!end && least < -0.9)
			end = k;
	}
	assert_true(end > 1);
	ex->a_end = cb->p[end];
	for (k = 0; k + 1 < end; k++)
		if (cb->xmin[k * 2] >= 0.5 && cb->xmin[(k + 1) * 2] < 0.5)
			ex->a_half = a_at(cb, k, 0.5, ex->a_end);
	assert_true(ex->a_half > ex->a_end);
	bif_result_free(b);
	model_free(m);
}

/* a_c to third order */
static double
explosion_point(double eps)
{
	return 1 - eps / 8 - 3 * eps * eps / 32 - 173 * eps * eps * eps / 1024;
}

static void
test_canard_explosion(void **state)
{
	struct explosion e1, e2;
	double r_half = 4.0 / 3 - (2 * 1.5 * 1.5 * 1.5 / 3 - 1.5 * 1.5 * 1.5 * 1.5 / 4);
	double d1, d2;
	(void)state;

	explosion(0.05, &e1);
	assert_close(e1.hopf, 1, 1e-12, "Hopf a");
	/* relaxation cycles reach from the lower to the upper attracting branch */
	assert_true(e1.relax > 3.5);
	/* canard cycles of every size from s = 0.2 down to -0.9 */
	assert_true(e1.bins[0] > 0 && e1.bins[1] > 0 && e1.bins[2] > 0 && e1.bins[3] > 0);
	/* all inside an interval narrower than 1e-6, at the asymptotic a_c */
	assert_true(e1.hi - e1.lo < 1e-6);
	assert_close(e1.lo, explosion_point(0.05), 1e-5, "explosion point");
	/*
	 * At half eps: the distance to the third-order a_c is the O(eps^4) term,
	 * 2^4 = 16 times smaller (within 25%: the O(eps^5) term), and the canards
	 * between s = 0.5 and the maximal one lie in an interval narrower by
	 * exp(R(0.5) (1/0.025 - 1/0.05)), R(0.5) = 4/3 - (2 u^3/3 - u^4/4) at
	 * u = 1.5 = 0.349, a factor of 1070 (within a factor e^0.7: the
	 * algebraic prefactor).
	 */
	explosion(0.025, &e2);
	assert_true(e2.bins[0] > 0 && e2.bins[1] > 0 && e2.bins[2] > 0 && e2.bins[3] > 0);
	d1 = e1.a_end - explosion_point(0.05);
	d2 = e2.a_end - explosion_point(0.025);
	assert_true(d1 / d2 > 12 && d1 / d2 < 20);
	assert_close(log((e1.a_half - e1.a_end) / (e2.a_half - e2.a_end)), r_half * 20, 0.1,
	    "width ratio");
}

/*
 * Hindmarsh-Rose's layer problem: the spiking family born at the Hopf point
 * ends at a homoclinic orbit to the saddle of the middle branch; the record
 * marks it at the cycle's slowest point, which is that saddle.
 */
static void
test_hindmarsh_homoclinic(void **state)
{
	struct model *m = load_preset("hindmarsh");
	double vlo[3] = {-2, -12, 0}, vhi[3] = {2.5, 2, 0};
	struct bif_result *b = diagram(m, NULL, "z", 1, 4, vlo, vhi, 1);
	const struct bif_point *hc;
	double x, z;
	(void)state;

	assert_int_equal(b->ncyc, 1);
	assert_string_equal(b->cyc[0].end, "homoclinic");
	assert_int_equal(count(b, BIF_HOMOCLINIC), 1);
	hc = nearest(b, BIF_HOMOCLINIC, 2.8);
	x = hc->x[0];
	z = hc->p;
	/* on the middle (saddle) branch of z = 3 - x^3 - 2 x^2, between the folds */
	assert_true(x > -4.0 / 3 && x < 0);
	assert_close(3 - x * x * x - 2 * x * x, z, 1e-3, "homoclinic at the saddle");
	assert_true(z > 3 - 32.0 / 27 && z < nearest(b, BIF_HOPF, 2.9)->p);
	assert_true(hc->period > 10 * nearest(b, BIF_HOPF, 2.9)->period);
	bif_result_free(b);
	model_free(m);
}

/*
 * Morris-Lecar (class I): the spiking family from the subcritical Hopf point
 * near I = 97.8 turns at a fold of cycles and comes down to the saddle-node of
 * equilibria, where its period grows without bound (SNIC). The equilibria are
 * I(v) = gl (v - vl) + gca minf(v) (v - vca) + gk winf(v) (v - vk) with
 * w = winf(v): the saddle-node is where I'(v) = 0, found here by bisection
 * on the closed-form derivative. On the invariant circle the passage by the
 * ghost of the saddle-node takes pi / sqrt(alpha beta (I - I_sn)): T^2 (I -
 * I_sn) tends to a constant, where a homoclinic orbit to a saddle would make
 * the period grow like -ln(I - I_h) and T^2 (I - I_h) fall to 0.
 */
static double
ml_didv(double v)
{
	double mt = tanh((v + 1.2) / 18), wt = tanh((v - 12) / 17.4);
	double mi = 0.5 * (1 + mt), wi = 0.5 * (1 + wt);
	double dmi = 0.5 * (1 - mt * mt) / 18, dwi = 0.5 * (1 - wt * wt) / 17.4;

	return 2 + 4 * (dmi * (v - 120) + mi) + 8 * (dwi * (v + 84) + wi);
}

static double
ml_i(double v)
{
	return 2 * (v + 60) + 4 * 0.5 * (1 + tanh((v + 1.2) / 18)) * (v - 120) +
	    8 * 0.5 * (1 + tanh((v - 12) / 17.4)) * (v + 84);
}

static void
test_morris_lecar_snic(void **state)
{
	struct diag d;
	struct model *m = model_load_file("tests/bif/morris_lecar.ode", &d);
	double vlo[2] = {-80, -0.2}, vhi[2] = {60, 0.8}, lo = -40, hi = -20, isn;
	double cmin = INFINITY, cmax = 0, dmin = INFINITY, dmax = 0;
	struct bif_result *b;
	const struct bif_point *f, *hc;
	const struct bif_cycbranch *cb;
	int it;
	size_t k;
	(void)state;

	assert_non_null(m);
	/* I(v) turns between v = -40 and -20 (a maximum: I' goes from + to -) */
	assert_true(ml_didv(lo) > 0 && ml_didv(hi) < 0);
	for (it = 0; it < 200 && hi - lo > 1e-13; it++) {
		double mid = 0.5 * (lo + hi);
		*(ml_didv(mid) > 0 ? &lo : &hi) = mid;
	}
	isn = ml_i(lo);
	b = diagram(m, NULL, "I", 0, 150, vlo, vhi, 1);
	f = nearest(b, BIF_FOLD, isn);
	assert_close(f->p, isn, 1e-11, "saddle-node I");
	assert_close(f->x[0], lo, 1e-6, "saddle-node v");
	hc = nearest(b, BIF_HOMOCLINIC, isn);
	assert_true(nearest(b, BIF_HOPF, 98)->l1 > 0);
	assert_int_equal(count(b, BIF_LPC), 1);
	assert_true(hc->period > 300);
	assert_close(hc->p, isn, 0.01, "SNIC at the saddle-node");
	assert_true(hc->p > isn);
	assert_close(hc->x[0], lo, 0.01, "lingering at the saddle-node");
	/* the square-root law over the family's last cycles, I - I_sn < 0.6 */
	assert_int_equal(b->ncyc, 1);
	cb = &b->cyc[0];
	for (k = 0; k < cb->n; k++) {
		double di = cb->p[k] - isn, c = cb->period[k] * cb->period[k] * di;
		if (di > 0 && di < 0.6) {
			cmin = fmin(cmin, c);
			cmax = fmax(cmax, c);
			dmin = fmin(dmin, di);
			dmax = fmax(dmax, di);
		}
	}
	assert_true(dmax / dmin > 3);
	assert_true(cmax / cmin < 1.15);
	bif_result_free(b);
	model_free(m);
}

/*
 * Rossler's system x' = -y - z, y' = x + a y, z' = b + z (x - c) at b = 0.2,
 * c = 5.7: its inner equilibrium y = -2b / (c + sqrt(c^2 - 4ab)), x = -a y,
 * z = -y has the Jacobian [[0, -1, -1], [1, a, 0], [z, 0, e]], e = x - c,
 * with trace t = a + e, sum of principal 2x2 minors m = 1 + z + a e and
 * determinant d = e + a z. A pair +-i omega (Routh-Hurwitz) needs t m = d,
 * and then omega^2 = m: a scalar equation in a, solved here by bisection.
 */
static double
rossler_hopf_test(double a, double *m)
{
	double b = 0.2, c = 5.7, y = -2 * b / (c + sqrt(c * c - 4 * a * b)), e = -a * y - c;

	*m = 1 - y + a * e;
	return (a + e) * *m - (e - a * y);
}

static void
test_rossler_hopf(void **state)
{
	struct diag d;
	struct model *m = model_load_file("tests/bif/rossler.ode", &d);
	double vlo[3] = {-12, -12, -12}, vhi[3] = {12, 12, 12}, lo = 0.001, hi = 0.01, mm;
	struct bif_result *b;
	const struct bif_point *h;
	int it;
	(void)state;

	assert_non_null(m);
	assert_true(rossler_hopf_test(lo, &mm) * rossler_hopf_test(hi, &mm) < 0);
	for (it = 0; it < 200 && hi - lo > 1e-17; it++) {
		double mid = 0.5 * (lo + hi);
		if ((rossler_hopf_test(mid, &mm) > 0) == (rossler_hopf_test(lo, &mm) > 0))
			lo = mid;
		else
			hi = mid;
	}
	rossler_hopf_test(lo, &mm);
	b = diagram(m, NULL, "a", -0.1, 0.2, vlo, vhi, 0);
	assert_int_equal(count(b, BIF_HOPF), 1);
	h = nearest(b, BIF_HOPF, lo);
	assert_close(h->p, lo, 1e-14, "Hopf a");
	assert_close(h->omega, sqrt(mm), 1e-12, "Hopf omega");
	assert_close(h->x[1], -2 * 0.2 / (5.7 + sqrt(5.7 * 5.7 - 0.8 * lo)), 1e-12, "Hopf y");
	bif_result_free(b);
	model_free(m);
}

/*
 * A period doubling in closed form (tests/bif/twisted_hopf.ode): the cycles
 * X^2 + Y^2 = l + 2, Z = W = 0 of period 2 pi from the Hopf point at l = -2
 * have the Floquet multipliers exp(-4 pi (l + 2)), -exp(2 pi (r - 1)) and
 * -exp(-2 pi (r + 1)), r = sqrt(l + 2): stable below l = -1, where one
 * passes through -1, unstable above it.
 */
static void
test_period_doubling(void **state)
{
	struct diag d;
	struct model *m = model_load_file("tests/bif/twisted_hopf.ode", &d);
	double vlo[4] = {-2, -2, -1, -1}, vhi[4] = {2, 2, 1, 1};
	struct bif_result *b;
	const struct bif_point *h, *pd;
	const struct bif_cycbranch *cb;
	size_t k;
	int below = 0, above = 0;
	(void)state;

	assert_non_null(m);
	b = diagram(m, NULL, "l", -2.5, -0.5, vlo, vhi, 1);
	assert_int_equal(count(b, BIF_HOPF), 1);
	h = nearest(b, BIF_HOPF, -2);
	assert_close(h->p, -2, 1e-12, "Hopf l");
	assert_close(h->omega, 1, 1e-12, "Hopf omega");
	assert_close(h->l1, -2, 1e-10, "l1");
	assert_int_equal(count(b, BIF_PD), 1);
	assert_int_equal(count(b, BIF_LPC), 0);
	pd = nearest(b, BIF_PD, -1);
	assert_close(pd->p, -1, 1e-9, "PD l");
	assert_close(pd->period, 2 * M_PI, 1e-9, "PD period");
	assert_close(hypot(pd->x[0], pd->x[1]), 1, 1e-8, "PD radius");
	assert_true(fabs(pd->x[2]) < 1e-9 && fabs(pd->x[3]) < 1e-9);
	assert_int_equal(b->ncyc, 1);
	cb = &b->cyc[0];
	for (k = 0; k < cb->n; k++) {
		double l = cb->p[k];
		assert_close(cb->period[k], 2 * M_PI, 1e-8, "period");
		assert_close(cb->xmax[k * 4], sqrt(l + 2), 1e-4, "radius");
		if (fabs(l + 1) > 1e-6) {
			assert_int_equal(cb->stable[k], l < -1);
			below += l < -1;
			above += l > -1;
		}
	}
	assert_true(below >= 4 && above >= 4);
	bif_result_free(b);
	model_free(m);
}

static void
test_bad_requests(void **state)
{
	struct model *m = load_preset("fitzhugh");
	struct bif_req r;
	struct diag d;
	(void)state;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.par = m->par_value;
	r.state = m->init;
	r.ppar = -1;
	r.pvar = model_var_index(m, "v");
	r.lo = 0;
	r.hi = 1;
	assert_null(bif_compute(&r, &d));
	assert_non_null(strstr(d.msg, "'v' is not a slow variable"));
	r.pvar = -1;
	r.ppar = 0;
	r.lo = 1;
	r.hi = 0;
	assert_null(bif_compute(&r, &d));
	assert_non_null(strstr(d.msg, "range"));
	model_free(m);
}

/* What a sink received: the diagram's pieces in order. */
struct pieces {
	int n, ndone;
	size_t size[64];	/* equilibrium and cycle points of each piece */
	int done[64];
	struct results res;
};

static size_t
bif_size(const struct bif_result *b)
{
	size_t n = 0;
	int i;

	for (i = 0; i < b->neq; i++)
		n += b->eq[i].n;
	for (i = 0; i < b->ncyc; i++)
		n += b->cyc[i].n;
	return n;
}

static void
collect(void *ctx, struct job_result *r)
{
	struct pieces *pc = ctx;

	assert_int_equal(r->kind, JOB_BIF);
	assert_non_null(r->bif);
	if (pc->n < 64) {
		pc->size[pc->n] = bif_size(r->bif);
		pc->done[pc->n] = r->bif_done;
	}
	pc->n++;
	pc->ndone += r->bif_done;
	results_apply(&pc->res, r, 0, NULL, NULL);
}

/*
 * The diagram fills in: the job hands on copies as it goes (the first at the
 * first branch), each at least as large as the one before, and the last is
 * complete and the same as bif_compute's; results keep the last.
 */
static void
test_progress_pieces(void **state)
{
	struct model *m = load_preset("fitzhugh");
	double vlo[2] = {-2.5, -1}, vhi[2] = {2.5, 2};
	struct bif_result *ref = diagram(m, NULL, "I", 0, 2, vlo, vhi, 1), *cp;
	struct pieces pc;
	struct job j;
	struct job_sink sink = {collect, &pc};
	int i;
	(void)state;

	memset(&pc, 0, sizeof pc);
	results_init(&pc.res);
	memset(&j, 0, sizeof j);
	j.m = m;
	j.par = m->par_value;
	j.init = m->init;
	j.bif.on = 1;
	j.bif.ppar = model_par_index(m, "I");
	j.bif.pvar = -1;
	j.bif.lo = 0;
	j.bif.hi = 2;
	j.bif.vlo = vlo;
	j.bif.vhi = vhi;
	job_run_bif(&j, &sink, NULL, NULL);
	assert_true(pc.n >= 2);
	assert_int_equal(pc.ndone, 1);
	assert_int_equal(pc.done[0], 0);
	assert_true(pc.size[0] < bif_size(ref));
	for (i = 1; i < pc.n && i < 64; i++)
		assert_true(pc.size[i] >= pc.size[i - 1]);
	assert_int_equal(pc.res.bif_done, 1);
	assert_int_equal(pc.res.bif->npt, ref->npt);
	assert_int_equal(pc.res.bif->ncyc, ref->ncyc);
	assert_int_equal(bif_size(pc.res.bif), bif_size(ref));
	for (i = 0; i < ref->npt; i++)
		assert_true(pc.res.bif->pt[i].p == ref->pt[i].p);
	/* a copy is deep: the same numbers in other memory */
	cp = bif_result_copy(ref);
	assert_true(cp->eq[0].x != ref->eq[0].x);
	assert_memory_equal(cp->eq[0].x, ref->eq[0].x, ref->eq[0].n * 2 * sizeof(double));
	assert_memory_equal(cp->cyc[0].xmax, ref->cyc[0].xmax, ref->cyc[0].n * 2 * sizeof(double));
	assert_memory_equal(cp->pt[1].x, ref->pt[1].x, 2 * sizeof(double));
	bif_result_free(cp);
	bif_result_free(ref);
	results_fini(&pc.res);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fitzhugh_hopf),
		cmocka_unit_test(test_normal_form_l1),
		cmocka_unit_test(test_cubic_folds),
		cmocka_unit_test(test_transcritical),
		cmocka_unit_test(test_hindmarsh_layer),
		cmocka_unit_test(test_fitzhugh_cycles),
		cmocka_unit_test(test_canard_explosion),
		cmocka_unit_test(test_hindmarsh_homoclinic),
		cmocka_unit_test(test_morris_lecar_snic),
		cmocka_unit_test(test_rossler_hopf),
		cmocka_unit_test(test_period_doubling),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_progress_pieces),
	};

	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
