/* Churn and survival: Kaplan-Meier, sBG, retention, cohorts, at-risk ranking.
 * The helpers below put each array next to its length so that the shared
 * buffer typemaps of core.i apply; none touches Python objects, so the GIL is
 * released around every call (fits included). */

%{
#include <stdlib.h>
%}

CO_HANDLE_OUT(co_km)
CO_HANDLE_OUT(co_cohorts)

%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *values, size_t n) };
%apply (const int64_t *IN_ARRAY, size_t IN_LEN) { (const co_day *days, size_t n) };
%apply (const size_t *IN_ARRAY, size_t IN_LEN) { (const size_t *lengths, size_t n_lengths) };
%apply (const int64_t *IN_ARRAY, size_t IN_LEN) { (const co_day *order_days, size_t n_orders) };
%apply const uint8_t *IN_ARRAY_SAME { const uint8_t *observed };
%apply const double *IN_ARRAY_SAME { const double *other, const double *entry,
                                     const double *weights };
%apply (const size_t *IN_ARRAY, size_t IN_LEN) { (const size_t *ranked, size_t n) };
%apply (const size_t *IN_ARRAY, size_t IN_LEN) { (const size_t *listed, size_t count) };
%apply const size_t *IN_ARRAY_SAME { const size_t *customers, const size_t *order_customer };
%apply const int64_t *IN_ARRAY_SAME { const co_day *detractor_days };
%apply const uint64_t *IN_ARRAY_SAME { const uint64_t *contacts };
%apply double *OUT_ARRAY { double *out_a, double *out_b, double *out_c, double *out_d,
                           double *out_e };
%apply uint64_t *OUT_ARRAY { uint64_t *out_u1, uint64_t *out_u2, uint64_t *out_u3 };
%apply int64_t *OUT_ARRAY { co_day *out_days };
%apply size_t *OUT_ARRAY { size_t *out_index };
%apply double *OUTPUT { double *lower, double *upper };

%ignore co_km_fit;
%ignore co_km_fit_input;
%ignore co_km_input;
%ignore co_km_input_init;
%ignore co_km_weighted_columns;
%ignore co_km_options;
%ignore co_km_options_init;
%ignore co_km_point;
%ignore co_km_get_point;
%ignore co_km_columns;
%ignore co_km_count_columns;
%ignore co_km_survival_at;
%ignore co_sbg;
%ignore co_sbg_options;
%ignore co_sbg_options_init;
%ignore co_sbg_fit;
%ignore co_sbg_log_likelihood;
%ignore co_sbg_survival;
%ignore co_sbg_retention;
%ignore co_sbg_derl;
%ignore co_sbg_uncertainty;
%ignore co_retention;
%ignore co_retention_rate;
%ignore co_cohorts_build;
%ignore co_cohorts_months;
%ignore co_cohorts_sizes;
%ignore co_cohorts_active;
%ignore co_cohorts_rates;
%ignore co_atrisk_rank;
%ignore co_atrisk_row;
%ignore co_atrisk_signals;
%ignore co_atrisk_signals_init;
%ignore co_atrisk_backtest;
%ignore co_atrisk_backtest_result;

%include "custorient/survival.h"
%include "custorient/sbg.h"
%include "custorient/retention.h"
%include "custorient/atrisk.h"

