/**
 * @file custorient/feedback_score.h
 * @brief One 0-100 feedback score per customer, with recency decay.
 *
 * Every piece of feedback a customer gave (an NPS answer, a CSAT or CES
 * rating, the sentiment of a comment, or any score already on 0-100) is put
 * on a 0-100 scale and weighted by 2^(-age / half_life), its age counted in
 * days before the `as_of` date. The customer's score is the weighted mean,
 * optionally shrunk towards a neutral prior, so that recent opinions count
 * most. Sorting customers by it (co_feedback_rank()) lists the unhappiest,
 * most at risk, first.
 *
 * The inputs are parallel arrays, one element per piece of feedback, as a
 * customer store exports them: customer index, day, kind and value.
 *
 * Thread safety: all functions are reentrant; they only touch their arguments.
 */
#ifndef CUSTORIENT_FEEDBACK_SCORE_H
#define CUSTORIENT_FEEDBACK_SCORE_H

#include "custorient/core.h"
#include "custorient/feedback_kind.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Each kind is put on 0-100 linearly from its scale (see co_feedback_kind):
 * NPS 0-10 -> 10 * value; CSAT and rating 1-5 -> 25 * (value - 1);
 * CES 1-7 -> 100 * (value - 1) / 6; text -> 50 * (compound sentiment + 1). */

/** Options of co_feedback_score(). Initialise with co_feedback_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_feedback_options {
    size_t size;  /**< sizeof(co_feedback_options), set by the init function. */
    co_day as_of; /**< Day the scores are for; feedback after it is an error. Default 0: set it. */
    double half_life_days; /**< Age at which feedback counts half; > 0, may be INFINITY (no decay).
                              Default 90. */
    double prior_weight;   /**< Weight of a pseudo-answer of `prior_score` given on `as_of`; >= 0.
                              Default 0. */
    double prior_score;    /**< Score of the pseudo-answer, 0-100. Default 50. */
    double kind_weight[CO_FEEDBACK_KIND_COUNT]; /**< Relative weight of each kind, >= 0. Default 1
                                                   each. */
} co_feedback_options;

/**
 * Set `opts` to the defaults (as_of 0, half-life 90 days, prior weight 0, prior score
 * 50, weight 1 for every kind): call as `co_feedback_options_init(&opts, sizeof
 * opts)`. `size` is the sizeof(co_feedback_options) the caller was compiled with: only
 * the fields within its first `size` bytes are written, never a byte past them (a
 * program built against an older, smaller struct keeps the memory after its struct
 * intact), and `opts->size` becomes `size`. Fields the caller does not have take these
 * defaults when the struct is passed. The caller owns `opts`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_feedback_options_init(co_feedback_options *opts, size_t size);

/**
 * Combine `n` pieces of feedback into one score per customer.
 *
 * @param customer   customer index of each piece, each < n_customers.
 * @param day        day of each piece, at most opts->as_of.
 * @param kind       co_feedback_kind of each piece.
 * @param value      value of each piece on its kind's scale (finite).
 * @param out_score  n_customers scores in 0-100; NaN for a customer with no
 *                   weighted feedback and no prior.
 * @param out_weight NULL, or n_customers total decayed weights (the evidence
 *                   behind each score, prior excluded).
 * @return CO_OK; CO_EINVAL for NULL arrays (with n > 0 or n_customers > 0),
 *         bad options, an unknown kind or a non-finite value (naming the
 *         index); CO_ERANGE for a customer index out of range, an as_of or
 *         day outside years 0001-9999, a day after as_of, or a value outside
 *         its kind's scale (naming the index); CO_EOVERFLOW when `out_weight`
 *         is given and a customer's total weight exceeds the range of a double
 *         (kind weights near DBL_MAX); CO_ENOMEM. Outputs are untouched on
 *         failure.
 */
CO_API int co_feedback_score(const size_t *customer, const co_day *day, const int *kind,
                             const double *value, size_t n, size_t n_customers,
                             const co_feedback_options *opts, double *out_score,
                             double *out_weight);

/**
 * Order customers from the lowest score (most at risk) to the highest;
 * NaN scores (no feedback) come last; ties keep index order.
 * @param[out] out_order n indices into `scores`.
 * @return CO_OK; CO_EINVAL for NULL arrays with n > 0; CO_ENOMEM (then
 *         `out_order` is untouched).
 */
CO_API int co_feedback_rank(const double *scores, size_t n, size_t *out_order);

#ifdef __cplusplus
}
#endif

#endif
