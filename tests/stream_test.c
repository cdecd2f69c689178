#define _POSIX_C_SOURCE 200809L
/* lib/store streaming summaries: equal to the store's summary and feedback
 * answers on the same files, whatever the row order and the block size; the
 * importer's syntax rules and messages; hand-counted small cases. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"
#include "stream_chunk_internal.h"
#include "stream_days_internal.h"

static co_stream_options opts_as_of(co_day as_of, size_t block)
{
    co_stream_options o;
    cr_assert_eq(co_stream_options_init(&o, sizeof o), CO_OK);
    o.as_of = as_of;
    o.block_size = block;
    return o;
}

static co_stream_summary *from_text(const char *text, co_stream_options o)
{
    co_stream_summary *s = NULL;
    cr_assert_eq(co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s), CO_OK, "%s",
                 co_errmsg());
    return s;
}

/* Row of customer `id`, or SIZE_MAX. */
static size_t row_of(const co_stream_summary *s, const char *id)
{
    const co_summary *r = co_stream_summary_rows(s);
    for (size_t k = 0; k < r->n; k++) {
        const char *got;
        cr_assert_eq(co_stream_summary_get_customer(s, r->customer[k], &got), CO_OK);
        if (strcmp(got, id) == 0)
            return k;
    }
    return SIZE_MAX;
}

Test(stream, hand_counted_unsorted_orders)
{
    /* Customer a: days 10, 3, 10, 7 -> first 3, last 10, distinct {3, 7, 10}:
     * frequency 2, recency 7; spend 1.5 + 2.25 + 4 + 0.25 = 8, first day (3)
     * 2.25, repeat 5.75 over 2 days -> 2.875. As of day 20: T 17, 10 days
     * since the last. Customer b: one order on day 5 and one after the as-of
     * day (read, not counted). */
    const char *text = "order_id,customer_id,date,amount\n"
                       "1,a,1970-01-11,1.5\n"
                       "2,b,1970-01-06,3\n"
                       "3,a,1970-01-04,2.25\n"
                       "4,a,1970-01-11,4\n"
                       "5,a,1970-01-08,0.25\n"
                       "6,b,1970-02-01,99\n";
    co_stream_summary *s = from_text(text, opts_as_of(20, 0));
    const co_summary *r = co_stream_summary_rows(s);
    cr_assert_eq(r->n, 2);
    cr_assert_eq(co_stream_summary_count(s), 2);
    size_t a = row_of(s, "a"), b = row_of(s, "b");
    cr_assert_eq(a, 0, "rows in order of first appearance");
    cr_assert_eq(r->frequency[a], 2.0);
    cr_assert_eq(r->recency[a], 7.0);
    cr_assert_eq(r->T[a], 17.0);
    cr_assert_eq(r->monetary_value[a], 2.875);
    cr_assert_eq(r->total_spend[a], 8.0);
    cr_assert_eq(r->orders[a], 4);
    cr_assert_eq(r->days_since_last[a], 10.0);
    cr_assert_eq(r->first_order[a], 3);
    cr_assert_eq(r->last_order[a], 10);
    cr_assert_eq(r->frequency[b], 0.0);
    cr_assert_eq(r->monetary_value[b], 0.0);
    cr_assert_eq(r->total_spend[b], 3.0);
    cr_assert_eq(r->T[b], 15.0);
    cr_assert_eq(co_stream_summary_as_of(s), 20);
    co_stream_summary_free(s);

    /* Without an as-of day the last day in the file (31) is the as-of day
     * and b's late order counts: b has days 5 and 31, repeat spend 99. */
    s = from_text(text, opts_as_of(CO_DAY_NONE, 0));
    r = co_stream_summary_rows(s);
    b = row_of(s, "b");
    cr_assert_eq(co_stream_summary_as_of(s), 31);
    cr_assert_eq(r->frequency[b], 1.0);
    cr_assert_eq(r->monetary_value[b], 99.0);
    cr_assert_eq(r->T[row_of(s, "a")], 28.0);
    co_stream_summary_free(s);
}

Test(stream, crlf_quotes_bom_and_extra_columns)
{
    /* The same two orders of x as "1,x,1970-01-02,1" and "2,x,1970-01-05,2":
     * frequency 1, recency 3 days, monetary 2. */
    const char *text = "\xEF\xBB\xBFnote,order_id,customer_id,date,amount\r\n"
                       "\"a, \"\"quoted\"\"\r\nnote\",1,x,1970-01-02,1\r\n"
                       "\r\n"
                       "plain,\"2\",\"x\",1970-01-05,\"2.0\"\r\n";
    for (size_t block = 16; block <= 64; block += 48) {
        co_stream_summary *s = from_text(text, opts_as_of(10, block));
        const co_summary *r = co_stream_summary_rows(s);
        cr_assert_eq(r->n, 1);
        cr_assert_eq(r->frequency[0], 1.0);
        cr_assert_eq(r->recency[0], 3.0);
        cr_assert_eq(r->monetary_value[0], 2.0);
        cr_assert_eq(r->orders[0], 2);
        co_stream_summary_free(s);
    }
}

Test(stream, empty_files_and_header_only)
{
    co_stream_summary *s = NULL;
    co_stream_options o = opts_as_of(100, 0);
    cr_assert_eq(co_stream_summarize_orders_text("", 0, "e.csv", &o, &s), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "e.csv:1:1: empty file: a header row is required");
    cr_assert_null(s);
    s = from_text("order_id,customer_id,date,amount\n\n", o);
    cr_assert_eq(co_stream_summary_rows(s)->n, 0);
    cr_assert_eq(co_stream_summary_count(s), 0);
    const char *id = NULL;
    cr_assert_eq(co_stream_summary_get_customer(s, 0, &id), CO_ERANGE);
    cr_assert_null(id);
    co_stream_summary_free(s);
    co_stream_summary_free(NULL);
}

/* A bad file fails with the status, message and location of the store's
 * importer on the same text (customers a and b exist in the store). */
static void same_error_as_import(const char *text, size_t block)
{
    co_store *st = NULL;
    cr_assert_eq(co_store_new(&st), CO_OK);
    const char *cust = "customer_id,name,email,signup_date,segment\na,A,a@x,2024-01-01,r\n"
                       "b,B,b@x,2024-01-01,r\n";
    cr_assert_eq(co_store_import_csv_text(st, CO_RECORD_CUSTOMERS, cust, strlen(cust), "c.csv",
                                          NULL, NULL),
                 CO_OK);
    int want =
        co_store_import_csv_text(st, CO_RECORD_ORDERS, text, strlen(text), "o.csv", NULL, NULL);
    cr_assert_lt(want, 0, "the store refuses %s", text);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", co_errmsg());
    size_t line = co_errline(), column = co_errcolumn();
    co_store_free(st);
    co_stream_summary *s = NULL;
    co_stream_options o = opts_as_of(CO_DAY_NONE, block);
    cr_assert_eq(co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s), want, "%s",
                 co_errmsg());
    cr_assert_str_eq(co_errmsg(), msg);
    cr_assert_eq(co_errline(), line);
    cr_assert_eq(co_errcolumn(), column);
    cr_assert_null(s);
}

