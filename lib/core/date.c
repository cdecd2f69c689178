/* ISO dates <-> day numbers in the proleptic Gregorian calendar. The
 * conversion counts whole 400-year eras (146097 days each) so it needs no
 * tables and no loops. */
#include "date_internal.h"
#include "error_internal.h"

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Day number of y-m-d, counting March as the first month so that the leap
 * day falls at the end of the shifted year. */
co_day co__day_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t year_of_era = y - era * 400;
    int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void co__civil_from_day(co_day day, int64_t *y, int *m, int *d)
{
    const int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t day_of_era = z - era * 146097;
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    *d = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = year_of_era + era * 400 + (*m <= 2);
}

static int digits(const char *s, int count, int *out)
{
    int value = 0;
    for (int i = 0; i < count; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        value = value * 10 + (s[i] - '0');
    }
    *out = value;
    return 1;
}

int co_date_parse(const char *text, size_t len, co_day *out)
{
    if (!text || !out)
        return co__fail(CO_EINVAL, "co_date_parse: NULL argument");
    int y, m, d;
    if (len != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 4, &y) ||
        !digits(text + 5, 2, &m) || !digits(text + 8, 2, &d))
        return co__fail(CO_EPARSE, "expected a date as YYYY-MM-DD");
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return co__fail(CO_EPARSE, "no such date %.10s", text);
    *out = co__day_from_civil(y, m, d);
    return CO_OK;
}

int co__day_check(const char *what, co_day day)
{
    if (day < CO__DAY_FIRST || day > CO__DAY_LAST)
        return co__fail(CO_ERANGE, "%s (day %lld) is outside years 0001-9999", what,
                        (long long)day);
    return CO_OK;
}

int co_date_format(co_day day, char out[11])
{
    if (day < CO__DAY_FIRST || day > CO__DAY_LAST)
        return co__fail(CO_ERANGE, "day %lld is outside years 0001-9999", (long long)day);
    int64_t y;
    int m, d;
    co__civil_from_day(day, &y, &m, &d);
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return CO_OK;
}
