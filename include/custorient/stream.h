/**
 * @file custorient/stream.h
 * @brief Summaries of order and feedback CSV files larger than memory, in one pass.
 *
 * The files are read in blocks, never whole, and may be in any order: rows of
 * one customer need not be together nor sorted by day. They have the layout the
 * store imports (co_store_import_csv(): `order_id,customer_id,date,amount` and
 * `customer_id,date,channel,kind,score,text`, columns found by name, extra
 * columns allowed), are parsed by the same rules, and a bad row fails with the
 * same `file:line:column: what` message. What the store checks against other
 * records cannot be checked here: customers need no customers file (any
 * non-empty id is a customer) and order ids are not checked for duplicates.
 *
 * Memory grows with the customers, not the orders: a 64-byte slot per
 * customer in a table at most three quarters full, and for a customer with
 * more than 8 distinct order days a list of them (4 bytes a day) or, when
 * smaller, a bitmap of one bit per day of its span (first to last order day;
 * at most twice that while it grows), because the distinct days behind
 * `frequency` have to be remembered to be counted exactly. A feedback tally
 * keeps a few counters whatever the size.
 *
 * Money is added exactly, in millionths of the currency unit, so the sums do
 * not depend on the order of the rows: an amount needs at most 6 decimal
 * places, and a customer's total at most 9.2e12 (CO_ERANGE / CO_EOVERFLOW
 * otherwise). The store adds doubles in day order instead; the two agree to
 * the last bit when every partial sum is exact in a double, else within a few
 * units in the last place.
 *
 * Every function is all-or-nothing: on failure nothing is returned.
 * Thread safety: the functions keep no state; a summary is immutable and may
 * be read by any number of threads.
 */
#ifndef CUSTORIENT_STREAM_H
#define CUSTORIENT_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "custorient/nps.h"
#include "custorient/store.h"
#include "custorient/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of the streaming summaries. Initialise with co_stream_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults for
 *  the fields it lacks (docs/conventions.md). */
typedef struct co_stream_options {
    size_t size;           /**< sizeof(co_stream_options), set by co_stream_options_init(). */
    co_day as_of;          /**< Last day counted (inclusive): later rows are read and checked but
                                not counted. CO_DAY_NONE (the default): the last day in the files. */
    co_time_unit unit;     /**< CO_UNIT_DAYS (default) or CO_UNIT_WEEKS, as co_store_summary(). */
    size_t block_size;     /**< Bytes read at a time; 0 (the default) for 1 MiB, at least 16. */
    co_day as_of_at_least; /**< With as_of CO_DAY_NONE: the as-of day is the later of this day
                                and the last order day in the files, so that a caller who read
                                other files of the same data first (feedback: its
                                co_feedback_tally.as_of) gets one as-of day for all of them.
                                CO_DAY_NONE (the default): the order files alone. Ignored when
                                as_of is set. */
} co_stream_options;

/**
 * Set `opts` to the defaults (as_of and as_of_at_least CO_DAY_NONE, days, 1 MiB blocks): call as
 * `co_stream_options_init(&opts, sizeof opts)`. Only the first `size` bytes are
 * written and `opts->size` becomes `size`.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field or larger than this library's struct.
 */
CO_API int co_stream_options_init(co_stream_options *opts, size_t size);

/** A per-customer summary made from order files (opaque). */
typedef struct co_stream_summary co_stream_summary;

/**
 * Summarise the orders of the CSV files `paths[0..n_paths-1]` (together, as one
 * table) with the definitions of co_store_summary(): one row per customer with
 * an order on or before the as-of day. Customers are numbered in the order
 * their first row appears in the files; rows are in that order too.
 * @param opts NULL for the defaults.
 * @param[out] out the summary; caller frees with co_stream_summary_free().
 * @return CO_OK; CO_EINVAL (NULL argument, n_paths == 0, bad options); CO_EIO
 *         (a file cannot be opened or read, naming it); CO_EPARSE or CO_ERANGE
 *         (a bad row, with file:line:column); CO_EOVERFLOW (a customer's total
 *         spend beyond 9.2e12, or more customers than memory can index);
 *         CO_ENOMEM.
 */
CO_API int co_stream_summarize_orders(const char *const *paths, size_t n_paths,
                                      const co_stream_options *opts, co_stream_summary **out);

/**
 * As co_stream_summarize_orders(), over `len` bytes of CSV text held in memory
 * (read in blocks all the same); `source` names it in messages (NULL: "<text>").
 */
CO_API int co_stream_summarize_orders_text(const char *text, size_t len, const char *source,
                                           const co_stream_options *opts, co_stream_summary **out);

/**
 * The rows, in the layout of co_store_summary(): `customer[r]` is the number
 * of the row's customer (see co_stream_summary_get_customer()), money is in
 * the files' currency unit. Borrowed: valid while the summary lives. NULL for
 * a NULL summary.
 */
CO_API const co_summary *co_stream_summary_rows(const co_stream_summary *summary);

/** The as-of day the summary was made for (the last day in the files, or the
 *  options' as_of_at_least when later, if the options left it to them;
 *  CO_DAY_NONE for a NULL summary or files without orders and no as_of_at_least). */
CO_API co_day co_stream_summary_as_of(const co_stream_summary *summary);

/** Number of customers seen in the files (rows may be fewer: customers whose
 *  orders all fall after the as-of day have none). 0 for NULL. */
CO_API size_t co_stream_summary_count(const co_stream_summary *summary);

/**
 * The id of customer `index` (0-based, in order of first appearance), borrowed
 * while the summary lives.
 * @return CO_OK; CO_EINVAL for NULL arguments; CO_ERANGE for an index >= the count.
 */
CO_API int co_stream_summary_get_customer(const co_stream_summary *summary, size_t index,
                                          const char **out);

/** Free a summary; NULL is a no-op. */
CO_API void co_stream_summary_free(co_stream_summary *summary);

/**
 * Answers per score in feedback files, for NPS, CSAT and CES. Sized by the
 * caller: set `size` before the call (`co_feedback_tally t = {.size = sizeof t};`).
 */
typedef struct co_feedback_tally {
    size_t size;      /**< In: sizeof(co_feedback_tally) as the caller knows it. */
    uint64_t rows;    /**< Feedback rows read (every kind, every day). */
    uint64_t nps[11]; /**< NPS answers 0..10 on or before the as-of day. */
    uint64_t csat[5]; /**< CSAT answers 1..5 (index 0 is answer 1). */
    uint64_t ces[7];  /**< CES answers 1..7 (index 0 is answer 1). */
    co_day as_of;     /**< The as-of day used (the last day in the files if the options
                           left it to them); CO_DAY_NONE for files without rows. */
} co_feedback_tally;

/**
 * Count the NPS, CSAT and CES answers of feedback CSV files on or before the
 * options' as-of day. Every row is checked as co_store_import_csv() checks it
 * (channel, kind, score on its scale, date), except that the customer need not
 * exist anywhere. The unit and nothing else of the options is ignored.
 * @param[in,out] out its `size` set by the caller; untouched on failure.
 * @return as co_stream_summarize_orders().
 */
CO_API int co_stream_tally_feedback(const char *const *paths, size_t n_paths,
                                    const co_stream_options *opts, co_feedback_tally *out);

/**
 * The NPS accumulator of a tally's answers, unweighted (weights equal to the
 * counts, as co_nps_add() keeps them).
 * @return CO_OK; CO_EINVAL for NULL arguments or a tally whose size lacks `nps`.
 */
CO_API int co_feedback_tally_nps(const co_feedback_tally *tally, co_nps *out);

#ifdef __cplusplus
}
#endif

#endif
