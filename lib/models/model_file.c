/* Model files: a model's kind, parameters, fit figures and optional data, kept in
 * an opaque handle and written to / read from JSON (docs/model-file.md). */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/model_io.h"
#include "custorient/uncertainty.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "json_internal.h"
#include "model_file_internal.h"
#include "sized_internal.h"
#include "utf8_internal.h"
#include "vec_internal.h"

#define FORMAT_NAME "custorient-model"
/* Version 2 added the coefficients; a file without them is still written as 1. */
#define FORMAT_VERSION_PLAIN 1
#define FORMAT_VERSION_COEFFICIENTS 2
#define MAXK CO_MODEL_MAX_PARAMS
#define MAXC CO_MODEL_MAX_COEFFICIENTS

/* One entry per model kind: a new kind is a new line (and enumerator). */
static const struct kind_info {
    const char *name;
    size_t k;
    const char *params[MAXK];
} kinds[CO_MODEL_KIND_COUNT] = {
    [CO_MODEL_BGNBD] = {"bgnbd", 4, {"r", "alpha", "a", "b"}},
    [CO_MODEL_PARETONBD] = {"paretonbd", 4, {"r", "alpha", "s", "beta"}},
    [CO_MODEL_GAMMAGAMMA] = {"gammagamma", 3, {"p", "q", "v"}},
    [CO_MODEL_SBG] = {"sbg", 2, {"alpha", "beta"}},
    [CO_MODEL_MBGNBD] = {"mbgnbd", 4, {"r", "alpha", "a", "b"}},
    [CO_MODEL_BGBB] = {"bgbb", 4, {"alpha", "beta", "gamma", "delta"}},
};

struct co_model_file {
    co_model_kind kind;
    double params[MAXK];
    co_model_fit fit;
    size_t n_coef;
    char *process[MAXC], *covariate[MAXC];
    double coef[MAXC];
    double *variance; /* (k + n_coef)^2, or NULL */
    size_t n_rows, n_columns;
    char **names;
    double **columns;
};

static const struct kind_info *kind_info(co_model_kind kind)
{
    return (unsigned)kind < CO_MODEL_KIND_COUNT ? &kinds[kind] : NULL;
}

const char *co_model_kind_name(co_model_kind kind)
{
    const struct kind_info *ki = kind_info(kind);
    return ki ? ki->name : NULL;
}

size_t co_model_kind_param_count(co_model_kind kind)
{
    const struct kind_info *ki = kind_info(kind);
    return ki ? ki->k : 0;
}

const char *co_model_kind_param_name(co_model_kind kind, size_t index)
{
    const struct kind_info *ki = kind_info(kind);
    return ki && index < ki->k ? ki->params[index] : NULL;
}

int co_model_kind_find(const char *name, co_model_kind *out)
{
    if (!name || !out)
        return co__fail(CO_EINVAL, "co_model_kind_find: NULL argument");
    for (int i = 0; i < CO_MODEL_KIND_COUNT; i++)
        if (strcmp(kinds[i].name, name) == 0) {
            *out = (co_model_kind)i;
            return CO_OK;
        }
    return co__fail(CO_ENOTFOUND, "no model kind \"%.64s\"", name);
}

static co_model_fit fit_defaults(void)
{
    co_model_fit d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.log_likelihood = d.n_observations = d.iterations = d.penalizer = NAN;
    return d;
}

int co_model_fit_init(co_model_fit *fit, size_t size)
{
    co_model_fit d = fit_defaults();
    return co__options_init(fit, size, &d, sizeof d, __func__);
}

/* ---- building ------------------------------------------------------------ */

static int check_params(co_model_kind kind, const double *params, size_t n)
{
    const struct kind_info *ki = kind_info(kind);
    if (!ki)
        return co__fail(CO_EINVAL, "model file: unknown model kind %d", (int)kind);
    if (!params || n != ki->k)
        return co__fail(CO_EINVAL, "model file: a %s model has %zu parameters, got %zu%s", ki->name,
                        ki->k, n, params ? "" : " (NULL)");
    for (size_t i = 0; i < n; i++)
        if (!(params[i] > 0.0) || !isfinite(params[i]))
            return co__fail(CO_EINVAL, "model file: %s parameter %s = %g must be finite and > 0",
                            ki->name, ki->params[i], params[i]);
    return CO_OK;
}

