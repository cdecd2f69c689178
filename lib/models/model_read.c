/* Reading a model file: the JSON tree (core json.c) checked against the format of
 * docs/model-file.md, every error at its line and column. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/model_io.h"
#include "custorient/uncertainty.h"
#include "error_internal.h"
#include "file_internal.h"
#include "json_internal.h"

#define FORMAT_NAME "custorient-model"
#define FORMAT_VERSION 2 /* 2 added "coefficients" */

typedef struct reading {
    const char *source;
    co_model_file *model;
} reading;

static int bad(const reading *rd, const co_json *at, const char *fmt, ...) CO_PRINTF(3, 4);

/* CO_EPARSE at the value `at`. */
static int bad(const reading *rd, const co_json *at, const char *fmt, ...)
{
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return co__fail_at(CO_EPARSE, rd->source, at->line, at->column, "%s", what);
}

/* `member` of `obj` must be of `type` (NULL when absent and not `required`). */
static int member(const reading *rd, const co_json *obj, const char *key, co_json_type type,
                  int required, const co_json **out)
{
    const co_json *v = co__json_member(obj, key);
    *out = v;
    if (!v)
        return required ? bad(rd, obj, "no \"%s\" member", key) : CO_OK;
    if (v->type != type)
        return bad(rd, v, "\"%s\" must be %s", key, co__json_type_name(type));
    return CO_OK;
}

/* Every member of `obj` is one of the NULL-terminated `known`. */
static int only_known(const reading *rd, const co_json *obj, const char *const *known,
                      const char *what)
{
    for (size_t i = 0; i < obj->n_items; i++) {
        size_t j = 0;
        while (known[j] && strcmp(known[j], obj->items[i].key) != 0)
            j++;
        if (!known[j])
            return bad(rd, &obj->items[i], "unknown member \"%.64s\" in %s", obj->items[i].key,
                       what);
    }
    return CO_OK;
}

static int header(const reading *rd, const co_json *root)
{
    const co_json *format, *version;
    int rc = member(rd, root, "format", CO_JSON_STRING, 1, &format);
    if (rc == CO_OK && strcmp(format->string, FORMAT_NAME) != 0)
        rc = bad(rd, format, "\"format\" must be \"%s\"", FORMAT_NAME);
    if (rc == CO_OK)
        rc = member(rd, root, "version", CO_JSON_NUMBER, 1, &version);
    if (rc == CO_OK && (version->number != floor(version->number) || version->number < 1))
        rc = bad(rd, version, "\"version\" must be a whole number >= 1");
    if (rc == CO_OK && version->number > FORMAT_VERSION)
        rc = co__fail_at(CO_ECORRUPT, rd->source, version->line, version->column,
                         "model file: version %.0f is newer than this library reads (%d)",
                         version->number, FORMAT_VERSION);
    return rc;
}

static int read_params(const reading *rd, const co_json *root, co_model_kind *kind_out,
                       co_model_file **out)
{
    const co_json *kind, *params;
    co_model_kind kind_id = CO_MODEL_BGNBD;
    int rc = member(rd, root, "kind", CO_JSON_STRING, 1, &kind);
    if (rc == CO_OK && co_model_kind_find(kind->string, &kind_id) != CO_OK)
        rc = bad(rd, kind, "unknown model kind \"%.64s\"", kind->string);
    if (rc == CO_OK)
        rc = member(rd, root, "params", CO_JSON_OBJECT, 1, &params);
    if (rc != CO_OK)
        return rc;
    const size_t k = co_model_kind_param_count(kind_id);
    double p[CO_MODEL_MAX_PARAMS];
    const char *known[CO_MODEL_MAX_PARAMS + 1] = {NULL};
    for (size_t i = 0; i < k && rc == CO_OK; i++) {
        const co_json *v;
        known[i] = co_model_kind_param_name(kind_id, i);
        rc = member(rd, params, known[i], CO_JSON_NUMBER, 1, &v);
        if (rc == CO_OK && !(v->number > 0.0))
            rc = bad(rd, v, "parameter \"%s\" must be > 0", known[i]);
        if (rc == CO_OK)
            p[i] = v->number;
    }
    if (rc == CO_OK)
        rc = only_known(rd, params, known, "\"params\"");
    if (rc == CO_OK)
        rc = co_model_file_new(kind_id, p, k, out);
    if (rc == CO_OK)
        *kind_out = kind_id;
    return rc;
}

