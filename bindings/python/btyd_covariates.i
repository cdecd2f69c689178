/* The models with covariates (custorient/btyd_covariates.h, sbg_covariates.h,
 * spend_covariates.h) for custorient/_covariates.py. Covariate matrices cross as row-major n x k double
 * buffers, parameters as one double array (base parameters, then coefficients);
 * lengths are checked by the Python layer. */

%apply const double *IN_ARRAY_SAME { const double *purchase, const double *dropout,
                                     const double *cov_params, const double *covariates,
                                     const double *spend_covariates };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *periods, size_t n) };
%apply const uint8_t *IN_ARRAY_SAME { const uint8_t *churned };
%apply const int64_t *IN_ARRAY_SAME { const int64_t *equal };

%inline %{
enum { CO_PY_COV_MAX_EQUAL = 64 };
%}

%{
static co_btyd_covariates co_py_cov(const double *purchase, size_t k_purchase,
                                     const double *dropout, size_t k_dropout)
{
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = k_purchase;
    c.purchase = k_purchase ? purchase : NULL;
    c.k_dropout = k_dropout;
    c.dropout = k_dropout ? dropout : NULL;
    return c;
}

/* Options and the room for their constraints as size_t pairs. */
typedef struct co_py_cov_opts {
    co_covariate_fit_options opt;
    size_t pairs[2 * CO_PY_COV_MAX_EQUAL];
} co_py_cov_opts;

/* The options of penalty l2 and the n_equal constraint pairs `equal` (as int64):
 * CO_ERANGE for more than CO_PY_COV_MAX_EQUAL pairs or a negative position. */
static int co_py_cov_options(double l2, const int64_t *equal, size_t n_equal, co_py_cov_opts *o)
{
    co_covariate_fit_options *opt = &o->opt;
    co_covariate_fit_options_init(opt, sizeof *opt);
    opt->l2 = l2;
    if (n_equal > CO_PY_COV_MAX_EQUAL)
        return CO_ERANGE;
    for (size_t i = 0; i < 2 * n_equal; i++) {
        if (equal[i] < 0)
            return CO_ERANGE;
        o->pairs[i] = (size_t)equal[i];
    }
    opt->n_equal = n_equal;
    opt->equal = n_equal ? o->pairs : NULL;
    return CO_OK;
}

/* The same with a fit's iterations and tolerance. */
static int co_py_cov_fit_options(double l2, const int64_t *equal, size_t n_equal,
                                 size_t max_iter, double tolerance, co_py_cov_opts *o)
{
    int rc = co_py_cov_options(l2, equal, n_equal, o);
    o->opt.max_iter = max_iter;
    o->opt.tolerance = tolerance;
    return rc;
}

/* values_out as co_py_cov_uncertainty() lays it out, for k parameters. */
static co_covariate_uncertainty co_py_cov_figures(size_t k, double *values_out)
{
    co_covariate_uncertainty u = {.size = sizeof u,
                                  .standard_error = values_out + 6,
                                  .lower = values_out + 6 + k,
                                  .upper = values_out + 6 + 2 * k,
                                  .variance = values_out + 6 + 3 * k};
    return u;
}

static int co_py_cov_pack(int rc, const co_covariate_uncertainty *u, double *values_out)
{
    if (rc == CO_OK) {
        values_out[0] = u->log_likelihood;
        values_out[1] = u->aic;
        values_out[2] = u->bic;
        values_out[3] = u->n_observations;
        values_out[4] = u->hessian_error;
        values_out[5] = (double)u->n_free;
    }
    return rc;
}
%}

