/* The (customer, day) keys of a streaming summary's order days, kept as runs
 * sorted and without repeats (radix-sorted a chunk at a time), then merged
 * once to count each customer's distinct days. */
#ifndef CO_STREAM_DAYS_INTERNAL_H
#define CO_STREAM_DAYS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "vec_internal.h"

/* Bits of the day part of a key: day numbers of years 1-9999 shifted by
 * CO_DAY_LOG_BIAS fit. */
#define CO_DAY_LOG_BITS 22
#define CO_DAY_LOG_BIAS 719162

typedef struct day_log {
    co_vec keys;    /* uint64_t: sorted runs, then the tail not sorted yet */
    co_vec run_end; /* size_t: where each sorted run ends in `keys` */
    size_t sorted;  /* keys [0, sorted) are in runs */
    size_t chunk;   /* keys sorted at a time */
    uint64_t *tmp;  /* `chunk` keys for the radix sort */
    int bits;       /* bits of the largest key so far */
} day_log;

/* Start empty; `chunk` keys (0: 4 Mi) are sorted at a time. */
void co__day_log_init(day_log *l, size_t chunk);

/* Add the key of customer `cust` on day `day`. CO_OK or CO_ENOMEM. */
int co__day_log_add(day_log *l, size_t cust, int64_t day);

/* days[c] += the number of distinct days of customer c in the log, for
 * c < n. CO_OK or CO_ENOMEM. */
int co__day_log_count(day_log *l, size_t *days, size_t n);

void co__day_log_free(day_log *l);

#endif
