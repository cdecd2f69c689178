/* Mergeable Kaplan-Meier counts: counted in random parts and merged in random order and
 * grouping, they fit the same curve as co_km_fit_input() on all subjects at once (the
 * independent computation: the one-pass fit, whose values tests/kaplan_meier_test.c checks
 * against lifelines and R). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"
#include "partial_check.h"

#define MAX_N 300

typedef struct subjects {
    double duration[MAX_N], entry[MAX_N], weight[MAX_N];
    uint8_t observed[MAX_N];
    size_t n;
} subjects;

/* Whole-day durations with many ties, some censored, optional entries and whole weights. */
static void make_subjects(subjects *s, uint64_t *rng, int with_entry, int with_weights)
{
    s->n = 1 + test_below(rng, MAX_N);
    for (size_t i = 0; i < s->n; i++) {
        s->duration[i] = (double)test_below(rng, 40);
        s->observed[i] = test_below(rng, 3) != 0;
        /* entries before the duration: an entrant joins the risk set after its time */
        size_t d = (size_t)s->duration[i];
        s->entry[i] = with_entry && d > 0 ? (double)test_below(rng, d) : 0.0;
        s->weight[i] = with_weights ? (double)(1 + test_below(rng, 4)) : 1.0;
    }
}

static co_km_input input_of(const subjects *s, size_t from, size_t to, int with_entry,
                            int with_weights)
{
    co_km_input in;
    cr_assert_eq(co_km_input_init(&in, sizeof in), CO_OK);
    in.durations = s->duration + from;
    in.observed = s->observed + from;
    in.n = to - from;
    in.entry = with_entry ? s->entry + from : NULL;
    in.weights = with_weights ? s->weight + from : NULL;
    return in;
}

static int merge_km(void *acc, const void *other) { return co_km_counts_merge(acc, other); }
static void free_km(void *c) { co_km_counts_free(c); }

static void assert_same_curve(const co_km *a, const co_km *b)
{
    cr_assert_eq(co_km_count(a), co_km_count(b));
    for (size_t i = 0; i < co_km_count(a); i++) {
        co_km_point p, q;
        cr_assert_eq(co_km_get_point(a, i, &p), CO_OK);
        cr_assert_eq(co_km_get_point(b, i, &q), CO_OK);
        cr_assert_eq(memcmp(&p, &q, sizeof p), 0, "row %zu differs", i);
    }
    size_t n = co_km_count(a);
    double *wa = calloc(4 * n, sizeof *wa), *wb = calloc(4 * n, sizeof *wb);
    cr_assert_eq(co_km_weighted_columns(a, wa, wa + n, wa + 2 * n, wa + 3 * n), CO_OK);
    cr_assert_eq(co_km_weighted_columns(b, wb, wb + n, wb + 2 * n, wb + 3 * n), CO_OK);
    cr_assert_eq(memcmp(wa, wb, 4 * n * sizeof *wa), 0);
    free(wa);
    free(wb);
}

static void random_split_trials(int with_entry, int with_weights, uint64_t seed)
{
    uint64_t rng = seed;
    static subjects s;
    for (int trial = 0; trial < PARTIAL_TRIALS; trial++) {
        make_subjects(&s, &rng, with_entry, with_weights);
        co_km_input all = input_of(&s, 0, s.n, with_entry, with_weights);
        co_km *want = NULL, *got = NULL;
        cr_assert_eq(co_km_fit_input(&all, NULL, &want), CO_OK, "%s", co_errmsg());

        /* cut points of 1..8 non-empty parts, in subject order (the data are random) */
        size_t k = 1 + test_below(&rng, s.n < 8 ? s.n : 8), cut[9] = {0};
        void *parts[8];
        for (size_t p = 1; p < k; p++)
            cut[p] = cut[p - 1] + 1 + test_below(&rng, s.n - cut[p - 1] - (k - p));
        cut[k] = s.n;
        for (size_t p = 0; p < k; p++) {
            co_km_counts *c = NULL;
            cr_assert_eq(co_km_counts_new(&c), CO_OK);
            co_km_input in = input_of(&s, cut[p], cut[p + 1], with_entry, with_weights);
            cr_assert_eq(co_km_counts_add(c, &in), CO_OK, "%s", co_errmsg());
            /* half the parts travel as bytes first */
            if (test_below(&rng, 2)) {
                void *bytes = NULL;
                size_t len = 0;
                co_km_counts *back = NULL;
                cr_assert_eq(co_km_counts_serialize(c, &bytes, &len), CO_OK);
                cr_assert_eq(co_km_counts_deserialize(bytes, len, &back), CO_OK, "%s", co_errmsg());
                co_partial_free(bytes);
                co_km_counts_free(c);
                c = back;
            }
            parts[p] = c;
        }
        co_km_counts *merged = partial_merge_randomly(parts, k, &rng, merge_km, free_km);
        cr_assert_eq(co_km_counts_fit(merged, NULL, &got), CO_OK, "%s", co_errmsg());
        assert_same_curve(want, got);
        co_km_counts_free(merged);
        co_km_free(want);
        co_km_free(got);
    }
}

Test(km_counts, random_splits_fit_the_one_pass_curve) { random_split_trials(0, 0, 1); }
Test(km_counts, with_entries_and_whole_weights) { random_split_trials(1, 1, 2); }

