/* The BG/BB's per-history likelihood terms, shared by the fit, the variance
 * matrix and the predictions. */
#ifndef CO_BGBB_INTERNAL_H
#define CO_BGBB_INTERNAL_H

#include "btyd_internal.h"
#include "custorient/bgbb.h"

/* CO_EINVAL (with detail) unless the parameters are finite and > 0. */
int co__bgbb_check_params(const co_bgbb_params *p);

/* Opportunities a history, a probability P(X(n) = x) or a simulated customer may span:
 * their cost grows with the count. */
#define CO_BGBB_MAX_PERIODS 1e7

/* `n` values of `name`: CO_EINVAL unless whole numbers >= 0, CO_ERANGE above
 * CO_BGBB_MAX_PERIODS. */
int co__bgbb_check_periods(const char *name, const double *v, size_t n);

/* CO_EINVAL naming the first bad index unless frequency, recency and n_periods
 * are whole numbers with x <= t_x <= n and t_x = 0 when x = 0 (weights may be NULL). */
int co__bgbb_check(const double *frequency, const double *recency, const double *n_periods,
                   const double *weights, size_t n);

/* log L(p | x, t_x, n) of one history, parameters p = (alpha, beta, gamma, delta),
 * and in *log_alive the log of its "alive through n" term, so that
 * P(alive at n | history) = exp(*log_alive - log L). With `grad` (4) and `hess`
 * (16, row-major) not NULL, also the derivatives of log L in p. */
double co__bgbb_history(const double *p, double x, double tx, double n, double *log_alive,
                        double *grad, double *hess);

/* co_loglik_fn and co_hessian_fn over merged histories (row T holds n). */
int co__bgbb_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co__bgbb_hessian(const co_btyd_data *data, const double *p, double *hess);

#endif
