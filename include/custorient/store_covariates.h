/**
 * @file custorient/store_covariates.h
 * @brief A customer-by-feature matrix as of a day, built from what the store
 *        holds: NPS, sentiment and topics of texts, CES and CSAT, support
 *        contacts, segment and tags. Ready as covariates of the purchase
 *        models (custorient/btyd_covariates.h).
 *
 * co_store_covariates() reads only records dated on or before the as-of day
 * (a record dated on it counts). Its rows are, by default, the customers with
 * an order on or before that day in store order: the rows of
 * co_store_summary() for the same day, so `values` feeds co_btyd_cov_fit()
 * beside the summary's frequency, recency and T. Each column belongs to one
 * feature group (::co_covariate_feature). A value that cannot be observed
 * (no CES answer, no text...) never becomes a silent zero: the group has an
 * indicator column "<feature>_missing" that is 1 on those rows, and the value
 * gets a documented neutral fill (the mean of the observed rows, or a cap).
 *
 * Columns, in this order (W = the group's window, in days, ending on the
 * as-of day: days as_of - W + 1 .. as_of; a window of 0 is the whole history):
 *
 * | group | columns | value |
 * |---|---|---|
 * | NPS | `nps_promoter`, `nps_passive`, `nps_detractor`, `nps_none` | category of the latest NPS
 * answer (latest day; the later-added on a tie); `nps_none` (the missing indicator) when there is
 * none | | SENTIMENT | `sentiment_mean` | mean compound sentiment of the texts in `text_window` |
 * | TEXT (with SENTIMENT or TOPICS) | `text_missing` | 1 when the customer has no text in
 * `text_window` | | CES | `ces_mean`, `ces_missing` | mean CES score (1-7) of the answers in
 * `rating_window` | | CSAT | `csat_mean`, `csat_missing` | mean CSAT score (1-5) of the answers in
 * `rating_window` | | CONTACTS | `contacts_open`, `contacts_closed` | contacts open on the as-of
 * day; contacts resolved in `contact_window` | | DETRACTOR | `days_since_detractor`,
 * `days_since_detractor_missing` | as-of day minus the day of the latest NPS answer of 0-6, at most
 * `detractor_cap` | | TOPICS | `topic:<name>` for each topic of the map | 1 when a text in
 * `text_window` mentions the topic | | SEGMENT | `segment:<name>`, `segment_missing` | 1 for the
 * customer's segment; `segment_missing` for an empty segment | | TAGS | `tag:<name>` | 1 when the
 * customer has the tag |
 *
 * Texts are the feedback of any kind with a non-empty text (as
 * co_store_feedback_texts()); `text_missing`, the missing indicator of both
 * SENTIMENT and TOPICS, comes once, after `sentiment_mean`.
 * Fills: a mean's missing rows get the mean of the rows that have one (the
 * scale's midpoint, CES 4, CSAT 3, sentiment 0, when no row has one);
 * `days_since_detractor` of a customer without a detractor answer is
 * `detractor_cap`, and longer ages are cut to it. Segment and tag levels are
 * those of the rows' customers, in byte order. Counts and indicators have no
 * missing value. docs/data-format.md, "Covariates", gives each definition.
 *
 * Thread safety: reads the store only (as the other `const co_store *`
 * functions); the lexicon and topic map are only read.
 */
#ifndef CUSTORIENT_STORE_COVARIATES_H
#define CUSTORIENT_STORE_COVARIATES_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "custorient/sentiment.h"
#include "custorient/store.h"
#include "custorient/topics.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Feature groups, as bit flags for co_store_covariate_options.features and as
 *  the group of each column (co_covariate_matrix.feature). */
typedef enum co_covariate_feature {
    CO_COVARIATE_NPS = 1 << 0,       /**< latest NPS category */
    CO_COVARIATE_SENTIMENT = 1 << 1, /**< mean sentiment of texts */
    CO_COVARIATE_CES = 1 << 2,       /**< mean CES */
    CO_COVARIATE_CSAT = 1 << 3,      /**< mean CSAT */
    CO_COVARIATE_CONTACTS = 1 << 4,  /**< open and recently closed support contacts */
    CO_COVARIATE_DETRACTOR = 1 << 5, /**< days since the last detractor answer */
    CO_COVARIATE_TOPICS = 1 << 6,    /**< pain-point topics mentioned */
    CO_COVARIATE_SEGMENT = 1 << 7,   /**< segment indicators */
    CO_COVARIATE_TAGS = 1 << 8,      /**< tag indicators */
    CO_COVARIATE_TEXT = 1 << 9       /**< group of `text_missing` only (not a selection flag:
                                          it comes with SENTIMENT or TOPICS) */
} co_covariate_feature;

/** Every selectable feature group. */
#define CO_COVARIATE_ALL 0x1FF

/** Lower-case name of one feature flag ("nps", "sentiment", "ces", "csat",
 *  "contacts", "detractor", "topics", "segment", "tags", "text"), or NULL for
 *  anything else (several bits included). */
CO_API const char *co_covariate_feature_name(int feature);

/** What a column holds (co_covariate_matrix.column_kind). */
typedef enum co_covariate_column_kind {
    CO_COVARIATE_INDICATOR = 0,  /**< 0 or 1: a level of a category, a topic, a tag */
    CO_COVARIATE_MISSING = 1,    /**< 0 or 1: the value of its group is missing */
    CO_COVARIATE_CONTINUOUS = 2, /**< a mean, a count or an age; the columns standardised */
} co_covariate_column_kind;

