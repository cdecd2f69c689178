/* Churn risk list: the customers of a data directory with the most value at
 * risk, (1 - P(alive)) x the 12-month value if they are retained, by Pareto/NBD
 * (whose P(alive), unlike BG/NBD's, is not 1 for every one-time buyer) and
 * Gamma-Gamma. CLV = P(alive) x value if retained.
 *
 *     churn_risk DATA_DIR [N]
 */
#include <custorient.h>
#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what)
{
    fprintf(stderr, "churn_risk: %s: %s\n", what, co_errmsg());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: churn_risk DATA_DIR [N]\n");
        return 2;
    }
    size_t top = argc == 3 ? (size_t)strtoul(argv[2], NULL, 10) : 10;
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

    co_day first, as_of;
    co_summary *s;
    if (co_store_day_range(store, CO_RECORD_ORDERS, &first, &as_of) < 0 ||
        co_store_summary(store, as_of, CO_UNIT_WEEKS, &s) < 0)
        return fail("summary");

    /* P(alive) from Pareto/NBD, value from Gamma-Gamma, both per customer. */
    co_paretonbd_params purchases;
    co_gammagamma_params spend;
    co_clv_options opt;
    co_clv_options_init(&opt, sizeof opt);
    co_time_unit_per_month(CO_UNIT_WEEKS, &opt.periods_per_month);
    double *alive = malloc(s->n * sizeof *alive), *clv = malloc(s->n * sizeof *clv);
    double *kept = malloc(s->n * sizeof *kept);
    co_atrisk_row *rows = malloc(top * sizeof *rows);
    size_t count;
    if (!alive || !clv || !kept || !rows ||
        co_paretonbd_fit(s->frequency, s->recency, s->T, NULL, s->n, NULL, &purchases, NULL) < 0 ||
        co_gammagamma_fit(s->frequency, s->monetary_value, NULL, s->n, NULL, &spend, NULL) < 0 ||
        co_paretonbd_probability_alive(&purchases, s->frequency, s->recency, s->T, s->n, alive) <
            0 ||
        co_paretonbd_clv(&purchases, &spend, s->frequency, s->recency, s->T, s->monetary_value,
                         s->n, &opt, clv) < 0)
        return fail("model");
    for (size_t i = 0; i < s->n; i++)
        kept[i] = alive[i] > 0 ? clv[i] / alive[i] : 0;
    if (co_atrisk_rank(alive, kept, s->n, NULL, top, rows, &count) < 0)
        return fail("ranking");

    printf("%-4s %-10s %-24s %8s %10s %10s %10s\n", "#", "customer", "name", "P(alive)", "CLV",
           "if kept", "at risk");
    for (size_t k = 0; k < count; k++) {
        co_customer_view c = {.size = sizeof c};
        co_store_get_customer(store, s->customer[rows[k].index], &c);
        size_t i = rows[k].index;
        printf("%-4zu %-10s %-24s %8.3f %10.2f %10.2f %10.2f\n", k + 1, c.id, c.name, alive[i],
               clv[i], rows[k].value, rows[k].value_at_risk);
    }
    free(alive);
    free(clv);
    free(kept);
    free(rows);
    co_summary_free(s);
    co_store_free(store);
    return 0;
}
