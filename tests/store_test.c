/* lib/store: adding, finding, removing records, bulk arrays, summaries. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fail_alloc.h"
#include "store_fixture.h"

/* |a - b| within `ulps` units in the last place of b. */
static int ulp_close(double a, double b, int ulps)
{
    return fabs(a - b) <= ulps * 2.220446049250313e-16 * fabs(b) || a == b;
}

static co_day day(const char *iso)
{
    co_day d;
    cr_assert_eq(co_date_parse(iso, strlen(iso), &d), CO_OK);
    return d;
}

static co_store *empty_store(void)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    return s;
}

static int add_plain(co_store *s, const char *id)
{
    co_customer_input c = {.size = sizeof c, .id = id, .name = "N", .signup = 19000};
    return co_store_add_customer(s, &c, NULL);
}

Test(store, new_store_is_empty_and_free_null_is_noop)
{
    co_store *s = empty_store();
    for (int k = 0; k < 4; k++)
        cr_assert_eq(co_store_count(s, (co_record_kind)k), 0);
    cr_assert_eq(co_store_count(NULL, CO_RECORD_ORDERS), 0);
    cr_assert_eq(co_store_new(NULL), CO_EINVAL);
    co_store_free(s);
    co_store_free(NULL);
}

Test(store, customers_keep_fields_tags_prefs_and_insertion_order)
{
    co_store *s = empty_store();
    const char *tags[] = {"vip", "early"};
    const char *keys[] = {"channel", "language"}, *values[] = {"email", "en"};
    co_customer_input in = {sizeof in, "c1",   "Ada", "ada@example.com", 19711, "retail", tags, 2,
                            keys,      values, 2};
    size_t idx = 99;
    cr_assert_eq(co_store_add_customer(s, &in, &idx), CO_OK);
    cr_assert_eq(idx, 0);
    cr_assert_eq(add_plain(s, "c2"), CO_OK);
    cr_assert_eq(add_plain(s, "c0"), CO_OK);
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 3);
    co_customer_view out = {.size = sizeof out};
    cr_assert_eq(co_store_get_customer(s, 0, &out), CO_OK);
    cr_assert_str_eq(out.id, "c1");
    cr_assert_str_eq(out.name, "Ada");
    cr_assert_str_eq(out.email, "ada@example.com");
    cr_assert_str_eq(out.segment, "retail");
    cr_assert_eq(out.signup, 19711);
    cr_assert_eq(out.n_tags, 2);
    cr_assert_str_eq(customer_tag(s, 0, 1), "early");
    const char *k, *v, *tag = "untouched";
    cr_assert_eq(co_store_get_customer_pref(s, 0, 1, &k, &v), CO_OK);
    cr_assert_str_eq(k, "language");
    cr_assert_str_eq(v, "en");
    /* Past the end: 2 tags, 2 preferences, 3 customers. */
    cr_assert_eq(co_store_get_customer_tag(s, 0, 2, &tag), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "no tag at index 2 (count 2)");
    cr_assert_eq(co_store_get_customer_tag(s, 3, 0, &tag), CO_ERANGE);
    cr_assert_str_eq(tag, "untouched");
    cr_assert_eq(co_store_get_customer_tag(s, 0, 0, NULL), CO_EINVAL);
    cr_assert_eq(co_store_get_customer_pref(s, 0, 2, &k, &v), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "no preference at index 2 (count 2)");
    cr_assert_eq(co_store_get_customer_pref(s, 3, 0, &k, &v), CO_ERANGE);
    cr_assert_str_eq(k, "language");
    /* Insertion order, not id order. */
    cr_assert_eq(co_store_get_customer(s, 2, &out), CO_OK);
    cr_assert_str_eq(out.id, "c0");
    cr_assert_eq(co_store_get_customer(s, 3, &out), CO_ERANGE);
    size_t at;
    cr_assert_eq(co_store_find(s, "c2", &at), CO_OK);
    cr_assert_eq(at, 1);
    cr_assert_eq(co_store_find(s, "c3", &at), CO_ENOTFOUND);
    cr_assert_str_eq(co_errmsg(), "unknown customer 'c3'");
    co_store_free(s);
}

