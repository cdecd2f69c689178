/* BG/NBD. Expected values: tests/reference/btyd_reference.py (scipy, run
 * offline; output quoted in each test) and Fader, Hardie & Lee (2005). */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

/* The published point estimate, used for the prediction checks. */
static const co_bgnbd_params P = {0.243, 4.414, 0.793, 2.426};

TestSuite(bgnbd, .init = setup);

Test(bgnbd, fits_cdnow_like_the_paper_and_scipy)
{
    co_bgnbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, NULL, &p, &info), CO_OK, "%s",
                 co_errmsg());
    /* scipy: 0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218; ll -9582.42556057.
     * Paper: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4. */
    assert_rel(p.r, 0.242592907285, 1e-5, "r");
    assert_rel(p.alpha, 4.41353170934, 1e-5, "alpha");
    assert_rel(p.a, 0.792886313089, 1e-5, "a");
    assert_rel(p.b, 2.42575404218, 1e-5, "b");
    assert_rel(info.log_likelihood, -9582.42556057, 1e-10, "ll");
    cr_assert(info.distinct_rows < data.n);
    cr_assert_eq(info.used_fallback, 0);
}

Test(bgnbd, log_likelihood_per_customer_matches_scipy)
{
    /* scipy at P: -0.554713276438, -9.45860630707, -4.46909327503, -21.380329156 */
    const double want[] = {-0.554713276438, -9.45860630707, -4.46909327503, -21.380329156};
    for (size_t i = 0; i < 4; i++) {
        double ll;
        cr_assert_eq(co_bgnbd_log_likelihood(&P, &cx[i], &ctx_[i], &cT[i], NULL, 1, &ll), CO_OK);
        assert_rel(ll, want[i], 1e-10, "ll");
    }
    /* Weights multiply: 3 x customer 1 + 2 x customer 2. */
    double w[] = {3, 2}, ll;
    cr_assert_eq(co_bgnbd_log_likelihood(&P, &cx[1], &ctx_[1], &cT[1], w, 2, &ll), CO_OK);
    assert_rel(ll, 3 * -9.45860630707 + 2 * -4.46909327503, 1e-10, "weighted ll");
}

