/* Pareto/NBD and BG/NBD with covariates. Expected values:
 * tests/reference/btyd_covariates_reference.py (mpmath, the published closed
 * forms at each customer's own parameters; output in btyd_covariates_reference.out),
 * the plain models (with no covariates the model is the plain one), and fits to
 * data simulated here from the model with known coefficients. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_covariates_internal.h"
#include "btyd_fixtures.h"
#include "custorient.h"

/* The reference script's eight customers: x, tx, T, purchase covariates (2),
 * drop-out covariate (1). */
static const double fx[] = {0, 1, 2, 5, 0, 8, 1, 3};
static const double ftx[] = {0.0, 30.4, 12.3, 35.0, 0.0, 20.9, 1.9, 33.5};
static const double fT[] = {38.0, 38.9, 39.0, 36.2, 30.0, 37.1, 25.4, 34.0};
static const double fxp[] = {1.0, 0.3,  0.0, -1.2, 1.0, 0.0, 0.0, 2.5,
                             1.0, -0.4, 0.0, 0.7,  1.0, 1.1, 0.0, 0.0};
static const double fxd[] = {0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0};

static co_btyd_covariates fixture_cov(void)
{
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = 2;
    c.purchase = fxp;
    c.k_dropout = 1;
    c.dropout = fxd;
    return c;
}

Test(btyd_covariates, log_likelihood_matches_mpmath)
{
    const co_btyd_covariates c = fixture_cov();
    /* pnbd r 0.55 alpha 10.6 s 0.61 beta 11.7 gp (0.4, -0.3) gd (0.8,): -73.621549552190512 */
    const double pn[] = {0.55, 10.6, 0.61, 11.7, 0.4, -0.3, 0.8};
    double ll;
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, pn, fx, ftx, fT, NULL, 8, &c, &ll),
                 CO_OK, "%s", co_errmsg());
    assert_rel(ll, -73.621549552190512, 1e-11, "Pareto/NBD");
    /* bgnbd r 0.24 alpha 4.4 a 0.79 b 2.4 gp (0.4, -0.3) ga (0.5,) gb (-0.7,): -72.021331617998227
     */
    const double bg[] = {0.24, 4.4, 0.79, 2.4, 0.4, -0.3, 0.5, -0.7};
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_BGNBD, bg, fx, ftx, fT, NULL, 8, &c, &ll),
                 CO_OK, "%s", co_errmsg());
    assert_rel(ll, -72.021331617998227, 1e-12, "BG/NBD");
    /* bgnbd P(alive) customer 1: 0.40867887970715051 */
    double alive[8];
    cr_assert_eq(co_btyd_cov_probability_alive(CO_BTYD_BGNBD, bg, fx, ftx, fT, 8, &c, alive),
                 CO_OK);
    assert_rel(alive[1], 0.40867887970715051, 1e-13, "P(alive)");
}

Test(btyd_covariates, zero_coefficients_and_no_covariates_are_the_plain_models)
{
    const co_btyd_covariates c = fixture_cov();
    co_btyd_covariates none;
    co_btyd_covariates_init(&none, sizeof none);
    /* "same, no covariates": -71.775791775575882 (Pareto/NBD), -71.828096172182414 (BG/NBD) */
    const double pn[] = {0.55, 10.6, 0.61, 11.7, 0.0, 0.0, 0.0};
    const double bg[] = {0.24, 4.4, 0.79, 2.4, 0.0, 0.0, 0.0, 0.0};
    double a, b, plain;
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, pn, fx, ftx, fT, NULL, 8, &c, &a),
                 CO_OK);
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, pn, fx, ftx, fT, NULL, 8, &none, &b),
                 CO_OK);
    const co_paretonbd_params qp = {0.55, 10.6, 0.61, 11.7};
    cr_assert_eq(co_paretonbd_log_likelihood(&qp, fx, ftx, fT, NULL, 8, &plain), CO_OK);
    assert_rel(a, -71.775791775575882, 1e-11, "Pareto/NBD zero coefficients");
    assert_rel(b, -71.775791775575882, 1e-11, "Pareto/NBD no covariates");
    assert_rel(plain, -71.775791775575882, 1e-11, "Pareto/NBD plain");
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_BGNBD, bg, fx, ftx, fT, NULL, 8, &c, &a),
                 CO_OK);
    const co_bgnbd_params qb = {0.24, 4.4, 0.79, 2.4};
    cr_assert_eq(co_bgnbd_log_likelihood(&qb, fx, ftx, fT, NULL, 8, &plain), CO_OK);
    assert_rel(a, -71.828096172182414, 1e-12, "BG/NBD zero coefficients");
    assert_rel(plain, -71.828096172182414, 1e-12, "BG/NBD plain");

    /* A fit without covariates is the plain fit (CDNOW; bgnbd_test.c has its values). */
    cdnow *d = malloc(sizeof *d);
    cr_assert_not_null(d);
    cdnow_load(d);
    double p[4];
    co_bgnbd_params q;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_BGNBD, d->x, d->tx, d->T, NULL, d->n, NULL, NULL, p,
                                 &info),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(d->x, d->tx, d->T, NULL, d->n, NULL, &q, NULL), CO_OK);
    /* published (Fader, Hardie & Lee 2005): r 0.243, alpha 4.414, a 0.793, b 2.426 */
    assert_rel(p[0], 0.243, 2e-3, "r");
    assert_rel(p[1], 4.414, 1e-3, "alpha");
    assert_rel(p[2], 0.793, 1e-3, "a");
    assert_rel(p[3], 2.426, 1e-3, "b");
    assert_rel(p[0], q.r, 1e-5, "r as the plain fit");
    assert_rel(p[3], q.b, 1e-4, "b as the plain fit");
    free(d);
}

