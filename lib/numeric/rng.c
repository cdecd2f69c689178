/* xoshiro256** (Blackman & Vigna) and the samplers the simulators need. */
#include <math.h>

#include "numeric_internal.h"

#define CO_TWO_PI 6.28318530717958647692

static uint64_t rotl(uint64_t v, int k) { return (v << k) | (v >> (64 - k)); }

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void co__rng_seed(co_rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&seed);
}

uint64_t co__rng_next(co_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double co__rng_uniform(co_rng *rng)
{
    /* (k + 0.5) / 2^53 for a 53-bit k: never 0, never 1. */
    return ((double)(co__rng_next(rng) >> 11) + 0.5) * 0x1.0p-53;
}

double co__rng_normal(co_rng *rng)
{
    double u = co__rng_uniform(rng), v = co__rng_uniform(rng);
    return sqrt(-2.0 * log(u)) * cos(CO_TWO_PI * v);
}

double co__rng_exponential(co_rng *rng, double rate) { return -log(co__rng_uniform(rng)) / rate; }

/* log of a Gamma(shape, 1) draw; for shape < 1 the boost
 * G(shape) = G(shape + 1) U^(1/shape) is kept in logs so it cannot underflow. */
static double log_gamma_draw(co_rng *rng, double shape)
{
    double boost = 0.0;
    if (shape < 1.0) {
        boost = log(co__rng_uniform(rng)) / shape;
        shape += 1.0;
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = co__rng_normal(rng), v = 1.0 + c * x;
        if (v <= 0.0)
            continue;
        v = v * v * v;
        double u = co__rng_uniform(rng);
        if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
            return log(d * v) + boost;
    }
}

double co__rng_gamma(co_rng *rng, double shape, double scale)
{
    return exp(log_gamma_draw(rng, shape)) * scale;
}

double co__rng_beta(co_rng *rng, double a, double b)
{
    double la = log_gamma_draw(rng, a), lb = log_gamma_draw(rng, b);
    /* X / (X + Y) = 1 / (1 + exp(lb - la)) */
    return 1.0 / (1.0 + exp(lb - la));
}

uint64_t co__rng_poisson(co_rng *rng, double mean)
{
    if (!(mean > 0.0))
        return 0;
    if (mean < 10.0) {
        double limit = exp(-mean), p = co__rng_uniform(rng);
        uint64_t k = 0;
        while (p > limit) {
            p *= co__rng_uniform(rng);
            k++;
        }
        return k;
    }
    /* PTRS: Hormann (1993), "The transformed rejection method for generating
     * Poisson random variables", Insurance: Mathematics and Economics 12. */
    double smu = sqrt(mean), lmu = log(mean);
    double b = 0.931 + 2.53 * smu, a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = co__rng_uniform(rng) - 0.5, v = co__rng_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
            -mean + k * lmu - co__lgamma(k + 1.0))
            return (uint64_t)k;
    }
}

uint64_t co__rng_geometric(co_rng *rng, double p)
{
    if (p >= 1.0)
        return 1;
    /* Inversion: 1 + floor(log U / log(1 - p)). */
    double k = floor(log(co__rng_uniform(rng)) / log1p(-p));
    return k >= 1.8e19 ? UINT64_MAX : 1 + (uint64_t)k;
}
