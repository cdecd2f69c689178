/* The customers with the most value at risk, why, and the evidence: the same
 * list made half a year earlier, against who bought again since. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atrisk_list.h"
#include "report.h"

/* A detractor answer counts as a reason while it is this recent. */
#define DETRACTOR_DAYS 90
/* The backtest makes the list this many days before the as-of day and
 * watches who orders until the as-of day: half a year. */
#define BACKTEST_DAYS 182

enum { COLUMNS = 15 };
static const char *const keys[COLUMNS] = {"rank",
                                          "customer_id",
                                          "name",
                                          "p_alive",
                                          "p_alive_lower",
                                          "p_alive_upper",
                                          "clv_12m",
                                          "clv_12m_lower",
                                          "clv_12m_upper",
                                          "value_if_retained",
                                          "value_at_risk",
                                          "days_since_last_order",
                                          "days_since_detractor",
                                          "open_contacts",
                                          "reasons"};
static const char *const labels[COLUMNS] = {"#",
                                            "Customer",
                                            "Name",
                                            "P(alive)",
                                            "P(alive) low",
                                            "P(alive) high",
                                            "CLV 12m",
                                            "CLV low",
                                            "CLV high",
                                            "If retained",
                                            "At risk",
                                            "Last order",
                                            "Detractor (days)",
                                            "Open contacts",
                                            "Why"};

/* Append one reason to `buf` ("; " between reasons). */
static void add_reason(char *buf, size_t size, const char *reason)
{
    size_t used = strlen(buf);
    snprintf(buf + used, size - used, "%s%s", used ? "; " : "", reason);
}

/* Whether the reasons of summary row i cite the effect `key` of the covariate
 * model: a clear effect of feedback that raises the drop-out rate, which the
 * customer has. */
static int cites(const atrisk_list *l, size_t i, const char *key)
{
    const feedback_churn *f = l->feedback;
    for (size_t j = 0; f && j < f->k; j++) {
        const feedback_effect *e = &f->effect[j];
        if (e->key && strcmp(e->key, key) == 0)
            return e->tag && e->clear && e->coef > 0 && f->x[i * f->k + j] > 0;
    }
    return 0;
}

/* Why row `r` of the list is on it, in facts of the data and the model; `fi`
 * (may be NULL) gives what the customer said in feedback. */
static void reasons_text(const atrisk_list *l, const co_atrisk_row *r, const feedback_intents *fi,
                         char *buf, size_t size)
{
    const co_summary *w = l->weeks;
    size_t i = r->index;
    double p = l->p_alive[i], silent = w->days_since_last[i];
    char one[80];
    buf[0] = '\0';
    if (p < 0.005) { /* "0.00" would read as certainly gone */
        add_reason(buf, size, "P(alive) below 0.01");
    } else if (p < 0.5) {
        snprintf(one, sizeof one, "low P(alive) %.2f", p);
        add_reason(buf, size, one);
    }
    double gap = w->frequency[i] > 0 ? 7 * w->recency[i] / w->frequency[i] : 0; /* mean days
                                                                  between order days */
    if (w->frequency[i] == 0) {
        snprintf(one, sizeof one, "one order, %.0f days ago", silent);
        add_reason(buf, size, one);
    } else if (silent > gap) {
        snprintf(one, sizeof one, "no order for %.0f days, usually every %.0f", silent, gap);
        add_reason(buf, size, one);
    }
    if (r->days_since_detractor >= 0 && r->days_since_detractor <= DETRACTOR_DAYS) {
        snprintf(one, sizeof one, "detractor %lld days ago", (long long)r->days_since_detractor);
        add_reason(buf, size, one);
    }
    if (r->open_contacts > 0 && !cites(l, i, "open_contact")) {
        snprintf(one, sizeof one, "%llu open contact%s", (unsigned long long)r->open_contacts,
                 r->open_contacts == 1 ? "" : "s");
        add_reason(buf, size, one);
    }
    if (l->feedback) /* the feedback that speeds this customer's drop-out, with its size */
        for (size_t j = 0; j < l->feedback->k; j++) {
            const feedback_effect *e = &l->feedback->effect[j];
            if (cites(l, i, e->key)) {
                snprintf(one, sizeof one, "%s: drop-out rate %.1fx", e->tag, exp(e->coef));
                add_reason(buf, size, one);
            }
        }
    if (fi && fi->status == CO_OK && fi->cancel_day[w->customer[i]] != INT64_MIN) {
        char day[11];
        day_text(fi->cancel_day[w->customer[i]], day);
        snprintf(one, sizeof one, "said they would cancel on %s", day);
        add_reason(buf, size, one);
    }
    if (buf[0] == '\0') {
        snprintf(one, sizeof one, "worth %.0f in 12 months if retained", r->value);
        add_reason(buf, size, one);
    }
}

