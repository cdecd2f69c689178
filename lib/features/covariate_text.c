/* What the texts in the window say: their mean compound sentiment and the
 * topics they mention. Only the texts of the rows' customers are read. */
#include <string.h>

#include "alloc_internal.h"
#include "covariates_internal.h"

static int scan(const co__feature_build *b, co__feature_texts *t, const uint8_t *wanted,
                double *sum, uint32_t *k, uint8_t *hits, uint8_t *one)
{
    const co_day from = co__feature_window_start(b->as_of, b->opt->text_window);
    const feedback_rec *f = b->store->feedback.data;
    for (size_t r = 0; r < b->store->feedback.len; r++) {
        const size_t c = f[r].cust;
        const char *text = STORE_STR(b->store, f[r].text);
        if (!wanted[c] || f[r].day > b->as_of || f[r].day < from || !text[0] || k[c] == UINT32_MAX)
            continue;
        const size_t len = strlen(text);
        co_sentiment s;
        int rc = co_sentiment_score(b->opt->lexicon, text, len, &s);
        if (rc == CO_OK && t->n_topics)
            rc = co_topics_match(t->topics, text, len, one); /* one text's flags... */
        if (rc < 0)
            return rc;
        for (size_t j = 0; j < t->n_topics; j++) /* ...added to the customer's */
            hits[c * t->n_topics + j] |= one[j];
        sum[c] += s.compound;
        k[c]++;
    }
    return CO_OK;
}

int co__feature_texts_scan(const co__feature_build *b, co__feature_texts *t)
{
    memset(t, 0, sizeof *t);
    t->topics = b->opt->topics;
    if ((b->opt->features & CO_COVARIATE_TOPICS) && !t->topics) {
        int rc = co_topics_new_default(&t->owned);
        if (rc < 0)
            return rc;
        t->topics = t->owned;
    }
    if (b->opt->features & CO_COVARIATE_TOPICS)
        t->n_topics = co_topics_count(t->topics);
    const size_t count = b->store->customers.len, n1 = b->n ? b->n : 1;
    size_t cells, row_cells;
    uint8_t *wanted = co__calloc(count ? count : 1, 1);
    double *sum = co__calloc(count ? count : 1, sizeof *sum);
    uint32_t *k = co__calloc(count ? count : 1, sizeof *k);
    uint8_t *hits =
        co__mul_fits(count, t->n_topics, &cells) ? co__calloc(cells ? cells : 1, 1) : NULL;
    t->sum = co__calloc(n1, sizeof *t->sum);
    t->count = co__calloc(n1, sizeof *t->count);
    t->hits =
        co__mul_fits(n1, t->n_topics, &row_cells) ? co__calloc(row_cells ? row_cells : 1, 1) : NULL;
    uint8_t *one = co__malloc(t->n_topics ? t->n_topics : 1);
    int rc = wanted && sum && k && hits && one && t->sum && t->count && t->hits ? CO_OK
                                                                                : co__fail_nomem();
    if (rc == CO_OK) {
        for (size_t i = 0; i < b->n; i++)
            wanted[b->rows[i]] = 1;
        rc = scan(b, t, wanted, sum, k, hits, one);
    }
    if (rc == CO_OK)
        for (size_t i = 0; i < b->n; i++) {
            const size_t c = b->rows[i];
            t->sum[i] = sum[c];
            t->count[i] = k[c];
            if (t->n_topics)
                memcpy(t->hits + i * t->n_topics, hits + c * t->n_topics, t->n_topics);
        }
    co__free(wanted);
    co__free(sum);
    co__free(k);
    co__free(hits);
    co__free(one);
    if (rc < 0)
        co__feature_texts_free(t);
    return rc;
}

int co__feature_add_sentiment(co__feature_build *b, const co__feature_texts *t)
{
    int rc = CO_OK;
    if (b->opt->features & CO_COVARIATE_SENTIMENT) /* a neutral 0 when no row has a text */
        rc = co__feature_add_mean(b, "sentiment_mean", NULL, CO_COVARIATE_SENTIMENT, t->sum,
                                  t->count, 0.0);
    if (rc < 0)
        return rc;
    double *miss =
        co__feature_add(b, "text_missing", NULL, CO_COVARIATE_TEXT, CO_COVARIATE_MISSING);
    if (!miss)
        return CO_ENOMEM;
    for (size_t i = 0; i < b->n; i++)
        miss[i] = t->count[i] == 0;
    return CO_OK;
}

int co__feature_add_topics(co__feature_build *b, const co__feature_texts *t)
{
    for (size_t j = 0; j < t->n_topics; j++) {
        const char *name = NULL;
        int rc = co_topics_get_name(t->topics, j, &name);
        if (rc < 0)
            return rc;
        double *v = co__feature_add(b, "topic:", name, CO_COVARIATE_TOPICS, CO_COVARIATE_INDICATOR);
        if (!v)
            return CO_ENOMEM;
        for (size_t i = 0; i < b->n; i++)
            v[i] = t->hits[i * t->n_topics + j];
    }
    return CO_OK;
}

void co__feature_texts_free(co__feature_texts *t)
{
    co__free(t->sum);
    co__free(t->count);
    co__free(t->hits);
    co_topics_free(t->owned);
    memset(t, 0, sizeof *t);
}
