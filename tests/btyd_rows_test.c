/* The purchase models' rows as a mergeable state (custorient/btyd_rows.h): random
 * splits merged in random order and grouping equal the one-pass state bit for bit,
 * fits from it equal the fits on the arrays, partition gradients add up to the
 * whole's, and damaged bytes are refused. Data: the CDNOW sample (weeks) and the
 * BG/BB donations table of Fader, Hardie and Shang (2010). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "btyd_internal.h"
#include "custorient.h"
#include "fail_alloc.h"
#include "partial_check.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }
TestSuite(btyd_rows, .init = setup);

/* The donations table (bgbb_test.c): x, t_x, n = 6 and the number of donors. */
#define ND 22
static const double dx[ND] = {0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6};
static const double dtx[ND] = {0, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 3, 4, 5, 6, 4, 5, 6, 5, 6, 6};
static const double dw[ND] = {3464, 1091, 277, 129, 78,  119, 129, 613, 255, 155, 173,
                              234,  322,  181, 225, 357, 240, 284, 512, 335, 728, 1203};

static uint64_t rng_state;
static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

#define PARTS 7

/* Customers of one partition, as arrays. */
typedef struct part {
    double x[CDNOW_N], tx[CDNOW_N], T[CDNOW_N], w[CDNOW_N];
    size_t n;
} part;
static part parts[PARTS];

/* Deal n customers (weights may be NULL) to PARTS partitions at random; a weight
 * is split into whole shares over the partitions as well. */
static void deal(const double *x, const double *tx, const double *T, const double *w, size_t n)
{
    for (int p = 0; p < PARTS; p++)
        parts[p].n = 0;
    for (size_t i = 0; i < n; i++) {
        double left = w ? w[i] : 1.0;
        while (left > 0.0) {
            part *p = &parts[rnd() % PARTS];
            double share = w ? (double)(1 + rnd() % (uint64_t)left) : 1.0;
            if (w && rnd() % 4 == 0)
                share = left;
            p->x[p->n] = x[i];
            p->tx[p->n] = tx[i];
            p->T[p->n] = T ? T[i] : 0.0;
            p->w[p->n++] = share;
            left -= share;
        }
    }
}

static co_btyd_rows *build_part(const part *p, int spend)
{
    co_btyd_rows *s = NULL;
    int rc = spend ? co_btyd_rows_from_spend(p->x, p->tx, p->w, p->n, &s)
                   : co_btyd_rows_from_purchases(p->x, p->tx, p->T, p->w, p->n, &s);
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
    return s;
}

/* Merge the partitions' states in random order and grouping: pairs drawn at
 * random, either one merged into the other, until one is left. */
static co_btyd_rows *merge_randomly(int spend)
{
    co_btyd_rows *s[PARTS];
    size_t left = PARTS;
    for (int p = 0; p < PARTS; p++)
        s[p] = build_part(&parts[p], spend);
    while (left > 1) {
        size_t i = rnd() % left, j = rnd() % (left - 1);
        j += j >= i;
        cr_assert_eq(co_btyd_rows_merge(s[i], s[j]), CO_OK, "%s", co_errmsg());
        co_btyd_rows_free(s[j]);
        s[j] = s[--left];
    }
    return s[0];
}

static void assert_same_bytes(const co_btyd_rows *a, const co_btyd_rows *b)
{
    void *ba, *bb;
    size_t la, lb;
    cr_assert_eq(co_btyd_rows_serialize(a, &ba, &la), CO_OK);
    cr_assert_eq(co_btyd_rows_serialize(b, &bb, &lb), CO_OK);
    cr_assert_eq(la, lb);
    cr_assert_eq(memcmp(ba, bb, la), 0, "states differ");
    co_partial_free(ba);
    co_partial_free(bb);
}

/* Distinct (x, t_x, T) by brute force, independently of the library's hashing. */
static int triple_cmp(const void *pa, const void *pb)
{
    const double *a = pa, *b = pb;
    for (int k = 0; k < 3; k++)
        if (a[k] != b[k])
            return a[k] < b[k] ? -1 : 1;
    return 0;
}

