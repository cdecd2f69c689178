/* The in-memory store: adding, finding, reading and removing records. Every
 * add first reserves what it needs in the id index, then appends; a failed
 * append rolls the vectors back, so a failed call changes nothing. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "index_internal.h"
#include "sized_internal.h"
#include "store_internal.h"
#include "utf8_internal.h"

static const char *const channel_names[CO_CHANNEL_COUNT] = {"survey", "review", "social", "support",
                                                            "direct"};
static const char *const kind_names[CO_FEEDBACK_KIND_COUNT] = {"nps", "csat", "ces", "rating",
                                                               "text"};
static const char *const priority_names[CO_PRIORITY_COUNT] = {"low", "normal", "high", "urgent"};

const char *co_channel_name(int channel)
{
    return channel >= 0 && channel < CO_CHANNEL_COUNT ? channel_names[channel] : NULL;
}

const char *co_feedback_kind_name(int kind)
{
    return kind >= 0 && kind < CO_FEEDBACK_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *co_priority_name(int priority)
{
    return priority >= 0 && priority < CO_PRIORITY_COUNT ? priority_names[priority] : NULL;
}

static int name_index(const char *const *names, int count, const char *p, size_t len)
{
    for (int i = 0; i < count; i++)
        if (strlen(names[i]) == len && memcmp(names[i], p, len) == 0)
            return i;
    return -1;
}

int co__channel_from_name(const char *p, size_t len)
{
    return name_index(channel_names, CO_CHANNEL_COUNT, p, len);
}

int co__feedback_kind_from_name(const char *p, size_t len)
{
    return name_index(kind_names, CO_FEEDBACK_KIND_COUNT, p, len);
}

int co__priority_from_name(const char *p, size_t len)
{
    return name_index(priority_names, CO_PRIORITY_COUNT, p, len);
}

int co__feedback_score_check(int kind, double score)
{
    static const double low[] = {0, 1, 1, 1}, high[] = {10, 5, 7, 5};
    if (kind < 0 || kind >= CO_FEEDBACK_KIND_COUNT)
        return co__fail(CO_EINVAL, "unknown feedback kind %d", kind);
    if (kind == CO_FEEDBACK_TEXT) {
        if (!isnan(score))
            return co__fail(CO_EINVAL, "text feedback takes no score");
        return CO_OK;
    }
    if (!isfinite(score))
        return co__fail(CO_EINVAL, "%s feedback needs a finite score", kind_names[kind]);
    if (score < low[kind] || score > high[kind])
        return co__fail(CO_ERANGE, "%s score %g is outside %g-%g", kind_names[kind], score,
                        low[kind], high[kind]);
    if (kind != CO_FEEDBACK_RATING && score != floor(score))
        return co__fail(CO_ERANGE, "%s score %g is not a whole number", kind_names[kind], score);
    return CO_OK;
}

/* ---- Handle ---- */

int co_store_new(co_store **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_store_new: NULL out");
    co_store *s = co__calloc(1, sizeof *s);
    if (!s)
        return co__fail_nomem();
    *out = s;
    return CO_OK;
}

void co_store_free(co_store *s)
{
    if (!s)
        return;
    co__vec_free(&s->pool);
    co__vec_free(&s->strs);
    co__vec_free(&s->customers);
    co__vec_free(&s->orders);
    co__vec_free(&s->feedback);
    co__vec_free(&s->contacts);
    co__index_map_free(&s->by_id);
    co__index_map_free(&s->by_order);
    co__free(s);
}

size_t co_store_count(const co_store *s, co_record_kind kind)
{
    if (!s)
        return 0;
    switch (kind) {
    case CO_RECORD_CUSTOMERS: return s->customers.len;
    case CO_RECORD_ORDERS: return s->orders.len;
    case CO_RECORD_FEEDBACK: return s->feedback.len;
    case CO_RECORD_CONTACTS: return s->contacts.len;
    }
    return 0;
}

static const char *customer_key(const void *ctx, size_t i)
{
    const co_store *s = ctx;
    return STORE_STR(s, STORE_CUST(s, i)->id);
}

static const char *order_key(const void *ctx, size_t i)
{
    const co_store *s = ctx;
    return STORE_STR(s, CO_VEC_AT(&s->orders, order_rec, i).id);
}

store_mark co__store_mark_now(const co_store *s)
{
    return (store_mark){s->pool.len,     s->strs.len,     s->customers.len,         s->orders.len,
                        s->feedback.len, s->contacts.len, (size_t)s->orders_indexed};
}

