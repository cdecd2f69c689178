/* The holdout check of the purchase models, shared by `validate` and the
 * report's model check: the calibration/holdout split of the store's orders
 * (days, weeks as the model unit), BG/NBD and Pareto/NBD against the two
 * baselines (co_holdout_compare), the recommended model, and how it is shown:
 * the comparison, its checks by calibration frequency and the three charts. */
#ifndef CLI_HOLDOUT_CHECK_H
#define CLI_HOLDOUT_CHECK_H

#include <custorient.h>

#include "sink.h"

typedef struct holdout_check {
    int ran;         /* 1 once holdout_check_run() ran */
    int status;      /* CO_OK, or why no comparison could be made */
    char error[320]; /* the reason, in words */
    co_day calibration_end, observation_end;
    co_holdout_data *data;      /* the split (NULL if it failed) */
    co_holdout_comparison *cmp; /* the comparison (NULL if it failed) */
    double holdout_purchases;   /* actual holdout purchases, all customers */
} holdout_check;

/* Split the orders of `store` at `calibration_end` (observed to
 * `observation_end`) and compare the models. Returns 0, or -1 when out of
 * memory; a comparison that cannot be made is recorded in `status` and
 * `error`. Free with holdout_check_free() in both cases. */
int holdout_check_run(holdout_check *c, const co_store *store, co_day calibration_end,
                      co_day observation_end);
void holdout_check_free(holdout_check *c);

/* The recommended model's row, or NULL when the check failed or no model
 * could be fitted. */
const co_holdout_row *holdout_check_recommended(const holdout_check *c);

/* Why the model was recommended, in words ("lowest holdout MAE"...). */
const char *holdout_reason_text(co_choice_reason reason);

/* The split's figures, the comparison table and the recommendation. */
void holdout_check_emit(const holdout_check *c, report_sink *s);

/* The recommended model's checks: period transactions and calibration vs
 * holdout by calibration frequency (a table and two charts), and the
 * cumulative repeat transactions by calendar week (a table and a chart with
 * the calibration end marked). Chart ids start with `id_prefix`. Returns 0,
 * or -1 when out of memory. */
int holdout_check_emit_checks(const holdout_check *c, const co_store *store, const char *id_prefix,
                              report_sink *s);

#endif
