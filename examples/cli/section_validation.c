/* Holdout validation (validate): the calibration/holdout split of the
 * orders, BG/NBD and Pareto/NBD against two naive baselines, the recommended
 * model, and its checks by calibration frequency and over calendar time. */
#include "holdout_check.h"
#include "report.h"

int section_validation(const report_ctx *ctx, report_sink *s)
{
    const holdout_check *c = report_holdout_check(ctx);
    if (!c)
        return -1;
    s->section_begin(s, "validation", "Purchase model validation (holdout)");
    int rc = 0;
    if (c->status != CO_OK) {
        s->note(s, c->error);
    } else {
        holdout_check_emit(c, s);
        rc = holdout_check_emit_checks(c, ctx->data->store, "validation-", s);
    }
    s->section_end(s);
    return rc;
}
