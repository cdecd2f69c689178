#define _POSIX_C_SOURCE 200809L
/* Options structs across releases: a caller built against an older release
 * passes a smaller struct, and the fields it lacks take their defaults; a
 * caller built against a newer release (a larger size) or an uninitialised
 * size (0) is refused and nothing changes.
 *
 * Each "older" struct below is declared here as an older release would have
 * declared it: the leading fields of today's struct. The expected results are
 * those of a call with a complete struct holding the same leading values and
 * the documented defaults for the rest. The _init functions take the caller's
 * size: an older caller's struct gets the defaults of its own fields and no
 * byte past it. */
#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"

/* A struct as a newer release would declare it: today's fields, then more. */
#define NEWER(type)                                                                                \
    struct {                                                                                       \
        type known;                                                                                \
        double added[2];                                                                           \
    }

static void assert_refused(int rc, const char *type_name)
{
    cr_assert_eq(rc, CO_EINVAL);
    cr_assert(strstr(co_errmsg(), type_name), "message \"%s\" does not name %s", co_errmsg(),
              type_name);
}

/* ---- co_km_options: an older release without the band form ---- */

static const double durations[] = {1, 2, 2, 3, 5, 8, 8, 9};
static const uint8_t observed[] = {1, 1, 0, 1, 1, 0, 1, 1};
#define N_DURATIONS (sizeof durations / sizeof durations[0])

struct km_options_v1 {
    size_t size;
    double level;
};

Test(options_abi, km_older_struct_keeps_the_default_band)
{
    struct km_options_v1 old = {sizeof old, 0.90};
    co_km_options full;
    co_km_options_init(&full, sizeof full);
    full.level = 0.90; /* band stays CO_KM_BAND_LOGLOG, the documented default */
    co_km *a = NULL, *b = NULL;
    cr_assert_eq(co_km_fit(durations, observed, N_DURATIONS, (const co_km_options *)&old, &a),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_km_fit(durations, observed, N_DURATIONS, &full, &b), CO_OK);
    size_t rows = co_km_count(a);
    cr_assert_eq(rows, co_km_count(b));
    for (size_t i = 0; i < rows; i++) {
        co_km_point p, q;
        co_km_get_point(a, i, &p);
        co_km_get_point(b, i, &q);
        cr_assert(p.lower == q.lower && p.upper == q.upper, "row %zu", i);
    }
    co_km_free(a);
    co_km_free(b);
}

Test(options_abi, km_newer_or_zero_size_is_refused)
{
    NEWER(co_km_options) newer = {0};
    co_km_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    co_km *out = (co_km *)&newer; /* any non-NULL value: it must stay */
    assert_refused(co_km_fit(durations, observed, N_DURATIONS, &newer.known, &out),
                   "co_km_options");
    cr_assert_eq(out, (co_km *)&newer);
    newer.known.size = 0;
    assert_refused(co_km_fit(durations, observed, N_DURATIONS, &newer.known, &out),
                   "co_km_options");
    cr_assert_eq(out, (co_km *)&newer);
}

/* ---- co_sbg_options: an older release without the tolerance ---- */

/* Survivors per 1000 over years 0-7 (Fader & Hardie 2007, Table 1, high end). */
static const double survivors[8] = {1000, 869, 743, 653, 593, 551, 517, 491};
static const size_t cohort_length = 8;

struct sbg_options_v1 {
    size_t size;
    size_t max_iterations;
};

Test(options_abi, sbg_older_struct_keeps_the_default_tolerance)
{
    struct sbg_options_v1 old = {sizeof old, 200};
    co_sbg_options full;
    co_sbg_options_init(&full, sizeof full);
    full.max_iterations = 200;
    co_sbg a, b;
    cr_assert_eq(co_sbg_fit(survivors, &cohort_length, 1, (const co_sbg_options *)&old, &a), CO_OK,
                 "%s", co_errmsg());
    cr_assert_eq(co_sbg_fit(survivors, &cohort_length, 1, &full, &b), CO_OK);
    cr_assert(a.alpha == b.alpha && a.beta == b.beta && a.iterations == b.iterations);
    /* The paper's estimate: alpha 0.668, beta 3.806. */
    cr_assert_float_eq(a.alpha, 0.668, 5e-4);
    cr_assert_float_eq(a.beta, 3.806, 5e-4);
}

Test(options_abi, sbg_newer_or_zero_size_is_refused)
{
    NEWER(co_sbg_options) newer = {0};
    co_sbg_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    co_sbg out = {1, 2, 3, 4};
    assert_refused(co_sbg_fit(survivors, &cohort_length, 1, &newer.known, &out), "co_sbg_options");
    newer.known.size = 0;
    assert_refused(co_sbg_fit(survivors, &cohort_length, 1, &newer.known, &out), "co_sbg_options");
    cr_assert(out.alpha == 1 && out.beta == 2 && out.log_likelihood == 3 && out.iterations == 4);
}

/* ---- co_btyd_fit_options: an older release with the penalizer only ---- */

#define N_SIMULATED 300

static void simulated_customers(double *x, double *tx, double *T)
{
    const co_bgnbd_params truth = {0.25, 4.0, 0.8, 2.5};
    for (size_t i = 0; i < N_SIMULATED; i++)
        T[i] = 20.0 + (double)(i % 20);
    cr_assert_eq(co_bgnbd_simulate(&truth, T, N_SIMULATED, 42, x, tx), CO_OK);
}

struct btyd_fit_options_v1 {
    size_t size;
    double penalizer;
};

Test(options_abi, btyd_fit_older_struct_keeps_the_default_iterations_and_tolerance)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    struct btyd_fit_options_v1 old = {sizeof old, 0.01};
    co_btyd_fit_options full;
    co_btyd_fit_options_init(&full, sizeof full);
    full.penalizer = 0.01;
    co_bgnbd_params a, b;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, (const co_btyd_fit_options *)&old, &a,
                              NULL),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, &full, &b, NULL), CO_OK);
    cr_assert(a.r == b.r && a.alpha == b.alpha && a.a == b.a && a.b == b.b);
}

/* The struct before `threads` was added: the fit takes one thread. */
struct btyd_fit_options_v3 {
    size_t size;
    double penalizer;
    size_t max_iter;
    double tolerance;
    double start[4], lower[4];
};

Test(options_abi, btyd_fit_struct_without_threads_fits_as_one_thread)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    struct btyd_fit_options_v3 old = {sizeof old, 0.01, 500, 1e-7, {0}, {0}};
    co_btyd_fit_options full;
    co_btyd_fit_options_init(&full, sizeof full);
    cr_assert_eq(full.threads, 1);
    full.penalizer = 0.01;
    co_bgnbd_params a, b;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, (const co_btyd_fit_options *)&old, &a,
                              NULL),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, &full, &b, NULL), CO_OK);
    cr_assert(a.r == b.r && a.alpha == b.alpha && a.a == b.a && a.b == b.b);
}