/* Each entry an object {"process": text, "covariate": text, "value": number}. */
static int read_coefficients(const reading *rd, const co_json *root, co_model_file *m)
{
    static const char *const known[] = {"process", "covariate", "value", NULL};
    const co_json *list;
    int rc = member(rd, root, "coefficients", CO_JSON_ARRAY, 0, &list);
    for (size_t i = 0; rc == CO_OK && list && i < list->n_items; i++) {
        const co_json *c = &list->items[i], *process, *covariate, *value;
        if (c->type != CO_JSON_OBJECT)
            return bad(rd, c, "a coefficient must be an object");
        if ((rc = only_known(rd, c, known, "a coefficient")) == CO_OK &&
            (rc = member(rd, c, "process", CO_JSON_STRING, 1, &process)) == CO_OK &&
            (rc = member(rd, c, "covariate", CO_JSON_STRING, 1, &covariate)) == CO_OK &&
            (rc = member(rd, c, "value", CO_JSON_NUMBER, 1, &value)) == CO_OK) {
            rc =
                co_model_file_add_coefficient(m, process->string, covariate->string, value->number);
            if (rc == CO_EINVAL || rc == CO_EEXIST) {
                char why[160]; /* co_errmsg() is overwritten by bad() */
                snprintf(why, sizeof why, "%s", co_errmsg());
                rc = bad(rd, c, "%s", why);
            }
        }
    }
    return rc;
}

static int read_variance(const reading *rd, const co_json *v, co_model_file *m)
{
    const size_t k =
        co_model_kind_param_count(co_model_file_kind(m)) + co_model_file_coefficient_count(m);
    if (v->type != CO_JSON_ARRAY || v->n_items != k)
        return bad(rd, v, "\"variance\" must be %zu rows of %zu numbers", k, k);
    double *var = co__malloc_array(k * k, sizeof *var);
    if (!var)
        return co__fail_nomem();
    int rc = CO_OK;
    for (size_t i = 0; rc == CO_OK && i < k; i++) {
        const co_json *row = &v->items[i];
        if (row->type != CO_JSON_ARRAY || row->n_items != k) {
            rc = bad(rd, row, "a row of \"variance\" must hold %zu numbers", k);
            break;
        }
        for (size_t j = 0; rc == CO_OK && j < k; j++) {
            if (row->items[j].type != CO_JSON_NUMBER)
                rc = bad(rd, &row->items[j], "\"variance\" holds %s, not a number",
                         co__json_type_name(row->items[j].type));
            else
                var[i * k + j] = row->items[j].number;
        }
    }
    if (rc == CO_OK && (rc = co_model_file_set_variance(m, var, k)) == CO_EINVAL)
        rc = bad(rd, v, "\"variance\" is not symmetric");
    co__free(var);
    return rc;
}

/* A fit figure: absent (NaN), or a number >= 0 (any sign when `signed_ok`), whole
 * when `whole`. */
static int figure(const reading *rd, const co_json *fit, const char *key, int signed_ok, int whole,
                  double *out)
{
    const co_json *v;
    int rc = member(rd, fit, key, CO_JSON_NUMBER, 0, &v);
    if (rc != CO_OK || !v)
        return rc;
    if ((!signed_ok && v->number < 0.0) || (whole && v->number != floor(v->number)))
        return bad(rd, v, "\"%s\" must be %s", key, whole ? "a whole number >= 0" : ">= 0");
    *out = v->number;
    return CO_OK;
}

