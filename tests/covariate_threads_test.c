/* The sBG and Gamma-Gamma covariate fits spread their likelihood over the threads
 * of their options, and any number of threads gives the same bits. The test counts
 * the threads the library starts by standing in for pthread_create() (the test
 * links the static library, so its calls resolve here); the true values of the
 * simulated data are known, and the fits must come near them on any thread count. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "numeric_internal.h"

static atomic_int started;

int pthread_create(pthread_t *restrict tid, const pthread_attr_t *restrict attr,
                   void *(*fn)(void *), void *restrict arg)
{
    typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    void *sym = dlsym(RTLD_NEXT, "pthread_create");
    create_fn real;
    memcpy(&real, &sym, sizeof real); /* ISO C has no cast from object to function pointer */
    atomic_fetch_add(&started, 1);
    return real(tid, attr, fn, arg);
}

/* Enough distinct rows for the threads to be used (the likelihood threads from 8192). */
enum { N = 10000, PERIODS = 8 };

/* sBG customers with an indicator and a standard normal: alpha_i, beta_i as
 * custorient/sbg_covariates.h, observed 1..PERIODS periods. */
static void simulate_sbg(const double *truth, double *per, uint8_t *ch, double *x)
{
    co_rng rng;
    co__rng_seed(&rng, 77);
    for (size_t i = 0; i < N; i++) {
        x[2 * i] = co__rng_uniform(&rng) < 0.5;
        x[2 * i + 1] = co__rng_normal(&rng);
        co_sbg m;
        cr_assert_eq(co_sbg_cov_customer_model(truth, x, 2, i, &m), CO_OK);
        const double theta = co__rng_beta(&rng, m.alpha, m.beta);
        const double seen = 1.0 + floor(PERIODS * co__rng_uniform(&rng));
        double t = 1.0;
        while (t <= seen && !(co__rng_uniform(&rng) < theta))
            t += 1.0;
        ch[i] = t <= seen;
        per[i] = t <= seen ? t : seen;
    }
}

Test(covariate_threads, sbg_fit_uses_its_threads_with_the_same_bits)
{
    static double per[N], x[2 * N];
    static uint8_t ch[N];
    const double truth[] = {0.8, 2.5, 0.6, 0.3, -0.4, 0.2};
    simulate_sbg(truth, per, ch, x);
    co_covariate_fit_options o;
    co_covariate_fit_options_init(&o, sizeof o);
    double one[6], three[6];
    atomic_store(&started, 0);
    cr_assert_eq(co_sbg_cov_fit(per, ch, NULL, N, x, 2, &o, one, NULL), CO_OK, "%s", co_errmsg());
    cr_assert_eq(atomic_load(&started), 0, "one thread started %d", atomic_load(&started));
    o.threads = 3;
    cr_assert_eq(co_sbg_cov_fit(per, ch, NULL, N, x, 2, &o, three, NULL), CO_OK, "%s", co_errmsg());
    cr_assert_gt(atomic_load(&started), 0, "three threads started none");
    cr_assert_eq(memcmp(one, three, sizeof one), 0);
    /* and the estimate is the model's: each coefficient within 0.25 of its true value
     * (about 4 standard errors at this size, tests/sbg_covariates_test.c's coverage) */
    for (int j = 2; j < 6; j++)
        cr_assert(fabs(one[j] - truth[j]) < 0.25, "coefficient %d: %g, true %g", j, one[j],
                  truth[j]);
}

Test(covariate_threads, gamma_gamma_fit_uses_its_threads_with_the_same_bits)
{
    static double x[N], z[N], c[2 * N];
    const double truth[] = {4.0, 5.0, 30.0, 0.5, -0.2};
    co_rng rng;
    co__rng_seed(&rng, 78);
    for (size_t i = 0; i < N; i++) { /* as tests/spend_covariates_test.c simulates */
        c[2 * i] = co__rng_uniform(&rng) < 0.5;
        c[2 * i + 1] = co__rng_normal(&rng);
        co_gammagamma_params g;
        cr_assert_eq(co_gammagamma_cov_customer_params(truth, c, 2, i, &g), CO_OK);
        x[i] = 1.0 + (double)co__rng_poisson(&rng, 3.0);
        const double nu = co__rng_gamma(&rng, g.q, 1.0 / g.v);
        z[i] = co__rng_gamma(&rng, g.p * x[i], 1.0 / (x[i] * nu));
    }
    co_covariate_fit_options o;
    co_covariate_fit_options_init(&o, sizeof o);
    double one[5], two[5];
    atomic_store(&started, 0);
    cr_assert_eq(co_gammagamma_cov_fit(x, z, NULL, N, c, 2, &o, one, NULL), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(atomic_load(&started), 0);
    o.threads = 2;
    cr_assert_eq(co_gammagamma_cov_fit(x, z, NULL, N, c, 2, &o, two, NULL), CO_OK, "%s",
                 co_errmsg());
    cr_assert_gt(atomic_load(&started), 0, "two threads started none");
    cr_assert_eq(memcmp(one, two, sizeof one), 0);
    for (int j = 3; j < 5; j++)
        cr_assert(fabs(one[j] - truth[j]) < 0.1, "coefficient %d: %g, true %g", j, one[j],
                  truth[j]);
}
