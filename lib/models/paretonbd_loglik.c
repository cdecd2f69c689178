/* The Pareto/NBD log-likelihood of a data set with its analytic gradient,
 * and the index of distinct (x, time) pairs that lets a fit sum each
 * drop-out series once per pair instead of twice per customer history. */
#include <math.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "index_map_internal.h"
#include "numeric_internal.h"
#include "paretonbd_internal.h"

typedef co_pnbd_pairs pair_index;

static int same_pair(const void *ctx, size_t id, const void *probe)
{
    const double *a = (const double *)ctx + 2 * id, *b = probe;
    return a[0] == b[0] && a[1] == b[1];
}

void co__paretonbd_unindex(co_btyd_data *d)
{
    pair_index *ix = d->aux;
    if (!ix)
        return;
    co__btyd_times_free(&ix->times);
    co__free(ix->time);
    co__free(ix->key);
    co__free(ix->tx_at);
    co__free(ix->T_at);
    co__free(ix->g);
    co__free(ix);
    d->aux = NULL;
}

/* Pairs in row order: rows are sorted by x, so the pairs of one x are
 * neighbours and share the series tables. */
static int index_pairs(const co_btyd_data *d, pair_index *ix)
{
    co_index_map table = {NULL, 0, 0};
    int rc = CO_OK;
    for (size_t i = 0; rc == CO_OK && i < d->n_rows; i++) {
        const double x = d->rows[i].x;
        const double pairs[2][2] = {{x, (double)ix->times.tx_at[i]},
                                    {x, (double)ix->times.T_at[i]}};
        size_t *at[2] = {&ix->tx_at[i], &ix->T_at[i]};
        for (int k = 0; rc == CO_OK && k < 2; k++) {
            rc = co__index_map_put(&table, co__hash_doubles(pairs[k], 2), ix->n_pairs, same_pair,
                                   ix->key, pairs[k], at[k]);
            if (rc == CO_OK && *at[k] == ix->n_pairs) {
                ix->key[2 * ix->n_pairs] = pairs[k][0];
                ix->key[2 * ix->n_pairs + 1] = pairs[k][1];
                ix->n_pairs++;
            }
        }
    }
    co__index_map_free(&table);
    return rc;
}

int co__paretonbd_index(co_btyd_data *d)
{
    pair_index *ix = co__calloc(1, sizeof *ix);
    if (!ix)
        return co__fail_nomem();
    d->aux = ix;
    int rc = co__btyd_times_build(d, &ix->times);
    if (rc == CO_OK) {
        ix->time = co__malloc_array(ix->times.n, sizeof *ix->time);
        ix->key = co__malloc_array(4 * d->n_rows, sizeof *ix->key);
        ix->tx_at = co__malloc_array(d->n_rows, sizeof *ix->tx_at);
        ix->T_at = co__malloc_array(d->n_rows, sizeof *ix->T_at);
        rc = ix->time && ix->key && ix->tx_at && ix->T_at ? CO_OK : co__fail_nomem();
    }
    if (rc == CO_OK)
        rc = index_pairs(d, ix);
    if (rc == CO_OK && !(ix->g = co__malloc_array(ix->n_pairs, sizeof *ix->g)))
        rc = co__fail_nomem();
    if (rc != CO_OK)
        co__paretonbd_unindex(d);
    return rc;
}

/* G over pairs in blocks; each block starts its own coefficient tables, so
 * its pairs come out the same whichever thread sums them. */
typedef struct pairs_eval {
    pair_index *ix;
    const double *p;
    int want_grad, pilot;
    co_btyd_blocks blocks;
} pairs_eval;

#define PAIR_BLOCK 512 /* a series costs ~0.1-10 us: smaller blocks than rows */

