/* Rows states of the purchase and spend models (custorient/btyd_rows.h) for the Python
 * layer in custorient/btyd_rows.py: built from arrays, merged, shipped as bytes, fitted,
 * and the fit whose log-likelihood a Python callable sums over partitions. */

CO_HANDLE_OUT(co_btyd_rows)
%apply double *OUT_ARRAY { double *x_out, double *tx_out, double *T_out, double *w_out,
                           double *totals_out };
%apply const double *IN_ARRAY_SAME { const double *totals_in };

void co_btyd_rows_free(co_btyd_rows *rows);
int co_btyd_rows_merge(co_btyd_rows *into, const co_btyd_rows *other);
size_t co_btyd_rows_count(const co_btyd_rows *rows);
int co_btyd_rows_deserialize(const char *text, size_t len, co_btyd_rows **out);
%constant int CO_BTYD_ROWS_PURCHASES = CO_BTYD_ROWS_PURCHASES;
%constant int CO_BTYD_ROWS_SPEND = CO_BTYD_ROWS_SPEND;

%{
static co_btyd_totals co_py_totals(const double *v)
{
    co_btyd_totals t = {(int)v[0], (uint64_t)v[1], v[2], v[3], v[4], v[5], v[6]};
    return t;
}

/* The Python callable behind co_btyd_fit_distributed(): called with the parameters as a
 * tuple, it returns (log-likelihood, gradient in log-parameters), or None for a point
 * where the partitions could not evaluate (CO_ENOCONV). Anything else stops the fit
 * with the Python exception kept. Runs with the GIL (the wrapper keeps it). */
typedef struct co_py_sum_ctx {
    PyObject *fn;
    size_t k;
} co_py_sum_ctx;

static int co_py_sum_call(void *vctx, const double *params, double *ll, double *grad)
{
    co_py_sum_ctx *c = vctx;
    PyObject *args = PyTuple_New((Py_ssize_t)c->k), *res = NULL;
    for (size_t i = 0; args && i < c->k; i++)
        PyTuple_SET_ITEM(args, (Py_ssize_t)i, PyFloat_FromDouble(params[i]));
    if (args)
        res = PyObject_CallFunctionObjArgs(c->fn, args, NULL);
    Py_XDECREF(args);
    if (!res)
        return CO_EINVAL;
    if (res == Py_None) {
        Py_DECREF(res);
        return CO_ENOCONV; /* the optimiser backs off */
    }
    double value = 0.0, g[4] = {0};
    PyObject *seq = PySequence_Check(res) && PySequence_Size(res) == 2
                        ? PySequence_GetItem(res, 1) : NULL;
    PyObject *first = seq ? PySequence_GetItem(res, 0) : NULL;
    int ok = seq && first && PySequence_Check(seq) && PySequence_Size(seq) == (Py_ssize_t)c->k;
    if (ok) {
        value = PyFloat_AsDouble(first);
        for (size_t i = 0; i < c->k && !PyErr_Occurred(); i++) {
            PyObject *gi = PySequence_GetItem(seq, (Py_ssize_t)i);
            g[i] = gi ? PyFloat_AsDouble(gi) : 0.0;
            Py_XDECREF(gi);
        }
    }
    Py_XDECREF(first);
    Py_XDECREF(seq);
    Py_DECREF(res);
    if (!ok && !PyErr_Occurred())
        PyErr_Format(PyExc_TypeError, "the sum must return (log_likelihood, gradient of %zu "
                     "values) or None", c->k);
    if (PyErr_Occurred())
        return CO_EINVAL;
    *ll = value;
    memcpy(grad, g, c->k * sizeof *g);
    return CO_OK;
}
%}

