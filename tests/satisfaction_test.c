/* lib/metrics CSAT, CES, scale normalisation and the distribution helpers
 * behind their intervals. Reference numbers: docs/references.md and
 * tests/reference/satisfaction_reference.py (scipy 1.10, run offline; its
 * printed values are quoted below). */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "dist_internal.h"

static size_t fill(int *out, const int *counts, int top)
{
    size_t n = 0;
    for (int v = top; v >= 1; v--)
        for (int k = 0; k < counts[top - v]; k++)
            out[n++] = v;
    return n;
}

Test(dist, normal_and_t_quantiles_match_scipy)
{
    /* scipy: norm.ppf(0.975, 0.995, 1e-10); t.ppf(0.975, df 5, 30, 1000). */
    cr_assert_float_eq(co__normal_quantile(0.975), 1.95996398454005, 1e-13);
    cr_assert_float_eq(co__normal_quantile(0.995), 2.57582930354890, 1e-13);
    cr_assert_float_eq(co__normal_quantile(1e-10), -6.36134090240406, 1e-12);
    cr_assert_float_eq(co__normal_quantile(0.025), -1.95996398454005, 1e-13);
    cr_assert_eq(co__normal_quantile(0.5), 0.0);
    /* df 1 and 2 have closed forms (hand): tan(0.475 pi) = 12.706204736174696
     * and (2p - 1) / sqrt(2p(1 - p)) = 4.302652729749462 at p = 0.975; scipy's
     * t.ppf is off by about 2e-11 relative there, so it checks the others. */
    cr_assert_float_eq(co__t_quantile(0.975, 1), 12.706204736174696, 1e-12);
    cr_assert_float_eq(co__t_quantile(0.975, 2), 4.302652729749462, 1e-12);
    const double df[3] = {5, 30, 1000};
    const double t[3] = {2.570581836615, 2.042272456301, 1.962339080826};
    for (int i = 0; i < 3; i++) {
        cr_assert_float_eq(co__t_quantile(0.975, df[i]), t[i], 1e-9, "df %g", df[i]);
        cr_assert_float_eq(co__t_quantile(0.025, df[i]), -t[i], 1e-9, "df %g", df[i]);
    }
    cr_assert(isnan(co__t_quantile(0.975, 0.0)));
    /* Two-sided critical values, from the tail: at 0.95 the quantiles above; at the
     * level closest below 1, 1 - 2^-53, the upper quantiles at 2^-54 (mpmath,
     * satisfaction_reference.py),
     * where 0.5 + 0.5 * level rounds to 1 and the plain quantile is infinite. */
    const double top = 0x1.fffffffffffffp-1;
    cr_assert_float_eq(co__normal_critical(0.95), 1.95996398454005, 1e-13);
    cr_assert_float_eq(co__t_critical(0.95, 5), 2.570581836615, 1e-9);
    cr_assert_float_eq(co__normal_critical(top), 8.2923610758135955, 1e-12);
    cr_assert_float_eq(co__t_critical(top, 1), 5734161139222658.6, 1e-12 * 5.7341611392227e+15);
    cr_assert_float_eq(co__t_critical(top, 5), 2796.2668064971161, 1e-12 * 2796.2668064971161);
    /* Two-sided p of z = 1.959964 is 0.05 by definition of the quantile. */
    cr_assert_float_eq(co__normal_two_sided_p(1.95996398454005), 0.05, 1e-14);
}

