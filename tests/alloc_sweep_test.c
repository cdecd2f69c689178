/* Allocation-failure sweeps for the public operations whose own suites do not
 * sweep them (the others are swept next to their tests: store adds, summary,
 * save/load, CSV import/export, fits, lexicon, topics, instruments, RFM, NPS
 * periods, cohorts, feedback scores, generator). Each sweep fails the 1st,
 * 2nd, ... allocation until the call succeeds and checks CO_ENOMEM, no
 * leaked block, and that a store or handle it was given is byte-for-byte as
 * before. Operations promised never to allocate are checked to make none. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btyd_fixtures.h"
#include "fail_alloc.h"
#include "store_fixture.h"

/* ---- the store, compared through its snapshot bytes -------------------- */

typedef struct image {
    unsigned char *bytes;
    size_t len;
} image;

/* The snapshot of `s` (written with libc's allocator, outside any sweep). */
static image store_image(const co_store *s)
{
    char path[] = "/tmp/co-sweep-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(co_store_save(s, path), CO_OK, "%s", co_errmsg());
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    image im = {NULL, (size_t)ftell(f)};
    rewind(f);
    im.bytes = malloc(im.len ? im.len : 1);
    cr_assert_eq(fread(im.bytes, 1, im.len, f), im.len);
    fclose(f);
    unlink(path);
    return im;
}

typedef struct store_ctx {
    co_store *store;
    image before;
    const char *text; /* CSV rows to import */
    int lenient;
} store_ctx;

static void store_unchanged(void *ctx)
{
    store_ctx *c = ctx;
    image now = store_image(c->store);
    cr_assert_eq(now.len, c->before.len, "a failed call changed the store's size");
    cr_assert_eq(memcmp(now.bytes, c->before.bytes, now.len), 0,
                 "a failed call changed the store's contents");
    free(now.bytes);
    assert_same_mark(c->store, co__store_mark_now(c->store));
}

static int op_remove(void *ctx)
{
    store_ctx *c = ctx;
    return co_store_remove(c->store, "c1");
}

static int op_import(void *ctx)
{
    store_ctx *c = ctx;
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    opts.lenient = c->lenient;
    co_csv_result r = {.size = sizeof r};
    return co_store_import_csv_text(c->store, CO_RECORD_ORDERS, c->text, strlen(c->text),
                                    "sweep.csv", &opts, &r);
}

static long sweep_store(int (*op)(void *), const char *text, int lenient)
{
    store_ctx c = {fixture_store(), {NULL, 0}, text, lenient};
    c.before = store_image(c.store);
    long injected = co_test_alloc_sweep(op, store_unchanged, &c);
    free(c.before.bytes);
    co_store_free(c.store);
    return injected;
}

/* Removal compacts the arrays in place: with no allocation it cannot fail
 * half-way for want of memory. */
Test(alloc_sweep, store_remove_needs_no_allocation)
{
    long n = sweep_store(op_remove, NULL, 0);
    cr_log_info("co_store_remove: %ld failures injected", n);
    cr_assert_eq(n, 0);
}

/* New orders for fixture customers (the same rows strict and lenient; the
 * lenient text adds a row it must skip). */
static const char orders_csv[] = "order_id,customer_id,date,amount\n"
                                 "S1,c1,2024-03-01,10.5\n"
                                 "S2,c2,2024-03-02,20\n"
                                 "S3,c1,2024-03-03,7.25\n";
static const char orders_lenient_csv[] = "order_id,customer_id,date,amount\n"
                                         "S1,c1,2024-03-01,10.5\n"
                                         "S2,nobody,2024-03-02,20\n"
                                         "S3,c1,2024-03-03,7.25\n";

Test(alloc_sweep, csv_import_strict_and_lenient_leave_the_store_intact)
{
    long strict = sweep_store(op_import, orders_csv, 0);
    long lenient = sweep_store(op_import, orders_lenient_csv, 1);
    cr_log_info("co_store_import_csv_text: %ld (strict) and %ld (lenient) failures injected",
                strict, lenient);
    cr_assert_gt(strict, 0);
    cr_assert_gt(lenient, 0);
}

