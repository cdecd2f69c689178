/* lib/models/sbg: shifted-beta-geometric fit, projections and DERL.
 * Reference numbers come from tests/reference/sbg_reference.py (an
 * independent scipy implementation; its output is sbg_reference.out) and
 * from Fader & Hardie (2007), "How to project customer retention". */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"
#include "numeric_internal.h"
#include "sbg_internal.h"

/* Survivors per 1000 over years 0-7 (Fader & Hardie 2007, Table 1). */
static const double high_end[8] = {1000, 869, 743, 653, 593, 551, 517, 491};
static const double regular[8] = {1000, 631, 468, 382, 326, 289, 262, 241};

static void assert_rel(double got, double want, double rel, const char *what)
{
    cr_assert(fabs(got - want) <= rel * fabs(want), "%s: got %.15g, want %.15g", what, got, want);
}

static co_sbg fit_one(const double *s, size_t len)
{
    co_sbg m;
    cr_assert_eq(co_sbg_fit(s, &len, 1, NULL, &m), CO_OK, "%s", co_errmsg());
    return m;
}

Test(sbg, reproduces_fader_hardie_2007)
{
    /* Paper: high end alpha 0.668, beta 3.806; regular alpha 0.704, beta 1.182.
     * scipy (sbg_reference.out, score equations solved with digamma): 0.668088351106
     * / 3.806094964058, LL -1611.1581473912; 0.704077298474 / 1.182043026209, LL -1680.2651884633.
     */
    co_sbg h = fit_one(high_end, 8), r = fit_one(regular, 8);
    cr_assert_float_eq(round(h.alpha * 1000) / 1000, 0.668, 1e-12);
    cr_assert_float_eq(round(h.beta * 1000) / 1000, 3.806, 1e-12);
    cr_assert_float_eq(round(r.alpha * 1000) / 1000, 0.704, 1e-12);
    cr_assert_float_eq(round(r.beta * 1000) / 1000, 1.182, 1e-12);
    assert_rel(h.alpha, 0.668088351106, 1e-7, "high end alpha");
    assert_rel(h.beta, 3.806094964058, 1e-7, "high end beta");
    assert_rel(r.alpha, 0.704077298474, 1e-7, "regular alpha");
    assert_rel(r.beta, 1.182043026209, 1e-7, "regular beta");
    assert_rel(h.log_likelihood, -1611.1581473912, 1e-11, "high end LL");
    assert_rel(r.log_likelihood, -1680.2651884633, 1e-11, "regular LL");
    cr_assert_gt(h.iterations, 0);
}

Test(sbg, projected_survival_and_retention_match_scipy)
{
    /* Regular cohort, years 0..12 and retention years 1..12 (sbg_reference.out). */
    static const double surv[13] = {1.0,
                                    0.626706054084,
                                    0.473819321773,
                                    0.387973954114,
                                    0.332067911009,
                                    0.292347099201,
                                    0.262455818463,
                                    0.239023614030,
                                    0.220084966534,
                                    0.204410786615,
                                    0.191190191019,
                                    0.179864992425,
                                    0.170037452812};
    static const double ret[12] = {0.626706054084, 0.756047143131, 0.818822568616, 0.855902586984,
                                   0.880383468289, 0.897754139446, 0.910719432435, 0.920766625620,
                                   0.928781233148, 0.935323395528, 0.940764750882, 0.945361576585};
    co_sbg scipy_fit = {0.704077298474, 1.182043026209, 0, 0};
    co_sbg ours = fit_one(regular, 8);
    double t[13], s[13], r[12];
    for (int i = 0; i < 13; i++)
        t[i] = i;
    cr_assert_eq(co_sbg_survival(&scipy_fit, t, 13, s), CO_OK);
    for (int i = 0; i < 13; i++)
        cr_assert_float_eq(s[i], surv[i], 2e-12, "S(%d)", i);
    cr_assert_eq(co_sbg_retention(&scipy_fit, t + 1, 12, r), CO_OK);
    for (int i = 0; i < 12; i++)
        cr_assert_float_eq(r[i], ret[i], 2e-12, "r(%d)", i + 1);
    /* Our own fit projects the same to the precision of the fitted parameters. */
    cr_assert_eq(co_sbg_survival(&ours, t, 13, s), CO_OK);
    for (int i = 0; i < 13; i++)
        cr_assert_float_eq(s[i], surv[i], 1e-8, "fitted S(%d)", i);
    /* Retention is S(t) / S(t - 1). */
    for (int i = 1; i < 13; i++)
        cr_assert_float_eq(surv[i] / surv[i - 1], ret[i - 1], 1e-11);
}

