/**
 * @file custorient/lrtest.h
 * @brief Likelihood-ratio test and AIC of two nested maximum-likelihood fits, such as
 *        a purchase model with covariates (custorient/btyd_covariates.h) against the
 *        same model without them.
 *
 * The nested model is the full one with some parameters held fixed (coefficients at
 * 0). Under the nested model the statistic 2 (ll_full - ll_nested) is asymptotically
 * chi-square with k_full - k_nested degrees of freedom (Wilks 1938); the p-value is
 * its upper tail. AIC = 2 k - 2 ll; the model with the lower AIC is preferred.
 *
 * Reentrant; no state.
 */
#ifndef CUSTORIENT_LRTEST_H
#define CUSTORIENT_LRTEST_H

#include <stddef.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Result of co_likelihood_ratio_test(). Sized by the caller: set `size` first
 *  (`co_lr_test t = {.size = sizeof t};`); only the fields that fit are written. */
typedef struct co_lr_test {
    size_t size;       /**< In: sizeof(co_lr_test) as the caller knows it. */
    double statistic;  /**< 2 (ll_full - ll_nested), >= 0. */
    size_t df;         /**< k_full - k_nested. */
    double p_value;    /**< P(chi-square with df degrees of freedom >= statistic). */
    double aic_nested; /**< 2 k_nested - 2 ll_nested. */
    double aic_full;   /**< 2 k_full - 2 ll_full. */
} co_lr_test;

/**
 * Compare the log-likelihoods of a nested fit (k_nested free parameters) and of the
 * full fit (k_full > k_nested) on the same data. A full log-likelihood below the
 * nested one by no more than 1e-6 (1 + |ll_nested|), what an optimiser stopping a
 * little short leaves, counts as equal (statistic 0, p-value 1).
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL or badly sized `out`,
 *         a log-likelihood that is not finite, k_full <= k_nested, or a full
 *         log-likelihood further below the nested one (the fits are not nested).
 */
CO_API int co_likelihood_ratio_test(double ll_nested, size_t k_nested, double ll_full,
                                    size_t k_full, co_lr_test *out);

#ifdef __cplusplus
}
#endif

#endif