Test(store, bad_customers_are_refused_and_change_nothing)
{
    co_store *s = empty_store();
    cr_assert_eq(add_plain(s, "a"), CO_OK);
    store_mark before = co__store_mark_now(s);
    cr_assert_eq(add_plain(s, "a"), CO_EEXIST);
    cr_assert_str_eq(co_errmsg(), "duplicate customer id 'a'");
    cr_assert_eq(add_plain(s, ""), CO_EINVAL);
    cr_assert_eq(add_plain(s, "bad\xff"), CO_EINVAL);
    cr_assert_eq(add_plain(s, "\xc0\xaf"), CO_EINVAL, "overlong encoding");
    cr_assert_eq(add_plain(s, "\xed\xa0\x80"), CO_EINVAL, "surrogate");
    const char *bad_tags[] = {"ok", "a;b"};
    co_customer_input c = {.size = sizeof c, .id = "b", .tags = bad_tags, .n_tags = 2};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_EINVAL);
    const char *keys[] = {"k", "k"}, *values[] = {"1", "2"};
    c = (co_customer_input){
        .size = sizeof c, .id = "b", .pref_keys = keys, .pref_values = values, .n_prefs = 2};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "customer b: preference 'k' given twice");
    /* Many keys take the hashed path: the repeat is found all the same. */
    char names[40][8];
    const char *many[40], *many_values[40];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i % 39); /* k0 again at the end */
        many[i] = names[i];
        many_values[i] = "v";
    }
    c = (co_customer_input){
        .size = sizeof c, .id = "b", .pref_keys = many, .pref_values = many_values, .n_prefs = 40};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "customer b: preference 'k0' given twice");

    char *long_name = malloc(CO_STORE_FIELD_MAX + 2);
    memset(long_name, 'x', CO_STORE_FIELD_MAX + 1);
    long_name[CO_STORE_FIELD_MAX + 1] = '\0';
    c = (co_customer_input){.size = sizeof c, .id = "b", .name = long_name};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_ERANGE);
    long_name[CO_STORE_FIELD_MAX] = '\0'; /* exactly the limit is fine */
    assert_same_mark(s, before);
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK);
    free(long_name);
    c = (co_customer_input){.size = sizeof c,
                            .id = "many",
                            .pref_keys = many,
                            .pref_values = many_values,
                            .n_prefs = 39};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK, "39 distinct keys");
    cr_assert_eq(co_store_add_customer(NULL, &c, NULL), CO_EINVAL);
    co_store_free(s);
}

/* Order ids added in increasing order, then out of order, then after a
 * customer's removal and a failed add: every duplicate is refused. */
Test(store, order_ids_stay_unique_in_any_order)
{
    co_store *s = empty_store();
    cr_assert_eq(add_plain(s, "a"), CO_OK);
    cr_assert_eq(add_plain(s, "b"), CO_OK);
    const char *ids[] = {"o1", "o2", "o9", "o10", "p"};
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(co_store_add_order(s, ids[i], i % 2 ? "a" : "b", 19000, 1), CO_OK);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(co_store_add_order(s, ids[i], "a", 19000, 1), CO_EEXIST, "%s", ids[i]);
    cr_assert_eq(co_store_add_order(s, "o0", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o0", "a", 19000, 1), CO_EEXIST);
    cr_assert_eq(co_store_add_order(s, "q", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "q", "a", 19000, 1), CO_EEXIST);
    /* Removing "b" drops o1, o9 and p: those ids can be used again. */
    cr_assert_eq(co_store_remove(s, "b"), CO_OK);
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 4);
    cr_assert_eq(co_store_add_order(s, "o9", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o10", "a", 19000, 1), CO_EEXIST);
    co_store_free(s);

    /* Removal while the ids are still in increasing order. */
    s = empty_store();
    cr_assert_eq(add_plain(s, "a"), CO_OK);
    cr_assert_eq(add_plain(s, "b"), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o1", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o2", "b", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o3", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_remove(s, "b"), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o3", "a", 19000, 1), CO_EEXIST);
    cr_assert_eq(co_store_add_order(s, "o1", "a", 19000, 1), CO_EEXIST);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, 1), CO_OK);
    co_store_free(s);
}

