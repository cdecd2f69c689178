/**
 * @file custorient/store.h
 * @brief The customer store: customers and their orders, feedback and
 *        support contacts in memory, snapshots, and per-customer summaries.
 *
 * A ::co_store holds four kinds of record. Customers are keyed by a unique
 * text id (looked up in O(1)) and kept in insertion order; every event
 * (order, feedback, contact) belongs to one customer, refers to it by its
 * index, and is removed with it. Removing a customer keeps the order of the
 * others; indices above the removed one move down by one.
 *
 * Text handed in is copied. Text handed out (ids, names, feedback texts...)
 * is borrowed: valid until the store is next modified or freed.
 *
 * Every function that modifies the store is all-or-nothing: on failure the
 * store is exactly as before.
 *
 * Thread safety: a store is used by one thread at a time; distinct stores are
 * independent. Functions taking a `const co_store *` only read it and may run
 * concurrently with each other on the same store.
 */
#ifndef CUSTORIENT_STORE_H
#define CUSTORIENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "custorient/feedback_kind.h"
#include "custorient/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An in-memory customer store (opaque). */
typedef struct co_store co_store;

/** The four kinds of record. */
typedef enum co_record_kind {
    CO_RECORD_CUSTOMERS = 0, /**< customer_id,name,email,signup_date,segment[,tags][,pref.KEY...] */
    CO_RECORD_ORDERS = 1,    /**< order_id,customer_id,date,amount */
    CO_RECORD_FEEDBACK = 2,  /**< customer_id,date,channel,kind,score,text */
    CO_RECORD_CONTACTS = 3   /**< customer_id,opened,resolved,priority,topic */
} co_record_kind;

/** Where a piece of feedback came from. */
typedef enum co_channel {
    CO_CHANNEL_SURVEY = 0,
    CO_CHANNEL_REVIEW = 1,
    CO_CHANNEL_SOCIAL = 2,
    CO_CHANNEL_SUPPORT = 3,
    CO_CHANNEL_DIRECT = 4
} co_channel;
#define CO_CHANNEL_COUNT 5

/** Priority of a support contact. */
typedef enum co_priority {
    CO_PRIORITY_LOW = 0,
    CO_PRIORITY_NORMAL = 1,
    CO_PRIORITY_HIGH = 2,
    CO_PRIORITY_URGENT = 3
} co_priority;
#define CO_PRIORITY_COUNT 4

/** The `resolved` day of a contact that is still open. */
#define CO_DAY_NONE INT64_MIN

/** Longest text field in bytes (ids, names, feedback texts...), in CSV files
 *  and through the add functions alike. */
#define CO_STORE_FIELD_MAX 65536

/**
 * Lower-case name of an enum value as used in CSV files ("survey", "nps",
 * "high"...), or NULL for a value out of range.
 */
CO_API const char *co_channel_name(int channel);
CO_API const char *co_feedback_kind_name(int kind);
CO_API const char *co_priority_name(int priority);

/**
 * A customer to add with co_store_add_customer(). Initialise it with
 * co_customer_input_init() (or set `size` to its sizeof), then set the fields.
 * All text is UTF-8 and copied; NULL text counts as "". `id` must be
 * non-empty. Tags must be non-empty and contain no ';'. Preference keys must
 * be non-empty and distinct; preference values non-empty (an absent value is
 * "no preference").
 *
 * ABI: the struct can grow at the end, as options structs do: a caller built
 * against an older, smaller struct is accepted and the fields it lacks are
 * empty; a size of 0 or larger than the library's struct is CO_EINVAL.
 */
typedef struct co_customer_input {
    size_t size; /**< sizeof(co_customer_input), set by co_customer_input_init(). */
    const char *id;
    const char *name;
    const char *email;
    co_day signup; /**< day of signup */
    const char *segment;
    const char *const *tags; /**< `n_tags` tags (may be NULL when n_tags is 0) */
    size_t n_tags;
    const char *const *pref_keys;   /**< `n_prefs` preference keys */
    const char *const *pref_values; /**< their values */
    size_t n_prefs;
} co_customer_input;

