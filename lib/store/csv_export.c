/* CSV export: canonical column order, LF line ends, quotes only where a
 * field needs them, numbers that read back exactly. Written through an
 * atomic file so a failed export leaves the old file in place. */
#include <math.h>
#include <string.h>

#include "csv_internal.h"
#include "custorient/csv.h"
#include "file_internal.h"
#include "store_internal.h"

#define FLUSH_AT (1u << 20)

typedef struct writer {
    atomic_file file;
    co_buf buf;
    int rc;
} writer;

static void put(writer *w, const char *p, size_t len)
{
    if (w->rc == CO_OK)
        w->rc = co_buf_append(&w->buf, p, len);
}

static void put_str(writer *w, const char *s) { put(w, s, strlen(s)); }

static void end_line(writer *w)
{
    put(w, "\n", 1);
    if (w->rc == CO_OK && w->buf.len >= FLUSH_AT) {
        atomic_write(&w->file, w->buf.data, w->buf.len);
        w->buf.len = 0;
    }
}

/* A field, quoted when it holds a separator, a quote or a line break, or
 * when it is empty in a one-column context (never the case here). */
static void put_field(writer *w, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        put_str(w, s);
        return;
    }
    put(w, "\"", 1);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        put(w, s, (size_t)(q - s) + 1);
        put(w, "\"", 1);
    }
    put_str(w, s);
    put(w, "\"", 1);
}

static void put_sep(writer *w) { put(w, ",", 1); }

static void put_day(writer *w, co_day day)
{
    char text[11];
    if (co_date_format(day, text) < 0) { /* days outside 0001-9999 cannot be written */
        if (w->rc == CO_OK)
            w->rc = CO_ERANGE;
        return;
    }
    put(w, text, 10);
}

static void put_number(writer *w, double v)
{
    char text[32];
    put(w, text, csv_format_double(v, text));
}

static const char *str_at(const co_store *s, size_t i)
{
    return STORE_STR(s, CO_VEC_AT(&s->strs, size_t, i));
}

static const char *vec_key(const void *ctx, size_t i)
{
    return CO_VEC_AT((const co_vec *)ctx, const char *, i);
}

/* Union of the preference keys over all customers, in order of first use. */
static int collect_pref_keys(const co_store *s, co_vec *keys)
{
    co_strmap seen = {0};
    int rc = CO_OK;
    for (size_t i = 0; i < s->customers.len && rc == CO_OK; i++) {
        const cust_rec *c = STORE_CUST(s, i);
        for (size_t j = 0; j < c->n_prefs && rc == CO_OK; j++) {
            const char *key = str_at(s, c->prefs_at + 2 * j);
            size_t len = strlen(key);
            uint32_t hash = co_strmap_hash(key, len);
            if (co_strmap_find(&seen, key, len, hash, vec_key, keys) != SIZE_MAX)
                continue;
            if ((rc = co_strmap_reserve(&seen, keys->len + 1)) == CO_OK &&
                (rc = co_vec_push(keys, sizeof key, &key)) == CO_OK)
                co_strmap_insert(&seen, hash, keys->len - 1);
        }
    }
    co_strmap_free(&seen);
    return rc;
}

static const char *pref_of(const co_store *s, const cust_rec *c, const char *key)
{
    for (size_t j = 0; j < c->n_prefs; j++)
        if (strcmp(str_at(s, c->prefs_at + 2 * j), key) == 0)
            return str_at(s, c->prefs_at + 2 * j + 1);
    return "";
}

static void write_customers(writer *w, const co_store *s)
{
    co_vec keys = {0};
    w->rc = collect_pref_keys(s, &keys);
    put_str(w, "customer_id,name,email,signup_date,segment,tags");
    for (size_t k = 0; k < keys.len; k++) {
        put_sep(w);
        co_buf name = {0};
        if (w->rc == CO_OK)
            w->rc = co_buf_printf(&name, "pref.%s", CO_VEC_AT(&keys, const char *, k));
        if (w->rc == CO_OK)
            put_field(w, name.data);
        co_buf_free(&name);
    }
    end_line(w);
    for (size_t i = 0; i < s->customers.len && w->rc == CO_OK; i++) {
        const cust_rec *c = STORE_CUST(s, i);
        put_field(w, STORE_STR(s, c->id));
        put_sep(w);
        put_field(w, STORE_STR(s, c->name));
        put_sep(w);
        put_field(w, STORE_STR(s, c->email));
        put_sep(w);
        put_day(w, c->signup);
        put_sep(w);
        put_field(w, STORE_STR(s, c->segment));
        put_sep(w);
        co_buf tags = {0};
        for (size_t j = 0; j < c->n_tags && w->rc == CO_OK; j++)
            w->rc = co_buf_printf(&tags, "%s%s", j ? ";" : "", str_at(s, c->tags_at + j));
        if (w->rc == CO_OK)
            put_field(w, tags.data ? tags.data : "");
        co_buf_free(&tags);
        for (size_t k = 0; k < keys.len; k++) {
            put_sep(w);
            put_field(w, pref_of(s, c, CO_VEC_AT(&keys, const char *, k)));
        }
        end_line(w);
    }
    co_vec_free(&keys);
}

