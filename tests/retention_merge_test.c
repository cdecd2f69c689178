/* Retention counts and cohort matrices of customers split at random into parts, merged
 * in random order and grouping, equal those of all customers at once (the independent
 * computation: the one-pass functions, whose values tests/retention_test.c checks by
 * hand). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "partial_check.h"

#define MAX_CUSTOMERS 120
#define MAX_ORDERS 600
#define BASE_DAY 19000 /* 2022-01-08 */

typedef struct data {
    co_day first[MAX_CUSTOMERS];
    size_t order_customer[MAX_ORDERS];
    co_day order_day[MAX_ORDERS];
    size_t n_customers, n_orders;
} data;

static void make_data(data *d, uint64_t *rng)
{
    d->n_customers = 1 + test_below(rng, MAX_CUSTOMERS);
    for (size_t c = 0; c < d->n_customers; c++)
        d->first[c] = BASE_DAY + (co_day)test_below(rng, 700);
    d->n_orders = test_below(rng, MAX_ORDERS);
    for (size_t k = 0; k < d->n_orders; k++) {
        size_t c = test_below(rng, d->n_customers);
        d->order_customer[k] = c;
        d->order_day[k] = d->first[c] + (co_day)test_below(rng, 400);
    }
}

/* The customers whose part is p, with their orders re-indexed. */
static void take_part(const data *all, const size_t *part_of, size_t p, data *out)
{
    size_t index[MAX_CUSTOMERS];
    out->n_customers = out->n_orders = 0;
    for (size_t c = 0; c < all->n_customers; c++)
        if (part_of[c] == p) {
            index[c] = out->n_customers;
            out->first[out->n_customers++] = all->first[c];
        }
    for (size_t k = 0; k < all->n_orders; k++)
        if (part_of[all->order_customer[k]] == p) {
            out->order_customer[out->n_orders] = index[all->order_customer[k]];
            out->order_day[out->n_orders++] = all->order_day[k];
        }
}

static int merge_retention(void *acc, const void *other) { return co_retention_merge(acc, other); }

/* Cohort matrices merge into a new one: the slot keeps a pointer. */
static int merge_cohorts(void *acc, const void *other)
{
    co_cohorts **slot = acc, *merged = NULL;
    int rc = co_cohorts_merge(*slot, *(co_cohorts *const *)other, &merged);
    if (rc == CO_OK) {
        co_cohorts_free(*slot);
        *slot = merged;
    }
    return rc;
}

static void free_retention(void *r) { free(r); }
static void free_cohorts(void *slot)
{
    co_cohorts_free(*(co_cohorts **)slot);
    free(slot);
}

static void assert_same_cohorts(const co_cohorts *a, const co_cohorts *b)
{
    size_t rows = co_cohorts_count(a);
    cr_assert_eq(co_cohorts_count(b), rows);
    cr_assert_eq(co_cohorts_as_of(a), co_cohorts_as_of(b));
    uint64_t *x = calloc(rows * rows + rows, sizeof *x), *y = calloc(rows * rows + rows, sizeof *y);
    co_day ma[1200], mb[1200];
    cr_assert_eq(co_cohorts_months(a, ma), CO_OK);
    cr_assert_eq(co_cohorts_months(b, mb), CO_OK);
    cr_assert_eq(memcmp(ma, mb, rows * sizeof *ma), 0);
    cr_assert_eq(co_cohorts_sizes(a, x), CO_OK);
    cr_assert_eq(co_cohorts_sizes(b, y), CO_OK);
    cr_assert_eq(co_cohorts_active(a, x + rows), CO_OK);
    cr_assert_eq(co_cohorts_active(b, y + rows), CO_OK);
    cr_assert_eq(memcmp(x, y, (rows * rows + rows) * sizeof *x), 0);
    free(x);
    free(y);
}

static co_retention *retention_through_bytes(co_retention *r, co_day start, int64_t period)
{
    void *bytes = NULL;
    size_t len = 0;
    co_day s = 0;
    int64_t p = 0;
    cr_assert_eq(co_retention_serialize(r, start, period, &bytes, &len), CO_OK);
    cr_assert_eq(co_retention_deserialize(bytes, len, r, &s, &p), CO_OK, "%s", co_errmsg());
    cr_assert(s == start && p == period);
    co_partial_free(bytes);
    return r;
}

static co_cohorts *cohorts_through_bytes(co_cohorts *m)
{
    void *bytes = NULL;
    size_t len = 0;
    co_cohorts *back = NULL;
    cr_assert_eq(co_cohorts_serialize(m, &bytes, &len), CO_OK);
    cr_assert_eq(co_cohorts_deserialize(bytes, len, &back), CO_OK, "%s", co_errmsg());
    co_partial_free(bytes);
    co_cohorts_free(m);
    return back;
}

