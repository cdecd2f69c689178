/* Log-gamma, digamma and log-space helpers. Both special functions shift the
 * argument up to x >= 10 by their recurrences and then use the asymptotic
 * (Stirling / de Moivre) series, whose truncation error there is < 1e-16. */
#include <math.h>

#include "numeric_internal.h"

#define SHIFT_TO 10.0
#define HALF_LOG_2PI 0.91893853320467274178

double co__lgamma(double x)
{
    if (!(x > 0.0))
        return NAN;
    if (isinf(x))
        return INFINITY;
    double shift = 0.0;
    if (x < SHIFT_TO) {
        /* Gamma(x) = Gamma(x + k) / (x (x + 1) ... (x + k - 1)) */
        double prod = 1.0;
        while (x < SHIFT_TO) {
            prod *= x;
            x += 1.0;
        }
        shift = log(prod);
    }
    double inv = 1.0 / x, inv2 = inv * inv;
    /* Bernoulli terms B_2k / (2k (2k - 1) x^(2k - 1)), k = 1..7 */
    double series =
        inv *
        (1.0 / 12 +
         inv2 * (-1.0 / 360 +
                 inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680 +
                                              inv2 * (1.0 / 1188 + inv2 * (-691.0 / 360360 +
                                                                           inv2 * (1.0 / 156)))))));
    return (x - 0.5) * log(x) - x + HALF_LOG_2PI + series - shift;
}

double co__digamma(double x)
{
    if (!(x > 0.0))
        return NAN;
    if (isinf(x))
        return INFINITY;
    double shift = 0.0;
    while (x < SHIFT_TO) {
        shift += 1.0 / x;
        x += 1.0;
    }
    double inv = 1.0 / x, inv2 = inv * inv;
    /* B_2k / (2k x^(2k)), k = 1..7 */
    double series =
        inv2 *
        (1.0 / 12 -
         inv2 * (1.0 / 120 -
                 inv2 * (1.0 / 252 -
                         inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 -
                                                                         inv2 * (1.0 / 12)))))));
    return log(x) - 0.5 * inv - series - shift;
}

double co__lbeta(double a, double b) { return co__lgamma(a) + co__lgamma(b) - co__lgamma(a + b); }

double co__log1pexp(double x)
{
    if (x > 36.0)
        return x + exp(-x); /* exp(-x) below one ulp of x beyond here */
    return log1p(exp(x));
}

double co__logaddexp(double a, double b)
{
    if (a < b) {
        double t = a;
        a = b;
        b = t;
    }
    if (isinf(a) && a < 0)
        return a; /* both -inf */
    return a + co__log1pexp(b - a);
}
