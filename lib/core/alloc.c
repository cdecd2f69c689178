/* Allocation through a replaceable allocator, so callers can supply their own
 * and tests can make the Nth allocation fail. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

static void *libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void libc_free(void *ctx, void *ptr)
{
    (void)ctx;
    free(ptr);
}

static co_allocator current = {libc_malloc, libc_realloc, libc_free, NULL};

int co_set_allocator(const co_allocator *alloc)
{
    if (!alloc) {
        current = (co_allocator){libc_malloc, libc_realloc, libc_free, NULL};
        return CO_OK;
    }
    if (!alloc->malloc || !alloc->realloc || !alloc->free)
        return co__fail(CO_EINVAL, "co_set_allocator: every function pointer must be set");
    current = *alloc;
    return CO_OK;
}

/* Zero-byte requests become one byte so that NULL always means failure. */
void *co__malloc(size_t size) { return current.malloc(current.ctx, size ? size : 1); }

void *co__realloc(void *ptr, size_t size)
{
    return current.realloc(current.ctx, ptr, size ? size : 1);
}

void co__free(void *ptr)
{
    if (ptr)
        current.free(current.ctx, ptr);
}

int co__mul_fits(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > (size_t)-1 / b)
        return 0;
    *out = a * b;
    return 1;
}

void *co__malloc_array(size_t count, size_t size)
{
    size_t total;
    if (!co__mul_fits(count, size, &total))
        return NULL;
    return co__malloc(total);
}

void *co__calloc(size_t count, size_t size)
{
    size_t total;
    if (!co__mul_fits(count, size, &total))
        return NULL;
    void *p = co__malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

char *co__strndup(const char *s, size_t len)
{
    if (len == (size_t)-1)
        return NULL;
    char *copy = co__malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *co__strdup(const char *s) { return co__strndup(s, strlen(s)); }