%nothread co_py_rows_serialize;
%nothread co_py_fit_distributed;
%inline %{
/* The state's co_btyd_rows_kind (an int return would read as a status). */
static size_t co_py_rows_kind(const co_btyd_rows *rows)
{
    return (size_t)co_btyd_rows_get_kind(rows);
}

/* Parameters of a co_model_kind: their number, and the name of parameter `index`. */
static size_t co_py_model_param_count(int kind)
{
    return co_model_kind_param_count((co_model_kind)kind);
}

static const char *co_py_model_param_name(int kind, size_t index)
{
    return co_model_kind_param_name((co_model_kind)kind, index);
}

/* A state from arrays: spend != 0 reads (frequency, recency as the mean spend). */
static int co_py_rows_build(int spend, const double *frequency, size_t n, const double *recency,
                            const double *T, const double *weights, co_btyd_rows **out)
{
    return spend ? co_btyd_rows_from_spend(frequency, recency, weights, n, out)
                 : co_btyd_rows_from_purchases(frequency, recency, T, weights, n, out);
}

static int co_py_rows_columns(const co_btyd_rows *rows, double *x_out, double *tx_out,
                              double *T_out, double *w_out)
{
    return co_btyd_rows_get_columns(rows, x_out, tx_out, T_out, w_out);
}

/* totals_out[7]: kind, inputs, weight, repeat weight, weighted x, weighted value, max T. */
static int co_py_rows_totals(const co_btyd_rows *rows, double *totals_out)
{
    co_btyd_totals t;
    int rc = co_btyd_rows_totals(rows, &t);
    if (rc == CO_OK) {
        const double v[7] = {t.kind, (double)t.inputs, t.weight, t.repeat_weight, t.weighted_x,
                             t.weighted_value, t.max_T};
        memcpy(totals_out, v, sizeof v);
    }
    return rc;
}

static PyObject *co_py_rows_serialize(const co_btyd_rows *rows)
{
    void *bytes;
    size_t len;
    int rc = co_btyd_rows_serialize(rows, &bytes, &len);
    if (rc != CO_OK) {
        co_py_raise(rc);
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(bytes, (Py_ssize_t)len);
    co_partial_free(bytes);
    return out;
}

/* Fit model `kind` (a co_model_kind) to the rows: params_out[k], info_out[5]. */
static int co_py_rows_fit(const co_btyd_rows *rows, int kind, double penalizer, size_t max_iter,
                          double tolerance, const double *start, const double *lower,
                          size_t threads, double *params_out, double *info_out)
{
    co_btyd_fit_options opt = co_py_fit_options(penalizer, max_iter, tolerance, start, lower,
                                                co_model_kind_param_count((co_model_kind)kind));
    opt.threads = threads;
    co_btyd_fit_info info = {.size = sizeof info};
    int rc = co_btyd_rows_fit(rows, (co_model_kind)kind, &opt, params_out, &info);
    if (rc == CO_OK)
        co_py_info(&info, info_out);
    return rc;
}

/* values_out[0] the log-likelihood, values_out[1..k] its gradient in log-parameters. */
static int co_py_rows_loglik_gradient(const co_btyd_rows *rows, int kind,
                                      const double *model_params, double *values_out)
{
    double ll, g[4];
    int rc = co_btyd_rows_loglik_gradient(rows, (co_model_kind)kind, model_params, &ll, g);
    if (rc == CO_OK) {
        values_out[0] = ll;
        memcpy(values_out + 1, g, co_model_kind_param_count((co_model_kind)kind) * sizeof *g);
    }
    return rc;
}

static PyObject *co_py_fit_distributed(int kind, const double *totals_in, PyObject *fn,
                                       double penalizer, size_t max_iter, double tolerance,
                                       const double *start, const double *lower,
                                       double *params_out, double *info_out)
{
    const size_t k = co_model_kind_param_count((co_model_kind)kind);
    co_btyd_fit_options opt = co_py_fit_options(penalizer, max_iter, tolerance, start, lower, k);
    co_btyd_fit_info info = {.size = sizeof info};
    co_btyd_totals totals = co_py_totals(totals_in);
    co_py_sum_ctx ctx = {fn, k};
    int rc = co_btyd_fit_distributed((co_model_kind)kind, &totals, co_py_sum_call, &ctx, &opt,
                                     params_out, &info);
    if (PyErr_Occurred())
        return NULL;
    if (rc != CO_OK) {
        co_py_raise(rc);
        return NULL;
    }
    co_py_info(&info, info_out);
    Py_RETURN_NONE;
}
%}
