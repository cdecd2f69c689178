#define _POSIX_C_SOURCE 200809L
/* Where a failure lies, as data: co_errpath(), co_errline(), co_errcolumn()
 * for the accessors themselves and for each kind of located failure. The
 * expected lines and columns are counted by hand from the texts written here. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"
#include "error_internal.h"

static void assert_location(const char *path, size_t line, size_t column)
{
    cr_assert_not_null(co_errpath(), "no location for: %s", co_errmsg());
    cr_assert_str_eq(co_errpath(), path, "%s", co_errmsg());
    cr_assert_eq(co_errline(), line, "line %zu (%s)", co_errline(), co_errmsg());
    cr_assert_eq(co_errcolumn(), column, "column %zu (%s)", co_errcolumn(), co_errmsg());
}

static void assert_no_location(void)
{
    cr_assert_null(co_errpath(), "stale location %s for: %s", co_errpath(), co_errmsg());
    cr_assert_eq(co_errline(), 0);
    cr_assert_eq(co_errcolumn(), 0);
}

/* ---- The accessors ---- */

static void *location_of_a_new_thread(void *arg)
{
    (void)arg;
    assert_no_location();
    cr_assert_str_eq(co_errmsg(), "");
    return NULL;
}

Test(accessors, a_thread_starts_without_a_location)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, location_of_a_new_thread, NULL), 0);
    pthread_join(t, NULL);
}

Test(accessors, give_the_location_the_message_starts_with)
{
    cr_assert_eq(co__fail_at(CO_EPARSE, "orders.csv", 17, 4, "unterminated quoted field"),
                 CO_EPARSE);
    assert_location("orders.csv", 17, 4);
    cr_assert_str_eq(co_errmsg(), "orders.csv:17:4: unterminated quoted field");
    cr_assert_eq(co_errcode(), CO_EPARSE);
}

Test(accessors, an_unknown_column_or_line_is_zero_and_left_out_of_the_message)
{
    co__fail_at(CO_EPARSE, "a.txt", 3, 0, "no items");
    assert_location("a.txt", 3, 0);
    cr_assert_str_eq(co_errmsg(), "a.txt:3: no items");
    co__fail_at(CO_EIO, "a.txt", 0, 9, "cannot open");
    assert_location("a.txt", 0, 0);
    cr_assert_str_eq(co_errmsg(), "a.txt: cannot open");
    co__fail_at(CO_EPARSE, NULL, 2, 5, "bad");
    assert_location("<input>", 2, 5);
    cr_assert_str_eq(co_errmsg(), "<input>:2:5: bad");
}

Test(accessors, a_failure_without_a_location_clears_it)
{
    co__fail_at(CO_ENOTFOUND, "orders.csv", 4, 6, "unknown customer 'zed'");
    co_day d;
    cr_assert_eq(co_date_parse("2023-02-29", 10, &d), CO_EPARSE);
    assert_no_location();
    co__fail_at(CO_ENOTFOUND, "orders.csv", 4, 6, "unknown customer 'zed'");
    cr_assert_eq(co__fail_nomem(), CO_ENOMEM);
    assert_no_location();
    cr_assert_str_eq(co_errmsg(), "out of memory");
}

Test(accessors, a_success_keeps_the_location)
{
    co__fail_at(CO_EPARSE, "orders.csv", 2, 3, "bad");
    co_day d;
    cr_assert_eq(co_date_parse("2024-02-29", 10, &d), CO_OK);
    assert_location("orders.csv", 2, 3);
}

Test(accessors, a_failure_may_reuse_the_previous_location_and_message)
{
    co__fail_at(CO_EPARSE, "in.csv", 5, 1, "duplicate order id 'o3'");
    co__fail_at(CO_EEXIST, co_errpath(), co_errline(), 7, "again (%s)", co_errmsg());
    assert_location("in.csv", 5, 7);
    cr_assert_str_eq(co_errmsg(), "in.csv:5:7: again (in.csv:5:1: duplicate order id 'o3')");
}

