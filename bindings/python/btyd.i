/* Purchase models, Gamma-Gamma and CLV (custorient/btyd.h, custorient/mbgnbd.h) for the
 * Python layer in custorient/btyd.py and custorient/mbgnbd.py. Parameters cross as small
 * double arrays (BG/NBD and MBG/NBD r, alpha, a, b; Pareto/NBD r, alpha, s, beta;
 * Gamma-Gamma p, q, v)
 * so that the Python classes own their state; each helper is one C call and
 * runs without the GIL. Lengths are checked by the Python layer. */

%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *frequency, size_t n) };
%apply const double *IN_ARRAY_SAME { const double *recency, const double *T,
                                     const double *weights, const double *t,
                                     const double *monetary, const double *model_params,
                                     const double *spend_params, const double *variance,
                                     const double *start, const double *lower,
                                     const double *count, const double *spend_variance };
%apply double *OUT_ARRAY { double *params_out, double *info_out, double *values_out,
                           double *recency_out, double *frequency_out, double *lower_out,
                           double *upper_out, double *rate_out, double *dropout_out,
                           double *alive_out };

%{
static co_bgnbd_params co_py_bg(const double *p)
{
    co_bgnbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}

static co_paretonbd_params co_py_pn(const double *p)
{
    co_paretonbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}

static co_mbgnbd_params co_py_mbg(const double *p)
{
    co_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}

/* A co_model_uncertainty for the Python layer (custorient/_uncertainty.py):
 * log-likelihood, AIC, BIC, n, Hessian error, then the k standard errors, k lower
 * and k upper bounds, and the k x k variance matrix row by row: 5 + 3k + k^2 values. */
static int co_py_uncertainty_pack(int rc, const co_model_uncertainty *u, double *out)
{
    if (rc != CO_OK)
        return rc;
    const size_t k = u->n_params;
    out[0] = u->log_likelihood;
    out[1] = u->aic;
    out[2] = u->bic;
    out[3] = u->n_observations;
    out[4] = u->hessian_error;
    for (size_t i = 0; i < k; i++) {
        out[5 + i] = u->standard_error[i];
        out[5 + k + i] = u->lower[i];
        out[5 + 2 * k + i] = u->upper[i];
        for (size_t j = 0; j < k; j++)
            out[5 + 3 * k + i * k + j] = u->variance[i][j];
    }
    return CO_OK;
}

static co_btyd_fit_options co_py_penalty(double penalizer)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = penalizer;
    return opt;
}

/* Fit options: start and lower are NULL or k values (the Python layer checks k). */
static co_btyd_fit_options co_py_fit_options(double penalizer, size_t max_iter, double tolerance,
                                             const double *start, const double *lower, size_t k)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = penalizer;
    opt.max_iter = max_iter;
    opt.tolerance = tolerance;
    for (size_t i = 0; i < k; i++) {
        if (start)
            opt.start[i] = start[i];
        if (lower)
            opt.lower[i] = lower[i];
    }
    return opt;
}

static void co_py_info(const co_btyd_fit_info *info, double *info_out)
{
    info_out[0] = info->log_likelihood;
    info_out[1] = (double)info->iterations;
    info_out[2] = (double)info->evaluations;
    info_out[3] = (double)info->distinct_rows;
    info_out[4] = (double)info->used_fallback;
}

/* The uncertainty of a model of k parameters from its estimate and variance[k * k]. */
static co_model_uncertainty co_py_figures(size_t k, const double *estimate, const double *variance)
{
    co_model_uncertainty u;
    memset(&u, 0, sizeof u);
    u.size = sizeof u;
    u.n_params = k;
    for (size_t i = 0; i < k; i++) {
        u.estimate[i] = estimate[i];
        for (size_t j = 0; j < k; j++)
            u.variance[i][j] = variance[i * k + j];
    }
    return u;
}

static co_band_options co_py_band_options(size_t draws, double level, unsigned long long seed,
                                          size_t threads)
{
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = draws;
    opt.level = level;
    opt.seed = seed;
    opt.threads = threads;
    return opt;
}
%}

