/* The instrument definition format, one directive per line:
 *
 *   instrument <title>
 *   scale <min> <max>
 *   min-answered <fraction>
 *   subscale <id> <sum|mean> <title>
 *   item <id> <subscale-id>[,<subscale-id>...] <+|-> <wording>
 *
 * '#' starts a comment line; blank lines are skipped. The last field of a
 * line is its remainder. See docs/feedback-metrics.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "instrument_internal.h"
#include "utf8_internal.h"

typedef struct parser {
    const char *source;
    size_t line;
    const char *text; /* current line, not NUL-terminated */
    size_t len;
    size_t pos;
    co_instrument *inst;
    int have_title, have_scale;
} parser;

static int fail(const parser *p, size_t pos, const char *what, const char *detail)
{
    return co__fail_at(CO_EPARSE, p->source, p->line, pos + 1, "%s%s", what, detail);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

static void skip_space(parser *p)
{
    while (p->pos < p->len && is_space(p->text[p->pos]))
        p->pos++;
}

/* Next whitespace-delimited field; its start in *start, length returned. */
static size_t next_field(parser *p, size_t *start)
{
    skip_space(p);
    *start = p->pos;
    while (p->pos < p->len && !is_space(p->text[p->pos]))
        p->pos++;
    return p->pos - *start;
}

/* The rest of the line without surrounding blanks, copied; CO_EPARSE if empty. */
static int rest_of_line(parser *p, const char *what, char **out)
{
    skip_space(p);
    size_t end = p->len;
    while (end > p->pos && is_space(p->text[end - 1]))
        end--;
    if (end == p->pos)
        return fail(p, p->pos, "missing ", what);
    *out = co__strndup(p->text + p->pos, end - p->pos);
    return *out ? CO_OK : co__fail_nomem();
}

static int field_is(const parser *p, size_t start, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(p->text + start, word, n) == 0;
}

static int check_id(const parser *p, size_t start, size_t n)
{
    if (n == 0)
        return fail(p, start, "missing id", "");
    if (n > CO_INSTRUMENT_MAX_ID)
        return fail(p, start, "id longer than 64 bytes", "");
    for (size_t i = 0; i < n; i++) {
        char c = p->text[start + i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return fail(p, start + i, "ids use only letters, digits, '_' and '-'", "");
    }
    return CO_OK;
}

/* A decimal integer field within +-1000000. */
static int int_field(parser *p, const char *what, int *out)
{
    size_t start, n = next_field(p, &start);
    char buf[16];
    if (n == 0)
        return fail(p, start, "missing ", what);
    if (n >= sizeof buf)
        return fail(p, start, "expected an integer for ", what);
    memcpy(buf, p->text + start, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (*end != '\0' || errno != 0 || v < -1000000 || v > 1000000)
        return fail(p, start, "expected an integer within +-1000000 for ", what);
    *out = (int)v;
    return CO_OK;
}

static int at_line_end(parser *p, const char *directive)
{
    skip_space(p);
    if (p->pos < p->len)
        return fail(p, p->pos, "unexpected text after ", directive);
    return CO_OK;
}

static instrument_subscale *find_subscale(const co_instrument *inst, const char *s, size_t n,
                                          size_t *index)
{
    for (size_t i = 0; i < inst->subscales.len; i++) {
        instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, i);
        if (strlen(sub->id) == n && memcmp(sub->id, s, n) == 0) {
            if (index)
                *index = i;
            return sub;
        }
    }
    return NULL;
}

static int find_item(const co_instrument *inst, const char *s, size_t n)
{
    for (size_t i = 0; i < inst->items.len; i++) {
        const char *id = CO_VEC_AT(&inst->items, instrument_item, i).id;
        if (strlen(id) == n && memcmp(id, s, n) == 0)
            return 1;
    }
    return 0;
}

static int parse_title(parser *p)
{
    if (p->have_title)
        return fail(p, 0, "'instrument' given twice", "");
    int rc = rest_of_line(p, "title", &p->inst->title);
    if (rc == CO_OK)
        p->have_title = 1;
    return rc;
}

static int parse_scale(parser *p)
{
    if (p->have_scale)
        return fail(p, 0, "'scale' given twice", "");
    if (p->inst->items.len > 0)
        return fail(p, 0, "'scale' must come before the items", "");
    int lo, hi, rc;
    size_t at = p->pos;
    if ((rc = int_field(p, "the scale minimum", &lo)) < 0 ||
        (rc = int_field(p, "the scale maximum", &hi)) < 0 || (rc = at_line_end(p, "scale")) < 0)
        return rc;
    if (lo >= hi)
        return fail(p, at + 1, "the scale minimum must be below its maximum", "");
    p->inst->scale_min = lo;
    p->inst->scale_max = hi;
    p->have_scale = 1;
    return CO_OK;
}

static int parse_min_answered(parser *p)
{
    size_t start, n = next_field(p, &start);
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return fail(p, start, "expected a fraction in (0, 1]", "");
    memcpy(buf, p->text + start, n);
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0' || !(v > 0.0 && v <= 1.0))
        return fail(p, start, "expected a fraction in (0, 1]", "");
    int rc = at_line_end(p, "min-answered");
    if (rc == CO_OK)
        p->inst->min_answered = v;
    return rc;
}

static int parse_subscale(parser *p)
{
    co_instrument *inst = p->inst;
    size_t id_at, id_len = next_field(p, &id_at);
    int rc = check_id(p, id_at, id_len);
    if (rc < 0)
        return rc;
    if (find_subscale(inst, p->text + id_at, id_len, NULL))
        return fail(p, id_at, "duplicate subscale id", "");
    if (inst->subscales.len >= CO_INSTRUMENT_MAX_SUBSCALES)
        return fail(p, 0, "more than 1000 subscales", "");
    size_t agg_at, agg_len = next_field(p, &agg_at);
    int mean = field_is(p, agg_at, agg_len, "mean");
    if (!mean && !field_is(p, agg_at, agg_len, "sum"))
        return fail(p, agg_at, "expected 'sum' or 'mean'", "");
    instrument_subscale sub = {NULL, NULL, mean, p->line, {0}};
    if ((rc = rest_of_line(p, "subscale title", &sub.title)) < 0)
        return rc;
    if (!(sub.id = co__strndup(p->text + id_at, id_len)) ||
        co__vec_push(&inst->subscales, sizeof sub, &sub) < 0) {
        co__free(sub.id);
        co__free(sub.title);
        return co__fail_nomem();
    }
    return CO_OK;
}

/* The comma-separated subscale list of an item: checked, and each item index
 * pushed into its subscales only once everything else succeeded. */
static int parse_item(parser *p)
{
    co_instrument *inst = p->inst;
    if (!p->have_scale)
        return fail(p, 0, "'scale' must come before the items", "");
    size_t id_at, id_len = next_field(p, &id_at);
    int rc = check_id(p, id_at, id_len);
    if (rc < 0)
        return rc;
    if (find_item(inst, p->text + id_at, id_len))
        return fail(p, id_at, "duplicate item id", "");
    if (inst->items.len >= CO_INSTRUMENT_MAX_ITEMS)
        return fail(p, 0, "more than 10000 items", "");
    size_t list_at, list_len = next_field(p, &list_at);
    if (list_len == 0)
        return fail(p, list_at, "missing subscale list", "");
    for (size_t s = list_at, end = list_at + list_len; s <= end;) {
        size_t e = s;
        while (e < end && p->text[e] != ',')
            e++;
        if (!find_subscale(inst, p->text + s, e - s, NULL))
            return fail(p, s, "unknown subscale", "");
        for (size_t t = list_at; t < s;) { /* a subscale named twice */
            size_t u = t;
            while (p->text[u] != ',')
                u++;
            if (u - t == e - s && memcmp(p->text + t, p->text + s, e - s) == 0)
                return fail(p, s, "subscale listed twice", "");
            t = u + 1;
        }
        s = e + 1;
    }
    size_t sign_at, sign_len = next_field(p, &sign_at);
    int reversed = field_is(p, sign_at, sign_len, "-");
    if (!reversed && !field_is(p, sign_at, sign_len, "+"))
        return fail(p, sign_at, "expected '+' or '-' (reverse-coded)", "");

    instrument_item item = {NULL, NULL, reversed};
    if ((rc = rest_of_line(p, "item wording", &item.text)) < 0)
        return rc;
    /* Reserve every vector first so that nothing below can fail half-way. */
    size_t index = inst->items.len;
    if (!(item.id = co__strndup(p->text + id_at, id_len)) ||
        co__vec_reserve(&inst->items, sizeof item, index + 1) < 0)
        goto nomem;
    for (size_t s = list_at, end = list_at + list_len; s <= end;) {
        size_t e = s;
        while (e < end && p->text[e] != ',')
            e++;
        instrument_subscale *sub = find_subscale(inst, p->text + s, e - s, NULL);
        if (co__vec_reserve(&sub->items, sizeof(size_t), sub->items.len + 1) < 0)
            goto nomem;
        s = e + 1;
    }
    co__vec_push(&inst->items, sizeof item, &item);
    for (size_t s = list_at, end = list_at + list_len; s <= end;) {
        size_t e = s;
        while (e < end && p->text[e] != ',')
            e++;
        co__vec_push(&find_subscale(inst, p->text + s, e - s, NULL)->items, sizeof index, &index);
        s = e + 1;
    }
    return CO_OK;
nomem:
    co__free(item.id);
    co__free(item.text);
    return co__fail_nomem();
}

static int check_line_bytes(const parser *p)
{
    for (size_t i = 0; i < p->len;) {
        if (p->text[i] == '\0')
            return fail(p, i, "NUL byte in text", "");
        const unsigned char *at = (const unsigned char *)p->text + i;
        size_t n;
        if (co__utf8_decode(at, (const unsigned char *)p->text + p->len, &n) < 0)
            return fail(p, i, "invalid UTF-8", "");
        i += n;
    }
    return CO_OK;
}

static int parse_line(parser *p)
{
    int rc = check_line_bytes(p);
    if (rc < 0)
        return rc;
    p->pos = 0;
    skip_space(p);
    if (p->pos == p->len || p->text[p->pos] == '#')
        return CO_OK;
    size_t start, n = next_field(p, &start);
    if (field_is(p, start, n, "instrument"))
        return parse_title(p);
    if (field_is(p, start, n, "scale"))
        return parse_scale(p);
    if (field_is(p, start, n, "min-answered"))
        return parse_min_answered(p);
    if (field_is(p, start, n, "subscale"))
        return parse_subscale(p);
    if (field_is(p, start, n, "item"))
        return parse_item(p);
    return fail(p, start,
                "unknown directive (expected instrument, scale, min-answered, "
                "subscale or item)",
                "");
}

static int check_complete(parser *p)
{
    co_instrument *inst = p->inst;
    if (!p->have_title)
        return fail(p, 0, "no 'instrument' line", "");
    if (!p->have_scale)
        return fail(p, 0, "no 'scale' line", "");
    if (inst->items.len == 0)
        return fail(p, 0, "no items", "");
    for (size_t i = 0; i < inst->subscales.len; i++) {
        instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, i);
        if (sub->items.len == 0) {
            p->line = sub->line;
            return fail(p, 0, "subscale has no items", "");
        }
    }
    return CO_OK;
}

int co_instrument_parse(const char *text, size_t len, const char *source, co_instrument **out)
{
    if ((!text && len > 0) || !out)
        return co__fail(CO_EINVAL, "co_instrument_parse: NULL argument");
    co_instrument *inst = co__calloc(1, sizeof *inst);
    if (!inst)
        return co__fail_nomem();
    inst->min_answered = 0.5;
    parser p = {source ? source : "<text>", 0, NULL, 0, 0, inst, 0, 0};
    int rc = CO_OK;
    size_t at = 0;
    while (at < len && rc == CO_OK) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        p.line++;
        p.text = text + at;
        p.len = end - at;
        if (p.len > 0 && p.text[p.len - 1] == '\r')
            p.len--;
        rc = parse_line(&p);
        at = end + 1;
    }
    if (rc == CO_OK) {
        p.line = p.line ? p.line : 1;
        rc = check_complete(&p);
    }
    if (rc < 0) {
        co_instrument_free(inst);
        return rc;
    }
    *out = inst;
    return CO_OK;
}

int co_instrument_load(const char *path, co_instrument **out)
{
    if (!path || !out)
        return co__fail(CO_EINVAL, "co_instrument_load: NULL argument");
    char *text = NULL;
    size_t len;
    int rc = co__read_whole_file(path, 0, CO__LIMIT_DEFINITION, &text, &len);
    if (rc == CO_OK)
        rc = co_instrument_parse(text, len, path, out);
    co__free(text);
    return rc;
}
