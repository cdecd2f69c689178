/* The shared computation behind every model's _uncertainty() function:
 * observed information by differences of the analytic gradient, its inverse,
 * standard errors, log-scale intervals and information criteria. */
#ifndef CO_UNCERTAINTY_INTERNAL_H
#define CO_UNCERTAINTY_INTERNAL_H

#include <stddef.h>

#include "custorient/uncertainty.h"
#include "numeric_internal.h"

/* CO_EINVAL (recorded, naming `model`) for a NULL `out` or a size it cannot take. */
int co__uncertainty_check(const char *model, const co_model_uncertainty *out);

/* `mean_objective` is a fit's objective in log-parameters: the negative
 * log-likelihood (plus penalty) divided by `n_obs`, with its gradient. At the
 * natural parameters p[k] (k <= CO_MODEL_MAX_PARAMS), with `ll` the
 * log-likelihood there, fill as much of `out` as its size allows.
 * CO_OK; CO_ENOCONV (recorded, naming `model`) when the Hessian is not
 * positive definite or cannot be evaluated; the objective's error. */
int co__uncertainty_compute(const char *model, co_objective_fn mean_objective, void *ctx, size_t k,
                            const double *p, double n_obs, double ll, co_model_uncertainty *out);

/* The same from the analytic Hessian `hess` (k x k, row-major) of the negative
 * log-likelihood (plus penalty) in the natural parameters; hessian_error 0. */
int co__uncertainty_from_hessian(const char *model, size_t k, const double *p, const double *hess,
                                 double n_obs, double ll, co_model_uncertainty *out);

#endif