/* The analytic gradient against central differences of the likelihood. */
static int ll_of(void *ctx, const double *theta, double *f, double *g)
{
    return co__cov_objective(ctx, theta, f, g);
}

Test(btyd_covariates, gradient_matches_differences)
{
    const co_btyd_covariates c = fixture_cov();
    co_covariate_fit_options o;
    co_covariate_fit_options_init(&o, sizeof o);
    o.l2 = 0.3;
    for (int kind = 0; kind < 2; kind++) {
        co_cov_layout lay;
        cr_assert_eq(co__cov_layout((co_btyd_model_kind)kind, &c, &o, &lay), CO_OK);
        co_cov_data d;
        cr_assert_eq(co__cov_data_build(&lay, fx, ftx, fT, NULL, 8, &c, &d), CO_OK);
        co_cov_objective ctx = {&lay, &d, NULL, 0};
        const double theta[] = {log(0.5), log(6.0), log(0.8), log(3.0), 0.4, -0.3, 0.6, -0.2};
        double g[8], num[8], f;
        cr_assert_eq(ll_of(&ctx, theta, &f, g), CO_OK);
        cr_assert_eq(co__numeric_gradient(ll_of, &ctx, lay.n_free, theta, 1e-6, num), CO_OK);
        for (size_t i = 0; i < lay.n_free; i++)
            cr_assert(fabs(g[i] - num[i]) <= 1e-6 * (1.0 + fabs(num[i])),
                      "kind %d component %zu: %.10g vs %.10g", kind, i, g[i], num[i]);
        co__cov_data_free(&d);
    }
}

/* ---- recovery of known coefficients from simulated data ---- */

enum { SIM_N = 3000 };
typedef struct sim {
    double x[SIM_N], tx[SIM_N], T[SIM_N], xp[SIM_N], xd[SIM_N];
} sim;

/* One customer of the model (Fader & Hardie 2007): purchases a Poisson process of
 * rate lambda ~ Gamma(r, 1/alpha_i); Pareto/NBD lifetime ~ Exp(mu), mu ~
 * Gamma(s, 1/beta_i); BG/NBD drop-out after each purchase with p ~ Beta(a_i, b_i). */
static void simulate(co_btyd_model_kind kind, const double *q, double T, co_rng *rng, double *x,
                     double *tx)
{
    const double lambda = co__rng_gamma(rng, q[0], 1.0 / q[1]);
    double end = T, p = 0.0;
    if (kind == CO_BTYD_PARETONBD) {
        const double tau = co__rng_exponential(rng, co__rng_gamma(rng, q[2], 1.0 / q[3]));
        end = tau < T ? tau : T;
    } else {
        p = co__rng_beta(rng, q[2], q[3]);
    }
    double t = 0.0;
    *x = 0.0;
    *tx = 0.0;
    for (;;) {
        t += co__rng_exponential(rng, lambda);
        if (t > end)
            break;
        *x += 1.0;
        *tx = t;
        if (kind == CO_BTYD_BGNBD && co__rng_uniform(rng) < p)
            break;
    }
}

