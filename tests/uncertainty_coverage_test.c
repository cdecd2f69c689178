/* Coverage of the 95% intervals of co_*_uncertainty(): data sets drawn from
 * known parameters, each fitted, counting how often each interval holds the
 * truth. With R replicates the count is Binomial(R, c); for R = 400 and a true
 * coverage of 0.95 its standard deviation is 0.011, so the band [0.90, 0.99]
 * holds a correct method with probability above 0.999, while standard errors
 * off by a factor 1.5 either way (coverage ~0.79 or ~0.995) fall outside it.
 * The Pareto/NBD data are 1000 customers observed for one to one and a half
 * years: over CDNOW's 27 to 39 weeks that few customers barely identify s and
 * beta (estimates of beta from 3 to 400, a few fits not converging, and the
 * interval of s holding the truth 89% of the time at R = 150). Seeds are fixed: the test is
 * deterministic. The measured coverage is printed and recorded in docs/models.md ("Uncertainty").
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "numeric_internal.h"

/* Under valgrind a few replicates check the memory of the same paths; the
 * coverage itself is asserted natively and under ASan. */
#define REPLICATES (getenv("CO_UNDER_VALGRIND") ? 3u : 400u)
#define LOW 0.90
#define HIGH 0.99

typedef struct tally {
    const char *model;
    const char *const *names;
    size_t k, fitted, failed, held[CO_MODEL_MAX_PARAMS];
} tally;

static void count(tally *t, const co_model_uncertainty *u, const double *truth)
{
    t->fitted++;
    for (size_t i = 0; i < t->k; i++)
        if (u->lower[i] <= truth[i] && truth[i] <= u->upper[i])
            t->held[i]++;
}

static void assert_coverage(const tally *t)
{
    if (getenv("CO_UNDER_VALGRIND"))
        return;
    cr_assert(t->failed <= t->fitted / 50, "%s: %zu fits failed, %zu succeeded", t->model,
              t->failed, t->fitted);
    for (size_t i = 0; i < t->k; i++) {
        const double c = (double)t->held[i] / (double)t->fitted;
        fprintf(stderr, "coverage %s %s: %.3f (%zu of %zu)\n", t->model, t->names[i], c, t->held[i],
                t->fitted);
        cr_assert(c >= LOW && c <= HIGH, "%s %s: coverage %.3f outside [%.2f, %.2f]", t->model,
                  t->names[i], c, LOW, HIGH);
    }
}

/* Customers observed for `first` to `first + span - 1` days, in weeks (CDNOW: 189, 85). */
#define CUSTOMERS 1500
static double T[CUSTOMERS], x[CUSTOMERS], tx[CUSTOMERS], z[CUSTOMERS];

static void observation_times(size_t n, size_t first, size_t span)
{
    for (size_t i = 0; i < n; i++)
        T[i] = (double)(first + i % span) / 7.0;
}

/* Purchase days are whole days, as in transaction data; identical histories then
 * merge and the fits take a fraction of the time. */
static void to_days(size_t n)
{
    for (size_t i = 0; i < n; i++)
        tx[i] = round(tx[i] * 7.0) / 7.0;
}

