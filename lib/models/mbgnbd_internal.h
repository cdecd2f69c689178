/* The MBG/NBD's log-likelihood and Hessian (co_loglik_fn, co_hessian_fn), shared
 * by the fit, the uncertainty and the gradient tests. */
#ifndef CO_MBGNBD_INTERNAL_H
#define CO_MBGNBD_INTERNAL_H

#include "btyd_internal.h"
#include "custorient/mbgnbd.h"

int co__mbgnbd_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co__mbgnbd_hessian(const co_btyd_data *data, const double *p, double *hess);

/* CO_EINVAL (with detail) unless the parameters are finite and > 0. */
int co__mbgnbd_check_params(const co_mbgnbd_params *p);

/* The same, and a != 1 (the expectations divide by a - 1). */
int co__mbgnbd_check_usable(const co_mbgnbd_params *p);

/* P(alive) and the expected purchases if alive, for the CLV (clv.c). */
extern const co_purchase_factors co__mbgnbd_purchases;

#endif
