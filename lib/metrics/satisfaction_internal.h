/* CSAT/CES summaries from answer counts, shared by co_rating_summarize() and the
 * mergeable co_rating_counts. */
#ifndef CO_SATISFACTION_INTERNAL_H
#define CO_SATISFACTION_INTERNAL_H

#include <stdint.h>

#include "custorient/satisfaction.h"

/* Options with CSAT's defaults for the fields an older caller lacks, checked. */
int co__rating_options_resolve(const co_rating_options *opts, co_rating_options *out);

/* The summary of counts[k] answers of scale_min + k for each point of the checked
 * options' scale (at most CO_RATING_MAX_POINTS); CO_EINVAL when there are none. */
int co__rating_summary_from_counts(const uint64_t *counts, const co_rating_options *o,
                                   co_rating_summary *out);

#endif