Test(btyd_rows, random_splits_merge_to_the_one_pass_state)
{
    co_btyd_rows *whole;
    cr_assert_eq(co_btyd_rows_from_purchases(data.x, data.tx, data.T, NULL, data.n, &whole), CO_OK);
    /* the rows: the sorted distinct triples with their multiplicities */
    static double t[CDNOW_N][3];
    for (size_t i = 0; i < data.n; i++) {
        t[i][0] = data.x[i];
        t[i][1] = data.tx[i];
        t[i][2] = data.T[i];
    }
    qsort(t, data.n, sizeof t[0], triple_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < data.n; i++)
        distinct += i == 0 || triple_cmp(t[i - 1], t[i]) != 0;
    cr_assert_eq(co_btyd_rows_count(whole), distinct);
    static double x[CDNOW_N], tx[CDNOW_N], T[CDNOW_N], w[CDNOW_N];
    cr_assert_eq(co_btyd_rows_get_columns(whole, x, tx, T, w), CO_OK);
    for (size_t i = 0, k = 0; i < distinct; i++) {
        size_t run = 0;
        for (; k < data.n && t[k][0] == x[i] && t[k][1] == tx[i] && t[k][2] == T[i]; k++)
            run++;
        cr_assert_eq(w[i], (double)run, "row %zu", i);
    }
    for (int trial = 0; trial < 20; trial++) {
        rng_state = 1000u + (uint64_t)trial;
        deal(data.x, data.tx, data.T, NULL, data.n);
        co_btyd_rows *merged = merge_randomly(0);
        assert_same_bytes(merged, whole);
        co_btyd_rows_free(merged);
    }
    co_btyd_rows_free(whole);
}

/* Fit of `kind` on the arrays through the model's own function. */
static void fit_arrays(co_model_kind kind, const double *x, const double *tx, const double *T,
                       const double *w, size_t n, const co_btyd_fit_options *o, double *p)
{
    int rc = CO_EINVAL;
    switch (kind) {
    case CO_MODEL_BGNBD: rc = co_bgnbd_fit(x, tx, T, w, n, o, (co_bgnbd_params *)p, NULL); break;
    case CO_MODEL_PARETONBD:
        rc = co_paretonbd_fit(x, tx, T, w, n, o, (co_paretonbd_params *)p, NULL);
        break;
    case CO_MODEL_MBGNBD: rc = co_mbgnbd_fit(x, tx, T, w, n, o, (co_mbgnbd_params *)p, NULL); break;
    case CO_MODEL_BGBB: rc = co_bgbb_fit(x, tx, T, w, n, o, (co_bgbb_params *)p, NULL); break;
    case CO_MODEL_GAMMAGAMMA:
        rc = co_gammagamma_fit(x, tx, w, n, o, (co_gammagamma_params *)p, NULL);
        break;
    default: break;
    }
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
}

/* The fit from randomly split and merged rows is bitwise the fit on the arrays. */
static void check_fit_from_rows(co_model_kind kind, const double *x, const double *tx,
                                const double *T, const double *w, size_t n,
                                const co_btyd_fit_options *o)
{
    const int spend = kind == CO_MODEL_GAMMAGAMMA;
    double want[4] = {0}, got[4] = {0};
    fit_arrays(kind, x, tx, T, w, n, o, want);
    rng_state = 77u + (uint64_t)kind;
    deal(x, tx, T, w, n);
    co_btyd_rows *merged = merge_randomly(spend);
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_btyd_rows_fit(merged, kind, o, got, &info), CO_OK, "%s", co_errmsg());
    cr_assert_eq(info.distinct_rows, co_btyd_rows_count(merged));
    for (size_t i = 0; i < co_model_kind_param_count(kind); i++)
        cr_assert(memcmp(&got[i], &want[i], sizeof got[i]) == 0, "%s %s: %.17g vs %.17g",
                  co_model_kind_name(kind), co_model_kind_param_name(kind, i), got[i], want[i]);
    co_btyd_rows_free(merged);
}

