/**
 * @file custorient/csv.h
 * @brief CSV import and export of the store's four record kinds.
 *
 * Files follow RFC 4180: comma-separated fields, optionally quoted with '"'
 * (a quote inside a quoted field is doubled; quoted fields may hold commas
 * and line breaks), records ending in CRLF or LF. A UTF-8 byte-order mark and
 * blank lines are skipped. The first record names the columns, in any
 * order; unknown columns are ignored. Text must be valid UTF-8 and no field
 * may exceed CO_STORE_FIELD_MAX bytes. docs/data-format.md lists the columns.
 *
 * Errors name the place: co_errmsg() is "path:line:column: what" with the
 * 1-based physical line and byte column where the offending field starts;
 * co_errpath(), co_errline() and co_errcolumn() give the same place.
 *
 * Thread safety: as for the store (one thread per store at a time).
 */
#ifndef CUSTORIENT_CSV_H
#define CUSTORIENT_CSV_H

#include "custorient/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Called in lenient mode for each row that was skipped: its first line,
 *  the status it failed with, and the message ("path:line:column: what").
 *  During the call co_errpath(), co_errline() and co_errcolumn() locate the
 *  failure (its line may follow the first when a quoted field spans lines). */
typedef void (*co_csv_skip_fn)(void *ctx, size_t line, int status, const char *message);

/** Options of co_store_import_csv() and co_store_export_csv_opts(). Initialise
 *  with co_csv_options_init(). Each function reads the fields that concern it.
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_csv_options {
    size_t size;            /**< sizeof(co_csv_options), set by co_csv_options_init() */
    int lenient;            /**< import. 0 (default): all or nothing. 1: skip bad rows. */
    co_csv_skip_fn on_skip; /**< import, lenient mode: told of each skipped row (may be NULL) */
    void *ctx;              /**< passed to on_skip */
    /** Export. 0 (default): exact, every cell as stored, for programs (the file
     *  imports back to the same records). Nonzero: spreadsheet-safe, for people:
     *  a text cell that starts with '=', '+', '-', '@', TAB or CR, which a
     *  spreadsheet would run as a formula, is written with a single quote `'`
     *  before it (OWASP's advice on CSV injection). Only text columns (ids,
     *  names, e-mail, segment, tags, preferences, feedback text, contact topic)
     *  change: amounts, scores and dates stay numbers, negative ones included.
     *  Such a file no longer imports back exactly (the quote stays). */
    int spreadsheet_safe;
} co_csv_options;

/**
 * Set `opts` to the defaults (strict import: lenient 0, on_skip and ctx NULL; exact
 * export: spreadsheet_safe 0): call as
 * `co_csv_options_init(&opts, sizeof opts)`. `size` is the sizeof(co_csv_options) the
 * caller was compiled with: only the fields within its first `size` bytes are written,
 * never a byte past them (a program built against an older, smaller struct keeps the
 * memory after its struct intact), and `opts->size` becomes `size`. Fields the caller
 * does not have take these defaults when the struct is passed. The caller owns `opts`;
 * nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_csv_options_init(co_csv_options *opts, size_t size);

/**
 * Counts of one import. Sized by the caller: set `size` before the call
 * (`co_csv_result result = {.size = sizeof result};`); the library writes only the
 * fields that fit, so later releases can add counts at the end. A size of 0 or
 * larger than the library's struct is CO_EINVAL.
 */
typedef struct co_csv_result {
    size_t size;     /**< In: sizeof(co_csv_result) as the caller knows it. */
    size_t imported; /**< rows added to the store */
    size_t skipped;  /**< rows skipped (lenient mode only) */
} co_csv_result;

/**
 * Import the CSV file at `path` as records of `kind` into `store`.
 *
 * Strict mode (the default, `opts` NULL): the first bad row fails the whole
 * import and the store is left exactly as before. Lenient mode: rows that
 * fail validation are skipped and reported; malformed CSV syntax (an
 * unterminated quote, a NUL byte...), a bad header, unreadable files and CO_ENOMEM still
 * fail the whole import.
 *
 * Customers: a duplicate id is CO_EEXIST. Events: an unknown customer is
 * CO_ENOTFOUND. Bad dates, numbers and names are CO_EPARSE; values outside
 * their range (negative amount, score off its scale, overlong field) are
 * CO_ERANGE; invalid UTF-8 and a NUL byte in a field are CO_EPARSE at the
 * offending byte.
 * @param[out] out counts (may be NULL, else its `size` set); untouched on failure.
 * @return CO_OK or the first error; CO_EIO when the file cannot be read;
 *         CO_EINVAL for bad options or a bad result size (nothing imported).
 */
CO_API int co_store_import_csv(co_store *store, co_record_kind kind, const char *path,
                               const co_csv_options *opts, co_csv_result *out);

/**
 * Import CSV text held in memory; `source` names it in error messages.
 * Otherwise as co_store_import_csv().
 */
CO_API int co_store_import_csv_text(co_store *store, co_record_kind kind, const char *text,
                                    size_t len, const char *source, const co_csv_options *opts,
                                    co_csv_result *out);

/**
 * Write the records of `kind` to `path` as CSV (LF line ends, fields quoted
 * only when needed, amounts in the shortest form that reads back exactly).
 * A regular file is replaced atomically (temporary file, fsync, rename) and keeps
 * its mode and owner; a link's target is replaced, a device or FIFO written
 * through (docs/reliability.md, "Writing files").
 * Importing it into an empty store (customers first) gives the same records.
 * Cells are written exactly as stored, formulas included: for a file people
 * open in a spreadsheet use co_store_export_csv_opts() with `spreadsheet_safe`.
 * @return CO_OK, CO_EINVAL, CO_EIO or CO_ENOMEM.
 */
CO_API int co_store_export_csv(const co_store *store, co_record_kind kind, const char *path);

/**
 * co_store_export_csv() with options: `opts` NULL, or set up by co_csv_options_init(),
 * is the exact export; `opts->spreadsheet_safe` nonzero neutralises text cells a
 * spreadsheet would run as formulas (see co_csv_options). The import fields are
 * ignored.
 * @return CO_OK, CO_EINVAL (also for a bad `opts->size`, nothing written), CO_EIO or
 *         CO_ENOMEM.
 */
CO_API int co_store_export_csv_opts(const co_store *store, co_record_kind kind, const char *path,
                                    const co_csv_options *opts);

#ifdef __cplusplus
}
#endif

#endif
