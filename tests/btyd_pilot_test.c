/* The pilot fit that large purchase-model fits start from only ever saves
 * time: when its sample holds nothing to learn from, the fit still reaches
 * the maximum of the full likelihood. */
#include <criterion/criterion.h>
#include <math.h>

#include "btyd_fixtures.h"
#include "custorient.h"

/* 4001 one-time customers with distinct T come first in the (x, tx, T) order;
 * 6 repeat-buying histories of 200 customers each follow. The pilot takes
 * every 8th distinct history (rows 0, 8, ..., 4000): one-time customers only. */
enum { ONE_TIME = 4001, REPEAT_KINDS = 6, EACH = 200, N = ONE_TIME + REPEAT_KINDS * EACH };
static double x[N], tx[N], T[N];

static void setup(void)
{
    for (int i = 0; i < ONE_TIME; i++) {
        x[i] = 0.0;
        tx[i] = 0.0;
        T[i] = 200.0 + 0.05 * i;
    }
    const double kx[REPEAT_KINDS] = {1, 2, 3, 5, 8, 13},
                 ktx[REPEAT_KINDS] = {40, 150, 90, 250, 280, 295};
    for (int k = 0; k < REPEAT_KINDS; k++)
        for (int j = 0; j < EACH; j++) {
            const int i = ONE_TIME + k * EACH + j;
            x[i] = kx[k];
            tx[i] = ktx[k];
            T[i] = 300.0;
        }
}

TestSuite(btyd_pilot, .init = setup);

/* The estimate is a stationary point of the full likelihood, and the
 * reported log-likelihood (`ll` from the model's own function) is its. */
static void assert_full_optimum(co_loglik_fn loglik, const double *est,
                                const co_btyd_fit_info *info, double ll)
{
    cr_assert_eq(info->distinct_rows, ONE_TIME + REPEAT_KINDS);
    assert_stationary(loglik, x, tx, T, N, est);
    assert_rel(info->log_likelihood, ll, 1e-13, "log-likelihood at the estimate");
}

Test(btyd_pilot, bgnbd_fit_survives_a_pilot_without_repeat_buyers)
{
    co_bgnbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    double ll;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N, NULL, &p, &info), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_log_likelihood(&p, x, tx, T, NULL, N, &ll), CO_OK);
    assert_full_optimum(co__bgnbd_loglik, (const double[]){p.r, p.alpha, p.a, p.b}, &info, ll);
}

Test(btyd_pilot, paretonbd_fit_survives_a_pilot_without_repeat_buyers)
{
    co_paretonbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    double ll;
    cr_assert_eq(co_paretonbd_fit(x, tx, T, NULL, N, NULL, &p, &info), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_paretonbd_log_likelihood(&p, x, tx, T, NULL, N, &ll), CO_OK);
    assert_full_optimum(co__paretonbd_loglik, (const double[]){p.r, p.alpha, p.s, p.beta}, &info,
                        ll);
}
