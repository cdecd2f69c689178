/* Fuzz target: the model-file reader must never crash or leak, must refuse with a
 * location inside the input, and whatever it accepts must write (as co_model_save()
 * does) and read back to the same model. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "model_file_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        abort();
}

/* Lines of the input, for checking that a refusal points inside it. */
static size_t count_lines(const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    return lines;
}

static void same_model(const co_model_file *a, const co_model_file *b)
{
    co_model_kind kind = co_model_file_kind(a);
    size_t k = co_model_kind_param_count(kind);
    double pa[CO_MODEL_MAX_PARAMS], pb[CO_MODEL_MAX_PARAMS];
    require(co_model_file_kind(b) == kind);
    require(co_model_file_get_params(a, pa, k) == CO_OK &&
            co_model_file_get_params(b, pb, k) == CO_OK);
    require(memcmp(pa, pb, k * sizeof *pa) == 0);
    double va[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS],
        vb[CO_MODEL_MAX_PARAMS * CO_MODEL_MAX_PARAMS];
    int ra = co_model_file_get_variance(a, va, k), rb = co_model_file_get_variance(b, vb, k);
    require(ra == rb && (ra != CO_OK || memcmp(va, vb, k * k * sizeof *va) == 0));
    size_t cols = co_model_file_column_count(a), rows = co_model_file_row_count(a);
    require(co_model_file_column_count(b) == cols && co_model_file_row_count(b) == rows);
    for (size_t c = 0; c < cols; c++) {
        const char *na, *nb;
        const double *xa, *xb;
        require(co_model_file_get_column(a, c, &na, &xa) == CO_OK);
        require(co_model_file_get_column(b, c, &nb, &xb) == CO_OK);
        require(strcmp(na, nb) == 0 && (rows == 0 || memcmp(xa, xb, rows * sizeof *xa) == 0));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_model_file *m = NULL;
    int rc = co_model_parse((const char *)data, size, "fuzz.json", &m);
    if (rc != CO_OK) {
        require(m == NULL);
        require(rc == CO_EPARSE || rc == CO_ECORRUPT || rc == CO_ENOMEM);
        require(co_errline() >= 1 && co_errline() <= count_lines(data, size));
        return 0;
    }
    co_buf text = {0};
    if (co__model_format(m, &text) == CO_OK) {
        co_model_file *again = NULL;
        require(co_model_parse(text.data, text.len, "again.json", &again) == CO_OK);
        same_model(m, again);
        co_model_file_free(again);
    }
    co__buf_free(&text);
    co_model_file_free(m);
    return 0;
}
