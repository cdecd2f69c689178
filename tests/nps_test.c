/* lib/metrics NPS. Reference numbers: docs/references.md (R package
 * NPS, Rocks 2016) and tests/reference/nps_reference.py (numpy/scipy, run
 * offline; its printed values are quoted below). */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

#define EPS 1e-4 /* references give 6 decimals on the [-1, 1] scale */

static co_nps from_counts(uint64_t det, uint64_t pas, uint64_t pro)
{
    co_nps acc = {0};
    for (uint64_t i = 0; i < det; i++)
        cr_assert_eq(co_nps_add(&acc, 3), CO_OK);
    for (uint64_t i = 0; i < pas; i++)
        cr_assert_eq(co_nps_add(&acc, 8), CO_OK);
    for (uint64_t i = 0; i < pro; i++)
        cr_assert_eq(co_nps_add(&acc, 10), CO_OK);
    return acc;
}

Test(nps, classes_follow_the_score_bands)
{
    /* 0-6 detractors, 7-8 passives, 9-10 promoters. */
    int scores[11] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    co_nps acc = {0};
    cr_assert_eq(co_nps_add_many_int(&acc, scores, 11), CO_OK);
    cr_assert_eq(acc.count[CO_NPS_DETRACTOR], 7);
    cr_assert_eq(acc.count[CO_NPS_PASSIVE], 2);
    cr_assert_eq(acc.count[CO_NPS_PROMOTER], 2);
    cr_assert_eq(co_nps_count(&acc), 11);
    double score;
    cr_assert_eq(co_nps_score(&acc, &score), CO_OK);
    /* Hand: 100 * (2 - 7) / 11 = -45.4545... */
    cr_assert_float_eq(score, -500.0 / 11.0, 1e-12);
}

struct rocks_row {
    uint64_t det, pas, pro;
    double nps, wald_se, wald_lo, wald_hi, adj_se, adj_lo, adj_hi;
};

/* references.md, 95%: D/Pa/Pr, NPS, Wald SE and CI, adjusted SE and CI. */
static const struct rocks_row rocks[] = {
    {362, 176, 462, 0.100, 0.028531, 0.044081, 0.155919, 0.028472, 0.043897, 0.155505},
    {20, 30, 50, 0.300, 0.078102, 0.146922, 0.453078, 0.076915, 0.140511, 0.442013},
    {2, 3, 5, 0.300, 0.246982, -0.184075, 0.784075, 0.214940, -0.190506, 0.652045},
    {0, 0, 10, 1.0, 0.0, 1.0, 1.0, 0.150102, 0.475036, 1.0},
};

Test(nps, matches_the_published_wald_and_adjusted_intervals)
{
    for (size_t r = 0; r < sizeof rocks / sizeof rocks[0]; r++) {
        const struct rocks_row *t = &rocks[r];
        co_nps acc = from_counts(t->det, t->pas, t->pro);
        double score, se;
        cr_assert_eq(co_nps_score(&acc, &score), CO_OK);
        cr_assert_eq(co_nps_se(&acc, &se), CO_OK);
        cr_assert_float_eq(score, 100 * t->nps, EPS, "row %zu", r);
        cr_assert_float_eq(se, 100 * t->wald_se, EPS, "row %zu", r);
        co_nps_interval ci;
        cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_WALD, &ci), CO_OK);
        cr_assert_float_eq(ci.lower, 100 * t->wald_lo, EPS, "row %zu", r);
        cr_assert_float_eq(ci.upper, 100 * t->wald_hi, EPS, "row %zu", r);
        cr_assert_float_eq(ci.center, score, 1e-12);
        cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
        cr_assert_float_eq(ci.se, 100 * t->adj_se, EPS, "row %zu", r);
        cr_assert_float_eq(ci.lower, 100 * t->adj_lo, EPS, "row %zu", r);
        cr_assert_float_eq(ci.upper, 100 * t->adj_hi, EPS, "row %zu", r);
    }
}