Test(km_counts, small_hand_example)
{
    /* Durations 1, 2, 2 (censored), 3 in two parts. Hand: at t=1 4 at risk, 1 event:
     * S = 3/4; at t=2 3 at risk, 1 event, 1 censored: S = 3/4 * 2/3 = 1/2; at t=3 1 at
     * risk, 1 event: S = 0. */
    double d1[] = {2, 1}, d2[] = {3, 2};
    uint8_t o1[] = {1, 1}, o2[] = {1, 0};
    co_km_counts *a = NULL, *b = NULL;
    cr_assert_eq(co_km_counts_new(&a), CO_OK);
    cr_assert_eq(co_km_counts_new(&b), CO_OK);
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = d1, in.observed = o1, in.n = 2;
    cr_assert_eq(co_km_counts_add(a, &in), CO_OK);
    in.durations = d2, in.observed = o2;
    cr_assert_eq(co_km_counts_add(b, &in), CO_OK);
    cr_assert_eq(co_km_counts_merge(a, b), CO_OK);
    cr_assert_eq(co_km_counts_count(a), 4); /* times 0, 1, 2, 3 */
    co_km *km = NULL;
    cr_assert_eq(co_km_counts_fit(a, NULL, &km), CO_OK);
    double surv[4];
    cr_assert_eq(co_km_columns(km, NULL, surv, NULL, NULL, NULL), CO_OK);
    cr_assert_eq(surv[0], 1.0);
    cr_assert_eq(surv[1], 0.75);
    cr_assert_eq(surv[2], 0.5);
    cr_assert_eq(surv[3], 0.0);
    co_km_free(km);
    co_km_counts_free(a);
    co_km_counts_free(b);
}

static int decode_km(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_km_counts *out = (co_km_counts *)(uintptr_t)0x1;
    int rc = co_km_counts_deserialize(bytes, len, &out);
    if (rc == CO_OK)
        co_km_counts_free(out);
    else
        cr_assert_eq(out, (co_km_counts *)(uintptr_t)0x1);
    return rc;
}

Test(km_counts, damaged_bytes_are_refused)
{
    double d[] = {2, 1, 2};
    uint8_t o[] = {1, 0, 1};
    co_km_counts *c = NULL;
    cr_assert_eq(co_km_counts_new(&c), CO_OK);
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = d, in.observed = o, in.n = 3;
    cr_assert_eq(co_km_counts_add(c, &in), CO_OK);
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_km_counts_serialize(c, &bytes, &len), CO_OK);
    cr_assert_eq(len, CO_PARTIAL_FRAME_BYTES + 8 + 3 * 56); /* rows at 0, 1, 2 */
    check_damage_refused(bytes, len, decode_km, NULL);

    /* intact frames with impossible counts: times out of order, a subject that never
     * leaves */
    unsigned char *p = bytes;
    double t = 5.0;
    memcpy(p + 16 + 8 + 56, &t, 8); /* row 1's time after row 2's */
    test_reseal(p, len);
    cr_assert_eq(decode_km(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: Kaplan-Meier times are not ascending "
                                  "finite values >= 0");
    co_partial_free(bytes);
    cr_assert_eq(co_km_counts_serialize(c, &bytes, &len), CO_OK);
    p = bytes;
    p[16 + 8 + 24] = 4; /* 4 entries at time 0 instead of 3 */
    test_reseal(p, len);
    cr_assert_eq(decode_km(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: subjects entered that never leave");
    co_partial_free(bytes);
    co_km_counts_free(c);
}

Test(km_counts, errors_change_nothing)
{
    co_km_counts *c = NULL, *empty = NULL;
    cr_assert_eq(co_km_counts_new(&c), CO_OK);
    cr_assert_eq(co_km_counts_new(&empty), CO_OK);
    co_km *km = NULL;
    cr_assert_eq(co_km_counts_fit(empty, NULL, &km), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "no subjects counted");
    double d[] = {1, -1};
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = d, in.n = 2;
    cr_assert_eq(co_km_counts_add(c, &in), CO_EINVAL);
    cr_assert_eq(co_km_counts_count(c), 0);
    in.n = 1;
    cr_assert_eq(co_km_counts_add(c, &in), CO_OK);
    cr_assert_eq(co_km_counts_count(c), 2);
    cr_assert_eq(co_km_counts_merge(c, c), CO_OK); /* doubling: still 2 times */
    cr_assert_eq(co_km_counts_count(c), 2);
    cr_assert_eq(co_km_counts_merge(NULL, c), CO_EINVAL);
    cr_assert_eq(co_km_counts_new(NULL), CO_EINVAL);
    cr_assert_eq(co_km_counts_count(NULL), 0);
    co_km_counts_free(NULL);
    co_km_counts_free(c);
    co_km_counts_free(empty);
}

static int add_op(void *ctx)
{
    co_km_counts *c = ctx;
    double d[] = {3, 1, 4, 1, 5};
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = d, in.n = 5;
    return co_km_counts_add(c, &in);
}

static void still_empty(void *ctx) { cr_assert_eq(co_km_counts_count(ctx), 0); }

Test(km_counts, allocation_failures_change_nothing)
{
    co_km_counts *c = NULL;
    cr_assert_eq(co_km_counts_new(&c), CO_OK);
    cr_assert_gt(co_test_alloc_sweep(add_op, still_empty, c), 0);
    co_km_counts_free(c);
}
