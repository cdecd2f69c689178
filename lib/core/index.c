/* Element getters share one out-of-range error, worded the same everywhere. */
#include "error_internal.h"
#include "index_internal.h"

int co__index_check(size_t index, size_t count, const char *what)
{
    if (index >= count)
        return co__fail(CO_ERANGE, "no %s at index %zu (count %zu)", what, index, count);
    return CO_OK;
}