/* ---- lexicon loaded from memory ---------------------------------------- */

typedef struct lex_ctx {
    co_lexicon *lex;
    size_t size;
} lex_ctx;

static const char lexicon_tsv[] = "splendid\t3.1\nawful\t-3.4\ngrand\t2.2\nmeh\t-0.6\n";

static int op_lexicon_buffer(void *ctx)
{
    lex_ctx *c = ctx;
    return co_lexicon_load_buffer(c->lex, lexicon_tsv, strlen(lexicon_tsv), "sweep.tsv");
}

static void lexicon_unchanged(void *ctx)
{
    lex_ctx *c = ctx;
    double v;
    cr_assert_eq(co_lexicon_count(c->lex), c->size, "a failed load changed the lexicon");
    cr_assert_eq(co_lexicon_get(c->lex, "splendid", &v), CO_ENOTFOUND);
}

Test(alloc_sweep, lexicon_load_buffer_is_all_or_nothing)
{
    lex_ctx c = {NULL, 0};
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &c.lex), CO_OK);
    c.size = co_lexicon_count(c.lex);
    long n = co_test_alloc_sweep(op_lexicon_buffer, lexicon_unchanged, &c);
    cr_log_info("co_lexicon_load_buffer: %ld failures injected", n);
    cr_assert_gt(n, 0);
    cr_assert_eq(co_lexicon_count(c.lex), c.size + 4);
    co_lexicon_free(c.lex);
}

/* ---- calls on fitted or built objects ---------------------------------- */

static co_instrument *instrument;
static co_km *km;
static double scores[64];

static int op_instrument_score(void *ctx)
{
    (void)ctx;
    size_t items = co_instrument_item_count(instrument);
    double answers[4 * 64];
    cr_assert_leq(items, 64u);
    for (size_t i = 0; i < 4 * items; i++)
        answers[i] = (double)(1 + i % 5);
    return co_instrument_score(instrument, answers, 4, scores);
}

static int op_km_quantile(void *ctx)
{
    (void)ctx;
    double q;
    return co_km_quantile(km, 0.5, &q);
}

static int op_km_survival_at(void *ctx)
{
    (void)ctx;
    const double t[4] = {0.5, 2, 3.5, 10};
    double out[4];
    return co_km_survival_at(km, t, 4, out);
}

static int op_atrisk(void *ctx)
{
    (void)ctx;
    const double p[5] = {0.9, 0.2, 0.5, 0.5, 1.0}, v[5] = {100, 50, 80, 80, 1000};
    co_atrisk_row rows[5];
    size_t count;
    return co_atrisk_rank(p, v, 5, NULL, 3, rows, &count);
}

static int op_sbg_derl(void *ctx)
{
    (void)ctx;
    const co_sbg m = {0.668, 3.806, 0, 0};
    const double renewals[3] = {0, 1, 4};
    double out[3];
    return co_sbg_derl(&m, 0.1, renewals, 3, out);
}

static int op_rating(void *ctx)
{
    (void)ctx;
    const int r[6] = {1, 5, 4, 4, 3, 5};
    co_rating_summary s = {.size = sizeof s};
    return co_rating_summarize(r, 6, NULL, &s);
}

static int op_clv(void *ctx)
{
    (void)ctx;
    const co_bgnbd_params bg = {0.243, 4.414, 0.793, 2.426};
    const co_gammagamma_params gg = {6.25, 3.74, 15.44};
    const double f[3] = {0, 2, 7}, r[3] = {0, 30.4, 35.1}, T[3] = {38, 38.9, 38.9},
                 m[3] = {0, 30, 45};
    double out[3];
    return co_bgnbd_clv(&bg, &gg, f, r, T, m, 3, NULL, out);
}

/* A covariate fit (the plain fit of its start included) and its uncertainty; CDNOW's
 * first 400 customers with an indicator of odd rows in both processes. */
