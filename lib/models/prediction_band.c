/* Per-customer percentile bands of a prediction under parameter uncertainty:
 * parameters drawn from their asymptotic normal on the log scale (the covariance
 * of a co_model_uncertainty), the prediction computed for each draw, and the
 * band read off the values by selection. Customers with the same history share
 * the evaluations, and a prediction's factors are each evaluated once per
 * distinct value of what they depend on (band_rows.c, co_band_model); a model's
 * workspace may share more (per draw and distinct time). Draws are made once,
 * before the work is split between threads, and each distinct customer's band
 * depends on nothing else, so any thread count gives the same bits. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "band_internal.h"
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
    const co_band_rows *rows;
    const double *draws;                /* n_draws x k natural parameters */
    size_t n_draws, first_part, n_jobs; /* this thread's parts: first_part + i n_jobs */
    const size_t *part_start;           /* part p: groups part_start[p] .. [p + 1] */
    size_t n_parts;
    double lo_q, hi_q;
    void *ws; /* the model's workspace, if it has one */
    co_quantile_hint hint;
    size_t *index;         /* n_draws, for the selection */
    double *lower, *upper; /* per distinct row */
    int rc;
    size_t failed_group; /* the first group that failed, its row and the draw */
    size_t failed_row, failed_draw;
    int started; /* a thread of its own was started (else ran here, or not at all) */
} band_job;

/* The factor `f` (NULL: 1) of every draw times `by` into out. */
static int times(band_job *j, int (*f)(const void *, const double *, const co_band_row *, double *),
                 const co_band_row *row, const double *by, double *out)
{
    const co_band_model *m = j->model;
    if (f == m->alive && j->ws) {
        int rc = m->alive_all(j->ws, row, out, &j->failed_draw);
        for (size_t d = 0; d < j->n_draws && rc == CO_OK; d++) {
            out[d] = by ? by[d] * out[d] : out[d];
            if (!isfinite(out[d])) {
                j->failed_draw = d;
                rc = CO_ENOCONV;
            }
        }
        return rc;
    }
    for (size_t d = 0; d < j->n_draws; d++) {
        double v = 1.0;
        int rc = f ? f(m->ctx, j->draws + d * m->k, row, &v) : CO_OK;
        out[d] = by ? by[d] * v : v;
        if (rc == CO_OK && !isfinite(out[d]))
            rc = CO_ENOCONV;
        if (rc != CO_OK) {
            j->failed_draw = d;
            return rc;
        }
    }
    return CO_OK;
}

/* The band of each row of group g into lower/upper: the if-alive factor once
 * per draw for the group, P(alive) once per distinct tx, the spend per row.
 * `scratch` holds 4 n_draws. */
static int run_group(band_job *j, size_t g, double *scratch)
{
    const co_band_model *m = j->model;
    const co_band_rows *r = j->rows;
    const size_t first = r->group_start[g], last = r->group_start[g + 1], nd = j->n_draws;
    double *base = scratch, *mid = scratch + nd, *vals = scratch + 2 * nd;
    j->failed_row = first;
    int rc = m->if_alive ? times(j, m->if_alive, &r->rows[first], NULL, base) : CO_OK;
    for (size_t row = first; row < last && rc == CO_OK; row++) {
        const co_band_row *w = &r->rows[row];
        j->failed_row = row;
        if (row == first || w->tx != w[-1].tx)
            rc = times(j, m->alive, w, m->if_alive ? base : NULL, mid);
        if (rc != CO_OK)
            break;
        if (m->spend) {
            for (size_t d = 0; d < nd && rc == CO_OK; d++) {
                vals[d] = mid[d] * m->spend(j->draws + d * m->k, w->x, w->m);
                if (!isfinite(vals[d])) {
                    j->failed_draw = d;
                    rc = CO_ENOCONV;
                }
            }
        } else {
            memcpy(vals, mid, nd * sizeof *vals);
        }
        if (rc == CO_OK)
            co__quantile_pair_hinted(vals, nd, j->lo_q, j->hi_q, &j->hint, scratch + 3 * nd,
                                     j->index, &j->lower[row], &j->upper[row]);
    }
    return rc;
}