static void list_table(const report_ctx *ctx, const atrisk_list *l, report_sink *s)
{
    s->table_begin(s, "customers", "Top customers by value at risk", COLUMNS, keys, labels);
    for (size_t k = 0; k < l->count; k++) {
        const co_atrisk_row *r = &l->rows[k];
        size_t i = r->index;
        co_customer_view c = {.size = sizeof c};
        co_store_get_customer(ctx->data->store, l->weeks->customer[i], &c);
        char why[320];
        reasons_text(l, r, report_feedback_intents(ctx), why, sizeof why);
        cell row[COLUMNS] = {cell_int((long long)k + 1),
                             cell_text(c.id),
                             cell_text(c.name),
                             cell_number(l->p_alive[i], 3),
                             cell_number(l->p_alive_lower[k], 3),
                             cell_number(l->p_alive_upper[k], 3),
                             cell_number(l->clv[i], 2),
                             cell_number(l->clv_lower[k], 2),
                             cell_number(l->clv_upper[k], 2),
                             cell_number(r->value, 2),
                             cell_number(r->value_at_risk, 2),
                             cell_int((long long)l->weeks->days_since_last[i]),
                             r->days_since_detractor >= 0 ? cell_int(r->days_since_detractor)
                                                          : cell_number(NAN, 0),
                             cell_int((long long)r->open_contacts),
                             cell_text(why)};
        s->row(s, row);
    }
    s->table_end(s);
}

/* Why the data cannot back a list made on `from` up to the as-of day, or
 * NULL when they can. */
static const char *uncovered(const report_ctx *ctx, co_day from, char *buf, size_t size)
{
    co_day first, last, unused;
    char day[11];
    if (co_store_day_range(ctx->data->store, CO_RECORD_ALL, &unused, &last) != CO_OK ||
        last < ctx->as_of) {
        snprintf(buf, size, "not covered: the data end before the as-of day");
        return buf;
    }
    if (co_store_day_range(ctx->data->store, CO_RECORD_ORDERS, &first, &unused) != CO_OK ||
        first > from) {
        day_text(from, day);
        snprintf(buf, size, "not covered: no order on or before %s", day);
        return buf;
    }
    return NULL;
}

/* The list as of `from`, checked against the orders up to the as-of day.
 * Returns 0, 1 for a step that failed (`why` says which), or -1 when out of
 * memory. */
static int run_backtest(const report_ctx *ctx, co_day from, co_atrisk_backtest_result *out,
                        char *why, size_t size)
{
    const co_store *store = ctx->data->store;
    co_summary *summary = NULL;
    int rc = co_store_summary(store, from, CO_UNIT_WEEKS, &summary);
    if (rc < 0) {
        snprintf(why, size, "not covered: %s", co_errmsg());
        return rc == CO_ENOMEM ? -1 : 1;
    }
    atrisk_list l;
    size_t cap = co_store_count(store, CO_RECORD_ORDERS) + 1, n_orders = 0;
    size_t *customer = malloc(cap * sizeof *customer);
    co_day *day = malloc(cap * sizeof *day);
    paretonbd_once purchases = {0}; /* fits of its own: another day's summary */
    spend_once spend = {0};
    feedback_churn fb;
    int made = feedback_churn_make(&fb, store, summary, from, from, 0); /* no reasons, bands */
    if (made == 0)
        made = atrisk_list_make(&l, store, summary, from, (size_t)ctx->top, &purchases, &spend, &fb,
                                0);
    else
        memset(&l, 0, sizeof l);
    int result = -1;
    if (made == 0 && customer && day) {
        rc = l.status;
        if (rc != CO_OK)
            snprintf(why, size, "no list on that day: %s", l.error);
        if (rc == CO_OK)
            rc = co_store_orders_as_of(store, ctx->as_of, customer, day, NULL, &n_orders);
        if (rc == CO_OK)
            rc = co_atrisk_backtest(summary->customer, summary->n, l.rows, l.count, customer, day,
                                    n_orders, from, BACKTEST_DAYS, out);
        if (rc != CO_OK && rc != l.status)
            snprintf(why, size, "%s", co_errmsg());
        result = rc == CO_OK ? 0 : rc == CO_ENOMEM ? -1 : 1;
    }
    free(customer);
    free(day);
    atrisk_list_free(&l);
    feedback_churn_free(&fb);
    co_summary_free(summary);
    return result;
}

