/* Rule-based sentiment scoring (the rules and constants: docs/sentiment.md).
 *
 * One pass over the tokens with one token of lookahead and a window of the
 * three previous tokens of the clause; sentences are scored as they end and
 * averaged, weighted by their number of sentiment words. Nothing allocates. */
#include <math.h>
#include <string.h>

#include "error_internal.h"
#include "lexicon_internal.h"
#include "tokenize_internal.h"

#define BOOST 0.293      /* intensifier / dampener step */
#define CAPS_BOOST 0.733 /* ALL-CAPS emphasis */
#define NEGATE 0.74      /* a negated valence turns by this factor ... */
#define NEGATE_CAP 2.0   /* ... of at most this magnitude ("not the worst" is mild) */
#define BEFORE_BUT 0.5   /* weight of a sentence's words before its first "but" */
#define AFTER_BUT 1.5    /* ... and after it */
#define EXCL_STEP 0.292  /* per '!' */
#define EXCL_MAX 4
#define ALPHA 15.0 /* compound = x / sqrt(x^2 + ALPHA) */
#define WINDOW 3
#define SERVICE_CUE 1.5 /* magnitude of a complaint cue: "kindly fix", "no reply", "third time" */
#define FLIP_BASE 1.0   /* a sarcastic or wishful sentence without sentiment words */

static const double distance_scale[WINDOW] = {1.0, 0.95, 0.9};

typedef struct prev {
    uint16_t flags; /* CO_LEX_NEGATOR, CO_LEX_BE, CO_LEX_COMPARATIVE of an earlier token */
    double boost;   /* signed intensifier value, 0 if none */
} prev;

typedef struct sentence {
    prev window[WINDOW]; /* window[0] is the nearest earlier token */
    size_t window_len;
    int contrast; /* a "but" was seen: words now go to the second half */
    double sum[2], pos[2], neg[2];
    size_t n_valence;
    unsigned excl;
    /* service language (docs/sentiment.md) */
    size_t ntok;        /* tokens so far in the sentence */
    int flip;           /* sarcasm or a counterfactual wish: positive valences turn negative */
    int request;        /* a request marker (please, kindly) was seen */
    int ing_pending;    /* after "great job": an -ing word next makes it sarcasm */
    int clause_neg;     /* a negator earlier in the clause */
    int clause_modal;   /* could, should, would earlier in the clause */
    int clause_expect;  /* an un-negated expectation: "expected" ... "more" */
    int clause_negwhat; /* "not what", "not as": "not what I hoped for" */
} sentence;

typedef struct totals {
    double weighted, weight, pos, neg, neutral;
} totals;

typedef struct scored {
    co_token tok;
    const co_lex_slot *slot;
    uint16_t flags;
} scored;

static void look_up(const co_lex_table *t, scored *s)
{
    s->slot = s->tok.key_len ? co__lex_find(t, s->tok.key, s->tok.key_len, s->tok.hash) : NULL;
    s->flags = s->slot ? s->slot->flags : 0;
    if (s->tok.nt)
        s->flags |= CO_LEX_NEGATOR;
}

static void push(sentence *st, uint16_t flags, double boost)
{
    memmove(st->window + 1, st->window, (WINDOW - 1) * sizeof st->window[0]);
    st->window[0].flags = flags;
    st->window[0].boost = boost;
    if (st->window_len < WINDOW)
        st->window_len++;
}

/* The valence of a sentiment word after emphasis, intensifiers and negation. */
static double apply_rules(const sentence *st, const scored *cur, int caps_ok)
{
    double v = cur->slot->u.valence;
    double sign = v > 0 ? 1 : -1;
    if (cur->tok.caps && caps_ok)
        v += sign * CAPS_BOOST;
    int negated = 0, be = 0, comparative = (cur->flags & CO_LEX_COMPARATIVE) != 0;
    for (size_t j = 0; j < st->window_len; j++) {
        v += sign * st->window[j].boost * distance_scale[j];
        negated |= (st->window[j].flags & CO_LEX_NEGATOR) != 0;
        be |= (st->window[j].flags & CO_LEX_BE) != 0;
        comparative |= (st->window[j].flags & CO_LEX_COMPARATIVE) != 0; /* "more" */
    }
    if (v * sign < 0)
        v = 0; /* dampeners weaken a word, they never turn it over */
    /* "couldn't be happier", "never been more satisfied" keep their sign. */
    if (negated && !(be && comparative))
        v = -sign * NEGATE * fmin(fabs(v), NEGATE_CAP);
    return v;
}

