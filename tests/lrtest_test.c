/* co_likelihood_ratio_test: chi-square tails against scipy
 * (tests/reference/lrtest_reference.py, .out), AIC by hand, and refusals. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient/lrtest.h"

static co_lr_test run(double ll_nested, size_t k_nested, double ll_full, size_t k_full)
{
    co_lr_test t = {.size = sizeof t};
    cr_assert_eq(co_likelihood_ratio_test(ll_nested, k_nested, ll_full, k_full, &t), CO_OK, "%s",
                 co_errmsg());
    return t;
}

static void assert_rel(double got, double want, double tol)
{
    cr_assert(fabs(got - want) <= tol * fabs(want), "got %.17g, want %.17g", got, want);
}

Test(lrtest, p_values_match_scipy)
{
    static const struct {
        double x;
        size_t df;
        double sf;
    } cases[] = {
        {3.841458820694124, 1, 0.049999999999999892},
        {5.991464547107979, 2, 0.050000000000000072},
        {0.5, 3, 0.9188914116546758},
        {12.0, 2, 0.0024787521766663572}, /* df 2: exp(-x / 2) = exp(-6) */
        {40.0, 4, 4.3284226071209661e-08},
        {250.0, 2, 5.1664206328378313e-55},
        {1e-08, 1, 0.99992021154405264},
        {100.0, 30, 1.8568023365102314e-09},
        {30.0, 60, 0.99958155033167229},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* ll_full - ll_nested = x / 2 (exactly, from 0), so the statistic is x. */
        co_lr_test t = run(0.0, 4, cases[i].x / 2, 4 + cases[i].df);
        cr_assert_eq(t.df, cases[i].df);
        assert_rel(t.statistic, cases[i].x, 1e-9);
        assert_rel(t.p_value, cases[i].sf, 1e-9);
    }
}

/* AIC = 2k - 2ll: 2*4 + 2*1234.5 = 2477; 2*6 + 2*1230 = 2472. */
Test(lrtest, aic_of_both_models)
{
    co_lr_test t = run(-1234.5, 4, -1230.0, 6);
    cr_assert_float_eq(t.aic_nested, 2477.0, 1e-9);
    cr_assert_float_eq(t.aic_full, 2472.0, 1e-9);
    cr_assert_float_eq(t.statistic, 9.0, 1e-9);
    assert_rel(t.p_value, exp(-4.5), 1e-12); /* df 2: exp(-9 / 2) */
}

Test(lrtest, a_full_fit_a_hair_worse_counts_as_equal)
{
    co_lr_test t = run(-5000.0, 4, -5000.0 - 1e-4, 5);
    cr_assert_eq(t.statistic, 0.0);
    cr_assert_eq(t.p_value, 1.0);
}

Test(lrtest, bad_input_is_refused_and_writes_nothing)
{
    co_lr_test t, before;
    memset(&t, 0x5a, sizeof t);
    t.size = sizeof t;
    before = t;
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, -9, 4, &t), CO_EINVAL);
    cr_assert_eq(co_likelihood_ratio_test(-10, 5, -9, 4, &t), CO_EINVAL);
    cr_assert_eq(co_likelihood_ratio_test(NAN, 4, -9, 5, &t), CO_EINVAL);
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, INFINITY, 5, &t), CO_EINVAL);
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, -11, 5, &t), CO_EINVAL, "not nested");
    cr_assert(strstr(co_errmsg(), "not nested") != NULL, "%s", co_errmsg());
    cr_assert(memcmp(&t, &before, sizeof t) == 0);
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, -9, 5, NULL), CO_EINVAL);
    t.size = 0;
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, -9, 5, &t), CO_EINVAL);
}

/* An older caller's struct without the AIC fields gets the test alone. */
Test(lrtest, a_smaller_struct_gets_its_fields_only)
{
    unsigned char buf[sizeof(co_lr_test)];
    memset(buf, 0x77, sizeof buf);
    co_lr_test *t = (co_lr_test *)(void *)buf;
    size_t old = offsetof(co_lr_test, aic_nested);
    t->size = old;
    cr_assert_eq(co_likelihood_ratio_test(-10, 4, -8, 5, t), CO_OK);
    cr_assert_float_eq(t->statistic, 4.0, 1e-12);
    for (size_t i = old; i < sizeof buf; i++)
        cr_assert_eq(buf[i], 0x77);
}
