/* Pareto/NBD. Expected values: tests/reference/btyd_reference.py (scipy
 * hyp2f1 likelihood, quad for P(X(t) = n); output quoted in each test). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

/* Q: the published estimate (alpha < beta); Q2 has alpha < beta by far. */
static const co_paretonbd_params Q = {0.553, 10.578, 0.606, 11.669};
static const co_paretonbd_params Q2 = {0.8, 3.0, 1.4, 25.0};

TestSuite(paretonbd, .init = setup);

Test(paretonbd, fits_cdnow_like_the_paper_and_scipy)
{
    co_paretonbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_paretonbd_fit(data.x, data.tx, data.T, NULL, data.n, NULL, &p, &info), CO_OK,
                 "%s", co_errmsg());
    /* scipy: 0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693; ll -9594.97392983.
     * Published: r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL -9595.0. The
     * likelihood is flat along s and beta, so they are checked to 1e-4. */
    assert_rel(p.r, 0.553275490167, 1e-5, "r");
    assert_rel(p.alpha, 10.5776120186, 1e-5, "alpha");
    assert_rel(p.s, 0.606213594822, 1e-4, "s");
    assert_rel(p.beta, 11.6679112693, 1e-4, "beta");
    assert_rel(info.log_likelihood, -9594.97392983, 1e-10, "ll");
}

Test(paretonbd, log_likelihood_per_customer_matches_scipy_on_both_branches)
{
    /* at Q: -0.521046294081, -9.55428324515, -4.45019433388, -21.0922914025
     * at Q2: -1.16225717388, -10.2577037797, -3.99919066987, -20.49190116 */
    const double w1[] = {-0.521046294081, -9.55428324515, -4.45019433388, -21.0922914025};
    const double w2[] = {-1.16225717388, -10.2577037797, -3.99919066987, -20.49190116};
    for (size_t i = 0; i < 4; i++) {
        double ll;
        cr_assert_eq(co_paretonbd_log_likelihood(&Q, &cx[i], &ctx_[i], &cT[i], NULL, 1, &ll),
                     CO_OK);
        assert_rel(ll, w1[i], 1e-10, "ll Q");
        cr_assert_eq(co_paretonbd_log_likelihood(&Q2, &cx[i], &ctx_[i], &cT[i], NULL, 1, &ll),
                     CO_OK);
        assert_rel(ll, w2[i], 1e-10, "ll Q2");
    }
}

Test(paretonbd, predictions_match_scipy)
{
    double out[5];
    /* P(alive) at Q: 0.295286604617, 0.869167559153, 0.168002326724, 0.879390250095
     * at Q2: 0.104427536766, 0.765035079413, 0.034054174713, 0.774624221955 */
    const double a1[] = {0.295286604617, 0.869167559153, 0.168002326724, 0.879390250095};
    const double a2[] = {0.104427536766, 0.765035079413, 0.034054174713, 0.774624221955};
    cr_assert_eq(co_paretonbd_probability_alive(&Q, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], a1[i], 1e-9, "alive Q");
    cr_assert_eq(co_paretonbd_probability_alive(&Q2, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], a2[i], 1e-9, "alive Q2");
    /* E[X(t)], t = 1, 10, 39, 78: 0.050979843246, 0.427601142832, 1.21300284428, 1.90939812931 */
    const double ts[] = {1, 10, 39, 78},
                 ew[] = {0.050979843246, 0.427601142832, 1.21300284428, 1.90939812931};
    cr_assert_eq(co_paretonbd_expected_purchases(&Q, ts, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], ew[i], 1e-10, "expected");
    /* Conditional t = 39: 0.107081468215, 1.45512319326, 0.171092980554, 4.66724406281 */
    const double t39[] = {39, 39, 39, 39},
                 cw[] = {0.107081468215, 1.45512319326, 0.171092980554, 4.66724406281};
    cr_assert_eq(co_paretonbd_conditional_expected_purchases(&Q, t39, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], cw[i], 1e-9, "conditional");
    /* P(X(39) = n) at Q, n = 0, 1, 2, 3, 10 (scipy quad over the drop-out time):
     * 0.593625031602, 0.165562947277, 0.0824871841163, 0.0490399536428, 0.00419343933208 */
    const double n5[] = {0, 1, 2, 3, 10}, t5[] = {39, 39, 39, 39, 39},
                 pw[] = {0.593625031602, 0.165562947277, 0.0824871841163, 0.0490399536428,
                         0.00419343933208};
    cr_assert_eq(co_paretonbd_probability_of_purchases(&Q, t5, n5, 5, out), CO_OK, "%s",
                 co_errmsg());
    for (int i = 0; i < 5; i++)
        assert_rel(out[i], pw[i], 1e-8, "pmf Q");
    /* at Q2, t = 20, n = 0, 1, 4: 0.339453646645, 0.164115803867, 0.0573985677426 */
    const double n3[] = {0, 1, 4}, t3[] = {20, 20, 20},
                 p3[] = {0.339453646645, 0.164115803867, 0.0573985677426};
    cr_assert_eq(co_paretonbd_probability_of_purchases(&Q2, t3, n3, 3, out), CO_OK);
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], p3[i], 1e-8, "pmf Q2");
}