int co_model_file_new(co_model_kind kind, const double *params, size_t n_params,
                      co_model_file **out)
{
    int rc = check_params(kind, params, n_params);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "co_model_file_new: out is NULL");
    if (rc != CO_OK)
        return rc;
    co_model_file *m = co__calloc(1, sizeof *m);
    if (!m)
        return co__fail_nomem();
    m->kind = kind;
    memcpy(m->params, params, n_params * sizeof *params);
    m->fit = fit_defaults();
    *out = m;
    return CO_OK;
}

void co_model_file_free(co_model_file *model)
{
    if (!model)
        return;
    for (size_t i = 0; i < model->n_columns; i++) {
        co__free(model->names[i]);
        co__free(model->columns[i]);
    }
    for (size_t i = 0; i < model->n_coef; i++) {
        co__free(model->process[i]);
        co__free(model->covariate[i]);
    }
    co__free(model->variance);
    co__free(model->names);
    co__free(model->columns);
    co__free(model);
}

co_model_kind co_model_file_kind(const co_model_file *model)
{
    return model ? model->kind : CO_MODEL_KIND_COUNT;
}

static int check_count(const co_model_file *model, const void *array, size_t n, const char *fn)
{
    if (!model || !array)
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    if (n != kinds[model->kind].k)
        return co__fail(CO_EINVAL, "%s: a %s model has %zu parameters, got %zu", fn,
                        kinds[model->kind].name, kinds[model->kind].k, n);
    return CO_OK;
}

int co_model_file_get_params(const co_model_file *model, double *params, size_t n_params)
{
    int rc = check_count(model, params, n_params, __func__);
    if (rc == CO_OK)
        memcpy(params, model->params, n_params * sizeof *params);
    return rc;
}

/* NaN (unknown) or in range: finite, >= 0 unless `signed_ok`, whole when `whole`. */
static int check_figure(const char *name, double v, int signed_ok, int whole)
{
    if (isnan(v))
        return CO_OK;
    if (!isfinite(v) || (!signed_ok && v < 0.0) || (whole && v != floor(v)))
        return co__fail(CO_EINVAL, "model file: fit %s = %g must be finite%s%s", name, v,
                        signed_ok ? "" : " and >= 0", whole ? " and whole" : "");
    return CO_OK;
}

int co_model_file_set_fit(co_model_file *model, const co_model_fit *fit)
{
    co_model_fit f = fit_defaults();
    if (!model)
        return co__fail(CO_EINVAL, "co_model_file_set_fit: model is NULL");
    int rc = co__options_resolve(&f, sizeof f, fit, "co_model_fit");
    if (rc == CO_OK)
        rc = check_figure("log_likelihood", f.log_likelihood, 1, 0);
    if (rc == CO_OK)
        rc = check_figure("n_observations", f.n_observations, 0, 0);
    if (rc == CO_OK)
        rc = check_figure("iterations", f.iterations, 0, 1);
    if (rc == CO_OK)
        rc = check_figure("penalizer", f.penalizer, 0, 0);
    if (rc == CO_OK)
        model->fit = f;
    return rc;
}

int co_model_file_get_fit(const co_model_file *model, co_model_fit *out)
{
    if (!model || !out)
        return co__fail(CO_EINVAL, "co_model_file_get_fit: NULL argument");
    if (co__sized_check(out, sizeof *out, "co_model_fit") < 0)
        return CO_EINVAL;
    co__sized_store(out, &model->fit, sizeof model->fit);
    return CO_OK;
}

/* The variance's side: the base parameters and the coefficients. */
static size_t n_all(const co_model_file *m) { return kinds[m->kind].k + m->n_coef; }

static int check_variance_count(const co_model_file *model, const void *array, size_t n,
                                const char *fn)
{
    if (!model || !array)
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    if (n != n_all(model))
        return co__fail(CO_EINVAL,
                        "%s: a %s model with %zu coefficients has %zu parameters, got %zu", fn,
                        kinds[model->kind].name, model->n_coef, n_all(model), n);
    return CO_OK;
}