static int op_covariate_fit(void *ctx)
{
    (void)ctx;
    static cdnow d;
    static double z[400];
    if (d.n == 0) {
        cdnow_load(&d);
        for (size_t i = 0; i < 400; i++)
            z[i] = (double)(i % 2);
    }
    co_btyd_covariates c;
    co_btyd_covariates_init(&c, sizeof c);
    c.k_purchase = c.k_dropout = 1;
    c.purchase = c.dropout = z;
    double p[6], se[6], lo[6], hi[6], v[36];
    int rc = co_btyd_cov_fit(CO_BTYD_PARETONBD, d.x, d.tx, d.T, NULL, 400, &c, NULL, p, NULL);
    co_covariate_uncertainty u = {
        .size = sizeof u, .standard_error = se, .lower = lo, .upper = hi, .variance = v};
    if (rc == CO_OK)
        rc = co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, p, d.x, d.tx, d.T, NULL, 400, &c, NULL, &u);
    return rc;
}

/* An sBG covariate fit, its uncertainty and survival: the 'regular' (x = 0) and 'high
 * end' (x = 1) cohorts of Fader & Hardie (2007) as weighted customer rows. */
static int op_sbg_covariate_fit(void *ctx)
{
    (void)ctx;
    static const double s[2][8] = {{1000, 631, 468, 382, 326, 289, 262, 241},
                                   {1000, 869, 743, 653, 593, 551, 517, 491}};
    double per[16], w[16], x[16], p[4], se[4], lo[4], hi[4], out[16];
    uint8_t ch[16];
    for (size_t c = 0; c < 2; c++)
        for (size_t t = 1; t <= 8; t++) {
            const size_t i = 8 * c + t - 1;
            ch[i] = t < 8;
            per[i] = (double)(t < 8 ? t : 7);
            w[i] = t < 8 ? s[c][t - 1] - s[c][t] : s[c][7];
            x[i] = (double)c;
        }
    int rc = co_sbg_cov_fit(per, ch, w, 16, x, 1, NULL, p, NULL);
    co_covariate_uncertainty u = {.size = sizeof u, .standard_error = se, .lower = lo, .upper = hi};
    if (rc == CO_OK)
        rc = co_sbg_cov_uncertainty(p, per, ch, w, 16, x, 1, NULL, &u);
    if (rc == CO_OK)
        rc = co_sbg_cov_survival(p, per, 16, x, 1, out);
    return rc;
}

/* A Gamma-Gamma fit with a spend covariate (the plain fit of its start included), its
 * uncertainty and the CLV with it: 40 repeat customers, x = 1 + i % 4, mean value
 * 10 + 7 (i % 5) + 5 [i odd], indicator of odd i. */
static int op_spend_covariate_fit(void *ctx)
{
    (void)ctx;
    double x[40], z[40], c[40], rec[40], T[40], p[4], se[4], lo[4], hi[4], clv[40];
    for (size_t i = 0; i < 40; i++) {
        x[i] = (double)(1 + i % 4);
        c[i] = (double)(i % 2);
        z[i] = 10.0 + 7.0 * (double)(i % 5) + 5.0 * c[i];
        rec[i] = 20.0;
        T[i] = 30.0;
    }
    int rc = co_gammagamma_cov_fit(x, z, NULL, 40, c, 1, NULL, p, NULL);
    co_covariate_uncertainty u = {.size = sizeof u, .standard_error = se, .lower = lo, .upper = hi};
    if (rc == CO_OK)
        rc = co_gammagamma_cov_uncertainty(p, x, z, NULL, 40, c, 1, NULL, &u);
    const double pn[4] = {0.55, 10.6, 0.61, 11.7};
    if (rc == CO_OK && p[1] > 1.0)
        rc = co_btyd_cov_clv(CO_BTYD_PARETONBD, pn, NULL, p, c, 1, x, rec, T, z, 40, NULL, clv);
    return rc;
}

static int op_topics_match(void *ctx)
{
    co_topics *t = ctx;
    uint8_t hits[64];
    cr_assert_leq(co_topics_count(t), 64u);
    const char *text = "The delivery was late and the refund never came";
    return co_topics_match(t, text, strlen(text), hits);
}

