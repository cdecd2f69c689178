/* Mergeable topic tallies: the integer counts behind co_topics_tally(), with the topic
 * names and threshold they belong to. Serialised layout (version 1): f64 negative_at,
 * u64 texts, u64 negative texts, u64 topics, then per topic: string name (u32 length,
 * bytes), u64 mentions, u64 negative mentions. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/topics.h"
#include "error_internal.h"
#include "index_internal.h"
#include "partial_internal.h"
#include "utf8_internal.h"

#define TOPICS_FORMAT 1u

typedef struct topic_row {
    char *name;
    uint64_t mentions, negative;
} topic_row;

struct co_topic_tally {
    double negative_at;
    uint64_t texts, negatives;
    size_t len;
    topic_row *rows;
};

void co_topic_tally_free(co_topic_tally *tally)
{
    if (!tally)
        return;
    for (size_t i = 0; i < tally->len; i++)
        co__free(tally->rows[i].name);
    co__free(tally->rows);
    co__free(tally);
}

/* A tally of `len` topics with no names yet. */
static co_topic_tally *alloc_tally(size_t len, double negative_at)
{
    co_topic_tally *t = co__calloc(1, sizeof *t);
    topic_row *rows = co__calloc(len ? len : 1, sizeof *rows);
    if (!t || !rows) {
        co__free(t);
        co__free(rows);
        return NULL;
    }
    t->negative_at = negative_at;
    t->len = len;
    t->rows = rows;
    return t;
}

int co_topic_tally_new(const co_topics *topics, double negative_at, co_topic_tally **out)
{
    if (!topics || !out)
        return co__fail(CO_EINVAL, "co_topic_tally_new: NULL argument");
    if (isnan(negative_at))
        return co__fail(CO_EINVAL, "negative_at is NaN");
    size_t k = co_topics_count(topics);
    co_topic_tally *t = alloc_tally(k, negative_at);
    if (!t)
        return co__fail_nomem();
    for (size_t i = 0; i < k; i++) {
        const char *name = NULL;
        (void)co_topics_get_name(topics, i, &name); /* i < count: cannot fail */
        if (!(t->rows[i].name = co__strdup(name))) {
            co_topic_tally_free(t);
            return co__fail_nomem();
        }
    }
    *out = t;
    return CO_OK;
}

size_t co_topic_tally_count(const co_topic_tally *tally) { return tally ? tally->len : 0; }
uint64_t co_topic_tally_texts(const co_topic_tally *tally) { return tally ? tally->texts : 0; }

int co_topic_tally_get_name(const co_topic_tally *tally, size_t index, const char **out)
{
    if (!tally || !out)
        return co__fail(CO_EINVAL, "co_topic_tally_get_name: NULL argument");
    int rc = co__index_check(index, tally->len, "topic");
    if (rc < 0)
        return rc;
    *out = tally->rows[index].name;
    return CO_OK;
}

/* Add counts (mentions, negative mentions per topic; texts; negative texts) after
 * checking that nothing wraps: every count is bounded by the texts. */
static int add_counts(co_topic_tally *t, const uint64_t *mentions, const uint64_t *negative,
                      size_t stride, uint64_t texts, uint64_t negatives)
{
    if (texts > UINT64_MAX - t->texts)
        return co__fail(CO_EOVERFLOW, "topic tally would pass 2^64 texts");
    t->texts += texts;
    t->negatives += negatives;
    for (size_t i = 0; i < t->len; i++) {
        t->rows[i].mentions += mentions[i * stride];
        t->rows[i].negative += negative[i * stride];
    }
    return CO_OK;
}

int co_topic_tally_add(co_topic_tally *tally, const co_topics *topics, const co_lexicon *lex,
                       const char *const *texts, const size_t *lens, size_t n,
                       const double *compound)
{
    if (!tally || !topics)
        return co__fail(CO_EINVAL, "co_topic_tally_add: NULL argument");
    size_t k = co_topics_count(topics);
    int same = k == tally->len;
    for (size_t i = 0; same && i < k; i++) {
        const char *name = NULL;
        (void)co_topics_get_name(topics, i, &name);
        same = strcmp(name, tally->rows[i].name) == 0;
    }
    if (!same)
        return co__fail(CO_EINVAL, "the topic map is not the one the tally counts");
    co_topic_count *counts = co__calloc(k ? k : 1, sizeof *counts);
    if (!counts)
        return co__fail_nomem();
    uint64_t negatives = 0;
    int rc = co_topics_tally(topics, lex, texts, lens, n, compound, tally->negative_at, counts,
                             &negatives);
    if (rc == CO_OK) {
        size_t stride = sizeof *counts / sizeof(uint64_t);
        rc = add_counts(tally, &counts[0].mentions, &counts[0].negative, stride, n, negatives);
    }
    co__free(counts);
    return rc;
}

