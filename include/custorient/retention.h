/**
 * @file custorient/retention.h
 * @brief Retention and churn rates and the monthly cohort retention matrix.
 *
 * Both work on plain arrays describing customers and their orders, as the
 * store produces them:
 *   - `first_day[c]`: the day customer c started (sign-up or first order),
 *     for c in 0 .. n_customers-1;
 *   - `order_customer[k]`, `order_day[k]`: order k was placed by customer
 *     `order_customer[k]` on `order_day[k]`, in any order.
 * A customer is *active* in a window of days when they placed at least one
 * order in it. Days are ::co_day values (days since 1970-01-01).
 *
 * Thread safety: the functions keep no state; a ::co_cohorts matrix is
 * immutable and may be read from several threads.
 */
#ifndef CUSTORIENT_RETENTION_H
#define CUSTORIENT_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Period-over-period retention between two adjacent windows of equal length.
 *  ABI: frozen: the counts add up (active = retained + reactivated + new ones
 *  active) and the rates follow from them. */
typedef struct co_retention {
    uint64_t base;          /**< Customers active in the previous window. */
    uint64_t retained;      /**< Of `base`, those active again in the current window. */
    uint64_t churned;       /**< base - retained. */
    uint64_t active;        /**< Customers active in the current window. */
    uint64_t new_customers; /**< Customers whose first day falls in the current window. */
    uint64_t reactivated;   /**< Active now, not in the previous window, started before the
                                 current one; active = retained + reactivated + new ones active. */
    double retention_rate;  /**< retained / base; NaN when base is 0. */
    double churn_rate;      /**< churned / base = 1 - retention_rate; NaN when base is 0. */
} co_retention;

/**
 * Retention of the window [start, start + period_days) against the window
 * [start - period_days, start) before it.
 *
 * @param first_day       n_customers start days.
 * @param order_customer  n_orders customer indices (< n_customers).
 * @param order_day       n_orders order days.
 * @param period_days     window length in days, >= 1.
 * @param[out] out        the counts and rates; untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL pointer, n_customers = 0, period_days < 1 or an
 *         order dated before its customer's first day; CO_ERANGE for an order whose
 *         customer index is >= n_customers (co_errmsg() names the order); CO_ENOMEM.
 */
CO_API int co_retention_rate(const co_day *first_day, size_t n_customers,
                             const size_t *order_customer, const co_day *order_day, size_t n_orders,
                             co_day start, int64_t period_days, co_retention *out);

/**
 * Add the counts of `other` to `acc` and recompute the rates: the retention of the
 * customers of both, when they are different customers (split the data by customer,
 * each customer's orders in one part) and the window is the same. Counts add exactly,
 * so any order and grouping of merges gives the one-pass result. `other` may be `acc`.
 * @return CO_OK; CO_EINVAL for NULL; CO_EOVERFLOW when a count would pass 2^64 (then
 *         `acc` is unchanged).
 */
CO_API int co_retention_merge(co_retention *acc, const co_retention *other);

/**
 * Serialise retention counts with their window (kind ::CO_PARTIAL_RETENTION of
 * custorient/partial.h): the window [start, start + period_days) and the counts; the
 * rates follow from them.
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_retention_serialize(const co_retention *retention, co_day start, int64_t period_days,
                                  void **out, size_t *out_len);

/**
 * Read retention counts and their window written by co_retention_serialize().
 * @param[out] out the counts with their rates; @param[out] start, period_days the window.
 *             All untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or counts that do not add up (more retained
 *         than the base, fewer active than retained and reactivated, a window shorter
 *         than a day).
 */
CO_API int co_retention_deserialize(const void *bytes, size_t len, co_retention *out, co_day *start,
                                    int64_t *period_days);

/** Most calendar months a cohort matrix spans (100 years): its rows, and its columns,
 *  so at most 1200 x 1200 cells (11.5 MB of counts and as many of rates). */
#define CO_COHORTS_MAX_MONTHS 1200

