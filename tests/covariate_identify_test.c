/* Covariate fits that cannot identify their coefficients end early: a constant or
 * collinear column is refused up front, naming it; a covariate that separates the
 * customers, or a base of a handful of customers, ends the fit with CO_ENOCONV
 * once a coefficient runs off (the fits this stops took 2 to 130 s before). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"

static cdnow data;

static void setup(void) { cdnow_load(&data); }

TestSuite(covariate_identify, .init = setup);

static int fit_dropout(co_btyd_model_kind kind, const double *z, size_t k, size_t n, double *params)
{
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_dropout = k;
    c.dropout = z;
    return co_btyd_cov_fit(kind, data.x, data.tx, data.T, NULL, n, &c, NULL, params, NULL);
}

static void assert_untouched(const double *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(p[i], -1.0, "params[%zu] written", i);
}

Test(covariate_identify, constant_and_collinear_columns_are_named)
{
    static double z[2 * CDNOW_N], one[CDNOW_N];
    for (size_t i = 0; i < CDNOW_N; i++) {
        z[2 * i] = (double)(i % 3);
        z[2 * i + 1] = 1.5 - 2.0 * z[2 * i]; /* a line in the first: collinear with it */
        one[i] = 3.0;
    }
    double p[6] = {-1, -1, -1, -1, -1, -1};
    cr_assert_eq(fit_dropout(CO_BTYD_PARETONBD, one, 1, CDNOW_N, p), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "drop-out column 0 is constant") != NULL, "%s", co_errmsg());
    cr_assert_eq(fit_dropout(CO_BTYD_BGNBD, z, 2, CDNOW_N, p), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "drop-out column 1 is a linear combination") != NULL, "%s",
              co_errmsg());
    assert_untouched(p, 6);
    /* the purchase matrix is named as such */
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = 1;
    c.purchase = one;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_BGNBD, data.x, data.tx, data.T, NULL, CDNOW_N, &c, NULL, p,
                                 NULL),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "purchase column 0 is constant") != NULL, "%s", co_errmsg());
    /* the sBG and the Gamma-Gamma: periods 1..4, churned every other customer */
    static double per[CDNOW_N];
    static uint8_t ch[CDNOW_N];
    for (size_t i = 0; i < CDNOW_N; i++) {
        per[i] = 1.0 + (double)(i % 4);
        ch[i] = i % 2;
    }
    cr_assert_eq(co_sbg_cov_fit(per, ch, NULL, CDNOW_N, z, 2, NULL, p, NULL), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "sBG covariates: column 1 is a linear combination") != NULL, "%s",
              co_errmsg());
    cr_assert_eq(co_sbg_cov_fit(per, ch, NULL, CDNOW_N, one, 1, NULL, p, NULL), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "column 0 is constant") != NULL, "%s", co_errmsg());
    cr_assert_eq(co_gammagamma_cov_fit(data.x, data.zbar, NULL, CDNOW_N, z, 2, NULL, p, NULL),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "Gamma-Gamma covariates: column 1") != NULL, "%s", co_errmsg());
    assert_untouched(p, 6);
    /* a column constant only where the weights are 0 is constant for the fit */
    static double w[CDNOW_N], half[CDNOW_N];
    for (size_t i = 0; i < CDNOW_N; i++) {
        w[i] = i < CDNOW_N / 2;
        half[i] = i < CDNOW_N / 2 ? 2.0 : 5.0;
    }
    c.k_purchase = 0;
    c.purchase = NULL;
    c.k_dropout = 1;
    c.dropout = half;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, data.x, data.tx, data.T, w, CDNOW_N, &c, NULL,
                                 p, NULL),
                 CO_EINVAL);
    assert_untouched(p, 6);
}

Test(covariate_identify, indicators_of_one_factor_are_not_collinear)
{
    /* three levels, the customers in turn; two indicators with the first the reference */
    static double z[2 * CDNOW_N];
    for (size_t i = 0; i < CDNOW_N; i++) {
        z[2 * i] = i % 3 == 1;
        z[2 * i + 1] = i % 3 == 2;
    }
    double p[6];
    cr_assert_eq(fit_dropout(CO_BTYD_PARETONBD, z, 2, CDNOW_N, p), CO_OK, "%s", co_errmsg());
}

Test(covariate_identify, a_separating_covariate_ends_with_enoconv)
{
    /* Marking the customers without a repeat purchase: the Pareto/NBD likelihood of
     * x = 0 rises to 1 as their drop-out rate grows without bound (P(x = 0) =
     * 1 - mu / (lambda + mu) (...) -> 1 as mu -> infinity), so the coefficient runs
     * off to infinity and the fit has no maximum. */
    static double z[CDNOW_N];
    for (size_t i = 0; i < CDNOW_N; i++)
        z[i] = data.x[i] == 0.0;
    double p[5] = {-1, -1, -1, -1, -1};
    cr_assert_eq(fit_dropout(CO_BTYD_PARETONBD, z, 1, CDNOW_N, p), CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "running off") != NULL, "%s", co_errmsg());
    assert_untouched(p, 5);
}

Test(covariate_identify, a_handful_of_customers_ends_with_enoconv)
{
    /* five customers, five free parameters: nothing pins the coefficient down */
    const double z[] = {0, 1, 2, 3, 4};
    double p[5] = {-1, -1, -1, -1, -1};
    cr_assert_eq(fit_dropout(CO_BTYD_PARETONBD, z, 1, 5, p), CO_ENOCONV);
    cr_assert_eq(fit_dropout(CO_BTYD_BGNBD, z, 1, 5, p), CO_ENOCONV);
    assert_untouched(p, 5);
}
