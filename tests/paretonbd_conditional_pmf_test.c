/* co_paretonbd_conditional_probability_of_purchases(). Expected values:
 * tests/reference/paretonbd_conditional_pmf_reference.py (Fader & Hardie's note 028,
 * eq. 16, in mpmath; output in the .out file), and lifetimes' test that the
 * probabilities add up to 1. */
#include <criterion/criterion.h>
#include <math.h>

#include "custorient.h"

static const double cx[3] = {2, 0, 7}, ctx_[3] = {30.43, 0.0, 29.43}, cT[3] = {38.86, 38.86, 35.0};

static void check(const co_paretonbd_params *p, const double want[3][4])
{
    for (size_t c = 0; c < 3; c++)
        for (size_t n = 0; n < 4; n++) {
            const double t = 10.0, count = (double)n;
            double got;
            cr_assert_eq(co_paretonbd_conditional_probability_of_purchases(p, &t, &count, &cx[c],
                                                                           &ctx_[c], &cT[c], 1,
                                                                           &got),
                         CO_OK, "%s", co_errmsg());
            cr_assert(fabs(got - want[c][n]) <= 1e-9 * want[c][n],
                      "customer %zu, n %zu: %.15g vs %.15g", c, n, got, want[c][n]);
        }
}

Test(paretonbd_conditional_pmf, matches_note_028_when_alpha_is_below_beta)
{
    const co_paretonbd_params p = {0.553275541797, 10.5776127155, 0.60621350306, 11.6679085467};
    const double want[3][4] = {
        {0.689774435060219, 0.22357316460843, 0.0652849867983959, 0.0164814329214239},
        {0.972888544486399, 0.0235849767465619, 0.00302268629920048, 0.000428604503635808},
        {0.346668075606477, 0.264437939030257, 0.194782371461676, 0.10945596020566}};
    check(&p, want);
}

Test(paretonbd_conditional_pmf, matches_note_028_when_alpha_exceeds_beta)
{
    const co_paretonbd_params p = {0.55, 12.0, 0.6, 9.0};
    const double want[3][4] = {
        {0.698819509290011, 0.219046495202757, 0.0623614511075631, 0.0153585338328156},
        {0.976886106611293, 0.0201867441618675, 0.0025194738557077, 0.000348326381463095},
        {0.359223481830497, 0.266822799958013, 0.191390431816748, 0.10478387052406}};
    check(&p, want);
}

Test(paretonbd_conditional_pmf, adds_up_to_one_and_refuses_bad_counts)
{
    const co_paretonbd_params p = {0.553, 10.578, 0.606, 11.669};
    enum { K = 60 };
    double t[K], count[K], x[K], tx[K], T[K], out[K];
    for (size_t n = 0; n < K; n++) {
        t[n] = 20.0;
        count[n] = (double)n;
        x[n] = 7;
        tx[n] = 29.43;
        T[n] = 35.0;
    }
    cr_assert_eq(co_paretonbd_conditional_probability_of_purchases(&p, t, count, x, tx, T, K, out),
                 CO_OK);
    double sum = 0;
    for (size_t n = 0; n < K; n++)
        sum += out[n];
    cr_assert(fabs(sum - 1.0) < 1e-8, "sum %.12g", sum);
    count[3] = 1.5;
    out[3] = -1;
    cr_assert_eq(co_paretonbd_conditional_probability_of_purchases(&p, t, count, x, tx, T, K, out),
                 CO_EINVAL);
    cr_assert_eq(out[3], -1);
}
