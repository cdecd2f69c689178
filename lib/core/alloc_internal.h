/* The one allocator every module uses (see co_set_allocator()). */
#ifndef CO_ALLOC_INTERNAL_H
#define CO_ALLOC_INTERNAL_H

#include <stddef.h>

/* Each returns NULL on failure (and for a zero size, a valid unique block). */
void *co__malloc(size_t size);
void *co__calloc(size_t count, size_t size); /* zeroed; NULL on count*size overflow */
void *co__realloc(void *ptr, size_t size);   /* on failure `ptr` stays valid */
void co__free(void *ptr);

/* Allocate `count` elements of `size` bytes, NULL on overflow or failure. */
void *co__malloc_array(size_t count, size_t size);

/* A copy of the first `len` bytes of `s` plus a NUL, or NULL. */
char *co__strndup(const char *s, size_t len);
char *co__strdup(const char *s);

/* 1 and *out = a * b if it fits in size_t, else 0. */
int co__mul_fits(size_t a, size_t b, size_t *out);

#endif
