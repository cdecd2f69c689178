/* Shifted-beta-geometric model: likelihood on pooled survivor counts, the
 * fit (BFGS over log alpha, log beta), survival, retention and DERL.
 *
 * The likelihood is built from running sums instead of Beta functions:
 *     log S(t) = sum_{i=1..t} log(1 - alpha / (alpha + beta + i - 1))
 *     log P(t) = log alpha - log(alpha + beta + t - 1) + log S(t - 1)
 * so each term and its derivatives cost a few flops and stay exact for the
 * small period counts contractual data have. */
#include "custorient/sbg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sbg_internal.h"
#include "sized_internal.h"
#include "uncertainty_internal.h"

/* Fits whose parameters leave this range have run off to a boundary. */
#define SBG_MIN_PARAM 1e-6
#define SBG_MAX_PARAM 1e6

/* The defaults co_sbg_options_init() writes and fields an older caller lacks take. */
static co_sbg_options defaults(void)
{
    co_sbg_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.max_iterations = 500;
    d.tolerance = 1e-9;
    return d;
}

int co_sbg_options_init(co_sbg_options *opts, size_t size)
{
    co_sbg_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int check_cohorts(const double *survivors, const size_t *lengths, size_t n_cohorts,
                         size_t *periods)
{
    if (!survivors || !lengths)
        return co__fail(CO_EINVAL, "NULL survivor counts or cohort lengths");
    if (n_cohorts == 0)
        return co__fail(CO_EINVAL, "no cohorts");
    size_t at = 0, longest = 0;
    for (size_t c = 0; c < n_cohorts; c++) {
        size_t len = lengths[c];
        if (len < 2)
            return co__fail(CO_EINVAL, "cohort %zu has %zu counts; it needs at least 2", c, len);
        if (len > SIZE_MAX - at)
            return co__fail(CO_EOVERFLOW, "cohort lengths overflow");
        for (size_t t = 0; t < len; t++) {
            double s = survivors[at + t];
            if (!isfinite(s) || s < 0.0)
                return co__fail(CO_EINVAL, "survivor count %g at index %zu is not finite and >= 0",
                                s, at + t);
            if (t == 0 && s <= 0.0)
                return co__fail(CO_EINVAL, "cohort %zu starts with no customers (index %zu)", c,
                                at);
            if (t > 0 && s > survivors[at + t - 1])
                return co__fail(CO_EINVAL, "survivor count at index %zu exceeds the one before it",
                                at + t);
        }
        at += len;
        longest = len > longest ? len : longest;
    }
    *periods = longest - 1;
    return CO_OK;
}

int co__sbg_counts_pool(const double *survivors, const size_t *lengths, size_t n_cohorts,
                        co_sbg_counts *out)
{
    size_t periods = 0;
    int rc = check_cohorts(survivors, lengths, n_cohorts, &periods);
    if (rc < 0)
        return rc;
    double *churned = co__calloc(periods + 1, sizeof *churned);
    double *censored = co__calloc(periods + 1, sizeof *censored);
    if (!churned || !censored) {
        co__free(churned);
        co__free(censored);
        return co__fail_nomem();
    }
    double customers = 0.0;
    for (size_t c = 0, at = 0; c < n_cohorts; at += lengths[c], c++) {
        const double *s = survivors + at;
        customers += s[0];
        for (size_t t = 1; t < lengths[c]; t++)
            churned[t - 1] += s[t - 1] - s[t];
        censored[lengths[c] - 1] += s[lengths[c] - 1];
    }
    out->periods = periods;
    out->churned = churned;
    out->censored = censored;
    out->customers = customers;
    return CO_OK;
}

void co__sbg_counts_free(co_sbg_counts *counts)
{
    co__free(counts->churned);
    co__free(counts->censored);
    counts->churned = counts->censored = NULL;
}

double co__sbg_loglik(const co_sbg_counts *counts, double alpha, double beta, double grad[2])
{
    double ab = alpha + beta;
    double log_s = 0.0, ds_da = 0.0, ds_db = 0.0; /* log S(t - 1) and its derivatives */
    double ll = 0.0, ga = 0.0, gb = 0.0;
    double log_alpha = log(alpha);
    for (size_t t = 1; t <= counts->periods; t++) {
        double inv = 1.0 / (ab + (double)(t - 1));
        double n = counts->churned[t - 1];
        if (n > 0.0) {
            ll += n * (log_alpha + log(inv) + log_s);
            ga += n * (1.0 / alpha - inv + ds_da);
            gb += n * (-inv + ds_db);
        }
        log_s += log1p(-alpha * inv);
        ds_da -= inv;
        ds_db += 1.0 / (beta + (double)(t - 1)) - inv;
        double c = counts->censored[t];
        if (c > 0.0) {
            ll += c * log_s;
            ga += c * ds_da;
            gb += c * ds_db;
        }
    }
    if (grad) {
        grad[0] = alpha * ga;
        grad[1] = beta * gb;
    }
    return ll;
}

int co__sbg_objective(void *ctx, const double *x, double *f, double *grad)
{
    const co_sbg_counts *counts = ctx;
    double alpha = exp(x[0]), beta = exp(x[1]);
    if (!(alpha > 0.0 && beta > 0.0 && isfinite(alpha) && isfinite(beta))) {
        *f = INFINITY;
        return CO_OK;
    }
    double g[2];
    double ll = co__sbg_loglik(counts, alpha, beta, grad ? g : NULL);
    *f = -ll / counts->customers;
    if (grad) {
        grad[0] = -g[0] / counts->customers;
        grad[1] = -g[1] / counts->customers;
    }
    return CO_OK;
}

static int check_model(const co_sbg *m)
{
    if (!m)
        return co__fail(CO_EINVAL, "NULL sBG model");
    if (!(isfinite(m->alpha) && m->alpha > 0.0 && isfinite(m->beta) && m->beta > 0.0))
        return co__fail(CO_EINVAL, "sBG parameters alpha = %g, beta = %g are not finite and > 0",
                        m->alpha, m->beta);
    return CO_OK;
}

int co_sbg_fit(const double *survivors, const size_t *lengths, size_t n_cohorts,
               const co_sbg_options *opts, co_sbg *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "NULL argument to co_sbg_fit");
    co_sbg_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_sbg_options") < 0)
        return CO_EINVAL;
    opts = &resolved;
    if (opts->max_iterations == 0 || !(opts->tolerance > 0.0))
        return co__fail(CO_EINVAL, "max_iterations and tolerance must be positive");

    co_sbg_counts counts;
    int rc = co__sbg_counts_pool(survivors, lengths, n_cohorts, &counts);
    if (rc < 0)
        return rc;
    /* Two degenerate data sets put the maximum at a boundary of the parameter space. */
    double churned = 0.0;
    for (size_t t = 0; t < counts.periods; t++)
        churned += counts.churned[t];
    if (churned == 0.0 || counts.churned[0] == counts.customers) {
        co__sbg_counts_free(&counts);
        return co__fail(CO_EINVAL, churned == 0.0
                                       ? "no customer churned: the sBG model cannot be fitted"
                                       : "every customer churned in the first period: the sBG "
                                         "model cannot be fitted");
    }
    co_opt_options o;
    co__opt_options_init(&o);
    o.max_iter = opts->max_iterations;
    o.grad_tol = opts->tolerance;
    co_opt_result res;
    double x[2] = {0.0, 0.0}; /* alpha = beta = 1: uniform churn probabilities */
    rc = co__minimize(co__sbg_objective, &counts, 2, x, &o, &res);
    double customers = counts.customers;
    co__sbg_counts_free(&counts);
    if (rc < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", co_errmsg());
        return co__fail(rc, "sBG fit failed: %s", why);
    }
    co_sbg fit = {exp(x[0]), exp(x[1]), -res.f * customers, res.iterations};
    if (!isfinite(fit.log_likelihood))
        return co__fail(CO_EOVERFLOW, "sBG: the log-likelihood of %g customers overflows a double",
                        customers);
    if (fit.alpha < SBG_MIN_PARAM || fit.alpha > SBG_MAX_PARAM || fit.beta < SBG_MIN_PARAM ||
        fit.beta > SBG_MAX_PARAM)
        return co__fail(CO_ENOCONV,
                        "sBG fit drifts to a boundary (alpha = %g, beta = %g): the counts show "
                        "no churn, or churn too uniform to identify the model",
                        fit.alpha, fit.beta);
    *out = fit;
    return CO_OK;
}