%inline %{
/* Fit model 0 (BG/NBD) or 1 (Pareto/NBD) with covariates: params_out (as many as
 * co_btyd_cov_n_params()), info_out[5] as co_py_purchase_fit(). */
static int co_py_cov_fit(int model, const double *frequency, size_t n, const double *recency,
                         const double *T, const double *weights, const double *purchase,
                         size_t k_purchase, const double *dropout, size_t k_dropout, double l2,
                         const int64_t *equal, size_t n_equal, size_t max_iter,
                         double tolerance, size_t threads, double *params_out, double *info_out)
{
    co_py_cov_opts o;
    if (co_py_cov_fit_options(l2, equal, n_equal, max_iter, tolerance, &o) != CO_OK)
        return CO_ERANGE;
    o.opt.threads = threads;
    co_btyd_covariates c = co_py_cov(purchase, k_purchase, dropout, k_dropout);
    co_btyd_fit_info info = {.size = sizeof info};
    int rc = co_btyd_cov_fit((co_btyd_model_kind)model, frequency, recency, T, weights, n, &c,
                             &o.opt, params_out, &info);
    if (rc == CO_OK)
        co_py_info(&info, info_out);
    return rc;
}

/* values_out: log-likelihood, AIC, BIC, n, Hessian error, free parameters, then the
 * k standard errors, k lower and k upper bounds and the k x k variance matrix. */
static int co_py_cov_uncertainty(int model, const double *cov_params, const double *frequency,
                                 size_t n, const double *recency, const double *T,
                                 const double *weights, const double *purchase,
                                 size_t k_purchase, const double *dropout, size_t k_dropout,
                                 double l2, const int64_t *equal, size_t n_equal,
                                 double *values_out)
{
    co_py_cov_opts o;
    if (co_py_cov_options(l2, equal, n_equal, &o) != CO_OK)
        return CO_ERANGE;
    co_btyd_covariates c = co_py_cov(purchase, k_purchase, dropout, k_dropout);
    const size_t k = co_btyd_cov_n_params((co_btyd_model_kind)model, &c);
    co_covariate_uncertainty u = co_py_cov_figures(k, values_out);
    int rc = co_btyd_cov_uncertainty((co_btyd_model_kind)model, cov_params, frequency, recency,
                                     T, weights, n, &c, &o.opt, &u);
    return co_py_cov_pack(rc, &u, values_out);
}

/* CO_PY_ALIVE, CO_PY_CONDITIONAL (horizons t) or CO_PY_LOGLIK (total in values_out[0]). */
static int co_py_cov_predict(int model, int what, const double *cov_params,
                             const double *frequency, size_t n, const double *recency,
                             const double *T, const double *t, const double *purchase,
                             size_t k_purchase, const double *dropout, size_t k_dropout,
                             double *values_out)
{
    co_btyd_covariates c = co_py_cov(purchase, k_purchase, dropout, k_dropout);
    const co_btyd_model_kind kind = (co_btyd_model_kind)model;
    if (what == CO_PY_ALIVE)
        return co_btyd_cov_probability_alive(kind, cov_params, frequency, recency, T, n, &c,
                                             values_out);
    if (what == CO_PY_CONDITIONAL)
        return co_btyd_cov_conditional_expected_purchases(kind, cov_params, t, frequency,
                                                          recency, T, n, &c, values_out);
    return co_btyd_cov_log_likelihood(kind, cov_params, frequency, recency, T, NULL, n, &c,
                                      values_out);
}

/* CLV of each customer under its own purchase parameters (has_cov 0: the plain
 * model's) and spend parameters (k_spend 0: the plain p, q, v). */
static int co_py_cov_clv(int model, int has_cov, const double *cov_params,
                         const double *spend_params, const double *frequency, size_t n,
                         const double *recency, const double *T, const double *monetary,
                         const double *purchase, size_t k_purchase, const double *dropout,
                         size_t k_dropout, const double *spend_covariates, size_t k_spend,
                         unsigned months, double discount_rate, double periods_per_month,
                         double *values_out)
{
    co_btyd_covariates c = co_py_cov(purchase, k_purchase, dropout, k_dropout);
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    opt.months = months;
    opt.discount_rate = discount_rate;
    opt.periods_per_month = periods_per_month;
    return co_btyd_cov_clv((co_btyd_model_kind)model, cov_params, has_cov ? &c : NULL,
                           spend_params, k_spend ? spend_covariates : NULL, k_spend, frequency,
                           recency, T, monetary, n, &opt, values_out);
}

/* sBG with covariates: params_out (2 + 2k), info_out[5] as co_py_cov_fit(). */
static int co_py_sbg_cov_fit(const double *periods, size_t n, const uint8_t *churned,
                             const double *weights, const double *covariates, size_t k,
                             double l2, const int64_t *equal, size_t n_equal, size_t max_iter,
                             double tolerance, double *params_out, double *info_out)
{
    co_py_cov_opts o;
    if (co_py_cov_fit_options(l2, equal, n_equal, max_iter, tolerance, &o) != CO_OK)
        return CO_ERANGE;
    co_btyd_fit_info info = {.size = sizeof info};
    int rc = co_sbg_cov_fit(periods, churned, weights, n, k ? covariates : NULL, k, &o.opt,
                            params_out, &info);
    if (rc == CO_OK)
        co_py_info(&info, info_out);
    return rc;
}

/* values_out as co_py_cov_uncertainty(). */
static int co_py_sbg_cov_uncertainty(const double *cov_params, const double *periods, size_t n,
                                     const uint8_t *churned, const double *weights,
                                     const double *covariates, size_t k, double l2,
                                     const int64_t *equal, size_t n_equal, double *values_out)
{
    co_py_cov_opts o;
    if (co_py_cov_options(l2, equal, n_equal, &o) != CO_OK)
        return CO_ERANGE;
    co_covariate_uncertainty u = co_py_cov_figures(co_sbg_cov_n_params(k), values_out);
    int rc = co_sbg_cov_uncertainty(cov_params, periods, churned, weights, n,
                                    k ? covariates : NULL, k, &o.opt, &u);
    return co_py_cov_pack(rc, &u, values_out);
}

/* what 0: survival S(t), 1: retention r(t), 2: DERL (t = renewals) per customer. */
static int co_py_sbg_cov_predict(int what, const double *cov_params, const double *periods,
                                 size_t n, const double *covariates, size_t k, double discount,
                                 double *values_out)
{
    const double *x = k ? covariates : NULL;
    if (what == 0)
        return co_sbg_cov_survival(cov_params, periods, n, x, k, values_out);
    if (what == 1)
        return co_sbg_cov_retention(cov_params, periods, n, x, k, values_out);
    return co_sbg_cov_derl(cov_params, discount, periods, n, x, k, values_out);
}

static int co_py_sbg_cov_log_likelihood(const double *cov_params, const double *periods,
                                        size_t n, const uint8_t *churned, const double *weights,
                                        const double *covariates, size_t k, double *values_out)
{
    return co_sbg_cov_log_likelihood(cov_params, periods, churned, weights, n,
                                     k ? covariates : NULL, k, values_out);
}

/* Gamma-Gamma with spend covariates: params_out (3 + k), info_out[5]. */
static int co_py_gg_cov_fit(const double *frequency, size_t n, const double *monetary,
                            const double *weights, const double *covariates, size_t k, double l2,
                            const int64_t *equal, size_t n_equal, size_t max_iter,
                            double tolerance, double *params_out, double *info_out)
{
    co_py_cov_opts o;
    if (co_py_cov_fit_options(l2, equal, n_equal, max_iter, tolerance, &o) != CO_OK)
        return CO_ERANGE;
    co_btyd_fit_info info = {.size = sizeof info};
    int rc = co_gammagamma_cov_fit(frequency, monetary, weights, n, k ? covariates : NULL, k,
                                   &o.opt, params_out, &info);
    if (rc == CO_OK)
        co_py_info(&info, info_out);
    return rc;
}

static int co_py_gg_cov_uncertainty(const double *cov_params, const double *frequency, size_t n,
                                    const double *monetary, const double *weights,
                                    const double *covariates, size_t k, double l2,
                                    const int64_t *equal, size_t n_equal, double *values_out)
{
    co_py_cov_opts o;
    if (co_py_cov_options(l2, equal, n_equal, &o) != CO_OK)
        return CO_ERANGE;
    co_covariate_uncertainty u = co_py_cov_figures(co_gammagamma_cov_n_params(k), values_out);
    int rc = co_gammagamma_cov_uncertainty(cov_params, frequency, monetary, weights, n,
                                           k ? covariates : NULL, k, &o.opt, &u);
    return co_py_cov_pack(rc, &u, values_out);
}

/* what 0: E[mean order value] per customer; else the log-likelihood in values_out[0]. */
static int co_py_gg_cov_predict(int what, const double *cov_params, const double *frequency,
                                size_t n, const double *monetary, const double *covariates,
                                size_t k, double *values_out)
{
    const double *x = k ? covariates : NULL;
    if (what == 0)
        return co_gammagamma_cov_conditional_expected_value(cov_params, frequency, monetary, n,
                                                            x, k, values_out);
    return co_gammagamma_cov_log_likelihood(cov_params, frequency, monetary, NULL, n, x, k,
                                            values_out);
}
%}

