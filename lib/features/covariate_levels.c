/* Indicators of the segment and tags of each row's customer: one column per
 * level that some row has, in byte order. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "covariates_internal.h"

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *segment_of(const co_store *s, size_t c)
{
    return STORE_STR(s, STORE_CUST(s, c)->segment);
}

static const char *tag_of(const co_store *s, size_t c, size_t j)
{
    return STORE_STR(s, CO_VEC_AT(&s->strs, size_t, STORE_CUST(s, c)->tags_at + j));
}

/* The distinct non-empty strings of `all` (m of them), sorted, first in `all`; their
 * number is returned. */
static size_t distinct(const char **all, size_t m)
{
    qsort(all, m, sizeof *all, by_bytes);
    size_t n = 0;
    for (size_t i = 0; i < m; i++)
        if (all[i][0] && (n == 0 || strcmp(all[n - 1], all[i]) != 0))
            all[n++] = all[i];
    return n;
}

/* Add one indicator column per level; their values in cols[0 .. n_levels). */
static int add_levels(co__feature_build *b, const char *prefix, int feature, const char **levels,
                      size_t n_levels, double **cols)
{
    for (size_t j = 0; j < n_levels; j++) {
        cols[j] = co__feature_add(b, prefix, levels[j], feature, CO_COVARIATE_INDICATOR);
        if (!cols[j])
            return CO_ENOMEM;
    }
    return CO_OK;
}

static size_t level_index(const char **levels, size_t n_levels, const char *s)
{
    const char **hit = bsearch(&s, levels, n_levels, sizeof *levels, by_bytes);
    return (size_t)(hit - levels);
}

int co__feature_segment(co__feature_build *b)
{
    const co_store *s = b->store;
    const char **levels = co__malloc_array(b->n ? b->n : 1, sizeof *levels);
    double **cols = co__malloc_array(b->n + 1, sizeof *cols);
    int rc = levels && cols ? CO_OK : co__fail_nomem();
    size_t n_levels = 0, n_missing = 0;
    if (rc == CO_OK) {
        for (size_t i = 0; i < b->n; i++) {
            levels[i] = segment_of(s, b->rows[i]);
            n_missing += levels[i][0] == '\0';
        }
        n_levels = distinct(levels, b->n);
        rc = add_levels(b, "segment:", CO_COVARIATE_SEGMENT, levels, n_levels, cols);
    }
    if (rc == CO_OK && n_missing) {
        cols[n_levels] =
            co__feature_add(b, "segment_missing", NULL, CO_COVARIATE_SEGMENT, CO_COVARIATE_MISSING);
        rc = cols[n_levels] ? CO_OK : CO_ENOMEM;
    }
    if (rc == CO_OK)
        for (size_t i = 0; i < b->n; i++) {
            const char *seg = segment_of(s, b->rows[i]);
            cols[seg[0] ? level_index(levels, n_levels, seg) : n_levels][i] = 1;
        }
    co__free(levels);
    co__free(cols);
    return rc;
}

int co__feature_tags(co__feature_build *b)
{
    const co_store *s = b->store;
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        m += STORE_CUST(s, b->rows[i])->n_tags;
    const char **levels = co__malloc_array(m ? m : 1, sizeof *levels);
    double **cols = co__malloc_array(m ? m : 1, sizeof *cols);
    int rc = levels && cols ? CO_OK : co__fail_nomem();
    size_t n_levels = 0;
    if (rc == CO_OK) {
        m = 0;
        for (size_t i = 0; i < b->n; i++)
            for (size_t j = 0; j < STORE_CUST(s, b->rows[i])->n_tags; j++)
                levels[m++] = tag_of(s, b->rows[i], j);
        n_levels = distinct(levels, m);
        rc = add_levels(b, "tag:", CO_COVARIATE_TAGS, levels, n_levels, cols);
    }
    if (rc == CO_OK)
        for (size_t i = 0; i < b->n; i++)
            for (size_t j = 0; j < STORE_CUST(s, b->rows[i])->n_tags; j++)
                cols[level_index(levels, n_levels, tag_of(s, b->rows[i], j))][i] = 1;
    co__free(levels);
    co__free(cols);
    return rc;
}
