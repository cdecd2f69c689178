/* lib/text: intent detection. The Pythonic layer is custorient/intents.py;
 * many texts cross as one UTF-8 buffer plus n + 1 byte offsets (as in text.i). */

CO_HANDLE_OUT(co_intents)

%apply size_t *OUT_ARRAY { size_t *intent_out, size_t *begin_out, size_t *end_out, size_t *n_out };
%apply double *OUT_ARRAY { double *confidence_out };
%apply const size_t *IN_ARRAY_SAME { const size_t *customer_in };
%apply const int64_t *IN_ARRAY_SAME { const int64_t *day_in };
%apply uint64_t *OUT_ARRAY { uint64_t *count_out };
%apply int64_t *OUT_ARRAY { int64_t *last_out };

%ignore co_intent_hit;
%ignore co_intents_detect;
%ignore co_intents_detect_many;
%ignore co_intents_find;
%ignore co_intents_per_customer;

%include "custorient/intents.h"

%inline %{
/* The intents of one text into arrays of co_intents_count() entries (all
 * fit); their number into n_out[0]. */
static int co_py_intents_detect(const co_intents *intents, const char *text, size_t len,
                                size_t *intent_out, double *confidence_out, size_t *begin_out,
                                size_t *end_out, size_t *n_out)
{
    co_intent_hit hits[256];
    size_t n = 0;
    int rc = co_intents_detect(intents, text, len, hits, 256, &n);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        intent_out[i] = hits[i].intent;
        confidence_out[i] = hits[i].confidence;
        begin_out[i] = hits[i].begin;
        end_out[i] = hits[i].end;
    }
    n_out[0] = n;
    return CO_OK;
}

/* co_intents_detect_many over packed texts: n x count confidences, row-major. */
static int co_py_intents_packed(const co_intents *intents, const char *text, size_t len,
                                const size_t *offsets, size_t n_offsets, double *confidence_out)
{
    int rc = co_py_check_offsets(offsets, n_offsets, len);
    size_t k = co_intents_count(intents);
    for (size_t i = 0; rc == CO_OK && i + 1 < n_offsets; i++) {
        const char *t = text + offsets[i];
        size_t tl = offsets[i + 1] - offsets[i];
        rc = co_intents_detect_many(intents, &t, &tl, 1, confidence_out + i * k);
    }
    return rc;
}

/* co_intents_per_customer over packed texts (customer_in, day_in: one per
 * text, checked by the caller); counts widened to uint64 for numpy. */
static int co_py_intents_per_customer(const co_intents *intents, const char *text, size_t len,
                                      const size_t *offsets, size_t n_offsets,
                                      const size_t *customer_in, const int64_t *day_in,
                                      size_t n_customers, int64_t as_of, uint64_t *count_out,
                                      int64_t *last_out)
{
    int rc = co_py_check_offsets(offsets, n_offsets, len);
    if (rc < 0)
        return rc;
    size_t n = n_offsets - 1, k = co_intents_count(intents);
    const char **texts = malloc((n ? n : 1) * sizeof *texts);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    uint32_t *count = malloc((n_customers ? n_customers : 1) * (k ? k : 1) * sizeof *count);
    if (!texts || !lens || !count) {
        rc = co_py_fail(CO_ENOMEM, "out of memory");
    } else {
        for (size_t i = 0; i < n; i++) {
            texts[i] = text + offsets[i];
            lens[i] = offsets[i + 1] - offsets[i];
        }
        rc = co_intents_per_customer(intents, texts, lens, customer_in, day_in, n, n_customers,
                                     as_of, count, last_out);
        for (size_t j = 0; rc == CO_OK && j < n_customers * k; j++)
            count_out[j] = count[j];
    }
    free(texts);
    free(lens);
    free(count);
    return rc;
}
%}