Test(sbg, survival_is_monotone_to_the_end_of_the_double_range)
{
    /* tests/reference/sbg_long_horizon_reference.py (.out): B(alpha, beta + t) / B(alpha, beta)
     * with mpmath at 400 digits. As a difference of log-gammas of beta + t (3.4e17 at
     * t = 1e16) the curve was rounding noise there and jumped back to about 1. */
    const co_sbg m = {0.704077298474, 1.182043026209, 0, 0};
    const double t[] = {1e15, 1e16, 1e17, 1e20, 1e100, 1e300, DBL_MAX};
    const double want[] = {2.8479064776149403e-11, 5.62922263036658e-12,   1.1126821639441388e-12,
                           8.5928895792054362e-15, 4.0546684999492602e-71, 6.2014844393715189e-212,
                           9.5617597469028758e-218};
    double out[7];
    cr_assert_eq(co_sbg_survival(&m, t, 7, out), CO_OK);
    for (int i = 0; i < 7; i++)
        assert_rel(out[i], want[i], 1e-12, "S(t) far out");
    /* t = 2^k, k = 0..1023, and DBL_MAX: positive and never rising */
    double grid[1025], s[1025];
    for (int k = 0; k < 1024; k++)
        grid[k] = ldexp(1.0, k);
    grid[1024] = DBL_MAX;
    cr_assert_eq(co_sbg_survival(&m, grid, 1025, s), CO_OK);
    for (int k = 1; k < 1025; k++)
        cr_assert(s[k] > 0.0 && s[k] <= s[k - 1], "S(2^%d) = %g after %g", k, s[k], s[k - 1]);
    /* and between neighbouring doubles where the old curve broke */
    double fine[200], sf[200];
    fine[0] = 9e15;
    for (int k = 1; k < 200; k++)
        fine[k] = nextafter(fine[k - 1], INFINITY) * (1.0 + 1e-3);
    cr_assert_eq(co_sbg_survival(&m, fine, 200, sf), CO_OK);
    for (int k = 1; k < 200; k++)
        cr_assert(sf[k] <= sf[k - 1], "S(%.17g) = %.17g > %.17g", fine[k], sf[k], sf[k - 1]);
}

Test(sbg, derl_at_tiny_discount_rates)
{
    /* tests/reference/long_horizon_reference.py (.out): the 2F1 at 1/(1 + d) by mpmath at
     * 400 digits. Below d ~ 1e-16, 1/(1 + d) rounds to 1, which failed as "2F1: z = 1
     * outside z < 1". With alpha > 1 the values approach (beta + k)/(alpha - 1) = 6, 16. */
    const co_sbg m[2] = {{1.5, 3.0, 0, 0}, {0.704077298474, 1.182043026209, 0, 0}};
    const double d[3] = {1e-10, 1e-17, 1e-30}, k[2] = {0, 5};
    const double want[2][3][2] = {{{5.9997938377820257, 15.999160979657791},
                                   {5.999999934804265, 15.999999734669367},
                                   {5.9999999999999794, 15.999999999999916}},
                                  {{2860.5654471688116, 9777.5984166434122},
                                   {337684.92895661841, 1155074.9672740337},
                                   {2374170664.9848554, 8121067968.0438158}}};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            double out[2];
            cr_assert_eq(co_sbg_derl(&m[i], d[j], k, 2, out), CO_OK, "%s", co_errmsg());
            assert_rel(out[0], want[i][j][0], 1e-12, "DERL k = 0");
            assert_rel(out[1], want[i][j][1], 1e-12, "DERL k = 5");
        }
}

