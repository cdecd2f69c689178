/* lib/metrics per-customer feedback score. Reference numbers:
 * tests/reference/feedback_score_reference.py (numpy, absolute weights, run
 * offline; its printed values are quoted below) and hand calculations. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

/* The data set of feedback_score_reference.py. */
static const size_t customer[7] = {0, 0, 0, 1, 1, 2, 0};
static const co_day day[7] = {1000, 970, 910, 940, 1000, 400, 999};
static const int kind[7] = {CO_FEEDBACK_NPS,    CO_FEEDBACK_CSAT, CO_FEEDBACK_TEXT, CO_FEEDBACK_CES,
                            CO_FEEDBACK_RATING, CO_FEEDBACK_NPS,  CO_FEEDBACK_CSAT};
static const double value[7] = {9, 2, -0.5, 6, 2.6, 3, 5};

static co_feedback_options options(void)
{
    co_feedback_options o;
    co_feedback_options_init(&o, sizeof o);
    o.as_of = 1000;
    o.half_life_days = 30.0;
    return o;
}

Test(feedback_score, decayed_mean_per_customer)
{
    /* plain: 78.143157726686, 48.666666666667, 30, nan;
     * weights: 2.60215996843, 1.25, 9.53674316406e-07, 0. */
    co_feedback_options o = options();
    double score[4], weight[4];
    cr_assert_eq(co_feedback_score(customer, day, kind, value, 7, 4, &o, score, weight), CO_OK);
    cr_assert_float_eq(score[0], 78.143157726686, 1e-10);
    cr_assert_float_eq(score[1], 48.666666666667, 1e-10);
    cr_assert_float_eq(score[2], 30.0, 1e-10);
    cr_assert(isnan(score[3]));
    cr_assert_float_eq(weight[0], 2.60215996843, 1e-10);
    cr_assert_float_eq(weight[1], 1.25, 1e-12);
    cr_assert_float_eq(weight[2], 9.53674316406e-07, 1e-17);
    cr_assert_eq(weight[3], 0.0);
}

Test(feedback_score, prior_and_kind_weights)
{
    /* prior 0.5 at 50: 73.607099300774, 49.047619047619, 49.999961853100, 50;
     * CSAT weighted 3x: 76.266448858360, 48.666666666667, 30, nan. */
    co_feedback_options o = options();
    o.prior_weight = 0.5;
    double score[4];
    cr_assert_eq(co_feedback_score(customer, day, kind, value, 7, 4, &o, score, NULL), CO_OK);
    cr_assert_float_eq(score[0], 73.607099300774, 1e-10);
    cr_assert_float_eq(score[1], 49.047619047619, 1e-10);
    cr_assert_float_eq(score[2], 49.999961853100, 1e-10);
    cr_assert_eq(score[3], 50.0);
    o = options();
    o.kind_weight[CO_FEEDBACK_CSAT] = 3.0;
    cr_assert_eq(co_feedback_score(customer, day, kind, value, 7, 4, &o, score, NULL), CO_OK);
    cr_assert_float_eq(score[0], 76.266448858360, 1e-10);
    cr_assert_float_eq(score[2], 30.0, 1e-10);
}

Test(feedback_score, ancient_feedback_keeps_its_score)
{
    /* One CSAT 4 given a million days earlier: 2^(-1e6/30) underflows, yet
     * the only evidence says 75 (hand: 25 * (4 - 1)); two such answers 4 and
     * 2 a day apart weigh 2^(1/30) : 1, so (hand) the newer one dominates
     * slightly: (75 * 2^(1/30) + 25) / (2^(1/30) + 1). */
    co_feedback_options o = options();
    o.as_of = 1000000;
    size_t c[2] = {0, 0};
    co_day d[2] = {1, 0};
    int k[2] = {CO_FEEDBACK_CSAT, CO_FEEDBACK_CSAT};
    double v[2] = {4, 2}, score, weight;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 1, &o, &score, &weight), CO_OK);
    cr_assert_eq(score, 75.0);
    cr_assert_eq(weight, 0.0);
    cr_assert_eq(co_feedback_score(c, d, k, v, 2, 1, &o, &score, NULL), CO_OK);
    double r = exp2(1.0 / 30.0);
    cr_assert_float_eq(score, (75.0 * r + 25.0) / (r + 1.0), 1e-12);
    /* No decay: a plain mean, 50 (hand). */
    o.half_life_days = INFINITY;
    cr_assert_eq(co_feedback_score(c, d, k, v, 2, 1, &o, &score, &weight), CO_OK);
    cr_assert_eq(score, 50.0);
    cr_assert_eq(weight, 2.0);
}

/* Found by the feedback_metrics fuzz target: a kind weight near DBL_MAX made the weighted
 * sum of scores infinite (so was the score), and a prior weight near DBL_MAX did the same
 * through prior weight x prior score. By hand, all answers given on the as-of day: NPS 8
 * and 6 with equal weights score (80 + 60) / 2 = 70 whatever the weight, but their total
 * weight 2 DBL_MAX overflows; an NPS 0 against a prior of weight DBL_MAX and score 100
 * scores 100 (0 * 1 + 100 * DBL_MAX) / (1 + DBL_MAX) = 100 to double precision. A kind
 * weight of the smallest subnormal, 2^-1074, rounded weight x score to a whole multiple
 * of it: a rating of 2.5 alone, 25 (2.5 - 1) = 37.5 on 0-100, scored 38. */