Test(btyd_rows, fits_from_merged_rows_equal_the_fits_on_the_arrays_bitwise)
{
    co_btyd_fit_options o;
    co_btyd_fit_options_init(&o, sizeof o);
    check_fit_from_rows(CO_MODEL_BGNBD, data.x, data.tx, data.T, NULL, data.n, NULL);
    check_fit_from_rows(CO_MODEL_MBGNBD, data.x, data.tx, data.T, NULL, data.n, NULL);
    check_fit_from_rows(CO_MODEL_GAMMAGAMMA, data.x, data.zbar, NULL, NULL, data.n, NULL);
    check_fit_from_rows(CO_MODEL_BGBB, dx, dtx, (const double[ND]){6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
                                                                   6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6},
                        dw, ND, NULL);
    /* Pareto/NBD's penalty is per input customer: the merged count must be right */
    o.penalizer = 0.01;
    check_fit_from_rows(CO_MODEL_PARETONBD, data.x, data.tx, data.T, NULL, data.n, &o);
    /* the published BG/NBD estimate on CDNOW (Fader, Hardie and Lee 2005, table in
     * section 5: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426) */
    co_btyd_rows *s;
    cr_assert_eq(co_btyd_rows_from_purchases(data.x, data.tx, data.T, NULL, data.n, &s), CO_OK);
    double p[4];
    cr_assert_eq(co_btyd_rows_fit(s, CO_MODEL_BGNBD, NULL, p, NULL), CO_OK);
    const double paper[4] = {0.243, 4.414, 0.793, 2.426};
    for (int i = 0; i < 4; i++)
        cr_assert(fabs(p[i] - paper[i]) <= 0.0006, "%d: %g vs %g", i, p[i], paper[i]);
    co_btyd_rows_free(s);
}

Test(btyd_rows, input_order_does_not_change_a_fit)
{
    static double x[CDNOW_N], tx[CDNOW_N], T[CDNOW_N];
    for (size_t i = 0; i < data.n; i++) { /* reversed */
        x[i] = data.x[data.n - 1 - i];
        tx[i] = data.tx[data.n - 1 - i];
        T[i] = data.T[data.n - 1 - i];
    }
    co_paretonbd_params a, b;
    cr_assert_eq(co_paretonbd_fit(data.x, data.tx, data.T, NULL, data.n, NULL, &a, NULL), CO_OK);
    cr_assert_eq(co_paretonbd_fit(x, tx, T, NULL, data.n, NULL, &b, NULL), CO_OK);
    cr_assert_eq(memcmp(&a, &b, sizeof a), 0);
}

/* Sum of the partitions' log-likelihoods and gradients, in partition order. */
typedef struct parts_ctx {
    co_btyd_rows *s[PARTS];
    co_model_kind kind;
    size_t calls;
} parts_ctx;

static int sum_parts(void *vctx, const double *p, double *ll, double *grad)
{
    parts_ctx *c = vctx;
    const size_t k = co_model_kind_param_count(c->kind);
    double total = 0.0, g[4] = {0};
    c->calls++;
    for (int i = 0; i < PARTS; i++) {
        double l, gi[4];
        int rc = co_btyd_rows_loglik_gradient(c->s[i], c->kind, p, &l, gi);
        if (rc != CO_OK)
            return rc;
        total += l;
        for (size_t j = 0; j < k; j++)
            g[j] += gi[j];
    }
    *ll = total;
    memcpy(grad, g, k * sizeof *g);
    return CO_OK;
}

static void parts_build(parts_ctx *c, co_model_kind kind, const double *x, const double *tx,
                        const double *T, const double *w, size_t n)
{
    c->kind = kind;
    c->calls = 0;
    rng_state = 4242u + (uint64_t)kind;
    deal(x, tx, T, w, n);
    for (int p = 0; p < PARTS; p++)
        c->s[p] = build_part(&parts[p], kind == CO_MODEL_GAMMAGAMMA);
}

static void parts_free(parts_ctx *c)
{
    for (int p = 0; p < PARTS; p++)
        co_btyd_rows_free(c->s[p]);
}

/* The partitions' gradients add up to the whole's, which matches central differences
 * of the log-likelihood in log-parameters, and the log-likelihood is the model's. */
