/* `custorient report --stream DATA_DIR`: orders.csv and feedback.csv read
 * once, in blocks, into a per-customer summary and a feedback tally
 * (custorient/stream.h), so files larger than memory can be reported on. Only
 * the sections those two can feed run; the report lists the others. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "report.h"
#include "term.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Window of "recent" activity, in days (as section_customers). */
#define ACTIVE_DAYS 90

static const report_section stream_sections[] = {
    {"customer base", section_stream_customers},
    {"NPS, CSAT and CES", section_stream_feedback},
    {"listing what --stream leaves out", section_stream_skipped},
};

int section_stream_customers(const report_ctx *ctx, report_sink *s)
{
    const co_summary *sum = co_stream_summary_rows(ctx->stream);
    uint64_t orders = 0;
    double revenue = 0;
    size_t active = 0, single = 0;
    co_day first = INT64_MAX, last = INT64_MIN;
    for (size_t i = 0; i < sum->n; i++) {
        orders += sum->orders[i];
        revenue += sum->total_spend[i];
        active += ctx->as_of - sum->last_order[i] <= ACTIVE_DAYS;
        single += sum->orders[i] == 1;
        if (sum->first_order[i] < first)
            first = sum->first_order[i];
        if (sum->last_order[i] > last)
            last = sum->last_order[i];
    }
    s->section_begin(s, "customers", "Customer base and activity");
    s->figure(s, "buyers", "Customers with orders", cell_int((long long)sum->n), NULL);
    s->figure(s, "active_90d", "Bought in the last 90 days", cell_int((long long)active), NULL);
    s->figure(s, "one_time_buyers", "Bought only once", cell_int((long long)single), NULL);
    s->figure(s, "orders", "Orders", cell_int((long long)orders), NULL);
    s->figure(s, "revenue", "Revenue", cell_number(revenue, 2), NULL);
    s->figure(s, "revenue_per_buyer", "Revenue per buying customer",
              cell_number(sum->n ? revenue / (double)sum->n : NAN, 2), NULL);
    s->figure(s, "average_order_value", "Average order value",
              cell_number(orders ? revenue / (double)orders : NAN, 2), NULL);
    char a[11], b[11];
    day_text(first, a);
    day_text(last, b);
    s->figure(s, "first_order", "First order", cell_text(sum->n ? a : NULL), NULL);
    s->figure(s, "last_order", "Last order", cell_text(sum->n ? b : NULL), NULL);
    if (ctx->tally)
        s->figure(s, "feedback", "Feedback records", cell_int((long long)ctx->tally->rows), NULL);
    s->note(s, "Streamed: customers without orders, new customers and support contacts "
               "need the customers and contacts files, which --stream does not read.");
    s->section_end(s);
    return 0;
}

int section_stream_feedback(const report_ctx *ctx, report_sink *s)
{
    const co_feedback_tally *t = ctx->tally;
    if (!t)
        return 0;
    co_nps all;
    co_feedback_tally_nps(t, &all);
    s->section_begin(s, "nps", "Net Promoter Score");
    if (co_nps_count(&all) == 0) {
        s->figure(s, "responses", "Responses", cell_int(0), NULL);
        s->note(s, "No NPS answers up to the as-of day.");
    } else {
        nps_emit_overall(s, &all);
        s->note(s, "Streamed: the month-by-month trend is left out.");
    }
    s->section_end(s);
    const uint64_t *counts[2] = {t->csat, t->ces};
    for (int k = 0; k < 2; k++) {
        co_rating_options o;
        if (k)
            co_ces_options_init(&o, sizeof o);
        else
            co_csat_options_init(&o, sizeof o);
        size_t levels = k ? 7 : 5, n = 0;
        for (size_t i = 0; i < levels; i++)
            n += (size_t)counts[k][i];
        co_rating_summary sum = {.size = sizeof sum};
        int rc = n ? co_rating_summarize_counts(counts[k], levels, &o, &sum) : CO_OK;
        if (k)
            rating_emit(s, "ces", "Customer effort (CES 2.0)", "Found it easy (answers 5-7 of 1-7)",
                        n, rc, &sum);
        else
            rating_emit(s, "csat", "Customer satisfaction (CSAT)", "CSAT (answers 4-5 of 1-5)", n,
                        rc, &sum);
    }
    return 0;
}

int section_stream_skipped(const report_ctx *ctx, report_sink *s)
{
    s->section_begin(s, "skipped", "Left out by --stream");
    s->note(s, ctx->tally ? "These sections need every record in memory: sentiment and topics, "
                            "intents, retention, the model check, the purchase and spend models, "
                            "customers at risk and RFM segments. Run the report without --stream "
                            "on data that fits to get them."
                          : "No feedback.csv: no NPS, CSAT or CES. These sections need every "
                            "record in memory: sentiment and topics, intents, retention, the model "
                            "check, the purchase and spend models, customers at risk and RFM "
                            "segments.");
    s->section_end(s);
    return 0;
}

static int fail(int rc)
{
    term_error("%s", co_errmsg());
    return exit_code_for(rc);
}

int report_stream(const cli_args *args)
{
    char orders[4096], feedback[4096];
    snprintf(orders, sizeof orders, "%s/orders.csv", args->operand);
    snprintf(feedback, sizeof feedback, "%s/feedback.csv", args->operand);
    co_stream_options o;
    co_stream_options_init(&o, sizeof o);
    if (args->has_as_of)
        o.as_of = args->as_of;
    co_feedback_tally tally = {.size = sizeof tally};
    int has_feedback = access(feedback, F_OK) == 0, rc = CO_OK;
    const char *paths[1] = {feedback};
    progress(args->quiet, "custorient: reading %s ...", feedback);
    if (has_feedback && (rc = co_stream_tally_feedback(paths, 1, &o, &tally)) < 0) {
        progress_done(args->quiet);
        return fail(rc);
    }
    paths[0] = orders;
    co_stream_summary *sum = NULL;
    progress(args->quiet, "custorient: reading %s ...", orders);
    rc = co_stream_summarize_orders(paths, 1, &o, &sum);
    progress_done(args->quiet);
    if (rc < 0)
        return fail(rc);
    /* Without --as-of: the last day of either file, as the report takes the last record. */
    co_day as_of = co_stream_summary_as_of(sum);
    if (has_feedback && tally.as_of != CO_DAY_NONE && (as_of == CO_DAY_NONE || tally.as_of > as_of))
        as_of = tally.as_of;
    dataset d;
    memset(&d, 0, sizeof d);
    snprintf(d.source, sizeof d.source, "%s (streamed)", args->operand);
    report_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.data = &d;
    ctx.as_of = as_of == CO_DAY_NONE ? 0 : as_of;
    ctx.top = args->top;
    ctx.quiet = args->quiet;
    ctx.stream = sum;
    ctx.tally = has_feedback ? &tally : NULL;
    rc = report_run_sections(args, &ctx, "Customer-orientation report", stream_sections,
                             COUNT(stream_sections));
    co_stream_summary_free(sum);
    return rc;
}
