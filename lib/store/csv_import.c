/* CSV import: map the header to the kind's columns, turn each row into one
 * add operation, and either roll everything back at the first bad row
 * (strict) or skip and report bad rows (lenient). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "alloc_internal.h"
#include "csv_parser_internal.h"
#include "custorient/csv.h"
#include "day_cache_internal.h"
#include "decimal_internal.h"
#include "file_internal.h"
#include "memory_hints_internal.h"
#include "sized_internal.h"
#include "store_internal.h"
#include "utf8_internal.h"

#define MAX_COLUMNS 8

/* Required columns of each kind, in the canonical (export) order. */
static const char *const columns[4][MAX_COLUMNS] = {
    {"customer_id", "name", "email", "signup_date", "segment", NULL},
    {"order_id", "customer_id", "date", "amount", NULL},
    {"customer_id", "date", "channel", "kind", "score", "text", NULL},
    {"customer_id", "opened", "resolved", "priority", "topic", NULL},
};

#define PREF_PREFIX "pref."

typedef struct header {
    size_t width;            /* fields per record */
    size_t col[MAX_COLUMNS]; /* field index of each required column */
    size_t tags;             /* field index of `tags`, or SIZE_MAX */
    co_vec prefs;            /* size_t field indices of pref.KEY columns */
    co_vec pref_keys;        /* const char *: their keys (in the header's text) */
} header;

/* Date cache slots: year mod 4, month, day of month. */

typedef struct import_ctx {
    co_store *store;
    co_record_kind kind;
    const char *source;
    header h;
    co_csv_cell *f; /* fields of the current row */
    /* The customer of the last order-like row: files are usually grouped by
     * customer, so most rows repeat it (or name the next customer) and skip
     * the hash lookup. */
    const char *last_id;
    size_t last_cust;
    int grouped;               /* the last lookup needed no hash: expect the same next */
    co_day_slot *days;         /* day numbers of date texts seen (day_cache_internal.h) */
    co_vec tags, keys, values; /* const char *: one customer row's tags and preferences */
} import_ctx;

/* The defaults co_csv_options_init() writes and fields an older caller lacks take. */
static co_csv_options defaults(void)
{
    co_csv_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    return d;
}

int co_csv_options_init(co_csv_options *opts, size_t size)
{
    co_csv_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int fail_field(const import_ctx *c, const co_csv_cell *f, int status, const char *fmt, ...)
    CO_PRINTF(4, 5);

static int fail_field(const import_ctx *c, const co_csv_cell *f, int status, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return co__fail_at(status, c->source, f->line, f->column, "%s", what);
}

static const char *field_key(const void *ctx, size_t i) { return ((const co_csv_cell *)ctx)[i].p; }

/* A column name may appear once (hash index over the names: headers can be
 * wide, one pref.KEY column per preference). */
static int check_unique_columns(const import_ctx *c, const co_csv_cell *f, size_t n)
{
    co_index_map seen = {0};
    int rc = co__index_map_reserve(&seen, n);
    for (size_t i = 0; i < n && rc == CO_OK; i++) {
        uint32_t hash = co__hash_text(f[i].p, f[i].len);
        if (co__index_map_find_text(&seen, f[i].p, f[i].len, hash, field_key, f) != SIZE_MAX)
            rc = fail_field(c, &f[i], CO_EPARSE, "column '%s' appears twice", f[i].p);
        else
            co__index_map_insert(&seen, hash, i);
    }
    co__index_map_free(&seen);
    return rc;
}

static int read_header(import_ctx *c, co_csv_parser *r)
{
    int got, rc = co__csv_next_record(r, &got);
    if (rc < 0)
        return rc;
    if (!got)
        return co__fail_at(CO_EPARSE, c->source, 1, 1, "empty file: a header row is required");
    const co_csv_cell *f = r->cells.data;
    size_t n = r->cells.len;
    header *h = &c->h;
    h->width = n;
    h->tags = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        if (!co__utf8_valid(f[i].p, f[i].len))
            return fail_field(c, &f[i], CO_EPARSE, "invalid UTF-8 in the header");
    if ((rc = check_unique_columns(c, f, n)) < 0)
        return rc;
    for (size_t k = 0; columns[c->kind][k]; k++) {
        h->col[k] = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i].p, columns[c->kind][k]) == 0)
                h->col[k] = i;
        if (h->col[k] == SIZE_MAX)
            return co__fail_at(CO_EPARSE, c->source, f[0].line, 1, "missing required column '%s'",
                               columns[c->kind][k]);
    }
    if (c->kind != CO_RECORD_CUSTOMERS)
        return CO_OK;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(f[i].p, "tags") == 0) {
            h->tags = i;
        } else if (strncmp(f[i].p, PREF_PREFIX, strlen(PREF_PREFIX)) == 0) {
            if (f[i].len == strlen(PREF_PREFIX))
                return fail_field(c, &f[i], CO_EPARSE, "preference column without a key");
            const char *key = f[i].p + strlen(PREF_PREFIX);
            if ((rc = co__vec_push(&h->prefs, sizeof i, &i)) < 0 ||
                (rc = co__vec_push(&h->pref_keys, sizeof key, &key)) < 0)
                return rc;
        }
    }
    return CO_OK;
}

