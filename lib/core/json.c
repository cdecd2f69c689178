/* Strict JSON reader (recursive descent, depth-limited) and string escapes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "json_internal.h"
#include "utf8_internal.h"

typedef struct reader {
    const char *p, *end, *line_start;
    size_t line;
    const char *source;
} reader;

static size_t column_of(const reader *r, const char *at)
{
    return (size_t)(at - r->line_start) + 1;
}

static int fail_at(const reader *r, const char *at, const char *what)
{
    return co__fail_at(CO_EPARSE, r->source, r->line, column_of(r, at), "%s", what);
}

static void skip_space(reader *r)
{
    while (r->p < r->end) {
        char c = *r->p;
        if (c == '\n') {
            r->line++;
            r->line_start = r->p + 1;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        r->p++;
    }
}

static int parse_value(reader *r, co_json *out, int depth);
static void clear(co_json *value);

static int literal(reader *r, const char *word, co_json_type type, co_json *out)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail_at(r, r->p, "expected a value");
    r->p += n;
    out->type = type;
    return CO_OK;
}

static int parse_number(reader *r, co_json *out)
{
    const char *s = r->p, *p = s;
    if (p < r->end && *p == '-')
        p++;
    if (p < r->end && *p == '0') {
        p++;
    } else if (p < r->end && *p >= '1' && *p <= '9') {
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    } else {
        return fail_at(r, s, "expected a value");
    }
    if (p < r->end && *p == '.') {
        const char *digits = ++p;
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
        if (p == digits)
            return fail_at(r, p, "expected a digit after the decimal point");
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        const char *digits = p;
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
        if (p == digits)
            return fail_at(r, p, "expected a digit in the exponent");
    }
    double v;
    if (co__decimal_parse(s, (size_t)(p - s), &v) != CO_OK || v - v != 0.0)
        return fail_at(r, s, "number out of the range of a double");
    out->type = CO_JSON_NUMBER;
    out->number = v;
    r->p = p;
    return CO_OK;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16U;
        if (d == 16U)
            return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

static int put_code_point(co_buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return co__buf_append(b, u, n);
}

/* An escape after the backslash at r->p[-1]; appends its bytes. */
static int parse_escape(reader *r, co_buf *b)
{
    const char *at = r->p - 1;
    if (r->p >= r->end)
        return fail_at(r, at, "unterminated string");
    char c = *r->p++;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = c ? strchr(from, c) : NULL;
    if (hit)
        return co__buf_append(b, &to[hit - from], 1);
    unsigned cp;
    if (c != 'u' || r->end - r->p < 4 || !hex4(r->p, &cp))
        return fail_at(r, at, "invalid escape in a string");
    r->p += 4;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail_at(r, at, "unpaired low surrogate in a \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo;
        if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' || !hex4(r->p + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return fail_at(r, at, "unpaired high surrogate in a \\u escape");
        r->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    return put_code_point(b, cp);
}

/* A string starting at the quote r->p; its decoded bytes into *out (NUL-terminated). */
static int parse_string(reader *r, char **out, size_t *out_len)
{
    const char *open = r->p++;
    co_buf b = {0};
    int rc = CO_OK;
    for (;;) {
        const char *run = r->p;
        while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p >= 0x20)
            r->p++;
        if (r->p > run) {
            if (!co__utf8_valid(run, (size_t)(r->p - run))) {
                rc = fail_at(r, run, "invalid UTF-8 in a string");
                break;
            }
            if ((rc = co__buf_append(&b, run, (size_t)(r->p - run))) != CO_OK)
                break;
        }
        if (r->p >= r->end) {
            rc = fail_at(r, open, "unterminated string");
            break;
        }
        char c = *r->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            rc = fail_at(r, r->p - 1, "control character in a string (escape it)");
            break;
        }
        if ((rc = parse_escape(r, &b)) != CO_OK)
            break;
    }
    if (rc == CO_OK) {
        *out_len = b.len;
        rc = co__buf_detach(&b, out);
    }
    co__buf_free(&b);
    return rc;
}

static int by_key_then_position(const void *a, const void *b)
{
    const co_json *x = *(const co_json *const *)a, *y = *(const co_json *const *)b;
    int c = strcmp(x->key, y->key);
    if (c == 0)
        c = x->line != y->line ? (x->line < y->line ? -1 : 1)
                               : (x->column < y->column ? -1 : x->column > y->column);
    return c;
}

/* Sorted, so that an object of many members costs n log n, not n^2. */
static int check_duplicates(const reader *r, const co_json *object)
{
    size_t n = object->n_items;
    if (n < 2)
        return CO_OK;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sized as such */
    const co_json **order = co__malloc_array(n, sizeof *order);
    if (!order)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++)
        order[i] = &object->items[i];
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
    qsort(order, n, sizeof *order, by_key_then_position);
    const co_json *dup = NULL;
    for (size_t i = 1; i < n && !dup; i++)
        if (strcmp(order[i - 1]->key, order[i]->key) == 0)
            dup = order[i];
    int rc = CO_OK;
    if (dup)
        rc = co__fail_at(CO_EPARSE, r->source, dup->line, dup->column,
                         "duplicate member name \"%.64s\"", dup->key);
    co__free(order);
    return rc;
}