Test(sbg, several_cohorts_fit_jointly)
{
    /* scipy: joint 0.580739773325 / 1.678554136460, LL -3393.4017248188;
     * ragged (regular, regular[:5], high_end[:3]): 0.827402297238 / 2.024631915236,
     * LL -3951.1045298829. */
    double both[16];
    memcpy(both, high_end, sizeof high_end);
    memcpy(both + 8, regular, sizeof regular);
    size_t len2[2] = {8, 8};
    co_sbg m;
    cr_assert_eq(co_sbg_fit(both, len2, 2, NULL, &m), CO_OK, "%s", co_errmsg());
    assert_rel(m.alpha, 0.580739773325, 1e-7, "joint alpha");
    assert_rel(m.beta, 1.678554136460, 1e-7, "joint beta");
    assert_rel(m.log_likelihood, -3393.4017248188, 1e-11, "joint LL");

    double ragged[16];
    memcpy(ragged, regular, sizeof regular);
    memcpy(ragged + 8, regular, 5 * sizeof(double));
    memcpy(ragged + 13, high_end, 3 * sizeof(double));
    size_t len3[3] = {8, 5, 3};
    cr_assert_eq(co_sbg_fit(ragged, len3, 3, NULL, &m), CO_OK, "%s", co_errmsg());
    assert_rel(m.alpha, 0.827402297238, 1e-7, "ragged alpha");
    assert_rel(m.beta, 2.024631915236, 1e-7, "ragged beta");
    assert_rel(m.log_likelihood, -3951.1045298829, 1e-11, "ragged LL");

    /* Log-likelihood at fixed parameters: scipy -4322.4920091892 and, for the
     * regular cohort at alpha 1, beta 2, -1687.4712595631. */
    co_sbg fixed = {0.5, 3.0, 0, 0};
    double ll;
    cr_assert_eq(co_sbg_log_likelihood(&fixed, ragged, len3, 3, &ll), CO_OK);
    assert_rel(ll, -4322.4920091892, 1e-12, "ragged LL at (0.5, 3)");
    co_sbg one_two = {1.0, 2.0, 0, 0};
    size_t len1 = 8;
    cr_assert_eq(co_sbg_log_likelihood(&one_two, regular, &len1, 1, &ll), CO_OK);
    assert_rel(ll, -1687.4712595631, 1e-12, "regular LL at (1, 2)");
}

Test(sbg, analytic_gradient_matches_numeric)
{
    double ragged[13];
    memcpy(ragged, regular, sizeof regular);
    memcpy(ragged + 8, high_end, 5 * sizeof(double));
    size_t len[2] = {8, 5};
    co_sbg_counts counts;
    cr_assert_eq(co__sbg_counts_pool(ragged, len, 2, &counts), CO_OK);
    const double points[4][2] = {{0.0, 0.0}, {-1.2, 1.5}, {2.0, -0.5}, {-3.0, 3.0}};
    for (int p = 0; p < 4; p++) {
        double f, g[2], num[2];
        cr_assert_eq(co__sbg_objective(&counts, points[p], &f, g), CO_OK);
        cr_assert_eq(co__numeric_gradient(co__sbg_objective, &counts, 2, points[p], 1e-6, num),
                     CO_OK);
        for (int i = 0; i < 2; i++)
            cr_assert(fabs(g[i] - num[i]) <= 1e-7 * fmax(1.0, fabs(num[i])),
                      "point %d, component %d: analytic %.12g numeric %.12g", p, i, g[i], num[i]);
    }
    co__sbg_counts_free(&counts);
}

Test(sbg, derl_matches_scipy_and_a_brute_force_sum)
{
    /* sbg_reference.out: hyp2f1 and a 2e6-term sum agree to 12 digits. */
    co_sbg m = {0.704, 1.182, 0, 0};
    const double k[2] = {0, 4};
    double out[2];
    cr_assert_eq(co_sbg_derl(&m, 0.10, k, 2, out), CO_OK, "%s", co_errmsg());
    assert_rel(out[0], 2.964662146132, 1e-11, "d 0.10 k 0");
    assert_rel(out[1], 5.894422859844, 1e-11, "d 0.10 k 4");
    cr_assert_eq(co_sbg_derl(&m, 0.01, k, 1, out), CO_OK, "%s", co_errmsg());
    assert_rel(out[0], 8.502947172011, 1e-10, "d 0.01 k 0");
    const double ten = 10;
    cr_assert_eq(co_sbg_derl(&m, 0.25, &ten, 1, out), CO_OK, "%s", co_errmsg());
    assert_rel(out[0], 3.982214064199, 1e-11, "d 0.25 k 10");
    /* alpha > 1: finite undiscounted lifetime, (beta + k) / (alpha - 1) = 5.5 / 0.7. */
    co_sbg m2 = {1.7, 2.5, 0, 0};
    const double three = 3;
    cr_assert_eq(co_sbg_derl(&m2, 0.0, &three, 1, out), CO_OK);
    assert_rel(out[0], 7.857142857143, 1e-12, "d 0 k 3");
    cr_assert_eq(co_sbg_derl(&m2, 0.05, &three, 1, out), CO_OK);
    assert_rel(out[0], 4.179883859497, 1e-11, "d 0.05 k 3");
    /* alpha <= 1 without discounting: the expected lifetime is infinite. */
    cr_assert_eq(co_sbg_derl(&m, 0.0, k, 1, out), CO_OK);
    cr_assert(isinf(out[0]));
}

