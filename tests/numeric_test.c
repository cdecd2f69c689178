/* lib/numeric: special functions, 2F1, minimiser, random samplers.
 * Reference values: tests/reference/numeric_reference.py (scipy.special). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "numeric_internal.h"

static void assert_close(double got, double want, double rel, const char *what)
{
    double tol = rel * (fabs(want) > 1.0 ? fabs(want) : 1.0);
    cr_assert(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

/* ---- special functions ---- */

static const double lgamma_table[][2] = {
    {1e-08, 18.420680738180209}, {0.1, 2.252712651734206},
    {0.5, 0.57236494292469997},  {1.0, 0},
    {1.5, -0.12078223763524526}, {2.0, 0},
    {3.7, 1.4280723266653881},   {9.99, 12.779315214350195},
    {10.0, 12.801827480081469},  {25.3, 55.746181183584596},
    {171.5, 709.14316303092835}, {1000000.0, 12815504.569147611},
};

Test(special, lgamma_matches_scipy)
{
    for (size_t i = 0; i < sizeof lgamma_table / sizeof *lgamma_table; i++)
        assert_close(co__lgamma(lgamma_table[i][0]), lgamma_table[i][1], 4e-15, "lgamma");
}

static const double digamma_table[][2] = {
    {1e-06, -1000000.57721402}, {0.25, -4.2274535333762655},    {1.0, -0.57721566490153287},
    {2.5, 0.70315664064524319}, {7.3, 1.9178203356379859},      {10.0, 2.2517525890667209},
    {55.5, 4.0073469585404435}, {100000.0, 11.512920464961896},
};

Test(special, digamma_matches_scipy)
{
    for (size_t i = 0; i < sizeof digamma_table / sizeof *digamma_table; i++)
        assert_close(co__digamma(digamma_table[i][0]), digamma_table[i][1], 4e-15, "digamma");
}

Test(special, large_arguments_keep_their_digits)
{
    /* tests/reference/numeric_large_reference.py (mpmath, 350 digits). lgamma(1e15 + 0.5) -
     * lgamma(1e15) in doubles is off by units: each is 3.4e16. */
    assert_close(co__lgamma_ratio(1e15, 0.5), 17.269388197455343, 1e-14, "ratio 1e15");
    assert_close(co__lgamma_ratio(1e8, -0.75), -13.815510551401774, 1e-14, "ratio 1e8");
    assert_close(co__lgamma_ratio(12.5, 3.25), 8.4816968867907567, 1e-14, "ratio 12.5");
    assert_close(co__lgamma_ratio(1e300, 2.5), 1726.9388197455343, 1e-14, "ratio 1e300");
    cr_assert(isnan(co__lgamma_ratio(2.0, -3.0)));
    assert_close(co__lbeta(0.793, 1e16), -29.056328329622086, 1e-14, "lbeta 1e16");
    assert_close(co__lbeta(1e300, 3.5), -2416.5133740414009, 1e-14, "lbeta 1e300");
    /* ln I_x(a, b): both branches of the fraction and a y near 1 */
    double v = 0.0;
    cr_assert_eq(co__log_beta_inc(5, 3, 0.3, 0.7, &v), CO_OK);
    assert_close(v, -3.5475361540485398, 1e-14, "I_0.3(5, 3)");
    cr_assert_eq(co__log_beta_inc(1000, 0.243, 10 / 14.414, 4.414 / 14.414, &v), CO_OK);
    assert_close(v, -371.26802988352624, 1e-13, "I(1000, 0.243)");
    cr_assert_eq(co__log_beta_inc(0.5, 2e6, 1e-6, 1 - 1e-6, &v), CO_OK);
    assert_close(v, -0.046567869868872664, 1e-10, "I_1e-6(0.5, 2e6)");
    cr_assert_eq(co__log_beta_inc(2, 3, 0.0, 1.0, &v), CO_OK);
    cr_assert(isinf(v) && v < 0);
    v = 7.0;
    cr_assert_eq(co__log_beta_inc(-1, 3, 0.5, 0.5, &v), CO_EINVAL);
    /* both shapes huge, x at the transition: the fraction needs ~sqrt(a) terms */
    cr_assert_eq(co__log_beta_inc(1e14, 1e14, 0.5, 0.5, &v), CO_ENOCONV);
    cr_assert_eq(v, 7.0);
    cr_assert(strstr(co_errmsg(), "did not converge") != NULL, "%s", co_errmsg());
}

