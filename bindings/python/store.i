/* SWIG declarations of lib/store. Plain calls go straight through; the few
 * that exchange Python objects (customers, lenient-import reports,
 * summaries) are helpers below that keep the GIL while they touch Python
 * objects and release it around the C work. */
%{
#include "custorient/csv.h"
#include "custorient/store.h"
%}

CO_HANDLE_OUT(co_store)

%ignore co_customer_input;
%ignore co_customer_input_init;
%ignore co_customer_view;
%ignore co_store_add_customer;
%ignore co_store_get_customer;
%ignore co_store_get_customer_tag;
%ignore co_store_get_customer_pref;
%ignore co_store_find;
%ignore co_store_customer_arrays;
%ignore co_store_order_arrays;
%ignore co_store_feedback_arrays;
%ignore co_store_contact_arrays;
%ignore co_summary;
%ignore co_store_summary;
%ignore co_summary_free;
%ignore co_csv_options;
%ignore co_csv_options_init;
%ignore co_csv_result;
%ignore co_csv_skip_fn;
%ignore co_store_import_csv;
%ignore co_store_import_csv_text;
%ignore co_store_export_csv_opts;
%ignore co_feedback_answers;
%ignore co_store_feedback_answers;
%ignore co_store_feedback_texts;
%ignore co_feedback_answers_free;
%ignore co_store_orders_as_of;
%ignore co_store_start_days;
%ignore co_store_open_contacts;
%ignore co_store_last_detractor;

%apply int64_t *OUTPUT { co_day *first, co_day *last };

%include "custorient/store.h"
%include "custorient/csv.h"

%nothread co_py_store_add_customer;
%nothread co_py_store_customer;
%nothread co_py_store_find;
%nothread co_py_store_import_csv;
%nothread co_py_store_summary;
%nothread co_py_store_columns;
%nothread co_py_store_feedback_answers;
%nothread co_py_store_orders_as_of;
%inline %{
/* tags: sequence of str; prefs: sequence of (key, value) str pairs. */
static PyObject *co_py_store_add_customer(co_store *store, PyObject *id, PyObject *name,
                                          PyObject *email, co_day signup, PyObject *segment,
                                          PyObject *tags, PyObject *prefs)
{
    PyObject *tag_seq = PySequence_Fast(tags, "tags must be a sequence of str");
    PyObject *pref_seq = tag_seq ? PySequence_Fast(prefs, "prefs must be a sequence") : NULL;
    PyObject *result = NULL;
    const char **texts = NULL;
    if (!pref_seq)
        goto done;
    Py_ssize_t n_tags = PySequence_Fast_GET_SIZE(tag_seq);
    Py_ssize_t n_prefs = PySequence_Fast_GET_SIZE(pref_seq);
    texts = PyMem_Calloc((size_t)(n_tags + 2 * n_prefs + 1), sizeof *texts);
    if (!texts) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n_tags; i++)
        if (!(texts[i] = co_py_text(PySequence_Fast_GET_ITEM(tag_seq, i), "a tag")))
            goto done;
    for (Py_ssize_t i = 0; i < n_prefs; i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(pref_seq, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "prefs must hold (key, value) pairs");
            goto done;
        }
        if (!(texts[n_tags + i] = co_py_text(PyTuple_GET_ITEM(pair, 0), "a preference key")) ||
            !(texts[n_tags + n_prefs + i] =
                  co_py_text(PyTuple_GET_ITEM(pair, 1), "a preference value")))
            goto done;
    }
    co_customer_input c = {.size = sizeof c,
                           .signup = signup,
                           .tags = texts,
                           .n_tags = (size_t)n_tags,
                           .pref_keys = texts + n_tags,
                           .pref_values = texts + n_tags + n_prefs,
                           .n_prefs = (size_t)n_prefs};
    if (!(c.id = co_py_text(id, "customer_id")) || !(c.name = co_py_text(name, "name")) ||
        !(c.email = co_py_text(email, "email")) || !(c.segment = co_py_text(segment, "segment")))
        goto done;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_store_add_customer(store, &c, NULL);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        co_py_raise(rc);
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(texts);
    Py_XDECREF(tag_seq);
    Py_XDECREF(pref_seq);
    return result;
}

