/* The per-customer summary of order files read once, in blocks, in any row
 * order. Each customer keeps its first order day, the spend on that day and
 * in total (exact, in millionths), its order count and its distinct order
 * days (behind `frequency`) in its slot of the customer table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "csv_plain_internal.h"
#include "decimal_internal.h"
#include "file_internal.h"
#include "memory_hints_internal.h"
#include "store_internal.h"
#include "stream_count_internal.h"
#include "stream_rows_internal.h"

/* Amounts are kept in millionths; 2^53 of them are exact in a double. */
#define MICRO 1000000
#define EXACT_MICRO ((int64_t)1 << 53)

struct co_stream_summary {
    co_summary *rows;
    char *pool; /* the ids, NUL-terminated, at cust_id[i] */
    size_t *cust_id;
    size_t n_customers;
    co_day as_of;
};

static const char *const order_columns[] = {"order_id", "customer_id", "date", "amount", NULL};

typedef struct orders_acc {
    co_stream_options o;
    order_counter counter;
    uint64_t files_read; /* bytes of the files read before the current one */
    co_day max_day;      /* last order day read */
    co_csv_plain plain;  /* rows split straight from the window */
} orders_acc;

/* An amount of the plain form digits[.digits] with at most 13 and 6 digits
 * and at most INT64_MAX millionths, in millionths; 0 for any other text.
 * Inline: it runs once a row. */
