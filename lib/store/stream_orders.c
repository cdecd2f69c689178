/* The per-customer summary of order files read once, in blocks, in any row
 * order. Each customer keeps its first order day, the spend on that day and
 * in total (exact, in millionths), its order count and its distinct order
 * days (behind `frequency`) in its slot of the customer table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "decimal_internal.h"
#include "store_internal.h"
#include "stream_rows_internal.h"
#include "stream_table_internal.h"

/* Amounts are kept in millionths; 2^53 of them are exact in a double. */
#define MICRO 1000000
#define EXACT_MICRO ((int64_t)1 << 53)

/* Rows read ahead of the one being counted: their customers' slots are
 * fetched from memory meanwhile. */
#define BATCH 16

struct co_stream_summary {
    co_summary *rows;
    char *pool; /* the ids, NUL-terminated, at cust_id[i] */
    size_t *cust_id;
    size_t n_customers;
    co_day as_of;
};

static const char *const order_columns[] = {"order_id", "customer_id", "date", "amount", NULL};

/* A checked row waiting to be counted. */
typedef struct pending {
    uint32_t hash;
    size_t id, len; /* the customer id in `ids` */
    co_day day;
    int64_t amount; /* millionths */
} pending;

typedef struct orders_acc {
    co_stream_options o;
    stream_table customers;
    co_day max_day; /* last order day read */
    pending batch[BATCH];
    size_t n_batch;
    co_vec ids; /* char: the customer ids of the batch */
} orders_acc;

/* An amount of the plain form digits[.digits] with at most 13 and 6 digits, in
 * millionths; 0 for any other text. */
