/* Penalised maximum likelihood in log-parameters, shared by every model. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

#define MAX_PARAMS 4
/* Beyond these a parameter is running off to 0 or infinity: the likelihood
 * is flat in it and the "estimate" would be meaningless. */
#define PARAM_MIN 1e-8
#define PARAM_MAX 1e8
#define MAX_THREADS 256

/* The defaults co_btyd_fit_options_init() writes and fields an older caller lacks take. */
static co_btyd_fit_options defaults(void)
{
    co_btyd_fit_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.penalizer = 0.0;
    d.max_iter = 500;
    d.tolerance = 1e-7;
    d.threads = 1;
    return d;
}

int co_btyd_fit_options_init(co_btyd_fit_options *opt, size_t size)
{
    co_btyd_fit_options d = defaults();
    return co__options_init(opt, size, &d, sizeof d, __func__);
}

int co__btyd_objective(void *vctx, const double *theta, double *f, double *grad)
{
    co_btyd_objective_ctx *c = vctx;
    c->have_last = 0;
    double p[MAX_PARAMS], g[MAX_PARAMS], ll;
    for (size_t i = 0; i < c->k; i++) {
        p[i] = c->lower[i] + exp(theta[i]);
        if (!(p[i] > c->lower[i]) || isinf(p[i])) {
            *f = INFINITY;
            return CO_OK;
        }
    }
    int rc = c->loglik(c->data, p, &ll, grad ? g : NULL);
    if (rc != CO_OK) {
        /* A series that fails far from the optimum only marks the point as
         * unusable; the optimiser backs off. */
        if (rc == CO_ENOCONV) {
            *f = INFINITY;
            return CO_OK;
        }
        return rc;
    }
    memcpy(c->last_theta, theta, c->k * sizeof *theta);
    c->last_ll = ll;
    c->have_last = 1;
    double W = c->data->total_weight, pen = 0.0;
    for (size_t i = 0; i < c->k; i++)
        pen += c->penalty[i] * p[i] * p[i];
    *f = -ll / W + pen;
    if (grad) /* dp/dtheta = p - lower */
        for (size_t i = 0; i < c->k; i++)
            grad[i] = (p[i] - c->lower[i]) * (-g[i] / W + 2.0 * c->penalty[i] * p[i]);
    return CO_OK;
}

void co__btyd_penalty(double penalizer, unsigned rate_mask, double time_scale, double divisor,
                      size_t k, double *penalty)
{
    for (size_t i = 0; i < k; i++) {
        penalty[i] = penalizer / divisor;
        if (rate_mask & (1U << i))
            penalty[i] /= time_scale * time_scale;
    }
}

void co__purchase_penalty(const co_purchase_model *m, const double *T, size_t n, double penalizer,
                          double *penalty)
{
    double longest = 0.0;
    for (size_t i = 0; i < n; i++)
        if (T[i] > longest)
            longest = T[i];
    co__purchase_penalty_of(m, longest, (double)n, penalizer, penalty);
}

void co__purchase_penalty_of(const co_purchase_model *m, double longest, double n, double penalizer,
                             double *penalty)
{
    /* lifetimes fits on T / max(T) and penalises the rates on that scale. */
    co__btyd_penalty(penalizer, m->rate_mask, longest > 0.0 ? longest : 1.0,
                     m->penalty_per_row ? n : 1.0, 4, penalty);
}

int co__btyd_user_start(const char *model, const co_btyd_fit_options *opt, size_t k, double *p)
{
    size_t given = 0;
    for (size_t i = 0; i < k; i++)
        given += opt->start[i] != 0.0;
    if (given == 0)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (!(opt->start[i] > opt->lower[i]) || !isfinite(opt->start[i]))
            return co__fail(CO_EINVAL, "%s: start[%zu] = %g must be finite and exceed its bound %g",
                            model, i, opt->start[i], opt->lower[i]);
    memcpy(p, opt->start, k * sizeof *p);
    return 1;
}

/* A fit that gives up after `max_iter` BFGS iterations when `quick`, with no
 * Nelder-Mead fallback: a pilot that does not converge soon is no help. */
static int fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k, const char *model,
                   const char *const *names, const co_btyd_fit_options *opt, const double *penalty,
                   int quick, double *p, co_btyd_fit_info *info, double *inv_hessian);