Test(sbg, recovers_parameters_from_simulated_cohorts)
{
    /* Three cohorts of 20000, 15000 and 10000 customers observed for 10, 7 and
     * 4 periods; theta ~ Beta(0.9, 2.4), lifetime ~ Geometric(theta). */
    const double alpha = 0.9, beta = 2.4;
    const size_t sizes[3] = {20000, 15000, 10000}, len[3] = {11, 8, 5};
    double survivors[24] = {0};
    co_rng rng;
    co__rng_seed(&rng, 20070101);
    for (size_t c = 0, at = 0; c < 3; at += len[c], c++) {
        for (size_t i = 0; i < sizes[c]; i++) {
            uint64_t life = co__rng_geometric(&rng, co__rng_beta(&rng, alpha, beta));
            for (size_t t = 0; t < len[c] && t < life; t++)
                survivors[at + t] += 1.0;
        }
    }
    co_sbg m;
    cr_assert_eq(co_sbg_fit(survivors, len, 3, NULL, &m), CO_OK, "%s", co_errmsg());
    /* With 45000 customers the standard errors are a few percent at most. */
    assert_rel(m.alpha, alpha, 0.06, "alpha");
    assert_rel(m.beta, beta, 0.10, "beta");
}

Test(sbg, bad_input_is_rejected_and_out_untouched)
{
    co_sbg m = {-1, -1, -1, 7};
    size_t len = 8, short_len = 1, two[2] = {8, 3};
    double bad[8];
    memcpy(bad, regular, sizeof bad);
    bad[3] = NAN;
    cr_assert_eq(co_sbg_fit(bad, &len, 1, NULL, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "survivor count nan at index 3 is not finite and >= 0");
    bad[3] = 500; /* more than the 468 before it */
    cr_assert_eq(co_sbg_fit(bad, &len, 1, NULL, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "survivor count at index 3 exceeds the one before it");
    double ragged[11];
    memcpy(ragged, regular, sizeof regular);
    ragged[8] = 0, ragged[9] = 0, ragged[10] = 0;
    cr_assert_eq(co_sbg_fit(ragged, two, 2, NULL, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "cohort 1 starts with no customers (index 8)");
    cr_assert_eq(co_sbg_fit(regular, &short_len, 1, NULL, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "cohort 0 has 1 counts; it needs at least 2");
    cr_assert_eq(co_sbg_fit(regular, &len, 0, NULL, &m), CO_EINVAL);
    cr_assert_eq(co_sbg_fit(NULL, &len, 1, NULL, &m), CO_EINVAL);
    co_sbg_options opts;
    co_sbg_options_init(&opts, sizeof opts);
    opts.tolerance = 0;
    cr_assert_eq(co_sbg_fit(regular, &len, 1, &opts, &m), CO_EINVAL);
    opts.size = 1;
    cr_assert_eq(co_sbg_fit(regular, &len, 1, &opts, &m), CO_EINVAL);
    cr_assert(m.alpha == -1 && m.beta == -1 && m.log_likelihood == -1 && m.iterations == 7);
}

Test(sbg, unidentified_data_is_a_convergence_error)
{
    co_sbg m = {-1, -1, -1, 7};
    size_t len = 5;
    const double nobody_leaves[5] = {100, 100, 100, 100, 100};
    cr_assert_eq(co_sbg_fit(nobody_leaves, &len, 1, NULL, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "no customer churned: the sBG model cannot be fitted");
    const double all_leave[5] = {100, 0, 0, 0, 0};
    cr_assert_eq(co_sbg_fit(all_leave, &len, 1, NULL, &m), CO_EINVAL);
    /* Exactly geometric decay (half leave every period) has no heterogeneity:
     * the likelihood keeps rising as alpha and beta grow together. */
    const double halving[5] = {1600, 800, 400, 200, 100};
    cr_assert_eq(co_sbg_fit(halving, &len, 1, NULL, &m), CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "sBG fit"), "%s", co_errmsg());
    cr_assert_eq(m.iterations, 7);
}

Test(sbg, counts_near_double_max_overflow_the_log_likelihood)
{
    /* Found by the churn_fit fuzzer: two cohorts starting at 1.7e308 and 3.0e307
     * customers fitted "successfully" with a log-likelihood of -inf. */
    const double survivors[5] = {1.7415151172404672e+308, 1.4886040476195937e+308,
                                 3.0192873055500046e+307, 1.3824172084878715e+306,
                                 0.0038301935382917813};
    const size_t lengths[2] = {2, 3};
    co_sbg m = {-1, -1, -1, 7};
    cr_assert_eq(co_sbg_fit(survivors, lengths, 2, NULL, &m), CO_EOVERFLOW);
    cr_assert(strstr(co_errmsg(), "overflows"), "%s", co_errmsg());
    cr_assert_eq(m.iterations, 7);
    const co_sbg few_stay = {1.0, 0.001, 0.0, 0}; /* S(1) = 1/1001: 1.5e308 log S overflows */
    double ll = 5.0;
    cr_assert_eq(co_sbg_log_likelihood(&few_stay, survivors, lengths, 2, &ll), CO_EOVERFLOW);
    cr_assert_eq(ll, 5.0);
}

Test(sbg, prediction_errors)
{
    co_sbg m = {0.7, 1.2, 0, 0}, bad = {0, 1, 0, 0};
    double t = -1, out = 5;
    cr_assert_eq(co_sbg_survival(&m, &t, 1, &out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "period -1 at index 0 is not finite and >= 0");
    t = 0.5;
    cr_assert_eq(co_sbg_retention(&m, &t, 1, &out), CO_EINVAL);
    t = 1;
    cr_assert_eq(co_sbg_survival(&bad, &t, 1, &out), CO_EINVAL);
    cr_assert_eq(co_sbg_derl(&m, -0.1, &t, 1, &out), CO_EINVAL);
    cr_assert_eq(co_sbg_derl(&m, NAN, &t, 1, &out), CO_EINVAL);
    cr_assert_eq(co_sbg_derl(NULL, 0.1, &t, 1, &out), CO_EINVAL);
    cr_assert_eq(out, 5);
    size_t len = 8;
    cr_assert_eq(co_sbg_log_likelihood(&bad, regular, &len, 1, &out), CO_EINVAL);
    cr_assert_eq(out, 5);
}

typedef struct fit_ctx {
    co_sbg model;
} fit_ctx;

static int fit_op(void *ctx)
{
    size_t len[2] = {8, 8};
    double both[16];
    memcpy(both, high_end, sizeof high_end);
    memcpy(both + 8, regular, sizeof regular);
    return co_sbg_fit(both, len, 2, NULL, &((fit_ctx *)ctx)->model);
}

static void fit_unchanged(void *ctx) { cr_assert_eq(((fit_ctx *)ctx)->model.alpha, -1.0); }

Test(sbg, allocation_failures)
{
    fit_ctx c = {{-1, -1, 0, 0}};
    cr_assert_geq(co_test_alloc_sweep(fit_op, fit_unchanged, &c), 1);
    assert_rel(c.model.alpha, 0.580739773325, 1e-7, "alpha after sweep");
}

static int loglik_op(void *ctx)
{
    size_t len = 8;
    co_sbg m = {1.0, 2.0, 0, 0};
    return co_sbg_log_likelihood(&m, regular, &len, 1, ctx);
}

static void loglik_unchanged(void *ctx) { cr_assert_eq(*(double *)ctx, 1.0); }

Test(sbg, log_likelihood_allocation_failures)
{
    double ll = 1.0;
    cr_assert_geq(co_test_alloc_sweep(loglik_op, loglik_unchanged, &ll), 1);
    assert_rel(ll, -1687.4712595631, 1e-12, "LL after sweep");
}
