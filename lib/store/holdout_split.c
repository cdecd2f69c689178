/* The calibration/holdout split of a transaction log, with the definitions of
 * lifetimes' calibration_and_holdout_data. Transactions are bucketed by
 * customer with a counting sort, then each customer's few are sorted by day. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "custorient/holdout.h"

#include "alloc_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "period_internal.h"
#include "store_internal.h"

typedef struct txn {
    co_day day;
    double amount;
} txn;

static int by_day(const void *a, const void *b)
{
    const txn *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

void co_holdout_data_free(co_holdout_data *d)
{
    if (!d)
        return;
    co__free(d->customer); /* one block holds every array */
    co__free(d);
}

static co_holdout_data *data_alloc(size_t n)
{
    co_holdout_data *d = co__calloc(1, sizeof *d);
    if (!d)
        return NULL;
    char *block = co__malloc_array(n ? n : 1, sizeof(size_t) + 6 * sizeof(double));
    if (!block) {
        co__free(d);
        return NULL;
    }
    d->n = n;
    d->customer = (size_t *)(void *)block;
    double *v = (double *)(void *)(block + n * sizeof(size_t));
    d->frequency_cal = v;
    d->recency_cal = v + n;
    d->T_cal = v + 2 * n;
    d->monetary_value_cal = v + 3 * n;
    d->frequency_holdout = v + 4 * n;
    d->monetary_value_holdout = v + 5 * n;
    return d;
}

static int check_args(const size_t *customer, const co_day *day, const double *amount, size_t n,
                      size_t n_customers, co_day calibration_end, co_day observation_end,
                      co_period period, double multiplier)
{
    int rc;
    if (n > 0 && (!customer || !day))
        return co__fail(CO_EINVAL, "co_calibration_holdout: NULL argument");
    if (period != CO_PERIOD_DAY && period != CO_PERIOD_WEEK)
        return co__fail(CO_EINVAL, "co_calibration_holdout: period %d is not days or weeks",
                        (int)period);
    if (!isfinite(multiplier) || multiplier <= 0.0)
        return co__fail(CO_EINVAL, "co_calibration_holdout: multiplier %g is not > 0", multiplier);
    if ((rc = co__day_check("calibration end", calibration_end)) < 0 ||
        (rc = co__day_check("observation end", observation_end)) < 0)
        return rc;
    if (observation_end <= calibration_end)
        return co__fail(CO_EINVAL, "co_calibration_holdout: observation end must come after the "
                                   "calibration end, so that there is a holdout period");
    for (size_t i = 0; i < n; i++) {
        if (customer[i] >= n_customers)
            return co__fail(CO_ERANGE, "customer[%zu] = %zu is past the last customer (count %zu)",
                            i, customer[i], n_customers);
        if ((rc = co__period_check_day(day[i], i)) < 0)
            return rc;
        if (amount && !isfinite(amount[i]))
            return co__fail(CO_EINVAL, "amount[%zu] is not finite", i);
    }
    return CO_OK;
}

/* Fill row `r` from one customer's transactions `g` (k >= 1, sorted by day);
 * returns 0 if the customer bought nothing in the calibration period. */
static int summarise(const txn *g, size_t k, co_day calibration_end, co_period period, double unit,
                     co_holdout_data *d, size_t r)
{
    if (g[0].day > calibration_end)
        return 0;
    co_day first = co__period_first_day(g[0].day, period), last = first, prev = first;
    size_t periods = 1, held = 0, held_periods = 0;
    double repeat = 0, held_sum = 0;
    co_day held_prev = 0;
    for (size_t i = 0; i < k; i++) {
        co_day p = co__period_first_day(g[i].day, period);
        if (g[i].day <= calibration_end) {
            if (p != prev) {
                periods++;
                prev = last = p;
            }
            if (p != first)
                repeat += g[i].amount;
        } else {
            held_periods += held == 0 || p != held_prev;
            held_prev = p;
            held_sum += g[i].amount;
            held++;
        }
    }
    double cal_end_period = (double)co__period_first_day(calibration_end, period);
    d->frequency_cal[r] = (double)(periods - 1);
    d->recency_cal[r] = (double)(last - first) / unit;
    d->T_cal[r] = (cal_end_period - (double)first) / unit;
    d->monetary_value_cal[r] = periods > 1 ? repeat / (double)(periods - 1) : 0.0;
    d->frequency_holdout[r] = (double)held_periods;
    d->monetary_value_holdout[r] = held ? held_sum / (double)held : 0.0;
    return 1;
}

