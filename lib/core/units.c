/* Units of time: how long each is, in the conventions the models follow. */
#include "custorient/units.h"
#include "error_internal.h"

int co_time_unit_per_month(co_time_unit unit, double *out)
{
    /* lifetimes' customer_lifetime_value: a month is 30 days, 4.345 weeks, 720 hours. */
    static const double per_month[] = {
        [CO_UNIT_DAYS] = 30.0,
        [CO_UNIT_WEEKS] = 4.345,
        [CO_UNIT_MONTHS] = 1.0,
        [CO_UNIT_HOURS] = 30.0 * 24.0,
    };
    if (!out)
        return co__fail(CO_EINVAL, "co_time_unit_per_month: NULL argument");
    if ((unsigned)unit >= sizeof per_month / sizeof per_month[0])
        return co__fail(CO_EINVAL, "unknown time unit %d", (int)unit);
    *out = per_month[unit];
    return CO_OK;
}
