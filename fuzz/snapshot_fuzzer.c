/* Fuzz target: the snapshot loader must refuse any damaged image with
 * CO_ECORRUPT and never crash. Random bytes rarely pass the checksum, so
 * each input is also loaded with its frame repaired (length and checksum
 * rewritten) to drive the record decoder itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(const uint8_t *data, size_t size)
{
    co_store *s = NULL;
    int rc = co__store_load_image(data, size, "fuzz.snap", &s);
    if (rc != CO_OK) {
        if (rc != CO_ECORRUPT || s != NULL)
            abort();
        return;
    }
    for (int k = 0; k < 4; k++)
        (void)co_store_count(s, (co_record_kind)k);
    co_store_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size);
    if (size < 32)
        return 0;
    uint8_t *fixed = malloc(size);
    if (!fixed)
        return 0;
    memcpy(fixed, data, size);
    uint64_t payload = size - 32, sum;
    for (int i = 0; i < 8; i++)
        fixed[16 + i] = (uint8_t)(payload >> (8 * i));
    sum = co__store_snapshot_checksum(fixed, size - 8);
    for (int i = 0; i < 8; i++)
        fixed[size - 8 + i] = (uint8_t)(sum >> (8 * i));
    load(fixed, size);
    free(fixed);
    return 0;
}
