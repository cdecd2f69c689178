/* Variance matrix of every covariate model: the observed information by
 * Richardson-extrapolated differences of the analytic gradient over the free
 * values (uncertainty.c's method), mapped to every parameter. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "btyd_covariates_internal.h"
#include "dist_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

#define STEP 1e-3 /* in log base parameters and in coefficients, as uncertainty.c */
#define NF CO_COVARIATE_MAX_FREE

static int check_out(const co_covariate_uncertainty *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "covariate uncertainty: out is NULL");
    int rc = co__sized_check(out, sizeof *out, "co_covariate_uncertainty");
    if (rc == CO_OK && (!out->standard_error || !out->lower || !out->upper))
        rc = co__fail(CO_EINVAL, "covariate uncertainty: an output array is NULL");
    return rc;
}

/* Fill out's arrays from the covariance `v` of the free values theta. */
static void write_out(const co_cov_layout *lay, const double *params, const double *v,
                      co_covariate_uncertainty *out)
{
    const size_t nf = lay->n_free, np = lay->n_params;
    const double z = co__normal_quantile(0.975);
    /* d params / d theta: p_i on the base's diagonal, 1 from a coefficient to its value */
    const size_t nb = lay->n_base;
    size_t at[CO_COV_MAX_BASE + CO_COV_MAX_COEF];
    double scale[CO_COV_MAX_BASE + CO_COV_MAX_COEF];
    for (size_t i = 0; i < np; i++) {
        at[i] = i < nb ? i : lay->free_of[i - nb];
        scale[i] = i < nb ? params[i] : 1.0;
    }
    for (size_t i = 0; i < np; i++) {
        const double sv = sqrt(v[at[i] * nf + at[i]]);
        out->standard_error[i] = scale[i] * sv;
        /* log-scale interval for the positive base, plain Wald for a coefficient */
        out->lower[i] = i < nb ? params[i] * exp(-z * sv) : params[i] - z * sv;
        out->upper[i] = i < nb ? params[i] * exp(z * sv) : params[i] + z * sv;
        if (out->variance)
            for (size_t j = 0; j < np; j++)
                out->variance[i * np + j] = scale[i] * scale[j] * v[at[i] * nf + at[j]];
    }
}

int co__cov_check_uncertainty(const co_covariate_uncertainty *out) { return check_out(out); }

int co__cov_uncertainty(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                        co_covariate_uncertainty *out)
{
    double ll;
    int rc = lay->loglik(lay, d, params, &ll, NULL);
    if (rc != CO_OK)
        return rc;
    if (!isfinite(ll))
        return co__fail(CO_ENOCONV, "%s covariates uncertainty: log-likelihood not finite",
                        lay->name);
    const size_t nf = lay->n_free;
    double theta[NF], grad[NF], f, hess[NF * NF], v[NF * NF], err = 0.0;
    co_cov_objective ctx = {lay, d, NULL, 0};
    co__cov_to_theta(lay, params, theta);
    rc = co__cov_objective(&ctx, theta, &f, grad);
    if (rc == CO_OK)
        rc = co__hessian_richardson(co__cov_objective, &ctx, nf, theta, STEP, hess, &err);
    if (rc != CO_OK) {
        char why[192]; /* co_errmsg() is overwritten by co__fail() */
        snprintf(why, sizeof why, "%s", co_errmsg());
        return rc == CO_ENOCONV ? co__fail(rc, "%s covariates uncertainty: %s", lay->name, why)
                                : rc;
    }
    /* As uncertainty.c: the gradient term of the log base parameters comes off, so a
     * fit that stopped a tolerance short of the optimum gives D H_p D. */
    const double W = d->total_weight;
    for (size_t i = 0; i < nf * nf; i++)
        hess[i] *= W;
    for (size_t i = 0; i < lay->n_base; i++)
        hess[i * nf + i] -= W * grad[i];
    if (co__spd_inverse(nf, hess, v) != CO_OK)
        return co__fail(CO_ENOCONV,
                        "%s covariates uncertainty: the Hessian is not positive definite at the "
                        "estimate (not a maximum, or a coefficient the data do not identify)",
                        lay->name);
    write_out(lay, params, v, out);
    co_covariate_uncertainty full;
    memset(&full, 0, sizeof full);
    memcpy(&full, out, sizeof full < out->size ? sizeof full : out->size);
    full.size = sizeof full;
    full.n_params = lay->n_params;
    full.n_free = nf;
    full.log_likelihood = ll;
    full.aic = 2.0 * (double)nf - 2.0 * ll;
    full.bic = (double)nf * log(W) - 2.0 * ll;
    full.n_observations = W;
    full.hessian_error = err;
    co__sized_store(out, &full, sizeof full);
    return CO_OK;
}
