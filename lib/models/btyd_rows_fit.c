/* Fits from a rows state, a partition's log-likelihood and gradient, and the
 * fit whose likelihood a caller sums over partitions. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "bgbb_internal.h"
#include "btyd_rows_internal.h"
#include "error_internal.h"

#define MAX_PARAMS 4

/* The purchase model of `kind`, or NULL (Gamma-Gamma and kinds without one). */
static const co_purchase_model *purchase_model(co_model_kind kind)
{
    switch (kind) {
    case CO_MODEL_BGNBD: return &co__bgnbd_model;
    case CO_MODEL_PARETONBD: return &co__paretonbd_model;
    case CO_MODEL_MBGNBD: return &co__mbgnbd_model;
    case CO_MODEL_BGBB: return &co__bgbb_model;
    default: return NULL;
    }
}

/* CO_EINVAL unless `kind` is fitted on rows of `rows_kind`; *k its parameter count. */
static int check_kind(const char *fn, co_model_kind kind, int rows_kind, size_t *k)
{
    const int spend = kind == CO_MODEL_GAMMAGAMMA;
    if (!spend && !purchase_model(kind))
        return co__fail(CO_EINVAL, "%s: model kind %d is not fitted on rows", fn, (int)kind);
    if (rows_kind != (spend ? CO_BTYD_ROWS_SPEND : CO_BTYD_ROWS_PURCHASES))
        return co__fail(CO_EINVAL, "%s: %s needs %s rows", fn, co_model_kind_name(kind),
                        spend ? "spend" : "purchases");
    *k = co_model_kind_param_count(kind);
    return CO_OK;
}

/* The fits' data over the state's rows (the model's checks included); for
 * Gamma-Gamma the repeat customers only, *none set when there are none. */
static int rows_data(const co_btyd_rows *s, co_model_kind kind, co_btyd_data *d, int *none)
{
    *none = 0;
    if (kind == CO_MODEL_BGBB) { /* BG/BB histories are whole numbers of opportunities */
        double *col = co__malloc_array(3 * s->n_rows + 1, sizeof *col);
        if (!col)
            return co__fail_nomem();
        (void)co_btyd_rows_get_columns(s, col, col + s->n_rows, col + 2 * s->n_rows, NULL);
        int rc = co__bgbb_check(col, col + s->n_rows, col + 2 * s->n_rows, NULL, s->n_rows);
        co__free(col);
        if (rc != CO_OK)
            return rc;
    }
    int rc = co__btyd_data_from_rows(d, s->rows, s->n_rows);
    if (rc == CO_OK && kind == CO_MODEL_GAMMAGAMMA) {
        *none = s->rows[s->n_rows - 1].x == 0.0;
        if (!*none)
            rc = co__gammagamma_keep_repeat(d);
    }
    return rc;
}

int co_btyd_rows_fit(const co_btyd_rows *rows, co_model_kind kind, const co_btyd_fit_options *opt,
                     double *params, co_btyd_fit_info *info)
{
    const char *fn = "co_btyd_rows_fit";
    if (!rows || !params)
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    size_t k = 0; /* set by check_kind() when it succeeds */
    int rc = check_kind(fn, kind, (int)rows->kind, &k);
    if (rc != CO_OK)
        return rc;
    if (rows->n_rows == 0)
        return co__fail(CO_EINVAL, "%s: no rows (every weight is 0)", fn);
    const co_purchase_model *m = purchase_model(kind);
    co_btyd_fit_options resolved;
    if ((rc = co__btyd_fit_args(m ? m->name : "Gamma-Gamma", opt, info, &resolved)) != CO_OK)
        return rc;
    co_btyd_data d;
    int none;
    if ((rc = rows_data(rows, kind, &d, &none)) != CO_OK)
        return rc;
    if (none) {
        co__btyd_data_free(&d);
        return co__fail(CO_EINVAL, "Gamma-Gamma: no customer with frequency > 0");
    }
    double p[MAX_PARAMS], penalty[MAX_PARAMS];
    if (m) {
        co__purchase_penalty_of(m, rows->max_T, (double)rows->inputs, resolved.penalizer, penalty);
        rc = co__purchase_fit_data(m, &d, &resolved, penalty, p, info);
    } else
        rc = co__gammagamma_fit_data(&d, &resolved, p, info);
    co__btyd_data_free(&d);
    if (rc == CO_OK)
        memcpy(params, p, k * sizeof *p);
    return rc;
}

