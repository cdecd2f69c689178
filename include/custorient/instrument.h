/**
 * @file custorient/instrument.h
 * @brief Scoring of multi-item Likert survey instruments, Cronbach's alpha.
 *
 * An instrument is a list of items answered on one integer scale (e.g. 1-7),
 * grouped into subscales scored as the sum or the mean of their items.
 * Reverse-coded items are flipped (min + max - answer) before scoring.
 * Instruments come from a small text format (co_instrument_parse(), see
 * docs/feedback-metrics.md) or are built in (co_instrument_builtin()):
 *
 * - "customer-orientation": a self-assessment of seven behaviours of a
 *   customer-oriented organisation, 14 items on 1-7.
 * - "sales-customer-orientation": customer orientation versus sales
 *   orientation of salespeople, 12 items on 1-7.
 *
 * Answers are a row-major matrix, one row per respondent and one column per
 * item, with NaN for a missing answer.
 *
 * Thread safety: an instrument is immutable once created and may be shared
 * by threads; co_instrument_free() must not race with its use.
 */
#ifndef CUSTORIENT_INSTRUMENT_H
#define CUSTORIENT_INSTRUMENT_H

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A survey instrument (opaque). */
typedef struct co_instrument co_instrument;

/**
 * Parse an instrument definition of `len` bytes.
 * @param source name used in error messages ("path:line:column: ..."); NULL
 *               for "<text>".
 * @param[out] out new instrument; caller frees with co_instrument_free().
 * @return CO_OK; CO_EINVAL for NULL text or out; CO_EPARSE with the line
 *         and column of the first error (co_errline(), co_errcolumn()); CO_ENOMEM.
 */
CO_API int co_instrument_parse(const char *text, size_t len, const char *source,
                               co_instrument **out);

/**
 * Read and parse an instrument definition file.
 * @return as co_instrument_parse(), plus CO_EIO if the file cannot be read.
 */
CO_API int co_instrument_load(const char *path, co_instrument **out);

/**
 * A built-in instrument by name ("customer-orientation",
 * "sales-customer-orientation").
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOTFOUND for an unknown name; CO_ENOMEM.
 */
CO_API int co_instrument_builtin(const char *name, co_instrument **out);

/** Number of built-in instruments. */
CO_API size_t co_instrument_builtin_count(void);

/**
 * Name of built-in instrument `index` (a static string), for co_instrument_builtin().
 * @return CO_OK; CO_EINVAL for a NULL `out`; CO_ERANGE if index >=
 *         co_instrument_builtin_count().
 */
CO_API int co_instrument_get_builtin_name(size_t index, const char **out);

/** Free an instrument (NULL is a no-op). */
CO_API void co_instrument_free(co_instrument *inst);

/** Title of the instrument (borrowed, valid while the instrument lives). */
CO_API const char *co_instrument_title(const co_instrument *inst);

/** Lowest and highest answer of the instrument's scale (either pointer may be NULL). */
CO_API void co_instrument_scale(const co_instrument *inst, int *min, int *max);

/** Number of items (columns of the answer matrix). */
CO_API size_t co_instrument_item_count(const co_instrument *inst);

/** Number of subscales (columns of the score matrix). */
CO_API size_t co_instrument_subscale_count(const co_instrument *inst);

/** One item. Strings are borrowed, valid while the instrument lives.
 *  ABI: frozen: what the definition format says of an item; properties added
 *  to the format later get their own accessor function. */
typedef struct co_instrument_item {
    const char *id;   /**< Short identifier from the definition. */
    const char *text; /**< Wording shown to respondents (UTF-8). */
    int reversed;     /**< 1 if reverse-coded. */
} co_instrument_item;

/**
 * Describe item `index`.
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE if index >= co_instrument_item_count().
 */
CO_API int co_instrument_get_item(const co_instrument *inst, size_t index, co_instrument_item *out);

/** One subscale. Pointers are borrowed, valid while the instrument lives.
 *  ABI: frozen, as ::co_instrument_item. */
typedef struct co_instrument_subscale {
    const char *id;      /**< Short identifier from the definition. */
    const char *title;   /**< Human-readable name. */
    int mean;            /**< 1 if scored as the mean of its items, 0 for the sum. */
    size_t n_items;      /**< Number of member items. */
    const size_t *items; /**< Indices of the member items, in definition order. */
} co_instrument_subscale;

/**
 * Describe subscale `index`.
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE if index >= co_instrument_subscale_count().
 */
CO_API int co_instrument_get_subscale(const co_instrument *inst, size_t index,
                                      co_instrument_subscale *out);

/**
 * Score respondents on every subscale.
 *
 * A subscale's score needs at least the instrument's minimum share of its
 * items answered (default one half; `min-answered` in the definition), else
 * it is NaN. Missing answers are replaced by the mean of the respondent's
 * answered items of that subscale, so a sum stays comparable: sum = mean * k.
 *
 * @param answers n_respondents x item_count answers, row-major, NaN = missing.
 * @param[out] out_scores n_respondents x subscale_count scores, row-major.
 * @return CO_OK; CO_EINVAL for NULL (with n_respondents > 0) or an infinite
 *         answer; CO_ERANGE for an answer outside the scale (naming respondent
 *         and item). `out_scores` is untouched on failure.
 */
CO_API int co_instrument_score(const co_instrument *inst, const double *answers,
                               size_t n_respondents, double *out_scores);

/**
 * Cronbach's alpha of one subscale, after reverse coding, over the
 * respondents who answered all its items (listwise deletion).
 * @return CO_OK; CO_EINVAL for NULL, an infinite answer, a subscale with
 *         fewer than 2 items, fewer than 2 complete respondents or no
 *         variance in their totals; CO_ERANGE for a subscale index or an
 *         answer out of range; CO_ENOMEM.
 */
CO_API int co_instrument_alpha(const co_instrument *inst, const double *answers,
                               size_t n_respondents, size_t subscale, double *out);

/**
 * Cronbach's alpha of a plain n x k row-major matrix (rows with a NaN are
 * skipped): k / (k - 1) * (1 - sum of item variances / variance of totals).
 * @return CO_OK; CO_EINVAL for NULL, k < 2, an infinite value, fewer than 2
 *         complete rows or no variance in the totals.
 */
CO_API int co_cronbach_alpha(const double *items, size_t n, size_t k, double *out);

#ifdef __cplusplus
}
#endif

#endif
