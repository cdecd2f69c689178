/* Normal quantile by Halley refinement of a rational first guess, Student t
 * quantile by bisection on its tail, computed through the regularised
 * incomplete beta function (continued fraction, modified Lentz). */
#include <math.h>

#include "dist_internal.h"
#include "numeric_internal.h"

static const double SQRT1_2 = 0.70710678118654752440;

int co__level_ok(double level) { return level > 0.0 && level < 1.0; }

/* P(Z <= z), accurate in both tails. */
static double normal_cdf(double z) { return 0.5 * erfc(-z * SQRT1_2); }

double co__normal_quantile(double p)
{
    if (!(p > 0.0 && p < 1.0))
        return p == 0.0 ? -HUGE_VAL : p == 1.0 ? HUGE_VAL : NAN;
    if (p == 0.5)
        return 0.0;
    /* Work in the lower tail, where erfc keeps full relative precision. */
    double q = p < 0.5 ? p : 1.0 - p;
    double t = sqrt(-2.0 * log(q));
    /* A rational approximation good to about 5e-4 (Abramowitz & Stegun 26.2.23). */
    double z = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                         (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int i = 0; i < 4; i++) {
        double density = exp(-0.5 * z * z) * 0.39894228040143267794;
        if (density == 0.0)
            break;
        double e = (normal_cdf(z) - q) / density;
        z -= e / (1.0 + 0.5 * z * e); /* Halley step */
    }
    return p < 0.5 ? z : -z;
}

double co__normal_critical(double level) { return -co__normal_quantile(0.5 * (1.0 - level)); }

double co__normal_two_sided_p(double z) { return erfc(fabs(z) * SQRT1_2); }

/* Continued fraction of the incomplete beta function (valid for
 * x < (a + 1) / (a + b + 2)). */
static double beta_fraction(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 500; m++) {
        double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        for (int step = 0; step < 2; step++) {
            d = 1.0 + num * d;
            d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
            c = 1.0 + num / c;
            if (fabs(c) < tiny)
                c = tiny;
            h *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        }
        if (fabs(d * c - 1.0) < 1e-16)
            break;
    }
    return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double incomplete_beta(double a, double b, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    /* co__lbeta, not lgamma(): lgamma() writes the global signgam, a data race
     * between threads that compute confidence intervals at once. */
    double log_front = a * log(x) + b * log1p(-x) - co__lbeta(a, b);
    if (x < (a + 1.0) / (a + b + 2.0))
        return exp(log_front) * beta_fraction(a, b, x) / a;
    return 1.0 - exp(log_front) * beta_fraction(b, a, 1.0 - x) / b;
}

/* P(T >= t) for t >= 0. */
static double t_upper_tail(double t, double df)
{
    return 0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t * t));
}

double co__t_quantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
        return NAN;
    if (p == 0.5)
        return 0.0;
    double q = p < 0.5 ? p : 1.0 - p;
    double lo = 0.0, hi = 1.0;
    while (t_upper_tail(hi, df) > q && hi < 1e300)
        hi *= 2.0;
    for (int i = 0; i < 2000 && hi - lo > 4e-16 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (t_upper_tail(mid, df) > q)
            lo = mid;
        else
            hi = mid;
    }
    double t = 0.5 * (lo + hi);
    return p < 0.5 ? -t : t;
}

double co__t_critical(double level, double df) { return -co__t_quantile(0.5 * (1.0 - level), df); }

/* Regularised upper incomplete gamma Q(a, x) for a > 0, x >= 0: the series of
 * P(a, x) below x = a + 1, the continued fraction of Q (modified Lentz) above,
 * where it converges fast and keeps the tail's relative precision. */
static double upper_gamma(double a, double x)
{
    if (x <= 0.0)
        return 1.0;
    double log_front = a * log(x) - x - co__lgamma(a);
    if (x < a + 1.0) {
        double term = 1.0 / a, sum = term;
        for (int n = 1; n < 1000 && fabs(term) > fabs(sum) * 1e-17; n++) {
            term *= x / (a + n);
            sum += term;
        }
        return 1.0 - sum * exp(log_front);
    }
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int n = 1; n < 1000; n++) {
        double an = -n * (n - a);
        b += 2.0;
        d = an * d + b;
        d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        h *= d * c;
        if (fabs(d * c - 1.0) < 1e-16)
            break;
    }
    return exp(log_front) * h;
}

double co__chi2_sf(double x, double df)
{
    if (!(df > 0.0) || isnan(x))
        return NAN;
    return x <= 0.0 ? 1.0 : isinf(x) ? 0.0 : upper_gamma(0.5 * df, 0.5 * x);
}