static int plain_amount(const char *p, size_t len, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0, frac = 0;
    for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
        v = v * 10 + (p[i] - '0');
    if (i == 0 || i > 13)
        return 0;
    if (i < len) {
        if (p[i] != '.' || len - i - 1 > 6 || len - i - 1 == 0)
            return 0;
        for (size_t k = i + 1; k < len; k++, frac++) {
            if (p[k] < '0' || p[k] > '9')
                return 0;
            v = v * 10 + (p[k] - '0');
        }
    }
    for (; frac < 6; frac++)
        v *= 10;
    *out = v;
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

/* Count an order of the customer in slot `s` on `day`. */
static int add_order(orders_acc *a, stream_slot *s, co_day day, int64_t m)
{
    if (a->o.as_of != CO_DAY_NONE && day > a->o.as_of)
        return CO_OK;
    int32_t d = (int32_t)day; /* years 1-9999 */
    if (s->orders == 0) {
        s->orders = 1;
        s->first = d;
        s->total = s->first_spend = m;
        co__stream_days_start(&s->days);
        return CO_OK;
    }
    int64_t total;
    int len = (int)(s->len > 64 ? 64 : s->len);
    if (__builtin_add_overflow(s->total, m, &total))
        return co__fail(CO_EOVERFLOW, "total spend of customer '%.*s' overflows 9.2e12", len,
                        co__stream_slot_id(&a->customers, s));
    if (s->orders == UINT32_MAX)
        return co__fail(CO_EOVERFLOW, "customer '%.*s' has more than %u orders", len,
                        co__stream_slot_id(&a->customers, s), UINT32_MAX);
    if (d == s->first) {
        s->first_spend += m; /* no overflow: amounts are >= 0 and the total fits */
    } else {
        int rc = co__stream_days_add(&s->days, s->first, d);
        if (rc < 0)
            return rc;
        if (d < s->first) {
            s->first = d;
            s->first_spend = m;
        }
    }
    s->total = total;
    s->orders++;
    return CO_OK;
}

/* Count the rows of the batch. */
static int flush(orders_acc *a)
{
    int rc = CO_OK;
    for (size_t i = 0; i < a->n_batch && rc == CO_OK; i++) {
        const pending *p = &a->batch[i];
        stream_slot *s;
        rc = co__stream_table_get(&a->customers, (const char *)a->ids.data + p->id, p->len, p->hash,
                                  &s);
        if (rc == CO_OK)
            rc = add_order(a, s, p->day, p->amount);
    }
    a->n_batch = 0;
    a->ids.len = 0;
    return rc;
}

/* Check a row and queue it for counting. */
static int queue_row(orders_acc *a, stream_file *f, const co_csv_cell *row)
{
    const co_csv_cell *id = &row[f->col[0]], *cust = &row[f->col[1]];
    pending p;
    int rc;
    if (!cust->len)
        return co__stream_fail(f, cust, CO_EPARSE, "empty customer id");
    if ((rc = co__stream_day(f, &row[f->col[2]], &p.day)) < 0 ||
        (rc = parse_amount(f, &row[f->col[3]], &p.amount)) < 0)
        return rc;
    if (!id->len)
        return co__stream_fail(f, id, CO_EPARSE, "empty order id");
    if (p.day > a->max_day)
        a->max_day = p.day;
    char *text; /* zero-padded to the table's inline length */
    size_t room = cust->len < CO_STREAM_INLINE_ID ? CO_STREAM_INLINE_ID : cust->len;
    if ((rc = co__vec_grow(&a->ids, 1, room, (void **)&text)) < 0)
        return rc;
    memset(text, 0, CO_STREAM_INLINE_ID);
    memcpy(text, cust->p, cust->len);
    p.id = a->ids.len - room;
    p.len = cust->len;
    p.hash = co__stream_hash(cust->p, cust->len);
    co__stream_table_prefetch(&a->customers, p.hash);
    a->batch[a->n_batch++] = p;
    return a->n_batch == BATCH ? flush(a) : CO_OK;
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
        if ((rc = co__stream_file_row(&f, &row)) < 0 || !row || (rc = queue_row(a, &f, row)) < 0)
            break;
    }
    if (rc < 0) { /* the rows before the bad one are counted first: their failure comes first */
        co_failure bad;
        co__failure_save(&bad);
        int counted = flush(a);
        rc = counted < 0 ? counted : co__failure_restore(&bad);
    } else {
        rc = flush(a);
    }
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

/* The ids in customer order, NUL-terminated, into one block. */
static int collect_ids(const stream_table *t, stream_slot *const *by_index, co_stream_summary *s)
{
    size_t nc = t->count, bytes = 0;
    for (size_t c = 0; c < nc; c++)
        bytes += by_index[c]->len + 1;
    s->pool = co__malloc(bytes ? bytes : 1);
    s->cust_id = co__malloc_array(nc ? nc : 1, sizeof *s->cust_id);
    if (!s->pool || !s->cust_id)
        return co__fail_nomem();
    size_t at = 0;
    for (size_t c = 0; c < nc; c++) {
        const stream_slot *x = by_index[c];
        s->cust_id[c] = at;
        memcpy(s->pool + at, co__stream_slot_id(t, x), x->len);
        at += x->len;
        s->pool[at++] = '\0';
    }
    s->n_customers = nc;
    return CO_OK;
}

static void fill_rows(const orders_acc *a, stream_slot *const *by_index, co_day as_of,
                      co_summary *r)
{
    double scale = a->o.unit == CO_UNIT_WEEKS ? 7.0 : 1.0;
    size_t k = 0;
    for (size_t c = 0; c < a->customers.count; c++) {
        const stream_slot *x = by_index[c];
        if (!x->orders)
            continue;
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
        k++;
    }
}

static int make_summary(orders_acc *a, co_stream_summary **out)
{
    const stream_table *t = &a->customers;
    size_t nc = t->count, rows = 0;
    stream_slot **by_index = co__malloc_array(nc ? nc : 1, sizeof(stream_slot *));
    co_stream_summary *s = co__calloc(1, sizeof *s);
    int rc = by_index && s ? CO_OK : co__fail_nomem();
    for (size_t i = 0; rc == CO_OK && nc && i <= t->mask; i++)
        if (t->slots[i].len) {
            by_index[t->slots[i].index] = &t->slots[i];
            rows += t->slots[i].orders > 0;
        }
    if (rc == CO_OK && !(s->rows = co__summary_alloc(rows)))
        rc = co__fail_nomem();
    if (rc == CO_OK)
        rc = collect_ids(t, by_index, s);
    if (rc == CO_OK) {
        co_day as_of = a->o.as_of != CO_DAY_NONE ? a->o.as_of : a->max_day;
        if (a->o.as_of == CO_DAY_NONE && a->o.as_of_at_least != CO_DAY_NONE &&
            (as_of == CO_DAY_NONE || a->o.as_of_at_least > as_of))
            as_of = a->o.as_of_at_least;
        fill_rows(a, by_index, as_of, s->rows);
        s->as_of = as_of;
        *out = s;
    } else {
        co_stream_summary_free(s);
    }
    co__free(by_index);
    return rc;
}

static int summarize(const char *const *paths, size_t n_paths, const char *text, size_t len,
                     const char *source, const co_stream_options *opts, co_stream_summary **out)
{
    orders_acc a = {.max_day = CO_DAY_NONE};
    int rc = co__stream_table_init(&a.customers);
    if (rc == CO_OK)
        rc = co__stream_options(opts, &a.o);
    for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
        if (!paths[i])
            rc = co__fail(CO_EINVAL, "co_stream_summarize_orders: NULL path at index %zu", i);
    if (rc == CO_OK && paths)
        for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
            rc = read_file(&a, paths[i], NULL, 0, NULL);
    else if (rc == CO_OK)
        rc = read_file(&a, NULL, text, len, source ? source : "<text>");
    if (rc == CO_OK)
        rc = make_summary(&a, out);
    co__stream_table_free(&a.customers);
    co__vec_free(&a.ids);
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
