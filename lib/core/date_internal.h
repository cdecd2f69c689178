/* Calendar arithmetic on day numbers, shared by modules that group by month. */
#ifndef CO_DATE_INTERNAL_H
#define CO_DATE_INTERNAL_H

#include "custorient/core.h"

/* 0001-01-01 and 9999-12-31 as day numbers: the days an ISO date can name. */
#define CO__DAY_FIRST (-719162)
#define CO__DAY_LAST 2932896

/* CO_OK for a day within CO__DAY_FIRST..CO__DAY_LAST, else CO_ERANGE with the
 * message "<what> (day N) is outside years 0001-9999". */
int co__day_check(const char *what, co_day day);

/* Day number of year-month-day (proleptic Gregorian; month 1-12). */
co_day co__day_from_civil(int64_t y, int m, int d);

/* Year, month (1-12) and day of month (1-31) of a day number. */
void co__civil_from_day(co_day day, int64_t *y, int *m, int *d);

#endif
