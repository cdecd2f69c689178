/* What the purchase models' predictions share: the checks of their arguments,
 * the loop of a simulation, and the negative binomial count of purchases in
 * (0, t] that the BG/NBD and the MBG/NBD mix. */
#include <math.h>
#include <stdio.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"

int co__btyd_check_horizons(int params_rc, const char *model, const double *t, const double *count,
                            int with_count, size_t n, const double *out)
{
    int rc = params_rc;
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc == CO_OK && with_count)
        rc = co__btyd_check_nonneg("count", count, n, 1);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "%s: out is NULL", model);
    return rc;
}

int co__btyd_simulate(int params_rc, const char *model, const void *params, co_btyd_draw_fn draw,
                      const double *T, size_t n, uint64_t seed, double *frequency_out,
                      double *recency_out, double *rate_out, double *dropout_out, double *alive_out)
{
    int rc = params_rc;
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("T", T, n, 0);
    if (rc == CO_OK && (!frequency_out || !recency_out))
        rc = co__fail(CO_EINVAL, "%s simulate: output is NULL", model);
    if (rc != CO_OK)
        return rc;
    co_rng rng;
    co__rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        double v[5];
        draw(params, &rng, T[i], v);
        frequency_out[i] = v[0];
        recency_out[i] = v[1];
        if (rate_out)
            rate_out[i] = v[2];
        if (dropout_out)
            dropout_out[i] = v[3];
        if (alive_out)
            alive_out[i] = v[4];
    }
    return CO_OK;
}

int co__nbd_log_count(const char *model, double r, double alpha, double t, double x, double *lnb,
                      double *ltail)
{
    /* lp = log(alpha/(alpha+t)), lq = log(t/(alpha+t)); p, q each without 1 - the other */
    const double lp = -log1p(t / alpha), lq = -log1p(alpha / t);
    const double pp = alpha / (alpha + t), q = t / (alpha + t);
    /* ln G(r+x) - ln G(x+1) - ln G(r) = ratio(x+1, r-1) - ln G(r) */
    *lnb = r * lp + (x > 0.0 ? x * lq : 0.0) + co__lgamma_ratio(x + 1.0, r - 1.0) - co__lgamma(r);
    *ltail = 0.0;
    if (x > 0.0) {
        int rc = co__log_beta_inc(x, r, q, pp, ltail);
        if (rc != CO_OK) {
            char why[192]; /* co_errmsg() is overwritten by co__fail() */
            snprintf(why, sizeof why, "%s", co_errmsg());
            return co__fail(rc, "%s: P(X(%g) = %g): %s", model, t, x, why);
        }
    }
    return CO_OK;
}