int co_topic_tally_merge(co_topic_tally *acc, const co_topic_tally *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_topic_tally_merge: NULL argument");
    int same = acc->len == other->len && acc->negative_at == other->negative_at;
    for (size_t i = 0; same && i < acc->len; i++)
        same = strcmp(acc->rows[i].name, other->rows[i].name) == 0;
    if (!same)
        return co__fail(CO_EINVAL, "topic tallies of other topics or thresholds do not merge");
    if (other->texts > UINT64_MAX - acc->texts)
        return co__fail(CO_EOVERFLOW, "topic tally would pass 2^64 texts");
    acc->texts += other->texts;
    acc->negatives += other->negatives;
    for (size_t i = 0; i < acc->len; i++) {
        acc->rows[i].mentions += other->rows[i].mentions;
        acc->rows[i].negative += other->rows[i].negative;
    }
    return CO_OK;
}

int co_topic_tally_counts(const co_topic_tally *tally, co_topic_count *counts, uint64_t *n_negative)
{
    if (!tally || !counts)
        return co__fail(CO_EINVAL, "co_topic_tally_counts: NULL argument");
    /* the shares as co_topics_tally() computes them */
    for (size_t i = 0; i < tally->len; i++) {
        const topic_row *r = &tally->rows[i];
        co_topic_count c = {r->mentions, r->negative, 0.0, 0.0};
        c.negative_share = tally->negatives ? (double)r->negative / (double)tally->negatives : 0;
        c.negative_rate = r->mentions ? (double)r->negative / (double)r->mentions : 0;
        counts[i] = c;
    }
    if (n_negative)
        *n_negative = tally->negatives;
    return CO_OK;
}

int co_topic_tally_serialize(const co_topic_tally *tally, void **out, size_t *out_len)
{
    if (!tally || !out || !out_len)
        return co__fail(CO_EINVAL, "co_topic_tally_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_TOPICS, TOPICS_FORMAT);
    co__pwriter_f64(&w, tally->negative_at);
    co__pwriter_u64(&w, tally->texts);
    co__pwriter_u64(&w, tally->negatives);
    co__pwriter_u64(&w, tally->len);
    for (size_t i = 0; i < tally->len; i++) {
        const topic_row *r = &tally->rows[i];
        co__pwriter_str(&w, r->name, strlen(r->name));
        co__pwriter_u64(&w, r->mentions);
        co__pwriter_u64(&w, r->negative);
    }
    return co__pwriter_finish(&w, out, out_len);
}

/* Read the topics of a tally whose header was read; NULL reason when they are valid. */
static const char *read_rows(co_preader *r, co_topic_tally *t)
{
    for (size_t i = 0; i < t->len; i++) {
        size_t len = 0;
        const char *name = co__preader_str(r, &len);
        topic_row *row = &t->rows[i];
        row->mentions = co__preader_u64(r);
        row->negative = co__preader_u64(r);
        if (r->rc != CO_OK)
            return NULL; /* truncated: co__preader_finish() says so */
        if (len == 0 || memchr(name, '\0', len) || !co__utf8_valid(name, len))
            return "a topic name that is empty or not UTF-8";
        if (row->negative > row->mentions || row->mentions > t->texts ||
            row->negative > t->negatives)
            return "topic counts that do not add up";
        if (!(row->name = co__strndup(name, len)))
            return "";
    }
    return NULL;
}

int co_topic_tally_deserialize(const void *bytes, size_t len, co_topic_tally **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_topic_tally_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_TOPICS, TOPICS_FORMAT);
    if (rc < 0)
        return rc;
    double negative_at = co__preader_f64(&r);
    uint64_t texts = co__preader_u64(&r), negatives = co__preader_u64(&r);
    uint64_t k = co__preader_u64(&r);
    /* each topic takes at least 20 bytes */
    if (!co__preader_has(&r, k, 20))
        return co__preader_finish(&r);
    if (isnan(negative_at) || negatives > texts)
        return co__preader_bad(&r, "topic counts that do not add up");
    co_topic_tally *t = alloc_tally((size_t)k, negative_at);
    if (!t)
        return co__fail_nomem();
    t->texts = texts;
    t->negatives = negatives;
    const char *bad = read_rows(&r, t);
    if (bad && bad[0] == '\0') {
        co_topic_tally_free(t);
        return co__fail_nomem();
    }
    rc = bad ? co__preader_bad(&r, bad) : co__preader_finish(&r);
    if (rc < 0) {
        co_topic_tally_free(t);
        return rc;
    }
    *out = t;
    return CO_OK;
}
