/* Likelihood-ratio test of nested fits (custorient/lrtest.h). */
#include "custorient/lrtest.h"

#include <math.h>

#include "dist_internal.h"
#include "error_internal.h"
#include "sized_internal.h"

int co_likelihood_ratio_test(double ll_nested, size_t k_nested, double ll_full, size_t k_full,
                             co_lr_test *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_likelihood_ratio_test: NULL out");
    int rc = co__sized_check(out, sizeof *out, "co_lr_test");
    if (rc < 0)
        return rc;
    if (!isfinite(ll_nested) || !isfinite(ll_full))
        return co__fail(CO_EINVAL, "log-likelihoods must be finite");
    if (k_full <= k_nested)
        return co__fail(CO_EINVAL,
                        "the full model needs more parameters (%zu) than the nested "
                        "one (%zu)",
                        k_full, k_nested);
    double statistic = 2.0 * (ll_full - ll_nested);
    if (statistic < 0) {
        if (ll_nested - ll_full > 1e-6 * (1.0 + fabs(ll_nested)))
            return co__fail(CO_EINVAL,
                            "the full log-likelihood %.9g lies below the nested %.9g: the fits "
                            "are not nested or did not converge",
                            ll_full, ll_nested);
        statistic = 0;
    }
    co_lr_test full = {
        .size = sizeof full,
        .statistic = statistic,
        .df = k_full - k_nested,
        .p_value = co__chi2_sf(statistic, (double)(k_full - k_nested)),
        .aic_nested = 2.0 * (double)k_nested - 2.0 * ll_nested,
        .aic_full = 2.0 * (double)k_full - 2.0 * ll_full,
    };
    co__sized_store(out, &full, sizeof full);
    return CO_OK;
}
