/* The BG/BB (custorient/bgbb.h) for custorient/bgbb.py. Parameters cross as a
 * double array (alpha, beta, gamma, delta); each helper is one C call and runs
 * without the GIL. Lengths are checked by the Python layer; the typemaps of the
 * other arguments are btyd.i's. */

%apply const double *IN_ARRAY_SAME { const double *n_periods, const double *future };
%apply double *OUT_ARRAY { double *p_out, double *theta_out, double *alive_out };

%inline %{
/* Fit from `start` (NULL: the model's own, else 4 values): params_out[4], info_out[5]
 * (as co_py_purchase_fit()). */
static int co_py_bgbb_fit(const double *frequency, size_t n, const double *recency,
                          const double *n_periods, const double *weights, double penalizer,
                          size_t max_iter, double tolerance, const double *start,
                          double *params_out, double *info_out)
{
    co_btyd_fit_options opt = co_py_fit_options(penalizer, max_iter, tolerance, start, NULL, 4);
    co_btyd_fit_info info = {.size = sizeof info};
    co_bgbb_params p;
    int rc = co_bgbb_fit(frequency, recency, n_periods, weights, n, &opt, &p, &info);
    if (rc == CO_OK) {
        params_out[0] = p.alpha; params_out[1] = p.beta;
        params_out[2] = p.gamma; params_out[3] = p.delta;
        co_py_info(&info, info_out);
    }
    return rc;
}

/* One prediction `what` (btyd.i's CO_PY_*) for n customers: P(alive `future` opportunities
 * on), E[X(future)] of a new customer, the conditional expectation of the next `future`,
 * P(X(future) = frequency), or the log-likelihood total in values_out[0]. */
static int co_py_bgbb_predict(int what, const double *model_params, const double *frequency,
                              size_t n, const double *recency, const double *n_periods,
                              const double *future, double *values_out)
{
    co_bgbb_params p = {model_params[0], model_params[1], model_params[2], model_params[3]};
    switch (what) {
    case CO_PY_ALIVE:
        return co_bgbb_probability_alive(&p, future, frequency, recency, n_periods, n,
                                         values_out);
    case CO_PY_EXPECTED:
        return co_bgbb_expected_purchases(&p, future, n, values_out);
    case CO_PY_CONDITIONAL:
        return co_bgbb_conditional_expected_purchases(&p, future, frequency, recency, n_periods,
                                                      n, values_out);
    case CO_PY_PMF:
        return co_bgbb_probability_of_purchases(&p, future, frequency, n, values_out);
    default:
        return co_bgbb_log_likelihood(&p, frequency, recency, n_periods, NULL, n, values_out);
    }
}

/* Uncertainty at model_params with the fit's penalizer: values_out[5 + 3 * 4 + 16]. */
static int co_py_bgbb_uncertainty(const double *model_params, const double *frequency, size_t n,
                                  const double *recency, const double *n_periods,
                                  const double *weights, double penalizer, double *values_out)
{
    co_btyd_fit_options opt = co_py_penalty(penalizer);
    co_model_uncertainty u = {.size = sizeof u};
    co_bgbb_params p = {model_params[0], model_params[1], model_params[2], model_params[3]};
    int rc = co_bgbb_uncertainty(&p, frequency, recency, n_periods, weights, n, &opt, &u);
    return co_py_uncertainty_pack(rc, &u, values_out);
}

/* Band of P(alive) (what CO_PY_ALIVE) or of the conditional expectation
 * (CO_PY_CONDITIONAL) from the estimate model_params[4] and its variance[16]. */
static int co_py_bgbb_band(int what, const double *model_params, const double *variance,
                           const double *frequency, size_t n, const double *recency,
                           const double *n_periods, const double *future, size_t draws,
                           double level, unsigned long long seed, size_t threads,
                           double *lower_out, double *upper_out)
{
    co_model_uncertainty u = {.size = sizeof u};
    u.n_params = 4;
    for (size_t i = 0; i < 4; i++) {
        u.estimate[i] = model_params[i];
        for (size_t j = 0; j < 4; j++)
            u.variance[i][j] = variance[i * 4 + j];
    }
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = draws;
    opt.level = level;
    opt.seed = seed;
    opt.threads = threads;
    return what == CO_PY_ALIVE
               ? co_bgbb_probability_alive_band(&u, future, frequency, recency, n_periods, n,
                                                &opt, lower_out, upper_out)
               : co_bgbb_conditional_expected_purchases_band(&u, future, frequency, recency,
                                                             n_periods, n, &opt, lower_out,
                                                             upper_out);
}

/* Simulate n customers over `frequency` (the opportunities, one length-checked array). */
static int co_py_bgbb_simulate(const double *model_params, const double *frequency, size_t n,
                               unsigned long long seed, double *frequency_out,
                               double *recency_out)
{
    co_bgbb_params p = {model_params[0], model_params[1], model_params[2], model_params[3]};
    return co_bgbb_simulate(&p, frequency, n, seed, frequency_out, recency_out);
}

/* The same with each customer's p, theta and alive flag. */
static int co_py_bgbb_simulate_latent(const double *model_params, const double *frequency,
                                      size_t n, unsigned long long seed, double *frequency_out,
                                      double *recency_out, double *p_out, double *theta_out,
                                      double *alive_out)
{
    co_bgbb_params p = {model_params[0], model_params[1], model_params[2], model_params[3]};
    return co_bgbb_simulate_latent(&p, frequency, n, seed, frequency_out, recency_out, p_out,
                                   theta_out, alive_out);
}
%}
