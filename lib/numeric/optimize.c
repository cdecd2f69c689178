/* BFGS with a backtracking line search, and a Nelder-Mead fallback. */
#include <math.h>
#include <string.h>

#include "error_internal.h"
#include "numeric_internal.h"

#define N CO_OPT_MAX_DIM
#define ARMIJO_C 1e-4
#define MAX_BACKTRACKS 60
#define MAX_STEP 4.0 /* largest step (in x units) of one line search */

void co__opt_options_init(co_opt_options *opt)
{
    opt->max_iter = 500;
    opt->grad_tol = 1e-7;
    opt->nm_max_evals = 4000;
    opt->nm_tol = 1e-12;
    opt->inv_hessian = NULL;
}

static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m || isnan(v[i]))
            m = isnan(v[i]) ? INFINITY : fabs(v[i]);
    return m;
}

typedef struct counter {
    co_objective_fn fn;
    void *ctx;
    size_t evals;
} counter;

static int call(counter *c, const double *x, double *f, double *g)
{
    c->evals++;
    int rc = c->fn(c->ctx, x, f, g);
    if (rc == CO_OK && !isfinite(*f))
        *f = INFINITY;
    return rc;
}

/* Minimise from x (f, g valid at x). Returns CO_OK with *converged set, or
 * the objective's error. x, f, g hold the best point found on return. */
static int bfgs_loop(counter *c, size_t n, double *x, double *f, double *g, size_t max_iter,
                     double grad_tol, size_t *iters, int *converged, double H[N][N], int scaled)
{
    double xn[N], gn[N], p[N], s[N], y[N], Hy[N];
    *converged = 0;
    for (size_t it = 0; it < max_iter; it++) {
        if (max_abs(g, n) <= grad_tol) {
            *converged = 1;
            return CO_OK;
        }
        (*iters)++;
        double slope = 0.0, plen = 0.0;
        for (size_t i = 0; i < n; i++) {
            p[i] = 0.0;
            for (size_t j = 0; j < n; j++)
                p[i] -= H[i][j] * g[j];
            slope += p[i] * g[i];
        }
        if (!(slope < 0.0)) {
            /* Not a descent direction: restart from steepest descent. */
            memset(H, 0, N * sizeof *H);
            slope = 0.0;
            for (size_t i = 0; i < n; i++) {
                H[i][i] = 1.0;
                p[i] = -g[i];
                slope -= g[i] * g[i];
            }
            scaled = 0;
        }
        plen = max_abs(p, n);
        double step = plen > MAX_STEP ? MAX_STEP / plen : 1.0, fn_ = INFINITY;
        int accepted = 0;
        for (int k = 0; k < MAX_BACKTRACKS; k++, step *= 0.5) {
            for (size_t i = 0; i < n; i++)
                xn[i] = x[i] + step * p[i];
            int rc = call(c, xn, &fn_, gn);
            if (rc != CO_OK)
                return rc;
            /* At an unusable point (f infinite) the objective need not write gn. */
            if (fn_ == INFINITY || max_abs(gn, n) == INFINITY)
                continue;
            /* Armijo; or, once f changes only at rounding level, the
             * approximate Wolfe test of Hager & Zhang (2005): f not worse
             * beyond rounding and the slope along p reduced. */
            double new_slope = 0.0;
            for (size_t i = 0; i < n; i++)
                new_slope += gn[i] * p[i];
            if (fn_ <= *f + ARMIJO_C * step * slope ||
                (fn_ <= *f + 1e-13 * fabs(*f) && fabs(new_slope) <= 0.9 * fabs(slope))) {
                accepted = 1;
                break;
            }
        }
        if (!accepted)
            return CO_OK; /* stalled: the caller decides (fallback or tolerance) */
        double ys = 0.0, yy = 0.0;
        for (size_t i = 0; i < n; i++) {
            s[i] = xn[i] - x[i];
            y[i] = gn[i] - g[i];
            ys += y[i] * s[i];
            yy += y[i] * y[i];
        }
        double fold = *f;
        memcpy(x, xn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        *f = fn_;
        if (ys > 1e-12 * sqrt(yy) * max_abs(s, n)) {
            if (!scaled) {
                /* Shanno-Phua: start the inverse Hessian at the right scale. */
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++)
                        H[i][j] = i == j ? ys / yy : 0.0;
                scaled = 1;
            }
            double yHy = 0.0;
            for (size_t i = 0; i < n; i++) {
                Hy[i] = 0.0;
                for (size_t j = 0; j < n; j++)
                    Hy[i] += H[i][j] * y[j];
                yHy += y[i] * Hy[i];
            }
            double rho = 1.0 / ys, coef = (1.0 + rho * yHy) * rho;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    H[i][j] += coef * s[i] * s[j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]);
        }
        /* No progress left at machine precision: stop, the caller checks g. */
        if (fold - *f <= 1e-15 * fabs(*f) && max_abs(s, n) <= 1e-12 * (1.0 + max_abs(x, n)))
            return CO_OK;
    }
    return CO_OK;
}