Test(nps, all_detractors_mirror_all_promoters)
{
    /* By symmetry the 0/0/10 row of the table, negated: adjusted
     * [-1, -0.475036] after clipping -1.063426. */
    co_nps acc = from_counts(10, 0, 0);
    double score, se;
    cr_assert_eq(co_nps_score(&acc, &score), CO_OK);
    cr_assert_eq(co_nps_se(&acc, &se), CO_OK);
    cr_assert_eq(score, -100.0);
    cr_assert_eq(se, 0.0);
    co_nps_interval ci;
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_WALD, &ci), CO_OK);
    cr_assert_eq(ci.lower, -100.0);
    cr_assert_eq(ci.upper, -100.0);
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
    cr_assert_eq(ci.lower, -100.0);
    cr_assert_float_eq(ci.upper, -47.5036, EPS);
}

Test(nps, single_answer)
{
    /* One promoter: score 100, variance 0. Adjusted: n' = 4, shares
     * 1.75/4 and 0.75/4, centre 25, V = 0.625 - 0.0625 = 0.5625,
     * se = sqrt(0.5625 / 4) = 0.375 (hand calculation). */
    co_nps acc = {0};
    cr_assert_eq(co_nps_add(&acc, 9), CO_OK);
    co_nps_interval ci;
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
    cr_assert_float_eq(ci.center, 25.0, 1e-12);
    cr_assert_float_eq(ci.se, 37.5, 1e-12);
    cr_assert_float_eq(ci.lower, 25.0 - 1.959963984540054 * 37.5, 1e-9);
    cr_assert_float_eq(ci.upper, 25.0 + 1.959963984540054 * 37.5, 1e-9);
}

Test(nps, wald_at_other_levels)
{
    /* nps_reference.py: 20/30/50 at 80%, 90%, 99%. */
    co_nps acc = from_counts(20, 30, 50);
    const double levels[3] = {0.80, 0.90, 0.99};
    const double lo[3] = {19.9907623005, 17.1532824932, 9.8821300168};
    const double hi[3] = {40.0092376995, 42.8467175068, 50.1178699832};
    for (int i = 0; i < 3; i++) {
        co_nps_interval ci;
        cr_assert_eq(co_nps_confint(&acc, levels[i], CO_NPS_WALD, &ci), CO_OK);
        cr_assert_float_eq(ci.lower, lo[i], 1e-8);
        cr_assert_float_eq(ci.upper, hi[i], 1e-8);
    }
}

/* Found by the feedback_metrics fuzz target: at the level closest below 1, 1 - 2^-53,
 * 0.5 + 0.5 * level rounded to 1 and z to infinity, so a sample without variance got
 * NaN bounds (0 * inf). By hand: all 4 answers detractors, score -100 and se 0, so the
 * Wald interval is [-100, -100] at any level. 20/30/50: score 30, V = 0.7 - 0.3^2 =
 * 0.61, se = 100 sqrt(0.61 / 100); with z = 8.2923610758 the half-width is
 * 64.765410404874 (satisfaction_reference.py): [-34.765410404874, 94.765410404874]. */
Test(nps, intervals_at_the_level_closest_to_one_are_finite)
{
    const double level = 0x1.fffffffffffffp-1;
    co_nps_interval ci;
    co_nps none = from_counts(4, 0, 0), acc = from_counts(20, 30, 50);
    cr_assert_eq(co_nps_confint(&none, level, CO_NPS_WALD, &ci), CO_OK);
    cr_assert(ci.lower == -100.0 && ci.upper == -100.0, "[%g, %g]", ci.lower, ci.upper);
    cr_assert_eq(co_nps_confint(&acc, level, CO_NPS_WALD, &ci), CO_OK);
    cr_assert_float_eq(ci.lower, 30 - 64.765410404874091, 1e-9);
    cr_assert_float_eq(ci.upper, 30 + 64.765410404874091, 1e-9);
}

