#define _POSIX_C_SOURCE 200809L
/* lib/store generator: reproducible sample data, parameter checks, and the
 * model's known means. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient/generate.h"
#include "fail_alloc.h"
#include "store_fixture.h"

#define SAMPLE_DIR CO_TEST_DATA_DIR "/../../data/sample"

Test(generate, default_output_is_the_committed_sample_byte_for_byte)
{
    char dir[] = "/tmp/co_gen_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(co_generate_csv(NULL, dir), CO_OK, "%s", co_errmsg());
    for (int k = 0; k < 4; k++) {
        char made[128], committed[256];
        snprintf(made, sizeof made, "%s/%s.csv", dir, kind_names[k]);
        snprintf(committed, sizeof committed, "%s/%s.csv", SAMPLE_DIR, kind_names[k]);
        char *a = slurp(made), *b = slurp(committed);
        cr_assert(strcmp(a, b) == 0, "%s.csv differs from data/sample", kind_names[k]);
        free(a);
        free(b);
        unlink(made);
    }
    cr_assert_eq(rmdir(dir), 0);
}

Test(generate, sample_has_the_promised_size_and_imports_cleanly)
{
    co_store *s = import_dir(SAMPLE_DIR);
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 4000);
    cr_assert_gt(co_store_count(s, CO_RECORD_ORDERS), 20000);
    cr_assert_gt(co_store_count(s, CO_RECORD_FEEDBACK), 3000);
    cr_assert_gt(co_store_count(s, CO_RECORD_CONTACTS), 1000);
    co_store_free(s);
}

static co_store *generated_by(co_generate_process process, uint64_t seed, size_t customers)
{
    co_generate_options o;
    co_generate_options_init(&o, sizeof o);
    o.process = process;
    o.seed = seed;
    o.customers = customers;
    co_store *s = NULL;
    cr_assert_eq(co_generate(&o, &s), CO_OK, "%s", co_errmsg());
    return s;
}

static co_store *generated(uint64_t seed, size_t customers)
{
    return generated_by(CO_GENERATE_PARETONBD, seed, customers);
}

Test(generate, same_seed_same_data_other_seed_other_data)
{
    co_store *a = generated(7, 200), *b = generated(7, 200), *c = generated(8, 200);
    size_t n = co_store_count(a, CO_RECORD_ORDERS);
    cr_assert_eq(n, co_store_count(b, CO_RECORD_ORDERS));
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    co_store_order_arrays(a, NULL, NULL, x, NULL);
    co_store_order_arrays(b, NULL, NULL, y, NULL);
    cr_assert(memcmp(x, y, n * sizeof *x) == 0);
    free(x);
    free(y);
    cr_assert_neq(n, co_store_count(c, CO_RECORD_ORDERS));
    co_store_free(a);
    co_store_free(b);
    co_store_free(c);
}

/* Gamma-gamma spend: E[z] = p * E[1/nu] = p * gamma / (q - 1) = 6 * 15 / 3 = 30
 * per order, independent of how often a customer buys; the rounding to cents
 * moves the mean by far less than the tolerance. */
Test(generate, order_amounts_have_the_model_mean)
{
    co_store *s = generated(11, 20000);
    size_t n = co_store_count(s, CO_RECORD_ORDERS);
    double *amount = calloc(n, sizeof *amount);
    co_store_order_arrays(s, NULL, NULL, amount, NULL);
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        cr_assert_geq(amount[i], 0.01);
        cr_assert_eq(amount[i], round(amount[i] * 100) / 100, "amount %zu not in cents", i);
        sum += amount[i];
    }
    cr_assert(fabs(sum / (double)n - 30.0) < 1.5, "mean order %.3f", sum / (double)n);
    free(amount);
    co_store_free(s);
}

/* Each customer's first order falls on the signup day (the BG/NBD clock
 * starts at the first purchase), and a share a / (a + b) = 1/11 of them drop
 * out right after it (more among detractors and complainers, whose a is
 * larger); with the window's end also cutting some, customers with exactly
 * one order lie between 1/11 and one half. */
Test(generate, customers_start_buying_on_signup)
{
    co_store *s = generated_by(CO_GENERATE_BGNBD, 5, 3000);
    size_t nc = co_store_count(s, CO_RECORD_CUSTOMERS), no = co_store_count(s, CO_RECORD_ORDERS);
    co_day *signup = calloc(nc, sizeof *signup), *day = calloc(no, sizeof *day);
    size_t *cust = calloc(no, sizeof *cust), *count = calloc(nc, sizeof *count);
    co_store_customer_arrays(s, signup, NULL, NULL);
    co_store_order_arrays(s, cust, day, NULL, NULL);
    for (size_t i = 0; i < no; i++) {
        if (count[cust[i]]++ == 0)
            cr_assert_eq(day[i], signup[cust[i]]);
        cr_assert_geq(day[i], signup[cust[i]]);
    }
    size_t once = 0;
    for (size_t c = 0; c < nc; c++) {
        cr_assert_gt(count[c], 0);
        once += count[c] == 1;
    }
    cr_assert(once > nc / 11 && once < nc / 2, "%zu of %zu bought once", once, nc);
    free(signup);
    free(day);
    free(cust);
    free(count);
    co_store_free(s);
}

