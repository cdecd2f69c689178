/* BG/BB. Expected values: Fader, Hardie & Shang (2010) on the donations data (and
 * the totals of Hardie's BG/BB spreadsheet that lifetimes' tests quote), and
 * tests/reference/bgbb_reference.py (scipy and mpmath from the paper's equations,
 * run offline; output quoted in each test, bgbb_reference.out). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgbb_internal.h"
#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

/* The donations: 11,104 donors, 6 opportunities, as counts of identical histories
 * (bindings/python/custorient/data/donations.csv). */
enum { ND = 22 };
static const double dx[ND] = {0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6};
static const double dtx[ND] = {0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6};
static const double dn[ND] = {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
static const double dw[ND] = {3464, 1091, 277, 129, 78,  119, 129, 613, 255, 155, 173,
                              234,  322,  181, 225, 357, 240, 284, 512, 335, 728, 1203};

/* The scipy estimate (bgbb_reference.out, "bgbb donations fit"). */
static const co_bgbb_params E = {1.20352226707, 0.749716321371, 0.656718220966, 2.78344232331};

TestSuite(bgbb);

static double fill(double v, double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] = v;
    return v;
}

Test(bgbb, fits_the_donations_like_the_paper_and_scipy)
{
    co_bgbb_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_bgbb_fit(dx, dtx, dn, dw, ND, NULL, &p, &info), CO_OK, "%s", co_errmsg());
    /* Paper: alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33225.6 */
    cr_assert(fabs(p.alpha - 1.204) < 5e-4 && fabs(p.beta - 0.750) < 5e-4);
    cr_assert(fabs(p.gamma - 0.657) < 5e-4 && fabs(p.delta - 2.783) < 5e-4);
    cr_assert(fabs(info.log_likelihood - -33225.6) < 0.05);
    /* scipy: 1.20352226707, 0.749716321371, 0.656718220966, 2.78344232331; ll -33225.5812743470 */
    assert_rel(p.alpha, E.alpha, 1e-5, "alpha");
    assert_rel(p.beta, E.beta, 1e-5, "beta");
    assert_rel(p.gamma, E.gamma, 1e-5, "gamma");
    assert_rel(p.delta, E.delta, 1e-5, "delta");
    assert_rel(info.log_likelihood, -33225.5812743470, 1e-11, "ll");
    cr_assert_eq(info.distinct_rows, ND);
    double ll;
    cr_assert_eq(co_bgbb_log_likelihood(&E, dx, dtx, dn, dw, ND, &ll), CO_OK);
    assert_rel(ll, -33225.5812743470, 1e-11, "ll at the scipy estimate");
}

Test(bgbb, predictions_match_the_paper_and_mpmath)
{
    /* P(alive in 2002), paper's Table 6: 0.11, 0.59, 0.93 for (x, t_x) = (0, 0), (2, 4),
     * (6, 6); mpmath: 0.108133290313, 0.589657185754, 0.93043357495 */
    const double x[] = {0, 2, 6}, tx[] = {0, 4, 6}, n6[] = {6, 6, 6}, one[] = {1, 1, 1};
    const double aw[] = {0.108133290313, 0.589657185754, 0.93043357495};
    double out[7];
    cr_assert_eq(co_bgbb_probability_alive(&E, one, x, tx, n6, 3, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 3; i++) {
        assert_rel(out[i], aw[i], 1e-9, "alive");
        cr_assert(fabs(out[i] - (double[]){0.11, 0.59, 0.93}[i]) < 0.005);
    }
    /* m = 0 and 3 at (1, 2, 6): 0.27375402374, 0.22498610519 */
    const double x1 = 1, tx1 = 2, n1 = 6, m0 = 0, m3 = 3;
    cr_assert_eq(co_bgbb_probability_alive(&E, &m0, &x1, &tx1, &n1, 1, out), CO_OK);
    assert_rel(out[0], 0.27375402374, 1e-9, "alive m = 0");
    cr_assert_eq(co_bgbb_probability_alive(&E, &m3, &x1, &tx1, &n1, 1, out), CO_OK);
    assert_rel(out[0], 0.22498610519, 1e-9, "alive m = 3");
    /* Conditional, next 5: 0.0728633426533, 1.05760351476, 3.75254422851 (eq. 13) */
    const double five[] = {5, 5, 5}, cw[] = {0.0728633426533, 1.05760351476, 3.75254422851};
    cr_assert_eq(co_bgbb_conditional_expected_purchases(&E, five, x, tx, n6, 3, out), CO_OK);
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], cw[i], 1e-9, "conditional");
    /* E[X(n)], n = 1, 6, 11 (eq. 9): 0.498542687088, 2.22016933238, 3.38865421091 */
    const double ns[] = {1, 6, 11}, ew[] = {0.498542687088, 2.22016933238, 3.38865421091};
    cr_assert_eq(co_bgbb_expected_purchases(&E, ns, 3, out), CO_OK);
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], ew[i], 1e-11, "expected");
    /* P(X(11) = x), x = 0, 3, 11 (eq. 7): 0.296263847061, 0.0733991899628, 0.0559864974119;
     * 0 for x > n */
    const double n11[] = {11, 11, 11, 11}, xs[] = {0, 3, 11, 12},
                 pw[] = {0.296263847061, 0.0733991899628, 0.0559864974119};
    cr_assert_eq(co_bgbb_probability_of_purchases(&E, n11, xs, 4, out), CO_OK);
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], pw[i], 1e-10, "pmf");
    cr_assert_eq(out[3], 0.0);
}