/* CO_EINVAL unless the k parameters are finite and > 0. */
static int check_params(co_model_kind kind, const double *p, size_t k)
{
    const char *names[MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        names[i] = co_model_kind_param_name(kind, i);
    return co__btyd_check_params(co_model_kind_name(kind), names, p, k);
}

int co_btyd_rows_loglik_gradient(const co_btyd_rows *rows, co_model_kind kind, const double *params,
                                 double *ll, double *grad)
{
    const char *fn = "co_btyd_rows_loglik_gradient";
    if (!rows || !params || !ll)
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    size_t k = 0; /* set by check_kind() when it succeeds */
    int rc = check_kind(fn, kind, (int)rows->kind, &k);
    if (rc == CO_OK)
        rc = check_params(kind, params, k);
    if (rc != CO_OK)
        return rc;
    double value = 0.0, g[MAX_PARAMS] = {0};
    co_btyd_data d;
    int none = 1;
    if (rows->n_rows > 0 && (rc = rows_data(rows, kind, &d, &none)) != CO_OK)
        return rc;
    if (!none) {
        const co_purchase_model *m = purchase_model(kind);
        if (m) {
            if ((rc = m->prepare(&d)) == CO_OK)
                rc = m->loglik(&d, params, &value, g);
            m->release(&d);
        } else
            rc = co__gammagamma_loglik(&d, params, &value, g);
        co__btyd_data_free(&d);
        if (rc == CO_OK && !isfinite(value))
            rc = co__fail(CO_ENOCONV, "%s: log-likelihood not finite at these parameters", fn);
        if (rc != CO_OK)
            return rc;
    } else if (rows->n_rows > 0)
        co__btyd_data_free(&d);
    *ll = value;
    if (grad) /* d ll / d log p = p d ll / dp */
        for (size_t i = 0; i < k; i++)
            grad[i] = params[i] * g[i];
    return CO_OK;
}

/* The caller's sum behind the fit driver's co_loglik_fn: the data it is
 * handed carries only the totals, and this in `aux`. */
typedef struct sum_bridge {
    co_btyd_loglik_sum_fn sum;
    void *ctx;
    size_t k;
} sum_bridge;

static int bridged_loglik(const co_btyd_data *d, const double *p, double *ll, double *grad)
{
    const sum_bridge *b = d->aux;
    double value = NAN, g[MAX_PARAMS] = {0};
    int rc = b->sum(b->ctx, p, &value, g);
    if (rc != CO_OK)
        return rc;
    *ll = isnan(value) ? -INFINITY : value;
    if (grad) /* natural-scale gradient from the log-parameter one */
        for (size_t i = 0; i < b->k; i++)
            grad[i] = g[i] / p[i];
    return CO_OK;
}

int co_btyd_fit_distributed(co_model_kind kind, const co_btyd_totals *totals,
                            co_btyd_loglik_sum_fn sum, void *ctx, const co_btyd_fit_options *opt,
                            double *params, co_btyd_fit_info *info)
{
    const char *fn = "co_btyd_fit_distributed";
    if (!totals || !sum || !params)
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    size_t k = 0; /* set by check_kind() when it succeeds */
    int rc = check_kind(fn, kind, totals->kind, &k);
    const co_purchase_model *m = purchase_model(kind);
    const char *name = m ? m->name : "Gamma-Gamma";
    co_btyd_fit_options resolved;
    if (rc == CO_OK)
        rc = co__btyd_fit_args(name, opt, info, &resolved);
    if (rc != CO_OK)
        return rc;
    const double W = m ? totals->weight : totals->repeat_weight;
    if (!(W > 0.0 && isfinite(W)) || !isfinite(totals->weighted_x) ||
        !isfinite(totals->weighted_value) || !(totals->max_T >= 0.0 && isfinite(totals->max_T)))
        return co__fail(CO_EINVAL, "%s: totals without customers%s, or not finite", fn,
                        m ? "" : " with frequency > 0");
    if (m && !(totals->repeat_weight > 0.0))
        return co__fail(CO_ENOCONV,
                        "%s: no customer made a repeat purchase; the parameters are not identified",
                        name);
    sum_bridge bridge = {sum, ctx, k};
    co_btyd_data d;
    memset(&d, 0, sizeof d);
    d.total_weight = W;
    d.weighted_x = totals->weighted_x;
    d.weighted_T = totals->weighted_value;
    d.aux = &bridge;
    d.threads = 1;
    double p[MAX_PARAMS], penalty[MAX_PARAMS];
    const char *names[MAX_PARAMS];
    for (size_t i = 0; i < k; i++)
        names[i] = co_model_kind_param_name(kind, i);
    if (m) {
        m->start(&d, p);
        co__purchase_penalty_of(m, totals->max_T, (double)totals->inputs, resolved.penalizer,
                                penalty);
    } else { /* as co__gammagamma_fit_data() starts */
        p[0] = 1.0;
        p[1] = 2.0;
        p[2] = totals->weighted_value / W;
        co__btyd_penalty(resolved.penalizer, 0, 1.0, 1.0, 3, penalty);
    }
    for (size_t i = 0; i < k; i++) /* the start inside the bounds */
        if (!(p[i] > resolved.lower[i]))
            p[i] = 2.0 * resolved.lower[i];
    rc = co__btyd_user_start(name, &resolved, k, p);
    if (rc >= 0)
        rc =
            co__btyd_fit_run(&d, bridged_loglik, k, name, names, &resolved, penalty, p, info, NULL);
    if (rc == CO_OK)
        memcpy(params, p, k * sizeof *p);
    return rc;
}
