/* The co_intents rule set, shared by its parser, its built-in English rules
 * and the detector. */
#ifndef CO_INTENTS_INTERNAL_H
#define CO_INTENTS_INTERNAL_H

#include <stdint.h>

#include "custorient/intents.h"
#include "lextable_internal.h"
#include "vec_internal.h"

/* Limits that keep a hostile definition from asking for unbounded memory and
 * bound the detector's stack arrays. */
#define CO__INTENTS_MAX 256
#define CO__INTENTS_MAX_NAME 64
#define CO__INTENTS_MAX_CUES 100000

/* A word id standing for any one word ('*' in a phrase). */
#define CO__INTENT_ANY UINT32_MAX

/* Roles of a vocabulary word (in its slot's flags). The vocabulary holds the
 * cue words and, copied from the sentiment lexicon when the set is made, its
 * negators and strong words, so the detector probes one table per token. */
enum {
    CO__INTENT_BLOCKER = 1,     /* get, received ...: "didn't get my refund" still wants one */
    CO__INTENT_NOT_NEGATOR = 2, /* can't, cannot ...: "I can't cancel" still wants to */
    CO__INTENT_NEGATOR = 4,     /* a negator of the sentiment lexicon */
    CO__INTENT_STRONG = 8       /* |valence| >= 1.5 in the sentiment lexicon: valence[id] */
};

/* Lexicon words this strong are complaint or praise cues. */
#define CO__INTENT_LEX_MIN 1.5

typedef struct co_intent_cue {
    uint32_t words[CO_INTENT_MAX_WORDS]; /* word ids (from 1), or CO__INTENT_ANY */
    uint32_t intent;
    double weight;
    uint8_t n_words;
    uint8_t at_start; /* '^': only when the phrase opens a sentence */
    uint8_t negated;  /* negcue: only when a negator precedes it in its clause */
} co_intent_cue;

struct co_intents {
    co_lex_mut vocab; /* word -> id (u.index, from 1) and negation roles (flags) */
    co_vec names;     /* char *, one per intent */
    co_vec cues;      /* co_intent_cue, sorted by the id of their last word */
    co_vec by_last; /* size_t: the cues whose last word has id w are [by_last[w], by_last[w + 1]) */
    co_vec valence; /* float per id: the lexicon valence of CO__INTENT_STRONG words */
};

/* The built-in English definition (intents_english.c), one line a string, NULL last. */
extern const char *const co__intents_english[];

/* Parse a definition into `set` (which the caller discards on failure). */
int co__intents_parse(co_intents *set, const char *text, size_t len, const char *source);

/* Sort the cues and rebuild by_last. CO_OK or CO_ENOMEM. */
int co__intents_index(co_intents *set);

/* Add a word to the vocabulary if new; its id in *id. CO_OK or CO_ENOMEM. */
int co__intents_word(co_intents *set, const char *key, size_t len, uint32_t *id);

#endif