int co_model_file_set_variance(co_model_file *model, const double *variance, size_t n_params)
{
    int rc = check_variance_count(model, variance, n_params, __func__);
    for (size_t i = 0; rc == CO_OK && i < n_params; i++)
        for (size_t j = 0; rc == CO_OK && j < n_params; j++) {
            double v = variance[i * n_params + j];
            if (!isfinite(v) || v != variance[j * n_params + i])
                rc = co__fail(CO_EINVAL,
                              "co_model_file_set_variance: entry (%zu, %zu) = %g is not finite "
                              "or not symmetric",
                              i, j, v);
        }
    double *copy = rc == CO_OK ? co__malloc_array(n_params * n_params, sizeof *copy) : NULL;
    if (rc == CO_OK && !copy)
        rc = co__fail_nomem();
    if (rc == CO_OK) {
        memcpy(copy, variance, n_params * n_params * sizeof *variance);
        co__free(model->variance);
        model->variance = copy;
    }
    return rc;
}

int co_model_file_get_variance(const co_model_file *model, double *variance, size_t n_params)
{
    int rc = check_variance_count(model, variance, n_params, __func__);
    if (rc == CO_OK && !model->variance)
        rc = co__fail(CO_ENOTFOUND, "co_model_file_get_variance: the model has no variance");
    if (rc == CO_OK)
        memcpy(variance, model->variance, n_params * n_params * sizeof *variance);
    return rc;
}

static int check_name(const char *name, const char *what)
{
    if (!name || !*name || !co__utf8_valid(name, strlen(name)))
        return co__fail(CO_EINVAL, "co_model_file_add_coefficient: the %s must be non-empty UTF-8",
                        what);
    return CO_OK;
}

int co_model_file_add_coefficient(co_model_file *model, const char *process, const char *covariate,
                                  double value)
{
    if (!model)
        return co__fail(CO_EINVAL, "co_model_file_add_coefficient: model is NULL");
    int rc = check_name(process, "process");
    if (rc == CO_OK)
        rc = check_name(covariate, "covariate");
    if (rc == CO_OK && !isfinite(value))
        rc = co__fail(CO_EINVAL, "co_model_file_add_coefficient: %s/%s = %g is not finite", process,
                      covariate, value);
    if (rc == CO_OK && model->n_coef == MAXC)
        rc = co__fail(CO_EINVAL, "co_model_file_add_coefficient: more than %d coefficients", MAXC);
    if (rc == CO_OK && model->variance)
        rc = co__fail(CO_EINVAL, "co_model_file_add_coefficient: add the coefficients before "
                                 "the variance");
    for (size_t i = 0; rc == CO_OK && i < model->n_coef; i++)
        if (strcmp(model->process[i], process) == 0 && strcmp(model->covariate[i], covariate) == 0)
            rc = co__fail(CO_EEXIST, "model file: a coefficient of %.64s on %.64s exists",
                          covariate, process);
    if (rc != CO_OK)
        return rc;
    char *p = co__strdup(process), *v = co__strdup(covariate);
    if (!p || !v) {
        co__free(p);
        co__free(v);
        return co__fail_nomem();
    }
    model->process[model->n_coef] = p;
    model->covariate[model->n_coef] = v;
    model->coef[model->n_coef++] = value;
    return CO_OK;
}

size_t co_model_file_coefficient_count(const co_model_file *model)
{
    return model ? model->n_coef : 0;
}

int co_model_file_get_coefficient(const co_model_file *model, size_t index, const char **process,
                                  const char **covariate, double *value)
{
    if (!model || !process || !covariate || !value)
        return co__fail(CO_EINVAL, "co_model_file_get_coefficient: NULL argument");
    if (index >= model->n_coef)
        return co__fail(CO_ERANGE, "no coefficient at index %zu (count %zu)", index, model->n_coef);
    *process = model->process[index];
    *covariate = model->covariate[index];
    *value = model->coef[index];
    return CO_OK;
}

