/* lib/models/atrisk_backtest: who of a ranked list ordered after the ranking
 * day, on a small store built by hand. */
#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

/* The ranking day D = day 1000 and a 10-day window (1000, 1010].
 *
 *   customer  orders (days)       ranked at D?  ordered in the window?
 *   c0        900, 1005           yes           yes
 *   c1        950, 1000           yes           no  (1000 is the ranking day itself)
 *   c2        980, 1010           yes           yes (the window's last day counts)
 *   c3        990, 1011           yes           no  (1011 is past the window)
 *   c4        995                 yes           no
 *   c5        1003                no (no order up to D): its order is ignored
 *   c6        960, 1002, 1004     yes           yes (once)
 *
 * Ranked: the six customers with an order up to D, c0 c1 c2 c3 c4 c6 in
 * summary order; 3 of them (c0, c2, c6) bought again: base rate 3/6 = 0.5.
 * With P(alive) 0.9 0.2 0.8 0.1 0.7 0.4 and value 100 each, value at risk is
 * 10 80 20 90 30 60, so the top 3 are c3 (90), c1 (80) and c6 (60), of whom
 * c6 alone bought again: listed rate 1/3, lift (1/3) / (1/2) = 2/3. */
#define D 1000
#define WINDOW 10

static co_store *hand_store(void)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    static const char *const ids[7] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6"};
    for (int i = 0; i < 7; i++) {
        co_customer_input c;
        co_customer_input_init(&c, sizeof c);
        c.id = ids[i];
        c.signup = 800;
        cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK, "%s", co_errmsg());
    }
    static const struct {
        const char *customer;
        co_day day;
    } orders[] = {{"c0", 900},  {"c0", 1005}, {"c1", 950},  {"c1", 1000}, {"c2", 980},
                  {"c2", 1010}, {"c3", 990},  {"c3", 1011}, {"c4", 995},  {"c5", 1003},
                  {"c6", 960},  {"c6", 1002}, {"c6", 1004}};
    for (size_t j = 0; j < sizeof orders / sizeof orders[0]; j++) {
        char id[16];
        snprintf(id, sizeof id, "o%zu", j);
        cr_assert_eq(co_store_add_order(s, id, orders[j].customer, orders[j].day, 10.0), CO_OK,
                     "%s", co_errmsg());
    }
    return s;
}

typedef struct backtest_case {
    co_store *store;
    co_summary *summary;
    co_atrisk_row rows[3];
    size_t count;
    size_t order_customer[16];
    co_day order_day[16];
    size_t n_orders;
} backtest_case;

/* Summarise at D, rank, and read the orders up to the window's end. */
static void setup_case(backtest_case *c)
{
    memset(c, 0, sizeof *c);
    c->store = hand_store();
    cr_assert_eq(co_store_summary(c->store, D, CO_UNIT_DAYS, &c->summary), CO_OK);
    cr_assert_eq(c->summary->n, 6);
    static const double p_alive[6] = {0.9, 0.2, 0.8, 0.1, 0.7, 0.4};
    static const double value[6] = {100, 100, 100, 100, 100, 100};
    cr_assert_eq(co_atrisk_rank(p_alive, value, 6, NULL, 3, c->rows, &c->count), CO_OK);
    cr_assert_eq(co_store_orders_as_of(c->store, D + WINDOW, c->order_customer, c->order_day, NULL,
                                       &c->n_orders),
                 CO_OK);
}

static void teardown_case(backtest_case *c)
{
    co_summary_free(c->summary);
    co_store_free(c->store);
}

static int run(const backtest_case *c, co_atrisk_backtest_result *r)
{
    return co_atrisk_backtest(c->summary->customer, c->summary->n, c->rows, c->count,
                              c->order_customer, c->order_day, c->n_orders, D, WINDOW, r);
}

Test(atrisk_backtest, counts_the_hand_computed_store)
{
    backtest_case c;
    setup_case(&c);
    co_atrisk_backtest_result r = {.size = sizeof r};
    cr_assert_eq(run(&c, &r), CO_OK, "%s", co_errmsg());
    cr_assert_eq(r.ranked, 6);
    cr_assert_eq(r.ranked_bought, 3);
    cr_assert_eq(r.listed, 3);
    cr_assert_eq(r.listed_bought, 1);
    cr_assert_float_eq(r.base_rate, 0.5, 1e-15);
    cr_assert_float_eq(r.listed_rate, 1.0 / 3.0, 1e-15);
    cr_assert_float_eq(r.lift, 2.0 / 3.0, 1e-15);

    /* Every order of the store gives the same answer: later ones fall outside. */
    size_t n_all = co_store_count(c.store, CO_RECORD_ORDERS);
    cr_assert_eq(co_store_order_arrays(c.store, c.order_customer, c.order_day, NULL, NULL), CO_OK);
    c.n_orders = n_all;
    co_atrisk_backtest_result all = {.size = sizeof all};
    cr_assert_eq(run(&c, &all), CO_OK);
    cr_assert_eq(memcmp(&all, &r, sizeof r), 0);
    teardown_case(&c);
}