/* Items of an array or object, closed by `close`; members when `object`. */
static int parse_items(reader *r, co_json *out, int object, char close, int depth)
{
    co_vec items = {0};
    int rc = CO_OK;
    r->p++;
    skip_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return CO_OK;
    }
    for (;;) {
        co_json item;
        memset(&item, 0, sizeof item);
        skip_space(r);
        if (object) {
            if (r->p >= r->end || *r->p != '"') {
                rc = fail_at(r, r->p, "expected a member name in quotes");
                break;
            }
            size_t len;
            if ((rc = parse_string(r, &item.key, &len)) != CO_OK)
                break;
            if (strlen(item.key) != len)
                rc = fail_at(r, r->p - 1, "NUL in a member name");
            skip_space(r);
            if (rc == CO_OK && (r->p >= r->end || *r->p != ':'))
                rc = fail_at(r, r->p, "expected ':' after a member name");
            if (rc != CO_OK) {
                co__free(item.key);
                break;
            }
            r->p++;
        }
        rc = parse_value(r, &item, depth + 1);
        if (rc == CO_OK)
            rc = co__vec_push(&items, sizeof item, &item);
        if (rc != CO_OK) {
            clear(&item);
            co__free(item.key);
            break;
        }
        skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            break;
        }
        rc = fail_at(r, r->p, object ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
    }
    out->items = items.data;
    out->n_items = items.len;
    if (rc == CO_OK && object)
        rc = check_duplicates(r, out);
    return rc;
}

static int parse_value(reader *r, co_json *out, int depth)
{
    skip_space(r);
    out->line = r->line;
    out->column = column_of(r, r->p);
    if (r->p >= r->end)
        return fail_at(r, r->p, "expected a value, found the end");
    if (depth > CO__JSON_MAX_DEPTH)
        return fail_at(r, r->p, "nested too deeply");
    switch (*r->p) {
    case '{': out->type = CO_JSON_OBJECT; return parse_items(r, out, 1, '}', depth);
    case '[': out->type = CO_JSON_ARRAY; return parse_items(r, out, 0, ']', depth);
    case '"': out->type = CO_JSON_STRING; return parse_string(r, &out->string, &out->string_len);
    case 't': return literal(r, "true", CO_JSON_TRUE, out);
    case 'f': return literal(r, "false", CO_JSON_FALSE, out);
    case 'n': return literal(r, "null", CO_JSON_NULL, out);
    default: return parse_number(r, out);
    }
}

int co__json_parse(const char *text, size_t len, const char *source, co_json **out)
{
    if (!text && len)
        return co__fail(CO_EINVAL, "JSON: text is NULL");
    reader r = {text, text + len, text, 1, source};
    co_json *root = co__calloc(1, sizeof *root);
    if (!root)
        return co__fail_nomem();
    int rc = parse_value(&r, root, 1);
    if (rc == CO_OK) {
        skip_space(&r);
        if (r.p < r.end)
            rc = fail_at(&r, r.p, "unexpected text after the value");
    }
    if (rc != CO_OK) {
        co__json_free(root);
        return rc;
    }
    *out = root;
    return CO_OK;
}

/* Free what a value holds (not the value itself, which may sit in an array). */
static void clear(co_json *value)
{
    for (size_t i = 0; i < value->n_items; i++) {
        clear(&value->items[i]);
        co__free(value->items[i].key);
    }
    co__free(value->items);
    co__free(value->string);
    value->items = NULL;
    value->string = NULL;
    value->n_items = 0;
}

void co__json_free(co_json *value)
{
    if (!value)
        return;
    clear(value);
    co__free(value);
}

const co_json *co__json_member(const co_json *object, const char *key)
{
    if (!object || object->type != CO_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->n_items; i++)
        if (strcmp(object->items[i].key, key) == 0)
            return &object->items[i];
    return NULL;
}

const char *co__json_type_name(co_json_type type)
{
    static const char *const names[] = {"null",     "false",    "true",     "a number",
                                        "a string", "an array", "an object"};
    return (size_t)type < sizeof names / sizeof *names ? names[type] : "a value";
}

int co__json_put_string(co_buf *b, const char *s, size_t len)
{
    int rc = co__buf_append(b, "\"", 1);
    for (size_t i = 0; i < len && rc == CO_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            rc = co__buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            rc = co__buf_printf(b, "\\u%04x", c);
        else
            rc = co__buf_append(b, &s[i], 1);
    }
    return rc == CO_OK ? co__buf_append(b, "\"", 1) : rc;
}
