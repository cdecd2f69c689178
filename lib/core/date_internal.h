/* Calendar arithmetic on day numbers, shared by modules that group by month. */
#ifndef CO_DATE_INTERNAL_H
#define CO_DATE_INTERNAL_H

#include "custorient/core.h"

/* Day number of year-month-day (proleptic Gregorian; month 1-12). */
co_day co__day_from_civil(int64_t y, int m, int d);

/* Year, month (1-12) and day of month (1-31) of a day number. */
void co__civil_from_day(co_day day, int64_t *y, int *m, int *d);

#endif
