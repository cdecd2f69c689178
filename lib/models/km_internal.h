/* Kaplan-Meier tables built from per-time sums, shared by co_km_fit_input() and the
 * mergeable counts of km_counts.c, so that both compute a curve the same way. */
#ifndef CO_KM_INTERNAL_H
#define CO_KM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/survival.h"

/* Sums at one distinct time: subjects and weights of events (d), censorings (c) and
 * entries (e). Without entry times every subject enters at time 0. */
typedef struct co__km_row {
    double time;
    uint64_t d, c, e;
    double dw, cw, ew;
} co__km_row;

/* The rows of the subjects of `in` (checked as co_km_fit_input() checks them), one per
 * distinct time, ascending; caller frees *rows with co__free(). */
int co__km_input_rows(const co_km_input *in, co__km_row **rows, size_t *n_rows);

/* The curve of `n_rows` ascending rows (n_rows >= 1) with resolved, checked options. */
int co__km_from_rows(const co__km_row *rows, size_t n_rows, const co_km_options *opts, co_km **out);

/* Options with the defaults for the fields an older caller lacks, checked. */
int co__km_options_resolve(const co_km_options *opts, co_km_options *out);

#endif
