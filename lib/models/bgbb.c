/* BG/BB (Fader, Hardie & Shang 2010): input checks, fit, log-likelihood and
 * variance matrix through the purchase models' shared drivers (btyd_fit.c,
 * btyd_uncertainty.c); a history's n_periods travels in the rows' T. */
#include <math.h>

#include "bgbb_internal.h"
#include "error_internal.h"

static const char *const names[] = {"alpha", "beta", "gamma", "delta"};

int co__bgbb_check_params(const co_bgbb_params *p)
{
    if (!p)
        return co__fail(CO_EINVAL, "BG/BB: params is NULL");
    const double v[4] = {p->alpha, p->beta, p->gamma, p->delta};
    return co__btyd_check_params("BG/BB", names, v, 4);
}

int co__bgbb_check_periods(const char *name, const double *v, size_t n)
{
    int rc = co__btyd_check_nonneg(name, v, n, 1);
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        if (v[i] > CO_BGBB_MAX_PERIODS)
            rc = co__fail(CO_ERANGE, "%s[%zu] = %g exceeds %g opportunities", name, i, v[i],
                          CO_BGBB_MAX_PERIODS);
    return rc;
}

int co__bgbb_check(const double *frequency, const double *recency, const double *n_periods,
                   const double *weights, size_t n)
{
    if (n == 0)
        return co__fail(CO_EINVAL, "empty input (n = 0)");
    int rc = co__btyd_check_nonneg("frequency", frequency, n, 1);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("recency", recency, n, 1);
    if (rc == CO_OK)
        rc = co__bgbb_check_periods("n_periods", n_periods, n);
    if (rc == CO_OK && weights)
        rc = co__btyd_check_nonneg("weights", weights, n, 0);
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        if (recency[i] > n_periods[i])
            rc = co__fail(CO_EINVAL, "recency[%zu] = %g exceeds n_periods[%zu] = %g", i, recency[i],
                          i, n_periods[i]);
        else if (frequency[i] > recency[i])
            rc = co__fail(CO_EINVAL,
                          "frequency[%zu] = %g exceeds recency[%zu] = %g (one transaction per "
                          "opportunity at most)",
                          i, frequency[i], i, recency[i]);
        else if (frequency[i] == 0.0 && recency[i] > 0.0)
            rc = co__fail(CO_EINVAL, "frequency[%zu] = 0 but recency[%zu] = %g > 0", i, i,
                          recency[i]);
    }
    return rc;
}

static int prepare(co_btyd_data *d)
{
    (void)d;
    return CO_OK;
}

static void release(co_btyd_data *d) { (void)d; }

/* Uniform Beta(1, 1) mixing distributions. */
static void start(const co_btyd_data *d, double *p)
{
    (void)d;
    p[0] = p[1] = p[2] = p[3] = 1.0;
}

/* lifetimes fits the BG/BB on the opportunities as they are: no rate to rescale. */
const co_purchase_model co__bgbb_model = {"BG/BB", names,   co__bgbb_loglik, co__bgbb_hessian,
                                          prepare, release, start,           2048,
                                          0,       0};

int co_bgbb_fit(const double *frequency, const double *recency, const double *n_periods,
                const double *weights, size_t n, const co_btyd_fit_options *opt,
                co_bgbb_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co__fail(CO_EINVAL, "BG/BB fit: out is NULL");
    int rc = co__bgbb_check(frequency, recency, n_periods, weights, n);
    double p[4];
    if (rc == CO_OK)
        rc = co__purchase_fit(&co__bgbb_model, frequency, recency, n_periods, weights, n, opt, p,
                              info);
    if (rc == CO_OK)
        *out = (co_bgbb_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_bgbb_log_likelihood(const co_bgbb_params *params, const double *frequency,
                           const double *recency, const double *n_periods, const double *weights,
                           size_t n, double *out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK)
        rc = co__bgbb_check(frequency, recency, n_periods, weights, n);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->alpha, params->beta, params->gamma, params->delta};
    return co__purchase_log_likelihood(&co__bgbb_model, p, frequency, recency, n_periods, weights,
                                       n, out);
}

int co_bgbb_uncertainty(const co_bgbb_params *params, const double *frequency,
                        const double *recency, const double *n_periods, const double *weights,
                        size_t n, const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK)
        rc = co__bgbb_check(frequency, recency, n_periods, weights, n);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->alpha, params->beta, params->gamma, params->delta};
    return co__purchase_uncertainty(&co__bgbb_model, p, frequency, recency, n_periods, weights, n,
                                    opt, out);
}