static void setup_objects(void)
{
    cr_assert_eq(co_instrument_builtin("customer-orientation", &instrument), CO_OK);
    const double d[8] = {1, 2, 2, 3, 4, 4, 5, 8};
    const uint8_t obs[8] = {1, 1, 0, 1, 1, 0, 1, 1};
    cr_assert_eq(co_km_fit(d, obs, 8, NULL, &km), CO_OK);
}

static void teardown_objects(void)
{
    co_instrument_free(instrument);
    co_km_free(km);
}

/* Each operation either survives the sweep or makes no allocation at all;
 * the figures are logged (run the suite with --verbose to see them). */
Test(alloc_sweep, calls_on_fitted_objects, .init = setup_objects, .fini = teardown_objects)
{
    co_topics *topics = NULL;
    cr_assert_eq(co_topics_new_default(&topics), CO_OK);
    static const struct {
        const char *name;
        int (*op)(void *);
    } ops[] = {
        {"co_instrument_score", op_instrument_score},
        {"co_km_quantile", op_km_quantile},
        {"co_km_survival_at", op_km_survival_at},
        {"co_atrisk_rank", op_atrisk},
        {"co_sbg_derl", op_sbg_derl},
        {"co_rating_summarize", op_rating},
        {"co_bgnbd_clv", op_clv},
        {"co_btyd_cov_fit", op_covariate_fit},
        {"co_sbg_cov_fit", op_sbg_covariate_fit},
        {"co_gammagamma_cov_fit", op_spend_covariate_fit},
        {"co_topics_match", op_topics_match},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        long n = co_test_alloc_sweep(ops[i].op, NULL, topics);
        cr_log_info("%s: %ld failures injected", ops[i].name, n);
    }
    co_topics_free(topics);
}

/* Documented as never allocating: the sweep injects nothing. */
Test(alloc_sweep, scoring_text_never_allocates)
{
    static const char text[] = "Not bad at all, but the app crashes :(";
    co_sentiment out;
    co_test_alloc_install(0);
    int rc = co_sentiment_score(NULL, text, strlen(text), &out);
    long calls = co_test_alloc_calls();
    co_test_alloc_uninstall();
    cr_assert_eq(rc, CO_OK);
    cr_assert_eq(calls, 0, "co_sentiment_score allocated %ld times", calls);
}

/* ---- the streaming summary --------------------------------------------- */

typedef struct stream_ctx {
    char *text;
    co_stream_summary *summary; /* of the attempt that succeeded */
} stream_ctx;

static int op_stream_summary(void *ctx)
{
    stream_ctx *c = ctx;
    co_stream_options o;
    co_stream_options_init(&o, sizeof o);
    return co_stream_summarize_orders_text(c->text, strlen(c->text), "sweep.csv", &o, &c->summary);
}

/* The summary of `orders` orders of 1.25, the customer and the day (from
 * 2020-01-01) of order i given by place(i), that survives a sweep of
 * allocation failures (more than 10 injected, each leaking nothing). */
static co_stream_summary *swept_summary(long orders,
                                        void (*place)(long i, long *customer, long *day))
{
    size_t cap = 64 + (size_t)orders * 48, len = 0;
    stream_ctx c = {malloc(cap), NULL};
    cr_assert_not_null(c.text);
    len += (size_t)snprintf(c.text, cap, "order_id,customer_id,date,amount\n");
    for (long i = 0; i < orders; i++) {
        long customer, day;
        char date[11];
        place(i, &customer, &day);
        co_date_format(18262 + (co_day)day, date);
        len +=
            (size_t)snprintf(c.text + len, cap - len, "o%ld,c%05ld,%s,1.25\n", i, customer, date);
    }
    long n = co_test_alloc_sweep(op_stream_summary, NULL, &c);
    cr_log_info("co_stream_summarize_orders_text: %ld failures injected", n);
    cr_assert_gt(n, 10);
    free(c.text);
    return c.summary;
}