/**
 * Set `customer` to an empty customer (every text and array NULL, counts 0, signup day
 * 0): call as `co_customer_input_init(&customer, sizeof customer)`. `size` is the
 * sizeof(co_customer_input) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and
 * `customer->size` becomes `size`. Fields the caller does not have take these defaults
 * when the struct is passed. The caller owns `customer`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `customer` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_customer_input_init(co_customer_input *customer, size_t size);

/**
 * A customer as the store holds it, filled by co_store_get_customer(). The text
 * is borrowed from the store: valid until the store is next modified or
 * freed. Tags and preferences are read one by one with co_store_get_customer_tag()
 * and co_store_get_customer_pref().
 *
 * ABI: sized by the caller: set `size` before the call
 * (`co_customer_view v = {.size = sizeof v};`); the library writes only the
 * fields that fit, so later releases can add fields at the end.
 */
typedef struct co_customer_view {
    size_t size;         /**< In: sizeof(co_customer_view) as the caller knows it. */
    const char *id;      /**< Borrowed. */
    const char *name;    /**< Borrowed; "" when not given. */
    const char *email;   /**< Borrowed; "" when not given. */
    co_day signup;       /**< Day of signup. */
    const char *segment; /**< Borrowed; "" when not given. */
    size_t n_tags;       /**< Number of tags. */
    size_t n_prefs;      /**< Number of preferences. */
} co_customer_view;

/** Create an empty store. Caller frees with co_store_free().
 *  @return CO_OK, CO_EINVAL (NULL out) or CO_ENOMEM. */
CO_API int co_store_new(co_store **out);

/** Free a store and everything it holds; NULL is a no-op. */
CO_API void co_store_free(co_store *store);

/** Number of records of `kind`: customers, orders, feedback or contacts (0 for
 *  an unknown kind or a NULL store). */
CO_API size_t co_store_count(const co_store *store, co_record_kind kind);

/**
 * Add a customer at the end of the insertion order. Everything `customer`
 * points to is copied.
 * @param[out] out_index its index (may be NULL).
 * @return CO_OK; CO_EINVAL for a NULL argument, a bad size, an empty id, a bad
 *         tag or preference, or invalid UTF-8; CO_ERANGE for a field longer than
 *         CO_STORE_FIELD_MAX or a signup day outside years 0001-9999;
 *         CO_EEXIST if the id is taken; CO_ENOMEM.
 */
CO_API int co_store_add_customer(co_store *store, const co_customer_input *customer,
                                 size_t *out_index);

/**
 * Add an order of `amount` (>= 0, finite, in the currency unit) by customer
 * `customer_id` on `day`. Order ids are unique.
 * @return CO_OK; CO_ENOTFOUND for an unknown customer; CO_EEXIST for a
 *         duplicate order id; CO_EINVAL for NULL/empty ids, NaN or infinite
 *         amounts or invalid UTF-8; CO_ERANGE for a negative amount, an
 *         overlong id or a day outside years 0001-9999; CO_ENOMEM.
 */
CO_API int co_store_add_order(co_store *store, const char *order_id, const char *customer_id,
                              co_day day, double amount);

/**
 * Add feedback. `score` must lie on the scale of `kind` (see
 * ::co_feedback_kind) and be NaN for CO_FEEDBACK_TEXT. `text` may be NULL.
 * @return CO_OK; CO_ENOTFOUND for an unknown customer; CO_EINVAL for a bad
 *         channel or kind, a NaN score where one is needed or a score given
 *         for text feedback, invalid UTF-8; CO_ERANGE for a score off its
 *         scale, an overlong text or a day outside years 0001-9999; CO_ENOMEM.
 */
CO_API int co_store_add_feedback(co_store *store, const char *customer_id, co_day day,
                                 co_channel channel, co_feedback_kind kind, double score,
                                 const char *text);

