/* Helpers shared by the store's test suites: the small fixture in
 * tests/data/store/ and a fingerprint to check that a failed call changed
 * nothing. */
#ifndef CO_TEST_STORE_FIXTURE_H
#define CO_TEST_STORE_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "custorient.h"
#include "store_internal.h"

#define STORE_FIXTURE(name) CO_TEST_DATA_DIR "/store/" name

/* File names of the record kinds, in co_record_kind order. */
static const char *const kind_names[4] = {"customers", "orders", "feedback", "contacts"};

/* A new store with the four CSV files of `dir` imported (customers first). */
static inline co_store *import_dir(const char *dir)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    for (int k = 0; k < 4; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s.csv", dir, kind_names[k]);
        cr_assert_eq(co_store_import_csv(s, (co_record_kind)k, path, NULL, NULL), CO_OK, "%s",
                     co_errmsg());
    }
    return s;
}

static inline co_store *fixture_store(void) { return import_dir(CO_TEST_DATA_DIR "/store"); }

/* Tag `j` of customer `index`, which must exist. */
static inline const char *customer_tag(const co_store *s, size_t index, size_t j)
{
    const char *tag = NULL;
    cr_assert_eq(co_store_get_customer_tag(s, index, j, &tag), CO_OK, "%s", co_errmsg());
    return tag;
}

/* Every length inside the store: equal marks mean nothing was added. */
static inline void assert_same_mark(const co_store *s, store_mark before)
{
    store_mark now = co__store_mark_now(s);
    cr_assert_eq(now.pool, before.pool, "text pool changed");
    cr_assert_eq(now.strs, before.strs);
    cr_assert_eq(now.customers, before.customers, "customers changed");
    cr_assert_eq(now.orders, before.orders, "orders changed");
    cr_assert_eq(now.feedback, before.feedback);
    cr_assert_eq(now.contacts, before.contacts);
    /* The indexes still answer for every record. */
    for (size_t i = 0; i < now.customers; i++) {
        co_customer_view c = {.size = sizeof c};
        size_t at;
        cr_assert_eq(co_store_get_customer(s, i, &c), CO_OK);
        cr_assert_eq(co_store_find(s, c.id, &at), CO_OK);
        cr_assert_eq(at, i);
    }
}

/* Whole file as a NUL-terminated string (test helper; uses libc). */
static inline char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

#endif
