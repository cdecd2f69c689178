/* Extreme inputs: huge counts, tiny and huge money, customers with thousands
 * of orders, observation periods near 0, nobody buying twice. Every call must
 * either succeed with finite results or fail with a documented status; a
 * success carrying NaN or infinity is a bug. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "custorient.h"

/* rc is a success with all n outputs finite, or one of the listed errors. */
static void finite_or(int rc, const double *out, size_t n, int err1, int err2)
{
    if (rc == CO_OK) {
        for (size_t i = 0; i < n; i++)
            cr_assert(isfinite(out[i]), "output %zu is %g on success", i, out[i]);
    } else {
        cr_assert(rc == err1 || rc == err2, "unexpected status %d: %s", rc, co_errmsg());
        cr_assert_neq(co_errmsg()[0], '\0', "a failure must say why");
    }
}

/* ---- metrics ---------------------------------------------------------- */

/* 1e9 answers: 3e8 detractors, 3e8 passives, 4e8 promoters.
 * NPS = 100 (4e8 - 3e8) / 1e9 = 10 exactly; the variance of the per-answer
 * score (-1, 0, 1) is 0.7 - 0.1^2 = 0.69, so se = 100 sqrt(0.69 / 1e9)
 * = 0.0026268 (to 5 figures). */
Test(extremes, nps_of_a_billion_answers)
{
    co_nps acc = {{300000000u, 300000000u, 400000000u}, {3e8, 3e8, 4e8}, 1e9};
    double score, se;
    cr_assert_eq(co_nps_score(&acc, &score), CO_OK);
    cr_assert_float_eq(score, 10.0, 1e-9);
    cr_assert_eq(co_nps_se(&acc, &se), CO_OK);
    cr_assert_float_eq(se, 100.0 * sqrt(0.69 / 1e9), 1e-9);
    co_nps_interval ci;
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
    cr_assert(isfinite(ci.lower) && isfinite(ci.upper) && ci.lower < 10 && ci.upper > 10);
}

Test(extremes, nps_counts_near_the_type_limit_overflow_cleanly)
{
    co_nps acc = {{UINT64_MAX, 0, 0}, {1.8e19, 0, 0}, 1.8e19};
    co_nps before = acc;
    cr_assert_eq(co_nps_add(&acc, 3), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0, "a failed add changed the counts");
    co_nps other = acc;
    cr_assert_eq(co_nps_merge(&acc, &other), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0, "a failed merge changed the counts");
}

Test(extremes, nps_weights_at_the_edge_of_double)
{
    co_nps acc = {0};
    cr_assert_eq(co_nps_add_weighted(&acc, 10, 1e150), CO_OK);
    cr_assert_eq(co_nps_add_weighted(&acc, 0, 1e150), CO_OK);
    double score = NAN, se = NAN;
    finite_or(co_nps_score(&acc, &score), &score, 1, CO_EOVERFLOW, CO_ERANGE);
    finite_or(co_nps_se(&acc, &se), &se, 1, CO_EOVERFLOW, CO_ERANGE);
    /* Squares of 1e300 would overflow, but the sum of squares is kept at the scale of the
     * total weight: accepted, and the figures stay finite (shares 1e150/(1e300 + 2e150)). */
    cr_assert_eq(co_nps_add_weighted(&acc, 5, 1e300), CO_OK, "%s", co_errmsg());
    finite_or(co_nps_score(&acc, &score), &score, 1, CO_EOVERFLOW, CO_ERANGE);
    finite_or(co_nps_se(&acc, &se), &se, 1, CO_EOVERFLOW, CO_ERANGE);
    /* n_eff = (1e300 + 2e150)^2 / (1e600 + 2e300) = 1 + 4e-150: one answer, in effect */
    cr_assert_float_eq(co_nps_effective_n(&acc), 1.0, 1e-15);
    /* A total weight beyond double range is refused, and the counts stay as they were. */
    co_nps before = acc;
    const int two[2] = {5, 9};
    const double huge[2] = {1e308, 1e308};
    cr_assert_eq(co_nps_add_many_weighted(&acc, two, huge, 2), CO_EOVERFLOW);
    cr_assert_eq(co_nps_add_weighted(&acc, 5, 1e308), CO_OK);
    before = acc;
    cr_assert_eq(co_nps_add_weighted(&acc, 5, 1e308), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0);
}

Test(extremes, scale_normalize_rejects_values_beyond_double_range)
{
    const double v[3] = {1e308, -1e308, 0};
    double out[3];
    /* (1e308 - (-1e308)) overflows to inf: the span must not produce NaN. */
    finite_or(co_scale_normalize(v, 3, -1e308, 1e308, out), out, 3, CO_EINVAL, CO_ERANGE);
}

/* ---- purchase models -------------------------------------------------- */

