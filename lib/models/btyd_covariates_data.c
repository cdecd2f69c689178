/* The BTYD covariate models' parameter layout and merged data. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"

int co__cov_layout(co_btyd_model_kind kind, const co_btyd_covariates *cov,
                   const co_covariate_fit_options *opt, co_cov_layout *out)
{
    if (kind != CO_BTYD_BGNBD && kind != CO_BTYD_PARETONBD)
        return co__fail(CO_EINVAL, "covariate model: unknown kind %d", (int)kind);
    const char *name = kind == CO_BTYD_BGNBD ? "BG/NBD" : "Pareto/NBD";
    if ((cov->k_purchase && !cov->purchase) || (cov->k_dropout && !cov->dropout))
        return co__fail(CO_EINVAL, "%s covariates: a matrix with columns is NULL", name);
    co_cov_layout lay;
    memset(&lay, 0, sizeof lay);
    lay.kind = kind;
    lay.name = name;
    lay.kp = cov->k_purchase;
    lay.kd = cov->k_dropout;
    lay.n_base = 4;
    lay.loglik = co__cov_loglik;
    const size_t drop_sets = kind == CO_BTYD_BGNBD ? 2 : 1;
    if (lay.kp > CO_COV_MAX_COEF || lay.kd > CO_COV_MAX_COEF ||
        lay.kp + drop_sets * lay.kd > CO_COV_MAX_COEF)
        return co__fail(CO_EINVAL, "%s covariates: more than %d coefficients", name,
                        CO_COV_MAX_COEF);
    lay.n_coef = lay.kp + drop_sets * lay.kd;
    lay.x_offset = 3; /* x, tx, T */
    lay.n_matrices = 2;
    lay.x_cols[0] = lay.kp;
    lay.x_cols[1] = lay.kd;
    lay.x_name[0] = "purchase ";
    lay.x_name[1] = "drop-out ";
    lay.n_sets = 1 + drop_sets; /* g_p, then g_d or g_a and g_b */
    lay.set_matrix[1] = lay.set_matrix[2] = 1;
    int rc = co__cov_layout_finish(opt, &lay);
    if (rc == CO_OK)
        *out = lay;
    return rc;
}

int co__cov_check_matrices(const co_cov_layout *lay, const co_btyd_covariates *cov, size_t n)
{
    int rc = co__cov_check_matrix("purchase", cov->purchase, n, lay->kp);
    return rc == CO_OK ? co__cov_check_matrix("drop-out", cov->dropout, n, lay->kd) : rc;
}

typedef struct btyd_keys {
    const double *x, *tx, *T;
    const co_btyd_covariates *cov;
    size_t kp, kd;
} btyd_keys;

static void btyd_key(const void *ctx, size_t i, double *key)
{
    const btyd_keys *k = ctx;
    key[0] = k->x[i];
    key[1] = k->tx[i];
    key[2] = k->T[i];
    if (k->kp)
        memcpy(key + 3, k->cov->purchase + i * k->kp, k->kp * sizeof *key);
    if (k->kd)
        memcpy(key + 3 + k->kp, k->cov->dropout + i * k->kd, k->kd * sizeof *key);
}

int co__cov_data_build(const co_cov_layout *lay, const double *frequency, const double *recency,
                       const double *T, const double *weights, size_t n,
                       const co_btyd_covariates *cov, co_cov_data *out)
{
    int rc = co__btyd_check(frequency, recency, T, weights, n);
    if (rc == CO_OK)
        rc = co__cov_check_matrices(lay, cov, n);
    if (rc != CO_OK)
        return rc;
    const btyd_keys keys = {frequency, recency, T, cov, lay->kp, lay->kd};
    co_cov_data d;
    rc = co__cov_merge(lay->name, n, 3 + lay->kp + lay->kd, btyd_key, &keys, weights, &d);
    if (rc == CO_OK && (rc = co__cov_sort_by_first(&d)) != CO_OK)
        co__cov_data_free(&d);
    if (rc != CO_OK)
        return rc;
    for (size_t i = 0; i < d.n_rows; i++) {
        d.weighted_x += d.w[i] * d.v[i * d.stride];
        d.weighted_T += d.w[i] * d.v[i * d.stride + 2];
    }
    *out = d;
    return CO_OK;
}
