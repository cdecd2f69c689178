/* lib/text: keyword-to-topic maps and the tally of negative feedback per topic.
 * Expected counts are worked out by hand in the comments. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

/* Name of topic `i`, which must exist. */
static const char *topic_name(const co_topics *t, size_t i)
{
    const char *name = NULL;
    cr_assert_eq(co_topics_get_name(t, i, &name), CO_OK, "%s", co_errmsg());
    return name;
}

static size_t topic_index(const co_topics *t, const char *name)
{
    for (size_t i = 0; i < co_topics_count(t); i++)
        if (!strcmp(topic_name(t, i), name))
            return i;
    cr_assert_fail("no topic %s", name);
    return 0;
}

Test(topics, default_map_has_the_six_topics_in_order)
{
    co_topics *t;
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    static const char *const names[] = {"price",   "delivery", "quality",
                                        "support", "billing",  "usability"};
    cr_assert_eq(co_topics_count(t), 6);
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(topic_name(t, i), names[i]);
    const char *name = "untouched";
    cr_assert_eq(co_topics_get_name(t, 6, &name), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "no topic at index 6 (count 6)");
    cr_assert_str_eq(name, "untouched");
    cr_assert_eq(co_topics_get_name(NULL, 0, &name), CO_EINVAL);
    cr_assert_eq(co_topics_get_name(t, 0, NULL), CO_EINVAL);
    co_topics_free(t);
    co_topics_free(NULL);
}

Test(topics, match_finds_exact_and_prefix_keywords)
{
    co_topics *t;
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    uint8_t hits[6];
    const char *text = "The DELIVERIES were slow and the refunds took ages; app is fine.";
    cr_assert_eq(co_topics_match(t, text, strlen(text), hits), CO_OK);
    /* deliveries: deliver*; refunds: refund*; app: usability. */
    uint8_t expected[6] = {0, 1, 0, 0, 1, 1};
    cr_assert_arr_eq(hits, expected, 6);
    /* Hyphenated words: the parts (late, delivery) and the joined word
     * (email, matched by email*) count. */
    const char *hyphens = "late-delivery, no reply to my e-mail";
    cr_assert_eq(co_topics_match(t, hyphens, strlen(hyphens), hits), CO_OK);
    uint8_t expected2[6] = {0, 1, 0, 1, 0, 0};
    cr_assert_arr_eq(hits, expected2, 6);
    cr_assert_eq(co_topics_match(t, "", 0, hits), CO_OK);
    uint8_t none[6] = {0};
    cr_assert_arr_eq(hits, none, 6);
    co_topics_free(t);
}

Test(topics, add_creates_topics_and_rejects_repeats)
{
    co_topics *t;
    cr_assert_eq(co_topics_new(&t), CO_OK);
    cr_assert_eq(co_topics_count(t), 0);
    cr_assert_eq(co_topics_add(t, "returns", "return*"), CO_OK);
    cr_assert_eq(co_topics_add(t, "returns", "exchange"), CO_OK);
    cr_assert_eq(co_topics_add(t, "staff", "Cashier"), CO_OK);
    cr_assert_eq(co_topics_count(t), 2);
    cr_assert_eq(co_topics_add(t, "staff", "cashier"), CO_EEXIST);
    cr_assert_eq(co_topics_add(t, "other", "RETURN*"), CO_EEXIST);
    cr_assert_eq(co_topics_add(t, "", "x"), CO_EINVAL);
    cr_assert_eq(co_topics_add(t, "x", "two words"), CO_EINVAL);
    cr_assert_eq(co_topics_add(t, "x", "*"), CO_EINVAL);
    cr_assert_eq(co_topics_add(t, NULL, "x"), CO_EINVAL);
    cr_assert_eq(co_topics_count(t), 2); /* failed adds created no topic */
    uint8_t hits[2];
    const char *text = "The cashier refused my return.";
    cr_assert_eq(co_topics_match(t, text, strlen(text), hits), CO_OK);
    cr_assert_eq(hits[0], 1);
    cr_assert_eq(hits[1], 1);
    cr_assert_eq(co_topics_match(t, NULL, 3, hits), CO_EINVAL);
    cr_assert_eq(co_topics_new(NULL), CO_EINVAL);
    co_topics_free(t);
}

/* Which topics `text` mentions, as a string of 0/1 flags. */
static const char *hit_flags(const co_topics *t, const char *text, char *out)
{
    uint8_t hits[16] = {0};
    size_t n = co_topics_count(t);
    cr_assert_leq(n, sizeof hits);
    cr_assert_eq(co_topics_match(t, text, strlen(text), hits), CO_OK);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)('0' + hits[i]);
    out[n] = '\0';
    return out;
}

