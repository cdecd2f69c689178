/* Bands of the CLV under the uncertainty of the purchase and spend models.
 * Expected values: tests/reference/clv_band_reference.py (400,000 numpy draws of
 * both models' parameters at the mpmath covariances on CDNOW, CLV from the
 * papers' formulas with scipy; output in clv_band_reference.out). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

/* uncertainty_reference.out: estimate and covariance (mpmath, CDNOW, weeks). */
static co_model_uncertainty figures(size_t k, const double *est, const double *cov)
{
    co_model_uncertainty u;
    memset(&u, 0, sizeof u);
    u.size = sizeof u;
    u.n_params = k;
    for (size_t i = 0; i < k; i++) {
        u.estimate[i] = est[i];
        for (size_t j = 0; j < k; j++)
            u.variance[i][j] = cov[i * k + j];
    }
    return u;
}

static const double bg_est[4] = {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218};
static const double bg_cov[16] = {0.000157686277218, 0.00370638193384, -8.78394058692e-5,
                                  6.56495792534e-5,  0.00370638193384, 0.143051453348,
                                  -0.00286557532272, 0.0105224467099,  -8.78394058692e-5,
                                  -0.00286557532272, 0.0344916296077,  0.123195658136,
                                  6.56495792534e-5,  0.0105224467099,  0.123195658136,
                                  0.49751309048};
static const double gg_est[3] = {6.24880269493, 3.7445884393, 15.4477472178};
static const double gg_cov[9] = {1.41535128548,   -0.231906143155, -4.8020516911,
                                 -0.231906143155, 0.0841959415977, 0.992220884019,
                                 -4.8020516911,   0.992220884019,  17.3054971934};
static const double pn_est[4] = {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693};
static const double pn_cov[16] = {0.00226849664788, 0.0329837388289, -0.00315404940456,
                                  -0.140694410621,  0.0329837388289, 0.710183445622,
                                  -0.0269284489799, -1.20602627843,  -0.00315404940456,
                                  -0.0269284489799, 0.0350736111111, 1.13013099175,
                                  -0.140694410621,  -1.20602627843,  1.13013099175,
                                  38.5768413077};

/* The reference's customers: x, tx, T (weeks) and mean repeat order value. */
static const double cust_x[] = {2, 1, 7, 0}, cust_tx[] = {30.43, 1.71, 29.43, 0.0},
                    cust_T[] = {38.86, 38.86, 35.0, 38.86}, cust_m[] = {22.35, 11.77, 73.74, 0.0};

static co_clv_options weekly(void)
{
    co_clv_options c;
    co_clv_options_init(&c, sizeof c);
    co_time_unit_per_month(CO_UNIT_WEEKS, &c.periods_per_month);
    return c;
}

Test(clv_band, matches_numpy_draws_and_holds_the_point_clv)
{
    /* clv_band_reference.out: point CLV, 5% and 95% quantiles, sd over the draws. With
     * 20000 draws a quantile's Monte Carlo error is about 0.02 sd: tolerance 0.1 sd. */
    const double want[4][4] = {{36.2785, 33.7591, 39.3206, 1.69},
                               {4.63747, 3.7715, 5.70225, 0.59},
                               {370.071, 321.028, 420.74, 30.3},
                               {8.34409, 7.64771, 9.11994, 0.448}};
    const co_model_uncertainty bu = figures(4, bg_est, bg_cov), gu = figures(3, gg_est, gg_cov);
    const co_clv_options c = weekly();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 20000;
    opt.level = 0.90;
    opt.threads = 2;
    double lo[4], hi[4], point[4];
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_OK, "%s", co_errmsg());
    const co_bgnbd_params bg = {bg_est[0], bg_est[1], bg_est[2], bg_est[3]};
    const co_gammagamma_params gg = {gg_est[0], gg_est[1], gg_est[2]};
    cr_assert_eq(co_bgnbd_clv(&bg, &gg, cust_x, cust_tx, cust_T, cust_m, 4, &c, point), CO_OK);
    for (int i = 0; i < 4; i++) {
        const double tol = 0.1 * want[i][3];
        cr_assert(fabs(point[i] - want[i][0]) <= 1e-5 * want[i][0], "point %d: %.8g vs %.6g", i,
                  point[i], want[i][0]);
        cr_assert(fabs(lo[i] - want[i][1]) <= tol && fabs(hi[i] - want[i][2]) <= tol,
                  "customer %d: [%.6g, %.6g], numpy [%.6g, %.6g]", i, lo[i], hi[i], want[i][1],
                  want[i][2]);
        cr_assert(lo[i] < point[i] && point[i] < hi[i]);
    }
}