static void check_partition_gradient(co_model_kind kind, const double *x, const double *tx,
                                     const double *T, const double *w, size_t n, const double *p)
{
    parts_ctx c;
    parts_build(&c, kind, x, tx, T, w, n);
    const size_t k = co_model_kind_param_count(kind);
    co_btyd_rows *whole;
    int rc = kind == CO_MODEL_GAMMAGAMMA ? co_btyd_rows_from_spend(x, tx, w, n, &whole)
                                         : co_btyd_rows_from_purchases(x, tx, T, w, n, &whole);
    cr_assert_eq(rc, CO_OK);
    double ll, g[4], sum_ll, sum_g[4];
    cr_assert_eq(co_btyd_rows_loglik_gradient(whole, kind, p, &ll, g), CO_OK, "%s", co_errmsg());
    cr_assert_eq(sum_parts(&c, p, &sum_ll, sum_g), CO_OK);
    assert_rel(sum_ll, ll, 1e-12, "summed log-likelihood");
    for (size_t i = 0; i < k; i++) {
        cr_assert(fabs(sum_g[i] - g[i]) <= 1e-10 * (1.0 + fabs(g[i])), "grad %zu: %.15g vs %.15g",
                  i, sum_g[i], g[i]);
        double up[4], down[4], lu, ld;
        memcpy(up, p, k * sizeof *p);
        memcpy(down, p, k * sizeof *p);
        const double h = 1e-5;
        up[i] = p[i] * exp(h);
        down[i] = p[i] * exp(-h);
        cr_assert_eq(co_btyd_rows_loglik_gradient(whole, kind, up, &lu, NULL), CO_OK);
        cr_assert_eq(co_btyd_rows_loglik_gradient(whole, kind, down, &ld, NULL), CO_OK);
        const double num = (lu - ld) / (2.0 * h);
        cr_assert(fabs(num - g[i]) <= 1e-5 * (1.0 + fabs(g[i])), "d/dlog p%zu: %.10g vs %.10g", i,
                  g[i], num);
    }
    co_btyd_rows_free(whole);
    parts_free(&c);
}

Test(btyd_rows, partition_gradients_add_up_to_the_whole)
{
    const double bg[4] = {0.243, 4.414, 0.793, 2.426}, pn[4] = {0.55, 10.6, 0.61, 11.7};
    check_partition_gradient(CO_MODEL_BGNBD, data.x, data.tx, data.T, NULL, data.n, bg);
    check_partition_gradient(CO_MODEL_MBGNBD, data.x, data.tx, data.T, NULL, data.n, bg);
    check_partition_gradient(CO_MODEL_PARETONBD, data.x, data.tx, data.T, NULL, data.n, pn);
    const double gg[3] = {6.25, 3.74, 15.44}, bb[4] = {1.2, 0.75, 0.66, 2.78};
    check_partition_gradient(CO_MODEL_GAMMAGAMMA, data.x, data.zbar, NULL, NULL, data.n, gg);
    const double n6[ND] = {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
    check_partition_gradient(CO_MODEL_BGBB, dx, dtx, n6, dw, ND, bb);
    /* the log-likelihood is the model's on the arrays */
    co_btyd_rows *s;
    cr_assert_eq(co_btyd_rows_from_purchases(data.x, data.tx, data.T, NULL, data.n, &s), CO_OK);
    double ll, want;
    const co_bgnbd_params bp = {bg[0], bg[1], bg[2], bg[3]};
    cr_assert_eq(co_btyd_rows_loglik_gradient(s, CO_MODEL_BGNBD, bg, &ll, NULL), CO_OK);
    cr_assert_eq(co_bgnbd_log_likelihood(&bp, data.x, data.tx, data.T, NULL, data.n, &want), CO_OK);
    assert_rel(ll, want, 1e-13, "BG/NBD log-likelihood");
    co_btyd_rows_free(s);
}

/* Only the optimiser here, the sums from the partitions: the fit on the merged rows
 * to 1e-9 relative when both ask for a gradient of 1e-11. */
static void check_distributed(co_model_kind kind, const double *x, const double *tx,
                              const double *T, const double *w, size_t n, double penalizer)
{
    parts_ctx c;
    parts_build(&c, kind, x, tx, T, w, n);
    co_btyd_fit_options o;
    co_btyd_fit_options_init(&o, sizeof o);
    o.tolerance = 1e-11;
    o.penalizer = penalizer;
    co_btyd_totals totals, t;
    cr_assert_eq(co_btyd_rows_totals(c.s[0], &totals), CO_OK);
    co_btyd_rows *merged;
    int rc = kind == CO_MODEL_GAMMAGAMMA
                 ? co_btyd_rows_from_spend(NULL, NULL, NULL, 0, &merged)
                 : co_btyd_rows_from_purchases(NULL, NULL, NULL, NULL, 0, &merged);
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
    for (int p = 0; p < PARTS; p++) {
        if (p > 0) {
            cr_assert_eq(co_btyd_rows_totals(c.s[p], &t), CO_OK);
            cr_assert_eq(co_btyd_totals_merge(&totals, &t), CO_OK);
        }
        cr_assert_eq(co_btyd_rows_merge(merged, c.s[p]), CO_OK);
    }
    double want[4], got[4];
    cr_assert_eq(co_btyd_rows_fit(merged, kind, &o, want, NULL), CO_OK, "%s", co_errmsg());
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_btyd_fit_distributed(kind, &totals, sum_parts, &c, &o, got, &info), CO_OK,
                 "%s: %s", co_model_kind_name(kind), co_errmsg());
    cr_assert_eq(info.distinct_rows, 0);
    cr_assert(c.calls >= info.evaluations && c.calls > 0);
    for (size_t i = 0; i < co_model_kind_param_count(kind); i++)
        assert_rel(got[i], want[i], 1e-9, co_model_kind_param_name(kind, i));
    co_btyd_rows_free(merged);
    parts_free(&c);
}

