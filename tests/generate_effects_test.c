/* The generator's feedback changes behaviour by the documented amounts
 * (custorient/generate.h): fitting the covariate models of
 * custorient/btyd_covariates.h to a generated sample recovers the true
 * parameters within their 95% intervals. The covariates are read from the
 * records with the store's plain queries: a detractor answer on or before the
 * as-of day, and a contact still open on it. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "custorient.h"

/* Under valgrind a small sample runs the same paths; the recovery itself is
 * asserted natively and under ASan. */
#define CUSTOMERS (getenv("CO_UNDER_VALGRIND") ? 600u : 20000u)

typedef struct sample {
    co_summary *weeks;
    double *x; /* n x 2: detractor answer, open complaint */
} sample;

static sample make(co_generate_process process, uint64_t seed)
{
    co_generate_options o;
    co_generate_options_init(&o, sizeof o);
    o.customers = CUSTOMERS;
    o.seed = seed;
    o.process = process;
    co_store *s = NULL;
    cr_assert_eq(co_generate(&o, &s), CO_OK, "%s", co_errmsg());
    sample out = {0};
    cr_assert_eq(co_store_summary(s, o.end, CO_UNIT_WEEKS, &out.weeks), CO_OK, "%s", co_errmsg());
    size_t n = out.weeks->n;
    co_day *detractor = calloc(n, sizeof *detractor);
    uint64_t *open = calloc(n, sizeof *open);
    out.x = calloc(2 * n, sizeof *out.x);
    cr_assert(detractor && open && out.x);
    cr_assert_eq(co_store_last_detractor(s, o.end, out.weeks->customer, n, detractor), CO_OK);
    cr_assert_eq(co_store_open_contacts(s, o.end, out.weeks->customer, n, open), CO_OK);
    for (size_t i = 0; i < n; i++) {
        out.x[2 * i] = detractor[i] != CO_DAY_NONE;
        out.x[2 * i + 1] = open[i] > 0;
    }
    free(detractor);
    free(open);
    co_store_free(s);
    return out;
}

static void drop(sample *s)
{
    co_summary_free(s->weeks);
    free(s->x);
}

/* Fit `kind` with the two covariates on drop-out and check each coefficient's
 * interval holds its `truth`. The base parameters are printed but not checked:
 * orders on the same day count as one purchase (frequency counts order days), so
 * the fitted purchase rate comes out a little below the generator's, most for
 * the BG/NBD, whose customers also drop out after the merged orders. */
static void recover(co_btyd_model_kind kind, const sample *s, const double *truth,
                    const char *const *names)
{
    const co_summary *w = s->weeks;
    co_btyd_covariates cov;
    co_btyd_covariates_init(&cov, sizeof cov);
    cov.k_dropout = 2;
    cov.dropout = s->x;
    size_t k = co_btyd_cov_n_params(kind, &cov);
    double params[8], se[8], lo[8], hi[8];
    cr_assert_leq(k, 8u);
    cr_assert_eq(co_btyd_cov_fit(kind, w->frequency, w->recency, w->T, NULL, w->n, &cov, NULL,
                                 params, NULL),
                 CO_OK, "%s", co_errmsg());
    co_covariate_uncertainty u = {.size = sizeof u, .standard_error = se, .lower = lo, .upper = hi};
    cr_assert_eq(co_btyd_cov_uncertainty(kind, params, w->frequency, w->recency, w->T, NULL, w->n,
                                         &cov, NULL, &u),
                 CO_OK, "%s", co_errmsg());
    if (getenv("CO_UNDER_VALGRIND"))
        return;
    for (size_t i = 0; i < k; i++)
        fprintf(stderr, "%s %-14s true %8.4f  fit %8.4f  95%% [%8.4f, %8.4f]\n",
                kind == CO_BTYD_PARETONBD ? "Pareto/NBD" : "BG/NBD", names[i], truth[i], params[i],
                lo[i], hi[i]);
    for (size_t i = 4; i < k; i++)
        cr_assert(lo[i] <= truth[i] && truth[i] <= hi[i], "%s: %g outside [%g, %g]", names[i],
                  truth[i], lo[i], hi[i]);
}

/* Pareto/NBD in weeks: r 1.2, alpha 60 days = 60/7 weeks, s 2, beta 600/7 weeks;
 * the drop-out coefficients are the effects 0.75 and 0.5 themselves. */
Test(generate_effects, paretonbd_recovers_the_feedback_effects, .timeout = 600)
{
    sample s = make(CO_GENERATE_PARETONBD, 3);
    static const double truth[] = {1.2, 60.0 / 7.0, 2.0, 600.0 / 7.0, 0.75, 0.5};
    static const char *const names[] = {"r", "alpha", "s", "beta", "detractor", "complaint"};
    recover(CO_BTYD_PARETONBD, &s, truth, names);
    drop(&s);
}

/* BG/NBD: a_i = a exp(g . x), b unchanged: g_a = (0.75, 0.5), g_b = (0, 0). */
Test(generate_effects, bgnbd_recovers_the_feedback_effects, .timeout = 600)
{
    sample s = make(CO_GENERATE_BGNBD, 4);
    static const double truth[] = {1.2, 60.0 / 7.0, 1.0, 10.0, 0.75, 0.5, 0.0, 0.0};
    static const char *const names[] = {"r",           "alpha",       "a",           "b",
                                        "a:detractor", "a:complaint", "b:detractor", "b:complaint"};
    recover(CO_BTYD_BGNBD, &s, truth, names);
    drop(&s);
}
