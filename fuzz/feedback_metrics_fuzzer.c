/* Fuzz target: the feedback metrics on arrays of ratings. NPS accumulators
 * (plain, bytes and weighted adds, merge, score, variance, standard error,
 * effective n, confidence intervals, the two-sample test, grouping by
 * period), CSAT/CES summaries on fuzzed scales and option sizes, scale
 * normalisation and per-customer feedback scores, all with fuzzed
 * parameters: NaN, infinite, subnormal and huge weights and levels, scores
 * off their scales, days at the edges of int64_t.
 *
 * The checks: each result agrees with the answers counted here in long
 * double; a standard error is finite and >= 0; an interval holds its
 * estimate and widens with the level; accumulators filled in two parts and
 * merged equal one filled at once; every failure names itself and changes
 * nothing. The input is read front to back as parameters (fuzz_input.h). */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE_DAY 19000
#define MAX_ANSWERS 64

/* A score: mostly on 0-10 (or the scale asked for), sometimes far off it. */
static int take_score(fuzz_input *in, int64_t lo, int64_t hi)
{
    static const int off[8] = {-1, 11, 12, INT_MIN, INT_MAX, 255, 100, -7};
    uint8_t b = take_u8(in);
    if (b >= 0xF8)
        return off[b - 0xF8];
    lo = lo < INT_MIN ? INT_MIN : lo;
    return hi < lo ? (int)lo : (int)(lo + b % (hi - lo + 1)); /* a reversed scale: lo */
}

/* A confidence level: the usual ones, the edges of (0, 1), or anything. */
static double take_level(fuzz_input *in)
{
    static const double levels[8] = {0.95,      0.9, 0.99, 0.5, 0x1.fffffffffffffp-1,
                                     0x1p-1074, 1.0, 0.0};
    uint8_t b = take_u8(in);
    return b < 8 * 24 ? levels[b % 8] : take_double(in);
}

static int close_to(long double got, long double want, long double rel)
{
    return fabsl(got - want) <= rel * fabsl(want) + LDBL_MIN;
}

/* ---- NPS ---- */

typedef struct answers {
    size_t n;
    int score[MAX_ANSWERS];
    double weight[MAX_ANSWERS];
    int weighted;
} answers;

/* What an add of answers [from, to) must return: the first bad answer's
 * status, else CO_OK (or CO_EOVERFLOW, which the caller allows). */
static int add_status(const answers *a, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (a->score[i] < 0 || a->score[i] > 10)
            return CO_ERANGE;
        if (a->weighted && !(isfinite(a->weight[i]) && a->weight[i] >= 0))
            return CO_EINVAL;
    }
    return CO_OK;
}

/* One answer with co_nps_add() or co_nps_add_weighted(); a failure changes nothing. */
static int add_one(co_nps *acc, const answers *a, size_t i)
{
    co_nps before = *acc;
    arm_error();
    int rc = a->weighted ? co_nps_add_weighted(acc, a->score[i], a->weight[i])
                         : co_nps_add(acc, a->score[i]);
    check_status(rc);
    if (rc != CO_OK)
        require(memcmp(acc, &before, sizeof before) == 0);
    return rc;
}

/* Add answers [from, to) to acc with the calls `how` picks: one by one (the
 * answers before a failing one stay counted, so acc is reset to how it was),
 * or in one bulk call, which changes nothing when it fails. Returns the status. */
static int add_answers(co_nps *acc, const answers *a, size_t from, size_t to, int how)
{
    co_nps before = *acc;
    size_t n = to - from;
    int rc = CO_OK;
    size_t end = to; /* one by one, the first failure ends the adds */
    if (how % 3 == 0) {
        for (size_t i = from; i < to && rc == CO_OK; i++)
            if ((rc = add_one(acc, a, i)) != CO_OK)
                end = i + 1;
        if (rc != CO_OK)
            *acc = before;
    } else {
        uint8_t bytes[MAX_ANSWERS];
        int fits = how % 3 == 1;
        for (size_t i = 0; i < n; i++) {
            fits &= a->score[from + i] >= 0 && a->score[from + i] <= 255;
            bytes[i] = (uint8_t)a->score[from + i];
        }
        arm_error();
        rc = a->weighted ? co_nps_add_many_weighted(acc, a->score + from, a->weight + from, n)
             : fits      ? co_nps_add_many_u8(acc, bytes, n)
                         : co_nps_add_many_int(acc, a->score + from, n);
        check_status(rc);
        if (rc != CO_OK)
            require(memcmp(acc, &before, sizeof before) == 0);
    }
    int want = add_status(a, from, end);
    require(rc == want || (want == CO_OK && rc == CO_EOVERFLOW && a->weighted));
    return rc;
}