Test(stream, bad_rows_fail_as_the_importer)
{
    static const char *const bad[] = {
        "order_id,customer_id,date\n1,a,2024-01-01\n",
        "order_id,customer_id,date,amount,date\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1\n2,a,2024-13-01,1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1,9\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,x1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,-1\n",
        "order_id,customer_id,date,amount\n,a,2024-01-01,1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1e999\n",
        "order_id,customer_id,date,amount\n1,a\"b,2024-01-01,1\n",
        "order_id,customer_id,date,amount\n1,\"a\"b,2024-01-01,1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1\n\"2,b,2024-01-01,1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1\r2,b,2024-01-01,1\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1\r",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,\xff\n",
        "order_id,customer_id,date,amount\n1,a,2024-01-01,1\n\n\n2,b,x,1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        same_error_as_import(bad[i], 0);
        same_error_as_import(bad[i], 16);
    }
}

Test(stream, amounts_beyond_millionths_are_refused)
{
    co_stream_summary *s = NULL;
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    const char *text = "order_id,customer_id,date,amount\n1,a,2024-01-01,0.0000001\n";
    cr_assert_eq(co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s), CO_ERANGE);
    cr_assert_eq(co_errline(), 2);
    cr_assert_eq(co_errcolumn(), 16);
    /* 20 integer digits: refused, without overflowing on the way (found by fuzzing). */
    text = "order_id,customer_id,date,amount\n1,a,2024-01-01,12222222222222222222.5\n";
    cr_assert_eq(co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s), CO_ERANGE);
    cr_assert_eq(co_errline(), 2);
    cr_assert_eq(co_errcolumn(), 16);
    /* 13 integer digits: 9999999999999.99 is above INT64_MAX millionths (9.2e18),
     * refused rather than wrapped; 9000000000000.5 is below, taken exactly. */
    text = "order_id,customer_id,date,amount\n1,a,2024-01-01,9999999999999.99\n";
    cr_assert_eq(co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s), CO_ERANGE);
    cr_assert_eq(co_errline(), 2);
    cr_assert_eq(co_errcolumn(), 16);
    s = from_text("order_id,customer_id,date,amount\n1,a,2024-01-01,9000000000000.5\n", o);
    cr_assert_eq(co_stream_summary_rows(s)->total_spend[0], 9000000000000.5);
    co_stream_summary_free(s);
    /* 1.5e1 is 15 exactly: an exponent is fine when the value is whole millionths. */
    s = from_text("order_id,customer_id,date,amount\n1,a,2024-01-01,1.5e1\n", o);
    cr_assert_eq(co_stream_summary_rows(s)->total_spend[0], 15.0);
    co_stream_summary_free(s);
}

/* Amounts in the forms the plain reader takes (cents of 1 to 13 digits, up
 * to 6 decimals, no dot) and those it leaves to the full parser, each as
 * the first row of a file long enough to be split straight from the
 * window (and, with blocks of 16 bytes, by the full parser): the expected
 * totals are the decimal texts' nearest doubles; the refusals follow the
 * importer's rules (CO_EPARSE not a number, CO_ERANGE not whole millionths
 * below INT64_MAX millionths, or negative). */
Test(stream, amounts_of_every_form)
{
    static const struct {
        const char *text;
        int rc;
        double total; /* of customer a */
    } cases[] = {
        {"0.00", CO_OK, 0.0},
        {"1.05", CO_OK, 1.05},
        {"12.34", CO_OK, 12.34},
        {"07.10", CO_OK, 7.1},
        {"999.99", CO_OK, 999.99},
        {"0000000000001.00", CO_OK, 1.0},
        {"1234567890123.45", CO_OK, 1234567890123.45},
        /* INT64_MAX millionths are 9223372036854.775807 */
        {"9223372036854.77", CO_OK, 9223372036854.77},
        {"9223372036854.78", CO_ERANGE, 0},
        {"9999999999999.99", CO_ERANGE, 0},
        {"12345678901234.56", CO_ERANGE, 0},
        {"1.5", CO_OK, 1.5},
        {"1.234", CO_OK, 1.234},
        {"1.234567", CO_OK, 1.234567},
        {"1.2345678", CO_ERANGE, 0},
        {"42", CO_OK, 42.0},
        {"1e2", CO_OK, 100.0},
        {".25", CO_OK, 0.25},
        {"5.", CO_OK, 5.0},
        {"-1.00", CO_ERANGE, 0},
        {"1.2.3", CO_EPARSE, 0},
        {"1..23", CO_EPARSE, 0},
        {"1.a3", CO_EPARSE, 0},
        {"1.2a", CO_EPARSE, 0},
        {"a1.23", CO_EPARSE, 0},
        {"1:23", CO_EPARSE, 0},
        {"1/23", CO_EPARSE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t block = 0; block <= 16; block += 16) {
            char text[256];
            snprintf(text, sizeof text,
                     "order_id,customer_id,date,amount\n1,a,2024-01-01,%s\n"
                     "2,b,2024-01-02,1.00\n3,b,2024-01-03,2.00\n4,b,2024-01-04,3.00\n",
                     cases[i].text);
            co_stream_options o = opts_as_of(CO_DAY_NONE, block);
            co_stream_summary *s = NULL;
            int rc = co_stream_summarize_orders_text(text, strlen(text), "o.csv", &o, &s);
            cr_assert_eq(rc, cases[i].rc, "%s (blocks of %zu): %d, %s", cases[i].text, block, rc,
                         rc < 0 ? co_errmsg() : "");
            if (rc == CO_OK) {
                size_t k = row_of(s, "a");
                cr_assert_eq(co_stream_summary_rows(s)->total_spend[k], cases[i].total, "%s",
                             cases[i].text);
            } else {
                cr_assert_eq(co_errline(), 2);
                cr_assert_eq(co_errcolumn(), 16);
            }
            co_stream_summary_free(s);
        }
}

/* ---- Equality with the store on generated data ---- */

typedef struct dataset {
    char dir[64];
    co_store *store;
    co_day as_of;
} dataset;

static void generate(dataset *d, size_t customers)
{
    strcpy(d->dir, "/tmp/co_stream_XXXXXX");
    cr_assert_not_null(mkdtemp(d->dir));
    co_generate_options g;
    co_generate_options_init(&g, sizeof g);
    g.customers = customers;
    g.seed = 7;
    cr_assert_eq(co_generate_csv(&g, d->dir), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_new(&d->store), CO_OK);
    char path[128];
    static const char *const files[] = {"customers.csv", "orders.csv", "feedback.csv"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", d->dir, files[k]);
        cr_assert_eq(co_store_import_csv(d->store, (co_record_kind)k, path, NULL, NULL), CO_OK,
                     "%s", co_errmsg());
    }
    co_day first, last;
    cr_assert_eq(co_store_day_range(d->store, CO_RECORD_ORDERS, &first, &last), CO_OK);
    d->as_of = last - 200; /* some orders fall after it */
}

static void remove_dataset(dataset *d)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", d->dir);
    cr_assert_eq(system(cmd), 0);
    co_store_free(d->store);
}

