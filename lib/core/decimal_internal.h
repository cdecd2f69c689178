/* Decimal numbers in text files ("-12.5", "3e4"), whatever the C locale. */
#ifndef CO_DECIMAL_INTERNAL_H
#define CO_DECIMAL_INTERNAL_H

#include <stddef.h>

/* Parse exactly `len` bytes as a decimal number; CO_OK or CO_EPARSE (no
 * message). Locale-independent and correctly rounded. */
int co__decimal_parse(const char *p, size_t len, double *out);

/* Shortest text that parses back to exactly `value` (finite), as "%.*g"
 * with '.' as decimal point; returns its length. `out` holds 32 bytes. */
size_t co__decimal_format(double value, char out[32]);

#endif
