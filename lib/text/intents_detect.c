/* Finding intents in a text (the rules: docs/intents.md).
 *
 * One pass over the tokens. The last RING tokens are kept; at each token the
 * cues whose last word it is are checked backwards. Every match becomes a
 * pending hit with its token span; a longer match swallows the shorter ones
 * it covers ("thanks for nothing" is no praise), and a sentence's pending
 * hits are folded into the per-intent confidences when it ends. Nothing
 * allocates: the per-intent figures live on the stack (CO__INTENTS_MAX). */
#include <string.h>

#include "error_internal.h"
#include "intents_internal.h"
#include "tokenize_internal.h"

#define RING 16           /* tokens kept: a 6-word cue plus a clause before it */
#define NEG_WINDOW 4      /* a negator this many tokens before a cue negates it */
#define MAX_PENDING 32    /* pending hits of a sentence; the oldest is folded when full */
#define QUESTION_MARK 0.8 /* weight of a '?' for the question intent */
#define LEX_MIN 1.5       /* lexicon words this strong are complaint / praise cues ... */
#define LEX_BASE 0.32     /* ... of weight LEX_BASE + LEX_STEP |valence| ... */
#define LEX_STEP 0.1
#define LEX_MAX 0.65    /* ... at most this */
#define LEX_NEGATED 0.5 /* a negated strong positive word: a complaint ("not helpful") */

typedef struct ring_tok {
    uint32_t id;            /* vocabulary id, 0 if not a cue word */
    uint16_t vocab_flags;   /* CO__INTENT_BLOCKER, CO__INTENT_NOT_NEGATOR */
    uint8_t negator;        /* a negator of the sentiment lexicon (or ...n't) */
    uint8_t sentence_first; /* opens its sentence */
    size_t begin, end;
    size_t sentence, clause; /* numbers of its sentence and clause */
} ring_tok;

typedef struct hit {
    size_t first, last; /* token numbers */
    size_t begin, end;  /* bytes */
    uint32_t intent;
    double weight;
} hit;

typedef struct state {
    const co_intents *set;
    ring_tok ring[RING];
    size_t ntok; /* tokens seen */
    hit pending[MAX_PENDING];
    size_t n_pending;
    size_t n_intents;
    double keep[CO__INTENTS_MAX]; /* product of (1 - weight) of the intent's hits */
    double best[CO__INTENTS_MAX]; /* weight of the strongest hit so far */
    size_t best_begin[CO__INTENTS_MAX], best_end[CO__INTENTS_MAX];
} state;

static const ring_tok *tok_at(const state *st, size_t number) { return &st->ring[number % RING]; }

static void fold(state *st, const hit *h)
{
    if (h->intent >= st->n_intents)
        return; /* cannot happen: every set holds the built-in intents */
    st->keep[h->intent] *= 1.0 - (double)h->weight;
    if (h->weight > st->best[h->intent]) {
        st->best[h->intent] = h->weight;
        st->best_begin[h->intent] = h->begin;
        st->best_end[h->intent] = h->end;
    }
}

static void fold_pending(state *st)
{
    for (size_t i = 0; i < st->n_pending; i++)
        fold(st, &st->pending[i]);
    st->n_pending = 0;
}

/* Add a hit unless a longer pending one covers it; drop the shorter ones it covers. */
static void add_hit(state *st, const hit *h)
{
    size_t span = h->last - h->first, kept = 0;
    for (size_t i = 0; i < st->n_pending; i++) {
        const hit *p = &st->pending[i];
        size_t pspan = p->last - p->first;
        if (p->first <= h->first && h->last <= p->last && pspan > span)
            return;
    }
    for (size_t i = 0; i < st->n_pending; i++) {
        const hit *p = &st->pending[i];
        if (!(h->first <= p->first && p->last <= h->last && p->last - p->first < span))
            st->pending[kept++] = *p;
    }
    st->n_pending = kept;
    if (st->n_pending == MAX_PENDING) {
        fold(st, &st->pending[0]);
        memmove(st->pending, st->pending + 1, (MAX_PENDING - 1) * sizeof st->pending[0]);
        st->n_pending--;
    }
    st->pending[st->n_pending++] = *h;
}

/* Is the phrase starting at token `first` negated? Looks back through its
 * clause, NEG_WINDOW tokens (the whole kept clause when `whole_clause`); a
 * blocker word on the way ("didn't get my refund") ends the search. */
static int negated(const state *st, size_t first, int whole_clause)
{
    size_t clause = tok_at(st, first)->clause;
    size_t limit = whole_clause ? RING - CO_INTENT_MAX_WORDS : NEG_WINDOW;
    for (size_t back = 1; back <= limit && back <= first; back++) {
        const ring_tok *t = tok_at(st, first - back);
        if (t->clause != clause || (t->vocab_flags & CO__INTENT_BLOCKER))
            return 0;
        if (t->negator && !(t->vocab_flags & CO__INTENT_NOT_NEGATOR))
            return 1;
    }
    return 0;
}

/* The cues that end with the newest token. */
static void match_cues(state *st)
{
    size_t last = st->ntok - 1;
    const ring_tok *cur = tok_at(st, last);
    const co_intents *set = st->set;
    if (cur->id == 0 || cur->id + 1 >= set->by_last.len)
        return;
    const co_intent_cue *cues = set->cues.data;
    size_t from = CO_VEC_AT(&set->by_last, size_t, cur->id);
    size_t to = CO_VEC_AT(&set->by_last, size_t, cur->id + 1);
    for (size_t c = from; c < to; c++) {
        const co_intent_cue *cue = &cues[c];
        size_t n = cue->n_words;
        if (n > st->ntok)
            continue;
        size_t first = last + 1 - n;
        int ok = 1;
        for (size_t k = 0; k + 1 < n && ok; k++) {
            const ring_tok *t = tok_at(st, first + k);
            ok = t->sentence == cur->sentence &&
                 (cue->words[k] == CO__INTENT_ANY || cue->words[k] == t->id);
        }
        if (!ok || (cue->at_start && !tok_at(st, first)->sentence_first) ||
            negated(st, first, cue->negated) != cue->negated)
            continue;
        hit h = {first, last, tok_at(st, first)->begin, cur->end, cue->intent, cue->weight};
        add_hit(st, &h);
    }
}