Test(store, events_are_validated)
{
    co_store *s = empty_store();
    cr_assert_eq(add_plain(s, "a"), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o1", "a", 19000, 12.5), CO_OK);
    store_mark before = co__store_mark_now(s);
    cr_assert_eq(co_store_add_order(s, "o2", "zz", 19000, 1), CO_ENOTFOUND);
    cr_assert_str_eq(co_errmsg(), "unknown customer 'zz'");
    cr_assert_eq(co_store_add_order(s, "o1", "a", 19000, 1), CO_EEXIST);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, -0.01), CO_ERANGE);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, NAN), CO_EINVAL);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, INFINITY), CO_EINVAL);
    cr_assert_eq(co_store_add_order(s, "", "a", 19000, 1), CO_EINVAL);
    /* Scales: nps 0-10, csat 1-5, ces 1-7 (whole numbers), rating 1-5, text none. */
    struct {
        int kind;
        double score;
        int rc;
    } cases[] = {
        {CO_FEEDBACK_NPS, -1, CO_ERANGE},     {CO_FEEDBACK_NPS, 11, CO_ERANGE},
        {CO_FEEDBACK_NPS, 7.5, CO_ERANGE},    {CO_FEEDBACK_CSAT, 0, CO_ERANGE},
        {CO_FEEDBACK_CSAT, 6, CO_ERANGE},     {CO_FEEDBACK_CES, 8, CO_ERANGE},
        {CO_FEEDBACK_RATING, 5.5, CO_ERANGE}, {CO_FEEDBACK_NPS, NAN, CO_EINVAL},
        {CO_FEEDBACK_TEXT, 3, CO_EINVAL},     {7, 3, CO_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(co_store_add_feedback(s, "a", 19000, CO_CHANNEL_SURVEY,
                                           (co_feedback_kind)cases[i].kind, cases[i].score, "t"),
                     cases[i].rc, "case %zu", i);
    cr_assert_eq(co_store_add_feedback(s, "a", 19000, (co_channel)9, CO_FEEDBACK_NPS, 3, ""),
                 CO_EINVAL);
    cr_assert_eq(co_store_add_contact(s, "a", 19000, 18999, CO_PRIORITY_LOW, "x"), CO_ERANGE);
    cr_assert_eq(co_store_add_contact(s, "a", 19000, 19001, (co_priority)4, "x"), CO_EINVAL);
    /* Days outside 0001-01-01 (-719162) .. 9999-12-31 (2932896) cannot be written to CSV. */
    cr_assert_eq(co_store_add_order(s, "o3", "a", 2932897, 1), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "order date (day 2932897) is outside years 0001-9999");
    cr_assert_eq(co_store_add_feedback(s, "a", -719163, CO_CHANNEL_SURVEY, CO_FEEDBACK_NPS, 3, ""),
                 CO_ERANGE);
    cr_assert_eq(co_store_add_contact(s, "a", 0, 2932897, CO_PRIORITY_LOW, ""), CO_ERANGE);
    co_customer_input far = {.size = sizeof far, .id = "far", .signup = -719163};
    cr_assert_eq(co_store_add_customer(s, &far, NULL), CO_ERANGE);
    assert_same_mark(s, before);
    /* Edges of each scale are accepted. */
    cr_assert_eq(co_store_add_feedback(s, "a", 1, CO_CHANNEL_DIRECT, CO_FEEDBACK_NPS, 0, NULL),
                 CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "a", 1, CO_CHANNEL_REVIEW, CO_FEEDBACK_RATING, 4.5, ""),
                 CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "a", 1, CO_CHANNEL_SOCIAL, CO_FEEDBACK_TEXT, NAN, "hi"),
                 CO_OK);
    cr_assert_eq(co_store_add_contact(s, "a", 5, CO_DAY_NONE, CO_PRIORITY_URGENT, NULL), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, 0), CO_OK);
    co_store_free(s);
}

