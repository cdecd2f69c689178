/**
 * @file custorient/atrisk.h
 * @brief At-risk ranking: which customers carry the most expected value at risk.
 *
 * For customer i with probability p_alive[i] of still being active (from a
 * purchase or churn model) and expected value value[i] (e.g. CLV or the next
 * year's margin), the expected value at risk is
 *     value_at_risk[i] = (1 - p_alive[i]) * value[i].
 * co_atrisk_rank() returns the top N customers by that figure together with
 * the numbers behind it and optional service signals.
 *
 * Order (the tie rule): larger value at risk first; on equal value at risk,
 * more open support contacts first; then the more recent detractor response
 * first (customers without one come after those with one); then the lower
 * customer index. The order is therefore total and reproducible.
 *
 * Thread safety: no state; results go to caller memory.
 */
#ifndef CUSTORIENT_ATRISK_H
#define CUSTORIENT_ATRISK_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Marks "no detractor response on record" in co_atrisk_signals.days_since_detractor. */
#define CO_ATRISK_NO_DETRACTOR (-1)

/**
 * Optional per-customer service signals; each array may be NULL. Initialise
 * with co_atrisk_signals_init(), then set the arrays you have.
 *
 * ABI: the struct grows at the end when signals are added, as options structs
 * do: a caller built against an older, smaller struct is accepted (the signals
 * it lacks are absent); a size of 0 or larger than the library's is CO_EINVAL.
 */
typedef struct co_atrisk_signals {
    size_t size; /**< sizeof(co_atrisk_signals), set by co_atrisk_signals_init(). */
    /** Days since the customer's last detractor (NPS 0-6) response, >= 0, or
     *  ::CO_ATRISK_NO_DETRACTOR (any negative value) when there is none. */
    const int64_t *days_since_detractor;
    /** Number of open support contacts. */
    const uint64_t *open_contacts;
} co_atrisk_signals;

/**
 * Set `signals` to no signals (every array NULL): call as
 * `co_atrisk_signals_init(&signals, sizeof signals)`. `size` is the
 * sizeof(co_atrisk_signals) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `signals->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `signals`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `signals` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_atrisk_signals_init(co_atrisk_signals *signals, size_t size);

/**
 * One ranked customer and the figures behind the ranking.
 *
 * ABI: frozen (it is an array element, so its size is part of the ABI); the
 * reserved space takes the figures of signals added later and is written as 0.
 */
typedef struct co_atrisk_row {
    size_t index;                 /**< Customer index in the input arrays. */
    double value_at_risk;         /**< (1 - p_alive) * value. */
    double p_churned;             /**< 1 - p_alive. */
    double value;                 /**< Expected value as given. */
    int64_t days_since_detractor; /**< As given, or CO_ATRISK_NO_DETRACTOR without signals. */
    uint64_t open_contacts;       /**< As given, or 0 without signals. */
    uint64_t reserved[2];         /**< 0; for later signals. */
} co_atrisk_row;

/**
 * Rank customers by expected value at risk and return the first `top_n`.
 *
 * Runs in O(n log top_n) time and allocates nothing.
 *
 * @param p_alive   n probabilities in [0, 1].
 * @param value     n expected values, finite and >= 0.
 * @param n         number of customers (>= 1).
 * @param signals   optional signals (NULL, or a struct set up by co_atrisk_signals_init()
 *                  whose arrays may be NULL).
 * @param top_n     how many rows to return (>= 1); fewer when n < top_n.
 * @param[out] out  room for top_n rows, filled best first.
 * @param[out] out_count  number of rows written, min(n, top_n).
 * @return CO_OK; CO_EINVAL for NULL pointers, n = 0, top_n = 0, a bad signals size, or a
 *         p_alive or value
 *         that is NaN, infinite or out of range (co_errmsg() names the index). On
 *         failure `out` and `out_count` are untouched.
 */
CO_API int co_atrisk_rank(const double *p_alive, const double *value, size_t n,
                          const co_atrisk_signals *signals, size_t top_n, co_atrisk_row *out,
                          size_t *out_count);

/**
 * What a backtest of a ranked list found. A result: set `size` to its sizeof
 * before the call (`co_atrisk_backtest_result r = {.size = sizeof r};`); only the
 * fields within it are written.
 */
typedef struct co_atrisk_backtest_result {
    size_t size;          /**< sizeof(co_atrisk_backtest_result), set by the caller. */
    size_t ranked;        /**< Customers ranked (the base). */
    size_t ranked_bought; /**< Of them, those with an order in the window. */
    size_t listed;        /**< Customers on the list. */
    size_t listed_bought; /**< Of them, those with an order in the window. */
    double base_rate;     /**< ranked_bought / ranked, in [0, 1]. */
    double listed_rate;   /**< listed_bought / listed, in [0, 1]. */
    double lift;          /**< listed_rate / base_rate; NaN when base_rate is 0. */
} co_atrisk_backtest_result;

/**
 * Check a ranking made as of day `from` against what happened next: which of the
 * ranked customers, and which of the listed ones, ordered in the window
 * (`from`, `from` + `days`]. A list of customers likely to leave should buy again
 * at a lower rate than the base (lift below 1).
 *
 * Typical use: summarise the store as of `from` (co_store_summary()), fit and rank
 * as on the as-of day, then pass the summary's `customer` array, the rows of
 * co_atrisk_rank() and the orders up to `from` + `days` (co_store_orders_as_of()).
 *
 * @param customer   n store indices of the ranked customers, distinct (a summary's
 *                   `customer` array): row i of the ranking is customer[i].
 * @param n          number of ranked customers (>= 1).
 * @param rows       the list: `count` rows whose `index` is a position in `customer`
 *                   (as co_atrisk_rank() writes it), each position at most once.
 * @param count      rows on the list (>= 1).
 * @param order_customer  n_orders store indices, one per order; orders of customers
 *                   who are not ranked are ignored.
 * @param order_day  n_orders order days (days since 1970-01-01).
 * @param n_orders   number of orders (0 allowed; may be 0 with NULL arrays).
 * @param from       day of the ranking; orders on it or before do not count.
 * @param days       length of the window in days (>= 1).
 * @param[out] out   the counts and rates; its `size` set by the caller.
 * @return CO_OK; CO_EINVAL for a NULL argument, n = 0, count = 0, days < 1, a customer
 *         listed twice in `customer` or in `rows`, or a bad `out->size`; CO_ERANGE for a
 *         row index >= n or a window that ends past the largest day; CO_EOVERFLOW when
 *         the largest customer index leaves no room for the table of customers
 *         (memory proportional to it is used); CO_ENOMEM. co_errmsg() names the first bad
 *         index. On failure `out` is untouched.
 *
 * Thread safety: no state; any number of calls may run at once.
 */
CO_API int co_atrisk_backtest(const size_t *customer, size_t n, const co_atrisk_row *rows,
                              size_t count, const size_t *order_customer, const co_day *order_day,
                              size_t n_orders, co_day from, int64_t days,
                              co_atrisk_backtest_result *out);

#ifdef __cplusplus
}
#endif

#endif
