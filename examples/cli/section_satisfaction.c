/* CSAT (top two of 1-5) and CES 2.0 (share agreeing 5-7 of 1-7). */
#include "report.h"

/* One rating summary as figures under keys prefixed by `key`. */
static int emit_rating(const report_ctx *ctx, report_sink *s, co_feedback_kind kind,
                       const char *key, const char *title, const char *box_label, int ces)
{
    co_feedback_answers *answers = NULL;
    if (co_store_feedback_answers(ctx->data->store, kind, ctx->as_of, &answers) < 0)
        return -1;
    size_t n = answers->n;
    co_rating_options opts;
    if (ces)
        co_ces_options_init(&opts, sizeof opts);
    else
        co_csat_options_init(&opts, sizeof opts);
    co_rating_summary sum = {.size = sizeof sum};
    int rc = n ? co_rating_summarize(answers->score, n, &opts, &sum) : CO_OK;
    co_feedback_answers_free(answers);
    if (rc == CO_ENOMEM)
        return -1;
    rating_emit(s, key, title, box_label, n, rc, &sum);
    return 0;
}

void rating_emit(report_sink *s, const char *key, const char *title, const char *box_label,
                 size_t n, int rc, const co_rating_summary *sum)
{
    s->section_begin(s, key, title);
    s->figure(s, "responses", "Responses", cell_int((long long)n), NULL);
    if (n == 0 || rc < 0) {
        s->note(s, rc < 0 ? co_errmsg() : "No answers up to the as-of day.");
        s->section_end(s);
        return;
    }
    s->figure(s, "score", box_label, cell_number(sum->share, 1), "%");
    s->figure(s, "score_lower", "95% interval (Wilson), low", cell_number(sum->share_lower, 1),
              "%");
    s->figure(s, "score_upper", "95% interval (Wilson), high", cell_number(sum->share_upper, 1),
              "%");
    s->figure(s, "mean", "Mean answer", cell_number(sum->mean, 2), NULL);
    s->figure(s, "mean_lower", "95% interval of the mean, low", cell_number(sum->mean_lower, 2),
              NULL);
    s->figure(s, "mean_upper", "95% interval of the mean, high", cell_number(sum->mean_upper, 2),
              NULL);
    s->section_end(s);
}

int section_satisfaction(const report_ctx *ctx, report_sink *s)
{
    if (emit_rating(ctx, s, CO_FEEDBACK_CSAT, "csat", "Customer satisfaction (CSAT)",
                    "CSAT (answers 4-5 of 1-5)", 0) < 0)
        return -1;
    return emit_rating(ctx, s, CO_FEEDBACK_CES, "ces", "Customer effort (CES 2.0)",
                       "Found it easy (answers 5-7 of 1-7)", 1);
}
