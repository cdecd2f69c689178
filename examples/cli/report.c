/* Running sections into the outputs (see report.h). */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "term.h"

void day_text(co_day day, char out[11])
{
    if (co_date_format(day, out) < 0)
        strcpy(out, "-");
}

int report_run_sections(const cli_args *args, const report_ctx *ctx, const char *title,
                        const report_section *sections, size_t count)
{
    char as_of[11];
    day_text(ctx->as_of, as_of);
    report_meta meta = {title, ctx->data->source, as_of, co_version()};
    out_file html;
    memset(&html, 0, sizeof html);
    if (args->html && out_open(&html, args->html) < 0) {
        term_error("%s: cannot write: %s", args->html,
                   errno == ENXIO ? "a FIFO that no process reads" : strerror(errno));
        return EXIT_OUTPUT;
    }
    /* `--html -` (or /dev/stdout) puts the page on standard output, in place
     * of the report: two documents in one stream would garble both. */
    int page_on_stdout = args->html && out_is_stdout(args->html);
    report_sink *console = page_on_stdout ? NULL
                           : args->json   ? sink_json_new(stdout, &meta)
                                          : sink_text_new(stdout, &meta);
    report_sink *page = args->html ? sink_html_new(html.f, &meta) : NULL;
    report_sink *sink = sink_tee_new(console, page);
    if (!sink) {
        if (console)
            console->destroy(console);
        if (page)
            page->destroy(page);
    }
    if ((!console && !page_on_stdout) || (args->html && !page) || !sink) {
        term_error("out of memory");
        if (sink)
            sink->destroy(sink);
        out_abort(&html);
        return EXIT_FAIL;
    }
    int failed = 0;
    for (size_t i = 0; i < count && !failed; i++) {
        progress(args->quiet, "custorient: %s ...", sections[i].doing);
        failed = sections[i].run(ctx, sink) < 0;
    }
    progress_done(args->quiet);
    /* Finish each output on its own: a closed pipe on stdout must not cost
     * the HTML page, nor a full disk the text. */
    int console_failed = console && console->finish(console) < 0;
    int page_failed = page && page->finish(page) < 0;
    sink->destroy(sink);
    if (failed) {
        term_error("out of memory");
        out_abort(&html);
        return EXIT_FAIL;
    }
    int rc = EXIT_OK;
    if (args->html && (page_failed || out_commit(&html) < 0)) {
        term_error("%s: cannot write: %s", args->html,
                   page_failed ? "write error" : strerror(errno));
        out_abort(&html);
        rc = EXIT_OUTPUT;
    }
    if (console_failed) {
        term_error("cannot write the report to standard output");
        rc = EXIT_OUTPUT;
    }
    return rc;
}

/* The day the data reaches: its last record of any kind (1970-01-01 when
 * there is none). */
co_day report_default_as_of(const dataset *data)
{
    co_day first, last;
    return co_store_day_range(data->store, CO_RECORD_ALL, &first, &last) == CO_OK ? last : 0;
}

const holdout_check *report_holdout_check(const report_ctx *ctx)
{
    holdout_check *c = ctx->check;
    if (!c->ran && holdout_check_run(c, ctx->data->store, ctx->calibration_end, ctx->as_of) < 0)
        return NULL;
    return c;
}

const feedback_intents *report_feedback_intents(const report_ctx *ctx)
{
    feedback_intents *fi = ctx->intents;
    if (!fi->ran && feedback_intents_run(fi, ctx->data->store, ctx->as_of) < 0)
        return NULL;
    return fi;
}

const feedback_churn *report_feedback_churn(const report_ctx *ctx)
{
    feedback_churn *f = ctx->churn;
    if (!f->made && feedback_churn_make(f, ctx->data->store, ctx->summary, ctx->as_of,
                                        ctx->calibration_end, 1) < 0)
        return NULL;
    return f;
}

int report_run(const cli_args *args, const dataset *data, const survey_answers *survey,
               const char *title, const report_section *sections, size_t count)
{
    report_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.data = data;
    ctx.survey = survey;
    ctx.as_of = args->has_as_of ? args->as_of : report_default_as_of(data);
    ctx.calibration_end =
        args->has_calibration_end ? args->calibration_end : ctx.as_of - MODEL_CHECK_DAYS;
    ctx.top = args->top;
    ctx.quiet = args->quiet;
    co_summary *summary = NULL;
    int rc = co_store_summary(data->store, ctx.as_of, CO_UNIT_WEEKS, &summary);
    if (rc == CO_EOVERFLOW) { /* a customer's orders add up past a double: bad data */
        term_error("%s: %s", data->orders_path, co_errmsg());
        return EXIT_DATA;
    }
    if (rc < 0) {
        term_error("%s", co_errmsg());
        return exit_code_for(rc);
    }
    churn_model model;
    memset(&model, 0, sizeof model);
    ctx.summary = summary;
    ctx.model = &model;
    holdout_check check;
    memset(&check, 0, sizeof check);
    ctx.check = &check;
    feedback_intents intents;
    memset(&intents, 0, sizeof intents);
    ctx.intents = &intents;
    feedback_churn churn;
    memset(&churn, 0, sizeof churn);
    ctx.churn = &churn;
    rc = report_run_sections(args, &ctx, title, sections, count);
    feedback_churn_free(&churn);
    feedback_intents_free(&intents);
    holdout_check_free(&check);
    churn_model_free(&model);
    co_summary_free(summary);
    return rc;
}
