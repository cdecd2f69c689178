/* lib/core index hash table: text and numeric keys, growth, clearing, and
 * failures that leave the map as it was. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"
#include "index_map_internal.h"

#define KEYS 1000
static char ids[KEYS][8];

static const char *id_at(const void *ctx, size_t i)
{
    (void)ctx;
    return ids[i];
}

static void fill_ids(void)
{
    for (int i = 0; i < KEYS; i++)
        snprintf(ids[i], sizeof ids[i], "C%04d", i + 1);
}

static size_t find(const co_index_map *m, const char *key)
{
    size_t len = strlen(key);
    return co__index_map_find_text(m, key, len, co__hash_text(key, len), id_at, NULL);
}

Test(index_map, finds_every_text_key_and_nothing_else)
{
    fill_ids();
    co_index_map m = {0};
    cr_assert_eq(find(&m, "C0001"), SIZE_MAX, "an empty map holds nothing");
    cr_assert_eq(co__index_map_reserve(&m, KEYS), CO_OK);
    /* At most half full: the first power of two from 16 with cap / 2 >= 1000. */
    cr_assert_eq(m.cap, 2048);
    for (size_t i = 0; i < KEYS; i++)
        co__index_map_insert(&m, co__hash_text(ids[i], 5), i);
    cr_assert_eq(m.len, KEYS);
    for (size_t i = 0; i < KEYS; i++)
        cr_assert_eq(find(&m, ids[i]), i, "%s", ids[i]);
    cr_assert_eq(find(&m, "C1001"), SIZE_MAX);
    cr_assert_eq(find(&m, "C0000"), SIZE_MAX);
    /* A prefix of a stored key is another key. */
    cr_assert_eq(co__index_map_find_text(&m, "C0001", 4, co__hash_text("C000", 4), id_at, NULL),
                 SIZE_MAX);
    co__index_map_rebuild_text(&m, 10, id_at, NULL);
    cr_assert_eq(m.len, 10);
    cr_assert_eq(find(&m, "C0010"), 9);
    cr_assert_eq(find(&m, "C0011"), SIZE_MAX);
    co__index_map_free(&m);
    cr_assert_eq(m.cap, 0);
}

static int same_double(const void *ctx, size_t index, const void *probe)
{
    return ((const double *)ctx)[index] == *(const double *)probe;
}

Test(index_map, put_numbers_distinct_values_in_order_of_first_sight)
{
    const double values[] = {1.0, 2.0, 1.0, -0.0, 0.0, 2.0, 0.5};
    /* Distinct in order: 1 -> 0, 2 -> 1, -0 (= 0) -> 2, 0.5 -> 3. */
    const size_t want[] = {0, 1, 0, 2, 2, 1, 3};
    double distinct[7];
    size_t n = 0;
    co_index_map m = {0};
    cr_assert_eq(co__hash_doubles(&values[3], 1), co__hash_doubles(&values[4], 1));
    for (size_t i = 0; i < 7; i++) {
        size_t id;
        cr_assert_eq(co__index_map_put(&m, co__hash_doubles(&values[i], 1), n, same_double,
                                       distinct, &values[i], &id),
                     CO_OK);
        cr_assert_eq(id, want[i], "value %zu", i);
        if (id == n)
            distinct[n++] = values[i];
    }
    cr_assert_eq(n, 4);
    cr_assert_eq(m.len, 4);
    size_t cap = m.cap;
    co__index_map_clear(&m);
    cr_assert_eq(m.len, 0);
    cr_assert_eq(m.cap, cap, "clearing keeps the memory");
    cr_assert_eq(co__index_map_find(&m, co__hash_doubles(&values[0], 1), same_double, distinct,
                                    &values[0]),
                 SIZE_MAX);
    co__index_map_free(&m);
}

Test(index_map, failed_growth_leaves_the_map_unchanged)
{
    fill_ids();
    co_index_map m = {0};
    cr_assert_eq(co__index_map_reserve(&m, 3), CO_OK);
    for (size_t i = 0; i < 3; i++)
        co__index_map_insert(&m, co__hash_text(ids[i], 5), i);
    co_index_map before = m;
    co_test_alloc_install(0);
    cr_assert_eq(co__index_map_reserve(&m, 100), CO_ENOMEM);
    co_test_alloc_uninstall();
    cr_assert_eq(memcmp(&m, &before, sizeof m), 0);
    cr_assert_eq(find(&m, "C0003"), 2);
    if (SIZE_MAX > UINT32_MAX) {
        cr_assert_eq(co__index_map_reserve(&m, CO_INDEX_MAP_MAX_INDEX + 2), CO_EOVERFLOW);
        cr_assert_eq(memcmp(&m, &before, sizeof m), 0);
    }
    co__index_map_free(&m);
}