Test(bgnbd, predictions_match_scipy)
{
    double out[5];
    /* P(alive): 1, 0.726578570081, 0.212100985377, 0.778977117406 (x = 0 gives exactly 1). */
    cr_assert_eq(co_bgnbd_probability_alive(&P, cx, ctx_, cT, 4, out), CO_OK);
    cr_assert_eq(out[0], 1.0);
    assert_rel(out[1], 0.726578570081, 1e-10, "alive 1");
    assert_rel(out[2], 0.212100985377, 1e-10, "alive 2");
    assert_rel(out[3], 0.778977117406, 1e-10, "alive 3");
    /* E[X(t)], t = 1, 10, 39, 78: 0.0532678911717, 0.432413362234, 1.19672319332, 1.86051905794 */
    const double ts[] = {1, 10, 39, 78},
                 ew[] = {0.0532678911717, 0.432413362234, 1.19672319332, 1.86051905794};
    cr_assert_eq(co_bgnbd_expected_purchases(&P, ts, 4, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], ew[i], 1e-9, "expected");
    /* Conditional, t = 39: 0.195098052011, 1.22602817477, 0.20318698708, 4.36928194852 */
    const double t39[] = {39, 39, 39, 39},
                 cw[] = {0.195098052011, 1.22602817477, 0.20318698708, 4.36928194852};
    cr_assert_eq(co_bgnbd_conditional_expected_purchases(&P, t39, cx, ctx_, cT, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], cw[i], 1e-9, "conditional");
    /* P(X(39) = n), n = 0, 1, 2, 3, 10: 0.573786352096, 0.199395280836, 0.0854297595391,
     * 0.045860353848, 0.00359042954019 */
    const double n5[] = {0, 1, 2, 3, 10}, t5[] = {39, 39, 39, 39, 39},
                 pw[] = {0.573786352096, 0.199395280836, 0.0854297595391, 0.045860353848,
                         0.00359042954019};
    cr_assert_eq(co_bgnbd_probability_of_purchases(&P, t5, n5, 5, out), CO_OK);
    for (int i = 0; i < 5; i++)
        assert_rel(out[i], pw[i], 1e-9, "pmf");
    /* No time, no purchases: P(X(0) = 0) = 1, E[X(0)] = 0 (by definition). */
    const double zero = 0.0, one = 1.0;
    cr_assert_eq(co_bgnbd_probability_of_purchases(&P, &zero, &zero, 1, out), CO_OK);
    cr_assert_eq(out[0], 1.0);
    cr_assert_eq(co_bgnbd_probability_of_purchases(&P, &zero, &one, 1, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
    cr_assert_eq(co_bgnbd_expected_purchases(&P, &zero, 1, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
}

Test(bgnbd, heavy_buyers_and_long_horizons_match_mpmath)
{
    /* tests/reference/bgnbd_heavy_reference.py: the paper's formula at 60 digits.
     * In doubles its 2F1 overflows (long horizons) or cancels (tens of
     * thousands of purchases); the library sums the Euler-transformed series. */
    const double t[] = {30, 208, 1e6, 1e6, 39}, x[] = {20000, 20000, 20000, 5000, 7},
                 tx[] = {1e5, 99999, 1e5, 365, 29.43}, T[] = {1e5, 1e5, 1e5, 365, 35};
    const double want[] = {5.9988567834845985, 41.56239684314362, 62100.441792790896,
                           99902.565720608654, 4.3692819485185954};
    double out[5];
    cr_assert_eq(co_bgnbd_conditional_expected_purchases(&P, t, x, tx, T, 5, out), CO_OK, "%s",
                 co_errmsg());
    for (int i = 0; i < 5; i++)
        assert_rel(out[i], want[i], 1e-11, "conditional");
    /* a + b < 1: for x = 0 the series has c = a + b - 1 < 0 and may sum to a
     * negative value; the expectation stays right. */
    const co_bgnbd_params small_ab = {0.26, 4.4, 0.28, 0.69};
    const double t2[] = {4, 52}, x2[] = {0, 3}, tx2[] = {0, 15}, T2[] = {20, 20},
                 want2[] = {0.041444837477942871, 4.6853887537587048};
    cr_assert_eq(co_bgnbd_conditional_expected_purchases(&small_ab, t2, x2, tx2, T2, 2, out), CO_OK,
                 "%s", co_errmsg());
    for (int i = 0; i < 2; i++)
        assert_rel(out[i], want2[i], 1e-11, "conditional, a + b < 1");
}

Test(bgnbd, probability_of_purchases_is_bounded_and_exact_in_the_tail, .timeout = 10)
{
    /* tests/reference/bgnbd_tail_reference.py (.out): FHL (2005) eq. 8 at 50 digits, the
     * tail P(NB >= n) both summed and as mpmath's incomplete beta. Summing the pmf up to n
     * took O(n) time (seconds at 1e7, no end at 1e15), and 1 - cdf cancelled: at t = 10,
     * n = 1000 it gave rounding noise ~1e-21 instead of 1.44e-164. */
    const double t[] = {39, 10, 10, 1000, 52, 1e9, 1e9}, n[] = {3, 5, 1000, 2000, 0, 1e8, 1e7};
    const double want[] = {0.045860353847999725,   0.0050061529218121347, 1.4441831825925901e-164,
                           1.7311198820141957e-10, 0.53840271422939985,   2.4173813147156226e-15,
                           2.7886901066081773e-13};
    double out[7];
    cr_assert_eq(co_bgnbd_probability_of_purchases(&P, t, n, 7, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 7; i++)
        assert_rel(out[i], want[i], 1e-10, "P(X(t) = n)");
    /* n = 1e7 and 1e15 at t = 10: 3.7e-1587857 and 8.4e-158784517723448, below the
     * smallest double: exactly 0, at once. */
    const double t_big[] = {10, 10}, n_big[] = {1e7, 1e15};
    cr_assert_eq(co_bgnbd_probability_of_purchases(&P, t_big, n_big, 2, out), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(out[0], 0.0);
    cr_assert_eq(out[1], 0.0);
}

Test(bgnbd, expected_purchases_over_any_horizon)
{
    /* tests/reference/long_horizon_reference.py (.out): FHL eq. 9 by mpmath at 400 digits.
     * z = t/(alpha+t) rounds to 1 beyond t ~ 1e17, which failed as "2F1: z = 1 outside
     * z < 1"; below, 1 - z from z kept ever fewer digits (5e-9 off at t = 1e15). */
    const double t[] = {1e6, 1e10, 1e14, 1e16, 1e17, 1e20, 1e50, 1e100, 1e300, DBL_MAX};
    const double want[] = {53.540478253014578,    419.20779001028039,     2882.3226956927384,
                           7494.341492056886,     12077.272941009624,     50496.581373774508,
                           81913250788.707588,    1.8338092609352805e+21, 4.6063206005199422e+62,
                           2.3554846723555461e+64};
    double out[10];
    cr_assert_eq(co_bgnbd_expected_purchases(&P, t, 10, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 10; i++)
        assert_rel(out[i], want[i], 1e-12, "E[X(t)] far out");
}

Test(bgnbd, alive_is_one_without_repeat_purchases)
{
    const double x[] = {0, 0, 0}, tx[] = {0, 0, 0}, T[] = {0.5, 40, 1000};
    const co_bgnbd_params q = {2.0, 0.5, 3.0, 0.2};
    double out[3];
    cr_assert_eq(co_bgnbd_probability_alive(&q, x, tx, T, 3, out), CO_OK);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 1.0);
}

Test(bgnbd, analytic_gradient_matches_numeric)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, data.x, data.tx, data.T, NULL, data.n), CO_OK);
    const double p1[] = {0.243, 4.414, 0.793, 2.426}, p2[] = {1.7, 0.3, 2.5, 0.4};
    check_gradient(&d, co__bgnbd_loglik, p1, 4);
    check_gradient(&d, co__bgnbd_loglik, p2, 4);
    co__btyd_data_free(&d);
}

Test(bgnbd, weights_equal_repeated_rows)
{
    /* 1000 customers as 6 weighted rows vs repeated rows: the same estimate. */
    const double x[] = {0, 3, 1, 0, 2, 6}, tx[] = {0, 20, 4, 0, 10, 28},
                 T[] = {30, 30, 25, 12, 30, 29}, w[] = {400, 150, 150, 200, 60, 40};
    static double rx[1000], rtx[1000], rT[1000];
    for (int i = 0, k = 0; k < 6; k++)
        for (int j = 0; j < (int)w[k]; j++, i++) {
            rx[i] = x[k];
            rtx[i] = tx[k];
            rT[i] = T[k];
        }
    co_bgnbd_params a, b;
    co_btyd_fit_info ia = {.size = sizeof ia}, ib = {.size = sizeof ib};
    cr_assert_eq(co_bgnbd_fit(x, tx, T, w, 6, NULL, &a, &ia), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(rx, rtx, rT, NULL, 1000, NULL, &b, &ib), CO_OK, "%s", co_errmsg());
    cr_assert_eq(ib.distinct_rows, 6);
    assert_rel(a.r, b.r, 1e-9, "r");
    assert_rel(a.b, b.b, 1e-9, "b");
    assert_rel(ia.log_likelihood, ib.log_likelihood, 1e-12, "ll");
}

Test(bgnbd, recovers_simulated_parameters)
{
    enum { N = 40000 };
    static double T[N], x[N], tx[N];
    for (int i = 0; i < N; i++)
        T[i] = 20.0 + 40.0 * (i % 100) / 99.0;
    const co_bgnbd_params truth = {0.6, 5.0, 1.2, 3.5};
    cr_assert_eq(co_bgnbd_simulate(&truth, T, N, 20240611, x, tx), CO_OK);
    for (int i = 0; i < N; i++)
        cr_assert(x[i] == 0 ? tx[i] == 0 : tx[i] > 0 && tx[i] <= T[i]);
    co_bgnbd_params p;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N, NULL, &p, NULL), CO_OK, "%s", co_errmsg());
    /* 40k customers pin r and alpha within a few percent; a and b within ~15%. */
    const double est[4] = {p.r, p.alpha, p.a, p.b};
    assert_stationary(co__bgnbd_loglik, x, tx, T, N, est);
    assert_rel(p.r, truth.r, 0.06, "r");
    assert_rel(p.alpha, truth.alpha, 0.08, "alpha");
    assert_rel(p.a, truth.a, 0.2, "a");
    assert_rel(p.b, truth.b, 0.2, "b");
    /* Same seed, same customers. */
    static double x2[N], tx2[N];
    cr_assert_eq(co_bgnbd_simulate(&truth, T, N, 20240611, x2, tx2), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
}

Test(bgnbd, bad_input_names_the_first_bad_index)
{
    double x[] = {1, 2, 0}, tx[] = {1, 2, 0}, T[] = {3, 3, 3}, out[3] = {7, 7, 7};
    co_bgnbd_params p = {9, 9, 9, 9};
    const co_bgnbd_params before = p;
    struct {
        double *arr;
        size_t idx;
        double bad;
        const char *msg;
    } cases[] = {
        {tx, 1, 4.0, "recency[1] = 4 exceeds T[1] = 3"},
        {x, 2, -1.0, "frequency[2] = -1 is negative"},
        {x, 0, 1.5, "frequency[0] = 1.5 is not a whole number"},
        {tx, 2, 1.0, "frequency[2] = 0 but recency[2] = 1 > 0"},
        {T, 1, NAN, "T[1] is not finite"},
        {tx, 0, INFINITY, "recency[0] is not finite"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double keep = cases[c].arr[cases[c].idx];
        cases[c].arr[cases[c].idx] = cases[c].bad;
        cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, 3, NULL, &p, NULL), CO_EINVAL);
        cr_assert_str_eq(co_errmsg(), cases[c].msg);
        cr_assert_eq(co_bgnbd_probability_alive(&P, x, tx, T, 3, out), CO_EINVAL);
        cr_assert_str_eq(co_errmsg(), cases[c].msg);
        cases[c].arr[cases[c].idx] = keep;
    }
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, 0, NULL, &p, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "empty input (n = 0)");
    double w[] = {1, -2, 1};
    cr_assert_eq(co_bgnbd_fit(x, tx, T, w, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "weights[1] = -2 is negative");
    double w0[] = {0, 0, 0};
    cr_assert_eq(co_bgnbd_fit(x, tx, T, w0, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_eq(co_bgnbd_fit(NULL, tx, T, NULL, 3, NULL, &p, NULL), CO_EINVAL);
    cr_assert_eq(memcmp(&p, &before, sizeof p), 0);
    /* Bad parameters and options. */
    co_bgnbd_params bad = P;
    bad.alpha = -1.0;
    cr_assert_eq(co_bgnbd_probability_alive(&bad, x, tx, T, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "BG/NBD: parameter alpha = -1 must be finite and > 0");
    bad = P;
    bad.a = 1.0;
    cr_assert_eq(co_bgnbd_expected_purchases(&bad, T, 3, out), CO_EINVAL);
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = -1.0;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, 3, &opt, &p, NULL), CO_EINVAL);
    opt.penalizer = 0.0;
    opt.size = 3;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, 3, &opt, &p, NULL), CO_EINVAL);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 7.0);
    cr_assert_eq(memcmp(&p, &before, sizeof p), 0);
}

