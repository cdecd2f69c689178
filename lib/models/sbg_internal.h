/* The sBG likelihood on survivor counts pooled across cohorts, exposed for
 * tests (gradient checks) and for the fit. */
#ifndef CO_SBG_INTERNAL_H
#define CO_SBG_INTERNAL_H

#include <stddef.h>

/* Cohorts pooled by period: churned[t - 1] customers churned in period t and
 * censored[t] were still active when their cohort's observation ended after
 * t periods (t = 1 .. periods). Both arrays are periods + 1 long. */
typedef struct co_sbg_counts {
    size_t periods;
    double *churned;
    double *censored;
    double customers; /* total customers at period 0 */
} co_sbg_counts;

/* Check and pool survivor counts (layout of co_sbg_fit()); CO_OK, CO_EINVAL,
 * CO_ENOMEM. Free with co__sbg_counts_free(). */
int co__sbg_counts_pool(const double *survivors, const size_t *lengths, size_t n_cohorts,
                        co_sbg_counts *out);
void co__sbg_counts_free(co_sbg_counts *counts);

/* Log-likelihood at (alpha, beta); with `grad` not NULL also its gradient in
 * (log alpha, log beta). */
double co__sbg_loglik(const co_sbg_counts *counts, double alpha, double beta, double grad[2]);

/* co_objective_fn with `ctx` a co_sbg_counts: mean negative log-likelihood over customers at
 * x = (log alpha, log beta). */
int co__sbg_objective(void *ctx, const double *x, double *f, double *grad);

#endif
