/* The customers with the most expected value at risk, and why: low P(alive),
 * a recent detractor answer, open support contacts. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "churn_model.h"
#include "report.h"

/* A detractor answer counts as a reason while it is this recent. */
#define DETRACTOR_DAYS 90

static const char *const keys[] = {
    "rank",          "customer_id",          "name",          "p_alive", "clv_12m",
    "value_at_risk", "days_since_detractor", "open_contacts", "reasons"};
static const char *const labels[] = {
    "#",       "Customer",         "Name",          "P(alive)", "CLV 12m",
    "At risk", "Detractor (days)", "Open contacts", "Why"};

/* Per modelled customer: the contacts open on the as-of day and the days
 * since the last detractor answer (CO_ATRISK_NO_DETRACTOR for none). The
 * detractor days share `since`'s memory: each becomes its age in place. */
static int signals_by_row(const report_ctx *ctx, const co_summary *w, int64_t *since,
                          uint64_t *open)
{
    const co_store *store = ctx->data->store;
    co_day *last = since;
    if (co_store_open_contacts(store, ctx->as_of, w->customer, w->n, open) < 0 ||
        co_store_last_detractor(store, ctx->as_of, w->customer, w->n, last) < 0)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        since[i] = last[i] == CO_DAY_NONE ? CO_ATRISK_NO_DETRACTOR : ctx->as_of - last[i];
    return 0;
}

static void reasons_text(const co_atrisk_row *r, double p_alive, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t used = 0;
    if (p_alive < 0.5)
        used += (size_t)snprintf(buf + used, size - used, "low P(alive) %.2f", p_alive);
    if (r->days_since_detractor >= 0 && r->days_since_detractor <= DETRACTOR_DAYS && used < size)
        used += (size_t)snprintf(buf + used, size - used, "%sdetractor %lld days ago",
                                 used ? "; " : "", (long long)r->days_since_detractor);
    if (r->open_contacts > 0 && used < size)
        used += (size_t)snprintf(buf + used, size - used, "%s%llu open contact%s", used ? "; " : "",
                                 (unsigned long long)r->open_contacts,
                                 r->open_contacts == 1 ? "" : "s");
    if (used == 0)
        snprintf(buf, size, "large CLV at stake");
}

int section_atrisk(const report_ctx *ctx, report_sink *s)
{
    churn_model *m = ctx->model;
    if (churn_model_fit(m, ctx->summary) < 0)
        return -1;
    s->section_begin(s, "at_risk", "Customers most at risk");
    if (m->status != CO_OK || !m->has_spend) {
        s->note(s, m->status != CO_OK ? m->error : m->spend_error);
        s->section_end(s);
        return 0;
    }
    const co_summary *w = m->weeks;
    size_t n = w->n;
    size_t top = (size_t)ctx->top < n ? (size_t)ctx->top : n;
    int64_t *det = malloc(n * sizeof *det);
    uint64_t *open = malloc(n * sizeof *open);
    double *value = malloc(n * sizeof *value);
    co_atrisk_row *rows = malloc(top * sizeof *rows);
    int rc = -1;
    if (det && open && value && rows && signals_by_row(ctx, w, det, open) == 0) {
        for (size_t i = 0; i < n; i++)
            value[i] = m->clv[i] > 0 ? m->clv[i] : 0;
        co_atrisk_signals signals = {sizeof signals, det, open};
        size_t count = 0;
        int st = co_atrisk_rank(m->p_alive, value, n, &signals, top, rows, &count);
        if (st == CO_OK) {
            double total = 0;
            for (size_t i = 0; i < n; i++)
                total += (1 - m->p_alive[i]) * value[i];
            s->figure(s, "value_at_risk_total", "Expected CLV at risk, whole base",
                      cell_number(total, 2), NULL);
            s->table_begin(s, "customers", "Top customers by expected value at risk", 9, keys,
                           labels);
            for (size_t k = 0; k < count; k++) {
                co_customer_view c = {.size = sizeof c};
                co_store_get_customer(ctx->data->store, w->customer[rows[k].index], &c);
                char why[160];
                reasons_text(&rows[k], m->p_alive[rows[k].index], why, sizeof why);
                cell row[9] = {cell_int((long long)k + 1),
                               cell_text(c.id),
                               cell_text(c.name),
                               cell_number(m->p_alive[rows[k].index], 3),
                               cell_number(rows[k].value, 2),
                               cell_number(rows[k].value_at_risk, 2),
                               rows[k].days_since_detractor >= 0
                                   ? cell_int(rows[k].days_since_detractor)
                                   : cell_number(NAN, 0),
                               cell_int((long long)rows[k].open_contacts),
                               cell_text(why)};
                s->row(s, row);
            }
            s->table_end(s);
            s->note(s, "Value at risk = (1 - P(alive)) x 12-month CLV; ties go to more open "
                       "contacts, then the more recent detractor.");
        } else {
            s->note(s, co_errmsg());
        }
        rc = st == CO_ENOMEM ? -1 : 0;
    }
    s->section_end(s);
    free(det);
    free(open);
    free(value);
    free(rows);
    return rc;
}
