/* Open-addressing word tables shared by the sentiment lexicon and the topic map.
 *
 * Keys are normalised tokens (ASCII lower-cased, apostrophes removed; see
 * tokenize_internal.h) of at most CO_LEX_MAX_WORD bytes. The built-in English
 * table is constant data generated from lexicon_en.tsv and rules_en.tsv; user
 * tables are heap copies with the same layout, so one lookup serves both. */
#ifndef CO_LEXTABLE_INTERNAL_H
#define CO_LEXTABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/sentiment.h"

#define CO_LEX_MAX_WORD CO_LEXICON_MAX_WORD

/* What a word does in the scorer (a word may have several roles). */
enum {
    CO_LEX_VALENCE = 1,      /* carries a valence */
    CO_LEX_NEGATOR = 2,      /* not, never, don't ... */
    CO_LEX_UP = 4,           /* intensifier: very, really ... */
    CO_LEX_DOWN = 8,         /* dampener: slightly, barely ... */
    CO_LEX_CONTRAST = 16,    /* but, however ... */
    CO_LEX_COMPARATIVE = 32, /* better, happier ...: keeps its sign in "couldn't be happier" */
    CO_LEX_BE = 64,          /* be, been */
    CO_LEX_KINDOF = 128,     /* kind, sort (as in "kind of") */
    /* service language (docs/sentiment.md) */
    CO_LEX_REQUEST = 256,       /* please, kindly */
    CO_LEX_REPAIR = 512,        /* fix, sort, resolve ...: a complaint when asked for */
    CO_LEX_MODAL = 1024,        /* could, should, would */
    CO_LEX_WISH = 2048,         /* wish */
    CO_LEX_EXPECT = 4096,       /* expected, hoped, advertised ... */
    CO_LEX_ABSENT = 8192,       /* reply, answer, again ...: negative when negated */
    CO_LEX_ORDINAL = 16384,     /* third (time) */
    CO_LEX_PHRASE_FIRST = 32768 /* first word of a two-word phrase entry */
};
#define CO_LEX_RULES                                                                               \
    ((uint16_t)(CO_LEX_NEGATOR | CO_LEX_UP | CO_LEX_DOWN | CO_LEX_CONTRAST | CO_LEX_COMPARATIVE |  \
                CO_LEX_BE | CO_LEX_KINDOF | CO_LEX_REQUEST | CO_LEX_REPAIR | CO_LEX_MODAL |        \
                CO_LEX_WISH | CO_LEX_EXPECT | CO_LEX_ABSENT | CO_LEX_ORDINAL |                     \
                CO_LEX_PHRASE_FIRST))

/* Roles of a two-word phrase entry ("first second", one space), in its slot's
 * `spare` byte. Phrases are built in (phrases_en.tsv); user words hold no space. */
enum {
    CO_PHRASE_SARCASM = 1,    /* the sentence's positive valences turn negative */
    CO_PHRASE_OPENER = 2,     /* the same, when the phrase opens the sentence */
    CO_PHRASE_PRAISE_ING = 4, /* the same, when an -ing word follows ("great job losing") */
    CO_PHRASE_WISH = 8,       /* a counterfactual wish, scored as sarcasm */
    CO_PHRASE_VALENCE = 16,   /* u.valence replaces the second word's */
    CO_PHRASE_ROLES = 31,
    CO_SLOT_SCRATCH = 128 /* free for an operation's own temporary marks */
};

typedef struct co_lex_slot {
    uint32_t hash;   /* co_lex_hash of the key */
    uint32_t offset; /* key bytes in the pool */
    union {
        float valence;  /* lexicon: -4..+4 when CO_LEX_VALENCE is set */
        uint32_t index; /* topic map: topic number */
    } u;
    uint16_t flags;
    uint8_t len;   /* key length; 0 marks an empty slot */
    uint8_t spare; /* CO_PHRASE_* roles of a phrase entry */
} co_lex_slot;

typedef struct co_lex_table {
    const co_lex_slot *slots; /* mask + 1 slots, a power of two, at most half full */
    size_t mask;
    const char *pool;
    size_t count;
} co_lex_table;

/* The built-in English table (generated into lexicon_en_data.c). */
extern const co_lex_table co__lex_english;

/* FNV-1a, 32 bits (gen_lexicon.py computes the same). */
static inline uint32_t co_lex_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

/* The slot holding `key`, or NULL. */
const co_lex_slot *co__lex_find(const co_lex_table *t, const char *key, size_t len, uint32_t hash);

/* A growable heap table. Zero-initialise to start empty. */
typedef struct co_lex_mut {
    co_lex_slot *slots;
    size_t cap; /* slots allocated (0 or a power of two) */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
} co_lex_mut;

/* A read-only view of a heap table for co__lex_find(). */
co_lex_table co__lex_mut_view(const co_lex_mut *m);

/* Copy every entry of `src` into the empty table `dst`, keeping only the flag
 * bits in `keep_flags` and dropping entries left with no flags and no phrase role. CO_OK or
 * CO_ENOMEM (dst then empty). */
int co__lex_mut_copy(co_lex_mut *dst, const co_lex_table *src, uint16_t keep_flags);

/* Make sure one more key of `len` bytes can be added without allocating.
 * CO_OK or CO_ENOMEM; the table is unchanged on failure. */
int co__lex_mut_reserve(co_lex_mut *m, size_t len);

/* The slot of `key`, added empty (flags 0, value 0) if new. Call
 * co__lex_mut_reserve() first: this never allocates. */
co_lex_slot *co__lex_mut_upsert(co_lex_mut *m, const char *key, size_t len, uint32_t hash);

/* Make `dst` an exact copy of `src` (every slot, flags 0 included, and the key
 * pool). CO_OK or CO_ENOMEM (dst then empty). */
int co__lex_mut_clone(co_lex_mut *dst, const co_lex_mut *src);

void co__lex_mut_free(co_lex_mut *m);

/* Normalise a user-supplied word as the tokenizer normalises text: ASCII
 * lower-cased and, for words (not emoticons), apostrophes removed. Writes the
 * key (CO_LEX_MAX_WORD bytes of room) and its length. Returns CO_OK, or a
 * negative status with *bad_at the 0-based byte offset of the offending
 * byte: CO_EINVAL for whitespace, control or invalid UTF-8 bytes or an empty
 * result, CO_ERANGE for a key longer than CO_LEX_MAX_WORD. Records no error
 * detail. */
int co__lex_normalize(const char *word, size_t len, char *key, size_t *key_len, size_t *bad_at);

#endif
