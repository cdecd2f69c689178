/* Partial states that merge exactly and travel as bytes (custorient/partial.h). The
 * Pythonic layer is custorient/partial.py. Functions whose arguments Python cannot pass
 * directly get a helper in partial_helpers.i; their C names are hidden here. */

CO_HANDLE_OUT(co_km)
CO_HANDLE_OUT(co_km_counts)
CO_HANDLE_OUT(co_rating_counts)
CO_HANDLE_OUT(co_rfm_histogram)
CO_HANDLE_OUT(co_topic_tally)
CO_HANDLE_OUT(co_cohorts)

%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *compound, size_t n),
                                                (const double *values, size_t n) };
%apply double *OUT_ARRAY { double *cuts_out };

%ignore co_km_counts_add;
%ignore co_km_counts_fit;
%ignore co_topic_tally_add;
%ignore co_topic_tally_counts;
%ignore co_rfm_histogram_get;
%ignore co_retention_merge;
%ignore co_retention_serialize;
%ignore co_retention_deserialize;

%include "custorient/partial.h"