static int key_is(const scored *s, const char *word)
{
    size_t n = strlen(word);
    return s->tok.key_len == n && memcmp(s->tok.key, word, n) == 0;
}

static int key_is_any(const scored *s, const char *const *words)
{
    for (; *words; words++)
        if (key_is(s, *words))
            return 1;
    return 0;
}

/* The phrase entry "prev cur" of the table, or NULL. */
static const co_lex_slot *phrase(const co_lex_table *t, const scored *last, const scored *cur)
{
    if (!last || !(last->flags & CO_LEX_PHRASE_FIRST) || last->tok.clause_end || !cur->tok.key_len)
        return NULL;
    size_t a = last->tok.key_len, n = a + 1 + cur->tok.key_len;
    if (n > CO_LEX_MAX_WORD)
        return NULL;
    char key[CO_LEX_MAX_WORD];
    memcpy(key, last->tok.key, a);
    key[a] = ' ';
    memcpy(key + a + 1, cur->tok.key, cur->tok.key_len);
    uint32_t h = last->tok.hash; /* FNV-1a continues from the first word's hash */
    for (size_t i = a; i < n; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    const co_lex_slot *s = co__lex_find(t, key, n, h);
    return s && (s->spare & CO_PHRASE_ROLES) ? s : NULL;
}

/* The service-language rules that replace a token's valence. Returns 1 with
 * *v set when one applies (no other rule then changes it), else 0; notes
 * sarcasm, wishes, requests and expectations in the sentence state. */
static int service_rules(sentence *st, const co_lex_table *t, const scored *last, const scored *cur,
                         const scored *next)
{
    static const char *const not_a_wish[] = {"you", "to", "a", "an", "all", "everyone", NULL};
    static const char *const repeated[] = {"time",      "email",    "message", "call",
                                           "request",   "attempt",  "ticket",  "letter",
                                           "complaint", "reminder", NULL};
    static const char *const after_praise[] = {"on", "for", "at", NULL};
    uint16_t f = cur->flags;
    if (st->ing_pending && !key_is_any(cur, after_praise)) {
        size_t n = cur->tok.key_len;
        st->flip |= n > 4 && memcmp(cur->tok.key + n - 3, "ing", 3) == 0;
        st->ing_pending = 0;
    }
    if (f & CO_LEX_REQUEST)
        st->request = 1;
    const co_lex_slot *ph = phrase(t, last, cur);
    if (ph) {
        st->flip |= (ph->spare & (CO_PHRASE_SARCASM | CO_PHRASE_WISH)) ||
                    ((ph->spare & CO_PHRASE_OPENER) && st->ntok == 1);
        st->ing_pending |= (ph->spare & CO_PHRASE_PRAISE_ING) != 0;
        if (ph->spare & CO_PHRASE_VALENCE)
            return 1;
    }
    if ((f & CO_LEX_WISH) && next && !cur->tok.clause_end && !key_is_any(next, not_a_wish))
        st->flip = 1;
    if (f & CO_LEX_MODAL)
        st->clause_modal = 1;
    if (st->window_len && (st->window[0].flags & CO_LEX_NEGATOR) &&
        (key_is(cur, "what") || key_is(cur, "as")))
        st->clause_negwhat = 1;
    if ((f & CO_LEX_REPAIR) && (st->ntok == 0 || st->request))
        return 1;
    if (f & CO_LEX_EXPECT) {
        if (!st->clause_neg)
            st->clause_expect = 1;
        return 1; /* an expectation carries no sentiment of its own ... */
    }
    if ((f & CO_LEX_COMPARATIVE) && st->clause_expect)
        return 1; /* ... until it meets "more" or "better" */
    if ((f & CO_LEX_ABSENT) && st->clause_neg)
        return 1;
    if ((f & CO_LEX_ORDINAL) && next && !cur->tok.clause_end && key_is_any(next, repeated))
        return 1;
    return 0;
}

/* The valence a service rule gives (service_rules() returned 1). */
static double service_valence(const sentence *st, const co_lex_table *t, const scored *last,
                              const scored *cur)
{
    const co_lex_slot *ph = phrase(t, last, cur);
    if (ph)
        return ph->u.valence;
    if ((cur->flags & CO_LEX_EXPECT) && !st->clause_negwhat)
        return 0;
    return -SERVICE_CUE;
}

/* A positive word under a modal: "could be better" turns mildly negative;
 * "it would be nice if ..." makes the sentence a wish. */
static double modal_rules(sentence *st, const scored *cur, const scored *next, double v)
{
    if (v <= 0 || !st->clause_modal)
        return v;
    int negated = 0, be = 0;
    for (size_t j = 0; j < st->window_len; j++) {
        negated |= (st->window[j].flags & CO_LEX_NEGATOR) != 0;
        be |= (st->window[j].flags & CO_LEX_BE) != 0;
    }
    if (!be || negated)
        return v;
    if (next && (key_is(next, "if") || key_is(next, "to")))
        st->flip = 1;
    else if (cur->flags & CO_LEX_COMPARATIVE)
        v = -NEGATE * fmin(v, NEGATE_CAP);
    return v;
}

static void add_token(sentence *st, totals *tt, const co_lex_table *t, const scored *last,
                      const scored *cur, const scored *next, int caps_ok)
{
    uint16_t f = cur->flags;
    int next_counts = next && !cur->tok.clause_end &&
                      (next->flags & (CO_LEX_VALENCE | CO_LEX_UP | CO_LEX_DOWN | CO_LEX_KINDOF));
    double boost = 0;
    if ((f & CO_LEX_KINDOF) && next && !cur->tok.clause_end && next->tok.key_len == 2 &&
        memcmp(next->tok.key, "of", 2) == 0 && !(st->window_len && st->window[0].boost > 0)) {
        boost = -BOOST; /* "kind of", "sort of"; but "very kind of you" is kind */
    } else if ((f & (CO_LEX_UP | CO_LEX_DOWN)) && next_counts) {
        boost = (f & CO_LEX_UP) ? BOOST : -BOOST;
        if (cur->tok.caps && caps_ok)
            boost += boost > 0 ? CAPS_BOOST : -CAPS_BOOST;
    } else if ((f & CO_LEX_CONTRAST) && !st->contrast) {
        st->contrast = 1;
        st->window_len = 0;
        st->excl += cur->tok.excl;
        st->ntok++;
        tt->neutral += 1;
        return;
    }
    double v = 0;
    if (boost == 0 && service_rules(st, t, last, cur, next))
        v = service_valence(st, t, last, cur);
    else if (boost == 0 && (f & CO_LEX_VALENCE) && cur->slot->u.valence != 0)
        v = modal_rules(st, cur, next, apply_rules(st, cur, caps_ok));
    if (v != 0) {
        int half = st->contrast;
        st->sum[half] += v;
        if (v > 0)
            st->pos[half] += v;
        else
            st->neg[half] -= v;
        st->n_valence++;
    } else {
        tt->neutral += 1;
    }
    push(st, f & (CO_LEX_NEGATOR | CO_LEX_BE | CO_LEX_COMPARATIVE), boost);
    st->excl += cur->tok.excl;
    st->clause_neg |= (f & CO_LEX_NEGATOR) != 0;
    st->ntok++;
    if (cur->tok.clause_end) {
        st->window_len = 0;
        st->clause_neg = st->clause_modal = st->clause_expect = st->clause_negwhat = 0;
    }
}

/* Sarcasm and counterfactual wishes: the sentence means the opposite of its
 * positive words (each turns by NEGATE); without sentiment words it scores
 * -FLIP_BASE as one. */
static void flip_sentence(sentence *st)
{
    if (st->n_valence == 0) {
        st->sum[0] = -FLIP_BASE;
        st->neg[0] = FLIP_BASE;
        st->n_valence = 1;
        return;
    }
    for (int h = 0; h < 2; h++) {
        st->sum[h] -= (1 + NEGATE) * st->pos[h];
        st->neg[h] += NEGATE * st->pos[h];
        st->pos[h] = 0;
    }
}

static void end_sentence(sentence *st, totals *tt)
{
    if (st->flip)
        flip_sentence(st);
    double before = st->contrast ? BEFORE_BUT : 1, after = AFTER_BUT;
    double sum = before * st->sum[0] + after * st->sum[1];
    double pos = before * st->pos[0] + after * st->pos[1];
    double neg = before * st->neg[0] + after * st->neg[1];
    double excl = (st->excl < EXCL_MAX ? st->excl : EXCL_MAX) * EXCL_STEP;
    if (sum > 0) {
        sum += excl;
        pos += excl;
    } else if (sum < 0) {
        sum -= excl;
        neg += excl;
    }
    if (st->n_valence) {
        tt->weighted += (double)st->n_valence * (sum / sqrt(sum * sum + ALPHA));
        tt->weight += (double)st->n_valence;
    }
    tt->pos += pos;
    tt->neg += neg;
    memset(st, 0, sizeof *st);
}

static void score(const co_lex_table *table, const char *text, size_t len, co_sentiment *out)
{
    co_tokenizer tz;
    co__tokenizer_init(&tz, text, len, table);
    int caps_ok = co__text_has_lower(text, len);
    sentence st;
    totals tt = {0, 0, 0, 0, 0};
    memset(&st, 0, sizeof st);
    scored buf[3]; /* the previous, current and next tokens, in rotation */
    int cur = 0, prv = -1;
    int have = co__tokenizer_next(&tz, &buf[cur].tok);
    if (have)
        look_up(table, &buf[cur]);
    while (have) {
        int nxt = (cur + 1) % 3;
        int have_next = co__tokenizer_next(&tz, &buf[nxt].tok);
        if (have_next)
            look_up(table, &buf[nxt]);
        add_token(&st, &tt, table, prv >= 0 ? &buf[prv] : NULL, &buf[cur],
                  have_next ? &buf[nxt] : NULL, caps_ok);
        if (buf[cur].tok.sentence_end)
            end_sentence(&st, &tt);
        prv = cur;
        cur = nxt;
        have = have_next;
    }
    end_sentence(&st, &tt);
    double total = tt.pos + tt.neg + tt.neutral;
    out->compound = tt.weight > 0 ? tt.weighted / tt.weight : 0;
    out->pos = total > 0 ? tt.pos / total : 0;
    out->neg = total > 0 ? tt.neg / total : 0;
    out->neu = total > 0 ? tt.neutral / total : 1;
}

int co_sentiment_score(const co_lexicon *lex, const char *text, size_t len, co_sentiment *out)
{
    if (!out || (!text && len))
        return co__fail(CO_EINVAL, "%s is NULL", out ? "text" : "out");
    co_lex_table t = co__lexicon_table(lex);
    score(&t, text ? text : "", len, out);
    return CO_OK;
}

int co_sentiment_score_many(const co_lexicon *lex, const char *const *texts, const size_t *lens,
                            size_t n, co_sentiment *out)
{
    if (n && (!texts || !out))
        return co__fail(CO_EINVAL, "%s is NULL", texts ? "out" : "texts");
    for (size_t i = 0; i < n; i++)
        if (!texts[i] && (!lens || lens[i]))
            return co__fail(CO_EINVAL, "text %zu is NULL", i);
    co_lex_table t = co__lexicon_table(lex);
    for (size_t i = 0; i < n; i++) {
        const char *s = texts[i] ? texts[i] : "";
        score(&t, s, lens ? lens[i] : strlen(s), &out[i]);
    }
    return CO_OK;
}
