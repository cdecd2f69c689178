/* Topic and sentiment tallies of texts split at random, merged in random order and
 * grouping, equal those of all texts at once: the topic counts co_topics_tally() gives
 * (checked by hand in tests/topics_test.c) and the sentiment counts and mean counted here
 * directly from the compound scores. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "partial_check.h"

#define MAX_TEXTS 200

static const char *const words[] = {"great",   "terrible", "delivery", "late",    "price",
                                    "refund",  "the",      "app",      "support", "rude",
                                    "love",    "broken",   "quality",  "and",     "not",
                                    "helpful", "cheap",    "slow",     "very",    "good"};

static void make_text(char *out, size_t cap, uint64_t *rng)
{
    size_t n = test_below(rng, 9), at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *w = words[test_below(rng, sizeof words / sizeof *words)];
        at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? " " : "", w);
    }
}

static int merge_topics(void *acc, const void *other) { return co_topic_tally_merge(acc, other); }
static void free_topics(void *t) { co_topic_tally_free(t); }
static int merge_sent(void *acc, const void *other) { return co_sentiment_tally_merge(acc, other); }

static co_topic_tally *topics_through_bytes(co_topic_tally *t)
{
    void *bytes = NULL;
    size_t len = 0;
    co_topic_tally *back = NULL;
    cr_assert_eq(co_topic_tally_serialize(t, &bytes, &len), CO_OK);
    cr_assert_eq(co_topic_tally_deserialize(bytes, len, &back), CO_OK, "%s", co_errmsg());
    co_partial_free(bytes);
    co_topic_tally_free(t);
    return back;
}

Test(text_tally, random_splits_tally_as_one_pass)
{
    uint64_t rng = 21;
    static char buf[MAX_TEXTS][128];
    const char *texts[MAX_TEXTS];
    double compound[MAX_TEXTS];
    co_sentiment sent[MAX_TEXTS];
    co_topics *topics = NULL;
    cr_assert_eq(co_topics_new_default(&topics), CO_OK);
    size_t k_topics = co_topics_count(topics);
    co_topic_count want[16], got[16];
    for (int trial = 0; trial < PARTIAL_TRIALS; trial++) {
        size_t n = 1 + test_below(&rng, MAX_TEXTS);
        for (size_t i = 0; i < n; i++) {
            make_text(buf[i], sizeof buf[i], &rng);
            texts[i] = buf[i];
        }
        cr_assert_eq(co_sentiment_score_many(NULL, texts, NULL, n, sent), CO_OK);
        /* expected sentiment counts and fixed-point sum, counted here */
        co_sentiment_tally want_s = {0};
        for (size_t i = 0; i < n; i++) {
            compound[i] = sent[i].compound;
            want_s.texts++;
            want_s.positive += compound[i] >= 0.05;
            want_s.negative += compound[i] <= -0.05;
            want_s.compound_sum += (int64_t)llround(ldexp(compound[i], 32));
        }
        uint64_t want_neg = 0, got_neg = 0;
        cr_assert_eq(co_topics_tally(topics, NULL, texts, NULL, n, NULL, CO_SENTIMENT_NEGATIVE,
                                     want, &want_neg),
                     CO_OK);

        size_t k = 1 + test_below(&rng, 5), at = 0;
        void *tparts[5], *sparts[5];
        for (size_t p = 0; p < k; p++) {
            size_t take = p + 1 == k ? n - at : test_below(&rng, n - at + 1);
            co_topic_tally *t = NULL;
            cr_assert_eq(co_topic_tally_new(topics, CO_SENTIMENT_NEGATIVE, &t), CO_OK);
            /* scores given for some parts, computed by the tally for others */
            const double *c = test_below(&rng, 2) ? compound + at : NULL;
            cr_assert_eq(co_topic_tally_add(t, topics, NULL, texts + at, NULL, take, c), CO_OK);
            co_sentiment_tally *s = calloc(1, sizeof *s);
            cr_assert_eq(co_sentiment_tally_add(s, compound + at, take), CO_OK);
            if (test_below(&rng, 2)) {
                t = topics_through_bytes(t);
                void *bytes = NULL;
                size_t len = 0;
                cr_assert_eq(co_sentiment_tally_serialize(s, &bytes, &len), CO_OK);
                cr_assert_eq(co_sentiment_tally_deserialize(bytes, len, s), CO_OK);
                co_partial_free(bytes);
            }
            at += take;
            tparts[p] = t;
            sparts[p] = s;
        }
        uint64_t rng2 = rng;
        co_topic_tally *all = partial_merge_randomly(tparts, k, &rng, merge_topics, free_topics);
        co_sentiment_tally *all_s = partial_merge_randomly(sparts, k, &rng2, merge_sent, free);
        cr_assert_eq(co_topic_tally_texts(all), n);
        cr_assert_eq(co_topic_tally_counts(all, got, &got_neg), CO_OK);
        cr_assert_eq(got_neg, want_neg);
        cr_assert_eq(memcmp(got, want, k_topics * sizeof *got), 0, "trial %d", trial);
        cr_assert_eq(memcmp(all_s, &want_s, sizeof want_s), 0, "trial %d", trial);
        /* the mean is within 2^-33 of the plain mean */
        double mean = 0, plain = 0;
        cr_assert_eq(co_sentiment_tally_mean(all_s, &mean), CO_OK);
        for (size_t i = 0; i < n; i++)
            plain += compound[i];
        cr_assert_leq(fabs(mean - plain / (double)n), 0x1p-33 + 1e-15);
        co_topic_tally_free(all);
        free(all_s);
    }
    co_topics_free(topics);
}