/**
 * Add a support contact opened on `opened` and resolved on `resolved`
 * (>= opened) or CO_DAY_NONE while open. `topic` may be NULL.
 * @return CO_OK; CO_ENOTFOUND; CO_EINVAL (bad priority, invalid UTF-8);
 *         CO_ERANGE (resolved before opened, overlong topic, a day outside
 *         years 0001-9999); CO_ENOMEM.
 */
CO_API int co_store_add_contact(co_store *store, const char *customer_id, co_day opened,
                                co_day resolved, co_priority priority, const char *topic);

/**
 * Index of the customer with id `customer_id` (O(1) on average).
 * @return CO_OK, CO_EINVAL (NULL argument) or CO_ENOTFOUND.
 */
CO_API int co_store_find(const co_store *store, const char *customer_id, size_t *out);

/**
 * Customer number `index` in insertion order.
 * @param[in,out] out its `size` set by the caller; the fields that fit are
 *        written, text borrowed from the store. Untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or a bad size; CO_ERANGE if index >=
 *         co_store_count() of customers.
 */
CO_API int co_store_get_customer(const co_store *store, size_t index, co_customer_view *out);

/**
 * Tag `j` of customer `index` (borrowed); the customer has co_customer_view.n_tags tags.
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE for an index or `j` out of range.
 */
CO_API int co_store_get_customer_tag(const co_store *store, size_t index, size_t j,
                                     const char **out);

/**
 * Preference `j` of customer `index`: key and value, borrowed; the customer
 * has co_customer_view.n_prefs preferences.
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE for an index or `j` out of range.
 */
CO_API int co_store_get_customer_pref(const co_store *store, size_t index, size_t j,
                                      const char **key, const char **value);

/**
 * Remove the customer `customer_id` with all its orders, feedback and
 * contacts. The others keep their order. O(size of the store).
 * @return CO_OK, CO_EINVAL or CO_ENOTFOUND. Never allocates.
 */
CO_API int co_store_remove(co_store *store, const char *customer_id);

/* ---- Bulk arrays, in insertion order. Each output pointer may be NULL (not
 * wanted); the others must have room for co_store_count() elements of that
 * kind. Text pointers are borrowed. They never fail on valid arguments. */

/** Customers: signup day, segment, id. @return CO_OK or CO_EINVAL. */
CO_API int co_store_customer_arrays(const co_store *store, co_day *signup, const char **segment,
                                    const char **id);

/** Orders: customer index, day, amount, order id. @return CO_OK or CO_EINVAL. */
CO_API int co_store_order_arrays(const co_store *store, size_t *customer, co_day *day,
                                 double *amount, const char **order_id);

/** Feedback: customer index, day, channel, kind, score (NaN for text), text.
 *  @return CO_OK or CO_EINVAL. */
CO_API int co_store_feedback_arrays(const co_store *store, size_t *customer, co_day *day,
                                    int *channel, int *kind, double *score, const char **text);

/** Contacts: customer index, opened, resolved (CO_DAY_NONE while open),
 *  priority, topic. @return CO_OK or CO_EINVAL. */
CO_API int co_store_contact_arrays(const co_store *store, size_t *customer, co_day *opened,
                                   co_day *resolved, int *priority, const char **topic);

/* ---- Snapshots ---- */

/**
 * Save the whole store to a versioned binary file with a checksum. The file
 * is written to a temporary file beside `path`, synced and renamed over
 * `path`: after a crash at any moment `path` holds either the old or the new
 * snapshot, never a mix. The replacement keeps the old file's mode and,
 * where permitted, its owner. A symbolic link is followed and its target
 * replaced; a character device, a FIFO (which must have a reader) or a
 * descriptor link such as /dev/stdout is written through, without the
 * crash guarantee. docs/reliability.md, "Writing files", has the details.
 * @return CO_OK, CO_EINVAL, CO_EIO (the temporary file is removed) or CO_ENOMEM.
 */
CO_API int co_store_save(const co_store *store, const char *path);

/**
 * Load a snapshot written by co_store_save() into a new store (caller frees).
 * Files over 2 GiB are refused (docs/reliability.md, "Input limits").
 * @return CO_OK, CO_EINVAL, CO_EIO (cannot read), CO_ECORRUPT (truncated,
 *         damaged, not a snapshot, or another format version) or CO_ENOMEM.
 */