Test(store, enum_names)
{
    cr_assert_str_eq(co_channel_name(CO_CHANNEL_SUPPORT), "support");
    cr_assert_str_eq(co_feedback_kind_name(CO_FEEDBACK_CES), "ces");
    cr_assert_str_eq(co_priority_name(CO_PRIORITY_URGENT), "urgent");
    cr_assert_null(co_channel_name(5));
    cr_assert_null(co_feedback_kind_name(-1));
    cr_assert_null(co_priority_name(4));
}

Test(store, remove_drops_events_and_renumbers)
{
    co_store *s = fixture_store();
    /* Fixture: c1 has 5 orders, 1 feedback, 1 contact; 5 customers, 11 orders. */
    cr_assert_eq(co_store_remove(s, "c1"), CO_OK);
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 4);
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 6);
    cr_assert_eq(co_store_count(s, CO_RECORD_FEEDBACK), 4);
    cr_assert_eq(co_store_count(s, CO_RECORD_CONTACTS), 2);
    size_t at;
    cr_assert_eq(co_store_find(s, "c1", &at), CO_ENOTFOUND);
    cr_assert_eq(co_store_find(s, "c5", &at), CO_OK);
    cr_assert_eq(at, 3);
    size_t cust[6];
    const char *ids[6];
    cr_assert_eq(co_store_order_arrays(s, cust, NULL, NULL, ids), CO_OK);
    /* Remaining orders in file order: o3(c5) o5(c2) o7(c4) o8(c4) o9(c5) o11(c5). */
    size_t want[6] = {3, 0, 2, 2, 3, 3};
    for (int i = 0; i < 6; i++)
        cr_assert_eq(cust[i], want[i], "order %d", i);
    cr_assert_str_eq(ids[0], "o3");
    /* The removed customer's order ids are free again. */
    cr_assert_eq(co_store_add_order(s, "o1", "c2", 19800, 1), CO_OK);
    cr_assert_eq(co_store_remove(s, "c1"), CO_ENOTFOUND);
    assert_same_mark(s, co__store_mark_now(s));
    co_store_free(s);
}

Test(store, bulk_arrays_follow_insertion_order)
{
    co_store *s = fixture_store();
    co_day signup[5];
    const char *segment[5], *id[5];
    cr_assert_eq(co_store_customer_arrays(s, signup, segment, id), CO_OK);
    cr_assert_eq(signup[0], day("2023-12-20"));
    cr_assert_str_eq(segment[1], "business");
    cr_assert_str_eq(id[4], "c5");
    size_t fc[5];
    co_day fd[5];
    int ch[5], kind[5];
    double score[5];
    const char *text[5];
    cr_assert_eq(co_store_feedback_arrays(s, fc, fd, ch, kind, score, text), CO_OK);
    cr_assert_eq(fc[1], 1);
    cr_assert_eq(ch[1], CO_CHANNEL_SUPPORT);
    cr_assert_eq(kind[1], CO_FEEDBACK_CSAT);
    cr_assert_eq(score[1], 2.0);
    cr_assert_str_eq(text[1], "Billing was wrong\ntwice.");
    cr_assert(isnan(score[3]));
    cr_assert_eq(score[2], 4.5);
    size_t cc[3];
    co_day opened[3], resolved[3];
    int prio[3];
    const char *topic[3];
    cr_assert_eq(co_store_contact_arrays(s, cc, opened, resolved, prio, topic), CO_OK);
    cr_assert_eq(resolved[1], CO_DAY_NONE);
    cr_assert_eq(resolved[0] - opened[0], 2);
    cr_assert_eq(prio[1], CO_PRIORITY_URGENT);
    cr_assert_str_eq(topic[2], "usability, login");
    cr_assert_eq(co_store_order_arrays(NULL, NULL, NULL, NULL, NULL), CO_EINVAL);
    co_store_free(s);
}