Test(topics, copy_is_whole_and_independent)
{
    co_topics *t, *copy = NULL;
    char flags[17];
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    cr_assert_eq(co_topics_add(t, "returns", "return*"), CO_OK);
    cr_assert_eq(co_topics_copy(t, &copy), CO_OK);
    cr_assert_eq(co_topics_count(copy), 7);
    static const char *const names[] = {"price",   "delivery",  "quality", "support",
                                        "billing", "usability", "returns"};
    for (size_t i = 0; i < 7; i++)
        cr_assert_str_eq(topic_name(copy, i), names[i]);
    /* late: delivery (exact); returned: return* (prefix); refunds: refund* (billing) */
    cr_assert_str_eq(hit_flags(copy, "Returned it late, refunds pending", flags), "0100101");
    cr_assert_eq(co_topics_add(copy, "other", "late"), CO_EEXIST); /* the keywords came along */

    /* From here on each goes its own way. */
    cr_assert_eq(co_topics_add(copy, "gifts", "gift*"), CO_OK);
    cr_assert_eq(co_topics_add(t, "loyalty", "points"), CO_OK);
    cr_assert_str_eq(topic_name(copy, 7), "gifts");
    cr_assert_str_eq(topic_name(t, 7), "loyalty");
    cr_assert_str_eq(hit_flags(copy, "gifted points", flags), "00000001");
    cr_assert_str_eq(hit_flags(t, "gifted points", flags), "00000001");
    cr_assert_str_eq(hit_flags(t, "a gift", flags), "00000000");
    co_topics_free(t);
    cr_assert_str_eq(hit_flags(copy, "late gift", flags), "01000001"); /* owns its memory */
    co_topics_free(copy);

    copy = (co_topics *)&flags;
    cr_assert_eq(co_topics_copy(NULL, &copy), CO_EINVAL);
    cr_assert_eq(copy, (co_topics *)&flags); /* untouched */
    cr_assert_eq(co_topics_copy(copy, NULL), CO_EINVAL);
    /* An empty map copies to an empty map. */
    cr_assert_eq(co_topics_new(&t), CO_OK);
    cr_assert_eq(co_topics_copy(t, &copy), CO_OK);
    cr_assert_eq(co_topics_count(copy), 0);
    cr_assert_eq(co_topics_add(copy, "a", "b*"), CO_OK);
    cr_assert_str_eq(hit_flags(copy, "bee", flags), "1");
    co_topics_free(copy);
    co_topics_free(t);
}

Test(topics, nested_prefixes_of_different_topics_all_match)
{
    co_topics *t;
    cr_assert_eq(co_topics_new(&t), CO_OK);
    cr_assert_eq(co_topics_add(t, "a", "deliv*"), CO_OK);
    cr_assert_eq(co_topics_add(t, "b", "delivery*"), CO_OK);
    cr_assert_eq(co_topics_add(t, "c", "d*"), CO_OK);
    cr_assert_eq(co_topics_add(t, "d", "delivery"), CO_OK);
    /* a prefix as long as a word may be (CO_LEXICON_MAX_WORD = 48 bytes) */
    char long_word[CO_LEXICON_MAX_WORD + 2];
    memset(long_word, 'q', CO_LEXICON_MAX_WORD);
    long_word[CO_LEXICON_MAX_WORD] = '*';
    long_word[CO_LEXICON_MAX_WORD + 1] = '\0';
    cr_assert_eq(co_topics_add(t, "e", long_word), CO_OK, "%s", co_errmsg());
    uint8_t hits[5];
    const struct {
        const char *text;
        uint8_t want[5];
    } cases[] = {
        {"deliveryman", {1, 1, 1, 0, 0}}, /* deliv*, delivery*, d*; not the word delivery */
        {"Delivery", {1, 1, 1, 1, 0}},    /* all three prefixes and the exact word */
        {"deliv", {1, 0, 1, 0, 0}},       /* a prefix matches itself */
        {"de", {0, 0, 1, 0, 0}},
        {"xdeliv", {0, 0, 0, 0, 0}}, /* prefixes match at the start only */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(co_topics_match(t, cases[i].text, strlen(cases[i].text), hits), CO_OK);
        cr_assert_arr_eq(hits, cases[i].want, 5, "%s", cases[i].text);
    }
    long_word[CO_LEXICON_MAX_WORD] = '\0';
    cr_assert_eq(co_topics_match(t, long_word, CO_LEXICON_MAX_WORD, hits), CO_OK);
    cr_assert_eq(hits[4], 1);
    long_word[CO_LEXICON_MAX_WORD - 1] = 'r';
    cr_assert_eq(co_topics_match(t, long_word, CO_LEXICON_MAX_WORD, hits), CO_OK);
    cr_assert_eq(hits[4], 0);
    co_topics_free(t);
}

/* xorshift64 for the random keywords and words below */
static uint64_t rng_state = 88172645463325252u;
static size_t rnd(size_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (size_t)(rng_state % n);
}