void co__store_rollback(co_store *s, const store_mark *m)
{
    s->pool.len = m->pool;
    s->strs.len = m->strs;
    s->feedback.len = m->feedback;
    s->contacts.len = m->contacts;
    if (s->customers.len != m->customers) {
        s->customers.len = m->customers;
        co__index_map_rebuild_text(&s->by_id, s->customers.len, customer_key, s);
    }
    size_t orders_added = s->orders.len - m->orders;
    s->orders.len = m->orders; /* a shorter run still increases */
    if (s->orders_indexed && !m->orders_indexed) {
        /* The index was built for the rows being dropped: release it so
         * that a failed import leaves no memory behind. */
        co__index_map_free(&s->by_order);
        s->orders_indexed = 0;
    } else if (s->orders_indexed && orders_added) {
        co__index_map_rebuild_text(&s->by_order, s->orders.len, order_key, s);
    }
}

int co__store_push_str(co_store *s, const char *p, size_t len, size_t *off)
{
    char *dst;
    size_t at = s->pool.len;
    int rc = co__vec_grow(&s->pool, 1, len + 1, (void **)&dst);
    if (rc < 0)
        return rc;
    if (len)
        memcpy(dst, p, len);
    dst[len] = '\0';
    *off = at;
    return CO_OK;
}

size_t co__store_find_customer(const co_store *s, const char *id, size_t len)
{
    return co__index_map_find_text(&s->by_id, id, len, co__hash_text(id, len), customer_key, s);
}

static int push_strs(co_store *s, const char *const *items, size_t n, size_t *first)
{
    *first = s->strs.len;
    for (size_t i = 0; i < n; i++) {
        size_t off;
        int rc = co__store_push_str(s, items[i], strlen(items[i]), &off);
        if (rc == CO_OK)
            rc = co__vec_push(&s->strs, sizeof off, &off);
        if (rc < 0)
            return rc;
    }
    return CO_OK;
}

static const char *array_key(const void *ctx, size_t i) { return ((const char *const *)ctx)[i]; }

/* Preference keys are distinct: pairwise for a few, through a hash index for
 * many (a wide CSV file gives every customer one key per column). */
static int check_distinct_keys(const co_customer_input *c)
{
    const char *const *keys = c->pref_keys;
    size_t n = c->n_prefs, dup = SIZE_MAX;
    if (n <= 16) {
        for (size_t i = 1; i < n && dup == SIZE_MAX; i++)
            for (size_t j = 0; j < i; j++)
                if (strcmp(keys[i], keys[j]) == 0)
                    dup = i;
    } else {
        co_index_map seen = {0};
        int rc = co__index_map_reserve(&seen, n);
        if (rc < 0)
            return rc;
        for (size_t i = 0; i < n && dup == SIZE_MAX; i++) {
            size_t len = strlen(keys[i]);
            uint32_t hash = co__hash_text(keys[i], len);
            if (co__index_map_find_text(&seen, keys[i], len, hash, array_key, keys) != SIZE_MAX)
                dup = i;
            else
                co__index_map_insert(&seen, hash, i);
        }
        co__index_map_free(&seen);
    }
    if (dup != SIZE_MAX)
        return co__fail(CO_EINVAL, "customer %s: preference '%s' given twice", c->id, keys[dup]);
    return CO_OK;
}

static int check_customer(const co_customer_input *c)
{
    if (c->n_tags && !c->tags)
        return co__fail(CO_EINVAL, "customer %s: NULL tag array", c->id);
    for (size_t i = 0; i < c->n_tags; i++) {
        if (!c->tags[i] || !c->tags[i][0] || strchr(c->tags[i], ';'))
            return co__fail(CO_EINVAL, "customer %s: tag %zu is empty or contains ';'", c->id, i);
    }
    if (c->n_prefs && (!c->pref_keys || !c->pref_values))
        return co__fail(CO_EINVAL, "customer %s: NULL preference array", c->id);
    for (size_t i = 0; i < c->n_prefs; i++)
        if (!c->pref_keys[i] || !c->pref_keys[i][0] || !c->pref_values[i] || !c->pref_values[i][0])
            return co__fail(CO_EINVAL, "customer %s: preference %zu has an empty key or value",
                            c->id, i);
    return check_distinct_keys(c);
}