Test(paretonbd, one_rate_far_above_the_other_matches_mpmath)
{
    /* tests/reference/paretonbd_extreme_reference.py (mpmath, 50 digits): 2F1's
     * argument within 1e-3 of 1, where G is summed as an integral by quadrature. */
    const double x[] = {0, 2, 1, 7, 50}, tx[] = {0, 30.43, 1.71, 29.43, 30},
                 T[] = {38.86, 38.86, 38.86, 35, 35};
    const co_paretonbd_params far[2] = {{0.55, 1.2, 0.6, 5000}, {0.55, 8000, 0.6, 2.5}};
    const double ll_want[2][5] = {{-1.9256323194021671, -9.4730529457273582, -6.1944046185358661,
                                   -19.848146389802344, -34.967025859107582},
                                  {-0.00088829095380337397, -19.693006878696274,
                                   -9.9011048540449237, -57.319589547445148, -304.88327564755918}};
    const double alive_want[2][5] = {{0.99159147294736839, 0.99863874522960908, 0.97249814591615067,
                                      0.99869149066507575, 0.87900077391590111},
                                     {0.18537194379485836, 0.87202292132034186, 0.2528259519348238,
                                      0.90780251471257067, 0.91647748863858479}};
    for (int k = 0; k < 2; k++) {
        double alive[5];
        cr_assert_eq(co_paretonbd_probability_alive(&far[k], x, tx, T, 5, alive), CO_OK, "%s",
                     co_errmsg());
        for (int i = 0; i < 5; i++) {
            double ll;
            cr_assert_eq(co_paretonbd_log_likelihood(&far[k], &x[i], &tx[i], &T[i], NULL, 1, &ll),
                         CO_OK, "%s", co_errmsg());
            /* ll of customer 0 at far[1] is -8.9e-4: compare absolutely there */
            cr_assert(fabs(ll - ll_want[k][i]) <= 1e-10 * (1.0 + fabs(ll_want[k][i])),
                      "ll %d/%d: %.17g want %.17g", k, i, ll, ll_want[k][i]);
            assert_rel(alive[i], alive_want[k][i], 1e-10, "alive");
        }
    }
    /* The analytic gradient holds there too (CDNOW customers, in weeks). */
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, data.x, data.tx, data.T, NULL, data.n), CO_OK);
    for (int k = 0; k < 2; k++)
        check_gradient(&d, co__paretonbd_loglik,
                       (const double[]){far[k].r, far[k].alpha, far[k].s, far[k].beta}, 4);
    cr_assert_eq(co__paretonbd_index(&d), CO_OK);
    for (int k = 0; k < 2; k++)
        check_gradient(&d, co__paretonbd_loglik,
                       (const double[]){far[k].r, far[k].alpha, far[k].s, far[k].beta}, 4);
    co__paretonbd_unindex(&d);
    co__btyd_data_free(&d);
}

Test(paretonbd, expected_purchases_at_s_equal_one_is_the_limit)
{
    /* s = 1: E[X(t)] = r beta / alpha log(1 + t / beta) (the limit of the general
     * formula); r = 2, alpha = 4, beta = 3, t = 6: 1.5 log 3 = 1.6479184330021646. */
    const co_paretonbd_params q = {2.0, 4.0, 1.0, 3.0};
    const double t = 6.0;
    double v;
    cr_assert_eq(co_paretonbd_expected_purchases(&q, &t, 1, &v), CO_OK);
    assert_rel(v, 1.6479184330021646, 1e-14, "s = 1");
}

