/* The one allocator every module uses (see co_set_allocator()). */
#ifndef CO_ALLOC_INTERNAL_H
#define CO_ALLOC_INTERNAL_H

#include <stddef.h>

/* Each returns NULL on failure (and for a zero size, a valid unique block). */
void *co_malloc(size_t size);
void *co_calloc(size_t count, size_t size); /* zeroed; NULL on count*size overflow */
void *co_realloc(void *ptr, size_t size);   /* on failure `ptr` stays valid */
void co_free(void *ptr);

/* Allocate `count` elements of `size` bytes, NULL on overflow or failure. */
void *co_malloc_array(size_t count, size_t size);

/* A copy of the first `len` bytes of `s` plus a NUL, or NULL. */
char *co_strndup(const char *s, size_t len);
char *co_strdup(const char *s);

/* 1 and *out = a * b if it fits in size_t, else 0. */
int co_mul_fits(size_t a, size_t b, size_t *out);

#endif
