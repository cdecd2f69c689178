/* Penalised maximum likelihood in log-parameters, shared by every model. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric/numeric_internal.h"

#define MAX_PARAMS 4
/* Beyond these a parameter is running off to 0 or infinity: the likelihood
 * is flat in it and the "estimate" would be meaningless. */
#define PARAM_MIN 1e-8
#define PARAM_MAX 1e8

void co_btyd_fit_options_init(co_btyd_fit_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->size = sizeof *opt;
    opt->penalizer = 0.0;
    opt->max_iter = 500;
    opt->tolerance = 1e-7;
}

typedef struct objective_ctx {
    const co_btyd_data *data;
    co_loglik_fn loglik;
    size_t k;
    double penalizer;
    /* The log-likelihood at the latest point, which is usually the estimate:
     * the fit then need not evaluate it once more. */
    double last_theta[MAX_PARAMS], last_ll;
    int have_last;
} objective_ctx;

static int objective(void *vctx, const double *theta, double *f, double *grad)
{
    objective_ctx *c = vctx;
    c->have_last = 0;
    double p[MAX_PARAMS], g[MAX_PARAMS], ll;
    for (size_t i = 0; i < c->k; i++) {
        p[i] = exp(theta[i]);
        if (!(p[i] > 0.0) || isinf(p[i])) {
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
        pen += p[i] * p[i];
    *f = -ll / W + c->penalizer * pen;
    if (grad)
        for (size_t i = 0; i < c->k; i++)
            grad[i] = p[i] * (-g[i] / W + 2.0 * c->penalizer * p[i]);
    return CO_OK;
}

int co_btyd_fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k,
                    const char *model, const char *const *names,
                    const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info,
                    double *inv_hessian)
{
    co_btyd_fit_options defaults;
    co_btyd_fit_options_init(&defaults);
    if (opt) {
        if (opt->size != sizeof *opt)
            return co_fail(CO_EINVAL, "%s: options not initialised with co_btyd_fit_options_init",
                           model);
        if (!isfinite(opt->penalizer) || opt->penalizer < 0.0 || opt->max_iter == 0 ||
            !(opt->tolerance > 0.0) || !isfinite(opt->tolerance))
            return co_fail(CO_EINVAL, "%s: penalizer must be >= 0, max_iter > 0, tolerance > 0",
                           model);
    } else {
        opt = &defaults;
    }
    objective_ctx ctx = {data, loglik, k, opt->penalizer, {0}, 0.0, 0};
    co_opt_options o;
    co_opt_options_init(&o);
    o.max_iter = opt->max_iter;
    o.grad_tol = opt->tolerance;
    o.nm_max_evals = 8 * opt->max_iter;
    o.inv_hessian = inv_hessian;
    double theta[MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        theta[i] = log(p[i]);
    co_opt_result res;
    int rc = co_minimize(objective, &ctx, k, theta, &o, &res);
    if (rc == CO_ENOCONV || rc == CO_EINVAL) {
        char why[192]; /* co_errmsg() is overwritten by co_fail() */
        snprintf(why, sizeof why, "%s", co_errmsg());
        return co_fail(CO_ENOCONV, "%s: %s (%s)", model,
                       rc == CO_ENOCONV ? "the fit did not converge"
                                        : "the likelihood cannot be evaluated at the start",
                       why);
    }
    if (rc != CO_OK)
        return rc;
    double est[MAX_PARAMS];
    for (size_t i = 0; i < k; i++) {
        est[i] = exp(theta[i]);
        if (!(est[i] >= PARAM_MIN && est[i] <= PARAM_MAX))
            return co_fail(CO_ENOCONV,
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
        return co_fail(CO_ENOCONV, "%s: log-likelihood not finite at the estimate", model);
    memcpy(p, est, k * sizeof *p);
    if (info) {
        info->log_likelihood = ll;
        info->iterations = res.iterations;
        info->evaluations = res.evaluations;
        info->distinct_rows = data->n_rows;
        info->used_fallback = res.method == CO_OPT_NELDER_MEAD;
    }
    return CO_OK;
}

/* Fits of at least the model's pilot_min_rows distinct histories start from
 * the estimate of a pilot fit on every PILOT_STRIDE-th history: BFGS then
 * needs far fewer full-size evaluations. A pilot of that size starts from
 * its own pilot, so most of the wandering from the start happens on few rows. */
#define PILOT_STRIDE 8
#define PILOT_TOLERANCE 1e-5

static int pilot_data(const co_btyd_data *d, co_btyd_data *out)
{
    memset(out, 0, sizeof *out);
    out->rows = co_malloc_array(d->n_rows / PILOT_STRIDE + d->n_groups, sizeof *out->rows);
    out->group = co_malloc_array(d->n_groups + 1, sizeof *out->group);
    if (!out->rows || !out->group) {
        co_btyd_data_free(out);
        return co_fail_nomem();
    }
    for (size_t g = 0; g < d->n_groups; g++) {
        out->group[g] = out->n_rows;
        for (size_t i = d->group[g]; i < d->group[g + 1]; i += PILOT_STRIDE) {
            const co_btyd_row *row = &d->rows[i];
            out->rows[out->n_rows++] = *row;
            out->total_weight += row->w;
            out->weighted_x += row->w * row->x;
            out->weighted_T += row->w * row->T;
        }
    }
    out->group[d->n_groups] = out->n_rows;
    out->n_groups = d->n_groups;
    return CO_OK;
}

/* Improve `est` by a pilot fit; only CO_ENOMEM is an error (a pilot that does
 * not converge leaves `est` at its own pilot's estimate, or as it was). */
static int pilot_start(const co_purchase_model *m, const co_btyd_data *d,
                       const co_btyd_fit_options *opt, double *est, double *inv_hessian)
{
    co_btyd_data pilot;
    int rc = pilot_data(d, &pilot);
    if (rc != CO_OK)
        return rc;
    co_btyd_fit_options po;
    co_btyd_fit_options_init(&po);
    po.tolerance = PILOT_TOLERANCE;
    if (opt) {
        po.penalizer = opt->penalizer;
        po.max_iter = opt->max_iter;
    }
    double guess[MAX_PARAMS];
    memcpy(guess, est, 4 * sizeof *est);
    if (pilot.n_rows >= m->pilot_min_rows)
        rc = pilot_start(m, &pilot, opt, guess, inv_hessian);
    if (rc == CO_OK && (rc = m->prepare(&pilot)) == CO_OK &&
        co_btyd_fit_run(&pilot, m->loglik, 4, m->name, m->names, &po, guess, NULL,
                        inv_hessian) != CO_OK)
        memset(inv_hessian, 0, 16 * sizeof *inv_hessian); /* `guess` stays as it came */
    if (rc == CO_OK)
        memcpy(est, guess, 4 * sizeof *est);
    m->release(&pilot);
    co_btyd_data_free(&pilot);
    return rc;
}

int co_purchase_fit(const co_purchase_model *m, const double *frequency, const double *recency,
                    const double *T, const double *weights, size_t n,
                    const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info)
{
    int rc = co_btyd_check(frequency, recency, T, weights, n);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co_btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    double est[MAX_PARAMS];
    m->start(&d, est);
    /* The pilot's curvature (same mean-per-customer scale) warm-starts BFGS. */
    double inv_hessian[16] = {0};
    rc = co_btyd_require_repeat(&d, m->name);
    if (rc == CO_OK && d.n_rows >= m->pilot_min_rows)
        rc = pilot_start(m, &d, opt, est, inv_hessian);
    if (rc == CO_OK)
        rc = m->prepare(&d);
    if (rc == CO_OK)
        rc = co_btyd_fit_run(&d, m->loglik, 4, m->name, m->names, opt, est, info, inv_hessian);
    m->release(&d);
    co_btyd_data_free(&d);
    if (rc == CO_OK)
        memcpy(p, est, 4 * sizeof *p);
    return rc;
}

int co_purchase_log_likelihood(const co_purchase_model *m, const double *p,
                               const double *frequency, const double *recency, const double *T,
                               const double *weights, size_t n, double *out)
{
    int rc = co_btyd_check(frequency, recency, T, weights, n);
    if (rc == CO_OK && !out)
        rc = co_fail(CO_EINVAL, "%s: out is NULL", m->name);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co_btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    double ll;
    if ((rc = m->prepare(&d)) == CO_OK)
        rc = m->loglik(&d, p, &ll, NULL);
    m->release(&d);
    co_btyd_data_free(&d);
    if (rc == CO_OK)
        *out = ll;
    return rc;
}