/* ---- Summaries ---- */

/* Values from tests/reference/store_summary_reference.py (pandas), fixture
 * as of 2024-03-31; c1 by hand: days 01-01 (10+5.5), 01-15 (20), 02-01
 * (30.25) -> frequency 2, recency 31, T 90, monetary (20+30.25)/2 = 25.125;
 * o10 (2024-04-10) is after the as-of day and ignored. */
Test(summary, fixture_matches_pandas_in_days_and_weeks)
{
    co_store *s = fixture_store();
    co_summary *sm = NULL;
    cr_assert_eq(co_store_summary(s, day("2024-03-31"), CO_UNIT_DAYS, &sm), CO_OK);
    cr_assert_eq(sm->n, 4); /* c3 has no order */
    size_t cust[4] = {0, 1, 3, 4};
    double f[4] = {2, 0, 0, 2}, r[4] = {31, 0, 0, 57}, T[4] = {90, 50, 0, 86},
           m[4] = {25.125, 0, 0, 2.75};
    double total[4] = {65.75, 7, 15, 6.6}, since[4] = {59, 50, 0, 29};
    uint64_t orders[4] = {4, 1, 2, 3};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(sm->customer[i], cust[i]);
        cr_assert_eq(sm->frequency[i], f[i]);
        cr_assert_eq(sm->recency[i], r[i]);
        cr_assert_eq(sm->T[i], T[i]);
        cr_assert(ulp_close(sm->monetary_value[i], m[i], 4), "row %d: %.17g", i,
                  sm->monetary_value[i]);
        cr_assert(ulp_close(sm->total_spend[i], total[i], 4));
        cr_assert_eq(sm->orders[i], orders[i]);
        cr_assert_eq(sm->days_since_last[i], since[i]);
    }
    cr_assert_eq(sm->first_order[0], day("2024-01-01"));
    cr_assert_eq(sm->last_order[3], day("2024-03-02"));
    co_summary_free(sm);
    cr_assert_eq(co_store_summary(s, day("2024-03-31"), CO_UNIT_WEEKS, &sm), CO_OK);
    double rw[4] = {4.4285714285714288, 0, 0, 8.1428571428571423};
    double Tw[4] = {12.857142857142858, 7.1428571428571432, 0, 12.285714285714286};
    for (int i = 0; i < 4; i++) {
        cr_assert(ulp_close(sm->recency[i], rw[i], 1));
        cr_assert(ulp_close(sm->T[i], Tw[i], 1));
    }
    co_summary_free(sm);
    /* Before any order: no rows. */
    cr_assert_eq(co_store_summary(s, day("2020-01-01"), CO_UNIT_DAYS, &sm), CO_OK);
    cr_assert_eq(sm->n, 0);
    co_summary_free(sm);
    co_summary_free(NULL);
    cr_assert_eq(co_store_summary(s, 0, (co_time_unit)9, &sm), CO_EINVAL);
    cr_assert_eq(co_store_summary(s, 0, CO_UNIT_HOURS, &sm), CO_EINVAL);
    cr_assert_eq(co_store_summary(NULL, 0, CO_UNIT_DAYS, &sm), CO_EINVAL);
    co_store_free(s);
}

/* CDNOW sample (columns: id, customer, YYYYMMDD, quantity, amount) loaded
 * through the public add functions. */