Test(btyd_rows, distributed_fits_equal_the_fit_on_merged_rows)
{
    const double n6[ND] = {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6};
    check_distributed(CO_MODEL_BGNBD, data.x, data.tx, data.T, NULL, data.n, 0.0);
    check_distributed(CO_MODEL_MBGNBD, data.x, data.tx, data.T, NULL, data.n, 0.0);
    check_distributed(CO_MODEL_PARETONBD, data.x, data.tx, data.T, NULL, data.n, 0.01);
    check_distributed(CO_MODEL_GAMMAGAMMA, data.x, data.zbar, NULL, NULL, data.n, 0.0);
    check_distributed(CO_MODEL_BGBB, dx, dtx, n6, dw, ND, 0.0);
}

static int decode(const void *bytes, size_t len, void *ctx)
{
    co_btyd_rows *s = NULL;
    int rc = co_btyd_rows_deserialize(bytes, len, &s);
    co_btyd_rows_free(s);
    (void)ctx;
    return rc;
}

Test(btyd_rows, damaged_bytes_are_refused)
{
    const double x[] = {0, 2, 2, 1}, tx[] = {0, 5, 3, 1}, T[] = {9, 9, 9, 8}, w[] = {3, 1, 2, 0};
    co_btyd_rows *s;
    cr_assert_eq(co_btyd_rows_from_purchases(x, tx, T, w, 4, &s), CO_OK);
    cr_assert_eq(co_btyd_rows_count(s), 3); /* the weight-0 row is dropped */
    void *bytes;
    size_t len;
    cr_assert_eq(co_btyd_rows_serialize(s, &bytes, &len), CO_OK);
    /* frame 20 + kind 1 + inputs 8 + max T 8 + count 8 + 3 rows of 32 */
    cr_assert_eq(len, 20 + 25 + 96);
    check_damage_refused(bytes, len, decode, NULL);
    co_btyd_rows *back;
    cr_assert_eq(co_btyd_rows_deserialize(bytes, len, &back), CO_OK);
    assert_same_bytes(back, s);
    co_btyd_totals t;
    cr_assert_eq(co_btyd_rows_totals(back, &t), CO_OK);
    /* by hand: 4 inputs, weights 3 + 2 + 1, x 0*3 + 2*2 + 2*1, T 9 * 6, max T 9 */
    cr_assert(t.inputs == 4 && t.weight == 6 && t.repeat_weight == 3 && t.weighted_x == 6 &&
              t.weighted_value == 54 && t.max_T == 9);
    co_btyd_rows_free(back);
    /* an intact frame whose rows are out of order: swap the last two rows, reseal */
    unsigned char *p = bytes, tmp[32];
    const size_t r1 = 16 + 25 + 32, r2 = r1 + 32;
    memcpy(tmp, p + r1, 32);
    memcpy(p + r1, p + r2, 32);
    memcpy(p + r2, tmp, 32);
    test_reseal(p, len);
    back = NULL;
    cr_assert_eq(co_btyd_rows_deserialize(bytes, len, &back), CO_ECORRUPT);
    cr_assert_null(back);
    co_partial_free(bytes);
    /* another kind of partial state */
    co_nps acc = {0};
    cr_assert_eq(co_nps_add(&acc, 9), CO_OK);
    cr_assert_eq(co_nps_serialize(&acc, &bytes, &len), CO_OK);
    cr_assert_eq(co_btyd_rows_deserialize(bytes, len, &back), CO_EINVAL);
    co_partial_free(bytes);
    co_btyd_rows_free(s);
}