Test(clv_band, paretonbd_holds_the_point_and_is_the_same_for_any_thread_count)
{
    static cdnow data;
    cdnow_load(&data);
    const co_model_uncertainty pu = figures(4, pn_est, pn_cov), gu = figures(3, gg_est, gg_cov);
    const co_paretonbd_params pn = {pn_est[0], pn_est[1], pn_est[2], pn_est[3]};
    const co_gammagamma_params gg = {gg_est[0], gg_est[1], gg_est[2]};
    const co_clv_options c = weekly();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 200;
    opt.level = 0.90;
    enum { N = 400 };
    static double lo1[N], hi1[N], lo[N], hi[N], point[N];
    cr_assert_eq(co_paretonbd_clv_band(&pu, &gu, data.x, data.tx, data.T, data.zbar, N, &c, &opt,
                                       lo1, hi1),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_paretonbd_clv(&pn, &gg, data.x, data.tx, data.T, data.zbar, N, &c, point),
                 CO_OK);
    size_t inside = 0;
    for (size_t i = 0; i < N; i++) {
        cr_assert(lo1[i] <= hi1[i] && lo1[i] > 0.0);
        inside += lo1[i] <= point[i] && point[i] <= hi1[i];
    }
    /* The point is the CLV at the centre of the draws: inside every 90% band here. */
    cr_assert_eq(inside, N);
    for (size_t threads = 2; threads <= 3; threads++) {
        opt.threads = threads;
        cr_assert_eq(co_paretonbd_clv_band(&pu, &gu, data.x, data.tx, data.T, data.zbar, N, &c,
                                           &opt, lo, hi),
                     CO_OK);
        cr_assert(memcmp(lo, lo1, sizeof lo) == 0 && memcmp(hi, hi1, sizeof hi) == 0,
                  "%zu threads differ", threads);
    }
}

Test(clv_band, narrows_as_the_data_grow)
{
    /* Sixteen times the customers: every variance divided by 16, so every band
     * about 4 times narrower (the asymptotic normal's scale goes as 1/sqrt(n)). */
    double bc[16], gc[9];
    for (int i = 0; i < 16; i++)
        bc[i] = bg_cov[i] / 16;
    for (int i = 0; i < 9; i++)
        gc[i] = gg_cov[i] / 16;
    const co_model_uncertainty bu = figures(4, bg_est, bg_cov), gu = figures(3, gg_est, gg_cov);
    const co_model_uncertainty bu16 = figures(4, bg_est, bc), gu16 = figures(3, gg_est, gc);
    const co_clv_options c = weekly();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 4000;
    double lo[4], hi[4], lo16[4], hi16[4];
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_OK);
    cr_assert_eq(co_bgnbd_clv_band(&bu16, &gu16, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo16,
                                   hi16),
                 CO_OK);
    for (int i = 0; i < 4; i++) {
        const double ratio = (hi[i] - lo[i]) / (hi16[i] - lo16[i]);
        cr_assert(ratio > 3.4 && ratio < 4.6, "customer %d: width ratio %g", i, ratio);
    }
}