/* Customer `index` as (id, name, email, signup day, segment, tags, prefs). */
static PyObject *co_py_store_customer(const co_store *store, size_t index)
{
    co_customer_view c = {.size = sizeof c};
    int rc = co_store_get_customer(store, index, &c);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    PyObject *tags = PyTuple_New((Py_ssize_t)c.n_tags);
    PyObject *prefs = tags ? PyList_New((Py_ssize_t)c.n_prefs) : NULL;
    if (!prefs) {
        Py_XDECREF(tags);
        return NULL;
    }
    for (size_t j = 0; j < c.n_tags; j++) {
        const char *tag;
        co_store_get_customer_tag(store, index, j, &tag);
        PyTuple_SET_ITEM(tags, (Py_ssize_t)j, PyUnicode_FromString(tag));
    }
    for (size_t j = 0; j < c.n_prefs; j++) {
        const char *key, *value;
        co_store_get_customer_pref(store, index, j, &key, &value);
        PyList_SET_ITEM(prefs, (Py_ssize_t)j, Py_BuildValue("(ss)", key, value));
    }
    return Py_BuildValue("(sssLsNN)", c.id, c.name, c.email, (long long)c.signup, c.segment,
                         tags, prefs);
}

/* Index of a customer id; raises NotFoundError. */
static PyObject *co_py_store_find(const co_store *store, const char *id)
{
    size_t index;
    int rc = co_store_find(store, id, &index);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    return PyLong_FromSize_t(index);
}

/* Skipped rows collected while the GIL is released (PyMem_Raw* needs no GIL). */
typedef struct co_py_skip {
    size_t line; /* the row's first line */
    int status;
    char *message;
    char *path; /* where the failure lies (NULL: no location) */
    size_t err_line, err_column;
} co_py_skip;

typedef struct co_py_skips {
    co_py_skip *items;
    size_t len, cap;
    int failed;
} co_py_skips;

static char *co_py_raw_strdup(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = PyMem_RawMalloc(n);
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

static void co_py_collect_skip(void *ctx, size_t line, int status, const char *message)
{
    co_py_skips *k = ctx;
    if (k->failed)
        return;
    if (k->len == k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 16;
        co_py_skip *items = PyMem_RawRealloc(k->items, cap * sizeof *items);
        if (!items) {
            k->failed = 1;
            return;
        }
        k->items = items;
        k->cap = cap;
    }
    const char *path = co_errpath(); /* this row's failure, recorded just before the call */
    char *copy = co_py_raw_strdup(message), *path_copy = path ? co_py_raw_strdup(path) : NULL;
    if (!copy || (path && !path_copy)) {
        PyMem_RawFree(copy);
        k->failed = 1;
        return;
    }
    k->items[k->len++] = (co_py_skip){line, status, copy, path_copy, co_errline(), co_errcolumn()};
}

/* Import a CSV file; returns (imported, [(line, status, message, path,
 * error line, error column), ...]).
 * The GIL is released for the import itself. */
static PyObject *co_py_store_import_csv(co_store *store, int kind, const char *path,
                                        int lenient)
{
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    co_py_skips skips = {NULL, 0, 0, 0};
    opts.lenient = lenient;
    opts.on_skip = co_py_collect_skip;
    opts.ctx = &skips;
    co_csv_result result = {sizeof result, 0, 0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_store_import_csv(store, (co_record_kind)kind, path, &opts, &result);
    Py_END_ALLOW_THREADS
    PyObject *out = NULL, *rows = NULL;
    if (rc < 0) {
        co_py_raise(rc);
    } else if (skips.failed) {
        PyErr_NoMemory();
    } else if ((rows = PyList_New((Py_ssize_t)skips.len))) {
        for (size_t i = 0; i < skips.len; i++) {
            const co_py_skip *k = &skips.items[i];
            PyObject *path = co_py_path(k->path);
            PyObject *row = path ? Py_BuildValue("(nisNnn)", (Py_ssize_t)k->line, k->status,
                                                 k->message, path, (Py_ssize_t)k->err_line,
                                                 (Py_ssize_t)k->err_column)
                                 : NULL;
            if (!row) {
                Py_CLEAR(rows);
                break;
            }
            PyList_SET_ITEM(rows, (Py_ssize_t)i, row);
        }
        if (rows)
            out = Py_BuildValue("(nN)", (Py_ssize_t)result.imported, rows);
    }
    for (size_t i = 0; i < skips.len; i++) {
        PyMem_RawFree(skips.items[i].message);
        PyMem_RawFree(skips.items[i].path);
    }
    PyMem_RawFree(skips.items);
    return out;
}

static PyObject *co_py_bytes(const void *data, size_t n, size_t size)
{
    return PyByteArray_FromStringAndSize((const char *)data, (Py_ssize_t)(n * size));
}

/* The summary as a tuple of byte arrays (customer index, frequency, recency,
 * T, monetary value, total spend, orders, days since last, first order,
 * last order, order count) and a list of the rows' customer ids. */
static PyObject *co_py_store_summary(const co_store *store, co_day as_of, int unit)
{
    co_summary *s = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_store_summary(store, as_of, (co_time_unit)unit, &s);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    size_t n = s->n;
    PyObject *ids = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; ids && i < n; i++) {
        co_customer_view c = {.size = sizeof c};
        co_store_get_customer(store, s->customer[i], &c);
        PyObject *text = PyUnicode_FromString(c.id);
        if (!text) {
            Py_CLEAR(ids);
            break;
        }
        PyList_SET_ITEM(ids, (Py_ssize_t)i, text);
    }
    PyObject *out = ids ? Py_BuildValue(
        "(NNNNNNNNNNNN)", ids, co_py_bytes(s->customer, n, sizeof(size_t)),
        co_py_bytes(s->frequency, n, 8), co_py_bytes(s->recency, n, 8), co_py_bytes(s->T, n, 8),
        co_py_bytes(s->monetary_value, n, 8), co_py_bytes(s->total_spend, n, 8),
        co_py_bytes(s->orders, n, 8), co_py_bytes(s->days_since_last, n, 8),
        co_py_bytes(s->first_order, n, 8), co_py_bytes(s->last_order, n, 8),
        co_py_bytes(s->order_count, n, 8)) : NULL;
    co_summary_free(s);
    return out;
}

/* A bytearray of n elements of `size` bytes (NULL with an exception set). */
static PyObject *co_py_column(size_t n, size_t size, void **data)
{
    PyObject *col = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(n * size));
    if (col)
        *data = PyByteArray_AS_STRING(col);
    return col;
}

