/* Gamma-Gamma spend model. Expected values: tests/reference/btyd_reference.py
 * (scipy, output quoted) and Fader & Hardie (2013): p = 6.25, q = 3.74, gamma = 15.44. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

TestSuite(gammagamma, .init = setup);

static const co_gammagamma_params G = {6.25, 3.74, 15.44};

Test(gammagamma, fits_cdnow_repeat_customers_like_the_note_and_scipy)
{
    co_gammagamma_params g;
    co_btyd_fit_info info = {.size = sizeof info};
    /* All 2357 rows go in: those with frequency 0 are ignored by definition. */
    cr_assert_eq(co_gammagamma_fit(data.x, data.zbar, NULL, data.n, NULL, &g, &info), CO_OK, "%s",
                 co_errmsg());
    /* scipy: 6.24880269493, 3.7445884393, 15.4477472178; ll -4055.9232435 */
    assert_rel(g.p, 6.24880269493, 1e-5, "p");
    assert_rel(g.q, 3.7445884393, 1e-5, "q");
    assert_rel(g.v, 15.4477472178, 1e-5, "v");
    assert_rel(info.log_likelihood, -4055.9232435, 1e-10, "ll");
    double ll;
    cr_assert_eq(co_gammagamma_log_likelihood(&g, data.x, data.zbar, NULL, data.n, &ll), CO_OK);
    assert_rel(ll, -4055.9232435, 1e-10, "ll again");
}

Test(gammagamma, conditional_expected_value_matches_scipy)
{
    /* (x, zbar) = (1, 11.77), (2, 22.35), (0, 0), (10, 40):
     * 18.9168520578, 24.6637139108, 35.2189781022 (= p v / (q - 1)), 39.799202943 */
    const double x[] = {1, 2, 0, 10}, z[] = {11.77, 22.35, 0, 40},
                 want[] = {18.9168520578, 24.6637139108, 35.2189781022, 39.799202943};
    double out[4];
    cr_assert_eq(co_gammagamma_conditional_expected_value(&G, x, z, 4, out), CO_OK);
    for (int i = 0; i < 4; i++)
        assert_rel(out[i], want[i], 1e-10, "expected value");
}

Test(gammagamma, analytic_gradient_matches_numeric)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, data.x, data.zbar, NULL, NULL, data.n), CO_OK);
    /* Skip the x = 0 group the way the fit does: the log-likelihood ignores it anyway. */
    const double p1[] = {6.25, 3.74, 15.44}, p2[] = {0.7, 12.0, 2.0};
    check_gradient(&d, co__gammagamma_loglik, p1, 3);
    check_gradient(&d, co__gammagamma_loglik, p2, 3);
    co__btyd_data_free(&d);
}

Test(gammagamma, recovers_simulated_parameters)
{
    /* nu ~ Gamma(q, rate v); each order ~ Gamma(p, rate nu); x = 1..8 orders. */
    enum { N = 20000 };
    static double x[N], z[N];
    const co_gammagamma_params truth = {4.0, 3.0, 20.0};
    co_rng rng;
    co__rng_seed(&rng, 99);
    for (int i = 0; i < N; i++) {
        double nu = co__rng_gamma(&rng, truth.q, 1.0 / truth.v), sum = 0.0;
        x[i] = 1 + i % 8;
        for (int k = 0; k < (int)x[i]; k++)
            sum += co__rng_gamma(&rng, truth.p, 1.0 / nu);
        z[i] = sum / x[i];
    }
    co_gammagamma_params g;
    cr_assert_eq(co_gammagamma_fit(x, z, NULL, N, NULL, &g, NULL), CO_OK, "%s", co_errmsg());
    assert_rel(g.p, truth.p, 0.05, "p");
    assert_rel(g.q, truth.q, 0.08, "q");
    assert_rel(g.v, truth.v, 0.1, "v");
}

Test(gammagamma, bad_input)
{
    double x[] = {1, 2, 0}, z[] = {5, 0, 0}, out[3] = {7, 7, 7};
    co_gammagamma_params g = {9, 9, 9};
    cr_assert_eq(co_gammagamma_fit(x, z, NULL, 3, NULL, &g, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "monetary[1] = 0 with frequency[1] = 2 > 0");
    z[1] = -3;
    cr_assert_eq(co_gammagamma_fit(x, z, NULL, 3, NULL, &g, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "monetary[1] = -3 is negative");
    const double zero[] = {0, 0}, zz[] = {0, 0};
    cr_assert_eq(co_gammagamma_fit(zero, zz, NULL, 2, NULL, &g, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "Gamma-Gamma: no customer with frequency > 0");
    z[1] = 4;
    const co_gammagamma_params low_q = {6.0, 0.9, 15.0};
    cr_assert_eq(co_gammagamma_conditional_expected_value(&low_q, x, z, 3, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "Gamma-Gamma: q = 0.9 must exceed 1 for an expected value");
    cr_assert_eq(g.p, 9.0);
    cr_assert_eq(out[0], 7.0);
}

static co_gammagamma_params fitted;

static int fit_op(void *ctx)
{
    (void)ctx;
    return co_gammagamma_fit(data.x, data.zbar, NULL, 500, NULL, &fitted, NULL);
}

static void unchanged(void *ctx)
{
    (void)ctx;
    cr_assert_eq(fitted.p, -1.0);
}

Test(gammagamma, allocation_failures_change_nothing)
{
    fitted.p = -1.0;
    cr_assert(co_test_alloc_sweep(fit_op, unchanged, NULL) > 0);
}