int co__store_add_customer_valid(co_store *s, const co_customer_input *c, size_t *out_index)
{
    size_t id_len = strlen(c->id);
    if (id_len == 0)
        return co__fail(CO_EINVAL, "empty customer id");
    uint32_t hash = co__hash_text(c->id, id_len);
    if (co__index_map_find_text(&s->by_id, c->id, id_len, hash, customer_key, s) != SIZE_MAX)
        return co__fail(CO_EEXIST, "duplicate customer id '%s'", c->id);
    int rc = check_customer(c);
    if (rc < 0 || (rc = co__day_check("signup date", c->signup)) < 0)
        return rc;
    rc = co__index_map_reserve(&s->by_id, s->customers.len + 1);
    if (rc < 0)
        return rc;
    store_mark mark = co__store_mark_now(s);
    cust_rec r = {.signup = c->signup, .n_tags = c->n_tags, .n_prefs = c->n_prefs};
    const char *pairs[2];
    if ((rc = co__store_push_str(s, c->id, id_len, &r.id)) < 0 ||
        (rc = co__store_push_str(s, c->name ? c->name : "", c->name ? strlen(c->name) : 0,
                                 &r.name)) < 0 ||
        (rc = co__store_push_str(s, c->email ? c->email : "", c->email ? strlen(c->email) : 0,
                                 &r.email)) < 0 ||
        (rc = co__store_push_str(s, c->segment ? c->segment : "",
                                 c->segment ? strlen(c->segment) : 0, &r.segment)) < 0 ||
        (rc = push_strs(s, c->tags, c->n_tags, &r.tags_at)) < 0)
        goto fail;
    r.prefs_at = s->strs.len;
    for (size_t i = 0; i < c->n_prefs; i++) {
        size_t ignored;
        pairs[0] = c->pref_keys[i];
        pairs[1] = c->pref_values[i];
        if ((rc = push_strs(s, pairs, 2, &ignored)) < 0)
            goto fail;
    }
    if ((rc = co__vec_push(&s->customers, sizeof r, &r)) < 0)
        goto fail;
    co__index_map_insert(&s->by_id, hash, s->customers.len - 1);
    if (out_index)
        *out_index = s->customers.len - 1;
    return CO_OK;
fail:
    co__store_rollback(s, &mark);
    return rc;
}

/* NULL-safe length check and UTF-8 check of one text argument. */
static int check_text(const char *what, const char *text)
{
    if (!text)
        return CO_OK;
    size_t len = strlen(text);
    if (len > CO_STORE_FIELD_MAX)
        return co__fail(CO_ERANGE, "%s is longer than %d bytes", what, CO_STORE_FIELD_MAX);
    if (!co__utf8_valid(text, len))
        return co__fail(CO_EINVAL, "%s is not valid UTF-8", what);
    return CO_OK;
}

static int check_texts(const char *what, const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = check_text(what, texts ? texts[i] : NULL);
        if (rc < 0)
            return rc;
    }
    return CO_OK;
}

/* The defaults co_customer_input_init() writes and fields an older caller lacks take:
 * every text NULL, no tags or preferences, signup day 0. */
static co_customer_input defaults(void)
{
    co_customer_input d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    return d;
}

int co_customer_input_init(co_customer_input *customer, size_t size)
{
    co_customer_input d = defaults();
    return co__options_init(customer, size, &d, sizeof d, __func__);
}

int co_store_add_customer(co_store *s, const co_customer_input *customer, size_t *out_index)
{
    if (!s || !customer)
        return co__fail(CO_EINVAL, "co_store_add_customer: NULL argument");
    co_customer_input resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, customer, "co_customer_input") < 0)
        return CO_EINVAL;
    const co_customer_input *c = &resolved;
    if (!c->id)
        return co__fail(CO_EINVAL, "co_store_add_customer: NULL customer id");
    int rc;
    if ((rc = check_text("customer id", c->id)) < 0 || (rc = check_text("name", c->name)) < 0 ||
        (rc = check_text("email", c->email)) < 0 || (rc = check_text("segment", c->segment)) < 0 ||
        (rc = check_texts("tag", c->tags, c->n_tags)) < 0 ||
        (rc = check_texts("preference key", c->pref_keys, c->n_prefs)) < 0 ||
        (rc = check_texts("preference value", c->pref_values, c->n_prefs)) < 0)
        return rc;
    return co__store_add_customer_valid(s, c, out_index);
}

