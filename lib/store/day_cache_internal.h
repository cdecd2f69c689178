#ifndef CO_DAY_CACHE_INTERNAL_H
#define CO_DAY_CACHE_INTERNAL_H
/* Date texts of CSV rows parsed once: a file has few distinct dates, so the
 * day number of a "YYYY-MM-DD" text is remembered in a slot fixed by its
 * digits. Shared by the importer and the streaming summaries. */

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

/* Distinct slots for every date of four consecutive years. */
#define CO_DAY_CACHE_SLOTS ((size_t)4 * 16 * 32)

typedef struct co_day_slot {
    char text[10];
    uint8_t used;
    int32_t day;
} co_day_slot;

/* A zeroed cache of CO_DAY_CACHE_SLOTS slots, or NULL (out of memory). */
co_day_slot *co__day_cache_new(void);
void co__day_cache_free(co_day_slot *cache);

/* The day of the date text p[0..len), as co_date_parse() reads it; its
 * error code for a bad date (the caller writes the message). */
int co__day_cache_parse(co_day_slot *cache, const char *p, size_t len, co_day *out);

/* 1 if the len bytes at p are all ASCII. */
int co__ascii_only(const char *p, size_t len);

#endif
