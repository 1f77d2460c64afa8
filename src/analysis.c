/* analysis: computing and freeing the geometry of a model. */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

struct analysis *
analysis_compute(const struct analysis_req *req)
{
	struct analysis *a = xcalloc(1, sizeof *a);

	a->nvar = req->m->nvar;
	if (req->m->nalg > 0) {
		/* the right-hand side depends on roots the integrator finds along a
		 * trajectory: there is no closed vector field to analyse */
		a->eq_note = "not computed for a model with algebraic constraints ('0=')";
		a->manifold_note = "not computed for a model with algebraic constraints ('0=')";
		return a;
	}
	if (req->want_eq)
		equilibria_find(req, a);
	if (req->want_ncl)
		nullclines_trace(req, a);
	if (req->want_manifold)
		manifold_trace(req, a);
	return a;
}

static void
curve_fini(struct curve *c)
{
	free(c->pt);
	free(c->stab);
	free(c->dir);
}

void
analysis_free(struct analysis *a)
{
	int i;

	if (a == NULL)
		return;
	for (i = 0; i < a->neq; i++) {
		free(a->eq[i].x);
		free(a->eq[i].re);
		free(a->eq[i].im);
	}
	free(a->eq);
	for (i = 0; i < a->nncl; i++)
		curve_fini(&a->ncl[i]);
	free(a->ncl);
	for (i = 0; i < a->nbranch; i++)
		curve_fini(&a->branch[i]);
	free(a->branch);
	for (i = 0; i < a->nsp; i++)
		free(a->sp[i].x);
	free(a->sp);
	free(a);
}
