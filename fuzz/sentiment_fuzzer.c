/* Fuzz target: scoring arbitrary bytes must never crash, read out of bounds
 * or return scores outside their ranges; topic matching likewise. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_sentiment s;
    if (co_sentiment_score(NULL, (const char *)data, size, &s) != CO_OK)
        abort();
    if (!(s.compound >= -1 && s.compound <= 1) || !(s.pos >= 0 && s.neu >= 0 && s.neg >= 0) ||
        fabs(s.pos + s.neu + s.neg - 1) > 1e-9)
        abort();
    co_topics *topics;
    if (co_topics_new_default(&topics) == CO_OK) {
        uint8_t hits[6];
        if (co_topics_match(topics, (const char *)data, size, hits) != CO_OK)
            abort();
        co_topics_free(topics);
    }
    return 0;
}