Test(accessors, a_saved_failure_comes_back_whole)
{
    co__fail_at(CO_EPARSE, "in.csv", 3, 6, "unterminated quoted field");
    co_failure *saved = malloc(sizeof *saved);
    co__failure_save(saved);
    co__fail(CO_EINVAL, "something else");
    cr_assert_eq(co__failure_restore(saved), CO_EPARSE);
    free(saved);
    assert_location("in.csv", 3, 6);
    cr_assert_str_eq(co_errmsg(), "in.csv:3:6: unterminated quoted field");
    cr_assert_eq(co_errcode(), CO_EPARSE);
}

Test(accessors, a_long_path_is_cut_in_data_and_message_alike)
{
    /* 10000 bytes: the first CO_ERRPATH_MAX (4095) are kept, the detail too. */
    size_t n = 10000;
    char *path = malloc(n + 1), *want = malloc(n + 64);
    memset(path, 'a', n);
    path[n] = '\0';
    co__fail_at(CO_EPARSE, path, 2, 3, "bad date");
    cr_assert_eq(strlen(co_errpath()), 4095);
    cr_assert_eq(memcmp(co_errpath(), path, 4095), 0);
    cr_assert_eq(co_errline(), 2);
    snprintf(want, n + 64, "%.4095s:2:3: bad date", path);
    cr_assert_str_eq(co_errmsg(), want);
    free(path);
    free(want);
}

Test(accessors, a_long_path_is_not_cut_inside_a_character)
{
    /* 3000 x "é" (C3 A9) is 6000 bytes; byte 4095 (0-based) is the second
     * byte of the 2048th "é", so 2047 whole characters (4094 bytes) remain. */
    char *path = malloc(6001);
    for (size_t i = 0; i < 3000; i++)
        memcpy(path + 2 * i, "\xc3\xa9", 2);
    path[6000] = '\0';
    co__fail_at(CO_EPARSE, path, 1, 1, "x");
    cr_assert_eq(strlen(co_errpath()), 4094);
    cr_assert_eq(memcmp(co_errpath(), path, 4094), 0);
    free(path);
}

/* Each thread records its own location, waits until all have, then checks
 * that it still sees its own. */
#define THREADS 4

static pthread_barrier_t all_recorded;

static void *own_location(void *arg)
{
    size_t i = (size_t)(uintptr_t)arg;
    char path[32];
    snprintf(path, sizeof path, "thread%zu.csv", i);
    co__fail_at(CO_EPARSE, path, i + 1, 2 * i + 1, "thread %zu", i);
    pthread_barrier_wait(&all_recorded);
    assert_location(path, i + 1, 2 * i + 1);
    return NULL;
}

Test(accessors, each_thread_has_its_own_location)
{
    co__fail_at(CO_EEXIST, "main.csv", 9, 9, "main");
    pthread_barrier_init(&all_recorded, NULL, THREADS);
    pthread_t t[THREADS];
    for (size_t i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, own_location, (void *)(uintptr_t)i), 0);
    for (size_t i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&all_recorded);
    assert_location("main.csv", 9, 9);
}

