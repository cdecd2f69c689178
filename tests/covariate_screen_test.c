/* The data a covariate effect needs (custorient/covariate_screen.h). The expected
 * flags are counted by hand from the matrix written out below. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"

enum { N = 20, K = 6 };

/* Columns: 0 an indicator held by 10 of 20 (kept: 10 with, 10 without); 1 held by 9
 * (left out: 9 < 10); 2 held by 11, so 9 lack it (left out); 3 a continuous column
 * (kept: it varies); 4 constant 3.5 (left out); 5 constant 1, an indicator no one
 * lacks (left out). */
static void fill(double *x)
{
    for (size_t i = 0; i < N; i++) {
        x[i * K + 0] = i < 10;
        x[i * K + 1] = i < 9;
        x[i * K + 2] = i < 11;
        x[i * K + 3] = 0.25 * (double)i;
        x[i * K + 4] = 3.5;
        x[i * K + 5] = 1.0;
    }
}

Test(covariate_screen, indicators_need_ten_customers_each_side)
{
    cr_assert_eq(CO_COVARIATE_MIN_PER_SIDE, 10);
    double x[N * K];
    fill(x);
    uint8_t keep[K];
    size_t kept = 99;
    cr_assert_eq(co_covariate_screen(x, N, K, keep, &kept), CO_OK, "%s", co_errmsg());
    const uint8_t want[K] = {1, 0, 0, 1, 0, 0};
    cr_assert_eq(memcmp(keep, want, K), 0, "%u %u %u %u %u %u", keep[0], keep[1], keep[2], keep[3],
                 keep[4], keep[5]);
    cr_assert_eq(kept, 2u);
    /* one customer more with the second indicator: 10 each side */
    x[9 * K + 1] = 1.0;
    cr_assert_eq(co_covariate_screen(x, N, K, keep, NULL), CO_OK);
    cr_assert_eq(keep[1], 1);
}

Test(covariate_screen, bad_input_is_refused_and_changes_nothing)
{
    double x[N * K];
    fill(x);
    x[7 * K + 3] = NAN;
    uint8_t keep[K] = {7, 7, 7, 7, 7, 7};
    size_t kept = 99;
    cr_assert_eq(co_covariate_screen(x, N, K, keep, &kept), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "row 7, column 3") != NULL, "%s", co_errmsg());
    cr_assert_eq(co_covariate_screen(NULL, N, K, keep, &kept), CO_EINVAL);
    cr_assert_eq(co_covariate_screen(x, N, K, NULL, &kept), CO_EINVAL);
    for (size_t j = 0; j < K; j++)
        cr_assert_eq(keep[j], 7);
    cr_assert_eq(kept, 99u);
    cr_assert_eq(co_covariate_screen(NULL, 0, 0, NULL, &kept), CO_OK);
    cr_assert_eq(kept, 0u);
}

Test(covariate_screen, ten_customers_per_parameter)
{
    cr_assert_eq(CO_COVARIATE_MIN_PER_PARAMETER, 10);
    /* a Pareto/NBD with 4 effects: 8 parameters, 80 customers */
    cr_assert_eq(co_covariate_check_size(80, 8), CO_OK);
    cr_assert_eq(co_covariate_check_size(79, 8), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(),
                     "79 customers are too few for 8 parameters: at least 80, 10 per parameter");
    cr_assert_eq(co_covariate_check_size(0, 0), CO_OK);
}
