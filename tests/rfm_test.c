/* lib/metrics RFM: quantile cut points, scores, segments and segment totals.
 *
 * Expected values come from tests/reference/rfm_reference.py, an independent
 * numpy re-implementation of the R package rfm 0.3.0 (rfm_table's interval
 * loop and rfm_segment's first-match loop), run offline; its printed output
 * is quoted next to each use. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

#define N 12
static const double recency[N] = {3, 10, 10, 45, 60, 60, 120, 200, 250, 365, 400, 400};
static const double frequency[N] = {12, 1, 5, 5, 2, 9, 1, 3, 1, 7, 2, 1};
static const double monetary[N] = {880.5, 20.0,  310.0, 150.0, 75.25, 600.0,
                                   20.0,  210.0, 15.0,  990.0, 60.0,  5.0};

/* "recency scores [5, 5, 5, 4, 4, 4, 3, 2, 2, 1, 1, 1]" etc. */
static const uint8_t want_r[N] = {5, 5, 5, 4, 4, 4, 3, 2, 2, 1, 1, 1};
static const uint8_t want_f[N] = {5, 1, 3, 3, 2, 5, 1, 3, 1, 4, 2, 1};
static const uint8_t want_m[N] = {5, 1, 4, 3, 3, 5, 1, 4, 1, 5, 2, 1};

static void assert_cuts(const double *got, const double *want, size_t k)
{
    for (size_t i = 0; i < k; i++)
        cr_assert_float_eq(got[i], want[i], 1e-12, "cut %zu: %.17g != %.17g", i, got[i], want[i]);
}

Test(rfm_cuts, are_type7_quantiles_plus_offset)
{
    double cuts[4];
    /* "recency cuts [18, 61, 169, 343]" */
    cr_assert_eq(co_rfm_cuts(recency, N, 5, 1.0, cuts), CO_OK);
    assert_cuts(cuts, (double[]){18, 61, 169, 343}, 4);
    /* "frequency cuts [2, 3, 5.2, 7.6]" */
    cr_assert_eq(co_rfm_cuts(frequency, N, 5, 1.0, cuts), CO_OK);
    assert_cuts(cuts, (double[]){2, 3, 5.2, 7.6}, 4);
    /* "monetary cuts [21, 67.1, 187, 543]" */
    cr_assert_eq(co_rfm_cuts(monetary, N, 5, 1.0, cuts), CO_OK);
    assert_cuts(cuts, (double[]){21, 67.1, 187, 543}, 4);
}

Test(rfm_cuts, of_one_to_ten_by_hand)
{
    /* Type 7 at p = k/5 on 1..10: h = 9p = 1.8, 3.6, 5.4, 7.2 (0-based), so
     * x[h] = 2.8, 4.6, 6.4, 8.2 (input unsorted on purpose). */
    const double x[10] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    double cuts[4];
    cr_assert_eq(co_rfm_cuts(x, 10, 5, 0.0, cuts), CO_OK);
    assert_cuts(cuts, (double[]){2.8, 4.6, 6.4, 8.2}, 4);
    /* Two bins: the median 5.5; one value: every cut is that value. */
    cr_assert_eq(co_rfm_cuts(x, 10, 2, 0.0, cuts), CO_OK);
    cr_assert_float_eq(cuts[0], 5.5, 1e-12);
    cr_assert_eq(co_rfm_cuts(x, 1, 3, 0.5, cuts), CO_OK);
    assert_cuts(cuts, (double[]){10.5, 10.5}, 2);
}