/** Options of co_store_covariates(). Initialise with
 *  co_store_covariate_options_init(). ABI: grows at the end; an older caller's
 *  smaller struct gets the defaults for the fields it lacks. */
typedef struct co_store_covariate_options {
    size_t size;               /**< sizeof(co_store_covariate_options), set by _init. */
    unsigned features;         /**< OR of ::co_covariate_feature flags (default
                                    CO_COVARIATE_ALL); 0 or an unknown bit is CO_EINVAL. */
    const size_t *customers;   /**< Rows: n_customers store indices, in the order wanted; NULL
                                    (default) for the customers with an order on or before
                                    the as-of day, in store order (co_store_summary()'s rows).
                                    Borrowed for the call only. */
    size_t n_customers;        /**< Entries of `customers` (ignored when it is NULL). */
    int64_t text_window;       /**< Days of texts for SENTIMENT and TOPICS (default 365; 0 the
                                    whole history). */
    int64_t rating_window;     /**< Days of CES and CSAT answers (default 365; 0 the whole
                                    history). */
    int64_t contact_window;    /**< Days in which a contact's resolution counts for
                                    `contacts_closed` (default 90; 0 the whole history). */
    double detractor_cap;      /**< Days: the fill and the upper bound of
                                    `days_since_detractor` (default 365, finite, > 0). */
    const co_lexicon *lexicon; /**< Sentiment lexicon (default NULL: built-in English). */
    const co_topics *topics;   /**< Topic map (default NULL: co_topics_new_default()'s). */
    int standardize;           /**< Nonzero: centre each CONTINUOUS column on its mean over the rows
                                    and divide by its standard deviation (n - 1 in the divisor; a
                                    column with no spread is only centred). Indicators stay 0/1.
                                    Default 0. */
    int drop_reference;        /**< Nonzero: leave out one column of each category whose indicators
                                    add up to 1 on every row (the four NPS columns; the segment
                                    columns with `segment_missing`), so a fit with a baseline rate
                                    is identifiable: the column set on most rows (the first in
                                    column order on a tie), which becomes the reference the
                                    other columns' effects are relative to. Default 0. */
    int drop_constant;         /**< Nonzero: leave out every column with the same value on every row
                                    (it carries nothing a fit can use). Default 0. */
} co_store_covariate_options;

/** Defaults (all features, windows 365/365/90 days, cap 365 days, built-in lexicon
 *  and topics, no standardisation, all levels and columns kept); `size` as for
 *  co_customer_input_init().
 *  @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opt` or a bad `size`. */
CO_API int co_store_covariate_options_init(co_store_covariate_options *opt, size_t size);

/**
 * The matrix of co_store_covariates(): n rows (customers) by k columns.
 * Everything is owned by the struct; free it with co_covariate_matrix_free().
 *
 * ABI: allocated and freed by the library only, so it can grow at the end:
 * never allocate, copy or take the sizeof of a co_covariate_matrix.
 */
typedef struct co_covariate_matrix {
    size_t n;           /**< Rows. */
    size_t k;           /**< Columns. */
    size_t *customer;   /**< n store indices: the customer of each row. */
    double *values;     /**< n x k, row-major (row i at values + i k): the `purchase` or
                             `dropout` matrix of ::co_btyd_covariates as it is. Finite. */
    const char **names; /**< k column names (UTF-8), owned by the matrix. */
    int *feature;       /**< k: the ::co_covariate_feature flag of each column's group. */
    int *column_kind;   /**< k: ::co_covariate_column_kind of each column. */
    double *fill;       /**< k: the value a missing entry got (before standardisation);
                             NaN for a column without missing values. */
    double *center;     /**< k: subtracted from the column (0 unless standardised). */
    double *scale;      /**< k: then divided by (1 unless standardised); value * scale +
                             center gives back the unstandardised value. */
} co_covariate_matrix;

/**
 * Build the covariates of the customers as of `as_of` (only records dated on
 * or before it count).
 * @param opt NULL for the defaults.
 * @param[out] out the matrix; caller frees with co_covariate_matrix_free().
 *        Untouched on failure. A matrix of 0 rows (no customer with an order)
 *        has its columns (no segment or tag levels).
 * @return CO_OK; CO_EINVAL for a NULL store or `out`, a bad `size`, no or an
 *         unknown feature flag, a NaN cap; CO_ERANGE for an as-of day outside
 *         years 0001-9999, a negative window, a cap <= 0 or infinite, a
 *         customer index past the end (naming the entry); CO_ENOMEM.
 */
CO_API int co_store_covariates(const co_store *store, co_day as_of,
                               const co_store_covariate_options *opt, co_covariate_matrix **out);

/**
 * Column index of the column named `name`.
 * @return CO_OK; CO_EINVAL for a NULL argument; CO_ENOTFOUND.
 */
CO_API int co_covariate_matrix_find(const co_covariate_matrix *m, const char *name, size_t *out);

/** Free a matrix; NULL is a no-op. */
CO_API void co_covariate_matrix_free(co_covariate_matrix *m);

#ifdef __cplusplus
}
#endif

#endif