Test(bgbb, totals_match_hardies_spreadsheet)
{
    /* Sum over donors of the expected donations in the next 5 years: 12884.2 in Hardie's
     * sheet (mpmath 12884.1568085); expected donors by repeat donations in the 6 years,
     * 11104 P(X(6) = x): 3454.9 and 1253.1 for x = 0 and 6 in the sheet (mpmath
     * 3454.88203282, 1888.65436781, 1348.88233577, 1113.37852144, 1017.92238707,
     * 1027.1660158, 1253.1143393). */
    double five[ND], c[ND], total = 0.0;
    fill(5, five, ND);
    cr_assert_eq(co_bgbb_conditional_expected_purchases(&E, five, dx, dtx, dn, ND, c), CO_OK);
    for (int i = 0; i < ND; i++)
        total += dw[i] * c[i];
    assert_rel(total, 12884.1568085, 1e-10, "total");
    cr_assert(fabs(total - 12884.2) < 0.05);
    const double xs[] = {0, 1, 2, 3, 4, 5, 6},
                 want[] = {3454.88203282, 1888.65436781, 1348.88233577, 1113.37852144,
                           1017.92238707, 1027.1660158,  1253.1143393};
    double n6[7], p[7], sum = 0.0;
    fill(6, n6, 7);
    cr_assert_eq(co_bgbb_probability_of_purchases(&E, n6, xs, 7, p), CO_OK);
    for (int i = 0; i < 7; i++) {
        assert_rel(11104 * p[i], want[i], 1e-10, "customers by x");
        sum += p[i];
    }
    cr_assert(fabs(sum - 1.0) < 1e-14);
}

Test(bgbb, long_horizons_and_gamma_one)
{
    /* mpmath, gamma = 1 (the closed form's limit): E[X(10)] = 2.39561022947,
     * E[X(5000)] = 12.6132041614; gamma = 1.0000001: E[X(5000)] = 12.613199519,
     * E[X(100000)] = 17.7739921187 */
    const co_bgbb_params g1 = {1.2, 0.75, 1.0, 2.8}, g2 = {1.2, 0.75, 1.0000001, 2.8};
    const double n[] = {10, 5000, 100000};
    double out[3];
    cr_assert_eq(co_bgbb_expected_purchases(&g1, n, 2, out), CO_OK);
    assert_rel(out[0], 2.39561022947, 1e-11, "gamma 1, 10");
    assert_rel(out[1], 12.6132041614, 1e-10, "gamma 1, 5000");
    cr_assert_eq(co_bgbb_expected_purchases(&g2, n + 1, 2, out), CO_OK);
    assert_rel(out[0], 12.613199519, 1e-8, "gamma ~1, 5000");
    assert_rel(out[1], 17.7739921187, 1e-8, "gamma ~1, 100000");
}

