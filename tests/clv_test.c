/* Customer lifetime value. Expected values: tests/reference/btyd_reference.py,
 * which sums lifetimes' customer_lifetime_value definition with scipy
 * predictions (output quoted below). Weeks: 4.345 per month. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static const co_bgnbd_params P = {0.243, 4.414, 0.793, 2.426};
static const co_paretonbd_params Q = {0.553, 10.578, 0.606, 11.669};
static const co_gammagamma_params G = {6.25, 3.74, 15.44};
static const double x[] = {2, 0, 7}, tx[] = {30.43, 0, 29.43}, T[] = {38.86, 38.86, 35.0},
                    m[] = {22.35, 0, 40};

static co_clv_options weekly(unsigned months, double rate)
{
    co_clv_options o;
    co_clv_options_init(&o, sizeof o);
    o.months = months;
    o.discount_rate = rate;
    o.periods_per_month = 4.345;
    return o;
}

Test(clv, options_default_to_a_year_at_one_percent_in_days)
{
    co_clv_options o;
    co_clv_options_init(&o, sizeof o);
    cr_assert_eq(o.size, sizeof o);
    cr_assert_eq(o.months, 12);
    cr_assert_eq(o.discount_rate, 0.01);
    cr_assert_eq(o.periods_per_month, 30.0);
}

Test(clv, bgnbd_matches_the_reference)
{
    double out[3];
    /* 12 months, 1%: 36.2892111256, 8.36900435892, 205.674204381 */
    const double w12[] = {36.2892111256, 8.36900435892, 205.674204381};
    co_clv_options o = weekly(12, 0.01);
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, tx, T, m, 3, &o, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], w12[i], 1e-9, "clv 12");
    /* 6 months, 5%: 18.1259153213, 4.03570347726, 105.984431747 */
    const double w6[] = {18.1259153213, 4.03570347726, 105.984431747};
    o = weekly(6, 0.05);
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, tx, T, m, 3, &o, out), CO_OK);
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], w6[i], 1e-9, "clv 6");
    /* No horizon, no value. */
    o = weekly(0, 0.01);
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, tx, T, m, 3, &o, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
}

Test(clv, paretonbd_matches_the_reference)
{
    double out[3];
    /* 43.0899178601, 4.52802167286, 222.095742684 */
    const double want[] = {43.0899178601, 4.52802167286, 222.095742684};
    co_clv_options o = weekly(12, 0.01);
    cr_assert_eq(co_paretonbd_clv(&Q, &G, x, tx, T, m, 3, &o, out), CO_OK, "%s", co_errmsg());
    for (int i = 0; i < 3; i++)
        assert_rel(out[i], want[i], 1e-9, "clv");
}

Test(clv, bad_input_changes_nothing)
{
    double out[3] = {7, 7, 7};
    co_clv_options o = weekly(12, -0.5);
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, tx, T, m, 3, &o, out), CO_EINVAL);
    o = weekly(12, 0.01);
    o.size = 0;
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, tx, T, m, 3, &o, out), CO_EINVAL);
    const double bad_m[] = {22.35, NAN, 40};
    cr_assert_eq(co_paretonbd_clv(&Q, &G, x, tx, T, bad_m, 3, NULL, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "monetary[1] is not finite");
    const co_gammagamma_params low_q = {6.0, 1.0, 15.0};
    cr_assert_eq(co_bgnbd_clv(&P, &low_q, x, tx, T, m, 3, NULL, out), CO_EINVAL);
    const co_bgnbd_params a_one = {0.243, 4.414, 1.0, 2.426};
    cr_assert_eq(co_bgnbd_clv(&a_one, &G, x, tx, T, m, 3, NULL, out), CO_EINVAL);
    const double bad_tx[] = {30.43, 0, 36};
    cr_assert_eq(co_bgnbd_clv(&P, &G, x, bad_tx, T, m, 3, NULL, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "recency[2] = 36 exceeds T[2] = 35");
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], 7.0);
}

static double values[3];

static int clv_op(void *ctx)
{
    (void)ctx;
    return co_paretonbd_clv(&Q, &G, x, tx, T, m, 3, NULL, values);
}

static void unchanged(void *ctx)
{
    (void)ctx;
    cr_assert_eq(values[0], -1.0);
}

Test(clv, allocation_failures_change_nothing)
{
    values[0] = -1.0;
    cr_assert(co_test_alloc_sweep(clv_op, unchanged, NULL) > 0);
}
