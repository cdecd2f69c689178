/* The data a covariate effect needs (custorient/covariate_screen.h). */
#include "custorient/covariate_screen.h"

#include <math.h>

#include "error_internal.h"

int co_covariate_screen(const double *x, size_t n, size_t k, uint8_t *keep, size_t *n_kept)
{
    if ((!x && n && k) || (!keep && k))
        return co__fail(CO_EINVAL, "co_covariate_screen: NULL array");
    for (size_t i = 0; i < n * k; i++)
        if (!isfinite(x[i]))
            return co__fail(CO_EINVAL,
                            "co_covariate_screen: value at row %zu, column %zu is not finite",
                            i / k, i % k);
    size_t kept = 0;
    for (size_t j = 0; j < k; j++) {
        size_t ones = 0, zeros = 0, differ = 0;
        for (size_t i = 0; i < n; i++) {
            const double v = x[i * k + j];
            ones += v == 1.0;
            zeros += v == 0.0;
            differ += v != x[j];
        }
        const int indicator = ones + zeros == n;
        keep[j] = indicator
                      ? ones >= CO_COVARIATE_MIN_PER_SIDE && zeros >= CO_COVARIATE_MIN_PER_SIDE
                      : differ > 0;
        kept += keep[j];
    }
    if (n_kept)
        *n_kept = kept;
    return CO_OK;
}

int co_covariate_check_size(size_t n, size_t n_params)
{
    const size_t need = CO_COVARIATE_MIN_PER_PARAMETER * n_params;
    if (n >= need)
        return CO_OK;
    return co__fail(CO_EINVAL,
                    "%zu customers are too few for %zu parameters: at least %zu, %d per parameter",
                    n, n_params, need, CO_COVARIATE_MIN_PER_PARAMETER);
}