Test(special, domain_and_identities)
{
    cr_assert(isnan(co__lgamma(0.0)));
    cr_assert(isnan(co__lgamma(-1.5)));
    cr_assert(isnan(co__lgamma(NAN)));
    cr_assert(isnan(co__digamma(0.0)));
    /* B(2, 3) = 1! 2! / 4! = 1/12 */
    assert_close(co__lbeta(2.0, 3.0), -log(12.0), 1e-15, "lbeta");
    /* log(1 + e^0) = log 2; far tails are x and e^x. */
    assert_close(co__log1pexp(0.0), log(2.0), 1e-16, "log1pexp(0)");
    assert_close(co__log1pexp(800.0), 800.0, 1e-16, "log1pexp(800)");
    cr_assert(co__log1pexp(-800.0) >= 0.0 && co__log1pexp(-800.0) < 1e-300);
    assert_close(co__logaddexp(log(2.0), log(3.0)), log(5.0), 1e-15, "logaddexp");
    cr_assert_eq(co__logaddexp(-INFINITY, 1.5), 1.5);
    cr_assert(isinf(co__logaddexp(-INFINITY, -INFINITY)));
}

/* ---- 2F1 ---- */

static const double hyp_table[][5] = {
    {1.0, 1.0, 2.0, 0.5, 1.3862943611198901}, /* = -log(1 - z)/z = 2 log 2 */
    {0.5, 1.5, 2.5, 0.3, 1.1080625510569324},
    {2.3, 0.7, 1.9, -0.6, 0.67679983323498616},
    {1.2, 3.4, 2.2, -25.0, 0.0085475389239871684},
    {1.5, 2.5, 4.5, 0.9, 4.0675942804163183},
    {0.8, 1.3, 2.4, 0.99, 3.1275199229734501},
    {1.0, 2.0, 3.0, 0.95, 4.5334787225572999},
    {1.0, 2.0, 4.0, 0.999, 2.9674439006638407},
    {3.0, 2.0, 4.0, 0.8, 9.2643994636628904},
    {2.0, 1.5, 3.5000001, 0.9, 4.7467720207347872},
    {5.553, 1.606, 6.553, 0.05, 1.0721075443564552},
    {12.7, 1.9, 13.7, 0.97, 191.61313575397125},
    {0.9, 12.3, 1.9, 0.85, 191722733.04434514},
    {-3.0, 2.0, 1.5, 0.7, -0.075199999999999989},
    {150.0, 160.0, 320.5, 0.95, 7.5300179280785773e+61},
    {60.0, 50.0, 112.5, 0.9, 1.419408300047907e+19},
    {1.976, -0.207, 20001.219, 0.909, 0.99998140963167204},
    {2.5, 3.5, 400.25, 0.99, 1.0220719697159002},
};

Test(hyp2f1, matches_scipy_in_every_region)
{
    for (size_t i = 0; i < sizeof hyp_table / sizeof *hyp_table; i++) {
        const double *t = hyp_table[i];
        double v = 0.0;
        cr_assert_eq(co__hyp2f1(t[0], t[1], t[2], t[3], &v), CO_OK, "row %zu: %s", i, co_errmsg());
        cr_assert(fabs(v - t[4]) <= 1e-9 * fabs(t[4]), "row %zu: got %.17g want %.17g", i, v, t[4]);
    }
}

Test(hyp2f1, takes_one_minus_z_from_the_caller)
{
    /* 2F1(a, b; b; z) = (1 - z)^-a: with w = 1 - z = 1e-20 given, z = 1 in double is
     * accepted and 2F1(0.5, 1; 1; z) is 1e10 (z = 1 to 20 digits). */
    double v = 0.0;
    cr_assert_eq(co__hyp2f1_w(0.5, 1.0, 1.0, 1.0, 1e-20, &v), CO_OK, "%s", co_errmsg());
    cr_assert(fabs(v - 1e10) <= 1e-13 * 1e10, "got %.17g", v);
    /* and it agrees where 1 - z is exact: 0.25^-0.5 = 2 */
    cr_assert_eq(co__hyp2f1_w(0.5, 1.0, 1.0, 0.75, 0.25, &v), CO_OK);
    cr_assert(fabs(v - 2.0) <= 1e-15 * 2.0, "got %.17g", v);
    v = 7.0;
    cr_assert_eq(co__hyp2f1_w(1.0, 1.0, 2.0, 1.0, 0.0, &v), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "2F1: z = 1 (1 - z = 0) outside z < 1");
    cr_assert_eq(v, 7.0);
}

