/**
 * @file custorient/btyd_rows.h
 * @brief The purchase and spend models' data as a mergeable state, fits from it,
 *        and fits whose likelihood is summed over partitions.
 *
 * A ::co_btyd_rows holds the distinct customer histories of a data set with
 * the number of customers each stands for: (frequency, recency, T) for the
 * purchase models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB with T the number of
 * opportunities), or (frequency, mean spend) for Gamma-Gamma. Rows are kept
 * sorted, identical rows merged. States built on the parts of a data set and
 * merged in any order and grouping are bitwise equal to the state built on the
 * whole, and a fit from them (co_btyd_rows_fit()) gives bitwise the parameters
 * of the model's fit on the whole arrays: the fits merge identical histories
 * into these same rows.
 *
 * A state serialises to bytes (co_btyd_rows_serialize(), docs/formats.md) so
 * workers can ship it.
 *
 * When even the distinct rows are too many for one process, each partition
 * evaluates its log-likelihood and gradient (co_btyd_rows_loglik_gradient())
 * and co_btyd_fit_distributed() runs only the optimiser, asking a caller's
 * function for the sums.
 *
 * Weights are counts of customers: whole numbers, so that merges add them
 * exactly; the total must stay below 2^53.
 *
 * Thread safety: a state is used by one thread at a time; const functions may
 * share it.
 */
#ifndef CUSTORIENT_BTYD_ROWS_H
#define CUSTORIENT_BTYD_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/btyd.h"
#include "custorient/core.h"
#include "custorient/model_io.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a rows state holds. */
typedef enum co_btyd_rows_kind {
    CO_BTYD_ROWS_PURCHASES = 0, /**< (frequency, recency, T): the purchase models. */
    CO_BTYD_ROWS_SPEND = 1,     /**< (frequency, mean spend): Gamma-Gamma. */
    CO_BTYD_ROWS_KIND_COUNT     /**< Number of kinds. */
} co_btyd_rows_kind;

/** Opaque mergeable state of distinct histories and their weights. */
typedef struct co_btyd_rows co_btyd_rows;

/**
 * A purchases state from n customers' frequency (whole repeat purchases), recency
 * and T (in the caller's time unit; for the BG/BB the number of opportunities),
 * with `weights` (NULL: 1 each; whole numbers >= 0; a weight of 0 drops the row
 * but still counts for the penalty, as in the fits). n = 0 gives an empty state.
 * @param[out] out caller frees with co_btyd_rows_free().
 * @return CO_OK; CO_EINVAL for NULL, a value a fit would refuse (naming the
 *         first bad index) or a weight that is not a whole number;
 *         CO_EOVERFLOW for a total weight of 2^53 or more; CO_ENOMEM.
 */
CO_API int co_btyd_rows_from_purchases(const double *frequency, const double *recency,
                                       const double *T, const double *weights, size_t n,
                                       co_btyd_rows **out);

/**
 * A spend state from n customers' frequency and mean spend per repeat purchase
 * (`monetary` > 0 where frequency > 0), weights as co_btyd_rows_from_purchases().
 * @param[out] out caller frees with co_btyd_rows_free().
 * @return as co_btyd_rows_from_purchases().
 */
CO_API int co_btyd_rows_from_spend(const double *frequency, const double *monetary,
                                   const double *weights, size_t n, co_btyd_rows **out);

/** Release a state; NULL is a no-op. */
CO_API void co_btyd_rows_free(co_btyd_rows *rows);

/**
 * Add `other`'s rows to `into` (identical rows add their weights). The result
 * does not depend on the order or grouping of merges, bit for bit.
 * `other` may be `into` (every weight doubles).
 * @return CO_OK; CO_EINVAL for NULL or states of different kinds; CO_EOVERFLOW if the total weight
 * would reach 2^53; CO_ENOMEM. On failure `into` is unchanged.
 */
CO_API int co_btyd_rows_merge(co_btyd_rows *into, const co_btyd_rows *other);

/** What the state holds; CO_BTYD_ROWS_KIND_COUNT for NULL. */
CO_API co_btyd_rows_kind co_btyd_rows_get_kind(const co_btyd_rows *rows);

/** Number of distinct rows (0 for NULL). */
CO_API size_t co_btyd_rows_count(const co_btyd_rows *rows);

/**
 * Copy the rows, in the state's order (frequency, then the second and third
 * column ascending), into the caller's arrays of co_btyd_rows_count() each:
 * frequency, recency (mean spend for a spend state), T (0 for a spend state) and
 * weight. Any of the four may be NULL to skip it.
 * @return CO_OK; CO_EINVAL for a NULL state.
 */
CO_API int co_btyd_rows_get_columns(const co_btyd_rows *rows, double *frequency, double *recency,
                                    double *T, double *weights);

/** Sums over a state that a fit needs besides the likelihood: its start and
 *  penalty. ABI: frozen (sufficient statistics; merged by co_btyd_totals_merge()). */