/* Every figure of a filled accumulator against the answers [0, n). */
static void check_figures(const co_nps *acc, const answers *a, fuzz_input *in)
{
    long double w[3] = {0, 0, 0}, sq = 0;
    uint64_t count[3] = {0, 0, 0};
    for (size_t i = 0; i < a->n; i++) {
        int c = a->score[i] <= 6 ? 0 : a->score[i] <= 8 ? 1 : 2;
        long double wi = a->weighted ? a->weight[i] : 1.0L;
        count[c]++;
        w[c] += wi;
        sq += wi * wi;
    }
    long double total = w[0] + w[1] + w[2];
    require(memcmp(acc->count, count, sizeof count) == 0 && co_nps_count(acc) == a->n);
    for (int c = 0; c < 3; c++)
        require(close_to(acc->weight[c], w[c], 1e-12L));
    double n_eff = co_nps_effective_n(acc);
    require(isfinite(n_eff) && n_eff >= 0);
    if (sq > 0)
        require(close_to(n_eff, total * total / sq, 1e-9L));

    double score = NAN, var = NAN, se = NAN;
    arm_error();
    int rc1 = co_nps_score(acc, &score);
    check_status(rc1);
    arm_error();
    int rc2 = co_nps_variance(acc, &var);
    check_status(rc2);
    arm_error();
    int rc3 = co_nps_se(acc, &se);
    check_status(rc3);
    int want = total > 0 ? CO_OK : CO_EINVAL;
    require(rc1 == want && rc2 == want && rc3 == want);
    if (want != CO_OK) {
        require(isnan(score) && isnan(var) && isnan(se));
        return;
    }
    long double pro = w[2] / total, det = w[0] / total;
    require(fabsl(score - 100 * (pro - det)) <= 1e-9L);
    require(fabsl(var - 1e4L * ((pro + det) - (pro - det) * (pro - det))) <= 1e-7L);
    require(isfinite(se) && se >= 0 && isfinite(var) && var >= 0);
    /* (a variance below 1e-300 is subnormal in the shares: few bits, compared absolutely) */
    long double se2 = (long double)se * se, want_se2 = var / (long double)n_eff;
    require(close_to(se2, want_se2, 1e-9L) || fabsl(se2 - want_se2) <= 1e-300L);

    /* Intervals: finite, inside [-100, 100], holding their centre, and wider
     * at a higher level. */
    double level = take_level(in);
    co_nps_method method = (co_nps_method)(take_u8(in) % 3);
    co_nps_interval ci, wider;
    memset(&ci, UNTOUCHED, sizeof ci);
    arm_error();
    int rc = co_nps_confint(acc, level, method, &ci);
    check_status(rc);
    int ok = level > 0 && level < 1 && method <= CO_NPS_ADJUSTED;
    require(rc == (ok ? CO_OK : CO_EINVAL));
    if (rc != CO_OK) {
        require(untouched(&ci, sizeof ci));
        return;
    }
    require(isfinite(ci.center) && isfinite(ci.se) && ci.se >= 0);
    require(isfinite(ci.lower) && isfinite(ci.upper));
    require(-100 <= ci.lower && ci.lower <= ci.center && ci.center <= ci.upper && ci.upper <= 100);
    if (method == CO_NPS_WALD)
        require(ci.center == score && ci.se == se);
    double higher = level + (1 - level) / 2;
    if (higher < 1 && co_nps_confint(acc, higher, method, &wider) == CO_OK)
        require(wider.lower <= ci.lower && wider.upper >= ci.upper);
}

