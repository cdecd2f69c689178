/* Status names and the thread-local detail of the last failure. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"

#define CO_ERRMSG_CAP 512

static _Thread_local char last_message[CO_ERRMSG_CAP];
static _Thread_local int last_status = CO_OK;

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

const char *co_errmsg(void) { return last_message; }

int co_errcode(void) { return last_status; }

static int record(int status, const char *prefix, const char *fmt, va_list ap)
{
    /* Format into a local buffer first: an argument may be co_errmsg() itself
     * (wrapping a lower-level failure's detail). */
    char text[CO_ERRMSG_CAP];
    size_t used = 0;
    if (prefix) {
        used = strlen(prefix);
        if (used >= CO_ERRMSG_CAP)
            used = CO_ERRMSG_CAP - 1;
        memcpy(text, prefix, used);
        text[used] = '\0';
    }
    vsnprintf(text + used, CO_ERRMSG_CAP - used, fmt, ap);
    memcpy(last_message, text, CO_ERRMSG_CAP);
    last_status = status;
    return status;
}

int co__fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, NULL, fmt, ap);
    va_end(ap);
    return status;
}

int co__fail_at(int status, const char *source, size_t line, size_t column,
               const char *fmt, ...)
{
    char prefix[CO_ERRMSG_CAP];
    snprintf(prefix, sizeof prefix, "%s:%zu:%zu: ", source ? source : "<input>",
             line, column);
    va_list ap;
    va_start(ap, fmt);
    record(status, prefix, fmt, ap);
    va_end(ap);
    return status;
}

int co__fail_nomem(void)
{
    static const char text[] = "out of memory";
    memcpy(last_message, text, sizeof text);
    last_status = CO_ENOMEM;
    return CO_ENOMEM;
}
