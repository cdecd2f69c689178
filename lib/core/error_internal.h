/* Recording the detail and location of a failure for co_errmsg() and co_errpath(). */
#ifndef CO_ERROR_INTERNAL_H
#define CO_ERROR_INTERNAL_H

#include "custorient/core.h"

#if defined(__GNUC__)
#define CO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CO_PRINTF(fmt, args)
#endif

/* Room for a detail after its location, NUL included. */
#define CO_ERRDETAIL_CAP 512
/* A message: the location "path:line:column: " (two size_t of at most 20
 * digits and four separators) before the detail. */
#define CO_ERRMSG_CAP (CO_ERRPATH_MAX + 44 + CO_ERRDETAIL_CAP)

/* One thread's last failure: status, message and location, always set together. */
typedef struct co_failure {
    int status;
    int located;         /* 0: path, line and column are unknown */
    size_t line, column; /* 1-based; 0 when unknown */
    char path[CO_ERRPATH_MAX + 1];
    char message[CO_ERRMSG_CAP];
} co_failure;

/* Record `status` with a printf-style detail and no location for this
 * thread; returns `status` so that callers can write
 * `return co__fail(CO_EINVAL, "...")`. */
int co__fail(int status, const char *fmt, ...) CO_PRINTF(2, 3);

/* Record `status` at line `line`, column `column` (1-based, 0 when unknown)
 * of `path` (NULL: "<input>"). The message starts with the same location:
 * "path:line:column: detail", "path:line: detail" without a column, "path:
 * detail" without a line. Arguments may point into the previous failure. */
int co__fail_at(int status, const char *path, size_t line, size_t column, const char *fmt, ...)
    CO_PRINTF(5, 6);

/* Record CO_ENOMEM with a fixed message and no location (never allocates). */
int co__fail_nomem(void);

/* Copy this thread's last failure into `out`, to record it again with
 * co__failure_restore() after other work that may fail in between. */
void co__failure_save(co_failure *out);

/* Make `saved` this thread's last failure again; returns its status. */
int co__failure_restore(const co_failure *saved);

#ifdef __clang_analyzer__
/* The static analyzer reads one file at a time and cannot see that these return the status
 * they record; spelled out here, it follows "rc < 0, or the result was written" on every
 * path instead of reporting results read after an impossible non-negative failure. */
#define co__fail(status, ...) (co__fail((status), __VA_ARGS__), (status))
#define co__fail_at(status, ...) (co__fail_at((status), __VA_ARGS__), (status))
#define co__fail_nomem() (co__fail_nomem(), CO_ENOMEM)
#endif

#endif