Test(rfm_cuts, reject_bad_arguments_and_leave_output)
{
    double cuts[4] = {-1, -1, -1, -1};
    const double bad[3] = {1, NAN, 2};
    cr_assert_eq(co_rfm_cuts(bad, 3, 5, 1, cuts), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "value is not finite (index 1)");
    cr_assert_eq(co_rfm_cuts(recency, 0, 5, 1, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_cuts(recency, N, 1, 1, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_cuts(recency, N, CO_RFM_MAX_BINS + 1, 1, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_cuts(recency, N, 5, INFINITY, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_cuts(NULL, N, 5, 1, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_cuts(recency, N, 5, 1, NULL), CO_EINVAL);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(cuts[i], -1);
}

/* Found by the store_analytics fuzz target: a quantile of DBL_MAX plus an offset of
 * DBL_MAX made an infinite cut point that co_rfm_cuts() returned as a success and
 * co_rfm_score() then refused. By hand: one value, 2 bins, the one cut is the value
 * plus the offset; DBL_MAX + 1 rounds to DBL_MAX, DBL_MAX + DBL_MAX is infinite. */
Test(rfm_cuts, a_cut_point_beyond_the_double_range_is_an_overflow)
{
    const double top[1] = {DBL_MAX};
    double cuts[1] = {-1};
    cr_assert_eq(co_rfm_cuts(top, 1, 2, 1, cuts), CO_OK);
    cr_assert_eq(cuts[0], DBL_MAX);
    cuts[0] = -1;
    cr_assert_eq(co_rfm_cuts(top, 1, 2, DBL_MAX, cuts), CO_EOVERFLOW);
    cr_assert_str_eq(co_errmsg(),
                     "cut point 1 (quantile 1.79769e+308 plus offset 1.79769e+308) overflows");
    cr_assert_eq(cuts[0], -1);
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    o.offset = DBL_MAX;
    uint8_t r[1] = {9}, f[1] = {9}, m[1] = {9};
    const double days[1] = {3}, orders[1] = {1};
    cr_assert_eq(co_rfm_scores(days, orders, top, 1, &o, r, f, m), CO_EOVERFLOW);
    cr_assert(r[0] == 9 && f[0] == 9 && m[0] == 9);
}

Test(rfm_score, counts_the_cuts_reached)
{
    /* Hand check: cuts {2, 4}; 1 -> 1, 2 -> 2 (reaches 2), 3 -> 2, 4 -> 3, 9 -> 3;
     * reversed: 4 - those. */
    const double x[5] = {1, 2, 3, 4, 9};
    const double cuts[2] = {2, 4};
    uint8_t s[5];
    cr_assert_eq(co_rfm_score(x, 5, cuts, 2, 0, s), CO_OK);
    cr_assert_arr_eq(s, ((uint8_t[]){1, 2, 2, 3, 3}), 5);
    cr_assert_eq(co_rfm_score(x, 5, cuts, 2, 1, s), CO_OK);
    cr_assert_arr_eq(s, ((uint8_t[]){3, 2, 2, 1, 1}), 5);
}

Test(rfm_score, rejects_unordered_or_missing_cuts)
{
    const double x[2] = {1, 2};
    uint8_t s[2] = {7, 7};
    cr_assert_eq(co_rfm_score(x, 2, (double[]){3, 2}, 2, 0, s), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "cuts: cut points must not decrease (index 1)");
    cr_assert_eq(co_rfm_score(x, 2, (double[]){NAN}, 1, 0, s), CO_EINVAL);
    cr_assert_eq(co_rfm_score(x, 2, (double[]){1}, 0, 0, s), CO_EINVAL);
    cr_assert_eq(co_rfm_score(x, 2, (double[]){1}, CO_RFM_MAX_BINS, 0, s), CO_EINVAL);
    cr_assert_eq(co_rfm_score((double[]){1, -INFINITY}, 2, (double[]){1}, 1, 0, s), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "value is not finite (index 1)");
    cr_assert_eq(s[0], 7);
    cr_assert_eq(s[1], 7);
}

Test(rfm_scores, match_the_r_package)
{
    uint8_t r[N], f[N], m[N];
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, NULL, r, f, m), CO_OK);
    cr_assert_arr_eq(r, want_r, N);
    cr_assert_arr_eq(f, want_f, N);
    cr_assert_arr_eq(m, want_m, N);
}

Test(rfm_scores, equal_values_share_a_score)
{
    uint8_t r[N], f[N], m[N];
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, NULL, r, f, m), CO_OK);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            if (recency[i] == recency[j])
                cr_assert_eq(r[i], r[j]);
            if (frequency[i] == frequency[j])
                cr_assert_eq(f[i], f[j]);
        }
}

