/* The co_lexicon handle, shared by the scorer and the topic tally. */
#ifndef CO_LEXICON_INTERNAL_H
#define CO_LEXICON_INTERNAL_H

#include "custorient/sentiment.h"
#include "lextable_internal.h"

struct co_lexicon {
    co_lex_mut words;
};

/* The table to score with: the lexicon's, or the built-in one for NULL. */
co_lex_table co__lexicon_table(const co_lexicon *lex);

#endif
