/* RFM segments: first-match rules over the three scores, and segment totals. */
#include <math.h>
#include <string.h>

#include "custorient/rfm.h"
#include "error_internal.h"

/* The rules of the R package rfm (0.3.0) in its order, then Hibernating for
 * the lapsing customers (recency score 2) that none of those rules takes. */
static const co_rfm_rule default_rules[CO_RFM_OTHERS] = {
    [CO_RFM_CHAMPIONS] = {5, 5, 5, 5, 5, 5},
    [CO_RFM_POTENTIAL_LOYALIST] = {3, 5, 3, 5, 2, 5},
    [CO_RFM_LOYAL] = {2, 4, 2, 4, 2, 4},
    [CO_RFM_PROMISING] = {3, 4, 1, 3, 3, 5},
    [CO_RFM_NEW] = {4, 5, 1, 3, 1, 5},
    [CO_RFM_CANT_LOSE] = {1, 2, 3, 4, 4, 5},
    [CO_RFM_AT_RISK] = {1, 2, 2, 5, 4, 5},
    [CO_RFM_NEED_ATTENTION] = {1, 3, 3, 5, 3, 5},
    [CO_RFM_ABOUT_TO_SLEEP] = {2, 3, 1, 3, 1, 4},
    [CO_RFM_LOST] = {1, 1, 1, 5, 1, 5},
    [CO_RFM_HIBERNATING] = {1, 2, 1, 5, 1, 5},
};

static const char *const segment_names[CO_RFM_SEGMENT_COUNT] = {
    [CO_RFM_CHAMPIONS] = "Champions",
    [CO_RFM_POTENTIAL_LOYALIST] = "Potential Loyalist",
    [CO_RFM_LOYAL] = "Loyal Customers",
    [CO_RFM_PROMISING] = "Promising",
    [CO_RFM_NEW] = "New Customers",
    [CO_RFM_CANT_LOSE] = "Can't Lose Them",
    [CO_RFM_AT_RISK] = "At Risk",
    [CO_RFM_NEED_ATTENTION] = "Need Attention",
    [CO_RFM_ABOUT_TO_SLEEP] = "About To Sleep",
    [CO_RFM_LOST] = "Lost",
    [CO_RFM_HIBERNATING] = "Hibernating",
    [CO_RFM_OTHERS] = "Others",
};

const co_rfm_rule *co_rfm_default_rules(size_t *count)
{
    if (count)
        *count = CO_RFM_OTHERS;
    return default_rules;
}

const char *co_rfm_segment_name(int segment)
{
    if (segment < 0 || segment >= CO_RFM_SEGMENT_COUNT)
        return NULL;
    return segment_names[segment];
}

static int in_range(uint8_t score, uint8_t lo, uint8_t hi) { return score >= lo && score <= hi; }

int co_rfm_segments(const uint8_t *recency_score, const uint8_t *frequency_score,
                    const uint8_t *monetary_score, size_t n, const co_rfm_rule *rules,
                    size_t nrules, int *segments_out)
{
    if (!recency_score || !frequency_score || !monetary_score || !segments_out)
        return co__fail(CO_EINVAL, "NULL argument");
    if (!rules) {
        rules = default_rules;
        nrules = CO_RFM_OTHERS;
    }
    if (nrules == 0 || nrules > (size_t)INT32_MAX)
        return co__fail(CO_EINVAL, "need 1..%ld rules (got %zu)", (long)INT32_MAX, nrules);
    for (size_t k = 0; k < nrules; k++) {
        const co_rfm_rule *r = &rules[k];
        if (r->r_min > r->r_max || r->f_min > r->f_max || r->m_min > r->m_max)
            return co__fail(CO_EINVAL, "rule %zu has a minimum above its maximum", k);
    }
    for (size_t i = 0; i < n; i++)
        if (recency_score[i] == 0 || frequency_score[i] == 0 || monetary_score[i] == 0)
            return co__fail(CO_EINVAL, "scores start at 1 (index %zu)", i);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < nrules && !(in_range(recency_score[i], rules[k].r_min, rules[k].r_max) &&
                               in_range(frequency_score[i], rules[k].f_min, rules[k].f_max) &&
                               in_range(monetary_score[i], rules[k].m_min, rules[k].m_max)))
            k++;
        segments_out[i] = (int)k;
    }
    return CO_OK;
}

int co_rfm_summarize(const int *segments, const double *frequency, const double *monetary, size_t n,
                     size_t nsegments, uint64_t *customers_out, double *orders_out,
                     double *revenue_out)
{
    if (!segments || !frequency || !monetary || !customers_out || !orders_out || !revenue_out)
        return co__fail(CO_EINVAL, "NULL argument");
    if (nsegments == 0)
        return co__fail(CO_EINVAL, "need at least one segment");
    for (size_t i = 0; i < n; i++) {
        if (segments[i] < 0 || (size_t)segments[i] >= nsegments)
            return co__fail(CO_ERANGE, "segment %d outside 0..%zu (index %zu)", segments[i],
                            nsegments - 1, i);
        if (!isfinite(frequency[i]) || !isfinite(monetary[i]))
            return co__fail(CO_EINVAL, "frequency or monetary value is not finite (index %zu)", i);
    }
    memset(customers_out, 0, nsegments * sizeof *customers_out);
    memset(orders_out, 0, nsegments * sizeof *orders_out);
    memset(revenue_out, 0, nsegments * sizeof *revenue_out);
    for (size_t i = 0; i < n; i++) {
        customers_out[segments[i]]++;
        orders_out[segments[i]] += frequency[i];
        revenue_out[segments[i]] += monetary[i];
    }
    return CO_OK;
}