Test(rfm_scores, custom_cuts_and_bins)
{
    /* Recency cut at 30/90/180 days (four classes, reversed): 3,10,10 -> 4;
     * 45,60,60 -> 3; 120 -> 2; 200.. -> 1. Frequency 1 | 2-4 | 5+ by cuts
     * {2, 5}: three classes. Monetary keeps 5 quantile classes. */
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    cr_assert_eq(o.size, sizeof o);
    cr_assert_eq(o.recency_bins, 5);
    cr_assert_float_eq(o.offset, 1.0, 0);
    const double rc[3] = {30, 90, 180}, fc[2] = {2, 5};
    o.recency_bins = 4;
    o.recency_cuts = rc;
    o.frequency_bins = 3;
    o.frequency_cuts = fc;
    uint8_t r[N], f[N], m[N];
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, &o, r, f, m), CO_OK);
    cr_assert_arr_eq(r, ((uint8_t[]){4, 4, 4, 3, 3, 3, 2, 1, 1, 1, 1, 1}), N);
    cr_assert_arr_eq(f, ((uint8_t[]){3, 1, 3, 3, 2, 3, 1, 2, 1, 3, 2, 1}), N);
    cr_assert_arr_eq(m, want_m, N);
}

Test(rfm_scores, fail_without_touching_any_output)
{
    uint8_t r[N], f[N], m[N];
    memset(r, 9, N);
    memset(f, 9, N);
    memset(m, 9, N);
    double bad[N];
    memcpy(bad, monetary, sizeof bad);
    bad[7] = NAN;
    cr_assert_eq(co_rfm_scores(recency, frequency, bad, N, NULL, r, f, m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "monetary is not finite (index 7)");
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    o.frequency_bins = 10;
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, &o, r, f, m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "frequency bins must be 2..9 (got 10)");
    co_rfm_options_init(&o, sizeof o);
    o.monetary_cuts = (double[]){5, 4, 3, 2};
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, &o, r, f, m), CO_EINVAL);
    co_rfm_options_init(&o, sizeof o);
    o.size = 0;
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, &o, r, f, m), CO_EINVAL);
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, N, NULL, r, NULL, m), CO_EINVAL);
    for (size_t i = 0; i < N; i++)
        cr_assert(r[i] == 9 && f[i] == 9 && m[i] == 9);
    /* Nothing to score is not an error. */
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, 0, NULL, r, f, m), CO_OK);
}

/* Found by the store_analytics fuzz target: with no customers, bins of 0 and
 * unordered cut points used to pass. Bad options fail whatever n is. */
Test(rfm_scores, bad_options_fail_on_empty_input_too)
{
    uint8_t r[1] = {9}, f[1] = {9}, m[1] = {9};
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    o.monetary_bins = 0;
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, 0, &o, r, f, m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "monetary bins must be 2..9 (got 0)");
    co_rfm_options_init(&o, sizeof o);
    o.recency_cuts = (double[]){5, 4, 3, 2};
    cr_assert_eq(co_rfm_scores(recency, frequency, monetary, 0, &o, r, f, m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "recency: cut points must not decrease (index 1)");
    cr_assert(r[0] == 9 && f[0] == 9 && m[0] == 9);
}

struct scores_ctx {
    uint8_t r[N], f[N], m[N];
};

static int scores_op(void *arg)
{
    struct scores_ctx *c = arg;
    return co_rfm_scores(recency, frequency, monetary, N, NULL, c->r, c->f, c->m);
}

static void scores_unchanged(void *arg)
{
    struct scores_ctx *c = arg;
    for (size_t i = 0; i < N; i++)
        cr_assert(c->r[i] == 0 && c->f[i] == 0 && c->m[i] == 0);
}

Test(rfm_scores, survive_allocation_failures)
{
    struct scores_ctx c;
    memset(&c, 0, sizeof c);
    cr_assert_geq(co_test_alloc_sweep(scores_op, scores_unchanged, &c), 1);
    cr_assert_arr_eq(c.r, want_r, N);
}

struct cuts_ctx {
    double cuts[4];
};

static int cuts_op(void *arg)
{
    return co_rfm_cuts(monetary, N, 5, 1.0, ((struct cuts_ctx *)arg)->cuts);
}

static void cuts_unchanged(void *arg)
{
    struct cuts_ctx *c = arg;
    for (int i = 0; i < 4; i++)
        cr_assert_eq(c->cuts[i], 0.0);
}

Test(rfm_cuts, survive_allocation_failures)
{
    struct cuts_ctx c = {{0}};
    cr_assert_eq(co_test_alloc_sweep(cuts_op, cuts_unchanged, &c), 1);
}

