/* RFM segments of the buying customers (scores as the R package rfm). */
#include <stdlib.h>

#include "report.h"

static const char *const cut_keys[] = {"variable", "cut_1", "cut_2", "cut_3", "cut_4"};
static const char *const cut_labels[] = {"Variable", "Cut 1", "Cut 2", "Cut 3", "Cut 4"};
static const char *const seg_keys[] = {"segment", "customers", "share",
                                       "orders",  "revenue",   "average_order_value"};
static const char *const seg_labels[] = {"Segment", "Customers", "Share %",
                                         "Orders",  "Revenue",   "Avg order"};

int section_rfm(const report_ctx *ctx, report_sink *s)
{
    const co_summary *sum = ctx->summary;
    size_t n = sum->n;
    s->section_begin(s, "rfm", "RFM segments");
    s->figure(s, "scored_customers", "Customers scored", cell_int((long long)n), NULL);
    if (n == 0) {
        s->note(s, "No orders up to the as-of day: nothing to score.");
        s->section_end(s);
        return 0;
    }
    const double *freq = sum->order_count;
    uint8_t *scores = malloc(3 * n);
    int *seg = malloc(n * sizeof *seg);
    if (!scores || !seg) {
        free(scores);
        free(seg);
        return -1;
    }
    /* Cut points first, so the table shows what the scores mean. */
    double cuts[3][4];
    const double *vars[3] = {sum->days_since_last, freq, sum->total_spend};
    int rc = CO_OK;
    for (int v = 0; v < 3 && rc == CO_OK; v++)
        rc = co_rfm_cuts(vars[v], n, 5, 1.0, cuts[v]);
    if (rc == CO_OK)
        rc = co_rfm_scores(sum->days_since_last, freq, sum->total_spend, n, NULL, scores,
                           scores + n, scores + 2 * n);
    if (rc == CO_OK)
        rc = co_rfm_segments(scores, scores + n, scores + 2 * n, n, NULL, 0, seg);
    uint64_t customers[CO_RFM_SEGMENT_COUNT];
    double orders[CO_RFM_SEGMENT_COUNT], revenue[CO_RFM_SEGMENT_COUNT];
    if (rc == CO_OK)
        rc = co_rfm_summarize(seg, freq, sum->total_spend, n, CO_RFM_SEGMENT_COUNT, customers,
                              orders, revenue);
    free(scores);
    free(seg);
    if (rc < 0) {
        if (rc == CO_ENOMEM)
            return -1;
        s->note(s, co_errmsg());
        s->section_end(s);
        return 0;
    }

    s->table_begin(s, "thresholds", "Score cut points (quintiles + 1)", 5, cut_keys, cut_labels);
    static const char *const names[3] = {"recency_days", "orders", "revenue"};
    for (int v = 0; v < 3; v++) {
        cell row[5] = {cell_text(names[v])};
        for (int k = 0; k < 4; k++)
            row[k + 1] = cell_number(cuts[v][k], 2);
        s->row(s, row);
    }
    s->table_end(s);
    s->note(s, "A value at or above cut k scores k + 1; recency is reversed (fewer days "
               "score higher: at or above cut k scores 5 - k).");

    s->table_begin(s, "segments", "Segments", 6, seg_keys, seg_labels);
    const char *bar_names[CO_RFM_SEGMENT_COUNT];
    double bar_values[CO_RFM_SEGMENT_COUNT];
    for (int k = 0; k < CO_RFM_SEGMENT_COUNT; k++) {
        bar_names[k] = co_rfm_segment_name(k);
        bar_values[k] = (double)customers[k];
        cell row[6] = {cell_text(co_rfm_segment_name(k)),
                       cell_int((long long)customers[k]),
                       cell_number(100.0 * (double)customers[k] / (double)n, 1),
                       cell_int((long long)orders[k]),
                       cell_number(revenue[k], 2),
                       cell_number(orders[k] > 0 ? revenue[k] / orders[k] : 0, 2)};
        s->row(s, row);
    }
    s->table_end(s);
    svg_bar_chart bars = {.id = "segment-sizes",
                          .title = "Customers per RFM segment",
                          .n = CO_RFM_SEGMENT_COUNT,
                          .names = bar_names,
                          .values = bar_values};
    s->chart(s, CHART_BARS, &bars);
    s->section_end(s);
    return 0;
}
