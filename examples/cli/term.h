/* Text for a terminal. Data (names, ids, file names, values quoted in error
 * messages) may hold bytes a terminal executes: ESC and OSC sequences that
 * retitle or clear it, BEL, CR and BS that overwrite what was printed, C1
 * controls, bidirectional overrides that reorder a line. Everything the
 * program prints as text goes through term_escape(), which shows such a
 * character as a visible escape instead:
 *
 *   C0 controls and DEL        \xHH   (ESC is \x1b, CR \x0d, TAB \x09)
 *   bytes that are not UTF-8   \xHH   (one per byte)
 *   C1 controls U+0080-U+009F  \uHHHH (\u009b)
 *   U+061C, U+200E, U+200F, U+2028, U+2029, U+202A-U+202E, U+2066-U+2069
 *                              \uHHHH (\u202e, the right-to-left override)
 *
 * A backslash in the data is printed as it is. Other text passes unchanged. */
#ifndef CLI_TERM_H
#define CLI_TERM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Escape `s` into `buf` (`size` > 0 bytes, always NUL-terminated). A text too
 * long for `buf` is cut before a whole character or escape, never inside one.
 * Returns the display width of what was written (terminal columns). */
size_t term_escape(const char *s, char *buf, size_t size);

/* Display width of text that needs no escaping (the output of term_escape()):
 * 1 column a character, 2 for East Asian wide ones, 0 for combining marks. */
size_t term_width(const char *s);

/* Write `s` escaped to `out`. */
void term_fputs(const char *s, FILE *out);

/* Write "custorient: " and the formatted message, escaped, and a newline to
 * stderr. The message is escaped as a whole, so every value it quotes is. */
void term_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Write the formatted text, escaped, to `out` (no newline added). */
void term_vprintf(FILE *out, const char *fmt, va_list ap);
void term_printf(FILE *out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