CO_API int co_store_load(const char *path, co_store **out);

/* ---- Summaries ---- */

/**
 * Per-customer summary of the orders on or before an as-of day, one row per
 * customer with at least one such order, in customer order. The first five
 * arrays follow the definitions of the `lifetimes` package's
 * summary_data_from_transaction_data (daily periods, scaled to the unit):
 * orders of one day count as one purchase and their amounts are summed.
 * Arrays are owned by the summary; free it with co_summary_free().
 *
 * ABI: allocated and freed by the library only, so it can grow at the end:
 * never allocate, copy or take the sizeof of a co_summary.
 */
typedef struct co_summary {
    size_t n;                /**< rows */
    size_t *customer;        /**< store index of each row's customer */
    double *frequency;       /**< distinct order days minus one (repeat purchases) */
    double *recency;         /**< first to last order day, in the unit */
    double *T;               /**< first order day to the as-of day, in the unit */
    double *monetary_value;  /**< mean daily spend over repeat days; 0 when frequency is 0 */
    double *total_spend;     /**< sum of all amounts (RFM monetary) */
    uint64_t *orders;        /**< number of orders (RFM frequency) */
    double *days_since_last; /**< as-of day minus last order day, in days (RFM recency) */
    co_day *first_order;     /**< day of the first order */
    co_day *last_order;      /**< day of the last order */
    double *order_count;     /**< `orders` as doubles, the frequency that co_rfm_scores()
                                  and co_rfm_summarize() take */
} co_summary;

/**
 * Summarise the orders of every customer as of `as_of` (inclusive; later
 * orders are ignored) in `unit`, CO_UNIT_DAYS or CO_UNIT_WEEKS.
 * @return CO_OK, CO_EINVAL (NULL argument or another unit), CO_ERANGE (an
 *         as-of day outside years 0001-9999), CO_EOVERFLOW (a customer's total
 *         spend exceeds the range of a double) or CO_ENOMEM.
 */
CO_API int co_store_summary(const co_store *store, co_day as_of, co_time_unit unit,
                            co_summary **out);

/** Free a summary; NULL is a no-op. */
CO_API void co_summary_free(co_summary *summary);

/* ---- As of a day ----
 * The records as they stood on a day, shaped for the metric and model
 * functions. `as_of` counts itself (a record dated on it is included) and
 * must lie in years 0001-9999, else CO_ERANGE. These functions only read the
 * store; on failure their outputs are untouched. */

/** Every record kind at once, for co_store_day_range(). */
#define CO_RECORD_ALL (-1)

/**
 * First and last day on which records of `kind` (a ::co_record_kind, or
 * CO_RECORD_ALL) happened: the signup days of customers, the days of orders
 * and feedback, the opening and resolution days of contacts. The last day of
 * all records is a report's natural as-of day.
 * @param[out] first the earliest such day.
 * @param[out] last  the latest such day.
 * @return CO_OK; CO_EINVAL for a NULL argument or an unknown kind;
 *         CO_ENOTFOUND when the store holds no record of `kind`.
 */
CO_API int co_store_day_range(const co_store *store, int kind, co_day *first, co_day *last);

/**
 * Feedback given on or before an as-of day, in insertion order, as parallel
 * arrays the metric functions take as they are. Everything is owned by the
 * struct (free it with co_feedback_answers_free()) except the texts.
 *
 * ABI: allocated and freed by the library only, so it can grow at the end:
 * never allocate, copy or take the sizeof of a co_feedback_answers.
 */
typedef struct co_feedback_answers {
    size_t n;          /**< answers */
    size_t *customer;  /**< store index of each answer's customer */
    co_day *day;       /**< day of each answer */
    double *value;     /**< score on its kind's scale (fractions of a rating kept);
                            NaN for text feedback */
    const char **text; /**< text of each answer, "" for none; borrowed: valid until the
                            store is next modified or freed */
    int *kind;         /**< ::co_feedback_kind of each answer */
    int *score;        /**< whole-number scores for co_nps_add_many_int(), co_nps_by_period()
                            and co_rating_summarize(): set for the NPS, CSAT and CES kinds,
                            NULL for rating and text answers and for co_store_feedback_texts() */
} co_feedback_answers;

