/* Decimal numbers as text, independent of the C locale: correctly rounded
 * parsing and the shortest text that reads back exactly. */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient/core.h"
#include "decimal_internal.h"

static const double exact_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The current locale's decimal point if it is one character, else '.'. */
static char decimal_point(void)
{
    const char *point = localeconv()->decimal_point;
    if (point && point[0] && !point[1])
        return point[0];
    return '.';
}

/* strtod on a copy with the C locale's '.' replaced by the current decimal
 * point, for the rare numbers the exact fast path cannot take. */
static int parse_slow(const char *p, size_t len, double *out)
{
    char copy[128];
    if (len >= sizeof copy)
        return CO_EPARSE;
    const char sep = decimal_point();
    memcpy(copy, p, len);
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '.')
            copy[i] = sep;
    copy[len] = '\0';
    char *end;
    double v = strtod(copy, &end);
    if (end != copy + len)
        return CO_EPARSE;
    *out = v;
    return CO_OK;
}

int co__decimal_parse(const char *p, size_t len, double *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (p[i] == '+' || p[i] == '-'))
        neg = p[i++] == '-';
    uint64_t mant = 0;
    int digits = 0, significant = 0, exp10 = 0;
    for (; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
        if (significant < 19) {
            mant = mant * 10 + (uint64_t)(p[i] - '0');
            significant += mant != 0;
        } else {
            exp10++;
            significant++;
        }
    }
    if (i < len && p[i] == '.') {
        for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
            if (significant < 19) {
                mant = mant * 10 + (uint64_t)(p[i] - '0');
                significant += mant != 0;
                exp10--;
            } else {
                significant++;
            }
        }
    }
    if (digits == 0)
        return CO_EPARSE;
    if (i < len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        int eneg = 0, edigits = 0;
        long e = 0;
        if (i < len && (p[i] == '+' || p[i] == '-'))
            eneg = p[i++] == '-';
        for (; i < len && p[i] >= '0' && p[i] <= '9'; i++, edigits++)
            if (e < 100000)
                e = e * 10 + (p[i] - '0');
        if (!edigits)
            return CO_EPARSE;
        exp10 += (int)(eneg ? -e : e);
    }
    if (i != len)
        return CO_EPARSE;
    if (significant <= 19 && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Both operands are exact doubles, so one IEEE operation rounds correctly. */
        double v = (double)mant;
        v = exp10 < 0 ? v / exact_pow10[-exp10] : v * exact_pow10[exp10];
        *out = neg ? -v : v;
        return CO_OK;
    }
    return parse_slow(p, len, out);
}

size_t co__decimal_format(double value, char out[32])
{
    const char sep = decimal_point();
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, 32, "%.*g", prec, value);
        if (sep != '.')
            for (int i = 0; i < n; i++)
                if (out[i] == sep)
                    out[i] = '.';
        double back;
        if (co__decimal_parse(out, (size_t)n, &back) == CO_OK && back == value &&
            signbit(back) == signbit(value))
            break;
    }
    return (size_t)n;
}
