/* lib/store as of a day: the day range, feedback answers and texts, orders,
 * and per customer the start day, open contacts and last detractor response.
 *
 * Expected values are worked out by hand from the four files of tests/data/store:
 *   customers  c1 2023-12-20, c2 2024-02-01, c3 2024-03-01, c4 2024-03-30,
 *              c5 2023-11-11 (store indices 0-4)
 *   orders     2024-01-01 .. 2024-04-10 (o10 of c1 is the last)
 *   feedback   c1 2024-01-20 nps 9 "Fast delivery, great quality."
 *              c2 2024-02-15 csat 2 "Billing was wrong\ntwice."
 *              c3 2024-03-05 rating 4.5 (no text)
 *              c4 2024-03-31 text "Love it!"
 *              c5 2024-03-03 ces 6 "Easy to use"
 *   contacts   c1 opened 2024-01-16 resolved 2024-01-18
 *              c2 opened 2024-02-11, still open
 *              c5 opened and resolved 2024-03-02
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "date_internal.h"
#include "fail_alloc.h"
#include "store_fixture.h"

static co_day day(const char *iso)
{
    co_day d;
    cr_assert_eq(co_date_parse(iso, strlen(iso), &d), CO_OK);
    return d;
}

/* The fixture plus NPS answers around the detractor bound (0-6 detract,
 * 7-8 are passive) and a second open contact of c2. */
static co_store *fixture_with_detractors(void)
{
    co_store *s = fixture_store();
    cr_assert_eq(co_store_add_feedback(s, "c2", day("2024-02-20"), CO_CHANNEL_SURVEY,
                                       CO_FEEDBACK_NPS, 3, NULL),
                 CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "c2", day("2024-03-10"), CO_CHANNEL_SURVEY,
                                       CO_FEEDBACK_NPS, 6, "meh"),
                 CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "c2", day("2024-03-20"), CO_CHANNEL_SURVEY,
                                       CO_FEEDBACK_NPS, 7, NULL),
                 CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "c3", day("2024-04-05"), CO_CHANNEL_SURVEY,
                                       CO_FEEDBACK_NPS, 0, NULL),
                 CO_OK);
    cr_assert_eq(co_store_add_contact(s, "c2", day("2024-03-05"), CO_DAY_NONE, CO_PRIORITY_HIGH,
                                      "billing"),
                 CO_OK);
    return s;
}

/* ---- Day range ---- */

Test(day_range, spans_each_kind_and_all_of_them)
{
    co_store *s = fixture_store();
    static const struct {
        int kind;
        const char *first, *last;
    } want[] = {
        {CO_RECORD_CUSTOMERS, "2023-11-11", "2024-03-30"}, /* c5's and c4's signups */
        {CO_RECORD_ORDERS, "2024-01-01", "2024-04-10"},    /* o1/o2 and o10 */
        {CO_RECORD_FEEDBACK, "2024-01-20", "2024-03-31"},  /* c1's and c4's */
        {CO_RECORD_CONTACTS, "2024-01-16", "2024-03-02"},  /* resolution days count too */
        {CO_RECORD_ALL, "2023-11-11", "2024-04-10"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        co_day first = 0, last = 0;
        cr_assert_eq(co_store_day_range(s, want[i].kind, &first, &last), CO_OK);
        cr_assert_eq(first, day(want[i].first), "kind %d", want[i].kind);
        cr_assert_eq(last, day(want[i].last), "kind %d", want[i].kind);
    }
    co_store_free(s);
}

Test(day_range, a_late_resolution_is_the_last_contact_day)
{
    co_store *s = fixture_store();
    cr_assert_eq(co_store_add_contact(s, "c3", day("2024-03-10"), day("2024-05-01"),
                                      CO_PRIORITY_LOW, NULL),
                 CO_OK);
    co_day first, last;
    cr_assert_eq(co_store_day_range(s, CO_RECORD_CONTACTS, &first, &last), CO_OK);
    cr_assert_eq(last, day("2024-05-01"));
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ALL, &first, &last), CO_OK);
    cr_assert_eq(last, day("2024-05-01"));
    co_store_free(s);
}