/* BFGS from the inverse Hessian in hess_io (n x n, row-major) when its first
 * entry is positive, else from the identity; the final one is written back. */
static int bfgs(counter *c, size_t n, double *x, double *f, double *g, size_t max_iter,
                double grad_tol, size_t *iters, int *converged, double *hess_io)
{
    double H[N][N];
    memset(H, 0, sizeof H);
    int warm = hess_io && hess_io[0] > 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            H[i][j] = warm ? hess_io[i * n + j] : (double)(i == j);
    int rc = bfgs_loop(c, n, x, f, g, max_iter, grad_tol, iters, converged, H, warm);
    if (hess_io)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                hess_io[i * n + j] = H[i][j];
    return rc;
}

/* Nelder-Mead (standard coefficients) from x with initial edge 0.1 + 5% of |x_i|. */
static int nelder_mead(counter *c, size_t n, double *x, double *f, size_t max_evals, double tol)
{
    double simplex[N + 1][N], fv[N + 1], centroid[N], xr[N], xe[N], xc[N];
    size_t start = c->evals;
    for (size_t k = 0; k <= n; k++) {
        memcpy(simplex[k], x, n * sizeof *x);
        if (k > 0)
            simplex[k][k - 1] += 0.1 + 0.05 * fabs(x[k - 1]);
        int rc = k == 0 ? (fv[0] = *f, CO_OK) : call(c, simplex[k], &fv[k], NULL);
        if (rc != CO_OK)
            return rc;
    }
    while (c->evals - start < max_evals) {
        /* Order: best first, worst last (insertion sort, n is tiny). */
        for (size_t i = 1; i <= n; i++)
            for (size_t j = i; j > 0 && fv[j] < fv[j - 1]; j--) {
                double t = fv[j];
                fv[j] = fv[j - 1];
                fv[j - 1] = t;
                for (size_t d = 0; d < n; d++) {
                    t = simplex[j][d];
                    simplex[j][d] = simplex[j - 1][d];
                    simplex[j - 1][d] = t;
                }
            }
        if (isfinite(fv[n]) && fv[n] - fv[0] <= tol * (1.0 + fabs(fv[0])))
            break;
        for (size_t d = 0; d < n; d++) {
            centroid[d] = 0.0;
            for (size_t k = 0; k < n; k++)
                centroid[d] += simplex[k][d] / (double)n;
        }
        double fr, fe, fc;
        for (size_t d = 0; d < n; d++)
            xr[d] = centroid[d] + (centroid[d] - simplex[n][d]);
        int rc = call(c, xr, &fr, NULL);
        if (rc != CO_OK)
            return rc;
        if (fr < fv[0]) {
            for (size_t d = 0; d < n; d++)
                xe[d] = centroid[d] + 2.0 * (centroid[d] - simplex[n][d]);
            if ((rc = call(c, xe, &fe, NULL)) != CO_OK)
                return rc;
            int take_e = fe < fr;
            memcpy(simplex[n], take_e ? xe : xr, n * sizeof *x);
            fv[n] = take_e ? fe : fr;
            continue;
        }
        if (fr < fv[n - 1]) {
            memcpy(simplex[n], xr, n * sizeof *x);
            fv[n] = fr;
            continue;
        }
        int outside = fr < fv[n];
        for (size_t d = 0; d < n; d++)
            xc[d] = outside ? centroid[d] + 0.5 * (xr[d] - centroid[d])
                            : centroid[d] + 0.5 * (simplex[n][d] - centroid[d]);
        if ((rc = call(c, xc, &fc, NULL)) != CO_OK)
            return rc;
        if (fc < (outside ? fr : fv[n])) {
            memcpy(simplex[n], xc, n * sizeof *x);
            fv[n] = fc;
            continue;
        }
        for (size_t k = 1; k <= n; k++) { /* shrink towards the best */
            for (size_t d = 0; d < n; d++)
                simplex[k][d] = simplex[0][d] + 0.5 * (simplex[k][d] - simplex[0][d]);
            if ((rc = call(c, simplex[k], &fv[k], NULL)) != CO_OK)
                return rc;
        }
    }
    size_t best = 0;
    for (size_t k = 1; k <= n; k++)
        if (fv[k] < fv[best])
            best = k;
    memcpy(x, simplex[best], n * sizeof *x);
    *f = fv[best];
    return CO_OK;
}