/* Fit `replicates` simulated data sets of SIM_N customers (T uniform in 26..52,
 * one binary purchase and one binary drop-out covariate, half the customers each)
 * and count the coefficients whose 95% interval holds the true value. Every
 * estimate must also lie within 4 standard errors of it. */
static int coverage(co_btyd_model_kind kind, const double *truth, int replicates, int *total)
{
    sim *s = malloc(sizeof *s);
    cr_assert_not_null(s);
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = 1;
    c.purchase = s->xp;
    c.k_dropout = 1;
    c.dropout = s->xd;
    const size_t np = co_btyd_cov_n_params(kind, &c);
    int inside = 0;
    *total = 0;
    for (int rep = 0; rep < replicates; rep++) {
        co_rng rng;
        co__rng_seed(&rng, 1000 + (uint64_t)rep);
        for (size_t i = 0; i < SIM_N; i++) {
            s->xp[i] = co__rng_uniform(&rng) < 0.5 ? 1.0 : 0.0;
            s->xd[i] = co__rng_uniform(&rng) < 0.5 ? 1.0 : 0.0;
            s->T[i] = 26.0 + 26.0 * co__rng_uniform(&rng);
            co_btyd_model m;
            cr_assert_eq(co_btyd_cov_customer_model(kind, truth, &c, i, &m), CO_OK);
            simulate(kind, m.param, s->T[i], &rng, &s->x[i], &s->tx[i]);
        }
        double est[8], se[8], lo[8], hi[8];
        cr_assert_eq(co_btyd_cov_fit(kind, s->x, s->tx, s->T, NULL, SIM_N, &c, NULL, est, NULL),
                     CO_OK, "replicate %d: %s", rep, co_errmsg());
        co_covariate_uncertainty u = {.size = sizeof u,
                                      .standard_error = se,
                                      .lower = lo,
                                      .upper = hi};
        cr_assert_eq(co_btyd_cov_uncertainty(kind, est, s->x, s->tx, s->T, NULL, SIM_N, &c, NULL,
                                             &u),
                     CO_OK, "replicate %d: %s", rep, co_errmsg());
        cr_assert_eq(u.n_params, np);
        for (size_t j = 4; j < np; j++) {
            cr_assert(fabs(est[j] - truth[j]) < 4.0 * se[j],
                      "replicate %d coefficient %zu: %g (se %g), true %g", rep, j, est[j], se[j],
                      truth[j]);
            cr_assert(fabs(lo[j] - (est[j] - 1.959963984540054 * se[j])) < 1e-12);
            inside += lo[j] <= truth[j] && truth[j] <= hi[j];
            ++*total;
            cr_log_info("kind %d rep %d coef %zu: %.4f [%.4f, %.4f] true %.2f", kind, rep, j,
                        est[j], lo[j], hi[j], truth[j]);
        }
    }
    free(s);
    return inside;
}

Test(btyd_covariates, pareto_nbd_fit_recovers_known_coefficients)
{
    /* exp(0.5): purchase rate x1.65 for x_p = 1; exp(0.7): drop-out rate x2.0 */
    const double truth[] = {0.8, 8.0, 0.9, 12.0, 0.5, 0.7};
    int total;
    const int inside = coverage(CO_BTYD_PARETONBD, truth, 4, &total);
    /* Recorded: 6 of these 8 inside; over 25 replicates (seeds 1000..1024) 45 of 50
     * (90%, binomial sd 3% around 95%). Fewer than 6 of 8 has probability 0.6%. */
    cr_assert_geq(inside, 6, "%d of %d inside", inside, total);
}

Test(btyd_covariates, bg_nbd_fit_recovers_known_coefficients)
{
    const double truth[] = {0.8, 8.0, 0.8, 2.5, 0.5, 0.6, -0.4};
    int total;
    const int inside = coverage(CO_BTYD_BGNBD, truth, 4, &total);
    /* Recorded: 10 of these 12 inside; over 40 replicates (seeds 1000..1039) 114 of
     * 120 (95.0%). Fewer than 10 of 12 has probability 0.2%. */
    cr_assert_geq(inside, 10, "%d of %d inside", inside, total);
}

