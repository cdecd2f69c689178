/* MBG/NBD. Expected values: tests/reference/mbgnbd_reference.py (scipy and mpmath,
 * run offline; output quoted in each test, mbgnbd_reference.out), the BTYDplus
 * estimate on CDNOW and the expectations lifetimes' test suite publishes. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"
#include "mbgnbd_internal.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

/* The BTYDplus estimate rounded, the point of the prediction checks. */
static const co_mbgnbd_params P = {0.525, 6.183, 0.891, 1.614};

TestSuite(mbgnbd, .init = setup);

Test(mbgnbd, fits_cdnow_like_btydplus_and_scipy)
{
    co_mbgnbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_mbgnbd_fit(data.x, data.tx, data.T, NULL, data.n, NULL, &p, &info), CO_OK, "%s",
                 co_errmsg());
    /* scipy: 0.524837979046, 6.1829919584, 0.891355870806, 1.61399880168; ll -9582.132684899905 */
    assert_rel(p.r, 0.524837979046, 1e-5, "r");
    assert_rel(p.alpha, 6.1829919584, 1e-5, "alpha");
    assert_rel(p.a, 0.891355870806, 1e-5, "a");
    assert_rel(p.b, 1.61399880168, 1e-5, "b");
    assert_rel(info.log_likelihood, -9582.132684899905, 1e-10, "ll");
    /* BTYDplus (as lifetimes' tests quote it): 0.525, 6.183, 0.891, 1.614 to 3 decimals. */
    cr_assert(fabs(p.r - 0.525) < 5e-4 && fabs(p.alpha - 6.183) < 5e-4);
    cr_assert(fabs(p.a - 0.891) < 5e-4 && fabs(p.b - 1.614) < 5e-4);
    cr_assert_eq(info.used_fallback, 0);
    /* lifetimes' published checks at the fit: E[X(39) | 2, 30.43, 38.86] = 1.226 within
     * 0.05; E[X(t)] within 5% of 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576. */
    const double t39 = 39, x2 = 2, tx2 = 30.43, T2 = 38.86;
    double c;
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases(&p, &t39, &x2, &tx2, &T2, 1, &c), CO_OK);
    cr_assert(fabs(c - 1.226) < 0.05, "%g", c);
    const double ts[] = {0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00},
                 want[] = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    double e[6];
    cr_assert_eq(co_mbgnbd_expected_purchases(&p, ts, 6, e), CO_OK);
    for (int i = 0; i < 6; i++)
        assert_rel(e[i], want[i], 0.05, "lifetimes' expected purchases");
}

Test(mbgnbd, log_likelihood_per_customer_matches_scipy)
{
    /* scipy at P: -0.539837463531, -9.48555131453, -4.46036061258, -21.3069412601 */
    const double want[] = {-0.539837463531, -9.48555131453, -4.46036061258, -21.3069412601};
    for (size_t i = 0; i < 4; i++) {
        double ll;
        cr_assert_eq(co_mbgnbd_log_likelihood(&P, &cx[i], &ctx_[i], &cT[i], NULL, 1, &ll), CO_OK);
        assert_rel(ll, want[i], 1e-10, "ll");
    }
    double w[] = {3, 2}, ll;
    cr_assert_eq(co_mbgnbd_log_likelihood(&P, &cx[1], &ctx_[1], &cT[1], w, 2, &ll), CO_OK);
    assert_rel(ll, 3 * -9.48555131453 + 2 * -4.46036061258, 1e-10, "weighted ll");
}

