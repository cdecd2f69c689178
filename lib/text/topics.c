/* Keyword-to-topic maps and the per-topic tally of negative feedback. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/topics.h"
#include "index_internal.h"
#include "lexicon_internal.h"
#include "tokenize_internal.h"
#include "vec_internal.h"

/*
 * Prefix keywords ("deliver*") live in a hash table of their own, and
 * prefix_len[l] says whether any has l bytes. A word is matched by hashing it
 * byte by byte (FNV-1a extends one byte at a time) and looking the running
 * hash up at each length some prefix has: at most CO_LEX_MAX_WORD lookups per
 * word, however many prefix keywords there are (scanning them all cost
 * tokens x keywords).
 */
struct co_topics {
    co_lex_mut exact;                        /* keyword -> topic (u.index) */
    co_lex_mut prefixes;                     /* prefix keyword without its '*' -> topic */
    uint8_t prefix_len[CO_LEX_MAX_WORD + 1]; /* 1 if some prefix keyword has this length */
    co_vec names;                            /* char *, one per topic */
};

/* The default map: topic name, then its keywords separated by spaces. */
static const char *const default_topics[][2] = {
    {"price", "price prices pricing priced expensive overpriced pricey costly cost costs "
              "cheap cheaper afford affordable value money worth"},
    {"delivery", "deliver* shipping shipped ship shipment courier arrive* arrival late "
                 "package parcel tracking dispatch* postage"},
    {"quality", "quality broken broke defective faulty damaged flimsy durable material "
                "materials build stopped cracked torn"},
    {"support", "support service agent* staff representative* rep helpdesk call called "
                "calls email* chat respon* rude unhelpful waiting hold"},
    {"billing", "bill billing billed invoice* charge charged charges overcharged refund* "
                "payment* subscription* card"},
    {"usability", "app website site interface ui login password confusing complicated easy "
                  "intuitive navigat* menu checkout account"},
};

int co_topics_new(co_topics **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "out is NULL");
    co_topics *t = co__calloc(1, sizeof *t);
    if (!t)
        return co__fail_nomem();
    *out = t;
    return CO_OK;
}

void co_topics_free(co_topics *topics)
{
    if (!topics)
        return;
    for (size_t i = 0; i < topics->names.len; i++)
        co__free(CO_VEC_AT(&topics->names, char *, i));
    co__vec_free(&topics->names);
    co__lex_mut_free(&topics->prefixes);
    co__lex_mut_free(&topics->exact);
    co__free(topics);
}

int co_topics_new_default(co_topics **out)
{
    co_topics *t;
    int rc = co_topics_new(&t);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sizeof default_topics / sizeof default_topics[0] && rc == CO_OK; i++) {
        const char *p = default_topics[i][1];
        while (*p && rc == CO_OK) {
            char word[CO_LEX_MAX_WORD + 2];
            size_t n = strcspn(p, " ");
            memcpy(word, p, n);
            word[n] = '\0';
            rc = co_topics_add(t, default_topics[i][0], word);
            p += n + (p[n] == ' ');
        }
    }
    if (rc < 0) {
        co_topics_free(t);
        return rc;
    }
    *out = t;
    return CO_OK;
}

int co_topics_copy(const co_topics *topics, co_topics **out)
{
    if (!topics || !out)
        return co__fail(CO_EINVAL, "%s is NULL", topics ? "out" : "topics");
    co_topics *t;
    int rc = co_topics_new(&t);
    if (rc < 0)
        return rc;
    size_t n = topics->names.len;
    if ((rc = co__lex_mut_clone(&t->exact, &topics->exact)) == CO_OK &&
        (rc = co__lex_mut_clone(&t->prefixes, &topics->prefixes)) == CO_OK)
        rc = co__vec_reserve(&t->names, sizeof(char *), n);
    for (size_t i = 0; i < n && rc == CO_OK; i++) {
        char *name = co__strdup(CO_VEC_AT(&topics->names, char *, i));
        if (!name)
            rc = co__fail_nomem();
        else
            co__vec_push(&t->names, sizeof name, &name); /* room reserved above */
    }
    if (rc < 0) {
        co_topics_free(t);
        return rc;
    }
    memcpy(t->prefix_len, topics->prefix_len, sizeof t->prefix_len);
    *out = t;
    return CO_OK;
}