Test(csat, matches_the_published_example)
{
    /* references.md: counts for 5..1 = 42/32/10/9/14 -> CSAT 69.16,
     * mean 3.738. scipy: Wilson [59.8715091322, 77.1182602521], sd
     * 1.3963324508, t interval [3.4706898213, 4.0059456928]. */
    int ratings[107];
    const int counts[5] = {42, 32, 10, 9, 14};
    size_t n = fill(ratings, counts, 5);
    cr_assert_eq(n, 107);
    co_rating_options o;
    co_csat_options_init(&o, sizeof o);
    co_rating_summary s = {.size = sizeof s};
    cr_assert_eq(co_rating_summarize(ratings, n, &o, &s), CO_OK);
    cr_assert_eq(s.n, 107);
    cr_assert_eq(s.in_box, 74);
    cr_assert_float_eq(s.share, 69.16, 5e-3);
    cr_assert_float_eq(s.share, 69.1588785047, 1e-9);
    cr_assert_float_eq(s.share_lower, 59.8715091322, 1e-8);
    cr_assert_float_eq(s.share_upper, 77.1182602521, 1e-8);
    cr_assert_float_eq(s.mean, 3.738, 5e-4);
    cr_assert_float_eq(s.sd, 1.3963324508, 1e-9);
    cr_assert_float_eq(s.mean_lower, 3.4706898213, 1e-9);
    cr_assert_float_eq(s.mean_upper, 4.0059456928, 1e-9);
    /* NULL options are the CSAT defaults. */
    co_rating_summary d = {.size = sizeof d};
    cr_assert_eq(co_rating_summarize(ratings, n, NULL, &d), CO_OK);
    cr_assert_eq(memcmp(&d, &s, sizeof d), 0);
    /* scipy at 90%: Wilson [61.4182717859, 75.9544978200], t [3.5143236869,
     * 3.9623118271]. */
    o.level = 0.90;
    cr_assert_eq(co_rating_summarize(ratings, n, &o, &s), CO_OK);
    cr_assert_float_eq(s.share_lower, 61.4182717859, 1e-8);
    cr_assert_float_eq(s.share_upper, 75.9544978200, 1e-8);
    cr_assert_float_eq(s.mean_lower, 3.5143236869, 1e-9);
    cr_assert_float_eq(s.mean_upper, 3.9623118271, 1e-9);
}

Test(ces, share_of_easy_answers_and_mean)
{
    /* scipy "ces": 8 of 12 in 5-7 -> 66.6666666667, Wilson [39.0622088873,
     * 86.1879908909], mean 4.9166666667, t [3.6327586566, 6.2005746767]. */
    int ratings[12] = {7, 6, 6, 5, 4, 2, 7, 3, 5, 6, 1, 7};
    co_rating_options o;
    co_ces_options_init(&o, sizeof o);
    cr_assert_eq(o.scale_min, 1);
    cr_assert_eq(o.scale_max, 7);
    co_rating_summary s = {.size = sizeof s};
    cr_assert_eq(co_rating_summarize(ratings, 12, &o, &s), CO_OK);
    cr_assert_eq(s.in_box, 8);
    cr_assert_float_eq(s.share, 200.0 / 3.0, 1e-12);
    cr_assert_float_eq(s.share_lower, 39.0622088873, 1e-8);
    cr_assert_float_eq(s.share_upper, 86.1879908909, 1e-8);
    cr_assert_float_eq(s.mean, 4.9166666667, 1e-9);
    cr_assert_float_eq(s.mean_lower, 3.6327586566, 1e-9);
    cr_assert_float_eq(s.mean_upper, 6.2005746767, 1e-9);
}

Test(csat, small_and_extreme_samples)
{
    /* scipy "tiny": [5, 1] -> Wilson [9.4531205734, 90.5468794266],
     * t [-22.4124094729, 28.4124094729]. */
    int tiny[2] = {5, 1};
    co_rating_summary s = {.size = sizeof s};
    cr_assert_eq(co_rating_summarize(tiny, 2, NULL, &s), CO_OK);
    cr_assert_float_eq(s.share_lower, 9.4531205734, 1e-8);
    cr_assert_float_eq(s.share_upper, 90.5468794266, 1e-8);
    cr_assert_float_eq(s.mean_lower, -22.4124094729, 1e-8);
    cr_assert_float_eq(s.mean_upper, 28.4124094729, 1e-8);
    /* All in the box: Wilson [51.0109163545, 100]; no spread, so the mean's
     * interval collapses onto 5 (hand). */
    int top[4] = {5, 5, 5, 5};
    cr_assert_eq(co_rating_summarize(top, 4, NULL, &s), CO_OK);
    cr_assert_eq(s.share, 100.0);
    cr_assert_float_eq(s.share_lower, 51.0109163545, 1e-8);
    cr_assert_eq(s.share_upper, 100.0);
    cr_assert_eq(s.sd, 0.0);
    cr_assert_eq(s.mean_lower, 5.0);
    cr_assert_eq(s.mean_upper, 5.0);
    /* One answer: no spread to estimate. */
    cr_assert_eq(co_rating_summarize(top, 1, NULL, &s), CO_OK);
    cr_assert_eq(s.mean, 5.0);
    cr_assert(isnan(s.sd));
    cr_assert(isnan(s.mean_lower) && isnan(s.mean_upper));
}