Test(retention_merge, random_customer_splits_give_the_one_pass_tables)
{
    uint64_t rng = 4;
    static data all, part;
    size_t part_of[MAX_CUSTOMERS];
    for (int trial = 0; trial < PARTIAL_TRIALS; trial++) {
        make_data(&all, &rng);
        co_day start = BASE_DAY + 300, as_of = BASE_DAY + 650 + (co_day)test_below(&rng, 100);
        int64_t period = 30 + (int64_t)test_below(&rng, 90);
        co_retention want;
        co_cohorts *want_m = NULL;
        cr_assert_eq(co_retention_rate(all.first, all.n_customers, all.order_customer,
                                       all.order_day, all.n_orders, start, period, &want),
                     CO_OK);
        cr_assert_eq(co_cohorts_build(all.first, all.n_customers, all.order_customer, all.order_day,
                                      all.n_orders, as_of, &want_m),
                     CO_OK, "%s", co_errmsg());

        /* every part gets at least one customer */
        size_t k = 1 + test_below(&rng, all.n_customers < 6 ? all.n_customers : 6);
        for (size_t c = 0; c < all.n_customers; c++)
            part_of[c] = c < k ? c : test_below(&rng, k);
        void *rets[6], *mats[6];
        for (size_t p = 0; p < k; p++) {
            take_part(&all, part_of, p, &part);
            co_retention *r = malloc(sizeof *r);
            co_cohorts **slot = malloc(sizeof *slot);
            cr_assert_eq(co_retention_rate(part.first, part.n_customers, part.order_customer,
                                           part.order_day, part.n_orders, start, period, r),
                         CO_OK);
            cr_assert_eq(co_cohorts_build(part.first, part.n_customers, part.order_customer,
                                          part.order_day, part.n_orders, as_of, slot),
                         CO_OK);
            if (test_below(&rng, 2)) {
                retention_through_bytes(r, start, period);
                *slot = cohorts_through_bytes(*slot);
            }
            rets[p] = r;
            mats[p] = slot;
        }
        uint64_t rng2 = rng;
        co_retention *got = partial_merge_randomly(rets, k, &rng, merge_retention, free_retention);
        co_cohorts **got_m = partial_merge_randomly(mats, k, &rng2, merge_cohorts, free_cohorts);
        cr_assert(got->base == want.base && got->retained == want.retained &&
                  got->churned == want.churned && got->active == want.active &&
                  got->new_customers == want.new_customers && got->reactivated == want.reactivated);
        cr_assert((isnan(got->retention_rate) && isnan(want.retention_rate)) ||
                  got->retention_rate == want.retention_rate);
        assert_same_cohorts(want_m, *got_m);
        free(got);
        free_cohorts(got_m);
        co_cohorts_free(want_m);
    }
}

Test(retention_merge, hand_example)
{
    /* Part one: base 4, retained 3; part two: base 2, retained 0, 1 reactivated.
     * Together: base 6, retained 3, churned 3, retention 0.5. */
    co_retention a = {4, 3, 1, 5, 1, 1, 0.75, 0.25}, b = {2, 0, 2, 1, 0, 1, 0.0, 1.0};
    cr_assert_eq(co_retention_merge(&a, &b), CO_OK);
    cr_assert_eq(a.base, 6);
    cr_assert_eq(a.retained, 3);
    cr_assert_eq(a.churned, 3);
    cr_assert_eq(a.active, 6);
    cr_assert_eq(a.reactivated, 2);
    cr_assert_eq(a.retention_rate, 0.5);
    cr_assert_eq(a.churn_rate, 0.5);
    co_retention big = {UINT64_MAX, 0, UINT64_MAX, 0, 0, 0, 0, 1}, keep = a;
    cr_assert_eq(co_retention_merge(&a, &big), CO_EOVERFLOW);
    cr_assert_eq(memcmp(&a, &keep, sizeof a), 0);
}

static int decode_retention(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_retention r;
    co_day s = 7;
    int64_t p = 7;
    int rc = co_retention_deserialize(bytes, len, &r, &s, &p);
    if (rc != CO_OK)
        cr_assert(s == 7 && p == 7);
    return rc;
}

static int decode_cohorts(const void *bytes, size_t len, void *ctx)
{
    (void)ctx;
    co_cohorts *m = NULL;
    int rc = co_cohorts_deserialize(bytes, len, &m);
    cr_assert_eq(m == NULL, rc != CO_OK);
    co_cohorts_free(m);
    return rc;
}

Test(retention_merge, damaged_bytes_are_refused)
{
    co_retention r = {4, 3, 1, 5, 1, 1, 0.75, 0.25};
    void *bytes = NULL;
    size_t len = 0;
    cr_assert_eq(co_retention_serialize(&r, 19000, 30, &bytes, &len), CO_OK);
    check_damage_refused(bytes, len, decode_retention, NULL);
    unsigned char *p = bytes;
    p[16 + 16 + 8] = 5; /* retained 5 of a base of 4 */
    test_reseal(p, len);
    cr_assert_eq(decode_retention(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(), "partial state damaged: retention counts that do not add up");
    co_partial_free(bytes);

    /* two customers starting 2022-01-08 and 2022-02-03, orders in February, as of
     * 2022-02-28: a 2 x 2 matrix */
    co_day first[] = {19000, 19026}, day[] = {19030, 19035};
    size_t cust[] = {0, 1};
    co_cohorts *m = NULL;
    cr_assert_eq(co_cohorts_build(first, 2, cust, day, 2, 19051, &m), CO_OK);
    cr_assert_eq(co_cohorts_count(m), 2);
    cr_assert_eq(co_cohorts_serialize(m, &bytes, &len), CO_OK);
    /* as_of, first month, rows, 2 sizes, 3 cells of the triangle */
    cr_assert_eq(len, CO_PARTIAL_FRAME_BYTES + 8 * 8);
    check_damage_refused(bytes, len, decode_cohorts, NULL);
    p = bytes;
    p[16 + 24 + 16] = 2; /* 2 active in January's cohort of 1 */
    test_reseal(p, len);
    cr_assert_eq(decode_cohorts(p, len, NULL), CO_ECORRUPT);
    cr_assert_str_eq(co_errmsg(),
                     "partial state damaged: more customers active than in their cohort");
    co_partial_free(bytes);

    co_cohorts *other = NULL, *merged = NULL;
    cr_assert_eq(co_cohorts_build(first, 2, cust, day, 2, 19052, &other), CO_OK);
    cr_assert_eq(co_cohorts_merge(m, other, &merged), CO_EINVAL);
    cr_assert_null(merged);
    co_cohorts_free(other);
    co_cohorts_free(m);
}
