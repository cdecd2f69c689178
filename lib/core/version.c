/* Library version, taken from the CMake project version. */
#include "custorient/core.h"

#define CO_STR2(x) #x
#define CO_STR(x) CO_STR2(x)

const char *co_version(void)
{
    return CO_STR(CO_VERSION_MAJOR) "." CO_STR(CO_VERSION_MINOR) "." CO_STR(CO_VERSION_PATCH);
}

int co_version_number(void) { return CO_VERSION_NUMBER; }