/* A list of str from n borrowed C strings (NULL with an exception set). */
static PyObject *co_py_texts(const char **texts, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *text = PyUnicode_FromString(texts[i]);
        if (!text) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, text);
    }
    return list;
}

/* The records of one kind as columns, in insertion order:
 *   customers: (signup i8, [segment], [id])
 *   orders:    (customer u8, day i8, amount f8, [order id])
 *   feedback:  (customer u8, day i8, channel i4, kind i4, score f8, [text])
 *   contacts:  (customer u8, opened i8, resolved i8, priority i4, [topic])
 * Numbers come as bytearrays, text as lists of str. */
static PyObject *co_py_store_columns(const co_store *store, int kind)
{
    size_t n = co_store_count(store, (co_record_kind)kind);
    void *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
    PyObject *ca = NULL, *cb = NULL, *cc = NULL, *cd = NULL, *ce = NULL, *out = NULL;
    const char **texts = PyMem_Calloc(n ? n : 1, sizeof *texts);
    const char **more = PyMem_Calloc(n ? n : 1, sizeof *more);
    if (!texts || !more) {
        PyErr_NoMemory();
        goto done;
    }
    switch (kind) {
    case CO_RECORD_CUSTOMERS:
        if ((ca = co_py_column(n, 8, &a))) {
            co_store_customer_arrays(store, a, texts, more);
            out = Py_BuildValue("(ONN)", ca, co_py_texts(texts, n), co_py_texts(more, n));
        }
        break;
    case CO_RECORD_ORDERS:
        if ((ca = co_py_column(n, 8, &a)) && (cb = co_py_column(n, 8, &b)) &&
            (cc = co_py_column(n, 8, &c))) {
            co_store_order_arrays(store, a, b, c, texts);
            out = Py_BuildValue("(OOON)", ca, cb, cc, co_py_texts(texts, n));
        }
        break;
    case CO_RECORD_FEEDBACK:
        if ((ca = co_py_column(n, 8, &a)) && (cb = co_py_column(n, 8, &b)) &&
            (cc = co_py_column(n, sizeof(int), &c)) && (cd = co_py_column(n, sizeof(int), &d)) &&
            (ce = co_py_column(n, 8, &e))) {
            co_store_feedback_arrays(store, a, b, c, d, e, texts);
            out = Py_BuildValue("(OOOOON)", ca, cb, cc, cd, ce, co_py_texts(texts, n));
        }
        break;
    case CO_RECORD_CONTACTS:
        if ((ca = co_py_column(n, 8, &a)) && (cb = co_py_column(n, 8, &b)) &&
            (cc = co_py_column(n, 8, &c)) && (cd = co_py_column(n, sizeof(int), &d))) {
            co_store_contact_arrays(store, a, b, c, d, texts);
            out = Py_BuildValue("(OOOON)", ca, cb, cc, cd, co_py_texts(texts, n));
        }
        break;
    default:
        PyErr_SetString(PyExc_ValueError, "unknown record kind");
    }
done:
    Py_XDECREF(ca);
    Py_XDECREF(cb);
    Py_XDECREF(cc);
    Py_XDECREF(cd);
    Py_XDECREF(ce);
    PyMem_Free(texts);
    PyMem_Free(more);
    return out;
}
%}

/* ---- As of a day ---- */

