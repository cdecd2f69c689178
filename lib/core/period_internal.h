/* Calendar periods (day, ISO week, month) of day numbers. */
#ifndef CO_PERIOD_INTERNAL_H
#define CO_PERIOD_INTERNAL_H

#include "custorient/units.h"

/* CO_OK if `period` is known, else CO_EINVAL with a message. */
int co__period_check(co_period period);

/* CO_OK if `day` lies in years 0001-9999, else CO_ERANGE naming `index`. */
int co__period_check_day(co_day day, size_t index);

/* First day of the period of a checked day. */
co_day co__period_first_day(co_day day, co_period period);

#endif
