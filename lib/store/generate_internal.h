/* The generator's random numbers and words. */
#ifndef CO_GENERATE_INTERNAL_H
#define CO_GENERATE_INTERNAL_H

#include <stdint.h>

/* xoshiro256** seeded through splitmix64: fast, and the same stream on every
 * platform for a given seed. */
typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

void gen_rng_seed(gen_rng *r, uint64_t seed);
uint64_t gen_next(gen_rng *r);
double gen_uniform(gen_rng *r);            /* in (0, 1) */
unsigned gen_below(gen_rng *r, unsigned n); /* in [0, n) */
double gen_normal(gen_rng *r);
double gen_gamma(gen_rng *r, double shape); /* scale 1 */
double gen_beta(gen_rng *r, double a, double b);
unsigned gen_poisson(gen_rng *r, double mean); /* small means only */

#define GEN_FIRST_NAMES 32
#define GEN_LAST_NAMES 24
#define GEN_TOPICS 6
extern const char *const gen_first_names[GEN_FIRST_NAMES];
extern const char *const gen_last_names[GEN_LAST_NAMES];
extern const char *const gen_topics[GEN_TOPICS];
/* A sentence praising (positive) or criticising `topic`. */
const char *gen_sentence(int topic, int positive, unsigned variant);

#endif