Test(bgbb, analytic_gradient_and_hessian_match_differences)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, dx, dtx, dn, dw, ND), CO_OK);
    const double p1[] = {1.2, 0.75, 0.66, 2.8}, p2[] = {0.3, 4.0, 2.5, 0.4};
    check_gradient(&d, co__bgbb_loglik, p1, 4);
    check_gradient(&d, co__bgbb_loglik, p2, 4);
    double h[16];
    cr_assert_eq(co__bgbb_hessian(&d, p2, h), CO_OK);
    for (int j = 0; j < 4; j++) {
        double up[4], dn_[4], gu[4], gd[4], ll;
        memcpy(up, p2, sizeof up);
        memcpy(dn_, p2, sizeof dn_);
        const double step = 1e-6 * p2[j];
        up[j] += step;
        dn_[j] -= step;
        co__bgbb_loglik(&d, up, &ll, gu);
        co__bgbb_loglik(&d, dn_, &ll, gd);
        for (int k = 0; k < 4; k++) {
            const double num = (gu[k] - gd[k]) / (2 * step);
            cr_assert(fabs(h[j * 4 + k] - num) <= 1e-5 * (1.0 + fabs(num)), "H[%d][%d] %g vs %g", j,
                      k, h[j * 4 + k], num);
        }
    }
    co__btyd_data_free(&d);
}

Test(bgbb, uncertainty_matches_mpmath)
{
    /* bgbb_reference.out: se 0.0693913483644, 0.0294477119859, 0.0510098568402,
     * 0.320818984321; cov row 0 0.00481515922784, 0.00181389151731, -0.00170003838529,
     * -0.0135200233777; cov[2][3] 0.0157929412611 */
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_bgbb_uncertainty(&E, dx, dtx, dn, dw, ND, NULL, &u), CO_OK, "%s", co_errmsg());
    const double se[] = {0.0693913483644, 0.0294477119859, 0.0510098568402, 0.320818984321};
    for (int i = 0; i < 4; i++)
        assert_rel(u.standard_error[i], se[i], 1e-8, "se");
    assert_rel(u.variance[0][1], 0.00181389151731, 1e-8, "cov alpha beta");
    assert_rel(u.variance[0][3], -0.0135200233777, 1e-8, "cov alpha delta");
    assert_rel(u.variance[2][3], 0.0157929412611, 1e-8, "cov gamma delta");
    assert_rel(u.n_observations, 11104, 1e-15, "n");
    assert_rel(u.bic, 4 * log(11104.0) + 2 * 33225.581274347, 1e-12, "bic");
}

Test(bgbb, bands_bracket_the_estimate_and_follow_the_variance)
{
    /* At the fit's covariance every band holds its point prediction; with the covariance
     * scaled by 1/4 the band is about half as wide (the delta method is linear). */
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_bgbb_uncertainty(&E, dx, dtx, dn, dw, ND, NULL, &u), CO_OK);
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 4000;
    opt.threads = 2;
    double one[ND], lo[ND], hi[ND], lo2[ND], hi2[ND], point[ND];
    fill(1, one, ND);
    cr_assert_eq(co_bgbb_probability_alive(&E, one, dx, dtx, dn, ND, point), CO_OK);
    cr_assert_eq(co_bgbb_probability_alive_band(&u, one, dx, dtx, dn, ND, &opt, lo, hi), CO_OK,
                 "%s", co_errmsg());
    for (int i = 0; i < ND; i++)
        cr_assert(lo[i] < point[i] && point[i] < hi[i] && hi[i] < 1.0, "customer %d", i);
    cr_assert_eq(co_bgbb_conditional_expected_purchases(&E, dn, dx, dtx, dn, ND, point), CO_OK);
    cr_assert_eq(co_bgbb_conditional_expected_purchases_band(&u, dn, dx, dtx, dn, ND, &opt, lo, hi),
                 CO_OK);
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            u.variance[j][k] /= 4;
    cr_assert_eq(co_bgbb_conditional_expected_purchases_band(&u, dn, dx, dtx, dn, ND, &opt, lo2,
                                                             hi2),
                 CO_OK);
    for (int i = 0; i < ND; i++) {
        cr_assert(lo[i] < point[i] && point[i] < hi[i]);
        const double ratio = (hi2[i] - lo2[i]) / (hi[i] - lo[i]);
        cr_assert(ratio > 0.4 && ratio < 0.6, "width ratio %g", ratio);
    }
    /* the BG/BB's own checks come first */
    double bad[ND];
    memcpy(bad, dx, sizeof bad);
    bad[3] = 5;
    cr_assert_eq(co_bgbb_probability_alive_band(&u, one, bad, dtx, dn, ND, &opt, lo, hi),
                 CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "frequency[3] = 5 exceeds recency[3] = 3 (one transaction per "
                                  "opportunity at most)");
}