/* ---- Located failures of the library ---- */

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/co_errloc_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    static const char *const names[] = {"customers.csv", "orders.csv",       "feedback.csv",
                                        "contacts.csv",  "visit.instrument", "words.tsv",
                                        "store.snap"};
    char path[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

TestSuite(located, .init = make_dir, .fini = remove_dir);

/* Write `text` to `name` in the test directory; its path goes to `path`. */
static void write_file(const char *name, const char *text, char path[128])
{
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static co_store *two_customers(void)
{
    char path[128];
    write_file("customers.csv",
               "customer_id,name,email,signup_date,segment\n"
               "c1,Ann,ann@example.com,2024-01-01,retail\n"
               "c2,Bob,bob@example.com,2024-01-02,retail\n",
               path);
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_import_csv(s, CO_RECORD_CUSTOMERS, path, NULL, NULL), CO_OK, "%s",
                 co_errmsg());
    return s;
}

/* Import `text` as `name` of `kind` into a store of two customers; expect
 * `status` at `line`, `column` of that file. */
static void expect_import_failure(co_record_kind kind, const char *name, const char *text,
                                  int status, size_t line, size_t column)
{
    co_store *s = two_customers();
    char path[128];
    write_file(name, text, path);
    cr_assert_eq(co_store_import_csv(s, kind, path, NULL, NULL), status, "%s", co_errmsg());
    assert_location(path, line, column);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s:%zu:%zu: ", path, line, column);
    cr_assert_eq(strncmp(co_errmsg(), prefix, strlen(prefix)), 0, "%s", co_errmsg());
    co_store_free(s);
}

Test(located, unknown_customer_of_an_order)
{
    /* Line 4; "o300," is 5 bytes, so customer_id starts in column 6. */
    expect_import_failure(CO_RECORD_ORDERS, "orders.csv",
                          "order_id,customer_id,date,amount\n"
                          "o1,c1,2024-01-05,10.00\n"
                          "o2,c2,2024-01-06,12.50\n"
                          "o300,zed,2024-01-07,8.00\n",
                          CO_ENOTFOUND, 4, 6);
}

Test(located, duplicate_customer_id)
{
    /* Line 3; "Ann Again," is 10 bytes, so customer_id starts in column 11. */
    expect_import_failure(CO_RECORD_CUSTOMERS, "customers.csv",
                          "name,customer_id,email,signup_date,segment\n"
                          "Cy,c3,cy@example.com,2024-01-03,retail\n"
                          "Ann Again,c1,ann@example.com,2024-01-01,retail\n",
                          CO_EEXIST, 3, 11);
}

Test(located, impossible_date_of_a_feedback)
{
    /* Line 3; "c2," is 3 bytes, so the date starts in column 4. */
    expect_import_failure(CO_RECORD_FEEDBACK, "feedback.csv",
                          "customer_id,date,channel,kind,score,text\n"
                          "c1,2024-01-10,survey,nps,9,fine\n"
                          "c2,2024-02-30,survey,nps,7,ok\n",
                          CO_EPARSE, 3, 4);
}

Test(located, score_outside_its_scale)
{
    /* Line 2; "c1,2024-01-10,survey,nps," is 3 + 11 + 7 + 4 = 25 bytes: column 26. */
    expect_import_failure(CO_RECORD_FEEDBACK, "feedback.csv",
                          "customer_id,date,channel,kind,score,text\n"
                          "c1,2024-01-10,survey,nps,11,fine\n",
                          CO_ERANGE, 2, 26);
}

Test(located, unknown_priority_of_a_contact)
{
    /* Line 2; "c1,2024-01-16,," is 3 + 11 + 1 = 15 bytes: column 16. */
    expect_import_failure(CO_RECORD_CONTACTS, "contacts.csv",
                          "customer_id,opened,resolved,priority,topic\n"
                          "c1,2024-01-16,,someday,billing\n",
                          CO_EPARSE, 2, 16);
}

Test(located, missing_column_of_the_header)
{
    expect_import_failure(CO_RECORD_ORDERS, "orders.csv", "order_id,customer_id,amount\n",
                          CO_EPARSE, 1, 1);
}

Test(located, csv_syntax_after_a_good_row)
{
    /* Line 3 is read while line 2 is added; "o2,c1," is 6 bytes: the open
     * quote is in column 7. */
    expect_import_failure(CO_RECORD_ORDERS, "orders.csv",
                          "order_id,customer_id,date,amount\n"
                          "o1,c1,2024-01-05,10\n"
                          "o2,c1,\"2024-01-06\n",
                          CO_EPARSE, 3, 7);
}

Test(located, text_import_names_its_source)
{
    co_store *s = two_customers();
    const char *text = "order_id,customer_id,date,amount\no1,c1,2024-01-05,-1\n";
    /* "o1,c1,2024-01-05," is 3 + 3 + 11 = 17 bytes: the amount is in column 18. */
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, text, strlen(text), "pasted", NULL,
                                          NULL),
                 CO_ERANGE);
    assert_location("pasted", 2, 18);
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_ORDERS, text, strlen(text), NULL, NULL,
                                          NULL),
                 CO_ERANGE);
    assert_location("<text>", 2, 18);
    /* A later failure without a location clears it. */
    cr_assert_eq(co_store_import_csv(NULL, CO_RECORD_ORDERS, "x.csv", NULL, NULL), CO_EINVAL);
    assert_no_location();
    co_store_free(s);
}