Test(nps, weighted_uses_kish_effective_size)
{
    /* nps_reference.py "weighted sample": score -5.8823529412,
     * var 8788.9273356401, n_eff 7.1260273973, se 35.1191659359,
     * wald95 [-74.7146533427, 62.9499474603], adjusted95 centre
     * -4.1396103896 se 27.5283589921 [-58.0942025676, 49.8149817884]. */
    int scores[10] = {10, 9, 3, 7, 10, 0, 8, 6, 9, 10};
    double weights[10] = {1.5, 0.5, 2.0, 1.0, 1.0, 3.0, 0.5, 1.0, 2.0, 0.25};
    co_nps acc = {0};
    cr_assert_eq(co_nps_add_many_weighted(&acc, scores, weights, 10), CO_OK);
    double v;
    cr_assert_eq(co_nps_score(&acc, &v), CO_OK);
    cr_assert_float_eq(v, -5.8823529412, 1e-9);
    cr_assert_eq(co_nps_variance(&acc, &v), CO_OK);
    cr_assert_float_eq(v, 8788.9273356401, 1e-7);
    cr_assert_float_eq(co_nps_effective_n(&acc), 7.1260273973, 1e-9);
    cr_assert_eq(co_nps_se(&acc, &v), CO_OK);
    cr_assert_float_eq(v, 35.1191659359, 1e-8);
    co_nps_interval ci;
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_WALD, &ci), CO_OK);
    cr_assert_float_eq(ci.lower, -74.7146533427, 1e-8);
    cr_assert_float_eq(ci.upper, 62.9499474603, 1e-8);
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
    cr_assert_float_eq(ci.center, -4.1396103896, 1e-8);
    cr_assert_float_eq(ci.se, 27.5283589921, 1e-8);
    cr_assert_float_eq(ci.lower, -58.0942025676, 1e-8);
    cr_assert_float_eq(ci.upper, 49.8149817884, 1e-8);
    cr_assert_eq(co_nps_count(&acc), 10);
}

Test(nps, weighted_figures_do_not_depend_on_the_scale_of_the_weights)
{
    /* The "weighted sample" of weighted_uses_kish_effective_size (nps_reference.py: n_eff
     * 7.1260273973, se 35.1191659359, wald95 [-74.7146533427, 62.9499474603]) with every
     * weight multiplied by a factor: Kish's n_eff = (sum w)^2 / sum w^2 and the shares do
     * not change. The squares of 1e-300 underflowed to 0 (se inf, n_eff NaN, returned as
     * success) and those of 1e300 overflowed; 1e-160 squared is subnormal. */
    const int scores[10] = {10, 9, 3, 7, 10, 0, 8, 6, 9, 10};
    const double base[10] = {1.5, 0.5, 2.0, 1.0, 1.0, 3.0, 0.5, 1.0, 2.0, 0.25};
    const double factors[] = {1e-300, 1e-160, 1e-150, 1.0, 1e150, 1e300, 1e307};
    for (size_t f = 0; f < sizeof factors / sizeof factors[0]; f++) {
        double w[10];
        for (int i = 0; i < 10; i++)
            w[i] = base[i] * factors[f];
        /* in bulk, one by one, and as two merged halves */
        co_nps bulk = {0}, single = {0}, lo = {0}, hi = {0};
        cr_assert_eq(co_nps_add_many_weighted(&bulk, scores, w, 10), CO_OK, "%s", co_errmsg());
        for (int i = 0; i < 10; i++)
            cr_assert_eq(co_nps_add_weighted(&single, scores[i], w[i]), CO_OK);
        cr_assert_eq(co_nps_add_many_weighted(&lo, scores, w, 4), CO_OK);
        cr_assert_eq(co_nps_add_many_weighted(&hi, scores + 4, w + 4, 6), CO_OK);
        cr_assert_eq(co_nps_merge(&lo, &hi), CO_OK);
        const co_nps *accs[3] = {&bulk, &single, &lo};
        for (int k = 0; k < 3; k++) {
            double se = 0.0;
            co_nps_interval ci;
            cr_assert_float_eq(co_nps_effective_n(accs[k]), 7.1260273973, 1e-9, "factor %g",
                               factors[f]);
            cr_assert_eq(co_nps_se(accs[k], &se), CO_OK);
            cr_assert_float_eq(se, 35.1191659359, 1e-8, "factor %g: se %g", factors[f], se);
            cr_assert_eq(co_nps_confint(accs[k], 0.95, CO_NPS_WALD, &ci), CO_OK);
            cr_assert_float_eq(ci.lower, -74.7146533427, 1e-8);
            cr_assert_float_eq(ci.upper, 62.9499474603, 1e-8);
            cr_assert_eq(co_nps_confint(accs[k], 0.95, CO_NPS_ADJUSTED, &ci), CO_OK);
            cr_assert_float_eq(ci.se, 27.5283589921, 1e-8);
        }
    }
    /* Unweighted answers keep the plain sum of squares: the count. */
    co_nps plain = {0};
    cr_assert_eq(co_nps_add(&plain, 9), CO_OK);
    cr_assert_eq(co_nps_add(&plain, 2), CO_OK);
    cr_assert_eq(plain.weight_sq, 2.0);
    /* Only a total beyond double range is an overflow; nothing changes. */
    co_nps big = {0}, before;
    cr_assert_eq(co_nps_add_weighted(&big, 10, 1e308), CO_OK);
    before = big;
    const int two[2] = {0, 10};
    const double huge[2] = {1e308, 1e308};
    cr_assert_eq(co_nps_add_many_weighted(&big, two, huge, 2), CO_EOVERFLOW);
    cr_assert_eq(co_nps_add_weighted(&big, 0, 1e308), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&big, &before, sizeof big), 0);
}