static void check_compare(const co_nps *a, const co_nps *b)
{
    co_nps_diff d;
    memset(&d, UNTOUCHED, sizeof d);
    double sa, sb;
    int ok = co_nps_score(a, &sa) == CO_OK && co_nps_score(b, &sb) == CO_OK;
    arm_error();
    int rc = co_nps_compare(a, b, &d);
    check_status(rc);
    require(rc == (ok ? CO_OK : CO_EINVAL));
    if (rc != CO_OK) {
        require(untouched(&d, sizeof d));
        return;
    }
    require(d.difference == sa - sb && isfinite(d.se) && d.se >= 0);
    require(d.p_value >= 0 && d.p_value <= 1 && !isnan(d.z));
    require(d.difference == 0 ? d.z == 0 : (d.z > 0) == (d.difference > 0));
    require(co_nps_compare(a, a, &d) == CO_OK && d.difference == 0 && d.z == 0 && d.p_value == 1);
}

static void take_answers(fuzz_input *in, answers *a)
{
    uint8_t mode = take_u8(in);
    a->n = take_u8(in) % (MAX_ANSWERS + 1);
    a->weighted = mode & 1;
    for (size_t i = 0; i < a->n; i++) {
        a->score[i] = take_score(in, 0, 10);
        a->weight[i] = !a->weighted ? 1.0 : mode & 2 ? take_double(in) : take_u8(in) / 16.0;
    }
}

static void check_nps(fuzz_input *in)
{
    answers a;
    take_answers(in, &a);
    size_t split = take_u8(in) % (a.n + 1);
    int how = take_u8(in);
    /* At once, and in two parts merged. */
    co_nps all = {{0, 0, 0}, {0, 0, 0}, 0}, first = all, second = all;
    int rc_all = add_answers(&all, &a, 0, a.n, how);
    int rc_first = add_answers(&first, &a, 0, split, how / 2);
    int rc_second = add_answers(&second, &a, split, a.n, how / 4);
    if (rc_all == CO_OK)
        check_figures(&all, &a, in);
    if (rc_first != CO_OK || rc_second != CO_OK)
        return;
    co_nps merged = first;
    arm_error();
    int rc = co_nps_merge(&merged, &second);
    check_status(rc);
    if (rc != CO_OK) {
        require(rc == CO_EOVERFLOW && memcmp(&merged, &first, sizeof first) == 0);
        return;
    }
    if (rc_all != CO_OK)
        return; /* the sums of the parts may round below the overflow */
    require(memcmp(merged.count, all.count, sizeof all.count) == 0);
    for (int c = 0; c < 3; c++)
        require(close_to(merged.weight[c], all.weight[c], 1e-12L));
    require(close_to(co_nps_effective_n(&merged), co_nps_effective_n(&all), 1e-9L));
    check_compare(&first, &second);
    /* Merging an accumulator into itself doubles it. */
    co_nps twice = all;
    if (co_nps_merge(&twice, &twice) == CO_OK) {
        for (int c = 0; c < 3; c++)
            require(twice.count[c] == 2 * all.count[c] && twice.weight[c] == 2 * all.weight[c]);
        require(close_to(co_nps_effective_n(&twice), 2 * co_nps_effective_n(&all), 1e-9L));
    }
}

static void check_periods(fuzz_input *in)
{
    answers a;
    take_answers(in, &a);
    co_day days[MAX_ANSWERS];
    co_day base = take_day(in, BASE_DAY);
    for (size_t i = 0; i < a.n; i++)
        days[i] = take_day(in, valid_day(base) ? base : BASE_DAY);
    check_nps_by_period(days, a.score, a.weighted ? a.weight : NULL, a.n,
                        (co_period)(take_u8(in) % 4));
}

/* ---- CSAT and CES ---- */

/* A struct size at one of its field boundaries, or past it. */
static size_t take_size(fuzz_input *in, size_t full)
{
    static const size_t sizes[] = {0, 4, 8, 12, 16, 20, 24, 32, 40, 48, 56, 64, 72, 80};
    uint8_t b = take_u8(in);
    if (b < 128)
        return full;
    size_t s = sizes[b % (sizeof sizes / sizeof sizes[0])];
    return s <= full + 8 ? s : full + 8;
}

