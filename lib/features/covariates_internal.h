/* The covariate matrix while it is built: one column at a time, each with
 * its n values, then packed into the public row-major matrix. */
#ifndef CO_COVARIATES_INTERNAL_H
#define CO_COVARIATES_INTERNAL_H

#include "custorient/store_covariates.h"
#include "store_internal.h"
#include "vec_internal.h"

typedef struct co__feature_column {
    char *name; /* owned */
    int feature, kind;
    double fill; /* NaN: no missing values */
    double *v;   /* n values, owned */
} co__feature_column;

typedef struct co__feature_build {
    const co_store *store;
    co_day as_of;
    const co_store_covariate_options *opt; /* resolved and checked */
    size_t n;                              /* rows */
    size_t *rows;                          /* n store indices, owned */
    co_vec cols;                           /* co__feature_column */
} co__feature_build;

/* Defaults, resolution and checks of the options. */
int co__feature_options_resolve(const co_store_covariate_options *given,
                                co_store_covariate_options *out);

/* Append a column named prefix + name (name may be NULL), values zeroed, fill
 * NaN. Its n values, or NULL after recording CO_ENOMEM. */
double *co__feature_add(co__feature_build *b, const char *prefix, const char *name, int feature,
                        int kind);
/* The column of a mean: `sum` and `count` per row; rows without a value get
 * the mean of the others (`neutral` when no row has one) and a 1 in the
 * missing column `missing_name`, added next (NULL: none, for a caller that
 * adds it itself). CO_OK or CO_ENOMEM. */
int co__feature_add_mean(co__feature_build *b, const char *name, const char *missing_name,
                         int feature, const double *sum, const uint32_t *count, double neutral);
void co__feature_build_free(co__feature_build *b);

/* First day of a window of `window` days ending on `as_of` (0: the whole
 * history, INT64_MIN). */
co_day co__feature_window_start(co_day as_of, int64_t window);

/* The feature groups, each appending its columns. */
int co__feature_nps(co__feature_build *b);
int co__feature_ratings(co__feature_build *b, int kind);
int co__feature_contacts(co__feature_build *b);
int co__feature_detractor(co__feature_build *b);
/* What the texts in the window say, per row: scanned once, then added as the
 * sentiment and `text_missing` columns and, later, the topic columns. */
typedef struct co__feature_texts {
    double *sum;     /* compound sentiment summed */
    uint32_t *count; /* texts */
    uint8_t *hits;   /* n x n_topics mention flags */
    size_t n_topics;
    co_topics *owned; /* the default map when the options give none */
    const co_topics *topics;
} co__feature_texts;
int co__feature_texts_scan(const co__feature_build *b, co__feature_texts *t);
int co__feature_add_sentiment(co__feature_build *b, const co__feature_texts *t);
int co__feature_add_topics(co__feature_build *b, const co__feature_texts *t);
void co__feature_texts_free(co__feature_texts *t);
int co__feature_segment(co__feature_build *b);
int co__feature_tags(co__feature_build *b);

/* Drop, standardise and pack into the caller's matrix. */
int co__feature_finish(co__feature_build *b, co_covariate_matrix **out);

#endif