/* Found by the feedback_metrics fuzz target: at the level closest below 1 the critical
 * values were infinite, so the mean's interval was NaN without spread and infinite with
 * it. By hand: {5, 5, 5, 5} has sd 0, so [5, 5]; {5, 1} has mean 3 and standard error
 * sqrt(8) / sqrt(2) = 2, and t(df 1) = 5.7341611392227e15 (satisfaction_reference.py). */
Test(csat, intervals_at_the_level_closest_to_one_are_finite)
{
    co_rating_options o;
    co_csat_options_init(&o, sizeof o);
    o.level = 0x1.fffffffffffffp-1;
    co_rating_summary s = {.size = sizeof s};
    int top[4] = {5, 5, 5, 5}, tiny[2] = {5, 1};
    cr_assert_eq(co_rating_summarize(top, 4, &o, &s), CO_OK);
    cr_assert(s.mean_lower == 5.0 && s.mean_upper == 5.0, "[%g, %g]", s.mean_lower, s.mean_upper);
    cr_assert(s.share_lower >= 0.0 && s.share_lower < 100.0 && s.share_upper == 100.0);
    cr_assert_eq(co_rating_summarize(tiny, 2, &o, &s), CO_OK);
    const double half = 2 * 5734161139222658.6;
    cr_assert_float_eq(s.mean_lower, 3 - half, 1e-12 * half);
    cr_assert_float_eq(s.mean_upper, 3 + half, 1e-12 * half);
    cr_assert(s.share_lower >= 0.0 && s.share_upper <= 100.0);
}

Test(csat, customary_boxes_by_scale_length)
{
    /* references.md: 5 -> {4,5}, 7 -> {5,6,7}, 10 -> {9,10}. */
    co_rating_options o;
    cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, 1, 5), CO_OK);
    cr_assert_eq(o.box_min, 4);
    cr_assert_eq(o.box_max, 5);
    cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, 1, 7), CO_OK);
    cr_assert_eq(o.box_min, 5);
    cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, 1, 10), CO_OK);
    cr_assert_eq(o.box_min, 9);
    cr_assert_eq(o.box_max, 10);
    cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, 1, 3), CO_OK);
    cr_assert_eq(o.box_min, 3);
    co_rating_options before = o;
    cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, 5, 5), CO_EINVAL);
    cr_assert_eq(co_rating_options_for_scale(NULL, sizeof o, 1, 5), CO_EINVAL);
    cr_assert_eq(memcmp(&o, &before, sizeof o), 0);
}