Test(options_abi, btyd_fit_newer_or_zero_size_is_refused)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    NEWER(co_btyd_fit_options) newer = {0};
    co_btyd_fit_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    co_bgnbd_params out = {1, 2, 3, 4};
    assert_refused(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, &newer.known, &out, NULL),
                   "co_btyd_fit_options");
    newer.known.size = 0;
    assert_refused(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, &newer.known, &out, NULL),
                   "co_btyd_fit_options");
    cr_assert(out.r == 1 && out.alpha == 2 && out.a == 3 && out.b == 4);
}

/* ---- co_clv_options: an older release with the horizon only ---- */

static const co_bgnbd_params purchases = {0.243, 4.414, 0.793, 2.426};
static const co_gammagamma_params spend = {6.25, 3.74, 15.44};
static const double clv_x[] = {2, 0, 7}, clv_tx[] = {30.43, 0, 29.43},
                    clv_T[] = {38.86, 38.86, 35.0}, clv_m[] = {22.35, 0, 40};

struct clv_options_v1 {
    size_t size;
    unsigned months;
};

Test(options_abi, clv_older_struct_keeps_the_default_discounting)
{
    struct clv_options_v1 old = {sizeof old, 6};
    co_clv_options full;
    co_clv_options_init(&full, sizeof full);
    full.months = 6;
    double a[3], b[3];
    cr_assert_eq(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3,
                              (const co_clv_options *)&old, a),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3, &full, b), CO_OK);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(a[i], b[i], "customer %d", i);
}

Test(options_abi, clv_newer_or_zero_size_is_refused)
{
    NEWER(co_clv_options) newer = {0};
    co_clv_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    double out[3] = {-1, -1, -1};
    assert_refused(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3, &newer.known,
                                out),
                   "co_clv_options");
    newer.known.size = 0;
    assert_refused(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3, &newer.known,
                                out),
                   "co_clv_options");
    cr_assert(out[0] == -1 && out[1] == -1 && out[2] == -1);
}

/* ---- co_csv_options: an older release with the lenient flag only ---- */

static const char customers_csv[] = "customer_id,name,email,signup_date,segment\n"
                                    "c1,Ann,ann@example.com,2024-01-02,retail\n"
                                    "c2,Bob,bob@example.com,2024-13-01,retail\n"
                                    "c3,Cy,cy@example.com,2024-01-03,retail\n";

struct csv_options_v1 {
    size_t size;
    int lenient;
};

Test(options_abi, csv_older_struct_keeps_the_default_callback)
{
    struct csv_options_v1 old = {sizeof old, 1};
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_csv_result result = {.size = sizeof result};
    /* Lenient: the row with month 13 is skipped; no callback (the default) is called. */
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                          strlen(customers_csv), "c.csv",
                                          (const co_csv_options *)&old, &result),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(result.imported, 2);
    cr_assert_eq(result.skipped, 1);
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 2);
    co_store_free(s);
}

/* 0.2 before the export mode: the import fields only. */
struct csv_options_v2 {
    size_t size;
    int lenient;
    co_csv_skip_fn on_skip;
    void *ctx;
};

Test(options_abi, csv_older_struct_exports_exactly)
{
    struct csv_options_v2 old = {sizeof old, 0, NULL, NULL};
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_customer_input c = {.size = sizeof c, .id = "=1+1", .signup = 19723};
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK);
    char path[] = "/tmp/co_abi_csv_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(co_store_export_csv_opts(s, CO_RECORD_CUSTOMERS, path,
                                          (const co_csv_options *)&old),
                 CO_OK, "%s", co_errmsg());
    char text[256] = {0};
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    unlink(path);
    text[n] = '\0';
    /* spreadsheet_safe, which the old struct lacks, takes its default 0: exact. */
    cr_assert_str_eq(text, "customer_id,name,email,signup_date,segment,tags\n"
                           "=1+1,,,2024-01-01,,\n");
    co_store_free(s);
}

Test(options_abi, csv_newer_or_zero_size_is_refused_and_imports_nothing)
{
    NEWER(co_csv_options) newer = {0};
    co_csv_options_init(&newer.known, sizeof newer.known);
    newer.known.lenient = 1;
    newer.known.size = sizeof newer;
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_csv_result result = {sizeof result, 7, 7};
    assert_refused(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                            strlen(customers_csv), "c.csv", &newer.known, &result),
                   "co_csv_options");
    newer.known.size = 0;
    assert_refused(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                            strlen(customers_csv), "c.csv", &newer.known, &result),
                   "co_csv_options");
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 0);
    cr_assert(result.imported == 7 && result.skipped == 7);
    co_store_free(s);
}

/* ---- co_feedback_options: an older release without prior and kind weights ---- */

static const size_t fb_customer[] = {0, 0, 1};
static const co_day fb_day[] = {990, 1000, 970};
static const int fb_kind[] = {CO_FEEDBACK_NPS, CO_FEEDBACK_CSAT, CO_FEEDBACK_CES};
static const double fb_value[] = {9, 2, 7};

struct feedback_options_v1 {
    size_t size;
    co_day as_of;
    double half_life_days;
};

Test(options_abi, feedback_older_struct_keeps_the_default_prior_and_weights)
{
    struct feedback_options_v1 old = {sizeof old, 1000, 10.0};
    double score[2];
    cr_assert_eq(co_feedback_score(fb_customer, fb_day, fb_kind, fb_value, 3, 2,
                                   (const co_feedback_options *)&old, score, NULL),
                 CO_OK, "%s", co_errmsg());
    /* No prior, kind weights 1: customer 0 has NPS 9 -> 90 aged 10 days (weight 1/2) and
     * CSAT 2 -> 25 aged 0 (weight 1): (45 + 25) / 1.5 = 46.666...; customer 1 has
     * CES 7 -> 100 alone. */
    cr_assert_float_eq(score[0], 70.0 / 1.5, 1e-12);
    cr_assert_float_eq(score[1], 100.0, 1e-12);
}

Test(options_abi, feedback_newer_or_zero_size_is_refused)
{
    NEWER(co_feedback_options) newer = {0};
    co_feedback_options_init(&newer.known, sizeof newer.known);
    newer.known.as_of = 1000;
    newer.known.size = sizeof newer;
    double score[2] = {-1, -1};
    assert_refused(co_feedback_score(fb_customer, fb_day, fb_kind, fb_value, 3, 2, &newer.known,
                                     score, NULL),
                   "co_feedback_options");
    newer.known.size = 0;
    assert_refused(co_feedback_score(fb_customer, fb_day, fb_kind, fb_value, 3, 2, &newer.known,
                                     score, NULL),
                   "co_feedback_options");
    cr_assert(score[0] == -1 && score[1] == -1);
}

/* ---- co_generate_options: an older release with seed and customer count only ---- */

struct generate_options_v1 {
    size_t size;
    uint64_t seed;
    size_t customers;
};

