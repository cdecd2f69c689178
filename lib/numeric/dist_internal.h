/* Normal and Student t distribution functions for confidence intervals and
 * tests in the library. */
#ifndef CO_DIST_INTERNAL_H
#define CO_DIST_INTERNAL_H

/* Standard normal quantile: z with P(Z <= z) = p, for 0 < p < 1. */
double co__normal_quantile(double p);

/* Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
double co__normal_two_sided_p(double z);

/* Student t quantile with `df` > 0 degrees of freedom, for 0 < p < 1. */
double co__t_quantile(double p, double df);

/* 1 if 0 < level < 1 (a usable confidence level), else 0. */
int co__level_ok(double level);

#endif
