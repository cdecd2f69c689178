#define _POSIX_C_SOURCE 200809L
/* lib/store CSV import/export: RFC 4180 syntax, validation with locations,
 * all-or-nothing and lenient imports, exact round trips. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fail_alloc.h"
#include "store_fixture.h"

static co_store *with_customers(void)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    const char *text = "customer_id,name,email,signup_date,segment\n"
                       "a,A,a@x,2024-01-01,r\n"
                       "b,B,b@x,2024-01-02,r\n";
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, text, strlen(text), "c.csv", NULL,
                                          NULL),
                 CO_OK, "%s", co_errmsg());
    return s;
}

static int add_plain_customer(co_store *s, const char *id)
{
    co_customer_input c = {.size = sizeof c, .id = id, .signup = 19000};
    return co_store_add_customer(s, &c, NULL);
}

static void temp_dir(char out[64])
{
    strcpy(out, "/tmp/co_csv_XXXXXX");
    cr_assert_not_null(mkdtemp(out));
}

static int import(co_store *s, co_record_kind kind, const char *text)
{
    return co_store_import_csv_text(s, kind, text, strlen(text), "in.csv", NULL, NULL);
}

Test(csv, fixture_imports_with_quotes_commas_and_line_breaks)
{
    co_store *s = fixture_store();
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 5);
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 11);
    cr_assert_eq(co_store_count(s, CO_RECORD_FEEDBACK), 5);
    cr_assert_eq(co_store_count(s, CO_RECORD_CONTACTS), 3);
    co_customer_view c = {.size = sizeof c};
    cr_assert_eq(co_store_get_customer(s, 1, &c), CO_OK);
    cr_assert_str_eq(c.name, "Grace \"Amazing\" Hopper");
    cr_assert_eq(c.n_prefs, 0, "empty preference cells are no preference");
    cr_assert_eq(co_store_get_customer(s, 2, &c), CO_OK);
    cr_assert_str_eq(c.name, "Doe, Jane");
    cr_assert_eq(co_store_get_customer(s, 3, &c), CO_OK);
    cr_assert_str_eq(c.name, "\xc3\x89mile Zola");
    cr_assert_str_eq(customer_tag(s, 0, 0), "vip");
    cr_assert_str_eq(customer_tag(s, 0, 1), "early");
    const char *k, *v;
    cr_assert_eq(co_store_get_customer_pref(s, 3, 0, &k, &v), CO_OK);
    cr_assert_str_eq(k, "language");
    cr_assert_str_eq(v, "fr");
    double amount[11];
    cr_assert_eq(co_store_order_arrays(s, NULL, NULL, amount, NULL), CO_OK);
    cr_assert_eq(amount[5], 30.25);
    cr_assert_eq(amount[8], 1.1);
    co_store_free(s);
}

Test(csv, crlf_bom_any_column_order_blank_lines_and_extra_columns)
{
    co_store *s = with_customers();
    const char *text = "\xEF\xBB\xBF"
                       "amount,date,note,customer_id,order_id\r\n"
                       "12.5,2024-02-01,\"x\r\ny\",a,o1\r\n"
                       "\r\n"
                       "0.1,2024-02-02,,b,\"o\"\"2\"\r\n"
                       "\r\n\n";
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 2);
    size_t cust[2];
    co_day day[2];
    double amount[2];
    const char *id[2];
    cr_assert_eq(co_store_order_arrays(s, cust, day, amount, id), CO_OK);
    cr_assert_eq(cust[1], 1);
    cr_assert_eq(amount[0], 12.5);
    cr_assert_eq(amount[1], 0.1);
    cr_assert_str_eq(id[1], "o\"2");
    /* 2024-02-01 is 19754 days after 1970-01-01 (54 years, 13 leap days, +31). */
    cr_assert_eq(day[0], 54 * 365 + 13 + 31);
    /* No final line break at all. */
    cr_assert_eq(import(s, CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no3,a,2024-01-01,3"),
                 CO_OK);
    co_store_free(s);
}

struct bad_case {
    co_record_kind kind;
    const char *text;
    int status;
    const char *message;
};

