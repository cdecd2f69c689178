/* Growable arrays and byte buffers shared by the modules. */
#ifndef CO_VEC_INTERNAL_H
#define CO_VEC_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "error_internal.h"

/* A growable array of fixed-size elements. Zero-initialise to start empty. */
typedef struct co_vec {
    void *data;
    size_t len; /* elements in use */
    size_t cap; /* elements allocated */
} co_vec;

/* Make room for at least `min_cap` elements; CO_OK, CO_ENOMEM or CO_EOVERFLOW.
 * On failure the vector is unchanged. */
int co__vec_reserve(co_vec *v, size_t elem_size, size_t min_cap);

/* Append one element (copied from `elem`); on failure the vector is unchanged. */
int co__vec_push(co_vec *v, size_t elem_size, const void *elem);

/* Append `count` uninitialised elements and return a pointer to the first in
 * *out; on failure the vector is unchanged. */
int co__vec_grow(co_vec *v, size_t elem_size, size_t count, void **out);

/* Release the storage and reset to empty. */
void co__vec_free(co_vec *v);

/* Typed access: CO_VEC_AT(v, double, i). */
#define CO_VEC_AT(v, type, i) (((type *)(v)->data)[i])

/* A growable NUL-terminated byte string. Zero-initialise to start empty. */
typedef struct co_buf {
    char *data; /* NUL-terminated once anything was appended; may be NULL when empty */
    size_t len;
    size_t cap;
} co_buf;

int co__buf_append(co_buf *b, const char *bytes, size_t len);
int co__buf_puts(co_buf *b, const char *s);
int co__buf_printf(co_buf *b, const char *fmt, ...) CO_PRINTF(2, 3);
int co__buf_vprintf(co_buf *b, const char *fmt, va_list ap);
/* Take ownership of the contents (never NULL on CO_OK; "" when empty). */
int co__buf_detach(co_buf *b, char **out);
void co__buf_free(co_buf *b);

#endif