Test(paretonbd, analytic_gradient_matches_numeric)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, data.x, data.tx, data.T, NULL, data.n), CO_OK);
    const double p1[] = {0.553, 10.578, 0.606, 11.669}, p2[] = {0.8, 3.0, 1.4, 25.0},
                 p3[] = {1.3, 40.0, 0.2, 0.9}, p4[] = {0.5, 7.0, 2.0, 7.0};
    check_gradient(&d, co__paretonbd_loglik, p1, 4);
    check_gradient(&d, co__paretonbd_loglik, p2, 4);
    check_gradient(&d, co__paretonbd_loglik, p3, 4);
    check_gradient(&d, co__paretonbd_loglik, p4, 4); /* alpha == beta: z = 0 */
    /* The indexed evaluation the fit uses gives the same value and gradient. */
    double ll0, g0[4], ll1, g1[4];
    cr_assert_eq(co__paretonbd_loglik(&d, p2, &ll0, g0), CO_OK);
    cr_assert_eq(co__paretonbd_index(&d), CO_OK);
    cr_assert_eq(co__paretonbd_loglik(&d, p2, &ll1, g1), CO_OK);
    assert_rel(ll1, ll0, 1e-13, "indexed ll");
    for (int i = 0; i < 4; i++)
        assert_rel(g1[i], g0[i], 1e-11, "indexed gradient");
    check_gradient(&d, co__paretonbd_loglik, p3, 4);
    co__paretonbd_unindex(&d);
    cr_assert_null(d.aux);
    co__btyd_data_free(&d);
}

Test(paretonbd, recovers_simulated_parameters)
{
    enum { N = 40000 };
    static double T[N], x[N], tx[N];
    for (int i = 0; i < N; i++)
        T[i] = 20.0 + 40.0 * (i % 100) / 99.0;
    const co_paretonbd_params truth = {0.7, 6.0, 0.9, 15.0};
    cr_assert_eq(co_paretonbd_simulate(&truth, T, N, 77, x, tx), CO_OK);
    for (int i = 0; i < N; i++)
        cr_assert(x[i] == 0 ? tx[i] == 0 : tx[i] > 0 && tx[i] <= T[i]);
    co_paretonbd_params p;
    cr_assert_eq(co_paretonbd_fit(x, tx, T, NULL, N, NULL, &p, NULL), CO_OK, "%s", co_errmsg());
    const double est[4] = {p.r, p.alpha, p.s, p.beta};
    assert_stationary(co__paretonbd_loglik, x, tx, T, N, est);
    assert_rel(p.r, truth.r, 0.06, "r");
    assert_rel(p.alpha, truth.alpha, 0.08, "alpha");
    assert_rel(p.s, truth.s, 0.25, "s");
    assert_rel(p.beta, truth.beta, 0.35, "beta");
}

Test(paretonbd, bad_input_and_no_convergence)
{
    double x[] = {1, 2, 0}, tx[] = {1, 2, 0}, T[] = {3, 3, 3}, out[3] = {7, 7, 7};
    co_paretonbd_params p = {9, 9, 9, 9};
    tx[1] = 4.0;
    cr_assert_eq(co_paretonbd_fit(x, tx, T, NULL, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "recency[1] = 4 exceeds T[1] = 3");
    cr_assert_eq(co_paretonbd_conditional_expected_purchases(&Q, T, x, tx, T, 3, out), CO_EINVAL);
    tx[1] = 2.0;
    const double neg = -1.0;
    cr_assert_eq(co_paretonbd_expected_purchases(&Q, &neg, 1, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "t[0] = -1 is negative");
    co_paretonbd_params bad = Q;
    bad.s = NAN;
    cr_assert_eq(co_paretonbd_probability_alive(&bad, x, tx, T, 3, out), CO_EINVAL);
    const double zeros[] = {0, 0}, Ts[] = {5, 9};
    cr_assert_eq(co_paretonbd_fit(zeros, zeros, Ts, NULL, 2, NULL, &p, NULL), CO_ENOCONV);
    cr_assert_eq(p.r, 9.0);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 7.0);
}

static co_paretonbd_params fitted;
static double preds[4];

static int fit_op(void *ctx)
{
    (void)ctx;
    return co_paretonbd_fit(data.x, data.tx, data.T, NULL, 200, NULL, &fitted, NULL);
}

static int alive_op(void *ctx)
{
    (void)ctx;
    return co_paretonbd_probability_alive(&Q, cx, ctx_, cT, 4, preds);
}

static void unchanged(void *ctx)
{
    (void)ctx;
    cr_assert_eq(fitted.r, -1.0);
    cr_assert_eq(preds[0], -1.0);
}

Test(paretonbd, allocation_failures_change_nothing)
{
    fitted.r = -1.0;
    preds[0] = -1.0;
    cr_assert(co_test_alloc_sweep(fit_op, unchanged, NULL) > 0);
    fitted.r = -1.0;
    cr_assert(co_test_alloc_sweep(alive_op, unchanged, NULL) > 0);
}
