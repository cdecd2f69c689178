/* Input checks and merging of identical customer histories. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"

int co_btyd_check_nonneg(const char *name, const double *v, size_t n, int whole)
{
    if (!v)
        return co_fail(CO_EINVAL, "%s is NULL", name);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            return co_fail(CO_EINVAL, "%s[%zu] is not finite", name, i);
        if (v[i] < 0.0)
            return co_fail(CO_EINVAL, "%s[%zu] = %g is negative", name, i, v[i]);
        if (whole && v[i] != floor(v[i]))
            return co_fail(CO_EINVAL, "%s[%zu] = %g is not a whole number", name, i, v[i]);
    }
    return CO_OK;
}

int co_btyd_check(const double *frequency, const double *recency, const double *T,
                  const double *weights, size_t n)
{
    if (n == 0)
        return co_fail(CO_EINVAL, "empty input (n = 0)");
    int rc = co_btyd_check_nonneg("frequency", frequency, n, 1);
    if (rc == CO_OK && T) {
        if ((rc = co_btyd_check_nonneg("recency", recency, n, 0)) == CO_OK)
            rc = co_btyd_check_nonneg("T", T, n, 0);
    }
    if (rc == CO_OK && weights)
        rc = co_btyd_check_nonneg("weights", weights, n, 0);
    if (rc != CO_OK || !T)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (recency[i] > T[i])
            return co_fail(CO_EINVAL, "recency[%zu] = %g exceeds T[%zu] = %g", i, recency[i], i,
                           T[i]);
        if (frequency[i] == 0.0 && recency[i] > 0.0)
            return co_fail(CO_EINVAL, "frequency[%zu] = 0 but recency[%zu] = %g > 0", i, i,
                           recency[i]);
    }
    return CO_OK;
}

int co_btyd_check_params(const char *model, const char *const *names, const double *p,
                         size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!isfinite(p[i]) || !(p[i] > 0.0))
            return co_fail(CO_EINVAL, "%s: parameter %s = %g must be finite and > 0", model,
                           names[i], p[i]);
    return CO_OK;
}

static int row_cmp(const void *pa, const void *pb)
{
    const co_btyd_row *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    if (a->tx != b->tx)
        return a->tx < b->tx ? -1 : 1;
    if (a->T != b->T)
        return a->T < b->T ? -1 : 1;
    return 0;
}

int co_btyd_data_build(co_btyd_data *d, const double *x, const double *tx, const double *T,
                       const double *w, size_t n)
{
    co_btyd_row *rows = co_malloc_array(n, sizeof *rows);
    if (!rows)
        return co_fail_nomem();
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (wi == 0.0)
            continue;
        rows[m++] = (co_btyd_row){x[i], tx ? tx[i] : 0.0, T ? T[i] : 0.0, wi};
    }
    if (m == 0) {
        co_free(rows);
        return co_fail(CO_EINVAL, "every weight is 0");
    }
    qsort(rows, m, sizeof *rows, row_cmp);
    size_t k = 0, groups = 0;
    for (size_t i = 0; i < m; i++) {
        if (k > 0 && row_cmp(&rows[k - 1], &rows[i]) == 0) {
            rows[k - 1].w += rows[i].w;
            continue;
        }
        if (k == 0 || rows[k - 1].x != rows[i].x)
            groups++;
        rows[k++] = rows[i];
    }
    size_t *group = co_malloc_array(groups + 1, sizeof *group);
    if (!group) {
        co_free(rows);
        return co_fail_nomem();
    }
    memset(d, 0, sizeof *d);
    size_t g = 0;
    for (size_t i = 0; i < k; i++) {
        if (i == 0 || rows[i - 1].x != rows[i].x)
            group[g++] = i;
        d->total_weight += rows[i].w;
        d->weighted_x += rows[i].w * rows[i].x;
        d->weighted_T += rows[i].w * rows[i].T;
    }
    group[g] = k;
    d->rows = rows;
    d->n_rows = k;
    d->group = group;
    d->n_groups = groups;
    return CO_OK;
}

int co_btyd_require_repeat(const co_btyd_data *d, const char *model)
{
    if (d->rows[d->n_rows - 1].x > 0.0)
        return CO_OK;
    return co_fail(CO_ENOCONV,
                   "%s: no customer made a repeat purchase; the parameters are not identified",
                   model);
}

void co_btyd_data_free(co_btyd_data *d)
{
    co_free(d->rows);
    co_free(d->group);
    memset(d, 0, sizeof *d);
}

int co_btyd_fill(size_t n, double *out, co_btyd_value_fn fn, const co_btyd_args *args)
{
    double *tmp = co_malloc_array(n, sizeof *tmp);
    if (!tmp)
        return co_fail_nomem();
    for (size_t i = 0; i < n; i++) {
        int rc = fn(args, i, &tmp[i]);
        if (rc != CO_OK) {
            co_free(tmp);
            return rc;
        }
    }
    memcpy(out, tmp, n * sizeof *out);
    co_free(tmp);
    return CO_OK;
}