Test(options_abi, generate_older_struct_keeps_the_default_window_and_parameters)
{
    struct generate_options_v1 old = {sizeof old, 11, 30};
    co_generate_options full;
    co_generate_options_init(&full, sizeof full);
    full.seed = 11;
    full.customers = 30;
    co_store *a = NULL, *b = NULL;
    cr_assert_eq(co_generate((const co_generate_options *)&old, &a), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_generate(&full, &b), CO_OK);
    for (int kind = CO_RECORD_CUSTOMERS; kind <= CO_RECORD_CONTACTS; kind++)
        cr_assert_eq(co_store_count(a, kind), co_store_count(b, kind), "kind %d", kind);
    cr_assert_eq(co_store_count(a, CO_RECORD_CUSTOMERS), 30);
    /* The same orders, day by day and amount by amount. */
    size_t n = co_store_count(a, CO_RECORD_ORDERS);
    co_day *day_a = calloc(n, sizeof *day_a), *day_b = calloc(n, sizeof *day_b);
    double *amount_a = calloc(n, sizeof *amount_a), *amount_b = calloc(n, sizeof *amount_b);
    cr_assert(day_a && day_b && amount_a && amount_b);
    cr_assert_eq(co_store_order_arrays(a, NULL, day_a, amount_a, NULL), CO_OK);
    cr_assert_eq(co_store_order_arrays(b, NULL, day_b, amount_b, NULL), CO_OK);
    cr_assert_arr_eq(day_a, day_b, n * sizeof *day_a);
    cr_assert_arr_eq(amount_a, amount_b, n * sizeof *amount_a);
    free(day_a);
    free(day_b);
    free(amount_a);
    free(amount_b);
    co_store_free(a);
    co_store_free(b);
}

Test(options_abi, generate_newer_or_zero_size_is_refused)
{
    NEWER(co_generate_options) newer = {0};
    co_generate_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    co_store *out = NULL;
    assert_refused(co_generate(&newer.known, &out), "co_generate_options");
    newer.known.size = 0;
    assert_refused(co_generate(&newer.known, &out), "co_generate_options");
    cr_assert_null(out);
}

/* ---- co_rfm_options: an older release cut before the custom cut points ---- */

static const double rfm_recency[] = {5, 40, 12, 90, 3, 60};
static const double rfm_frequency[] = {9, 1, 4, 1, 12, 2};
static const double rfm_monetary[] = {400, 20, 150, 35, 900, 60};

Test(options_abi, rfm_size_before_the_cut_points_keeps_quantile_cuts)
{
    /* An older release ended at `offset`: the custom cut fields past it are ignored,
     * even though this struct's memory holds cut points there. */
    co_rfm_options old;
    co_rfm_options_init(&old, sizeof old);
    old.recency_bins = 3;
    old.recency_cuts = (const double[]){1000, 2000};
    old.size = offsetof(co_rfm_options, recency_cuts);
    co_rfm_options full;
    co_rfm_options_init(&full, sizeof full);
    full.recency_bins = 3;
    uint8_t r[6], f[6], m[6], r2[6], f2[6], m2[6];
    cr_assert_eq(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6, &old, r, f, m), CO_OK,
                 "%s", co_errmsg());
    cr_assert_eq(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6, &full, r2, f2, m2),
                 CO_OK);
    cr_assert_arr_eq(r, r2, 6);
    cr_assert_arr_eq(f, f2, 6);
    cr_assert_arr_eq(m, m2, 6);
    /* Recency sorted 3, 5, 12, 40, 60, 90 in 3 classes: type-7 quantiles at 1/3 and 2/3 are
     * 5 + (2/3) 7 = 9.667 and 40 + (1/3) 20 = 46.667, plus the offset 1: 10.667 and 47.667,
     * so the scores (reversed) are 3, 3, 2, 2, 1, 1 in sorted order; in input order: */
    const uint8_t want[6] = {3, 2, 2, 1, 3, 1};
    cr_assert_arr_eq(r, want, 6);
}

Test(options_abi, rfm_newer_or_zero_size_is_refused)
{
    NEWER(co_rfm_options) newer = {0};
    co_rfm_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    uint8_t r[6] = {0}, f[6] = {0}, m[6] = {0};
    assert_refused(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6, &newer.known, r, f,
                                 m),
                   "co_rfm_options");
    newer.known.size = 0;
    assert_refused(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6, &newer.known, r, f,
                                 m),
                   "co_rfm_options");
    const uint8_t zeros[6] = {0};
    cr_assert_arr_eq(r, zeros, 6);
}

/* ---- co_rating_options: an older release without the confidence level ---- */

static const int ratings[] = {5, 4, 4, 3, 5, 2, 4};

Test(options_abi, rating_size_before_the_level_keeps_the_default_level)
{
    co_rating_options old;
    co_rating_options_for_scale(&old, sizeof old, 1, 5);
    old.level = 7.0; /* invalid, but past the size this caller states */
    old.size = offsetof(co_rating_options, level);
    co_rating_options full;
    co_csat_options_init(&full, sizeof full); /* level 0.95 */
    co_rating_summary a = {.size = sizeof a}, b = {.size = sizeof b};
    cr_assert_eq(co_rating_summarize(ratings, 7, &old, &a), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_rating_summarize(ratings, 7, &full, &b), CO_OK);
    cr_assert(a.share_lower == b.share_lower && a.mean_upper == b.mean_upper);
    /* Five of seven in the 4-5 box. */
    cr_assert_float_eq(a.share, 500.0 / 7.0, 1e-12);
}

Test(options_abi, rating_newer_or_zero_size_is_refused)
{
    NEWER(co_rating_options) newer = {0};
    co_csat_options_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    co_rating_summary out;
    memset(&out, 0xab, sizeof out);
    out.size = sizeof out;
    co_rating_summary before = out;
    assert_refused(co_rating_summarize(ratings, 7, &newer.known, &out), "co_rating_options");
    newer.known.size = 0;
    assert_refused(co_rating_summarize(ratings, 7, &newer.known, &out), "co_rating_options");
    cr_assert_eq(memcmp(&out, &before, sizeof out), 0);
}

/* ---- Results sized by the caller: an older caller's smaller struct gets the
 * fields it knows and nothing is written past them. ---- */

struct btyd_fit_info_v1 {
    size_t size;
    double log_likelihood;
};

Test(options_abi, fit_info_older_struct_gets_only_its_fields)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    struct {
        struct btyd_fit_info_v1 info;
        unsigned char after[sizeof(co_btyd_fit_info)];
    } old;
    memset(&old, 0xab, sizeof old);
    old.info.size = sizeof old.info;
    co_btyd_fit_info full = {.size = sizeof full};
    co_bgnbd_params a, b;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, NULL, &a, (co_btyd_fit_info *)&old.info),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, NULL, &b, &full), CO_OK);
    cr_assert_eq(old.info.size, sizeof old.info);
    cr_assert_eq(old.info.log_likelihood, full.log_likelihood);
    for (size_t i = 0; i < sizeof old.after; i++)
        cr_assert_eq(old.after[i], 0xab, "byte %zu past the caller's struct was written", i);
}

Test(options_abi, fit_info_newer_or_zero_size_is_refused)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    NEWER(co_btyd_fit_info) newer = {.known = {.size = sizeof newer}};
    co_bgnbd_params out = {1, 2, 3, 4};
    assert_refused(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, NULL, &out, &newer.known),
                   "co_btyd_fit_info");
    newer.known.size = 0;
    co_gammagamma_params spend_out = {5, 6, 7};
    assert_refused(co_gammagamma_fit(clv_x, clv_m, NULL, 3, NULL, &spend_out, &newer.known),
                   "co_btyd_fit_info");
    cr_assert(spend_out.p == 5 && spend_out.q == 6 && spend_out.v == 7);
    cr_assert(out.r == 1 && out.alpha == 2 && out.a == 3 && out.b == 4);
    cr_assert_eq(newer.known.log_likelihood, 0.0);
}