Test(btyd_rows, bad_input_is_refused_and_changes_nothing)
{
    const double x[] = {1, 0}, tx[] = {2, 0}, T[] = {5, 5}, half[] = {0.5, 1}, m[] = {10, 0};
    co_btyd_rows *a = NULL, *b = NULL;
    cr_assert_eq(co_btyd_rows_from_purchases(x, tx, T, half, 2, &a), CO_EINVAL);
    cr_assert_null(a);
    const double bad_tx[] = {6, 0};
    cr_assert_eq(co_btyd_rows_from_purchases(x, bad_tx, T, NULL, 2, &a), CO_EINVAL);
    const double huge[] = {9007199254740992.0, 1};
    cr_assert_eq(co_btyd_rows_from_purchases(x, tx, T, huge, 2, &a), CO_EOVERFLOW);
    cr_assert_eq(co_btyd_rows_from_purchases(x, tx, T, NULL, 2, &a), CO_OK);
    cr_assert_eq(co_btyd_rows_from_spend(x, m, NULL, 2, &b), CO_OK);
    void *before;
    size_t len;
    cr_assert_eq(co_btyd_rows_serialize(a, &before, &len), CO_OK);
    cr_assert_eq(co_btyd_rows_merge(a, b), CO_EINVAL); /* purchases and spend */
    cr_assert_eq(co_btyd_rows_merge(a, NULL), CO_EINVAL);
    void *after;
    size_t len2;
    cr_assert_eq(co_btyd_rows_serialize(a, &after, &len2), CO_OK);
    cr_assert(len == len2 && memcmp(before, after, len) == 0);
    co_partial_free(before);
    co_partial_free(after);
    /* merging a state into itself doubles every weight */
    cr_assert_eq(co_btyd_rows_merge(a, a), CO_OK);
    double w[2];
    cr_assert_eq(co_btyd_rows_get_columns(a, NULL, NULL, NULL, w), CO_OK);
    cr_assert(w[0] == 2 && w[1] == 2);
    double p[4];
    cr_assert_eq(co_btyd_rows_fit(a, CO_MODEL_GAMMAGAMMA, NULL, p, NULL), CO_EINVAL);
    cr_assert_eq(co_btyd_rows_fit(b, CO_MODEL_BGNBD, NULL, p, NULL), CO_EINVAL);
    cr_assert_eq(co_btyd_rows_fit(a, CO_MODEL_SBG, NULL, p, NULL), CO_EINVAL);
    const double bad_p[4] = {1, -1, 1, 1};
    double ll;
    cr_assert_eq(co_btyd_rows_loglik_gradient(a, CO_MODEL_BGNBD, bad_p, &ll, NULL), CO_EINVAL);
    /* BG/BB needs whole opportunities */
    const double frac_T[] = {5.5, 5.5};
    co_btyd_rows *c;
    cr_assert_eq(co_btyd_rows_from_purchases(x, tx, frac_T, NULL, 2, &c), CO_OK);
    cr_assert_eq(co_btyd_rows_fit(c, CO_MODEL_BGBB, NULL, p, NULL), CO_EINVAL);
    /* an empty state adds nothing to a sum, and cannot be fitted */
    co_btyd_rows *e;
    cr_assert_eq(co_btyd_rows_from_purchases(NULL, NULL, NULL, NULL, 0, &e), CO_OK);
    const double good[4] = {1, 2, 3, 4};
    double g[4] = {9, 9, 9, 9};
    cr_assert_eq(co_btyd_rows_loglik_gradient(e, CO_MODEL_PARETONBD, good, &ll, g), CO_OK);
    cr_assert(ll == 0 && g[0] == 0 && g[3] == 0);
    cr_assert_eq(co_btyd_rows_fit(e, CO_MODEL_BGNBD, NULL, p, NULL), CO_EINVAL);
    co_btyd_rows_free(e);
    co_btyd_rows_free(c);
    co_btyd_rows_free(a);
    co_btyd_rows_free(b);
    co_btyd_rows_free(NULL);
}