/**
 * The answers of one feedback `kind` given on or before `as_of`, e.g. the
 * NPS answers of a quarter with their days for co_nps_by_period().
 * @param[out] out the answers; caller frees with co_feedback_answers_free().
 * @return CO_OK; CO_EINVAL for a NULL argument or an unknown kind; CO_ERANGE
 *         for an as-of day outside years 0001-9999; CO_ENOMEM.
 */
CO_API int co_store_feedback_answers(const co_store *store, co_feedback_kind kind, co_day as_of,
                                     co_feedback_answers **out);

/**
 * The feedback of every kind given on or before `as_of` that has a text
 * (comments on NPS answers, reviews, free text...), for sentiment and topic
 * analysis: co_sentiment_score_many() and co_topics_tally() take `text`.
 * @param[out] out the answers (`score` is NULL); caller frees with
 *                 co_feedback_answers_free().
 * @return CO_OK; CO_EINVAL for a NULL argument; CO_ERANGE for an as-of day
 *         outside years 0001-9999; CO_ENOMEM.
 */
CO_API int co_store_feedback_texts(const co_store *store, co_day as_of, co_feedback_answers **out);

/** Free answers; NULL is a no-op. */
CO_API void co_feedback_answers_free(co_feedback_answers *answers);

/**
 * The orders placed on or before `as_of`, in insertion order, as
 * co_store_order_arrays() gives all of them: each output may be NULL (not
 * wanted); the others need room for co_store_count(store, CO_RECORD_ORDERS)
 * elements, of which the first `*out_n` are written.
 * @param[out] out_n the number of orders up to `as_of`.
 * @return CO_OK; CO_EINVAL for a NULL store or `out_n`; CO_ERANGE for an
 *         as-of day outside years 0001-9999.
 */
CO_API int co_store_orders_as_of(const co_store *store, co_day as_of, size_t *customer, co_day *day,
                                 double *amount, size_t *out_n);

/*
 * Per-customer values as of a day. `customers` selects and orders the
 * customers: n store indices (a summary's `customer` array gives one value
 * per summary row, ready for the models), or NULL for customers 0 .. n-1 in
 * store order. `out` has room for n values.
 */

/**
 * The day each customer started as of `as_of`: the signup day, or the first
 * order on or before `as_of` when that came earlier. These are the
 * `first_day` inputs of co_retention_rate() and co_cohorts_build().
 * @param[out] out n days.
 * @return CO_OK; CO_EINVAL for a NULL store, or a NULL `out` with n > 0;
 *         CO_ERANGE for an as-of day outside years 0001-9999 or a customer
 *         index out of range (n above the number of customers when
 *         `customers` is NULL); CO_ENOMEM (only with `customers`).
 */
CO_API int co_store_start_days(const co_store *store, co_day as_of, const size_t *customers,
                               size_t n, co_day *out);

/**
 * Support contacts open on `as_of`: opened on or before it and not resolved
 * by then (resolved after it, or still open), per customer.
 * @param[out] out n counts.
 * @return as co_store_start_days().
 */
CO_API int co_store_open_contacts(const co_store *store, co_day as_of, const size_t *customers,
                                  size_t n, uint64_t *out);

/**
 * Day of each customer's last detractor response on or before `as_of`: an
 * NPS answer of at most CO_NPS_DETRACTOR_MAX (custorient/nps.h), or
 * CO_DAY_NONE for a customer without one. `as_of` minus the day is the age
 * that co_atrisk_rank() takes as days_since_detractor.
 * @param[out] out n days.
 * @return as co_store_start_days().
 */
CO_API int co_store_last_detractor(const co_store *store, co_day as_of, const size_t *customers,
                                   size_t n, co_day *out);

#ifdef __cplusplus
}
#endif

#endif
