/* NPS of a survey export: read customers.csv and feedback.csv of a data
 * directory, then print the score, its 95% interval and the monthly trend.
 *
 *     nps_from_csv DATA_DIR
 */
#include <custorient.h>
#include <stdio.h>

static int fail(const char *what)
{
    fprintf(stderr, "nps_from_csv: %s: %s\n", what, co_errmsg());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: nps_from_csv DATA_DIR\n");
        return 2;
    }
    char path[4096];
    co_store *store;
    if (co_store_new(&store) < 0)
        return fail("store");
    snprintf(path, sizeof path, "%s/customers.csv", argv[1]);
    if (co_store_import_csv(store, CO_RECORD_CUSTOMERS, path, NULL, NULL) < 0)
        return fail(path);
    snprintf(path, sizeof path, "%s/feedback.csv", argv[1]);
    if (co_store_import_csv(store, CO_RECORD_FEEDBACK, path, NULL, NULL) < 0)
        return fail(path);

    /* The NPS answers and their days, up to the last day with feedback. */
    co_day first, last;
    co_feedback_answers *a;
    if (co_store_day_range(store, CO_RECORD_FEEDBACK, &first, &last) < 0 ||
        co_store_feedback_answers(store, CO_FEEDBACK_NPS, last, &a) < 0)
        return fail("feedback");

    co_nps all = {0};
    co_nps_interval ci;
    double nps;
    if (co_nps_add_many_int(&all, a->score, a->n) < 0 || co_nps_score(&all, &nps) < 0 ||
        co_nps_confint(&all, 0.95, CO_NPS_ADJUSTED, &ci) < 0)
        return fail("NPS");
    printf("NPS %.1f (95%% interval %.1f to %.1f) from %zu answers\n", nps, ci.lower, ci.upper,
           a->n);

    co_nps_period *months;
    size_t count;
    if (co_nps_by_period(a->day, a->score, NULL, a->n, CO_PERIOD_MONTH, &months, &count) < 0)
        return fail("monthly NPS");
    for (size_t m = 0; m < count; m++) {
        char date[11];
        co_date_format(months[m].start, date);
        co_nps_score(&months[m].nps, &nps);
        printf("  %.7s  %6.1f  (%llu answers)\n", date, nps,
               (unsigned long long)co_nps_count(&months[m].nps));
    }
    co_nps_periods_free(months);
    co_feedback_answers_free(a);
    co_store_free(store);
    return 0;
}
