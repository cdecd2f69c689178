/**
 * @file custorient/generate.h
 * @brief Seeded synthetic customer data with known parameters.
 *
 * Customers sign up uniformly over an observation window and buy following
 * a beta-geometric/NBD ("buy till you die") process: each has a purchase
 * rate lambda ~ Gamma(r, rate alpha) per day and, after every purchase,
 * drops out with probability p ~ Beta(a, b). Order amounts follow the
 * gamma-gamma model: per customer nu ~ Gamma(q, rate gamma), per order
 * z ~ Gamma(spend_p, rate nu), rounded to cents. A latent satisfaction per
 * customer (lower for customers prone to drop out) drives NPS, CSAT, CES and
 * star ratings, and English feedback texts that praise or complain about
 * price, delivery, quality, support, billing or usability in line with the
 * score. Support contacts arrive more often for unhappy customers.
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
} co_generate_options;

/**
 * Set `opts` to the defaults that produce the sample data set (seed 20240601, 4000
 * customers, 2022-01-01..2024-12-31, r 1.2, alpha 60, a 1, b 10, spend 6, 4, 15,
 * survey rate 0.6): call as `co_generate_options_init(&opts, sizeof opts)`. `size` is
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
 *         that is not positive and finite, an empty window, a dropout mean
 *         outside (0,1)), CO_ERANGE (more than 10 million customers) or
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