Test(nps, unit_weights_equal_unweighted_counts)
{
    int scores[5] = {1, 7, 9, 10, 10};
    double ones[5] = {1, 1, 1, 1, 1};
    co_nps a = {0}, b = {0};
    cr_assert_eq(co_nps_add_many_weighted(&a, scores, ones, 5), CO_OK);
    cr_assert_eq(co_nps_add_many_int(&b, scores, 5), CO_OK);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
}

Test(nps, bulk_u8_agrees_with_one_by_one_on_every_length)
{
    /* Lengths around the 32-byte rounds and the 127-round folding. */
    static uint8_t data[32 * 127 * 2 + 37];
    unsigned state = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        state = state * 1103515245u + 12345u;
        data[i] = (uint8_t)((state >> 16) % 11);
    }
    const size_t lengths[] = {0, 1, 31, 32, 33, 127 * 32, 127 * 32 + 1, sizeof data};
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
        size_t n = lengths[l];
        uint64_t expect[3] = {0, 0, 0};
        for (size_t i = 0; i < n; i++)
            expect[data[i] <= 6 ? 0 : data[i] <= 8 ? 1 : 2]++;
        co_nps acc = {0};
        cr_assert_eq(co_nps_add_many_u8(&acc, data, n), CO_OK);
        for (int c = 0; c < 3; c++) {
            cr_assert_eq(acc.count[c], expect[c], "length %zu class %d", n, c);
            cr_assert_eq(acc.weight[c], (double)expect[c]);
        }
        cr_assert_eq(acc.weight_sq, (double)n);
    }
}

Test(nps, out_of_range_scores_count_nothing)
{
    uint8_t bytes[40];
    memset(bytes, 9, sizeof bytes);
    bytes[33] = 11;
    co_nps acc = from_counts(1, 2, 3), before = acc;
    cr_assert_eq(co_nps_add_many_u8(&acc, bytes, sizeof bytes), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "NPS score 11 at index 33 is outside 0-10");
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0);
    bytes[33] = 255;
    cr_assert_eq(co_nps_add_many_u8(&acc, bytes, sizeof bytes), CO_ERANGE);

    /* Large bytes inside the vectorised part, including ones that look
     * negative to signed compares. */
    uint8_t many[100];
    memset(many, 10, sizeof many);
    many[40] = 200;
    many[70] = 11;
    cr_assert_eq(co_nps_add_many_u8(&acc, many, sizeof many), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "NPS score 200 at index 40 is outside 0-10");
    many[40] = 128;
    many[70] = 10;
    cr_assert_eq(co_nps_add_many_u8(&acc, many, sizeof many), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "NPS score 128 at index 40 is outside 0-10");

    int ints[3] = {5, -1, 10};
    cr_assert_eq(co_nps_add_many_int(&acc, ints, 3), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "NPS score -1 at index 1 is outside 0-10");
    cr_assert_eq(co_nps_add(&acc, 11), CO_ERANGE);
    cr_assert_eq(co_nps_add_weighted(&acc, 12, 1.0), CO_ERANGE);
    double w[3] = {1, 1, 1};
    cr_assert_eq(co_nps_add_many_weighted(&acc, ints, w, 3), CO_ERANGE);
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0);
}