static co_store *cdnow_store(void)
{
    FILE *f = fopen(CO_TEST_DATA_DIR "/cdnow/CDNOW_sample.txt", "r");
    cr_assert_not_null(f);
    co_store *s = empty_store();
    char raw[16], cust[16], date[16], oid[32];
    int qty;
    double amount;
    long n = 0;
    while (fscanf(f, "%15s %15s %15s %d %lf", raw, cust, date, &qty, &amount) == 5) {
        /* Published ids drop the leading zeros. */
        char id[16];
        snprintf(id, sizeof id, "%ld", strtol(cust, NULL, 10));
        char iso[11] = {date[0], date[1], date[2], date[3], '-', date[4],
                        date[5], '-',     date[6], date[7], '\0'};
        size_t at;
        if (co_store_find(s, id, &at) != CO_OK)
            cr_assert_eq(add_plain(s, id), CO_OK);
        snprintf(oid, sizeof oid, "t%ld", n++);
        cr_assert_eq(co_store_add_order(s, oid, id, day(iso), amount), CO_OK);
    }
    fclose(f);
    cr_assert_eq(n, 6919);
    return s;
}

/* The published CDNOW summary (frequency, recency, T in weeks, two decimals)
 * is reproduced with T as of 1997-09-30, the end of the calibration period
 * (checked with tests/reference/store_summary_reference.py; 1998-06-30 does
 * not match). */
Test(summary, cdnow_matches_the_published_summary)
{
    co_store *s = cdnow_store();
    co_summary *sm = NULL;
    cr_assert_eq(co_store_summary(s, day("1997-09-30"), CO_UNIT_WEEKS, &sm), CO_OK);
    FILE *f = fopen(CO_TEST_DATA_DIR "/cdnow/cdnow_customers_summary.csv", "r");
    cr_assert_not_null(f);
    char line[128];
    cr_assert_not_null(fgets(line, sizeof line, f)); /* header */
    size_t rows = 0;
    long id;
    double freq, rec, T;
    while (fscanf(f, "%ld,%lf,%lf,%lf", &id, &freq, &rec, &T) == 4) {
        char key[16];
        snprintf(key, sizeof key, "%ld", id);
        size_t cust;
        cr_assert_eq(co_store_find(s, key, &cust), CO_OK);
        cr_assert_eq(sm->customer[rows], cust, "row order");
        cr_assert_eq(sm->frequency[rows], freq, "customer %ld", id);
        cr_assert(fabs(sm->recency[rows] - rec) <= 0.005 + 1e-9, "customer %ld", id);
        cr_assert(fabs(sm->T[rows] - T) <= 0.005 + 1e-9, "customer %ld", id);
        rows++;
    }
    fclose(f);
    cr_assert_eq(rows, 2357);
    cr_assert_eq(sm->n, 2357);
    /* Full precision rows from the pandas reference (customer id: f, r, T, m). */
    struct {
        size_t row;
        double f, r, T, m;
    } ref[] = {
        {0, 2, 30.428571428571427, 38.857142857142854, 22.344999999999999},
        {1, 1, 1.7142857142857142, 38.857142857142854, 11.77},
        {17, 1, 4.8571428571428568, 38.857142857142854, 9.9900000000000002},
        {99, 1, 23.857142857142858, 38.285714285714285, 26.219999999999999},
        {999, 4, 24.428571428571427, 33.571428571428569, 16.259999999999998},
        {2356, 0, 0, 27, 0},
    };
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        size_t r = ref[i].row;
        cr_assert_eq(sm->frequency[r], ref[i].f);
        cr_assert(ulp_close(sm->recency[r], ref[i].r, 1));
        cr_assert(ulp_close(sm->T[r], ref[i].T, 1));
        cr_assert(ulp_close(sm->monetary_value[r], ref[i].m, 4), "row %zu: %.17g", r,
                  sm->monetary_value[r]);
    }
    double sums[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < sm->n; i++) {
        sums[0] += sm->frequency[i];
        sums[1] += sm->recency[i];
        sums[2] += sm->T[i];
        sums[3] += sm->monetary_value[i];
    }
    cr_assert_eq(sums[0], 2457);
    cr_assert(fabs(sums[1] - 16135.571428571429) < 1e-8);
    cr_assert(fabs(sums[2] - 77111.28571428571) < 1e-8);
    cr_assert(fabs(sums[3] - 33183.643766870584) < 1e-8);
    co_summary_free(sm);
    co_store_free(s);
}

