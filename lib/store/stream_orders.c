/* The per-customer summary of order files read once, in blocks, in any row
 * order. Each customer keeps its first and last order day, the spend on the
 * first day and in total (exact, in millionths) and its order count; the
 * distinct order days behind `frequency` are logged as (customer, day) keys,
 * bucketed by customer at the end and counted there. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "decimal_internal.h"
#include "index_map_internal.h"
#include "store_internal.h"
#include "stream_rows_internal.h"

/* Day numbers of years 1-9999 shifted to 0 .. 2^22 - 1 for the day log. */
#define DAY_BIAS 719162
#define DAY_BITS 22
#define MAX_CUSTOMERS ((size_t)1 << 41)

/* Amounts are kept in millionths; 2^53 of them are exact in a double. */
#define MICRO 1000000
#define EXACT_MICRO ((int64_t)1 << 53)

typedef struct cust_state {
    size_t id;           /* offset of the NUL-terminated id in the pool */
    uint64_t orders;     /* orders on or before the as-of day */
    int64_t total;       /* their amounts, in millionths */
    int64_t first_spend; /* the amounts of the first order day */
    int32_t first, last; /* first and last order day */
    int32_t seed;        /* the day of the first order read: never logged */
} cust_state;

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
    co_vec cust; /* cust_state */
    co_vec pool; /* char: the ids */
    co_index_map by_id;
    co_vec log;       /* uint64_t: (customer << DAY_BITS) | (day + DAY_BIAS) */
    size_t last_cust; /* customer of the previous row, or SIZE_MAX */
    co_day max_day;   /* last order day read */
} orders_acc;

static const char *id_at(const void *ctx, size_t i)
{
    const orders_acc *a = ctx;
    return (const char *)a->pool.data + CO_VEC_AT(&a->cust, cust_state, i).id;
}

static int same_id(const char *p, size_t len, const char *id)
{
    for (size_t i = 0; i < len; i++)
        if (id[i] != p[i] || !id[i])
            return 0;
    return !id[len];
}

static int customer_of(orders_acc *a, const stream_file *f, const co_csv_cell *c, size_t *out)
{
    if (a->last_cust != SIZE_MAX && same_id(c->p, c->len, id_at(a, a->last_cust))) {
        *out = a->last_cust;
        return CO_OK;
    }
    if (!c->len)
        return co__stream_fail(f, c, CO_EPARSE, "empty customer id");
    uint32_t hash = co__hash_text(c->p, c->len);
    size_t i = co__index_map_find_text(&a->by_id, c->p, c->len, hash, id_at, a);
    if (i == SIZE_MAX) {
        i = a->cust.len;
        if (i >= MAX_CUSTOMERS || i >= CO_INDEX_MAP_MAX_INDEX)
            return co__fail(CO_EOVERFLOW, "more than %zu customers", i);
        cust_state s = {.id = a->pool.len};
        char *text;
        int rc = co__index_map_reserve(&a->by_id, i + 1);
        if (rc == CO_OK && (rc = co__vec_reserve(&a->cust, sizeof s, i + 1)) == CO_OK &&
            (rc = co__vec_grow(&a->pool, 1, c->len + 1, (void **)&text)) == CO_OK)
            memcpy(text, c->p, c->len + 1);
        if (rc < 0)
            return rc;
        co__vec_push(&a->cust, sizeof s, &s); /* reserved: cannot fail */
        co__index_map_insert(&a->by_id, hash, i);
    }
    a->last_cust = i;
    *out = i;
    return CO_OK;
}

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

/* Count an order of customer `ci` on `day`. */
static int add_order(orders_acc *a, size_t ci, co_day day, int64_t m)
{
    if (day > a->max_day)
        a->max_day = day;
    if (a->o.as_of != CO_DAY_NONE && day > a->o.as_of)
        return CO_OK;
    cust_state *s = &CO_VEC_AT(&a->cust, cust_state, ci);
    int32_t d = (int32_t)day;
    if (s->orders++ == 0) {
        s->first = s->last = s->seed = d;
        s->total = s->first_spend = m;
        return CO_OK;
    }
    if (__builtin_add_overflow(s->total, m, &s->total)) {
        s->orders--;
        return co__fail(CO_EOVERFLOW, "total spend of customer '%s' overflows 9.2e12",
                        id_at(a, ci));
    }
    if (d != s->first && d != s->last && d != s->seed) {
        /* A day not seen yet, or seen in the middle: counted once at the end. */
        uint64_t key = ((uint64_t)ci << DAY_BITS) | (uint64_t)(d + DAY_BIAS);
        int rc = co__vec_push(&a->log, sizeof key, &key);
        if (rc < 0)
            return rc;
    }
    if (d == s->first) {
        s->first_spend += m; /* no overflow: amounts are >= 0 and the total fits */
    } else if (d < s->first) {
        s->first = d;
        s->first_spend = m;
    }
    if (d > s->last)
        s->last = d;
    return CO_OK;
}

