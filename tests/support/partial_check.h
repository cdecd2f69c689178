/* Checks every partial-state test shares: serialised bytes must survive a round trip
 * and every damage to them must be refused. */
#ifndef CO_TEST_PARTIAL_CHECK_H
#define CO_TEST_PARTIAL_CHECK_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

/* Decode `len` bytes into the state behind `ctx` (a module's _deserialize()); returns
 * its status. */
typedef int (*partial_decode_fn)(const void *bytes, size_t len, void *ctx);

/* Every single-byte change (each byte xor 0x01, 0x80 and 0xff) and every truncation of
 * `bytes` must fail with CO_ECORRUPT, or CO_EINVAL when a changed kind field still makes
 * an intact frame (impossible: the checksum covers it, so CO_ECORRUPT throughout). */
static inline void check_damage_refused(const void *bytes, size_t len, partial_decode_fn decode,
                                        void *ctx)
{
    unsigned char *copy = malloc(len + 1);
    cr_assert_not_null(copy);
    static const unsigned char flips[] = {0x01, 0x80, 0xff};
    for (size_t i = 0; i < len; i++)
        for (size_t f = 0; f < sizeof flips; f++) {
            memcpy(copy, bytes, len);
            copy[i] ^= flips[f];
            int rc = decode(copy, len, ctx);
            cr_assert_eq(rc, CO_ECORRUPT, "byte %zu ^ 0x%02x: status %d (%s)", i, flips[f], rc,
                         co_errmsg());
        }
    for (size_t cut = 0; cut < len; cut++) {
        memcpy(copy, bytes, cut);
        cr_assert_eq(decode(copy, cut, ctx), CO_ECORRUPT, "cut to %zu of %zu bytes", cut, len);
    }
    memcpy(copy, bytes, len);
    copy[len] = 0;
    cr_assert_eq(decode(copy, len + 1, ctx), CO_ECORRUPT, "a byte after the checksum");
    free(copy);
}

/* CRC-32C as the frame spells it out, written independently of the library: bitwise,
 * reflected polynomial 0x82F63B78. */
static inline uint32_t test_crc32c(const unsigned char *p, size_t len)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1u ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
}

/* Rewrite the checksum of a frame after editing it, so a decoder sees the edit. */
static inline void test_reseal(unsigned char *p, size_t len)
{
    uint32_t crc = test_crc32c(p, len - 4);
    for (int i = 0; i < 4; i++)
        p[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
}

/* splitmix64: a seeded generator for random splits, the same on every machine. */
static inline uint64_t test_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A value in 0 .. n-1 (n >= 1). */
static inline size_t test_below(uint64_t *state, size_t n)
{
    return (size_t)(test_rand(state) % n);
}

typedef int (*partial_merge_fn)(void *acc, const void *other);

/* Merge the `k` states of `parts` into one in a random order and grouping: pick two at
 * random, merge the second into the first, drop the second (freed with `release`), until
 * one is left, which is returned. Any merge tree can come up. */
static inline void *partial_merge_randomly(void **parts, size_t k, uint64_t *rng,
                                           partial_merge_fn merge, void (*release)(void *))
{
    while (k > 1) {
        size_t i = test_below(rng, k), j = test_below(rng, k - 1);
        j += j >= i;
        cr_assert_eq(merge(parts[i], parts[j]), CO_OK, "merge: %s", co_errmsg());
        release(parts[j]);
        parts[j] = parts[--k];
    }
    return parts[0];
}

/* Trials of the random-split tests: fewer under valgrind, which runs them 50 times slower. */
#define PARTIAL_TRIALS (getenv("CO_UNDER_VALGRIND") ? 5 : 200)

#endif