static void check_ratings(fuzz_input *in)
{
    co_rating_options o;
    memset(&o, UNTOUCHED, sizeof o);
    uint8_t how = take_u8(in);
    size_t size = take_size(in, sizeof o);
    int lo = 0, hi = 0, rc;
    arm_error();
    if (how % 3 == 0) {
        rc = co_csat_options_init(&o, size);
    } else if (how % 3 == 1) {
        rc = co_ces_options_init(&o, size);
    } else {
        lo = take_u8(in) & 1 ? (int)(int32_t)take_u64(in) : take_u8(in) % 4 - 1;
        int64_t above = (int64_t)lo + take_u8(in) % 12;
        hi = take_u8(in) & 1 ? (int)(int32_t)take_u64(in) : above > INT_MAX ? INT_MAX : (int)above;
        rc = co_rating_options_for_scale(&o, size, lo, hi);
    }
    check_status(rc);
    int size_ok = size >= sizeof(size_t) && size <= sizeof o;
    require(rc == (size_ok && (how % 3 != 2 || lo < hi) ? CO_OK : CO_EINVAL));
    if (rc != CO_OK) {
        require(untouched(&o, sizeof o));
        return;
    }
    require(o.size == size && untouched((char *)&o + size, sizeof o - size));
    /* The options the library reads: the first `size` bytes over the CSAT defaults. */
    co_rating_options full;
    co_csat_options_init(&full, sizeof full);
    memcpy((char *)&full + sizeof(size_t), (char *)&o + sizeof(size_t), size - sizeof(size_t));
    if (how % 3 == 2 && size == sizeof o) {
        long points = (long)hi - lo + 1;
        int top = points <= 3 ? 1 : points == 7 ? 3 : 2;
        require(o.scale_min == lo && o.scale_max == hi && o.box_max == hi);
        require(o.box_min == hi - top + 1 && o.level == 0.95);
    }
    /* The caller's struct as it is, or the full one with a box, a level or a
     * scale of the caller's. */
    const co_rating_options *given = &o;
    if (take_u8(in) & 1) {
        given = &full;
        switch (take_u8(in) % 4) {
        case 0: full.box_min = take_score(in, (int64_t)full.scale_min - 1, full.scale_max); break;
        case 1: full.level = take_level(in); break;
        case 2: full.scale_min = full.scale_max; break;
        default: full.box_max = full.box_min - 1; /* box_min >= scale_min > INT_MIN */
        }
    }
    full.size = sizeof full;

    int ratings[MAX_ANSWERS];
    size_t n = take_u8(in) % (MAX_ANSWERS + 1);
    long double sum = 0;
    size_t in_box = 0;
    int in_scale = 1;
    for (size_t i = 0; i < n; i++) {
        ratings[i] = take_score(in, full.scale_min, full.scale_max);
        in_scale &= ratings[i] >= full.scale_min && ratings[i] <= full.scale_max;
        in_box += ratings[i] >= full.box_min && ratings[i] <= full.box_max;
        sum += ratings[i];
    }
    co_rating_summary s;
    memset(&s, UNTOUCHED, sizeof s);
    s.size = take_size(in, sizeof s);
    int good = full.scale_min < full.scale_max && full.box_min <= full.box_max &&
               full.box_min >= full.scale_min && full.box_max <= full.scale_max && full.level > 0 &&
               full.level < 1;
    int want = s.size < sizeof(size_t) || s.size > sizeof s || !good || n == 0 ? CO_EINVAL
               : !in_scale                                                     ? CO_ERANGE
                                                                               : CO_OK;
    size_t asked = s.size;
    arm_error();
    rc = co_rating_summarize(ratings, n, given, &s);
    check_status(rc);
    require(rc == want && s.size == asked);
    if (rc != CO_OK) {
        require(untouched((char *)&s + sizeof(size_t), sizeof s - sizeof(size_t)));
        return;
    }
    require(untouched((char *)&s + asked, sizeof s - asked));
    /* the full summary, to check every figure */
    s.size = sizeof s;
    require(co_rating_summarize(ratings, n, given, &s) == CO_OK);
    long double mean = sum / n, width = (long double)full.scale_max - full.scale_min;
    require(s.n == n && s.in_box == in_box && s.share == 100.0 * ((double)in_box / (double)n));
    require(0 <= s.share_lower && s.share_lower <= s.share + 1e-9);
    require(s.share - 1e-9 <= s.share_upper && s.share_upper <= 100);
    require(fabsl(s.mean - mean) <= 1e-12L * (width + fabsl(mean)));
    require(s.mean >= full.scale_min && s.mean <= full.scale_max);
    if (n < 2) {
        require(isnan(s.sd) && isnan(s.mean_lower) && isnan(s.mean_upper));
    } else {
        require(isfinite(s.sd) && s.sd >= 0 && s.sd <= width);
        require(isfinite(s.mean_lower) && isfinite(s.mean_upper));
        require(s.mean_lower <= s.mean && s.mean <= s.mean_upper);
    }
}

