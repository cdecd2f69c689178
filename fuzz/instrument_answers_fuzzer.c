/* Fuzz target: the report program's reader of instrument answers. Any text
 * must parse or fail with a message, never crash; what parses is a matrix of
 * finite answers or NaN, which the instrument then scores or rejects. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../examples/cli/answers.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static co_instrument *inst;
    if (!inst && co_instrument_builtin("customer-orientation", &inst) != CO_OK)
        abort();
    double *m = NULL;
    size_t rows = 0;
    char err[512];
    if (answers_parse((const char *)data, size, "fuzz.csv", inst, &m, &rows, err, sizeof err) < 0) {
        if (m || err[0] == '\0')
            abort();
        return 0;
    }
    size_t items = co_instrument_item_count(inst);
    for (size_t i = 0; i < rows * items; i++)
        if (!isnan(m[i]) && !isfinite(m[i]))
            abort();
    double *scores =
        malloc((rows ? rows : 1) * co_instrument_subscale_count(inst) * sizeof *scores);
    if (scores && rows)
        co_instrument_score(inst, m, rows, scores); /* may reject answers off the scale */
    free(scores);
    free(m);
    return 0;
}
