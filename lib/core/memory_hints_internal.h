/* Hints to the kernel about how a large block of memory will be used: they
 * change how fast it is, never what it holds, and a refused hint is ignored. */
#ifndef CO_MEMORY_HINTS_INTERNAL_H
#define CO_MEMORY_HINTS_INTERNAL_H

#include <stddef.h>

/* Ask the kernel to back a large block (a few MiB or more) with huge pages,
 * so that filling it takes far fewer page faults. */
void co__hint_large_block(void *p, size_t len);

/* A block that is about to be written from end to end: have the kernel map
 * all of its pages in one call (Linux 5.14 and later) instead of one page
 * fault each, about half the cost for memory the process has not touched
 * yet (the allocator's heap gives freshly mapped memory after it has given
 * some back to the system). Blocks under 256 KiB are left alone. */
void co__hint_written_soon(void *p, size_t len);

/* Start loading the cache line at p, to be read (CO__PREFETCH) or written
 * (CO__PREFETCH_WRITE) soon; nothing on a compiler without the builtin. */
#if defined(__GNUC__)
#define CO__PREFETCH(p) __builtin_prefetch(p)
#define CO__PREFETCH_WRITE(p) __builtin_prefetch((p), 1)
#else
#define CO__PREFETCH(p) ((void)(p))
#define CO__PREFETCH_WRITE(p) ((void)(p))
#endif

#endif
