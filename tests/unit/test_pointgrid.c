/*
 * pointgrid against the scan it replaces: for random points in 1 to 16
 * dimensions, with other scales per coordinate, clusters at the radius's
 * size, points far out (beyond the grid's cells), and coordinates that are
 * not finite, pointgrid_near answers as the scan of every point does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "pointgrid.h"

/* The scan: some point within radius, by the same formula. */
static int
scan_near(const double *pts, size_t n, int dim, const double *scale, double radius,
    const double *p)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		double d = 0;
		for (k = 0; k < dim; k++) {
			double e = (pts[i * (size_t)dim + (size_t)k] - p[k]) / scale[k];
			d += e * e;
		}
		if (sqrt(d) < radius)
			return 1;
	}
	return 0;
}

static double
coord(unsigned *seed, double scale, double radius)
{
	double u = (double)rand_r(seed) / RAND_MAX;

	switch (rand_r(seed) % 10) {
	case 0: return (u - 0.5) * 1e15 * scale;		/* beyond the cells */
	case 1: return (rand_r(seed) % 2 ? 1 : -1) * 1099511627776.0 * 1.01 * radius * scale *
	    (1 + (u - 0.5) * 1e-9);			/* at the cells' edge */
	case 2: return rand_r(seed) % 7 == 0 ? NAN : rand_r(seed) % 2 ? INFINITY : -INFINITY;
	default: return (u - 0.5) * 20 * radius * scale;	/* a cluster: many near */
	}
}

static void
test_near_as_scan(void **state)
{
	unsigned seed = 2026;
	int dim, trial;
	(void)state;

	for (dim = 1; dim <= POINTGRID_DIM_MAX; dim++)
		for (trial = 0; trial < 6; trial++) {
			double scale[POINTGRID_DIM_MAX], radius = trial % 2 ? 0.03 : 1.5;
			size_t n = (size_t)(50 + rand_r(&seed) % 400), i, kept = 0, near = 0;
			double *pts = malloc(n * (size_t)dim * sizeof *pts);
			struct pointgrid *g;
			int k, q;
			for (k = 0; k < dim; k++)
				scale[k] = pow(10, (double)(rand_r(&seed) % 9) - 4);
			g = pointgrid_new(dim, scale, radius);
			for (i = 0; i < n; i++) {
				double *p = pts + kept * (size_t)dim;
				int finite = 1;
				for (k = 0; k < dim; k++) {
					p[k] = coord(&seed, scale[k], radius);
					finite = finite && isfinite(p[k]);
				}
				pointgrid_add(g, p);
				kept += finite;	/* the scan never finds the others either */
				/* ask as the points come, so that the table grows under the questions */
				for (q = 0; q < 4; q++) {
					double x[POINTGRID_DIM_MAX];
					int want;
					if (kept > 0 && q % 2) {
						/* beside a point kept: in or out of its radius */
						size_t j = (size_t)rand_r(&seed) % kept;
						for (k = 0; k < dim; k++)
							x[k] = pts[j * (size_t)dim + (size_t)k] +
							    ((double)rand_r(&seed) / RAND_MAX - 0.5) *
							    2.4 * radius * scale[k] / sqrt(dim);
					} else {
						for (k = 0; k < dim; k++)
							x[k] = coord(&seed, scale[k], radius);
					}
					want = scan_near(pts, kept, dim, scale, radius, x);
					near += (size_t)want;
					if (pointgrid_near(g, x) != want)
						fail_msg("dim %d trial %d point %zu: pointgrid says %d, "
						    "the scan %d", dim, trial, i, !want, want);
				}
			}
			assert_int_equal(pointgrid_count(g), kept);
			/* the test means something only if both answers came up often */
			assert_true(near > n / 8 && near < 4 * n - n / 8);
			pointgrid_free(g);
			free(pts);
		}
}

/* At the radius exactly: not near (strictly less), one ulp inside: near. */
static void
test_radius_edge(void **state)
{
	double scale[2] = {2, 0.5}, p[2] = {0, 0}, q[2];
	struct pointgrid *g = pointgrid_new(2, scale, 0.25);
	(void)state;

	pointgrid_add(g, p);
	q[0] = 0.5;		/* 0.5 / 2 = 0.25 */
	q[1] = 0;
	assert_int_equal(pointgrid_near(g, q), 0);
	q[0] = nextafter(0.5, 0);
	assert_int_equal(pointgrid_near(g, q), 1);
	q[0] = 0;
	q[1] = -0.125;		/* 0.125 / 0.5 = 0.25 */
	assert_int_equal(pointgrid_near(g, q), 0);
	q[1] = nextafter(-0.125, 0);
	assert_int_equal(pointgrid_near(g, q), 1);
	pointgrid_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_near_as_scan),
		cmocka_unit_test(test_radius_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