Test(day_range, errors_leave_the_outputs_alone)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_day first = 7, last = 8;
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ALL, &first, &last), CO_ENOTFOUND);
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ORDERS, &first, &last), CO_ENOTFOUND);
    cr_assert_eq(co_store_day_range(s, 4, &first, &last), CO_EINVAL);
    cr_assert_eq(co_store_day_range(s, -2, &first, &last), CO_EINVAL);
    cr_assert_eq(co_store_day_range(NULL, CO_RECORD_ALL, &first, &last), CO_EINVAL);
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ALL, NULL, &last), CO_EINVAL);
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ALL, &first, NULL), CO_EINVAL);
    cr_assert_eq(first, 7);
    cr_assert_eq(last, 8);
    co_store_free(s);
}

/* ---- Feedback answers ---- */

Test(feedback_answers, nps_scores_and_days_up_to_the_as_of_day)
{
    co_store *s = fixture_with_detractors();
    co_feedback_answers *a = NULL;
    /* NPS as of 2024-03-15: c1 9 (01-20), c2 3 (02-20), c2 6 (03-10); c2's 7 of
     * 03-20 and c3's 0 of 04-05 come later. */
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, day("2024-03-15"), &a), CO_OK);
    cr_assert_eq(a->n, 3);
    const int score[3] = {9, 3, 6};
    const size_t customer[3] = {0, 1, 1};
    const char *days[3] = {"2024-01-20", "2024-02-20", "2024-03-10"};
    const char *text[3] = {"Fast delivery, great quality.", "", "meh"};
    cr_assert_not_null(a->score);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(a->score[i], score[i]);
        cr_assert_eq(a->value[i], (double)score[i]);
        cr_assert_eq(a->customer[i], customer[i]);
        cr_assert_eq(a->day[i], day(days[i]));
        cr_assert_eq(a->kind[i], CO_FEEDBACK_NPS);
        cr_assert_str_eq(a->text[i], text[i]);
    }
    co_feedback_answers_free(a);
    /* The as-of day counts itself: 2024-01-20 has c1's answer, the day before none. */
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, day("2024-01-20"), &a), CO_OK);
    cr_assert_eq(a->n, 1);
    co_feedback_answers_free(a);
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, day("2024-01-19"), &a), CO_OK);
    cr_assert_eq(a->n, 0);
    cr_assert_not_null(a->score);
    co_feedback_answers_free(a);
    co_store_free(s);
}

Test(feedback_answers, each_kind_on_its_own_scale)
{
    co_store *s = fixture_store();
    co_day as_of = day("2024-03-31");
    co_feedback_answers *a = NULL;
    /* CSAT: c2's 2. CES: c5's 6. Both whole numbers. */
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_CSAT, as_of, &a), CO_OK);
    cr_assert_eq(a->n, 1);
    cr_assert_eq(a->score[0], 2);
    cr_assert_eq(a->customer[0], 1);
    co_feedback_answers_free(a);
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_CES, as_of, &a), CO_OK);
    cr_assert_eq(a->n, 1);
    cr_assert_eq(a->score[0], 6);
    cr_assert_eq(a->customer[0], 4);
    co_feedback_answers_free(a);
    /* A rating keeps its fraction and has no whole-number scores. */
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_RATING, as_of, &a), CO_OK);
    cr_assert_eq(a->n, 1);
    cr_assert_eq(a->value[0], 4.5);
    cr_assert_null(a->score);
    co_feedback_answers_free(a);
    /* Text feedback has no score in the store. */
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_TEXT, as_of, &a), CO_OK);
    cr_assert_eq(a->n, 1);
    cr_assert(isnan(a->value[0]));
    cr_assert_str_eq(a->text[0], "Love it!");
    cr_assert_null(a->score);
    co_feedback_answers_free(a);
    co_feedback_answers_free(NULL);
    co_store_free(s);
}

