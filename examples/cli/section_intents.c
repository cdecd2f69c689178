/* What customers said they want: the feedback texts with a cancel or refund
 * intent, month by month (docs/intents.md, docs/report.md). */
#include "feedback_intents.h"
#include "report.h"

static const char *const keys[] = {"month", "cancel", "refund"};
static const char *const labels[] = {"Month", "Cancel", "Refund"};

int section_intents(const report_ctx *ctx, report_sink *s)
{
    const feedback_intents *fi = report_feedback_intents(ctx);
    if (!fi)
        return -1;
    s->section_begin(s, "intents", "Customer intents in feedback");
    if (fi->status != CO_OK) {
        s->note(s, co_strerror(fi->status));
        s->section_end(s);
        return 0;
    }
    s->figure(s, "texts", "Feedback texts", cell_int((long long)fi->texts), NULL);
    s->figure(s, "cancel_texts", "Texts saying they would cancel",
              cell_int((long long)fi->cancel_texts), NULL);
    s->figure(s, "refund_texts", "Texts asking for a refund", cell_int((long long)fi->refund_texts),
              NULL);
    s->figure(s, "cancel_customers", "Customers saying cancel",
              cell_int((long long)fi->cancel_customers), NULL);
    s->table_begin(s, "monthly", "Cancel and refund texts by month", 3, keys, labels);
    for (int m = 0; m < INTENT_MONTHS; m++) {
        char month[11];
        day_text(fi->month[m], month);
        month[7] = '\0'; /* YYYY-MM */
        cell row[3] = {cell_text(month), cell_int((long long)fi->cancel[m]),
                       cell_int((long long)fi->refund[m])};
        s->row(s, row);
    }
    s->table_end(s);
    s->section_end(s);
    return 0;
}
