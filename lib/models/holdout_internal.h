/* One entry point per prediction for either purchase model, so the holdout
 * checks are written once for BG/NBD and Pareto/NBD. */
#ifndef CO_HOLDOUT_INTERNAL_H
#define CO_HOLDOUT_INTERNAL_H

#include "custorient/holdout.h"

/* CO_OK for a non-NULL model of a known kind, else CO_EINVAL naming `fn`. */
int co__btyd_model_check(const co_btyd_model *m, const char *fn);

/* As co_bgnbd_expected_purchases() / co_paretonbd_expected_purchases(). */
int co__btyd_model_expected(const co_btyd_model *m, const double *t, size_t n, double *out);

/* As co_*_conditional_expected_purchases(). */
int co__btyd_model_conditional(const co_btyd_model *m, const double *t, const double *frequency,
                               const double *recency, const double *T, size_t n, double *out);

/* As co_*_probability_alive(). */
int co__btyd_model_alive(const co_btyd_model *m, const double *frequency, const double *recency,
                         const double *T, size_t n, double *out);

/* As co_*_probability_of_purchases(). */
int co__btyd_model_pmf(const co_btyd_model *m, const double *t, const double *count, size_t n,
                       double *out);

#endif