/* Relative difference of two sums of money added in different orders. */
static void money_eq(double a, double b)
{
    cr_assert_leq(fabs(a - b), 1e-12 * fmax(fabs(a), 1.0), "%.17g vs %.17g", a, b);
}

/* A row of a summary under its customer's id. */
typedef struct id_row {
    const char *id;
    size_t row;
} id_row;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const id_row *)a)->id, ((const id_row *)b)->id);
}

/* The rows of `s` sorted by customer id, for lookups by bsearch(). */
static id_row *rows_by_id(const co_stream_summary *s)
{
    const co_summary *r = co_stream_summary_rows(s);
    id_row *ids = calloc(r->n ? r->n : 1, sizeof *ids);
    cr_assert_not_null(ids);
    for (size_t k = 0; k < r->n; k++) {
        cr_assert_eq(co_stream_summary_get_customer(s, r->customer[k], &ids[k].id), CO_OK);
        ids[k].row = k;
    }
    qsort(ids, r->n, sizeof *ids, by_id);
    return ids;
}

/* Every field of every customer's row equals the store's summary as of `as_of`. */
static void assert_rows_as_store(const co_store *store, co_day as_of, const co_stream_summary *s,
                                 co_time_unit unit)
{
    co_summary *want = NULL;
    cr_assert_eq(co_store_summary(store, as_of, unit, &want), CO_OK);
    const co_summary *got = co_stream_summary_rows(s);
    cr_assert_eq(got->n, want->n);
    id_row *ids = rows_by_id(s);
    for (size_t k = 0; k < want->n; k++) {
        co_customer_view c = {.size = sizeof c};
        cr_assert_eq(co_store_get_customer(store, want->customer[k], &c), CO_OK);
        id_row key = {.id = c.id}, *found = bsearch(&key, ids, got->n, sizeof *ids, by_id);
        cr_assert_not_null(found, "customer %s has a row", c.id);
        size_t r = found->row;
        cr_assert_eq(got->frequency[r], want->frequency[k]);
        cr_assert_eq(got->recency[r], want->recency[k]);
        cr_assert_eq(got->T[r], want->T[k]);
        cr_assert_eq(got->orders[r], want->orders[k]);
        cr_assert_eq(got->order_count[r], want->order_count[k]);
        cr_assert_eq(got->days_since_last[r], want->days_since_last[k]);
        cr_assert_eq(got->first_order[r], want->first_order[k]);
        cr_assert_eq(got->last_order[r], want->last_order[k]);
        money_eq(got->total_spend[r], want->total_spend[k]);
        money_eq(got->monetary_value[r], want->monetary_value[k]);
    }
    free(ids);
    co_summary_free(want);
}

static void assert_same_as_store(const dataset *d, const co_stream_summary *s, co_time_unit unit)
{
    assert_rows_as_store(d->store, d->as_of, s, unit);
}

/* 300 good rows of customers a and b, of varying lengths, every third with a
 * CRLF end, every 41st quoted and every 53rd with an amount in exponent
 * form, so that the rows split straight from the window alternate with rows
 * the full parser reads, and line ends fall on every offset of the 64-byte
 * chunks. */
static size_t good_rows(char *out, int first_row)
{
    size_t len = 0;
    for (int i = 0; i < 300; i++) {
        int row = first_row + i;
        const char *cust = row % 41 == 0 ? "\"a\"" : row % 2 ? "a" : "b";
        const char *end = row % 3 ? "\n" : "\r\n";
        char amount[32];
        if (row % 53 == 0)
            snprintf(amount, sizeof amount, "%de-1", row % 1000);
        else if (row % 4 == 0)
            snprintf(amount, sizeof amount, "%d", row % 1000);
        else /* 1 to 3 decimals */
            snprintf(amount, sizeof amount, "%d.%0*d", row % 1000, row % 4, row % 7);
        len += (size_t)sprintf(out + len, "%d%.*s,%s,2024-%02d-%02d,%s%s", row, row % 9,
                               "xxxxxxxxx", cust, 1 + row % 12, 1 + row % 28, amount, end);
    }
    return len;
}

static co_store *store_with_a_and_b(void)
{
    co_store *st = NULL;
    cr_assert_eq(co_store_new(&st), CO_OK);
    const char *cust = "customer_id,name,email,signup_date,segment\na,A,a@x,2024-01-01,r\n"
                       "b,B,b@x,2024-01-01,r\n";
    cr_assert_eq(co_store_import_csv_text(st, CO_RECORD_CUSTOMERS, cust, strlen(cust), "c.csv",
                                          NULL, NULL),
                 CO_OK);
    return st;
}

Test(stream, plain_and_parsed_rows_mixed_equal_the_store)
{
    static char text[64000];
    size_t len = (size_t)sprintf(text, "order_id,customer_id,date,amount\n");
    len += good_rows(text + len, 1);
    len += good_rows(text + len, 301);
    co_store *st = store_with_a_and_b();
    cr_assert_eq(co_store_import_csv_text(st, CO_RECORD_ORDERS, text, len, "o.csv", NULL, NULL),
                 CO_OK, "%s", co_errmsg());
    co_day as_of;
    cr_assert_eq(co_date_parse("2024-12-31", 10, &as_of), CO_OK);
    for (size_t block = 100; block <= 1000000; block *= 100) {
        co_stream_options o = opts_as_of(as_of, block);
        co_stream_summary *s = NULL;
        cr_assert_eq(co_stream_summarize_orders_text(text, len, "o.csv", &o, &s), CO_OK, "%s",
                     co_errmsg());
        assert_rows_as_store(st, as_of, s, CO_UNIT_DAYS);
        cr_assert_eq(co_stream_summary_rows(s)->orders[0] + co_stream_summary_rows(s)->orders[1],
                     600);
        co_stream_summary_free(s);
    }
    co_store_free(st);
}

Test(stream, bad_rows_after_plain_rows_fail_as_the_importer)
{
    static const char *const bad[] = {
        "1,a,2024-13-01,1\n",    "1,a,2024-01-01,1,9\n",  "1,a,2024-01-01\n",
        "1,a,2024-01-01,x1\n",   ",a,2024-01-01,1\n",     "1,a\"b,2024-01-01,1\n",
        "1,a,2024-01-01,1\r2\n", "1,a,2024-01-01,\xff\n", "1\xc3\xa9,a,2024-01-01,1e999\n",
        "1,a,2024-1-01,1\n",
    };
    static char text[64000];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = (size_t)sprintf(text, "order_id,customer_id,date,amount\n");
        len += good_rows(text + len, 1);
        len += (size_t)sprintf(text + len, "%s", bad[i]);
        good_rows(text + len, 301);
        same_error_as_import(text, 0);
        same_error_as_import(text, 100);
        co__order_chunk_set_limit(7); /* the bad row in the middle of a chunk */
        same_error_as_import(text, 0);
        co__order_chunk_set_limit(0);
    }
}