size_t co_topics_count(const co_topics *topics) { return topics ? topics->names.len : 0; }

int co_topics_get_name(const co_topics *topics, size_t index, const char **out)
{
    if (!topics || !out)
        return co__fail(CO_EINVAL, "co_topics_get_name: NULL argument");
    int rc = co__index_check(index, topics->names.len, "topic");
    if (rc < 0)
        return rc;
    *out = CO_VEC_AT(&topics->names, char *, index);
    return CO_OK;
}

static int keyword_taken(const co_topics *t, const char *key, size_t len, int is_prefix)
{
    co_lex_table view = co__lex_mut_view(is_prefix ? &t->prefixes : &t->exact);
    return co__lex_find(&view, key, len, co_lex_hash(key, len)) != NULL;
}

int co_topics_add(co_topics *topics, const char *topic, const char *keyword)
{
    if (!topics || !topic || !keyword)
        return co__fail(CO_EINVAL, "%s is NULL", !topics ? "topics" : !topic ? "topic" : "keyword");
    if (!*topic)
        return co__fail(CO_EINVAL, "empty topic name");
    size_t len = strlen(keyword);
    int is_prefix = len > 0 && keyword[len - 1] == '*';
    char key[CO_LEX_MAX_WORD];
    size_t key_len = 0, bad_at;
    int rc = co__lex_normalize(keyword, len - (size_t)is_prefix, key, &key_len, &bad_at);
    if (rc < 0)
        return co__fail(CO_EINVAL,
                        "keyword '%s' is empty, too long or has a space, control or "
                        "invalid UTF-8 byte (offset %zu)",
                        keyword, bad_at);
    if (keyword_taken(topics, key, key_len, is_prefix))
        return co__fail(CO_EEXIST, "keyword '%s' is already mapped", keyword);

    size_t index = 0;
    while (index < topics->names.len &&
           strcmp(CO_VEC_AT(&topics->names, char *, index), topic) != 0)
        index++;
    char *name = NULL;
    if (index == topics->names.len) {
        if (!(name = co__strdup(topic)))
            return co__fail_nomem();
        rc = co__vec_reserve(&topics->names, sizeof(char *), index + 1);
    }
    co_lex_mut *table = is_prefix ? &topics->prefixes : &topics->exact;
    if (rc == CO_OK)
        rc = co__lex_mut_reserve(table, key_len);
    if (rc < 0) {
        co__free(name);
        return rc;
    }
    if (name)
        co__vec_push(&topics->names, sizeof name, &name); /* room reserved above */
    co_lex_slot *s = co__lex_mut_upsert(table, key, key_len, co_lex_hash(key, key_len));
    s->u.index = (uint32_t)index;
    if (is_prefix)
        topics->prefix_len[key_len] = 1;
    return CO_OK;
}

/* The two tables of a map, viewed for lookups. */
typedef struct tables {
    co_lex_table exact, prefixes;
    int any_prefix;
} tables;

/* Mark the topics of one word (a whole token or a part of a hyphenated one). */
static void match_word(const co_topics *t, const tables *tb, const char *key, size_t len,
                       uint8_t *hits)
{
    const co_lex_slot *s = co__lex_find(&tb->exact, key, len, co_lex_hash(key, len));
    if (s)
        hits[s->u.index] = 1;
    if (!tb->any_prefix)
        return;
    /* co_lex_hash (FNV-1a) of key[0..l), extended one byte at a time */
    uint32_t h = 2166136261u;
    for (size_t l = 1; l <= len && l <= CO_LEX_MAX_WORD; l++) {
        h ^= (unsigned char)key[l - 1];
        h *= 16777619u;
        if (t->prefix_len[l] && (s = co__lex_find(&tb->prefixes, key, l, h)) != NULL)
            hits[s->u.index] = 1;
    }
}

