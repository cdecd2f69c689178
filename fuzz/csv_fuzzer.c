/* Fuzz target: the CSV importer. The first byte picks the record kind and
 * the mode; the rest is the file. It must never crash, a failed strict
 * import must leave the store exactly as it was, and a lenient import may
 * only fail for syntax it cannot recover from. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    co_store *s = NULL;
    if (co_store_new(&s) != CO_OK)
        abort();
    /* A few customers for events to refer to. */
    static const char *const ids[] = {"a", "b", "c1"};
    for (size_t i = 0; i < 3; i++) {
        co_customer_input c = {.size = sizeof c, .id = ids[i], .signup = 19000};
        if (co_store_add_customer(s, &c, NULL) != CO_OK)
            abort();
    }
    co_record_kind kind = (co_record_kind)(data[0] % 4);
    co_csv_options opts;
    co_csv_options_init(&opts, sizeof opts);
    opts.lenient = (data[0] >> 2) & 1;
    store_mark before = co__store_mark_now(s);
    co_csv_result result = {sizeof result, 0, 0};
    int rc = co_store_import_csv_text(s, kind, (const char *)data + 1, size - 1, "fuzz.csv", &opts,
                                      &result);
    store_mark after = co__store_mark_now(s);
    if (rc != CO_OK) {
        if (memcmp(&before, &after, sizeof before) != 0)
            abort(); /* a failed import changed the store */
        if (rc != CO_EPARSE && rc != CO_ERANGE && rc != CO_ENOTFOUND && rc != CO_EEXIST)
            abort();
    } else if (co_store_count(s, kind) != (kind == CO_RECORD_CUSTOMERS ? 3 : 0) + result.imported) {
        abort();
    }
    co_store_free(s);
    return 0;
}