/* Each bad input: status and the exact "path:line:column: what". */
static const struct bad_case bad_cases[] = {
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,zz,2024-01-01,1\n", CO_ENOTFOUND,
     "in.csv:2:4: unknown customer 'zz'"},
    {CO_RECORD_CUSTOMERS,
     "customer_id,name,email,signup_date,segment\nc,,,2024-01-01,\na,,,2024-01-01,\n", CO_EEXIST,
     "in.csv:3:1: duplicate customer id 'a'"},
    {CO_RECORD_CUSTOMERS,
     "customer_id,name,email,signup_date,segment\nc,,,2024-01-01,\nc,,,2024-01-01,\n", CO_EEXIST,
     "in.csv:3:1: duplicate customer id 'c'"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2023-02-29,1\n", CO_EPARSE,
     "in.csv:2:6: bad date '2023-02-29': expected YYYY-MM-DD"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,12a\n", CO_EPARSE,
     "in.csv:2:17: amount '12a' is not a number"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,-3\n", CO_ERANGE,
     "in.csv:2:17: negative amount -3"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,NaN\n", CO_EPARSE,
     "in.csv:2:17: amount 'NaN' is not a number"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1e999\n", CO_ERANGE,
     "in.csv:2:17: amount '1e999' is out of range"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,\n", CO_EPARSE,
     "in.csv:2:17: amount '' is not a number"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\no1,b,2024-01-01,2\n",
     CO_EEXIST, "in.csv:3:1: duplicate order id 'o1'"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,nps,11,x\n",
     CO_ERANGE, "in.csv:2:25: nps score 11 is outside 0-10"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,csat,0,x\n",
     CO_ERANGE, "in.csv:2:26: csat score 0 is outside 1-5"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\na,2024-01-01,email,nps,1,x\n",
     CO_EPARSE, "in.csv:2:14: unknown channel 'email' (survey, review, social, support, direct)"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,text,3,x\n",
     CO_EPARSE, "in.csv:2:26: text feedback takes no score, got '3'"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,ces,,x\n",
     CO_EPARSE, "in.csv:2:25: missing ces score"},
    {CO_RECORD_CONTACTS,
     "customer_id,opened,resolved,priority,topic\na,2024-01-05,2024-01-04,low,x\n", CO_ERANGE,
     "in.csv:2:14: resolved before it was opened"},
    {CO_RECORD_CONTACTS, "customer_id,opened,resolved,priority,topic\na,2024-01-05,,asap,x\n",
     CO_EPARSE, "in.csv:2:15: unknown priority 'asap' (low, normal, high, urgent)"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,\"1\n", CO_EPARSE,
     "in.csv:2:17: unterminated quoted field"},
    /* A bad row followed by broken syntax: the first problem in the file wins. */
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,zz,2024-01-01,1\no2,a,\"x\n",
     CO_ENOTFOUND, "in.csv:2:4: unknown customer 'zz'"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\no2,a,\"x\n", CO_EPARSE,
     "in.csv:3:6: unterminated quoted field"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,\"1\"x\n", CO_EPARSE,
     "in.csv:2:20: unexpected character after a closing quote"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\"\n", CO_EPARSE,
     "in.csv:2:18: quote inside an unquoted field"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\rx\n", CO_EPARSE,
     "in.csv:2:18: carriage return without a line feed"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01\n", CO_EPARSE,
     "in.csv:2:1: expected 4 fields, found 3"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date\no1,a,2024-01-01\n", CO_EPARSE,
     "in.csv:1:1: missing required column 'amount'"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount,date\n", CO_EPARSE,
     "in.csv:1:34: column 'date' appears twice"},
    {CO_RECORD_ORDERS, "", CO_EPARSE, "in.csv:1:1: empty file: a header row is required"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no\xc3\x28,a,2024-01-01,1\n", CO_EPARSE,
     "in.csv:2:2: invalid UTF-8"},
    {CO_RECORD_CUSTOMERS,
     "customer_id,name,email,signup_date,segment,tags\nz,,,2024-01-01,,\"x\n;y\"\nq,,,2024-01-01,,"
     "\xf5\n",
     CO_EPARSE, "in.csv:4:17: invalid UTF-8"},
    {CO_RECORD_CUSTOMERS, "customer_id,name,email,signup_date,segment\n,n,,2024-01-01,\n",
     CO_EPARSE, "in.csv:2:1: empty customer id"},
    {CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\no2,,2024-01-02,1\n",
     CO_EPARSE, "in.csv:3:4: empty customer id"},
    {CO_RECORD_FEEDBACK, "customer_id,date,channel,kind,score,text\n,2024-01-01,survey,nps,9,x\n",
     CO_EPARSE, "in.csv:2:1: empty customer id"},
};

Test(csv, every_bad_input_fails_with_its_location_and_changes_nothing)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        co_store *s = with_customers();
        store_mark before = co__store_mark_now(s);
        co_csv_result result = {sizeof result, 77, 77};
        int rc =
            co_store_import_csv_text(s, c->kind, c->text, strlen(c->text), "in.csv", NULL, &result);
        cr_assert_eq(rc, c->status, "case %zu: %d (%s)", i, rc, co_errmsg());
        cr_assert_str_eq(co_errmsg(), c->message, "case %zu: %s", i, co_errmsg());
        /* The location as data is the one the expected message starts with. */
        size_t line, column;
        cr_assert_eq(sscanf(c->message, "in.csv:%zu:%zu:", &line, &column), 2);
        cr_assert_str_eq(co_errpath(), "in.csv", "case %zu", i);
        cr_assert_eq(co_errline(), line, "case %zu", i);
        cr_assert_eq(co_errcolumn(), column, "case %zu", i);
        cr_assert_eq(result.imported, 77, "case %zu: result written on failure", i);
        assert_same_mark(s, before);
        co_store_free(s);
    }
}

