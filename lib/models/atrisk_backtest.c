/* Backtest of an at-risk list: who of the ranked and of the listed customers
 * ordered in the window after the ranking day. One byte per store index up to
 * the largest ranked one marks ranked, listed and bought; a pass over the
 * orders sets "bought", a pass over the ranked customers counts. */
#include <math.h>
#include <stdint.h>

#include "alloc_internal.h"
#include "custorient/atrisk.h"
#include "error_internal.h"
#include "sized_internal.h"

enum { RANKED = 1, LISTED = 2, BOUGHT = 4 };

static int check_arguments(const size_t *customer, size_t n, const co_atrisk_row *rows,
                           size_t count, const size_t *order_customer, const co_day *order_day,
                           size_t n_orders, co_day from, int64_t days,
                           const co_atrisk_backtest_result *out)
{
    if (!customer || !rows || !out || (n_orders > 0 && (!order_customer || !order_day)))
        return co__fail(CO_EINVAL, "NULL argument to co_atrisk_backtest");
    if (n == 0 || count == 0)
        return co__fail(CO_EINVAL, "nothing to backtest (n = %zu, count = %zu)", n, count);
    if (days < 1)
        return co__fail(CO_EINVAL, "backtest window of %lld days (needs >= 1)", (long long)days);
    if (from > INT64_MAX - days)
        return co__fail(CO_ERANGE,
                        "backtest window of %lld days from day %lld ends past the "
                        "largest day",
                        (long long)days, (long long)from);
    for (size_t k = 0; k < count; k++)
        if (rows[k].index >= n)
            return co__fail(CO_ERANGE, "row %zu names position %zu of %zu ranked customers", k,
                            rows[k].index, n);
    return co__sized_check(out, sizeof *out, "co_atrisk_backtest_result");
}

/* Mark the ranked and listed customers in `mark` (all 0 on entry); fails on a
 * customer given twice. */
static int mark_customers(unsigned char *mark, const size_t *customer, size_t n,
                          const co_atrisk_row *rows, size_t count)
{
    for (size_t i = 0; i < n; i++) {
        if (mark[customer[i]])
            return co__fail(CO_EINVAL, "customer %zu is ranked twice (at position %zu)",
                            customer[i], i);
        mark[customer[i]] = RANKED;
    }
    for (size_t k = 0; k < count; k++) {
        unsigned char *m = &mark[customer[rows[k].index]];
        if (*m & LISTED)
            return co__fail(CO_EINVAL, "position %zu is listed twice (row %zu)", rows[k].index, k);
        *m |= LISTED;
    }
    return CO_OK;
}

int co_atrisk_backtest(const size_t *customer, size_t n, const co_atrisk_row *rows, size_t count,
                       const size_t *order_customer, const co_day *order_day, size_t n_orders,
                       co_day from, int64_t days, co_atrisk_backtest_result *out)
{
    int rc = check_arguments(customer, n, rows, count, order_customer, order_day, n_orders, from,
                             days, out);
    if (rc < 0)
        return rc;
    size_t largest = 0;
    for (size_t i = 0; i < n; i++)
        largest = customer[i] > largest ? customer[i] : largest;
    if (largest == SIZE_MAX)
        return co__fail(CO_EOVERFLOW, "customer index %zu leaves no room for a table", largest);
    unsigned char *mark = co__calloc(largest + 1, 1);
    if (!mark)
        return co__fail(CO_ENOMEM, "out of memory for %zu customer marks", largest + 1);
    rc = mark_customers(mark, customer, n, rows, count);
    if (rc < 0) {
        co__free(mark);
        return rc;
    }
    co_day last = from + days;
    for (size_t j = 0; j < n_orders; j++)
        if (order_customer[j] <= largest && order_day[j] > from && order_day[j] <= last)
            mark[order_customer[j]] |= BOUGHT;
    co_atrisk_backtest_result r = {.size = sizeof r, .ranked = n, .listed = count};
    for (size_t i = 0; i < n; i++) {
        unsigned char m = mark[customer[i]];
        r.ranked_bought += (m & BOUGHT) != 0;
        r.listed_bought += (m & (LISTED | BOUGHT)) == (LISTED | BOUGHT);
    }
    co__free(mark);
    r.base_rate = (double)r.ranked_bought / (double)r.ranked;
    r.listed_rate = (double)r.listed_bought / (double)r.listed;
    r.lift = r.ranked_bought > 0 ? r.listed_rate / r.base_rate : NAN;
    co__sized_store(out, &r, sizeof r);
    return CO_OK;
}
