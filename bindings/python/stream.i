/* SWIG declarations of custorient/stream.h: two helpers that take a list of
 * file names, release the GIL while the files are read, and return plain
 * Python values (custorient/stream.py builds the frames and scores). */
%{
#include "custorient/stream.h"
%}

%ignore co_stream_options;
%ignore co_stream_options_init;
%ignore co_stream_summary;
%ignore co_stream_summarize_orders;
%ignore co_stream_summarize_orders_text;
%ignore co_stream_summary_rows;
%ignore co_stream_summary_as_of;
%ignore co_stream_summary_count;
%ignore co_stream_summary_get_customer;
%ignore co_stream_summary_free;
%ignore co_feedback_tally;
%ignore co_stream_tally_feedback;
%ignore co_feedback_tally_nps;

%nothread co_py_stream_summary;
%nothread co_py_stream_feedback;
%inline %{
/* The paths of a sequence as bytes objects (kept in *refs) and C strings. */
static int co_py_paths(PyObject *seq_in, PyObject **refs, const char ***paths, size_t *n)
{
    PyObject *seq = PySequence_Fast(seq_in, "paths must be a sequence of file names");
    if (!seq)
        return -1;
    Py_ssize_t k = PySequence_Fast_GET_SIZE(seq);
    PyObject *list = PyList_New(k);
    const char **p = PyMem_Calloc((size_t)(k ? k : 1), sizeof *p);
    for (Py_ssize_t i = 0; list && p && i < k; i++) {
        PyObject *b = co_py_path_bytes(PySequence_Fast_GET_ITEM(seq, i), "a path");
        if (!b) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, b);
        p[i] = PyBytes_AS_STRING(b);
    }
    Py_DECREF(seq);
    if (!list || !p) {
        if (!p)
            PyErr_NoMemory();
        Py_XDECREF(list);
        PyMem_Free(p);
        return -1;
    }
    *refs = list;
    *paths = p;
    *n = (size_t)k;
    return 0;
}

static co_stream_options co_py_stream_options(co_day as_of, int has_as_of, int unit)
{
    co_stream_options o;
    co_stream_options_init(&o, sizeof o);
    o.as_of = has_as_of ? as_of : CO_DAY_NONE;
    o.unit = (co_time_unit)unit;
    return o;
}

/* (ids, frequency, recency, T, monetary_value, total_spend, orders,
 * first_order, last_order, as_of): ids a list, the columns byte arrays. */
static PyObject *co_py_stream_summary(PyObject *paths_in, co_day as_of, int has_as_of, int unit)
{
    PyObject *refs;
    const char **paths;
    size_t n;
    if (co_py_paths(paths_in, &refs, &paths, &n) < 0)
        return NULL;
    co_stream_options o = co_py_stream_options(as_of, has_as_of, unit);
    co_stream_summary *s = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_stream_summarize_orders(paths, n, &o, &s);
    Py_END_ALLOW_THREADS
    Py_DECREF(refs);
    PyMem_Free(paths);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    const co_summary *r = co_stream_summary_rows(s);
    PyObject *ids = PyList_New((Py_ssize_t)r->n);
    for (size_t i = 0; ids && i < r->n; i++) {
        const char *id = "";
        co_stream_summary_get_customer(s, r->customer[i], &id);
        PyObject *text = PyUnicode_DecodeUTF8(id, (Py_ssize_t)strlen(id), "strict");
        if (!text) {
            Py_CLEAR(ids);
            break;
        }
        PyList_SET_ITEM(ids, (Py_ssize_t)i, text);
    }
    size_t k = r->n;
    PyObject *out = ids ? Py_BuildValue(
        "(NNNNNNNNNL)", ids, co_py_bytes(r->frequency, k, 8), co_py_bytes(r->recency, k, 8),
        co_py_bytes(r->T, k, 8), co_py_bytes(r->monetary_value, k, 8),
        co_py_bytes(r->total_spend, k, 8), co_py_bytes(r->orders, k, 8),
        co_py_bytes(r->first_order, k, 8), co_py_bytes(r->last_order, k, 8),
        (long long)co_stream_summary_as_of(s)) : NULL;
    co_stream_summary_free(s);
    return out;
}

/* A rating summary as a tuple, or None without answers. */
static PyObject *co_py_rating_tuple(const uint64_t *counts, size_t levels, int ces)
{
    co_rating_options o;
    if (ces)
        co_ces_options_init(&o, sizeof o);
    else
        co_csat_options_init(&o, sizeof o);
    uint64_t n = 0;
    for (size_t i = 0; i < levels; i++)
        n += counts[i];
    if (n == 0)
        Py_RETURN_NONE;
    co_rating_summary r = {.size = sizeof r};
    int rc = co_rating_summarize_counts(counts, levels, &o, &r);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    return Py_BuildValue("(dKKddddddK)", r.share, (unsigned long long)r.n,
                         (unsigned long long)r.in_box, r.share_lower, r.share_upper, r.mean, r.sd,
                         r.mean_lower, r.mean_upper, (unsigned long long)n);
}

/* (rows, as_of, NPS counts as co_py_nps_get() gives them, csat, ces): csat
 * and ces rating tuples or None. */
static PyObject *co_py_stream_feedback(PyObject *paths_in, co_day as_of, int has_as_of)
{
    PyObject *refs;
    const char **paths;
    size_t n;
    if (co_py_paths(paths_in, &refs, &paths, &n) < 0)
        return NULL;
    co_stream_options o = co_py_stream_options(as_of, has_as_of, CO_UNIT_DAYS);
    co_feedback_tally t = {.size = sizeof t};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_stream_tally_feedback(paths, n, &o, &t);
    Py_END_ALLOW_THREADS
    Py_DECREF(refs);
    PyMem_Free(paths);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    co_nps acc;
    co_feedback_tally_nps(&t, &acc);
    PyObject *csat = co_py_rating_tuple(t.csat, 5, 0);
    PyObject *ces = csat ? co_py_rating_tuple(t.ces, 7, 1) : NULL;
    if (!ces) {
        Py_XDECREF(csat);
        return NULL;
    }
    return Py_BuildValue("(KLNNN)", (unsigned long long)t.rows, (long long)t.as_of,
                         co_py_nps_get(&acc), csat, ces);
}
%}

%include "custorient/stream.h"