static void write_orders(writer *w, const co_store *s)
{
    put_str(w, "order_id,customer_id,date,amount");
    end_line(w);
    const order_rec *o = s->orders.data;
    for (size_t i = 0; i < s->orders.len && w->rc == CO_OK; i++) {
        put_field(w, STORE_STR(s, o[i].id));
        put_sep(w);
        put_field(w, STORE_STR(s, STORE_CUST(s, o[i].cust)->id));
        put_sep(w);
        put_day(w, o[i].day);
        put_sep(w);
        put_number(w, o[i].amount);
        end_line(w);
    }
}

static void write_feedback(writer *w, const co_store *s)
{
    put_str(w, "customer_id,date,channel,kind,score,text");
    end_line(w);
    const feedback_rec *f = s->feedback.data;
    for (size_t i = 0; i < s->feedback.len && w->rc == CO_OK; i++) {
        put_field(w, STORE_STR(s, STORE_CUST(s, f[i].cust)->id));
        put_sep(w);
        put_day(w, f[i].day);
        put_sep(w);
        put_str(w, co_channel_name(f[i].channel));
        put_sep(w);
        put_str(w, co_feedback_kind_name(f[i].kind));
        put_sep(w);
        if (!isnan(f[i].score))
            put_number(w, f[i].score);
        put_sep(w);
        put_field(w, STORE_STR(s, f[i].text));
        end_line(w);
    }
}

static void write_contacts(writer *w, const co_store *s)
{
    put_str(w, "customer_id,opened,resolved,priority,topic");
    end_line(w);
    const contact_rec *c = s->contacts.data;
    for (size_t i = 0; i < s->contacts.len && w->rc == CO_OK; i++) {
        put_field(w, STORE_STR(s, STORE_CUST(s, c[i].cust)->id));
        put_sep(w);
        put_day(w, c[i].opened);
        put_sep(w);
        if (c[i].resolved != CO_DAY_NONE)
            put_day(w, c[i].resolved);
        put_sep(w);
        put_str(w, co_priority_name(c[i].priority));
        put_sep(w);
        put_field(w, STORE_STR(s, c[i].topic));
        end_line(w);
    }
}

int co_store_export_csv(const co_store *s, co_record_kind kind, const char *path)
{
    if (!s || !path)
        return co_fail(CO_EINVAL, "co_store_export_csv: NULL argument");
    if ((int)kind < CO_RECORD_CUSTOMERS || kind > CO_RECORD_CONTACTS)
        return co_fail(CO_EINVAL, "co_store_export_csv: unknown record kind %d", (int)kind);
    writer w = {.rc = CO_OK};
    int rc = atomic_open(&w.file, path);
    if (rc < 0)
        return rc;
    switch (kind) {
    case CO_RECORD_CUSTOMERS: write_customers(&w, s); break;
    case CO_RECORD_ORDERS: write_orders(&w, s); break;
    case CO_RECORD_FEEDBACK: write_feedback(&w, s); break;
    case CO_RECORD_CONTACTS: write_contacts(&w, s); break;
    }
    if (w.rc == CO_OK && w.buf.len)
        atomic_write(&w.file, w.buf.data, w.buf.len);
    co_buf_free(&w.buf);
    if (w.rc < 0) {
        atomic_abort(&w.file);
        return w.rc == CO_ERANGE ? co_fail(CO_ERANGE, "%s: a date is outside years 0001-9999",
                                           path)
                                 : w.rc;
    }
    return atomic_commit(&w.file);
}