static const co_csv_cell *col(const import_ctx *c, size_t k) { return &c->f[c->h.col[k]]; }

static int parse_day(import_ctx *c, const co_csv_cell *f, co_day *out)
{
    if (co__day_cache_parse(c->days, f->p, f->len, out) < 0)
        return fail_field(c, f, CO_EPARSE, "bad date '%s': expected YYYY-MM-DD", f->p);
    return CO_OK;
}

static int parse_number(const import_ctx *c, const co_csv_cell *f, const char *what, double *out)
{
    if (co__decimal_parse(f->p, f->len, out) < 0)
        return fail_field(c, f, CO_EPARSE, "%s '%.40s' is not a number", what, f->p);
    if (!isfinite(*out))
        return fail_field(c, f, CO_ERANGE, "%s '%.40s' is out of range", what, f->p);
    return CO_OK;
}

/* 1 if the `len` bytes at `p` are the NUL-terminated text `text`. Ids are
 * short: a loop beats a call to memcmp. */
static int same_text(const char *p, size_t len, const char *text)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] != p[i] || !text[i])
            return 0;
    return !text[len];
}

/* The index of customer `f` when it is the previous row's customer or the
 * one after it (orders grouped by customer, in the customers' order), found
 * without the hash index; SIZE_MAX otherwise. */
static size_t nearby_customer(const import_ctx *c, const co_csv_cell *f)
{
    if (!c->last_id)
        return SIZE_MAX;
    if (same_text(f->p, f->len, c->last_id))
        return c->last_cust;
    const co_store *s = c->store;
    size_t next = c->last_cust + 1;
    if (next < s->customers.len && same_text(f->p, f->len, STORE_STR(s, STORE_CUST(s, next)->id)))
        return next;
    return SIZE_MAX;
}

static int find_customer(import_ctx *c, const co_csv_cell *f, size_t *out)
{
    *out = SIZE_MAX;
    if (!f->len) /* what the streaming summary says too */
        return fail_field(c, f, CO_EPARSE, "empty customer id");
    size_t i = nearby_customer(c, f);
    c->grouped = i != SIZE_MAX;
    if (i == SIZE_MAX)
        i = co__store_find_customer(c->store, f->p, f->len);
    *out = i;
    if (i == SIZE_MAX)
        return fail_field(c, f, CO_ENOTFOUND, "unknown customer '%.64s'", f->p);
    c->last_id = f->p; /* NUL-terminated in the buffer, which outlives the import */
    c->last_cust = i;
    return CO_OK;
}

/* Give an add operation's failure the location of field `f`. */
static int locate(const import_ctx *c, const co_csv_cell *f, int rc)
{
    if (rc == CO_ENOMEM || rc == CO_EOVERFLOW)
        return rc;
    char detail[256];
    snprintf(detail, sizeof detail, "%s", co_errmsg());
    return co__fail_at(rc == CO_EINVAL ? CO_EPARSE : rc, c->source, f->line, f->column, "%s",
                       detail);
}

static int split_tags(import_ctx *c, const co_csv_cell *f)
{
    c->tags.len = 0;
    if (!f->len)
        return CO_OK;
    char *p = f->p;
    for (;;) {
        char *semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        if (*p) { /* empty items ("a;;b", a trailing ';') carry no tag */
            int rc = co__vec_push(&c->tags, sizeof p, &p);
            if (rc < 0)
                return rc;
        }
        if (!semi)
            return CO_OK;
        p = semi + 1;
    }
}

