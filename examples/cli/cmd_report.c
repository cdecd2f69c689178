/* The analysing commands: report, nps, churn and rfm. Each is a list of
 * report sections over a data set. */
#include "commands.h"
#include "report.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const report_section report_sections[] = {
    {"customer base", section_customers},
    {"NPS", section_nps},
    {"CSAT and CES", section_satisfaction},
    {"sentiment and topics", section_text},
    {"intents", section_intents},
    {"retention", section_retention},
    {"checking the purchase models on the last half year", section_modelcheck},
    {"fitting the purchase and spend models", section_models},
    {"what the feedback says about who stops buying", section_feedback_churn},
    {"ranking customers at risk", section_atrisk},
    {"RFM segments", section_rfm},
    {"scoring the instrument", section_instrument}, /* last: only with --answers */
};

static const report_section nps_sections[] = {
    {"NPS", section_nps},
};

static const report_section churn_sections[] = {
    {"customer base", section_customers},
    {"retention", section_retention},
    {"fitting the purchase and spend models", section_models},
    {"ranking customers at risk", section_atrisk},
};

static const report_section rfm_sections[] = {
    {"customer base", section_customers},
    {"RFM segments", section_rfm},
};

static int run_on(const cli_args *args, int kind, const char *title, const report_section *sections,
                  size_t count)
{
    survey_answers survey = {NULL, NULL, NULL, 0};
    int rc = args->answers ? survey_load(args, &survey) : EXIT_OK;
    if (rc != EXIT_OK)
        return rc;
    dataset d;
    rc = kind < 0 ? dataset_load_dir(args->operand, &d)
                  : dataset_load_file(args->operand, (co_record_kind)kind, &d);
    if (rc == EXIT_OK) {
        rc = report_run(args, &d, args->answers ? &survey : NULL, title, sections, count);
        dataset_free(&d);
    }
    survey_free(&survey);
    return rc;
}

int cmd_report(const cli_args *args)
{
    if (args->stream)
        return report_stream(args);
    if (args->scheduler)
        return report_on_dask(args);
    return run_on(args, -1, "Customer-orientation report", report_sections,
                  COUNT(report_sections) - (args->answers ? 0 : 1));
}

int cmd_nps(const cli_args *args)
{
    return run_on(args, CO_RECORD_FEEDBACK, "Net Promoter Score", nps_sections,
                  COUNT(nps_sections));
}

int cmd_churn(const cli_args *args)
{
    return run_on(args, CO_RECORD_ORDERS, "Churn risk", churn_sections, COUNT(churn_sections));
}

int cmd_rfm(const cli_args *args)
{
    return run_on(args, CO_RECORD_ORDERS, "RFM segments", rfm_sections, COUNT(rfm_sections));
}