Test(topics, many_prefixes_match_as_a_scan_of_all_of_them)
{
    /* 3000 random prefixes of 1-6 letters from a 4-letter alphabet (many nest) over 16
     * topics, against 2000 random words of 1-9 letters: each word's topics must be those a
     * plain scan of every prefix finds (the definition, written here independently). */
    enum { K = 3000, W = 2000, TOPICS = 16 };
    static char keys[K][8];
    static size_t topic_of[K];
    co_topics *t;
    cr_assert_eq(co_topics_new(&t), CO_OK);
    for (size_t j = 0; j < TOPICS; j++) { /* topic j is t<j>: created in order */
        char name[8], exact[8];
        snprintf(name, sizeof name, "t%zu", j);
        snprintf(exact, sizeof exact, "zz%zu", j);
        cr_assert_eq(co_topics_add(t, name, exact), CO_OK);
    }
    size_t k = 0;
    for (size_t i = 0; i < K; i++) {
        size_t len = 1 + rnd(6);
        char kw[9], name[8];
        for (size_t j = 0; j < len; j++)
            keys[k][j] = (char)('a' + rnd(4));
        keys[k][len] = '\0';
        snprintf(kw, sizeof kw, "%s*", keys[k]);
        snprintf(name, sizeof name, "t%zu", i % TOPICS);
        int rc = co_topics_add(t, name, kw);
        cr_assert(rc == CO_OK || rc == CO_EEXIST);
        if (rc == CO_OK)
            topic_of[k++] = i % TOPICS;
    }
    cr_assert_eq(co_topics_count(t), TOPICS);
    for (size_t w = 0; w < W; w++) {
        char text[10];
        size_t len = 1 + rnd(9);
        for (size_t j = 0; j < len; j++)
            text[j] = (char)('a' + rnd(4));
        uint8_t want[TOPICS] = {0}, hits[TOPICS];
        for (size_t i = 0; i < k; i++) {
            size_t kl = strlen(keys[i]);
            if (kl <= len && memcmp(text, keys[i], kl) == 0)
                want[topic_of[i]] = 1;
        }
        cr_assert_eq(co_topics_match(t, text, len, hits), CO_OK);
        cr_assert_arr_eq(hits, want, TOPICS, "%.*s", (int)len, text);
    }
    co_topics_free(t);
}

/* Six texts with given compound scores (negative at <= -0.05):
 *   0 "late delivery and rude support"   -0.6  delivery, support   negative
 *   1 "price was fair"                    0.3  price
 *   2 "overpriced and the parcel was late" -0.5 price, delivery    negative
 *   3 "the app crashed"                  -0.05 usability           negative (boundary)
 *   4 "nothing to say"                    0.0  -                   not negative
 *   5 "billing error"                    -0.4  billing             negative
 * negative texts: 0, 2, 3, 5 = 4.
 * price: mentions 2 (1, 2), negative 1 (2): share 1/4, rate 1/2.
 * delivery: mentions 2 (0, 2), negative 2: share 2/4, rate 1.
 * quality: 0, 0. support: 1 (0), 1: share 1/4, rate 1.
 * billing: 1 (5), 1: share 1/4, rate 1. usability: 1 (3), 1: share 1/4, rate 1. */
Test(topics, tally_with_given_scores)
{
    co_topics *t;
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    const char *texts[6] = {"late delivery and rude support",
                            "price was fair",
                            "overpriced and the parcel was late",
                            "the app crashed",
                            "nothing to say",
                            "billing error"};
    double compound[6] = {-0.6, 0.3, -0.5, -0.05, 0.0, -0.4};
    co_topic_count c[6];
    uint64_t negatives = 0;
    cr_assert_eq(co_topics_tally(t, NULL, texts, NULL, 6, compound, CO_SENTIMENT_NEGATIVE, c,
                                 &negatives),
                 CO_OK);
    cr_assert_eq(negatives, 4);
    uint64_t mentions[6] = {2, 2, 0, 1, 1, 1}, negative[6] = {1, 2, 0, 1, 1, 1};
    double share[6] = {0.25, 0.5, 0, 0.25, 0.25, 0.25}, rate[6] = {0.5, 1, 0, 1, 1, 1};
    for (size_t i = 0; i < 6; i++) {
        cr_assert_eq(c[i].mentions, mentions[i], "topic %zu", i);
        cr_assert_eq(c[i].negative, negative[i], "topic %zu", i);
        cr_assert_float_eq(c[i].negative_share, share[i], 1e-12, "topic %zu", i);
        cr_assert_float_eq(c[i].negative_rate, rate[i], 1e-12, "topic %zu", i);
    }
    co_topics_free(t);
}

