/* Period starts: 1970-01-01 (day 0) was a Thursday, so Mondays are the days
 * with (day + 3) mod 7 == 0. */
#include "date_internal.h"
#include "error_internal.h"
#include "period_internal.h"

int co__period_check(co_period period)
{
    if (period != CO_PERIOD_DAY && period != CO_PERIOD_WEEK && period != CO_PERIOD_MONTH)
        return co__fail(CO_EINVAL, "unknown period %d", (int)period);
    return CO_OK;
}

int co__period_check_day(co_day day, size_t index)
{
    if (day < CO__DAY_FIRST || day > CO__DAY_LAST)
        return co__fail(CO_ERANGE, "day %lld at index %zu is outside years 0001-9999",
                        (long long)day, index);
    return CO_OK;
}

co_day co__period_first_day(co_day day, co_period period)
{
    if (period == CO_PERIOD_WEEK) {
        co_day since_monday = (day + 3) % 7;
        return day - (since_monday < 0 ? since_monday + 7 : since_monday);
    }
    if (period == CO_PERIOD_MONTH) {
        int64_t y;
        int m, d;
        co__civil_from_day(day, &y, &m, &d);
        return day - (d - 1);
    }
    return day;
}

int co_period_start(co_day day, co_period period, co_day *out)
{
    int rc;
    if (!out)
        return co__fail(CO_EINVAL, "co_period_start: NULL argument");
    if ((rc = co__period_check(period)) < 0 || (rc = co__period_check_day(day, 0)) < 0)
        return rc;
    *out = co__period_first_day(day, period);
    return CO_OK;
}