Test(csv, overlong_field_is_a_range_error)
{
    co_store *s = with_customers();
    size_t n = CO_STORE_FIELD_MAX + 1;
    const char *head = "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,nps,9,";
    char *text = malloc(strlen(head) + n + 2);
    strcpy(text, head);
    memset(text + strlen(head), 'x', n);
    strcpy(text + strlen(head) + n, "\n");
    store_mark before = co__store_mark_now(s);
    cr_assert_eq(import(s, CO_RECORD_FEEDBACK, text), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "in.csv:2:27: field longer than 65536 bytes");
    assert_same_mark(s, before);
    /* One byte less fits. */
    text[strlen(head) + n - 1] = '\n';
    text[strlen(head) + n] = '\0';
    cr_assert_eq(import(s, CO_RECORD_FEEDBACK, text), CO_OK, "%s", co_errmsg());
    free(text);
    co_store_free(s);
}

Test(csv, wide_headers_with_many_preferences_round_trip)
{
    co_store *s = with_customers();
    /* 3000 customers with a preference key each: a 3006-column file. */
    char id[16], key[16];
    for (int i = 0; i < 3000; i++) {
        snprintf(id, sizeof id, "w%d", i);
        snprintf(key, sizeof key, "k%d", i);
        const char *keys[] = {key}, *values[] = {"v"};
        co_customer_input c = {sizeof c, id, "", "", 0, "", NULL, 0, keys, values, 1};
        cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK);
    }
    char dir[64], path[128];
    temp_dir(dir);
    snprintf(path, sizeof path, "%s/customers.csv", dir);
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_CUSTOMERS, path), CO_OK);
    co_store *t = NULL;
    cr_assert_eq(co_store_new(&t), CO_OK);
    cr_assert_eq(co_store_import_csv(t, CO_RECORD_CUSTOMERS, path, NULL, NULL), CO_OK, "%s",
                 co_errmsg());
    const char *k, *v;
    cr_assert_eq(co_store_get_customer_pref(t, 2001, 0, &k, &v), CO_OK);
    cr_assert_str_eq(k, "k1999");
    co_customer_view view = {.size = sizeof view};
    cr_assert_eq(co_store_get_customer(t, 2001, &view), CO_OK);
    unlink(path);
    rmdir(dir);
    co_store_free(s);
    co_store_free(t);
}

Test(csv, failure_late_in_a_file_rolls_back_every_earlier_row)
{
    co_store *s = with_customers();
    store_mark before = co__store_mark_now(s);
    const char *text = "customer_id,name,email,signup_date,segment\n"
                       "c,C,,2024-01-01,\nd,D,,2024-01-01,\ne,E,,2024-13-01,\n";
    cr_assert_eq(import(s, CO_RECORD_CUSTOMERS, text), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "in.csv:4:6: bad date '2024-13-01': expected YYYY-MM-DD");
    assert_same_mark(s, before);
    size_t at;
    cr_assert_eq(co_store_find(s, "c", &at), CO_ENOTFOUND);
    co_store_free(s);
}

/* Order ids need not come sorted: a duplicate is found wherever it is, also
 * after ids in increasing order, and a failed import leaves no trace in the
 * uniqueness check of later adds. */
Test(csv, duplicate_order_ids_are_found_in_any_order)
{
    co_store *s = with_customers();
    const char *header = "order_id,customer_id,date,amount\n";
    char text[256];
    snprintf(text, sizeof text,
             "%so2,a,2024-01-01,1\no3,a,2024-01-01,1\no1,b,2024-01-01,1\n"
             "o3,b,2024-01-01,1\n",
             header);
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_EEXIST);
    cr_assert_str_eq(co_errmsg(), "in.csv:5:1: duplicate order id 'o3'");
    snprintf(text, sizeof text,
             "%so8,a,2024-01-01,1\no9,a,2024-01-01,1\no10,b,2024-01-01,1\n"
             "o9,b,2024-01-01,1\n",
             header);
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_EEXIST);
    cr_assert_str_eq(co_errmsg(), "in.csv:5:1: duplicate order id 'o9'");
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 0);
    /* Ids of the failed imports are free again; the ones imported are not. */
    snprintf(text, sizeof text, "%so3,a,2024-01-01,1\no9,a,2024-01-01,1\n", header);
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_add_order(s, "o10", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 19000, 1), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o9", "b", 19000, 1), CO_EEXIST);
    snprintf(text, sizeof text, "%so11,a,2024-01-01,1\no3,a,2024-01-01,1\n", header);
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_EEXIST);
    cr_assert_str_eq(co_errmsg(), "in.csv:3:1: duplicate order id 'o3'");
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 4);
    co_store_free(s);
}

/* Rows that repeat a customer, name the next one, go back, or share a date
 * text's digits with other years: each gets its own customer and day. */