/* The feedback that changes behaviour (custorient/generate.h) comes within 30
 * days of sign-up: each customer's one NPS answer, and the one complaint that is
 * never resolved; every other contact is resolved by the window's end. */
Test(generate, feedback_that_changes_behaviour_comes_early)
{
    co_store *s = generated(9, 2000);
    size_t nc = co_store_count(s, CO_RECORD_CUSTOMERS), nf = co_store_count(s, CO_RECORD_FEEDBACK),
           nk = co_store_count(s, CO_RECORD_CONTACTS);
    co_day *signup = calloc(nc, sizeof *signup), *day = calloc(nf, sizeof *day);
    co_day *opened = calloc(nk, sizeof *opened), *resolved = calloc(nk, sizeof *resolved);
    size_t *fc = calloc(nf, sizeof *fc), *kc = calloc(nk, sizeof *kc);
    int *kind = calloc(nf, sizeof *kind);
    unsigned *answers = calloc(nc, sizeof *answers), *open = calloc(nc, sizeof *open);
    co_store_customer_arrays(s, signup, NULL, NULL);
    co_store_feedback_arrays(s, fc, day, NULL, kind, NULL, NULL);
    co_store_contact_arrays(s, kc, opened, resolved, NULL, NULL);
    size_t nps = 0, complaints = 0;
    for (size_t i = 0; i < nf; i++)
        if (kind[i] == CO_FEEDBACK_NPS) {
            nps++;
            answers[fc[i]]++;
            cr_assert(day[i] >= signup[fc[i]] && day[i] <= signup[fc[i]] + 30);
        }
    for (size_t i = 0; i < nk; i++)
        if (resolved[i] == CO_DAY_NONE) {
            complaints++;
            open[kc[i]]++;
            cr_assert(opened[i] >= signup[kc[i]] && opened[i] <= signup[kc[i]] + 30);
        }
    for (size_t c = 0; c < nc; c++)
        cr_assert(answers[c] <= 1 && open[c] <= 1);
    /* survey_rate 0.6 of 2000: 1200 expected, sd 22. Complaints: probability
     * 0.03 + 0.12 E[max(0, -mood)] with mood ~ N(0, 0.8): E = 0.8 / sqrt(2 pi)
     * = 0.319, so 0.0683 of 2000 = 137 expected, sd 11. */
    cr_assert(nps > 1100 && nps < 1300, "%zu NPS answers", nps);
    cr_assert(complaints > 100 && complaints < 175, "%zu open complaints", complaints);
    free(signup);
    free(day);
    free(opened);
    free(resolved);
    free(fc);
    free(kc);
    free(kind);
    free(answers);
    free(open);
    co_store_free(s);
}

Test(generate, bad_options_are_refused)
{
    co_generate_options o;
    co_store *s = NULL;
    co_generate_options_init(&o, sizeof o);
    o.alpha = 0;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.b = NAN;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.beta = -1;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.detractor_effect = NAN;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.complaint_effect = -5.5;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.process = (co_generate_process)2;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.end = o.start + 10;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    co_generate_options_init(&o, sizeof o);
    o.customers = 20000000;
    cr_assert_eq(co_generate(&o, &s), CO_ERANGE);
    co_generate_options_init(&o, sizeof o);
    o.size = 1;
    cr_assert_eq(co_generate(&o, &s), CO_EINVAL);
    cr_assert_null(s);
    cr_assert_eq(co_generate(NULL, &s), CO_EINVAL);
    cr_assert_eq(co_generate_csv(NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_generate_csv(NULL, "/nonexistent/dir"), CO_EIO);
}

static int op_generate(void *ctx)
{
    (void)ctx;
    co_generate_options o;
    co_generate_options_init(&o, sizeof o);
    o.customers = 5;
    co_store *s = NULL;
    int rc = co_generate(&o, &s);
    co_store_free(s);
    return rc;
}

static int op_generate_csv(void *ctx)
{
    co_generate_options o;
    co_generate_options_init(&o, sizeof o);
    o.customers = 3;
    return co_generate_csv(&o, ctx);
}

Test(generate, survives_allocation_failures)
{
    cr_assert_gt(co_test_alloc_sweep(op_generate, NULL, NULL), 5);
    char dir[] = "/tmp/co_gen_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(co_test_alloc_sweep(op_generate_csv, NULL, dir), 5);
    for (int k = 0; k < 4; k++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.csv", dir, kind_names[k]);
        cr_assert_eq(unlink(path), 0);
    }
    cr_assert_eq(rmdir(dir), 0, "a temporary file was left behind");
}
