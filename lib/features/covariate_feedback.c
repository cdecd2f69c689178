/* The feature groups read from scored feedback: the latest NPS category, the
 * mean CES and CSAT, the days since the last detractor answer. Each pass
 * gathers per store customer, then reads off the rows' customers. */
#include <math.h>

#include "alloc_internal.h"
#include "covariates_internal.h"
#include "custorient/nps.h"

/* The feedback records that count as of the day, one at a time. */
#define FOR_FEEDBACK(b, f)                                                                         \
    for (const feedback_rec *f = (b)->store->feedback.data,                                        \
                            *f##_end = f + (b)->store->feedback.len;                               \
         f < f##_end; f++)                                                                         \
        if (f->day <= (b)->as_of)

int co__cov_nps(co__cov_build *b)
{
    const size_t count = b->store->customers.len;
    co_day *last = co__malloc_array(count ? count : 1, sizeof *last);
    double *score = co__malloc_array(count ? count : 1, sizeof *score);
    if (!last || !score) {
        co__free(last);
        co__free(score);
        return co__fail_nomem();
    }
    for (size_t c = 0; c < count; c++)
        last[c] = CO_DAY_NONE;
    FOR_FEEDBACK(b, f)
    {
        /* >=: of two answers on one day, the one added later */
        if (f->kind == CO_FEEDBACK_NPS && f->day >= last[f->cust]) {
            last[f->cust] = f->day;
            score[f->cust] = f->score;
        }
    }
    static const char *const names[] = {"nps_promoter", "nps_passive", "nps_detractor", "nps_none"};
    double *col[4];
    int rc = CO_OK;
    for (int j = 0; j < 4 && rc == CO_OK; j++)
        rc = co__cov_add(b, names[j], NULL, CO_COVARIATE_NPS,
                         j == 3 ? CO_COVARIATE_MISSING : CO_COVARIATE_INDICATOR, &col[j]);
    if (rc == CO_OK)
        for (size_t i = 0; i < b->n; i++) {
            const size_t c = b->rows[i];
            int j = 3;
            if (last[c] != CO_DAY_NONE)
                j = score[c] <= CO_NPS_DETRACTOR_MAX ? 2 : score[c] <= CO_NPS_PASSIVE_MAX ? 1 : 0;
            col[j][i] = 1;
        }
    co__free(last);
    co__free(score);
    return rc;
}

/* Sum and count of one kind's scores in a window, per row. */
static int rating_sums(const co__cov_build *b, int kind, co_day from, double **sum,
                       uint32_t **n_answers)
{
    const size_t count = b->store->customers.len;
    double *s = co__calloc(count ? count : 1, sizeof *s);
    uint32_t *k = co__calloc(count ? count : 1, sizeof *k);
    double *rs = co__calloc(b->n ? b->n : 1, sizeof *rs);
    uint32_t *rk = co__calloc(b->n ? b->n : 1, sizeof *rk);
    if (!s || !k || !rs || !rk) {
        co__free(s);
        co__free(k);
        co__free(rs);
        co__free(rk);
        return co__fail_nomem();
    }
    FOR_FEEDBACK(b, f)
    {
        if (f->kind == kind && f->day >= from && k[f->cust] < UINT32_MAX) {
            s[f->cust] += f->score;
            k[f->cust]++;
        }
    }
    for (size_t i = 0; i < b->n; i++) {
        rs[i] = s[b->rows[i]];
        rk[i] = k[b->rows[i]];
    }
    co__free(s);
    co__free(k);
    *sum = rs;
    *n_answers = rk;
    return CO_OK;
}

int co__cov_ratings(co__cov_build *b, int kind)
{
    const int ces = kind == CO_FEEDBACK_CES;
    double *sum;
    uint32_t *k;
    int rc = rating_sums(b, kind, co__cov_window_start(b->as_of, b->opt->rating_window), &sum, &k);
    if (rc < 0)
        return rc;
    /* the midpoints of the scales 1-7 and 1-5 when no row has an answer */
    rc = co__cov_add_mean(b, ces ? "ces_mean" : "csat_mean", ces ? "ces_missing" : "csat_missing",
                          ces ? CO_COVARIATE_CES : CO_COVARIATE_CSAT, sum, k, ces ? 4.0 : 3.0);
    co__free(sum);
    co__free(k);
    return rc;
}

int co__cov_detractor(co__cov_build *b)
{
    const size_t count = b->store->customers.len;
    co_day *last = co__malloc_array(count ? count : 1, sizeof *last);
    if (!last)
        return co__fail_nomem();
    for (size_t c = 0; c < count; c++)
        last[c] = CO_DAY_NONE;
    FOR_FEEDBACK(b, f)
    {
        if (f->kind == CO_FEEDBACK_NPS && f->score <= CO_NPS_DETRACTOR_MAX && f->day > last[f->cust])
            last[f->cust] = f->day;
    }
    double *days, *miss;
    int rc = co__cov_add(b, "days_since_detractor", NULL, CO_COVARIATE_DETRACTOR,
                         CO_COVARIATE_CONTINUOUS, &days);
    if (rc == CO_OK)
        rc = co__cov_add(b, "days_since_detractor_missing", NULL, CO_COVARIATE_DETRACTOR,
                         CO_COVARIATE_MISSING, &miss);
    if (rc < 0) {
        co__free(last);
        return rc;
    }
    const double cap = b->opt->detractor_cap;
    CO_VEC_AT(&b->cols, co__cov_column, b->cols.len - 2).fill = cap;
    for (size_t i = 0; i < b->n; i++) {
        const co_day d = last[b->rows[i]];
        miss[i] = d == CO_DAY_NONE;
        days[i] = d == CO_DAY_NONE ? cap : fmin((double)(b->as_of - d), cap);
    }
    co__free(last);
    return CO_OK;
}