typedef struct co_btyd_totals {
    int kind;              /**< A ::co_btyd_rows_kind. */
    uint64_t inputs;       /**< Input customers, zero weights included. */
    double weight;         /**< Total weight. */
    double repeat_weight;  /**< Weight of rows with frequency > 0. */
    double weighted_x;     /**< Sum of weight * frequency. */
    double weighted_value; /**< Sum of weight * T (purchases) or of weight * mean spend over
                                rows with frequency > 0 (spend). */
    double max_T;          /**< Largest T of any input customer (0 for spend). */
} co_btyd_totals;

/**
 * The totals of a state.
 * @return CO_OK; CO_EINVAL for NULL.
 */
CO_API int co_btyd_rows_totals(const co_btyd_rows *rows, co_btyd_totals *out);

/**
 * Add `other` to `into`. Counts and whole weights add exactly; weighted_value
 * adds in the order of the calls, so merge partitions in a fixed order.
 * @return CO_OK; CO_EINVAL for NULL or different kinds (then `into` is unchanged).
 */
CO_API int co_btyd_totals_merge(co_btyd_totals *into, const co_btyd_totals *other);

/**
 * Serialise a state for another process (the frame of custorient/partial.h, kind
 * ::CO_PARTIAL_PURCHASE_ROWS; payload in docs/formats.md), exactly:
 * co_btyd_rows_deserialize() gives back an identical state.
 * @param[out] out the bytes; caller frees them with co_partial_free().
 * @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_btyd_rows_serialize(const co_btyd_rows *rows, void **out, size_t *out_len);

/**
 * Read a state written by co_btyd_rows_serialize().
 * @param[out] out caller frees with co_btyd_rows_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged
 *         or truncated bytes, a newer format version, or rows that no state holds (out
 *         of order, repeated, values a fit refuses, weights not whole and > 0).
 *         CO_ENOMEM.
 */
CO_API int co_btyd_rows_deserialize(const void *bytes, size_t len, co_btyd_rows **out);

/**
 * Fit model `kind` (CO_MODEL_BGNBD, CO_MODEL_PARETONBD, CO_MODEL_MBGNBD and
 * CO_MODEL_BGBB on a purchases state, CO_MODEL_GAMMAGAMMA on a spend state) to
 * the rows: the same parameters, bit for bit, as the model's fit on the arrays
 * the state was built from.
 * @param opt NULL for defaults (co_btyd_fit_options_init()).
 * @param[out] params co_model_kind_param_count(kind) values in the order of the
 *             model's parameter struct; written on CO_OK only.
 * @param[out] info NULL or sized, as in the model's fit.
 * @return CO_OK; CO_EINVAL for NULL, an empty state, a kind this state cannot fit
 *         or rows the model refuses (BG/BB: whole numbers); CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_btyd_rows_fit(const co_btyd_rows *rows, co_model_kind kind,
                            const co_btyd_fit_options *opt, double *params, co_btyd_fit_info *info);

/**
 * The weighted log-likelihood of the rows under model `kind` at natural
 * parameters `params` (all > 0), and in `grad` (NULL to skip) its gradient in
 * the log-parameters, d ll / d log p_i. An empty state gives 0 and a zero
 * gradient, so that a partition without customers adds nothing.
 * @return CO_OK; CO_EINVAL for NULL, a bad parameter or kind; CO_ENOCONV when a
 *         series does not converge at these parameters; CO_ENOMEM.
 *         Outputs are written on CO_OK only.
 */
CO_API int co_btyd_rows_loglik_gradient(const co_btyd_rows *rows, co_model_kind kind,
                                        const double *params, double *ll, double *grad);

/**
 * A sum over partitions for co_btyd_fit_distributed(): write into `ll` the
 * log-likelihood summed over every partition at natural parameters `params`,
 * and into `grad` (kind's parameter count) the summed gradient in the
 * log-parameters, each partition's as co_btyd_rows_loglik_gradient() gives it.
 * Add the partitions in a fixed order (by partition index) so that a fit is
 * reproducible. Return CO_OK; CO_ENOCONV marks the point as unusable (the
 * optimiser backs off); any other negative status stops the fit and is returned.
 */
typedef int (*co_btyd_loglik_sum_fn)(void *ctx, const double *params, double *ll, double *grad);

/**
 * Fit model `kind` when the rows stay with the partitions: only the optimiser
 * runs here, evaluating `sum` at each point. `totals` are the partitions' totals
 * merged (co_btyd_totals_merge()); they give the start and the penalty as the
 * single fit has them. The result equals co_btyd_rows_fit() on the merged rows
 * to the precision the tolerance asks for (opt->tolerance 1e-11: about 1e-9
 * relative); without a pilot fit or an exact Hessian it needs more evaluations.
 * opt->threads is ignored.
 * @param[out] params as co_btyd_rows_fit(); @param[out] info NULL or sized
 *             (distinct_rows is 0: the rows are not seen here).
 * @return CO_OK; CO_EINVAL for NULL, bad options or totals of another kind;
 *         CO_ENOCONV; or the status `sum` returned.
 */
CO_API int co_btyd_fit_distributed(co_model_kind kind, const co_btyd_totals *totals,
                                   co_btyd_loglik_sum_fn sum, void *ctx,
                                   const co_btyd_fit_options *opt, double *params,
                                   co_btyd_fit_info *info);

#ifdef __cplusplus
}
#endif

#endif