static void *run_job(void *arg)
{
    band_job *j = arg;
    const co_band_model *m = j->model;
    double *scratch = co__malloc_array(4 * j->n_draws, sizeof *scratch);
    j->index = co__malloc_array(j->n_draws, sizeof *j->index);
    if (scratch && j->index && m->ws_new) {
        const co_band_setup setup = {j->draws, j->n_draws, m->k, j->rows->times, j->rows->n_times};
        j->ws = m->ws_new(m->ctx, &setup);
    }
    if (!scratch || !j->index || (m->ws_new && !j->ws)) {
        co__free(scratch);
        co__free(j->index);
        j->rc = CO_ENOMEM;
        return NULL;
    }
    for (size_t p = j->first_part; p < j->n_parts && j->rc == CO_OK; p += j->n_jobs)
        for (size_t g = j->part_start[p]; g < j->part_start[p + 1]; g++) {
            const int rc = run_group(j, g, scratch);
            if (rc != CO_OK) {
                j->rc = rc;
                j->failed_group = g;
                break;
            }
        }
    if (j->ws)
        m->ws_free(j->ws);
    co__free(scratch);
    co__free(j->index);
    return NULL;
}

/* Parts of consecutive groups (customers of one x share a workspace's caches)
 * of about equal work, counted as distinct rows plus GROUP_WEIGHT per group (the
 * factors shared by a group); the threads take them in turn, so that the costly
 * and the cheap parts (groups sort by x) spread over all threads. */
#define PARTS_PER_THREAD 8
#define GROUP_WEIGHT 8
static void split_groups(const co_band_rows *r, size_t n_parts, size_t *part_start)
{
    const double total = (double)r->n_rows + GROUP_WEIGHT * (double)r->n_groups;
    size_t g = 0;
    for (size_t p = 0; p < n_parts; p++) {
        part_start[p] = g;
        const double target = total * (double)(p + 1) / (double)n_parts;
        while (g < r->n_groups &&
               (p + 1 == n_parts ||
                (double)r->group_start[g + 1] + GROUP_WEIGHT * (double)(g + 1) <= target))
            g++;
    }
    part_start[n_parts] = r->n_groups;
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

int co__band_check_uncertainty(const char *name, const co_model_uncertainty *u, size_t k)
{
    if (!u)
        return co__fail(CO_EINVAL, "%s band: uncertainty is NULL", name);
    if (u->size < offsetof(co_model_uncertainty, log_likelihood) || u->n_params != k)
        return co__fail(CO_EINVAL,
                        "%s band: the uncertainty (size %zu, %zu parameters) is not one of "
                        "this model's with its variance matrix",
                        name, u->size, u->n_params);
    for (size_t i = 0; i < k; i++)
        if (!(u->estimate[i] > 0.0) || !isfinite(u->estimate[i]))
            return co__fail(CO_EINVAL, "%s band: estimate %zu = %g is not finite and > 0", name, i,
                            u->estimate[i]);
    return CO_OK;
}

static int check_args(const co_band_model *m, const co_model_uncertainty *u, const double *horizon,
                      const double *frequency, const double *recency, const double *T,
                      const double *monetary, size_t n, const co_band_options *opt,
                      co_band_options *o, const double *lower, const double *upper)
{
    int rc = co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK && m->takes_t)
        rc = co__btyd_check_nonneg("t", horizon, n, 0);
    if (rc == CO_OK && m->spend)
        rc = co__btyd_check_nonneg("monetary", monetary, n, 0);
    if (rc != CO_OK)
        return rc;
    rc = co__band_check_uncertainty(m->name, u, m->k);
    if (rc == CO_OK && co__options_resolve(o, sizeof *o, opt, "co_band_options") < 0)
        return CO_EINVAL;
    if (rc == CO_OK && (o->draws < 2 || !(o->level > 0.0 && o->level < 1.0) || o->threads == 0 ||
                        o->threads > MAX_THREADS))
        rc = co__fail(CO_EINVAL, "%s band: draws must be >= 2, 0 < level < 1, 1 <= threads <= %d",
                      m->name, MAX_THREADS);
    if (rc == CO_OK && (!lower || !upper))
        rc = co__fail(CO_EINVAL, "%s band: lower or upper is NULL", m->name);
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    return rc;
}

/* The status of the earliest failed group over all jobs, with its message
 * (recomputed here: the worker's thread kept its own). */