Test(csv, repeated_customers_and_dates_resolve_like_any_other)
{
    co_store *s = with_customers();
    cr_assert_eq(add_plain_customer(s, "ab"), CO_OK);
    const char *text = "order_id,customer_id,date,amount\n"
                       "o1,a,2024-01-01,1\no2,a,2020-01-01,1\no3,b,2028-01-01,1\n"
                       "o4,ab,2024-01-01,1\no5,a,2020-01-01,1\no6,b,2024-01-01,1\n";
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_OK, "%s", co_errmsg());
    size_t cust[6];
    co_day day[6];
    cr_assert_eq(co_store_order_arrays(s, cust, day, NULL, NULL), CO_OK);
    const size_t want_cust[6] = {0, 0, 1, 2, 0, 1};
    /* Days since 1970-01-01: 2020-01-01 = 50*365 + 12 leap days = 18262,
     * 2024-01-01 = 54*365 + 13 = 19723, 2028-01-01 = 58*365 + 14 = 21184. */
    const co_day want_day[6] = {19723, 18262, 21184, 19723, 18262, 19723};
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(cust[i], want_cust[i], "row %d", i);
        cr_assert_eq(day[i], want_day[i], "row %d", i);
    }
    /* A bad date and an unknown customer right after good ones. */
    text = "order_id,customer_id,date,amount\no7,a,2023-02-28,1\no8,a,2023-02-29,1\n";
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "in.csv:3:6: bad date '2023-02-29': expected YYYY-MM-DD");
    text = "order_id,customer_id,date,amount\no7,a,2023-02-28,1\no8,a,2023-02-28,1\n"
           "o9,b,2023-02-28,1\no10,abc,2023-02-28,1\n";
    cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_ENOTFOUND);
    cr_assert_str_eq(co_errmsg(), "in.csv:5:5: unknown customer 'abc'");
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 6);
    co_store_free(s);
}

/* Field ends found at every offset (the scan looks at blocks of bytes): a
 * quote after n plain bytes is reported at column n + 1, and a field of n
 * bytes ending at a comma, a line break or the end of the text is whole. */
Test(csv, field_ends_are_found_at_every_offset)
{
    char text[160], id[64];
    for (int n = 1; n < 48; n++) {
        co_store *s = with_customers();
        memset(id, 'x', (size_t)n);
        id[n] = '\0';
        snprintf(text, sizeof text, "order_id,customer_id,date,amount\n%s\",a,2024-01-01,1\n", id);
        cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_EPARSE);
        char want[64];
        snprintf(want, sizeof want, "in.csv:2:%d: quote inside an unquoted field", n + 1);
        cr_assert_str_eq(co_errmsg(), want);
        snprintf(text, sizeof text, "order_id,customer_id,amount,date\n%s,a,1,2024-01-01", id);
        cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_OK, "%d: %s", n, co_errmsg());
        snprintf(text, sizeof text, "order_id,customer_id,amount,date\nz%s,a,1,2024-01-01\r\n", id);
        cr_assert_eq(import(s, CO_RECORD_ORDERS, text), CO_OK, "%d: %s", n, co_errmsg());
        const char *ids[2];
        cr_assert_eq(co_store_order_arrays(s, NULL, NULL, NULL, ids), CO_OK);
        cr_assert_eq(strlen(ids[0]), (size_t)n);
        cr_assert_eq(strlen(ids[1]), (size_t)n + 1);
        co_store_free(s);
    }
}

/* A NUL byte would end the field for every reader of the C string: refused
 * at the NUL itself, in strict and lenient mode alike. Lines and columns
 * are counted by hand in each text. */
static const struct nul_case {
    co_record_kind kind;
    const char *text;
    size_t len;
    const char *message;
} nul_cases[] = {
#define NUL_CASE(kind, text, message)                                                              \
    {                                                                                              \
        kind, text, sizeof text - 1, message                                                       \
    }
    /* C1 then the NUL: third byte of line 2. */
    NUL_CASE(CO_RECORD_CUSTOMERS,
             "customer_id,name,email,signup_date,segment\nC1\0-alice,A,a@x,2024-01-01,r\n",
             "in.csv:2:3: NUL byte in a field"),
    /* A quoted text spanning lines 2-3: "but" then the NUL, fourth byte of line 3. */
    NUL_CASE(CO_RECORD_FEEDBACK,
             "customer_id,date,channel,kind,score,text\na,2024-01-01,survey,nps,9,\"good\nbut\0 "
             "secret\"\n",
             "in.csv:3:4: NUL byte in a field"),
    /* The last field, unquoted: o1,a,2024-01-01,1 is 17 bytes, the NUL the 18th. */
    NUL_CASE(CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,1\0\n",
             "in.csv:2:18: NUL byte in a field"),
    /* A record starting with a NUL. */
    NUL_CASE(CO_RECORD_ORDERS, "order_id,customer_id,date,amount\n\0o1,a,2024-01-01,1\n",
             "in.csv:2:1: NUL byte in a field"),
    /* In the header: customer_id is 11 bytes. */
    NUL_CASE(CO_RECORD_ORDERS, "order_id,customer_id\0,date,amount\no1,a,2024-01-01,1\n",
             "in.csv:1:21: NUL byte in a field"),
    /* After a closing quote ("1" ends at column 19). */
    NUL_CASE(CO_RECORD_ORDERS, "order_id,customer_id,date,amount\no1,a,2024-01-01,\"1\"\0\n",
             "in.csv:2:20: unexpected character after a closing quote"),
#undef NUL_CASE
};

