/*
 * lib/numeric: special functions, a small unconstrained minimiser and a
 * seeded random number generator, shared by the statistical models.
 *
 * Everything here is reentrant: no function keeps hidden state, so threads
 * may call them concurrently (a co_rng is used by one thread at a time).
 * Nothing here allocates. This header is internal (not installed); its API
 * only grows: existing declarations keep their meaning.
 */
#ifndef CO_NUMERIC_INTERNAL_H
#define CO_NUMERIC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* ---- Special functions ------------------------------------------------- */

/* log Gamma(x) for x > 0 (NaN otherwise). Absolute error below ~1e-14 for
 * x < 10 and relative error below ~1e-15 beyond. Unlike C's lgamma() it
 * touches no global (signgam), so it is safe in threads. */
double co__lgamma(double x);

/* Digamma psi(x) = d/dx log Gamma(x) for x > 0 (NaN otherwise). */
double co__digamma(double x);

/* Trigamma psi'(x) = d^2/dx^2 log Gamma(x) for x > 0 (NaN otherwise), for analytic
 * Hessians; relative error near 1e-15 (asymptotic series after shifting x up). */
double co__trigamma(double x);

/* ln Gamma(x + d) - ln Gamma(x) for x > 0, x + d > 0, without the cancellation of
 * the two log-gammas when x is large (1e15 + 0.5 keeps 15 digits). NaN outside. */
double co__lgamma_ratio(double x, double d);

/* log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b) for a, b > 0, through
 * co__lgamma_ratio() so a large argument loses nothing. */
double co__lbeta(double a, double b);

/*
 * log of the regularised incomplete beta function I_x(a, b), a, b > 0 finite,
 * 0 <= x <= 1, with y = 1 - x passed separately so that a y near 0 keeps its
 * digits. Continued fraction (modified Lentz) on I_x(a, b) or 1 - I_y(b, a),
 * whichever converges; its front factor x^a y^b / B(a, b) is taken in logs, so
 * results far below DBL_MIN come out as finite logarithms.
 * @return CO_OK and *out (-inf when x = 0); CO_EINVAL for bad arguments;
 *         CO_ENOCONV when the fraction has not converged after
 *         CO_BETA_INC_MAX_TERMS terms (a and b both huge, x at the transition).
 */
#define CO_BETA_INC_MAX_TERMS 100000
int co__log_beta_inc(double a, double b, double x, double y, double *out);

/* log(1 + exp(x)) without overflow or loss for large negative x. */
double co__log1pexp(double x);

/* log(exp(a) + exp(b)), exact when one side is -inf. */
double co__logaddexp(double a, double b);

/*
 * Gauss hypergeometric function 2F1(a, b; c; z) for real z < 1.
 *
 * z < 0 is mapped into (0, 1) by Pfaff's transformation; z <= 0.75 is summed
 * directly; for 0.75 < z < 1 the direct series is tried for 200 terms (it
 * settles at once when c dwarfs a and b), then the linear transformation to
 * 1 - z (where its two parts overflow or cancel to below 1e-6 of their size,
 * the direct series again, up to `CO_HYP2F1_MAX_TERMS` terms; when
 * c - a - b is within 1e-6 of an integer, where that formula degenerates,
 * the direct series is used while it converges, then the value is
 * interpolated between c - a - b = m -+ 1e-6). Series stop when a bound on
 * the rest of the terms is below 1e-16 of the sum, after at most
 * `CO_HYP2F1_MAX_TERMS` terms.
 * @return CO_OK and *out; CO_EINVAL for z >= 1, NaN arguments or c (or a
 *         Gamma argument of the transformation) a non-positive integer;
 *         CO_ENOCONV if a series did not converge. Records co_errmsg().
 */
#define CO_HYP2F1_MAX_TERMS 200000
int co__hyp2f1(double a, double b, double c, double z, double *out);

/* co__hyp2f1() with w = 1 - z given by the caller, for z near 1 where 1 - z
 * computed from z keeps few digits (z = t/(alpha + t) for a long horizon t:
 * w = alpha/(alpha + t) is exact to rounding while 1 - z loses log10(1/w)
 * digits, and z rounds to 1 beyond t ~ 1e16 alpha). z = 1 is accepted when
 * w > 0. The transformation to 1 - z (and its interpolation) takes w. */
int co__hyp2f1_w(double a, double b, double c, double z, double w, double *out);

/* ---- Minimisation ----------------------------------------------------- */

/* Largest number of free parameters co__minimize() handles (no allocation). */
#define CO_OPT_MAX_DIM 20

/*
 * Objective for co__minimize(). Writes f(x) to *f and, when `grad` is not
 * NULL, the gradient to grad[0..n-1]. A point outside the objective's domain
 * is reported with CO_OK and a non-finite *f, gradient left unwritten (the search backs off); any
 * negative status aborts the minimisation and is returned as is.
 * Models pass log-parameters so that x is unconstrained.
 */
typedef int (*co_objective_fn)(void *ctx, const double *x, double *f, double *grad);

typedef struct co_opt_options {
    size_t max_iter;     /* quasi-Newton iterations (default 500) */
    double grad_tol;     /* converged when max |grad_i| <= grad_tol (default 1e-7) */
    size_t nm_max_evals; /* Nelder-Mead fallback evaluations (default 4000); 0 disables */
    double nm_tol;       /* Nelder-Mead: stop when the simplex's f spread <= nm_tol (1e-12) */
    /* NULL (default), or n x n doubles (row-major): BFGS starts from this
     * inverse Hessian when its first entry is > 0 (else from the identity)
     * and the final approximation is written back, so that a fit can be
     * warm-started from a related one (e.g. on a subsample). */
    double *inv_hessian;
} co_opt_options;