Test(mbgnbd, predictions_match_mpmath)
{
    double out[5];
    /* P(alive): 0.389735080919, 0.706202265118, 0.17083648431, 0.764102705174 (below 1 at
     * x = 0: the customer may have left at time 0) */
    const double aw[] = {0.389735080919, 0.706202265118, 0.17083648431, 0.764102705174};
    cr_assert_eq(co_mbgnbd_probability_alive(&P, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], aw[i], 1e-10, "alive");
    /* E[X(t)], t = 1, 10, 39, 78 (mpmath.quad over p): 0.0530847952637, 0.433467415157,
     * 1.1829536656, 1.80475757755 */
    const double ts[] = {1, 10, 39, 78},
                 ew[] = {0.0530847952637, 0.433467415157, 1.1829536656, 1.80475757755};
    cr_assert_eq(co_mbgnbd_expected_purchases(&P, ts, 4, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], ew[i], 1e-9, "expected");
    /* Conditional, t = 39: 0.154012746675, 1.26296062327, 0.188836541364, 4.17318296388 */
    const double t39[] = {39, 39, 39, 39},
                 cw[] = {0.154012746675, 1.26296062327, 0.188836541364, 4.17318296388};
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases(&P, t39, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], cw[i], 1e-9, "conditional");
    /* P(X(39) = n), n = 0, 1, 2, 3, 10: 0.582473189493, 0.182783077288, 0.0868948256735,
     * 0.0485704429516, 0.00362618779529 (finite Poisson sums at 30 digits) */
    const double n5[] = {0, 1, 2, 3, 10}, t5[] = {39, 39, 39, 39, 39},
                 pw[] = {0.582473189493, 0.182783077288, 0.0868948256735, 0.0485704429516,
                         0.00362618779529};
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, t5, n5, 5, out), CO_OK);
    for (int i = 0; i < 5; i++)
        assert_rel(out[i], pw[i], 1e-9, "pmf");
    /* P(X(2) = 10) = 2.21041358022e-8, far in the tail */
    const double t2 = 2, n10 = 10;
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, &t2, &n10, 1, out), CO_OK);
    assert_rel(out[0], 2.21041358022e-8, 1e-9, "tail pmf");
    /* At t = 0 nothing has happened yet. */
    const double zero = 0, one = 1;
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, &zero, &zero, 1, out), CO_OK);
    cr_assert_eq(out[0], 1.0);
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, &zero, &one, 1, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
    cr_assert_eq(co_mbgnbd_expected_purchases(&P, &zero, 1, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
}

Test(mbgnbd, clv_matches_mpmath)
{
    /* mbgnbd_reference.out, "clv 12 months": 12 months of 4.345 weeks at 1% a month, the
     * Gamma-Gamma estimate 6.24880269493, 3.7445884393, 15.4477472178 and mean spends
     * 0, 35, 20, 60: 6.5584317944, 52.8392373199, 5.58275755765, 288.078097728 */
    const co_gammagamma_params g = {6.24880269493, 3.7445884393, 15.4477472178};
    const double spend[] = {0, 35, 20, 60},
                 want[] = {6.5584317944, 52.8392373199, 5.58275755765, 288.078097728};
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    opt.periods_per_month = 4.345;
    double out[4];
    cr_assert_eq(co_mbgnbd_clv(&P, &g, cx, ctx_, cT, spend, 4, &opt, out), CO_OK, "%s",
                 co_errmsg());
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], want[i], 1e-9, "clv");
    co_mbgnbd_params bad = P;
    bad.a = 1.0;
    cr_assert_eq(co_mbgnbd_clv(&bad, &g, cx, ctx_, cT, spend, 4, &opt, out), CO_EINVAL);
    assert_rel(out[0], want[0], 1e-9, "unchanged");
}

Test(mbgnbd, bands_bracket_the_estimate_and_follow_the_variance)
{
    /* At the mpmath covariance (mbgnbd_reference.out) the band of each customer holds its
     * point prediction; with the covariance scaled by 1/4 the band is about half as wide. */
    co_model_uncertainty u = {.size = sizeof u};
    const co_mbgnbd_params e = {0.524837979046, 6.1829919584, 0.891355870806, 1.61399880168};
    cr_assert_eq(co_mbgnbd_uncertainty(&e, data.x, data.tx, data.T, NULL, data.n, NULL, &u), CO_OK);
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 4000;
    double lo[4], hi[4], point[4], lo2[4], hi2[4];
    const double t[] = {39, 39, 39, 39};
    cr_assert_eq(co_mbgnbd_probability_alive(&e, cx, ctx_, cT, 4, point), CO_OK);
    cr_assert_eq(co_mbgnbd_probability_alive_band(&u, cx, ctx_, cT, 4, &opt, lo, hi), CO_OK, "%s",
                 co_errmsg());
    for (int i = 0; i < 4; i++)
        cr_assert(lo[i] < point[i] && point[i] < hi[i] && hi[i] <= 1.0);
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases(&e, t, cx, ctx_, cT, 4, point), CO_OK);
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases_band(&u, t, cx, ctx_, cT, 4, &opt, lo,
                                                               hi),
                 CO_OK);
    for (int j = 0; j < 4; j++)
        for (int k = 0; k < 4; k++)
            u.variance[j][k] /= 4;
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases_band(&u, t, cx, ctx_, cT, 4, &opt, lo2,
                                                               hi2),
                 CO_OK);
    for (int i = 0; i < 4; i++) {
        cr_assert(lo[i] < point[i] && point[i] < hi[i]);
        const double ratio = (hi2[i] - lo2[i]) / (hi[i] - lo[i]);
        cr_assert(ratio > 0.4 && ratio < 0.6, "width ratio %g", ratio);
    }
}