Test(csv, nul_bytes_are_refused_at_their_place_and_change_nothing)
{
    co_csv_options lenient;
    co_csv_options_init(&lenient, sizeof lenient);
    lenient.lenient = 1;
    for (size_t i = 0; i < sizeof nul_cases / sizeof nul_cases[0]; i++) {
        const struct nul_case *c = &nul_cases[i];
        for (int mode = 0; mode < 2; mode++) {
            co_store *s = with_customers();
            store_mark before = co__store_mark_now(s);
            co_csv_result result = {sizeof result, 77, 77};
            int rc = co_store_import_csv_text(s, c->kind, c->text, c->len, "in.csv",
                                              mode ? &lenient : NULL, &result);
            cr_assert_eq(rc, CO_EPARSE, "case %zu mode %d: %d (%s)", i, mode, rc, co_errmsg());
            cr_assert_str_eq(co_errmsg(), c->message, "case %zu mode %d", i, mode);
            size_t line, column;
            cr_assert_eq(sscanf(c->message, "in.csv:%zu:%zu:", &line, &column), 2);
            cr_assert_str_eq(co_errpath(), "in.csv");
            cr_assert_eq(co_errline(), line, "case %zu", i);
            cr_assert_eq(co_errcolumn(), column, "case %zu", i);
            cr_assert_eq(result.imported, 77, "case %zu: result written on failure", i);
            assert_same_mark(s, before);
            co_store_free(s);
        }
    }
}

Test(csv, nul_bytes_are_found_at_every_offset)
{
    /* Past the first 16-byte block too: an id of n 'x' then the NUL at column n + 1. */
    char text[160];
    const char *head = "order_id,customer_id,date,amount\n";
    for (size_t n = 0; n < 48; n++) {
        co_store *s = with_customers();
        store_mark before = co__store_mark_now(s);
        size_t len = (size_t)snprintf(text, sizeof text, "%s", head);
        memset(text + len, 'x', n);
        len += n;
        text[len++] = '\0';
        len += (size_t)snprintf(text + len, sizeof text - len, "y,a,2024-01-01,1\n");
        cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, text, len, "in.csv", NULL, NULL),
                     CO_EPARSE, "%zu", n);
        char want[64];
        snprintf(want, sizeof want, "in.csv:2:%zu: NUL byte in a field", n + 1);
        cr_assert_str_eq(co_errmsg(), want);
        cr_assert_eq(co_errcolumn(), n + 1);
        assert_same_mark(s, before);
        co_store_free(s);
    }
}

struct skips {
    size_t n;
    size_t lines[8];
    int status[8];
    char first[128];
};

static void on_skip(void *ctx, size_t line, int status, const char *message)
{
    struct skips *k = ctx;
    if (k->n == 0)
        snprintf(k->first, sizeof k->first, "%s", message);
    k->lines[k->n] = line;
    k->status[k->n++] = status;
}

Test(csv, lenient_import_keeps_good_rows_and_reports_bad_ones)
{
    co_store *s = with_customers();
    const char *text = "order_id,customer_id,date,amount\n"
                       "o1,a,2024-01-01,1\n"
                       "o2,zz,2024-01-01,1\n"      /* line 3: unknown customer */
                       "o3,a,2024-01-01,-1\n"      /* line 4: negative */
                       "\"o\n4\",b,2024-01-01,2\n" /* lines 5-6: good, id has a line break */
                       "o5,b,2024-1-01,2\n"        /* line 7: bad date */
                       "o6,b,2024-01-03,2.5\n";
    struct skips k = {0};
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    opts.lenient = 1;
    opts.on_skip = on_skip;
    opts.ctx = &k;
    co_csv_result result = {.size = sizeof result};
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, text, strlen(text), "in.csv", &opts,
                                          &result),
                 CO_OK);
    cr_assert_eq(result.imported, 3);
    cr_assert_eq(result.skipped, 3);
    cr_assert_eq(k.n, 3);
    cr_assert_eq(k.lines[0], 3);
    cr_assert_eq(k.lines[1], 4);
    cr_assert_eq(k.lines[2], 7);
    cr_assert_eq(k.status[0], CO_ENOTFOUND);
    cr_assert_eq(k.status[1], CO_ERANGE);
    cr_assert_eq(k.status[2], CO_EPARSE);
    cr_assert_str_eq(k.first, "in.csv:3:4: unknown customer 'zz'");
    cr_assert_eq(co_store_count(s, CO_RECORD_ORDERS), 3);
    /* Broken syntax still fails the whole lenient import. */
    store_mark before = co__store_mark_now(s);
    const char *broken = "order_id,customer_id,date,amount\no7,zz,2024-01-01,1\no8,a,\"x\n";
    k.n = 0;
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, broken, strlen(broken), "in.csv",
                                          &opts, NULL),
                 CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "in.csv:3:6: unterminated quoted field");
    cr_assert_eq(k.n, 1, "the bad row before the broken one was still reported");
    assert_same_mark(s, before);
    /* Options must come from co_csv_options_init(). */
    co_csv_options raw = {0};
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, text, strlen(text), "x", &raw, NULL),
                 CO_EINVAL);
    co_store_free(s);
}