Test(text_tally, sentiment_hand_example)
{
    /* 0.5, -0.25, 0.0: one positive, one negative, one neutral; mean 0.25 / 3. */
    double c[] = {0.5, -0.25, 0.0};
    co_sentiment_tally t = {0};
    cr_assert_eq(co_sentiment_tally_add(&t, c, 3), CO_OK);
    cr_assert(t.texts == 3 && t.positive == 1 && t.negative == 1);
    cr_assert_eq(t.compound_sum, (int64_t)1 << 30); /* 0.25 * 2^32 */
    double mean;
    cr_assert_eq(co_sentiment_tally_mean(&t, &mean), CO_OK);
    cr_assert_float_eq(mean, 0.25 / 3.0, 1e-15);
    double bad[] = {0.1, 1.5};
    co_sentiment_tally keep = t;
    cr_assert_eq(co_sentiment_tally_add(&t, bad, 2), CO_ERANGE);
    cr_assert_eq(memcmp(&t, &keep, sizeof t), 0);
    co_sentiment_tally empty = {0};
    cr_assert_eq(co_sentiment_tally_mean(&empty, &mean), CO_EINVAL);
}

static int decode_sent(const void *bytes, size_t len, void *ctx)
{
    co_sentiment_tally *out = ctx, before = *out;
    int rc = co_sentiment_tally_deserialize(bytes, len, out);
    if (rc != CO_OK)
        cr_assert_eq(memcmp(out, &before, sizeof before), 0);
    return rc;
}

static int decode_topics(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_topic_tally *t = NULL;
    int rc = co_topic_tally_deserialize(bytes, len, &t);
    cr_assert_eq(t == NULL, rc != CO_OK);
    co_topic_tally_free(t);
    return rc;
}

Test(text_tally, damaged_bytes_are_refused)
{
    double c[] = {0.5, -0.25};
    co_sentiment_tally s = {0}, out = {0};
    cr_assert_eq(co_sentiment_tally_add(&s, c, 2), CO_OK);
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_sentiment_tally_serialize(&s, &bytes, &len), CO_OK);
    check_damage_refused(bytes, len, decode_sent, &out);
    unsigned char *p = bytes;
    p[16 + 8] = 3; /* 3 positive of 2 texts */
    test_reseal(p, len);
    cr_assert_eq(decode_sent(p, len, &out), CO_ECORRUPT);
    co_partial_free(bytes);

    co_topics *topics = NULL;
    cr_assert_eq(co_topics_new(&topics), CO_OK);
    cr_assert_eq(co_topics_add(topics, "late", "late"), CO_OK);
    const char *texts[] = {"late again", "fine"};
    double comp[] = {-0.5, 0.5};
    co_topic_tally *t = NULL;
    cr_assert_eq(co_topic_tally_new(topics, CO_SENTIMENT_NEGATIVE, &t), CO_OK);
    cr_assert_eq(co_topic_tally_add(t, topics, NULL, texts, NULL, 2, comp), CO_OK);
    co_topic_count counts[1];
    uint64_t neg = 0;
    cr_assert_eq(co_topic_tally_counts(t, counts, &neg), CO_OK);
    cr_assert(counts[0].mentions == 1 && counts[0].negative == 1 && neg == 1);
    cr_assert_eq(co_topic_tally_serialize(t, &bytes, &len), CO_OK);
    /* threshold, texts, negatives, topics, then "late" (4 + 4 bytes) and two counts */
    cr_assert_eq(len, CO_PARTIAL_FRAME_BYTES + 32 + 8 + 16);
    check_damage_refused(bytes, len, decode_topics, NULL);
    p = bytes;
    p[16 + 32 + 4] = 0xff; /* a name that is not UTF-8 */
    test_reseal(p, len);
    cr_assert_eq(decode_topics(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: a topic name that is empty or not UTF-8");
    co_partial_free(bytes);

    co_topics *other = NULL;
    co_topic_tally *u = NULL;
    cr_assert_eq(co_topics_new_default(&other), CO_OK);
    cr_assert_eq(co_topic_tally_add(t, other, NULL, texts, NULL, 2, comp), CO_EINVAL);
    cr_assert_eq(co_topic_tally_texts(t), 2);
    cr_assert_eq(co_topic_tally_new(other, CO_SENTIMENT_NEGATIVE, &u), CO_OK);
    cr_assert_eq(co_topic_tally_merge(t, u), CO_EINVAL);
    co_topic_tally_free(u);
    co_topics_free(other);
    co_topic_tally_free(t);
    co_topics_free(topics);
}
