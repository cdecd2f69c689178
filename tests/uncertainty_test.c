/* Standard errors, intervals and information criteria of the fitted models.
 * Expected values: lifetimes' published BG/NBD summary for CDNOW, and
 * tests/reference/uncertainty_reference.py (mpmath Hessians of independently
 * written log-likelihoods; output in uncertainty_reference.out). The coverage
 * tests draw data from known parameters and count how often the intervals
 * hold them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

TestSuite(uncertainty, .init = setup);

/* z of a two-sided 95% interval, Phi^-1(0.975). */
#define Z95 1.959963984540054

static void assert_se(const co_model_uncertainty *u, const double *want, double rel)
{
    for (size_t i = 0; i < u->n_params; i++)
        assert_rel(u->standard_error[i], want[i], rel, "standard error");
}

Test(uncertainty, bgnbd_cdnow_reproduces_lifetimes_standard_errors)
{
    co_bgnbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, NULL, &p, &info), CO_OK);
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u), CO_OK,
                 "%s", co_errmsg());
    /* lifetimes' documentation, BetaGeoFitter on the CDNOW summary, `summary`:
     * coef r 0.242593, alpha 4.413532, a 0.792886, b 2.425752;
     * se(coef) r 0.012557, alpha 0.378221, a 0.185719, b 0.705345. Our estimate differs
     * from theirs in the sixth digit, and so do the standard errors (b is the most
     * sensitive: 0.7053456 here); the next test takes their estimate. */
    const double published[] = {0.012557, 0.378221, 0.185719, 0.705345};
    for (int i = 0; i < 4; i++)
        assert_rel(u.standard_error[i], published[i], 3e-5, "se of the fit");
    cr_assert_eq(u.n_params, 4);
    cr_assert_eq(u.estimate[0], p.r);
    cr_assert_eq(u.estimate[3], p.b);
    assert_rel(u.log_likelihood, info.log_likelihood, 1e-14, "ll");
    /* n = 2357 customers, k = 4, ll = -9582.42556057 (scipy):
     * AIC = 8 + 19164.85112114 = 19172.85112114;
     * BIC = 4 ln 2357 + 19164.85112114 = 4 * 7.76514490293613 + ... = 19195.91170075 */
    assert_rel(u.aic, 19172.85112114, 1e-10, "aic");
    assert_rel(u.bic, 19195.91170075, 1e-10, "bic");
    cr_assert_eq(u.n_observations, 2357.0);
    cr_assert(u.hessian_error < 1e-6, "hessian error %g", u.hessian_error);
    for (int i = 0; i < 4; i++) {
        /* log-scale Wald interval: log(upper / p) = log(p / lower) = z se / p */
        const double half = Z95 * u.standard_error[i] / u.estimate[i];
        assert_rel(log(u.upper[i] / u.estimate[i]), half, 1e-12, "upper");
        assert_rel(log(u.estimate[i] / u.lower[i]), half, 1e-12, "lower");
        cr_assert(u.lower[i] > 0.0);
        assert_rel(u.variance[i][i], u.standard_error[i] * u.standard_error[i], 1e-14, "diag");
    }
    for (int i = 4; i < CO_MODEL_MAX_PARAMS; i++)
        cr_assert(u.standard_error[i] == 0.0 && u.variance[0][i] == 0.0 && u.variance[i][0] == 0.0);
}

Test(uncertainty, bgnbd_at_lifetimes_estimate_gives_its_standard_errors)
{
    /* lifetimes' published coefficients and standard errors (six decimals): at their
     * estimate each standard error rounds to theirs, i.e. within half a unit. */
    const co_bgnbd_params p = {0.242593, 4.413532, 0.792886, 2.425752};
    const double published[] = {0.012557, 0.378221, 0.185719, 0.705345};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u), CO_OK);
    for (int i = 0; i < 4; i++)
        cr_assert(fabs(u.standard_error[i] - published[i]) <= 0.5e-6,
                  "se %d: got %.9g, lifetimes %.6f", i, u.standard_error[i], published[i]);
}