/* A strong word of the sentiment lexicon (valence v): a complaint or praise cue. */
static void match_valence(state *st, double v)
{
    double a = v < 0 ? -v : v;
    size_t last = st->ntok - 1;
    const ring_tok *cur = tok_at(st, last);
    int flip = negated(st, last, 0);
    if (flip && v < 0)
        return; /* "did not crash" is no praise by itself: explicit cues say "no problems" */
    int complaint = v < 0 || flip;
    double strength = a * LEX_STEP + LEX_BASE;
    double w = flip ? LEX_NEGATED : (strength < LEX_MAX ? strength : LEX_MAX);
    hit h = {last, last, cur->begin, cur->end, complaint ? CO_INTENT_COMPLAINT : CO_INTENT_PRAISE,
             w};
    add_hit(st, &h);
}

static void detect(const co_intents *set, const char *text, size_t len, state *st)
{
    st->set = set;
    st->ntok = st->n_pending = 0;
    st->n_intents = set->names.len;
    for (size_t i = 0; i < st->n_intents; i++) {
        st->keep[i] = 1;
        st->best[i] = 0;
    }
    co_lex_table vocab = co__lex_mut_view(&set->vocab);
    co_tokenizer tz;
    co_token tok;
    co__tokenizer_init(&tz, text, len, NULL);
    size_t sentence = 0, clause = 0;
    int sentence_first = 1;
    while (co__tokenizer_next(&tz, &tok)) {
        ring_tok *r = &st->ring[st->ntok % RING];
        const co_lex_slot *v =
            tok.key_len ? co__lex_find(&vocab, tok.key, tok.key_len, tok.hash) : NULL;
        r->id = v ? v->u.index : 0;
        r->vocab_flags = v ? v->flags : 0;
        r->negator = tok.nt || (r->vocab_flags & CO__INTENT_NEGATOR);
        r->sentence_first = (uint8_t)sentence_first;
        r->begin = tok.begin;
        r->end = tok.end;
        r->sentence = sentence;
        r->clause = clause;
        st->ntok++;
        match_cues(st);
        if ((r->vocab_flags & CO__INTENT_STRONG) && r->id < set->valence.len)
            match_valence(st, CO_VEC_AT(&set->valence, float, r->id));
        /* A '?' after the token: the question intent, the mark its evidence. */
        size_t trailer = (size_t)((const char *)tz.p - text) - tok.end;
        const char *q = tok.sentence_end ? memchr(text + tok.end, '?', trailer) : NULL;
        if (q) {
            hit h = {st->ntok - 1,           st->ntok - 1,       (size_t)(q - text),
                     (size_t)(q - text) + 1, CO_INTENT_QUESTION, QUESTION_MARK};
            fold(st, &h);
        }
        sentence_first = tok.sentence_end;
        clause += tok.clause_end;
        if (tok.sentence_end) {
            sentence++;
            fold_pending(st);
        }
    }
    fold_pending(st);
}

static int check_set(const co_intents *set)
{
    return set ? CO_OK : co__fail(CO_EINVAL, "intents is NULL");
}

int co_intents_detect(const co_intents *intents, const char *text, size_t len, co_intent_hit *hits,
                      size_t cap, size_t *n_found)
{
    int rc = check_set(intents);
    if (rc < 0)
        return rc;
    if ((!text && len) || (!hits && cap) || !n_found)
        return co__fail(CO_EINVAL, "%s is NULL", !n_found ? "n_found" : !hits ? "hits" : "text");
    state st;
    detect(intents, text ? text : "", len, &st);
    size_t found = 0;
    for (size_t i = 0; i < st.n_intents; i++) {
        double conf = 1 - st.keep[i];
        if (conf < CO_INTENT_MIN_CONFIDENCE)
            continue;
        if (found < cap) {
            co_intent_hit *h = &hits[found];
            h->intent = i;
            h->confidence = conf;
            h->begin = st.best_begin[i];
            h->end = st.best_end[i];
        }
        found++;
    }
    *n_found = found;
    return CO_OK;
}

int co_intents_detect_many(const co_intents *intents, const char *const *texts, const size_t *lens,
                           size_t n, double *confidence)
{
    int rc = check_set(intents);
    if (rc < 0)
        return rc;
    if (n && (!texts || !confidence))
        return co__fail(CO_EINVAL, "%s is NULL", texts ? "confidence" : "texts");
    for (size_t i = 0; i < n; i++)
        if (!texts[i] && (!lens || lens[i]))
            return co__fail(CO_EINVAL, "text %zu is NULL", i);
    size_t k = intents->names.len;
    state st;
    for (size_t i = 0; i < n; i++) {
        const char *s = texts[i] ? texts[i] : "";
        detect(intents, s, lens ? lens[i] : strlen(s), &st);
        for (size_t j = 0; j < k; j++) {
            double conf = 1 - st.keep[j];
            confidence[i * k + j] = conf >= CO_INTENT_MIN_CONFIDENCE ? conf : 0;
        }
    }
    return CO_OK;
}
