/* The customers with the most expected value at risk, and why: low P(alive),
 * a recent detractor answer, open support contacts. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "churn_model.h"
#include "records.h"
#include "report.h"

/* A detractor answer counts as a reason while it is this recent. */
#define DETRACTOR_DAYS 90

static const char *const keys[] = {"rank", "customer_id", "name", "p_alive", "clv_12m",
                                   "value_at_risk", "days_since_detractor", "open_contacts",
                                   "reasons"};
static const char *const labels[] = {"#", "Customer", "Name", "P(alive)", "CLV 12m",
                                     "At risk", "Detractor (days)", "Open contacts", "Why"};

/* Per store customer: days since the last detractor answer (-1 for none)
 * and the contacts open on the as-of day. */
static int signals_by_customer(const report_ctx *ctx, int64_t *detractor, uint64_t *open)
{
    const co_store *store = ctx->data->store;
    size_t nc = co_store_count(store, CO_RECORD_CUSTOMERS);
    for (size_t c = 0; c < nc; c++) {
        detractor[c] = CO_ATRISK_NO_DETRACTOR;
        open[c] = 0;
    }
    const feedback_rows *fb = ctx->feedback;
    for (size_t i = 0; i < fb->n; i++) {
        if (fb->kind[i] != CO_FEEDBACK_NPS || fb->score[i] > 6)
            continue;
        int64_t age = ctx->as_of - fb->day[i];
        if (detractor[fb->customer[i]] < 0 || age < detractor[fb->customer[i]])
            detractor[fb->customer[i]] = age;
    }
    size_t n = co_store_count(store, CO_RECORD_CONTACTS);
    size_t *who = malloc((n ? n : 1) * sizeof *who);
    co_day *opened = malloc((n ? n : 1) * sizeof *opened);
    co_day *resolved = malloc((n ? n : 1) * sizeof *resolved);
    if (!who || !opened || !resolved) {
        free(who);
        free(opened);
        free(resolved);
        return -1;
    }
    co_store_contact_arrays(store, who, opened, resolved, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        if (opened[i] <= ctx->as_of && (resolved[i] == CO_DAY_NONE || resolved[i] > ctx->as_of))
            open[who[i]]++;
    free(who);
    free(opened);
    free(resolved);
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
        used += (size_t)snprintf(buf + used, size - used, "%s%llu open contact%s",
                                 used ? "; " : "", (unsigned long long)r->open_contacts,
                                 r->open_contacts == 1 ? "" : "s");
    if (used == 0)
        snprintf(buf, size, "large CLV at stake");
}

int section_atrisk(const report_ctx *ctx, report_sink *s)
{
    churn_model *m = ctx->model;
    if (churn_model_fit(m, ctx->data->store, ctx->as_of) < 0)
        return -1;
    s->section_begin(s, "at_risk", "Customers most at risk");
    if (m->status != CO_OK || !m->has_spend) {
        s->note(s, m->status != CO_OK ? m->error : m->spend_error);
        s->section_end(s);
        return 0;
    }
    const co_summary *w = m->weeks;
    size_t n = w->n, nc = co_store_count(ctx->data->store, CO_RECORD_CUSTOMERS);
    size_t top = (size_t)ctx->top < n ? (size_t)ctx->top : n;
    int64_t *det_c = malloc(nc * sizeof *det_c), *det = malloc(n * sizeof *det);
    uint64_t *open_c = malloc(nc * sizeof *open_c), *open = malloc(n * sizeof *open);
    double *value = malloc(n * sizeof *value);
    co_atrisk_row *rows = malloc(top * sizeof *rows);
    int rc = -1;
    if (det_c && det && open_c && open && value && rows &&
        signals_by_customer(ctx, det_c, open_c) == 0) {
        for (size_t i = 0; i < n; i++) {
            det[i] = det_c[w->customer[i]];
            open[i] = open_c[w->customer[i]];
            value[i] = m->clv[i] > 0 ? m->clv[i] : 0;
        }
        co_atrisk_signals signals = {det, open};
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
                co_customer c;
                memset(&c, 0, sizeof c);
                co_store_customer(ctx->data->store, w->customer[rows[k].index], &c);
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
    free(det_c);
    free(det);
    free(open_c);
    free(open);
    free(value);
    free(rows);
    return rc;
}
