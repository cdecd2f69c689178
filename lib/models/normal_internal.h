/* The standard normal distribution's quantile, for confidence bands. */
#ifndef CO_NORMAL_INTERNAL_H
#define CO_NORMAL_INTERNAL_H

/* The probit: x with Phi(x) = p for p in (0, 1), to about full double precision;
 * -inf / +inf at 0 / 1 and NaN outside [0, 1]. */
double co_probit(double p);

#endif