Test(btyd_covariates, threads_give_the_same_bits)
{
    enum { N = 12000 };
    static double x[N], tx[N], T[N], z[2 * N];
    const double truth[] = {0.8, 8.0, 0.9, 12.0, 0.5, -0.2, 0.7};
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = 2;
    c.purchase = z;
    co_rng rng;
    co__rng_seed(&rng, 5);
    for (size_t i = 0; i < N; i++) {
        z[2 * i] = co__rng_uniform(&rng) < 0.3;
        z[2 * i + 1] = co__rng_normal(&rng);
        T[i] = 40.0;
    }
    static double zd[N]; /* the indicator again, as the drop-out covariate */
    for (size_t i = 0; i < N; i++)
        zd[i] = z[2 * i];
    c.k_dropout = 1;
    c.dropout = zd;
    for (size_t i = 0; i < N; i++) {
        co_btyd_model m;
        cr_assert_eq(co_btyd_cov_customer_model(CO_BTYD_PARETONBD, truth, &c, i, &m), CO_OK);
        simulate(CO_BTYD_PARETONBD, m.param, T[i], &rng, &x[i], &tx[i]);
    }
    co_covariate_fit_options o;
    co_covariate_fit_options_init(&o, sizeof o);
    double one[7], three[7];
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, x, tx, T, NULL, N, &c, &o, one, NULL), CO_OK,
                 "%s", co_errmsg());
    o.threads = 3;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, x, tx, T, NULL, N, &c, &o, three, NULL), CO_OK);
    cr_assert_eq(memcmp(one, three, sizeof one), 0);
    o.threads = 0;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, x, tx, T, NULL, N, &c, &o, three, NULL),
                 CO_EINVAL);
}

Test(btyd_covariates, bad_input_is_refused_and_changes_nothing)
{
    co_btyd_covariates c = fixture_cov();
    double p[7] = {1, 2, 3, 4, 5, 6, 7};
    const double before[7] = {1, 2, 3, 4, 5, 6, 7};
    double xp[16];
    memcpy(xp, fxp, sizeof xp);
    xp[5] = NAN;
    c.purchase = xp;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, fx, ftx, fT, NULL, 8, &c, NULL, p, NULL),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "row 2, column 1"), "%s", co_errmsg());
    c.purchase = NULL;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, fx, ftx, fT, NULL, 8, &c, NULL, p, NULL),
                 CO_EINVAL);
    c = fixture_cov();
    cr_assert_eq(co_btyd_cov_fit((co_btyd_model_kind)7, fx, ftx, fT, NULL, 8, &c, NULL, p, NULL),
                 CO_EINVAL);
    co_covariate_fit_options o;
    co_covariate_fit_options_init(&o, sizeof o);
    const size_t far[] = {0, 3}; /* 3 coefficients: 0, 1, 2 */
    o.n_equal = 1;
    o.equal = far;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, fx, ftx, fT, NULL, 8, &c, &o, p, NULL),
                 CO_ERANGE);
    o.n_equal = 0;
    o.l2 = -1.0;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, fx, ftx, fT, NULL, 8, &c, &o, p, NULL),
                 CO_EINVAL);
    cr_assert_eq(memcmp(p, before, sizeof p), 0);
    /* parameters: base <= 0, tied coefficients that differ */
    const double neg[] = {-0.5, 10.6, 0.61, 11.7, 0.4, -0.3, 0.8};
    double ll = 42.0;
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, neg, fx, ftx, fT, NULL, 8, &c, &ll),
                 CO_EINVAL);
    cr_assert_eq(ll, 42.0);
    const size_t tie[] = {0, 2};
    o.l2 = 0.0;
    o.n_equal = 1;
    o.equal = tie;
    const double pn[] = {0.55, 10.6, 0.61, 11.7, 0.4, -0.3, 0.8};
    double se[7], lo[7], hi[7];
    co_covariate_uncertainty u = {.size = sizeof u, .standard_error = se, .lower = lo, .upper = hi};
    cr_assert_eq(co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, pn, fx, ftx, fT, NULL, 8, &c, &o, &u),
                 CO_EINVAL);
    u.lower = NULL;
    o.n_equal = 0;
    cr_assert_eq(co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, pn, fx, ftx, fT, NULL, 8, &c, &o, &u),
                 CO_EINVAL);
    cr_assert_eq(co_btyd_cov_n_params(CO_BTYD_BGNBD, &c), 8);
    cr_assert_eq(co_btyd_cov_n_params(CO_BTYD_PARETONBD, &c), 7);
    cr_assert_eq(co_btyd_cov_n_params(CO_BTYD_PARETONBD, NULL), 0);
}