static void match(const co_topics *t, const char *text, size_t len, uint8_t *hits)
{
    memset(hits, 0, t->names.len);
    const tables tb = {co__lex_mut_view(&t->exact), co__lex_mut_view(&t->prefixes),
                       t->prefixes.count > 0};
    co_tokenizer tz;
    co_token tok;
    co__tokenizer_init(&tz, text, len, NULL);
    while (co__tokenizer_next(&tz, &tok)) {
        match_word(t, &tb, tok.key, tok.key_len, hits);
        if (!memchr(tok.key, '-', tok.key_len))
            continue;
        /* "late-delivery": each part counts as a word; "e-mail": so does the
         * word without its hyphens. */
        char joined[CO_LEX_MAX_WORD];
        size_t joined_len = 0, start = 0;
        for (size_t i = 0; i <= tok.key_len; i++) {
            if (i == tok.key_len || tok.key[i] == '-') {
                match_word(t, &tb, tok.key + start, i - start, hits);
                start = i + 1;
            } else {
                joined[joined_len++] = tok.key[i];
            }
        }
        match_word(t, &tb, joined, joined_len, hits);
    }
}

int co_topics_match(const co_topics *topics, const char *text, size_t len, uint8_t *hits)
{
    if (!topics || !hits || (!text && len))
        return co__fail(CO_EINVAL, "%s is NULL", !topics ? "topics" : !hits ? "hits" : "text");
    match(topics, text ? text : "", len, hits);
    return CO_OK;
}

int co_topics_tally(const co_topics *topics, const co_lexicon *lex, const char *const *texts,
                    const size_t *lens, size_t n, const double *compound, double negative_at,
                    co_topic_count *counts, uint64_t *n_negative)
{
    if (!topics || !counts || (n && !texts))
        return co__fail(CO_EINVAL, "%s is NULL", !topics ? "topics" : !counts ? "counts" : "texts");
    if (isnan(negative_at))
        return co__fail(CO_EINVAL, "negative_at is NaN");
    for (size_t i = 0; i < n; i++) {
        if (!texts[i] && (!lens || lens[i]))
            return co__fail(CO_EINVAL, "text %zu is NULL", i);
        if (compound && isnan(compound[i]))
            return co__fail(CO_EINVAL, "compound score %zu is NaN", i);
    }
    size_t k = topics->names.len;
    co_topic_count *tmp = co__calloc(k ? k : 1, sizeof *tmp + 1);
    if (!tmp)
        return co__fail_nomem();
    uint8_t *hits = (uint8_t *)(tmp + k);
    uint64_t negatives = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = texts[i] ? texts[i] : "";
        size_t len = lens ? lens[i] : strlen(s);
        double c;
        if (compound) {
            c = compound[i];
        } else {
            co_sentiment sent;
            co_sentiment_score(lex, s, len, &sent);
            c = sent.compound;
        }
        int negative = c <= negative_at;
        negatives += (uint64_t)negative;
        match(topics, s, len, hits);
        for (size_t j = 0; j < k; j++) {
            tmp[j].mentions += hits[j];
            tmp[j].negative += (uint64_t)(hits[j] & negative);
        }
    }
    for (size_t j = 0; j < k; j++) {
        tmp[j].negative_share = negatives ? (double)tmp[j].negative / (double)negatives : 0;
        tmp[j].negative_rate =
            tmp[j].mentions ? (double)tmp[j].negative / (double)tmp[j].mentions : 0;
    }
    memcpy(counts, tmp, k * sizeof *tmp);
    if (n_negative)
        *n_negative = negatives;
    co__free(tmp);
    return CO_OK;
}