static int read_fit(const reading *rd, const co_json *root, co_model_file *m)
{
    static const char *const known[] = {"log_likelihood", "n_observations", "iterations",
                                        "penalizer",      "variance",       NULL};
    const co_json *fit;
    int rc = member(rd, root, "fit", CO_JSON_OBJECT, 0, &fit);
    if (rc != CO_OK || !fit)
        return rc;
    co_model_fit f;
    co_model_fit_init(&f, sizeof f);
    if ((rc = only_known(rd, fit, known, "\"fit\"")) == CO_OK &&
        (rc = figure(rd, fit, "log_likelihood", 1, 0, &f.log_likelihood)) == CO_OK &&
        (rc = figure(rd, fit, "n_observations", 0, 0, &f.n_observations)) == CO_OK &&
        (rc = figure(rd, fit, "iterations", 0, 1, &f.iterations)) == CO_OK &&
        (rc = figure(rd, fit, "penalizer", 0, 0, &f.penalizer)) == CO_OK)
        rc = co_model_file_set_fit(m, &f);
    const co_json *var = co__json_member(fit, "variance");
    if (rc == CO_OK && var)
        rc = read_variance(rd, var, m);
    return rc;
}

static int read_data(const reading *rd, const co_json *root, co_model_file *m)
{
    const co_json *data;
    int rc = member(rd, root, "data", CO_JSON_OBJECT, 0, &data);
    for (size_t c = 0; rc == CO_OK && data && c < data->n_items; c++) {
        const co_json *col = &data->items[c];
        if (col->type != CO_JSON_ARRAY)
            return bad(rd, col, "data column \"%.64s\" must be an array", col->key);
        if (!*col->key)
            return bad(rd, col, "a data column needs a name");
        if (c > 0 && col->n_items != co_model_file_row_count(m))
            return bad(rd, col, "data column \"%.64s\" has %zu values, the first %zu", col->key,
                       col->n_items, co_model_file_row_count(m));
        double *values = co__malloc_array(col->n_items ? col->n_items : 1, sizeof *values);
        if (!values)
            return co__fail_nomem();
        for (size_t i = 0; i < col->n_items && rc == CO_OK; i++) {
            if (col->items[i].type != CO_JSON_NUMBER)
                rc = bad(rd, &col->items[i], "data column \"%.64s\" holds %s, not a number",
                         col->key, co__json_type_name(col->items[i].type));
            else
                values[i] = col->items[i].number;
        }
        if (rc == CO_OK)
            rc = co_model_file_add_column(m, col->key, values, col->n_items);
        co__free(values);
    }
    return rc;
}

int co_model_parse(const char *text, size_t len, const char *source, co_model_file **out)
{
    static const char *const known[] = {"format",       "version", "kind", "params",
                                        "coefficients", "fit",     "data", NULL};
    if (!out || (!text && len))
        return co__fail(CO_EINVAL, "co_model_parse: NULL argument");
    reading rd = {source, NULL};
    co_json *root;
    int rc = co__json_parse(text, len, source, &root);
    if (rc != CO_OK)
        return rc;
    co_model_file *m = NULL;
    co_model_kind kind;
    if (root->type != CO_JSON_OBJECT)
        rc = bad(&rd, root, "the file must hold one JSON object");
    if (rc == CO_OK)
        rc = header(&rd, root);
    if (rc == CO_OK)
        rc = only_known(&rd, root, known, "the model");
    if (rc == CO_OK)
        rc = read_params(&rd, root, &kind, &m);
    if (rc == CO_OK)
        rc = read_coefficients(&rd, root, m);
    if (rc == CO_OK)
        rc = read_fit(&rd, root, m);
    if (rc == CO_OK)
        rc = read_data(&rd, root, m);
    co__json_free(root);
    if (rc != CO_OK) {
        co_model_file_free(m);
        return rc;
    }
    *out = m;
    return CO_OK;
}

int co_model_load(const char *path, co_model_file **out)
{
    if (!path || !out)
        return co__fail(CO_EINVAL, "co_model_load: NULL argument");
    char *text;
    size_t len;
    int rc = co__read_whole_file(path, 0, CO__LIMIT_MODEL_FILE, &text, &len);
    if (rc != CO_OK)
        return rc;
    rc = co_model_parse(text, len, path, out);
    co__free(text);
    return rc;
}
