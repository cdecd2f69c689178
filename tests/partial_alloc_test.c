/* Allocation-failure sweeps of the partial states: writing bytes, reading them back and
 * merging fail with CO_ENOMEM, leak nothing and leave the states as they were. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

typedef struct states {
    co_km_counts *km, *km2;
    co_rating_counts *ratings;
    co_rfm_histogram *hist, *hist2;
    co_topics *topics;
    co_topic_tally *tally, *tally2;
    co_cohorts *cohorts;
    void *bytes[5];
    size_t len[5];
    void *result;
} states;

static states S;

static void setup(void)
{
    double d[] = {3, 1, 4, 1, 5}, v[] = {2.5, 1, 7};
    uint8_t o[] = {1, 0, 1, 1, 0};
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = d, in.observed = o, in.n = 5;
    cr_assert_eq(co_km_counts_new(&S.km), CO_OK);
    cr_assert_eq(co_km_counts_add(S.km, &in), CO_OK);
    in.n = 3;
    cr_assert_eq(co_km_counts_new(&S.km2), CO_OK);
    cr_assert_eq(co_km_counts_add(S.km2, &in), CO_OK);
    int r[] = {1, 5, 5};
    cr_assert_eq(co_rating_counts_new(1, 5, &S.ratings), CO_OK);
    cr_assert_eq(co_rating_counts_add(S.ratings, r, 3), CO_OK);
    cr_assert_eq(co_rfm_histogram_new(&S.hist), CO_OK);
    cr_assert_eq(co_rfm_histogram_add(S.hist, v, 3), CO_OK);
    cr_assert_eq(co_rfm_histogram_new(&S.hist2), CO_OK);
    cr_assert_eq(co_rfm_histogram_add(S.hist2, d, 5), CO_OK);
    cr_assert_eq(co_topics_new_default(&S.topics), CO_OK);
    const char *texts[] = {"late delivery", "rude support"};
    double c[] = {-0.5, -0.4};
    cr_assert_eq(co_topic_tally_new(S.topics, -0.05, &S.tally), CO_OK);
    cr_assert_eq(co_topic_tally_add(S.tally, S.topics, NULL, texts, NULL, 2, c), CO_OK);
    cr_assert_eq(co_topic_tally_new(S.topics, -0.05, &S.tally2), CO_OK);
    co_day first[] = {19000, 19026}, day[] = {19030, 19035};
    size_t cust[] = {0, 1};
    cr_assert_eq(co_cohorts_build(first, 2, cust, day, 2, 19051, &S.cohorts), CO_OK);
    cr_assert_eq(co_km_counts_serialize(S.km, &S.bytes[0], &S.len[0]), CO_OK);
    cr_assert_eq(co_rating_counts_serialize(S.ratings, &S.bytes[1], &S.len[1]), CO_OK);
    cr_assert_eq(co_rfm_histogram_serialize(S.hist, &S.bytes[2], &S.len[2]), CO_OK);
    cr_assert_eq(co_topic_tally_serialize(S.tally, &S.bytes[3], &S.len[3]), CO_OK);
    cr_assert_eq(co_cohorts_serialize(S.cohorts, &S.bytes[4], &S.len[4]), CO_OK);
}

static void teardown(void)
{
    co_km_counts_free(S.km);
    co_km_counts_free(S.km2);
    co_rating_counts_free(S.ratings);
    co_rfm_histogram_free(S.hist);
    co_rfm_histogram_free(S.hist2);
    co_topic_tally_free(S.tally);
    co_topic_tally_free(S.tally2);
    co_topics_free(S.topics);
    co_cohorts_free(S.cohorts);
    for (int i = 0; i < 5; i++)
        co_partial_free(S.bytes[i]);
    memset(&S, 0, sizeof S);
}

/* Each op leaves what it made in S.result (bytes); the sweep's caller frees it. */
static int write_km(void *ctx)
{
    size_t len;
    (void)ctx;
    return co_km_counts_serialize(S.km, &S.result, &len);
}
static int write_topics(void *ctx)
{
    size_t len;
    (void)ctx;
    return co_topic_tally_serialize(S.tally, &S.result, &len);
}
static int read_km(void *ctx)
{
    (void)ctx;
    return co_km_counts_deserialize(S.bytes[0], S.len[0], (co_km_counts **)&S.result);
}
static int read_ratings(void *ctx)
{
    (void)ctx;
    return co_rating_counts_deserialize(S.bytes[1], S.len[1], (co_rating_counts **)&S.result);
}
static int read_hist(void *ctx)
{
    (void)ctx;
    return co_rfm_histogram_deserialize(S.bytes[2], S.len[2], (co_rfm_histogram **)&S.result);
}
static int read_topics(void *ctx)
{
    (void)ctx;
    return co_topic_tally_deserialize(S.bytes[3], S.len[3], (co_topic_tally **)&S.result);
}
static int read_cohorts(void *ctx)
{
    (void)ctx;
    return co_cohorts_deserialize(S.bytes[4], S.len[4], (co_cohorts **)&S.result);
}
static int merge_cohorts(void *ctx)
{
    (void)ctx;
    return co_cohorts_merge(S.cohorts, S.cohorts, (co_cohorts **)&S.result);
}

Test(partial_alloc, writing_and_reading_fail_cleanly, .init = setup, .fini = teardown)
{
    struct {
        int (*op)(void *);
        void (*release)(void *);
    } ops[] = {{write_km, co_partial_free},
               {write_topics, co_partial_free},
               {read_km, (void (*)(void *))co_km_counts_free},
               {read_ratings, (void (*)(void *))co_rating_counts_free},
               {read_hist, (void (*)(void *))co_rfm_histogram_free},
               {read_topics, (void (*)(void *))co_topic_tally_free},
               {read_cohorts, (void (*)(void *))co_cohorts_free},
               {merge_cohorts, (void (*)(void *))co_cohorts_free}};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        S.result = NULL;
        cr_assert_gt(co_test_alloc_sweep(ops[i].op, NULL, NULL), 0, "op %zu", i);
        cr_assert_not_null(S.result);
        ops[i].release(S.result);
    }
}

/* Merges change nothing when they fail: compared through the states' bytes. */
static void *snapshot_bytes;
static size_t snapshot_len;

static void km_unchanged(void *ctx)
{
    (void)ctx;
    void *now;
    size_t len;
    cr_assert_eq(co_km_counts_serialize(S.km, &now, &len), CO_OK);
    cr_assert(len == snapshot_len && memcmp(now, snapshot_bytes, len) == 0);
    co_partial_free(now);
}

static int merge_km(void *ctx)
{
    (void)ctx;
    return co_km_counts_merge(S.km, S.km2);
}

static void hist_unchanged(void *ctx)
{
    (void)ctx;
    void *now;
    size_t len;
    cr_assert_eq(co_rfm_histogram_serialize(S.hist, &now, &len), CO_OK);
    cr_assert(len == snapshot_len && memcmp(now, snapshot_bytes, len) == 0);
    co_partial_free(now);
}

static int merge_hist(void *ctx)
{
    (void)ctx;
    return co_rfm_histogram_merge(S.hist, S.hist2);
}

Test(partial_alloc, failed_merges_change_nothing, .init = setup, .fini = teardown)
{
    snapshot_bytes = S.bytes[0], snapshot_len = S.len[0];
    cr_assert_gt(co_test_alloc_sweep(merge_km, km_unchanged, NULL), 0);
    snapshot_bytes = S.bytes[2], snapshot_len = S.len[2];
    cr_assert_gt(co_test_alloc_sweep(merge_hist, hist_unchanged, NULL), 0);
}
