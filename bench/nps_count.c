/* NPS counting speed on 100M uint8 scores, against two baselines measured in
 * the same run over the same buffer:
 *   - memory-read bandwidth: a plain sum of the buffer as uint64 words (the
 *     upper bound for any single pass over the data);
 *   - a straightforward one-lane 256-bin histogram, what one writes first.
 * Usage: bench_nps_count [millions of scores, default 100] [repetitions, default 5]
 * Prints the best time of each, in GB/s, and the ratios. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

static double now(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t sum_words(const uint8_t *data, size_t n)
{
    const uint64_t *w = (const uint64_t *)(const void *)data;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    size_t words = n / 8, i = 0;
    for (; i + 4 <= words; i += 4) {
        a += w[i];
        b += w[i + 1];
        c += w[i + 2];
        d += w[i + 3];
    }
    for (; i < words; i++)
        a += w[i];
    return a + b + c + d;
}

static uint64_t naive_histogram(const uint8_t *data, size_t n)
{
    uint64_t hist[256] = {0};
    for (size_t i = 0; i < n; i++)
        hist[data[i]]++;
    return hist[0] + hist[7] + hist[10];
}

int main(int argc, char **argv)
{
    size_t millions = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    size_t n = millions * 1000000;
    uint8_t *data = aligned_alloc(64, (n + 63) / 64 * 64);
    if (!data || reps < 1)
        return 1;
    uint64_t state = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        data[i] = (uint8_t)(state % 11);
    }
    double best_nps = 1e30, best_sum = 1e30, best_naive = 1e30;
    volatile uint64_t sink = 0;
    co_nps acc = {0};
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        sink += sum_words(data, n);
        double t1 = now();
        co_nps one = {0};
        if (co_nps_add_many_u8(&one, data, n) != CO_OK)
            return 1;
        double t2 = now();
        sink += naive_histogram(data, n);
        double t3 = now();
        acc = one;
        best_sum = t1 - t0 < best_sum ? t1 - t0 : best_sum;
        best_nps = t2 - t1 < best_nps ? t2 - t1 : best_nps;
        best_naive = t3 - t2 < best_naive ? t3 - t2 : best_naive;
    }
    double score;
    co_nps_score(&acc, &score);
    double gb = (double)n / 1e9;
    printf("scores: %zu (NPS %.4f, checksum %llu)\n", n, score, (unsigned long long)sink);
    printf("memory read (uint64 sum):   %7.2f ms  %6.2f GB/s\n", 1e3 * best_sum, gb / best_sum);
    printf("co_nps_add_many_u8:         %7.2f ms  %6.2f GB/s\n", 1e3 * best_nps, gb / best_nps);
    printf("one-lane histogram:         %7.2f ms  %6.2f GB/s\n", 1e3 * best_naive, gb / best_naive);
    printf("co_nps_add_many_u8 / memory read time: %.2f\n", best_nps / best_sum);
    printf("histogram / co_nps_add_many_u8 time:   %.2f\n", best_naive / best_nps);
    free(data);
    return 0;
}