struct csv_result_v1 {
    size_t size;
    size_t imported;
};

Test(options_abi, csv_result_older_struct_gets_only_its_fields)
{
    co_csv_options lenient;
    co_csv_options_init(&lenient, sizeof lenient);
    lenient.lenient = 1;
    struct {
        struct csv_result_v1 result;
        size_t after;
    } old = {{sizeof old.result, 0}, 77};
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                          strlen(customers_csv), "c.csv", &lenient,
                                          (co_csv_result *)&old.result),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(old.result.imported, 2); /* c1 and c3; c2's month 13 is skipped */
    cr_assert_eq(old.after, 77);          /* `skipped` is past this caller's struct */
    co_store_free(s);
}

Test(options_abi, csv_result_newer_or_zero_size_is_refused_and_imports_nothing)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    NEWER(co_csv_result) newer = {.known = {.size = sizeof newer}};
    assert_refused(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                            strlen(customers_csv), "c.csv", NULL, &newer.known),
                   "co_csv_result");
    newer.known.size = 0;
    assert_refused(co_store_import_csv_text(s, CO_RECORD_CUSTOMERS, customers_csv,
                                            strlen(customers_csv), "c.csv", NULL, &newer.known),
                   "co_csv_result");
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 0);
    cr_assert_eq(newer.known.imported, 0);
    co_store_free(s);
}

/* ---- Customers: an older input struct without preferences, an older view
 * with the id and name only. ---- */

struct customer_input_v1 {
    size_t size;
    const char *id;
    const char *name;
    const char *email;
    co_day signup;
    const char *segment;
    const char *const *tags;
    size_t n_tags;
};

Test(options_abi, customer_input_older_struct_adds_no_preferences)
{
    static const char *const tags[] = {"vip"};
    struct {
        struct customer_input_v1 customer;
        unsigned char after[3 * sizeof(void *)];
    } old;
    memset(&old, 0xab, sizeof old); /* what lies past the caller's struct is never read */
    old.customer = (struct customer_input_v1){
        sizeof old.customer, "c1", "Ann", NULL, 19000, "retail", tags, 1};
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_add_customer(s, (const co_customer_input *)&old.customer, NULL), CO_OK,
                 "%s", co_errmsg());
    co_customer_view view = {.size = sizeof view};
    cr_assert_eq(co_store_get_customer(s, 0, &view), CO_OK);
    cr_assert_str_eq(view.id, "c1");
    cr_assert_str_eq(view.email, "");
    cr_assert_eq(view.signup, 19000);
    cr_assert_eq(view.n_tags, 1);
    cr_assert_eq(view.n_prefs, 0);
    co_store_free(s);
}

Test(options_abi, customer_input_newer_or_zero_size_is_refused_and_adds_nothing)
{
    NEWER(co_customer_input) newer = {0};
    co_customer_input_init(&newer.known, sizeof newer.known);
    newer.known.id = "c1";
    newer.known.size = sizeof newer;
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    size_t index = 99;
    assert_refused(co_store_add_customer(s, &newer.known, &index), "co_customer_input");
    newer.known.size = 0;
    assert_refused(co_store_add_customer(s, &newer.known, &index), "co_customer_input");
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 0);
    cr_assert_eq(index, 99);
    co_store_free(s);
}

struct customer_view_v1 {
    size_t size;
    const char *id;
    const char *name;
};

Test(options_abi, customer_view_older_struct_gets_only_its_fields)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_customer_input in;
    co_customer_input_init(&in, sizeof in);
    in.id = "c1";
    in.name = "Ann";
    in.email = "ann@example.com";
    cr_assert_eq(co_store_add_customer(s, &in, NULL), CO_OK);
    struct {
        struct customer_view_v1 view;
        unsigned char after[sizeof(co_customer_view)];
    } old;
    memset(&old, 0xab, sizeof old);
    old.view.size = sizeof old.view;
    cr_assert_eq(co_store_get_customer(s, 0, (co_customer_view *)&old.view), CO_OK, "%s",
                 co_errmsg());
    cr_assert_str_eq(old.view.id, "c1");
    cr_assert_str_eq(old.view.name, "Ann");
    for (size_t i = 0; i < sizeof old.after; i++)
        cr_assert_eq(old.after[i], 0xab, "byte %zu past the caller's struct was written", i);
    NEWER(co_customer_view) newer = {.known = {.size = sizeof newer}};
    assert_refused(co_store_get_customer(s, 0, &newer.known), "co_customer_view");
    newer.known.size = 0;
    assert_refused(co_store_get_customer(s, 0, &newer.known), "co_customer_view");
    cr_assert_null(newer.known.id);
    co_store_free(s);
}

/* ---- co_atrisk_signals: an older release with the detractor days only ---- */

struct atrisk_signals_v1 {
    size_t size;
    const int64_t *days_since_detractor;
};

