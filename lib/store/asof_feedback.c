/* Feedback as of a day, as the parallel arrays the metric functions take:
 * one pass counts the answers, one block holds every array, a second pass
 * fills it. */
#include "alloc_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "store_internal.h"

/* Which answers to take: one kind, or those with a text. */
typedef struct answer_filter {
    co_day as_of;
    int kind;      /* a co_feedback_kind, or -1 for any */
    int with_text; /* only answers with a non-empty text */
} answer_filter;

static int wanted(const co_store *s, const feedback_rec *r, const answer_filter *f)
{
    return r->day <= f->as_of && (f->kind < 0 || r->kind == f->kind) &&
           (!f->with_text || STORE_STR(s, r->text)[0] != '\0');
}

/* Kinds whose scores are whole numbers (checked on the way in). */
static int scores_are_whole(int kind)
{
    return kind == CO_FEEDBACK_NPS || kind == CO_FEEDBACK_CSAT || kind == CO_FEEDBACK_CES;
}

void co_feedback_answers_free(co_feedback_answers *a)
{
    if (!a)
        return;
    co__free(a->customer); /* one block holds every array */
    co__free(a);
}

/* Answers of `n` rows, all arrays in one block (`score` only if asked). */
static co_feedback_answers *answers_alloc(size_t n, int with_score)
{
    const size_t row = sizeof(size_t) + sizeof(co_day) + sizeof(double) + sizeof(char *) +
                       (with_score ? 2 : 1) * sizeof(int);
    co_feedback_answers *a = co__calloc(1, sizeof *a);
    if (!a)
        return NULL;
    char *block = co__malloc_array(n ? n : 1, row);
    if (!block) {
        co__free(a);
        return NULL;
    }
    /* Eight-byte columns first, so that every column is aligned. */
    a->n = n;
    a->customer = (size_t *)(void *)block;
    a->day = (co_day *)(void *)(a->customer + n);
    a->value = (double *)(void *)(a->day + n);
    a->text = (const char **)(void *)(a->value + n);
    a->kind = (int *)(void *)(a->text + n);
    a->score = with_score ? a->kind + n : NULL;
    return a;
}

static int collect(const co_store *s, const answer_filter *f, co_feedback_answers **out)
{
    const feedback_rec *r = s->feedback.data;
    size_t n = 0;
    for (size_t i = 0; i < s->feedback.len; i++)
        n += wanted(s, &r[i], f);
    co_feedback_answers *a = answers_alloc(n, f->kind >= 0 && scores_are_whole(f->kind));
    if (!a)
        return co__fail_nomem();
    size_t k = 0;
    for (size_t i = 0; i < s->feedback.len; i++) {
        if (!wanted(s, &r[i], f))
            continue;
        a->customer[k] = r[i].cust;
        a->day[k] = r[i].day;
        a->value[k] = r[i].score; /* NaN for text feedback */
        a->text[k] = STORE_STR(s, r[i].text);
        a->kind[k] = r[i].kind;
        if (a->score)
            a->score[k] = (int)r[i].score; /* whole on its scale: exact */
        k++;
    }
    *out = a;
    return CO_OK;
}

int co_store_feedback_answers(const co_store *s, co_feedback_kind kind, co_day as_of,
                              co_feedback_answers **out)
{
    if (!s || !out)
        return co__fail(CO_EINVAL, "co_store_feedback_answers: NULL argument");
    if ((int)kind < 0 || (int)kind >= CO_FEEDBACK_KIND_COUNT)
        return co__fail(CO_EINVAL, "co_store_feedback_answers: unknown feedback kind %d",
                        (int)kind);
    int rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    answer_filter f = {as_of, (int)kind, 0};
    return collect(s, &f, out);
}

int co_store_feedback_texts(const co_store *s, co_day as_of, co_feedback_answers **out)
{
    if (!s || !out)
        return co__fail(CO_EINVAL, "co_store_feedback_texts: NULL argument");
    int rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    answer_filter f = {as_of, -1, 1};
    return collect(s, &f, out);
}