static size_t n_customers(void) { return getenv("CO_UNDER_VALGRIND") ? 60 : 600; }

Test(stream, equals_the_store_summary_in_days_and_weeks)
{
    dataset d;
    generate(&d, n_customers());
    char path[128];
    snprintf(path, sizeof path, "%s/orders.csv", d.dir);
    const char *paths[] = {path};
    for (int unit = CO_UNIT_DAYS; unit <= CO_UNIT_WEEKS; unit++) {
        co_stream_options o = opts_as_of(d.as_of, unit == CO_UNIT_DAYS ? 0 : 100);
        o.unit = (co_time_unit)unit;
        co_stream_summary *s = NULL;
        cr_assert_eq(co_stream_summarize_orders(paths, 1, &o, &s), CO_OK, "%s", co_errmsg());
        assert_same_as_store(&d, s, (co_time_unit)unit);
        co_stream_summary_free(s);
    }
    remove_dataset(&d);
}

/* The data lines of a CSV file (each a malloc'ed string with its newline), its
 * header line in `header`. */
static char **read_lines(const char *path, char header[256], size_t *n_lines)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char **lines = NULL, *line = NULL;
    size_t n = 0, cap = 0, room = 0;
    cr_assert_not_null(fgets(header, 256, f));
    while (getline(&line, &cap, f) > 0) {
        if (n == room) { /* doubled: a realloc per line copies the array per line */
            room = room ? 2 * room : 1024;
            lines = realloc(lines, room * sizeof *lines);
            cr_assert_not_null(lines);
        }
        lines[n++] = strdup(line);
    }
    free(line);
    fclose(f);
    *n_lines = n;
    return lines;
}

