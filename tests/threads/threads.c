/* Thread test: several threads call metrics and models at once, sharing
 * fitted parameters, one lexicon, one Kaplan-Meier curve and one store (all
 * read-only), each with a store of its own to write.
 * Every result must equal the one computed before the threads started, and
 * co_errmsg() and co_errpath() must keep each thread's own failure. A plain
 * C program (not Criterion) so that it runs under ThreadSanitizer: the tsan
 * preset runs it.
 *   co_threads [THREADS [ITERATIONS]]   (default 4 x 1000; 4 x 20 under
 *   valgrind, when CO_UNDER_VALGRIND is set) */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"

#define N_CUSTOMERS 400
#define N_ANSWERS 1000

/* A failed check ends the process at once: the other threads may be
 * waiting at a barrier for this one. */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #cond,           \
                    co_errmsg());                                                                  \
            _Exit(1);                                                                              \
        }                                                                                          \
    } while (0)

/* Shared, read-only while the threads run. */
static double T[N_CUSTOMERS], freq[N_CUSTOMERS], rec[N_CUSTOMERS], money[N_CUSTOMERS];
static co_bgnbd_params bg;
static co_gammagamma_params gg;
static co_lexicon *lexicon;
static co_store *shared_store; /* read by every thread */
static co_km *curve;
static const double km_t[4] = {0.5, 3, 7.5, 40};
static int answers[N_ANSWERS];
static const char *const review = "The support was not great, but the product is really good!";

/* Expected results, computed once on the main thread. */
static double want_alive[N_CUSTOMERS], want_clv[N_CUSTOMERS], want_nps;
static co_sentiment want_sentiment;
static double want_spend[N_CUSTOMERS], want_km[4];
static size_t want_rows;
static co_bgnbd_params want_fit;
static co_model_uncertainty want_unc;
static double want_band_lo[N_CUSTOMERS], want_band_hi[N_CUSTOMERS];

static size_t iterations = 1000;
static char snapshot_dir[64];

