/* Sentiment of the feedback texts and the pain-point topics of the negative ones. */
#include <stdlib.h>

#include "report.h"

static const char *const topic_keys[] = {"topic", "mentions", "negative", "negative_rate",
                                         "negative_share"};
static const char *const topic_labels[] = {"Topic", "Mentions", "Negative", "Negative %",
                                           "Share of complaints %"};

int section_text(const report_ctx *ctx, report_sink *s)
{
    co_feedback_answers *fb = NULL;
    if (co_store_feedback_texts(ctx->data->store, ctx->as_of, &fb) < 0)
        return -1;
    size_t n = fb->n;
    const char *const *texts = fb->text;
    co_sentiment *sent = malloc((n ? n : 1) * sizeof *sent);
    double *compound = malloc((n ? n : 1) * sizeof *compound);
    co_topics *topics = NULL;
    if (!sent || !compound || co_topics_new_default(&topics) < 0) {
        free(sent);
        free(compound);
        co_feedback_answers_free(fb);
        return -1;
    }
    s->section_begin(s, "sentiment", "Feedback sentiment and pain points");
    s->figure(s, "texts", "Feedback texts", cell_int((long long)n), NULL);
    int rc = n ? co_sentiment_score_many(NULL, texts, NULL, n, sent) : CO_OK;
    size_t ntopics = co_topics_count(topics);
    co_topic_count *counts = calloc(ntopics ? ntopics : 1, sizeof *counts);
    uint64_t negative = 0;
    if (!counts)
        rc = CO_ENOMEM;
    double mean = 0;
    size_t positive = 0;
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        compound[i] = sent[i].compound;
        mean += sent[i].compound / (double)n;
        positive += sent[i].compound >= CO_SENTIMENT_POSITIVE;
    }
    if (rc == CO_OK && n > 0)
        rc = co_topics_tally(topics, NULL, texts, NULL, n, compound, CO_SENTIMENT_NEGATIVE, counts,
                             &negative);
    if (rc == CO_OK && n > 0) {
        s->figure(s, "mean_compound", "Mean compound sentiment (-1..1)", cell_number(mean, 3),
                  NULL);
        s->figure(s, "positive", "Positive texts", cell_int((long long)positive), NULL);
        s->figure(s, "negative", "Negative texts", cell_int((long long)negative), NULL);
        /* Topics by negative mentions, most first (selection sort: a handful of topics). */
        size_t order[64];
        size_t m = ntopics < 64 ? ntopics : 64;
        for (size_t t = 0; t < m; t++)
            order[t] = t;
        for (size_t a = 0; a < m; a++)
            for (size_t b = a + 1; b < m; b++)
                if (counts[order[b]].negative > counts[order[a]].negative) {
                    size_t tmp = order[a];
                    order[a] = order[b];
                    order[b] = tmp;
                }
        s->table_begin(s, "topics", "Pain-point topics (most negative mentions first)", 5,
                       topic_keys, topic_labels);
        for (size_t t = 0; t < m; t++) {
            const co_topic_count *c = &counts[order[t]];
            const char *name = "";
            co_topics_get_name(topics, order[t], &name); /* order[t] < m: cannot fail */
            cell row[5] = {cell_text(name), cell_int((long long)c->mentions),
                           cell_int((long long)c->negative), cell_number(100 * c->negative_rate, 1),
                           cell_number(100 * c->negative_share, 1)};
            s->row(s, row);
        }
        s->table_end(s);
    } else if (rc == CO_OK) {
        s->note(s, "No feedback texts up to the as-of day.");
    } else if (rc != CO_ENOMEM) {
        s->note(s, co_errmsg());
    }
    s->section_end(s);
    co_feedback_answers_free(fb);
    free(sent);
    free(compound);
    free(counts);
    co_topics_free(topics);
    return rc == CO_ENOMEM ? -1 : 0;
}
