/* Exact RFM histograms: values split at random, counted and merged in random order and
 * grouping, give the cut points co_rfm_cuts() gives on all values at once, to the bit
 * (the independent computation: co_rfm_cuts(), checked against R's quantile() in
 * tests/rfm_test.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "partial_check.h"

#define MAX_N 400

static int merge_hist(void *acc, const void *other) { return co_rfm_histogram_merge(acc, other); }
static void free_hist(void *h) { co_rfm_histogram_free(h); }

/* Recency days, order counts, money in whole cents, or any doubles (mostly distinct). */
static double draw(uint64_t *rng, int kind)
{
    switch (kind) {
    case 0: return (double)test_below(rng, 365);
    case 1: return (double)(1 + test_below(rng, 12));
    case 2: return (double)test_below(rng, 50000) / 100.0;
    default: return ((double)(test_rand(rng) >> 11) - 4e15) * 0x1p-40;
    }
}

static co_rfm_histogram *through_bytes(co_rfm_histogram *h)
{
    void *bytes = NULL;
    size_t len = 0;
    co_rfm_histogram *back = NULL;
    cr_assert_eq(co_rfm_histogram_serialize(h, &bytes, &len), CO_OK);
    cr_assert_eq(co_rfm_histogram_deserialize(bytes, len, &back), CO_OK, "%s", co_errmsg());
    co_partial_free(bytes);
    co_rfm_histogram_free(h);
    return back;
}

Test(rfm_histogram, random_splits_cut_as_one_pass)
{
    uint64_t rng = 9;
    double values[MAX_N];
    for (int trial = 0; trial < PARTIAL_TRIALS; trial++) {
        int kind = trial % 4;
        size_t n = 1 + test_below(&rng, MAX_N);
        for (size_t i = 0; i < n; i++)
            values[i] = draw(&rng, kind);
        unsigned bins = 2 + (unsigned)test_below(&rng, CO_RFM_MAX_BINS - 1);
        double offset = trial % 2 ? 1.0 : 0.0;
        double want[CO_RFM_MAX_BINS], got[CO_RFM_MAX_BINS];
        cr_assert_eq(co_rfm_cuts(values, n, bins, offset, want), CO_OK);

        size_t k = 1 + test_below(&rng, 7), at = 0;
        void *parts[7];
        for (size_t p = 0; p < k; p++) {
            size_t take = p + 1 == k ? n - at : test_below(&rng, n - at + 1);
            co_rfm_histogram *h = NULL;
            cr_assert_eq(co_rfm_histogram_new(&h), CO_OK);
            /* in two batches: adding twice is merging too */
            size_t half = take / 2;
            cr_assert_eq(co_rfm_histogram_add(h, values + at, half), CO_OK);
            cr_assert_eq(co_rfm_histogram_add(h, values + at + half, take - half), CO_OK);
            at += take;
            parts[p] = test_below(&rng, 2) ? through_bytes(h) : h;
        }
        co_rfm_histogram *all = partial_merge_randomly(parts, k, &rng, merge_hist, free_hist);
        cr_assert_eq(co_rfm_histogram_total(all), n);
        cr_assert_eq(co_rfm_histogram_cuts(all, bins, offset, got), CO_OK);
        cr_assert_eq(memcmp(want, got, (bins - 1) * sizeof *want), 0, "trial %d", trial);
        co_rfm_histogram_free(all);
    }
}

Test(rfm_histogram, hand_example)
{
    /* Values 1, 1, 2, 5 | 3, 1: sorted 1 1 1 2 3 5. Type-7 quartiles (bins 4, offset 0):
     * index 1 + 5 p; p = 0.25: 2.25 -> 1 + 0.25 (1 - 1) = 1; p = 0.5: 3.5 -> 1 + 0.5 (2 -
     * 1) = 1.5; p = 0.75: 4.75 -> 2 + 0.75 (3 - 2) = 2.75. */
    double a[] = {1, 1, 2, 5}, b[] = {3, 1};
    co_rfm_histogram *x = NULL, *y = NULL;
    cr_assert_eq(co_rfm_histogram_new(&x), CO_OK);
    cr_assert_eq(co_rfm_histogram_new(&y), CO_OK);
    cr_assert_eq(co_rfm_histogram_add(x, a, 4), CO_OK);
    cr_assert_eq(co_rfm_histogram_add(y, b, 2), CO_OK);
    cr_assert_eq(co_rfm_histogram_merge(x, y), CO_OK);
    cr_assert_eq(co_rfm_histogram_count(x), 4);
    double v;
    uint64_t c;
    cr_assert_eq(co_rfm_histogram_get(x, 0, &v, &c), CO_OK);
    cr_assert(v == 1.0 && c == 3);
    cr_assert_eq(co_rfm_histogram_get(x, 4, &v, &c), CO_ERANGE);
    double cuts[3];
    cr_assert_eq(co_rfm_histogram_cuts(x, 4, 0.0, cuts), CO_OK);
    cr_assert_eq(cuts[0], 1.0);
    cr_assert_eq(cuts[1], 1.5);
    cr_assert_eq(cuts[2], 2.75);
    co_rfm_histogram_free(x);
    co_rfm_histogram_free(y);
}

Test(rfm_histogram, errors_change_nothing)
{
    co_rfm_histogram *h = NULL;
    cr_assert_eq(co_rfm_histogram_new(&h), CO_OK);
    double cuts[4];
    cr_assert_eq(co_rfm_histogram_cuts(h, 5, 1.0, cuts), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "no values to cut");
    double bad[] = {1.0, NAN};
    cr_assert_eq(co_rfm_histogram_add(h, bad, 2), CO_EINVAL);
    cr_assert_eq(co_rfm_histogram_total(h), 0);
    cr_assert_eq(co_rfm_histogram_add(h, bad, 1), CO_OK);
    cr_assert_eq(co_rfm_histogram_cuts(h, 1, 1.0, cuts), CO_EINVAL);
    cr_assert_eq(co_rfm_histogram_merge(h, h), CO_OK);
    cr_assert_eq(co_rfm_histogram_total(h), 2);
    cr_assert_eq(co_rfm_histogram_count(h), 1);
    co_rfm_histogram_free(h);
}

static int decode_hist(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_rfm_histogram *h = NULL;
    int rc = co_rfm_histogram_deserialize(bytes, len, &h);
    cr_assert_eq(h == NULL, rc != CO_OK);
    co_rfm_histogram_free(h);
    return rc;
}

Test(rfm_histogram, damaged_bytes_are_refused)
{
    double a[] = {2.5, 1, 2.5};
    co_rfm_histogram *h = NULL;
    cr_assert_eq(co_rfm_histogram_new(&h), CO_OK);
    cr_assert_eq(co_rfm_histogram_add(h, a, 3), CO_OK);
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_rfm_histogram_serialize(h, &bytes, &len), CO_OK);
    cr_assert_eq(len, CO_PARTIAL_FRAME_BYTES + 8 + 2 * 16);
    check_damage_refused(bytes, len, decode_hist, NULL);
    unsigned char *p = bytes;
    memset(p + 16 + 8 + 8, 0, 8); /* the count of 1.0 becomes 0 */
    test_reseal(p, len);
    cr_assert_eq(decode_hist(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(),
                     "partial state damaged: a histogram count of 0 or a total past 2^64");
    co_partial_free(bytes);
    co_rfm_histogram_free(h);
}
