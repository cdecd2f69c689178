/* Intent rule sets: creation, definition files, names. The detector is in
 * intents_detect.c. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "index_internal.h"
#include "intents_internal.h"

static const char *const builtin_names[CO_INTENT_BUILTIN_COUNT] = {"cancel", "refund", "complaint",
                                                                   "question", "praise"};

/* Words that keep a negated cue alive, and negators that do not negate one. */
static const char *const blockers[] = {"get",       "got", "gotten", "receive",   "received",
                                       "receiving", "see", "seen",   "processed", "issued"};
static const char *const not_negators[] = {"cant", "cannot", "couldnt", "unable"};

/* The vocabulary slot of a word, added (with the next id) if new; NULL when out of memory. */
static co_lex_slot *word_slot(co_intents *set, const char *key, size_t len)
{
    if (co__lex_mut_reserve(&set->vocab, len) < 0)
        return NULL;
    size_t before = set->vocab.count;
    co_lex_slot *s = co__lex_mut_upsert(&set->vocab, key, len, co_lex_hash(key, len));
    if (set->vocab.count > before)
        s->u.index = (uint32_t)set->vocab.count; /* ids from 1 */
    return s;
}

int co__intents_word(co_intents *set, const char *key, size_t len, uint32_t *id)
{
    co_lex_slot *s = word_slot(set, key, len);
    if (!s)
        return CO_ENOMEM;
    *id = s->u.index;
    return CO_OK;
}

static int cue_order(const void *a, const void *b)
{
    const co_intent_cue *x = a, *y = b;
    uint32_t lx = x->words[x->n_words - 1], ly = y->words[y->n_words - 1];
    return lx < ly ? -1 : lx > ly;
}

int co__intents_index(co_intents *set)
{
    size_t ids = set->vocab.count + 2;
    co_vec by_last = {0};
    if (co__vec_reserve(&by_last, sizeof(size_t), ids) < 0)
        return CO_ENOMEM;
    by_last.len = ids;
    co_intent_cue *cues = set->cues.data;
    if (set->cues.len)
        qsort(cues, set->cues.len, sizeof *cues, cue_order);
    size_t c = 0;
    for (size_t w = 0; w < ids; w++) {
        while (c < set->cues.len && cues[c].words[cues[c].n_words - 1] < w)
            c++;
        CO_VEC_AT(&by_last, size_t, w) = c;
    }
    co__vec_free(&set->by_last);
    set->by_last = by_last;
    return CO_OK;
}

void co_intents_free(co_intents *intents)
{
    if (!intents)
        return;
    for (size_t i = 0; i < intents->names.len; i++)
        co__free(CO_VEC_AT(&intents->names, char *, i));
    co__vec_free(&intents->names);
    co__vec_free(&intents->cues);
    co__vec_free(&intents->by_last);
    co__vec_free(&intents->valence);
    co__lex_mut_free(&intents->vocab);
    co__free(intents);
}

static int mark_words(co_intents *set, const char *const *words, size_t n, uint16_t role)
{
    for (size_t i = 0; i < n; i++) {
        co_lex_slot *s = word_slot(set, words[i], strlen(words[i]));
        if (!s)
            return CO_ENOMEM;
        s->flags |= role;
    }
    return CO_OK;
}

/* Copy the sentiment lexicon's negators and strong words into the vocabulary. */
static int add_lexicon(co_intents *set)
{
    const co_lex_table *t = &co__lex_english;
    for (size_t i = 0; i <= t->mask; i++) {
        const co_lex_slot *s = &t->slots[i];
        double v = s->u.valence;
        int strong =
            (s->flags & CO_LEX_VALENCE) && (v >= CO__INTENT_LEX_MIN || -v >= CO__INTENT_LEX_MIN);
        int negator = (s->flags & CO_LEX_NEGATOR) != 0;
        if (s->len == 0 || (!strong && !negator) || memchr(t->pool + s->offset, ' ', s->len))
            continue;
        co_lex_slot *w = word_slot(set, t->pool + s->offset, s->len);
        if (!w || co__vec_reserve(&set->valence, sizeof(float), (size_t)w->u.index + 1) < 0)
            return CO_ENOMEM;
        while (set->valence.len <= w->u.index)
            CO_VEC_AT(&set->valence, float, set->valence.len++) = 0;
        w->flags |=
            (uint16_t)((strong ? CO__INTENT_STRONG : 0) | (negator ? CO__INTENT_NEGATOR : 0));
        if (strong)
            CO_VEC_AT(&set->valence, float, w->u.index) = s->u.valence;
    }
    return CO_OK;
}