Test(options_abi, atrisk_signals_older_struct_has_no_contacts)
{
    /* Equal value at risk (0.5 * 80 = 40) for both: without contact counts the more
     * recent detractor (index 1, 3 days) ranks first. */
    static const double p_alive[2] = {0.5, 0.5}, value[2] = {80, 80};
    static const int64_t days[2] = {10, 3};
    struct {
        struct atrisk_signals_v1 signals;
        const uint64_t *after; /* where an open-contacts array would be */
    } old = {{sizeof old.signals, days}, (const uint64_t *)1};
    co_atrisk_row rows[2];
    size_t count = 0;
    cr_assert_eq(co_atrisk_rank(p_alive, value, 2, (const co_atrisk_signals *)&old.signals, 2, rows,
                                &count),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(rows[0].index, 1);
    cr_assert_eq(rows[0].open_contacts, 0);
    cr_assert(rows[0].reserved[0] == 0 && rows[0].reserved[1] == 0);
    NEWER(co_atrisk_signals) newer = {.known = {.size = sizeof newer}};
    assert_refused(co_atrisk_rank(p_alive, value, 2, &newer.known, 2, rows, &count),
                   "co_atrisk_signals");
}

struct rating_summary_v1 {
    size_t size;
    size_t n;
    size_t in_box;
    double share;
};

Test(options_abi, rating_summary_older_struct_gets_only_its_fields)
{
    struct {
        struct rating_summary_v1 summary;
        unsigned char after[sizeof(co_rating_summary)];
    } old;
    memset(&old, 0xab, sizeof old);
    old.summary.size = sizeof old.summary;
    cr_assert_eq(co_rating_summarize(ratings, 7, NULL, (co_rating_summary *)&old.summary), CO_OK,
                 "%s", co_errmsg());
    cr_assert_eq(old.summary.n, 7);
    cr_assert_eq(old.summary.in_box, 5);
    cr_assert_float_eq(old.summary.share, 500.0 / 7.0, 1e-12);
    for (size_t i = 0; i < sizeof old.after; i++)
        cr_assert_eq(old.after[i], 0xab, "byte %zu past the caller's struct was written", i);
    NEWER(co_rating_summary) newer = {.known = {.size = sizeof newer}};
    assert_refused(co_rating_summarize(ratings, 7, NULL, &newer.known), "co_rating_summary");
    cr_assert_eq(newer.known.n, 0);
}

/* ---- _init functions under a caller of any size: an older caller's smaller
 * struct gets the defaults of the fields it has and not a byte past them; a
 * NULL struct or a size of 0, below the size field or above the library's
 * struct is refused and nothing is written. ---- */

#define CANARY 0xab

/* Room for any options struct and a tail of canary bytes, suitably aligned. */
typedef union {
    max_align_t align;
    unsigned char bytes[512];
} canary_buf;

static void fill_canary(canary_buf *b) { memset(b->bytes, CANARY, sizeof b->bytes); }

static void assert_canary_from(const canary_buf *b, size_t from, const char *what)
{
    for (size_t i = from; i < sizeof b->bytes; i++)
        cr_assert_eq(b->bytes[i], CANARY, "%s: byte %zu (past %zu) was written", what, i, from);
}

static size_t stated_size(const canary_buf *b)
{
    size_t size;
    memcpy(&size, b->bytes, sizeof size);
    return size;
}

/* Each _init behind one signature; `older` is the size of an older release's
 * struct: the offset of a field it did not have yet. */
typedef struct {
    const char *name;
    int (*init)(void *opts, size_t size);
    size_t full;
    size_t older;
} init_case;

#define INIT_CALL(fn, type)                                                                        \
    static int call_##fn(void *opts, size_t size) { return fn((type *)opts, size); }

INIT_CALL(co_atrisk_signals_init, co_atrisk_signals)
INIT_CALL(co_band_options_init, co_band_options)
INIT_CALL(co_btyd_fit_options_init, co_btyd_fit_options)
INIT_CALL(co_clv_options_init, co_clv_options)
INIT_CALL(co_csv_options_init, co_csv_options)
INIT_CALL(co_feedback_options_init, co_feedback_options)
INIT_CALL(co_generate_options_init, co_generate_options)
INIT_CALL(co_rfm_options_init, co_rfm_options)
INIT_CALL(co_csat_options_init, co_rating_options)
INIT_CALL(co_ces_options_init, co_rating_options)
INIT_CALL(co_sbg_options_init, co_sbg_options)
INIT_CALL(co_customer_input_init, co_customer_input)
INIT_CALL(co_km_options_init, co_km_options)
INIT_CALL(co_km_input_init, co_km_input)
INIT_CALL(co_btyd_covariates_init, co_btyd_covariates)
INIT_CALL(co_covariate_fit_options_init, co_covariate_fit_options)

static int call_co_rating_options_for_scale(void *opts, size_t size)
{
    return co_rating_options_for_scale((co_rating_options *)opts, size, 1, 10);
}

#define INIT_CASE(fn, type, later_field)                                                           \
    {                                                                                              \
#fn, call_##fn, sizeof(type), offsetof(type, later_field)                                  \
    }

static const init_case init_cases[] = {
    INIT_CASE(co_atrisk_signals_init, co_atrisk_signals, open_contacts),
    INIT_CASE(co_band_options_init, co_band_options, threads),
    INIT_CASE(co_btyd_fit_options_init, co_btyd_fit_options, tolerance),
    INIT_CASE(co_clv_options_init, co_clv_options, periods_per_month),
    INIT_CASE(co_csv_options_init, co_csv_options, on_skip),
    INIT_CASE(co_feedback_options_init, co_feedback_options, prior_weight),
    INIT_CASE(co_generate_options_init, co_generate_options, survey_rate),
    INIT_CASE(co_rfm_options_init, co_rfm_options, recency_cuts),
    INIT_CASE(co_csat_options_init, co_rating_options, level),
    INIT_CASE(co_ces_options_init, co_rating_options, level),
    INIT_CASE(co_rating_options_for_scale, co_rating_options, level),
    INIT_CASE(co_sbg_options_init, co_sbg_options, tolerance),
    INIT_CASE(co_customer_input_init, co_customer_input, pref_keys),
    INIT_CASE(co_km_options_init, co_km_options, band),
    INIT_CASE(co_km_input_init, co_km_input, entry),
    INIT_CASE(co_btyd_covariates_init, co_btyd_covariates, dropout),
    INIT_CASE(co_covariate_fit_options_init, co_covariate_fit_options, threads),
};
#define N_INIT_CASES (sizeof init_cases / sizeof init_cases[0])

Test(options_abi, init_writes_nothing_past_an_older_callers_size)
{
    for (size_t k = 0; k < N_INIT_CASES; k++) {
        const init_case *c = &init_cases[k];
        cr_assert(c->older > sizeof(size_t) && c->older < c->full && c->full + 16 < 512, "%s",
                  c->name);
        canary_buf b;
        fill_canary(&b);
        cr_assert_eq(c->init(b.bytes, c->older), CO_OK, "%s: %s", c->name, co_errmsg());
        cr_assert_eq(stated_size(&b), c->older, "%s", c->name);
        assert_canary_from(&b, c->older, c->name);
        /* The smallest struct there can be: the size field alone. */
        fill_canary(&b);
        cr_assert_eq(c->init(b.bytes, sizeof(size_t)), CO_OK, "%s", c->name);
        cr_assert_eq(stated_size(&b), sizeof(size_t), "%s", c->name);
        assert_canary_from(&b, sizeof(size_t), c->name);
        /* Today's struct: all of it, and nothing after it. */
        fill_canary(&b);
        cr_assert_eq(c->init(b.bytes, c->full), CO_OK, "%s", c->name);
        cr_assert_eq(stated_size(&b), c->full, "%s", c->name);
        assert_canary_from(&b, c->full, c->name);
    }
}

Test(options_abi, init_refuses_null_zero_tiny_or_newer_sizes_and_writes_nothing)
{
    for (size_t k = 0; k < N_INIT_CASES; k++) {
        const init_case *c = &init_cases[k];
        const size_t bad[] = {0, 1, sizeof(size_t) - 1, c->full + 1, c->full + 16};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            canary_buf b;
            fill_canary(&b);
            assert_refused(c->init(b.bytes, bad[i]), c->name);
            cr_assert(strstr(co_errmsg(), "size"), "%s: \"%s\"", c->name, co_errmsg());
            assert_canary_from(&b, 0, c->name);
        }
        assert_refused(c->init(NULL, c->full), c->name);
        assert_refused(c->init(NULL, 0), c->name);
    }
}

/* The fields within an older caller's size hold the defaults the headers document. */

Test(options_abi, init_older_atrisk_signals_has_no_detractor_days)
{
    canary_buf b;
    fill_canary(&b);
    co_atrisk_signals *s = (co_atrisk_signals *)b.bytes;
    cr_assert_eq(co_atrisk_signals_init(s, offsetof(co_atrisk_signals, open_contacts)), CO_OK);
    cr_assert_null(s->days_since_detractor);
}