Test(rfm_segments, match_the_r_package)
{
    /* "segments ['Champions', 'New Customers', 'Potential Loyalist', 'Potential Loyalist',
     * 'Loyal Customers', 'Potential Loyalist', 'About To Sleep', 'Loyal Customers',
     * 'About To Sleep', "Can't Lose Them", 'Lost', 'Lost']" */
    const char *want[N] = {"Champions",
                           "New Customers",
                           "Potential Loyalist",
                           "Potential Loyalist",
                           "Loyal Customers",
                           "Potential Loyalist",
                           "About To Sleep",
                           "Loyal Customers",
                           "About To Sleep",
                           "Can't Lose Them",
                           "Lost",
                           "Lost"};
    int seg[N];
    cr_assert_eq(co_rfm_segments(want_r, want_f, want_m, N, NULL, 0, seg), CO_OK);
    for (size_t i = 0; i < N; i++)
        cr_assert_str_eq(co_rfm_segment_name(seg[i]), want[i], "customer %zu", i);
}

Test(rfm_segments, cover_every_score_triple_as_r_does)
{
    /* "grid ..." counts from the reference script over all 125 triples; the R rules
     * leave 10 triples as Others, of which the four with recency 2 -- (2,1,5),
     * (2,4,1), (2,5,1), (2,5,2) -- are our Hibernating (by the rule R1-2 after Lost). */
    const size_t want[CO_RFM_SEGMENT_COUNT] = {
        [CO_RFM_CHAMPIONS] = 1,
        [CO_RFM_POTENTIAL_LOYALIST] = 35,
        [CO_RFM_LOYAL] = 15,
        [CO_RFM_PROMISING] = 8,
        [CO_RFM_NEW] = 15,
        [CO_RFM_CANT_LOSE] = 6,
        [CO_RFM_AT_RISK] = 7,
        [CO_RFM_NEED_ATTENTION] = 4,
        [CO_RFM_ABOUT_TO_SLEEP] = 10,
        [CO_RFM_LOST] = 14,
        [CO_RFM_HIBERNATING] = 4,
        [CO_RFM_OTHERS] = 6,
    };
    uint8_t r[125], f[125], m[125];
    for (int i = 0; i < 125; i++) {
        r[i] = (uint8_t)(1 + i / 25);
        f[i] = (uint8_t)(1 + i / 5 % 5);
        m[i] = (uint8_t)(1 + i % 5);
    }
    int seg[125];
    cr_assert_eq(co_rfm_segments(r, f, m, 125, NULL, 0, seg), CO_OK);
    size_t count[CO_RFM_SEGMENT_COUNT] = {0};
    for (int i = 0; i < 125; i++)
        count[seg[i]]++;
    for (int s = 0; s < CO_RFM_SEGMENT_COUNT; s++)
        cr_assert_eq(count[s], want[s], "%s: %zu != %zu", co_rfm_segment_name(s), count[s],
                     want[s]);
    /* (2,1,5) is index 25 + 0 + 4. */
    cr_assert_eq(seg[29], CO_RFM_HIBERNATING);
    cr_assert_eq(seg[124 - 4], CO_RFM_OTHERS); /* (5,5,1) */
}

Test(rfm_segments, names_and_default_table)
{
    size_t n = 0;
    const co_rfm_rule *rules = co_rfm_default_rules(&n);
    cr_assert_eq(n, 11);
    cr_assert_eq(rules[CO_RFM_CANT_LOSE].f_min, 3);
    cr_assert_str_eq(co_rfm_segment_name(CO_RFM_CANT_LOSE), "Can't Lose Them");
    cr_assert_str_eq(co_rfm_segment_name(CO_RFM_HIBERNATING), "Hibernating");
    cr_assert_str_eq(co_rfm_segment_name(CO_RFM_OTHERS), "Others");
    cr_assert_null(co_rfm_segment_name(-1));
    cr_assert_null(co_rfm_segment_name(CO_RFM_SEGMENT_COUNT));
    cr_assert_not_null(co_rfm_default_rules(NULL));
}