/* Fill `opt` with the defaults above. */
void co__opt_options_init(co_opt_options *opt);

typedef enum co_opt_method {
    CO_OPT_BFGS = 0,       /* quasi-Newton converged on its own */
    CO_OPT_NELDER_MEAD = 1 /* needed the Nelder-Mead fallback (then a BFGS polish) */
} co_opt_method;

typedef struct co_opt_result {
    double f;           /* objective at the returned x */
    double grad_norm;   /* max |grad_i| at the returned x */
    size_t iterations;  /* BFGS iterations, all phases */
    size_t evaluations; /* objective calls, all phases */
    co_opt_method method;
} co_opt_result;

/*
 * Minimise `fn` over R^n (1 <= n <= CO_OPT_MAX_DIM) starting from x, by BFGS
 * (inverse-Hessian update, backtracking Armijo line search) with analytic
 * gradients. If BFGS stalls before the gradient test passes, Nelder-Mead
 * restarts from the best point and BFGS polishes its result.
 * @param[in,out] x start on entry; the minimiser on CO_OK (untouched on failure).
 * @param opt     NULL for defaults.
 * @param[out] res may be NULL.
 * @return CO_OK; CO_EINVAL for bad n or a non-finite start value;
 *         CO_ENOCONV when no phase met the tolerance; or the objective's error.
 */
int co__minimize(co_objective_fn fn, void *ctx, size_t n, double *x, const co_opt_options *opt,
                 co_opt_result *res);

/*
 * Central-difference gradient of `fn` at x with relative step h (absolute
 * step h * max(1, |x_i|)); 2n objective calls. For tests and objectives
 * without an analytic gradient.
 * @return CO_OK, CO_EINVAL for bad n or a non-finite value, or fn's error.
 */
int co__numeric_gradient(co_objective_fn fn, void *ctx, size_t n, const double *x, double h,
                         double *grad);

/*
 * Hessian of fn at x (n <= CO_OPT_MAX_DIM) from its analytic gradient:
 * central differences of the gradient with steps h and h / 2 in each x_j,
 * Richardson-extrapolated (error O(h^4) instead of O(h^2)), then symmetrised;
 * 4n gradient calls. hess: n x n, row-major. err (may be NULL): the largest
 * h^2 error term of the finer differences or half-asymmetry, relative to the
 * largest |entry|: an upper estimate of the extrapolation's error. The
 * caller picks h for x's scale (1e-3 for log-parameters).
 * @return CO_OK; CO_EINVAL for a bad n or h; CO_ENOCONV (recorded) when the
 *         objective or gradient is not finite at a step; or fn's error.
 */
int co__hessian_richardson(co_objective_fn fn, void *ctx, size_t n, const double *x, double h,
                           double *hess, double *err);

/* Inverse of the symmetric n x n matrix a (row-major, n <= CO_OPT_MAX_DIM)
 * into inv by Cholesky. CO_OK; CO_ENOCONV, with nothing recorded and inv
 * untouched, when a is not numerically positive definite; CO_EINVAL (recorded)
 * for a bad n. */
int co__spd_inverse(size_t n, const double *a, double *inv);

/* Its lower Cholesky factor l (n x n, row-major, zero above the diagonal), l l^T = a;
 * the same statuses. */
int co__cholesky(size_t n, const double *a, double *l);

/* Quantiles q_lo <= q_hi of the n >= 1 finite values v (linear between order
 * statistics, R's type 7, the same as from the sorted values) by selection in
 * expected linear time; v is reordered. */
void co__quantile_pair(double *v, size_t n, double q_lo, double q_hi, double *lo, double *hi);

/* The same quantiles, the same bits, for many samples in a row whose values
 * order alike (a band's draws for one customer after another): the values
 * at or below the element `hint->lo` names (at or above `hint->hi`) are
 * gathered in one pass, and the order statistics selected among those few;
 * the hint is then moved for the next sample. v is left as it is; scratch
 * holds n doubles and n indices. Any hint gives the same result. */
typedef struct co_quantile_hint {
    size_t lo, hi;
    int valid; /* 0 before the first sample */
} co_quantile_hint;
void co__quantile_pair_hinted(const double *v, size_t n, double q_lo, double q_hi,
                              co_quantile_hint *hint, double *scratch, size_t *index, double *lo,
                              double *hi);

/* ---- Random numbers ---------------------------------------------------- */

/* xoshiro256** generator state; seed it with co__rng_seed(). */
typedef struct co_rng {
    uint64_t s[4];
} co_rng;

/* Seed from one 64-bit value (expanded with splitmix64): same seed, same stream. */
void co__rng_seed(co_rng *rng, uint64_t seed);

/* Next raw 64-bit output. */
uint64_t co__rng_next(co_rng *rng);

/* Uniform on the open interval (0, 1), 53-bit resolution. */
double co__rng_uniform(co_rng *rng);

/* Standard normal (Box-Muller). */
double co__rng_normal(co_rng *rng);

/* Exponential with the given rate > 0 (mean 1/rate). */
double co__rng_exponential(co_rng *rng, double rate);

/* Gamma with shape > 0 and scale > 0 (mean shape * scale), Marsaglia-Tsang. */
double co__rng_gamma(co_rng *rng, double shape, double scale);

/* Beta(a, b), a, b > 0, computed in log space so tiny shapes stay valid. */
double co__rng_beta(co_rng *rng, double a, double b);

/* Poisson with mean >= 0: multiplication method below 10, Hormann's PTRS
 * transformed rejection above. */
uint64_t co__rng_poisson(co_rng *rng, double mean);

/* Geometric: number of Bernoulli(p) trials up to and including the first
 * success (support 1, 2, ...), 0 < p <= 1. */
uint64_t co__rng_geometric(co_rng *rng, double p);

#endif
