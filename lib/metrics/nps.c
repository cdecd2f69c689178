/* Net Promoter Score accumulators, intervals and comparisons. */
#include <math.h>

#include "alloc_internal.h"
#include "custorient/nps.h"
#include "dist_internal.h"
#include "error_internal.h"
#include "nps_internal.h"

/* Class of a valid 0-10 score. */
static int nps_class(int score)
{
    return score <= CO_NPS_DETRACTOR_MAX ? CO_NPS_DETRACTOR
           : score <= CO_NPS_PASSIVE_MAX ? CO_NPS_PASSIVE
                                         : CO_NPS_PROMOTER;
}

int co__nps_check_answer(int score, const double *weight, size_t index)
{
    if (score < 0 || score > 10)
        return co__fail(CO_ERANGE, "NPS score %d at index %zu is outside 0-10", score, index);
    if (weight && !(isfinite(*weight) && *weight >= 0.0))
        return co__fail(CO_EINVAL, "weight %g at index %zu is not a finite value >= 0", *weight,
                        index);
    return CO_OK;
}

/*
 * weight_sq holds sum (w / 2^e)^2 with e = sq_scale(total weight): 0 while the
 * total lies in [2^-448, 2^448], so unweighted and ordinary weights keep the
 * plain sum of squares (<= 2^896, and >= 2^-960 for up to 2^64 answers: no
 * overflow, no subnormal), else the total's binary exponent, which keeps the
 * stored sum in [1/(4n), 1). Weights of 1e-300 or 1e300 thus give the same
 * effective n as weights of 1 instead of 0/0 or an overflow. sq_scale only
 * grows with the total, so merging only ever scales a sum down.
 */
static double total_weight(const co_nps *acc)
{
    return acc->weight[0] + acc->weight[1] + acc->weight[2];
}

static int sq_scale(double total)
{
    if (total == 0.0 || (total >= 0x1p-448 && total <= 0x1p448))
        return 0;
    int e = 0;
    (void)frexp(total, &e);
    return e;
}

/* Commit unweighted counts (validated by the caller). */
static int commit_counts(co_nps *acc, const uint64_t add[3])
{
    co_nps more = {{add[0], add[1], add[2]},
                   {(double)add[0], (double)add[1], (double)add[2]},
                   (double)(add[0] + add[1] + add[2])};
    return co_nps_merge(acc, &more);
}

int co_nps_add(co_nps *acc, int score)
{
    if (!acc)
        return co__fail(CO_EINVAL, "co_nps_add: NULL accumulator");
    if (score < 0 || score > 10)
        return co__fail(CO_ERANGE, "NPS score %d is outside 0-10", score);
    uint64_t add[3] = {0, 0, 0};
    add[nps_class(score)] = 1;
    return commit_counts(acc, add);
}

int co_nps_add_weighted(co_nps *acc, int score, double weight)
{
    return co_nps_add_many_weighted(acc, &score, &weight, 1);
}

/* Counting bytes: le[0], le[1], le[2] receive the number of bytes of
 * data[0..n) that are at most CO_NPS_DETRACTOR_MAX (6), CO_NPS_PASSIVE_MAX (8)
 * and 10. A vector prefix (SSE2, which every x86-64 has) handles whole 32-byte
 * rounds; the scalar loop does the rest, or everything when the prefix saw a
 * byte above 10. */
#if defined(__SSE2__)
#include <emmintrin.h>

/* Returns the number of bytes counted into le[0..1] (all of them <= 10), or
 * 0 if some byte of the prefix exceeds 10. */
static size_t count_prefix(const uint8_t *data, size_t n, uint64_t le[2])
{
    /* Signed compares count bytes 128-255 as small too, but such bytes also
     * raise the running unsigned maximum above 10, which discards the prefix. */
    const __m128i past_detractor = _mm_set1_epi8(CO_NPS_DETRACTOR_MAX + 1);
    const __m128i past_passive = _mm_set1_epi8(CO_NPS_PASSIVE_MAX + 1);
    const __m128i zero = _mm_setzero_si128();
    __m128i sum6 = zero, sum8 = zero, high = zero; /* 2 x 64-bit totals each */
    size_t i = 0;
    while (n - i >= 32) {
        /* Byte counters take 2 hits per 32 bytes: fold them every 127 rounds. */
        size_t rounds = (n - i) / 32;
        if (rounds > 127)
            rounds = 127;
        __m128i c6 = zero, c8 = zero;
        for (size_t b = 0; b < rounds; b++, i += 32) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(data + i));
            __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(data + i + 16));
            high = _mm_max_epu8(high, _mm_max_epu8(v, w));
            /* A hit is 0xFF, i.e. -1: subtracting it adds one. */
            c6 = _mm_sub_epi8(c6, _mm_cmpgt_epi8(past_detractor, v));
            c8 = _mm_sub_epi8(c8, _mm_cmpgt_epi8(past_passive, v));
            c6 = _mm_sub_epi8(c6, _mm_cmpgt_epi8(past_detractor, w));
            c8 = _mm_sub_epi8(c8, _mm_cmpgt_epi8(past_passive, w));
        }
        sum6 = _mm_add_epi64(sum6, _mm_sad_epu8(c6, zero));
        sum8 = _mm_add_epi64(sum8, _mm_sad_epu8(c8, zero));
    }
    /* Some byte above 10 shows as a lane where max(high, 10) != 10. */
    __m128i ten = _mm_set1_epi8(10);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(high, ten), ten)) != 0xFFFF)
        return 0;
    uint64_t lanes[2];
    _mm_storeu_si128((__m128i *)(void *)lanes, sum6);
    le[0] = lanes[0] + lanes[1];
    _mm_storeu_si128((__m128i *)(void *)lanes, sum8);
    le[1] = lanes[0] + lanes[1];
    return i;
}
#else
static size_t count_prefix(const uint8_t *data, size_t n, uint64_t le[2])
{
    (void)data;
    (void)n;
    (void)le;
    return 0;
}
#endif

