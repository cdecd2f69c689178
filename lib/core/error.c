/* Status names and the thread-local detail and location of the last failure. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"

/* Here the functions themselves, not the analyzer's view of them (error_internal.h). */
#undef co__fail
#undef co__fail_at
#undef co__fail_nomem

static _Thread_local co_failure last;

const char *co_strerror(int status)
{
    switch (status) {
    case CO_OK: return "success";
    case CO_EINVAL: return "invalid argument";
    case CO_ERANGE: return "value out of range";
    case CO_ENOMEM: return "out of memory";
    case CO_EIO: return "input/output error";
    case CO_EPARSE: return "parse error";
    case CO_ECORRUPT: return "corrupt or incompatible file";
    case CO_ENOTFOUND: return "not found";
    case CO_EEXIST: return "already exists";
    case CO_ENOCONV: return "did not converge";
    case CO_EOVERFLOW: return "overflow";
    default: return "unknown status";
    }
}

const char *co_errmsg(void) { return last.message; }

int co_errcode(void) { return last.status; }

const char *co_errpath(void) { return last.located ? last.path : NULL; }

size_t co_errline(void) { return last.line; }

size_t co_errcolumn(void) { return last.column; }

/* Bytes of `path` to keep: all of it up to CO_ERRPATH_MAX, else a prefix
 * that does not end inside a UTF-8 character. */
static size_t kept_length(const char *path)
{
    size_t n = 0;
    while (n <= CO_ERRPATH_MAX && path[n])
        n++;
    if (n <= CO_ERRPATH_MAX)
        return n;
    n = CO_ERRPATH_MAX;
    while (n > 0 && ((unsigned char)path[n] & 0xC0) == 0x80) /* path[n] continues a character */
        n--;
    return n;
}

static int record(int status, const char *path, size_t line, size_t column, const char *fmt,
                  va_list ap)
{
    /* Format the detail aside first: an argument may be co_errmsg() itself
     * (wrapping a lower-level failure's detail). */
    char detail[CO_ERRDETAIL_CAP];
    vsnprintf(detail, sizeof detail, fmt, ap);
    last.status = status;
    last.located = path != NULL;
    last.line = path ? line : 0;
    last.column = path && line ? column : 0;
    if (!path) {
        snprintf(last.message, sizeof last.message, "%s", detail);
        last.path[0] = '\0';
        return status;
    }
    size_t n = kept_length(path);
    memmove(last.path, path, n); /* `path` may be co_errpath() itself */
    last.path[n] = '\0';
    if (last.column)
        snprintf(last.message, sizeof last.message, "%s:%zu:%zu: %s", last.path, last.line,
                 last.column, detail);
    else if (last.line)
        snprintf(last.message, sizeof last.message, "%s:%zu: %s", last.path, last.line, detail);
    else
        snprintf(last.message, sizeof last.message, "%s: %s", last.path, detail);
    return status;
}

int co__fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return status;
}

int co__fail_at(int status, const char *path, size_t line, size_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, path ? path : "<input>", line, column, fmt, ap);
    va_end(ap);
    return status;
}

int co__fail_nomem(void)
{
    static const char text[] = "out of memory";
    memcpy(last.message, text, sizeof text);
    last.status = CO_ENOMEM;
    last.located = 0;
    last.line = last.column = 0;
    last.path[0] = '\0';
    return CO_ENOMEM;
}

void co__failure_save(co_failure *out) { *out = last; }

int co__failure_restore(const co_failure *saved)
{
    last = *saved;
    return saved->status;
}
