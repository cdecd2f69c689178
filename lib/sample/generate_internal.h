/* The generator's random draws and words. */
#ifndef CO_GENERATE_INTERNAL_H
#define CO_GENERATE_INTERNAL_H

#include <stdint.h>

#include "numeric_internal.h"

/* An index in [0, n) drawn uniformly. */
static inline unsigned gen_below(co_rng *r, unsigned n)
{
    return (unsigned)(co__rng_uniform(r) * n);
}

#define GEN_FIRST_NAMES 32
#define GEN_LAST_NAMES 24
#define GEN_TOPICS 6
extern const char *const co__gen_first_names[GEN_FIRST_NAMES];
extern const char *const co__gen_last_names[GEN_LAST_NAMES];
extern const char *const co__gen_topics[GEN_TOPICS];
/* A sentence praising (positive) or criticising `topic`. */
const char *co__gen_sentence(int topic, int positive, unsigned variant);

#define GEN_LEAVING 8
/* A message of a customer about to leave: a cancellation or a refund request. */
const char *co__gen_leaving_sentence(unsigned variant);

#endif