static int import_customer(import_ctx *c)
{
    const co_csv_cell *id = col(c, 0);
    co_customer_input cu;
    co_customer_input_init(&cu, sizeof cu);
    cu.id = id->p;
    cu.name = col(c, 1)->p;
    cu.email = col(c, 2)->p;
    cu.segment = col(c, 4)->p;
    int rc = parse_day(c, col(c, 3), &cu.signup);
    if (rc < 0)
        return rc;
    if (!id->len)
        return fail_field(c, id, CO_EPARSE, "empty customer id");
    if (co__store_find_customer(c->store, id->p, id->len) != SIZE_MAX)
        return fail_field(c, id, CO_EEXIST, "duplicate customer id '%.64s'", id->p);
    c->tags.len = c->keys.len = c->values.len = 0;
    if (c->h.tags != SIZE_MAX && (rc = split_tags(c, &c->f[c->h.tags])) < 0)
        return rc;
    for (size_t i = 0; i < c->h.prefs.len; i++) {
        const co_csv_cell *v = &c->f[CO_VEC_AT(&c->h.prefs, size_t, i)];
        if (!v->len) /* an empty cell: no preference */
            continue;
        if ((rc = co__vec_push(&c->keys, sizeof(char *), &CO_VEC_AT(&c->h.pref_keys, char *, i))) <
                0 ||
            (rc = co__vec_push(&c->values, sizeof v->p, &v->p)) < 0)
            return rc;
    }
    cu.tags = c->tags.data;
    cu.n_tags = c->tags.len;
    cu.pref_keys = c->keys.data;
    cu.pref_values = c->values.data;
    cu.n_prefs = c->keys.len;
    rc = co__store_add_customer_valid(c->store, &cu, NULL);
    return rc < 0 ? locate(c, c->h.tags != SIZE_MAX ? &c->f[c->h.tags] : id, rc) : rc;
}

static int import_order(import_ctx *c)
{
    size_t cust;
    co_day day;
    double amount;
    const co_csv_cell *id = col(c, 0), *amount_f = col(c, 3);
    int rc;
    if ((rc = find_customer(c, col(c, 1), &cust)) < 0 || (rc = parse_day(c, col(c, 2), &day)) < 0 ||
        (rc = parse_number(c, amount_f, "amount", &amount)) < 0)
        return rc;
    if (amount < 0)
        return fail_field(c, amount_f, CO_ERANGE, "negative amount %s", amount_f->p);
    if (!id->len)
        return fail_field(c, id, CO_EPARSE, "empty order id");
    rc = co__store_add_order_at(c->store, cust, id->p, id->len, day, amount);
    return rc < 0 ? locate(c, id, rc) : rc;
}

static int import_feedback(import_ctx *c)
{
    size_t cust;
    co_day day;
    double score = NAN;
    const co_csv_cell *channel_f = col(c, 2), *kind_f = col(c, 3), *score_f = col(c, 4);
    int rc;
    if ((rc = find_customer(c, col(c, 0), &cust)) < 0 || (rc = parse_day(c, col(c, 1), &day)) < 0)
        return rc;
    int channel = co__channel_from_name(channel_f->p, channel_f->len);
    if (channel < 0)
        return fail_field(c, channel_f, CO_EPARSE,
                          "unknown channel '%.40s' (survey, review, social, support, direct)",
                          channel_f->p);
    int kind = co__feedback_kind_from_name(kind_f->p, kind_f->len);
    if (kind < 0)
        return fail_field(c, kind_f, CO_EPARSE,
                          "unknown kind '%.40s' (nps, csat, ces, rating, text)", kind_f->p);
    if (kind == CO_FEEDBACK_TEXT) {
        if (score_f->len)
            return fail_field(c, score_f, CO_EPARSE, "text feedback takes no score, got '%.40s'",
                              score_f->p);
    } else if (!score_f->len) {
        return fail_field(c, score_f, CO_EPARSE, "missing %s score", kind_f->p);
    } else if ((rc = parse_number(c, score_f, "score", &score)) < 0) {
        return rc;
    }
    rc = co__store_add_feedback_at(c->store, cust, day, channel, kind, score, col(c, 5)->p,
                                   col(c, 5)->len);
    return rc < 0 ? locate(c, score_f, rc) : rc;
}

static int import_contact(import_ctx *c)
{
    size_t cust;
    co_day opened, resolved = CO_DAY_NONE;
    const co_csv_cell *resolved_f = col(c, 2), *priority_f = col(c, 3);
    int rc;
    if ((rc = find_customer(c, col(c, 0), &cust)) < 0 ||
        (rc = parse_day(c, col(c, 1), &opened)) < 0 ||
        (resolved_f->len && (rc = parse_day(c, resolved_f, &resolved)) < 0))
        return rc;
    int priority = co__priority_from_name(priority_f->p, priority_f->len);
    if (priority < 0)
        return fail_field(c, priority_f, CO_EPARSE,
                          "unknown priority '%.40s' (low, normal, high, urgent)", priority_f->p);
    rc = co__store_add_contact_at(c->store, cust, opened, resolved, priority, col(c, 4)->p,
                                  col(c, 4)->len);
    return rc < 0 ? locate(c, resolved_f, rc) : rc;
}