Test(feedback_texts, every_kind_with_a_text_in_insertion_order)
{
    co_store *s = fixture_store();
    co_feedback_answers *a = NULL;
    /* As of 2024-03-31 all but c3's rating (no text): c1, c2, c4, c5. */
    cr_assert_eq(co_store_feedback_texts(s, day("2024-03-31"), &a), CO_OK);
    cr_assert_eq(a->n, 4);
    const size_t customer[4] = {0, 1, 3, 4};
    const int kind[4] = {CO_FEEDBACK_NPS, CO_FEEDBACK_CSAT, CO_FEEDBACK_TEXT, CO_FEEDBACK_CES};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(a->customer[i], customer[i]);
        cr_assert_eq(a->kind[i], kind[i]);
    }
    cr_assert_str_eq(a->text[1], "Billing was wrong\ntwice.");
    cr_assert_str_eq(a->text[3], "Easy to use");
    cr_assert_eq(a->value[3], 6);
    cr_assert_null(a->score);
    co_feedback_answers_free(a);
    /* As of 2024-03-04: c4's text (03-31) is still to come; c5's (03-03) is in. */
    cr_assert_eq(co_store_feedback_texts(s, day("2024-03-04"), &a), CO_OK);
    cr_assert_eq(a->n, 3);
    cr_assert_eq(a->customer[2], 4);
    co_feedback_answers_free(a);
    co_store_free(s);
}

Test(feedback_answers, errors_change_nothing)
{
    co_store *s = fixture_store();
    store_mark before = co__store_mark_now(s);
    co_feedback_answers untouched;
    co_feedback_answers *a = &untouched;
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, CO__DAY_LAST + 1, &a), CO_ERANGE);
    cr_assert(strstr(co_errmsg(), "outside years 0001-9999"), "%s", co_errmsg());
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, CO__DAY_FIRST - 1, &a), CO_ERANGE);
    cr_assert_eq(co_store_feedback_answers(s, (co_feedback_kind)5, 0, &a), CO_EINVAL);
    cr_assert_eq(co_store_feedback_answers(s, (co_feedback_kind)-1, 0, &a), CO_EINVAL);
    cr_assert_eq(co_store_feedback_answers(NULL, CO_FEEDBACK_NPS, 0, &a), CO_EINVAL);
    cr_assert_eq(co_store_feedback_answers(s, CO_FEEDBACK_NPS, 0, NULL), CO_EINVAL);
    cr_assert_eq(co_store_feedback_texts(s, CO__DAY_LAST + 1, &a), CO_ERANGE);
    cr_assert_eq(co_store_feedback_texts(NULL, 0, &a), CO_EINVAL);
    cr_assert_eq(co_store_feedback_texts(s, 0, NULL), CO_EINVAL);
    cr_assert_eq(a, &untouched);
    assert_same_mark(s, before);
    /* The first and last days of the range are fine: nothing before, all after. */
    cr_assert_eq(co_store_feedback_texts(s, CO__DAY_FIRST, &a), CO_OK);
    cr_assert_eq(a->n, 0);
    co_feedback_answers_free(a);
    cr_assert_eq(co_store_feedback_texts(s, CO__DAY_LAST, &a), CO_OK);
    cr_assert_eq(a->n, 4);
    co_feedback_answers_free(a);
    co_store_free(s);
}

static int op_answers(void *ctx)
{
    co_feedback_answers *a = NULL;
    int rc = co_store_feedback_answers(ctx, CO_FEEDBACK_NPS, 19813, &a);
    co_feedback_answers_free(a);
    return rc;
}

Test(feedback_answers, survive_allocation_failures)
{
    co_store *s = fixture_store();
    cr_assert_gt(co_test_alloc_sweep(op_answers, NULL, s), 0);
    co_store_free(s);
}

/* ---- Orders ---- */

