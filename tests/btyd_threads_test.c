/* The purchase models' fits give the same bits for any thread count: their
 * likelihood sums run over fixed blocks of the data, added in block order. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"

/* More distinct histories than one block (4096) holds: continuous times. */
#define N 30000

static double X[N], TX[N], TT[N];

static void simulate(int pareto)
{
    for (size_t i = 0; i < N; i++)
        TT[i] = 1.0 + 545.0 * fmod((double)i * 0.6180339887498949, 1.0);
    const co_bgnbd_params bg = {0.243, 30.9, 0.793, 2.426};
    const co_paretonbd_params pn = {0.553, 74.0, 0.606, 81.7};
    cr_assert_eq(pareto ? co_paretonbd_simulate(&pn, TT, N, 7, X, TX)
                        : co_bgnbd_simulate(&bg, TT, N, 7, X, TX),
                 CO_OK);
}

static int fit(int pareto, size_t threads, double *p, co_btyd_fit_info *info)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.threads = threads;
    if (pareto)
        return co_paretonbd_fit(X, TX, TT, NULL, N, &opt, (co_paretonbd_params *)p, info);
    return co_bgnbd_fit(X, TX, TT, NULL, N, &opt, (co_bgnbd_params *)p, info);
}

static void same_for_any_thread_count(int pareto)
{
    simulate(pareto);
    double one[4], more[4];
    co_btyd_fit_info i1 = {.size = sizeof i1}, in = {.size = sizeof in};
    cr_assert_eq(fit(pareto, 1, one, &i1), CO_OK, "%s", co_errmsg());
    cr_assert(i1.distinct_rows > 4096, "%zu rows: one block only", i1.distinct_rows);
    for (size_t threads = 2; threads <= 4; threads++) {
        cr_assert_eq(fit(pareto, threads, more, &in), CO_OK, "%s", co_errmsg());
        cr_assert(memcmp(one, more, sizeof one) == 0,
                  "%zu threads: %.17g %.17g %.17g %.17g, one: %.17g %.17g %.17g %.17g", threads,
                  more[0], more[1], more[2], more[3], one[0], one[1], one[2], one[3]);
        cr_assert(in.log_likelihood == i1.log_likelihood && in.evaluations == i1.evaluations);
    }
}

Test(btyd_threads, bgnbd_fit_is_the_same_for_any_thread_count) { same_for_any_thread_count(0); }

Test(btyd_threads, paretonbd_fit_is_the_same_for_any_thread_count) { same_for_any_thread_count(1); }

Test(btyd_threads, thread_counts_outside_1_to_256_are_refused)
{
    simulate(0);
    co_bgnbd_params out = {1, 2, 3, 4};
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    const size_t bad[] = {0, 257};
    for (size_t k = 0; k < 2; k++) {
        opt.threads = bad[k];
        cr_assert_eq(co_bgnbd_fit(X, TX, TT, NULL, N, &opt, &out, NULL), CO_EINVAL);
        cr_assert(strstr(co_errmsg(), "threads") != NULL, "%s", co_errmsg());
        cr_assert(out.r == 1 && out.alpha == 2 && out.a == 3 && out.b == 4);
    }
    opt.threads = 256;
    cr_assert_eq(co_bgnbd_fit(X, TX, TT, NULL, N, &opt, &out, NULL), CO_OK);
}