%inline %{
/* Kaplan-Meier: fit with a level, band and variance form; observed, entry and weights
 * may be None (their lengths are checked in Python). */
static int co_py_km_fit(const double *values, size_t n, const uint8_t *observed,
                        const double *entry, const double *weights, double level, int band,
                        int variance, co_km **out)
{
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.level = level;
    opts.band = (co_km_band)band;
    opts.variance = (co_km_variance)variance;
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = values;
    in.observed = observed;
    in.n = n;
    in.entry = entry;
    in.weights = weights;
    return co_km_fit_input(&in, &opts, out);
}

static int co_py_km_weighted_columns(const co_km *km, double *out_a, double *out_b,
                                     double *out_c, double *out_d)
{
    return co_km_weighted_columns(km, out_a, out_b, out_c, out_d);
}

static int co_py_km_columns(const co_km *km, double *out_a, double *out_b, double *out_c,
                            double *out_d, double *out_e, uint64_t *out_u1, uint64_t *out_u2,
                            uint64_t *out_u3)
{
    int rc = co_km_columns(km, out_a, out_b, out_c, out_d, out_e);
    return rc < 0 ? rc : co_km_count_columns(km, out_u1, out_u2, out_u3);
}

static int co_py_km_survival_at(const co_km *km, const double *values, size_t n, double *out_a)
{
    return co_km_survival_at(km, values, n, out_a);
}

/* The Python layer builds cohort lengths that cover the counts exactly; this
 * guards the C code against reading past the buffer if it ever did not. */
static int co_py_lengths_cover(size_t n, const size_t *lengths, size_t n_lengths)
{
    size_t total = 0;
    for (size_t i = 0; i < n_lengths; i++) {
        if (lengths[i] > n - total)
            return 0;
        total += lengths[i];
    }
    return total == n;
}

/* sBG: out_a receives alpha, beta, log-likelihood, iterations. */
static int co_py_sbg_fit(const double *values, size_t n, const size_t *lengths,
                         size_t n_lengths, size_t max_iterations, double tolerance,
                         double *out_a)
{
    if (!co_py_lengths_cover(n, lengths, n_lengths))
        return co_py_fail(CO_EINVAL, "sBG: the cohort lengths do not cover the %zu values", n);
    co_sbg_options opts;
    co_sbg_options_init(&opts, sizeof opts);
    opts.max_iterations = max_iterations;
    opts.tolerance = tolerance;
    co_sbg m;
    int rc = co_sbg_fit(values, lengths, n_lengths, &opts, &m);
    if (rc < 0)
        return rc;
    out_a[0] = m.alpha;
    out_a[1] = m.beta;
    out_a[2] = m.log_likelihood;
    out_a[3] = (double)m.iterations;
    return CO_OK;
}

static int co_py_sbg_log_likelihood(double alpha, double beta, const double *values, size_t n,
                                    const size_t *lengths, size_t n_lengths, double *out)
{
    co_sbg m = {alpha, beta, 0.0, 0};
    if (!co_py_lengths_cover(n, lengths, n_lengths))
        return co_py_fail(CO_EINVAL, "sBG: the cohort lengths do not cover the %zu values", n);
    return co_sbg_log_likelihood(&m, values, lengths, n_lengths, out);
}

/* sBG uncertainty: out_a[5 + 3 * 2 + 4] as co_py_uncertainty_pack() (btyd.i). */
static int co_py_sbg_uncertainty(double alpha, double beta, const double *values, size_t n,
                                 const size_t *lengths, size_t n_lengths, double *out_a)
{
    co_sbg m = {alpha, beta, 0.0, 0};
    if (!co_py_lengths_cover(n, lengths, n_lengths))
        return co_py_fail(CO_EINVAL, "sBG: the cohort lengths do not cover the %zu values", n);
    co_model_uncertainty u = {.size = sizeof u};
    return co_py_uncertainty_pack(co_sbg_uncertainty(&m, values, lengths, n_lengths, &u), &u,
                                  out_a);
}

/* what: 0 survival, 1 retention, 2 DERL (with `discount`). */
static int co_py_sbg_predict(double alpha, double beta, int what, double discount,
                             const double *values, size_t n, double *out_a)
{
    co_sbg m = {alpha, beta, 0.0, 0};
    switch (what) {
    case 0: return co_sbg_survival(&m, values, n, out_a);
    case 1: return co_sbg_retention(&m, values, n, out_a);
    default: return co_sbg_derl(&m, discount, values, n, out_a);
    }
}

/* Retention: out_a receives the co_retention fields in declaration order. */
static int co_py_retention_rate(const co_day *days, size_t n, const co_day *order_days,
                                size_t n_orders, const size_t *customers, int64_t start,
                                int64_t period_days, double *out_a)
{
    co_retention r;
    int rc = co_retention_rate(days, n, customers, order_days, n_orders, start, period_days, &r);
    if (rc < 0)
        return rc;
    double fields[8] = {(double)r.base,         (double)r.retained,    (double)r.churned,
                        (double)r.active,       (double)r.new_customers, (double)r.reactivated,
                        r.retention_rate,       r.churn_rate};
    memcpy(out_a, fields, sizeof fields);
    return CO_OK;
}

static int co_py_cohorts_build(const co_day *days, size_t n, const co_day *order_days,
                               size_t n_orders, const size_t *customers, int64_t as_of,
                               co_cohorts **out)
{
    return co_cohorts_build(days, n, customers, order_days, n_orders, as_of, out);
}

static int co_py_cohorts_fill(const co_cohorts *m, co_day *out_days, uint64_t *out_u1,
                              uint64_t *out_u2, double *out_a)
{
    int rc = co_cohorts_months(m, out_days);
    if (rc == CO_OK)
        rc = co_cohorts_sizes(m, out_u1);
    if (rc == CO_OK)
        rc = co_cohorts_active(m, out_u2);
    if (rc == CO_OK)
        rc = co_cohorts_rates(m, out_a);
    return rc;
}

/* At-risk ranking into parallel columns of top_n elements. */
static int co_py_atrisk_rank(const double *values, size_t n, const double *other,
                             const co_day *detractor_days, const uint64_t *contacts,
                             size_t top_n, size_t *out_index, double *out_a, double *out_b,
                             double *out_c, co_day *out_days, uint64_t *out_u1)
{
    if (top_n == 0) {
        co_atrisk_row none;
        size_t count;
        return co_atrisk_rank(values, other, n, NULL, 0, &none, &count); /* reports the error */
    }
    if (top_n > n)
        top_n = n; /* at most n rows come back: no room for more */
    co_atrisk_row *rows = calloc(top_n, sizeof *rows);
    if (!rows)
        return co_py_fail(CO_ENOMEM, "at-risk ranking: no memory for %zu rows of %zu bytes",
                          top_n, sizeof *rows);
    co_atrisk_signals signals = {sizeof signals, detractor_days, contacts};
    size_t count = 0;
    int rc = co_atrisk_rank(values, other, n, &signals, top_n, rows, &count);
    for (size_t i = 0; rc == CO_OK && i < count; i++) {
        out_index[i] = rows[i].index;
        out_a[i] = rows[i].value_at_risk;
        out_b[i] = rows[i].p_churned;
        out_c[i] = rows[i].value;
        out_days[i] = rows[i].days_since_detractor;
        out_u1[i] = rows[i].open_contacts;
    }
    free(rows);
    return rc;
}

/* At-risk backtest: the list as positions among the ranked customers (the
 * `index` of co_py_atrisk_rank); out_a takes the seven figures in the order of
 * co_atrisk_backtest_result. order_customer has n_orders entries (checked in
 * Python). */
static int co_py_atrisk_backtest(const size_t *ranked, size_t n, const size_t *listed,
                                 size_t count, const size_t *order_customer,
                                 const co_day *order_days, size_t n_orders, co_day from,
                                 int64_t days, double *out_a)
{
    co_atrisk_row *rows = calloc(count ? count : 1, sizeof *rows);
    if (!rows)
        return co_py_fail(CO_ENOMEM, "at-risk backtest: no memory for %zu rows", count);
    for (size_t k = 0; k < count; k++)
        rows[k].index = listed[k];
    co_atrisk_backtest_result r = {.size = sizeof r};
    int rc = co_atrisk_backtest(ranked, n, rows, count, order_customer, order_days, n_orders, from,
                                days, &r);
    free(rows);
    if (rc == CO_OK) {
        const double figures[7] = {(double)r.ranked, (double)r.ranked_bought, (double)r.listed,
                                   (double)r.listed_bought, r.base_rate, r.listed_rate, r.lift};
        memcpy(out_a, figures, sizeof figures);
    }
    return rc;
}
%}
