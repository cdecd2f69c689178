/* lib/numeric/fastmath_internal.h: the vectorisable log and exp against libm's
 * (glibc's log and exp are correctly rounded in nearly every case, so within
 * one unit in the last place of them means within about one of the truth). */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>

#include "fastmath_internal.h"

/* |got - want| in units in the last place of want */
static double ulps(double got, double want)
{
    if (got == want)
        return 0.0;
    return fabs(got - want) / (nextafter(fabs(want), INFINITY) - fabs(want));
}

/* a fixed sequence of uniforms in (0, 1) (a 64-bit LCG's top 53 bits) */
static double next_uniform(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*s >> 11) + 0.5) * 0x1p-53;
}

Test(fastmath, log_within_one_ulp_of_libm)
{
    uint64_t s = 1;
    for (int i = 0; i < 400000; i++) {
        /* every binade of the normal doubles, and [0.5, 2.5] (values near 1) */
        const double u = next_uniform(&s);
        const double x = i % 2 ? exp((u - 0.5) * 1410.0) : 0.5 + 2.0 * u;
        const double e = ulps(co__fast_log(x), log(x));
        cr_assert(e <= 1.0, "log(%a): %a against libm's %a", x, co__fast_log(x), log(x));
    }
    /* the ends, powers of 2, around 1 and sqrt(2)^+-1 (where m wraps), alpha + t */
    const double edges[] = {DBL_MIN,
                            DBL_MAX,
                            0.5,
                            1.0,
                            2.0,
                            0x1.6a09e667f3bcdp-1,
                            0x1.6a09e667f3bcdp+0,
                            0x1.fffffffffffffp-1,
                            0x1.0000000000001p+0,
                            31.0};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        cr_assert(ulps(co__fast_log(edges[i]), log(edges[i])) <= 1.0, "log(%a)", edges[i]);
    cr_assert_eq(co__fast_log(1.0), 0.0);
}

Test(fastmath, exp_of_negative_within_one_ulp_of_libm)
{
    uint64_t s = 2;
    for (int i = 0; i < 400000; i++) {
        const double u = next_uniform(&s);
        const double y = i % 2 ? -708.0 * u : -3.0 * u;
        cr_assert(ulps(co__fast_exp_neg(y), exp(y)) <= 1.0, "exp(%a): %a against libm's %a", y,
                  co__fast_exp_neg(y), exp(y));
    }
    cr_assert_eq(co__fast_exp_neg(0.0), 1.0);
    cr_assert_eq(co__fast_exp_neg(-0.0), 1.0);
    cr_assert(ulps(co__fast_exp_neg(-708.0), exp(-708.0)) <= 1.0);
    cr_assert(ulps(co__fast_exp_neg(-0.69314718055994531), 0.5) <= 1.0);
}