static int read_file(orders_acc *a, const char *path, const char *text, size_t len,
                     const char *source)
{
    stream_file f;
    int rc = co__stream_file_open(&f, path, text, len, source, a->o.block_size, order_columns);
    if (rc < 0)
        return rc;
    a->last_cust = SIZE_MAX;
    for (;;) {
        const co_csv_cell *row;
        if ((rc = co__stream_file_row(&f, &row)) < 0 || !row)
            break;
        const co_csv_cell *id = &row[f.col[0]], *amount_f = &row[f.col[3]];
        size_t ci;
        co_day day;
        int64_t m;
        if ((rc = customer_of(a, &f, &row[f.col[1]], &ci)) < 0 ||
            (rc = co__stream_day(&f, &row[f.col[2]], &day)) < 0 ||
            (rc = parse_amount(&f, amount_f, &m)) < 0)
            break;
        if (!id->len) {
            rc = co__stream_fail(&f, id, CO_EPARSE, "empty order id");
            break;
        }
        if ((rc = add_order(a, ci, day, m)) < 0)
            break;
    }
    co__stream_file_close(&f);
    return rc;
}

static int by_key(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Distinct days in keys[0..n) of one customer, the seed day excluded. */
static size_t distinct_days(uint64_t *k, size_t n)
{
    if (n > 32) {
        qsort(k, n, sizeof *k, by_key);
    } else {
        for (size_t i = 1; i < n; i++) {
            uint64_t v = k[i];
            size_t j = i;
            for (; j > 0 && k[j - 1] > v; j--)
                k[j] = k[j - 1];
            k[j] = v;
        }
    }
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || k[i] != k[i - 1];
    return distinct;
}

/* Distinct order days per customer: bucket the log by customer in place
 * (each key moved to its bucket along a cycle), then count each bucket. */
static int count_days(orders_acc *a, size_t *days)
{
    size_t nc = a->cust.len, n = a->log.len;
    uint64_t *log = a->log.data;
    size_t *off = co__calloc(nc + 1, sizeof *off),
           *pos = co__malloc_array(nc ? nc : 1, sizeof *pos);
    if (!off || !pos) {
        co__free(off);
        co__free(pos);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < n; i++)
        off[(log[i] >> DAY_BITS) + 1]++;
    for (size_t c = 0; c < nc; c++)
        off[c + 1] += off[c];
    memcpy(pos, off, nc * sizeof *pos);
    for (size_t c = 0; c < nc; c++) {
        while (pos[c] < off[c + 1]) {
            uint64_t v = log[pos[c]];
            size_t to = (size_t)(v >> DAY_BITS);
            while (to != c) {
                uint64_t next = log[pos[to]];
                log[pos[to]++] = v;
                v = next;
                to = (size_t)(v >> DAY_BITS);
            }
            log[pos[c]++] = v;
        }
    }
    for (size_t c = 0; c < nc; c++)
        days[c] = 1 + distinct_days(log + off[c], off[c + 1] - off[c]);
    co__free(off);
    co__free(pos);
    return CO_OK;
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

static int make_summary(orders_acc *a, co_stream_summary **out)
{
    size_t nc = a->cust.len, rows = 0;
    const cust_state *cs = a->cust.data;
    for (size_t c = 0; c < nc; c++)
        rows += cs[c].orders > 0;
    co_stream_summary *s = co__calloc(1, sizeof *s);
    size_t *days = co__malloc_array(nc ? nc : 1, sizeof *days);
    size_t *ids = co__malloc_array(nc ? nc : 1, sizeof *ids);
    if (s)
        s->rows = co__summary_alloc(rows);
    if (!s || !s->rows || !days || !ids) {
        co__free(days);
        co__free(ids);
        co_stream_summary_free(s);
        return co__fail_nomem();
    }
    int rc = count_days(a, days);
    if (rc < 0) {
        co__free(days);
        co__free(ids);
        co_stream_summary_free(s);
        return rc;
    }
    co_day as_of = a->o.as_of != CO_DAY_NONE ? a->o.as_of : a->max_day;
    double scale = a->o.unit == CO_UNIT_WEEKS ? 7.0 : 1.0;
    co_summary *r = s->rows;
    size_t k = 0;
    for (size_t c = 0; c < nc; c++) {
        ids[c] = cs[c].id;
        if (!cs[c].orders)
            continue;
        size_t distinct = days[c];
        co_day first = cs[c].first, last = cs[c].last;
        double repeat = from_micro(cs[c].total - cs[c].first_spend);
        r->customer[k] = c;
        r->frequency[k] = (double)(distinct - 1);
        r->recency[k] = (double)(last - first) / scale;
        r->T[k] = (double)(as_of - first) / scale;
        r->monetary_value[k] = distinct > 1 ? repeat / (double)(distinct - 1) : 0.0;
        r->total_spend[k] = from_micro(cs[c].total);
        r->orders[k] = cs[c].orders;
        r->order_count[k] = (double)cs[c].orders;
        r->days_since_last[k] = (double)(as_of - last);
        r->first_order[k] = first;
        r->last_order[k] = last;
        k++;
    }
    co__free(days);
    s->cust_id = ids;
    s->n_customers = nc;
    s->pool = a->pool.data; /* handed over */
    a->pool = (co_vec){0};
    s->as_of = a->max_day == CO_DAY_NONE && a->o.as_of == CO_DAY_NONE ? CO_DAY_NONE : as_of;
    *out = s;
    return CO_OK;
}

static int summarize(const char *const *paths, size_t n_paths, const char *text, size_t len,
                     const char *source, const co_stream_options *opts, co_stream_summary **out)
{
    orders_acc a = {.max_day = CO_DAY_NONE, .last_cust = SIZE_MAX};
    int rc = co__stream_options(opts, &a.o);
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
    co__vec_free(&a.cust);
    co__vec_free(&a.pool);
    co__vec_free(&a.log);
    co__index_map_free(&a.by_id);
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