int co_intents_new(co_intents **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "out is NULL");
    co_intents *set = co__calloc(1, sizeof *set);
    if (!set)
        return co__fail_nomem();
    int rc = CO_OK;
    for (size_t i = 0; i < CO_INTENT_BUILTIN_COUNT && rc == CO_OK; i++) {
        char *name = co__strdup(builtin_names[i]);
        rc = name ? co__vec_push(&set->names, sizeof name, &name) : co__fail_nomem();
        if (rc < 0)
            co__free(name);
    }
    if (rc == CO_OK)
        rc = add_lexicon(set);
    if (rc == CO_OK)
        rc = mark_words(set, blockers, sizeof blockers / sizeof *blockers, CO__INTENT_BLOCKER);
    if (rc == CO_OK)
        rc = mark_words(set, not_negators, sizeof not_negators / sizeof *not_negators,
                        CO__INTENT_NOT_NEGATOR);
    for (size_t i = 0; co__intents_english[i] && rc == CO_OK; i++)
        rc = co__intents_parse(set, co__intents_english[i], strlen(co__intents_english[i]),
                               "<built-in intents>");
    if (rc == CO_OK)
        rc = co__intents_index(set);
    if (rc < 0) {
        co_intents_free(set);
        return rc;
    }
    *out = set;
    return CO_OK;
}

/* An independent copy of `src` (names, cues, vocabulary), for all-or-nothing loads. */
static int clone(const co_intents *src, co_intents **out)
{
    co_intents *set = co__calloc(1, sizeof *set);
    if (!set)
        return co__fail_nomem();
    int rc = co__lex_mut_clone(&set->vocab, &src->vocab);
    if (rc == CO_OK)
        rc = co__vec_reserve(&set->names, sizeof(char *), src->names.len);
    for (size_t i = 0; i < src->names.len && rc == CO_OK; i++) {
        char *name = co__strdup(CO_VEC_AT(&src->names, char *, i));
        if (!name)
            rc = co__fail_nomem();
        else
            co__vec_push(&set->names, sizeof name, &name); /* room reserved above */
    }
    if (rc == CO_OK && src->cues.len &&
        (rc = co__vec_reserve(&set->cues, sizeof(co_intent_cue), src->cues.len)) == CO_OK) {
        memcpy(set->cues.data, src->cues.data, src->cues.len * sizeof(co_intent_cue));
        set->cues.len = src->cues.len;
    }
    if (rc == CO_OK && src->valence.len &&
        (rc = co__vec_reserve(&set->valence, sizeof(float), src->valence.len)) == CO_OK) {
        memcpy(set->valence.data, src->valence.data, src->valence.len * sizeof(float));
        set->valence.len = src->valence.len;
    }
    if (rc < 0) {
        co_intents_free(set);
        return rc;
    }
    *out = set;
    return CO_OK;
}

int co_intents_load_buffer(co_intents *intents, const char *text, size_t len, const char *source)
{
    if (!intents || (!text && len))
        return co__fail(CO_EINVAL, "%s is NULL", intents ? "text" : "intents");
    co_intents *copy = NULL; /* set by clone() when it succeeds */
    int rc = clone(intents, &copy);
    if (rc < 0)
        return rc;
    rc = co__intents_parse(copy, text ? text : "", len, source ? source : "<memory>");
    if (rc == CO_OK)
        rc = co__intents_index(copy);
    if (rc < 0) {
        co_intents_free(copy);
        return rc;
    }
    co_intents old = *intents;
    *intents = *copy;
    *copy = old;
    co_intents_free(copy);
    return CO_OK;
}

int co_intents_load(co_intents *intents, const char *path)
{
    if (!intents || !path)
        return co__fail(CO_EINVAL, "%s is NULL", intents ? "path" : "intents");
    char *data = NULL;
    size_t len;
    int rc = co__read_whole_file(path, 0, CO__LIMIT_DEFINITION, &data, &len);
    if (rc == CO_OK)
        rc = co_intents_load_buffer(intents, data, len, path);
    co__free(data);
    return rc;
}

size_t co_intents_count(const co_intents *intents) { return intents ? intents->names.len : 0; }

int co_intents_get_name(const co_intents *intents, size_t index, const char **out)
{
    if (!intents || !out)
        return co__fail(CO_EINVAL, "co_intents_get_name: NULL argument");
    int rc = co__index_check(index, intents->names.len, "intent");
    if (rc < 0)
        return rc;
    *out = CO_VEC_AT(&intents->names, char *, index);
    return CO_OK;
}

int co_intents_find(const co_intents *intents, const char *name, size_t *out)
{
    if (!intents || !name || !out)
        return co__fail(CO_EINVAL, "co_intents_find: NULL argument");
    for (size_t i = 0; i < intents->names.len; i++) {
        if (strcmp(CO_VEC_AT(&intents->names, char *, i), name) == 0) {
            *out = i;
            return CO_OK;
        }
    }
    return co__fail(CO_ENOTFOUND, "no intent called '%s'", name);
}
