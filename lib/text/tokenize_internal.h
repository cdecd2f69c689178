/* Splitting feedback text into tokens, UTF-8 safe and allocation free.
 *
 * A token is a word (ASCII letters and digits, hyphens and apostrophes inside
 * it, and any non-emoji UTF-8 characters), a single emoji, or an emoticon (a
 * short whitespace-delimited chunk of punctuation such as ":-)" or "<3").
 * Punctuation after a token is summarised on it: '!' count, clause break
 * (, ; : and brackets) and sentence end (. ! ? newline). Invalid UTF-8 bytes
 * separate tokens and are otherwise ignored. */
#ifndef CO_TOKENIZE_INTERNAL_H
#define CO_TOKENIZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lextable_internal.h"

typedef struct co_token {
    char key[CO_LEX_MAX_WORD]; /* normalised: ASCII lower-case, apostrophes removed */
    size_t key_len;            /* 0 when the token is too long to be a table key */
    uint32_t hash;             /* co_lex_hash(key, key_len) */
    unsigned caps : 1;         /* a word of two or more ASCII letters, all upper-case */
    unsigned nt : 1;           /* a word ending in the contraction "n't" */
    unsigned clause_end : 1;   /* followed by a clause or sentence break */
    unsigned sentence_end : 1; /* followed by a sentence break */
    unsigned excl;             /* '!' marks between this token and the next */
    size_t begin, end;         /* byte offsets of the token in the text */
} co_token;

typedef struct co_tokenizer {
    const unsigned char *begin, *p, *end;
    const co_lex_table *emoticons; /* valence entries recognised as emoticons; may be NULL */
} co_tokenizer;

void co__tokenizer_init(co_tokenizer *tz, const char *text, size_t len,
                        const co_lex_table *emoticons);

/* The next token into *tok; 0 at the end of the text. */
int co__tokenizer_next(co_tokenizer *tz, co_token *tok);

/* 1 if the text holds an ASCII lower-case letter (then ALL-CAPS words stand out). */
int co__text_has_lower(const char *text, size_t len);

#endif
