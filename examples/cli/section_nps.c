/* NPS with its confidence interval, and the month-by-month trend with the
 * months that differ significantly from the month before flagged. */
#include <math.h>
#include <stdlib.h>

#include "report.h"

/* Two-sided p-value below which a month-to-month change is flagged. */
#define CHANGE_ALPHA 0.05

static const char *const trend_keys[] = {"month", "responses", "nps",     "lower",
                                         "upper", "change",    "p_value", "significant"};
static const char *const trend_labels[] = {"Month",    "Responses", "NPS", "95% low",
                                           "95% high", "Change",    "p",   "Flag"};

void nps_emit_overall(report_sink *s, const co_nps *all)
{
    double score = NAN;
    co_nps_interval wald = {NAN, NAN, NAN, NAN}, adjusted = wald;
    co_nps_score(all, &score);
    co_nps_confint(all, 0.95, CO_NPS_WALD, &wald);
    co_nps_confint(all, 0.95, CO_NPS_ADJUSTED, &adjusted);
    s->figure(s, "responses", "Responses", cell_int((long long)co_nps_count(all)), NULL);
    s->figure(s, "detractors", "Detractors (0-6)",
              cell_int((long long)all->count[CO_NPS_DETRACTOR]), NULL);
    s->figure(s, "passives", "Passives (7-8)", cell_int((long long)all->count[CO_NPS_PASSIVE]),
              NULL);
    s->figure(s, "promoters", "Promoters (9-10)", cell_int((long long)all->count[CO_NPS_PROMOTER]),
              NULL);
    s->figure(s, "nps", "NPS", cell_number(score, 1), "points");
    s->figure(s, "se", "Standard error", cell_number(wald.se, 2), "points");
    s->figure(s, "ci_lower", "95% interval (Wald), low", cell_number(wald.lower, 1), NULL);
    s->figure(s, "ci_upper", "95% interval (Wald), high", cell_number(wald.upper, 1), NULL);
    s->figure(s, "adjusted_ci_lower", "95% interval (adjusted Wald), low",
              cell_number(adjusted.lower, 1), NULL);
    s->figure(s, "adjusted_ci_upper", "95% interval (adjusted Wald), high",
              cell_number(adjusted.upper, 1), NULL);
}

int section_nps(const report_ctx *ctx, report_sink *s)
{
    co_feedback_answers *answers = NULL;
    int rc = co_store_feedback_answers(ctx->data->store, CO_FEEDBACK_NPS, ctx->as_of, &answers);
    if (rc < 0)
        return -1;
    size_t n = answers->n;
    s->section_begin(s, "nps", "Net Promoter Score");
    co_nps all = {{0, 0, 0}, {0, 0, 0}, 0};
    co_nps_period *months = NULL;
    size_t n_months = 0;
    rc = co_nps_add_many_int(&all, answers->score, n);
    if (rc == CO_OK && n > 0)
        rc = co_nps_by_period(answers->day, answers->score, NULL, n, CO_PERIOD_MONTH, &months,
                              &n_months);
    co_feedback_answers_free(answers);
    if (rc == CO_ENOMEM)
        return -1;
    if (rc < 0 || n == 0) {
        s->figure(s, "responses", "Responses", cell_int(0), NULL);
        s->note(s, rc < 0 ? co_errmsg() : "No NPS answers up to the as-of day.");
        s->section_end(s);
        return 0;
    }
    nps_emit_overall(s, &all);

    char(*names)[8] = malloc(n_months * sizeof *names);
    const char **labels = malloc(n_months * sizeof *labels);
    double *y = malloc(3 * n_months * sizeof *y);
    unsigned char *marked = calloc(n_months, 1);
    if (!names || !labels || !y || !marked) {
        free(names);
        free(labels);
        free(y);
        free(marked);
        co_nps_periods_free(months);
        return -1;
    }
    double *lo = y + n_months, *hi = y + 2 * n_months;
    s->table_begin(s, "monthly",
                   "Month by month (changes against the month before; "
                   "flagged when p < 0.05)",
                   8, trend_keys, trend_labels);
    size_t flagged = 0;
    for (size_t m = 0; m < n_months; m++) {
        char date[11];
        day_text(months[m].start, date);
        snprintf(names[m], sizeof names[m], "%.7s", date);
        labels[m] = names[m];
        co_nps_interval ci = {NAN, NAN, NAN, NAN};
        double score = NAN;
        co_nps_score(&months[m].nps, &score);
        co_nps_confint(&months[m].nps, 0.95, CO_NPS_ADJUSTED, &ci);
        y[m] = score;
        lo[m] = ci.lower;
        hi[m] = ci.upper;
        co_nps_diff diff = {NAN, NAN, NAN, NAN};
        if (m > 0)
            co_nps_compare(&months[m].nps, &months[m - 1].nps, &diff);
        marked[m] = m > 0 && diff.p_value < CHANGE_ALPHA;
        flagged += marked[m];
        cell row[8] = {cell_text(names[m]),
                       cell_int((long long)co_nps_count(&months[m].nps)),
                       cell_number(score, 1),
                       cell_number(ci.lower, 1),
                       cell_number(ci.upper, 1),
                       cell_number(diff.difference, 1),
                       cell_number(diff.p_value, 3),
                       cell_text(marked[m] ? (diff.difference > 0 ? "up" : "down") : "")};
        s->row(s, row);
    }
    s->table_end(s);
    s->figure(s, "significant_changes", "Significant month-to-month changes",
              cell_int((long long)flagged), NULL);
    svg_line_chart chart = {.id = "nps-trend",
                            .title = "NPS by month (95% adjusted Wald band)",
                            .x_label = "month",
                            .y_label = "NPS",
                            .n = n_months,
                            .x_names = labels,
                            .y = y,
                            .lo = lo,
                            .hi = hi,
                            .marked = marked,
                            .y_min = -100,
                            .y_max = 100};
    s->chart(s, CHART_LINE, &chart);
    s->note(s, "Monthly intervals use the adjusted Wald method (sound for small months); "
               "circled points differ significantly from the month before.");
    s->section_end(s);
    free(names);
    free(labels);
    free(y);
    free(marked);
    co_nps_periods_free(months);
    return 0;
}
