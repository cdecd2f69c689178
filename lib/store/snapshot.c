/* Snapshots: the store as one binary file (layout in docs/data-format.md).
 *
 *   "CUSTSNAP" | u32 version | u32 zero | u64 payload bytes | payload | u64 checksum
 *
 * Integers are little-endian; strings are u32 length, bytes, NUL. Loading
 * re-adds every record through the store's own checks, so a file that passes
 * the checksum but breaks an invariant is still refused. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "file_internal.h"
#include "store_internal.h"
#include "utf8_internal.h"

#define SNAP_MAGIC "CUSTSNAP"
#define SNAP_VERSION 1u
#define SNAP_HEADER 24u
#define SNAP_TRAILER 8u

/* A word-at-a-time multiplicative checksum: each step (h ^ w) * odd is a
 * bijection of h, so changing any single word always changes the result. */
uint64_t co__store_snapshot_checksum(const unsigned char *p, size_t len)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = 0;
        for (int k = 7; k >= 0; k--)
            w = w << 8 | p[i + (size_t)k];
        h = (h ^ w) * 0x100000001b3u;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    h ^= h >> 32;
    return h * 0xff51afd7ed558ccdu ^ (h >> 29);
}

/* ---- Writing ---- */

typedef struct enc {
    co_buf b;
    int rc;
} enc;

static void put_bytes(enc *e, const void *p, size_t n)
{
    if (e->rc == CO_OK)
        e->rc = co__buf_append(&e->b, p, n);
}

static void put_u64(enc *e, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put_bytes(e, b, 8);
}

static void put_u32(enc *e, uint32_t v)
{
    unsigned char b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put_bytes(e, b, 4);
}

static void put_u8(enc *e, unsigned v)
{
    unsigned char b = (unsigned char)v;
    put_bytes(e, &b, 1);
}

static void put_f64(enc *e, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(e, bits);
}

static void put_str(enc *e, const char *s)
{
    size_t n = strlen(s);
    put_u32(e, (uint32_t)n);
    put_bytes(e, s, n + 1);
}

static void encode(enc *e, const co_store *s)
{
    put_u64(e, s->customers.len);
    for (size_t i = 0; i < s->customers.len; i++) {
        const cust_rec *c = STORE_CUST(s, i);
        put_str(e, STORE_STR(s, c->id));
        put_str(e, STORE_STR(s, c->name));
        put_str(e, STORE_STR(s, c->email));
        put_u64(e, (uint64_t)c->signup);
        put_str(e, STORE_STR(s, c->segment));
        put_u64(e, c->n_tags);
        for (size_t j = 0; j < c->n_tags; j++)
            put_str(e, STORE_STR(s, CO_VEC_AT(&s->strs, size_t, c->tags_at + j)));
        put_u64(e, c->n_prefs);
        for (size_t j = 0; j < 2 * c->n_prefs; j++)
            put_str(e, STORE_STR(s, CO_VEC_AT(&s->strs, size_t, c->prefs_at + j)));
    }
    put_u64(e, s->orders.len);
    for (size_t i = 0; i < s->orders.len; i++) {
        const order_rec *o = &CO_VEC_AT(&s->orders, order_rec, i);
        put_u64(e, o->cust);
        put_u64(e, (uint64_t)o->day);
        put_f64(e, o->amount);
        put_str(e, STORE_STR(s, o->id));
    }
    put_u64(e, s->feedback.len);
    for (size_t i = 0; i < s->feedback.len; i++) {
        const feedback_rec *f = &CO_VEC_AT(&s->feedback, feedback_rec, i);
        put_u64(e, f->cust);
        put_u64(e, (uint64_t)f->day);
        put_u8(e, f->channel);
        put_u8(e, f->kind);
        put_f64(e, f->score);
        put_str(e, STORE_STR(s, f->text));
    }
    put_u64(e, s->contacts.len);
    for (size_t i = 0; i < s->contacts.len; i++) {
        const contact_rec *c = &CO_VEC_AT(&s->contacts, contact_rec, i);
        put_u64(e, c->cust);
        put_u64(e, (uint64_t)c->opened);
        put_u64(e, (uint64_t)c->resolved);
        put_u8(e, c->priority);
        put_str(e, STORE_STR(s, c->topic));
    }
}

int co_store_save(const co_store *s, const char *path)
{
    if (!s || !path)
        return co__fail(CO_EINVAL, "co_store_save: NULL argument");
    enc e = {.rc = CO_OK};
    put_bytes(&e, SNAP_MAGIC, 8);
    put_u32(&e, SNAP_VERSION);
    put_u32(&e, 0);
    put_u64(&e, 0); /* payload length, patched below */
    encode(&e, s);
    if (e.rc == CO_OK) {
        uint64_t payload = e.b.len - SNAP_HEADER;
        for (int i = 0; i < 8; i++)
            e.b.data[16 + i] = (char)(payload >> (8 * i));
        put_u64(&e, co__store_snapshot_checksum((const unsigned char *)e.b.data, e.b.len));
    }
    int rc = e.rc;
    co_atomic_file f;
    if (rc == CO_OK && (rc = co__atomic_open(&f, path)) == CO_OK) {
        co__atomic_write(&f, e.b.data, e.b.len);
        rc = co__atomic_commit(&f);
    }
    co__buf_free(&e.b);
    return rc;
}

