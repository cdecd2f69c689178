/* Answers to a survey instrument from a CSV file (RFC 4180, read with
 * co_csv_reader): a header row naming the item ids (in any order; other
 * columns, such as a respondent id, are ignored) and one row per respondent.
 * A missing answer is an empty field or NA; blanks around a field and blank
 * lines are ignored. */
#ifndef CLI_ANSWERS_H
#define CLI_ANSWERS_H

#include <stddef.h>

#include <custorient.h>

/* Parse `len` bytes of CSV text into a respondents x items matrix (row-major,
 * in the instrument's item order, NaN for missing) that the caller frees.
 * Returns 0, or -1 with "source:line:column: what" in `err` (also for out of
 * memory). */
int answers_parse(const char *text, size_t len, const char *source, const co_instrument *inst,
                  double **out, size_t *rows, char *err, size_t err_size);

/* Read and parse a file; as answers_parse(), and -2 when the file cannot be
 * read. Errors name the path. */
int answers_read(const char *path, const co_instrument *inst, double **out, size_t *rows, char *err,
                 size_t err_size);

#endif