/* The summary's orders and repeat days in all. */
static void totals(const co_stream_summary *s, double *orders, double *repeat_days)
{
    const co_summary *r = co_stream_summary_rows(s);
    *orders = *repeat_days = 0;
    for (size_t k = 0; k < r->n; k++) {
        *orders += r->order_count[k];
        *repeat_days += r->frequency[k];
    }
}

enum { SPREAD_ORDERS = 20000, SPREAD_CUSTOMERS = 9000, HEAVY = 40 };

static void place_spread(long i, long *customer, long *day)
{
    long heavy = i - (SPREAD_ORDERS - HEAVY);
    *customer = heavy >= 0 ? 0 : (7919 * i) % SPREAD_CUSTOMERS;
    *day = i % 400;
    if (heavy >= 0)
        *day = heavy < 15 ? 1 + 120 * heavy : 2 + 2 * (heavy - 15);
}

/* 20000 orders of 1.25 each by 9000 customers, enough for a table of more
 * than one region: the rows wait in chunks, the table grows several times
 * and the chunk and the result take over the blocks it outgrew. Customer
 * (7919 i) mod 9000 places order i: 7919 is prime and does not divide 9000,
 * so every customer has 2 or 3 orders, but the last 40 orders, which are
 * customer 0's: 15 days 120 apart, then 25 even days from 2 to 50. Its
 * days spill to a first list, which is doubled at the 17th day (a bitmap
 * of the 1681 days would take more) and becomes a bitmap at the 33rd
 * (stream_days.c). */
Test(alloc_sweep, stream_summary_frees_everything_on_failure)
{
    co_stream_summary *s = swept_summary(SPREAD_ORDERS, place_spread);
    const co_summary *r = co_stream_summary_rows(s);
    cr_assert_eq(co_stream_summary_count(s), SPREAD_CUSTOMERS);
    cr_assert_eq(r->customer[0], 0);
    /* Customer 0: orders 0, 9000 and 18000 on days 0, 200 and 0 (i mod 400)
     * and 40 on other days: 42 days, 41 repeat ones. */
    cr_assert_eq(r->frequency[0], HEAVY + 1);
    double orders, repeat_days, spend = 0;
    totals(s, &orders, &repeat_days);
    for (size_t k = 0; k < r->n; k++)
        spend += r->total_spend[k];
    cr_assert_eq(orders, SPREAD_ORDERS);
    cr_assert_eq(spend, 1.25 * SPREAD_ORDERS); /* sums of quarters: exact */
    co_stream_summary_free(s);
}

enum { EARLY_ORDERS = 30000, EARLY_CUSTOMERS = 3500 };

static void place_customers_early(long i, long *customer, long *day)
{
    *customer = i < EARLY_CUSTOMERS ? i : (7919 * i) % EARLY_CUSTOMERS;
    *day = i < EARLY_CUSTOMERS ? 1401 : i % 1401;
}

/* 30000 orders of 3500 customers: each customer's first order comes first,
 * on day 1401, then the other 26500 orders, order i to customer (7919 i) mod
 * 3500 (7919 is prime: 7 or 8 orders each) on day i mod 1401, distinct for
 * one customer (its orders are 3500 apart, and 1401 = 3 * 467 shares no
 * factor with 3500). About 885 KB: the table is expected at 4096 slots (a
 * slot per 128 bytes, as a power of two), so it grows when the 3073rd
 * customer arrives, in the first eighth of the input; the input then holds
 * more than 8 rows a customer so far, so the block the chunk does not keep
 * goes to the arena of the spilled day sets, which the customers with 9
 * days (more than half) fill from. */
Test(alloc_sweep, stream_summary_gives_the_arena_a_block_and_frees_it_on_failure)
{
    co_stream_summary *s = swept_summary(EARLY_ORDERS, place_customers_early);
    cr_assert_eq(co_stream_summary_count(s), EARLY_CUSTOMERS);
    double orders, repeat_days;
    totals(s, &orders, &repeat_days);
    cr_assert_eq(orders, EARLY_ORDERS);
    /* Every order of a customer on its own day. */
    cr_assert_eq(repeat_days, EARLY_ORDERS - EARLY_CUSTOMERS);
    co_stream_summary_free(s);
}
