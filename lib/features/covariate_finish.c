/* The optional steps after the columns are built (leaving out reference
 * levels and constant columns, standardising), and packing the columns into
 * the caller's row-major matrix. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "covariates_internal.h"

/* The matrix with the names it owns, freed as one. */
typedef struct owned_matrix {
    co_covariate_matrix m;
    char **names;
} owned_matrix;

static co__feature_column *column(co__feature_build *b, size_t j)
{
    return &CO_VEC_AT(&b->cols, co__feature_column, j);
}

static void drop_column(co__feature_build *b, size_t j)
{
    co__free(column(b, j)->name);
    co__free(column(b, j)->v);
    co__feature_column *c = b->cols.data;
    memmove(c + j, c + j + 1, (b->cols.len - j - 1) * sizeof *c);
    b->cols.len--;
}

/* Of the columns of `feature`, drop the one set on most rows (the first on a tie). */
static void drop_most_common(co__feature_build *b, int feature)
{
    size_t best = SIZE_MAX;
    double best_sum = -1;
    for (size_t j = 0; j < b->cols.len; j++) {
        if (column(b, j)->feature != feature)
            continue;
        double s = 0;
        for (size_t i = 0; i < b->n; i++)
            s += column(b, j)->v[i];
        if (s > best_sum) {
            best_sum = s;
            best = j;
        }
    }
    if (best != SIZE_MAX)
        drop_column(b, best);
}

static int is_constant(const co__feature_column *c, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (c->v[i] != c->v[0])
            return 0;
    return n > 0;
}

/* Centre and scale of one column: mean and standard deviation (n - 1 in the
 * divisor) over the rows; a column without spread keeps scale 1. */
static void standardise(const co__feature_column *c, size_t n, double *center, double *scale)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += (c->v[i] - mean) / (double)(i + 1); /* running mean: no overflow of a sum */
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (c->v[i] - mean) * (c->v[i] - mean);
    const double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
    *center = mean;
    *scale = sd > 0 && isfinite(sd) ? sd : 1;
}

static owned_matrix *alloc_matrix(size_t n, size_t k)
{
    owned_matrix *o = co__calloc(1, sizeof *o);
    size_t cells;
    if (!o || !co__mul_fits(n, k, &cells)) {
        co__free(o);
        return NULL;
    }
    const size_t k1 = k ? k : 1;
    o->m.customer = co__malloc_array(n ? n : 1, sizeof *o->m.customer);
    o->m.values = co__malloc_array(cells ? cells : 1, sizeof *o->m.values);
    o->names = co__calloc(k1, sizeof *o->names);
    o->m.names = co__calloc(k1, sizeof *o->m.names);
    o->m.feature = co__malloc_array(k1, sizeof *o->m.feature);
    o->m.column_kind = co__malloc_array(k1, sizeof *o->m.column_kind);
    o->m.fill = co__malloc_array(k1, sizeof *o->m.fill);
    o->m.center = co__malloc_array(k1, sizeof *o->m.center);
    o->m.scale = co__malloc_array(k1, sizeof *o->m.scale);
    if (!o->m.customer || !o->m.values || !o->names || !o->m.names || !o->m.feature ||
        !o->m.column_kind || !o->m.fill || !o->m.center || !o->m.scale) {
        co_covariate_matrix_free(&o->m);
        return NULL;
    }
    o->m.n = n;
    o->m.k = k;
    return o;
}

int co__feature_finish(co__feature_build *b, co_covariate_matrix **out)
{
    const co_store_covariate_options *opt = b->opt;
    if (opt->drop_reference) {
        drop_most_common(b, CO_COVARIATE_NPS);
        drop_most_common(b, CO_COVARIATE_SEGMENT);
    }
    if (opt->drop_constant)
        for (size_t j = b->cols.len; j-- > 0;)
            if (is_constant(column(b, j), b->n))
                drop_column(b, j);
    const size_t n = b->n, k = b->cols.len;
    owned_matrix *o = alloc_matrix(n, k);
    if (!o)
        return co__fail_nomem();
    co_covariate_matrix *m = &o->m;
    memcpy(m->customer, b->rows, n * sizeof *m->customer);
    for (size_t j = 0; j < k; j++) {
        co__feature_column *c = column(b, j);
        m->center[j] = 0;
        m->scale[j] = 1;
        if (opt->standardize && c->kind == CO_COVARIATE_CONTINUOUS)
            standardise(c, n, &m->center[j], &m->scale[j]);
        for (size_t i = 0; i < n; i++)
            m->values[i * k + j] = (c->v[i] - m->center[j]) / m->scale[j];
        m->feature[j] = c->feature;
        m->column_kind[j] = c->kind;
        m->fill[j] = c->fill;
        o->names[j] = c->name; /* taken over from the column */
        m->names[j] = c->name;
        c->name = NULL;
    }
    *out = m;
    return CO_OK;
}

int co_covariate_matrix_find(const co_covariate_matrix *m, const char *name, size_t *out)
{
    if (!m || !name || !out)
        return co__fail(CO_EINVAL, "co_covariate_matrix_find: NULL argument");
    for (size_t j = 0; j < m->k; j++)
        if (strcmp(m->names[j], name) == 0) {
            *out = j;
            return CO_OK;
        }
    return co__fail(CO_ENOTFOUND, "no covariate column named \"%s\"", name);
}

void co_covariate_matrix_free(co_covariate_matrix *m)
{
    if (!m)
        return;
    owned_matrix *o = (owned_matrix *)(void *)m; /* m is the first member */
    if (o->names)
        for (size_t j = 0; j < m->k; j++)
            co__free(o->names[j]);
    co__free(o->names);
    co__free(m->names);
    co__free(m->customer);
    co__free(m->values);
    co__free(m->feature);
    co__free(m->column_kind);
    co__free(m->fill);
    co__free(m->center);
    co__free(m->scale);
    co__free(o);
}