Test(csv, missing_file_is_an_io_error)
{
    co_store *s = with_customers();
    cr_assert_eq(co_store_import_csv(s, CO_RECORD_ORDERS, "/nonexistent/orders.csv", NULL, NULL),
                 CO_EIO);
    cr_assert_eq(co_store_import_csv(s, (co_record_kind)9, "x", NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_store_import_csv(NULL, CO_RECORD_ORDERS, "x", NULL, NULL), CO_EINVAL);
    co_store_free(s);
}

static void export_all(const co_store *s, const char *dir)
{
    for (int k = 0; k < 4; k++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.csv", dir, kind_names[k]);
        cr_assert_eq(co_store_export_csv(s, (co_record_kind)k, path), CO_OK, "%s", co_errmsg());
    }
}

Test(csv, export_then_import_gives_the_same_store)
{
    co_store *s = fixture_store();
    /* Awkward values: shortest exact amounts, quotes, line breaks. */
    cr_assert_eq(co_store_add_order(s, "p,1", "c2", 19800, 0.1 + 0.2), CO_OK);
    cr_assert_eq(co_store_add_order(s, "p\"2", "c2", 19801, 1e-300), CO_OK);
    cr_assert_eq(co_store_add_order(s, "p3", "c2", 19802, 123456789012345678.0), CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "c3", 19800, CO_CHANNEL_SOCIAL, CO_FEEDBACK_TEXT, NAN,
                                       "line\r\nbreak, \"quoted\""),
                 CO_OK);
    char a[64], b[64];
    temp_dir(a);
    temp_dir(b);
    export_all(s, a);
    co_store *t = import_dir(a);
    export_all(t, b);
    for (int k = 0; k < 4; k++) {
        char pa[128], pb[128];
        snprintf(pa, sizeof pa, "%s/%s.csv", a, kind_names[k]);
        snprintf(pb, sizeof pb, "%s/%s.csv", b, kind_names[k]);
        char *ta = slurp(pa), *tb = slurp(pb);
        cr_assert_str_eq(ta, tb, "%s differs after a round trip", kind_names[k]);
        free(ta);
        free(tb);
        cr_assert_eq(co_store_count(s, (co_record_kind)k), co_store_count(t, (co_record_kind)k));
        unlink(pa);
        unlink(pb);
    }
    rmdir(a);
    rmdir(b);
    size_t n = co_store_count(s, CO_RECORD_ORDERS);
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    co_store_order_arrays(s, NULL, NULL, x, NULL);
    co_store_order_arrays(t, NULL, NULL, y, NULL);
    for (size_t i = 0; i < n; i++)
        cr_assert(memcmp(&x[i], &y[i], sizeof x[i]) == 0, "amount %zu: %.17g != %.17g", i, x[i],
                  y[i]);
    free(x);
    free(y);
    co_store_free(s);
    co_store_free(t);
}

Test(csv, empty_stores_and_awkward_preference_keys_round_trip)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    char a[64], b[64];
    temp_dir(a);
    temp_dir(b);
    export_all(s, a); /* header rows only */
    co_store *t = import_dir(a);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(co_store_count(t, (co_record_kind)k), 0);
    co_store_free(t);
    /* A key with a comma and a quote needs a quoted header cell. */
    const char *keys[] = {"a,\"b"}, *values[] = {"x;y"};
    co_customer_input c = {sizeof c, "id", "", "", 0, "", NULL, 0, keys, values, 1};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK);
    export_all(s, b);
    t = import_dir(b);
    const char *k, *v;
    cr_assert_eq(co_store_get_customer_pref(t, 0, 0, &k, &v), CO_OK);
    cr_assert_str_eq(k, "a,\"b");
    cr_assert_str_eq(v, "x;y");
    co_store_free(t);
    co_store_free(s);
    for (int i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.csv", a, kind_names[i]);
        unlink(path);
        snprintf(path, sizeof path, "%s/%s.csv", b, kind_names[i]);
        unlink(path);
    }
    cr_assert_eq(rmdir(a), 0);
    cr_assert_eq(rmdir(b), 0);
}

Test(csv, export_writes_the_documented_text)
{
    co_store *s = fixture_store();
    char dir[64], path[128];
    temp_dir(dir);
    snprintf(path, sizeof path, "%s/contacts.csv", dir);
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_CONTACTS, path), CO_OK);
    char *text = slurp(path);
    cr_assert_str_eq(text, "customer_id,opened,resolved,priority,topic\n"
                           "c1,2024-01-16,2024-01-18,normal,delivery\n"
                           "c2,2024-02-11,,urgent,billing\n"
                           "c5,2024-03-02,2024-03-02,low,\"usability, login\"\n");
    free(text);
    snprintf(path, sizeof path, "%s/customers.csv", dir);
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_CUSTOMERS, path), CO_OK);
    text = slurp(path);
    cr_assert_str_eq(text,
                     "customer_id,name,email,signup_date,segment,tags,pref.channel,pref.language\n"
                     "c1,Ada Lovelace,ada@example.com,2023-12-20,retail,vip;early,email,en\n"
                     "c2,\"Grace \"\"Amazing\"\" "
                     "Hopper\",grace@example.com,2024-02-01,business,,,\n"
                     "c3,\"Doe, Jane\",jane@example.com,2024-03-01,retail,,sms,\n"
                     "c4,\xc3\x89mile Zola,emile@example.fr,2024-03-30,retail,newsletter,,fr\n"
                     "c5,Li Wei,li@example.cn,2023-11-11,business,,,\n");
    free(text);
    unlink(path);
    snprintf(path, sizeof path, "%s/contacts.csv", dir);
    unlink(path);
    /* A directory that does not exist: CO_EIO, nothing written. */
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_ORDERS, "/nonexistent/dir/o.csv"), CO_EIO);
    rmdir(dir);
    co_store_free(s);
}