Test(nps, bad_weights_are_rejected)
{
    co_nps acc = from_counts(1, 1, 1), before = acc;
    int scores[3] = {1, 2, 3};
    double w[3] = {1, NAN, 1};
    cr_assert_eq(co_nps_add_many_weighted(&acc, scores, w, 3), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "weight nan at index 1 is not a finite value >= 0");
    w[1] = -0.5;
    cr_assert_eq(co_nps_add_many_weighted(&acc, scores, w, 3), CO_EINVAL);
    w[1] = INFINITY;
    cr_assert_eq(co_nps_add_many_weighted(&acc, scores, w, 3), CO_EINVAL);
    cr_assert_eq(memcmp(&acc, &before, sizeof acc), 0);
    cr_assert_eq(co_nps_add_weighted(&acc, 5, 0.0), CO_OK);
    cr_assert_eq(co_nps_count(&acc), 4);
}

Test(nps, null_and_empty_arguments)
{
    co_nps acc = {0};
    double v = 42.0;
    co_nps_interval ci;
    co_nps_diff diff;
    cr_assert_eq(co_nps_add(NULL, 5), CO_EINVAL);
    cr_assert_eq(co_nps_add_many_u8(&acc, NULL, 3), CO_EINVAL);
    cr_assert_eq(co_nps_add_many_u8(&acc, NULL, 0), CO_OK);
    cr_assert_eq(co_nps_add_many_int(NULL, NULL, 0), CO_EINVAL);
    cr_assert_eq(co_nps_merge(&acc, NULL), CO_EINVAL);
    cr_assert_eq(co_nps_score(&acc, &v), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "co_nps_score: no answers with a positive weight");
    cr_assert_eq(co_nps_se(&acc, &v), CO_EINVAL);
    cr_assert_eq(co_nps_variance(&acc, &v), CO_EINVAL);
    cr_assert_eq(co_nps_confint(&acc, 0.95, CO_NPS_WALD, &ci), CO_EINVAL);
    cr_assert_eq(v, 42.0);
    cr_assert_eq(co_nps_effective_n(&acc), 0.0);
    cr_assert_eq(co_nps_count(NULL), 0);
    /* Only zero weights: counted, but no score. */
    cr_assert_eq(co_nps_add_weighted(&acc, 10, 0.0), CO_OK);
    cr_assert_eq(co_nps_score(&acc, &v), CO_EINVAL);
    co_nps full = from_counts(1, 1, 1);
    cr_assert_eq(co_nps_compare(&full, &acc, &diff), CO_EINVAL);
    cr_assert_eq(co_nps_score(&full, NULL), CO_EINVAL);
}

Test(nps, bad_levels_and_methods)
{
    co_nps acc = from_counts(1, 2, 3);
    co_nps_interval ci = {1, 2, 3, 4}, before = ci;
    const double bad[] = {0.0, 1.0, -0.5, 1.5, NAN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(co_nps_confint(&acc, bad[i], CO_NPS_WALD, &ci), CO_EINVAL);
    cr_assert_eq(co_nps_confint(&acc, 0.95, (co_nps_method)7, &ci), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "unknown NPS interval method 7");
    cr_assert_eq(memcmp(&ci, &before, sizeof ci), 0);
}

Test(nps, merge_equals_counting_everything_at_once)
{
    int first[4] = {0, 7, 9, 10}, second[3] = {6, 6, 8};
    int all[7] = {0, 7, 9, 10, 6, 6, 8};
    co_nps a = {0}, b = {0}, whole = {0};
    co_nps_add_many_int(&a, first, 4);
    co_nps_add_many_int(&b, second, 3);
    co_nps_add_many_int(&whole, all, 7);
    cr_assert_eq(co_nps_merge(&a, &b), CO_OK);
    cr_assert_eq(memcmp(&a, &whole, sizeof a), 0);
    cr_assert_eq(co_nps_merge(&a, &a), CO_OK); /* self-merge doubles */
    cr_assert_eq(co_nps_count(&a), 14);
}

Test(nps, merge_overflow_changes_nothing)
{
    co_nps a = {{UINT64_MAX - 1, 0, 0}, {1, 0, 0}, 1}, b = {0}, before = a;
    cr_assert_eq(co_nps_add(&b, 0), CO_OK);
    cr_assert_eq(co_nps_add(&b, 0), CO_OK);
    cr_assert_eq(co_nps_merge(&a, &b), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&a, &before, sizeof a), 0);
    cr_assert_eq(co_nps_add(&a, 3), CO_OK);
    cr_assert_eq(co_nps_add(&a, 3), CO_EOVERFLOW);
}