Test(atrisk_backtest, nobody_bought_gives_a_nan_lift_and_an_older_result_is_cut)
{
    backtest_case c;
    setup_case(&c);
    c.n_orders = 0; /* no order at all in the window */
    co_atrisk_backtest_result r = {.size = sizeof r};
    cr_assert_eq(run(&c, &r), CO_OK);
    cr_assert_eq(r.ranked_bought, 0);
    cr_assert_eq(r.base_rate, 0.0);
    cr_assert(isnan(r.lift));

    /* A caller that knows only the counts gets those and nothing past them. */
    co_atrisk_backtest_result older;
    memset(&older, 0xAB, sizeof older);
    older.size = offsetof(co_atrisk_backtest_result, base_rate);
    cr_assert_eq(run(&c, &older), CO_OK);
    cr_assert_eq(older.listed, 3);
    unsigned char fill[sizeof older.base_rate];
    memset(fill, 0xAB, sizeof fill);
    cr_assert_eq(memcmp(&older.base_rate, fill, sizeof fill), 0);
    teardown_case(&c);
}

Test(atrisk_backtest, bad_input_fails_and_leaves_out_untouched)
{
    backtest_case c;
    setup_case(&c);
    co_atrisk_backtest_result r, before;
    memset(&r, 0x5A, sizeof r);
    r.size = sizeof r;
    before = r;
    const size_t *cust = c.summary->customer;
    size_t n = c.summary->n;
    cr_assert_eq(co_atrisk_backtest(NULL, n, c.rows, 3, c.order_customer, c.order_day, c.n_orders,
                                    D, WINDOW, &r),
                 CO_EINVAL);
    cr_assert_eq(co_atrisk_backtest(cust, n, c.rows, 3, NULL, c.order_day, c.n_orders, D, WINDOW,
                                    &r),
                 CO_EINVAL);
    cr_assert_eq(co_atrisk_backtest(cust, 0, c.rows, 3, c.order_customer, c.order_day, c.n_orders,
                                    D, WINDOW, &r),
                 CO_EINVAL);
    cr_assert_eq(co_atrisk_backtest(cust, n, c.rows, 0, c.order_customer, c.order_day, c.n_orders,
                                    D, WINDOW, &r),
                 CO_EINVAL);
    cr_assert_eq(co_atrisk_backtest(cust, n, c.rows, 3, c.order_customer, c.order_day, c.n_orders,
                                    D, 0, &r),
                 CO_EINVAL);
    cr_assert_eq(co_atrisk_backtest(cust, n, c.rows, 3, c.order_customer, c.order_day, c.n_orders,
                                    INT64_MAX - 5, WINDOW, &r),
                 CO_ERANGE);
    /* A row past the ranked customers, the same row twice, a customer twice. */
    co_atrisk_row bad[3] = {c.rows[0], c.rows[1], c.rows[2]};
    bad[1].index = n;
    cr_assert_eq(co_atrisk_backtest(cust, n, bad, 3, c.order_customer, c.order_day, c.n_orders, D,
                                    WINDOW, &r),
                 CO_ERANGE);
    cr_assert(strstr(co_errmsg(), "row 1") != NULL, "%s", co_errmsg());
    bad[1] = c.rows[0];
    cr_assert_eq(co_atrisk_backtest(cust, n, bad, 3, c.order_customer, c.order_day, c.n_orders, D,
                                    WINDOW, &r),
                 CO_EINVAL);
    const size_t twice[6] = {0, 1, 2, 3, 1, 6};
    cr_assert_eq(co_atrisk_backtest(twice, n, c.rows, 3, c.order_customer, c.order_day, c.n_orders,
                                    D, WINDOW, &r),
                 CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "customer 1 is ranked twice") != NULL, "%s", co_errmsg());
    const size_t huge[1] = {SIZE_MAX};
    cr_assert_eq(co_atrisk_backtest(huge, 1, c.rows, 1, NULL, NULL, 0, D, WINDOW, &r),
                 CO_ERANGE); /* rows[0].index is 3, past one customer */
    co_atrisk_row first = {0};
    cr_assert_eq(co_atrisk_backtest(huge, 1, &first, 1, NULL, NULL, 0, D, WINDOW, &r),
                 CO_EOVERFLOW);
    r.size = 0;
    before.size = 0;
    cr_assert_eq(run(&c, &r), CO_EINVAL);
    cr_assert_eq(memcmp(&r, &before, sizeof r), 0, "a failed call wrote its result");
    teardown_case(&c);
}

static int op_backtest(void *ctx)
{
    co_atrisk_backtest_result r = {.size = sizeof r};
    return run(ctx, &r);
}

Test(atrisk_backtest, allocation_failure_is_enomem_and_leaks_nothing)
{
    backtest_case c;
    setup_case(&c);
    long injected = co_test_alloc_sweep(op_backtest, NULL, &c);
    cr_assert_eq(injected, 1, "one table of customer marks");
    teardown_case(&c);
}
