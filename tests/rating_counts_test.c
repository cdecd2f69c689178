/* Mergeable CSAT/CES counts: counted in random parts, merged in random order and
 * grouping, they summarise to the bits co_rating_summarize() gives on all answers (whose
 * values tests/satisfaction_test.c checks against scipy). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "partial_check.h"

static int merge_ratings(void *acc, const void *other)
{
    return co_rating_counts_merge(acc, other);
}
static void free_ratings(void *c) { co_rating_counts_free(c); }

static co_rating_counts *through_bytes(co_rating_counts *c)
{
    void *bytes = NULL;
    size_t len = 0;
    co_rating_counts *back = NULL;
    cr_assert_eq(co_rating_counts_serialize(c, &bytes, &len), CO_OK);
    cr_assert_eq(co_rating_counts_deserialize(bytes, len, &back), CO_OK, "%s", co_errmsg());
    co_partial_free(bytes);
    co_rating_counts_free(c);
    return back;
}

Test(rating_counts, random_splits_summarise_as_one_pass)
{
    uint64_t rng = 16;
    static const int lo[] = {1, 1, 0}, hi[] = {5, 7, 10};
    int ratings[500];
    for (int trial = 0; trial < PARTIAL_TRIALS; trial++) {
        int s = trial % 3;
        co_rating_options o;
        cr_assert_eq(co_rating_options_for_scale(&o, sizeof o, lo[s], hi[s]), CO_OK);
        size_t n = 1 + test_below(&rng, 500);
        for (size_t i = 0; i < n; i++)
            ratings[i] = lo[s] + (int)test_below(&rng, (size_t)(hi[s] - lo[s] + 1));
        co_rating_summary want = {.size = sizeof want}, got = {.size = sizeof got};
        cr_assert_eq(co_rating_summarize(ratings, n, &o, &want), CO_OK);

        size_t k = 1 + test_below(&rng, 6), at = 0;
        void *parts[6];
        for (size_t p = 0; p < k; p++) {
            /* parts may be empty: a worker without answers */
            size_t take = p + 1 == k ? n - at : test_below(&rng, n - at + 1);
            co_rating_counts *c = NULL;
            cr_assert_eq(co_rating_counts_new(lo[s], hi[s], &c), CO_OK);
            cr_assert_eq(co_rating_counts_add(c, ratings + at, take), CO_OK);
            at += take;
            parts[p] = test_below(&rng, 2) ? through_bytes(c) : c;
        }
        co_rating_counts *all = partial_merge_randomly(parts, k, &rng, merge_ratings, free_ratings);
        cr_assert_eq(co_rating_counts_total(all), n);
        cr_assert_eq(co_rating_counts_summarize(all, &o, &got), CO_OK);
        cr_assert_eq(memcmp(&want, &got, sizeof want), 0, "trial %d", trial);
        co_rating_counts_free(all);
    }
}

Test(rating_counts, hand_example)
{
    /* CSAT answers 5, 4, 2 and 3, 5: 3 of 5 in the box 4-5 (60%), mean 19 / 5 = 3.8. */
    int a[] = {5, 4, 2}, b[] = {3, 5};
    co_rating_counts *x = NULL, *y = NULL;
    cr_assert_eq(co_rating_counts_new(1, 5, &x), CO_OK);
    cr_assert_eq(co_rating_counts_new(1, 5, &y), CO_OK);
    cr_assert_eq(co_rating_counts_add(x, a, 3), CO_OK);
    cr_assert_eq(co_rating_counts_add(y, b, 2), CO_OK);
    cr_assert_eq(co_rating_counts_merge(x, y), CO_OK);
    co_rating_summary s = {.size = sizeof s};
    cr_assert_eq(co_rating_counts_summarize(x, NULL, &s), CO_OK);
    cr_assert_eq(s.n, 5);
    cr_assert_eq(s.in_box, 3);
    cr_assert_float_eq(s.share, 60.0, 1e-12);
    cr_assert_float_eq(s.mean, 3.8, 1e-12);
    int lo = 0, hi = 0;
    cr_assert_eq(co_rating_counts_scale(x, &lo, &hi), CO_OK);
    cr_assert(lo == 1 && hi == 5);
    co_rating_counts_free(x);
    co_rating_counts_free(y);
}

Test(rating_counts, errors_change_nothing)
{
    co_rating_counts *c = NULL, *d = NULL;
    cr_assert_eq(co_rating_counts_new(5, 1, &c), CO_EINVAL);
    cr_assert_eq(co_rating_counts_new(0, 101, &c), CO_ERANGE);
    cr_assert_eq(co_rating_counts_new(0, 100, &c), CO_OK);
    cr_assert_eq(co_rating_counts_new(1, 7, &d), CO_OK);
    int bad[] = {3, 101};
    cr_assert_eq(co_rating_counts_add(c, bad, 2), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "rating 101 at index 1 is outside the scale 0-100");
    cr_assert_eq(co_rating_counts_total(c), 0);
    cr_assert_eq(co_rating_counts_merge(c, d), CO_EINVAL);
    co_rating_summary s = {.size = sizeof s};
    cr_assert_eq(co_rating_counts_summarize(c, NULL, &s), CO_EINVAL); /* CSAT's 1-5 */
    co_rating_options o;
    co_rating_options_for_scale(&o, sizeof o, 0, 100);
    cr_assert_eq(co_rating_counts_summarize(c, &o, &s), CO_EINVAL); /* nothing counted */
    cr_assert_str_eq(co_errmsg(), "no ratings to summarise");
    co_rating_counts_free(c);
    co_rating_counts_free(d);
}

static int decode_ratings(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_rating_counts *out = NULL;
    int rc = co_rating_counts_deserialize(bytes, len, &out);
    cr_assert_eq(out == NULL, rc != CO_OK);
    co_rating_counts_free(out);
    return rc;
}

Test(rating_counts, damaged_bytes_are_refused)
{
    int a[] = {1, 2, 2, 3};
    co_rating_counts *c = NULL;
    cr_assert_eq(co_rating_counts_new(1, 3, &c), CO_OK);
    cr_assert_eq(co_rating_counts_add(c, a, 4), CO_OK);
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_rating_counts_serialize(c, &bytes, &len), CO_OK);
    cr_assert_eq(len, CO_PARTIAL_FRAME_BYTES + 16 + 3 * 8);
    check_damage_refused(bytes, len, decode_ratings, NULL);
    unsigned char *p = bytes;
    p[16] = 3; /* scale 3-3: empty */
    test_reseal(p, len);
    cr_assert_eq(decode_ratings(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: a rating scale no counts have");
    co_partial_free(bytes);
    co_rating_counts_free(c);
}
