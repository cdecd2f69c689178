/* Building the matrix column by column, and the missing-value rule of the
 * means. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "covariates_internal.h"

double *co__feature_add(co__feature_build *b, const char *prefix, const char *name, int feature,
                        int kind)
{
    size_t lp = strlen(prefix), ln = name ? strlen(name) : 0;
    co__feature_column c = {.feature = feature, .kind = kind, .fill = NAN};
    c.name = co__malloc(lp + ln + 1);
    c.v = co__calloc(b->n ? b->n : 1, sizeof *c.v);
    if (!c.name || !c.v || co__vec_push(&b->cols, sizeof c, &c) != CO_OK) {
        co__free(c.name);
        co__free(c.v);
        co__fail_nomem();
        return NULL;
    }
    memcpy(c.name, prefix, lp);
    if (ln)
        memcpy(c.name + lp, name, ln);
    c.name[lp + ln] = '\0';
    return c.v;
}

int co__feature_add_mean(co__feature_build *b, const char *name, const char *missing_name,
                         int feature, const double *sum, const uint32_t *count, double neutral)
{
    double total = 0;
    size_t seen = 0;
    for (size_t i = 0; i < b->n; i++)
        if (count[i]) {
            total += sum[i] / count[i];
            seen++;
        }
    const double fill = seen ? total / (double)seen : neutral;
    double *v = co__feature_add(b, name, NULL, feature, CO_COVARIATE_CONTINUOUS);
    double *miss = v && missing_name
                       ? co__feature_add(b, missing_name, NULL, feature, CO_COVARIATE_MISSING)
                       : NULL;
    if (!v || (missing_name && !miss))
        return CO_ENOMEM;
    CO_VEC_AT(&b->cols, co__feature_column, b->cols.len - (missing_name ? 2 : 1)).fill = fill;
    for (size_t i = 0; i < b->n; i++) {
        v[i] = count[i] ? sum[i] / count[i] : fill;
        if (miss)
            miss[i] = count[i] ? 0 : 1;
    }
    return CO_OK;
}

void co__feature_build_free(co__feature_build *b)
{
    for (size_t j = 0; j < b->cols.len; j++) {
        co__feature_column *c = &CO_VEC_AT(&b->cols, co__feature_column, j);
        co__free(c->name);
        co__free(c->v);
    }
    co__vec_free(&b->cols);
    co__free(b->rows);
    b->rows = NULL;
}
