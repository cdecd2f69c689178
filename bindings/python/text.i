/* lib/text: sentiment lexicons and scoring, pain-point topics. The Pythonic
 * layer is custorient/text.py; many texts cross as one UTF-8 buffer plus
 * n + 1 byte offsets, so a whole column is scored in one call without the GIL. */

%{
#include <stdlib.h>

/* Check n + 1 non-decreasing offsets into a buffer of `len` bytes. text.py
 * builds them, so a failure here is a bug of the package, not of the user. */
static int co_py_check_offsets(const size_t *offsets, size_t n_offsets, size_t len)
{
    if (n_offsets == 0)
        return co_py_fail(CO_EINVAL, "text offsets: none given");
    for (size_t i = 0; i + 1 < n_offsets; i++)
        if (offsets[i] > offsets[i + 1] || offsets[i + 1] > len)
            return co_py_fail(CO_EINVAL, "text offset %zu at index %zu is out of order or past "
                              "the %zu bytes", offsets[i + 1], i + 1, len);
    return CO_OK;
}
%}

CO_HANDLE_OUT(co_lexicon)
CO_HANDLE_OUT(co_topics)

/* One score comes back as the tuple (compound, pos, neu, neg). */
%typemap(in, numinputs=0) co_sentiment *out (co_sentiment result) {
    $1 = &result;
}
%typemap(argout) co_sentiment *out {
    $result = SWIG_Python_AppendOutput($result, Py_BuildValue("(dddd)", result$argnum.compound,
        result$argnum.pos, result$argnum.neu, result$argnum.neg));
}

/* size_t rather than uint64_t: SWIG's stdint.i casts const uint64_t * wrongly on LP64. */
%apply (const size_t *IN_ARRAY, size_t IN_LEN) { (const size_t *offsets, size_t n_offsets) };
%apply uint8_t *OUT_ARRAY { uint8_t *hits };
%apply double *OUT_ARRAY { double *compound_out, double *pos_out, double *neu_out,
                           double *neg_out, double *share_out, double *rate_out };
%apply uint64_t *OUT_ARRAY { uint64_t *mentions_out, uint64_t *negative_out,
                             uint64_t *n_negative_out };
%apply const double *IN_ARRAY_SAME { const double *compound_in };

%ignore co_sentiment;
%ignore co_sentiment_score_many;
%ignore co_topics_tally;
%ignore co_topic_count;

%include "custorient/sentiment.h"
%include "custorient/topics.h"

%inline %{
/* Score the texts text[offsets[i] .. offsets[i+1]) into four arrays. */
static int co_py_sentiment_packed(const co_lexicon *lex, const char *text, size_t len,
                                  const size_t *offsets, size_t n_offsets,
                                  double *compound_out, double *pos_out, double *neu_out,
                                  double *neg_out)
{
    int rc = co_py_check_offsets(offsets, n_offsets, len);
    for (size_t i = 0; rc == CO_OK && i + 1 < n_offsets; i++) {
        co_sentiment s;
        rc = co_sentiment_score(lex, text + offsets[i], offsets[i + 1] - offsets[i], &s);
        compound_out[i] = s.compound;
        pos_out[i] = s.pos;
        neu_out[i] = s.neu;
        neg_out[i] = s.neg;
    }
    return rc;
}

/* co_topics_tally over packed texts; results into per-topic arrays. */
static int co_py_topics_tally_packed(const co_topics *topics, const co_lexicon *lex,
                                     const char *text, size_t len, const size_t *offsets,
                                     size_t n_offsets, const double *compound_in,
                                     double negative_at, uint64_t *mentions_out,
                                     uint64_t *negative_out, double *share_out,
                                     double *rate_out, uint64_t *n_negative_out)
{
    int rc = co_py_check_offsets(offsets, n_offsets, len);
    if (rc < 0)
        return rc;
    size_t n = n_offsets - 1, k = co_topics_count(topics);
    const char **texts = malloc((n ? n : 1) * sizeof *texts);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    co_topic_count *counts = malloc((k ? k : 1) * sizeof *counts);
    if (!texts || !lens || !counts) {
        rc = CO_ENOMEM;
    } else {
        for (size_t i = 0; i < n; i++) {
            texts[i] = text + offsets[i];
            lens[i] = offsets[i + 1] - offsets[i];
        }
        rc = co_topics_tally(topics, lex, texts, lens, n, compound_in, negative_at, counts,
                             n_negative_out);
        for (size_t j = 0; rc == CO_OK && j < k; j++) {
            mentions_out[j] = counts[j].mentions;
            negative_out[j] = counts[j].negative;
            share_out[j] = counts[j].negative_share;
            rate_out[j] = counts[j].negative_rate;
        }
    }
    free(texts);
    free(lens);
    free(counts);
    return rc;
}
%}