Test(rfm_segments, custom_rules_and_errors)
{
    /* One rule "recent" (R4-5, any F, any M): index 0 or 1 (= none). */
    const co_rfm_rule recent = {4, 5, 1, 9, 1, 9};
    int seg[N];
    cr_assert_eq(co_rfm_segments(want_r, want_f, want_m, N, &recent, 1, seg), CO_OK);
    cr_assert_arr_eq(seg, ((int[]){0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}), N * sizeof(int));
    int keep[2] = {-5, -5};
    const co_rfm_rule inverted = {3, 2, 1, 5, 1, 5};
    cr_assert_eq(co_rfm_segments(want_r, want_f, want_m, 2, &inverted, 1, keep), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "rule 0 has a minimum above its maximum");
    cr_assert_eq(co_rfm_segments(want_r, want_f, want_m, 2, &recent, 0, keep), CO_EINVAL);
    const uint8_t zero[2] = {1, 0};
    cr_assert_eq(co_rfm_segments(zero, want_f, want_m, 2, NULL, 0, keep), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "scores start at 1 (index 1)");
    cr_assert_eq(co_rfm_segments(NULL, want_f, want_m, 2, NULL, 0, keep), CO_EINVAL);
    cr_assert(keep[0] == -5 && keep[1] == -5);
}

Test(rfm_summarize, adds_customers_orders_and_revenue)
{
    /* "summary Potential Loyalist customers 3 orders 19 revenue 1060.00",
     * "summary Lost customers 2 orders 3 revenue 65.00",
     * "summary Loyal Customers customers 2 orders 5 revenue 285.25". */
    int seg[N];
    cr_assert_eq(co_rfm_segments(want_r, want_f, want_m, N, NULL, 0, seg), CO_OK);
    uint64_t customers[CO_RFM_SEGMENT_COUNT];
    double orders[CO_RFM_SEGMENT_COUNT], revenue[CO_RFM_SEGMENT_COUNT];
    cr_assert_eq(co_rfm_summarize(seg, frequency, monetary, N, CO_RFM_SEGMENT_COUNT, customers,
                                  orders, revenue),
                 CO_OK);
    cr_assert_eq(customers[CO_RFM_POTENTIAL_LOYALIST], 3);
    cr_assert_float_eq(orders[CO_RFM_POTENTIAL_LOYALIST], 19, 1e-12);
    cr_assert_float_eq(revenue[CO_RFM_POTENTIAL_LOYALIST], 1060.0, 1e-9);
    cr_assert_eq(customers[CO_RFM_LOST], 2);
    cr_assert_float_eq(orders[CO_RFM_LOST], 3, 1e-12);
    cr_assert_float_eq(revenue[CO_RFM_LOST], 65.0, 1e-9);
    cr_assert_float_eq(revenue[CO_RFM_LOYAL], 285.25, 1e-9);
    cr_assert_eq(customers[CO_RFM_OTHERS], 0);
    cr_assert_eq(customers[CO_RFM_AT_RISK], 0);
}

Test(rfm_summarize, rejects_bad_segments_and_values)
{
    uint64_t customers[2] = {7, 7};
    double orders[2] = {7, 7}, revenue[2] = {7, 7};
    const int seg[3] = {0, 1, 2};
    cr_assert_eq(co_rfm_summarize(seg, frequency, monetary, 3, 2, customers, orders, revenue),
                 CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "segment 2 outside 0..1 (index 2)");
    const double nan_m[2] = {1, NAN};
    cr_assert_eq(co_rfm_summarize(seg, frequency, nan_m, 2, 2, customers, orders, revenue),
                 CO_EINVAL);
    cr_assert_eq(co_rfm_summarize(seg, frequency, monetary, 2, 0, customers, orders, revenue),
                 CO_EINVAL);
    cr_assert_eq(co_rfm_summarize(seg, frequency, monetary, 2, 2, NULL, orders, revenue),
                 CO_EINVAL);
    cr_assert(customers[0] == 7 && customers[1] == 7 && orders[0] == 7 && revenue[1] == 7);
}

Test(rfm_cuts, follow_r_floating_point_steps)
{
    /* 0..290: R's probability 3 * (1/5) is 0.6000000000000001, so the index
     * 1 + 290 p = 175.00000000000003 and the quantile 174.00000000000003 lies
     * just above 174; plus 1, the value 175 does not reach the cut and
     * scores 3 (R and the reference script agree; exact 3/5 would give 4). */
    static double x[291];
    for (int i = 0; i < 291; i++)
        x[i] = i;
    double cuts[4];
    cr_assert_eq(co_rfm_cuts(x, 291, 5, 1.0, cuts), CO_OK);
    cr_assert_gt(cuts[2], 175.0);
    cr_assert_lt(cuts[2], 175.0 + 1e-12);
    uint8_t s[291];
    cr_assert_eq(co_rfm_score(x, 291, cuts, 4, 0, s), CO_OK);
    cr_assert_eq(s[175], 3);
    cr_assert_eq(s[176], 4);
}
