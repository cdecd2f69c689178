/**
 * @file custorient/core.h
 * @brief Status codes, error detail, version and the allocator hook.
 *
 * Every fallible function of libcustorient returns an `int`: ::CO_OK (0) on
 * success or a negative ::co_status. Results are written through
 * out-parameters, which are left untouched on failure.
 *
 * Thread safety: all functions here may be called from any thread.
 * co_errmsg(), co_errcode() and the location (co_errpath(), co_errline(),
 * co_errcolumn()) are per thread. co_set_allocator() must be called before any
 * other library call and never concurrently with one.
 */
#ifndef CUSTORIENT_CORE_H
#define CUSTORIENT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/export.h"
#include "custorient/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Status codes. Errors are negative so that `rc < 0` tests for failure. */
typedef enum co_status {
    CO_OK = 0,         /**< Success. */
    CO_EINVAL = -1,    /**< An argument is invalid (NULL, NaN, out of domain). */
    CO_ERANGE = -2,    /**< A value is outside its allowed range, or an index past the end. */
    CO_ENOMEM = -3,    /**< Memory could not be allocated. */
    CO_EIO = -4,       /**< A file could not be opened, read or written. */
    CO_EPARSE = -5,    /**< Input text is malformed (see co_errline() for where). */
    CO_ECORRUPT = -6,  /**< A binary file is truncated, damaged or of another version. */
    CO_ENOTFOUND = -7, /**< A looked-up key or name does not exist. */
    CO_EEXIST = -8,    /**< An item with the same key already exists. */
    CO_ENOCONV = -9,   /**< A numerical method did not converge. */
    CO_EOVERFLOW = -10 /**< A count or size would overflow its type. */
} co_status;

/** The most negative status code; codes run from CO_OK down to this value. */
#define CO_STATUS_MIN CO_EOVERFLOW

/**
 * Short English description of a status code, e.g. "parse error".
 * @return a static string (never NULL; "unknown status" for unknown codes).
 */
CO_API const char *co_strerror(int status);

/**
 * Detail of the calling thread's most recent failure, e.g.
 * "orders.csv:17:4: unterminated quoted field".
 *
 * The text stays until the next failure on the same thread; successful calls
 * do not clear it. Before any failure it is the empty string.
 * @return a thread-local string, valid until the next library call on this thread.
 */
CO_API const char *co_errmsg(void);

/**
 * Status code of the calling thread's most recent failure (CO_OK if none).
 */
CO_API int co_errcode(void);

/** Longest path co_errpath() returns, in bytes; a longer one is cut (see there). */
#define CO_ERRPATH_MAX 4095

/**
 * File (or source name) where the calling thread's most recent failure lies,
 * e.g. "orders.csv" for "orders.csv:17:4: unterminated quoted field".
 *
 * Failures in a file or named text (CSV import, instrument and lexicon
 * parsing, opening or reading a file) carry a location; every other failure
 * clears it, so a location never outlives the failure it belongs to. The
 * path is the one co_errmsg() starts with: the name the caller passed, or a
 * placeholder such as "<text>" when none was given. A path longer than
 * CO_ERRPATH_MAX bytes is cut to at most that many, at a UTF-8 character
 * boundary, in co_errmsg() too.
 * @return a thread-local string owned by the library, valid until the next
 *         failure on this thread; NULL when the failure has no location (or
 *         before any failure).
 */
CO_API const char *co_errpath(void);

/**
 * Line (1-based) of the calling thread's most recent failure in the file
 * co_errpath() names; 0 when unknown or when the failure has no location
 * (a file that cannot be opened has a path but no line).
 */
CO_API size_t co_errline(void);

/**
 * Column (1-based, in bytes from the start of the line) of the calling
 * thread's most recent failure; 0 when unknown or without a location.
 */
CO_API size_t co_errcolumn(void);

/** Library version as "MAJOR.MINOR.PATCH" (a static string). */
CO_API const char *co_version(void);

/** Library version as MAJOR * 10000 + MINOR * 100 + PATCH. */
CO_API int co_version_number(void);

/**
 * A custom allocator. `realloc` must behave like C's realloc (NULL pointer
 * allocates; on failure the old block is kept and NULL returned). `free`
 * must accept NULL. `ctx` is passed back to each function untouched.
 * ABI: frozen: C's three allocation functions and a context.
 */
typedef struct co_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} co_allocator;

/**
 * Route every allocation of the library through `alloc` (copied), or back to
 * libc's malloc/realloc/free when `alloc` is NULL.
 *
 * Call it before any other library function: memory allocated by one
 * allocator must be freed by the same one.
 * @return CO_OK, or CO_EINVAL if a function pointer is NULL.
 */
CO_API int co_set_allocator(const co_allocator *alloc);

/** Whole days since 1970-01-01 (negative before). */
typedef int64_t co_day;

/**
 * Parse an ISO date "YYYY-MM-DD" of exactly `len` bytes (years 0001-9999,
 * proleptic Gregorian calendar).
 * @param[out] out day number on success; untouched on failure.
 * @return CO_OK, CO_EINVAL for a NULL argument, CO_EPARSE for bad syntax or an
 *         impossible date such as 2023-02-29.
 */
CO_API int co_date_parse(const char *text, size_t len, co_day *out);

/**
 * Format a day number as "YYYY-MM-DD" into `out` (11 bytes, NUL-terminated).
 * @return CO_OK, or CO_ERANGE if the year falls outside 0001-9999.
 */
CO_API int co_date_format(co_day day, char out[11]);

#ifdef __cplusplus
}
#endif

#endif