static int same_doubles(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

/* Work on a store nobody else sees: fill, summarise, save, load back. */
static int own_store(int id, size_t round)
{
    co_store *s = NULL, *back = NULL;
    co_summary *sum = NULL;
    int rc = co_store_new(&s);
    for (int c = 0; rc == CO_OK && c < 20; c++) {
        char cid[32], oid[48];
        snprintf(cid, sizeof cid, "t%d-c%d", id, c);
        co_customer_input cust = {.size = sizeof cust, .id = cid, .signup = 19000};
        rc = co_store_add_customer(s, &cust, NULL);
        for (int o = 0; rc == CO_OK && o <= c % 5; o++) {
            snprintf(oid, sizeof oid, "%s-o%d", cid, o);
            rc = co_store_add_order(s, oid, cid, 19000 + 7 * o + c, 10.0 + o);
        }
    }
    if (rc == CO_OK)
        rc = co_store_summary(s, 19200, CO_UNIT_DAYS, &sum);
    if (rc == CO_OK && (sum->n != 20 || sum->frequency[4] != 4.0))
        rc = CO_EINVAL;
    char path[128];
    snprintf(path, sizeof path, "%s/t%d.snap", snapshot_dir, id);
    if (rc == CO_OK && round % 10 == 0) {
        rc = co_store_save(s, path);
        if (rc == CO_OK)
            rc = co_store_load(path, &back);
        if (rc == CO_OK &&
            co_store_count(back, CO_RECORD_ORDERS) != co_store_count(s, CO_RECORD_ORDERS))
            rc = CO_ECORRUPT;
    }
    co_summary_free(sum);
    co_store_free(back);
    co_store_free(s);
    return rc;
}

static pthread_barrier_t barrier;

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    double alive[N_CUSTOMERS], clv[N_CUSTOMERS];
    co_clv_options copt;
    co_clv_options_init(&copt, sizeof copt);

    /* A fit from each thread gives the same estimate as on the main thread. */
    co_bgnbd_params fit;
    CHECK(co_bgnbd_fit(freq, rec, T, NULL, N_CUSTOMERS, NULL, &fit, NULL) == CO_OK);
    CHECK(memcmp(&fit, &want_fit, sizeof fit) == 0);
    /* Its uncertainty, and a prediction band run on threads of its own (3) inside
     * each of these threads, equal the main thread's single-threaded band. */
    co_model_uncertainty unc = {.size = sizeof unc};
    CHECK(co_bgnbd_uncertainty(&fit, freq, rec, T, NULL, N_CUSTOMERS, NULL, &unc) == CO_OK);
    CHECK(memcmp(&unc, &want_unc, sizeof unc) == 0);
    co_band_options bopt;
    co_band_options_init(&bopt, sizeof bopt);
    bopt.draws = 100;
    bopt.threads = 3;
    double lo[N_CUSTOMERS], hi[N_CUSTOMERS];
    CHECK(co_bgnbd_probability_alive_band(&unc, freq, rec, T, N_CUSTOMERS, &bopt, lo, hi) == CO_OK);
    CHECK(same_doubles(lo, want_band_lo, N_CUSTOMERS) &&
          same_doubles(hi, want_band_hi, N_CUSTOMERS));

    for (size_t it = 0; it < iterations; it++) {
        CHECK(co_bgnbd_probability_alive(&bg, freq, rec, T, N_CUSTOMERS, alive) == CO_OK);
        CHECK(same_doubles(alive, want_alive, N_CUSTOMERS));
        if (it % 10 == 0) {
            CHECK(co_bgnbd_clv(&bg, &gg, freq, rec, T, money, N_CUSTOMERS, &copt, clv) == CO_OK);
            CHECK(same_doubles(clv, want_clv, N_CUSTOMERS));
        }

        co_nps acc = {0};
        double nps;
        CHECK(co_nps_add_many_int(&acc, answers, N_ANSWERS) == CO_OK);
        CHECK(co_nps_score(&acc, &nps) == CO_OK && nps == want_nps);

        co_sentiment sen;
        CHECK(co_sentiment_score(lexicon, review, strlen(review), &sen) == CO_OK);
        CHECK(memcmp(&sen, &want_sentiment, sizeof sen) == 0);

        CHECK(own_store(id, it) == CO_OK);

        /* Reads of one store and one curve from every thread at once. */
        co_summary *sum = NULL;
        CHECK(co_store_summary(shared_store, 19400, CO_UNIT_DAYS, &sum) == CO_OK);
        CHECK(sum->n == want_rows && same_doubles(sum->total_spend, want_spend, want_rows));
        co_summary_free(sum);
        size_t at;
        CHECK(co_store_find(shared_store, "s17", &at) == CO_OK && at == 17);
        double km[4];
        CHECK(co_km_survival_at(curve, km_t, 4, km) == CO_OK && same_doubles(km, want_km, 4));

        /* co_errmsg() is per thread: fail with a message naming this thread,
         * let every other thread fail too, then read ours back. */
        if (it % 20 == 0) {
            char bad_id[32], expect[64];
            snprintf(bad_id, sizeof bad_id, "nobody-%d-%zu", id, it);
            snprintf(expect, sizeof expect, "'%s'", bad_id);
            co_store *s = NULL;
            size_t idx;
            CHECK(co_store_new(&s) == CO_OK);
            int rc = co_store_find(s, bad_id, &idx);
            co_store_free(s);
            CHECK(rc == CO_ENOTFOUND);
            pthread_barrier_wait(&barrier);
            CHECK(strstr(co_errmsg(), expect) != NULL);
            pthread_barrier_wait(&barrier);
            /* So is the location: line 2, column 1 of this thread's source. */
            char source[32];
            const char *text = "scale 1 5\nbogus\n";
            snprintf(source, sizeof source, "thread-%d.txt", id);
            co_instrument *inst = NULL;
            CHECK(co_instrument_parse(text, strlen(text), source, &inst) == CO_EPARSE);
            pthread_barrier_wait(&barrier);
            CHECK(co_errpath() && strcmp(co_errpath(), source) == 0);
            CHECK(co_errline() == 2 && co_errcolumn() == 1);
            pthread_barrier_wait(&barrier);
        }
    }
    return NULL;
}

