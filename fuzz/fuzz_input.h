/* Shared by the analytics fuzz targets: reading parameters out of the fuzz
 * input, checking the error contract, and the checks of per-customer
 * feedback scores, which both targets compute. */
#ifndef CO_FUZZ_INPUT_H
#define CO_FUZZ_INPUT_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

static inline void require(int ok)
{
    if (!ok)
        abort();
}

/* Parameters are taken from the front of the input; once it is used up every
 * read gives 0, so short inputs still run every call with plain values. */
typedef struct fuzz_input {
    const uint8_t *data;
    size_t size;
} fuzz_input;

static inline uint8_t take_u8(fuzz_input *in)
{
    if (in->size == 0)
        return 0;
    in->size--;
    return *in->data++;
}

static inline uint64_t take_u64(fuzz_input *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)take_u8(in) << (8 * i);
    return v;
}

/* A double: mostly small ordinary values, else the edges of the type. An
 * exhausted input gives 0. */
static inline double take_double(fuzz_input *in)
{
    uint8_t how = take_u8(in);
    switch (how % 16) {
    case 1: return NAN;
    case 2: return INFINITY;
    case 3: return -INFINITY;
    case 4: return DBL_MAX;
    case 5: return DBL_MIN;
    case 6: return 4.9e-324; /* the smallest subnormal */
    case 7: return -(double)take_u8(in);
    case 8: {
        uint64_t bits = take_u64(in);
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    default: return (double)take_u8(in) / (double)(1 + how / 16);
    }
}

/* An option: `fallback` unless the input asks for a fuzzed value (so an
 * exhausted input gives the defaults). */
static inline double take_option(fuzz_input *in, double fallback)
{
    return take_u8(in) & 1 ? take_double(in) : fallback;
}

/* base + delta, held at the ends of int64_t instead of overflowing. */
static inline co_day add_days(co_day base, int64_t delta)
{
    co_day sum;
    if (__builtin_add_overflow(base, delta, &sum))
        return delta > 0 ? INT64_MAX : INT64_MIN;
    return sum;
}

/* 1 for a day with an ISO date: 0001-01-01 to 9999-12-31. */
static inline int valid_day(co_day d) { return d >= -719162 && d <= 2932896; }

/* A day: `base` (which lies in years 0001-9999) or within about 11 years of
 * it (wider spreads make most cohort matrices the 1200-month maximum, which
 * costs a hundred ordinary inputs), or at the edges of the valid range and
 * of int64_t. An exhausted input gives `base`. */
static inline co_day take_day(fuzz_input *in, co_day base)
{
    uint8_t how = take_u8(in);
    switch (how % 16) {
    case 8: return INT64_MIN;
    case 9: return INT64_MAX;
    case 10: return INT64_MIN + 1;
    case 11: return INT64_MAX - 1;
    case 12: return -719162 - (co_day)(how / 16); /* 0001-01-01 and the days before it */
    case 13: return 2932896 + (co_day)(how / 16); /* 9999-12-31 and the days after it */
    case 14: return (co_day)take_u64(in);
    default: return add_days(base, (co_day)take_u8(in) * (how % 2 ? 1 : -1) * (1 + how / 16));
    }
}

/* A count: `fallback` (also for an exhausted input), 0, a few, or huge. */
static inline size_t take_count(fuzz_input *in, size_t fallback)
{
    uint8_t how = take_u8(in);
    switch (how % 8) {
    case 0: return fallback;
    case 1: return SIZE_MAX;
    case 2: return SIZE_MAX / 2 + 1;
    case 3: return (size_t)take_u64(in);
    default: return how / 8; /* 0 to 31 */
    }
}

/* Failures are checked against a marker failure raised before the call: a
 * failing call must replace it with its own status and a message. */
static inline void arm_error(void)
{
    char text[11];
    require(co_date_format(INT64_MAX, text) == CO_ERANGE);
}

static const char marker_message[] = "day 9223372036854775807 is outside years 0001-9999";

static inline int known_status(int rc) { return rc <= CO_OK && rc >= CO_STATUS_MIN; }

/* After an armed call: a failure names itself; success leaves the marker. */
static inline void check_status(int rc)
{
    require(known_status(rc));
    if (rc == CO_OK)
        return;
    require(co_errcode() == rc);
    const char *msg = co_errmsg();
    require(msg && msg[0] != '\0' && strcmp(msg, marker_message) != 0);
}

/* A byte pattern written over outputs before a call, to see that a failure
 * leaves them untouched. */
#define UNTOUCHED 0xA5

static inline int untouched(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != UNTOUCHED)
            return 0;
    return 1;
}

