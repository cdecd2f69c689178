/* Second derivatives from an analytic gradient: central differences of the
 * gradient at two steps, combined by Richardson extrapolation. lgamma and
 * digamma rule out complex steps, and differencing a gradient loses half as
 * many digits as differencing the function twice. */
#include <math.h>
#include <string.h>

#include "error_internal.h"
#include "numeric_internal.h"

#define N CO_OPT_MAX_DIM

/* (grad(x + h e_j) - grad(x - h e_j)) / (2 h) into col[0..n-1]. */
static int central_column(co_objective_fn fn, void *ctx, size_t n, const double *x, size_t j,
                          double h, double *col)
{
    double xs[N], gp[N], gm[N], f;
    memcpy(xs, x, n * sizeof *x);
    xs[j] = x[j] + h;
    int rc = fn(ctx, xs, &f, gp);
    if (rc == CO_OK && !isfinite(f))
        rc = co__fail(CO_ENOCONV, "Hessian: objective not finite at a step of %g", h);
    xs[j] = x[j] - h;
    if (rc == CO_OK)
        rc = fn(ctx, xs, &f, gm);
    if (rc == CO_OK && !isfinite(f))
        rc = co__fail(CO_ENOCONV, "Hessian: objective not finite at a step of %g", -h);
    if (rc != CO_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        col[i] = (gp[i] - gm[i]) / (2.0 * h);
        if (!isfinite(col[i]))
            return co__fail(CO_ENOCONV, "Hessian: gradient not finite near the point");
    }
    return CO_OK;
}

int co__hessian_richardson(co_objective_fn fn, void *ctx, size_t n, const double *x, double h,
                           double *hess, double *err)
{
    if (n == 0 || n > N || !(h > 0.0))
        return co__fail(CO_EINVAL, "Hessian: %zu parameters, step %g", n, h);
    double H[N][N], worst = 0.0, largest = 0.0;
    for (size_t j = 0; j < n; j++) {
        double coarse[N], fine[N];
        int rc = central_column(fn, ctx, n, x, j, h, coarse);
        if (rc == CO_OK)
            rc = central_column(fn, ctx, n, x, j, 0.5 * h, fine);
        if (rc != CO_OK)
            return rc;
        for (size_t i = 0; i < n; i++) {
            /* Both carry the error c h^2 + O(h^4): this removes the h^2 term. */
            H[i][j] = (4.0 * fine[i] - coarse[i]) / 3.0;
            /* the h^2 term of the finer estimate: an upper estimate of what is left */
            double e = fabs(fine[i] - coarse[i]) / 3.0;
            worst = e > worst ? e : worst;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0.5 * (H[i][j] + H[j][i]);
            hess[i * n + j] = v;
            largest = fabs(v) > largest ? fabs(v) : largest;
        }
    if (err) {
        /* asymmetry of the differences counts as error too */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < i; j++) {
                double a = 0.5 * fabs(H[i][j] - H[j][i]);
                worst = a > worst ? a : worst;
            }
        *err = largest > 0.0 ? worst / largest : worst;
    }
    return CO_OK;
}