/* A customer's history and drop-out covariate, as one row of distinct customers. */
typedef struct history_row {
    double x, tx, T, z, weight;
} history_row;

/* Customers given as their distinct rows with counts as weights fit as the
 * customers themselves: the parameters, their uncertainty and the log-likelihood
 * of the weighted fit are those of the fit on every customer (the Dask report
 * fits the partitions' merged rows this way). */
Test(btyd_covariates, weighted_distinct_rows_fit_as_every_customer)
{
    enum { N = 2000 };
    static double x[N], tx[N], T[N], z[N];
    static history_row rows[N];
    const double truth[] = {0.8, 8.0, 0.9, 12.0, 0.7};
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_dropout = 1;
    c.dropout = z;
    co_rng rng;
    co__rng_seed(&rng, 7);
    for (size_t i = 0; i < N; i++) { /* whole weeks, so histories repeat */
        z[i] = co__rng_uniform(&rng) < 0.4;
        T[i] = 26.0 + floor(26.0 * co__rng_uniform(&rng));
        co_btyd_model m;
        cr_assert_eq(co_btyd_cov_customer_model(CO_BTYD_PARETONBD, truth, &c, i, &m), CO_OK);
        simulate(CO_BTYD_PARETONBD, m.param, T[i], &rng, &x[i], &tx[i]);
        tx[i] = floor(tx[i]);
    }
    size_t n = 0;
    for (size_t i = 0; i < N; i++) {
        size_t j = 0;
        while (j < n && !(rows[j].x == x[i] && rows[j].tx == tx[i] && rows[j].T == T[i] &&
                          rows[j].z == z[i]))
            j++;
        if (j == n)
            rows[n++] = (history_row){x[i], tx[i], T[i], z[i], 0.0};
        rows[j].weight += 1.0;
    }
    cr_assert_lt(n, N / 2, "%zu distinct rows", n);
    static double rx[N], rtx[N], rT[N], rz[N], w[N];
    for (size_t j = 0; j < n; j++) {
        rx[j] = rows[j].x;
        rtx[j] = rows[j].tx;
        rT[j] = rows[j].T;
        rz[j] = rows[j].z;
        w[j] = rows[j].weight;
    }
    co_btyd_covariates rows_cov;
    co_btyd_covariates_init(&rows_cov, sizeof rows_cov);
    rows_cov.k_dropout = 1;
    rows_cov.dropout = rz;
    double all[5], merged[5], ll_all, ll_merged;
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, x, tx, T, NULL, N, &c, NULL, all, NULL), CO_OK,
                 "%s", co_errmsg());
    cr_assert_eq(co_btyd_cov_fit(CO_BTYD_PARETONBD, rx, rtx, rT, w, n, &rows_cov, NULL, merged,
                                 NULL),
                 CO_OK, "%s", co_errmsg());
    for (size_t k = 0; k < 5; k++)
        assert_rel(merged[k], all[k], 1e-12, "parameter");
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, all, x, tx, T, NULL, N, &c, &ll_all),
                 CO_OK);
    cr_assert_eq(co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, all, rx, rtx, rT, w, n, &rows_cov,
                                            &ll_merged),
                 CO_OK);
    assert_rel(ll_merged, ll_all, 1e-12, "log-likelihood");
    double se_all[5], se_merged[5], lo[5], hi[5];
    co_covariate_uncertainty u = {.size = sizeof u,
                                  .standard_error = se_all,
                                  .lower = lo,
                                  .upper = hi};
    cr_assert_eq(co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, all, x, tx, T, NULL, N, &c, NULL, &u),
                 CO_OK);
    u.standard_error = se_merged;
    cr_assert_eq(co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, all, rx, rtx, rT, w, n, &rows_cov, NULL,
                                         &u),
                 CO_OK);
    cr_assert_eq(u.n_observations, (double)N);
    for (size_t k = 0; k < 5; k++)
        assert_rel(se_merged[k], se_all[k], 1e-9, "standard error");
}
