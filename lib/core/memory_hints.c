/* Memory hints (memory_hints_internal.h). */
#define _DEFAULT_SOURCE /* madvise */

#include <stdint.h>
#include <sys/mman.h>

#include "memory_hints_internal.h"

#define PAGE ((uintptr_t)4096)

/* Only whole pages inside the block; a refused hint changes nothing. */
static void advise_pages(void *p, size_t len, int advice)
{
    const uintptr_t from = ((uintptr_t)p + PAGE - 1) & ~(PAGE - 1),
                    to = ((uintptr_t)p + len) & ~(PAGE - 1);
    if (to > from)
        (void)madvise((char *)p + (from - (uintptr_t)p), to - from, advice);
}

void co__hint_large_block(void *p, size_t len)
{
#if defined(MADV_HUGEPAGE)
    /* The pages the block touches, the partial ones at its ends too: the
     * hint only allows huge pages there, and a mapping whose pages differ in
     * it becomes two, which the kernel then cannot grow in place or move
     * (mremap fails, and realloc copies the block). */
    const uintptr_t from = (uintptr_t)p & ~(PAGE - 1),
                    to = ((uintptr_t)p + len + PAGE - 1) & ~(PAGE - 1);
    if (len >= ((size_t)4 << 20))
        (void)madvise((char *)p - ((uintptr_t)p - from), to - from, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

void co__hint_written_soon(void *p, size_t len)
{
#if defined(MADV_POPULATE_WRITE)
    /* pages already mapped cost little: about 10 us per MiB to check */
    if (len >= ((size_t)256 << 10))
        advise_pages(p, len, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)len;
#endif
}