Test(bgbb, penalizer_matches_scipy)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = 0.1;
    co_bgbb_params p;
    cr_assert_eq(co_bgbb_fit(dx, dtx, dn, dw, ND, &opt, &p, NULL), CO_OK);
    /* scipy: 0.534785572138, 0.391386941495, 0.166680650998, 0.492213100433 */
    assert_rel(p.alpha, 0.534785572138, 1e-4, "alpha");
    assert_rel(p.beta, 0.391386941495, 1e-4, "beta");
    assert_rel(p.gamma, 0.166680650998, 1e-4, "gamma");
    assert_rel(p.delta, 0.492213100433, 1e-4, "delta");
}

Test(bgbb, weights_equal_repeated_rows)
{
    /* The donations spelled out donor by donor: the same fit as the weighted rows. */
    enum { NN = 11104 };
    static double x[NN], tx[NN], n[NN];
    size_t k = 0;
    for (int i = 0; i < ND; i++)
        for (int j = 0; j < (int)dw[i]; j++, k++) {
            x[k] = dx[i];
            tx[k] = dtx[i];
            n[k] = dn[i];
        }
    cr_assert_eq(k, NN);
    co_bgbb_params a, b;
    cr_assert_eq(co_bgbb_fit(dx, dtx, dn, dw, ND, NULL, &a, NULL), CO_OK);
    cr_assert_eq(co_bgbb_fit(x, tx, n, NULL, NN, NULL, &b, NULL), CO_OK);
    assert_rel(a.alpha, b.alpha, 1e-9, "alpha");
    assert_rel(a.delta, b.delta, 1e-9, "delta");
}