static void count_thresholds(const uint8_t *data, size_t n, uint64_t le[3])
{
    le[0] = le[1] = 0;
    size_t i = count_prefix(data, n, le);
    le[2] = i;
    for (; i < n; i++) {
        le[0] += data[i] <= CO_NPS_DETRACTOR_MAX;
        le[1] += data[i] <= CO_NPS_PASSIVE_MAX;
        le[2] += data[i] <= 10;
    }
}

int co_nps_add_many_u8(co_nps *acc, const uint8_t *scores, size_t n)
{
    if (!acc || (!scores && n > 0))
        return co__fail(CO_EINVAL, "co_nps_add_many_u8: NULL argument");
    uint64_t le[3] = {0, 0, 0};
    count_thresholds(scores, n, le);
    if (le[2] != n) {
        size_t i = 0;
        while (scores[i] <= 10)
            i++;
        return co__fail(CO_ERANGE, "NPS score %d at index %zu is outside 0-10", scores[i], i);
    }
    uint64_t add[3] = {le[0], le[1] - le[0], le[2] - le[1]};
    return commit_counts(acc, add);
}

int co_nps_add_many_int(co_nps *acc, const int *scores, size_t n)
{
    if (!acc || (!scores && n > 0))
        return co__fail(CO_EINVAL, "co_nps_add_many_int: NULL argument");
    uint64_t add[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        int rc = co__nps_check_answer(scores[i], NULL, i);
        if (rc < 0)
            return rc;
        add[nps_class(scores[i])]++;
    }
    return commit_counts(acc, add);
}

int co_nps_add_many_weighted(co_nps *acc, const int *scores, const double *weights, size_t n)
{
    if (!acc || ((!scores || !weights) && n > 0))
        return co__fail(CO_EINVAL, "co_nps_add_many_weighted: NULL argument");
    co_nps add = {{0, 0, 0}, {0.0, 0.0, 0.0}, 0.0};
    for (size_t i = 0; i < n; i++) {
        double w = weights[i];
        int rc = co__nps_check_answer(scores[i], &w, i);
        if (rc < 0)
            return rc;
        int c = nps_class(scores[i]);
        add.count[c]++;
        add.weight[c] += w;
    }
    if (!isfinite(total_weight(&add)))
        return co__fail(CO_EOVERFLOW, "NPS weight total would overflow");
    /* the squares at the scale of this batch's total (see sq_scale) */
    const int e = sq_scale(total_weight(&add));
    for (size_t i = 0; i < n; i++) {
        const double w = ldexp(weights[i], -e);
        add.weight_sq += w * w;
    }
    return co_nps_merge(acc, &add);
}

int co_nps_merge(co_nps *acc, const co_nps *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_nps_merge: NULL accumulator");
    for (int c = 0; c < 3; c++)
        if (acc->count[c] > UINT64_MAX - other->count[c])
            return co__fail(CO_EOVERFLOW, "NPS answer count would overflow");
    co_nps sum = *acc;
    for (int c = 0; c < 3; c++) {
        sum.count[c] += other->count[c];
        sum.weight[c] += other->weight[c];
    }
    /* Each weight is finite, but sums of huge ones are not. */
    if (!isfinite(total_weight(&sum)))
        return co__fail(CO_EOVERFLOW, "NPS weight total would overflow");
    /* both sums of squares to the scale of the new total: 2^(2 (e_part - e)) <= 1 */
    const int e = sq_scale(total_weight(&sum));
    sum.weight_sq = ldexp(acc->weight_sq, 2 * (sq_scale(total_weight(acc)) - e)) +
                    ldexp(other->weight_sq, 2 * (sq_scale(total_weight(other)) - e));
    if (!isfinite(sum.weight_sq))
        return co__fail(CO_EOVERFLOW, "NPS sum of squared weights would overflow");
    *acc = sum;
    return CO_OK;
}

uint64_t co_nps_count(const co_nps *acc)
{
    return acc ? acc->count[0] + acc->count[1] + acc->count[2] : 0;
}

