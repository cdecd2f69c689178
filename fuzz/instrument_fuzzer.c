/* Fuzz target: the instrument definition parser must never crash or leak,
 * and whatever it accepts must be consistent and scorable. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_instrument *inst = NULL;
    if (co_instrument_parse((const char *)data, size, "fuzz", &inst) != CO_OK)
        return 0;
    size_t k = co_instrument_item_count(inst), m = co_instrument_subscale_count(inst);
    int lo, hi;
    co_instrument_scale(inst, &lo, &hi);
    if (k == 0 || lo >= hi)
        abort();
    for (size_t s = 0; s < m; s++) {
        co_instrument_subscale sub;
        if (co_instrument_get_subscale(inst, s, &sub) != CO_OK || sub.n_items == 0)
            abort();
        for (size_t i = 0; i < sub.n_items; i++)
            if (sub.items[i] >= k)
                abort();
    }
    /* One respondent answering the scale minimum everywhere. */
    double *row = malloc(k * sizeof *row), *out = malloc((m ? m : 1) * sizeof *out);
    if (row && out) {
        for (size_t i = 0; i < k; i++)
            row[i] = lo;
        if (co_instrument_score(inst, row, 1, out) != CO_OK)
            abort();
        for (size_t s = 0; s < m; s++)
            if (isnan(out[s]))
                abort();
    }
    free(row);
    free(out);
    co_instrument_free(inst);
    return 0;
}
