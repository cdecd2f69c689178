/* SWIG declarations of custorient/store_covariates.h: one helper that takes
 * the options as arguments and returns the matrix as Python objects, the GIL
 * released around the C work. */
%{
#include "custorient/store_covariates.h"
%}

%ignore co_store_covariate_options;
%ignore co_store_covariate_options_init;
%ignore co_covariate_matrix;
%ignore co_store_covariates;
%ignore co_covariate_matrix_find;
%ignore co_covariate_matrix_free;

%include "custorient/store_covariates.h"

%nothread co_py_store_covariates;
%inline %{
/* The matrix as (customer ids [str], customer index u8, values f8 row-major,
 * names [str], feature i4, column kind i4, fill f8, center f8, scale f8, n, k). */
static PyObject *co_py_store_covariates(const co_store *store, co_day as_of, unsigned features,
                                        const size_t *customers_or_none, size_t n_customers,
                                        int64_t text_window, int64_t rating_window,
                                        int64_t contact_window, double detractor_cap,
                                        const co_lexicon *lexicon, const co_topics *topics,
                                        int standardize, int drop_reference, int drop_constant)
{
    co_store_covariate_options o;
    co_store_covariate_options_init(&o, sizeof o);
    o.features = features;
    o.customers = customers_or_none;
    o.n_customers = n_customers;
    o.text_window = text_window;
    o.rating_window = rating_window;
    o.contact_window = contact_window;
    o.detractor_cap = detractor_cap;
    o.lexicon = lexicon;
    o.topics = topics;
    o.standardize = standardize;
    o.drop_reference = drop_reference;
    o.drop_constant = drop_constant;
    co_covariate_matrix *m = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = co_store_covariates(store, as_of, &o, &m);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    const size_t n = m->n, k = m->k;
    const char **ids = PyMem_Calloc(n ? n : 1, sizeof *ids);
    PyObject *out = NULL;
    if (!ids) {
        PyErr_NoMemory();
    } else {
        for (size_t i = 0; i < n; i++) {
            co_customer_view c = {.size = sizeof c};
            co_store_get_customer(store, m->customer[i], &c);
            ids[i] = c.id;
        }
        out = Py_BuildValue("(NNNNNNNNNnn)", co_py_texts(ids, n),
                            co_py_bytes(m->customer, n, sizeof(size_t)),
                            co_py_bytes(m->values, n * k, 8), co_py_texts(m->names, k),
                            co_py_bytes(m->feature, k, sizeof(int)),
                            co_py_bytes(m->column_kind, k, sizeof(int)),
                            co_py_bytes(m->fill, k, 8), co_py_bytes(m->center, k, 8),
                            co_py_bytes(m->scale, k, 8), (Py_ssize_t)n, (Py_ssize_t)k);
    }
    PyMem_Free(ids);
    co_covariate_matrix_free(m);
    return out;
}
%}
