/* Fuzz target: the ISO date parser must never crash, and whatever it accepts
 * must format back to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_day day;
    if (co_date_parse((const char *)data, size, &day) == CO_OK) {
        char text[11];
        if (co_date_format(day, text) != CO_OK || memcmp(text, data, 10) != 0)
            abort();
    }
    return 0;
}