double co_nps_effective_n(const co_nps *acc)
{
    if (!acc || !(acc->weight_sq > 0.0))
        return 0.0;
    /* the total at the scale of the stored squares (see sq_scale) */
    const double total = total_weight(acc);
    const double w = ldexp(total, -sq_scale(total));
    return w * w / acc->weight_sq;
}

/* Shares of detractors and promoters and the effective sample size. */
typedef struct shares {
    double det, pro, n_eff;
} shares;

/* Shares of a non-empty accumulator for the function `what`, whose result
 * pointer is `out` (checked here too). */
static int get_shares(const co_nps *acc, const void *out, const char *what, shares *s)
{
    if (!acc || !out)
        return co__fail(CO_EINVAL, "%s: NULL argument", what);
    double total = acc->weight[0] + acc->weight[1] + acc->weight[2];
    if (!(total > 0.0))
        return co__fail(CO_EINVAL, "%s: no answers with a positive weight", what);
    s->det = acc->weight[CO_NPS_DETRACTOR] / total;
    s->pro = acc->weight[CO_NPS_PROMOTER] / total;
    s->n_eff = co_nps_effective_n(acc);
    if (!(s->n_eff > 0.0 && isfinite(s->n_eff)))
        return co__fail(CO_EINVAL,
                        "%s: the accumulator's sum of squared weights (%g) does not fit its "
                        "weights (total %g)",
                        what, acc->weight_sq, total);
    return CO_OK;
}

/* Variance of one -1/0/+1 answer (never negative despite rounding). */
static double answer_variance(double det, double pro)
{
    double v = (pro + det) - (pro - det) * (pro - det);
    return v > 0.0 ? v : 0.0;
}

int co_nps_score(const co_nps *acc, double *out)
{
    shares s = {0.0, 0.0, 0.0};
    int rc = get_shares(acc, out, "co_nps_score", &s);
    if (rc == CO_OK)
        *out = 100.0 * (s.pro - s.det);
    return rc;
}

int co_nps_variance(const co_nps *acc, double *out)
{
    shares s = {0.0, 0.0, 0.0};
    int rc = get_shares(acc, out, "co_nps_variance", &s);
    if (rc == CO_OK)
        *out = 1e4 * answer_variance(s.det, s.pro);
    return rc;
}

int co_nps_se(const co_nps *acc, double *out)
{
    shares s = {0.0, 0.0, 0.0};
    int rc = get_shares(acc, out, "co_nps_se", &s);
    if (rc == CO_OK)
        *out = 100.0 * sqrt(answer_variance(s.det, s.pro) / s.n_eff);
    return rc;
}

static double clamp_unit(double x) { return x < -1.0 ? -1.0 : x > 1.0 ? 1.0 : x; }

int co_nps_confint(const co_nps *acc, double level, co_nps_method method, co_nps_interval *out)
{
    shares s = {0.0, 0.0, 0.0};
    int rc = get_shares(acc, out, "co_nps_confint", &s);
    if (rc < 0)
        return rc;
    if (!co__level_ok(level))
        return co__fail(CO_EINVAL, "confidence level %g is not between 0 and 1", level);
    if (method != CO_NPS_WALD && method != CO_NPS_ADJUSTED)
        return co__fail(CO_EINVAL, "unknown NPS interval method %d", (int)method);
    double n = s.n_eff;
    if (method == CO_NPS_ADJUSTED) {
        /* 0.75 + 1.5 + 0.75 pseudo-answers, scaled as effective answers. */
        s.det = (s.det * n + 0.75) / (n + 3.0);
        s.pro = (s.pro * n + 0.75) / (n + 3.0);
        n += 3.0;
    }
    double center = s.pro - s.det;
    double se = sqrt(answer_variance(s.det, s.pro) / n);
    double z = co__normal_critical(level);
    out->center = 100.0 * center;
    out->se = 100.0 * se;
    out->lower = 100.0 * clamp_unit(center - z * se);
    out->upper = 100.0 * clamp_unit(center + z * se);
    return CO_OK;
}

int co_nps_compare(const co_nps *a, const co_nps *b, co_nps_diff *out)
{
    double score_a, score_b, se_a, se_b;
    int rc;
    if ((rc = co_nps_score(a, &score_a)) < 0 || (rc = co_nps_score(b, &score_b)) < 0 ||
        (rc = co_nps_se(a, &se_a)) < 0 || (rc = co_nps_se(b, &se_b)) < 0)
        return rc;
    if (!out)
        return co__fail(CO_EINVAL, "co_nps_compare: NULL argument");
    double diff = score_a - score_b;
    double se = sqrt(se_a * se_a + se_b * se_b);
    double z;
    if (se > 0.0)
        z = diff / se;
    else
        z = diff == 0.0 ? 0.0 : diff > 0.0 ? HUGE_VAL : -HUGE_VAL;
    out->difference = diff;
    out->se = se;
    out->z = z;
    out->p_value = co__normal_two_sided_p(z);
    return CO_OK;
}
