/* Memory hints: a hint may make memory faster to fill, never change what it
 * holds. The kernel's view of which pages are mapped (mincore) shows whether
 * co__hint_written_soon() mapped a block ahead of its first write. */
#define _DEFAULT_SOURCE /* mincore, MAP_ANONYMOUS */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memory_hints_internal.h"

/* A fresh anonymous mapping: no page of it is mapped before its first touch. */
static unsigned char *fresh_block(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(p, MAP_FAILED);
    return p;
}

/* How many pages of the block are mapped. */
static size_t mapped_pages(void *p, size_t len)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE), n = len / page;
    unsigned char *in_core = malloc(n);
    cr_assert_not_null(in_core);
    cr_assert_eq(mincore(p, len, in_core), 0);
    size_t mapped = 0;
    for (size_t i = 0; i < n; i++)
        mapped += in_core[i] & 1;
    free(in_core);
    return mapped;
}

/* Whether this kernel maps pages on request (Linux 5.14 and later). */
static int kernel_populates(void)
{
#if defined(MADV_POPULATE_WRITE)
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = fresh_block(page);
    const int ok = madvise(p, page, MADV_POPULATE_WRITE) == 0;
    munmap(p, page);
    return ok;
#else
    return 0;
#endif
}

Test(memory_hints, a_block_written_soon_is_mapped_ahead)
{
    const size_t len = (size_t)1 << 20;
    unsigned char *p = fresh_block(len);
    cr_assert_eq(mapped_pages(p, len), 0);
    co__hint_written_soon(p, len);
    const size_t pages = len / (size_t)sysconf(_SC_PAGESIZE);
    cr_assert_eq(mapped_pages(p, len), kernel_populates() ? pages : 0);
    for (size_t i = 0; i < len; i++) /* mapped as zero pages, as a first touch would be */
        cr_assert_eq(p[i], 0);
    munmap(p, len);
}

Test(memory_hints, small_blocks_are_left_alone)
{
    const size_t len = (size_t)128 << 10;
    unsigned char *p = fresh_block(len);
    co__hint_written_soon(p, len);
    cr_assert_eq(mapped_pages(p, len), 0);
    munmap(p, len);
}

/* A block that starts and ends inside pages: what it and the rest of those
 * pages hold stays as it was. */
Test(memory_hints, hints_keep_what_the_block_and_its_neighbours_hold)
{
    const size_t len = (size_t)2 << 20, page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = fresh_block(len);
    for (size_t i = 0; i < len; i += 7)
        p[i] = (unsigned char)(i * 31 + 1);
    unsigned char *copy = malloc(len);
    cr_assert_not_null(copy);
    memcpy(copy, p, len);
    co__hint_written_soon(p + 100, len - 2 * page);
    co__hint_large_block(p + 100, len - 2 * page);
    cr_assert(memcmp(p, copy, len) == 0);
    free(copy);
    munmap(p, len);
}