Test(bgbb, simulation_agrees_with_the_model)
{
    enum { N = 40000 };
    static double n[N], x[N], tx[N];
    for (int i = 0; i < N; i++)
        n[i] = 4 + i % 9;
    cr_assert_eq(co_bgbb_simulate(&E, n, N, 7, x, tx), CO_OK);
    double sum = 0.0, want = 0.0, zeros = 0.0;
    for (int i = 0; i < N; i++) {
        cr_assert(x[i] <= tx[i] && tx[i] <= n[i] && (x[i] > 0 || tx[i] == 0));
        sum += x[i];
        zeros += x[i] == 0;
    }
    /* Mean count and share of zeros against E[X(n)] and P(X(n) = 0) (both checked against
     * mpmath above), within 4 standard errors (the count's sd is below 4). */
    for (int i = 0; i < 9; i++) {
        double e, p0, zero = 0;
        cr_assert_eq(co_bgbb_expected_purchases(&E, &n[i], 1, &e), CO_OK);
        cr_assert_eq(co_bgbb_probability_of_purchases(&E, &n[i], &zero, 1, &p0), CO_OK);
        want += e / 9;
        zeros -= p0 * N / 9;
    }
    cr_assert(fabs(sum / N - want) < 4 * 4 / sqrt(N), "mean %g vs %g", sum / N, want);
    cr_assert(fabs(zeros / N) < 4 * 0.5 / sqrt(N), "zeros off by %g", zeros / N);
    co_bgbb_params p;
    cr_assert_eq(co_bgbb_fit(x, tx, n, NULL, N, NULL, &p, NULL), CO_OK, "%s", co_errmsg());
    assert_rel(p.alpha, E.alpha, 0.15, "alpha");
    assert_rel(p.beta, E.beta, 0.15, "beta");
    assert_rel(p.gamma, E.gamma, 0.25, "gamma");
    assert_rel(p.delta, E.delta, 0.3, "delta");
    static double x2[N], tx2[N];
    cr_assert_eq(co_bgbb_simulate(&E, n, N, 7, x2, tx2), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
}

Test(bgbb, latent_simulation_is_the_same_stream_and_agrees_with_p_alive)
{
    /* The same customers as co_bgbb_simulate(); the share alive at the last opportunity
     * equals the mean of P(alive at n | history) (future 0) over the simulated histories,
     * and p and theta have the mixing means alpha / (alpha + beta), gamma / (gamma +
     * delta); each within 4 standard errors. */
    enum { N = 40000 };
    static double n[N], x[N], tx[N], x2[N], tx2[N], p[N], theta[N], alive[N], pa[N], zero[N];
    for (int i = 0; i < N; i++) {
        n[i] = 1 + i % 12;
        zero[i] = 0;
    }
    cr_assert_eq(co_bgbb_simulate(&E, n, N, 8, x, tx), CO_OK);
    cr_assert_eq(co_bgbb_simulate_latent(&E, n, N, 8, x2, tx2, p, theta, alive), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
    cr_assert_eq(co_bgbb_probability_alive(&E, zero, x, tx, n, N, pa), CO_OK);
    double share = 0, want = 0, mp = 0, mt = 0;
    for (int i = 0; i < N; i++) {
        share += alive[i] / N;
        want += pa[i] / N;
        mp += p[i] / N;
        mt += theta[i] / N;
    }
    cr_assert(fabs(share - want) < 4 * 0.5 / sqrt(N), "alive %g vs %g", share, want);
    cr_assert(fabs(mp - E.alpha / (E.alpha + E.beta)) < 4 * 0.5 / sqrt(N), "p %g", mp);
    cr_assert(fabs(mt - E.gamma / (E.gamma + E.delta)) < 4 * 0.5 / sqrt(N), "theta %g", mt);
}

Test(bgbb, bad_input_changes_nothing)
{
    double x[] = {1, 2, 0}, tx[] = {1, 3, 0}, n[] = {6, 6, 6}, m[] = {1, 1, 1};
    double out[3] = {7, 7, 7};
    co_bgbb_params p = {9, 9, 9, 9};
    const co_bgbb_params before = p;
    struct {
        double *arr;
        size_t idx;
        double bad;
        const char *msg;
    } cases[] = {
        {tx, 1, 7.0, "recency[1] = 7 exceeds n_periods[1] = 6"},
        {x, 1, 4.0,
         "frequency[1] = 4 exceeds recency[1] = 3 (one transaction per opportunity "
         "at most)"},
        {tx, 2, 2.0, "frequency[2] = 0 but recency[2] = 2 > 0"},
        {tx, 0, 1.5, "recency[0] = 1.5 is not a whole number"},
        {n, 2, 5.5, "n_periods[2] = 5.5 is not a whole number"},
        {x, 0, NAN, "frequency[0] is not finite"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double keep = cases[c].arr[cases[c].idx];
        cases[c].arr[cases[c].idx] = cases[c].bad;
        cr_assert_eq(co_bgbb_fit(x, tx, n, NULL, 3, NULL, &p, NULL), CO_EINVAL);
        cr_assert_str_eq(co_errmsg(), cases[c].msg);
        cr_assert_eq(co_bgbb_probability_alive(&E, m, x, tx, n, 3, out), CO_EINVAL);
        cr_assert_str_eq(co_errmsg(), cases[c].msg);
        cases[c].arr[cases[c].idx] = keep;
    }
    m[1] = 0.5;
    cr_assert_eq(co_bgbb_conditional_expected_purchases(&E, m, x, tx, n, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "future[1] = 0.5 is not a whole number");
    co_bgbb_params bad = E;
    bad.gamma = 0.0;
    cr_assert_eq(co_bgbb_expected_purchases(&bad, n, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "BG/BB: parameter gamma = 0 must be finite and > 0");
    cr_assert_eq(co_bgbb_simulate(&E, n, 3, 1, NULL, out), CO_EINVAL);
    cr_assert_eq(co_bgbb_fit(x, tx, n, NULL, 0, NULL, &p, NULL), CO_EINVAL);
    const double w[] = {1, -1, 1};
    cr_assert_eq(co_bgbb_fit(x, tx, n, w, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "weights[1] = -1 is negative");
    const double z[] = {0, 0};
    cr_assert_eq(co_bgbb_fit(z, z, n, NULL, 2, NULL, &p, NULL), CO_ENOCONV);
    n[2] = 2e7;
    cr_assert_eq(co_bgbb_fit(x, tx, n, NULL, 3, NULL, &p, NULL), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "n_periods[2] = 2e+07 exceeds 1e+07 opportunities");
    cr_assert_eq(co_bgbb_probability_of_purchases(&E, n, x, 3, out), CO_ERANGE);
    cr_assert_eq(co_bgbb_simulate(&E, n, 3, 1, out, out), CO_ERANGE);
    n[2] = 6;
    co_model_uncertainty u = {.size = 3};
    cr_assert_eq(co_bgbb_uncertainty(&E, x, tx, n, NULL, 3, NULL, &u), CO_EINVAL);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 7.0);
    cr_assert_eq(memcmp(&p, &before, sizeof p), 0);
}

Test(bgbb, model_file_round_trip)
{
    /* kind "bgbb" with alpha, beta, gamma, delta, written and read back bit for bit */
    char dir[] = "/tmp/co_bgbb_XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.json", dir);
    const double p[4] = {E.alpha, E.beta, E.gamma, E.delta};
    co_model_file *m = NULL, *back = NULL;
    cr_assert_eq(co_model_file_new(CO_MODEL_BGBB, p, 4, &m), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_save(m, path), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_load(path, &back), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_file_kind(back), CO_MODEL_BGBB);
    cr_assert_str_eq(co_model_kind_name(CO_MODEL_BGBB), "bgbb");
    cr_assert_str_eq(co_model_kind_param_name(CO_MODEL_BGBB, 2), "gamma");
    double q[4];
    cr_assert_eq(co_model_file_get_params(back, q, 4), CO_OK);
    cr_assert_eq(memcmp(p, q, sizeof p), 0);
    co_model_file_free(m);
    co_model_file_free(back);
    unlink(path);
    rmdir(dir);
}

typedef struct fit_case {
    co_bgbb_params out;
    double pred[ND];
} fit_case;

static int fit_op(void *vctx)
{
    fit_case *c = vctx;
    return co_bgbb_fit(dx, dtx, dn, dw, ND, NULL, &c->out, NULL);
}

static int conditional_op(void *vctx)
{
    fit_case *c = vctx;
    return co_bgbb_conditional_expected_purchases(&E, dn, dx, dtx, dn, ND, c->pred);
}

static void unchanged(void *vctx)
{
    fit_case *c = vctx;
    cr_assert_eq(c->out.alpha, -1.0);
    cr_assert_eq(c->pred[0], -1.0);
}

static int uncertainty_op(void *vctx)
{
    fit_case *c = vctx;
    co_model_uncertainty u = {.size = sizeof u};
    int rc = co_bgbb_uncertainty(&E, dx, dtx, dn, dw, ND, NULL, &u);
    if (rc == CO_OK)
        c->pred[0] = u.standard_error[0];
    return rc;
}

static int alive_op(void *vctx)
{
    fit_case *c = vctx;
    return co_bgbb_probability_alive(&E, dn, dx, dtx, dn, ND, c->pred);
}

static int pmf_op(void *vctx)
{
    fit_case *c = vctx;
    return co_bgbb_probability_of_purchases(&E, dn, dx, ND, c->pred);
}

Test(bgbb, allocation_failures_change_nothing)
{
    fit_case c = {{-1, -1, -1, -1}, {-1}};
    cr_assert(co_test_alloc_sweep(fit_op, unchanged, &c) > 0);
    int (*const ops[])(void *) = {conditional_op, uncertainty_op, alive_op, pmf_op};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        c.out.alpha = -1.0;
        c.pred[0] = -1.0;
        cr_assert(co_test_alloc_sweep(ops[i], unchanged, &c) > 0, "operation %zu", i);
    }
}