Test(uncertainty, bgnbd_matches_mpmath)
{
    /* uncertainty_reference.out, "bgnbd cdnow" (at the scipy estimate) */
    const co_bgnbd_params p = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
    const double se[] = {0.012557319667, 0.378221434278, 0.185719222505, 0.705346078518};
    const double cov01 = 0.00370638193384, cov23 = 0.123195658136, cov02 = -8.78394058692e-5;
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u), CO_OK);
    assert_se(&u, se, 1e-7);
    assert_rel(u.variance[0][1], cov01, 1e-7, "cov(r, alpha)");
    assert_rel(u.variance[1][0], cov01, 1e-7, "cov(alpha, r)");
    assert_rel(u.variance[2][3], cov23, 1e-7, "cov(a, b)");
    assert_rel(u.variance[0][2], cov02, 1e-6, "cov(r, a)");
    assert_rel(u.log_likelihood, -9582.42556056736, 1e-12, "ll");
}

Test(uncertainty, paretonbd_matches_mpmath)
{
    /* uncertainty_reference.out, "paretonbd cdnow" */
    const co_paretonbd_params p = {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_paretonbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u),
                 CO_OK, "%s", co_errmsg());
    const double se[] = {0.0476287376263, 0.842723825237, 0.187279499976, 6.21102578546};
    assert_se(&u, se, 1e-7);
    assert_rel(u.variance[2][3], 1.13013099175, 1e-7, "cov(s, beta)");
    assert_rel(u.log_likelihood, -9594.97392982686, 1e-12, "ll");
}

Test(uncertainty, gammagamma_matches_mpmath)
{
    /* uncertainty_reference.out, "gammagamma cdnow"; 946 repeat customers */
    const co_gammagamma_params g = {6.24880269493, 3.7445884393, 15.4477472178};
    const double se[] = {1.18968537248, 0.290165369398, 4.15998764342};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_gammagamma_uncertainty(&g, data.x, data.zbar, NULL, data.n, NULL, &u), CO_OK,
                 "%s", co_errmsg());
    assert_se(&u, se, 1e-7);
    assert_rel(u.variance[0][2], -4.8020516911, 1e-7, "cov(p, v)");
    assert_rel(u.log_likelihood, -4055.92324350286, 1e-12, "ll");
    cr_assert_eq(u.n_observations, 946.0);
    cr_assert_eq(u.n_params, 3);
}

static const double regular[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
static const double high_end[8] = {1000, 869, 743, 653, 593, 551, 517, 491};

Test(uncertainty, sbg_matches_mpmath)
{
    /* uncertainty_reference.out, "sbg regular" and "sbg high end" */
    const size_t len = 8;
    const co_sbg r = {0.704077298474, 1.182043026209, 0, 0},
                 h = {0.668088351106, 3.806094964058, 0, 0};
    co_model_uncertainty u = {.size = sizeof u};
    cr_assert_eq(co_sbg_uncertainty(&r, regular, &len, 1, &u), CO_OK, "%s", co_errmsg());
    assert_se(&u, (const double[]){0.0655989642341, 0.152475631676}, 1e-8);
    assert_rel(u.variance[0][1], 0.00889119255242, 1e-8, "cov");
    assert_rel(u.log_likelihood, -1680.26518846329, 1e-12, "ll");
    /* 1000 customers, k = 2: BIC = 2 ln 1000 + 3360.53037692658 = 13.81551056 + ... =
     * 3374.34588748 */
    assert_rel(u.bic, 3374.34588748, 1e-10, "bic");
    assert_rel(u.aic, 3364.53037692658, 1e-12, "aic");
    cr_assert_eq(co_sbg_uncertainty(&h, high_end, &len, 1, &u), CO_OK);
    assert_se(&u, (const double[]){0.103734931149, 0.785531691776}, 1e-8);
}

Test(uncertainty, penalty_adds_its_curvature)
{
    /* penalizer * sum p^2 on the mean, alpha in units of max(T) = 38.86 weeks as
     * lifetimes takes it, adds 2 W penalizer to each diagonal entry of the Hessian in p:
     * inv(V_pen) - inv(V) = 2 * 2357 * 0.01 = 47.14 for r, a, b and 47.14 / 38.86^2 =
     * 0.0312165 for alpha. */
    const co_bgnbd_params p = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = 0.01;
    co_model_uncertainty u0 = {.size = sizeof u0}, u1 = {.size = sizeof u1};
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u0), CO_OK);
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, &opt, &u1), CO_OK);
    double a[16], b[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            a[i * 4 + j] = u0.variance[i][j];
            b[i * 4 + j] = u1.variance[i][j];
        }
    double ia[16], ib[16];
    cr_assert_eq(co__spd_inverse(4, a, ia), CO_OK);
    cr_assert_eq(co__spd_inverse(4, b, ib), CO_OK);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double d = ib[i * 4 + j] - ia[i * 4 + j];
            double want = i != j ? 0.0 : i == 1 ? 47.14 / (38.86 * 38.86) : 47.14;
            cr_assert(fabs(d - want) <= 1e-5 * fabs(ia[i * 4 + i]), "(%d, %d): %g", i, j, d);
        }
    /* the log-likelihood carries no penalty */
    cr_assert_eq(u1.log_likelihood, u0.log_likelihood);
}