/* Every allocation of building, merging, reading and fitting may fail: CO_ENOMEM,
 * nothing leaked, a merge target unchanged. */
typedef struct sweep_ctx {
    co_btyd_rows *a, *b;
    void *bytes;
    size_t len;
    co_btyd_rows *made;
} sweep_ctx;

static int op_build(void *ctx)
{
    sweep_ctx *c = ctx;
    int rc = co_btyd_rows_from_purchases(data.x, data.tx, data.T, NULL, 300, &c->made);
    if (rc == CO_OK) {
        co_btyd_rows_free(c->made);
        c->made = NULL;
    }
    return rc;
}

static int op_merge(void *ctx)
{
    sweep_ctx *c = ctx;
    return co_btyd_rows_merge(c->a, c->b);
}

static void merge_unchanged(void *ctx)
{
    sweep_ctx *c = ctx;
    void *now;
    size_t len;
    cr_assert_eq(co_btyd_rows_serialize(c->a, &now, &len), CO_OK);
    cr_assert(len == c->len && memcmp(now, c->bytes, len) == 0);
    co_partial_free(now);
}

static int op_read(void *ctx)
{
    sweep_ctx *c = ctx;
    co_btyd_rows *s;
    int rc = co_btyd_rows_deserialize(c->bytes, c->len, &s);
    co_btyd_rows_free(rc == CO_OK ? s : NULL);
    return rc;
}

static int op_fit(void *ctx)
{
    sweep_ctx *c = ctx;
    double p[4];
    return co_btyd_rows_fit(c->a, CO_MODEL_PARETONBD, NULL, p, NULL);
}

static int op_gradient(void *ctx)
{
    sweep_ctx *c = ctx;
    const double p[4] = {0.55, 10.6, 0.61, 11.7};
    double ll, g[4];
    return co_btyd_rows_loglik_gradient(c->a, CO_MODEL_PARETONBD, p, &ll, g);
}

Test(btyd_rows, allocation_failures_leave_nothing_behind)
{
    sweep_ctx c = {NULL, NULL, NULL, 0, NULL};
    cr_assert_eq(co_btyd_rows_from_purchases(data.x, data.tx, data.T, NULL, 300, &c.a), CO_OK);
    cr_assert_eq(co_btyd_rows_from_purchases(data.x + 300, data.tx + 300, data.T + 300, NULL, 300,
                                             &c.b),
                 CO_OK);
    cr_assert_eq(co_btyd_rows_serialize(c.a, &c.bytes, &c.len), CO_OK);
    cr_assert_gt(co_test_alloc_sweep(op_build, NULL, &c), 0);
    cr_assert_gt(co_test_alloc_sweep(op_read, NULL, &c), 0);
    cr_assert_gt(co_test_alloc_sweep(op_fit, NULL, &c), 0);
    cr_assert_gt(co_test_alloc_sweep(op_gradient, NULL, &c), 0);
    cr_assert_gt(co_test_alloc_sweep(op_merge, merge_unchanged, &c), 0);
    co_partial_free(c.bytes);
    co_btyd_rows_free(c.a);
    co_btyd_rows_free(c.b);
}

