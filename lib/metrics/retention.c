/* Retention and churn between two windows, and the monthly cohort matrix.
 * Both read customers' first days and a flat list of (customer, day) orders. */
#include "custorient/retention.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "retention_internal.h"

static int check_orders(const co_day *first_day, size_t n_customers, const size_t *order_customer,
                        const co_day *order_day, size_t n_orders)
{
    if (!first_day || (n_orders > 0 && (!order_customer || !order_day)))
        return co__fail(CO_EINVAL, "NULL customer or order array");
    if (n_customers == 0)
        return co__fail(CO_EINVAL, "no customers");
    for (size_t k = 0; k < n_orders; k++) {
        size_t c = order_customer[k];
        if (c >= n_customers)
            return co__fail(CO_ERANGE, "order %zu names customer %zu of %zu", k, c, n_customers);
        if (order_day[k] < first_day[c])
            return co__fail(CO_EINVAL, "order %zu is dated before its customer's first day", k);
    }
    return CO_OK;
}

enum { ACTIVE_BEFORE = 1, ACTIVE_NOW = 2 };

int co_retention_rate(const co_day *first_day, size_t n_customers, const size_t *order_customer,
                      const co_day *order_day, size_t n_orders, co_day start, int64_t period_days,
                      co_retention *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "NULL argument to co_retention_rate");
    int rc = check_orders(first_day, n_customers, order_customer, order_day, n_orders);
    if (rc < 0)
        return rc;
    if (period_days < 1 || start > INT64_MAX - period_days || start < INT64_MIN + period_days)
        return co__fail(CO_EINVAL, "period of %lld days is not usable", (long long)period_days);
    uint8_t *flags = co__calloc(n_customers, 1);
    if (!flags)
        return co__fail_nomem();
    co_day end = start + period_days, before = start - period_days;
    for (size_t k = 0; k < n_orders; k++) {
        co_day d = order_day[k];
        if (d >= before && d < start)
            flags[order_customer[k]] |= ACTIVE_BEFORE;
        else if (d >= start && d < end)
            flags[order_customer[k]] |= ACTIVE_NOW;
    }
    co_retention r = {0};
    for (size_t c = 0; c < n_customers; c++) {
        int is_new = first_day[c] >= start && first_day[c] < end;
        r.new_customers += (uint64_t)is_new;
        r.base += (flags[c] & ACTIVE_BEFORE) != 0;
        r.active += (flags[c] & ACTIVE_NOW) != 0;
        r.retained += flags[c] == (ACTIVE_BEFORE | ACTIVE_NOW);
        r.reactivated += flags[c] == ACTIVE_NOW && first_day[c] < start;
    }
    co__free(flags);
    r.churned = r.base - r.retained;
    r.retention_rate = r.base ? (double)r.retained / (double)r.base : NAN;
    r.churn_rate = r.base ? (double)r.churned / (double)r.base : NAN;
    *out = r;
    return CO_OK;
}

int64_t co__month_index(co_day day)
{
    int64_t y;
    int m, d;
    co__civil_from_day(day, &y, &m, &d);
    return y * 12 + (m - 1);
}

/* Orders grouped by customer (a counting sort on the customer index), so that
 * each customer's months can be counted once. */
typedef struct order_groups {
    size_t *start;  /* n_customers + 1 offsets into `month` */
    int64_t *month; /* month index of each kept order */
} order_groups;

static int group_orders(const size_t *order_customer, const co_day *order_day, size_t n_orders,
                        size_t n_customers, co_day as_of, order_groups *g)
{
    g->start = co__calloc(n_customers + 1, sizeof *g->start);
    g->month = co__malloc_array(n_orders, sizeof *g->month);
    if (!g->start || !g->month) {
        co__free(g->start);
        co__free(g->month);
        return co__fail_nomem();
    }
    for (size_t k = 0; k < n_orders; k++)
        if (order_day[k] <= as_of)
            g->start[order_customer[k] + 1]++;
    for (size_t c = 0; c < n_customers; c++)
        g->start[c + 1] += g->start[c];
    for (size_t k = 0; k < n_orders; k++)
        if (order_day[k] <= as_of)
            g->month[g->start[order_customer[k]]++] = co__month_index(order_day[k]);
    /* The fill advanced each start to the next customer's; shift back. */
    memmove(g->start + 1, g->start, n_customers * sizeof *g->start);
    g->start[0] = 0;
    return CO_OK;
}