Test(hyp2f1, rejects_bad_arguments_and_leaves_out_alone)
{
    double v = 42.0;
    cr_assert_eq(co__hyp2f1(1.0, 1.0, 2.0, 1.0, &v), CO_EINVAL);
    cr_assert_eq(co__hyp2f1(1.0, 1.0, 2.0, 1.5, &v), CO_EINVAL);
    cr_assert_eq(co__hyp2f1(1.0, 1.0, -2.0, 0.5, &v), CO_EINVAL);
    cr_assert_eq(co__hyp2f1(NAN, 1.0, 2.0, 0.5, &v), CO_EINVAL);
    cr_assert_eq(co__hyp2f1(1.0, 1.0, 2.0, NAN, &v), CO_EINVAL);
    cr_assert_eq(v, 42.0);
    cr_assert_eq(co__hyp2f1(1.0, 1.0, 2.0, 0.0, &v), CO_OK);
    cr_assert_eq(v, 1.0);
}

/* ---- minimiser ---- */

/* Rosenbrock: minimum 0 at (1, 1) (hand-known). */
static int rosenbrock(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
    *f = a * a + 100.0 * b * b;
    if (g) {
        g[0] = -2.0 * a - 400.0 * x[0] * b;
        g[1] = 200.0 * b;
    }
    return CO_OK;
}

Test(minimize, finds_the_rosenbrock_minimum_with_bfgs)
{
    double x[2] = {-1.2, 1.0};
    co_opt_result res;
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, x, NULL, &res), CO_OK, "%s", co_errmsg());
    cr_assert_float_eq(x[0], 1.0, 1e-6);
    cr_assert_float_eq(x[1], 1.0, 1e-6);
    cr_assert(res.f < 1e-12);
    cr_assert_eq(res.method, CO_OPT_BFGS);
    cr_assert(res.grad_norm <= 1e-7);
}

Test(minimize, warm_start_from_a_related_fit)
{
    /* Cold fit from (-1.2, 1) returns its inverse Hessian; restarting near the
     * minimum with it converges in fewer iterations than from the identity. */
    double H[4] = {0, 0, 0, 0}, x[2] = {-1.2, 1.0};
    co_opt_options opt;
    co__opt_options_init(&opt);
    cr_assert_null(opt.inv_hessian);
    opt.inv_hessian = H;
    co_opt_result cold, warm, plain;
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, x, &opt, &cold), CO_OK);
    cr_assert(H[0] > 0.0 && H[3] > 0.0 && H[0] * H[3] > H[1] * H[2], "not positive definite");
    cr_assert_float_eq(H[1], H[2], 1e-12 * fabs(H[1]) + 1e-300);
    double xw[2] = {1.05, 1.1}, xp[2] = {1.05, 1.1};
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, xw, &opt, &warm), CO_OK);
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, xp, NULL, &plain), CO_OK);
    cr_assert_float_eq(xw[0], 1.0, 1e-6);
    cr_assert(warm.iterations < plain.iterations, "warm %zu vs plain %zu", warm.iterations,
              plain.iterations);
}

/* A quadratic that reports +inf left of x0 = -1: the search must back off. */
static int walled_quadratic(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    if (x[0] < -1.0) {
        *f = INFINITY;
        return CO_OK;
    }
    *f = (x[0] + 0.5) * (x[0] + 0.5) + 3.0 * (x[1] - 2.0) * (x[1] - 2.0);
    if (g) {
        g[0] = 2.0 * (x[0] + 0.5);
        g[1] = 6.0 * (x[1] - 2.0);
    }
    return CO_OK;
}

Test(minimize, backs_off_from_an_infinite_region)
{
    double x[2] = {20.0, -30.0};
    cr_assert_eq(co__minimize(walled_quadratic, NULL, 2, x, NULL, NULL), CO_OK);
    cr_assert_float_eq(x[0], -0.5, 1e-7);
    cr_assert_float_eq(x[1], 2.0, 1e-7);
}

/* A gradient that lies (sign flipped in x[1]) stalls BFGS; Nelder-Mead rescues
 * the fit, but the polish cannot meet the gradient test: ENOCONV, x untouched. */
static int lying_gradient(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    *f = x[0] * x[0] + (x[1] - 1.0) * (x[1] - 1.0);
    if (g) {
        g[0] = 2.0 * x[0];
        g[1] = -2.0 * (x[1] - 1.0);
    }
    return CO_OK;
}

