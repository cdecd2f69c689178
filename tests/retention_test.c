/* lib/metrics/retention: window-over-window retention and the cohort matrix.
 * Every expected value is counted by hand from the small data sets below. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

/* Windows of 30 days: previous [70, 100), current [100, 130).
 *   c0 first 10,  orders 75, 105       -> in base, retained
 *   c1 first 20,  orders 80            -> in base, churned
 *   c2 first 30,  orders 40, 110       -> reactivated (not active in the previous window)
 *   c3 first 105, order 105            -> new and active
 *   c4 first 72,  orders 72, 99, 129   -> in base, retained
 *   c5 first 90,  no orders            -> nowhere
 *   c6 first 130, order 130            -> after the window (end is exclusive)
 * base 3, retained 2, churned 1, active 4, new 1, reactivated 1. */
static const co_day first[7] = {10, 20, 30, 105, 72, 90, 130};
static const size_t who[11] = {4, 0, 1, 2, 3, 4, 0, 6, 2, 4, 4};
static const co_day when[11] = {129, 75, 80, 40, 105, 72, 105, 130, 110, 99, 99};

Test(retention, counts_and_rates_by_hand)
{
    co_retention r;
    cr_assert_eq(co_retention_rate(first, 7, who, when, 11, 100, 30, &r), CO_OK, "%s", co_errmsg());
    cr_assert_eq(r.base, 3);
    cr_assert_eq(r.retained, 2);
    cr_assert_eq(r.churned, 1);
    cr_assert_eq(r.active, 4);
    cr_assert_eq(r.new_customers, 1);
    cr_assert_eq(r.reactivated, 1);
    cr_assert_float_eq(r.retention_rate, 2.0 / 3.0, 1e-15);
    cr_assert_float_eq(r.churn_rate, 1.0 / 3.0, 1e-15);
}

Test(retention, empty_base_gives_nan_rates)
{
    /* Windows [0, 5) and [5, 10): no order falls before day 5. */
    co_retention r;
    cr_assert_eq(co_retention_rate(first, 7, who, when, 11, 5, 5, &r), CO_OK);
    cr_assert_eq(r.base, 0);
    cr_assert(isnan(r.retention_rate) && isnan(r.churn_rate));
    /* No orders at all is valid too. */
    cr_assert_eq(co_retention_rate(first, 7, NULL, NULL, 0, 100, 30, &r), CO_OK);
    cr_assert_eq(r.active, 0);
    cr_assert_eq(r.new_customers, 1);
}

Test(retention, bad_input_is_rejected_and_out_untouched)
{
    co_retention r = {.base = 99};
    const size_t bad_who[2] = {0, 7};
    const co_day days[2] = {50, 50};
    cr_assert_eq(co_retention_rate(first, 7, bad_who, days, 2, 100, 30, &r), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "order 1 names customer 7 of 7");
    const size_t ok_who[2] = {0, 1};
    const co_day early[2] = {50, 19};
    cr_assert_eq(co_retention_rate(first, 7, ok_who, early, 2, 100, 30, &r), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "order 1 is dated before its customer's first day");
    cr_assert_eq(co_retention_rate(first, 7, who, when, 11, 100, 0, &r), CO_EINVAL);
    cr_assert_eq(co_retention_rate(first, 0, who, when, 0, 100, 30, &r), CO_EINVAL);
    cr_assert_eq(co_retention_rate(first, 7, NULL, when, 11, 100, 30, &r), CO_EINVAL);
    cr_assert_eq(co_retention_rate(first, 7, who, when, 11, INT64_MAX - 3, 30, &r), CO_EINVAL);
    cr_assert_eq(r.base, 99);
}

static int retention_op(void *ctx)
{
    return co_retention_rate(first, 7, who, when, 11, 100, 30, ctx);
}

static void retention_unchanged(void *ctx) { cr_assert_eq(((co_retention *)ctx)->base, 42); }

Test(retention, allocation_failures)
{
    co_retention r = {.base = 42};
    cr_assert_geq(co_test_alloc_sweep(retention_op, retention_unchanged, &r), 1);
    cr_assert_eq(r.base, 3);
}