/* Scored by the built-in lexicon: "rude" and "broken" are negative words,
 * "helpful" positive, so texts 0 and 2 are negative and text 1 is not. */
Test(topics, tally_scores_texts_itself)
{
    co_topics *t;
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    const char *texts[3] = {"The support agent was rude.", "Support was helpful.",
                            "It arrived broken."};
    co_topic_count c[6];
    uint64_t negatives;
    cr_assert_eq(co_topics_tally(t, NULL, texts, NULL, 3, NULL, CO_SENTIMENT_NEGATIVE, c,
                                 &negatives),
                 CO_OK);
    cr_assert_eq(negatives, 2);
    size_t support = topic_index(t, "support"), quality = topic_index(t, "quality"),
           delivery = topic_index(t, "delivery");
    cr_assert_eq(c[support].mentions, 2);
    cr_assert_eq(c[support].negative, 1);
    cr_assert_eq(c[quality].negative, 1);  /* broken */
    cr_assert_eq(c[delivery].negative, 1); /* arrived: arrive* */
    co_topics_free(t);
}

Test(topics, tally_errors_leave_the_output_alone)
{
    co_topics *t;
    cr_assert_eq(co_topics_new_default(&t), CO_OK);
    const char *texts[2] = {"late", NULL};
    size_t lens[2] = {4, 3};
    double compound[2] = {-1, NAN};
    co_topic_count c[6];
    memset(c, 0x5a, sizeof c);
    co_topic_count before[6];
    memcpy(before, c, sizeof c);
    uint64_t negatives = 77;
    cr_assert_eq(co_topics_tally(t, NULL, texts, lens, 2, NULL, -0.05, c, &negatives), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "text 1 is NULL");
    texts[1] = "ok";
    lens[1] = 2;
    cr_assert_eq(co_topics_tally(t, NULL, texts, lens, 2, compound, -0.05, c, &negatives),
                 CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "compound score 1 is NaN");
    cr_assert_eq(co_topics_tally(t, NULL, texts, lens, 2, NULL, NAN, c, &negatives), CO_EINVAL);
    cr_assert_eq(co_topics_tally(NULL, NULL, texts, lens, 2, NULL, -0.05, c, NULL), CO_EINVAL);
    cr_assert_eq(memcmp(c, before, sizeof c), 0);
    cr_assert_eq(negatives, 77);
    /* No texts: all zero. */
    cr_assert_eq(co_topics_tally(t, NULL, NULL, NULL, 0, NULL, -0.05, c, &negatives), CO_OK);
    cr_assert_eq(negatives, 0);
    cr_assert_eq(c[0].mentions, 0);
    cr_assert_eq(c[0].negative_share, 0);
    co_topics_free(t);
}

struct topics_ctx {
    co_topics *t;
    co_topic_count counts[7];
};

static int new_default(void *arg) { return co_topics_new_default(&((struct topics_ctx *)arg)->t); }

static int add_new_topic(void *arg)
{
    return co_topics_add(((struct topics_ctx *)arg)->t, "returns", "return*");
}

static int tally(void *arg)
{
    struct topics_ctx *c = arg;
    const char *texts[2] = {"late parcel", "return was refused"};
    return co_topics_tally(c->t, NULL, texts, NULL, 2, NULL, -0.05, c->counts, NULL);
}

static int copy_map(void *arg)
{
    struct topics_ctx *c = arg;
    co_topics *copy;
    int rc = co_topics_copy(c->t, &copy);
    if (rc == CO_OK)
        co_topics_free(copy);
    return rc;
}

static void six_topics(void *arg)
{
    struct topics_ctx *c = arg;
    cr_assert_eq(co_topics_count(c->t), 6);
    uint8_t hits[7] = {0};
    cr_assert_eq(co_topics_match(c->t, "return", 6, hits), CO_OK);
    uint8_t none[7] = {0};
    cr_assert_arr_eq(hits, none, 7);
}

Test(topics, operations_survive_allocation_failures)
{
    struct topics_ctx c;
    memset(&c, 0, sizeof c);
    cr_assert_geq(co_test_alloc_sweep(new_default, NULL, &c), 10);
    cr_assert_eq(co_topics_count(c.t), 6);
    cr_assert_geq(co_test_alloc_sweep(add_new_topic, six_topics, &c), 1);
    cr_assert_eq(co_topics_count(c.t), 7);
    cr_assert_geq(co_test_alloc_sweep(tally, NULL, &c), 1);
    /* the map, two tables of two blocks each, the name array, 7 names */
    cr_assert_eq(co_test_alloc_sweep(copy_map, NULL, &c), 13);
    /* "return was refused": refused is negative; "late parcel": late is negative. */
    cr_assert_eq(c.counts[6].negative, 1);
    cr_assert_eq(c.counts[1].negative, 1);
    co_topics_free(c.t);
}