Test(options_abi, init_older_btyd_fit_options_has_the_default_penalizer_and_iterations)
{
    canary_buf b;
    fill_canary(&b);
    co_btyd_fit_options *o = (co_btyd_fit_options *)b.bytes;
    cr_assert_eq(co_btyd_fit_options_init(o, offsetof(co_btyd_fit_options, tolerance)), CO_OK);
    cr_assert_eq(o->penalizer, 0.0);
    cr_assert_eq(o->max_iter, 500);
}

Test(options_abi, init_older_clv_options_has_the_default_horizon_and_rate)
{
    canary_buf b;
    fill_canary(&b);
    co_clv_options *o = (co_clv_options *)b.bytes;
    cr_assert_eq(co_clv_options_init(o, offsetof(co_clv_options, periods_per_month)), CO_OK);
    cr_assert_eq(o->months, 12);
    cr_assert_eq(o->discount_rate, 0.01);
    /* The whole struct adds 30 periods a month (days). */
    cr_assert_eq(co_clv_options_init(o, sizeof *o), CO_OK);
    cr_assert_eq(o->periods_per_month, 30.0);
}

Test(options_abi, init_older_csv_options_is_strict)
{
    canary_buf b;
    fill_canary(&b);
    co_csv_options *o = (co_csv_options *)b.bytes;
    cr_assert_eq(co_csv_options_init(o, offsetof(co_csv_options, on_skip)), CO_OK);
    cr_assert_eq(o->lenient, 0);
}

Test(options_abi, init_older_feedback_options_has_the_default_day_and_half_life)
{
    canary_buf b;
    fill_canary(&b);
    co_feedback_options *o = (co_feedback_options *)b.bytes;
    cr_assert_eq(co_feedback_options_init(o, offsetof(co_feedback_options, prior_weight)), CO_OK);
    cr_assert_eq(o->as_of, 0);
    cr_assert_eq(o->half_life_days, 90.0);
    cr_assert_eq(co_feedback_options_init(o, sizeof *o), CO_OK);
    cr_assert(o->prior_weight == 0.0 && o->prior_score == 50.0);
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        cr_assert_eq(o->kind_weight[k], 1.0, "kind %d", k);
}

Test(options_abi, init_older_generate_options_has_the_sample_data_parameters)
{
    canary_buf b;
    fill_canary(&b);
    co_generate_options *o = (co_generate_options *)b.bytes;
    cr_assert_eq(co_generate_options_init(o, offsetof(co_generate_options, survey_rate)), CO_OK);
    cr_assert_eq(o->seed, 20240601u);
    cr_assert_eq(o->customers, 4000);
    /* 2022-01-01: 52 * 365 + 13 leap days = 18993; 2024-12-31: + 365 + 365 + 365 = 20088. */
    cr_assert_eq(o->start, 18993);
    cr_assert_eq(o->end, 20088);
    cr_assert(o->r == 1.2 && o->alpha == 60.0 && o->a == 1.0 && o->b == 10.0);
    cr_assert(o->spend_p == 6.0 && o->spend_q == 4.0 && o->spend_gamma == 15.0);
}

Test(options_abi, init_older_rfm_options_has_five_bins_and_offset_one)
{
    canary_buf b;
    fill_canary(&b);
    co_rfm_options *o = (co_rfm_options *)b.bytes;
    cr_assert_eq(co_rfm_options_init(o, offsetof(co_rfm_options, recency_cuts)), CO_OK);
    cr_assert(o->recency_bins == 5 && o->frequency_bins == 5 && o->monetary_bins == 5);
    cr_assert_eq(o->offset, 1.0);
}

Test(options_abi, init_older_rating_options_have_each_presets_scale_and_box)
{
    const size_t older = offsetof(co_rating_options, level);
    canary_buf b;
    co_rating_options *o = (co_rating_options *)b.bytes;
    fill_canary(&b);
    cr_assert_eq(co_csat_options_init(o, older), CO_OK);
    cr_assert(o->scale_min == 1 && o->scale_max == 5 && o->box_min == 4 && o->box_max == 5);
    fill_canary(&b);
    cr_assert_eq(co_ces_options_init(o, older), CO_OK);
    cr_assert(o->scale_min == 1 && o->scale_max == 7 && o->box_min == 5 && o->box_max == 7);
    fill_canary(&b);
    cr_assert_eq(co_rating_options_for_scale(o, older, 1, 10), CO_OK);
    cr_assert(o->scale_min == 1 && o->scale_max == 10 && o->box_min == 9 && o->box_max == 10);
    /* A reversed scale is refused before anything is written. */
    fill_canary(&b);
    cr_assert_eq(co_rating_options_for_scale(o, older, 5, 1), CO_EINVAL);
    assert_canary_from(&b, 0, "co_rating_options_for_scale");
}

Test(options_abi, init_older_sbg_options_has_the_default_iterations)
{
    canary_buf b;
    fill_canary(&b);
    co_sbg_options *o = (co_sbg_options *)b.bytes;
    cr_assert_eq(co_sbg_options_init(o, offsetof(co_sbg_options, tolerance)), CO_OK);
    cr_assert_eq(o->max_iterations, 500);
    cr_assert_eq(co_sbg_options_init(o, sizeof *o), CO_OK);
    cr_assert_eq(o->tolerance, 1e-9);
}

Test(options_abi, init_older_customer_input_is_empty)
{
    canary_buf b;
    fill_canary(&b);
    co_customer_input *c = (co_customer_input *)b.bytes;
    cr_assert_eq(co_customer_input_init(c, offsetof(co_customer_input, pref_keys)), CO_OK);
    cr_assert(!c->id && !c->name && !c->email && !c->segment && !c->tags);
    cr_assert_eq(c->signup, 0);
    cr_assert_eq(c->n_tags, 0);
}

Test(options_abi, init_older_km_options_has_the_default_level)
{
    canary_buf b;
    fill_canary(&b);
    co_km_options *o = (co_km_options *)b.bytes;
    cr_assert_eq(co_km_options_init(o, offsetof(co_km_options, band)), CO_OK);
    cr_assert_eq(o->level, 0.95);
    cr_assert_eq(co_km_options_init(o, sizeof *o), CO_OK);
    cr_assert_eq(o->band, CO_KM_BAND_LOGLOG);
}

/* ---- An older caller that sets up its struct with the _init function and
 * passes it gets the results of today's full defaults. Each older struct is
 * followed by canary bytes that neither the _init nor the call may touch. ---- */

#define OLDER(type)                                                                                \
    struct {                                                                                       \
        type known;                                                                                \
        unsigned char after[64];                                                                   \
    }

#define ASSERT_AFTER_UNTOUCHED(old)                                                                \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < sizeof(old).after; i_++)                                          \
            cr_assert_eq((old).after[i_], CANARY, "byte %zu past the older struct", i_);           \
    } while (0)

