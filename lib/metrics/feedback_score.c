/* Per-customer feedback scores. Weights kind weight x 2^(-age / half_life)
 * are taken in log space relative to each customer's largest, so that
 * neither old feedback nor tiny or huge kind weights underflow or overflow
 * the sums: a customer whose only answer is ten years old still gets that
 * answer's score. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/feedback_score.h"
#include "date_internal.h"
#include "error_internal.h"
#include "period_internal.h"
#include "sized_internal.h"

/* The defaults co_feedback_options_init() writes and fields an older caller lacks take. */
static co_feedback_options defaults(void)
{
    co_feedback_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.as_of = 0;
    d.half_life_days = 90.0;
    d.prior_weight = 0.0;
    d.prior_score = 50.0;
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        d.kind_weight[k] = 1.0;
    return d;
}

int co_feedback_options_init(co_feedback_options *opts, size_t size)
{
    co_feedback_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int check_options(const co_feedback_options *o)
{
    int rc = co__day_check("as-of day", o->as_of);
    if (rc < 0)
        return rc;
    if (!(o->half_life_days > 0.0))
        return co__fail(CO_EINVAL, "half-life %g days is not positive", o->half_life_days);
    if (!(isfinite(o->prior_weight) && o->prior_weight >= 0.0))
        return co__fail(CO_EINVAL, "prior weight %g is not a finite value >= 0", o->prior_weight);
    if (!(o->prior_score >= 0.0 && o->prior_score <= 100.0))
        return co__fail(CO_EINVAL, "prior score %g is outside 0-100", o->prior_score);
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        if (!(isfinite(o->kind_weight[k]) && o->kind_weight[k] >= 0.0))
            return co__fail(CO_EINVAL, "weight %g of feedback kind %d is not a finite value >= 0",
                            o->kind_weight[k], k);
    return CO_OK;
}

/* Scale of each kind: value range and its mapping onto 0-100. */
static const struct {
    double low, high;
    const char *name;
} kinds[CO_FEEDBACK_KIND_COUNT] = {
    {0, 10, "NPS"}, {1, 5, "CSAT"}, {1, 7, "CES"}, {1, 5, "rating"}, {-1, 1, "text sentiment"},
};

static double to_percent(int kind, double v)
{
    return 100.0 * (v - kinds[kind].low) / (kinds[kind].high - kinds[kind].low);
}

static int check_feedback(const size_t *customer, const co_day *day, const int *kind,
                          const double *value, size_t n, size_t n_customers, co_day as_of)
{
    for (size_t i = 0; i < n; i++) {
        int rc = co__period_check_day(day[i], i);
        if (rc < 0)
            return rc;
        if (customer[i] >= n_customers)
            return co__fail(CO_ERANGE, "customer %zu at index %zu is not below %zu", customer[i], i,
                            n_customers);
        if (day[i] > as_of)
            return co__fail(CO_ERANGE, "feedback at index %zu is dated after the as-of day", i);
        int k = kind[i];
        if (k < 0 || k >= CO_FEEDBACK_KIND_COUNT)
            return co__fail(CO_EINVAL, "unknown feedback kind %d at index %zu", k, i);
        if (!isfinite(value[i]))
            return co__fail(CO_EINVAL, "value %g at index %zu is not a number", value[i], i);
        if (value[i] < kinds[k].low || value[i] > kinds[k].high)
            return co__fail(CO_ERANGE, "%s value %g at index %zu is outside %g-%g", kinds[k].name,
                            value[i], i, kinds[k].low, kinds[k].high);
    }
    return CO_OK;
}

/* log2 of a counted piece's weight, kind weight x 2^(-age / half-life), taken relative to
 * the decay of its customer's newest piece: in log space, so that neither tiny kind weights
 * nor ancient feedback lose precision or vanish before the customer's largest is known. */
static double log_weight(const co_feedback_options *o, const double *newest, size_t c, int kind,
                         co_day day)
{
    double age = (double)(o->as_of - day);
    double decay = isinf(o->half_life_days) ? 0.0 : (age - newest[c]) / o->half_life_days;
    return log2(o->kind_weight[kind]) - decay;
}

int co_feedback_score(const size_t *customer, const co_day *day, const int *kind,
                      const double *value, size_t n, size_t n_customers,
                      const co_feedback_options *opts, double *out_score, double *out_weight)
{
    if (!opts || ((!customer || !day || !kind || !value) && n > 0) ||
        (!out_score && n_customers > 0))
        return co__fail(CO_EINVAL, "co_feedback_score: NULL argument");
    co_feedback_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_feedback_options") < 0)
        return CO_EINVAL;
    opts = &resolved;
    int rc = check_options(opts);
    if (rc < 0 ||
        (rc = check_feedback(customer, day, kind, value, n, n_customers, opts->as_of)) < 0)
        return rc;
    if (n_customers == 0)
        return CO_OK;

    /* Per customer: the newest age, the largest log weight, then sums of weights
     * relative to that one and of weighted scores. */
    double *work = co__malloc_array(n_customers, 4 * sizeof(double));
    if (!work)
        return co__fail_nomem();
    double *newest = work, *top = work + n_customers, *wsum = work + 2 * n_customers,
           *ssum = work + 3 * n_customers;
    for (size_t c = 0; c < n_customers; c++) {
        newest[c] = HUGE_VAL;
        top[c] = -HUGE_VAL;
        wsum[c] = ssum[c] = 0.0;
    }
    const double h = opts->half_life_days;
    for (size_t i = 0; i < n; i++) {
        double age = (double)(opts->as_of - day[i]);
        if (opts->kind_weight[kind[i]] > 0.0 && age < newest[customer[i]])
            newest[customer[i]] = age;
    }
    for (size_t i = 0; i < n; i++)
        if (opts->kind_weight[kind[i]] > 0.0)
            top[customer[i]] =
                fmax(top[customer[i]], log_weight(opts, newest, customer[i], kind[i], day[i]));
    for (size_t i = 0; i < n; i++) {
        if (opts->kind_weight[kind[i]] == 0.0)
            continue;
        size_t c = customer[i];
        double w = exp2(log_weight(opts, newest, c, kind[i], day[i]) - top[c]);
        wsum[c] += w;
        ssum[c] += w * to_percent(kind[i], value[i]);
    }
    /* Scores go to ssum, so that an overflow below writes nothing. */
    const double prior = opts->prior_weight, ps = opts->prior_score;
    for (size_t c = 0; c < n_customers; c++) {
        if (wsum[c] == 0.0) {
            ssum[c] = prior > 0.0 ? ps : NAN;
            continue;
        }
        double mean = ssum[c] / wsum[c];
        if (prior > 0.0) {
            /* The prior in relative units (the log2 of the absolute weight of relative
             * weight 1 is top - newest / h); the mean moves towards the prior score by the
             * prior's share of all the weight, which cannot overflow (rel may be 0 or
             * infinite). */
            double unit = top[c] - (isinf(h) ? 0.0 : newest[c] / h);
            double rel = exp2(log2(prior) - unit);
            mean += (ps - mean) / (1.0 + wsum[c] / rel);
        }
        ssum[c] = mean;
    }
    if (out_weight) {
        /* The evidence: the absolute weights summed, in top's place. */
        memset(top, 0, n_customers * sizeof *top);
        for (size_t i = 0; i < n; i++) {
            double age = (double)(opts->as_of - day[i]);
            top[customer[i]] += opts->kind_weight[kind[i]] * (isinf(h) ? 1.0 : exp2(-age / h));
        }
        for (size_t c = 0; c < n_customers; c++) {
            if (!isfinite(top[c])) {
                co__free(work);
                return co__fail(CO_EOVERFLOW, "the feedback weight of customer %zu overflows", c);
            }
        }
        memcpy(out_weight, top, n_customers * sizeof *out_weight);
    }
    memcpy(out_score, ssum, n_customers * sizeof *out_score);
    co__free(work);
    return CO_OK;
}

typedef struct ranked {
    double score;
    size_t index;
} ranked;

static int compare_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int a_nan = isnan(a->score), b_nan = isnan(b->score);
    if (a_nan != b_nan)
        return a_nan - b_nan;
    if (!a_nan && a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

int co_feedback_rank(const double *scores, size_t n, size_t *out_order)
{
    if ((!scores || !out_order) && n > 0)
        return co__fail(CO_EINVAL, "co_feedback_rank: NULL argument");
    if (n == 0)
        return CO_OK;
    ranked *items = co__malloc_array(n, sizeof *items);
    if (!items)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++) {
        items[i].score = scores[i];
        items[i].index = i;
    }
    qsort(items, n, sizeof *items, compare_ranked);
    for (size_t i = 0; i < n; i++)
        out_order[i] = items[i].index;
    co__free(items);
    return CO_OK;
}
