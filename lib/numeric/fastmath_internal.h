/* log and exp written as straight-line code (no branches, no table, no call),
 * so that a compiler turns a loop over an array into vector instructions:
 * several values per instruction where libm takes one call each. Each is
 * within about one unit in the last place of the true value (tests/fastmath_test.c
 * against libm). Only basic IEEE operations: the same bits whether a loop is
 * vectorised or not, on any machine without contraction into fused
 * multiply-adds (C11 mode: GCC keeps -ffp-contract=off). */
#ifndef CO_FASTMATH_INTERNAL_H
#define CO_FASTMATH_INTERNAL_H

#include <stdint.h>
#include <string.h>

static inline uint64_t co__bits_of(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

static inline double co__double_of(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* ln 2 as a head of 32 significant bits (k * head exact for |k| < 2^21) and
 * the rest; sqrt(1/2) as bits. */
#define CO__LN2_HI 0x1.62e42ff000000p-1
#define CO__LN2_LO (-0x1.718432a1b0e26p-35)
#define CO__SQRT_HALF_BITS 0x3fe6a09e667f3bcdULL

/* Natural log of a normal x (DBL_MIN <= x <= DBL_MAX; anything else gives a
 * wrong value: the caller makes sure). x = 2^k m, m in [sqrt(1/2), sqrt(2));
 * with f = m - 1 and s = f / (2 + f), log m = 2 atanh(s)
 * = f - (f^2/2 - s (f^2/2 + R)), R = sum_{j=1..9} 2 s^(2j) / (2j + 1)
 * (|s| < 0.172: the first term left out, s 2 s^20 / 21, is below 2^-53.5 and
 * below 0.2 units in the last place of log m). */
static inline double co__fast_log(double x)
{
    /* (bits - bits(sqrt(1/2)) + bits(1)) >> 52 is k + 1023 (no borrow for normal x) */
    const uint64_t t = co__bits_of(x) - CO__SQRT_HALF_BITS + 0x3ff0000000000000ULL;
    const uint64_t kb = t >> 52;
    const double m = co__double_of(co__bits_of(x) - (kb << 52) + 0x3ff0000000000000ULL);
    /* k as a double from its bits: 2^52 + (k + 1023) exactly, less both */
    const double k = co__double_of(0x4330000000000000ULL | kb) - (0x1p52 + 1023.0);
    const double f = m - 1.0, s = f / (2.0 + f), z = s * s;
    const double R =
        z *
        (2.0 / 3 +
         z * (2.0 / 5 +
              z * (2.0 / 7 +
                   z * (2.0 / 9 +
                        z * (2.0 / 11 +
                             z * (2.0 / 13 + z * (2.0 / 15 + z * (2.0 / 17 + z * (2.0 / 19)))))))));
    const double hfsq = 0.5 * f * f;
    const double v = k * CO__LN2_HI + (f - (hfsq - (s * (hfsq + R) + k * CO__LN2_LO)));
    return v;
}

/* e^y for -708 <= y <= 0 (wrong outside: the caller selects 0 below, see
 * co__fast_exp_neg_or_0). y = k ln 2 + r, |r| <= ln(2)/2, e^r by its Taylor
 * series to r^13 (the rest below 2^-57), times 2^k put into the exponent bits. */
static inline double co__fast_exp_neg(double y)
{
    const double shift = 0x1.8p52; /* adding it rounds to an integer */
    const double kt = y * 0x1.71547652b82fep+0 + shift;
    const double k = kt - shift;
    const double r = (y - k * CO__LN2_HI) - k * CO__LN2_LO;
    const double p =
        1.0 +
        r * (1.0 +
             r * (1.0 / 2 +
                  r * (1.0 / 6 +
                       r * (1.0 / 24 +
                            r * (1.0 / 120 +
                                 r * (1.0 / 720 +
                                      r * (1.0 / 5040 +
                                           r * (1.0 / 40320 +
                                                r * (1.0 / 362880 +
                                                     r * (1.0 / 3628800 +
                                                          r * (1.0 / 39916800 +
                                                               r * (1.0 / 479001600 +
                                                                    r / 6227020800.0))))))))))));
    /* bits(kt) - bits(shift) is k in two's complement: shifted into the exponent */
    return co__double_of(co__bits_of(p) + ((co__bits_of(kt) - co__bits_of(shift)) << 52));
}

/* e^y for any y <= 0 (0 below -708, where it would be subnormal). A select
 * right before a store keeps a loop vectorisable; one feeding more arithmetic
 * does not (GCC 12 without -fno-trapping-math). */
static inline double co__fast_exp_neg_or_0(double y)
{
    const double v = co__fast_exp_neg(y);
    return y >= -708.0 ? v : 0.0;
}

/* On x86-64 with GCC, a function with such loops is also compiled for AVX-512
 * and AVX2 (eight or four doubles per instruction; no FMA, as C11 does not
 * contract) and the loader picks the version the processor runs: the same
 * operations, so the same bits. Not under ThreadSanitizer,
 * whose runtime is not ready when the loader runs the version's resolver. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) &&       \
    !defined(__SANITIZE_THREAD__)
#define CO__VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CO__VECTOR_CLONES
#endif

#endif
