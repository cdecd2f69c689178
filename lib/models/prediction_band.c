/* Per-customer percentile bands of a prediction under parameter uncertainty:
 * parameters drawn from their asymptotic normal on the log scale (the covariance
 * of a co_model_uncertainty), the prediction computed for each draw, and the
 * band read off the sorted values. Draws are made once, before the customers are
 * split between threads, so any thread count gives the same bits. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

#define MAX_THREADS 256

static co_band_options defaults(void)
{
    co_band_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.draws = 2000;
    d.level = 0.95;
    d.seed = 1;
    d.threads = 1;
    return d;
}

int co_band_options_init(co_band_options *opt, size_t size)
{
    co_band_options d = defaults();
    return co__options_init(opt, size, &d, sizeof d, __func__);
}

typedef struct band_job {
    const co_band_model *model;
    const co_btyd_args *args; /* params unused: each draw's go in */
    const double *draws;      /* draws x k natural parameters */
    size_t n_draws, first, last;
    double lo_q, hi_q;
    double *lower, *upper; /* scratch results, n each */
    int rc;
    size_t failed_at; /* customer of the first failure */
    size_t failed_draw;
    int started; /* a thread of its own was started (else ran here, or not at all) */
} band_job;

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of sorted v[0..n-1], linear between order statistics (R type 7). */
static double quantile(const double *v, size_t n, double q)
{
    const double h = q * (double)(n - 1);
    const size_t lo = (size_t)floor(h);
    const size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

static void *run_job(void *arg)
{
    band_job *j = arg;
    double *vals = co__malloc_array(j->n_draws, sizeof *vals);
    if (!vals) {
        j->rc = CO_ENOMEM;
        return NULL;
    }
    co_btyd_args a = *j->args;
    for (size_t i = j->first; i < j->last && j->rc == CO_OK; i++) {
        for (size_t d = 0; d < j->n_draws; d++) {
            a.params = j->draws + d * j->model->k;
            int rc = j->model->value(&a, i, &vals[d]);
            if (rc == CO_OK && !isfinite(vals[d]))
                rc = CO_ENOCONV;
            if (rc != CO_OK) {
                j->rc = rc;
                j->failed_at = i;
                j->failed_draw = d;
                break;
            }
        }
        if (j->rc != CO_OK)
            break;
        qsort(vals, j->n_draws, sizeof *vals, cmp_double);
        j->lower[i] = quantile(vals, j->n_draws, j->lo_q);
        j->upper[i] = quantile(vals, j->n_draws, j->hi_q);
    }
    co__free(vals);
    return NULL;
}

/* Draw the parameters: log p = log estimate + L z, L L^T the covariance of log p. */
static int draw_params(const co_band_model *m, const co_model_uncertainty *u, size_t n_draws,
                       uint64_t seed, double *draws)
{
    const size_t k = m->k;
    double cov[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS],
        L[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            cov[i * k + j] = u->variance[i][j] / (u->estimate[i] * u->estimate[j]);
    if (co__cholesky(k, cov, L) != CO_OK)
        return co__fail(CO_EINVAL, "%s band: the variance matrix is not positive definite",
                        m->name);
    co_rng rng;
    co__rng_seed(&rng, seed);
    for (size_t d = 0; d < n_draws; d++) {
        double z[CO_MODEL_MAX_PARAMS];
        for (size_t i = 0; i < k; i++)
            z[i] = co__rng_normal(&rng);
        for (size_t i = 0; i < k; i++) {
            double s = log(u->estimate[i]);
            for (size_t j = 0; j <= i; j++)
                s += L[i * k + j] * z[j];
            draws[d * k + i] = exp(s);
        }
    }
    return CO_OK;
}

static int check_uncertainty(const co_band_model *m, const co_model_uncertainty *u)
{
    if (!u)
        return co__fail(CO_EINVAL, "%s band: uncertainty is NULL", m->name);
    if (u->size < offsetof(co_model_uncertainty, log_likelihood) || u->n_params != m->k)
        return co__fail(CO_EINVAL,
                        "%s band: the uncertainty (size %zu, %zu parameters) is not one of "
                        "this model's with its variance matrix",
                        m->name, u->size, u->n_params);
    for (size_t i = 0; i < m->k; i++)
        if (!(u->estimate[i] > 0.0) || !isfinite(u->estimate[i]))
            return co__fail(CO_EINVAL, "%s band: estimate %zu = %g is not finite and > 0", m->name,
                            i, u->estimate[i]);
    return CO_OK;
}

int co__btyd_band(const co_band_model *m, const co_model_uncertainty *u, const double *horizon,
                  const double *frequency, const double *recency, const double *T, size_t n,
                  const co_band_options *opt, double *lower, double *upper)
{
    int rc = co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK && m->takes_t)
        rc = co__btyd_check_nonneg("t", horizon, n, 0);
    if (rc != CO_OK)
        return rc;
    const co_btyd_args arrays = {NULL, m->takes_t ? horizon : NULL, frequency, recency, T, NULL};
    const co_btyd_args *args = &arrays;
    co_band_options o = defaults();
    rc = check_uncertainty(m, u);
    if (rc == CO_OK && co__options_resolve(&o, sizeof o, opt, "co_band_options") < 0)
        return CO_EINVAL;
    if (rc == CO_OK && (o.draws < 2 || !(o.level > 0.0 && o.level < 1.0) || o.threads == 0 ||
                        o.threads > MAX_THREADS))
        rc = co__fail(CO_EINVAL, "%s band: draws must be >= 2, 0 < level < 1, 1 <= threads <= %d",
                      m->name, MAX_THREADS);
    if (rc == CO_OK && (!lower || !upper))
        rc = co__fail(CO_EINVAL, "%s band: lower or upper is NULL", m->name);
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc != CO_OK)
        return rc;
    double *draws = co__malloc_array(o.draws, m->k * sizeof *draws);
    double *lo = co__malloc_array(n, sizeof *lo), *hi = co__malloc_array(n, sizeof *hi);
    band_job *jobs = co__malloc_array(o.threads, sizeof *jobs);
    pthread_t *tids = co__malloc_array(o.threads, sizeof *tids);
    if (!draws || !lo || !hi || !jobs || !tids)
        rc = co__fail_nomem();
    if (rc == CO_OK)
        rc = draw_params(m, u, o.draws, o.seed, draws);
    const size_t per = (n + o.threads - 1) / o.threads;
    for (size_t t = 0; rc == CO_OK && t < o.threads; t++) {
        const size_t first = t * per < n ? t * per : n, last = first + per < n ? first + per : n;
        jobs[t] = (band_job){
            m,  args, draws, o.draws, first, last, (1.0 - o.level) / 2, (1.0 + o.level) / 2,
            lo, hi,   CO_OK, 0,       0,     0};
        /* the first range runs on this thread */
        if (t > 0) {
            jobs[t].started = pthread_create(&tids[t], NULL, run_job, &jobs[t]) == 0;
            if (!jobs[t].started)
                jobs[t].rc = CO_ENOMEM;
        }
    }
    if (rc == CO_OK) {
        run_job(&jobs[0]);
        for (size_t t = 1; t < o.threads; t++)
            if (jobs[t].started && pthread_join(tids[t], NULL) != 0)
                jobs[t].rc = CO_ENOMEM; /* cannot happen to a thread started here */
    }
    for (size_t t = 0; rc == CO_OK && t < o.threads; t++) {
        if (jobs[t].rc == CO_ENOMEM)
            rc = co__fail_nomem();
        else if (jobs[t].rc != CO_OK) {
            /* again on this thread, for the message the worker's thread kept */
            co_btyd_args a = *args;
            double v;
            a.params = draws + jobs[t].failed_draw * m->k;
            int again = m->value(&a, jobs[t].failed_at, &v);
            char why[192];
            snprintf(why, sizeof why, "%s", again != CO_OK ? co_errmsg() : "not finite");
            rc = co__fail(jobs[t].rc, "%s band: customer %zu, parameter draw %zu: %s", m->name,
                          jobs[t].failed_at, jobs[t].failed_draw, why);
        }
    }
    if (rc == CO_OK) {
        memcpy(lower, lo, n * sizeof *lo);
        memcpy(upper, hi, n * sizeof *hi);
    }
    co__free(draws);
    co__free(lo);
    co__free(hi);
    co__free(jobs);
    co__free(tids);
    return rc;
}