Test(orders_as_of, keep_insertion_order_up_to_the_day)
{
    co_store *s = fixture_store();
    /* As of 2024-02-01: o1, o2, o4, o6 of c1 and o9 of c5. */
    size_t customer[11], n = 0;
    co_day days[11];
    double amount[11];
    cr_assert_eq(co_store_orders_as_of(s, day("2024-02-01"), customer, days, amount, &n), CO_OK);
    cr_assert_eq(n, 5);
    const size_t want_customer[5] = {0, 0, 0, 0, 4};
    const char *want_day[5] = {"2024-01-01", "2024-01-01", "2024-01-15", "2024-02-01",
                               "2024-01-05"};
    const double want_amount[5] = {10.00, 5.50, 20, 30.25, 1.10};
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(customer[i], want_customer[i]);
        cr_assert_eq(days[i], day(want_day[i]));
        cr_assert_eq(amount[i], want_amount[i]);
    }
    /* Columns not wanted may be NULL; 2024-04-10 takes all eleven. */
    cr_assert_eq(co_store_orders_as_of(s, day("2024-04-10"), NULL, days, NULL, &n), CO_OK);
    cr_assert_eq(n, 11);
    cr_assert_eq(days[9], day("2024-04-10"));
    co_store_free(s);
}

Test(orders_as_of, errors_change_nothing)
{
    co_store *s = fixture_store();
    size_t n = 99;
    co_day days[11] = {0};
    cr_assert_eq(co_store_orders_as_of(s, CO__DAY_LAST + 1, NULL, days, NULL, &n), CO_ERANGE);
    cr_assert_eq(co_store_orders_as_of(NULL, 0, NULL, days, NULL, &n), CO_EINVAL);
    cr_assert_eq(co_store_orders_as_of(s, 0, NULL, days, NULL, NULL), CO_EINVAL);
    cr_assert_eq(n, 99);
    cr_assert_eq(days[0], 0);
    co_store_free(s);
}

/* ---- Summary ---- */

/* As of 2024-03-31: c1 o1, o2, o4, o6; c2 o5; c4 o7, o8; c5 o3, o9, o11. */
Test(summary_as_of, order_counts_as_doubles_for_rfm)
{
    co_store *s = fixture_store();
    co_summary *sm = NULL;
    cr_assert_eq(co_store_summary(s, day("2024-03-31"), CO_UNIT_WEEKS, &sm), CO_OK);
    const double want[4] = {4, 1, 2, 3};
    cr_assert_eq(sm->n, 4);
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(sm->order_count[i], want[i]);
    co_summary_free(sm);
    co_store_free(s);
}

Test(summary_as_of, an_as_of_day_out_of_range_is_refused)
{
    co_store *s = fixture_store();
    co_summary untouched, *sm = &untouched;
    cr_assert_eq(co_store_summary(s, CO__DAY_LAST + 1, CO_UNIT_DAYS, &sm), CO_ERANGE);
    cr_assert_eq(co_store_summary(s, CO__DAY_FIRST - 1, CO_UNIT_DAYS, &sm), CO_ERANGE);
    cr_assert_eq(co_store_summary(s, INT64_MAX, CO_UNIT_WEEKS, &sm), CO_ERANGE);
    cr_assert_eq(sm, &untouched);
    co_store_free(s);
}

/* ---- Per-customer values ---- */