/** A cohort retention matrix (opaque, immutable). Free with co_cohorts_free(). */
typedef struct co_cohorts co_cohorts;

/**
 * Group customers into cohorts by the calendar month of their first day and
 * count, for each cohort and each month since (0 = the cohort's own month),
 * the customers active in that calendar month.
 *
 * Rows run over every calendar month from the earliest first day up to the
 * month of `as_of` (empty months included); columns over months since,
 * 0 .. rows-1. Customers who start after `as_of` and orders after `as_of`
 * are left out; the month of `as_of` itself counts as observed.
 *
 * @param[out] out  the new matrix; caller frees with co_cohorts_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL pointer, no customer starting on or before
 *         `as_of`, or an order dated before its customer's first day; CO_ERANGE for an
 *         order whose customer index is out of range (as for co_retention_rate()), an
 *         as-of day or a first day outside years 0001-9999, or
 *         when the months from the earliest first day to `as_of` are more than
 *         CO_COHORTS_MAX_MONTHS (checked before anything is allocated); CO_ENOMEM.
 */
CO_API int co_cohorts_build(const co_day *first_day, size_t n_customers,
                            const size_t *order_customer, const co_day *order_day, size_t n_orders,
                            co_day as_of, co_cohorts **out);

/** Free a matrix; NULL is a no-op. */
CO_API void co_cohorts_free(co_cohorts *cohorts);

/** Number of cohorts: the rows of the matrix, and its columns. 0 for NULL. */
CO_API size_t co_cohorts_count(const co_cohorts *cohorts);

/**
 * First day of each cohort's calendar month, `rows` values, oldest first.
 * @return CO_OK, or CO_EINVAL for a NULL pointer.
 */
CO_API int co_cohorts_months(const co_cohorts *cohorts, co_day *out);

/** Customers in each cohort (`rows` values). CO_OK or CO_EINVAL for NULL. */
CO_API int co_cohorts_sizes(const co_cohorts *cohorts, uint64_t *out);

/**
 * Active customers per cohort and month since, rows x rows values in row-major
 * order (cell [r * rows + k]); 0 in months after `as_of`.
 * @return CO_OK, or CO_EINVAL for a NULL pointer.
 */
CO_API int co_cohorts_active(const co_cohorts *cohorts, uint64_t *out);

/**
 * Retention shares: active / cohort size, rows x rows values in row-major
 * order; NaN for months after `as_of` and for empty cohorts.
 * @return CO_OK, or CO_EINVAL for a NULL pointer.
 */
CO_API int co_cohorts_rates(const co_cohorts *cohorts, double *out);

/**
 * Merge the matrices of two parts of the customers (split by customer, each customer's
 * orders in one part) observed to the same as-of day: the matrix co_cohorts_build()
 * gives on all customers. Rows run from the earlier part's first month; counts add
 * exactly, so any order and grouping of merges gives the one-pass matrix.
 * @param[out] out the new matrix; caller frees with co_cohorts_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or matrices of different as-of days; CO_EOVERFLOW
 *         when a count would pass 2^64; CO_ENOMEM.
 */
CO_API int co_cohorts_merge(const co_cohorts *a, const co_cohorts *b, co_cohorts **out);

/** The as-of day the matrix was built for; 0 for NULL. */
CO_API co_day co_cohorts_as_of(const co_cohorts *cohorts);

/**
 * Serialise a matrix (kind ::CO_PARTIAL_COHORTS of custorient/partial.h).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_cohorts_serialize(const co_cohorts *cohorts, void **out, size_t *out_len);

/**
 * Read a matrix written by co_cohorts_serialize().
 * @param[out] out the new matrix; caller frees with co_cohorts_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or a matrix no customers give (months that do
 *         not end at the as-of day's, more than CO_COHORTS_MAX_MONTHS of them, more
 *         customers active than in their cohort); CO_ENOMEM.
 */
CO_API int co_cohorts_deserialize(const void *bytes, size_t len, co_cohorts **out);

#ifdef __cplusplus
}
#endif

#endif