/* Adds the column, taking `values` (allocated) on success. */
static int add_column_owned(co_model_file *m, const char *name, double *values, size_t n)
{
    for (size_t i = 0; i < m->n_columns; i++)
        if (strcmp(m->names[i], name) == 0)
            return co__fail(CO_EEXIST, "model file: a column \"%.64s\" exists", name);
    if (m->n_columns > 0 && n != m->n_rows)
        return co__fail(CO_EINVAL, "model file: column \"%.64s\" has %zu values, the others %zu",
                        name, n, m->n_rows);
    char *copy = co__strdup(name);
    char **names = copy ? co__realloc(m->names, (m->n_columns + 1) * sizeof *names) : NULL;
    if (names)
        m->names = names;
    double **cols = names ? co__realloc(m->columns, (m->n_columns + 1) * sizeof *cols) : NULL;
    if (!cols) {
        co__free(copy);
        return co__fail_nomem();
    }
    m->columns = cols;
    m->names[m->n_columns] = copy;
    m->columns[m->n_columns] = values;
    m->n_columns++;
    m->n_rows = n;
    return CO_OK;
}

int co_model_file_add_column(co_model_file *model, const char *name, const double *values, size_t n)
{
    if (!model || !name || (!values && n))
        return co__fail(CO_EINVAL, "co_model_file_add_column: NULL argument");
    if (!*name || !co__utf8_valid(name, strlen(name)))
        return co__fail(CO_EINVAL, "co_model_file_add_column: the name must be non-empty UTF-8");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return co__fail(CO_EINVAL, "co_model_file_add_column: %s[%zu] = %g is not finite", name,
                            i, values[i]);
    double *copy = co__malloc_array(n ? n : 1, sizeof *copy);
    if (!copy)
        return co__fail_nomem();
    if (n)
        memcpy(copy, values, n * sizeof *values);
    int rc = add_column_owned(model, name, copy, n);
    if (rc != CO_OK)
        co__free(copy);
    return rc;
}

size_t co_model_file_column_count(const co_model_file *model)
{
    return model ? model->n_columns : 0;
}

size_t co_model_file_row_count(const co_model_file *model) { return model ? model->n_rows : 0; }

int co_model_file_get_column(const co_model_file *model, size_t index, const char **name,
                             const double **values)
{
    if (!model || !name || !values)
        return co__fail(CO_EINVAL, "co_model_file_get_column: NULL argument");
    if (index >= model->n_columns)
        return co__fail(CO_ERANGE, "no column at index %zu (count %zu)", index, model->n_columns);
    *name = model->names[index];
    *values = model->columns[index];
    return CO_OK;
}

/* ---- writing ------------------------------------------------------------- */

static int put_number(co_buf *b, double v)
{
    char text[32];
    size_t n = co__decimal_format(v, text);
    return co__buf_append(b, text, n);
}

static int put_key(co_buf *b, const char *indent, const char *key)
{
    int rc = co__buf_puts(b, indent);
    if (rc == CO_OK)
        rc = co__json_put_string(b, key, strlen(key));
    return rc == CO_OK ? co__buf_puts(b, ": ") : rc;
}

static int put_fit(co_buf *b, const co_model_file *m)
{
    const size_t k = n_all(m);
    const struct {
        const char *name;
        double v;
    } figures[] = {{"log_likelihood", m->fit.log_likelihood},
                   {"n_observations", m->fit.n_observations},
                   {"iterations", m->fit.iterations},
                   {"penalizer", m->fit.penalizer}};
    int rc = co__buf_puts(b, ",\n  \"fit\": {");
    const char *sep = "\n";
    for (size_t i = 0; i < sizeof figures / sizeof *figures && rc == CO_OK; i++) {
        if (isnan(figures[i].v))
            continue;
        if ((rc = co__buf_puts(b, sep)) == CO_OK &&
            (rc = put_key(b, "    ", figures[i].name)) == CO_OK)
            rc = put_number(b, figures[i].v);
        sep = ",\n";
    }
    if (rc == CO_OK && m->variance) {
        rc = co__buf_puts(b, sep);
        if (rc == CO_OK)
            rc = put_key(b, "    ", "variance");
        for (size_t i = 0; i < k && rc == CO_OK; i++) {
            rc = co__buf_puts(b, i ? ",\n      [" : "[\n      [");
            for (size_t j = 0; j < k && rc == CO_OK; j++)
                if ((rc = j ? co__buf_puts(b, ", ") : CO_OK) == CO_OK)
                    rc = put_number(b, m->variance[i * k + j]);
            if (rc == CO_OK)
                rc = co__buf_puts(b, "]");
        }
        if (rc == CO_OK)
            rc = co__buf_puts(b, "\n    ]");
    }
    return rc == CO_OK ? co__buf_puts(b, "\n  }") : rc;
}