static inline __attribute__((always_inline)) int plain_amount(const char *p, size_t len,
                                                              int64_t *out)
{
    static const uint64_t scale[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (len - 4 < 13 && p[len - 3] == '.') { /* cents, the usual form: 1 to 13 digits .dd */
        uint64_t tens = (uint64_t)(unsigned char)p[len - 2] - '0',
                 ones = (uint64_t)(unsigned char)p[len - 1] - '0';
        uint64_t v = 0;
        size_t k = 0;
        for (unsigned digit; k < len - 3 && (digit = (unsigned)(unsigned char)p[k] - '0') <= 9; k++)
            v = v * 10 + digit;
        uint64_t m = (v * 100 + tens * 10 + ones) * 10000; /* digits: below 1e19, no wrap */
        if (k < len - 3 || tens > 9 || ones > 9 || m > INT64_MAX)
            return 0; /* 9.2e12 and more: the general parser refuses it */
        *out = (int64_t)m;
        return 1;
    }
    if (len > 20) /* 13 + 1 + 6 */
        return 0;
    uint64_t v = 0; /* 19 digits at most: no wrap */
    size_t dot = len;
    for (size_t k = 0; k < len; k++) {
        unsigned digit = (unsigned)(unsigned char)p[k] - '0';
        if (digit > 9) {
            if (p[k] != '.' || dot != len)
                return 0;
            dot = k;
            continue;
        }
        v = v * 10 + digit;
    }
    size_t frac = dot < len ? len - dot - 1 : 0;
    if (dot == 0 || dot > 13 || frac > 6 || dot + 1 == len) /* 14 integer digits: refused */
        return 0;
    v *= scale[frac];
    if (v > INT64_MAX) /* 9.2e12 and more: left to the general parser, which refuses it */
        return 0;
    *out = (int64_t)v;
    return 1;
}

/* The amount of field `c` in millionths, with the importer's checks. */
static int parse_amount(const stream_file *f, const co_csv_cell *c, int64_t *out)
{
    if (plain_amount(c->p, c->len, out))
        return CO_OK;
    double v;
    if (co__decimal_parse(c->p, c->len, &v) < 0)
        return co__stream_fail(f, c, CO_EPARSE, "amount '%.40s' is not a number", c->p);
    if (!isfinite(v))
        return co__stream_fail(f, c, CO_ERANGE, "amount '%.40s' is out of range", c->p);
    if (v < 0)
        return co__stream_fail(f, c, CO_ERANGE, "negative amount %s", c->p);
    double m = nearbyint(v * MICRO);
    if (m >= (double)EXACT_MICRO || m / MICRO != v)
        return co__stream_fail(f, c, CO_ERANGE,
                               "amount '%.40s' is not a whole number of millionths below 9e9",
                               c->p);
    *out = (int64_t)m;
    return CO_OK;
}

/* Queue an order of customer p[0..len) for counting. */
static int enqueue(orders_acc *a, const char *p, size_t len, co_day day, int64_t amount)
{
    if (day > a->max_day)
        a->max_day = day;
    return co__order_counter_add(&a->counter, p, len, day, amount);
}

/* Check a row and queue it for counting. */
static int queue_row(orders_acc *a, stream_file *f, const co_csv_cell *row)
{
    const co_csv_cell *id = &row[f->col[0]], *cust = &row[f->col[1]];
    co_day day;
    int64_t amount = 0;
    int rc;
    if (!cust->len)
        return co__stream_fail(f, cust, CO_EPARSE, "empty customer id");
    if ((rc = co__stream_day(f, &row[f->col[2]], &day)) < 0 ||
        (rc = parse_amount(f, &row[f->col[3]], &amount)) < 0)
        return rc;
    if (!id->len)
        return co__stream_fail(f, id, CO_EPARSE, "empty order id");
    return enqueue(a, cust->p, cust->len, day, amount);
}

/* The plain rows at the front of the window, checked by the fast rules (a
 * date of ten characters in the cache, an amount of the plain form) and
 * queued; the first row they do not fit is left for queue_row(). */
static int queue_plain_rows(orders_acc *a, stream_file *f)
{
    co_csv_plain *pl = &a->plain;
    const size_t *col = f->col;
    for (;;) {
        co__csv_plain_split(&f->in, f->width, pl);
        size_t r = 0;
        int rc = CO_OK;
        for (; r < pl->n && rc == CO_OK; r++) {
            const uint32_t *end = pl->end[r];
            size_t from[4], len[4];
            for (int k = 0; k < 4; k++) {
                from[k] = (uint32_t)(end[col[k]] + 1);
                len[k] = end[col[k] + 1] - from[k];
            }
            const char *base = pl->base;
            co_day day;
            int64_t m;
            if (!len[0] || !len[1] || len[2] != 10 ||
                co__day_cache_parse(f->days, base + from[2], 10, &day) < 0 ||
                !plain_amount(base + from[3], len[3], &m))
                break;
            rc = enqueue(a, base + from[1], len[1], day, m);
        }
        co__csv_plain_consume(&f->in, pl, r);
        co__order_counter_note_parsed(&a->counter,
                                      a->files_read + f->in.bytes - (f->in.end - f->in.start));
        if (rc < 0 || r < CO_CSV_PLAIN_ROWS)
            return rc;
    }
}

static int read_file(orders_acc *a, const char *path, const char *text, size_t len,
                     const char *source)
{
    stream_file f;
    int rc = co__stream_file_open(&f, path, text, len, source, a->o.block_size, order_columns);
    if (rc < 0)
        return rc;
    for (;;) {
        const co_csv_cell *row;
        if ((rc = queue_plain_rows(a, &f)) < 0 || (rc = co__stream_file_row(&f, &row)) < 0 ||
            !row || (rc = queue_row(a, &f, row)) < 0)
            break;
    }
    if (rc < 0) { /* the rows before the bad one are counted first: their failure comes first */
        co_failure bad;
        co__failure_save(&bad);
        int counted = co__order_counter_drain(&a->counter);
        rc = counted < 0 ? counted : co__failure_restore(&bad);
    } else {
        rc = co__order_counter_drain(&a->counter);
    }
    a->files_read += f.in.bytes;
    co__stream_file_close(&f);
    return rc;
}

/* Millionths as the nearest double. */
static double from_micro(int64_t m)
{
    if (m <= EXACT_MICRO && m >= -EXACT_MICRO)
        return (double)m / MICRO; /* both exact: one correctly rounded division */
    char text[32];
    int len =
        snprintf(text, sizeof text, "%lld.%06lld", (long long)(m / MICRO), (long long)(m % MICRO));
    double v = 0;
    co__decimal_parse(text, (size_t)len, &v); /* m >= 0 here: amounts are not negative */
    return v;
}

/* Row k of the summary: customer c in slot x. */
static void fill_row(co_summary *r, size_t k, size_t c, const stream_slot *x, co_day as_of,
                     double scale)
{
    size_t distinct = co__stream_days_count(&x->days);
    co_day first = x->first, last = co__stream_days_last(&x->days, x->first);
    double repeat = from_micro(x->total - x->first_spend);
    r->customer[k] = c;
    r->frequency[k] = (double)(distinct - 1);
    r->recency[k] = (double)(last - first) / scale;
    r->T[k] = (double)(as_of - first) / scale;
    r->monetary_value[k] = distinct > 1 ? repeat / (double)(distinct - 1) : 0.0;
    r->total_spend[k] = from_micro(x->total);
    r->orders[k] = x->orders;
    r->order_count[k] = (double)x->orders;
    r->days_since_last[k] = (double)(as_of - last);
    r->first_order[k] = first;
    r->last_order[k] = last;
}

/* The rows and the ids (NUL-terminated, in one block) in customer order,
 * the rows in `spare` (taken over; NULL: none). One pass over the table
 * notes the slot of each customer and settles its days, so that the memory
 * of the spilled day sets is given back before the result's is taken: the
 * result's pages then come from it rather than from fresh memory, which
 * the kernel must zero. The customers are then read in order, each slot
 * fetched 16 customers ahead, and the rows and ids written in order. */
static int fill_summary(order_counter *counter, co_day as_of, double scale, void *spare,
                        co_stream_summary *s)
{
    stream_table *t = &counter->customers;
    size_t nc = t->count, rows = 0, bytes = t->id_bytes + nc; /* the ids and their NULs */
    size_t *slot_of = co__malloc_array(nc ? nc : 1, sizeof *slot_of);
    s->cust_id = co__malloc_array(nc ? nc : 1, sizeof *s->cust_id);
    if (!slot_of || !s->cust_id) {
        co__free(slot_of);
        co__free(spare);
        return co__fail_nomem();
    }
    co__hint_large_block(slot_of, nc * sizeof *slot_of); /* fewer page faults */
    co__hint_large_block(s->cust_id, nc * sizeof *s->cust_id);
    for (size_t i = 0; nc && i <= t->mask; i++) {
        if (i + 16 <= t->mask)
            co__stream_days_prefetch_spill(&t->slots[i + 16].days);
        if (co__stream_slot_used(&t->slots[i])) {
            slot_of[co__order_counter_number(counter, &t->slots[i])] = i;
            rows += t->slots[i].orders > 0;
            co__stream_days_settle(&t->slots[i].days, &t->days);
        }
    }
    co__day_arena_free(&t->days);
    s->pool = co__malloc(bytes + CO_STREAM_INLINE_ID); /* room for a short id's whole key */
    if (s->pool)
        co__hint_large_block(s->pool, bytes);
    else
        co__free(spare);
    if (!s->pool || !(s->rows = co__summary_alloc_in(rows, spare))) {
        co__free(slot_of);
        return co__fail_nomem();
    }
    size_t k = 0, at = 0;
    for (size_t c = 0; c < nc; c++) {
        if (c + 16 < nc)
            CO__PREFETCH(&t->slots[slot_of[c + 16]]);
        const stream_slot *x = &t->slots[slot_of[c]];
        size_t len = co__stream_slot_len(t, x);
        s->cust_id[c] = at;
        if (len <= CO_STREAM_INLINE_ID) /* the key whole: the next ids overwrite its padding */
            memcpy(s->pool + at, x->key, CO_STREAM_INLINE_ID);
        else
            memcpy(s->pool + at, co__stream_slot_id(t, x), len);
        at += len;
        s->pool[at++] = '\0';
        if (x->orders)
            fill_row(s->rows, k++, c, x, as_of, scale);
    }
    s->n_customers = nc;
    co__free(slot_of);
    return CO_OK;
}

/* The summary of the orders counted, its rows in `spare` (as fill_summary()). */
static int make_summary(orders_acc *a, void *spare, co_stream_summary **out)
{
    co_stream_summary *s = co__calloc(1, sizeof *s);
    if (!s) {
        co__free(spare);
        return co__fail_nomem();
    }
    co_day as_of = a->o.as_of != CO_DAY_NONE ? a->o.as_of : a->max_day;
    if (a->o.as_of == CO_DAY_NONE && a->o.as_of_at_least != CO_DAY_NONE &&
        (as_of == CO_DAY_NONE || a->o.as_of_at_least > as_of))
        as_of = a->o.as_of_at_least;
    int rc = fill_summary(&a->counter, as_of, a->o.unit == CO_UNIT_WEEKS ? 7.0 : 1.0, spare, s);
    if (rc < 0) {
        co_stream_summary_free(s);
        return rc;
    }
    s->as_of = as_of;
    *out = s;
    return CO_OK;
}

static int summarize(const char *const *paths, size_t n_paths, const char *text, size_t len,
                     const char *source, const co_stream_options *opts, co_stream_summary **out)
{
    orders_acc a = {.max_day = CO_DAY_NONE};
    int rc = co__stream_options(opts, &a.o);
    if (rc == CO_OK)
        rc = co__order_counter_init(&a.counter, a.o.as_of);
    for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
        if (!paths[i])
            rc = co__fail(CO_EINVAL, "co_stream_summarize_orders: NULL path at index %zu", i);
    uint64_t bytes = paths ? 0 : len;
    for (size_t i = 0; rc == CO_OK && paths && i < n_paths; i++)
        bytes += co__file_size_hint(paths[i]);
    if (rc == CO_OK)
        co__order_counter_expect(&a.counter, bytes);
    if (rc == CO_OK && paths)
        for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
            rc = read_file(&a, paths[i], NULL, 0, NULL);
    else if (rc == CO_OK)
        rc = read_file(&a, NULL, text, len, source ? source : "<text>");
    void *spare = co__order_counter_release_rows(&a.counter);
    if (rc == CO_OK)
        rc = make_summary(&a, spare, out);
    else
        co__free(spare);
    co__order_counter_free(&a.counter);
    return rc;
}

int co_stream_summarize_orders(const char *const *paths, size_t n_paths,
                               const co_stream_options *opts, co_stream_summary **out)
{
    if (!paths || !out || n_paths == 0)
        return co__fail(CO_EINVAL, "co_stream_summarize_orders: NULL argument or no file");
    return summarize(paths, n_paths, NULL, 0, NULL, opts, out);
}

int co_stream_summarize_orders_text(const char *text, size_t len, const char *source,
                                    const co_stream_options *opts, co_stream_summary **out)
{
    if ((!text && len) || !out)
        return co__fail(CO_EINVAL, "co_stream_summarize_orders_text: NULL argument");
    return summarize(NULL, 0, text ? text : "", len, source, opts, out);
}

const co_summary *co_stream_summary_rows(const co_stream_summary *s) { return s ? s->rows : NULL; }

co_day co_stream_summary_as_of(const co_stream_summary *s) { return s ? s->as_of : CO_DAY_NONE; }

size_t co_stream_summary_count(const co_stream_summary *s) { return s ? s->n_customers : 0; }

int co_stream_summary_get_customer(const co_stream_summary *s, size_t index, const char **out)
{
    if (!s || !out)
        return co__fail(CO_EINVAL, "co_stream_summary_get_customer: NULL argument");
    if (index >= s->n_customers)
        return co__fail(CO_ERANGE, "no customer at index %zu (count %zu)", index, s->n_customers);
    *out = s->pool + s->cust_id[index];
    return CO_OK;
}

void co_stream_summary_free(co_stream_summary *s)
{
    if (!s)
        return;
    co_summary_free(s->rows);
    co__free(s->pool);
    co__free(s->cust_id);
    co__free(s);
}