/* Feedback answers as a tuple: customer ids (list of str), customer index
 * u8, day i8, value f8, kind i4, score i4 (None when the kind has no
 * whole-number scores) as bytearrays, and texts (list of str). texts_only
 * selects co_store_feedback_texts(), else the answers of `kind`. */
%inline %{
static PyObject *co_py_store_feedback_answers(const co_store *store, int kind, co_day as_of,
                                              int texts_only)
{
    co_feedback_answers *a = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = texts_only ? co_store_feedback_texts(store, as_of, &a)
                    : co_store_feedback_answers(store, (co_feedback_kind)kind, as_of, &a);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    size_t n = a->n;
    const char **ids = PyMem_Calloc(n ? n : 1, sizeof *ids);
    PyObject *out = NULL;
    if (!ids) {
        PyErr_NoMemory();
    } else {
        for (size_t i = 0; i < n; i++) {
            co_customer_view c = {.size = sizeof c};
            co_store_get_customer(store, a->customer[i], &c);
            ids[i] = c.id;
        }
        PyObject *score = a->score ? co_py_bytes(a->score, n, sizeof(int)) : Py_None;
        if (score == Py_None)
            Py_INCREF(score);
        out = Py_BuildValue("(NNNNNNN)", co_py_texts(ids, n),
                            co_py_bytes(a->customer, n, sizeof(size_t)),
                            co_py_bytes(a->day, n, 8), co_py_bytes(a->value, n, 8),
                            co_py_bytes(a->kind, n, sizeof(int)), score,
                            co_py_texts(a->text, n));
    }
    PyMem_Free(ids);
    co_feedback_answers_free(a);
    return out;
}

/* Orders up to a day as (customer u8, day i8, amount f8) bytearrays. */
static PyObject *co_py_store_orders_as_of(const co_store *store, co_day as_of)
{
    size_t n = co_store_count(store, CO_RECORD_ORDERS), kept = 0;
    void *a = NULL, *b = NULL, *c = NULL;
    PyObject *ca = co_py_column(n, 8, &a);
    PyObject *cb = ca ? co_py_column(n, 8, &b) : NULL;
    PyObject *cc = cb ? co_py_column(n, 8, &c) : NULL;
    PyObject *out = NULL;
    if (cc) {
        int rc;
        Py_BEGIN_ALLOW_THREADS
        rc = co_store_orders_as_of(store, as_of, a, b, c, &kept);
        Py_END_ALLOW_THREADS
        if (rc < 0)
            co_py_raise(rc);
        else if (PyByteArray_Resize(ca, (Py_ssize_t)(kept * 8)) == 0 &&
                 PyByteArray_Resize(cb, (Py_ssize_t)(kept * 8)) == 0 &&
                 PyByteArray_Resize(cc, (Py_ssize_t)(kept * 8)) == 0)
            out = Py_BuildValue("(OOO)", ca, cb, cc);
    }
    Py_XDECREF(ca);
    Py_XDECREF(cb);
    Py_XDECREF(cc);
    return out;
}
%}

/* Per-customer values into arrays the Python layer makes: `customers` is a
 * buffer of store indices or None (customers 0 .. n-1). */
%apply const size_t *IN_ARRAY_SAME { const size_t *customers_or_none };
%apply int64_t *OUT_ARRAY { co_day *days_out };
%apply uint64_t *OUT_ARRAY { uint64_t *counts_out };
%inline %{
static int co_py_store_start_days(const co_store *store, co_day as_of,
                                  const size_t *customers_or_none, size_t n, co_day *days_out)
{
    return co_store_start_days(store, as_of, customers_or_none, n, days_out);
}

static int co_py_store_open_contacts(const co_store *store, co_day as_of,
                                     const size_t *customers_or_none, size_t n,
                                     uint64_t *counts_out)
{
    return co_store_open_contacts(store, as_of, customers_or_none, n, counts_out);
}

static int co_py_store_last_detractor(const co_store *store, co_day as_of,
                                      const size_t *customers_or_none, size_t n,
                                      co_day *days_out)
{
    return co_store_last_detractor(store, as_of, customers_or_none, n, days_out);
}
%}

/* CSV export in the exact (0) or spreadsheet-safe (1) mode. */
%inline %{
static int co_py_store_export_csv(const co_store *store, int kind, const char *path,
                                  int spreadsheet_safe)
{
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    opts.spreadsheet_safe = spreadsheet_safe;
    return co_store_export_csv_opts(store, (co_record_kind)kind, path, &opts);
}
%}

/* The generator: options as a plain struct, the store through CO_HANDLE_OUT. */
%{
#include "custorient/generate.h"
%}
CO_SIZED_INIT(co_generate_options)
%include "custorient/generate.h"
