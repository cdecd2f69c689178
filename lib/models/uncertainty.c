/* Variance matrix, standard errors, intervals and AIC/BIC at an estimate,
 * one implementation for every model (docs/models.md, "Uncertainty"). */
#include "uncertainty_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dist_internal.h"
#include "error_internal.h"
#include "sized_internal.h"

/* Step in log-parameters: truncation (h^4 after extrapolation) and rounding
 * (eps / h) of the differenced gradient are both near 1e-12 here. */
#define LOG_STEP 1e-3

_Static_assert(CO_MODEL_MAX_PARAMS <= CO_OPT_MAX_DIM, "the Hessian helpers take every model");

int co__uncertainty_check(const char *model, const co_model_uncertainty *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "%s uncertainty: out is NULL", model);
    return co__sized_check(out, sizeof *out, "co_model_uncertainty");
}

/* From M = D H D (D = diag p, H the Hessian of the negative log-likelihood in p),
 * the information about log p: its inverse is the covariance of log p. */
static int finish(const char *model, size_t k, const double *p, const double *m, double n_obs,
                  double ll, double err, co_model_uncertainty *out)
{
    double vlog[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS];
    if (co__spd_inverse(k, m, vlog) != CO_OK)
        return co__fail(CO_ENOCONV,
                        "%s uncertainty: the Hessian of the negative log-likelihood is not "
                        "positive definite at the estimate (not a maximum, or a parameter the "
                        "data do not identify)",
                        model);
    co_model_uncertainty u;
    memset(&u, 0, sizeof u);
    u.size = sizeof u;
    u.n_params = k;
    const double z = co__normal_quantile(0.975);
    for (size_t i = 0; i < k; i++) {
        const double sl = sqrt(vlog[i * k + i]);
        u.estimate[i] = p[i];
        u.standard_error[i] = p[i] * sl;
        u.lower[i] = p[i] * exp(-z * sl);
        u.upper[i] = p[i] * exp(z * sl);
        for (size_t j = 0; j < k; j++)
            u.variance[i][j] = p[i] * p[j] * vlog[i * k + j];
    }
    u.log_likelihood = ll;
    u.aic = 2.0 * (double)k - 2.0 * ll;
    u.bic = (double)k * log(n_obs) - 2.0 * ll;
    u.n_observations = n_obs;
    u.hessian_error = err;
    co__sized_store(out, &u, sizeof u);
    return CO_OK;
}

int co__uncertainty_from_hessian(const char *model, size_t k, const double *p, const double *hess,
                                 double n_obs, double ll, co_model_uncertainty *out)
{
    if (k == 0 || k > CO_MODEL_MAX_PARAMS)
        return co__fail(CO_EINVAL, "%s uncertainty: %zu parameters", model, k);
    double m[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            m[i * k + j] = p[i] * p[j] * hess[i * k + j];
    return finish(model, k, p, m, n_obs, ll, 0.0, out);
}

int co__uncertainty_compute(const char *model, co_objective_fn mean_objective, void *ctx, size_t k,
                            const double *p, double n_obs, double ll, co_model_uncertainty *out)
{
    if (k == 0 || k > CO_MODEL_MAX_PARAMS)
        return co__fail(CO_EINVAL, "%s uncertainty: %zu parameters", model, k);
    double theta[CO_MODEL_MAX_PARAMS], grad[CO_MODEL_MAX_PARAMS], f;
    double hess[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS], err = 0.0;
    for (size_t i = 0; i < k; i++)
        theta[i] = log(p[i]);
    int rc = mean_objective(ctx, theta, &f, grad);
    if (rc == CO_OK && !isfinite(f))
        rc = co__fail(CO_ENOCONV, "objective not finite at the estimate");
    if (rc == CO_OK)
        rc = co__hessian_richardson(mean_objective, ctx, k, theta, LOG_STEP, hess, &err);
    if (rc != CO_OK) {
        char why[192]; /* co_errmsg() is overwritten by co__fail() */
        snprintf(why, sizeof why, "%s", co_errmsg());
        return rc == CO_ENOCONV ? co__fail(rc, "%s uncertainty: %s", model, why) : rc;
    }
    /* d2f/dtheta_i dtheta_j = p_i p_j d2f/dp_i dp_j + [i = j] df/dtheta_i: taking the
     * gradient term off gives D H_p D exactly, also where the fit stopped a
     * tolerance short of the optimum. */
    for (size_t i = 0; i < k; i++) {
        for (size_t j = 0; j < k; j++)
            hess[i * k + j] *= n_obs;
        hess[i * k + i] -= n_obs * grad[i];
    }
    return finish(model, k, p, hess, n_obs, ll, err, out);
}