static const co_bgnbd_params bg = {0.243, 4.414, 0.793, 2.426};     /* CDNOW estimates */
static const co_paretonbd_params pn = {0.553, 10.58, 0.606, 11.67}; /* CDNOW estimates */
static const co_gammagamma_params gg = {6.25, 3.74, 15.44};         /* CDNOW estimates */

/* Horizons for the predictions: ordinary, near 0, huge, none. */
static const double horizon[6] = {30, 30, 30, 1e-9, 1e6, 0};

/* P(alive): finite_or(), and a probability on success. */
static void alive_or(int rc, const double *out, size_t n)
{
    finite_or(rc, out, n, CO_EINVAL, CO_ERANGE);
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        cr_assert(out[i] >= 0 && out[i] <= 1, "P(alive) %g at %zu", out[i], i);
}

/* Thousands of orders, T near 0, an all-zero history, very long histories. */
static const double ex_f[6] = {5000, 5000, 0, 0, 20000, 1};
static const double ex_r[6] = {365, 1, 0, 0, 1e5, 1e-9};
static const double ex_T[6] = {365, 365, 1e-9, 1e-300, 1e5, 1e-9};
static const double ex_m[6] = {1e-9, 1e12, 0, 0, 1e9, 1e-12};

Test(extremes, bgnbd_predictions_stay_finite)
{
    double out[6];
    alive_or(co_bgnbd_probability_alive(&bg, ex_f, ex_r, ex_T, 6, out), out, 6);
    /* 20,000 purchases and a horizon of 1e6 included: every value is computed. */
    cr_assert_eq(co_bgnbd_conditional_expected_purchases(&bg, horizon, ex_f, ex_r, ex_T, 6, out),
                 CO_OK, "%s", co_errmsg());
    finite_or(CO_OK, out, 6, CO_OK, CO_OK);
    finite_or(co_bgnbd_expected_purchases(&bg, horizon, 6, out), out, 6, CO_EINVAL, CO_ERANGE);
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    cr_assert_eq(co_bgnbd_clv(&bg, &gg, ex_f, ex_r, ex_T, ex_m, 6, &opt, out), CO_OK, "%s",
                 co_errmsg());
    finite_or(CO_OK, out, 6, CO_OK, CO_OK);
}

Test(extremes, paretonbd_predictions_stay_finite)
{
    double out[6];
    alive_or(co_paretonbd_probability_alive(&pn, ex_f, ex_r, ex_T, 6, out), out, 6);
    finite_or(co_paretonbd_conditional_expected_purchases(&pn, horizon, ex_f, ex_r, ex_T, 6, out),
              out, 6, CO_EINVAL, CO_ERANGE);
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    finite_or(co_paretonbd_clv(&pn, &gg, ex_f, ex_r, ex_T, ex_m, 6, &opt, out), out, 6, CO_EINVAL,
              CO_ERANGE);
}

Test(extremes, gammagamma_expectation_with_tiny_and_huge_money)
{
    double out[6];
    finite_or(co_gammagamma_conditional_expected_value(&gg, ex_f, ex_m, 6, out), out, 6, CO_EINVAL,
              CO_ERANGE);
}

/* Parameters at the edges of what a fit may return. */
Test(extremes, bgnbd_with_extreme_parameters)
{
    const co_bgnbd_params edge[3] = {{1e-6, 1e6, 1e-6, 1e6},
                                     {1e6, 1e-6, 1e6, 1e-6},
                                     {1e6, 1e6, 1e-6, 1e-6}};
    for (size_t k = 0; k < 3; k++) {
        double out[6];
        finite_or(co_bgnbd_probability_alive(&edge[k], ex_f, ex_r, ex_T, 6, out), out, 6, CO_EINVAL,
                  CO_ERANGE);
        double ll = NAN;
        finite_or(co_bgnbd_log_likelihood(&edge[k], ex_f, ex_r, ex_T, NULL, 6, &ll), &ll, 1,
                  CO_EINVAL, CO_ERANGE);
    }
}

/* Nobody bought twice: the dropout process is not identified. */
Test(extremes, fits_on_all_zero_frequency_fail_clearly)
{
    double f[50] = {0}, r[50] = {0}, T[50], m[50] = {0};
    for (size_t i = 0; i < 50; i++)
        T[i] = 10.0 + (double)i;
    co_bgnbd_params b;
    co_paretonbd_params p;
    co_gammagamma_params g;
    int rc = co_bgnbd_fit(f, r, T, NULL, 50, NULL, &b, NULL);
    finite_or(rc, &b.r, 4, CO_EINVAL, CO_ENOCONV);
    rc = co_paretonbd_fit(f, r, T, NULL, 50, NULL, &p, NULL);
    finite_or(rc, &p.r, 4, CO_EINVAL, CO_ENOCONV);
    cr_assert_eq(co_gammagamma_fit(f, m, NULL, 50, NULL, &g, NULL), CO_EINVAL);
}