int co_calibration_holdout(const size_t *customer, const co_day *day, const double *amount,
                           size_t n, size_t n_customers, co_day calibration_end,
                           co_day observation_end, co_period period, double multiplier,
                           co_holdout_data **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_calibration_holdout: NULL argument");
    int rc = check_args(customer, day, amount, n, n_customers, calibration_end, observation_end,
                        period, multiplier);
    if (rc < 0)
        return rc;
    if (n_customers == SIZE_MAX)
        return co__fail(CO_EOVERFLOW, "co_calibration_holdout: too many customers");
    size_t *start = co__calloc(n_customers + 1, sizeof *start);
    if (!start)
        return co__fail_nomem();
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        if (day[i] <= observation_end) {
            start[customer[i] + 1]++;
            used++;
        }
    for (size_t c = 0; c < n_customers; c++)
        start[c + 1] += start[c];
    txn *t = co__malloc_array(used ? used : 1, sizeof *t);
    co_holdout_data *d = t ? data_alloc(n_customers) : NULL;
    if (!d) {
        co__free(t);
        co__free(start);
        return co__fail_nomem();
    }
    /* Counting sort: start[c] walks forward and ends at customer c+1's start. */
    for (size_t i = 0; i < n; i++)
        if (day[i] <= observation_end)
            t[start[customer[i]]++] = (txn){day[i], amount ? amount[i] : 0.0};
    double unit = (period == CO_PERIOD_WEEK ? 7.0 : 1.0) * multiplier; /* days per output unit */
    size_t r = 0, from = 0;
    for (size_t c = 0; c < n_customers; c++) {
        size_t to = start[c];
        if (to == from)
            continue;
        qsort(t + from, to - from, sizeof *t, by_day);
        if (summarise(t + from, to - from, calibration_end, period, unit, d, r))
            d->customer[r++] = c;
        from = to;
    }
    d->n = r; /* the arrays keep room for every customer; only the first r rows are used */
    d->duration_holdout = (double)(co__period_first_day(observation_end, period) -
                                   co__period_first_day(calibration_end, period)) /
                          unit;
    co__free(t);
    co__free(start);
    *out = d;
    return CO_OK;
}

int co_store_calibration_holdout(const co_store *store, co_day calibration_end,
                                 co_day observation_end, co_period period, double multiplier,
                                 co_holdout_data **out)
{
    if (!store || !out)
        return co__fail(CO_EINVAL, "co_store_calibration_holdout: NULL argument");
    size_t n_orders = store->orders.len, n = 0;
    size_t *cust = co__malloc_array(n_orders ? n_orders : 1, sizeof *cust);
    co_day *days = co__malloc_array(n_orders ? n_orders : 1, sizeof *days);
    double *amount = co__malloc_array(n_orders ? n_orders : 1, sizeof *amount);
    int rc = cust && days && amount ? CO_OK : co__fail_nomem();
    if (rc == CO_OK)
        rc = co_store_orders_as_of(store, observation_end, cust, days, amount, &n);
    if (rc == CO_OK)
        rc = co_calibration_holdout(cust, days, amount, n, store->customers.len, calibration_end,
                                    observation_end, period, multiplier, out);
    co__free(cust);
    co__free(days);
    co__free(amount);
    return rc;
}
