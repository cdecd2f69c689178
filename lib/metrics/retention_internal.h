/* The cohort matrix, shared by its builder (retention.c) and its merging and bytes
 * (cohorts_merge.c). */
#ifndef CO_RETENTION_INTERNAL_H
#define CO_RETENTION_INTERNAL_H

#include <stdint.h>

#include "custorient/retention.h"

struct co_cohorts {
    size_t rows;
    co_day as_of;        /* the day the matrix is observed to */
    int64_t first_month; /* year * 12 + month - 1 of row 0 */
    uint64_t *sizes;     /* rows */
    uint64_t *active;    /* rows * rows, row-major; 0 where r + k >= rows */
};

/* year * 12 + month - 1 of a day within years 0001-9999. */
int64_t co__month_index(co_day day);

#endif