Test(uncertainty_coverage, bgnbd)
{
    static const char *const names[] = {"r", "alpha", "a", "b"};
    const co_bgnbd_params truth = {0.243, 4.414, 0.793, 2.426};
    const double tv[] = {truth.r, truth.alpha, truth.a, truth.b};
    tally t = {"BG/NBD", names, 4, 0, 0, {0}};
    observation_times(CUSTOMERS, 189, 85);
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_bgnbd_params p;
        co_model_uncertainty u = {.size = sizeof u};
        cr_assert_eq(co_bgnbd_simulate(&truth, T, CUSTOMERS, 1000 + rep, x, tx), CO_OK);
        to_days(CUSTOMERS);
        if (co_bgnbd_fit(x, tx, T, NULL, CUSTOMERS, NULL, &p, NULL) != CO_OK ||
            co_bgnbd_uncertainty(&p, x, tx, T, NULL, CUSTOMERS, NULL, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}

Test(uncertainty_coverage, paretonbd)
{
    static const char *const names[] = {"r", "alpha", "s", "beta"};
    const co_paretonbd_params truth = {0.553, 10.578, 0.606, 11.669};
    const double tv[] = {truth.r, truth.alpha, truth.s, truth.beta};
    tally t = {"Pareto/NBD", names, 4, 0, 0, {0}};
    const size_t n = 1000;
    observation_times(n, 364, 182);
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_paretonbd_params p;
        co_model_uncertainty u = {.size = sizeof u};
        cr_assert_eq(co_paretonbd_simulate(&truth, T, n, 2000 + rep, x, tx), CO_OK);
        to_days(n);
        if (co_paretonbd_fit(x, tx, T, NULL, n, NULL, &p, NULL) != CO_OK ||
            co_paretonbd_uncertainty(&p, x, tx, T, NULL, n, NULL, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}

/* Gamma-Gamma: customer i makes x_i = 1 + (i mod 8) repeat purchases; its mean
 * value is the mean of x_i Gamma(p, nu_i) draws, nu_i ~ Gamma(q, rate v). */
Test(uncertainty_coverage, gammagamma)
{
    static const char *const names[] = {"p", "q", "v"};
    const double tv[] = {6.25, 3.74, 15.44};
    tally t = {"Gamma-Gamma", names, 3, 0, 0, {0}};
    const size_t n = 600;
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_rng rng;
        co__rng_seed(&rng, 3000 + rep);
        for (size_t i = 0; i < n; i++) {
            x[i] = 1.0 + (double)(i % 8);
            const double nu = co__rng_gamma(&rng, tv[1], 1.0 / tv[2]);
            double sum = 0.0;
            for (int j = 0; j < (int)x[i]; j++)
                sum += co__rng_gamma(&rng, tv[0], 1.0 / nu);
            z[i] = sum / x[i];
        }
        co_gammagamma_params g;
        co_model_uncertainty u = {.size = sizeof u};
        if (co_gammagamma_fit(x, z, NULL, n, NULL, &g, NULL) != CO_OK ||
            co_gammagamma_uncertainty(&g, x, z, NULL, n, NULL, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}

/* sBG: three cohorts of 400 customers observed for 8, 6 and 4 periods; each
 * customer churns after a Geometric(theta) number of periods, theta ~ Beta(alpha, beta). */
Test(uncertainty_coverage, sbg)
{
    static const char *const names[] = {"alpha", "beta"};
    const double tv[] = {0.704, 1.182};
    const size_t lengths[] = {9, 7, 5};
    tally t = {"sBG", names, 2, 0, 0, {0}};
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_rng rng;
        co__rng_seed(&rng, 4000 + rep);
        double survivors[21] = {0};
        for (size_t c = 0, at = 0; c < 3; at += lengths[c], c++)
            for (int i = 0; i < 400; i++) {
                const uint64_t life = co__rng_geometric(&rng, co__rng_beta(&rng, tv[0], tv[1]));
                for (size_t s = 0; s < lengths[c]; s++)
                    survivors[at + s] += life > s ? 1.0 : 0.0;
            }
        co_sbg m;
        co_model_uncertainty u = {.size = sizeof u};
        if (co_sbg_fit(survivors, lengths, 3, NULL, &m) != CO_OK ||
            co_sbg_uncertainty(&m, survivors, lengths, 3, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}

Test(uncertainty_coverage, mbgnbd)
{
    static const char *const names[] = {"r", "alpha", "a", "b"};
    const co_mbgnbd_params truth = {0.525, 6.183, 0.891, 1.614};
    const double tv[] = {truth.r, truth.alpha, truth.a, truth.b};
    tally t = {"MBG/NBD", names, 4, 0, 0, {0}};
    /* one to one and a half years: over CDNOW's 27 to 39 weeks the interval of r held the
     * truth only 88.5% of the time (91% with 4000 customers), the drop-out at time 0
     * being hard to tell from a slow buyer so early */
    observation_times(CUSTOMERS, 364, 182);
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_mbgnbd_params p;
        co_model_uncertainty u = {.size = sizeof u};
        cr_assert_eq(co_mbgnbd_simulate(&truth, T, CUSTOMERS, 5000 + rep, x, tx), CO_OK);
        to_days(CUSTOMERS);
        if (co_mbgnbd_fit(x, tx, T, NULL, CUSTOMERS, NULL, &p, NULL) != CO_OK ||
            co_mbgnbd_uncertainty(&p, x, tx, T, NULL, CUSTOMERS, NULL, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}

/* BG/BB: 1500 customers observed for 4 to 8 opportunities, drawn at the donations
 * estimate. */
Test(uncertainty_coverage, bgbb)
{
    static const char *const names[] = {"alpha", "beta", "gamma", "delta"};
    const co_bgbb_params truth = {1.204, 0.750, 0.657, 2.783};
    const double tv[] = {truth.alpha, truth.beta, truth.gamma, truth.delta};
    tally t = {"BG/BB", names, 4, 0, 0, {0}};
    for (size_t i = 0; i < CUSTOMERS; i++)
        T[i] = (double)(4 + i % 5);
    for (uint64_t rep = 0; rep < REPLICATES; rep++) {
        co_bgbb_params p;
        co_model_uncertainty u = {.size = sizeof u};
        cr_assert_eq(co_bgbb_simulate(&truth, T, CUSTOMERS, 6000 + rep, x, tx), CO_OK);
        if (co_bgbb_fit(x, tx, T, NULL, CUSTOMERS, NULL, &p, NULL) != CO_OK ||
            co_bgbb_uncertainty(&p, x, tx, T, NULL, CUSTOMERS, NULL, &u) != CO_OK) {
            t.failed++;
            continue;
        }
        count(&t, &u, tv);
    }
    assert_coverage(&t);
}