Test(minimize, reports_no_convergence_and_leaves_x)
{
    double x[2] = {3.0, -4.0};
    cr_assert_eq(co__minimize(lying_gradient, NULL, 2, x, NULL, NULL), CO_ENOCONV);
    cr_assert(strstr(co_errmsg(), "no convergence") != NULL, "%s", co_errmsg());
    cr_assert_eq(x[0], 3.0);
    cr_assert_eq(x[1], -4.0);
    co_opt_options opt;
    co__opt_options_init(&opt);
    opt.max_iter = 2;
    opt.nm_max_evals = 0;
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, x, &opt, NULL), CO_ENOCONV);
}

/* A gradient that points uphill away from the minimum stalls every BFGS
 * line search; Nelder-Mead, which uses values only, must take over, and the
 * BFGS polish (where the gradient is right) must then pass the test. */
static int uphill_gradient(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    *f = (x[0] - 2.0) * (x[0] - 2.0) + (x[1] + 1.0) * (x[1] + 1.0);
    if (g) {
        /* Right near the minimum, wrong (pointing uphill) far from it. */
        double far = *f > 1e-6;
        g[0] = far ? -2.0 * (x[0] - 2.0) : 2.0 * (x[0] - 2.0);
        g[1] = far ? -2.0 * (x[1] + 1.0) : 2.0 * (x[1] + 1.0);
    }
    return CO_OK;
}

Test(minimize, falls_back_to_nelder_mead)
{
    double x[2] = {0.0, 0.0};
    co_opt_result res;
    cr_assert_eq(co__minimize(uphill_gradient, NULL, 2, x, NULL, &res), CO_OK, "%s", co_errmsg());
    cr_assert_eq(res.method, CO_OPT_NELDER_MEAD);
    cr_assert_float_eq(x[0], 2.0, 1e-6);
    cr_assert_float_eq(x[1], -1.0, 1e-6);
}

static int failing_objective(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    (void)g;
    *f = x[0];
    return CO_ERANGE;
}

Test(minimize, rejects_bad_arguments_and_passes_objective_errors)
{
    double x[CO_OPT_MAX_DIM + 1] = {0};
    cr_assert_eq(co__minimize(rosenbrock, NULL, 0, x, NULL, NULL), CO_EINVAL);
    cr_assert_eq(co__minimize(rosenbrock, NULL, CO_OPT_MAX_DIM + 1, x, NULL, NULL), CO_EINVAL);
    cr_assert_eq(co__minimize(NULL, NULL, 2, x, NULL, NULL), CO_EINVAL);
    x[1] = NAN;
    cr_assert_eq(co__minimize(rosenbrock, NULL, 2, x, NULL, NULL), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "start value 1") != NULL);
    x[1] = 0.0;
    cr_assert_eq(co__minimize(failing_objective, NULL, 1, x, NULL, NULL), CO_ERANGE);
    x[0] = -5.0;
    cr_assert_eq(co__minimize(walled_quadratic, NULL, 2, x, NULL, NULL), CO_EINVAL);
}

Test(minimize, numeric_gradient_matches_the_analytic_one)
{
    double x[2] = {-0.7, 2.3}, g[2], num[2];
    double f;
    rosenbrock(NULL, x, &f, g);
    cr_assert_eq(co__numeric_gradient(rosenbrock, NULL, 2, x, 1e-6, num), CO_OK);
    cr_assert_float_eq(num[0], g[0], 1e-6 * fabs(g[0]));
    cr_assert_float_eq(num[1], g[1], 1e-6 * fabs(g[1]));
    cr_assert_eq(co__numeric_gradient(rosenbrock, NULL, 2, x, 0.0, num), CO_EINVAL);
}

/* ---- random numbers ---- */

Test(rng, same_seed_same_stream_and_uniform_is_open)
{
    co_rng a, b;
    co__rng_seed(&a, 2024);
    co__rng_seed(&b, 2024);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(co__rng_next(&a), co__rng_next(&b));
    co__rng_seed(&b, 2025);
    cr_assert_neq(co__rng_next(&a), co__rng_next(&b));
    for (int i = 0; i < 100000; i++) {
        double u = co__rng_uniform(&a);
        cr_assert(u > 0.0 && u < 1.0);
    }
}

/* Sample mean and variance of n draws must lie within 5 standard errors of
 * the distribution's (the textbook formulas in each comment). */
