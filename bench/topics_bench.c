/* Topic matching with many prefix keywords ("deliver*"): K prefix keywords
 * spread over 64 topics, matched against one text of N tokens (random
 * lower-case words of 3-12 letters, some of which start with a keyword).
 * Reports the CPU time to build the map and to match the text.
 *
 *   cmake --preset release && cmake --build --preset release --target bench_topics_bench
 *   ./build/release/bench/bench_topics_bench [keywords] [tokens]   (default 40000 1000000)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

static uint64_t state = 88172645463325252u;
static size_t pick(size_t n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (size_t)(state % n);
}

/* CPU time of the process: the figure that holds on a shared machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A random word of `len` lower-case letters into `out` (NUL-terminated). */
static void word(char *out, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('a' + pick(26));
    out[len] = '\0';
}

int main(int argc, char **argv)
{
    size_t k = argc > 1 ? strtoul(argv[1], NULL, 10) : 40000;
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
    co_topics *t = NULL;
    if (co_topics_new(&t) < 0)
        return 1;
    char(*keys)[16] = malloc(k * sizeof *keys);
    char *text = malloc(n * 14 + 1);
    if (!keys || !text)
        return 1;
    double t0 = now();
    size_t added = 0;
    for (size_t i = 0; i < k; i++) {
        char kw[16], topic[16];
        word(keys[i], 4 + pick(4)); /* prefixes of 4-7 letters */
        snprintf(kw, sizeof kw, "%s*", keys[i]);
        snprintf(topic, sizeof topic, "topic%zu", i % 64);
        int rc = co_topics_add(t, topic, kw);
        if (rc == CO_OK)
            added++;
        else if (rc != CO_EEXIST) {
            fprintf(stderr, "co_topics_add: %s\n", co_errmsg());
            return 1;
        }
    }
    double t_build = now() - t0;
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (pick(10) == 0) { /* one token in ten carries a keyword */
            const char *key = keys[pick(k)];
            size_t len = strlen(key);
            memcpy(text + pos, key, len);
            pos += len;
            text[pos++] = (char)('a' + pick(26));
        } else {
            size_t len = 3 + pick(10);
            word(text + pos, len);
            pos += len;
        }
        text[pos++] = ' ';
    }
    uint8_t hits[64];
    t0 = now();
    if (co_topics_match(t, text, pos, hits) < 0)
        return 1;
    double t_match = now() - t0;
    size_t topics_hit = 0;
    for (size_t j = 0; j < co_topics_count(t); j++)
        topics_hit += hits[j];
    printf("%zu prefix keywords (%zu distinct), %zu tokens (%.1f MB): build %.3f s, match "
           "%.3f s (%.0f ns/token) CPU, %zu of %zu topics hit\n",
           k, added, n, (double)pos / 1e6, t_build, t_match, 1e9 * t_match / (double)n, topics_hit,
           co_topics_count(t));
    co_topics_free(t);
    free(keys);
    free(text);
    return 0;
}