/* 1 if `id` sorts after the last order's id (shorter first, then bytes). */
static int follows_last_order(const co_store *s, const char *id, size_t id_len)
{
    if (!s->orders.len)
        return 1;
    const char *last = order_key(s, s->orders.len - 1);
    size_t last_len = strlen(last);
    return id_len > last_len || (id_len == last_len && memcmp(id, last, id_len) > 0);
}

/* Leave the increasing run behind: index every order so far (CO_ENOMEM or
 * CO_EOVERFLOW with nothing changed). */
static int index_orders(co_store *s)
{
    if (s->orders_indexed)
        return CO_OK;
    int rc = co__index_map_reserve(&s->by_order, s->orders.len + 1);
    if (rc < 0)
        return rc;
    co__index_map_rebuild_text(&s->by_order, s->orders.len, order_key, s);
    s->orders_indexed = 1;
    return CO_OK;
}

int co__store_add_order_at(co_store *s, size_t cust, const char *id, size_t id_len, co_day day,
                           double amount)
{
    if (id_len == 0)
        return co__fail(CO_EINVAL, "empty order id");
    if (!isfinite(amount))
        return co__fail(CO_EINVAL, "amount is not a finite number");
    if (amount < 0)
        return co__fail(CO_ERANGE, "negative amount %g", amount);
    int rc = co__day_check("order date", day);
    if (rc < 0)
        return rc;
    int in_run = !s->orders_indexed && follows_last_order(s, id, id_len);
    uint32_t hash = 0;
    if (!in_run) {
        if ((rc = index_orders(s)) < 0)
            return rc;
        hash = co__hash_text(id, id_len);
        if (co__index_map_find_text(&s->by_order, id, id_len, hash, order_key, s) != SIZE_MAX)
            return co__fail(CO_EEXIST, "duplicate order id '%.*s'",
                            (int)(id_len > 64 ? 64 : id_len), id);
        if ((rc = co__index_map_reserve(&s->by_order, s->orders.len + 1)) < 0)
            return rc;
    }
    order_rec r = {.cust = cust, .day = day, .amount = amount};
    size_t pool_len = s->pool.len;
    if ((rc = co__store_push_str(s, id, id_len, &r.id)) < 0)
        return rc;
    if ((rc = co__vec_push(&s->orders, sizeof r, &r)) < 0) {
        s->pool.len = pool_len;
        return rc;
    }
    if (!in_run)
        co__index_map_insert(&s->by_order, hash, s->orders.len - 1);
    return CO_OK;
}

static int find_customer_arg(const co_store *s, const char *customer_id, size_t *out)
{
    int rc = check_text("customer id", customer_id);
    if (rc < 0)
        return rc;
    *out = co__store_find_customer(s, customer_id, strlen(customer_id));
    if (*out == SIZE_MAX)
        return co__fail(CO_ENOTFOUND, "unknown customer '%s'", customer_id);
    return CO_OK;
}

int co_store_add_order(co_store *s, const char *order_id, const char *customer_id, co_day day,
                       double amount)
{
    if (!s || !order_id || !customer_id)
        return co__fail(CO_EINVAL, "co_store_add_order: NULL argument");
    size_t cust;
    int rc = check_text("order id", order_id);
    if (rc < 0 || (rc = find_customer_arg(s, customer_id, &cust)) < 0)
        return rc;
    return co__store_add_order_at(s, cust, order_id, strlen(order_id), day, amount);
}

int co__store_add_feedback_at(co_store *s, size_t cust, co_day day, int channel, int kind,
                              double score, const char *text, size_t text_len)
{
    if (channel < 0 || channel >= CO_CHANNEL_COUNT)
        return co__fail(CO_EINVAL, "unknown feedback channel %d", channel);
    int rc = co__feedback_score_check(kind, score);
    if (rc < 0 || (rc = co__day_check("feedback date", day)) < 0)
        return rc;
    feedback_rec r = {.cust = cust,
                      .day = day,
                      .score = score,
                      .channel = (uint8_t)channel,
                      .kind = (uint8_t)kind};
    size_t pool_len = s->pool.len;
    if ((rc = co__store_push_str(s, text, text_len, &r.text)) < 0)
        return rc;
    if ((rc = co__vec_push(&s->feedback, sizeof r, &r)) < 0)
        s->pool.len = pool_len;
    return rc;
}

int co_store_add_feedback(co_store *s, const char *customer_id, co_day day, co_channel channel,
                          co_feedback_kind kind, double score, const char *text)
{
    if (!s || !customer_id)
        return co__fail(CO_EINVAL, "co_store_add_feedback: NULL argument");
    size_t cust;
    int rc = check_text("feedback text", text);
    if (rc < 0 || (rc = find_customer_arg(s, customer_id, &cust)) < 0)
        return rc;
    return co__store_add_feedback_at(s, cust, day, (int)channel, (int)kind, score, text ? text : "",
                                     text ? strlen(text) : 0);
}