Test(csat, errors_leave_the_output_alone)
{
    int ratings[3] = {1, 6, 3};
    co_rating_summary s, before;
    memset(&s, 0x5a, sizeof s);
    s.size = sizeof s;
    before = s;
    cr_assert_eq(co_rating_summarize(ratings, 3, NULL, &s), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "rating 6 at index 1 is outside the scale 1-5");
    cr_assert_eq(co_rating_summarize(ratings, 0, NULL, &s), CO_EINVAL);
    cr_assert_eq(co_rating_summarize(NULL, 3, NULL, &s), CO_EINVAL);
    cr_assert_eq(co_rating_summarize(ratings, 1, NULL, NULL), CO_EINVAL);
    co_rating_options o;
    co_csat_options_init(&o, sizeof o);
    o.box_min = 0;
    cr_assert_eq(co_rating_summarize(ratings, 1, &o, &s), CO_EINVAL);
    co_csat_options_init(&o, sizeof o);
    o.box_min = 5;
    o.box_max = 4;
    cr_assert_eq(co_rating_summarize(ratings, 1, &o, &s), CO_EINVAL);
    co_csat_options_init(&o, sizeof o);
    o.scale_max = 1;
    cr_assert_eq(co_rating_summarize(ratings, 1, &o, &s), CO_EINVAL);
    co_csat_options_init(&o, sizeof o);
    o.level = 1.0;
    cr_assert_eq(co_rating_summarize(ratings, 1, &o, &s), CO_EINVAL);
    co_csat_options_init(&o, sizeof o);
    o.size = 4;
    cr_assert_eq(co_rating_summarize(ratings, 1, &o, &s), CO_EINVAL);
    cr_assert_eq(memcmp(&s, &before, sizeof s), 0);
}

Test(normalize, maps_scales_onto_0_100)
{
    /* Hand: on 1-5, 1 -> 0, 2 -> 25, 4.5 -> 87.5, 5 -> 100; on 0-10, 7 -> 70. */
    double v[4] = {1, 2, 4.5, 5}, out[4];
    cr_assert_eq(co_scale_normalize(v, 4, 1, 5, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
    cr_assert_eq(out[1], 25.0);
    cr_assert_eq(out[2], 87.5);
    cr_assert_eq(out[3], 100.0);
    double seven = 7;
    cr_assert_eq(co_scale_normalize(&seven, 1, 0, 10, &seven), CO_OK); /* in place */
    cr_assert_eq(seven, 70.0);
    /* Reversed 1-7 effort scale (1 = no effort is best): 1 -> 100, 7 -> 0, 4 -> 50. */
    double effort[3] = {1, 7, 4};
    cr_assert_eq(co_scale_normalize(effort, 3, 7, 1, effort), CO_OK);
    cr_assert_eq(effort[0], 100.0);
    cr_assert_eq(effort[1], 0.0);
    cr_assert_eq(effort[2], 50.0);
}

/* Found by the feedback_metrics fuzz target: on a scale from DBL_MIN down to the smallest
 * subnormal, 100 / (high - low) overflowed and the answers came out infinite. By hand:
 * each end of a scale maps to 0 and 100, its middle to 50, whatever the span. */
Test(normalize, scales_of_tiny_extent_stay_finite)
{
    double v[2] = {DBL_MIN, 0x1p-1074}, out[2];
    cr_assert_eq(co_scale_normalize(v, 2, DBL_MIN, 0x1p-1074, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
    cr_assert_eq(out[1], 100.0);
    double w[3] = {0, 0x1p-1071, 0x1p-1070};
    cr_assert_eq(co_scale_normalize(w, 3, 0, 0x1p-1070, w), CO_OK);
    cr_assert_eq(w[0], 0.0);
    cr_assert_eq(w[1], 50.0);
    cr_assert_eq(w[2], 100.0);
}

Test(normalize, rejects_bad_values_without_writing)
{
    double v[3] = {1, 6, 3}, out[3] = {-1, -1, -1};
    cr_assert_eq(co_scale_normalize(v, 3, 1, 5, out), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "value 6 at index 1 is outside the scale 1-5");
    v[1] = NAN;
    cr_assert_eq(co_scale_normalize(v, 3, 1, 5, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "value nan at index 1 is not a number");
    cr_assert_eq(co_scale_normalize(v, 3, 2, 2, out), CO_EINVAL);
    cr_assert_eq(co_scale_normalize(v, 3, 1, INFINITY, out), CO_EINVAL);
    cr_assert_eq(co_scale_normalize(NULL, 3, 1, 5, out), CO_EINVAL);
    cr_assert_eq(co_scale_normalize(NULL, 0, 1, 5, NULL), CO_OK);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(out[i], -1.0);
}
