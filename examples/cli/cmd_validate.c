/* custorient validate: holdout check and choice of the purchase model. */
#include "commands.h"
#include "report.h"
#include "term.h"

static const report_section validate_sections[] = {
    {"validating BG/NBD and Pareto/NBD on the holdout", section_validation},
};

int cmd_validate(const cli_args *args)
{
    dataset d;
    int rc = dataset_load_dir(args->operand, &d);
    if (rc != EXIT_OK)
        return rc;
    co_day end = args->has_as_of ? args->as_of : report_default_as_of(&d);
    if (args->calibration_end >= end) {
        char cal[11], obs[11];
        day_text(args->calibration_end, cal);
        day_text(end, obs);
        term_error("the calibration end %s leaves no holdout period "
                   "(the data end on %s)",
                   cal, obs);
        rc = EXIT_DATA;
    } else {
        rc = report_run(args, &d, NULL, "Purchase model validation", validate_sections, 1);
    }
    dataset_free(&d);
    return rc;
}