Test(mbgnbd, probabilities_of_purchases_sum_to_one)
{
    /* sum_n P(X(10) = n) over n = 0..400 is 1 (the tail beyond is far below 1e-12 at
     * these parameters: P(X(10) = 400) < 1e-100). */
    enum { M = 401 };
    double n[M], t[M], out[M], sum = 0.0;
    for (int i = 0; i < M; i++) {
        n[i] = i;
        t[i] = 10;
    }
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, t, n, M, out), CO_OK);
    for (int i = 0; i < M; i++)
        sum += out[i];
    cr_assert(fabs(sum - 1.0) < 1e-12, "sum %.17g", sum);
}

Test(mbgnbd, analytic_gradient_and_hessian_match_differences)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, data.x, data.tx, data.T, NULL, data.n), CO_OK);
    const double p1[] = {0.525, 6.183, 0.891, 1.614}, p2[] = {1.7, 0.3, 2.5, 0.4};
    check_gradient(&d, co__mbgnbd_loglik, p1, 4);
    check_gradient(&d, co__mbgnbd_loglik, p2, 4);
    /* Hessian row j against central differences of the analytic gradient (step 1e-6 p_j). */
    double h[16];
    cr_assert_eq(co__mbgnbd_hessian(&d, p2, h), CO_OK);
    for (int j = 0; j < 4; j++) {
        double up[4], dn[4], gu[4], gd[4], ll;
        memcpy(up, p2, sizeof up);
        memcpy(dn, p2, sizeof dn);
        const double step = 1e-6 * p2[j];
        up[j] += step;
        dn[j] -= step;
        co__mbgnbd_loglik(&d, up, &ll, gu);
        co__mbgnbd_loglik(&d, dn, &ll, gd);
        for (int k = 0; k < 4; k++) {
            const double num = (gu[k] - gd[k]) / (2 * step);
            cr_assert(fabs(h[j * 4 + k] - num) <= 1e-5 * (1.0 + fabs(num)), "H[%d][%d] %g vs %g", j,
                      k, h[j * 4 + k], num);
        }
    }
    co__btyd_data_free(&d);
}

Test(mbgnbd, uncertainty_matches_mpmath)
{
    /* mbgnbd_reference.out, "uncertainty at the fit" (the scipy estimate): log-likelihood
     * -9582.13268489991; se 0.0832640579435, 0.695597874879, 0.154785194166, 0.537472025743 */
    const co_mbgnbd_params p = {0.524837979046, 6.1829919584, 0.891355870806, 1.61399880168};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_mbgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u), CO_OK,
                 "%s", co_errmsg());
    cr_assert_eq(u.n_params, 4);
    const double se[] = {0.0832640579435, 0.695597874879, 0.154785194166, 0.537472025743};
    for (int i = 0; i < 4; i++)
        assert_rel(u.standard_error[i], se[i], 1e-7, "se");
    /* cov rows 0 and 3: 0.00693290334522, 0.0484733883455, -0.00750676612023,
     * -0.0375668731044 / ..., 0.288876178457 */
    assert_rel(u.variance[0][1], 0.0484733883455, 1e-7, "cov r alpha");
    assert_rel(u.variance[0][2], -0.00750676612023, 1e-7, "cov r a");
    assert_rel(u.variance[2][3], 0.0737978171508, 1e-7, "cov a b");
    assert_rel(u.log_likelihood, -9582.13268489991, 1e-12, "ll");
    assert_rel(u.aic, 2 * 4 + 2 * 9582.13268489991, 1e-12, "aic");
    assert_rel(u.bic, 4 * log(2357.0) + 2 * 9582.13268489991, 1e-12, "bic");
    cr_assert_eq(u.hessian_error, 0.0);
    cr_assert(u.lower[0] > 0 && u.lower[0] < p.r && u.upper[0] > p.r);
}

