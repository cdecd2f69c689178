/* `custorient report --stream DATA_DIR`: orders.csv and feedback.csv read
 * once, in blocks, into a per-customer summary and a feedback tally
 * (custorient/stream.h), so files larger than memory can be reported on. Only
 * the sections those two can feed run; the report lists the others. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "report.h"
#include "term.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const report_section stream_sections[] = {
    {"customer base", section_customers},
    {"NPS, CSAT and CES", section_stream_feedback},
    {"listing what --stream leaves out", section_stream_skipped},
};

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
    /* Without --as-of: the last day of either file, as the report takes the last record. */
    if (has_feedback && !args->has_as_of)
        o.as_of_at_least = tally.as_of;
    paths[0] = orders;
    co_stream_summary *sum = NULL;
    progress(args->quiet, "custorient: reading %s ...", orders);
    rc = co_stream_summarize_orders(paths, 1, &o, &sum);
    progress_done(args->quiet);
    if (rc < 0)
        return fail(rc);
    co_day as_of = co_stream_summary_as_of(sum);
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
