/**
 * @file custorient/covariate_screen.h
 * @brief The data a covariate effect needs before a fit is worth trying: which
 *        columns of a covariate matrix to keep, and whether there are customers
 *        enough for the parameters. The report's feedback analysis and Python's
 *        `custorient.feedback_churn()` both apply this rule.
 *
 * An indicator (a column of 0 and 1 only) held by a handful of customers, or by all
 * but a handful, has no estimable effect: its coefficient runs off to infinity, and
 * a fit spends its time in the likelihood's tails before failing. So an indicator is
 * kept only when at least ::CO_COVARIATE_MIN_PER_SIDE customers have it and as many
 * lack it; any other column when it takes two values or more. A covariate fit needs
 * at least ::CO_COVARIATE_MIN_PER_PARAMETER customers per estimated parameter (base
 * parameters and coefficients), the usual ten events per variable of regression
 * models (Peduzzi et al. 1996). docs/models.md, "The data an effect needs".
 *
 * Reentrant; no state.
 */
#ifndef CUSTORIENT_COVARIATE_SCREEN_H
#define CUSTORIENT_COVARIATE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Customers an indicator needs on each side (with it, and without it). */
#define CO_COVARIATE_MIN_PER_SIDE 10

/** Customers a covariate fit needs per estimated parameter. */
#define CO_COVARIATE_MIN_PER_PARAMETER 10

/**
 * Which of the k columns of an n x k matrix have the data for an effect.
 * @param x     n x k, row-major, finite (NULL only when n or k is 0). Borrowed.
 * @param[out] keep  k bytes: 1 for a column to keep, 0 for one to leave out; written
 *        on CO_OK only.
 * @param[out] n_kept  NULL, or the number of ones in `keep`.
 * @return CO_OK; CO_EINVAL for a NULL array or a value that is not finite (row and
 *         column named).
 */
CO_API int co_covariate_screen(const double *x, size_t n, size_t k, uint8_t *keep, size_t *n_kept);

/**
 * Whether n customers are enough for a fit of n_params parameters:
 * n >= CO_COVARIATE_MIN_PER_PARAMETER * n_params.
 * @return CO_OK; CO_EINVAL when they are too few, with a message saying how many are
 *         needed ("60 customers are too few for 8 parameters: at least 80, 10 per
 *         parameter").
 */
CO_API int co_covariate_check_size(size_t n, size_t n_params);

#ifdef __cplusplus
}
#endif

#endif
