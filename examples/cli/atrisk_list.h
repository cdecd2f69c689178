/* The report's at-risk list as of one day, made the same way for the as-of
 * day and for the backtest day: Pareto/NBD P(alive) (it ranks who buys again
 * far better than BG/NBD's, which is 1 for every one-time buyer), the 12-month
 * value if the customer stays (Pareto/NBD and Gamma-Gamma), and the ranking by
 * value at risk = (1 - P(alive)) x value if retained (docs/report.md). */
#ifndef CLI_ATRISK_LIST_H
#define CLI_ATRISK_LIST_H

#include <custorient.h>

#include "churn_model.h"
#include "feedback_churn.h"

/* The bands next to P(alive) and CLV: central 90% of 1000 parameter draws. */
#define BAND_LEVEL 0.90
#define BAND_DRAWS 1000

typedef struct atrisk_list {
    int status;                     /* CO_OK, or why no list could be made */
    const feedback_churn *feedback; /* the covariate model of the list, or NULL when the
                                       plain Pareto/NBD made it (borrowed) */
    char error[256];                /* co_errmsg() of the failure */
    const co_summary *weeks;        /* borrowed: the summary as of the day, in weeks */
    double *p_alive;                /* per summary row */
    double *clv;                    /* 12-month CLV */
    double *value_kept;             /* 12-month CLV if the customer is still active */
    int64_t *days_since_detractor;
    uint64_t *open_contacts;
    co_atrisk_row *rows; /* the list, best first */
    size_t count;
    /* Bands per list row (NULL unless asked for; NaN where band_status is not CO_OK):
     * P(alive) and 12-month CLV under the parameter uncertainty of the Pareto/NBD
     * and Gamma-Gamma fits (atrisk_bands.c). */
    double *p_alive_lower, *p_alive_upper, *clv_lower, *clv_upper;
    int band_status;
    char band_error[256];
} atrisk_list;

/* Make the list of the `top` first customers of `weeks` (as of `as_of`, in
 * weeks; it must outlive the list), with the Pareto/NBD fit of `purchases` and
 * the Gamma-Gamma fit of `spend` (each made there on first use and kept for the
 * next caller), and with bands when
 * `with_bands`. When `feedback` (may be NULL) is the analysis of the same
 * summary and its covariate model is the better one, P(alive) and the values
 * come from each customer's own parameters under it instead. Returns 0, or -1 when out of memory; a
 * model that cannot be fitted is recorded in `status`, bands that cannot be computed in
 * `band_status`. Free with atrisk_list_free() in both cases. */
int atrisk_list_make(atrisk_list *l, const co_store *store, const co_summary *weeks, co_day as_of,
                     size_t top, paretonbd_once *purchases, spend_once *spend,
                     const feedback_churn *feedback, int with_bands);

/* The bands of the listed customers (atrisk_bands.c) from the fits the list
 * was made with; `spend_frequency` is the frequency the spend fit saw, and
 * `penalizer` the penalty of both fits. Returns 0, or -1 when out of memory;
 * a failure is recorded in band_status. */
int atrisk_list_bands(atrisk_list *l, const co_paretonbd_params *purchases,
                      const co_gammagamma_params *spend, const double *spend_frequency,
                      double penalizer);
void atrisk_list_free(atrisk_list *l);

#endif
