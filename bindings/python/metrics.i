/* Feedback metrics: NPS, CSAT/CES, scale normalisation, survey instruments,
 * per-customer feedback scores. The Pythonic layer lives in custorient/nps.py,
 * satisfaction.py and instrument.py; companion array lengths are checked
 * there before any call. */

/* A result struct written through `TYPE *out` comes back as a new object. */
%define CO_STRUCT_OUT(TYPE)
%typemap(in, numinputs=0) TYPE *out (TYPE temp) {
    memset(&temp, 0, sizeof temp);
    $1 = &temp;
}
%typemap(argout) TYPE *out {
    TYPE *copy = (TYPE *)malloc(sizeof(TYPE));
    if (!copy) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    *copy = *$1;
    $result = SWIG_Python_AppendOutput($result,
                                       SWIG_NewPointerObj(copy, $descriptor(TYPE *), SWIG_POINTER_OWN));
}
%enddef

/* A result struct sized by the caller: the wrapper states the size it was built with. */
%define CO_SIZED_STRUCT_OUT(TYPE)
CO_STRUCT_OUT(TYPE)
%typemap(in, numinputs=0) TYPE *out (TYPE temp) {
    memset(&temp, 0, sizeof temp);
    temp.size = sizeof temp;
    $1 = &temp;
}
%enddef

/* Integer fields of result and option structs are values, not statuses. */
%typemap(out) int mean, int reversed, int scale_min, int scale_max, int box_min, int box_max
    "$result = PyLong_FromLong((long)$1);"

CO_STRUCT_OUT(co_nps_interval)
CO_STRUCT_OUT(co_nps_diff)
CO_SIZED_STRUCT_OUT(co_rating_summary)
CO_STRUCT_OUT(co_instrument_item)
CO_STRUCT_OUT(co_instrument_subscale)
CO_HANDLE_OUT(co_instrument)
CO_SIZED_INIT(co_rating_options)
CO_SIZED_INIT(co_feedback_options)

/* Arrays: each (pointer, length) pair, or a pointer whose length the Python
 * layer passes explicitly after checking it. */
%apply (const uint8_t *IN_ARRAY, size_t IN_LEN) { (const uint8_t *scores, size_t n) };
%apply (const int *IN_ARRAY, size_t IN_LEN) { (const int *scores, size_t n) };
%apply (const int *IN_ARRAY, size_t IN_LEN) { (const int *ratings, size_t n) };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *values, size_t n) };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *scores, size_t n) };
%apply const int *IN_ARRAY_SAME { const int *scores, const int *kind };
%apply const int64_t *IN_ARRAY_SAME { const co_day *days, const co_day *day };
%apply const double *IN_ARRAY_SAME { const double *weights, const double *value,
                                     const double *answers, const double *items };
%apply const size_t *IN_ARRAY_SAME { const size_t *customer };
%apply double *OUT_ARRAY { double *out_values, double *out_scores, double *out_score,
                           double *out_weight };
%apply size_t *OUT_ARRAY { size_t *out_order };
%apply int *OUTPUT { int *min, int *max };

/* co_nps_by_period: the periods come back as a list of tuples
 * (start, det, pas, pro, w_det, w_pas, w_pro, w_sq); the C array is freed here. */
%typemap(in, numinputs=0) (co_nps_period **out, size_t *out_count)
    (co_nps_period *periods = NULL, size_t count = 0) {
    $1 = &periods;
    $2 = &count;
}
%typemap(argout) (co_nps_period **out, size_t *out_count) {
    PyObject *list = PyList_New((Py_ssize_t)count$argnum);
    for (size_t i = 0; list && i < count$argnum; i++) {
        const co_nps_period *p = &periods$argnum[i];
        PyObject *row = Py_BuildValue("(LKKKdddd)", (long long)p->start,
            (unsigned long long)p->nps.count[0], (unsigned long long)p->nps.count[1],
            (unsigned long long)p->nps.count[2], p->nps.weight[0], p->nps.weight[1],
            p->nps.weight[2], p->nps.weight_sq);
        if (!row) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, row);
    }
    co_nps_periods_free(periods$argnum);
    periods$argnum = NULL;
    if (!list)
        SWIG_fail;
    $result = SWIG_Python_AppendOutput($result, list);
}
%typemap(freearg) (co_nps_period **out, size_t *out_count) {
    co_nps_periods_free(periods$argnum);
}

%ignore co_nps_periods_free;
%ignore co_rating_summarize_counts;
%ignore co_nps_period;

%include "custorient/nps.h"
%include "custorient/satisfaction.h"
%include "custorient/feedback_score.h"
%include "custorient/instrument.h"

%nothread co_py_nps_get;
%nothread co_py_subscale_items;
%inline %{
/* The counts of an accumulator as (det, pas, pro, w_det, w_pas, w_pro, w_sq). */
static PyObject *co_py_nps_get(const co_nps *acc)
{
    return Py_BuildValue("(KKKdddd)", (unsigned long long)acc->count[0],
                         (unsigned long long)acc->count[1], (unsigned long long)acc->count[2],
                         acc->weight[0], acc->weight[1], acc->weight[2], acc->weight_sq);
}

/* Set an accumulator's counts (the inverse of co_py_nps_get). */
static void co_py_nps_set(co_nps *acc, uint64_t det, uint64_t pas, uint64_t pro, double w_det,
                          double w_pas, double w_pro, double w_sq)
{
    acc->count[0] = det;
    acc->count[1] = pas;
    acc->count[2] = pro;
    acc->weight[0] = w_det;
    acc->weight[1] = w_pas;
    acc->weight[2] = w_pro;
    acc->weight_sq = w_sq;
}

/* Item indices of a subscale as a list. */
static PyObject *co_py_subscale_items(const co_instrument *inst, size_t index)
{
    co_instrument_subscale sub;
    int rc = co_instrument_get_subscale(inst, index, &sub);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    PyObject *list = PyList_New((Py_ssize_t)sub.n_items);
    for (size_t i = 0; list && i < sub.n_items; i++)
        PyList_SET_ITEM(list, (Py_ssize_t)i, PyLong_FromSize_t(sub.items[i]));
    return list;
}

/* Set the weight of one feedback kind. */
static int co_py_feedback_kind_weight(co_feedback_options *opts, int kind, double weight)
{
    if (kind < 0 || kind >= CO_FEEDBACK_KIND_COUNT)
        return co_py_fail(CO_EINVAL, "feedback kind %d is not 0-%d", kind,
                          CO_FEEDBACK_KIND_COUNT - 1);
    opts->kind_weight[kind] = weight;
    return CO_OK;
}
%}