int co__btyd_fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k, const char *model,
                     const char *const *names, const co_btyd_fit_options *opt,
                     const double *penalty, double *p, co_btyd_fit_info *info, double *inv_hessian)
{
    return fit_run(data, loglik, k, model, names, opt, penalty, 0, p, info, inv_hessian);
}

static int fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k, const char *model,
                   const char *const *names, const co_btyd_fit_options *opt, const double *penalty,
                   int quick, double *p, co_btyd_fit_info *info, double *inv_hessian)
{
    co_btyd_objective_ctx ctx = {.data = data, .loglik = loglik, .k = k};
    memcpy(ctx.penalty, penalty, k * sizeof *penalty);
    memcpy(ctx.lower, opt->lower, k * sizeof *ctx.lower);
    co_opt_options o;
    co__opt_options_init(&o);
    o.max_iter = opt->max_iter;
    o.grad_tol = opt->tolerance;
    o.nm_max_evals = quick ? 0 : 8 * opt->max_iter;
    o.inv_hessian = inv_hessian;
    double theta[MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        theta[i] = log(p[i] - ctx.lower[i]);
    co_opt_result res;
    int rc = co__minimize(co__btyd_objective, &ctx, k, theta, &o, &res);
    if (rc == CO_ENOCONV || rc == CO_EINVAL) {
        char why[192]; /* co_errmsg() is overwritten by co__fail() */
        snprintf(why, sizeof why, "%s", co_errmsg());
        return co__fail(CO_ENOCONV, "%s: %s (%s)", model,
                        rc == CO_ENOCONV ? "the fit did not converge"
                                         : "the likelihood cannot be evaluated at the start",
                        why);
    }
    if (rc != CO_OK)
        return rc;
    double est[MAX_PARAMS];
    for (size_t i = 0; i < k; i++) {
        est[i] = ctx.lower[i] + exp(theta[i]);
        if (!(est[i] >= PARAM_MIN && est[i] <= PARAM_MAX))
            return co__fail(CO_ENOCONV,
                            "%s: parameter %s ran off to %g; the data do not identify the model",
                            model, names[i], est[i]);
    }
    double ll = ctx.last_ll;
    if (!ctx.have_last || memcmp(ctx.last_theta, theta, k * sizeof *theta) != 0) {
        rc = loglik(data, est, &ll, NULL);
        if (rc != CO_OK)
            return rc;
    }
    if (!isfinite(ll))
        return co__fail(CO_ENOCONV, "%s: log-likelihood not finite at the estimate", model);
    memcpy(p, est, k * sizeof *p);
    if (info) {
        co_btyd_fit_info full = {sizeof full,     ll,           res.iterations,
                                 res.evaluations, data->n_rows, res.method == CO_OPT_NELDER_MEAD};
        co__sized_store(info, &full, sizeof full);
    }
    return CO_OK;
}

int co__btyd_fit_args(const char *model, const co_btyd_fit_options *opt,
                      const co_btyd_fit_info *info, co_btyd_fit_options *resolved)
{
    *resolved = defaults();
    if (co__options_resolve(resolved, sizeof *resolved, opt, "co_btyd_fit_options") < 0 ||
        (info && co__sized_check(info, sizeof *info, "co_btyd_fit_info") < 0))
        return CO_EINVAL;
    if (!isfinite(resolved->penalizer) || resolved->penalizer < 0.0 || resolved->max_iter == 0 ||
        !(resolved->tolerance > 0.0) || !isfinite(resolved->tolerance) || resolved->threads == 0 ||
        resolved->threads > MAX_THREADS)
        return co__fail(CO_EINVAL,
                        "%s: penalizer must be >= 0, max_iter > 0, tolerance > 0, "
                        "1 <= threads <= %d",
                        model, MAX_THREADS);
    for (size_t i = 0; i < 4; i++)
        if (!(resolved->lower[i] >= 0.0) || !isfinite(resolved->lower[i]) ||
            !isfinite(resolved->start[i]) || resolved->start[i] < 0.0)
            return co__fail(CO_EINVAL,
                            "%s: start[%zu] = %g and lower[%zu] = %g must be finite "
                            "and >= 0",
                            model, i, resolved->start[i], i, resolved->lower[i]);
    return CO_OK;
}

/* Fits of at least the model's pilot_min_rows distinct histories start from
 * the estimate of a pilot fit on every PILOT_STRIDE-th history: BFGS then
 * needs far fewer full-size evaluations. A pilot of that size starts from
 * its own pilot, so most of the wandering from the start happens on few rows.
 * A pilot only ever saves time: where its estimate is no good start, the fit
 * starts again from the model's own starting point. */
#define PILOT_STRIDE 8
#define PILOT_TOLERANCE 1e-5
#define PILOT_MAX_ITER 40

/* Every PILOT_STRIDE-th row of the (x, tx, T) order with its weight: a
 * systematic sample in which every purchase count keeps its share. */
static int pilot_data(const co_btyd_data *d, co_btyd_data *out)
{
    memset(out, 0, sizeof *out);
    const size_t n = (d->n_rows + PILOT_STRIDE - 1) / PILOT_STRIDE;
    out->rows = co__malloc_array(n, sizeof *out->rows);
    out->group = co__malloc_array(n + 1, sizeof *out->group);
    if (!out->rows || !out->group) {
        co__btyd_data_free(out);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < d->n_rows; i += PILOT_STRIDE) {
        const co_btyd_row *row = &d->rows[i];
        if (out->n_rows == 0 || row->x != out->rows[out->n_rows - 1].x)
            out->group[out->n_groups++] = out->n_rows;
        out->rows[out->n_rows++] = *row;
        out->total_weight += row->w;
        out->weighted_x += row->w * row->x;
        out->weighted_T += row->w * row->T;
    }
    out->group[out->n_groups] = out->n_rows;
    out->max_T = d->max_T; /* a bound for the sample too */
    out->is_pilot = 1;
    out->threads = d->threads;
    return CO_OK;
}

/* Fit from `est` with the inverse Hessian `h` (zero: cold); if that fails for
 * any reason but memory and `est` is not `fallback`, fit again from there. */
static int fit_from(const co_purchase_model *m, const co_btyd_data *d,
                    const co_btyd_fit_options *opt, const double *penalty, int quick,
                    const double *fallback, double *est, double *h, co_btyd_fit_info *info)
{
    int rc = fit_run(d, m->loglik, 4, m->name, m->names, opt, penalty, quick, est, info, h);
    /* Bitwise on purpose: the same bits would give the same fit again. */
    /* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
    if (rc == CO_OK || rc == CO_ENOMEM || memcmp(est, fallback, 4 * sizeof *est) == 0)
        return rc;
    memcpy(est, fallback, 4 * sizeof *est);
    memset(h, 0, 16 * sizeof *h);
    return fit_run(d, m->loglik, 4, m->name, m->names, opt, penalty, quick, est, info, h);
}

/* Replace BFGS's curvature estimate `h` by the inverse of the objective's
 * exact Hessian at p, where the model has an analytic one: the fit's first
 * step is then a Newton step. The objective is a mean per customer, so a
 * pilot's curvature is the full data's. With theta = log(p - lower), q = p - lower,
 * c the penalty and a = df/dp = -g / W + 2 c p:
 * d2f/dtheta2 = Q (-H / W) Q + diag(q a) + diag(2 c q^2). */
static int exact_curvature(const co_purchase_model *m, const co_btyd_data *d, const double *penalty,
                           const double *lower, const double *p, double *h)
{
    double hp[16], ht[16], inv[16], ll, g[4], q[4];
    int rc = m->hessian ? m->hessian(d, p, hp) : CO_EINVAL;
    if (rc == CO_OK)
        rc = m->loglik(d, p, &ll, g);
    if (rc != CO_OK) /* no exact curvature there: BFGS's own estimate serves */
        return rc == CO_ENOMEM ? rc : CO_OK;
    const double W = d->total_weight;
    for (size_t i = 0; i < 4; i++)
        q[i] = p[i] - lower[i];
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            ht[4 * i + j] = -q[i] * q[j] * hp[4 * i + j] / W;
    for (size_t i = 0; i < 4; i++)
        ht[5 * i] += q[i] * (-g[i] / W + 2.0 * penalty[i] * p[i]) + 2.0 * penalty[i] * q[i] * q[i];
    if (co__spd_inverse(4, ht, inv) == CO_OK)
        memcpy(h, inv, sizeof inv);
    return CO_OK;
}

/* Improve `est` (the model's starting point) by a pilot fit; only CO_ENOMEM
 * is an error: a pilot that fails leaves `est` as it was and `h` zero. */
static int pilot_start(const co_purchase_model *m, const co_btyd_data *d,
                       const co_btyd_fit_options *opt, const double *penalty, double *est,
                       double *h)
{
    co_btyd_data pilot;
    int rc = pilot_data(d, &pilot);
    if (rc != CO_OK)
        return rc;
    co_btyd_fit_options po = defaults();
    po.tolerance = PILOT_TOLERANCE;
    po.max_iter = PILOT_MAX_ITER;
    memcpy(po.lower, opt->lower, sizeof po.lower);
    if (opt->max_iter < po.max_iter)
        po.max_iter = opt->max_iter;
    double guess[MAX_PARAMS];
    memcpy(guess, est, 4 * sizeof *est);
    if (pilot.n_rows >= m->pilot_min_rows)
        rc = pilot_start(m, &pilot, opt, penalty, guess, h);
    if (rc == CO_OK && !(pilot.rows[pilot.n_rows - 1].x > 0.0))
        memset(h, 0, 16 * sizeof *h); /* no repeat buyer in the sample: nothing to learn */
    else if (rc == CO_OK && (rc = m->prepare(&pilot)) == CO_OK) {
        if (pilot.n_rows < m->pilot_min_rows) /* the first fit: Newton's first step too */
            rc = exact_curvature(m, &pilot, penalty, opt->lower, guess, h);
        if (rc == CO_OK && fit_from(m, &pilot, &po, penalty, 1, est, guess, h, NULL) == CO_OK) {
            memcpy(est, guess, 4 * sizeof *est);
            rc = exact_curvature(m, &pilot, penalty, opt->lower, est, h);
        } else
            memset(h, 0, 16 * sizeof *h);
    }
    m->release(&pilot);
    co__btyd_data_free(&pilot);
    return rc;
}

int co__purchase_fit(const co_purchase_model *m, const double *frequency, const double *recency,
                     const double *T, const double *weights, size_t n,
                     const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info)
{
    co_btyd_fit_options resolved;
    int rc = co__btyd_fit_args(m->name, opt, info, &resolved);
    if (rc == CO_OK)
        rc = co__btyd_check(frequency, recency, T, weights, n);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co__btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    double penalty[MAX_PARAMS];
    co__purchase_penalty(m, T, n, resolved.penalizer, penalty);
    rc = co__purchase_fit_data(m, &d, &resolved, penalty, p, info);
    co__btyd_data_free(&d);
    return rc;
}

int co__purchase_fit_data(const co_purchase_model *m, co_btyd_data *d,
                          const co_btyd_fit_options *opt, const double *penalty, double *p,
                          co_btyd_fit_info *info)
{
    d->threads = opt->threads;
    double start[MAX_PARAMS], est[MAX_PARAMS];
    m->start(d, start);
    for (size_t i = 0; i < MAX_PARAMS; i++) /* the model's start, inside the bounds */
        if (!(start[i] > opt->lower[i]))
            start[i] = 2.0 * opt->lower[i];
    int given = co__btyd_user_start(m->name, opt, 4, start);
    int rc = given < 0 ? given : co__btyd_require_repeat(d, m->name);
    memcpy(est, start, sizeof est);
    /* The pilot's curvature (same mean-per-customer scale) warm-starts BFGS; a
     * caller's start is taken as it is. */
    double inv_hessian[16] = {0};
    if (rc == CO_OK && !given && d->n_rows >= m->pilot_min_rows)
        rc = pilot_start(m, d, opt, penalty, est, inv_hessian);
    if (rc == CO_OK)
        rc = m->prepare(d);
    if (rc == CO_OK && (given || d->n_rows < m->pilot_min_rows)) /* no pilot ran */
        rc = exact_curvature(m, d, penalty, opt->lower, est, inv_hessian);
    if (rc == CO_OK)
        rc = fit_from(m, d, opt, penalty, 0, start, est, inv_hessian, info);
    m->release(d);
    if (rc == CO_OK)
        memcpy(p, est, 4 * sizeof *p);
    return rc;
}

int co__purchase_log_likelihood(const co_purchase_model *m, const double *p,
                                const double *frequency, const double *recency, const double *T,
                                const double *weights, size_t n, double *out)
{
    int rc = co__btyd_check(frequency, recency, T, weights, n);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "%s: out is NULL", m->name);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co__btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    double ll;
    if ((rc = m->prepare(&d)) == CO_OK)
        rc = m->loglik(&d, p, &ll, NULL);
    m->release(&d);
    co__btyd_data_free(&d);
    if (rc == CO_OK)
        *out = ll;
    return rc;
}