Test(clv_band, errors_change_nothing)
{
    co_model_uncertainty bu = figures(4, bg_est, bg_cov), gu = figures(3, gg_est, gg_cov);
    co_clv_options c = weekly();
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 20;
    double lo[4] = {-1, -1, -1, -1}, hi[4] = {-1, -1, -1, -1};
    cr_assert_eq(co_bgnbd_clv_band(&bu, NULL, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_EINVAL);
    cr_assert_eq(co_bgnbd_clv_band(NULL, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_EINVAL);
    /* the models' figures swapped: 3 and 4 parameters where 4 and 3 belong */
    cr_assert_eq(co_bgnbd_clv_band(&gu, &bu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_EINVAL);
    gu.estimate[1] = 0.9; /* q <= 1: no expected order value */
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_EINVAL);
    gu = figures(3, gg_est, gg_cov);
    c.discount_rate = -0.5;
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_EINVAL);
    c = weekly();
    const double bad_m[] = {1, -2, 3, 0};
    cr_assert_eq(co_paretonbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, bad_m, 4, &c, &opt, lo,
                                       hi),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "monetary") != NULL, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo,
                                   NULL),
                 CO_EINVAL);
    for (int i = 0; i < 4; i++)
        cr_assert(lo[i] == -1 && hi[i] == -1);
    /* a spend draw with p x + q <= 1 has no finite CLV: named, nothing written */
    gu.variance[1][1] = 14.0; /* sd of log q 1: a tenth of the draws below q = 1 */
    opt.draws = 200;
    cr_assert_eq(co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, &c, &opt, lo, hi),
                 CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "customer 3") != NULL, "%s", co_errmsg());
    for (int i = 0; i < 4; i++)
        cr_assert(lo[i] == -1 && hi[i] == -1);
}

static int op_clv_band(void *ctx)
{
    (void)ctx;
    const co_model_uncertainty bu = figures(4, bg_est, bg_cov), gu = figures(3, gg_est, gg_cov);
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = 30;
    opt.threads = 2;
    double lo[4], hi[4];
    return co_bgnbd_clv_band(&bu, &gu, cust_x, cust_tx, cust_T, cust_m, 4, NULL, &opt, lo, hi);
}

Test(clv_band, allocation_failures_leak_nothing)
{
    cr_assert_gt(co_test_alloc_sweep(op_clv_band, NULL, NULL), 0);
}

/* ---- the bands' shared work against a draw-by-draw computation ---- */

/* The draws as prediction_band.c makes them, written out again here: log p =
 * log estimate + L z, L L^T the covariance of log p, z standard normal from the
 * library's generator seeded with `seed`; the CLV's covariance is block diagonal
 * (purchase model, then Gamma-Gamma). */
