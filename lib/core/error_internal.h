/* Recording the detail of a failure for co_errmsg(). */
#ifndef CO_ERROR_INTERNAL_H
#define CO_ERROR_INTERNAL_H

#include "custorient/core.h"

#if defined(__GNUC__)
#define CO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CO_PRINTF(fmt, args)
#endif

/* Record `status` with a printf-style detail for this thread; returns `status`
 * so that callers can write `return co__fail(CO_EINVAL, "...")`. */
int co__fail(int status, const char *fmt, ...) CO_PRINTF(2, 3);

/* Record a parse failure as "source:line:column: detail". */
int co__fail_at(int status, const char *source, size_t line, size_t column,
               const char *fmt, ...) CO_PRINTF(5, 6);

/* Record CO_ENOMEM with a fixed message (never allocates). */
int co__fail_nomem(void);

#endif