/* The likelihood-ratio test of nested fits (custorient/lrtest.h), for
 * custorient.feedback_churn(). */
%apply double *OUT_ARRAY { double *lr_out };
%inline %{
/* lr_out[5]: statistic, degrees of freedom, p-value, AIC nested, AIC full. */
static int co_py_likelihood_ratio_test(double ll_nested, size_t k_nested, double ll_full,
                                       size_t k_full, double *lr_out)
{
    co_lr_test t = {.size = sizeof t};
    int rc = co_likelihood_ratio_test(ll_nested, k_nested, ll_full, k_full, &t);
    if (rc == CO_OK) {
        const double v[5] = {t.statistic, (double)t.df, t.p_value, t.aic_nested, t.aic_full};
        memcpy(lr_out, v, sizeof v);
    }
    return rc;
}
%}

/* The data a covariate effect needs (custorient/covariate_screen.h), for
 * custorient.feedback_churn(): the rule's constants, and the screen with its
 * keep flags as bytes. */
%ignore co_covariate_screen;
%include "custorient/covariate_screen.h"
%apply uint8_t *OUT_ARRAY { uint8_t *keep_out };
%inline %{
static int co_py_covariate_screen(const double *covariates, size_t n, size_t k, uint8_t *keep_out)
{
    return co_covariate_screen(covariates, n, k, keep_out, NULL);
}
%}
