/* Calendar arithmetic on day numbers for modules that group by month or year. */
#ifndef CO_DATE_INTERNAL_H
#define CO_DATE_INTERNAL_H

#include <stdint.h>

#include "custorient/core.h"

/* Day number of year-month-day (proleptic Gregorian; month 1-12, day 1-31). */
co_day co_day_from_civil(int64_t year, int month, int day);

/* Year, month (1-12) and day (1-31) of a day number. */
void co_civil_from_day(co_day day, int64_t *year, int *month, int *mday);

#endif
