/* lib/models/atrisk: ranking by expected value at risk, with the tie rule. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

/* Value at risk by hand: (1 - p) * value =
 *   0: 0.1 * 100 = 10     1: 0.8 * 50 = 40     2: 0.5 * 80 = 40    3: 0.5 * 80 = 40
 *   4: 0 * 1000 = 0       5: 1 * 40 = 40       6: 0.25 * 160 = 40
 * Five customers tie at 40. With signals (contacts, days since detractor):
 *   1: (1, 30)  2: (0, 10)  3: (2, none)  5: (0, 5)  6: (1, 7)
 * the rule orders them 3 (most contacts), 6 and 1 (one contact; 7 days is more
 * recent than 30), 5 and 2 (no contacts; 5 days before 10); then 0, then 4. */
static const double p_alive[7] = {0.9, 0.2, 0.5, 0.5, 1.0, 0.0, 0.75};
static const double value[7] = {100, 50, 80, 80, 1000, 40, 160};
static const int64_t days[7] = {-1, 30, 10, -1, 3, 5, 7};
static const uint64_t contacts[7] = {0, 1, 0, 2, 5, 0, 1};

Test(atrisk, ranks_by_value_at_risk_with_signal_ties)
{
    co_atrisk_signals sig = {sizeof sig, days, contacts};
    co_atrisk_row rows[7];
    size_t count = 0;
    cr_assert_eq(co_atrisk_rank(p_alive, value, 7, &sig, 7, rows, &count), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(count, 7);
    const size_t want[7] = {3, 6, 1, 5, 2, 0, 4};
    for (size_t i = 0; i < 7; i++)
        cr_assert_eq(rows[i].index, want[i], "rank %zu: got %zu", i, rows[i].index);
    cr_assert_float_eq(rows[0].value_at_risk, 40.0, 1e-12);
    cr_assert_float_eq(rows[0].p_churned, 0.5, 1e-15);
    cr_assert_eq(rows[0].value, 80.0);
    cr_assert_eq(rows[0].open_contacts, 2);
    cr_assert_eq(rows[0].days_since_detractor, CO_ATRISK_NO_DETRACTOR);
    cr_assert_eq(rows[1].days_since_detractor, 7);
    cr_assert_float_eq(rows[5].value_at_risk, 10.0, 1e-12);
    cr_assert_eq(rows[6].value_at_risk, 0.0);
}

Test(atrisk, without_signals_ties_go_by_index_and_top_n_truncates)
{
    co_atrisk_row rows[3];
    size_t count = 0;
    cr_assert_eq(co_atrisk_rank(p_alive, value, 7, NULL, 3, rows, &count), CO_OK);
    cr_assert_eq(count, 3);
    cr_assert(rows[0].index == 1 && rows[1].index == 2 && rows[2].index == 3);
    cr_assert_eq(rows[0].open_contacts, 0);
    cr_assert_eq(rows[0].days_since_detractor, CO_ATRISK_NO_DETRACTOR);
    /* Only one signal array given. */
    co_atrisk_signals only_days = {sizeof only_days, days, NULL};
    cr_assert_eq(co_atrisk_rank(p_alive, value, 7, &only_days, 3, rows, &count), CO_OK);
    cr_assert(rows[0].index == 5 && rows[1].index == 6 && rows[2].index == 2);
    /* top_n larger than n returns n rows. */
    co_atrisk_row many[10];
    cr_assert_eq(co_atrisk_rank(p_alive, value, 2, NULL, 10, many, &count), CO_OK);
    cr_assert_eq(count, 2);
    cr_assert(many[0].index == 1 && many[1].index == 0);
}

static int by_rank(const void *a, const void *b)
{
    const co_atrisk_row *x = a, *y = b;
    if (x->value_at_risk != y->value_at_risk)
        return x->value_at_risk > y->value_at_risk ? -1 : 1;
    return x->index < y->index ? -1 : 1;
}

Test(atrisk, heap_selection_agrees_with_a_full_sort)
{
    /* 5000 customers with many ties (values on a coarse grid): the top 50 must
     * equal the first 50 of a full qsort by (value at risk desc, index asc). */
    enum { N = 5000, TOP = 50 };
    static double p[N], v[N];
    static co_atrisk_row all[N];
    srand(7);
    for (size_t i = 0; i < N; i++) {
        p[i] = (double)(rand() % 5) / 4.0;
        v[i] = (double)(rand() % 20) * 10.0;
        all[i] = (co_atrisk_row){i, (1.0 - p[i]) * v[i], 1.0 - p[i], v[i], -1, 0, {0, 0}};
    }
    qsort(all, N, sizeof *all, by_rank);
    co_atrisk_row top[TOP];
    size_t count;
    cr_assert_eq(co_atrisk_rank(p, v, N, NULL, TOP, top, &count), CO_OK);
    cr_assert_eq(count, TOP);
    for (size_t i = 0; i < TOP; i++)
        cr_assert_eq(top[i].index, all[i].index, "rank %zu", i);
}

Test(atrisk, bad_input_names_the_index_and_leaves_out_untouched)
{
    co_atrisk_row rows[2] = {{.index = 99}, {.index = 99}};
    size_t count = 77;
    double p[3] = {0.5, 1.5, 0.2}, v[3] = {1, 2, 3};
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 2, rows, &count), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "p_alive 1.5 at index 1 is not in [0, 1]");
    p[1] = NAN;
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 2, rows, &count), CO_EINVAL);
    p[1] = 0.5;
    v[2] = -1;
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 2, rows, &count), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "value -1 at index 2 is not finite and >= 0");
    v[2] = INFINITY;
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 2, rows, &count), CO_EINVAL);
    v[2] = 3;
    cr_assert_eq(co_atrisk_rank(p, v, 0, NULL, 2, rows, &count), CO_EINVAL);
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 0, rows, &count), CO_EINVAL);
    cr_assert_eq(co_atrisk_rank(NULL, v, 3, NULL, 2, rows, &count), CO_EINVAL);
    cr_assert_eq(co_atrisk_rank(p, v, 3, NULL, 2, rows, NULL), CO_EINVAL);
    cr_assert(rows[0].index == 99 && rows[1].index == 99 && count == 77);
}