struct skipped {
    size_t n;
    size_t line[4], column[4];
    int status[4];
};

static void record_skip(void *ctx, size_t line, int status, const char *message)
{
    struct skipped *k = ctx;
    (void)message;
    cr_assert_lt(k->n, 4);
    cr_assert_eq(co_errline(), line);
    k->line[k->n] = co_errline();
    k->column[k->n] = co_errcolumn();
    k->status[k->n++] = status;
}

Test(located, each_skipped_row_is_located_while_it_is_reported)
{
    co_store *s = two_customers();
    char path[128];
    /* Line 3: customer "nobody" after "o2," (3 bytes), column 4. Line 5:
     * amount "ten" after "o4,c2,2024-01-08," (3 + 3 + 11 = 17 bytes), column 18. */
    write_file("orders.csv",
               "order_id,customer_id,date,amount\n"
               "o1,c1,2024-01-05,10\n"
               "o2,nobody,2024-01-06,11\n"
               "o3,c2,2024-01-07,12\n"
               "o4,c2,2024-01-08,ten\n",
               path);
    struct skipped k = {0};
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    opts.lenient = 1;
    opts.on_skip = record_skip;
    opts.ctx = &k;
    cr_assert_eq(co_store_import_csv(s, CO_RECORD_ORDERS, path, &opts, NULL), CO_OK);
    cr_assert_eq(k.n, 2);
    cr_assert_eq(k.status[0], CO_ENOTFOUND);
    cr_assert_eq(k.line[0], 3);
    cr_assert_eq(k.column[0], 4);
    cr_assert_eq(k.status[1], CO_EPARSE);
    cr_assert_eq(k.line[1], 5);
    cr_assert_eq(k.column[1], 18);
    co_store_free(s);
}

Test(located, instrument_definition)
{
    /* Line 3: "item q1 " is 8 bytes, the unknown subscale starts in column 9. */
    const char *text = "instrument Visit\n"
                       "scale 1 5\n"
                       "item q1 all + The staff greeted me.\n";
    char path[128];
    write_file("visit.instrument", text, path);
    co_instrument *inst = NULL;
    cr_assert_eq(co_instrument_load(path, &inst), CO_EPARSE);
    assert_location(path, 3, 9);
    cr_assert_eq(co_instrument_parse(text, strlen(text), "inline", &inst), CO_EPARSE);
    assert_location("inline", 3, 9);
    cr_assert_null(inst);
}

Test(located, lexicon_line)
{
    /* Line 2: the valence follows "zingy" and a TAB, column 5 + 2 = 7. */
    char path[128];
    write_file("words.tsv", "good\t1.5\nzingy\t9\n", path);
    co_lexicon *lex = NULL;
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &lex), CO_OK);
    cr_assert_eq(co_lexicon_load(lex, path), CO_EPARSE);
    assert_location(path, 2, 7);
    co_lexicon_free(lex);
}

Test(located, a_file_that_cannot_be_opened_has_a_path_but_no_line)
{
    char path[128], want[160];
    snprintf(path, sizeof path, "%s/absent.csv", dir);
    snprintf(want, sizeof want, "%s: cannot open: ", path);
    co_store *s = two_customers();
    cr_assert_eq(co_store_import_csv(s, CO_RECORD_ORDERS, path, NULL, NULL), CO_EIO);
    assert_location(path, 0, 0);
    cr_assert_eq(strncmp(co_errmsg(), want, strlen(want)), 0, "%s", co_errmsg());
    co_instrument *inst = NULL;
    cr_assert_eq(co_instrument_load(path, &inst), CO_EIO);
    assert_location(path, 0, 0);
    co_lexicon *lex = NULL;
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &lex), CO_OK);
    cr_assert_eq(co_lexicon_load(lex, path), CO_EIO);
    assert_location(path, 0, 0);
    co_lexicon_free(lex);
    co_store_free(s);
}

Test(located, a_damaged_snapshot_has_a_path_but_no_line)
{
    char path[128];
    write_file("store.snap", "not a snapshot", path);
    co_store *s = NULL;
    cr_assert_eq(co_store_load(path, &s), CO_ECORRUPT);
    assert_location(path, 0, 0);
    cr_assert_null(s);
}