/* ---- Allocation failures ---- */

/* Run `steps` on a fresh store (so every step allocates); `steps` moves
 * *before to the mark before each step, and a failed step must leave the
 * store as it was there. The store is freed so the sweep sees no block. */
static int on_fresh_store(int (*steps)(co_store *s, store_mark *before))
{
    co_store *s = NULL;
    int rc = co_store_new(&s);
    if (rc < 0)
        return rc;
    store_mark before = co__store_mark_now(s);
    if ((rc = steps(s, &before)) < 0)
        assert_same_mark(s, before);
    co_store_free(s);
    return rc;
}

/* Each kind of add once. */
static int add_each_kind(co_store *s, store_mark *before)
{
    const char *tags[] = {"a", "b"}, *keys[] = {"k"}, *values[] = {"v"};
    co_customer_input c = {sizeof c, "new", "Name", "e@x", 5, "seg", tags, 2, keys, values, 1};
    int rc;
    if ((rc = co_store_add_customer(s, &c, NULL)) < 0)
        return rc;
    *before = co__store_mark_now(s);
    if ((rc = co_store_add_order(s, "new-order", "new", 6, 1.5)) < 0)
        return rc;
    *before = co__store_mark_now(s);
    if ((rc = co_store_add_feedback(s, "new", 6, CO_CHANNEL_SURVEY, CO_FEEDBACK_NPS, 9, "ok")) < 0)
        return rc;
    *before = co__store_mark_now(s);
    return co_store_add_contact(s, "new", 6, 7, CO_PRIORITY_HIGH, "billing");
}

static int op_adds(void *ctx)
{
    (void)ctx;
    return on_fresh_store(add_each_kind);
}

Test(store, adds_survive_allocation_failures)
{
    cr_assert_gt(co_test_alloc_sweep(op_adds, NULL, NULL), 5);
}

/* An order id out of increasing order builds the order-id index: a failure
 * there must also leave the store as it was. */
static int add_orders_out_of_order(co_store *s, store_mark *before)
{
    const char *ids[] = {"o2", "o3", "o1", "o4"};
    int rc = add_plain(s, "c");
    for (size_t i = 0; i < 4 && rc == CO_OK; i++) {
        *before = co__store_mark_now(s);
        rc = co_store_add_order(s, ids[i], "c", 6, 1);
    }
    if (rc < 0)
        return rc;
    *before = co__store_mark_now(s);
    rc = co_store_add_order(s, "o3", "c", 6, 1);
    cr_assert_eq(rc, CO_EEXIST, "duplicate not found (%d)", rc);
    return CO_OK;
}

static int op_order_out_of_order(void *ctx)
{
    (void)ctx;
    return on_fresh_store(add_orders_out_of_order);
}

Test(store, out_of_order_ids_survive_allocation_failures)
{
    cr_assert_gt(co_test_alloc_sweep(op_order_out_of_order, NULL, NULL), 3);
}

static int op_summary(void *ctx)
{
    co_summary *sm = NULL;
    int rc = co_store_summary(ctx, 19813, CO_UNIT_WEEKS, &sm);
    co_summary_free(sm);
    return rc;
}

static int op_new_store(void *ctx)
{
    (void)ctx;
    co_store *s = NULL;
    int rc = co_store_new(&s);
    co_store_free(s);
    return rc;
}

Test(summary, survives_allocation_failures)
{
    co_store *s = fixture_store();
    cr_assert_gt(co_test_alloc_sweep(op_summary, NULL, s), 0);
    cr_assert_gt(co_test_alloc_sweep(op_new_store, NULL, NULL), 0);
    co_store_free(s);
}