int co__store_add_contact_at(co_store *s, size_t cust, co_day opened, co_day resolved, int priority,
                             const char *topic, size_t topic_len)
{
    if (priority < 0 || priority >= CO_PRIORITY_COUNT)
        return co__fail(CO_EINVAL, "unknown priority %d", priority);
    if (opened == CO_DAY_NONE)
        return co__fail(CO_EINVAL, "a contact needs an opening day");
    int rc = co__day_check("opening day", opened);
    if (rc < 0 || (resolved != CO_DAY_NONE && (rc = co__day_check("resolution day", resolved)) < 0))
        return rc;
    if (resolved != CO_DAY_NONE && resolved < opened)
        return co__fail(CO_ERANGE, "resolved before it was opened");
    contact_rec r = {.cust = cust,
                     .opened = opened,
                     .resolved = resolved,
                     .priority = (uint8_t)priority};
    size_t pool_len = s->pool.len;
    rc = co__store_push_str(s, topic, topic_len, &r.topic);
    if (rc < 0)
        return rc;
    if ((rc = co__vec_push(&s->contacts, sizeof r, &r)) < 0)
        s->pool.len = pool_len;
    return rc;
}

int co_store_add_contact(co_store *s, const char *customer_id, co_day opened, co_day resolved,
                         co_priority priority, const char *topic)
{
    if (!s || !customer_id)
        return co__fail(CO_EINVAL, "co_store_add_contact: NULL argument");
    size_t cust;
    int rc = check_text("topic", topic);
    if (rc < 0 || (rc = find_customer_arg(s, customer_id, &cust)) < 0)
        return rc;
    return co__store_add_contact_at(s, cust, opened, resolved, (int)priority, topic ? topic : "",
                                    topic ? strlen(topic) : 0);
}

/* ---- Reading ---- */

int co_store_find(const co_store *s, const char *customer_id, size_t *out)
{
    if (!s || !customer_id || !out)
        return co__fail(CO_EINVAL, "co_store_find: NULL argument");
    size_t i = co__store_find_customer(s, customer_id, strlen(customer_id));
    if (i == SIZE_MAX)
        return co__fail(CO_ENOTFOUND, "unknown customer '%.64s'", customer_id);
    *out = i;
    return CO_OK;
}

int co_store_get_customer(const co_store *s, size_t index, co_customer_view *out)
{
    if (!s || !out)
        return co__fail(CO_EINVAL, "co_store_get_customer: NULL argument");
    if (co__sized_check(out, sizeof *out, "co_customer_view") < 0)
        return CO_EINVAL;
    int rc = co__index_check(index, s->customers.len, "customer");
    if (rc < 0)
        return rc;
    const cust_rec *r = STORE_CUST(s, index);
    const co_customer_view view = {sizeof view,
                                   STORE_STR(s, r->id),
                                   STORE_STR(s, r->name),
                                   STORE_STR(s, r->email),
                                   r->signup,
                                   STORE_STR(s, r->segment),
                                   r->n_tags,
                                   r->n_prefs};
    co__sized_store(out, &view, sizeof view);
    return CO_OK;
}

int co_store_get_customer_tag(const co_store *s, size_t index, size_t j, const char **out)
{
    if (!s || !out)
        return co__fail(CO_EINVAL, "co_store_get_customer_tag: NULL argument");
    int rc = co__index_check(index, s->customers.len, "customer");
    if (rc < 0 || (rc = co__index_check(j, STORE_CUST(s, index)->n_tags, "tag")) < 0)
        return rc;
    *out = STORE_STR(s, CO_VEC_AT(&s->strs, size_t, STORE_CUST(s, index)->tags_at + j));
    return CO_OK;
}

int co_store_get_customer_pref(const co_store *s, size_t index, size_t j, const char **key,
                               const char **value)
{
    if (!s || !key || !value)
        return co__fail(CO_EINVAL, "co_store_get_customer_pref: NULL argument");
    int rc = co__index_check(index, s->customers.len, "customer");
    if (rc < 0 || (rc = co__index_check(j, STORE_CUST(s, index)->n_prefs, "preference")) < 0)
        return rc;
    size_t at = STORE_CUST(s, index)->prefs_at + 2 * j;
    *key = STORE_STR(s, CO_VEC_AT(&s->strs, size_t, at));
    *value = STORE_STR(s, CO_VEC_AT(&s->strs, size_t, at + 1));
    return CO_OK;
}

