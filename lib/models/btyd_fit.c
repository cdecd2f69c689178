/* Penalised maximum likelihood in log-parameters, shared by every model. */
#include <math.h>
#include <string.h>

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
} objective_ctx;

static int objective(void *vctx, const double *theta, double *f, double *grad)
{
    const objective_ctx *c = vctx;
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
                    const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info)
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
    objective_ctx ctx = {data, loglik, k, opt->penalizer};
    co_opt_options o;
    co_opt_options_init(&o);
    o.max_iter = opt->max_iter;
    o.grad_tol = opt->tolerance;
    double theta[MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        theta[i] = log(p[i]);
    co_opt_result res;
    int rc = co_minimize(objective, &ctx, k, theta, &o, &res);
    if (rc == CO_ENOCONV)
        return co_fail(CO_ENOCONV, "%s: the fit did not converge (%s)", model, co_errmsg());
    if (rc == CO_EINVAL)
        return co_fail(CO_ENOCONV, "%s: the likelihood cannot be evaluated at the start (%s)",
                       model, co_errmsg());
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
    double ll;
    rc = loglik(data, est, &ll, NULL);
    if (rc != CO_OK)
        return rc;
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
