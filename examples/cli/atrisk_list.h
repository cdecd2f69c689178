/* The report's at-risk list as of one day, made the same way for the as-of
 * day and for the backtest day: Pareto/NBD P(alive) (it ranks who buys again
 * far better than BG/NBD's, which is 1 for every one-time buyer), the 12-month
 * value if the customer stays (Pareto/NBD and Gamma-Gamma), and the ranking by
 * value at risk = (1 - P(alive)) x value if retained (docs/report.md). */
#ifndef CLI_ATRISK_LIST_H
#define CLI_ATRISK_LIST_H

#include <custorient.h>

typedef struct atrisk_list {
    int status;              /* CO_OK, or why no list could be made */
    char error[256];         /* co_errmsg() of the failure */
    const co_summary *weeks; /* borrowed: the summary as of the day, in weeks */
    double *p_alive;         /* per summary row */
    double *clv;             /* 12-month CLV */
    double *value_kept;      /* 12-month CLV if the customer is still active */
    int64_t *days_since_detractor;
    uint64_t *open_contacts;
    co_atrisk_row *rows; /* the list, best first */
    size_t count;
} atrisk_list;

/* Make the list of the `top` first customers of `weeks` (as of `as_of`, in
 * weeks; it must outlive the list). Returns 0, or -1 when out of memory; a
 * model that cannot be fitted is recorded in `status`. Free with
 * atrisk_list_free() in both cases. */
int atrisk_list_make(atrisk_list *l, const co_store *store, const co_summary *weeks, co_day as_of,
                     size_t top);
void atrisk_list_free(atrisk_list *l);

#endif