/* The rows co__btyd_data_build() must give, the slow and obvious way: a
 * plain O(n^2) merge in input order of the rows of nonzero weight, then an
 * insertion sort by (x, tx, T).
 * Asserts that the built rows are these, bit for bit. */
static void assert_merged_rows(const double *x, const double *tx, const double *T, const double *w,
                               size_t n)
{
    co_btyd_row *want = calloc(n, sizeof *want);
    cr_assert_not_null(want);
    size_t n_want = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 0.0)
            continue;
        size_t k = 0;
        while (k < n_want && !(want[k].x == x[i] && want[k].tx == tx[i] && want[k].T == T[i]))
            k++;
        if (k < n_want)
            want[k].w += w[i];
        else
            want[n_want++] = (co_btyd_row){x[i], tx[i], T[i], w[i]};
    }
    for (size_t i = 1; i < n_want; i++)
        for (size_t k = i; k > 0; k--) {
            const co_btyd_row *a = &want[k - 1], *b = &want[k];
            const int after =
                a->x > b->x || (a->x == b->x && (a->tx > b->tx || (a->tx == b->tx && a->T > b->T)));
            if (!after)
                break;
            const co_btyd_row t = want[k];
            want[k] = want[k - 1];
            want[k - 1] = t;
        }
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, x, tx, T, w, n), CO_OK);
    cr_assert_eq(d.n_rows, n_want);
    for (size_t i = 0; i < n_want; i++)
        cr_assert(memcmp(&d.rows[i], &want[i], sizeof want[i]) == 0,
                  "row %zu: (%g, %g, %g, %g) want (%g, %g, %g, %g)", i, d.rows[i].x, d.rows[i].tx,
                  d.rows[i].T, d.rows[i].w, want[i].x, want[i].tx, want[i].T, want[i].w);
    co__btyd_data_free(&d);
    free(want);
}

/* A uniform draw in [0, 1) from a 64-bit linear congruential state. */
static double next_uniform(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) * 0x1p-53;
}

/* Continuous histories with a few exact repeats: merged by the bucket sort (the
 * sample shows (tx, T) hardly repeating). */
Test(btyd_rows, continuous_histories_with_repeats_merge_exactly)
{
    enum { N = 3000 };
    static double x[N], tx[N], T[N], w[N];
    uint64_t s = 7;
    for (size_t i = 0; i < N; i++) {
        const double u = next_uniform(&s);
        const size_t src = i % 97 == 5 ? i / 2 : i; /* every 97th repeats an earlier one */
        if (src != i) {
            x[i] = x[src], tx[i] = tx[src], T[i] = T[src];
        } else {
            x[i] = (double)(i % 5 == 0 ? 0 : 1 + i % 4);
            T[i] = 1.0 + 500.0 * u;
            tx[i] = x[i] > 0 ? T[i] * (0.25 + 0.5 * u * u) : 0.0;
        }
        w[i] = 1.0 + (double)(i % 3) * 0.25;
    }
    assert_merged_rows(x, tx, T, w, N);
}

/* Keys the buckets cannot spread: one far-off recency puts nearly every row of
 * its purchase count in the first bucket, in random order, and many rows share
 * a recency (the order then rests on T); zero weights drop rows. The insertion
 * sort gives up and a merge sort finishes: the rows must be the same. */
Test(btyd_rows, clustered_recencies_merge_exactly)
{
    enum { N = 4000 };
    static double x[N], tx[N], T[N], w[N];
    uint64_t s = 11;
    for (size_t i = 0; i < N; i++) {
        const double u = next_uniform(&s), v = next_uniform(&s);
        x[i] = (double)(1 + i % 3);
        tx[i] = i % 2 ? u : (double)(i % 7); /* half of them on 7 values */
        T[i] = 10.0 + 500.0 * v;
        w[i] = i % 50 == 3 ? 0.0 : 1.0;
    }
    tx[N / 2] = T[N / 2] = 1e12; /* the outlier */
    assert_merged_rows(x, tx, T, w, N);
}
