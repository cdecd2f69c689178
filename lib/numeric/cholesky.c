/* Inverse of a small symmetric positive definite matrix by Cholesky. */
#include <math.h>

#include "error_internal.h"
#include "numeric_internal.h"

#define N CO_OPT_MAX_DIM

/* Lower factor L (L L^T = a) into L[N][N]; CO_ENOCONV if not positive definite. */
static int factor(size_t n, const double *a, double L[N][N])
{
    for (size_t j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (size_t k = 0; k < j; k++)
            d -= L[j][k] * L[j][k];
        /* a pivot that is not clearly positive relative to its diagonal entry is
         * rounding noise: the matrix is singular or indefinite */
        if (!(d > 1e-13 * fabs(a[j * n + j])) || !isfinite(d))
            return CO_ENOCONV;
        L[j][j] = sqrt(d);
        for (size_t i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (size_t k = 0; k < j; k++)
                s -= L[i][k] * L[j][k];
            L[i][j] = s / L[j][j];
        }
    }
    return CO_OK;
}

int co__cholesky(size_t n, const double *a, double *l)
{
    if (n == 0 || n > N)
        return co__fail(CO_EINVAL, "Cholesky: size %zu outside 1..%d", n, N);
    double L[N][N] = {{0}};
    if (factor(n, a, L) != CO_OK)
        return CO_ENOCONV;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            l[i * n + j] = L[i][j];
    return CO_OK;
}

int co__spd_inverse(size_t n, const double *a, double *inv)
{
    if (n == 0 || n > N)
        return co__fail(CO_EINVAL, "matrix inverse: size %zu outside 1..%d", n, N);
    double L[N][N] = {{0}};
    if (factor(n, a, L) != CO_OK)
        return CO_ENOCONV;
    /* L^-1 by forward substitution, then inv = L^-T L^-1 */
    double M[N][N] = {{0}};
    for (size_t j = 0; j < n; j++) {
        M[j][j] = 1.0 / L[j][j];
        for (size_t i = j + 1; i < n; i++) {
            double s = 0.0;
            for (size_t k = j; k < i; k++)
                s -= L[i][k] * M[k][j];
            M[i][j] = s / L[i][i];
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            double s = 0.0;
            for (size_t k = i; k < n; k++)
                s += M[k][i] * M[k][j];
            inv[i * n + j] = inv[j * n + i] = s;
        }
    return CO_OK;
}