/* Cohort data (as_of 2024-04-30):
 *   A starts 2024-01-15, orders 01-15, 01-20, 02-03, 04-30
 *   B starts 2024-01-31, orders 01-31, 03-01
 *   C starts 2024-02-29, orders 02-29, 03-15, 03-16
 *   D starts 2024-04-10, orders 04-10, 05-02 (after as_of: left out)
 *   E starts 2024-05-01 (after as_of: left out)
 * Rows Jan, Feb, Mar, Apr 2024; sizes 2, 1, 0, 1.
 *   Jan: month 0 A,B -> 2; 1 (Feb) A -> 1; 2 (Mar) B -> 1; 3 (Apr) A -> 1
 *   Feb: month 0 C -> 1; 1 (Mar) C once -> 1; 2 (Apr) none -> 0; 3 not yet observed
 *   Mar: empty cohort
 *   Apr: month 0 D -> 1 */
typedef struct cohort_data {
    co_day first[5];
    size_t who[12];
    co_day when[12];
    co_day as_of;
} cohort_data;

static void day(const char *iso, co_day *out) { cr_assert_eq(co_date_parse(iso, 10, out), CO_OK); }

static void cohort_fixture(cohort_data *c)
{
    static const char *starts[5] = {"2024-01-15", "2024-01-31", "2024-02-29", "2024-04-10",
                                    "2024-05-01"};
    static const struct {
        size_t who;
        const char *day;
    } orders[12] = {{3, "2024-05-02"}, {0, "2024-04-30"}, {2, "2024-03-16"}, {0, "2024-01-15"},
                    {1, "2024-03-01"}, {2, "2024-02-29"}, {0, "2024-02-03"}, {3, "2024-04-10"},
                    {1, "2024-01-31"}, {2, "2024-03-15"}, {0, "2024-01-20"}, {4, "2024-05-01"}};
    for (int i = 0; i < 5; i++)
        day(starts[i], &c->first[i]);
    for (int k = 0; k < 12; k++) {
        c->who[k] = orders[k].who;
        day(orders[k].day, &c->when[k]);
    }
    day("2024-04-30", &c->as_of);
}

Test(cohorts, matrix_by_hand)
{
    cohort_data c;
    cohort_fixture(&c);
    co_cohorts *m = NULL;
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, c.as_of, &m), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(co_cohorts_count(m), 4);
    co_day months[4], jan;
    day("2024-01-01", &jan);
    co_cohorts_months(m, months);
    cr_assert_eq(months[0], jan);
    cr_assert_eq(months[1], jan + 31);
    cr_assert_eq(months[2], jan + 31 + 29);
    cr_assert_eq(months[3], jan + 31 + 29 + 31);
    uint64_t sizes[4], active[16];
    co_cohorts_sizes(m, sizes);
    co_cohorts_active(m, active);
    const uint64_t want_sizes[4] = {2, 1, 0, 1};
    const uint64_t want_active[16] = {2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    cr_assert_arr_eq(sizes, want_sizes, sizeof sizes);
    cr_assert_arr_eq(active, want_active, sizeof active);
    double rates[16];
    co_cohorts_rates(m, rates);
    const double want_rates[4][4] = {{1, 0.5, 0.5, 0.5},
                                     {1, 1, 0, NAN},
                                     {NAN, NAN, NAN, NAN},
                                     {1, NAN, NAN, NAN}};
    for (int r = 0; r < 4; r++)
        for (int k = 0; k < 4; k++) {
            double got = rates[r * 4 + k], want = want_rates[r][k];
            cr_assert(isnan(want) ? isnan(got) : got == want, "cell %d,%d: %g", r, k, got);
        }
    co_cohorts_free(m);
    co_cohorts_free(NULL);
}

