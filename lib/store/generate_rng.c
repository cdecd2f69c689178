/* Random variates for the generator. Gamma variates use Marsaglia and
 * Tsang's squeeze method (shape >= 1) with the U^(1/shape) boost below 1. */
#include <math.h>

#include "generate_internal.h"

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t gen_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double gen_uniform(gen_rng *r) { return ((double)(gen_next(r) >> 11) + 0.5) * 0x1.0p-53; }

unsigned gen_below(gen_rng *r, unsigned n) { return (unsigned)(gen_uniform(r) * n); }

double gen_normal(gen_rng *r)
{
    /* Box-Muller; one of the pair is enough here. */
    return sqrt(-2.0 * log(gen_uniform(r))) * cos(6.283185307179586 * gen_uniform(r));
}

double gen_gamma(gen_rng *r, double shape)
{
    if (shape < 1.0)
        return gen_gamma(r, shape + 1.0) * pow(gen_uniform(r), 1.0 / shape);
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = gen_normal(r), v = 1.0 + c * x;
        if (v <= 0)
            continue;
        v = v * v * v;
        double u = gen_uniform(r);
        if (u < 1.0 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return d * v;
    }
}

double gen_beta(gen_rng *r, double a, double b)
{
    double x = gen_gamma(r, a), y = gen_gamma(r, b);
    return x / (x + y);
}

unsigned gen_poisson(gen_rng *r, double mean)
{
    /* Knuth's product of uniforms: fine for the small means used here. */
    double limit = exp(-mean), p = 1.0;
    unsigned k = 0;
    while ((p *= gen_uniform(r)) > limit)
        k++;
    return k;
}
