/*
 * pointgrid: is a point within a distance of any point seen before? Points
 * of dim coordinates are measured in units of scale[k] each (Euclidean in the
 * scaled coordinates) and kept in a hash of cells of the radius's size, so a
 * question looks at the cells around the point (27 at most) instead of at
 * every point.
 * The critical manifold's tracing asks it for every seed (not next to a
 * branch already traced?), which scanned all branch points before.
 *
 * Answers are those of the scan: the same distance formula,
 * sqrt(sum(((p[k] - q[k]) / scale[k])^2)) < radius; points or questions with
 * a coordinate that is not finite are never near anything.
 */
#ifndef CANARD_POINTGRID_H
#define CANARD_POINTGRID_H

#include <stddef.h>

struct pointgrid;

/* dim <= POINTGRID_DIM_MAX; scale (dim values > 0) is copied. */
#define POINTGRID_DIM_MAX 16
struct pointgrid *pointgrid_new(int dim, const double *scale, double radius);
void pointgrid_free(struct pointgrid *g);
/* Remember p (dim values, copied). */
void pointgrid_add(struct pointgrid *g, const double *p);
/* 1 if a remembered point is within the radius of p. */
int pointgrid_near(const struct pointgrid *g, const double *p);
size_t pointgrid_count(const struct pointgrid *g);

#endif