/* Every `step`-th line from `first` written after the header to `path`. */
static void write_lines(const char *path, const char *header, char **lines, size_t n, size_t first,
                        size_t step)
{
    FILE *out = fopen(path, "w");
    cr_assert_not_null(out);
    fputs(header, out);
    for (size_t i = first; i < n; i += step)
        fputs(lines[i], out);
    fclose(out);
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* Lines 1.. of `text` shuffled (seeded) into `n` files, each with the header. */
static void shuffle_into(const char *orders, const char *dir, int n, char paths[][128])
{
    char header[256];
    size_t n_lines;
    char **lines = read_lines(orders, header, &n_lines);
    uint64_t x = 12345;
    for (size_t i = n_lines; i > 1; i--) { /* Fisher-Yates with a xorshift generator */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t j = (size_t)(x % i);
        char *t = lines[i - 1];
        lines[i - 1] = lines[j];
        lines[j] = t;
    }
    for (int k = 0; k < n; k++) {
        snprintf(paths[k], 128, "%s/part%d.csv", dir, k);
        write_lines(paths[k], header, lines, n_lines, (size_t)k, (size_t)n);
    }
    free_lines(lines, n_lines);
}

Test(stream, shuffled_rows_in_several_files_give_the_same_summary)
{
    dataset d;
    generate(&d, n_customers());
    char orders[128], parts[3][128];
    snprintf(orders, sizeof orders, "%s/orders.csv", d.dir);
    shuffle_into(orders, d.dir, 3, parts);
    const char *paths[] = {parts[0], parts[1], parts[2]};
    co_stream_options o = opts_as_of(d.as_of, 64); /* rows split across blocks */
    co_stream_summary *s = NULL;
    cr_assert_eq(co_stream_summarize_orders(paths, 3, &o, &s), CO_OK, "%s", co_errmsg());
    assert_same_as_store(&d, s, CO_UNIT_DAYS);
    co_stream_summary_free(s);
    remove_dataset(&d);
}

/* A line's customer id (the second field of the generated orders) and its line number. */
typedef struct first_row {
    char id[64];
    size_t line;
} first_row;

static int by_id_then_line(const void *a, const void *b)
{
    const first_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int by_line(const void *a, const void *b)
{
    const first_row *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

/* The distinct customers of the order lines in order of their first line
 * (sorted by id to keep each one's first line, then by line); *n of them. */
static first_row *customers_by_first_line(char **lines, size_t n_lines, size_t *n)
{
    first_row *r = calloc(n_lines ? n_lines : 1, sizeof *r);
    cr_assert_not_null(r);
    for (size_t i = 0; i < n_lines; i++) {
        const char *from = strchr(lines[i], ',') + 1;
        size_t len = (size_t)(strchr(from, ',') - from);
        cr_assert_lt(len, sizeof r[i].id);
        memcpy(r[i].id, from, len);
        r[i].line = i;
    }
    qsort(r, n_lines, sizeof *r, by_id_then_line);
    size_t k = 0;
    for (size_t i = 0; i < n_lines; i++)
        if (k == 0 || strcmp(r[k - 1].id, r[i].id) != 0)
            r[k++] = r[i];
    qsort(r, k, sizeof *r, by_line);
    *n = k;
    return r;
}

/* Shuffled orders of enough customers that the table has several regions
 * (over 6144 customers: 16384 slots or more), so that a chunk's rows are
 * counted bucket by bucket; chunks of 7 and 1000 rows and the default size
 * split the rows differently. Each summary equals the Store, and the
 * customers are numbered in order of their first line in the file. */
Test(stream, rows_split_across_chunks_equal_the_store)
{
    dataset d;
    generate(&d, getenv("CO_UNDER_VALGRIND") ? 7000 : 20000);
    char orders[128], parts[1][128], header[256];
    snprintf(orders, sizeof orders, "%s/orders.csv", d.dir);
    shuffle_into(orders, d.dir, 1, parts);
    size_t n_lines, n_first;
    char **lines = read_lines(parts[0], header, &n_lines);
    cr_assert_eq(strncmp(header, "order_id,customer_id,", 21), 0, "%s", header);
    first_row *first = customers_by_first_line(lines, n_lines, &n_first);
    free_lines(lines, n_lines);
    const char *paths[] = {parts[0]};
    static const size_t limits[] = {7, 1000, 0};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        co__order_chunk_set_limit(limits[i]);
        co_stream_options o = opts_as_of(d.as_of, 0);
        co_stream_summary *s = NULL;
        cr_assert_eq(co_stream_summarize_orders(paths, 1, &o, &s), CO_OK, "%s", co_errmsg());
        assert_same_as_store(&d, s, CO_UNIT_DAYS);
        cr_assert_eq(co_stream_summary_count(s), n_first);
        for (size_t k = 0; k < n_first; k++) {
            const char *id;
            cr_assert_eq(co_stream_summary_get_customer(s, k, &id), CO_OK);
            cr_assert_str_eq(id, first[k].id, "customer %zu, chunks of %zu rows", k, limits[i]);
        }
        co_stream_summary_free(s);
    }
    co__order_chunk_set_limit(0);
    free(first);
    remove_dataset(&d);
}

/* Order by the text after the order id: customer, then date. */
static int by_customer_and_date(const void *a, const void *b)
{
    return strcmp(strchr(*(char *const *)a, ','), strchr(*(char *const *)b, ','));
}

/* The sample's orders sorted by customer and day, and shuffled: the same
 * summary as the Store, whose customers mostly have more order days than
 * fit inline (their day sets spill to bitmaps). */
Test(stream, sorted_and_shuffled_sample_equal_the_store)
{
    co_store *store = NULL;
    cr_assert_eq(co_store_new(&store), CO_OK);
    char orders[128], customers[128], dir[] = "/tmp/co_stream_XXXXXX", sorted[160], parts[2][128];
    snprintf(customers, sizeof customers, "%s/../../data/sample/customers.csv", CO_TEST_DATA_DIR);
    snprintf(orders, sizeof orders, "%s/../../data/sample/orders.csv", CO_TEST_DATA_DIR);
    cr_assert_eq(co_store_import_csv(store, CO_RECORD_CUSTOMERS, customers, NULL, NULL), CO_OK);
    cr_assert_eq(co_store_import_csv(store, CO_RECORD_ORDERS, orders, NULL, NULL), CO_OK, "%s",
                 co_errmsg());
    cr_assert_not_null(mkdtemp(dir));

    char header[256];
    size_t n;
    char **lines = read_lines(orders, header, &n);
    qsort(lines, n, sizeof *lines, by_customer_and_date);
    snprintf(sorted, sizeof sorted, "%s/sorted.csv", dir);
    write_lines(sorted, header, lines, n, 0, 1);
    free_lines(lines, n);
    shuffle_into(orders, dir, 2, parts);

    co_day as_of;
    cr_assert_eq(co_date_parse("2024-12-31", 10, &as_of), CO_OK);
    co_stream_options o = opts_as_of(as_of, 0);
    const char *one[] = {sorted}, *two[] = {parts[0], parts[1]};
    co_stream_summary *a = NULL, *b = NULL;
    cr_assert_eq(co_stream_summarize_orders(one, 1, &o, &a), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_stream_summarize_orders(two, 2, &o, &b), CO_OK, "%s", co_errmsg());
    assert_rows_as_store(store, as_of, a, CO_UNIT_DAYS);
    assert_rows_as_store(store, as_of, b, CO_UNIT_DAYS);
    size_t spilled = 0;
    const co_summary *r = co_stream_summary_rows(a);
    for (size_t k = 0; k < r->n; k++)
        spilled += r->frequency[k] >= CO_STREAM_INLINE_DAYS + 1;
    cr_assert_gt(spilled, 100, "%zu customers with more than 11 days", spilled);
    co_stream_summary_free(a);
    co_stream_summary_free(b);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    co_store_free(store);
}

Test(stream, feedback_tally_equals_the_store_answers)
{
    dataset d;
    generate(&d, n_customers());
    char path[128];
    snprintf(path, sizeof path, "%s/feedback.csv", d.dir);
    const char *paths[] = {path};
    co_stream_options o = opts_as_of(d.as_of, 100);
    co_feedback_tally t = {.size = sizeof t};
    cr_assert_eq(co_stream_tally_feedback(paths, 1, &o, &t), CO_OK, "%s", co_errmsg());
    cr_assert_eq(t.rows, co_store_count(d.store, CO_RECORD_FEEDBACK));
    cr_assert_eq(t.as_of, d.as_of);

    co_feedback_answers *a = NULL;
    cr_assert_eq(co_store_feedback_answers(d.store, CO_FEEDBACK_NPS, d.as_of, &a), CO_OK);
    cr_assert_gt(a->n, 0);
    co_nps want = {{0, 0, 0}, {0, 0, 0}, 0}, got;
    cr_assert_eq(co_nps_add_many_int(&want, a->score, a->n), CO_OK);
    co_feedback_answers_free(a);
    cr_assert_eq(co_feedback_tally_nps(&t, &got), CO_OK);
    cr_assert_eq(memcmp(&got, &want, sizeof got), 0, "the same accumulator, bit for bit");

    co_feedback_kind kinds[2] = {CO_FEEDBACK_CSAT, CO_FEEDBACK_CES};
    const uint64_t *counts[2] = {t.csat, t.ces};
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(co_store_feedback_answers(d.store, kinds[k], d.as_of, &a), CO_OK);
        co_rating_options ro;
        if (k == 0)
            co_csat_options_init(&ro, sizeof ro);
        else
            co_ces_options_init(&ro, sizeof ro);
        co_rating_summary w = {.size = sizeof w}, g = {.size = sizeof g};
        cr_assert_eq(co_rating_summarize(a->score, a->n, &ro, &w), CO_OK);
        cr_assert_eq(co_rating_summarize_counts(counts[k], k == 0 ? 5 : 7, &ro, &g), CO_OK);
        co_feedback_answers_free(a);
        cr_assert_eq(g.n, w.n);
        cr_assert_eq(g.in_box, w.in_box);
        cr_assert_eq(g.share, w.share);
        cr_assert_eq(g.share_lower, w.share_lower);
        cr_assert_float_eq(g.mean, w.mean, 1e-13);
        cr_assert_float_eq(g.sd, w.sd, 1e-12);
    }
    remove_dataset(&d);
}

/* The shipped sample with the report's default as-of day: the last day of the
 * orders and feedback files. Its last order is on 2024-12-30 and its last
 * feedback on 2024-12-31 (read off the files), so the orders alone would put
 * every T and days_since_last one day short. */
Test(stream, sample_with_the_feedback_as_of_equals_the_store)
{
    static const char *const files[] = {"customers.csv", "orders.csv", "feedback.csv"};
    char path[3][128];
    co_store *store = NULL;
    cr_assert_eq(co_store_new(&store), CO_OK);
    for (int k = 0; k < 3; k++) {
        snprintf(path[k], sizeof path[k], "%s/../../data/sample/%s", CO_TEST_DATA_DIR, files[k]);
        cr_assert_eq(co_store_import_csv(store, (co_record_kind)k, path[k], NULL, NULL), CO_OK,
                     "%s", co_errmsg());
    }
    co_day last_order, last_feedback;
    cr_assert_eq(co_date_parse("2024-12-30", 10, &last_order), CO_OK);
    cr_assert_eq(co_date_parse("2024-12-31", 10, &last_feedback), CO_OK);

    const char *feedback[] = {path[2]}, *orders[] = {path[1]};
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    co_feedback_tally t = {.size = sizeof t};
    cr_assert_eq(co_stream_tally_feedback(feedback, 1, &o, &t), CO_OK, "%s", co_errmsg());
    cr_assert_eq(t.as_of, last_feedback);

    co_stream_summary *s = NULL;
    cr_assert_eq(co_stream_summarize_orders(orders, 1, &o, &s), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_stream_summary_as_of(s), last_order, "the orders alone");
    assert_rows_as_store(store, last_order, s, CO_UNIT_DAYS);
    co_stream_summary_free(s);

    o.as_of_at_least = t.as_of;
    for (int unit = CO_UNIT_DAYS; unit <= CO_UNIT_WEEKS; unit++) {
        o.unit = (co_time_unit)unit;
        cr_assert_eq(co_stream_summarize_orders(orders, 1, &o, &s), CO_OK, "%s", co_errmsg());
        cr_assert_eq(co_stream_summary_as_of(s), last_feedback);
        assert_rows_as_store(store, last_feedback, s, (co_time_unit)unit);
        co_stream_summary_free(s);
    }

    /* An earlier floor changes nothing; a set as_of wins over any floor. */
    o.unit = CO_UNIT_DAYS;
    o.as_of_at_least = last_order - 400;
    cr_assert_eq(co_stream_summarize_orders(orders, 1, &o, &s), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_stream_summary_as_of(s), last_order);
    co_stream_summary_free(s);
    o.as_of = last_order - 30;
    o.as_of_at_least = last_feedback;
    cr_assert_eq(co_stream_summarize_orders(orders, 1, &o, &s), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_stream_summary_as_of(s), last_order - 30);
    assert_rows_as_store(store, last_order - 30, s, CO_UNIT_DAYS);
    co_stream_summary_free(s);
    co_store_free(store);
}

Test(stream, feedback_rows_checked_as_the_importer)
{
    char dir[] = "/tmp/co_stream_fb_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[96];
    snprintf(path, sizeof path, "%s/f.csv", dir);
    FILE *f = fopen(path, "w");
    /* NPS 10, 3 and 9 by hand: promoters 2, detractors 1, CSAT 4; line 5's
     * CES 8 is off its 1-7 scale. */
    fputs("customer_id,date,channel,kind,score,text\n"
          "a,2024-01-01,survey,nps,10,\n"
          "b,2024-01-02,survey,nps,3,\"slow, \"\"very\"\"\"\n"
          "a,2024-01-03,survey,csat,4,\n",
          f);
    fclose(f);
    const char *paths[] = {path};
    co_feedback_tally t = {.size = sizeof t};
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    cr_assert_eq(co_stream_tally_feedback(paths, 1, &o, &t), CO_OK, "%s", co_errmsg());
    cr_assert_eq(t.nps[10], 1);
    cr_assert_eq(t.nps[3], 1);
    cr_assert_eq(t.csat[3], 1);
    cr_assert_eq(t.rows, 3);
    f = fopen(path, "a");
    fputs("a,2024-01-04,survey,ces,8,\n", f);
    fclose(f);
    co_feedback_tally before = t;
    cr_assert_eq(co_stream_tally_feedback(paths, 1, &o, &t), CO_ERANGE);
    cr_assert_eq(co_errline(), 5);
    cr_assert_eq(co_errcolumn(), 25); /* "a,2024-01-04,survey,ces,": 24 bytes before the 8 */
    cr_assert_not_null(strstr(co_errmsg(), "f.csv:5:25: ces score 8 is outside 1-7"));
    cr_assert_eq(memcmp(&t, &before, sizeof t), 0, "nothing written on failure");
    unlink(path);
    rmdir(dir);
}

/* 20000 customers (4000 under valgrind), short and long ids, rows
 * interleaved, so that the table grows several times while rows wait in the
 * counting pipeline. By
 * construction customer i has i % 3 + 1 orders of 1.5 each, on days 1, 2
 * and 3 of January 2023: frequency i % 3, total 1.5 * (i % 3 + 1). */
Test(stream, many_customers_grow_the_table)
{
    const int N = getenv("CO_UNDER_VALGRIND") ? 4000 : 20000;
    size_t cap = (size_t)N * 3 * 64 + 64, len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text, cap, "order_id,customer_id,date,amount\n");
    for (int day = 1; day <= 3; day++)
        for (int i = 0; i < N; i++)
            if (i % 3 + 1 >= day)
                len += (size_t)snprintf(text + len, cap - len, "o%d-%d,%s%d,2023-01-0%d,1.5\n", i,
                                        day, i % 2 ? "a-customer-with-a-long-id-" : "c", i, day);
    for (size_t limit = 0; limit <= 7; limit += 7) { /* default chunks, and chunks of 7 rows */
        co__order_chunk_set_limit(limit);
        co_stream_summary *s = NULL;
        co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
        cr_assert_eq(co_stream_summarize_orders_text(text, len, "o.csv", &o, &s), CO_OK, "%s",
                     co_errmsg());
        cr_assert_eq(co_stream_summary_count(s), (size_t)N);
        const co_summary *r = co_stream_summary_rows(s);
        cr_assert_eq(r->n, (size_t)N);
        for (size_t k = 0; k < r->n; k++) {
            const char *id;
            cr_assert_eq(co_stream_summary_get_customer(s, r->customer[k], &id), CO_OK);
            int i = atoi(id + (id[0] == 'c' ? 1 : strlen("a-customer-with-a-long-id-")));
            cr_assert_eq(r->customer[k], (size_t)i, "customers numbered in order of appearance");
            cr_assert_eq(r->frequency[k], (double)(i % 3), "%s", id);
            cr_assert_eq(r->orders[k], (uint64_t)(i % 3 + 1), "%s", id);
            cr_assert_eq(r->total_spend[k], 1.5 * (i % 3 + 1), "%s", id);
        }
        co_stream_summary_free(s);
    }
    co__order_chunk_set_limit(0);
    free(text);
}

