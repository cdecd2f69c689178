/* Model files (custorient/model_io.h) for custorient/_model_file.py. Saving builds the
 * co_model_file and writes it in one C call; loading returns the handle, which the
 * Python layer reads through the helpers below and frees at once. */

%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *params, size_t n_params),
                                                 (const double *columns, size_t n_values) };
%apply const double *IN_ARRAY_SAME { const double *fit_figures, const double *model_variance,
                                     const double *coef_values };
%apply double *OUT_ARRAY { double *header_out, double *column_out, double *variance_out };
CO_HANDLE_OUT(co_model_file)

%{
/* Build the model of `kind`; fit_figures[4]: log-likelihood, n, iterations, penalizer
 * (NaN unknown); n_coef coefficients with coef_values (NULL when none), whose process
 * and covariate names come first in `text`; model_variance: (k + n_coef)^2 or NULL;
 * then in `text` the column names, every name ended by a NUL; columns: the columns one
 * after another, n_values / (number of column names) each. */
static int co_py_model_build(int kind, const double *params, size_t n_params,
                             const double *fit_figures, const double *model_variance,
                             const char *text, size_t len, const double *columns,
                             size_t n_values, size_t n_coef, const double *coef_values,
                             co_model_file **out)
{
    co_model_file *m;
    int rc = co_model_file_new((co_model_kind)kind, params, n_params, &m);
    if (rc != CO_OK)
        return rc;
    size_t at = 0;
    for (size_t c = 0; rc == CO_OK && c < n_coef; c++) {
        const char *process = text + at;
        at += strlen(process) + 1;
        rc = co_model_file_add_coefficient(m, process, text + at, coef_values[c]);
        at += strlen(text + at) + 1;
    }
    co_model_fit fit;
    co_model_fit_init(&fit, sizeof fit);
    fit.log_likelihood = fit_figures[0];
    fit.n_observations = fit_figures[1];
    fit.iterations = fit_figures[2];
    fit.penalizer = fit_figures[3];
    rc = co_model_file_set_fit(m, &fit);
    if (rc == CO_OK && model_variance)
        rc = co_model_file_set_variance(m, model_variance, n_params + n_coef);
    size_t n_names = 0;
    for (size_t i = at; i < len; i++)
        n_names += text[i] == '\0';
    const size_t rows = n_names ? n_values / n_names : 0;
    for (size_t c = 0; rc == CO_OK && c < n_names; c++) {
        rc = co_model_file_add_column(m, text + at, columns + c * rows, rows);
        at += strlen(text + at) + 1;
    }
    if (rc != CO_OK) {
        co_model_file_free(m);
        return rc;
    }
    *out = m;
    return CO_OK;
}
%}

%inline %{
/* Save a model (arguments as co_py_model_build()) to `path`. */
static int co_py_model_save(const char *path, int kind, const double *params, size_t n_params,
                            const double *fit_figures, const double *model_variance,
                            const char *text, size_t len, const double *columns,
                            size_t n_values, size_t n_coef, const double *coef_values)
{
    co_model_file *m;
    int rc = co_py_model_build(kind, params, n_params, fit_figures, model_variance, text, len,
                               columns, n_values, n_coef, coef_values, &m);
    if (rc == CO_OK)
        rc = co_model_save(m, path);
    co_model_file_free(m);
    return rc;
}

/* header_out[4 + 4 + 8 + 64]: kind, has_variance, columns, rows; the four fit figures;
 * the parameters; the variance row-major (k x k). */
static int co_py_model_header(const co_model_file *model, double *header_out)
{
    const co_model_kind kind = co_model_file_kind(model);
    const size_t k = co_model_kind_param_count(kind);
    co_model_fit fit = {.size = sizeof fit};
    int rc = co_model_file_get_fit(model, &fit);
    if (rc == CO_OK)
        rc = co_model_file_get_params(model, header_out + 8, k);
    if (rc != CO_OK)
        return rc;
    const size_t nc = co_model_file_coefficient_count(model);
    int has_variance = 0;
    if (nc == 0) {
        has_variance = co_model_file_get_variance(model, header_out + 16, k) == CO_OK;
    } else { /* the variance itself comes through co_py_model_variance() */
        double *all = malloc((k + nc) * (k + nc) * sizeof *all);
        if (!all)
            return CO_ENOMEM;
        has_variance = co_model_file_get_variance(model, all, k + nc) == CO_OK;
        free(all);
    }
    header_out[0] = (double)kind;
    header_out[1] = has_variance;
    header_out[2] = (double)co_model_file_column_count(model);
    header_out[3] = (double)co_model_file_row_count(model);
    header_out[4] = fit.log_likelihood;
    header_out[5] = fit.n_observations;
    header_out[6] = fit.iterations;
    header_out[7] = fit.penalizer;
    return CO_OK;
}

/* Coefficient `index`: its value (NaN past the end), and its process (which 0) or
 * covariate (which 1) name, NULL past the end. */
static double co_py_model_coefficient(const co_model_file *model, size_t index)
{
    const char *process, *covariate;
    double v;
    return co_model_file_get_coefficient(model, index, &process, &covariate, &v) == CO_OK ? v
                                                                                         : NAN;
}

static const char *co_py_model_coefficient_name(const co_model_file *model, size_t index,
                                                int which)
{
    const char *process, *covariate;
    double v;
    if (co_model_file_get_coefficient(model, index, &process, &covariate, &v) != CO_OK)
        return NULL;
    return which ? covariate : process;
}

/* The whole variance matrix (k + coefficients)^2 into variance_out. */
static int co_py_model_variance(const co_model_file *model, size_t n_params,
                                double *variance_out)
{
    return co_model_file_get_variance(model, variance_out, n_params);
}

/* The name of column `index` (NULL past the end). */
static const char *co_py_model_column_name(const co_model_file *model, size_t index)
{
    const char *name = NULL;
    const double *values;
    return co_model_file_get_column(model, index, &name, &values) == CO_OK ? name : NULL;
}

/* Copy column `index` (co_model_file_row_count() values) into column_out. */
static int co_py_model_column(const co_model_file *model, size_t index, double *column_out)
{
    const char *name;
    const double *values;
    int rc = co_model_file_get_column(model, index, &name, &values);
    if (rc == CO_OK)
        memcpy(column_out, values, co_model_file_row_count(model) * sizeof *values);
    return rc;
}
%}

size_t co_model_file_coefficient_count(const co_model_file *model);
int co_model_load(const char *path, co_model_file **out);
void co_model_file_free(co_model_file *model);
%constant int CO_MODEL_BGNBD = CO_MODEL_BGNBD;
%constant int CO_MODEL_PARETONBD = CO_MODEL_PARETONBD;
%constant int CO_MODEL_GAMMAGAMMA = CO_MODEL_GAMMAGAMMA;
%constant int CO_MODEL_SBG = CO_MODEL_SBG;
%constant int CO_MODEL_MBGNBD = CO_MODEL_MBGNBD;
%constant int CO_MODEL_BGBB = CO_MODEL_BGBB;
