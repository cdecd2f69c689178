/* The orders up to a day, as the bulk arrays give all of them. */
#include "date_internal.h"
#include "error_internal.h"
#include "store_internal.h"

int co_store_orders_as_of(const co_store *s, co_day as_of, size_t *customer, co_day *day,
                          double *amount, size_t *out_n)
{
    if (!s || !out_n)
        return co__fail(CO_EINVAL, "co_store_orders_as_of: NULL argument");
    int rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    const order_rec *r = s->orders.data;
    size_t k = 0;
    for (size_t i = 0; i < s->orders.len; i++) {
        if (r[i].day > as_of)
            continue;
        if (customer)
            customer[k] = r[i].cust;
        if (day)
            day[k] = r[i].day;
        if (amount)
            amount[k] = r[i].amount;
        k++;
    }
    *out_n = k;
    return CO_OK;
}
