/**
 * @file custorient/csv_reader.h
 * @brief Reading any CSV file record by record (RFC 4180, strict).
 *
 * The reader behind the store's CSV import, for files of your own format:
 * comma-separated fields, optionally quoted with '"' (a quote inside a
 * quoted field is doubled; quoted fields may hold commas and line breaks),
 * records ending in CRLF or LF. A UTF-8 byte-order mark at the start and
 * blank lines are skipped. Fields come back as the bytes of the file,
 * unquoted and unescaped, with no encoding check and no trimming.
 *
 * Anything else is an error naming the place: co_errmsg() is
 * "source:line:column: what" with the 1-based physical line and byte column:
 * an unterminated quoted field (at its opening quote), a quote inside an
 * unquoted field, a character after a closing quote, a carriage return
 * without a line feed, a NUL byte anywhere in a field (at the NUL: a field
 * is handed back as a C string, which would end there). The reader stops at
 * the first error.
 *
 * @code
 * co_csv_reader *r;
 * size_t n;
 * if (co_csv_reader_open("answers.csv", &r) < 0) { ... co_errmsg() ... }
 * while ((rc = co_csv_reader_next(r, &n)) == CO_OK && n > 0) {
 *     co_csv_field f;
 *     co_csv_reader_get_field(r, 0, &f);   // f.text, f.len, f.line, f.column
 * }
 * co_csv_reader_free(r);
 * @endcode
 *
 * Thread safety: a reader is used by one thread at a time; distinct readers
 * are independent.
 */
#ifndef CUSTORIENT_CSV_READER_H
#define CUSTORIENT_CSV_READER_H

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A CSV reader over one text (opaque). */
typedef struct co_csv_reader co_csv_reader;

/** One field of the current record.
 *  ABI: frozen: a field is its bytes and their place in the file. */
typedef struct co_csv_field {
    const char *text; /**< unquoted, unescaped, NUL-terminated; borrowed until the next
                           co_csv_reader_next() or co_csv_reader_free() */
    size_t len;       /**< bytes of `text` without the terminating NUL (a field may
                           itself hold NUL bytes) */
    size_t line;      /**< 1-based physical line of the field's first byte */
    size_t column;    /**< 1-based byte column of the field's first byte (its opening
                           quote when quoted) */
} co_csv_field;

/**
 * Read CSV text held in memory.
 * @param text `len` bytes (copied; may be NULL when `len` is 0).
 * @param source name used in error messages (copied); NULL for "<text>".
 * @param[out] out new reader before the first record; caller frees with
 *             co_csv_reader_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL `out` or NULL `text` with `len` > 0; CO_ENOMEM.
 */
CO_API int co_csv_reader_new(const char *text, size_t len, const char *source, co_csv_reader **out);

/**
 * Read the CSV file at `path` (read whole; its path names it in errors).
 * A pipe is read to its end; more than 256 MiB is refused with CO_EIO.
 * @param[out] out new reader before the first record; caller frees with
 *             co_csv_reader_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL argument; CO_EIO when the file cannot
 *         be read (co_errmsg() names it); CO_ENOMEM.
 */
CO_API int co_csv_reader_open(const char *path, co_csv_reader **out);

/**
 * Move to the next record.
 * @param[out] out number of fields of the record (at least 1), or 0 at the
 *             end of the text (and on every call after it).
 * @return CO_OK; CO_EPARSE with "source:line:column: what" for malformed
 *         CSV; CO_ENOMEM; CO_EINVAL for a NULL argument. After a failure the
 *         reader stays at it: each further call returns the same status and
 *         message.
 */
CO_API int co_csv_reader_next(co_csv_reader *reader, size_t *out);

/**
 * Field `index` (0-based) of the current record.
 * @param[out] out the field, borrowed as co_csv_field says; untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL argument; CO_ERANGE for an index >= the
 *         record's field count (the count is 0 before the first record, after
 *         the end and after a failure).
 */
CO_API int co_csv_reader_get_field(const co_csv_reader *reader, size_t index, co_csv_field *out);

/** Free a reader and the text it holds (NULL is a no-op). */
CO_API void co_csv_reader_free(co_csv_reader *reader);

#ifdef __cplusplus
}
#endif

#endif
