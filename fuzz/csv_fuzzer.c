/* Fuzz target: the CSV importer and exporter. The first byte picks the
 * record kind and the mode; the rest is the file. It must never crash, a
 * failed strict import must leave the store exactly as it was, and a lenient
 * import may only fail for syntax it cannot recover from. What was imported
 * is exported in the exact and the spreadsheet-safe mode: field by field the
 * two agree, except that the safe one puts a ' before each text cell starting
 * with = + - @ TAB or CR, and none of its text cells starts with one; numbers
 * (amount, score) are the same in both. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"
#include "store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int formula_start(const char *s) { return *s && strchr("=+-@\t\r", *s) != NULL; }

/* Exports go to memory-backed /dev/shm where there is one: the atomic write's
 * fsync on a disk would make the export cost a hundred imports. */
static char dir[] = "/dev/shm/co_csv_fuzz_XXXXXX";

static void remove_dir(void) { rmdir(dir); }

/* Export `kind` in one mode and read the file back as text. */
static char *export_text(const co_store *s, co_record_kind kind, int safe, size_t *len)
{
    static int made;
    if (!made) {
        if (!mkdtemp(dir)) {
            memcpy(dir, "/tmp/co_csv_fuzz_XXXXXX", sizeof "/tmp/co_csv_fuzz_XXXXXX");
            if (!mkdtemp(dir))
                abort();
        }
        atexit(remove_dir);
        made = 1;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    co_csv_options o;
    co_csv_options_init(&o, sizeof o);
    o.spreadsheet_safe = safe;
    if (co_store_export_csv_opts(s, kind, path, &o) != CO_OK)
        return NULL; /* a day outside 0001-9999 cannot be written */
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    unlink(path);
    *len = (size_t)n;
    return text;
}

static void check_exports(const co_store *s, co_record_kind kind)
{
    size_t la = 0, lb = 0;
    char *exact = export_text(s, kind, 0, &la);
    if (!exact)
        return;
    char *safe = export_text(s, kind, 1, &lb);
    co_csv_reader *a = NULL, *b = NULL;
    if (!safe || co_csv_reader_new(exact, la, "exact", &a) != CO_OK ||
        co_csv_reader_new(safe, lb, "safe", &b) != CO_OK)
        abort();
    size_t na, nb;
    /* Amounts and scores are numbers, written alike in both modes ("-0" too). */
    unsigned char numeric[64] = {0};
    for (int header = 1;; header = 0) {
        if (co_csv_reader_next(a, &na) != CO_OK || co_csv_reader_next(b, &nb) != CO_OK || na != nb)
            abort();
        if (na == 0)
            break;
        for (size_t i = 0; i < na; i++) {
            co_csv_field fa, fb;
            if (co_csv_reader_get_field(a, i, &fa) != CO_OK ||
                co_csv_reader_get_field(b, i, &fb) != CO_OK)
                abort();
            if (header && i < sizeof numeric)
                numeric[i] = strcmp(fa.text, "amount") == 0 || strcmp(fa.text, "score") == 0;
            if (!header && i < sizeof numeric && numeric[i]) {
                if (fb.len != fa.len || memcmp(fb.text, fa.text, fa.len) != 0)
                    abort(); /* a number changed */
                continue;
            }
            if (formula_start(fb.text))
                abort(); /* a formula left in the safe export */
            int quoted = formula_start(fa.text);
            if (fb.len != fa.len + (size_t)quoted || (quoted && fb.text[0] != '\'') ||
                memcmp(fb.text + quoted, fa.text, fa.len) != 0)
                abort();
        }
    }
    co_csv_reader_free(a);
    co_csv_reader_free(b);
    free(exact);
    free(safe);
}

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
    } else if (result.imported > 0) {
        check_exports(s, kind);
    }
    co_store_free(s);
    return 0;
}