/* Ids that are prefixes of one another, of every length from 1 to 40 bytes:
 * those of up to 16 bytes are kept in the slot, zero-padded, and the longer
 * ones share their first 8 bytes with the 8-byte one and their first 16 with
 * the 16-byte one. Customer L (the id of L bytes) has L orders of 1.25, on
 * the first L days from 2023-01-01, rows interleaved: each is told apart,
 * keeps its own id and its counts (frequency L - 1; past the inline days
 * from L = 12). */
Test(stream, ids_that_are_prefixes_of_each_other_stay_apart)
{
    const char *letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn";
    char text[40 * 40 * 64];
    size_t len = (size_t)snprintf(text, sizeof text, "order_id,customer_id,date,amount\n");
    for (int day = 1; day <= 40; day++)
        for (int L = day; L <= 40; L++)
            len +=
                (size_t)snprintf(text + len, sizeof text - len, "o%d-%d,%.*s,2023-%02d-%02d,1.25\n",
                                 L, day, L, letters, day <= 31 ? 1 : 2, day <= 31 ? day : day - 31);
    co_stream_summary *s = NULL;
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    cr_assert_eq(co_stream_summarize_orders_text(text, len, "o.csv", &o, &s), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(co_stream_summary_count(s), 40);
    const co_summary *r = co_stream_summary_rows(s);
    for (size_t k = 0; k < r->n; k++) {
        int L = (int)r->customer[k] + 1; /* numbered in order of first appearance */
        const char *id;
        cr_assert_eq(co_stream_summary_get_customer(s, r->customer[k], &id), CO_OK);
        cr_assert_eq(strlen(id), (size_t)L);
        cr_assert_eq(strncmp(id, letters, (size_t)L), 0, "%s", id);
        cr_assert_eq(r->orders[k], (uint64_t)L, "%s", id);
        cr_assert_eq(r->frequency[k], (double)(L - 1), "%s", id);
        cr_assert_eq(r->total_spend[k], 1.25 * L, "%s", id);
    }
    co_stream_summary_free(s);
}

Test(stream, arguments)
{
    co_stream_summary *s = NULL;
    const char *none[] = {"/nonexistent-dir/o.csv"};
    cr_assert_eq(co_stream_summarize_orders(NULL, 1, NULL, &s), CO_EINVAL);
    cr_assert_eq(co_stream_summarize_orders(none, 0, NULL, &s), CO_EINVAL);
    cr_assert_eq(co_stream_summarize_orders(none, 1, NULL, &s), CO_EIO);
    cr_assert_str_eq(co_errpath(), none[0]);
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    o.unit = CO_UNIT_MONTHS;
    cr_assert_eq(co_stream_summarize_orders_text("", 0, NULL, &o, &s), CO_EINVAL);
    cr_assert_null(s);
    o = opts_as_of(CO_DAY_NONE, 0);
    o.as_of_at_least = 3000000; /* past year 9999 */
    cr_assert_eq(co_stream_summarize_orders_text("", 0, NULL, &o, &s), CO_ERANGE);
    cr_assert_null(s);
    co_nps n;
    co_feedback_tally small = {.size = sizeof(size_t) + sizeof(uint64_t)};
    cr_assert_eq(co_feedback_tally_nps(&small, &n), CO_EINVAL);
}

/* ---- The day set of a customer: inline, then a bitmap ---- */

static day_arena arena; /* the spilled sets' first lists */

/* Add `days` in turn as add_order() does (the first day moves down); the
 * count of distinct days and the last one. */
static void add_days(stream_days *ds, const int32_t *days, size_t n, int32_t *first)
{
    *first = days[0];
    co__stream_days_start(ds);
    for (size_t i = 1; i < n; i++) {
        if (days[i] == *first)
            continue;
        cr_assert_eq(co__stream_days_add(ds, *first, days[i], &arena), CO_OK);
        if (days[i] < *first)
            *first = days[i];
    }
}

Test(stream, day_set_counts_distinct_days_inline_and_spilled)
{
    /* 5, 1, 5, 9, 1, 5: {1, 5, 9}, 3 days, inline (10 offsets fit). */
    const int32_t few[] = {5, 1, 5, 9, 1, 5};
    stream_days ds;
    int32_t first;
    add_days(&ds, few, 6, &first);
    cr_assert_eq(co__stream_days_count(&ds), 3);
    cr_assert_eq(first, 1);
    cr_assert_eq(co__stream_days_last(&ds, first), 9);
    cr_assert_eq(co__stream_days_spill_bytes(&ds), 0);
    co__stream_days_free(&ds, &arena);

    /* Days 100, 90, ..., 10 then 105, 0 and 3000 (each once) and 50 again:
     * 10 + 3 = 13 distinct days, past the 11 kept inline: a list of 16 day
     * numbers (64 bytes and a 24-byte header), less than a bitmap of the
     * 3000 days (375 bytes). */
    int32_t many[15];
    for (int i = 0; i < 10; i++)
        many[i] = 100 - 10 * i;
    many[10] = 105;
    many[11] = 0;
    many[12] = 3000;
    many[13] = 50;
    many[14] = 0;
    add_days(&ds, many, 15, &first);
    cr_assert_eq(co__stream_days_count(&ds), 13);
    cr_assert_eq(first, 0);
    cr_assert_eq(co__stream_days_last(&ds, first), 3000);
    cr_assert_eq(co__stream_days_spill_bytes(&ds), 24 + 16 * 4);
    co__stream_days_free(&ds, &arena);

    /* Every other day of 0..198 from the last down, each twice: 100 days; a
     * list of 32 would take more than the bitmap of their span, so from the
     * 17th day one bit a day, grown downwards to at most twice the 199 days:
     * 2 * ceil(199 / 64) = 8 words. */
    int32_t dense[200];
    for (int i = 0; i < 200; i++)
        dense[i] = 198 - 2 * (i / 2);
    add_days(&ds, dense, 200, &first);
    cr_assert_eq(co__stream_days_count(&ds), 100);
    cr_assert_eq(first, 0);
    cr_assert_eq(co__stream_days_last(&ds, first), 198);
    size_t bytes = co__stream_days_spill_bytes(&ds);
    cr_assert_leq(bytes, 24 + 8 * 8, "%zu bytes", bytes);
    co__stream_days_free(&ds, &arena);

    /* 0001-01-01 and 9999-12-31: offsets beyond 16 bits spill at once. */
    const int32_t far[] = {2932896, -719162, 2932896};
    add_days(&ds, far, 3, &first);
    cr_assert_eq(co__stream_days_count(&ds), 2);
    cr_assert_eq(first, -719162);
    cr_assert_eq(co__stream_days_last(&ds, first), 2932896);
    co__stream_days_free(&ds, &arena);
    cr_assert_eq(arena.outside, 0, "every set outside the arena given back");
    co__day_arena_free(&arena);
}

/* Settling keeps a set's count and last day, in each form, and gives its
 * memory back: the same sets as above (3 days inline; 13 in a first list;
 * 100 in a bitmap, outside the arena). */
Test(stream, settled_day_sets_keep_count_and_last_day)
{
    int32_t many[14], dense[200];
    for (int i = 0; i < 10; i++)
        many[i] = 100 - 10 * i;
    many[10] = 105, many[11] = 0, many[12] = 3000, many[13] = 50;
    for (int i = 0; i < 200; i++)
        dense[i] = 198 - 2 * (i / 2);
    const int32_t few[] = {5, 1, 5, 9, 1, 5};
    struct {
        const int32_t *days;
        size_t n;
        uint32_t count;
        int32_t last;
    } sets[] = {{few, 6, 3, 9}, {many, 14, 13, 3000}, {dense, 200, 100, 198}};
    stream_days ds[3];
    int32_t first[3];
    for (int k = 0; k < 3; k++)
        add_days(&ds[k], sets[k].days, sets[k].n, &first[k]);
    cr_assert_eq(arena.outside, 1, "the bitmap is the allocator's");
    for (int k = 0; k < 3; k++) {
        co__stream_days_settle(&ds[k], &arena);
        cr_assert_eq(co__stream_days_count(&ds[k]), sets[k].count, "set %d", k);
        cr_assert_eq(co__stream_days_last(&ds[k], first[k]), sets[k].last, "set %d", k);
        cr_assert_eq(co__stream_days_spill_bytes(&ds[k]), 0, "set %d", k);
    }
    cr_assert_eq(arena.outside, 0, "the bitmap given back");
    co__day_arena_free(&arena);
}

/* A block given to the arena is carved before any is allocated: the first
 * lists of 100 spilled sets (88 bytes each, after the block's 16-byte
 * header) fall inside a given block of 16 + 100 * 88 bytes, and the 101st
 * outside it. A block too small for one list is freed at once (the leak
 * checks of the sanitizer and valgrind runs see both). */
Test(stream, day_arena_carves_given_blocks_first)
{
    const int32_t twelve[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; /* one past the inline days */
    char *given = malloc(16 + 100 * 88);
    cr_assert_not_null(given);
    co__day_arena_give(&arena, malloc(40), 40);
    co__day_arena_give(&arena, given, 16 + 100 * 88);
    stream_days ds[101];
    for (int k = 0; k < 101; k++) {
        int32_t first;
        add_days(&ds[k], twelve, 12, &first);
        cr_assert_eq(ds[k].out.form, CO_STREAM_DAYS_SPILLED);
        const char *at = (const char *)co__stream_days_spill(&ds[k]);
        int inside = at >= given + 16 && at + 88 <= given + 16 + 100 * 88;
        cr_assert_eq(inside, k < 100, "set %d", k);
    }
    for (int k = 0; k < 101; k++)
        co__stream_days_free(&ds[k], &arena);
    co__day_arena_free(&arena);
}

/* A set spills to a list past the inline days, the list doubles or turns
 * into a bitmap when that takes less room, and every form keeps the days of
 * a set kept by brute force: random days over spans of 40 to 100000 days,
 * each sequence checked after every row. */
Test(stream, day_set_forms_keep_the_days)
{
    uint64_t x = 0x2545f4914f6cdd1du;
    int forms[3] = {0, 0, 0}; /* sequences that ended inline, as a list, as a bitmap */
    for (int run = 0; run < 400; run++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        static const int32_t spans[] = {40, 400, 4000, 100000};
        int32_t span = spans[(x >> 33) % 4], lo = 0, hi = 0;
        int32_t seen[60];
        size_t n = 0, rows = 5 + (x >> 40) % 55;
        stream_days ds;
        int32_t first = 0;
        for (size_t k = 0; k < rows; k++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            int32_t d = (int32_t)((x >> 20) % (uint64_t)span) - span / 2;
            if (k == 0) {
                co__stream_days_start(&ds);
                first = lo = hi = d;
            } else if (d != first) {
                cr_assert_eq(co__stream_days_add(&ds, first, d, &arena), CO_OK);
                first = d < first ? d : first;
            }
            int there = 0;
            for (size_t i = 0; i < n; i++)
                there |= seen[i] == d;
            if (!there)
                seen[n++] = d;
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
            cr_assert_eq(first, lo);
            cr_assert_eq(co__stream_days_count(&ds), (uint32_t)n, "run %d, row %zu", run, k);
            cr_assert_eq(co__stream_days_last(&ds, first), hi, "run %d, row %zu", run, k);
        }
        int spilled = ds.out.form == CO_STREAM_DAYS_SPILLED;
        forms[0] += !spilled;
        forms[1] += spilled && co__stream_days_spill(&ds)->cap;
        forms[2] += spilled && !co__stream_days_spill(&ds)->cap;
        co__stream_days_free(&ds, &arena);
    }
    cr_assert_eq(arena.outside, 0, "every list and bitmap given back");
    co__day_arena_free(&arena);
    for (int f = 0; f < 3; f++)
        cr_assert_gt(forms[f], 10, "form %d: %d sequences", f, forms[f]);
}

/* The vector form of the inline day set against the plain one, and both
 * against a set kept by brute force: random days over 70000 (so that
 * moving the offsets by an earlier first day sometimes passes 65533 and
 * the set has to spill), each sequence until it spills or ends. */
Test(stream, inline_day_set_forms_agree)
{
    uint64_t x = 0x9e3779b97f4a7c15u;
    size_t spilled = 0, kept = 0;
    for (int run = 0; run < 20000; run++) {
        stream_days plain, fast;
        int32_t first, days[CO_STREAM_INLINE_DAYS + 2];
        size_t n = 1;
        x = x * 6364136223846793005u + 1442695040888963407u;
        int32_t span = (x >> 40) % 4 == 0 ? 70000 : 40; /* a few far apart, most close */
        first = days[0] = (int32_t)((x >> 20) % (uint64_t)span);
        co__stream_days_start(&plain);
        co__stream_days_start(&fast);
        for (int k = 0; k < CO_STREAM_INLINE_DAYS + 1; k++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            int32_t d = (int32_t)((x >> 20) % (uint64_t)span);
            if (d == first)
                continue;
            int a = co__stream_days_add_inline(&plain, first, d);
#if defined(__SSE2__) && defined(__GNUC__)
            int b = co__stream_days_add_inline_fast(&fast, first, d);
            cr_assert_eq(a, b, "run %d, day %d", run, k);
            cr_assert_eq(memcmp(&plain, &fast, sizeof plain), 0, "run %d, day %d", run, k);
#endif
            int there = 0;
            for (size_t i = 0; i < n; i++)
                there |= days[i] == d;
            /* Brute force: it fits when the span from the earliest to the
             * latest day is at most 65533 and at most 11 days are distinct. */
            int32_t lo = d < first ? d : first, hi = d;
            for (size_t i = 0; i < n; i++)
                hi = days[i] > hi ? days[i] : hi;
            int fits =
                hi - lo <= CO_STREAM_DAYS_MAX_OFFSET && n + !there <= CO_STREAM_INLINE_DAYS + 1;
            cr_assert_eq(a, fits, "run %d: day %d, %zu days, span %d", run, d, n, hi - lo);
            if (!a) {
                spilled++;
                break;
            }
            if (!there)
                days[n++] = d;
            first = d < first ? d : first;
            cr_assert_eq(co__stream_days_count(&plain), (uint32_t)n);
            cr_assert_eq(co__stream_days_last(&plain, first), hi);
            kept++;
        }
    }
    cr_assert_gt(spilled, 1000, "%zu sequences spilled", spilled);
    cr_assert_gt(kept, 50000, "%zu days kept inline", kept);
}

/* A heavy buyer: 200000 orders (20000 under valgrind) on the 1461 days of
 * 2020-2023 in a scrambled order; every day is counted once. */
Test(stream, heavy_buyer_counts_every_day_once)
{
    size_t n = getenv("CO_UNDER_VALGRIND") ? 20000 : 200000, len = 0;
    char *text = malloc(n * 40 + 64);
    len += (size_t)sprintf(text, "order_id,customer_id,date,amount\n");
    for (size_t i = 0; i < n; i++) {
        char date[11];
        co_date_format(18262 + (co_day)((i * 7919) % 1461), date); /* 7919 is prime: all days */
        len += (size_t)sprintf(text + len, "%zu,heavy,%s,1\n", i, date);
    }
    co_stream_summary *s = NULL;
    co_stream_options o = opts_as_of(CO_DAY_NONE, 0);
    cr_assert_eq(co_stream_summarize_orders_text(text, len, "o.csv", &o, &s), CO_OK);
    const co_summary *r = co_stream_summary_rows(s);
    cr_assert_eq(r->n, 1);
    cr_assert_eq(r->frequency[0], 1460.0);
    cr_assert_eq(r->orders[0], n);
    cr_assert_eq(r->first_order[0], 18262);
    cr_assert_eq(r->last_order[0], 18262 + 1460);
    cr_assert_eq(r->total_spend[0], (double)n);
    co_stream_summary_free(s);
    free(text);
}