int co_cohorts_build(const co_day *first_day, size_t n_customers, const size_t *order_customer,
                     const co_day *order_day, size_t n_orders, co_day as_of, co_cohorts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "NULL argument to co_cohorts_build");
    int rc = check_orders(first_day, n_customers, order_customer, order_day, n_orders);
    if (rc < 0 || (rc = co__day_check("as-of day", as_of)) < 0)
        return rc;
    /* Months are counted on the calendar: every day must have a date. */
    for (size_t c = 0; c < n_customers; c++)
        if (first_day[c] < CO__DAY_FIRST || first_day[c] > CO__DAY_LAST)
            return co__fail(CO_ERANGE, "first day %lld of customer %zu is outside years 0001-9999",
                            (long long)first_day[c], c);
    co_day earliest = as_of;
    size_t started = 0;
    for (size_t c = 0; c < n_customers; c++) {
        if (first_day[c] <= as_of) {
            started++;
            earliest = first_day[c] < earliest ? first_day[c] : earliest;
        }
    }
    if (started == 0)
        return co__fail(CO_EINVAL, "no customer starts on or before the as-of day");
    int64_t first_month = co__month_index(earliest), last_month = co__month_index(as_of);
    /* The matrix is months^2 cells: bounded before anything is allocated (1000 years of
     * dates asked for 3.3 GB, an as-of of 9999-12-31 for about 150 GB). */
    if (last_month - first_month >= CO_COHORTS_MAX_MONTHS)
        return co__fail(CO_ERANGE,
                        "cohorts from %04lld-%02d to %04lld-%02d span %lld months; at most %d "
                        "(100 years): choose a later earliest customer or an earlier as-of day",
                        (long long)(first_month / 12), (int)(first_month % 12) + 1,
                        (long long)(last_month / 12), (int)(last_month % 12) + 1,
                        (long long)(last_month - first_month + 1), CO_COHORTS_MAX_MONTHS);
    size_t rows = (size_t)(last_month - first_month + 1), cells;
    if (!co__mul_fits(rows, rows, &cells))
        return co__fail(CO_EOVERFLOW, "%zu months of cohorts are too many", rows);

    co_cohorts *m = co__calloc(1, sizeof *m);
    uint64_t *sizes = co__calloc(rows, sizeof *sizes);
    uint64_t *active = co__calloc(cells, sizeof *active);
    int64_t *stamp = co__malloc_array(rows, sizeof *stamp);
    order_groups g = {NULL, NULL};
    if (!m || !sizes || !active || !stamp ||
        group_orders(order_customer, order_day, n_orders, n_customers, as_of, &g) < 0) {
        co__free(m);
        co__free(sizes);
        co__free(active);
        co__free(stamp);
        return co__fail_nomem();
    }
    /* stamp[k] is the last customer counted in column k, so repeat orders
     * within one month count once. */
    for (size_t k = 0; k < rows; k++)
        stamp[k] = -1;
    for (size_t c = 0; c < n_customers; c++) {
        if (first_day[c] > as_of)
            continue;
        size_t row = (size_t)(co__month_index(first_day[c]) - first_month);
        sizes[row]++;
        for (size_t j = g.start[c]; j < g.start[c + 1]; j++) {
            size_t k = (size_t)(g.month[j] - first_month) - row;
            if (stamp[k] != (int64_t)c) {
                stamp[k] = (int64_t)c;
                active[row * rows + k]++;
            }
        }
    }
    co__free(stamp);
    co__free(g.start);
    co__free(g.month);
    m->rows = rows;
    m->as_of = as_of;
    m->first_month = first_month;
    m->sizes = sizes;
    m->active = active;
    *out = m;
    return CO_OK;
}

void co_cohorts_free(co_cohorts *cohorts)
{
    if (!cohorts)
        return;
    co__free(cohorts->sizes);
    co__free(cohorts->active);
    co__free(cohorts);
}

size_t co_cohorts_count(const co_cohorts *cohorts) { return cohorts ? cohorts->rows : 0; }

int co_cohorts_months(const co_cohorts *cohorts, co_day *out)
{
    if (!cohorts || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_cohorts_months");
    for (size_t r = 0; r < cohorts->rows; r++) {
        int64_t month = cohorts->first_month + (int64_t)r;
        int64_t year = month >= 0 ? month / 12 : (month - 11) / 12;
        out[r] = co__day_from_civil(year, (int)(month - year * 12) + 1, 1);
    }
    return CO_OK;
}

int co_cohorts_sizes(const co_cohorts *cohorts, uint64_t *out)
{
    if (!cohorts || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_cohorts_sizes");
    memcpy(out, cohorts->sizes, cohorts->rows * sizeof *out);
    return CO_OK;
}

int co_cohorts_active(const co_cohorts *cohorts, uint64_t *out)
{
    if (!cohorts || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_cohorts_active");
    memcpy(out, cohorts->active, cohorts->rows * cohorts->rows * sizeof *out);
    return CO_OK;
}

int co_cohorts_rates(const co_cohorts *cohorts, double *out)
{
    if (!cohorts || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_cohorts_rates");
    size_t rows = cohorts->rows;
    for (size_t r = 0; r < rows; r++) {
        for (size_t k = 0; k < rows; k++) {
            int observed = r + k < rows && cohorts->sizes[r] > 0;
            out[r * rows + k] =
                observed ? (double)cohorts->active[r * rows + k] / (double)cohorts->sizes[r] : NAN;
        }
    }
    return CO_OK;
}
