/**
 * @file custorient/generate.h
 * @brief Seeded synthetic customer data with known parameters.
 *
 * Customers sign up uniformly over an observation window and buy following
 * a "buy till you die" process, Pareto/NBD by default: each has a purchase
 * rate lambda ~ Gamma(r, rate alpha) per day and a lifetime exponential with
 * drop-out rate mu ~ Gamma(s, rate beta) per day (with CO_GENERATE_BGNBD,
 * after every purchase it drops out with probability p ~ Beta(a, b) instead).
 * Order amounts follow the gamma-gamma model: per customer nu ~ Gamma(q,
 * rate gamma), per order z ~ Gamma(spend_p, rate nu), rounded to cents.
 *
 * A latent satisfaction per customer, drawn at sign-up, drives NPS, CSAT, CES
 * and star ratings, English feedback texts that praise or complain about
 * price, delivery, quality, support, billing or usability in line with the
 * score, and support contacts (more for unhappy customers). Two pieces of
 * feedback change behaviour by a known amount, as the static covariates of
 * custorient/btyd_covariates.h: an NPS answer (given within 30 days of
 * sign-up) that is a detractor's, and a complaint opened within 30 days of
 * sign-up and never resolved, multiply the drop-out rate mu by
 * exp(detractor_effect) and exp(complaint_effect) (Pareto/NBD: beta_i = beta
 * exp(-g . x_i), so the true drop-out coefficients are these g). With
 * CO_GENERATE_BGNBD they multiply a instead (a_i = a exp(g . x_i): the
 * BG/NBD's g_a, with g_b = 0). Satisfaction has no effect on buying other
 * than through these two.
 *
 * The same options and seed give the same records on every run; the
 * default options produce the built-in sample data set (data/sample/).
 *
 * Thread safety: the functions keep no state; calls may run concurrently.
 */
#ifndef CUSTORIENT_GENERATE_H
#define CUSTORIENT_GENERATE_H

#include <stdint.h>

#include "custorient/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The purchase process of co_generate(). */
typedef enum co_generate_process {
    CO_GENERATE_PARETONBD = 0, /**< exponential lifetime, rate mu ~ Gamma(s, rate beta) */
    CO_GENERATE_BGNBD = 1      /**< drop-out after each purchase with p ~ Beta(a, b) */
} co_generate_process;

/** Parameters of the generator. Initialise with co_generate_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_generate_options {
    size_t size;       /**< sizeof(co_generate_options), set by the init function */
    uint64_t seed;     /**< random seed (default 20240601) */
    size_t customers;  /**< number of customers (default 4000) */
    co_day start, end; /**< observation window, inclusive (default 2022-01-01..2024-12-31) */
    double r, alpha;   /**< purchase rate ~ Gamma(r, rate alpha), per day (1.2, 60) */
    double a, b;       /**< dropout probability ~ Beta(a, b) (1.0, 10.0) */
    double spend_p, spend_q, spend_gamma; /**< gamma-gamma spend (6, 4, 15): mean 30 */
    double survey_rate;                   /**< share of customers answering an NPS survey (0.6) */
    co_generate_process process;          /**< purchase process (CO_GENERATE_PARETONBD) */
    double s, beta; /**< Pareto/NBD drop-out rate ~ Gamma(s, rate beta), per day (1.5, 750) */
    double detractor_effect; /**< g of a detractor's NPS answer: the drop-out rate is
                                  multiplied by exp(g) (0.75: 2.12 times); any finite value */
    double complaint_effect; /**< g of a never-resolved complaint (0.5: 1.65 times) */
} co_generate_options;

/**
 * Set `opts` to the defaults that produce the sample data set (seed 20240601, 4000
 * customers, 2022-01-01..2024-12-31, r 1.2, alpha 60, a 1, b 10, spend 6, 4, 15,
 * survey rate 0.6, Pareto/NBD with s 1.5, beta 750, detractor effect 0.75,
 * complaint effect 0.5): call as `co_generate_options_init(&opts, sizeof opts)`. `size` is
 * the sizeof(co_generate_options) the caller was compiled with: only the fields within
 * its first `size` bytes are written, never a byte past them (a program built against
 * an older, smaller struct keeps the memory after its struct intact), and `opts->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opts`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_generate_options_init(co_generate_options *opts, size_t size);

/**
 * Generate a new store (caller frees with co_store_free()).
 * @return CO_OK, CO_EINVAL (NULL out, options not initialised, a parameter
 *         that is not positive and finite, an effect that is not finite or above
 *         5, an unknown process, an empty window), CO_ERANGE (more than 10 million customers) or
 *         CO_ENOMEM.
 */
CO_API int co_generate(const co_generate_options *opts, co_store **out);

/**
 * Generate and write customers.csv, orders.csv, feedback.csv and
 * contacts.csv into the existing directory `dir` (each replaced atomically).
 * `opts` may be NULL for the defaults.
 * @return as co_generate(), or CO_EIO.
 */
CO_API int co_generate_csv(const co_generate_options *opts, const char *dir);

#ifdef __cplusplus
}
#endif

#endif