Test(nps, compare_matches_the_published_two_sample_test)
{
    /* references.md: 184/83/240 vs 99/50/110: diff 0.067982, SE 0.06881,
     * p = 0.323128. */
    co_nps a = from_counts(184, 83, 240), b = from_counts(99, 50, 110);
    co_nps_diff d;
    cr_assert_eq(co_nps_compare(&a, &b, &d), CO_OK);
    cr_assert_float_eq(d.difference, 6.7982, EPS);
    cr_assert_float_eq(d.se, 6.881, 1e-3);
    cr_assert_float_eq(d.p_value, 0.323128, 1e-6);
    cr_assert_float_eq(d.z, d.difference / d.se, 1e-12);
    /* nps_reference.py: 20/30/50 vs 30/30/40: diff 20, se 11.4017542510,
     * z 1.7541160386, p 0.0794106260. */
    a = from_counts(20, 30, 50);
    b = from_counts(30, 30, 40);
    cr_assert_eq(co_nps_compare(&a, &b, &d), CO_OK);
    cr_assert_float_eq(d.difference, 20.0, 1e-10);
    cr_assert_float_eq(d.se, 11.4017542510, 1e-9);
    cr_assert_float_eq(d.z, 1.7541160386, 1e-9);
    cr_assert_float_eq(d.p_value, 0.0794106260, 1e-9);
}

Test(nps, compare_of_certain_scores)
{
    co_nps all_pro = from_counts(0, 0, 5), all_det = from_counts(4, 0, 0);
    co_nps_diff d;
    cr_assert_eq(co_nps_compare(&all_pro, &all_det, &d), CO_OK);
    cr_assert_eq(d.difference, 200.0);
    cr_assert_eq(d.z, HUGE_VAL);
    cr_assert_eq(d.p_value, 0.0);
    cr_assert_eq(co_nps_compare(&all_pro, &all_pro, &d), CO_OK);
    cr_assert_eq(d.z, 0.0);
    cr_assert_eq(d.p_value, 1.0);
}

static co_day day_of(const char *iso)
{
    co_day d;
    cr_assert_eq(co_date_parse(iso, strlen(iso), &d), CO_OK);
    return d;
}

Test(nps, by_month_groups_in_date_order)
{
    /* Hand: January 10, 3, 9 -> 2 pro, 1 det -> 33.33; February 8, 7 ->
     * 0; March 0 -> -100. Input deliberately out of order. */
    co_day days[6] = {day_of("2024-03-31"), day_of("2024-01-31"), day_of("2024-02-01"),
                      day_of("2024-01-01"), day_of("2024-02-29"), day_of("2024-01-15")};
    int scores[6] = {0, 10, 8, 3, 7, 9};
    co_nps_period *periods = NULL;
    size_t count = 0;
    cr_assert_eq(co_nps_by_period(days, scores, NULL, 6, CO_PERIOD_MONTH, &periods, &count), CO_OK);
    cr_assert_eq(count, 3);
    cr_assert_eq(periods[0].start, day_of("2024-01-01"));
    cr_assert_eq(periods[1].start, day_of("2024-02-01"));
    cr_assert_eq(periods[2].start, day_of("2024-03-01"));
    double s;
    co_nps_score(&periods[0].nps, &s);
    cr_assert_float_eq(s, 100.0 / 3.0, 1e-12);
    co_nps_score(&periods[1].nps, &s);
    cr_assert_eq(s, 0.0);
    co_nps_score(&periods[2].nps, &s);
    cr_assert_eq(s, -100.0);
    co_nps_periods_free(periods);
}

Test(nps, by_week_with_weights)
{
    /* 2024-01-07 is a Sunday (week of 2024-01-01), 2024-01-08 a Monday.
     * Week 1: 10 (w 3), 0 (w 1) -> (3 - 1) / 4 = 50. Week 2: 9 (w 2) -> 100. */
    co_day days[3] = {day_of("2024-01-07"), day_of("2024-01-08"), day_of("2024-01-01")};
    int scores[3] = {10, 9, 0};
    double weights[3] = {3.0, 2.0, 1.0};
    co_nps_period *periods;
    size_t count;
    cr_assert_eq(co_nps_by_period(days, scores, weights, 3, CO_PERIOD_WEEK, &periods, &count),
                 CO_OK);
    cr_assert_eq(count, 2);
    cr_assert_eq(periods[0].start, day_of("2024-01-01"));
    cr_assert_eq(periods[1].start, day_of("2024-01-08"));
    double s;
    co_nps_score(&periods[0].nps, &s);
    cr_assert_float_eq(s, 50.0, 1e-12);
    co_nps_score(&periods[1].nps, &s);
    cr_assert_float_eq(s, 100.0, 1e-12);
    co_nps_periods_free(periods);
    co_nps_periods_free(NULL);
}

