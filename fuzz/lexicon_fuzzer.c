/* Fuzz target: the lexicon file parser must never crash or leak, must fail
 * all or nothing, and every word it accepts must then be found. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_lexicon *lex;
    if (co_lexicon_new(CO_LEXICON_EMPTY, &lex) != CO_OK)
        return 0;
    int rc = co_lexicon_load_buffer(lex, (const char *)data, size, "fuzz.tsv");
    if (rc != CO_OK && co_lexicon_count(lex) != 0)
        abort(); /* a failed load changed the lexicon */
    if (rc == CO_OK) {
        /* Look the first word of the first entry line up again. */
        const char *p = (const char *)data, *end = p + size;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *line_end = nl ? nl : end;
            const char *tab = memchr(p, '\t', (size_t)(line_end - p));
            if (tab && tab > p && *p != '#' && *p != ' ' && *p != '\t' &&
                !(p == (const char *)data && size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)) {
                char word[64];
                size_t n = (size_t)(tab - p);
                if (n < sizeof word) {
                    memcpy(word, p, n);
                    word[n] = '\0';
                    double v;
                    if (co_lexicon_get(lex, word, &v) != CO_OK || v < -4 || v > 4)
                        abort();
                }
                break;
            }
            p = nl ? nl + 1 : end;
        }
        co_sentiment s;
        co_sentiment_score(lex, (const char *)data, size, &s);
    }
    co_lexicon_free(lex);
    return 0;
}