/* The evidence under the list: the same rule and list size as of BACKTEST_DAYS
 * earlier, and how many of that list ordered since, against all buyers. */
static int backtest(const report_ctx *ctx, report_sink *s)
{
    co_day from = ctx->as_of - BACKTEST_DAYS;
    char from_text[11], why[320];
    day_text(from, from_text);
    co_atrisk_backtest_result r = {.size = sizeof r};
    const char *status = uncovered(ctx, from, why, sizeof why);
    if (!status) {
        int rc = run_backtest(ctx, from, &r, why, sizeof why);
        if (rc < 0)
            return -1;
        status = rc == 0 ? "covered" : why;
    }
    int ok = status != why;
    double missing = NAN;
    s->figure(s, "backtest_from", "Backtest: the list as of", cell_text(from_text), NULL);
    s->figure(s, "backtest_days", "Backtest: orders watched for", cell_int(BACKTEST_DAYS), "days");
    s->figure(s, "backtest_coverage", "Backtest data", cell_text(status), NULL);
    s->figure(s, "backtest_listed", "Customers on that list",
              ok ? cell_int((long long)r.listed) : cell_number(missing, 0), NULL);
    s->figure(s, "backtest_listed_rate", "Of them, ordered again",
              cell_number(ok ? 100 * r.listed_rate : missing, 1), "%");
    s->figure(s, "backtest_ranked", "Buyers on that day",
              ok ? cell_int((long long)r.ranked) : cell_number(missing, 0), NULL);
    s->figure(s, "backtest_base_rate", "Of them, ordered again",
              cell_number(ok ? 100 * r.base_rate : missing, 1), "%");
    s->figure(s, "backtest_lift", "Lift (list rate / base rate)",
              cell_number(ok ? r.lift : missing, 2), NULL);
    return 0;
}

int section_atrisk(const report_ctx *ctx, report_sink *s)
{
    s->section_begin(s, "at_risk", "Customers most at risk");
    atrisk_list l;
    const feedback_churn *fb = report_feedback_churn(ctx);
    if (!fb)
        return -1;
    /* the Pareto/NBD and Gamma-Gamma fits of the model section when it made them,
     * else made here for it */
    if (atrisk_list_make(&l, ctx->data->store, ctx->summary, ctx->as_of, (size_t)ctx->top,
                         &ctx->model->paretonbd_fit, &ctx->model->spend_fit, fb, 1) < 0) {
        atrisk_list_free(&l);
        return -1;
    }
    int rc = 0;
    if (l.status != CO_OK) {
        s->note(s, l.error);
    } else {
        double total = 0;
        for (size_t i = 0; i < l.weeks->n; i++)
            total += (1 - l.p_alive[i]) * l.value_kept[i];
        s->figure(s, "p_alive_model", "P(alive) model",
                  cell_text(l.feedback ? "Pareto/NBD with feedback covariates" : "Pareto/NBD"),
                  NULL);
        s->figure(s, "value_at_risk_total", "Value at risk, whole base (Pareto/NBD)",
                  cell_number(total, 2), NULL);
        s->figure(s, "band_level", "Bands: central probability", cell_number(BAND_LEVEL, 2), NULL);
        s->figure(s, "band_draws", "Bands: parameter draws", cell_int(BAND_DRAWS), NULL);
        s->figure(s, "bands", "Bands",
                  cell_text(l.band_status == CO_OK ? "computed" : l.band_error), NULL);
        list_table(ctx, &l, s);
        s->note(s, "Value at risk = (1 - P(alive)) x 12-month value if retained (Pareto/NBD "
                   "and Gamma-Gamma); ties go to more open contacts, then the more recent "
                   "detractor. The list keeps Pareto/NBD whatever the model check recommends: "
                   "the check scores how many purchases are forecast, the list who buys again, "
                   "and BG/NBD's P(alive) is 1 for every one-time buyer. When the model with "
                   "the feedback covariates beats the plain one (section \"What in the feedback "
                   "predicts who stops buying\"), each customer's P(alive) and values come from "
                   "their own drop-out rate under it, and the reasons name the feedback that "
                   "raises it (\"detractor: drop-out rate 2.1x\").");
        s->note(s, "Low and high: the central 90% of P(alive) and CLV over 1000 draws of the "
                   "Pareto/NBD and Gamma-Gamma parameters from their estimates' uncertainty. "
                   "They say how far the figures could move with another sample of the same "
                   "size, not how much the customer will buy.");
        rc = backtest(ctx, s);
    }
    atrisk_list_free(&l);
    s->section_end(s);
    return rc;
}