int co_sbg_log_likelihood(const co_sbg *model, const double *survivors, const size_t *lengths,
                          size_t n_cohorts, double *out)
{
    int rc = check_model(model);
    if (rc < 0)
        return rc;
    if (!out)
        return co__fail(CO_EINVAL, "NULL argument to co_sbg_log_likelihood");
    co_sbg_counts counts;
    rc = co__sbg_counts_pool(survivors, lengths, n_cohorts, &counts);
    if (rc < 0)
        return rc;
    const double ll = co__sbg_loglik(&counts, model->alpha, model->beta, NULL);
    const double customers = counts.customers;
    co__sbg_counts_free(&counts);
    if (!isfinite(ll))
        return co__fail(CO_EOVERFLOW, "sBG: the log-likelihood of %g customers overflows a double",
                        customers);
    *out = ll;
    return CO_OK;
}

int co_sbg_uncertainty(const co_sbg *model, const double *survivors, const size_t *lengths,
                       size_t n_cohorts, co_model_uncertainty *out)
{
    int rc = check_model(model);
    if (rc == CO_OK)
        rc = co__uncertainty_check("sBG", out);
    if (rc < 0)
        return rc;
    co_sbg_counts counts;
    rc = co__sbg_counts_pool(survivors, lengths, n_cohorts, &counts);
    if (rc < 0)
        return rc;
    const double ll = co__sbg_loglik(&counts, model->alpha, model->beta, NULL);
    const double p[2] = {model->alpha, model->beta};
    if (!isfinite(ll))
        rc = co__fail(CO_EOVERFLOW, "sBG: the log-likelihood of %g customers overflows a double",
                      counts.customers);
    else
        rc = co__uncertainty_compute("sBG", co__sbg_objective, &counts, 2, p, counts.customers, ll,
                                     out);
    co__sbg_counts_free(&counts);
    return rc;
}

