/* RFM quantile cut points from any source of order statistics, shared by co_rfm_cuts()
 * (values in an array) and the mergeable histograms of rfm_histogram.c. */
#ifndef CO_RFM_INTERNAL_H
#define CO_RFM_INTERNAL_H

#include <stddef.h>

/* The i-th smallest (0-based) of the values behind `ctx`. */
typedef double (*co__order_stat_fn)(const void *ctx, size_t i);

/* The `bins - 1` type-7 cut points plus `offset` of n >= 1 values (bins and offset
 * checked); CO_EOVERFLOW when one passes the double range. */
int co__rfm_cuts_from(co__order_stat_fn stat, const void *ctx, size_t n, unsigned bins,
                      double offset, double *out);

#endif
