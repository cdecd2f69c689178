/* A small streaming JSON writer: keys come out in the order they are written
 * (so the schema's order is the code's order), strings are escaped and made
 * valid UTF-8, and numbers are finite (NaN and infinities become null). */
#ifndef CLI_JSON_H
#define CLI_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH 32

typedef struct json_writer {
    FILE *out;
    int depth;
    int count[JSON_MAX_DEPTH]; /* values written so far at each level */
    int error;                 /* misuse (unbalanced, too deep) or an I/O error */
} json_writer;

void json_init(json_writer *w, FILE *out);

/* `key` names the member inside an object; pass NULL inside an array or at top level. */
void json_object_begin(json_writer *w, const char *key);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w, const char *key);
void json_array_end(json_writer *w);
void json_string(json_writer *w, const char *key, const char *value); /* NULL -> null */
void json_number(json_writer *w, const char *key, double value);
void json_int(json_writer *w, const char *key, long long value);
void json_bool(json_writer *w, const char *key, int value);
void json_null(json_writer *w, const char *key);

/* End the document with a newline; 0 if it was complete and written, -1 otherwise. */
int json_finish(json_writer *w);

/* Write `s` as a quoted, escaped JSON string (invalid UTF-8 becomes U+FFFD). */
void json_write_escaped(FILE *out, const char *s);

/* Shortest decimal text that reads back as `value` (finite values only). */
void json_format_number(double value, char buf[32]);

#endif