#define DRAWS 200000
static void check_moments(double *v, double mean, double var, const char *what)
{
    double s = 0.0, ss = 0.0;
    for (int i = 0; i < DRAWS; i++)
        s += v[i];
    double m = s / DRAWS;
    for (int i = 0; i < DRAWS; i++)
        ss += (v[i] - m) * (v[i] - m);
    double sv = ss / (DRAWS - 1);
    cr_assert(fabs(m - mean) <= 5.0 * sqrt(var / DRAWS), "%s mean %g vs %g", what, m, mean);
    /* variance of the sample variance ~ 2 var^2 / n for light tails; allow 10%. */
    cr_assert(fabs(sv - var) <= 0.1 * var, "%s variance %g vs %g", what, sv, var);
}

Test(rng, samplers_have_the_right_moments)
{
    static double v[DRAWS];
    co_rng rng;
    co__rng_seed(&rng, 7);
    /* Gamma(k, theta): mean k theta, variance k theta^2 */
    for (int i = 0; i < DRAWS; i++)
        v[i] = co__rng_gamma(&rng, 2.5, 0.4);
    check_moments(v, 1.0, 0.4, "gamma 2.5");
    for (int i = 0; i < DRAWS; i++)
        v[i] = co__rng_gamma(&rng, 0.3, 2.0);
    check_moments(v, 0.6, 1.2, "gamma 0.3");
    /* Beta(a, b): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)) */
    for (int i = 0; i < DRAWS; i++)
        v[i] = co__rng_beta(&rng, 0.8, 2.4);
    check_moments(v, 0.25, 0.8 * 2.4 / (3.2 * 3.2 * 4.2), "beta");
    /* Poisson(mu): mean = variance = mu, both branches */
    for (int i = 0; i < DRAWS; i++)
        v[i] = (double)co__rng_poisson(&rng, 3.3);
    check_moments(v, 3.3, 3.3, "poisson 3.3");
    for (int i = 0; i < DRAWS; i++)
        v[i] = (double)co__rng_poisson(&rng, 250.0);
    check_moments(v, 250.0, 250.0, "poisson 250");
    /* Geometric(p) on 1, 2, ...: mean 1/p, variance (1-p)/p^2 */
    for (int i = 0; i < DRAWS; i++)
        v[i] = (double)co__rng_geometric(&rng, 0.2);
    check_moments(v, 5.0, 20.0, "geometric");
    /* Exponential(rate): mean 1/rate, variance 1/rate^2; normal: 0, 1 */
    for (int i = 0; i < DRAWS; i++)
        v[i] = co__rng_exponential(&rng, 4.0);
    check_moments(v, 0.25, 0.0625, "exponential");
    for (int i = 0; i < DRAWS; i++)
        v[i] = co__rng_normal(&rng);
    check_moments(v, 0.0, 1.0, "normal");
    cr_assert_eq(co__rng_poisson(&rng, 0.0), 0);
    cr_assert_eq(co__rng_geometric(&rng, 1.0), 1);
    /* Tiny shapes stay inside (0, 1) instead of 0/0. */
    for (int i = 0; i < 1000; i++) {
        double b = co__rng_beta(&rng, 0.01, 0.01);
        cr_assert(b >= 0.0 && b <= 1.0);
    }
}

/* mpmath.psi(1, x) at 17 digits (mpmath 1.2, run offline):
 * /usr/bin/python3 -c "import mpmath as mp; print([mp.nstr(mp.psi(1, x), 17) for x in X])" */
static const double trigamma_table[][2] = {
    {1e-3, 1000001.6425331958},      {0.1, 101.43329915079275},    {0.5, 4.934802200544679},
    {1.0, 1.6449340668482264},       {2.5, 0.49035775610023485},   {7.0, 0.15354517795933756},
    {9.99, 0.10527695014824179},     {10.0, 0.10516633568168575},  {33.3, 0.030485444095338887},
    {1000.0, 0.0010005001666666333}, {1e8, 1.0000000049999999e-8},
};

Test(special, trigamma_matches_mpmath)
{
    for (size_t i = 0; i < sizeof trigamma_table / sizeof *trigamma_table; i++)
        assert_close(co__trigamma(trigamma_table[i][0]), trigamma_table[i][1], 4e-15, "trigamma");
    cr_assert(isnan(co__trigamma(0.0)));
    cr_assert(isnan(co__trigamma(-1.0)));
    cr_assert_eq(co__trigamma(INFINITY), 0.0);
}