Test(mbgnbd, penalizer_has_lifetimes_meaning)
{
    /* lifetimes fits on T / max(T) and penalises alpha on that scale: scipy, minimising
     * mean(-ll) + c (r^2 + (alpha / 38.86)^2 + a^2 + b^2) (mbgnbd_reference.out) */
    const double c[] = {0.001, 0.01, 0.1};
    const double want[3][4] = {{0.617149267064, 6.77704540329, 0.720573977419, 1.05963880044},
                               {0.615244603402, 6.73846824638, 0.499079353597, 0.672276367338},
                               {0.40821967436, 5.31208619997, 0.204821945513, 0.346788150601}};
    for (int k = 0; k < 3; k++) {
        co_btyd_fit_options opt;
        co_btyd_fit_options_init(&opt, sizeof opt);
        opt.penalizer = c[k];
        co_mbgnbd_params p;
        cr_assert_eq(co_mbgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_OK,
                     "%s", co_errmsg());
        assert_rel(p.r, want[k][0], 1e-4, "r");
        assert_rel(p.alpha, want[k][1], 1e-4, "alpha");
        assert_rel(p.a, want[k][2], 1e-4, "a");
        assert_rel(p.b, want[k][3], 1e-4, "b");
    }
}

Test(mbgnbd, simulation_agrees_with_the_model)
{
    enum { N = 40000 };
    static double T[N], x[N], tx[N];
    for (int i = 0; i < N; i++)
        T[i] = 20.0 + 40.0 * (i % 100) / 99.0;
    const co_mbgnbd_params truth = {0.6, 5.0, 1.2, 3.5};
    cr_assert_eq(co_mbgnbd_simulate(&truth, T, N, 20240611, x, tx), CO_OK);
    double zeros = 0, sum = 0, want = 0;
    for (int i = 0; i < N; i++) {
        cr_assert(x[i] == 0 ? tx[i] == 0 : tx[i] > 0 && tx[i] <= T[i]);
        zeros += x[i] == 0;
        sum += x[i];
    }
    /* The mean count and the share of zeros against E[X(T)] and P(X(T) = 0) (checked
     * against mpmath above), within 4 standard errors of a mean of 40000. */
    for (int i = 0; i < 100; i++) {
        double e, p0, zero = 0;
        cr_assert_eq(co_mbgnbd_expected_purchases(&truth, &T[i], 1, &e), CO_OK);
        cr_assert_eq(co_mbgnbd_probability_of_purchases(&truth, &T[i], &zero, 1, &p0), CO_OK);
        want += e / 100;
        zeros -= p0 * N / 100;
    }
    cr_assert(fabs(sum / N - want) < 4 * 2.5 / sqrt(N), "mean %g vs %g", sum / N, want);
    cr_assert(fabs(zeros / N) < 4 * 0.5 / sqrt(N), "zeros off by %g", zeros / N);
    co_mbgnbd_params p;
    cr_assert_eq(co_mbgnbd_fit(x, tx, T, NULL, N, NULL, &p, NULL), CO_OK, "%s", co_errmsg());
    const double est[4] = {p.r, p.alpha, p.a, p.b};
    assert_stationary(co__mbgnbd_loglik, x, tx, T, N, est);
    assert_rel(p.r, truth.r, 0.08, "r");
    assert_rel(p.alpha, truth.alpha, 0.1, "alpha");
    assert_rel(p.a, truth.a, 0.25, "a");
    assert_rel(p.b, truth.b, 0.25, "b");
    static double x2[N], tx2[N];
    cr_assert_eq(co_mbgnbd_simulate(&truth, T, N, 20240611, x2, tx2), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
}

Test(mbgnbd, latent_simulation_is_the_same_stream_and_agrees_with_p_alive)
{
    /* The same customers as co_mbgnbd_simulate(); the share of simulated customers alive
     * at T equals the mean of P(alive | x, t_x, T) over their histories (total
     * probability), and the rates and drop-out probabilities have the mixing means
     * r / alpha and a / (a + b); each within 4 standard errors. */
    enum { N = 40000 };
    static double T[N], x[N], tx[N], x2[N], tx2[N], rate[N], drop[N], alive[N], pa[N];
    for (int i = 0; i < N; i++)
        T[i] = 20.0 + 40.0 * (i % 100) / 99.0;
    cr_assert_eq(co_mbgnbd_simulate(&P, T, N, 99, x, tx), CO_OK);
    cr_assert_eq(co_mbgnbd_simulate_latent(&P, T, N, 99, x2, tx2, rate, drop, alive), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
    cr_assert_eq(co_mbgnbd_probability_alive(&P, x, tx, T, N, pa), CO_OK);
    double share = 0, want = 0, mean_rate = 0, mean_drop = 0;
    for (int i = 0; i < N; i++) {
        cr_assert(alive[i] == 0.0 || alive[i] == 1.0);
        share += alive[i] / N;
        want += pa[i] / N;
        mean_rate += rate[i] / N;
        mean_drop += drop[i] / N;
    }
    cr_assert(fabs(share - want) < 4 * 0.5 / sqrt(N), "alive %g vs %g", share, want);
    /* sd of lambda: sqrt(r) / alpha = 0.117; of p: below 0.5 */
    cr_assert(fabs(mean_rate - P.r / P.alpha) < 4 * 0.117 / sqrt(N), "rate %g", mean_rate);
    cr_assert(fabs(mean_drop - P.a / (P.a + P.b)) < 4 * 0.5 / sqrt(N), "p %g", mean_drop);
    cr_assert_eq(co_mbgnbd_simulate_latent(&P, T, N, 99, x2, tx2, NULL, NULL, NULL), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
}

Test(mbgnbd, bad_input_changes_nothing)
{
    double x[] = {1, 2, 0}, tx[] = {1, 2, 0}, T[] = {3, 3, 3}, out[3] = {7, 7, 7};
    co_mbgnbd_params p = {9, 9, 9, 9};
    const co_mbgnbd_params before = p;
    tx[1] = 4.0;
    cr_assert_eq(co_mbgnbd_fit(x, tx, T, NULL, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "recency[1] = 4 exceeds T[1] = 3");
    cr_assert_eq(co_mbgnbd_probability_alive(&P, x, tx, T, 3, out), CO_EINVAL);
    tx[1] = 2.0;
    x[0] = 1.5;
    cr_assert_eq(co_mbgnbd_conditional_expected_purchases(&P, T, x, tx, T, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "frequency[0] = 1.5 is not a whole number");
    x[0] = 1.0;
    cr_assert_eq(co_mbgnbd_fit(x, tx, T, NULL, 0, NULL, &p, NULL), CO_EINVAL);
    cr_assert_eq(co_mbgnbd_fit(x, tx, T, NULL, 3, NULL, NULL, NULL), CO_EINVAL);
    co_mbgnbd_params bad = P;
    bad.alpha = -1.0;
    cr_assert_eq(co_mbgnbd_probability_alive(&bad, x, tx, T, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "MBG/NBD: parameter alpha = -1 must be finite and > 0");
    bad = P;
    bad.a = 1.0;
    cr_assert_eq(co_mbgnbd_expected_purchases(&bad, T, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "MBG/NBD: expected purchases need a != 1");
    const double half = 0.5, t1 = 1;
    cr_assert_eq(co_mbgnbd_probability_of_purchases(&P, &t1, &half, 1, out), CO_EINVAL);
    cr_assert_eq(co_mbgnbd_simulate(&P, T, 3, 1, out, NULL), CO_EINVAL);
    co_model_uncertainty u = {.size = 0};
    cr_assert_eq(co_mbgnbd_uncertainty(&P, x, tx, T, NULL, 3, NULL, &u), CO_EINVAL);
    cr_assert_eq(u.n_params, 0);
    /* no repeat purchase: the parameters are not identified */
    const double z[] = {0, 0}, Tz[] = {5, 9};
    cr_assert_eq(co_mbgnbd_fit(z, z, Tz, NULL, 2, NULL, &p, NULL), CO_ENOCONV);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 7.0);
    cr_assert_eq(memcmp(&p, &before, sizeof p), 0);
}

Test(mbgnbd, model_file_round_trip)
{
    /* kind "mbgnbd" with r, alpha, a, b, written and read back bit for bit */
    char dir[] = "/tmp/co_mbgnbd_XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/m.json", dir);
    const double p[4] = {P.r, P.alpha, P.a, P.b};
    co_model_file *m = NULL, *back = NULL;
    cr_assert_eq(co_model_file_new(CO_MODEL_MBGNBD, p, 4, &m), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_save(m, path), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_load(path, &back), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_file_kind(back), CO_MODEL_MBGNBD);
    cr_assert_str_eq(co_model_kind_name(CO_MODEL_MBGNBD), "mbgnbd");
    cr_assert_str_eq(co_model_kind_param_name(CO_MODEL_MBGNBD, 3), "b");
    double q[4];
    cr_assert_eq(co_model_file_get_params(back, q, 4), CO_OK);
    cr_assert_eq(memcmp(p, q, sizeof p), 0);
    co_model_file_free(m);
    co_model_file_free(back);
    unlink(path);
    rmdir(dir);
}

typedef struct fit_case {
    co_mbgnbd_params out;
    double pred[4];
} fit_case;

static int fit_op(void *vctx)
{
    fit_case *c = vctx;
    return co_mbgnbd_fit(data.x, data.tx, data.T, NULL, 300, NULL, &c->out, NULL);
}

static int conditional_op(void *vctx)
{
    fit_case *c = vctx;
    const double t[] = {5, 5, 5, 5};
    return co_mbgnbd_conditional_expected_purchases(&P, t, cx, ctx_, cT, 4, c->pred);
}

static void unchanged(void *vctx)
{
    fit_case *c = vctx;
    cr_assert_eq(c->out.r, -1.0);
    cr_assert_eq(c->pred[0], -1.0);
}

static int uncertainty_op(void *vctx)
{
    fit_case *c = vctx;
    co_model_uncertainty u = {.size = sizeof u};
    int rc = co_mbgnbd_uncertainty(&P, data.x, data.tx, data.T, NULL, data.n, NULL, &u);
    if (rc == CO_OK)
        c->pred[0] = u.standard_error[0];
    return rc;
}

/* at P on CDNOW, computed before the sweep */
static co_model_uncertainty band_u = {.size = sizeof band_u};

static int band_op(void *vctx)
{
    fit_case *c = vctx;
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 50;
    double upper[4];
    return co_mbgnbd_probability_alive_band(&band_u, cx, ctx_, cT, 4, &opt, c->pred, upper);
}

static int clv_op(void *vctx)
{
    fit_case *c = vctx;
    const co_gammagamma_params g = {6.25, 3.74, 15.44};
    const double spend[] = {0, 35, 20, 60};
    return co_mbgnbd_clv(&P, &g, cx, ctx_, cT, spend, 4, NULL, c->pred);
}

Test(mbgnbd, allocation_failures_change_nothing)
{
    fit_case c = {{-1, -1, -1, -1}, {-1, -1, -1, -1}};
    cr_assert(co_test_alloc_sweep(fit_op, unchanged, &c) > 0);
    cr_assert_eq(co_mbgnbd_uncertainty(&P, data.x, data.tx, data.T, NULL, data.n, NULL, &band_u),
                 CO_OK);
    int (*const ops[])(void *) = {conditional_op, uncertainty_op, band_op, clv_op};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        c.out.r = -1.0;
        c.pred[0] = -1.0;
        cr_assert(co_test_alloc_sweep(ops[i], unchanged, &c) > 0, "operation %zu", i);
    }
}