static void draw_by_hand(const co_model_uncertainty *a, const co_model_uncertainty *b,
                         size_t n_draws, uint64_t seed, double *draws)
{
    const size_t ka = a->n_params, k = ka + (b ? b->n_params : 0);
    double cov[49] = {0}, L[49], est[7];
    for (size_t i = 0; i < k; i++) {
        const co_model_uncertainty *u = i < ka ? a : b;
        const size_t at = i < ka ? 0 : ka;
        est[i] = u->estimate[i - at];
        for (size_t j = at; j < at + u->n_params; j++)
            cov[i * k + j] = u->variance[i - at][j - at];
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            cov[i * k + j] /= est[i] * est[j];
    cr_assert_eq(co__cholesky(k, cov, L), CO_OK);
    co_rng rng;
    co__rng_seed(&rng, seed);
    for (size_t d = 0; d < n_draws; d++) {
        double z[7];
        for (size_t i = 0; i < k; i++)
            z[i] = co__rng_normal(&rng);
        for (size_t i = 0; i < k; i++) {
            double s = log(est[i]);
            for (size_t j = 0; j <= i; j++)
                s += L[i * k + j] * z[j];
            draws[d * k + i] = exp(s);
        }
    }
}

static int cmp_values(const void *pa, const void *pb)
{
    const double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* R's type-7 quantile of the sorted v[0..n). */
static double sorted_quantile(const double *v, size_t n, double q)
{
    const double h = q * (double)(n - 1);
    const size_t j = (size_t)floor(h);
    return j + 1 < n ? v[j] + (h - (double)j) * (v[j + 1] - v[j]) : v[j];
}

enum { PATH_N = 160, PATH_MAX_DRAWS = 300 };

/* Customer i's band from its own values[0..n_draws), sorted here. */
static void assert_band(double *values, size_t n_draws, double level, double lo, double hi,
                        const char *what, size_t i)
{
    qsort(values, n_draws, sizeof *values, cmp_values);
    const double want_lo = sorted_quantile(values, n_draws, (1.0 - level) / 2);
    const double want_hi = sorted_quantile(values, n_draws, (1.0 + level) / 2);
    cr_assert(fabs(lo - want_lo) <= 1e-11 * fabs(want_lo) + 1e-300 &&
                  fabs(hi - want_hi) <= 1e-11 * fabs(want_hi) + 1e-300,
              "%s, customer %zu: [%.17g, %.17g], draw by draw [%.17g, %.17g]", what, i, lo, hi,
              want_lo, want_hi);
}

Test(clv_band, shared_work_equals_a_draw_by_draw_computation)
{
    /* CDNOW customers, the first 40 twice over so that merged histories are
     * spread back; each customer's P(alive) and CLV at every draw from the
     * one-customer public functions (the CLV's months summed one by one with
     * the scalar expected purchases), the band from a full sort. */
    static cdnow data;
    cdnow_load(&data);
    static double x[PATH_N], tx[PATH_N], T[PATH_N], m[PATH_N], lo[PATH_N], hi[PATH_N];
    for (size_t i = 0; i < PATH_N; i++) {
        const size_t from = i < 120 ? i : i - 120;
        x[i] = data.x[from];
        tx[i] = data.tx[from];
        T[i] = data.T[from];
        m[i] = data.zbar[from];
    }
    co_band_options opt;
    co_band_options_init(&opt, sizeof opt);
    opt.draws = getenv("CO_UNDER_VALGRIND") ? 40 : PATH_MAX_DRAWS;
    opt.level = 0.90;
    opt.seed = 7;
    const co_clv_options c = weekly();
    const co_model_uncertainty bu = figures(4, bg_est, bg_cov), pu = figures(4, pn_est, pn_cov),
                               gu = figures(3, gg_est, gg_cov);
    static double draws[PATH_MAX_DRAWS * 7], values[PATH_MAX_DRAWS];
    for (int paretonbd = 0; paretonbd <= 1; paretonbd++) {
        const co_model_uncertainty *u = paretonbd ? &pu : &bu;
        const co_purchase_factors *model =
            paretonbd ? &co__paretonbd_purchases : &co__bgnbd_purchases;
        /* P(alive) */
        cr_assert_eq(paretonbd
                         ? co_paretonbd_probability_alive_band(u, x, tx, T, PATH_N, &opt, lo, hi)
                         : co_bgnbd_probability_alive_band(u, x, tx, T, PATH_N, &opt, lo, hi),
                     CO_OK, "%s", co_errmsg());
        draw_by_hand(u, NULL, opt.draws, opt.seed, draws);
        for (size_t i = 0; i < PATH_N; i++) {
            for (size_t d = 0; d < opt.draws; d++) {
                const double *p = draws + d * 4;
                const co_bgnbd_params bg = {p[0], p[1], p[2], p[3]};
                const co_paretonbd_params pn = {p[0], p[1], p[2], p[3]};
                cr_assert_eq(paretonbd ? co_paretonbd_probability_alive(&pn, &x[i], &tx[i], &T[i],
                                                                        1, &values[d])
                                       : co_bgnbd_probability_alive(&bg, &x[i], &tx[i], &T[i], 1,
                                                                    &values[d]),
                             CO_OK);
            }
            assert_band(values, opt.draws, opt.level, lo[i], hi[i], "P(alive)", i);
        }
        /* CLV */
        cr_assert_eq(paretonbd
                         ? co_paretonbd_clv_band(u, &gu, x, tx, T, m, PATH_N, &c, &opt, lo, hi)
                         : co_bgnbd_clv_band(u, &gu, x, tx, T, m, PATH_N, &c, &opt, lo, hi),
                     CO_OK, "%s", co_errmsg());
        draw_by_hand(u, &gu, opt.draws, opt.seed, draws);
        for (size_t i = 0; i < PATH_N; i++) {
            for (size_t d = 0; d < opt.draws; d++) {
                const double *p = draws + d * 7;
                const co_bgnbd_params bg = {p[0], p[1], p[2], p[3]};
                const co_paretonbd_params pn = {p[0], p[1], p[2], p[3]};
                const void *params = paretonbd ? (const void *)&pn : (const void *)&bg;
                const co_gammagamma_params g = {p[4], p[5], p[6]};
                double alive, months;
                cr_assert_eq(model->alive(params, x[i], tx[i], T[i], &alive), CO_OK);
                cr_assert_eq(co__clv_discounted_by_month(model, params, x[i], T[i], &c, &months),
                             CO_OK);
                values[d] = months * alive * co__gammagamma_expected_one(&g, x[i], m[i]);
            }
            assert_band(values, opt.draws, opt.level, lo[i], hi[i], "CLV", i);
        }
    }
}
