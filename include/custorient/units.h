/**
 * @file custorient/units.h
 * @brief Units of time and calendar periods shared by every module.
 *
 * A ::co_time_unit is the unit of the durations a model works in (the
 * store's summaries, the purchase models, lifetime value). A ::co_period is a
 * calendar period that dated records are grouped by (NPS per month...).
 *
 * Thread safety: the functions keep no state and may run on any thread.
 */
#ifndef CUSTORIENT_UNITS_H
#define CUSTORIENT_UNITS_H

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Unit of a duration. */
typedef enum co_time_unit {
    CO_UNIT_DAYS = 0,   /**< One day. */
    CO_UNIT_WEEKS = 1,  /**< Seven days. */
    CO_UNIT_MONTHS = 2, /**< One month. */
    CO_UNIT_HOURS = 3   /**< One hour. */
} co_time_unit;

/**
 * How many `unit`s make a month, as the `lifetimes` package counts them for
 * customer lifetime value: 30 days, 4.345 weeks, 1 month or 720 hours. Use
 * it for co_clv_options.periods_per_month.
 * @param[out] out units per month; untouched on failure.
 * @return CO_OK, or CO_EINVAL for a NULL `out` or an unknown unit.
 */
CO_API int co_time_unit_per_month(co_time_unit unit, double *out);

/** Calendar periods for grouping dated records. */
typedef enum co_period {
    CO_PERIOD_DAY = 0,  /**< One day. */
    CO_PERIOD_WEEK = 1, /**< ISO week, Monday to Sunday. */
    CO_PERIOD_MONTH = 2 /**< Calendar month. */
} co_period;

/**
 * First day of the period containing `day`: the day itself, the Monday of
 * its week, or the first of its month.
 * @param[out] out the first day; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or an unknown period; CO_ERANGE if the
 *         day is outside years 0001-9999.
 */
CO_API int co_period_start(co_day day, co_period period, co_day *out);

#ifdef __cplusplus
}
#endif

#endif