Test(uncertainty, weights_count_as_repeated_customers)
{
    /* the first 100 CDNOW customers twice, or once with weight 2: the same figures */
    double x[200], tx[200], T[200], w[100];
    for (int i = 0; i < 200; i++) {
        x[i] = data.x[i % 100];
        tx[i] = data.tx[i % 100];
        T[i] = data.T[i % 100];
    }
    for (int i = 0; i < 100; i++)
        w[i] = 2.0;
    const co_bgnbd_params p = {0.3, 5.0, 0.8, 2.5};
    co_model_uncertainty a = {.size = sizeof a}, b = {.size = sizeof b};
    int ra = co_bgnbd_uncertainty(&p, x, tx, T, NULL, 200, NULL, &a);
    int rb = co_bgnbd_uncertainty(&p, x, tx, T, w, 100, NULL, &b);
    cr_assert_eq(ra, rb);
    if (ra == CO_OK) {
        for (int i = 0; i < 4; i++)
            assert_rel(b.standard_error[i], a.standard_error[i], 1e-12, "se");
        cr_assert_eq(b.n_observations, 200.0);
    }
}

Test(uncertainty, bad_input_changes_nothing)
{
    const co_bgnbd_params p = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
    co_model_uncertainty u, before;
    memset(&u, 0x5a, sizeof u);
    u.size = sizeof u;
    before = u;
    const co_bgnbd_params bad = {-1.0, 4.4, 0.8, 2.4};
    cr_assert_eq(co_bgnbd_uncertainty(&bad, data.x, data.tx, data.T, NULL, data.n, NULL, &u),
                 CO_EINVAL);
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, NULL),
                 CO_EINVAL);
    cr_assert_eq(co_bgnbd_uncertainty(&p, NULL, data.tx, data.T, NULL, data.n, NULL, &u),
                 CO_EINVAL);
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = -1.0;
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, &opt, &u),
                 CO_EINVAL);
    u.size = sizeof u + 8;
    cr_assert_eq(co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "co_model_uncertainty") != NULL, "%s", co_errmsg());
    u.size = 0;
    cr_assert_eq(co_sbg_uncertainty(&(co_sbg){0.7, 1.2, 0, 0}, regular, (size_t[]){8}, 1, &u),
                 CO_EINVAL);
    u.size = sizeof u;
    cr_assert_eq(co_gammagamma_uncertainty(&(co_gammagamma_params){0, 1, 1}, data.x, data.zbar,
                                           NULL, data.n, NULL, &u),
                 CO_EINVAL);
    cr_assert_eq(memcmp(&u, &before, sizeof u), 0);
    /* nobody buys again: nothing identifies the purchase process */
    double zero[3] = {0, 0, 0}, TT[3] = {10, 20, 30};
    cr_assert_eq(co_paretonbd_uncertainty(&(co_paretonbd_params){1, 1, 1, 1}, zero, zero, TT, NULL,
                                          3, NULL, &u),
                 CO_ENOCONV);
    cr_assert_eq(memcmp(&u, &before, sizeof u), 0);
}

Test(uncertainty, a_saddle_is_not_a_maximum)
{
    co_model_uncertainty u, before;
    memset(&u, 0x5a, sizeof u);
    u.size = sizeof u;
    before = u;
    const size_t len = 8;
    /* At alpha = beta = 3 the Hessian of -log L has the eigenvalues -15.249354 and
     * 115.94287 (mpmath.diff on the likelihood of uncertainty_reference.py): a saddle. */
    int rc = co_sbg_uncertainty(&(co_sbg){3.0, 3.0, 0, 0}, regular, &len, 1, &u);
    cr_assert_eq(rc, CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "not positive definite") != NULL, "%s", co_errmsg());
    cr_assert_eq(memcmp(&u, &before, sizeof u), 0);
}

