/* Date texts parsed once per file, and the ASCII test of a row's bytes. */
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "day_cache_internal.h"

co_day_slot *co__day_cache_new(void) { return co__calloc(CO_DAY_CACHE_SLOTS, sizeof(co_day_slot)); }

void co__day_cache_free(co_day_slot *cache) { co__free(cache); }

int co__day_cache_miss(co_day_slot *cache, const char *p, size_t len, co_day *out)
{
    int rc = co_date_parse(p, len, out);
    if (rc < 0)
        return rc;
    if (len == sizeof cache->text) { /* every valid date (years 1-9999) fits 32 bits */
        co_day_slot *slot = co__day_cache_slot(cache, p);
        memcpy(slot->text, p, sizeof slot->text);
        slot->used = 1;
        slot->day = (int32_t)*out;
    }
    return CO_OK;
}

int co__ascii_only(const char *p, size_t len)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) { /* eight bytes at a time: any high bit set */
        uint64_t w;
        memcpy(&w, p + i, 8);
        any |= w;
    }
    for (; i < len; i++)
        any |= (unsigned char)p[i];
    return !(any & 0x8080808080808080u);
}
