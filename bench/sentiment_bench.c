/* Sentiment throughput on one core: short feedback sentences, emoji-heavy
 * messages and long reviews, built from a fixed vocabulary with a fixed seed;
 * then short sentences scored and searched for intents (co_intents_detect_many).
 *
 *   cmake --preset release && cmake --build --preset release --target bench_sentiment_bench
 *   ./build/release/bench/bench_sentiment_bench [sentences]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

static const char *const openers[] = {"The delivery was", "Support was",    "The product is",
                                      "Checkout felt",    "The refund was", "Our order arrived",
                                      "The staff were",   "Billing is",     "The app is",
                                      "Honestly it was"};
static const char *const middles[] = {"very", "not", "really", "kind of",   "",
                                      "",     "so",  "hardly", "extremely", "never"};
static const char *const heads[] = {"good",       "late",      "helpful",       "broken",
                                    "great",      "slow",      "rude",          "fine",
                                    "confusing",  "excellent", "okay",          "on time",
                                    "overpriced", "smooth",    "disappointing", "friendly"};
static const char *const tails[] = {".",         "!",   "!!",  " but the price is fair.",
                                    ", thanks.", " :)", " :(", " this time.",
                                    "...",       " 👍"};
static const char *const emoji[] = {"😍", "😡", "👍", "👎", "❤️", "😂", "🙄", "🎉", "😞", "🔥"};

static uint64_t state = 88172645463325252u;
static size_t pick(size_t n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (size_t)(state % n);
}
#define PICK(a) a[pick(sizeof a / sizeof a[0])]

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct corpus {
    char *data;
    const char **texts;
    size_t *lens;
    size_t n, bytes;
} corpus;

static corpus make(size_t n, int kind)
{
    corpus c = {malloc(n * 1100 + 1), malloc(n * sizeof(char *)), malloc(n * sizeof(size_t)), n, 0};
    if (!c.data || !c.texts || !c.lens)
        exit(1);
    for (size_t i = 0; i < n; i++) {
        char *p = c.data + c.bytes;
        size_t len = 0;
        int sentences = kind == 2 ? 20 : 1;
        for (int s = 0; s < sentences; s++) {
            const char *mid = PICK(middles);
            len += (size_t)sprintf(p + len, "%s%s %s%s%s%s", s ? " " : "", PICK(openers), mid,
                                   *mid ? " " : "", PICK(heads), PICK(tails));
            if (kind == 1)
                for (int e = 0; e < 4; e++)
                    len += (size_t)sprintf(p + len, " %s", PICK(emoji));
        }
        c.texts[i] = p;
        c.lens[i] = len;
        c.bytes += len;
    }
    return c;
}

static void run(const char *name, size_t n, int kind)
{
    corpus c = make(n, kind);
    co_sentiment *out = malloc(n * sizeof *out);
    if (!out)
        exit(1);
    double best = 1e30, checksum = 0;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        co_sentiment_score_many(NULL, c.texts, c.lens, n, out);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    for (size_t i = 0; i < n; i++)
        checksum += out[i].compound;
    printf("%-26s %9zu texts %7.1f bytes/text  %10.0f texts/s  %7.1f MB/s  (mean compound "
           "%+.4f)\n",
           name, n, (double)c.bytes / (double)n, (double)n / best, (double)c.bytes / best / 1e6,
           checksum / (double)n);
    if (kind != 2)
        printf("%26s e.g. \"%.*s\"\n", "", (int)c.lens[0], c.texts[0]);
    free(out);
    free(c.data);
    free(c.texts);
    free(c.lens);
}

/* Sentiment and intents of the same short sentences, and intents alone. */
static void run_intents(size_t n)
{
    corpus c = make(n, 0);
    co_sentiment *out = malloc(n * sizeof *out);
    co_intents *set;
    if (!out || co_intents_new(&set) != CO_OK)
        exit(1);
    double *conf = malloc(n * co_intents_count(set) * sizeof *conf);
    if (!conf)
        exit(1);
    double both = 1e30, alone = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        co_sentiment_score_many(NULL, c.texts, c.lens, n, out);
        co_intents_detect_many(set, c.texts, c.lens, n, conf);
        double t1 = now();
        co_intents_detect_many(set, c.texts, c.lens, n, conf);
        double t2 = now();
        both = t1 - t0 < both ? t1 - t0 : both;
        alone = t2 - t1 < alone ? t2 - t1 : alone;
    }
    size_t found = 0;
    for (size_t i = 0; i < n * co_intents_count(set); i++)
        found += conf[i] > 0;
    printf("%-26s %9zu texts %10.0f texts/s\n", "sentiment + intents", n, (double)n / both);
    printf("%-26s %9zu texts %10.0f texts/s  (%.3f intents/text)\n", "intents alone", n,
           (double)n / alone, (double)found / (double)n);
    co_intents_free(set);
    free(conf);
    free(out);
    free(c.data);
    free(c.texts);
    free(c.lens);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    run("short sentences", n, 0);
    run("emoji-heavy messages", n, 1);
    run("long reviews (20 sent.)", n / 20, 2);
    run_intents(n);
    return 0;
}
