/* Gauss hypergeometric function 2F1(a, b; c; z) for real z < 1. */
#include <math.h>

#include "error_internal.h"
#include "numeric_internal.h"

#define SERIES_REL_TOL 1e-16
#define DIRECT_LIMIT 0.75
#define INTEGER_GAP 1e-6
#define CO_PI 3.14159265358979323846

static int is_nonpositive_integer(double v) { return v <= 0.0 && v == floor(v); }

#define CANCELLATION_LIMIT 1e-6 /* of the sum's parts: 6 of 16 digits left */
#define QUICK_TERMS 200         /* budget of the plain series tried first near z = 1 */

typedef enum { SUM_DONE, SUM_SLOW, SUM_OVERFLOW } sum_state;

/* Plain power series sum_n (a)_n (b)_n / ((c)_n n!) z^n for 0 <= z < 1,
 * at most `max_terms` terms. Terminates exactly when a or b is a
 * non-positive integer. */
static sum_state series_sum(double a, double b, double c, double z, long max_terms, double *out)
{
    double term = 1.0, sum = 1.0;
    for (long n = 0; n < max_terms; n++) {
        const double an = a + (double)n, bn = b + (double)n, cn = c + (double)n;
        if (an == 0.0 || bn == 0.0) {
            *out = sum;
            return SUM_DONE;
        }
        term *= an * bn / (cn * (double)(n + 1)) * z;
        sum += term;
        if (!isfinite(sum))
            return SUM_OVERFLOW;
        /* An underflowed term stays 0: nothing more would be added. */
        if (term == 0.0) {
            *out = sum;
            return SUM_DONE;
        }
        /* Once a + m, b + m and c + m are positive for all later m, the
         * factors (a+m)/(c+m) and (b+m)/(m+1) move monotonically towards 1,
         * so every later ratio of terms is below R and the tail below
         * |term| R / (1 - R). */
        if (an + 1.0 >= 0.0 && bn + 1.0 >= 0.0 && cn + 1.0 > 0.0) {
            const double fa = (an + 1.0) / (cn + 1.0), fb = (bn + 1.0) / ((double)n + 2.0);
            const double R = z * (fa > 1.0 ? fa : 1.0) * (fb > 1.0 ? fb : 1.0);
            if (R < 1.0 && fabs(term) * R <= SERIES_REL_TOL * (1.0 - R) * fabs(sum)) {
                *out = sum;
                return SUM_DONE;
            }
        }
    }
    return SUM_SLOW;
}

static int series(double a, double b, double c, double z, double *out)
{
    switch (series_sum(a, b, c, z, CO_HYP2F1_MAX_TERMS, out)) {
    case SUM_DONE: return CO_OK;
    case SUM_OVERFLOW:
        return co__fail(CO_ENOCONV, "2F1(%g, %g; %g; %g): series overflowed", a, b, c, z);
    default:
        return co__fail(CO_ENOCONV, "2F1(%g, %g; %g; %g): series did not converge in %d terms", a,
                        b, c, z, CO_HYP2F1_MAX_TERMS);
    }
}

/* 1/Gamma(v) with sign, 0 at the poles. */
static double rgamma(double v)
{
    if (is_nonpositive_integer(v))
        return 0.0;
    if (v > 0.0)
        return exp(-co__lgamma(v));
    /* Reflection: 1/Gamma(v) = Gamma(1 - v) sin(pi v) / pi */
    return exp(co__lgamma(1.0 - v)) * sin(CO_PI * v) / CO_PI;
}

/* Gamma(v) for v not a non-positive integer (sign included). */
static double gamma_signed(double v)
{
    if (v > 0.0)
        return exp(co__lgamma(v));
    return CO_PI / (sin(CO_PI * v) * exp(co__lgamma(1.0 - v)));
}

/* Abramowitz & Stegun 15.3.6 for 0.75 < z < 1 and non-integer d = c - a - b:
 * 2F1 = G(c)G(d)/(G(c-a)G(c-b)) 2F1(a, b; 1-d; 1-z)
 *     + (1-z)^d G(c)G(-d)/(G(a)G(b)) 2F1(c-a, c-b; 1+d; 1-z) */