Test(uncertainty, older_callers_get_the_fields_they_have)
{
    /* a caller built when the struct ended after `upper` */
    const size_t old = offsetof(co_model_uncertainty, variance);
    co_model_uncertainty u;
    memset(&u, 0x5a, sizeof u);
    u.size = old;
    const size_t len = 8;
    cr_assert_eq(co_sbg_uncertainty(&(co_sbg){0.704077298474, 1.182043026209, 0, 0}, regular, &len,
                                    1, &u),
                 CO_OK);
    cr_assert_eq(u.size, old);
    assert_rel(u.standard_error[0], 0.0655989642341, 1e-8, "se");
    const unsigned char *tail = (const unsigned char *)&u + old;
    for (size_t i = 0; i < sizeof u - old; i++)
        cr_assert_eq(tail[i], 0x5a, "byte %zu past the caller's struct written", old + i);
}

static int op_uncertainty(void *ctx)
{
    (void)ctx;
    const co_paretonbd_params p = {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693};
    co_model_uncertainty u = {.size = sizeof u};
    return co_paretonbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u);
}

static int op_band(void *ctx)
{
    (void)ctx;
    const co_bgnbd_params p = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
    co_model_uncertainty u = {.size = sizeof u};
    int rc = co_bgnbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &u);
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 50;
    double lo[10], hi[10];
    return rc == CO_OK
               ? co_bgnbd_probability_alive_band(&u, data.x, data.tx, data.T, 10, &opt, lo, hi)
               : rc;
}

Test(uncertainty, allocation_failures_leak_nothing)
{
    cr_assert_gt(co_test_alloc_sweep(op_uncertainty, NULL, NULL), 0);
    cr_assert_gt(co_test_alloc_sweep(op_band, NULL, NULL), 0);
}

/* ---- prediction bands ---- */

/* The BG/NBD estimate and covariance of uncertainty_reference.out (mpmath, CDNOW). */
static co_model_uncertainty cdnow_bgnbd_uncertainty(void)
{
    co_model_uncertainty u;
    memset(&u, 0, sizeof u);
    u.size = sizeof u;
    u.n_params = 4;
    const double est[4] = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
    const double cov[4][4] = {
        {0.000157686277218, 0.00370638193384, -8.78394058692e-5, 6.56495792534e-5},
        {0.00370638193384, 0.143051453348, -0.00286557532272, 0.0105224467099},
        {-8.78394058692e-5, -0.00286557532272, 0.0344916296077, 0.123195658136},
        {6.56495792534e-5, 0.0105224467099, 0.123195658136, 0.49751309048}};
    for (int i = 0; i < 4; i++) {
        u.estimate[i] = est[i];
        for (int j = 0; j < 4; j++)
            u.variance[i][j] = cov[i][j];
    }
    return u;
}

Test(uncertainty, bgnbd_bands_match_a_million_numpy_draws)
{
    /* tests/reference/band_reference.py (band_reference.out): 2.5% and 97.5% quantiles
     * over 1e6 draws, and the predictions' standard deviation sd. With 20000 draws here
     * a quantile's Monte Carlo error is about 0.02 sd: the tolerance is 0.1 sd. */
    const double x[] = {2, 1, 7, 0}, tx[] = {30.43, 1.71, 29.43, 0.0},
                 T[] = {38.86, 38.86, 35.0, 38.86};
    const double t[] = {39, 39, 39, 39};
    const double alive[4][3] = {{0.695415, 0.759503, 0.0164},
                                {0.173895, 0.256667, 0.0212},
                                {0.726346, 0.831653, 0.027},
                                {1, 1, 0}};
    const double cond[4][3] = {{1.14141, 1.32023, 0.0455},
                               {0.165476, 0.247983, 0.0211},
                               {3.7655, 4.99776, 0.316},
                               {0.177769, 0.213105, 0.00901}};
    const co_model_uncertainty u = cdnow_bgnbd_uncertainty();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 20000;
    opt.seed = 7;
    opt.threads = 2;
    double lo[4], hi[4];
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 4, &opt, lo, hi), CO_OK, "%s",
                 co_errmsg());
    for (int i = 0; i < 4; i++) {
        const double tol = 0.1 * alive[i][2] + 1e-12;
        cr_assert(fabs(lo[i] - alive[i][0]) <= tol && fabs(hi[i] - alive[i][1]) <= tol,
                  "alive %d: [%.6g, %.6g], numpy [%.6g, %.6g]", i, lo[i], hi[i], alive[i][0],
                  alive[i][1]);
    }
    cr_assert_eq(co_bgnbd_conditional_expected_purchases_band(&u, t, x, tx, T, 4, &opt, lo, hi),
                 CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 4; i++) {
        const double tol = 0.1 * cond[i][2];
        cr_assert(fabs(lo[i] - cond[i][0]) <= tol && fabs(hi[i] - cond[i][1]) <= tol,
                  "conditional %d: [%.6g, %.6g], numpy [%.6g, %.6g]", i, lo[i], hi[i], cond[i][0],
                  cond[i][1]);
    }
}