/* ---- Scale normalisation ---- */

static void check_normalize(fuzz_input *in)
{
    double values[16], out[16];
    size_t n = take_u8(in) % 17;
    double low = take_u8(in) & 1 ? take_double(in) : 1,
           high = take_u8(in) & 1 ? take_double(in) : 5;
    double lo = fmin(low, high), hi = fmax(low, high);
    int want = !isfinite(low) || !isfinite(high) || low == high || !isfinite(high - low) ? CO_EINVAL
                                                                                         : CO_OK;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = take_u8(in);
        values[i] = b & 1   ? take_double(in)
                    : b & 2 ? lo
                    : b & 4 ? hi
                            : lo + (hi - lo) * (b / 255.0);
        if (want == CO_OK && !isfinite(values[i]))
            want = CO_EINVAL;
        else if (want == CO_OK && (values[i] < lo || values[i] > hi))
            want = CO_ERANGE;
    }
    int in_place = take_u8(in) & 1;
    double *dst = in_place ? values : out;
    double copy[16];
    memcpy(copy, values, sizeof copy);
    memset(out, UNTOUCHED, sizeof out);
    arm_error();
    int rc = co_scale_normalize(values, n, low, high, dst);
    check_status(rc);
    require(rc == want);
    if (rc != CO_OK) {
        require(in_place ? memcmp(values, copy, sizeof copy) == 0 : untouched(out, sizeof out));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        require(isfinite(dst[i]) && dst[i] >= -1e-9 && dst[i] <= 100 + 1e-9);
        if (copy[i] == low)
            require(dst[i] == 0);
        for (size_t j = 0; j < n; j++)
            if (copy[i] < copy[j])
                require(low < high ? dst[i] <= dst[j] : dst[i] >= dst[j]);
    }
}

/* ---- Feedback scores ---- */

static void check_feedback(fuzz_input *in)
{
    size_t cust[MAX_ANSWERS];
    co_day day[MAX_ANSWERS];
    int kind[MAX_ANSWERS];
    double value[MAX_ANSWERS];
    co_feedback_options o;
    co_feedback_options_init(&o, sizeof o);
    o.as_of = take_day(in, BASE_DAY);
    o.half_life_days = take_option(in, 90.0);
    o.prior_weight = take_option(in, 0.0);
    o.prior_score = take_option(in, 50.0);
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        o.kind_weight[k] = take_option(in, 1.0);
    size_t n_customers = take_u8(in) % 9;
    size_t n = take_u8(in) % (MAX_ANSWERS + 1);
    co_day base = valid_day(o.as_of) ? o.as_of : BASE_DAY;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = take_u8(in);
        cust[i] = b % 16 == 15 ? SIZE_MAX : b % (n_customers + 1); /* n_customers: past the end */
        int k = take_u8(in) % 7;
        kind[i] = k < 5 ? k : k == 5 ? -1 : INT_MAX;
        int kk = k < 5 ? k : 0;
        uint8_t v = take_u8(in);
        value[i] = v >= 0xF0
                       ? take_double(in)
                       : feedback_low[kk] + (feedback_high[kk] - feedback_low[kk]) * (v / 239.0);
        day[i] = b & 2 ? take_day(in, base) : add_days(base, -(int64_t)take_u8(in) * 30);
    }
    check_feedback_scores(cust, day, kind, value, n, n_customers, &o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    uint8_t which = take_u8(&in);
    /* Each part reads its own parameters; the byte picks the order so that
     * every part gets the front of the input in some runs. */
    void (*parts[5])(fuzz_input *) = {check_nps, check_periods, check_ratings, check_normalize,
                                      check_feedback};
    for (int k = 0; k < 5; k++)
        parts[(which + k) % 5](&in);
    return 0;
}