static int pairs_block(void *vctx, size_t block)
{
    const pairs_eval *e = vctx;
    pair_index *ix = e->ix;
    co_pnbd_tables tables;
    co__pnbd_tables_init(&tables, e->pilot);
    size_t first, last;
    co__btyd_block_range(&e->blocks, block, &first, &last);
    for (size_t j = first; j < last; j++) {
        const co_pnbd_time *tm = &ix->time[(size_t)ix->key[2 * j + 1]];
        int rc = co__pnbd_eval_log_g(e->p, ix->key[2 * j], tm, &tables, e->want_grad, &ix->g[j]);
        if (rc != CO_OK)
            return rc;
    }
    return CO_OK;
}

/* log(alpha + t) and log(beta + t) per distinct time, then G per pair. */
static int evaluate_pairs(const co_btyd_data *d, pair_index *ix, const double *p, int want_grad)
{
    for (size_t j = 0; j < ix->times.n; j++) {
        const double t = ix->times.t[j];
        ix->time[j] = (co_pnbd_time){t, log(p[1] + t), log(p[3] + t)};
    }
    pairs_eval e = {ix, p, want_grad, d->is_pilot, {0, 0, 0}};
    co__btyd_blocks_plan(ix->n_pairs, PAIR_BLOCK, &e.blocks);
    return co__btyd_run_blocks(&e.blocks, d->threads, pairs_block, &e);
}

/* Without an index (a data set that was not prepared), each row's two
 * series are summed on their own: slower, and an independent check of the
 * indexed path in the tests. */
static int row_series(const double *p, const co_btyd_row *row, co_pnbd_log_g g[2], co_pnbd_time *T,
                      int want_grad)
{
    const co_pnbd_time tx = {row->tx, log(p[1] + row->tx), log(p[3] + row->tx)};
    *T = (co_pnbd_time){row->T, log(p[1] + row->T), log(p[3] + row->T)};
    int rc = co__pnbd_eval_log_g(p, row->x, &tx, NULL, want_grad, &g[0]);
    return rc == CO_OK ? co__pnbd_eval_log_g(p, row->x, T, NULL, want_grad, &g[1]) : rc;
}

/* Add w d log L / d(r, alpha, s, beta) of one row to gsum; dconst_r is
 * psi(r + x) - psi(r) + log(alpha). */
static void add_gradient(const double *p, double x, double dconst_r, double lbeta,
                         const co_pnbd_time *T, const co_pnbd_log_g *g1, const co_pnbd_log_g *g2,
                         const co_pnbd_terms *t, double w, double *gsum)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3], rx = r + x;
    const double dead = 1.0 - t->alive, wa = w * t->alive;
    gsum[0] += w * (dconst_r + t->a1 * g1->d[0] - t->a2 * g2->d[0]) - wa * T->la;
    gsum[1] += w * (r / alpha + t->a1 * g1->d[1] - t->a2 * g2->d[1]) - wa * rx / (alpha + T->t);
    gsum[2] += w * (lbeta + dead / s + t->a1 * g1->d[2] - t->a2 * g2->d[2]) - wa * T->lb;
    gsum[3] += w * (s / beta + t->a1 * g1->d[3] - t->a2 * g2->d[3]) - wa * s / (beta + T->t);
}

int co__paretonbd_row_loglik(const double *p, const double *logs, double x, double tx, double T,
                             double lgamma_rx, double digamma_rx, co_pnbd_tables *tables,
                             double *ll, double *grad)
{
    const int want = grad != NULL;
    const co_pnbd_time ttx = {tx, log(p[1] + tx), log(p[3] + tx)};
    const co_pnbd_time tT = {T, log(p[1] + T), log(p[3] + T)};
    co_pnbd_log_g g[2];
    int rc = co__pnbd_eval_log_g(p, x, &ttx, tables, want, &g[0]);
    if (rc == CO_OK)
        rc = co__pnbd_eval_log_g(p, x, &tT, tables, want, &g[1]);
    if (rc != CO_OK)
        return rc;
    const double lalpha = logs[0], ls = logs[1], lbeta = logs[2];
    const double log_c = lgamma_rx + p[0] * lalpha + p[2] * lbeta;
    co_pnbd_terms t;
    co__pnbd_combine(p, x, &tT, ls, &g[0], &g[1], log_c, &t);
    *ll = t.log_l;
    if (want) {
        grad[0] = grad[1] = grad[2] = grad[3] = 0.0;
        add_gradient(p, x, digamma_rx + lalpha, lbeta, &tT, &g[0], &g[1], &t, 1.0, grad);
    }
    return CO_OK;
}