Test(uncertainty, bands_are_the_same_for_any_thread_count)
{
    const co_model_uncertainty u = cdnow_bgnbd_uncertainty();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 50; /* few draws keep it quick under valgrind */
    const size_t n = 600;
    static double lo1[CDNOW_N], hi1[CDNOW_N], lo[CDNOW_N], hi[CDNOW_N], t[CDNOW_N];
    for (size_t i = 0; i < data.n; i++)
        t[i] = 52.0;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, data.x, data.tx, data.T, n, &opt, lo1, hi1),
                 CO_OK);
    const size_t threads[] = {2, 3, 8};
    for (int k = 0; k < 3; k++) {
        opt.threads = threads[k];
        cr_assert_eq(co_bgnbd_probability_alive_band(&u, data.x, data.tx, data.T, n, &opt, lo, hi),
                     CO_OK);
        cr_assert(memcmp(lo, lo1, n * sizeof *lo) == 0 && memcmp(hi, hi1, n * sizeof *hi) == 0,
                  "%zu threads differ", threads[k]);
    }
    /* Pareto/NBD on 300 customers, 1 and 4 threads */
    co_paretonbd_params p = {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693};
    co_model_uncertainty pu = {.size = sizeof pu};
    cr_assert_eq(co_paretonbd_uncertainty(&p, data.x, data.tx, data.T, NULL, data.n, NULL, &pu),
                 CO_OK);
    opt.threads = 1;
    cr_assert_eq(co_paretonbd_conditional_expected_purchases_band(&pu, t, data.x, data.tx, data.T,
                                                                  300, &opt, lo1, hi1),
                 CO_OK, "%s", co_errmsg());
    opt.threads = 4;
    cr_assert_eq(co_paretonbd_conditional_expected_purchases_band(&pu, t, data.x, data.tx, data.T,
                                                                  300, &opt, lo, hi),
                 CO_OK);
    cr_assert(memcmp(lo, lo1, 300 * sizeof *lo) == 0 && memcmp(hi, hi1, 300 * sizeof *hi) == 0);
    for (size_t i = 0; i < 300; i++)
        cr_assert(lo[i] <= hi[i] && lo[i] >= 0.0);
    /* a different seed, a different band */
    opt.seed = 2;
    cr_assert_eq(co_paretonbd_probability_alive_band(&pu, data.x, data.tx, data.T, 300, &opt, lo,
                                                     hi),
                 CO_OK);
    opt.seed = 1;
    cr_assert_eq(co_paretonbd_probability_alive_band(&pu, data.x, data.tx, data.T, 300, &opt, lo1,
                                                     hi1),
                 CO_OK);
    cr_assert(memcmp(hi, hi1, 300 * sizeof *hi) != 0);
}

Test(uncertainty, band_errors_change_nothing)
{
    co_model_uncertainty u = cdnow_bgnbd_uncertainty();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    double lo[2] = {-1, -1}, hi[2] = {-1, -1};
    const double x[] = {1, 2}, tx[] = {1, 2}, T[] = {3, 4};
    cr_assert_eq(co_bgnbd_probability_alive_band(NULL, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    opt.draws = 1;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    opt.draws = 100;
    opt.level = 1.0;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    opt.level = 0.9;
    opt.threads = 0;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    opt.threads = 1;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, NULL, hi), CO_EINVAL);
    const double bad_tx[] = {1, 5};
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, bad_tx, T, 2, &opt, lo, hi), CO_EINVAL);
    u.n_params = 3; /* a Gamma-Gamma figure set */
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    u = cdnow_bgnbd_uncertainty();
    u.variance[0][0] = -1.0;
    cr_assert_eq(co_bgnbd_probability_alive_band(&u, x, tx, T, 2, &opt, lo, hi), CO_EINVAL);
    cr_assert(lo[0] == -1 && lo[1] == -1 && hi[0] == -1 && hi[1] == -1);
}