static int one_minus_z(double a, double b, double c, double z, double w, double *out)
{
    double d = c - a - b;
    double f1, f2;
    int rc = series(a, b, 1.0 - d, w, &f1);
    if (rc == CO_OK)
        rc = series(c - a, c - b, 1.0 + d, w, &f2);
    if (rc != CO_OK)
        return rc;
    double gc = gamma_signed(c);
    double t1 = gc * gamma_signed(d) * rgamma(c - a) * rgamma(c - b) * f1;
    double t2 = pow(w, d) * gc * gamma_signed(-d) * rgamma(a) * rgamma(b) * f2;
    double v = t1 + t2;
    if (!isfinite(v))
        return co__fail(CO_ENOCONV, "2F1(%g, %g; %g; %g): value overflowed", a, b, c, z);
    /* With large a and b the two parts are huge and of opposite signs: what
     * is left of their sum is rounding noise. */
    if (fabs(v) < CANCELLATION_LIMIT * (fabs(t1) + fabs(t2)))
        return co__fail(CO_ENOCONV, "2F1(%g, %g; %g; %g): the transformation cancels", a, b, c, z);
    *out = v;
    return CO_OK;
}

static int hard_region(double a, double b, double c, double z, double w, double *out)
{
    if (is_nonpositive_integer(c) || c > 1e6)
        return series(a, b, c, z, out);
    /* When c dwarfs a and b (as in the BG/NBD expectation of a heavy buyer),
     * the terms vanish long before z^n matters. */
    if (series_sum(a, b, c, z, QUICK_TERMS, out) == SUM_DONE)
        return CO_OK;
    double d = c - a - b, m = nearbyint(d);
    /* Where the transformation overflows or cancels (large a and b), the
     * plain series of positive terms may still get there. */
    if (fabs(d - m) > INTEGER_GAP)
        return one_minus_z(a, b, c, z, w, out) == CO_OK ? CO_OK : series(a, b, c, z, out);
    /* Degenerate d: both Gamma products blow up and cancel. The direct series
     * still converges (slowly) below z ~ 1 - 40 / CO_HYP2F1_MAX_TERMS; beyond,
     * the function is smooth in b, so interpolate between d = m -+ gap. */
    if (series(a, b, c, z, out) == CO_OK)
        return CO_OK;
    double lo, hi, b_lo = c - a - (m - INTEGER_GAP), b_hi = c - a - (m + INTEGER_GAP);
    int rc = one_minus_z(a, b_lo, c, z, w, &lo);
    if (rc == CO_OK)
        rc = one_minus_z(a, b_hi, c, z, w, &hi);
    if (rc != CO_OK)
        return rc;
    double t = (d - (m - INTEGER_GAP)) / (2.0 * INTEGER_GAP);
    *out = lo + t * (hi - lo);
    return CO_OK;
}

int co__hyp2f1(double a, double b, double c, double z, double *out)
{
    return co__hyp2f1_w(a, b, c, z, 1.0 - z, out);
}

int co__hyp2f1_w(double a, double b, double c, double z, double w, double *out)
{
    if (isnan(a) || isnan(b) || isnan(c) || isnan(z) || isnan(w) || isinf(a) || isinf(b) ||
        isinf(c))
        return co__fail(CO_EINVAL, "2F1: non-finite argument");
    if (!(z < 1.0 || (z == 1.0 && w > 0.0)))
        return co__fail(CO_EINVAL, "2F1: z = %g (1 - z = %g) outside z < 1", z, w);
    if (is_nonpositive_integer(c))
        return co__fail(CO_EINVAL, "2F1: c = %g is a non-positive integer", c);
    if (z == 0.0 || a == 0.0 || b == 0.0) {
        *out = 1.0;
        return CO_OK;
    }
    double scale = 1.0;
    if (z < 0.0) {
        /* Pfaff: 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)), z/(z-1) in (0,1) */
        if (isinf(z))
            return co__fail(CO_EINVAL, "2F1: z is infinite");
        scale = pow(w, -a);
        b = c - b;
        z = z / (z - 1.0);
        w = 1.0 - z; /* 1/(1 - z_old) = 1/w_old, at most 1 here */
    }
    double v;
    int rc = z <= DIRECT_LIMIT ? series(a, b, c, z, &v) : hard_region(a, b, c, z, w, &v);
    if (rc != CO_OK)
        return rc;
    v *= scale;
    if (!isfinite(v))
        return co__fail(CO_ENOCONV, "2F1: value overflowed");
    *out = v;
    return CO_OK;
}