Test(feedback_score, extreme_weights_give_finite_exact_scores_or_fail)
{
    const size_t who[2] = {0, 0};
    const co_day when[2] = {1000, 1000};
    const int nps[2] = {CO_FEEDBACK_NPS, CO_FEEDBACK_NPS};
    const double answers[2] = {8, 6};
    co_feedback_options o = options();
    o.kind_weight[CO_FEEDBACK_NPS] = DBL_MAX;
    double score = -1, weight = -1;
    cr_assert_eq(co_feedback_score(who, when, nps, answers, 2, 1, &o, &score, NULL), CO_OK);
    cr_assert_float_eq(score, 70.0, 1e-12);
    cr_assert_eq(co_feedback_score(who, when, nps, answers, 1, 1, &o, &score, &weight), CO_OK);
    cr_assert(score == 80.0 && weight == DBL_MAX, "%g %g", score, weight);
    score = weight = -1;
    cr_assert_eq(co_feedback_score(who, when, nps, answers, 2, 1, &o, &score, &weight),
                 CO_EOVERFLOW);
    cr_assert_str_eq(co_errmsg(), "the feedback weight of customer 0 overflows");
    cr_assert(score == -1 && weight == -1);
    o = options();
    o.prior_weight = DBL_MAX;
    o.prior_score = 100;
    const double zero = 0;
    cr_assert_eq(co_feedback_score(who, when, nps, &zero, 1, 1, &o, &score, &weight), CO_OK);
    cr_assert_float_eq(score, 100.0, 1e-12);
    cr_assert_eq(weight, 1.0);
    o = options();
    o.kind_weight[CO_FEEDBACK_RATING] = 0x1p-1074;
    const int rating = CO_FEEDBACK_RATING;
    const double stars = 2.5;
    cr_assert_eq(co_feedback_score(who, when, &rating, &stars, 1, 1, &o, &score, &weight), CO_OK);
    cr_assert(score == 37.5 && weight == 0x1p-1074, "%.17g %g", score, weight);
}

Test(feedback_score, errors_leave_outputs_alone)
{
    co_feedback_options o = options();
    double score[4] = {-1, -1, -1, -1};
    size_t c[1] = {4};
    co_day d[1] = {1000};
    int k[1] = {CO_FEEDBACK_NPS};
    double v[1] = {5};
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "customer 4 at index 0 is not below 4");
    c[0] = 0;
    d[0] = 1001;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_ERANGE);
    d[0] = INT64_MIN;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "day -9223372036854775808 at index 0 is outside years 0001-9999");
    d[0] = 1000;
    o.as_of = 99999999;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_ERANGE);
    o = options();
    v[0] = 11;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "NPS value 11 at index 0 is outside 0-10");
    v[0] = NAN;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    v[0] = 5;
    k[0] = 9;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "unknown feedback kind 9 at index 0");
    k[0] = CO_FEEDBACK_NPS;
    o.half_life_days = 0.0;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    o = options();
    o.prior_score = 101;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    o = options();
    o.kind_weight[2] = -1;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    o = options();
    o.size = 1;
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    o = options();
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, NULL, score, NULL), CO_EINVAL);
    cr_assert_eq(co_feedback_score(NULL, d, k, v, 1, 4, &o, score, NULL), CO_EINVAL);
    cr_assert_eq(co_feedback_score(c, d, k, v, 1, 4, &o, NULL, NULL), CO_EINVAL);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(score[i], -1.0);
}

struct score_ctx {
    double score[4];
};

static int score_op(void *arg)
{
    struct score_ctx *s = arg;
    co_feedback_options o = options();
    return co_feedback_score(customer, day, kind, value, 7, 4, &o, s->score, NULL);
}

static void score_unchanged(void *arg)
{
    struct score_ctx *s = arg;
    for (int i = 0; i < 4; i++)
        cr_assert_eq(s->score[i], -1.0);
}

Test(feedback_score, survives_allocation_failure)
{
    struct score_ctx s = {{-1, -1, -1, -1}};
    cr_assert_eq(co_test_alloc_sweep(score_op, score_unchanged, &s), 1);
}

Test(feedback_rank, lowest_first_nan_last_ties_in_order)
{
    double scores[6] = {50, NAN, 10, 50, 90, 10};
    size_t order[6];
    cr_assert_eq(co_feedback_rank(scores, 6, order), CO_OK);
    const size_t expect[6] = {2, 5, 0, 3, 4, 1};
    for (int i = 0; i < 6; i++)
        cr_assert_eq(order[i], expect[i], "position %d", i);
    cr_assert_eq(co_feedback_rank(NULL, 0, NULL), CO_OK);
    cr_assert_eq(co_feedback_rank(NULL, 2, order), CO_EINVAL);
}

static int rank_op(void *arg)
{
    double scores[3] = {3, 1, 2};
    return co_feedback_rank(scores, 3, arg);
}

static void rank_unchanged(void *arg)
{
    size_t *order = arg;
    cr_assert_eq(order[0], 7);
}

Test(feedback_rank, survives_allocation_failure)
{
    size_t order[3] = {7, 7, 7};
    cr_assert_eq(co_test_alloc_sweep(rank_op, rank_unchanged, order), 1);
    cr_assert_eq(order[0], 1);
}
