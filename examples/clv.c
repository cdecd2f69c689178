/* Customer lifetime value of a customer base: fit BG/NBD and Gamma-Gamma on
 * the orders of a data directory and print the 12-month CLV of the base and
 * of its five most valuable customers.
 *
 *     clv DATA_DIR
 */
#include <custorient.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what)
{
    fprintf(stderr, "clv: %s: %s\n", what, co_errmsg());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: clv DATA_DIR\n");
        return 2;
    }
    char path[4096];
    co_store *store;
    if (co_store_new(&store) < 0)
        return fail("store");
    snprintf(path, sizeof path, "%s/customers.csv", argv[1]);
    if (co_store_import_csv(store, CO_RECORD_CUSTOMERS, path, NULL, NULL) < 0)
        return fail(path);
    snprintf(path, sizeof path, "%s/orders.csv", argv[1]);
    if (co_store_import_csv(store, CO_RECORD_ORDERS, path, NULL, NULL) < 0)
        return fail(path);

    /* Frequency, recency and age in weeks as of the last order day. */
    co_day first, as_of;
    co_summary *s;
    if (co_store_day_range(store, CO_RECORD_ORDERS, &first, &as_of) < 0 ||
        co_store_summary(store, as_of, CO_UNIT_WEEKS, &s) < 0)
        return fail("summary");

    co_bgnbd_params purchases;
    co_gammagamma_params spend;
    if (co_bgnbd_fit(s->frequency, s->recency, s->T, NULL, s->n, NULL, &purchases, NULL) < 0)
        return fail("BG/NBD");
    if (co_gammagamma_fit(s->frequency, s->monetary_value, NULL, s->n, NULL, &spend, NULL) < 0)
        return fail("Gamma-Gamma");
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    co_time_unit_per_month(CO_UNIT_WEEKS, &opt.periods_per_month);
    double *clv = malloc(s->n * sizeof *clv);
    if (!clv || co_bgnbd_clv(&purchases, &spend, s->frequency, s->recency, s->T, s->monetary_value,
                             s->n, &opt, clv) < 0)
        return fail("CLV");

    double total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += clv[i];
    printf("12-month CLV of %zu customers: %.2f (%.2f each)\n", s->n, total, total / s->n);
    for (int top = 0; top < 5 && top < (int)s->n; top++) {
        size_t best = 0;
        for (size_t i = 1; i < s->n; i++)
            if (clv[i] > clv[best])
                best = i;
        co_customer_view c = {.size = sizeof c};
        co_store_get_customer(store, s->customer[best], &c);
        printf("  %-10s %-24s %10.2f\n", c.id, c.name, clv[best]);
        clv[best] = -1; /* taken */
    }
    free(clv);
    co_summary_free(s);
    co_store_free(store);
    return 0;
}