/* The rows' sums in blocks, as the pairs. */
typedef struct rows_eval {
    const co_btyd_data *d;
    const double *p;
    double lalpha, lbeta, ls, base, dg_r;
    int want;
    double part[CO_BTYD_MAX_BLOCKS][5]; /* ll and gradient of each block */
    co_btyd_blocks blocks;
} rows_eval;

static int rows_block(void *vctx, size_t block)
{
    rows_eval *e = vctx;
    const co_btyd_data *d = e->d;
    const double *p = e->p;
    const double r = p[0];
    const int want = e->want;
    const pair_index *ix = d->aux;
    size_t lo, hi;
    co__btyd_block_range(&e->blocks, block, &lo, &hi);
    double ll = 0.0, gsum[4] = {0, 0, 0, 0};
    int rc;
    for (size_t g = co__btyd_group_of(d, lo); lo < hi; g++) {
        const size_t first = lo, last = d->group[g + 1] < hi ? d->group[g + 1] : hi;
        lo = last;
        const double x = d->rows[first].x, rx = r + x;
        const double log_c = e->base + co__lgamma(rx);
        const double dconst_r = want ? co__digamma(rx) - e->dg_r + e->lalpha : 0.0;
        for (size_t i = first; i < last; i++) {
            const co_btyd_row *row = &d->rows[i];
            const co_pnbd_log_g *g1, *g2;
            const co_pnbd_time *T;
            co_pnbd_log_g own[2];
            co_pnbd_time own_T;
            if (ix) {
                g1 = &ix->g[ix->tx_at[i]];
                g2 = &ix->g[ix->T_at[i]];
                T = &ix->time[ix->times.T_at[i]];
            } else {
                if ((rc = row_series(p, row, own, &own_T, want)) != CO_OK)
                    return rc;
                g1 = &own[0];
                g2 = &own[1];
                T = &own_T;
            }
            co_pnbd_terms t;
            co__pnbd_combine(p, x, T, e->ls, g1, g2, log_c, &t);
            const double w = row->w;
            ll += w * t.log_l;
            if (want)
                add_gradient(p, x, dconst_r, e->lbeta, T, g1, g2, &t, w, gsum);
        }
    }
    double *out = e->part[block];
    out[0] = ll;
    for (int k = 0; k < 4; k++)
        out[k + 1] = gsum[k];
    return CO_OK;
}

int co__paretonbd_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    rows_eval e;
    e.d = d;
    e.p = p;
    e.lalpha = log(p[1]);
    e.lbeta = log(p[3]);
    e.ls = log(p[2]);
    e.base = -co__lgamma(p[0]) + p[0] * e.lalpha + p[2] * e.lbeta;
    e.dg_r = grad ? co__digamma(p[0]) : 0.0;
    e.want = grad != NULL;
    pair_index *ix = d->aux;
    int rc;
    if (ix && (rc = evaluate_pairs(d, ix, p, e.want)) != CO_OK)
        return rc;
    co__btyd_blocks_plan(d->n_rows, 0, &e.blocks);
    if ((rc = co__btyd_run_blocks(&e.blocks, d->threads, rows_block, &e)) != CO_OK)
        return rc;
    double total[5] = {0, 0, 0, 0, 0};
    for (size_t k = 0; k < e.blocks.count; k++)
        for (int j = 0; j < 5; j++)
            total[j] += e.part[k][j];
    *ll_out = total[0];
    if (grad)
        for (int j = 0; j < 4; j++)
            grad[j] = total[j + 1];
    return CO_OK;
}
