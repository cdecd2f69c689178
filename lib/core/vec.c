/* Growable arrays and byte buffers. Growth doubles the capacity so appends
 * are amortised O(1); every failure leaves the container as it was. */
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "vec_internal.h"

int co__vec_reserve(co_vec *v, size_t elem_size, size_t min_cap)
{
    if (min_cap <= v->cap)
        return CO_OK;
    size_t cap = v->cap ? v->cap : 8;
    while (cap < min_cap)
        cap = cap > (size_t)-1 / 2 ? min_cap : cap * 2;
    size_t bytes;
    if (!co__mul_fits(cap, elem_size, &bytes))
        return co__fail(CO_EOVERFLOW, "array of %zu elements of %zu bytes is too large", cap,
                        elem_size);
    void *data = co__realloc(v->data, bytes);
    if (!data)
        return co__fail_nomem();
    v->data = data;
    v->cap = cap;
    return CO_OK;
}

int co__vec_grow(co_vec *v, size_t elem_size, size_t count, void **out)
{
    if (count > (size_t)-1 - v->len)
        return co__fail(CO_EOVERFLOW, "array length overflows");
    int rc = co__vec_reserve(v, elem_size, v->len + count);
    if (rc < 0)
        return rc;
    *out = (char *)v->data + v->len * elem_size;
    v->len += count;
    return CO_OK;
}

int co__vec_push(co_vec *v, size_t elem_size, const void *elem)
{
    void *slot = NULL;
    int rc = co__vec_grow(v, elem_size, 1, &slot);
    if (rc < 0)
        return rc;
    memcpy(slot, elem, elem_size);
    return CO_OK;
}

void co__vec_free(co_vec *v)
{
    co__free(v->data);
    *v = (co_vec){0};
}

static int buf_reserve(co_buf *b, size_t extra)
{
    if (extra >= (size_t)-1 - b->len)
        return co__fail(CO_EOVERFLOW, "string too long");
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return CO_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *data = co__realloc(b->data, cap);
    if (!data)
        return co__fail_nomem();
    b->data = data;
    b->cap = cap;
    return CO_OK;
}

int co__buf_append(co_buf *b, const char *bytes, size_t len)
{
    int rc = buf_reserve(b, len);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
    return CO_OK;
}

int co__buf_puts(co_buf *b, const char *s) { return co__buf_append(b, s, strlen(s)); }

int co__buf_vprintf(co_buf *b, const char *fmt, va_list ap)
{
    va_list probe;
    va_copy(probe, ap);
    int need = vsnprintf(NULL, 0, fmt, probe);
    va_end(probe);
    if (need < 0)
        return co__fail(CO_EINVAL, "bad format string");
    int rc = buf_reserve(b, (size_t)need);
    if (rc < 0)
        return rc;
    vsnprintf(b->data + b->len, (size_t)need + 1, fmt, ap);
    b->len += (size_t)need;
    return CO_OK;
}

int co__buf_printf(co_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = co__buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int co__buf_detach(co_buf *b, char **out)
{
    int rc = buf_reserve(b, 0);
    if (rc < 0)
        return rc;
    b->data[b->len] = '\0';
    *out = b->data;
    *b = (co_buf){0};
    return CO_OK;
}

void co__buf_free(co_buf *b)
{
    co__free(b->data);
    *b = (co_buf){0};
}
