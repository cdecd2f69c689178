/* lib/text: intent detection. The Pythonic layer is custorient/intents.py;
 * many texts cross as one UTF-8 buffer plus n + 1 byte offsets (as in text.i). */

CO_HANDLE_OUT(co_intents)

%apply size_t *OUT_ARRAY { size_t *intent_out, size_t *begin_out, size_t *end_out, size_t *n_out };
%apply double *OUT_ARRAY { double *confidence_out };

%ignore co_intent_hit;
%ignore co_intents_detect;
%ignore co_intents_detect_many;
%ignore co_intents_find;

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
%}