Test(start_days, signup_or_an_earlier_first_order)
{
    co_store *s = fixture_store();
    /* c6 signs up on 2024-03-15 but ordered on 2024-03-10 already. */
    co_customer_input c6 = {.size = sizeof c6, .id = "c6", .signup = day("2024-03-15")};
    cr_assert_eq(co_store_add_customer(s, &c6, NULL), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o12", "c6", day("2024-03-10"), 4), CO_OK);
    co_day start[6];
    /* c1-c5 placed no order before signing up: their signup days. */
    cr_assert_eq(co_store_start_days(s, day("2024-03-31"), NULL, 6, start), CO_OK);
    const char *want[6] = {"2023-12-20", "2024-02-01", "2024-03-01",
                           "2024-03-30", "2023-11-11", "2024-03-10"};
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(start[i], day(want[i]), "customer %zu", i);
    /* As of 2024-03-09 the order of 03-10 is still to come. */
    const size_t c6_only[1] = {5};
    cr_assert_eq(co_store_start_days(s, day("2024-03-09"), c6_only, 1, start), CO_OK);
    cr_assert_eq(start[0], day("2024-03-15"));
    co_store_free(s);
}

Test(open_contacts, opened_by_and_unresolved_on_the_as_of_day)
{
    co_store *s = fixture_with_detractors();
    uint64_t open[5];
    /* 2024-01-17: c1's contact is open (resolved the next day). */
    cr_assert_eq(co_store_open_contacts(s, day("2024-01-17"), NULL, 5, open), CO_OK);
    const uint64_t jan17[5] = {1, 0, 0, 0, 0};
    cr_assert_arr_eq(open, jan17, sizeof open);
    /* 2024-01-18: resolved on the day, so no longer open. */
    cr_assert_eq(co_store_open_contacts(s, day("2024-01-18"), NULL, 5, open), CO_OK);
    const uint64_t jan18[5] = {0, 0, 0, 0, 0};
    cr_assert_arr_eq(open, jan18, sizeof open);
    /* 2024-03-02: c2's first contact; c5's was opened and resolved that day. */
    cr_assert_eq(co_store_open_contacts(s, day("2024-03-02"), NULL, 5, open), CO_OK);
    const uint64_t mar02[5] = {0, 1, 0, 0, 0};
    cr_assert_arr_eq(open, mar02, sizeof open);
    /* 2024-03-31: both of c2's contacts (the second opened 03-05). */
    cr_assert_eq(co_store_open_contacts(s, day("2024-03-31"), NULL, 5, open), CO_OK);
    const uint64_t mar31[5] = {0, 2, 0, 0, 0};
    cr_assert_arr_eq(open, mar31, sizeof open);
    /* The first customers only. */
    uint64_t two[2];
    cr_assert_eq(co_store_open_contacts(s, day("2024-03-31"), NULL, 2, two), CO_OK);
    cr_assert_eq(two[0], 0);
    cr_assert_eq(two[1], 2);
    co_store_free(s);
}

Test(last_detractor, the_latest_nps_answer_of_at_most_six)
{
    co_store *s = fixture_with_detractors();
    co_day last[5];
    /* 2024-03-31: c1 answered 9 (a promoter); c2's last 0-6 answer is the 6 of
     * 03-10 (the 7 of 03-20 is passive); c3's 0 comes on 04-05. */
    cr_assert_eq(co_store_last_detractor(s, day("2024-03-31"), NULL, 5, last), CO_OK);
    cr_assert_eq(last[0], CO_DAY_NONE);
    cr_assert_eq(last[1], day("2024-03-10"));
    cr_assert_eq(last[2], CO_DAY_NONE);
    cr_assert_eq(last[3], CO_DAY_NONE);
    cr_assert_eq(last[4], CO_DAY_NONE);
    cr_assert_eq(co_store_last_detractor(s, day("2024-04-05"), NULL, 5, last), CO_OK);
    cr_assert_eq(last[2], day("2024-04-05"));
    /* 2024-03-09: only the 3 of 02-20 so far. */
    cr_assert_eq(co_store_last_detractor(s, day("2024-03-09"), NULL, 5, last), CO_OK);
    cr_assert_eq(last[1], day("2024-02-20"));
    cr_assert_eq(co_store_last_detractor(s, day("2024-02-19"), NULL, 5, last), CO_OK);
    cr_assert_eq(last[1], CO_DAY_NONE);
    co_store_free(s);
}

Test(signals, follow_the_rows_of_a_summary)
{
    co_store *s = fixture_with_detractors();
    co_day as_of = day("2024-03-31");
    co_summary *sm = NULL;
    cr_assert_eq(co_store_summary(s, as_of, CO_UNIT_WEEKS, &sm), CO_OK);
    cr_assert_eq(sm->n, 4); /* c1, c2, c4, c5: c3 has no order */
    uint64_t open[4];
    co_day last[4];
    cr_assert_eq(co_store_open_contacts(s, as_of, sm->customer, sm->n, open), CO_OK);
    cr_assert_eq(co_store_last_detractor(s, as_of, sm->customer, sm->n, last), CO_OK);
    const uint64_t want_open[4] = {0, 2, 0, 0};
    cr_assert_arr_eq(open, want_open, sizeof open);
    cr_assert_eq(last[0], CO_DAY_NONE);
    cr_assert_eq(last[1], day("2024-03-10"));
    cr_assert_eq(last[2], CO_DAY_NONE);
    co_summary_free(sm);
    /* Any order, repeats allowed. */
    const size_t pick[3] = {4, 1, 1};
    cr_assert_eq(co_store_open_contacts(s, as_of, pick, 3, open), CO_OK);
    cr_assert_eq(open[0], 0);
    cr_assert_eq(open[1], 2);
    cr_assert_eq(open[2], 2);
    co_store_free(s);
}

Test(signals, errors_change_nothing)
{
    co_store *s = fixture_with_detractors();
    store_mark before = co__store_mark_now(s);
    uint64_t open[5] = {9, 9, 9, 9, 9};
    co_day last[5] = {9, 9, 9, 9, 9};
    const size_t bad[2] = {1, 5};
    co_day ok = day("2024-03-31");
    cr_assert_eq(co_store_open_contacts(s, CO__DAY_LAST + 1, NULL, 5, open), CO_ERANGE);
    cr_assert_eq(co_store_last_detractor(s, CO__DAY_FIRST - 1, NULL, 5, last), CO_ERANGE);
    cr_assert_eq(co_store_open_contacts(NULL, ok, NULL, 5, open), CO_EINVAL);
    cr_assert_eq(co_store_last_detractor(s, ok, NULL, 5, NULL), CO_EINVAL);
    cr_assert_eq(co_store_open_contacts(s, ok, NULL, 6, open), CO_ERANGE);
    cr_assert_eq(co_store_last_detractor(s, ok, bad, 2, last), CO_ERANGE);
    cr_assert(strstr(co_errmsg(), "index 5"), "%s", co_errmsg());
    cr_assert_eq(co_store_start_days(s, CO__DAY_LAST + 1, NULL, 5, last), CO_ERANGE);
    cr_assert_eq(co_store_start_days(s, ok, bad, 2, last), CO_ERANGE);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(open[i], 9);
        cr_assert_eq(last[i], 9);
    }
    assert_same_mark(s, before);
    /* Nothing asked for, nothing written. */
    cr_assert_eq(co_store_open_contacts(s, ok, NULL, 0, NULL), CO_OK);
    co_store_free(s);
}