/* A few customers with thousands of orders among ordinary ones. */
Test(extremes, fits_with_thousands_of_orders_and_tiny_T)
{
    double f[60], r[60], T[60], m[60];
    for (size_t i = 0; i < 60; i++) {
        T[i] = 52;
        f[i] = (double)(i % 4);
        r[i] = f[i] > 0 ? 10.0 + (double)(i % 40) : 0;
        m[i] = f[i] > 0 ? 1e-6 * (double)(1 + i % 7) : 0;
    }
    f[0] = 5000, r[0] = 52;
    f[1] = 3000, r[1] = 51.5;
    T[2] = 1e-9, f[2] = 0, r[2] = 0;
    m[0] = 1e11, m[1] = 3e10;
    co_bgnbd_params b = {NAN, NAN, NAN, NAN};
    co_paretonbd_params p = {NAN, NAN, NAN, NAN};
    co_gammagamma_params g = {NAN, NAN, NAN};
    finite_or(co_bgnbd_fit(f, r, T, NULL, 60, NULL, &b, NULL), &b.r, 4, CO_EINVAL, CO_ENOCONV);
    finite_or(co_paretonbd_fit(f, r, T, NULL, 60, NULL, &p, NULL), &p.r, 4, CO_EINVAL, CO_ENOCONV);
    finite_or(co_gammagamma_fit(f, m, NULL, 60, NULL, &g, NULL), &g.p, 3, CO_EINVAL, CO_ENOCONV);
}

/* ---- churn models ----------------------------------------------------- */

/* A cohort of a billion customers: the survivor counts of the published
 * sBG example (1000, 869, 743, 653, 593, 551, 517, 491) scaled by 1e6. */
Test(extremes, sbg_on_a_billion_customers)
{
    const double s[8] = {1e9, 869e6, 743e6, 653e6, 593e6, 551e6, 517e6, 491e6};
    const size_t len = 8;
    co_sbg m;
    int rc = co_sbg_fit(s, &len, 1, NULL, &m);
    finite_or(rc, &m.alpha, 3, CO_ENOCONV, CO_ENOCONV);
    double t[3] = {1, 1e6, 1e300}, out[3];
    if (rc == CO_OK) {
        finite_or(co_sbg_survival(&m, t, 3, out), out, 3, CO_EINVAL, CO_ERANGE);
        finite_or(co_sbg_retention(&m, t, 3, out), out, 3, CO_EINVAL, CO_ERANGE);
    }
}

Test(extremes, kaplan_meier_on_extreme_durations)
{
    const double d[5] = {0, 1e-300, 1e300, DBL_MAX, 1};
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(d, NULL, 5, NULL, &km), CO_OK, "%s", co_errmsg());
    for (size_t i = 0; i < co_km_count(km); i++) {
        co_km_point pt;
        cr_assert_eq(co_km_get_point(km, i, &pt), CO_OK);
        cr_assert(isfinite(pt.survival) && isfinite(pt.std_err) && isfinite(pt.lower) &&
                  isfinite(pt.upper));
    }
    double median = NAN;
    finite_or(co_km_median(km, &median), &median, 1, CO_ENOTFOUND, CO_ERANGE);
    co_km_free(km);
}

/* ---- store ------------------------------------------------------------ */

/* Two orders near DBL_MAX: their sum overflows; the summary must not report
 * an infinite spend as success. */
Test(extremes, store_summary_of_huge_amounts)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_customer_input c = {.size = sizeof c, .id = "big", .signup = 19000};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK);
    int rc1 = co_store_add_order(s, "o1", "big", 19001, 1e308);
    int rc2 = co_store_add_order(s, "o2", "big", 19002, 1e308);
    cr_assert(rc1 == CO_OK || rc1 == CO_ERANGE);
    cr_assert(rc2 == CO_OK || rc2 == CO_ERANGE);
    co_summary *sum = NULL;
    int rc = co_store_summary(s, 19100, CO_UNIT_DAYS, &sum);
    if (rc == CO_OK) {
        for (size_t i = 0; i < sum->n; i++)
            cr_assert(isfinite(sum->total_spend[i]) && isfinite(sum->monetary_value[i]),
                      "spend %g, monetary %g on success", sum->total_spend[i],
                      sum->monetary_value[i]);
        co_summary_free(sum);
    } else {
        cr_assert_eq(rc, CO_EOVERFLOW, "%d: %s", rc, co_errmsg());
        cr_assert_str_eq(co_errmsg(), "total spend of customer 'big' overflows a double");
        cr_assert_null(sum);
    }
    co_store_free(s);
}