/* Shared checks of the elementwise predictions: t finite and >= `least`. */
static int check_times(const co_sbg *m, const double *t, size_t n, const double *out, double least,
                       const char *what)
{
    int rc = check_model(m);
    if (rc < 0)
        return rc;
    if (n > 0 && (!t || !out))
        return co__fail(CO_EINVAL, "NULL array");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t[i]) || t[i] < least)
            return co__fail(CO_EINVAL, "%s %g at index %zu is not finite and >= %g", what, t[i], i,
                            least);
    return CO_OK;
}

int co_sbg_survival(const co_sbg *model, const double *t, size_t n, double *out)
{
    int rc = check_times(model, t, n, out, 0.0, "period");
    if (rc < 0)
        return rc;
    double base = co__lbeta(model->alpha, model->beta);
    for (size_t i = 0; i < n; i++)
        out[i] = t[i] == 0.0 ? 1.0 : exp(co__lbeta(model->alpha, model->beta + t[i]) - base);
    return CO_OK;
}

int co_sbg_retention(const co_sbg *model, const double *t, size_t n, double *out)
{
    int rc = check_times(model, t, n, out, 1.0, "period");
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        out[i] = (model->beta + t[i] - 1.0) / (model->alpha + model->beta + t[i] - 1.0);
    return CO_OK;
}

int co_sbg_derl(const co_sbg *model, double discount, const double *renewals, size_t n, double *out)
{
    int rc = check_times(model, renewals, n, out, 0.0, "renewal count");
    if (rc < 0)
        return rc;
    if (!isfinite(discount) || discount < 0.0)
        return co__fail(CO_EINVAL, "discount rate %g is not finite and >= 0", discount);
    double a = model->alpha, b = model->beta;
    /* Compute everything first so that a failure leaves `out` untouched. */
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            double k = renewals[i], value;
            if (discount == 0.0) {
                value = a > 1.0 ? (b + k) / (a - 1.0) : INFINITY;
            } else {
                double f;
                /* z = 1/(1 + d) with 1 - z = d/(1 + d): z rounds to 1 below d ~ 1e-16 */
                rc = co__hyp2f1_w(1.0, b + k + 1.0, a + b + k + 1.0, 1.0 / (1.0 + discount),
                                  discount / (1.0 + discount), &f);
                if (rc < 0)
                    return rc;
                value = (b + k) / (a + b + k) * f;
            }
            if (pass == 1)
                out[i] = value;
        }
    }
    return CO_OK;
}
