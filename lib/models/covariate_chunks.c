/* A covariate model's log-likelihood summed over its merged rows in fixed
 * chunks, spread over the layout's threads. Each chunk has its own sums, added
 * in chunk order, so any number of threads gives the same bits. */
#include <pthread.h>

#include "btyd_covariates_internal.h"

#define CHUNKS 32
/* Below this many rows the threads cost more than they save. */
#define MIN_THREADED_ROWS 8192

typedef struct chunk_job {
    const co_cov_layout *lay;
    const co_cov_data *d;
    const double *params;
    co_cov_chunk_fn fn;
    const void *ctx;
    size_t first_chunk, stride; /* chunks first_chunk, + stride, ... */
    double *ll, *grad;          /* CHUNKS sums and CHUNKS x n_params gradients */
    int want_grad, rc[CHUNKS];
} chunk_job;

static void *run_chunks(void *arg)
{
    chunk_job *j = arg;
    const size_t n = j->d->n_rows, np = j->lay->n_params;
    for (size_t c = j->first_chunk; c < CHUNKS; c += j->stride)
        j->rc[c] = j->fn(j->lay, j->d, j->params, j->ctx, n * c / CHUNKS, n * (c + 1) / CHUNKS,
                         &j->ll[c], j->want_grad ? j->grad + c * np : NULL);
    return NULL;
}

int co__cov_sum_chunks(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                       co_cov_chunk_fn fn, const void *ctx, double *ll, double *grad)
{
    const size_t np = lay->n_params;
    double sums[CHUNKS], grads[CHUNKS * (CO_COV_MAX_BASE + CO_COV_MAX_COEF)];
    size_t threads = d->n_rows >= MIN_THREADED_ROWS ? lay->threads : 1;
    if (threads > CHUNKS)
        threads = CHUNKS;
    if (threads == 0)
        threads = 1;
    chunk_job jobs[CHUNKS];
    pthread_t tids[CHUNKS];
    int started[CHUNKS] = {0};
    for (size_t t = 0; t < threads; t++) {
        jobs[t] = (chunk_job){lay, d, params, fn, ctx, t, threads, sums, grads, grad != NULL, {0}};
        if (t > 0) /* the first job runs on this thread; a thread that does not start, too */
            started[t] = pthread_create(&tids[t], NULL, run_chunks, &jobs[t]) == 0;
    }
    run_chunks(&jobs[0]);
    for (size_t t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            run_chunks(&jobs[t]);
    }
    double sum = 0.0;
    if (grad)
        for (size_t j = 0; j < np; j++)
            grad[j] = 0.0;
    for (size_t c = 0; c < CHUNKS; c++) {
        const int rc = jobs[c % threads].rc[c];
        if (rc != CO_OK) { /* again on this thread, for the message the worker's thread kept */
            const int again = threads > 1 ? fn(lay, d, params, ctx, d->n_rows * c / CHUNKS,
                                               d->n_rows * (c + 1) / CHUNKS, &sums[c], NULL)
                                          : rc;
            return again != CO_OK ? again : rc;
        }
        sum += sums[c];
        if (grad)
            for (size_t j = 0; j < np; j++)
                grad[j] += grads[c * np + j];
    }
    *ll = sum;
    return CO_OK;
}
