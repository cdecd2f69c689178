/* The feature groups read from scored feedback: the latest NPS category, the
 * mean CES and CSAT, the days since the last detractor answer. Each pass
 * gathers per store customer over the feedback dated on or before the as-of
 * day, then reads off the rows' customers. */
#include <math.h>

#include "alloc_internal.h"
#include "covariates_internal.h"
#include "custorient/nps.h"

/* Day of each customer's latest NPS answer (CO_DAY_NONE: none) of at most
 * `max_score`, and its score (may be NULL). Of two answers on one day, the
 * one added later. */
static void latest_nps(const co__feature_build *b, double max_score, co_day *last, double *score)
{
    for (size_t c = 0; c < b->store->customers.len; c++)
        last[c] = CO_DAY_NONE;
    const feedback_rec *f = b->store->feedback.data;
    for (size_t r = 0; r < b->store->feedback.len; r++)
        if (f[r].kind == CO_FEEDBACK_NPS && f[r].day <= b->as_of && f[r].score <= max_score &&
            f[r].day >= last[f[r].cust]) {
            last[f[r].cust] = f[r].day;
            if (score)
                score[f[r].cust] = f[r].score;
        }
}

int co__feature_nps(co__feature_build *b)
{
    const size_t count = b->store->customers.len;
    co_day *last = co__malloc_array(count ? count : 1, sizeof *last);
    double *score = co__malloc_array(count ? count : 1, sizeof *score);
    static const char *const names[] = {"nps_promoter", "nps_passive", "nps_detractor", "nps_none"};
    double *col[4] = {NULL};
    if (last && score)
        for (int j = 0; j < 4 && (j == 0 || col[j - 1]); j++)
            col[j] = co__feature_add(b, names[j], NULL, CO_COVARIATE_NPS,
                                     j == 3 ? CO_COVARIATE_MISSING : CO_COVARIATE_INDICATOR);
    else
        co__fail_nomem();
    if (col[3]) {
        latest_nps(b, 10, last, score);
        for (size_t i = 0; i < b->n; i++) {
            const size_t c = b->rows[i];
            int j = 3;
            if (last[c] != CO_DAY_NONE)
                j = score[c] <= CO_NPS_DETRACTOR_MAX ? 2 : score[c] <= CO_NPS_PASSIVE_MAX ? 1 : 0;
            col[j][i] = 1;
        }
    }
    co__free(last);
    co__free(score);
    return col[3] ? CO_OK : CO_ENOMEM;
}

/* Sum and count of one kind's scores dated `from` .. as-of, per row. */
static int rating_sums(const co__feature_build *b, int kind, co_day from, double *sum,
                       uint32_t *n_answers)
{
    const size_t count = b->store->customers.len;
    double *s = co__calloc(count ? count : 1, sizeof *s);
    uint32_t *k = co__calloc(count ? count : 1, sizeof *k);
    if (!s || !k) {
        co__free(s);
        co__free(k);
        return co__fail_nomem();
    }
    const feedback_rec *f = b->store->feedback.data;
    for (size_t r = 0; r < b->store->feedback.len; r++)
        if (f[r].kind == kind && f[r].day <= b->as_of && f[r].day >= from &&
            k[f[r].cust] < UINT32_MAX) {
            s[f[r].cust] += f[r].score;
            k[f[r].cust]++;
        }
    for (size_t i = 0; i < b->n; i++) {
        sum[i] = s[b->rows[i]];
        n_answers[i] = k[b->rows[i]];
    }
    co__free(s);
    co__free(k);
    return CO_OK;
}

int co__feature_ratings(co__feature_build *b, int kind)
{
    const int ces = kind == CO_FEEDBACK_CES;
    double *sum = co__calloc(b->n ? b->n : 1, sizeof *sum);
    uint32_t *k = co__calloc(b->n ? b->n : 1, sizeof *k);
    int rc = sum && k ? CO_OK : co__fail_nomem();
    if (rc == CO_OK)
        rc =
            rating_sums(b, kind, co__feature_window_start(b->as_of, b->opt->rating_window), sum, k);
    /* the midpoints of the scales 1-7 and 1-5 when no row has an answer */
    if (rc == CO_OK)
        rc = co__feature_add_mean(b, ces ? "ces_mean" : "csat_mean",
                                  ces ? "ces_missing" : "csat_missing",
                                  ces ? CO_COVARIATE_CES : CO_COVARIATE_CSAT, sum, k,
                                  ces ? 4.0 : 3.0);
    co__free(sum);
    co__free(k);
    return rc;
}

int co__feature_detractor(co__feature_build *b)
{
    const size_t count = b->store->customers.len;
    co_day *last = co__malloc_array(count ? count : 1, sizeof *last);
    double *days = NULL, *miss = NULL;
    if (last)
        days = co__feature_add(b, "days_since_detractor", NULL, CO_COVARIATE_DETRACTOR,
                               CO_COVARIATE_CONTINUOUS);
    else
        co__fail_nomem();
    if (days)
        miss = co__feature_add(b, "days_since_detractor_missing", NULL, CO_COVARIATE_DETRACTOR,
                               CO_COVARIATE_MISSING);
    if (miss) {
        const double cap = b->opt->detractor_cap;
        CO_VEC_AT(&b->cols, co__feature_column, b->cols.len - 2).fill = cap;
        latest_nps(b, CO_NPS_DETRACTOR_MAX, last, NULL);
        for (size_t i = 0; i < b->n; i++) {
            const co_day d = last[b->rows[i]];
            miss[i] = d == CO_DAY_NONE;
            days[i] = d == CO_DAY_NONE ? cap : fmin((double)(b->as_of - d), cap);
        }
    }
    co__free(last);
    return miss ? CO_OK : CO_ENOMEM;
}