static int put_coefficients(co_buf *b, const co_model_file *m)
{
    int rc = co__buf_puts(b, ",\n  \"coefficients\": [");
    for (size_t i = 0; i < m->n_coef && rc == CO_OK; i++) {
        rc = co__buf_puts(b, i ? ",\n    {\"process\": " : "\n    {\"process\": ");
        if (rc == CO_OK)
            rc = co__json_put_string(b, m->process[i], strlen(m->process[i]));
        if (rc == CO_OK)
            rc = co__buf_puts(b, ", \"covariate\": ");
        if (rc == CO_OK)
            rc = co__json_put_string(b, m->covariate[i], strlen(m->covariate[i]));
        if (rc == CO_OK)
            rc = co__buf_puts(b, ", \"value\": ");
        if (rc == CO_OK)
            rc = put_number(b, m->coef[i]);
        if (rc == CO_OK)
            rc = co__buf_puts(b, "}");
    }
    return rc == CO_OK ? co__buf_puts(b, "\n  ]") : rc;
}

static int put_data(co_buf *b, const co_model_file *m)
{
    int rc = co__buf_puts(b, ",\n  \"data\": {");
    for (size_t c = 0; c < m->n_columns && rc == CO_OK; c++) {
        if ((rc = co__buf_puts(b, c ? ",\n" : "\n")) == CO_OK)
            rc = put_key(b, "    ", m->names[c]);
        if (rc == CO_OK)
            rc = co__buf_puts(b, "[");
        for (size_t i = 0; i < m->n_rows && rc == CO_OK; i++)
            if ((rc = i ? co__buf_puts(b, i % 10 ? ", " : ",\n      ") : CO_OK) == CO_OK)
                rc = put_number(b, m->columns[c][i]);
        if (rc == CO_OK)
            rc = co__buf_puts(b, "]");
    }
    return rc == CO_OK ? co__buf_puts(b, "\n  }") : rc;
}

int co__model_format(const co_model_file *m, co_buf *b)
{
    const struct kind_info *ki = &kinds[m->kind];
    int rc =
        co__buf_printf(b, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"kind\": ", FORMAT_NAME,
                       m->n_coef ? FORMAT_VERSION_COEFFICIENTS : FORMAT_VERSION_PLAIN);
    if (rc == CO_OK)
        rc = co__json_put_string(b, ki->name, strlen(ki->name));
    if (rc == CO_OK)
        rc = co__buf_puts(b, ",\n  \"params\": {");
    for (size_t i = 0; i < ki->k && rc == CO_OK; i++) {
        if ((rc = co__buf_puts(b, i ? ",\n" : "\n")) == CO_OK)
            rc = put_key(b, "    ", ki->params[i]);
        if (rc == CO_OK)
            rc = put_number(b, m->params[i]);
    }
    if (rc == CO_OK)
        rc = co__buf_puts(b, "\n  }");
    if (rc == CO_OK && m->n_coef)
        rc = put_coefficients(b, m);
    int any_fit = m->variance || !isnan(m->fit.log_likelihood) || !isnan(m->fit.n_observations) ||
                  !isnan(m->fit.iterations) || !isnan(m->fit.penalizer);
    if (rc == CO_OK && any_fit)
        rc = put_fit(b, m);
    if (rc == CO_OK && m->n_columns)
        rc = put_data(b, m);
    return rc == CO_OK ? co__buf_puts(b, "\n}\n") : rc;
}

int co_model_save(const co_model_file *model, const char *path)
{
    if (!model || !path)
        return co__fail(CO_EINVAL, "co_model_save: NULL argument");
    co_buf b = {0};
    int rc = co__model_format(model, &b);
    co_atomic_file f;
    if (rc == CO_OK && (rc = co__atomic_open(&f, path)) == CO_OK) {
        co__atomic_write(&f, b.data, b.len);
        rc = co__atomic_commit(&f);
    }
    co__buf_free(&b);
    return rc;
}