Test(bgnbd, unidentified_data_is_no_convergence)
{
    /* Nobody ever came back: the rate parameters run off (r / alpha -> 0). */
    const double x[] = {0, 0, 0, 0}, tx[] = {0, 0, 0, 0}, T[] = {10, 20, 30, 40};
    co_bgnbd_params p = {9, 9, 9, 9};
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, 4, NULL, &p, NULL), CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "BG/NBD") != NULL, "%s", co_errmsg());
    cr_assert_eq(p.r, 9.0);
}

typedef struct fit_case {
    co_bgnbd_params out;
    double pred[4];
} fit_case;

static int fit_op(void *vctx)
{
    fit_case *c = vctx;
    return co_bgnbd_fit(data.x, data.tx, data.T, NULL, 300, NULL, &c->out, NULL);
}

static int conditional_op(void *vctx)
{
    fit_case *c = vctx;
    const double t[] = {5, 5, 5, 5};
    return co_bgnbd_conditional_expected_purchases(&P, t, cx, ctx_, cT, 4, c->pred);
}

static void unchanged(void *vctx)
{
    fit_case *c = vctx;
    cr_assert_eq(c->out.r, -1.0);
    cr_assert_eq(c->pred[0], -1.0);
}

Test(bgnbd, allocation_failures_change_nothing)
{
    fit_case c = {{-1, -1, -1, -1}, {-1, -1, -1, -1}};
    cr_assert(co_test_alloc_sweep(fit_op, unchanged, &c) > 0);
    c.out.r = -1.0;
    cr_assert(co_test_alloc_sweep(conditional_op, unchanged, &c) > 0);
}
