/* CLV per customer from a covariate purchase model and a covariate spend model
 * (custorient/spend_covariates.h): each customer's own parameters of both, in the
 * plain CLV of clv.c. */
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "custorient/spend_covariates.h"
#include "error_internal.h"

/* Customer i's CLV at its own parameters. */
static int clv_one(co_btyd_model_kind kind, const double *purchase_params,
                   const co_btyd_covariates *cov, const double *spend_params,
                   const double *spend_covariates, size_t k_spend, const double *frequency,
                   const double *recency, const double *T, const double *monetary, size_t i,
                   const co_clv_options *opt, double *out)
{
    co_btyd_model m;
    int rc = CO_OK;
    if (cov) {
        rc = co_btyd_cov_customer_model(kind, purchase_params, cov, i, &m);
    } else {
        m.kind = kind;
        memcpy(m.param, purchase_params, sizeof(double[4]));
    }
    co_gammagamma_params g;
    if (rc == CO_OK)
        rc = co_gammagamma_cov_customer_params(spend_params, spend_covariates, k_spend, i, &g);
    if (rc != CO_OK)
        return rc;
    const double *q = m.param;
    if (kind == CO_BTYD_BGNBD) {
        const co_bgnbd_params b = {q[0], q[1], q[2], q[3]};
        return co_bgnbd_clv(&b, &g, &frequency[i], &recency[i], &T[i], &monetary[i], 1, opt, out);
    }
    const co_paretonbd_params p = {q[0], q[1], q[2], q[3]};
    return co_paretonbd_clv(&p, &g, &frequency[i], &recency[i], &T[i], &monetary[i], 1, opt, out);
}

int co_btyd_cov_clv(co_btyd_model_kind kind, const double *purchase_params,
                    const co_btyd_covariates *cov, const double *spend_params,
                    const double *spend_covariates, size_t k_spend, const double *frequency,
                    const double *recency, const double *T, const double *monetary, size_t n,
                    const co_clv_options *opt, double *out)
{
    if (kind != CO_BTYD_BGNBD && kind != CO_BTYD_PARETONBD)
        return co__fail(CO_EINVAL, "covariate CLV: unknown kind %d", (int)kind);
    if (!purchase_params || !spend_params || !out)
        return co__fail(CO_EINVAL, "covariate CLV: a NULL argument");
    /* every check of the purchase covariates and histories before the first customer */
    double *tmp = co__malloc_array(n ? n : 1, sizeof *tmp);
    if (!tmp)
        return co__fail_nomem();
    int rc = CO_OK;
    if (cov)
        rc = co_btyd_cov_probability_alive(kind, purchase_params, frequency, recency, T, n, cov,
                                           tmp);
    if (rc == CO_OK)
        rc = co_gammagamma_cov_conditional_expected_value(spend_params, frequency, monetary, n,
                                                          spend_covariates, k_spend, tmp);
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        rc = clv_one(kind, purchase_params, cov, spend_params, spend_covariates, k_spend, frequency,
                     recency, T, monetary, i, opt, &tmp[i]);
        if (rc != CO_OK) {
            char why[192]; /* co_errmsg() is overwritten by co__fail() */
            snprintf(why, sizeof why, "%s", co_errmsg());
            rc = co__fail(rc, "covariate CLV: customer %zu: %s", i, why);
        }
    }
    if (rc == CO_OK && n)
        memcpy(out, tmp, n * sizeof *out);
    co__free(tmp);
    return rc;
}