static int first_failure(const co_band_model *m, const co_band_rows *r, const double *draws,
                         const band_job *jobs, size_t n_jobs)
{
    const band_job *bad = NULL;
    for (size_t t = 0; t < n_jobs; t++) {
        if (jobs[t].rc == CO_ENOMEM)
            return co__fail_nomem();
        if (jobs[t].rc != CO_OK && (!bad || jobs[t].failed_group < bad->failed_group))
            bad = &jobs[t];
    }
    if (!bad)
        return CO_OK;
    const size_t row = bad->failed_row;
    size_t customer = SIZE_MAX; /* the first customer of the row, in the caller's order */
    for (size_t s = r->row_start[row]; s < r->row_start[row + 1]; s++)
        customer = r->customer[s] < customer ? r->customer[s] : customer;
    /* again here for the message, the factors in the order run_group() takes them
     * (the if-alive factor at the group's first row, as computed there) */
    const double *draw = draws + bad->failed_draw * m->k;
    double v;
    int again = m->if_alive
                    ? m->if_alive(m->ctx, draw, &r->rows[r->group_start[bad->failed_group]], &v)
                    : CO_OK;
    if (again == CO_OK && m->alive)
        again = m->alive(m->ctx, draw, &r->rows[row], &v);
    char why[192];
    snprintf(why, sizeof why, "%s", again != CO_OK ? co_errmsg() : "not finite");
    return co__fail(bad->rc, "%s band: customer %zu, parameter draw %zu: %s", m->name, customer,
                    bad->failed_draw, why);
}

/* Run the jobs, the first on this thread. */
static void run_jobs(band_job *jobs, pthread_t *tids, size_t n_jobs)
{
    for (size_t t = 1; t < n_jobs; t++) {
        jobs[t].started = pthread_create(&tids[t], NULL, run_job, &jobs[t]) == 0;
        if (!jobs[t].started)
            jobs[t].rc = CO_ENOMEM;
    }
    run_job(&jobs[0]);
    for (size_t t = 1; t < n_jobs; t++)
        if (jobs[t].started && pthread_join(tids[t], NULL) != 0)
            jobs[t].rc = CO_ENOMEM; /* cannot happen to a thread started here */
}

int co__btyd_band(const co_band_model *m, const co_model_uncertainty *u, const double *horizon,
                  const double *frequency, const double *recency, const double *T,
                  const double *monetary, size_t n, const co_band_options *opt, double *lower,
                  double *upper)
{
    co_band_options o = defaults();
    int rc = check_args(m, u, horizon, frequency, recency, T, monetary, n, opt, &o, lower, upper);
    if (rc != CO_OK)
        return rc;
    co_band_rows r;
    rc = co__band_rows_build(frequency, recency, T, m->takes_t ? horizon : NULL,
                             m->spend ? monetary : NULL, n, &r);
    if (rc != CO_OK)
        return rc;
    const size_t n_jobs = o.threads < r.n_groups ? o.threads : r.n_groups;
    double *draws = co__malloc_array(o.draws, m->k * sizeof *draws);
    double *lo = co__malloc_array(r.n_rows, sizeof *lo),
           *hi = co__malloc_array(r.n_rows, sizeof *hi);
    band_job *jobs = co__malloc_array(n_jobs, sizeof *jobs);
    pthread_t *tids = co__malloc_array(n_jobs, sizeof *tids);
    const size_t n_parts = n_jobs * PARTS_PER_THREAD;
    size_t *part_start = co__malloc_array(n_parts + 1, sizeof *part_start);
    if (!draws || !lo || !hi || !jobs || !tids || !part_start)
        rc = co__fail_nomem();
    if (rc == CO_OK)
        rc = draw_params(m, u, o.draws, o.seed, draws);
    if (rc == CO_OK) {
        split_groups(&r, n_parts, part_start);
        for (size_t t = 0; t < n_jobs; t++)
            jobs[t] = (band_job){.model = m,
                                 .rows = &r,
                                 .draws = draws,
                                 .n_draws = o.draws,
                                 .first_part = t,
                                 .n_jobs = n_jobs,
                                 .part_start = part_start,
                                 .n_parts = n_parts,
                                 .lo_q = (1.0 - o.level) / 2,
                                 .hi_q = (1.0 + o.level) / 2,
                                 .lower = lo,
                                 .upper = hi};
        run_jobs(jobs, tids, n_jobs);
        rc = first_failure(m, &r, draws, jobs, n_jobs);
    }
    if (rc == CO_OK)
        for (size_t row = 0; row < r.n_rows; row++)
            for (size_t s = r.row_start[row]; s < r.row_start[row + 1]; s++) {
                lower[r.customer[s]] = lo[row];
                upper[r.customer[s]] = hi[row];
            }
    co__band_rows_free(&r);
    co__free(draws);
    co__free(lo);
    co__free(hi);
    co__free(jobs);
    co__free(tids);
    co__free(part_start);
    return rc;
}