/* ---- Reading ---- */

typedef struct dec {
    const unsigned char *p;
    size_t len, pos;
    const char *path;
    int bad; /* ran past the end or met a malformed string */
} dec;

static uint64_t get_u64(dec *d)
{
    if (d->len - d->pos < 8) {
        d->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | d->p[d->pos + (size_t)i];
    d->pos += 8;
    return v;
}

static unsigned get_u8(dec *d)
{
    if (d->pos >= d->len) {
        d->bad = 1;
        return 0;
    }
    return d->p[d->pos++];
}

static double get_f64(dec *d)
{
    uint64_t bits = get_u64(d);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* A string in place: length, bytes, NUL, with no NUL inside. */
static const char *get_str(dec *d, size_t *len_out)
{
    if (d->len - d->pos < 4) {
        d->bad = 1;
        return "";
    }
    size_t n = (size_t)d->p[d->pos] | (size_t)d->p[d->pos + 1] << 8 |
               (size_t)d->p[d->pos + 2] << 16 | (size_t)d->p[d->pos + 3] << 24;
    d->pos += 4;
    const char *s = (const char *)d->p + d->pos;
    if (n > CO_STORE_FIELD_MAX || d->len - d->pos < n + 1 || s[n] != '\0' || memchr(s, '\0', n) ||
        !co__utf8_valid(s, n)) {
        d->bad = 1;
        return "";
    }
    d->pos += n + 1;
    if (len_out)
        *len_out = n;
    return s;
}

/* A count that must fit in what is left (each item takes >= `min_item` bytes). */
static size_t get_count(dec *d, size_t min_item)
{
    uint64_t n = get_u64(d);
    if (d->bad || n > (d->len - d->pos) / min_item) {
        d->bad = 1;
        return 0;
    }
    return (size_t)n;
}

static int corrupt(const dec *d, const char *what)
{
    return co__fail_at(CO_ECORRUPT, d->path, 0, 0, "corrupt snapshot: %s", what);
}

/* Re-add a record; its own validation failing means the file is corrupt. */
static int added(const dec *d, int rc)
{
    if (rc == CO_ENOMEM || rc == CO_EOVERFLOW)
        return rc;
    if (rc < 0) {
        char detail[256];
        memcpy(detail, co_errmsg(), sizeof detail - 1);
        detail[sizeof detail - 1] = '\0';
        return corrupt(d, detail);
    }
    return d->bad ? corrupt(d, "record runs past the end") : CO_OK;
}

static int decode_customers(dec *d, co_store *s, co_vec *ptrs)
{
    size_t n = get_count(d, 32);
    for (size_t i = 0; i < n && !d->bad; i++) {
        co_customer_input c;
        co_customer_input_init(&c, sizeof c);
        c.id = get_str(d, NULL);
        c.name = get_str(d, NULL);
        c.email = get_str(d, NULL);
        c.signup = (co_day)get_u64(d);
        c.segment = get_str(d, NULL);
        ptrs->len = 0;
        c.n_tags = get_count(d, 5);
        int rc;
        for (size_t j = 0; j < c.n_tags && !d->bad; j++) {
            const char *t = get_str(d, NULL);
            if ((rc = co__vec_push(ptrs, sizeof t, &t)) < 0)
                return rc;
        }
        c.n_prefs = get_count(d, 10);
        for (size_t j = 0; j < 2 * c.n_prefs && !d->bad; j++) {
            const char *t = get_str(d, NULL);
            if ((rc = co__vec_push(ptrs, sizeof t, &t)) < 0)
                return rc;
        }
        if (d->bad)
            break;
        /* Tags first, then key/value pairs interleaved: split them apart. */
        const char **all = ptrs->data;
        const char **keys = NULL, **values = NULL;
        if (c.n_prefs) {
            keys = co__malloc_array(2 * c.n_prefs, sizeof *keys);
            if (!keys)
                return co__fail_nomem();
            values = keys + c.n_prefs;
            for (size_t j = 0; j < c.n_prefs; j++) {
                /* get_count() bounds n_prefs by the bytes left, so all 2 * n_prefs
                 * strings were pushed and `all` is not NULL. */
                /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
                keys[j] = all[c.n_tags + 2 * j];
                values[j] = all[c.n_tags + 2 * j + 1];
            }
        }
        c.tags = all;
        c.pref_keys = keys;
        c.pref_values = values;
        rc = added(d, co__store_add_customer_valid(s, &c, NULL));
        co__free(keys);
        if (rc < 0)
            return rc;
    }
    return d->bad ? corrupt(d, "customer records run past the end") : CO_OK;
}

static int decode_events(dec *d, co_store *s)
{
    size_t n = get_count(d, 29);
    size_t customers = s->customers.len;
    for (size_t i = 0; i < n; i++) {
        uint64_t cust = get_u64(d);
        co_day day = (co_day)get_u64(d);
        double amount = get_f64(d);
        size_t len;
        const char *id = get_str(d, &len);
        if (!d->bad && cust >= customers)
            return corrupt(d, "order of a customer that does not exist");
        if (d->bad)
            break;
        int rc = added(d, co__store_add_order_at(s, (size_t)cust, id, len, day, amount));
        if (rc < 0)
            return rc;
    }
    n = get_count(d, 23);
    for (size_t i = 0; i < n && !d->bad; i++) {
        uint64_t cust = get_u64(d);
        co_day day = (co_day)get_u64(d);
        int channel = (int)get_u8(d), kind = (int)get_u8(d);
        double score = get_f64(d);
        size_t len;
        const char *text = get_str(d, &len);
        if (!d->bad && cust >= customers)
            return corrupt(d, "feedback of a customer that does not exist");
        if (d->bad)
            break;
        int rc = added(d, co__store_add_feedback_at(s, (size_t)cust, day, channel, kind, score,
                                                    text, len));
        if (rc < 0)
            return rc;
    }
    n = get_count(d, 30);
    for (size_t i = 0; i < n && !d->bad; i++) {
        uint64_t cust = get_u64(d);
        co_day opened = (co_day)get_u64(d), resolved = (co_day)get_u64(d);
        int priority = (int)get_u8(d);
        size_t len;
        const char *topic = get_str(d, &len);
        if (!d->bad && cust >= customers)
            return corrupt(d, "contact of a customer that does not exist");
        if (d->bad)
            break;
        int rc = added(d, co__store_add_contact_at(s, (size_t)cust, opened, resolved, priority,
                                                   topic, len));
        if (rc < 0)
            return rc;
    }
    return d->bad ? corrupt(d, "event records run past the end") : CO_OK;
}

/* Check the frame (magic, version, length, checksum) of a snapshot image. */
static int check_frame(const unsigned char *p, size_t len, const char *path)
{
    if (len < SNAP_HEADER + SNAP_TRAILER || memcmp(p, SNAP_MAGIC, 8) != 0)
        return co__fail_at(CO_ECORRUPT, path, 0, 0, "not a store snapshot (or truncated)");
    uint32_t version =
        (uint32_t)p[8] | (uint32_t)p[9] << 8 | (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24;
    if (version != SNAP_VERSION)
        return co__fail_at(CO_ECORRUPT, path, 0, 0,
                           "snapshot format version %u is not supported (expected %u)", version,
                           SNAP_VERSION);
    dec d = {p, len, 16, path, 0};
    uint64_t payload = get_u64(&d);
    if (payload != len - SNAP_HEADER - SNAP_TRAILER)
        return co__fail_at(CO_ECORRUPT, path, 0, 0, "snapshot is truncated or has trailing bytes");
    d.pos = len - SNAP_TRAILER;
    if (get_u64(&d) != co__store_snapshot_checksum(p, len - SNAP_TRAILER))
        return co__fail_at(CO_ECORRUPT, path, 0, 0, "snapshot checksum mismatch");
    return CO_OK;
}

int co__store_load_image(const unsigned char *p, size_t len, const char *path, co_store **out)
{
    int rc = check_frame(p, len, path);
    if (rc < 0)
        return rc;
    co_store *s;
    if ((rc = co_store_new(&s)) < 0)
        return rc;
    dec d = {p, len - SNAP_TRAILER, SNAP_HEADER, path, 0};
    co_vec ptrs = {0};
    rc = decode_customers(&d, s, &ptrs);
    co__vec_free(&ptrs);
    if (rc == CO_OK)
        rc = decode_events(&d, s);
    if (rc == CO_OK && d.pos != d.len)
        rc = corrupt(&d, "bytes left after the last record");
    if (rc < 0) {
        co_store_free(s);
        return rc;
    }
    *out = s;
    return CO_OK;
}

int co_store_load(const char *path, co_store **out)
{
    if (!path || !out)
        return co__fail(CO_EINVAL, "co_store_load: NULL argument");
    char *buf;
    size_t len;
    int rc = co__read_whole_file(path, 0, CO__LIMIT_SNAPSHOT, &buf, &len);
    if (rc < 0)
        return rc;
    rc = co__store_load_image((const unsigned char *)buf, len, path, out);
    co__free(buf);
    return rc;
}