/* A store whose text cells start with the characters OWASP lists as formula
 * starts (= + - @ TAB CR), and a plain customer. */
static co_store *formula_store(void)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    const char *tags[] = {"@tag", "x"}, *keys[] = {"k"}, *values[] = {"\tv"};
    co_customer_input c = {
        sizeof c, "=cmd|' /C calc'!A0", "+SUM(A1)", "@evil", 19723, "-2+3", tags, 2, keys, values,
        1};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK, "%s", co_errmsg());
    co_customer_input d = {sizeof d, "p", "Plain = name", "p@x", 19724, "r",
                           NULL,     0,   NULL,           NULL,  0};
    cr_assert_eq(co_store_add_customer(s, &d, NULL), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_add_order(s, "-1", "p", 19725, 12.5), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o2", "=cmd|' /C calc'!A0", 19726, 0), CO_OK);
    /* Negative zero is not negative (-0 >= 0): the one amount written with a '-'. */
    cr_assert_eq(co_store_add_order(s, "o3", "p", 19727, -0.0), CO_OK);
    cr_assert_eq(co_store_add_feedback(s, "p", 19725, CO_CHANNEL_SURVEY, CO_FEEDBACK_NPS, 9,
                                       "\rHYPERLINK(\"http://x\")"),
                 CO_OK);
    cr_assert_eq(co_store_add_contact(s, "p", 19725, CO_DAY_NONE, CO_PRIORITY_LOW, "-topic"),
                 CO_OK);
    return s;
}

static char *export_text(const co_store *s, co_record_kind kind, const co_csv_options *opts)
{
    char dir[64], path[128];
    temp_dir(dir);
    snprintf(path, sizeof path, "%s/x.csv", dir);
    cr_assert_eq(co_store_export_csv_opts(s, kind, path, opts), CO_OK, "%s", co_errmsg());
    char *text = slurp(path);
    unlink(path);
    rmdir(dir);
    return text;
}

Test(csv, spreadsheet_safe_export_quotes_formula_cells_of_text_columns)
{
    co_store *s = formula_store();
    co_csv_options o;
    co_csv_options_init(&o, sizeof o);
    cr_assert_eq(o.spreadsheet_safe, 0, "exact is the default");
    o.spreadsheet_safe = 1;
    /* Each text cell starting with = + - @ TAB or CR gets a leading '; a cell
     * quoted for its comma, quote or line break keeps the ' inside the quotes. */
    char *t = export_text(s, CO_RECORD_CUSTOMERS, &o);
    cr_assert_str_eq(t, "customer_id,name,email,signup_date,segment,tags,pref.k\n"
                        "'=cmd|' /C calc'!A0,'+SUM(A1),'@evil,2024-01-01,'-2+3,'@tag;x,'\tv\n"
                        "p,Plain = name,p@x,2024-01-02,r,,\n");
    free(t);
    /* Ids are text and quoted; amounts and dates are numbers and are not, even
     * an amount that starts with '-'. */
    t = export_text(s, CO_RECORD_ORDERS, &o);
    cr_assert_str_eq(t, "order_id,customer_id,date,amount\n"
                        "'-1,p,2024-01-03,12.5\n"
                        "o2,'=cmd|' /C calc'!A0,2024-01-04,0\n"
                        "o3,p,2024-01-05,-0\n");
    free(t);
    t = export_text(s, CO_RECORD_FEEDBACK, &o);
    cr_assert_str_eq(t, "customer_id,date,channel,kind,score,text\n"
                        "p,2024-01-03,survey,nps,9,\"'\rHYPERLINK(\"\"http://x\"\")\"\n");
    free(t);
    t = export_text(s, CO_RECORD_CONTACTS, &o);
    cr_assert_str_eq(t, "customer_id,opened,resolved,priority,topic\n"
                        "p,2024-01-03,,low,'-topic\n");
    free(t);
    co_store_free(s);
}