static inline void *alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    require(p != NULL);
    return p;
}

static inline int nps_equal(const co_nps *a, const co_nps *b)
{
    return memcmp(a->count, b->count, sizeof a->count) == 0 &&
           memcmp(a->weight, b->weight, sizeof a->weight) == 0 && a->weight_sq == b->weight_sq;
}

/*
 * co_nps_by_period() against each answer counted here into its own period:
 * the same periods in date order with the same counts, or the status the
 * first bad argument calls for (an unknown period; then, index by index, a
 * day without a date, a score off 0-10, a bad weight), or CO_EOVERFLOW when
 * a period's weights overflow. On failure the outputs are untouched.
 */
static inline void check_nps_by_period(const co_day *days, const int *scores, const double *weights,
                                       size_t n, co_period period)
{
    int want = period > CO_PERIOD_MONTH ? CO_EINVAL : CO_OK;
    for (size_t i = 0; i < n && want == CO_OK; i++) {
        if (!valid_day(days[i]) || scores[i] < 0 || scores[i] > 10)
            want = CO_ERANGE;
        else if (weights && !(isfinite(weights[i]) && weights[i] >= 0))
            want = CO_EINVAL;
    }
    co_day *starts = alloc(n, sizeof *starts);
    co_nps *acc = alloc(n, sizeof *acc);
    size_t want_count = 0;
    for (size_t i = 0; i < n && want == CO_OK; i++) {
        co_day start;
        require(co_period_start(days[i], period, &start) == CO_OK);
        size_t j = 0;
        while (j < want_count && starts[j] < start)
            j++;
        if (j == want_count || starts[j] != start) {
            memmove(starts + j + 1, starts + j, (want_count - j) * sizeof *starts);
            memmove(acc + j + 1, acc + j, (want_count - j) * sizeof *acc);
            starts[j] = start;
            memset(&acc[j], 0, sizeof acc[j]);
            want_count++;
        }
        int rc = co_nps_add_weighted(&acc[j], scores[i], weights ? weights[i] : 1.0);
        require(rc == CO_OK || rc == CO_EOVERFLOW);
        if (rc != CO_OK)
            want = rc;
    }
    co_nps_period *marker = (co_nps_period *)(uintptr_t)0x1, *periods = marker;
    size_t count = 0x5A5A;
    arm_error();
    int rc = co_nps_by_period(days, scores, weights, n, period, &periods, &count);
    check_status(rc);
    require(rc == want);
    if (rc != CO_OK) {
        require(periods == marker && count == 0x5A5A);
    } else {
        require(count == want_count && (count == 0) == (periods == NULL));
        for (size_t j = 0; j < count; j++) {
            require(periods[j].start == starts[j] && co_nps_count(&periods[j].nps) > 0);
            require(nps_equal(&periods[j].nps, &acc[j]));
        }
        co_nps_periods_free(periods);
    }
    free(starts);
    free(acc);
}

/* The scale of each feedback kind, as custorient/feedback_kind.h gives it. */
static const double feedback_low[CO_FEEDBACK_KIND_COUNT] = {0, 1, 1, 1, -1};
static const double feedback_high[CO_FEEDBACK_KIND_COUNT] = {10, 5, 7, 5, 1};

/* 0-100 value of a piece of feedback, as co_feedback_score() documents it. */
static inline double feedback_percent(int kind, double v)
{
    return 100.0 * (v - feedback_low[kind]) / (feedback_high[kind] - feedback_low[kind]);
}

/* The status co_feedback_score() owes: the first bad option, else the
 * first bad piece of feedback, in the order of its documentation. */
