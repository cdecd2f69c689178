/* Normal and Student t distribution functions for confidence intervals and
 * tests in the library. */
#ifndef CO_DIST_INTERNAL_H
#define CO_DIST_INTERNAL_H

/* Standard normal quantile: z with P(Z <= z) = p, for 0 < p < 1. */
double co__normal_quantile(double p);

/* Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
double co__normal_two_sided_p(double z);

/* Upper tail P(X >= x) of a chi-square variable with `df` > 0 degrees of
 * freedom (1 for x <= 0; NaN for a bad df or x). */
double co__chi2_sf(double x, double df);

/* Student t quantile with `df` > 0 degrees of freedom, for 0 < p < 1. */
double co__t_quantile(double p, double df);

/* Two-sided critical values of a confidence level in (0, 1): the quantile at
 * 1 - (1 - level) / 2, found from the tail probability (1 - level) / 2, so
 * that levels within 2^-53 of 1 give a finite value (0.5 + 0.5 * level rounds
 * to 1 there, whose quantile is infinite). */
double co__normal_critical(double level);
double co__t_critical(double level, double df);

/* 1 if 0 < level < 1 (a usable confidence level), else 0. */
int co__level_ok(double level);

#endif
