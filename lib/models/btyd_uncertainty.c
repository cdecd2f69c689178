/* Uncertainty of the purchase and spend models: their fit objective handed to
 * the shared computation (uncertainty.c). */
#include <math.h>
#include <string.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "uncertainty_internal.h"

int co__btyd_uncertainty(const co_btyd_data *data, co_loglik_fn loglik, co_hessian_fn hessian,
                         size_t k, const char *model, const double *p, const double *penalty,
                         co_model_uncertainty *out)
{
    double ll;
    int rc = loglik(data, p, &ll, NULL);
    if (rc != CO_OK)
        return rc;
    if (!isfinite(ll))
        return co__fail(CO_ENOCONV, "%s uncertainty: log-likelihood not finite at the estimate",
                        model);
    if (hessian) {
        double h[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS];
        if ((rc = hessian(data, p, h)) != CO_OK)
            return rc;
        /* of -ll + W sum penalty_i p_i^2 */
        for (size_t i = 0; i < k * k; i++)
            h[i] = -h[i];
        for (size_t i = 0; i < k; i++)
            h[i * k + i] += 2.0 * data->total_weight * penalty[i];
        return co__uncertainty_from_hessian(model, k, p, h, data->total_weight, ll, out);
    }
    co_btyd_objective_ctx ctx = {.data = data, .loglik = loglik, .k = k};
    memcpy(ctx.penalty, penalty, k * sizeof *penalty);
    return co__uncertainty_compute(model, co__btyd_objective, &ctx, k, p, data->total_weight, ll,
                                   out);
}

int co__purchase_uncertainty(const co_purchase_model *m, const double *p, const double *frequency,
                             const double *recency, const double *T, const double *weights,
                             size_t n, const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    co_btyd_fit_options resolved;
    int rc = co__uncertainty_check(m->name, out);
    if (rc == CO_OK)
        rc = co__btyd_fit_args(m->name, opt, NULL, &resolved);
    if (rc == CO_OK)
        rc = co__btyd_check(frequency, recency, T, weights, n);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co__btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    double penalty[4];
    co__purchase_penalty(m, T, n, resolved.penalizer, penalty);
    rc = co__btyd_require_repeat(&d, m->name);
    if (rc == CO_OK)
        rc = m->prepare(&d);
    if (rc == CO_OK)
        rc = co__btyd_uncertainty(&d, m->loglik, m->hessian, 4, m->name, p, penalty, out);
    m->release(&d);
    co__btyd_data_free(&d);
    return rc;
}
