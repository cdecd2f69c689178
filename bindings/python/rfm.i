/* RFM scores and segments (custorient/rfm.h). The C functions take their
 * arrays in an order SWIG's pair typemaps cannot express, so small wrappers
 * put each array's length next to its first array; custorient/rfm.py checks
 * the companion lengths before calling. */

%{
#include "custorient/rfm.h"
%}

%ignore co_rfm_options;
%ignore co_rfm_options_init;
%ignore co_rfm_rule;
%ignore co_rfm_cuts;
%ignore co_rfm_score;
%ignore co_rfm_scores;
%ignore co_rfm_segments;
%ignore co_rfm_default_rules;
%ignore co_rfm_summarize;

%include "custorient/rfm.h"

%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *values, size_t n) };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *cuts, size_t ncuts) };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *recency, size_t n) };
%apply (const uint8_t *IN_ARRAY, size_t IN_LEN) { (const uint8_t *recency_score, size_t n) };
%apply (const uint8_t *IN_ARRAY, size_t IN_LEN) { (const uint8_t *rule_bytes, size_t nbytes) };
%apply (const int *IN_ARRAY, size_t IN_LEN) { (const int *segments, size_t n) };
%apply const double *IN_ARRAY_SAME { const double *frequency, const double *monetary,
                                     const double *recency_cuts, const double *frequency_cuts,
                                     const double *monetary_cuts };
%apply const uint8_t *IN_ARRAY_SAME { const uint8_t *frequency_score,
                                      const uint8_t *monetary_score };
%apply double *OUT_ARRAY { double *cuts_out, double *orders_out, double *revenue_out };
%apply uint8_t *OUT_ARRAY { uint8_t *scores_out, uint8_t *recency_out, uint8_t *frequency_out,
                            uint8_t *monetary_out, uint8_t *rule_out };
%apply int *OUT_ARRAY { int *segments_out };
%apply uint64_t *OUT_ARRAY { uint64_t *customers_out };

%inline %{
static int co_py_rfm_cuts(const double *values, size_t n, unsigned bins, double offset,
                          double *cuts_out)
{
    return co_rfm_cuts(values, n, bins, offset, cuts_out);
}

static int co_py_rfm_score(const double *values, size_t n, const double *cuts, size_t ncuts,
                           int reverse, uint8_t *scores_out)
{
    return co_rfm_score(values, n, cuts, ncuts, reverse, scores_out);
}

static int co_py_rfm_scores(const double *recency, size_t n, const double *frequency,
                            const double *monetary, unsigned recency_bins,
                            unsigned frequency_bins, unsigned monetary_bins, double offset,
                            const double *recency_cuts, const double *frequency_cuts,
                            const double *monetary_cuts, uint8_t *recency_out,
                            uint8_t *frequency_out, uint8_t *monetary_out)
{
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    o.recency_bins = recency_bins;
    o.frequency_bins = frequency_bins;
    o.monetary_bins = monetary_bins;
    o.offset = offset;
    o.recency_cuts = recency_cuts;
    o.frequency_cuts = frequency_cuts;
    o.monetary_cuts = monetary_cuts;
    return co_rfm_scores(recency, frequency, monetary, n, &o, recency_out, frequency_out,
                         monetary_out);
}

/* Rules travel as 6 bytes each (r_min, r_max, f_min, f_max, m_min, m_max);
 * no bytes at all selects the default rules. */
static int co_py_rfm_segments(const uint8_t *recency_score, size_t n,
                              const uint8_t *frequency_score, const uint8_t *monetary_score,
                              const uint8_t *rule_bytes, size_t nbytes, int *segments_out)
{
    co_rfm_rule rules[64];
    size_t nrules = nbytes / 6;
    if (nbytes % 6 != 0 || nrules > sizeof rules / sizeof rules[0])
        return co_py_fail(CO_EINVAL, "RFM rules: %zu bytes are not 1-%zu rules of 6", nbytes,
                          sizeof rules / sizeof rules[0]);
    for (size_t k = 0; k < nrules; k++) {
        const uint8_t *b = rule_bytes + 6 * k;
        co_rfm_rule r = {b[0], b[1], b[2], b[3], b[4], b[5]};
        rules[k] = r;
    }
    return co_rfm_segments(recency_score, frequency_score, monetary_score, n,
                           nrules ? rules : NULL, nrules, segments_out);
}

/* The default rule number k as 6 bytes. */
static int co_py_rfm_default_rule(int k, uint8_t *rule_out)
{
    size_t count;
    const co_rfm_rule *rules = co_rfm_default_rules(&count);
    if (k < 0 || (size_t)k >= count)
        return co_py_fail(CO_ERANGE, "no default RFM rule at index %d (count %zu)", k, count);
    const co_rfm_rule *r = &rules[k];
    uint8_t b[6] = {r->r_min, r->r_max, r->f_min, r->f_max, r->m_min, r->m_max};
    memcpy(rule_out, b, sizeof b);
    return CO_OK;
}

static int co_py_rfm_summarize(const int *segments, size_t n, const double *frequency,
                               const double *monetary, size_t nsegments,
                               uint64_t *customers_out, double *orders_out,
                               double *revenue_out)
{
    return co_rfm_summarize(segments, frequency, monetary, n, nsegments, customers_out,
                            orders_out, revenue_out);
}
%}

%clear (const double *values, size_t n);
%clear (const double *cuts, size_t ncuts);
%clear (const double *recency, size_t n);
%clear (const uint8_t *recency_score, size_t n);
%clear (const uint8_t *rule_bytes, size_t nbytes);
%clear (const int *segments, size_t n);
%clear const double *frequency, const double *monetary, const double *recency_cuts,
       const double *frequency_cuts, const double *monetary_cuts;
%clear const uint8_t *frequency_score, const uint8_t *monetary_score;
%clear double *cuts_out, double *orders_out, double *revenue_out;
%clear uint8_t *scores_out, uint8_t *recency_out, uint8_t *frequency_out, uint8_t *monetary_out,
       uint8_t *rule_out;
%clear int *segments_out;
%clear uint64_t *customers_out;