Test(options_abi, init_older_km_options_fits_as_the_defaults)
{
    OLDER(struct km_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_km_options_init((co_km_options *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    co_km *a = NULL, *b = NULL;
    cr_assert_eq(co_km_fit(durations, observed, N_DURATIONS, (const co_km_options *)&old.known, &a),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_km_fit(durations, observed, N_DURATIONS, NULL, &b), CO_OK);
    size_t rows = co_km_count(a);
    cr_assert_eq(rows, co_km_count(b));
    for (size_t i = 0; i < rows; i++) {
        co_km_point p, q;
        co_km_get_point(a, i, &p);
        co_km_get_point(b, i, &q);
        cr_assert(p.survival == q.survival && p.lower == q.lower && p.upper == q.upper, "row %zu",
                  i);
    }
    /* Durations 1, 2, 2+, 3, 5, 8+, 8, 9: the row after time 0 is t = 1, S(1) = 7/8. */
    co_km_point second;
    cr_assert_eq(co_km_get_point(a, 1, &second), CO_OK);
    cr_assert_eq(second.time, 1.0);
    cr_assert_float_eq(second.survival, 7.0 / 8.0, 1e-15);
    ASSERT_AFTER_UNTOUCHED(old);
    co_km_free(a);
    co_km_free(b);
}

Test(options_abi, init_older_sbg_options_fits_as_the_defaults)
{
    OLDER(struct sbg_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_sbg_options_init((co_sbg_options *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    co_sbg a, b;
    cr_assert_eq(co_sbg_fit(survivors, &cohort_length, 1, (const co_sbg_options *)&old.known, &a),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_sbg_fit(survivors, &cohort_length, 1, NULL, &b), CO_OK);
    cr_assert(a.alpha == b.alpha && a.beta == b.beta && a.iterations == b.iterations);
    /* The paper's estimate: alpha 0.668, beta 3.806. */
    cr_assert_float_eq(a.alpha, 0.668, 5e-4);
    cr_assert_float_eq(a.beta, 3.806, 5e-4);
}

Test(options_abi, init_older_btyd_fit_options_fits_as_the_defaults)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    OLDER(struct btyd_fit_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_btyd_fit_options_init((co_btyd_fit_options *)&old.known, sizeof old.known),
                 CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    cr_assert_eq(old.known.penalizer, 0.0);
    co_bgnbd_params a, b;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, (const co_btyd_fit_options *)&old.known,
                              &a, NULL),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, NULL, &b, NULL), CO_OK);
    cr_assert(a.r == b.r && a.alpha == b.alpha && a.a == b.a && a.b == b.b);
}

Test(options_abi, init_older_clv_options_values_as_the_defaults)
{
    OLDER(struct clv_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_clv_options_init((co_clv_options *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    cr_assert_eq(old.known.months, 12);
    double a[3], b[3];
    cr_assert_eq(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3,
                              (const co_clv_options *)&old.known, a),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_clv(&purchases, &spend, clv_x, clv_tx, clv_T, clv_m, 3, NULL, b), CO_OK);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(a[i], b[i], "customer %d", i);
}

Test(options_abi, init_older_csv_options_imports_as_the_defaults)
{
    OLDER(struct csv_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_csv_options_init((co_csv_options *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    co_store *a = NULL, *b = NULL;
    cr_assert_eq(co_store_new(&a), CO_OK);
    cr_assert_eq(co_store_new(&b), CO_OK);
    /* Strict by default: the row with month 13 fails the whole import. */
    int rc_a =
        co_store_import_csv_text(a, CO_RECORD_CUSTOMERS, customers_csv, strlen(customers_csv),
                                 "c.csv", (const co_csv_options *)&old.known, NULL);
    int rc_b = co_store_import_csv_text(b, CO_RECORD_CUSTOMERS, customers_csv,
                                        strlen(customers_csv), "c.csv", NULL, NULL);
    cr_assert_neq(rc_a, CO_OK);
    cr_assert_eq(rc_a, rc_b);
    cr_assert_eq(co_store_count(a, CO_RECORD_CUSTOMERS), 0);
    cr_assert_eq(co_store_count(b, CO_RECORD_CUSTOMERS), 0);
    /* Lenient, with no callback (the default of the field this caller lacks). */
    old.known.lenient = 1;
    co_csv_result result = {.size = sizeof result};
    cr_assert_eq(co_store_import_csv_text(a, CO_RECORD_CUSTOMERS, customers_csv,
                                          strlen(customers_csv), "c.csv",
                                          (const co_csv_options *)&old.known, &result),
                 CO_OK, "%s", co_errmsg());
    cr_assert(result.imported == 2 && result.skipped == 1);
    ASSERT_AFTER_UNTOUCHED(old);
    co_store_free(a);
    co_store_free(b);
}

Test(options_abi, init_older_feedback_options_scores_as_the_defaults)
{
    OLDER(struct feedback_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_feedback_options_init((co_feedback_options *)&old.known, sizeof old.known),
                 CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    old.known.as_of = 1000;
    co_feedback_options full;
    co_feedback_options_init(&full, sizeof full);
    full.as_of = 1000;
    double a[2], b[2];
    cr_assert_eq(co_feedback_score(fb_customer, fb_day, fb_kind, fb_value, 3, 2,
                                   (const co_feedback_options *)&old.known, a, NULL),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_feedback_score(fb_customer, fb_day, fb_kind, fb_value, 3, 2, &full, b, NULL),
                 CO_OK);
    cr_assert(a[0] == b[0] && a[1] == b[1]);
    /* Half-life 90 days: customer 0 has NPS 9 -> 90 aged 10 days (weight w = 2^(-1/9)) and
     * CSAT 2 -> 25 aged 0 (weight 1): (90 w + 25) / (w + 1); customer 1 has CES 7 -> 100. */
    double w = pow(2.0, -1.0 / 9.0);
    cr_assert_float_eq(a[0], (90.0 * w + 25.0) / (w + 1.0), 1e-12);
    cr_assert_float_eq(a[1], 100.0, 1e-12);
}

Test(options_abi, init_older_generate_options_generates_as_the_defaults)
{
    OLDER(struct generate_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_generate_options_init((co_generate_options *)&old.known, sizeof old.known),
                 CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    cr_assert(old.known.seed == 20240601u && old.known.customers == 4000);
    old.known.customers = 30; /* a small store; the rest as the defaults */
    co_generate_options full;
    co_generate_options_init(&full, sizeof full);
    full.customers = 30;
    co_store *a = NULL, *b = NULL;
    cr_assert_eq(co_generate((const co_generate_options *)&old.known, &a), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(co_generate(&full, &b), CO_OK);
    for (int kind = CO_RECORD_CUSTOMERS; kind <= CO_RECORD_CONTACTS; kind++)
        cr_assert_eq(co_store_count(a, kind), co_store_count(b, kind), "kind %d", kind);
    size_t n = co_store_count(a, CO_RECORD_ORDERS);
    co_day *day_a = calloc(n, sizeof *day_a), *day_b = calloc(n, sizeof *day_b);
    cr_assert(day_a && day_b);
    cr_assert_eq(co_store_order_arrays(a, NULL, day_a, NULL, NULL), CO_OK);
    cr_assert_eq(co_store_order_arrays(b, NULL, day_b, NULL, NULL), CO_OK);
    cr_assert_arr_eq(day_a, day_b, n * sizeof *day_a);
    free(day_a);
    free(day_b);
    co_store_free(a);
    co_store_free(b);
}

/* An rfm_options as a release before the custom cut points declared it. */
struct rfm_options_v1 {
    size_t size;
    unsigned recency_bins, frequency_bins, monetary_bins;
    double offset;
};

Test(options_abi, init_older_rfm_options_scores_as_the_defaults)
{
    OLDER(struct rfm_options_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_rfm_options_init((co_rfm_options *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    uint8_t r[6], f[6], m[6], r2[6], f2[6], m2[6];
    cr_assert_eq(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6,
                               (const co_rfm_options *)&old.known, r, f, m),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_rfm_scores(rfm_recency, rfm_frequency, rfm_monetary, 6, NULL, r2, f2, m2),
                 CO_OK);
    cr_assert_arr_eq(r, r2, 6);
    cr_assert_arr_eq(f, f2, 6);
    cr_assert_arr_eq(m, m2, 6);
}

/* A rating_options as a release before the confidence level declared it. */
struct rating_options_v1 {
    size_t size;
    int scale_min, scale_max, box_min, box_max;
};

Test(options_abi, init_older_rating_options_summarise_as_each_preset)
{
    int (*const presets[2])(co_rating_options *, size_t) = {co_csat_options_init,
                                                            co_ces_options_init};
    for (int k = 0; k < 2; k++) {
        OLDER(struct rating_options_v1) old;
        memset(&old, CANARY, sizeof old);
        cr_assert_eq(presets[k]((co_rating_options *)&old.known, sizeof old.known), CO_OK);
        ASSERT_AFTER_UNTOUCHED(old);
        co_rating_options full;
        presets[k](&full, sizeof full);
        co_rating_summary a = {.size = sizeof a}, b = {.size = sizeof b};
        cr_assert_eq(co_rating_summarize(ratings, 7, (const co_rating_options *)&old.known, &a),
                     CO_OK, "%s", co_errmsg());
        cr_assert_eq(co_rating_summarize(ratings, 7, &full, &b), CO_OK);
        cr_assert(a.in_box == b.in_box && a.share_lower == b.share_lower &&
                      a.share_upper == b.share_upper && a.mean_lower == b.mean_lower,
                  "preset %d", k);
        /* Ratings 5, 4, 4, 3, 5, 2, 4: five in CSAT's box 4-5, two (the 5s) in CES's 5-7. */
        cr_assert_eq(a.in_box, k == 0 ? 5 : 2, "preset %d", k);
    }
}

Test(options_abi, init_older_customer_input_adds_as_the_defaults)
{
    OLDER(struct customer_input_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_customer_input_init((co_customer_input *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    old.known.id = "c1";
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_add_customer(s, (const co_customer_input *)&old.known, NULL), CO_OK, "%s",
                 co_errmsg());
    co_customer_view view = {.size = sizeof view};
    cr_assert_eq(co_store_get_customer(s, 0, &view), CO_OK);
    cr_assert_str_eq(view.id, "c1");
    cr_assert_str_eq(view.name, "");
    cr_assert_eq(view.signup, 0);
    cr_assert_eq(view.n_tags, 0);
    cr_assert_eq(view.n_prefs, 0);
    co_store_free(s);
}

Test(options_abi, init_older_atrisk_signals_rank_as_the_defaults)
{
    /* Values at risk (1 - p) * value: 0.5 * 80 = 40, 0.75 * 40 = 30, 0.1 * 500 = 50. */
    static const double p_alive[3] = {0.5, 0.25, 0.9}, value[3] = {80, 40, 500};
    OLDER(struct atrisk_signals_v1) old;
    memset(&old, CANARY, sizeof old);
    cr_assert_eq(co_atrisk_signals_init((co_atrisk_signals *)&old.known, sizeof old.known), CO_OK);
    ASSERT_AFTER_UNTOUCHED(old);
    co_atrisk_row a[3], b[3];
    size_t na = 0, nb = 0;
    cr_assert_eq(co_atrisk_rank(p_alive, value, 3, (const co_atrisk_signals *)&old.known, 3, a,
                                &na),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_atrisk_rank(p_alive, value, 3, NULL, 3, b, &nb), CO_OK);
    cr_assert_eq(na, 3);
    cr_assert_eq(nb, 3);
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(a[i].index, b[i].index, "row %zu", i);
    cr_assert(a[0].index == 2 && a[1].index == 0 && a[2].index == 1);
}

/* ---- co_btyd_fit_options: the release before start and lower ---- */

struct btyd_fit_options_v2 {
    size_t size;
    double penalizer;
    size_t max_iter;
    double tolerance;
};

Test(options_abi, btyd_fit_struct_without_start_fits_from_the_models_start)
{
    double x[N_SIMULATED], tx[N_SIMULATED], T[N_SIMULATED];
    simulated_customers(x, tx, T);
    struct btyd_fit_options_v2 old = {sizeof old, 0.0, 300, 1e-8};
    co_btyd_fit_options full;
    co_btyd_fit_options_init(&full, sizeof full);
    full.max_iter = 300;
    full.tolerance = 1e-8;
    co_bgnbd_params a, b;
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, (const co_btyd_fit_options *)&old, &a,
                              NULL),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_bgnbd_fit(x, tx, T, NULL, N_SIMULATED, &full, &b, NULL), CO_OK);
    cr_assert(a.r == b.r && a.alpha == b.alpha && a.a == b.a && a.b == b.b);
}

/* ---- co_model_fit: an older release with the log-likelihood only ---- */

struct model_fit_v1 {
    size_t size;
    double log_likelihood;
};

Test(options_abi, model_fit_older_struct_leaves_the_rest_unknown)
{
    const double p[2] = {0.668, 3.806};
    co_model_file *m;
    cr_assert_eq(co_model_file_new(CO_MODEL_SBG, p, 2, &m), CO_OK);
    struct model_fit_v1 old = {sizeof old, -1680.3};
    cr_assert_eq(co_model_file_set_fit(m, (const co_model_fit *)&old), CO_OK, "%s", co_errmsg());
    co_model_fit got = {.size = sizeof got};
    cr_assert_eq(co_model_file_get_fit(m, &got), CO_OK);
    cr_assert(got.log_likelihood == -1680.3 && isnan(got.n_observations) && isnan(got.iterations) &&
              isnan(got.penalizer));
    /* an older reader's smaller result gets what fits, nothing past it */
    struct {
        struct model_fit_v1 fit;
        double after;
    } small = {{sizeof small.fit, 0.0}, 42.0};
    cr_assert_eq(co_model_file_get_fit(m, (co_model_fit *)&small.fit), CO_OK);
    cr_assert(small.fit.log_likelihood == -1680.3 && small.after == 42.0);
    NEWER(co_model_fit) newer = {0};
    co_model_fit_init(&newer.known, sizeof newer.known);
    newer.known.size = sizeof newer;
    assert_refused(co_model_file_set_fit(m, &newer.known), "co_model_fit");
    assert_refused(co_model_file_get_fit(m, &newer.known), "co_model_fit");
    co_model_file_free(m);
}