static inline int feedback_status(const size_t *customer, const co_day *day, const int *kind,
                                  const double *value, size_t n, size_t n_customers,
                                  const co_feedback_options *o)
{
    if (!valid_day(o->as_of))
        return CO_ERANGE;
    int bad = !(o->half_life_days > 0) || !(isfinite(o->prior_weight) && o->prior_weight >= 0) ||
              !(o->prior_score >= 0 && o->prior_score <= 100);
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        bad |= !(isfinite(o->kind_weight[k]) && o->kind_weight[k] >= 0);
    if (bad)
        return CO_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!valid_day(day[i]) || customer[i] >= n_customers || day[i] > o->as_of)
            return CO_ERANGE;
        if (kind[i] < 0 || kind[i] >= CO_FEEDBACK_KIND_COUNT || !isfinite(value[i]))
            return CO_EINVAL;
        if (value[i] < feedback_low[kind[i]] || value[i] > feedback_high[kind[i]])
            return CO_ERANGE;
    }
    return CO_OK;
}

/*
 * Score feedback with co_feedback_score() and check the result: on success,
 * each score is a weighted mean, so it lies between the least and the
 * greatest 0-100 value of the customer's counted feedback (and the prior
 * score, when the prior has weight); it is NaN only for a customer with
 * nothing counted and no prior; weights are finite and >= 0. Then
 * co_feedback_rank() must order the scores lowest first, NaN last, ties by
 * index. On failure the outputs are untouched.
 */
static inline void check_feedback_scores(const size_t *customer, const co_day *day, const int *kind,
                                         const double *value, size_t n, size_t n_customers,
                                         const co_feedback_options *opts)
{
    size_t bytes = (n_customers ? n_customers : 1) * sizeof(double);
    double *score = malloc(bytes), *weight = malloc(bytes), *lo = malloc(bytes),
           *hi = malloc(bytes);
    size_t *order = malloc((n_customers ? n_customers : 1) * sizeof *order);
    require(score && weight && lo && hi && order);
    memset(score, UNTOUCHED, bytes);
    memset(weight, UNTOUCHED, bytes);
    arm_error();
    int rc = co_feedback_score(customer, day, kind, value, n, n_customers, opts, score, weight);
    check_status(rc);
    int want = feedback_status(customer, day, kind, value, n, n_customers, opts);
    double kmax = 0; /* total weights reach kmax times the number of answers */
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        kmax = fmax(kmax, opts->kind_weight[k]);
    require(rc == want || (want == CO_OK && rc == CO_EOVERFLOW && kmax * (double)n > DBL_MAX / 2));
    if (rc != CO_OK) {
        require(untouched(score, bytes) && untouched(weight, bytes));
        goto done;
    }
    for (size_t c = 0; c < n_customers; c++) {
        lo[c] = INFINITY;
        hi[c] = -INFINITY;
    }
    for (size_t i = 0; i < n; i++) {
        if (opts->kind_weight[kind[i]] == 0.0)
            continue;
        double p = feedback_percent(kind[i], value[i]);
        lo[customer[i]] = fmin(lo[customer[i]], p);
        hi[customer[i]] = fmax(hi[customer[i]], p);
    }
    const double slack = 1e-9;
    for (size_t c = 0; c < n_customers; c++) {
        int counted = lo[c] <= hi[c], prior = opts->prior_weight > 0.0;
        require(isfinite(weight[c]) && weight[c] >= 0.0);
        if (!counted && !prior) {
            require(isnan(score[c]));
            continue;
        }
        require(isfinite(score[c]));
        double a = counted ? lo[c] : opts->prior_score, b = counted ? hi[c] : opts->prior_score;
        if (prior) {
            a = fmin(a, opts->prior_score);
            b = fmax(b, opts->prior_score);
        }
        require(score[c] >= a - slack && score[c] <= b + slack);
    }
    arm_error();
    rc = co_feedback_rank(score, n_customers, order);
    check_status(rc);
    require(rc == CO_OK);
    for (size_t i = 0; i + 1 < n_customers; i++) {
        double x = score[order[i]], y = score[order[i + 1]];
        if (isnan(x))
            require(isnan(y) && order[i] < order[i + 1]);
        else if (!isnan(y))
            require(x < y || (x == y && order[i] < order[i + 1]));
    }
    /* a permutation: every index once */
    memset(lo, 0, bytes);
    for (size_t i = 0; i < n_customers; i++) {
        require(order[i] < n_customers && lo[order[i]] == 0.0);
        lo[order[i]] = 1.0;
    }
done:
    free(score);
    free(weight);
    free(lo);
    free(hi);
    free(order);
}

#endif
