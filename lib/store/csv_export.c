/* CSV export: canonical column order, LF line ends, quotes only where a
 * field needs them, numbers that read back exactly. Written through an
 * atomic file so a failed export leaves the old file in place. In the
 * spreadsheet-safe mode a text cell that a spreadsheet would take for a
 * formula gets a leading single quote. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/csv.h"
#include "decimal_internal.h"
#include "file_internal.h"
#include "sized_internal.h"
#include "store_internal.h"

#define FLUSH_AT (1u << 20)

typedef struct writer {
    co_atomic_file file;
    co_buf buf;
    int rc;
    int spreadsheet_safe;
} writer;

static void put(writer *w, const char *p, size_t len)
{
    if (w->rc == CO_OK)
        w->rc = co__buf_append(&w->buf, p, len);
}

static void put_str(writer *w, const char *s) { put(w, s, strlen(s)); }

static void end_line(writer *w)
{
    put(w, "\n", 1);
    if (w->rc == CO_OK && w->buf.len >= FLUSH_AT) {
        co__atomic_write(&w->file, w->buf.data, w->buf.len);
        w->buf.len = 0;
    }
}

/* First characters that make a spreadsheet read a cell as a formula
 * (OWASP, CSV injection): = + - @, TAB and CR. */
static int starts_formula(const char *s) { return *s && strchr("=+-@\t\r", *s) != NULL; }

/* A text field, quoted when it holds a separator, a quote or a line break, or
 * when it is empty in a one-column context (never the case here); in the
 * spreadsheet-safe mode a would-be formula is preceded by a single quote.
 * Numbers and dates do not come here. */
static void put_field(writer *w, const char *s)
{
    const char *mark = w->spreadsheet_safe && starts_formula(s) ? "'" : "";
    if (!strpbrk(s, ",\"\r\n")) {
        put_str(w, mark);
        put_str(w, s);
        return;
    }
    put(w, "\"", 1);
    put_str(w, mark);
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
    put(w, text, co__decimal_format(v, text));
}

static const char *str_at(const co_store *s, size_t i)
{
    return STORE_STR(s, CO_VEC_AT(&s->strs, size_t, i));
}

static const char *vec_key(const void *ctx, size_t i)
{
    return CO_VEC_AT((const co_vec *)ctx, const char *, i);
}

/* The preference columns: every key used by some customer, in order of
 * first use, with a hash index from key to column. */
typedef struct pref_columns {
    co_vec keys; /* const char * */
    co_index_map index;
    const char **cells; /* one customer's values by column, "" when absent */
} pref_columns;

static size_t pref_column(const pref_columns *p, const char *key)
{
    size_t len = strlen(key);
    return co__index_map_find_text(&p->index, key, len, co__hash_text(key, len), vec_key, &p->keys);
}

static int collect_pref_columns(const co_store *s, pref_columns *p)
{
    int rc = CO_OK;
    for (size_t i = 0; i < s->customers.len && rc == CO_OK; i++) {
        const cust_rec *c = STORE_CUST(s, i);
        for (size_t j = 0; j < c->n_prefs && rc == CO_OK; j++) {
            const char *key = str_at(s, c->prefs_at + 2 * j);
            if (pref_column(p, key) != SIZE_MAX)
                continue;
            if ((rc = co__index_map_reserve(&p->index, p->keys.len + 1)) == CO_OK &&
                (rc = co__vec_push(&p->keys, sizeof key, &key)) == CO_OK)
                co__index_map_insert(&p->index, co__hash_text(key, strlen(key)), p->keys.len - 1);
        }
    }
    if (rc == CO_OK && !(p->cells = co__malloc_array(p->keys.len, sizeof *p->cells)))
        rc = co__fail_nomem();
    for (size_t k = 0; rc == CO_OK && k < p->keys.len; k++)
        p->cells[k] = "";
    return rc;
}

static void pref_columns_free(pref_columns *p)
{
    co__vec_free(&p->keys);
    co__index_map_free(&p->index);
    co__free(p->cells);
}

static void write_customers(writer *w, const co_store *s)
{
    pref_columns prefs = {{0}, {0}, NULL};
    w->rc = collect_pref_columns(s, &prefs);
    put_str(w, "customer_id,name,email,signup_date,segment,tags");
    for (size_t k = 0; k < prefs.keys.len; k++) {
        put_sep(w);
        co_buf name = {0};
        if (w->rc == CO_OK)
            w->rc = co__buf_printf(&name, "pref.%s", CO_VEC_AT(&prefs.keys, const char *, k));
        if (w->rc == CO_OK)
            put_field(w, name.data);
        co__buf_free(&name);
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
            w->rc = co__buf_printf(&tags, "%s%s", j ? ";" : "", str_at(s, c->tags_at + j));
        if (w->rc == CO_OK)
            put_field(w, tags.data ? tags.data : "");
        co__buf_free(&tags);
        /* Place this customer's values in their columns, write, then clear. */
        for (size_t j = 0; j < c->n_prefs; j++)
            prefs.cells[pref_column(&prefs, str_at(s, c->prefs_at + 2 * j))] =
                str_at(s, c->prefs_at + 2 * j + 1);
        for (size_t k = 0; k < prefs.keys.len; k++) {
            put_sep(w);
            put_field(w, prefs.cells[k]);
        }
        for (size_t j = 0; j < c->n_prefs; j++)
            prefs.cells[pref_column(&prefs, str_at(s, c->prefs_at + 2 * j))] = "";
        end_line(w);
    }
    pref_columns_free(&prefs);
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
    return co_store_export_csv_opts(s, kind, path, NULL);
}

int co_store_export_csv_opts(const co_store *s, co_record_kind kind, const char *path,
                             const co_csv_options *opts)
{
    if (!s || !path)
        return co__fail(CO_EINVAL, "co_store_export_csv: NULL argument");
    if ((int)kind < CO_RECORD_CUSTOMERS || kind > CO_RECORD_CONTACTS)
        return co__fail(CO_EINVAL, "co_store_export_csv: unknown record kind %d", (int)kind);
    co_csv_options resolved;
    co_csv_options_init(&resolved, sizeof resolved);
    int rc = co__options_resolve(&resolved, sizeof resolved, opts, "co_csv_options");
    if (rc < 0)
        return rc;
    writer w = {.rc = CO_OK, .spreadsheet_safe = resolved.spreadsheet_safe != 0};
    rc = co__atomic_open(&w.file, path);
    if (rc < 0)
        return rc;
    switch (kind) {
    case CO_RECORD_CUSTOMERS: write_customers(&w, s); break;
    case CO_RECORD_ORDERS: write_orders(&w, s); break;
    case CO_RECORD_FEEDBACK: write_feedback(&w, s); break;
    case CO_RECORD_CONTACTS: write_contacts(&w, s); break;
    }
    if (w.rc == CO_OK && w.buf.len)
        co__atomic_write(&w.file, w.buf.data, w.buf.len);
    co__buf_free(&w.buf);
    if (w.rc < 0) {
        co__atomic_abort(&w.file);
        return w.rc == CO_ERANGE
                   ? co__fail_at(CO_ERANGE, path, 0, 0, "a date is outside years 0001-9999")
                   : w.rc;
    }
    return co__atomic_commit(&w.file);
}