/* Check the shape and text of one row, then add it. */
static int import_row(import_ctx *c, const co_vec *fields)
{
    c->f = fields->data;
    if (fields->len != c->h.width) {
        return fail_field(c, &c->f[0], CO_EPARSE, "expected %zu fields, found %zu", c->h.width,
                          fields->len);
    }
    /* The fields lie in order in one span of the buffer: when all of it is
     * ASCII (the usual case) no field needs its own UTF-8 check. */
    const co_csv_cell *last = &c->f[fields->len - 1];
    size_t span = (size_t)(last->p + last->len - c->f[0].p);
    int ascii = co__ascii_only(c->f[0].p, span);
    for (size_t i = 0; i < fields->len && !ascii; i++) {
        size_t bad = co__utf8_first_invalid(c->f[i].p, c->f[i].len);
        if (bad != c->f[i].len) {
            co_csv_cell at = c->f[i];
            /* Locate the byte itself when the field has no line break before it. */
            if (!memchr(at.p, '\n', bad))
                at.column += bad;
            return fail_field(c, &at, CO_EPARSE, "invalid UTF-8");
        }
    }
    switch (c->kind) {
    case CO_RECORD_CUSTOMERS: return import_customer(c);
    case CO_RECORD_ORDERS: return import_order(c);
    case CO_RECORD_FEEDBACK: return import_feedback(c);
    case CO_RECORD_CONTACTS: return import_contact(c);
    }
    return CO_EINVAL;
}

static void import_ctx_free(import_ctx *c)
{
    co__vec_free(&c->h.prefs);
    co__vec_free(&c->h.pref_keys);
    co__vec_free(&c->tags);
    co__vec_free(&c->keys);
    co__vec_free(&c->values);
    co__day_cache_free(c->days);
}

/* Ask for the index slots the row in `fields` will look up, so the memory
 * loads overlap with the work on the row before it. */
static void prefetch_row(const import_ctx *c, const co_vec *fields)
{
    if (fields->len != c->h.width)
        return;
    const co_csv_cell *f = fields->data;
    const co_csv_cell *cust = &f[c->h.col[c->kind == CO_RECORD_ORDERS ? 1 : 0]];
    if (!c->grouped)
        co__index_map_prefetch(&c->store->by_id, co__hash_text(cust->p, cust->len));
    if (c->kind == CO_RECORD_ORDERS && c->store->orders_indexed)
        co__index_map_prefetch(&c->store->by_order,
                               co__hash_text(f[c->h.col[0]].p, f[c->h.col[0]].len));
}

static void swap_vec(co_vec *a, co_vec *b)
{
    co_vec t = *a;
    *a = *b;
    *b = t;
}

/* Line feeds in `n` bytes: sixteen bytes at a time where SSE2 is there (one
 * memchr call per line costs more than the counting). */
static size_t count_line_feeds(const char *p, size_t n)
{
    size_t count = 0, i = 0;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (n - i >= 16) {
        /* Up to 255 blocks per byte counter, then sum the counters. */
        __m128i acc = zero;
        size_t blocks = (n - i) / 16 > 255 ? 255 : (n - i) / 16;
        for (size_t b = 0; b < blocks; b++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf));
        }
        __m128i sums = _mm_sad_epu8(acc, zero);
        count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < n; i++)
        count += p[i] == '\n';
    return count;
}

/* Make room for about as many records as the text has lines left, so large
 * imports do not grow and rehash step by step. */
static int reserve_rows(import_ctx *c, const co_csv_parser *r)
{
    size_t rows = 1 + count_line_feeds(r->buf + r->pos, r->len - r->pos);
    co_store *s = c->store;
    static const size_t sizes[4] = {sizeof(cust_rec), sizeof(order_rec), sizeof(feedback_rec),
                                    sizeof(contact_rec)};
    co_vec *vecs[4] = {&s->customers, &s->orders, &s->feedback, &s->contacts};
    co_vec *v = vecs[c->kind];
    if (rows > CO_INDEX_MAP_MAX_INDEX - v->len)
        rows = CO_INDEX_MAP_MAX_INDEX - v->len;
    int rc = co__vec_reserve(v, sizes[c->kind], v->len + rows);
    if (rc == CO_OK)
        co__hint_large_block(v->data, v->cap * sizes[c->kind]);
    if (rc == CO_OK && c->kind == CO_RECORD_CUSTOMERS)
        rc = co__index_map_reserve(&s->by_id, v->len + rows);
    if (rc == CO_OK && c->kind == CO_RECORD_ORDERS && s->orders_indexed)
        rc = co__index_map_reserve(&s->by_order, v->len + rows);
    return rc;
}

