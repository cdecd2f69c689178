#ifndef CO_DAY_CACHE_INTERNAL_H
#define CO_DAY_CACHE_INTERNAL_H
/* Date texts of CSV rows parsed once: a file has few distinct dates, so the
 * day number of a "YYYY-MM-DD" text is remembered in a slot fixed by its
 * digits. Shared by the importer and the streaming summaries. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* The slot of a ten-character date text: last year digit mod 4, month
 * (1-12) and day (1-31) from their digits. */
static inline co_day_slot *co__day_cache_slot(co_day_slot *cache, const char *p)
{
    const unsigned char *d = (const unsigned char *)p;
    unsigned month = ((d[5] & 1u) * 10 + (d[6] & 15u)) & 15u;
    unsigned mday = ((d[8] & 3u) * 10 + (d[9] & 15u)) & 31u;
    return &cache[((d[3] & 3u) * 16 + month) * 32 + mday];
}

/* Parse a date the cache does not hold, and remember it. */
int co__day_cache_miss(co_day_slot *cache, const char *p, size_t len, co_day *out);

/* The day of the date text p[0..len), as co_date_parse() reads it; its
 * error code for a bad date (the caller writes the message). */
static inline int co__day_cache_parse(co_day_slot *cache, const char *p, size_t len, co_day *out)
{
    if (len == sizeof cache->text) {
        const co_day_slot *slot = co__day_cache_slot(cache, p);
        if (slot->used && memcmp(slot->text, p, sizeof slot->text) == 0) {
            *out = slot->day;
            return CO_OK;
        }
    }
    return co__day_cache_miss(cache, p, len, out);
}

/* 1 if the len bytes at p are all ASCII. */
int co__ascii_only(const char *p, size_t len);

#endif
