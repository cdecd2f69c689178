/* The one rule for structs that state their own size (see sized_internal.h). */
#include <string.h>

#include "error_internal.h"
#include "sized_internal.h"

static size_t stated_size(const void *sized)
{
    size_t size;
    memcpy(&size, sized, sizeof size); /* the first member of every sized struct */
    return size;
}

/* The size a caller states (what it was compiled with) against the library's:
 * from the size field itself up to the library's whole struct. */
static int check_size(size_t size, size_t full_size, const char *what, const char *remedy)
{
    if (size < sizeof(size_t))
        return co__fail(CO_EINVAL, "%s: size %zu is smaller than its size field: %s", what, size,
                        remedy);
    if (size > full_size)
        return co__fail(CO_EINVAL,
                        "%s: size %zu is larger than this library's %zu (built "
                        "against a newer libcustorient?)",
                        what, size, full_size);
    return CO_OK;
}

int co__sized_check(const void *sized, size_t full_size, const char *what)
{
    return check_size(stated_size(sized), full_size, what,
                      "initialise it with its _init function or set .size = sizeof");
}

int co__options_init(void *dst, size_t size, const void *defaults, size_t full_size,
                     const char *what)
{
    if (!dst)
        return co__fail(CO_EINVAL, "%s: NULL struct", what);
    int rc = check_size(size, full_size, what, "pass the sizeof of the struct");
    if (rc < 0)
        return rc;
    memcpy(dst, defaults, size);
    memcpy(dst, &size, sizeof size);
    return CO_OK;
}

int co__options_resolve(void *resolved, size_t full_size, const void *given, const char *what)
{
    if (!given)
        return CO_OK;
    int rc = co__sized_check(given, full_size, what);
    if (rc < 0)
        return rc;
    memcpy(resolved, given, stated_size(given));
    memcpy(resolved, &full_size, sizeof full_size);
    return CO_OK;
}

void co__sized_store(void *out, const void *full, size_t full_size)
{
    size_t size = stated_size(out);
    if (size > full_size)
        size = full_size;
    memcpy((char *)out + sizeof size, (const char *)full + sizeof size, size - sizeof size);
}