static int op_signals(void *ctx)
{
    const size_t pick[2] = {1, 0};
    uint64_t open[2];
    return co_store_open_contacts(ctx, 19813, pick, 2, open);
}

Test(signals, survive_allocation_failures)
{
    co_store *s = fixture_with_detractors();
    cr_assert_gt(co_test_alloc_sweep(op_signals, NULL, s), 0);
    co_store_free(s);
}

/* The day range, the orders and the values for customers 0 .. n-1 are read
 * straight into the caller's memory: they allocate nothing, so they cannot
 * fail for want of it. */
Test(signals, without_a_selection_nothing_is_allocated)
{
    co_store *s = fixture_with_detractors();
    co_day as_of = day("2024-03-31"), first, last, days[5], order_days[11];
    uint64_t open[5];
    size_t customer[11], n;
    co_test_alloc_install(-1);
    cr_assert_eq(co_store_day_range(s, CO_RECORD_ALL, &first, &last), CO_OK);
    cr_assert_eq(co_store_orders_as_of(s, as_of, customer, order_days, NULL, &n), CO_OK);
    cr_assert_eq(co_store_start_days(s, as_of, NULL, 5, days), CO_OK);
    cr_assert_eq(co_store_open_contacts(s, as_of, NULL, 5, open), CO_OK);
    cr_assert_eq(co_store_last_detractor(s, as_of, NULL, 5, days), CO_OK);
    long calls = co_test_alloc_calls();
    co_test_alloc_uninstall();
    cr_assert_eq(calls, 0);
    co_store_free(s);
}