/* The Hessian of f(x, y) = x^3 y + exp(x) - y^4 / 12 from its exact gradient by
 * differences: d2f = [[6 x y + e^x, 3 x^2], [3 x^2, -y^2]]; at (0.5, 2): 6 + e^0.5 =
 * 7.6487212707001282, 0.75, -4. */
static int cubic(void *ctx, const double *x, double *f, double *g)
{
    (void)ctx;
    *f = x[0] * x[0] * x[0] * x[1] + exp(x[0]) - pow(x[1], 4) / 12.0;
    if (g) {
        g[0] = 3.0 * x[0] * x[0] * x[1] + exp(x[0]);
        g[1] = x[0] * x[0] * x[0] - pow(x[1], 3) / 3.0;
    }
    return CO_OK;
}

Test(special, hessian_by_richardson_and_spd_inverse)
{
    const double x[2] = {0.5, 2.0};
    double h[4], err, inv[4];
    cr_assert_eq(co__hessian_richardson(cubic, NULL, 2, x, 1e-3, h, &err), CO_OK);
    assert_close(h[0], 7.6487212707001282, 1e-11, "h00");
    assert_close(h[1], 0.75, 1e-11, "h01");
    assert_close(h[2], 0.75, 1e-11, "h10");
    assert_close(h[3], -4.0, 1e-11, "h11");
    cr_assert(err < 1e-6 && err > 0.0, "error estimate %g", err);
    /* indefinite: no inverse, inv untouched */
    inv[0] = 42.0;
    cr_assert_eq(co__spd_inverse(2, h, inv), CO_ENOCONV);
    cr_assert_eq(inv[0], 42.0);
    /* [[4, 2], [2, 3]]^-1 = [[3, -2], [-2, 4]] / 8 */
    const double a[4] = {4, 2, 2, 3};
    cr_assert_eq(co__spd_inverse(2, a, inv), CO_OK);
    assert_close(inv[0], 0.375, 1e-15, "inv00");
    assert_close(inv[1], -0.25, 1e-15, "inv01");
    assert_close(inv[2], -0.25, 1e-15, "inv10");
    assert_close(inv[3], 0.5, 1e-15, "inv11");
}

/* ---- quantiles by selection ---- */

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(select, quantile_pair_by_hand)
{
    /* sorted 1 2 3 4 5 6 7 8 9 10; type 7: h = q (n - 1). q = 0.05: h = 0.45,
     * 1 + 0.45 (2 - 1) = 1.45; q = 0.95: h = 8.55, 9 + 0.55 = 9.55. */
    double v[] = {7, 3, 10, 1, 9, 2, 8, 5, 4, 6}, lo, hi;
    co__quantile_pair(v, 10, 0.05, 0.95, &lo, &hi);
    cr_assert_float_eq(lo, 1.45, 1e-12);
    cr_assert_float_eq(hi, 9.55, 1e-12);
    double one[] = {4.5};
    co__quantile_pair(one, 1, 0.025, 0.975, &lo, &hi);
    cr_assert(lo == 4.5 && hi == 4.5);
}

Test(select, quantile_pair_equals_the_sorted_order_statistics)
{
    /* against qsort and the type-7 formula on the sorted copy, with many ties */
    enum { N = 1001 };
    static double v[N], sorted[N];
    co_rng rng;
    co__rng_seed(&rng, 5);
    const double levels[][2] = {{0.025, 0.975}, {0.05, 0.95}, {0.5, 0.5}, {0.0, 1.0}};
    for (size_t n = 2; n <= N; n += 37) {
        for (size_t i = 0; i < n; i++)
            v[i] = i % 3 ? floor(10 * co__rng_uniform(&rng)) : co__rng_normal(&rng);
        memcpy(sorted, v, n * sizeof *v);
        qsort(sorted, n, sizeof *sorted, cmp_double);
        for (int l = 0; l < 4; l++) {
            double want[2];
            for (int s = 0; s < 2; s++) {
                const double h = levels[l][s] * (double)(n - 1);
                const size_t j = (size_t)floor(h), k = j + 1 < n ? j + 1 : j;
                want[s] = sorted[j] + (h - (double)j) * (sorted[k] - sorted[j]);
            }
            double work[N], lo, hi;
            memcpy(work, v, n * sizeof *v);
            co__quantile_pair(work, n, levels[l][0], levels[l][1], &lo, &hi);
            cr_assert(lo == want[0] && hi == want[1], "n %zu level %d: %g %g, want %g %g", n, l, lo,
                      hi, want[0], want[1]);
        }
    }
}