/* Rows are read one ahead of the row being added (see prefetch_row). */
static int import_buffer(co_store *s, co_record_kind kind, char *buf, size_t len,
                         const char *source, const co_csv_options *opts, co_csv_result *out)
{
    int lenient = opts->lenient;
    import_ctx c = {.store = s, .kind = kind, .source = source};
    co_csv_parser r;
    co__csv_parser_init(&r, buf, len, source, CO_STORE_FIELD_MAX);
    store_mark mark = co__store_mark_now(s);
    co_csv_result result = {sizeof result, 0, 0};
    co_vec row = {0}; /* fields of the row being added */
    int got = 0, rc = read_header(&c, &r);
    if (rc == CO_OK && !(c.days = co__day_cache_new()))
        rc = co__fail_nomem();
    if (rc == CO_OK)
        rc = reserve_rows(&c, &r);
    if (rc == CO_OK && (rc = co__csv_next_record(&r, &got)) == CO_OK)
        swap_vec(&row, &r.cells);
    while (rc == CO_OK && got) {
        int got_next = 0, rc_next = co__csv_next_record(&r, &got_next);
        co_failure next_error; /* only filled (and read) when rc_next < 0 */
        if (rc_next < 0)
            co__failure_save(&next_error);
        else if (got_next)
            prefetch_row(&c, &r.cells);
        rc = import_row(&c, &row);
        if (rc == CO_OK) {
            result.imported++;
        } else if (lenient && rc != CO_ENOMEM && rc != CO_EOVERFLOW) {
            result.skipped++;
            if (opts->on_skip)
                opts->on_skip(opts->ctx, ((co_csv_cell *)row.data)[0].line, rc, co_errmsg());
            rc = CO_OK;
        }
        if (rc == CO_OK && rc_next < 0) /* the next row's syntax error comes second */
            rc = co__failure_restore(&next_error);
        swap_vec(&row, &r.cells);
        got = got_next;
    }
    if (rc < 0)
        co__store_rollback(s, &mark);
    else if (out)
        co__sized_store(out, &result, sizeof result);
    co__vec_free(&row);
    co__csv_parser_free(&r);
    import_ctx_free(&c);
    return rc;
}

/* Check the arguments every import shares and resolve `opts` into `resolved`. */
static int check_args(const co_store *s, co_record_kind kind, const co_csv_options *opts,
                      const co_csv_result *out, co_csv_options *resolved)
{
    if (!s)
        return co__fail(CO_EINVAL, "CSV import: NULL store");
    if ((int)kind < CO_RECORD_CUSTOMERS || kind > CO_RECORD_CONTACTS)
        return co__fail(CO_EINVAL, "CSV import: unknown record kind %d", (int)kind);
    if (out && co__sized_check(out, sizeof *out, "co_csv_result") < 0)
        return CO_EINVAL;
    *resolved = defaults();
    return co__options_resolve(resolved, sizeof *resolved, opts, "co_csv_options");
}

int co_store_import_csv_text(co_store *s, co_record_kind kind, const char *text, size_t len,
                             const char *source, const co_csv_options *opts, co_csv_result *out)
{
    co_csv_options resolved;
    int rc = check_args(s, kind, opts, out, &resolved);
    if (rc < 0)
        return rc;
    if (!text && len)
        return co__fail(CO_EINVAL, "CSV import: NULL text");
    char *copy = co__malloc(len + 1);
    if (!copy)
        return co__fail_nomem();
    if (len)
        memcpy(copy, text, len);
    rc = import_buffer(s, kind, copy, len, source ? source : "<text>", &resolved, out);
    co__free(copy);
    return rc;
}

int co_store_import_csv(co_store *s, co_record_kind kind, const char *path,
                        const co_csv_options *opts, co_csv_result *out)
{
    co_csv_options resolved;
    int rc = check_args(s, kind, opts, out, &resolved);
    if (rc < 0)
        return rc;
    if (!path)
        return co__fail(CO_EINVAL, "CSV import: NULL path");
    char *buf;
    size_t len;
    if ((rc = co__read_whole_file(path, 1, CO__LIMIT_CSV, &buf, &len)) < 0)
        return rc;
    rc = import_buffer(s, kind, buf, len, path, &resolved, out);
    co__free(buf);
    return rc;
}
