/* A strict JSON (RFC 8259) reader into a small tree, and the writer's escapes.
 * Used by the model files (lib/models/model_file.c); no dependency beyond libc. */
#ifndef CO_JSON_INTERNAL_H
#define CO_JSON_INTERNAL_H

#include <stddef.h>

#include "vec_internal.h"

typedef enum co_json_type {
    CO_JSON_NULL,
    CO_JSON_FALSE,
    CO_JSON_TRUE,
    CO_JSON_NUMBER,
    CO_JSON_STRING,
    CO_JSON_ARRAY,
    CO_JSON_OBJECT
} co_json_type;

/* A value and where it starts (1-based line and byte column). Members of an
 * object carry their name in `key`, in document order. */
typedef struct co_json {
    co_json_type type;
    size_t line, column;
    double number;         /* CO_JSON_NUMBER */
    char *string;          /* CO_JSON_STRING: UTF-8, NUL-terminated */
    size_t string_len;     /* (may contain NUL from \u0000) */
    char *key;             /* member name inside an object, else NULL */
    struct co_json *items; /* CO_JSON_ARRAY elements, CO_JSON_OBJECT members */
    size_t n_items;
} co_json;

/* Nesting deeper than this is refused, so a hostile file cannot exhaust the stack. */
#define CO__JSON_MAX_DEPTH 64

/* Parse exactly `len` bytes as one JSON value: no comments, no trailing commas,
 * no NaN or infinity, no duplicate member names, UTF-8 only, numbers that fit a
 * double. On CO_OK *out is a tree the caller frees with co__json_free(); else
 * CO_EPARSE at `source`:line:column (CO_ENOMEM). */
int co__json_parse(const char *text, size_t len, const char *source, co_json **out);
void co__json_free(co_json *value); /* a tree from co__json_parse(); NULL is a no-op */

/* The member `key` of an object, or NULL. */
const co_json *co__json_member(const co_json *object, const char *key);

/* Name of a type for messages ("a number", "an object"...). */
const char *co__json_type_name(co_json_type type);

/* Append `s` (`len` bytes of UTF-8) as a JSON string literal, quotes included. */
int co__json_put_string(co_buf *b, const char *s, size_t len);

#endif