static int setup(void)
{
    for (size_t i = 0; i < N_CUSTOMERS; i++)
        T[i] = 20.0 + (double)(i % 20);
    co_bgnbd_params truth = {0.25, 4.0, 0.8, 2.5};
    if (co_bgnbd_simulate(&truth, T, N_CUSTOMERS, 42, freq, rec) != CO_OK)
        return -1;
    for (size_t i = 0; i < N_CUSTOMERS; i++)
        money[i] = freq[i] > 0 ? 20.0 + (double)(i % 13) * 3.5 : 0.0;
    if (co_bgnbd_fit(freq, rec, T, NULL, N_CUSTOMERS, NULL, &want_fit, NULL) != CO_OK)
        return -1;
    bg = want_fit;
    want_unc = (co_model_uncertainty){.size = sizeof want_unc};
    co_band_options bopt;
    co_band_options_init(&bopt, sizeof bopt);
    bopt.draws = 100;
    if (co_bgnbd_uncertainty(&bg, freq, rec, T, NULL, N_CUSTOMERS, NULL, &want_unc) != CO_OK ||
        co_bgnbd_probability_alive_band(&want_unc, freq, rec, T, N_CUSTOMERS, &bopt, want_band_lo,
                                        want_band_hi) != CO_OK)
        return -1;
    if (co_gammagamma_fit(freq, money, NULL, N_CUSTOMERS, NULL, &gg, NULL) != CO_OK)
        return -1;
    co_clv_options copt;
    co_clv_options_init(&copt, sizeof copt);
    if (co_bgnbd_probability_alive(&bg, freq, rec, T, N_CUSTOMERS, want_alive) != CO_OK ||
        co_bgnbd_clv(&bg, &gg, freq, rec, T, money, N_CUSTOMERS, &copt, want_clv) != CO_OK)
        return -1;
    for (size_t i = 0; i < N_ANSWERS; i++)
        answers[i] = (int)((i * 7) % 11);
    co_nps acc = {0};
    if (co_nps_add_many_int(&acc, answers, N_ANSWERS) != CO_OK ||
        co_nps_score(&acc, &want_nps) != CO_OK)
        return -1;
    if (co_store_new(&shared_store) != CO_OK)
        return -1;
    for (size_t i = 0; i < N_CUSTOMERS; i++) {
        char cid[32];
        snprintf(cid, sizeof cid, "s%zu", i);
        co_customer_input cust = {.size = sizeof cust, .id = cid, .signup = 19000};
        if (co_store_add_customer(shared_store, &cust, NULL) != CO_OK)
            return -1;
        for (size_t o = 0; o <= (size_t)freq[i]; o++) {
            char oid[48];
            snprintf(oid, sizeof oid, "%s-%zu", cid, o);
            if (co_store_add_order(shared_store, oid, cid, (co_day)(19000 + 3 * o + i % 50),
                                   5.0 + (double)(i % 9)) != CO_OK)
                return -1;
        }
    }
    co_summary *sum = NULL;
    if (co_store_summary(shared_store, 19400, CO_UNIT_DAYS, &sum) != CO_OK)
        return -1;
    want_rows = sum->n;
    memcpy(want_spend, sum->total_spend, want_rows * sizeof *want_spend);
    co_summary_free(sum);
    if (co_km_fit(T, NULL, N_CUSTOMERS, NULL, &curve) != CO_OK ||
        co_km_survival_at(curve, km_t, 4, want_km) != CO_OK)
        return -1;
    if (co_lexicon_new(CO_LEXICON_ENGLISH, &lexicon) != CO_OK ||
        co_sentiment_score(lexicon, review, strlen(review), &want_sentiment) != CO_OK)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    if (getenv("CO_UNDER_VALGRIND"))
        iterations = 20;
    if (argc > 2)
        iterations = (size_t)strtoul(argv[2], NULL, 10);
    if (threads < 1 || threads > 64 || iterations < 1) {
        fprintf(stderr, "usage: co_threads [THREADS [ITERATIONS]]\n");
        return 2;
    }
    strcpy(snapshot_dir, "/tmp/co-threads-XXXXXX");
    if (!mkdtemp(snapshot_dir) || setup() != 0) {
        fprintf(stderr, "setup failed: %s\n", co_errmsg());
        return 1;
    }
    pthread_barrier_init(&barrier, NULL, (unsigned)threads);
    pthread_t tid[64];
    for (int i = 0; i < threads; i++)
        if (pthread_create(&tid[i], NULL, worker, (void *)(intptr_t)i) != 0)
            return 1;
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    pthread_barrier_destroy(&barrier);
    co_lexicon_free(lexicon);
    co_store_free(shared_store);
    co_km_free(curve);
    for (int i = 0; i < threads; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/t%d.snap", snapshot_dir, i);
        unlink(path);
    }
    rmdir(snapshot_dir);
    printf("threads: %d threads x %zu iterations: all results identical, messages per thread\n",
           threads, iterations);
    return 0;
}
