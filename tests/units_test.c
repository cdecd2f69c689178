/* Units of time and calendar periods. */
#include <criterion/criterion.h>

#include "custorient.h"

/* lifetimes' customer_lifetime_value (lifetimes/utils.py) counts a month as
 * 30 days, 4.345 weeks, 1 month or 30 * 24 = 720 hours. */
Test(time_unit, months_as_lifetimes_counts_them)
{
    double per_month;
    cr_assert_eq(co_time_unit_per_month(CO_UNIT_DAYS, &per_month), CO_OK);
    cr_assert_eq(per_month, 30.0);
    cr_assert_eq(co_time_unit_per_month(CO_UNIT_WEEKS, &per_month), CO_OK);
    cr_assert_eq(per_month, 4.345);
    cr_assert_eq(co_time_unit_per_month(CO_UNIT_MONTHS, &per_month), CO_OK);
    cr_assert_eq(per_month, 1.0);
    cr_assert_eq(co_time_unit_per_month(CO_UNIT_HOURS, &per_month), CO_OK);
    cr_assert_eq(per_month, 720.0);
}

Test(time_unit, unknown_units_are_refused_and_change_nothing)
{
    double per_month = 99;
    cr_assert_eq(co_time_unit_per_month((co_time_unit)4, &per_month), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "unknown time unit 4");
    cr_assert_eq(co_time_unit_per_month((co_time_unit)-1, &per_month), CO_EINVAL);
    cr_assert_eq(per_month, 99);
    cr_assert_eq(co_time_unit_per_month(CO_UNIT_DAYS, NULL), CO_EINVAL);
}

Test(period, starts_of_days_weeks_and_months)
{
    co_day d, start;
    /* 2024-02-29 was a Thursday: its ISO week starts Monday 2024-02-26;
     * its month on 2024-02-01. */
    cr_assert_eq(co_date_parse("2024-02-29", 10, &d), CO_OK);
    cr_assert_eq(co_period_start(d, CO_PERIOD_DAY, &start), CO_OK);
    cr_assert_eq(start, d);
    cr_assert_eq(co_period_start(d, CO_PERIOD_WEEK, &start), CO_OK);
    cr_assert_eq(start, d - 3);
    cr_assert_eq(co_period_start(d, CO_PERIOD_MONTH, &start), CO_OK);
    cr_assert_eq(start, d - 28);
    /* Day 0, 1970-01-01, a Thursday: week from Monday 1969-12-29 (day -3). */
    cr_assert_eq(co_period_start(0, CO_PERIOD_WEEK, &start), CO_OK);
    cr_assert_eq(start, -3);
    /* A Monday starts its own week, a Sunday belongs to the previous Monday:
     * 1969-12-28 (day -4) was a Sunday -> 1969-12-22 (day -10). */
    cr_assert_eq(co_period_start(-3, CO_PERIOD_WEEK, &start), CO_OK);
    cr_assert_eq(start, -3);
    cr_assert_eq(co_period_start(-4, CO_PERIOD_WEEK, &start), CO_OK);
    cr_assert_eq(start, -10);
    start = 99;
    cr_assert_eq(co_period_start(5000000, CO_PERIOD_DAY, &start), CO_ERANGE);
    cr_assert_eq(co_period_start(0, (co_period)9, &start), CO_EINVAL);
    cr_assert_eq(co_period_start(0, CO_PERIOD_DAY, NULL), CO_EINVAL);
    cr_assert_eq(start, 99);
}