%inline %{
enum { CO_PY_BGNBD = 0, CO_PY_PARETONBD = 1, CO_PY_MBGNBD = 2 };
enum { CO_PY_ALIVE, CO_PY_EXPECTED, CO_PY_CONDITIONAL, CO_PY_PMF, CO_PY_LOGLIK };

/* One MBG/NBD prediction, as co_py_purchase_predict(). */
static int co_py_mbgnbd_predict(int what, const double *model_params, const double *frequency,
                                size_t n, const double *recency, const double *T,
                                const double *t, double *values_out)
{
    co_mbgnbd_params mg = co_py_mbg(model_params);
    switch (what) {
    case CO_PY_ALIVE:
        return co_mbgnbd_probability_alive(&mg, frequency, recency, T, n, values_out);
    case CO_PY_EXPECTED:
        return co_mbgnbd_expected_purchases(&mg, t, n, values_out);
    case CO_PY_CONDITIONAL:
        return co_mbgnbd_conditional_expected_purchases(&mg, t, frequency, recency, T, n,
                                                        values_out);
    case CO_PY_PMF:
        return co_mbgnbd_probability_of_purchases(&mg, t, frequency, n, values_out);
    default:
        return co_mbgnbd_log_likelihood(&mg, frequency, recency, T, NULL, n, values_out);
    }
}

/* Fit model 0 (BG/NBD), 1 (Pareto/NBD) or 2 (MBG/NBD) from `start` (NULL: the model's
 * own, else 4 values): params_out[4], info_out[5]. */
static int co_py_purchase_fit(int model, const double *frequency, size_t n,
                              const double *recency, const double *T, const double *weights,
                              double penalizer, size_t max_iter, double tolerance,
                              const double *start, size_t threads, double *params_out, double *info_out)
{
    co_btyd_fit_options opt = co_py_fit_options(penalizer, max_iter, tolerance, start, NULL, 4);
    opt.threads = threads;
    co_btyd_fit_info info = {.size = sizeof info};
    int rc;
    if (model == CO_PY_BGNBD) {
        co_bgnbd_params p;
        rc = co_bgnbd_fit(frequency, recency, T, weights, n, &opt, &p, &info);
        if (rc == CO_OK) {
            params_out[0] = p.r; params_out[1] = p.alpha; params_out[2] = p.a; params_out[3] = p.b;
        }
    } else if (model == CO_PY_MBGNBD) {
        co_mbgnbd_params p;
        rc = co_mbgnbd_fit(frequency, recency, T, weights, n, &opt, &p, &info);
        if (rc == CO_OK) {
            params_out[0] = p.r; params_out[1] = p.alpha; params_out[2] = p.a; params_out[3] = p.b;
        }
    } else {
        co_paretonbd_params p;
        rc = co_paretonbd_fit(frequency, recency, T, weights, n, &opt, &p, &info);
        if (rc == CO_OK) {
            params_out[0] = p.r; params_out[1] = p.alpha; params_out[2] = p.s; params_out[3] = p.beta;
        }
    }
    if (rc == CO_OK)
        co_py_info(&info, info_out);
    return rc;
}

/* One prediction `what` for n customers (frequency doubles as the purchase
 * count of CO_PY_PMF; CO_PY_LOGLIK writes the total into values_out[0]). */
static int co_py_purchase_predict(int model, int what, const double *model_params,
                                  const double *frequency, size_t n, const double *recency,
                                  const double *T, const double *t, double *values_out)
{
    co_bgnbd_params bg = co_py_bg(model_params);
    co_paretonbd_params pn = co_py_pn(model_params);
    if (model == CO_PY_MBGNBD)
        return co_py_mbgnbd_predict(what, model_params, frequency, n, recency, T, t, values_out);
    int bgm = model == CO_PY_BGNBD;
    switch (what) {
    case CO_PY_ALIVE:
        return bgm ? co_bgnbd_probability_alive(&bg, frequency, recency, T, n, values_out)
                   : co_paretonbd_probability_alive(&pn, frequency, recency, T, n, values_out);
    case CO_PY_EXPECTED:
        return bgm ? co_bgnbd_expected_purchases(&bg, t, n, values_out)
                   : co_paretonbd_expected_purchases(&pn, t, n, values_out);
    case CO_PY_CONDITIONAL:
        return bgm ? co_bgnbd_conditional_expected_purchases(&bg, t, frequency, recency, T, n,
                                                             values_out)
                   : co_paretonbd_conditional_expected_purchases(&pn, t, frequency, recency, T,
                                                                 n, values_out);
    case CO_PY_PMF:
        return bgm ? co_bgnbd_probability_of_purchases(&bg, t, frequency, n, values_out)
                   : co_paretonbd_probability_of_purchases(&pn, t, frequency, n, values_out);
    default:
        return bgm ? co_bgnbd_log_likelihood(&bg, frequency, recency, T, NULL, n, values_out)
                   : co_paretonbd_log_likelihood(&pn, frequency, recency, T, NULL, n,
                                                 values_out);
    }
}

/* Uncertainty of model 0 (BG/NBD) or 1 (Pareto/NBD) at model_params with the fit's
 * penalizer: values_out[5 + 3 * 4 + 16] as co_py_uncertainty_pack(). */
static int co_py_purchase_uncertainty(int model, const double *model_params,
                                      const double *frequency, size_t n, const double *recency,
                                      const double *T, const double *weights, double penalizer,
                                      double *values_out)
{
    co_btyd_fit_options opt = co_py_penalty(penalizer);
    co_model_uncertainty u = {.size = sizeof u};
    co_bgnbd_params bg = co_py_bg(model_params);
    co_paretonbd_params pn = co_py_pn(model_params);
    co_mbgnbd_params mg = co_py_mbg(model_params);
    int rc = model == CO_PY_BGNBD
                 ? co_bgnbd_uncertainty(&bg, frequency, recency, T, weights, n, &opt, &u)
             : model == CO_PY_MBGNBD
                 ? co_mbgnbd_uncertainty(&mg, frequency, recency, T, weights, n, &opt, &u)
                 : co_paretonbd_uncertainty(&pn, frequency, recency, T, weights, n, &opt, &u);
    return co_py_uncertainty_pack(rc, &u, values_out);
}

/* Gamma-Gamma uncertainty: values_out[5 + 3 * 3 + 9]. */
static int co_py_gammagamma_uncertainty(const double *spend_params, const double *frequency,
                                        size_t n, const double *monetary, const double *weights,
                                        double penalizer, double *values_out)
{
    co_btyd_fit_options opt = co_py_penalty(penalizer);
    co_model_uncertainty u = {.size = sizeof u};
    co_gammagamma_params g = {spend_params[0], spend_params[1], spend_params[2]};
    int rc = co_gammagamma_uncertainty(&g, frequency, monetary, weights, n, &opt, &u);
    return co_py_uncertainty_pack(rc, &u, values_out);
}

/* Band of P(alive) (what CO_PY_ALIVE) or of the conditional expected purchases
 * (CO_PY_CONDITIONAL) from the estimate model_params[4] and its variance[16]. */
static int co_py_purchase_band(int model, int what, const double *model_params,
                               const double *variance, const double *frequency, size_t n,
                               const double *recency, const double *T, const double *t,
                               size_t draws, double level, unsigned long long seed,
                               size_t threads, double *lower_out, double *upper_out)
{
    const co_model_uncertainty u = co_py_figures(4, model_params, variance);
    const co_band_options opt = co_py_band_options(draws, level, seed, threads);
    if (model == CO_PY_MBGNBD)
        return what == CO_PY_ALIVE
                   ? co_mbgnbd_probability_alive_band(&u, frequency, recency, T, n, &opt,
                                                      lower_out, upper_out)
                   : co_mbgnbd_conditional_expected_purchases_band(&u, t, frequency, recency, T,
                                                                   n, &opt, lower_out, upper_out);
    if (what == CO_PY_ALIVE)
        return model == CO_PY_BGNBD
                   ? co_bgnbd_probability_alive_band(&u, frequency, recency, T, n, &opt,
                                                     lower_out, upper_out)
                   : co_paretonbd_probability_alive_band(&u, frequency, recency, T, n, &opt,
                                                         lower_out, upper_out);
    return model == CO_PY_BGNBD
               ? co_bgnbd_conditional_expected_purchases_band(&u, t, frequency, recency, T, n,
                                                              &opt, lower_out, upper_out)
               : co_paretonbd_conditional_expected_purchases_band(&u, t, frequency, recency, T,
                                                                  n, &opt, lower_out, upper_out);
}

/* Band of the CLV from the purchase model's estimate model_params[4] and variance[16]
 * and the Gamma-Gamma estimate spend_params[3] and spend_variance[9]. */
static int co_py_clv_band(int model, const double *model_params, const double *variance,
                          const double *spend_params, const double *spend_variance,
                          const double *frequency, size_t n, const double *recency,
                          const double *T, const double *monetary, unsigned months,
                          double discount_rate, double periods_per_month, size_t draws,
                          double level, unsigned long long seed, size_t threads,
                          double *lower_out, double *upper_out)
{
    const co_model_uncertainty u = co_py_figures(4, model_params, variance);
    const co_model_uncertainty g = co_py_figures(3, spend_params, spend_variance);
    const co_band_options opt = co_py_band_options(draws, level, seed, threads);
    co_clv_options clv;
    co_clv_options_init(&clv, sizeof clv);
    clv.months = months;
    clv.discount_rate = discount_rate;
    clv.periods_per_month = periods_per_month;
    return model == CO_PY_BGNBD ? co_bgnbd_clv_band(&u, &g, frequency, recency, T, monetary, n,
                                                    &clv, &opt, lower_out, upper_out)
                                : co_paretonbd_clv_band(&u, &g, frequency, recency, T, monetary,
                                                        n, &clv, &opt, lower_out, upper_out);
}

/* Simulate n customers observed for T[i]: frequency_out, recency_out. */
static int co_py_purchase_simulate(int model, const double *model_params, const double *frequency,
                                   size_t n, unsigned long long seed, double *frequency_out,
                                   double *recency_out)
{
    /* `frequency` carries T here: one length-checked input array. */
    co_bgnbd_params bg = co_py_bg(model_params);
    co_paretonbd_params pn = co_py_pn(model_params);
    co_mbgnbd_params mg = co_py_mbg(model_params);
    return model == CO_PY_BGNBD
               ? co_bgnbd_simulate(&bg, frequency, n, seed, frequency_out, recency_out)
           : model == CO_PY_MBGNBD
               ? co_mbgnbd_simulate(&mg, frequency, n, seed, frequency_out, recency_out)
               : co_paretonbd_simulate(&pn, frequency, n, seed, frequency_out, recency_out);
}

/* Gamma-Gamma fit from `start` with bounds `lower` (each NULL or 3 values):
 * params_out[3] = p, q, v; info_out[5]. */
static int co_py_gammagamma_fit(const double *frequency, size_t n, const double *monetary,
                                const double *weights, double penalizer, size_t max_iter,
                                double tolerance, const double *start, const double *lower,
                                double *params_out, double *info_out)
{
    co_btyd_fit_options opt = co_py_fit_options(penalizer, max_iter, tolerance, start, lower, 3);
    co_btyd_fit_info info = {.size = sizeof info};
    co_gammagamma_params g;
    int rc = co_gammagamma_fit(frequency, monetary, weights, n, &opt, &g, &info);
    if (rc == CO_OK) {
        params_out[0] = g.p; params_out[1] = g.q; params_out[2] = g.v;
        co_py_info(&info, info_out);
    }
    return rc;
}

/* Gamma-Gamma: what 0 = conditional expected value per customer, 1 = log-likelihood. */
static int co_py_gammagamma_predict(int what, const double *spend_params, const double *frequency,
                                    size_t n, const double *monetary, double *values_out)
{
    co_gammagamma_params g = {spend_params[0], spend_params[1], spend_params[2]};
    return what == 0
               ? co_gammagamma_conditional_expected_value(&g, frequency, monetary, n, values_out)
               : co_gammagamma_log_likelihood(&g, frequency, monetary, NULL, n, values_out);
}

static int co_py_clv(int model, const double *model_params, const double *spend_params,
                     const double *frequency, size_t n, const double *recency, const double *T,
                     const double *monetary, unsigned months, double discount_rate,
                     double periods_per_month, double *values_out)
{
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    opt.months = months;
    opt.discount_rate = discount_rate;
    opt.periods_per_month = periods_per_month;
    co_gammagamma_params g = {spend_params[0], spend_params[1], spend_params[2]};
    co_bgnbd_params bg = co_py_bg(model_params);
    co_paretonbd_params pn = co_py_pn(model_params);
    co_mbgnbd_params mg = co_py_mbg(model_params);
    return model == CO_PY_BGNBD
               ? co_bgnbd_clv(&bg, &g, frequency, recency, T, monetary, n, &opt, values_out)
           : model == CO_PY_MBGNBD
               ? co_mbgnbd_clv(&mg, &g, frequency, recency, T, monetary, n, &opt, values_out)
               : co_paretonbd_clv(&pn, &g, frequency, recency, T, monetary, n, &opt, values_out);
}
%}