/* Drop the events of customer `gone` from an array of records that start
 * with a `size_t cust` field, and renumber the customers after it. */
static void drop_events(co_vec *v, size_t elem_size, size_t gone)
{
    char *base = v->data;
    size_t kept = 0;
    for (size_t i = 0; i < v->len; i++) {
        size_t cust;
        memcpy(&cust, base + i * elem_size, sizeof cust);
        if (cust == gone)
            continue;
        if (cust > gone)
            cust--;
        if (kept != i)
            memmove(base + kept * elem_size, base + i * elem_size, elem_size);
        memcpy(base + kept * elem_size, &cust, sizeof cust);
        kept++;
    }
    v->len = kept;
}

int co_store_remove(co_store *s, const char *customer_id)
{
    size_t gone;
    int rc = co_store_find(s, customer_id, &gone);
    if (rc < 0)
        return rc;
    cust_rec *c = s->customers.data;
    memmove(c + gone, c + gone + 1, (s->customers.len - gone - 1) * sizeof *c);
    s->customers.len--;
    size_t orders_before = s->orders.len;
    drop_events(&s->orders, sizeof(order_rec), gone);
    drop_events(&s->feedback, sizeof(feedback_rec), gone);
    drop_events(&s->contacts, sizeof(contact_rec), gone);
    co__index_map_rebuild_text(&s->by_id, s->customers.len, customer_key, s);
    if (s->orders.len != orders_before && s->orders_indexed)
        co__index_map_rebuild_text(&s->by_order, s->orders.len, order_key, s);
    return CO_OK;
}

/* ---- Bulk arrays ---- */

int co_store_customer_arrays(const co_store *s, co_day *signup, const char **segment,
                             const char **id)
{
    if (!s)
        return co__fail(CO_EINVAL, "co_store_customer_arrays: NULL store");
    for (size_t i = 0; i < s->customers.len; i++) {
        const cust_rec *r = STORE_CUST(s, i);
        if (signup)
            signup[i] = r->signup;
        if (segment)
            segment[i] = STORE_STR(s, r->segment);
        if (id)
            id[i] = STORE_STR(s, r->id);
    }
    return CO_OK;
}

int co_store_order_arrays(const co_store *s, size_t *customer, co_day *day, double *amount,
                          const char **order_id)
{
    if (!s)
        return co__fail(CO_EINVAL, "co_store_order_arrays: NULL store");
    const order_rec *r = s->orders.data;
    for (size_t i = 0; i < s->orders.len; i++) {
        if (customer)
            customer[i] = r[i].cust;
        if (day)
            day[i] = r[i].day;
        if (amount)
            amount[i] = r[i].amount;
        if (order_id)
            order_id[i] = STORE_STR(s, r[i].id);
    }
    return CO_OK;
}

int co_store_feedback_arrays(const co_store *s, size_t *customer, co_day *day, int *channel,
                             int *kind, double *score, const char **text)
{
    if (!s)
        return co__fail(CO_EINVAL, "co_store_feedback_arrays: NULL store");
    const feedback_rec *r = s->feedback.data;
    for (size_t i = 0; i < s->feedback.len; i++) {
        if (customer)
            customer[i] = r[i].cust;
        if (day)
            day[i] = r[i].day;
        if (channel)
            channel[i] = r[i].channel;
        if (kind)
            kind[i] = r[i].kind;
        if (score)
            score[i] = r[i].score;
        if (text)
            text[i] = STORE_STR(s, r[i].text);
    }
    return CO_OK;
}

int co_store_contact_arrays(const co_store *s, size_t *customer, co_day *opened, co_day *resolved,
                            int *priority, const char **topic)
{
    if (!s)
        return co__fail(CO_EINVAL, "co_store_contact_arrays: NULL store");
    const contact_rec *r = s->contacts.data;
    for (size_t i = 0; i < s->contacts.len; i++) {
        if (customer)
            customer[i] = r[i].cust;
        if (opened)
            opened[i] = r[i].opened;
        if (resolved)
            resolved[i] = r[i].resolved;
        if (priority)
            priority[i] = r[i].priority;
        if (topic)
            topic[i] = STORE_STR(s, r[i].topic);
    }
    return CO_OK;
}