Test(nps, by_period_errors_leave_outputs_alone)
{
    co_day days[2] = {100, 9999999};
    int scores[2] = {5, 5};
    co_nps_period *periods = (co_nps_period *)&periods;
    co_nps_period *sentinel = periods;
    size_t count = 77;
    cr_assert_eq(co_nps_by_period(days, scores, NULL, 2, CO_PERIOD_DAY, &periods, &count),
                 CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "day 9999999 at index 1 is outside years 0001-9999");
    days[1] = 101;
    scores[0] = 11;
    cr_assert_eq(co_nps_by_period(days, scores, NULL, 2, CO_PERIOD_DAY, &periods, &count),
                 CO_ERANGE);
    scores[0] = 1;
    double w[2] = {1.0, -1.0};
    cr_assert_eq(co_nps_by_period(days, scores, w, 2, CO_PERIOD_DAY, &periods, &count), CO_EINVAL);
    cr_assert_eq(co_nps_by_period(days, scores, NULL, 2, (co_period)5, &periods, &count),
                 CO_EINVAL);
    cr_assert_eq(co_nps_by_period(NULL, scores, NULL, 2, CO_PERIOD_DAY, &periods, &count),
                 CO_EINVAL);
    cr_assert_eq(periods, sentinel);
    cr_assert_eq(count, 77);
    cr_assert_eq(co_nps_by_period(NULL, NULL, NULL, 0, CO_PERIOD_DAY, &periods, &count), CO_OK);
    cr_assert_null(periods);
    cr_assert_eq(count, 0);
}

/* Found by the feedback_metrics fuzz target: two answers of weight DBL_MAX in one period
 * overflowed its weight total, and the second answer was dropped while the call returned
 * CO_OK. By hand: days 100 and 101 in different day periods hold DBL_MAX each (fine);
 * in one ISO week (1970-04-11 is a Saturday, 04-12 a Sunday) their sum is infinite. */
Test(nps, by_period_weights_that_overflow_a_period_fail)
{
    co_day days[2] = {100, 101};
    int scores[2] = {9, 3};
    double w[2] = {DBL_MAX, DBL_MAX};
    co_nps_period *periods = NULL;
    size_t count = 0;
    cr_assert_eq(co_nps_by_period(days, scores, w, 2, CO_PERIOD_DAY, &periods, &count), CO_OK);
    cr_assert_eq(count, 2);
    cr_assert(periods[0].nps.weight[CO_NPS_PROMOTER] == DBL_MAX &&
              periods[1].nps.weight[CO_NPS_DETRACTOR] == DBL_MAX);
    co_nps_periods_free(periods);
    periods = (co_nps_period *)&periods;
    count = 77;
    cr_assert_eq(co_nps_by_period(days, scores, w, 2, CO_PERIOD_WEEK, &periods, &count),
                 CO_EOVERFLOW);
    cr_assert_str_eq(co_errmsg(),
                     "NPS weights of the period starting on day 95 overflow (index 1)");
    cr_assert_eq(periods, (co_nps_period *)&periods);
    cr_assert_eq(count, 77);
}

struct period_ctx {
    co_nps_period *periods;
    size_t count;
};

static int period_op(void *arg)
{
    struct period_ctx *c = arg;
    co_day days[4] = {1, 40, 2, 80};
    int scores[4] = {1, 9, 10, 7};
    return co_nps_by_period(days, scores, NULL, 4, CO_PERIOD_MONTH, &c->periods, &c->count);
}

static void period_unchanged(void *arg)
{
    struct period_ctx *c = arg;
    cr_assert_null(c->periods);
    cr_assert_eq(c->count, 0);
}

Test(nps, by_period_survives_allocation_failures)
{
    struct period_ctx c = {NULL, 0};
    cr_assert_geq(co_test_alloc_sweep(period_op, period_unchanged, &c), 2);
    cr_assert_eq(c.count, 3);
    free(c.periods); /* allocated by libc under the sweep's allocator */
}
