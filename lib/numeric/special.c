/* Log-gamma, digamma and log-space helpers. Both special functions shift the
 * argument up to x >= 10 by their recurrences and then use the asymptotic
 * (Stirling / de Moivre) series, whose truncation error there is < 1e-16. */
#include <math.h>

#include "error_internal.h"
#include "numeric_internal.h"

#define SHIFT_TO 10.0
#define HALF_LOG_2PI 0.91893853320467274178

/* The Stirling series ln Gamma(x) - [(x - 0.5) ln x - x + ln(2 pi)/2] for x >= 10:
 * Bernoulli terms B_2k / (2k (2k - 1) x^(2k - 1)), k = 1..7. */
static double stirling_series(double x)
{
    double inv = 1.0 / x, inv2 = inv * inv;
    return inv * (1.0 / 12 +
                  inv2 * (-1.0 / 360 +
                          inv2 * (1.0 / 1260 +
                                  inv2 * (-1.0 / 1680 +
                                          inv2 * (1.0 / 1188 + inv2 * (-691.0 / 360360 +
                                                                       inv2 * (1.0 / 156)))))));
}

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
    return (x - 0.5) * log(x) - x + HALF_LOG_2PI + stirling_series(x) - shift;
}

/*
 * ln Gamma(x + d) - ln Gamma(x) = (x - 0.5) log1p(d/x) + d (ln(x + d) - 1)
 *                                 + series(x + d) - series(x)
 * once both arguments are >= 10: the two large (x - 0.5) ln x parts cancel
 * analytically, not in floating point.
 */
double co__lgamma_ratio(double x, double d)
{
    const double y = x + d;
    if (!(x > 0.0) || !(y > 0.0))
        return NAN;
    if (x < SHIFT_TO || y < SHIFT_TO || isinf(x) || isinf(y))
        return co__lgamma(y) - co__lgamma(x);
    if (d == 0.0)
        return 0.0;
    /* (x - 0.5) log1p(d/x); for |d/x| < 1e-8 its series d - d (0.5 + d/2)/x (the rest is
     * below 1e-16 d), which needs no d/x, subnormal when x is near DBL_MAX */
    const double head = fabs(d) < 1e-8 * x ? d - d * (0.5 + 0.5 * d) / x : (x - 0.5) * log1p(d / x);
    return head + d * (log(y) - 1.0) + (stirling_series(y) - stirling_series(x));
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

double co__trigamma(double x)
{
    if (!(x > 0.0))
        return NAN;
    if (isinf(x))
        return 0.0;
    double shift = 0.0;
    while (x < SHIFT_TO) { /* psi1(x) = psi1(x + 1) + 1 / x^2 */
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    double inv = 1.0 / x, inv2 = inv * inv;
    /* 1/x + 1/(2x^2) + sum_k B_2k / x^(2k+1), k = 1..7 */
    double series =
        inv * inv2 *
        (1.0 / 6 -
         inv2 * (1.0 / 30 -
                 inv2 * (1.0 / 42 -
                         inv2 * (1.0 / 30 -
                                 inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * (7.0 / 6)))))));
    return inv + 0.5 * inv2 + series + shift;
}

/* ln B(a, b) = ln Gamma(s) - [ln Gamma(l + s) - ln Gamma(l)], s <= l: no cancellation
 * between ln Gamma(l) and ln Gamma(l + s) when l is large. */
double co__lbeta(double a, double b)
{
    const double s = a < b ? a : b, l = a < b ? b : a;
    return co__lgamma(s) - co__lgamma_ratio(l, s);
}

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

/* Continued fraction of I_x(a, b) (modified Lentz), with y = 1 - x given
 * separately; it converges fast for x < (a + 1) / (a + b + 2). */
static int beta_fraction(double a, double b, double x, double *out)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / (fabs(d) < tiny ? tiny : d);
    double h = d;
    for (long m = 1; m <= CO_BETA_INC_MAX_TERMS; m++) {
        const double m2 = 2.0 * (double)m, dm = (double)m;
        double num = dm * (b - dm) * x / ((a + m2 - 1.0) * (a + m2));
        double delta = 1.0;
        for (int step = 0; step < 2; step++) {
            d = 1.0 + num * d;
            d = 1.0 / (fabs(d) < tiny ? tiny : d);
            c = 1.0 + num / c;
            if (fabs(c) < tiny)
                c = tiny;
            delta = d * c;
            h *= delta;
            num = -(a + dm) * (a + b + dm) * x / ((a + m2) * (a + m2 + 1.0));
        }
        if (fabs(delta - 1.0) < 1e-16) {
            *out = h;
            return CO_OK;
        }
    }
    return co__fail(CO_ENOCONV,
                    "incomplete beta I_x(%g, %g) at x = %g: continued fraction did not converge "
                    "in %d terms",
                    a, b, x, CO_BETA_INC_MAX_TERMS);
}

int co__log_beta_inc(double a, double b, double x, double y, double *out)
{
    if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(y >= 0.0) || isinf(a) || isinf(b))
        return co__fail(CO_EINVAL,
                        "incomplete beta I_x(%g, %g): needs finite a, b > 0, x in [0, 1]", a, b);
    if (x == 0.0) {
        *out = -INFINITY;
        return CO_OK;
    }
    if (y == 0.0) {
        *out = 0.0;
        return CO_OK;
    }
    /* x^a y^b / B(a, b), the factor in front of both fractions; the log of
     * whichever of x, y is near 1 is taken as log1p(-other): a = 1e8 times
     * the rounding of log(x) would cost 8 digits */
    const double lx = x < 0.5 ? log(x) : log1p(-y), ly = y < 0.5 ? log(y) : log1p(-x);
    const double log_front = a * lx + b * ly - co__lbeta(a, b);
    double f = 0.0;
    if (x < (a + 1.0) / (a + b + 2.0)) {
        int rc = beta_fraction(a, b, x, &f);
        if (rc == CO_OK)
            *out = log_front + log(f) - log(a);
        return rc;
    }
    /* I_x(a, b) = 1 - I_y(b, a) */
    int rc = beta_fraction(b, a, y, &f);
    if (rc == CO_OK) {
        const double lc = log_front + log(f) - log(b);
        *out = lc < 0.0 ? log1p(-exp(lc)) : -INFINITY;
    }
    return rc;
}