%inline %{
/* Simulate n customers observed for T[i] (carried in `frequency`, the one length-checked
 * array) with their hidden state: rate, drop-out (p or mu) and alive flag. */
static int co_py_purchase_simulate_latent(int model, const double *model_params,
                                          const double *frequency, size_t n,
                                          unsigned long long seed, double *frequency_out,
                                          double *recency_out, double *rate_out,
                                          double *dropout_out, double *alive_out)
{
    co_bgnbd_params bg = co_py_bg(model_params);
    co_paretonbd_params pn = co_py_pn(model_params);
    co_mbgnbd_params mg = co_py_mbg(model_params);
    return model == CO_PY_BGNBD
               ? co_bgnbd_simulate_latent(&bg, frequency, n, seed, frequency_out, recency_out,
                                          rate_out, dropout_out, alive_out)
           : model == CO_PY_MBGNBD
               ? co_mbgnbd_simulate_latent(&mg, frequency, n, seed, frequency_out, recency_out,
                                           rate_out, dropout_out, alive_out)
               : co_paretonbd_simulate_latent(&pn, frequency, n, seed, frequency_out,
                                              recency_out, rate_out, dropout_out, alive_out);
}

/* Pareto/NBD: P(count[i] purchases in (T, T + t[i]] | history) per customer. */
static int co_py_paretonbd_conditional_pmf(const double *model_params, const double *frequency,
                                           size_t n, const double *recency, const double *T,
                                           const double *t, const double *count,
                                           double *values_out)
{
    co_paretonbd_params pn = co_py_pn(model_params);
    return co_paretonbd_conditional_probability_of_purchases(&pn, t, count, frequency, recency,
                                                             T, n, values_out);
}
%}
