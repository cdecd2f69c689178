/* Structs that carry their own size, so that they can grow without breaking
 * callers built against an older, smaller version (libgit2 and zstd practice).
 *
 * Each such struct starts with `size_t size`, the sizeof the caller was
 * compiled with. One rule holds for all of them: a size from the size field
 * itself up to the library's sizeof is accepted, and only that many leading
 * bytes are read or written; 0, anything smaller than the size field, or a
 * size larger than the library knows (a caller built against a newer release)
 * is CO_EINVAL. */
#ifndef CO_SIZED_INTERNAL_H
#define CO_SIZED_INTERNAL_H

#include <stddef.h>

/* Check the size a caller stated in `sized` (whose first member is `size_t
 * size`) against the library's `full_size`; `what` names the struct in the
 * message. Returns CO_OK, or CO_EINVAL recorded for co_errmsg(). */
int co__sized_check(const void *sized, size_t full_size, const char *what);

/* The body of every public _init function of an options or input struct:
 * write the first `size` bytes of the library's complete `defaults`
 * (`full_size` bytes) to the caller's `dst` and set dst->size to `size`, so a
 * caller built against an older, smaller struct gets the defaults of the
 * fields it has and nothing past them (a field that straddles `size` gets its
 * leading bytes only, as co__options_resolve() reads them). `what` names the
 * _init function in the message. A NULL `dst`, a size smaller than the size
 * field (0 included) or larger than `full_size` is CO_EINVAL, and nothing is
 * written. */
int co__options_init(void *dst, size_t size, const void *defaults, size_t full_size,
                     const char *what);

/* Resolve an options or input struct: `resolved` holds the library's defaults
 * (the ones its _init function writes) on entry. NULL `given` keeps them; else
 * the caller's first given->size bytes replace them, so fields added after the
 * caller was built keep their defaults, and resolved->size becomes
 * `full_size`. On CO_EINVAL `resolved` is untouched. */
int co__options_resolve(void *resolved, size_t full_size, const void *given, const char *what);

/* Copy the library's complete result `full` (`full_size` bytes) into the
 * caller's `out`, whose size co__sized_check() accepted: only the bytes the
 * caller has room for are written, and out->size keeps the caller's value. */
void co__sized_store(void *out, const void *full, size_t full_size);

#endif