Test(csv, exact_export_writes_formula_cells_as_stored_and_round_trips)
{
    co_store *s = formula_store();
    co_csv_options o;
    co_csv_options_init(&o, sizeof o);
    char *t = export_text(s, CO_RECORD_CUSTOMERS, NULL);
    char *u = export_text(s, CO_RECORD_CUSTOMERS, &o);
    cr_assert_str_eq(t, "customer_id,name,email,signup_date,segment,tags,pref.k\n"
                        "=cmd|' /C calc'!A0,+SUM(A1),@evil,2024-01-01,-2+3,@tag;x,\tv\n"
                        "p,Plain = name,p@x,2024-01-02,r,,\n");
    cr_assert_str_eq(u, t);
    free(u);
    free(t);
    t = export_text(s, CO_RECORD_ORDERS, NULL);
    cr_assert_str_eq(t, "order_id,customer_id,date,amount\n"
                        "-1,p,2024-01-03,12.5\n"
                        "o2,=cmd|' /C calc'!A0,2024-01-04,0\n"
                        "o3,p,2024-01-05,-0\n");
    free(t);
    /* The exact files import back to the same records. */
    char a[64];
    temp_dir(a);
    export_all(s, a);
    co_store *r = import_dir(a);
    co_customer_view v = {.size = sizeof v};
    cr_assert_eq(co_store_get_customer(r, 0, &v), CO_OK);
    cr_assert_str_eq(v.id, "=cmd|' /C calc'!A0");
    cr_assert_str_eq(v.name, "+SUM(A1)");
    cr_assert_str_eq(v.email, "@evil");
    cr_assert_str_eq(v.segment, "-2+3");
    const char *k, *val;
    cr_assert_eq(co_store_get_customer_pref(r, 0, 0, &k, &val), CO_OK);
    cr_assert_str_eq(val, "\tv");
    for (int i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.csv", a, kind_names[i]);
        char *before = export_text(s, (co_record_kind)i, NULL);
        char *after = export_text(r, (co_record_kind)i, NULL);
        cr_assert_str_eq(after, before, "%s", kind_names[i]);
        free(before);
        free(after);
        unlink(path);
    }
    rmdir(a);
    co_store_free(r);
    co_store_free(s);
}

Test(csv, export_refuses_bad_option_sizes_and_writes_nothing)
{
    co_store *s = formula_store();
    char dir[64], path[128];
    temp_dir(dir);
    snprintf(path, sizeof path, "%s/x.csv", dir);
    co_csv_options o;
    co_csv_options_init(&o, sizeof o);
    o.size = sizeof o + 8;
    cr_assert_eq(co_store_export_csv_opts(s, CO_RECORD_ORDERS, path, &o), CO_EINVAL);
    cr_assert_not_null(strstr(co_errmsg(), "co_csv_options"), "%s", co_errmsg());
    o.size = 0;
    cr_assert_eq(co_store_export_csv_opts(s, CO_RECORD_ORDERS, path, &o), CO_EINVAL);
    cr_assert_eq(access(path, F_OK), -1, "no file written");
    cr_assert_eq(rmdir(dir), 0, "nothing left in the directory");
    co_store_free(s);
}

static int op_import_text(void *ctx)
{
    (void)ctx;
    const char *text = "customer_id,name,email,signup_date,segment,tags,pref.k\n"
                       "a,A,,2024-01-01,r,t1;t2,v\nb,\"B, b\",,2024-01-02,,,\n";
    co_store *s = NULL;
    int rc = co_store_new(&s);
    if (rc == CO_OK)
        rc = co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, text, strlen(text), "t", NULL, NULL);
    if (rc < 0 && s)
        cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 0);
    co_store_free(s);
    return rc;
}

static int op_import(void *ctx)
{
    return co_store_import_csv(ctx, CO_RECORD_CUSTOMERS, STORE_FIXTURE("customers.csv"), NULL,
                               NULL);
}

static int op_import_fixture(void *ctx)
{
    (void)ctx;
    static const char *const files[4] = {STORE_FIXTURE("customers.csv"),
                                         STORE_FIXTURE("orders.csv"), STORE_FIXTURE("feedback.csv"),
                                         STORE_FIXTURE("contacts.csv")};
    co_store *s = NULL;
    int rc = co_store_new(&s);
    for (int k = 0; k < 4 && rc == CO_OK; k++) {
        store_mark before = co__store_mark_now(s);
        rc = co_store_import_csv(s, (co_record_kind)k, files[k], NULL, NULL);
        if (rc < 0)
            assert_same_mark(s, before);
    }
    co_store_free(s);
    return rc;
}

static int op_export(void *ctx)
{
    char path[128];
    snprintf(path, sizeof path, "%s/customers.csv", (const char *)ctx);
    co_store *s = NULL;
    int rc = co_store_new(&s);
    if (rc == CO_OK)
        rc = op_import(s);
    if (rc == CO_OK)
        rc = co_store_export_csv(s, CO_RECORD_CUSTOMERS, path);
    co_store_free(s);
    return rc;
}

Test(csv, import_and_export_survive_allocation_failures)
{
    cr_assert_gt(co_test_alloc_sweep(op_import_fixture, NULL, NULL), 10);
    cr_assert_gt(co_test_alloc_sweep(op_import_text, NULL, NULL), 5);
    char dir[64];
    temp_dir(dir);
    cr_assert_gt(co_test_alloc_sweep(op_export, NULL, dir), 10);
    char path[128];
    snprintf(path, sizeof path, "%s/customers.csv", dir);
    unlink(path);
    cr_assert_eq(rmdir(dir), 0, "a temporary file was left behind");
}