int co__minimize(co_objective_fn fn, void *ctx, size_t n, double *x_io, const co_opt_options *opt,
                 co_opt_result *res)
{
    co_opt_options defaults;
    if (!opt) {
        co__opt_options_init(&defaults);
        opt = &defaults;
    }
    if (!fn || !x_io || n == 0 || n > N)
        return co__fail(CO_EINVAL, "minimize: need an objective and 1..%d parameters", N);
    double x[N], g[N], f;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x_io[i]))
            return co__fail(CO_EINVAL, "minimize: start value %zu is not finite", i);
        x[i] = x_io[i];
    }
    counter c = {fn, ctx, 0};
    int rc = call(&c, x, &f, g);
    if (rc != CO_OK)
        return rc;
    if (!isfinite(f) || max_abs(g, n) == INFINITY)
        return co__fail(CO_EINVAL, "minimize: objective is not finite at the start point");
    size_t iters = 0;
    int converged = 0;
    co_opt_method method = CO_OPT_BFGS;
    rc = bfgs(&c, n, x, &f, g, opt->max_iter, opt->grad_tol, &iters, &converged, opt->inv_hessian);
    if (rc == CO_OK && !converged && opt->nm_max_evals > 0) {
        method = CO_OPT_NELDER_MEAD;
        rc = nelder_mead(&c, n, x, &f, opt->nm_max_evals, opt->nm_tol);
        if (rc == CO_OK)
            rc = call(&c, x, &f, g);
        if (rc == CO_OK && opt->inv_hessian) /* its curvature misled BFGS: start afresh */
            memset(opt->inv_hessian, 0, n * n * sizeof *opt->inv_hessian);
        if (rc == CO_OK)
            rc = bfgs(&c, n, x, &f, g, opt->max_iter, opt->grad_tol, &iters, &converged,
                      opt->inv_hessian);
    }
    if (rc != CO_OK)
        return rc;
    double gnorm = max_abs(g, n);
    if (!converged)
        return co__fail(CO_ENOCONV,
                        "minimize: no convergence after %zu iterations and %zu evaluations "
                        "(gradient %.3g > tolerance %.3g)",
                        iters, c.evals, gnorm, opt->grad_tol);
    memcpy(x_io, x, n * sizeof *x);
    if (res) {
        res->f = f;
        res->grad_norm = gnorm;
        res->iterations = iters;
        res->evaluations = c.evals;
        res->method = method;
    }
    return CO_OK;
}

int co__numeric_gradient(co_objective_fn fn, void *ctx, size_t n, const double *x, double h,
                         double *grad)
{
    if (!fn || !x || !grad || n == 0 || n > N || !(h > 0.0))
        return co__fail(CO_EINVAL, "numeric gradient: bad arguments");
    double xp[N];
    memcpy(xp, x, n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double step = h * (fabs(x[i]) > 1.0 ? fabs(x[i]) : 1.0), fp, fm;
        xp[i] = x[i] + step;
        int rc = fn(ctx, xp, &fp, NULL);
        if (rc == CO_OK) {
            xp[i] = x[i] - step;
            rc = fn(ctx, xp, &fm, NULL);
        }
        xp[i] = x[i];
        if (rc != CO_OK)
            return rc;
        if (!isfinite(fp) || !isfinite(fm))
            return co__fail(CO_EINVAL, "numeric gradient: objective not finite near x[%zu]", i);
        grad[i] = (fp - fm) / (2.0 * step);
    }
    return CO_OK;
}
