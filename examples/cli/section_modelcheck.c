/* The report's model check: validate's holdout comparison with the
 * calibration period ending MODEL_CHECK_DAYS before the as-of day. Its
 * recommendation is the purchase model of the models section. */
#include "holdout_check.h"
#include "report.h"

int section_modelcheck(const report_ctx *ctx, report_sink *s)
{
    const holdout_check *c = report_holdout_check(ctx);
    if (!c)
        return -1;
    s->section_begin(s, "model_check", "Which purchase model forecasts best (holdout check)");
    int rc = 0;
    if (c->status != CO_OK) {
        s->figure(s, "status", "Model check", cell_text(c->error), NULL);
    } else {
        s->figure(s, "status", "Model check", cell_text("done"), NULL);
        holdout_check_emit(c, s);
        rc = holdout_check_emit_checks(c, ctx->data->store, "model-check-", s);
    }
    s->section_end(s);
    return rc;
}