Test(cohorts, errors)
{
    cohort_data c;
    cohort_fixture(&c);
    co_cohorts *m = (co_cohorts *)(uintptr_t)1;
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, c.first[0] - 1, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "no customer starts on or before the as-of day");
    c.when[4] = c.first[1] - 1;
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, c.as_of, &m), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "order 4 is dated before its customer's first day");
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, c.as_of, NULL), CO_EINVAL);
    cr_assert_eq(m, (co_cohorts *)(uintptr_t)1);
    cr_assert_eq(co_cohorts_count(NULL), 0);
    cr_assert_eq(co_cohorts_sizes(NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_cohorts_active(NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_cohorts_rates(NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_cohorts_months(NULL, NULL), CO_EINVAL);
}

/* Found by the store_analytics fuzz target: an as-of day of INT64_MAX overflowed the
 * month arithmetic, and one just past 9999-12-31 (day 2932896) built a row for a month
 * of year 10000. Every day must have an ISO date. */
Test(cohorts, days_without_a_date_are_out_of_range)
{
    cohort_data c;
    cohort_fixture(&c);
    co_cohorts *m = (co_cohorts *)(uintptr_t)1;
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, INT64_MAX, &m), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "as-of day (day 9223372036854775807) is outside years 0001-9999");
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, 2932897, &m), CO_ERANGE);
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, INT64_MIN, &m), CO_ERANGE);
    c.first[3] = INT64_MIN; /* still before each of its orders */
    cr_assert_eq(co_cohorts_build(c.first, 5, c.who, c.when, 12, c.as_of, &m), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "first day -9223372036854775808 of customer 3 is outside "
                                  "years 0001-9999");
    cr_assert_eq(m, (co_cohorts *)(uintptr_t)1);
    /* 9999-12-31 itself is a date. */
    cohort_fixture(&c);
    cr_assert_neq(co_cohorts_build(c.first, 5, c.who, c.when, 12, 2932896, &m), CO_OK);
    cr_assert(strstr(co_errmsg(), "to 9999-12 span") != NULL, "%s", co_errmsg());
}

Test(cohorts, span_is_bounded_before_allocating)
{
    /* rows = months from the earliest first day to as_of, inclusive; the matrix is rows^2.
     * 2000-01 .. 2099-12 is 100 * 12 = 1200 months: the limit, built. One month more, 1000
     * years (1000-03 .. 2000-03: 12001, 3.3 GB) or an as-of of 9999-12-31 (2000-01 ..
     * 9999-12: 8000 * 12 = 96000, about 150 GB) is CO_ERANGE, and no
     * allocation is attempted. */
    co_day fd[2], od[2], as_of; /* first days, order days */
    const size_t oc[2] = {0, 1};
    day("2000-01-15", &fd[0]);
    day("2050-06-01", &fd[1]);
    od[0] = fd[0];
    od[1] = fd[1];
    day("2099-12-31", &as_of);
    co_cohorts *m = NULL;
    cr_assert_eq(co_cohorts_build(fd, 2, oc, od, 2, as_of, &m), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_cohorts_count(m), 1200);
    co_cohorts_free(m);
    m = (co_cohorts *)(uintptr_t)1;
    day("2100-01-01", &as_of);
    cr_assert_eq(co_cohorts_build(fd, 2, oc, od, 2, as_of, &m), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "cohorts from 2000-01 to 2100-01 span 1201 months; at most 1200 "
                                  "(100 years): choose a later earliest customer or an earlier "
                                  "as-of day");
    day("9999-12-31", &as_of);
    co_test_alloc_install(-1);
    cr_assert_eq(co_cohorts_build(fd, 2, oc, od, 2, as_of, &m), CO_ERANGE);
    cr_assert_eq(co_test_alloc_calls(), 0);
    co_test_alloc_uninstall();
    cr_assert(strstr(co_errmsg(), "span 96000 months") != NULL, "%s", co_errmsg());
    day("1000-03-01", &fd[0]);
    od[0] = fd[0];
    day("2000-03-01", &as_of);
    cr_assert_eq(co_cohorts_build(fd, 2, oc, od, 2, as_of, &m), CO_ERANGE);
    cr_assert(strstr(co_errmsg(), "span 12001 months") != NULL, "%s", co_errmsg());
    cr_assert_eq(m, (co_cohorts *)(uintptr_t)1);
}

typedef struct cohort_ctx {
    cohort_data data;
    co_cohorts *m;
} cohort_ctx;

static int cohorts_op(void *ctx)
{
    cohort_ctx *c = ctx;
    return co_cohorts_build(c->data.first, 5, c->data.who, c->data.when, 12, c->data.as_of, &c->m);
}

static void cohorts_unchanged(void *ctx) { cr_assert_null(((cohort_ctx *)ctx)->m); }

Test(cohorts, allocation_failures)
{
    cohort_ctx c = {.m = NULL};
    cohort_fixture(&c.data);
    cr_assert_geq(co_test_alloc_sweep(cohorts_op, cohorts_unchanged, &c), 4);
    cr_assert_eq(co_cohorts_count(c.m), 4);
    co_cohorts_free(c.m);
}
