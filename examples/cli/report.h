/* Running report sections over a data set into the chosen outputs. */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include "args.h"
#include "churn_model.h"
#include "dataset.h"
#include "feedback_churn.h"
#include "feedback_intents.h"
#include "holdout_check.h"
#include "sink.h"

/* Answers to a survey instrument, loaded before the report runs. */
typedef struct survey_answers {
    co_instrument *inst;
    const char *name; /* as given: built-in name or definition file */
    double *answers;  /* respondents x items, NaN = missing */
    size_t respondents;
} survey_answers;

typedef struct report_ctx {
    const dataset *data;
    co_day as_of;
    long top;                     /* rows of ranked lists */
    int quiet;                    /* no progress */
    const co_summary *summary;    /* order summary as of as_of, in weeks (the models' unit;
                                     the other sections read its unit-free columns) */
    churn_model *model;           /* fitted on first use */
    const survey_answers *survey; /* instrument answers (--answers), or NULL */
    co_day calibration_end;       /* last day of the calibration period of the holdout check:
                                     validate's --calibration-end, else as_of minus
                                     MODEL_CHECK_DAYS */
    holdout_check *check;         /* run on first use, report_holdout_check() */
    feedback_intents *intents;    /* found on first use, report_feedback_intents() */
    /* --stream: the summary and the feedback tally of files read once; data->store is NULL */
    const co_stream_summary *stream;
    const co_feedback_tally *tally; /* NULL without feedback.csv */
    feedback_churn *churn;          /* made on first use, report_feedback_churn() */
} report_ctx;

/* The report's model check holds out the last half year, as the at-risk backtest. */
#define MODEL_CHECK_DAYS 182

/* The holdout check of ctx, run on first use; NULL when out of memory. */
const holdout_check *report_holdout_check(const report_ctx *ctx);

/* The intents of the feedback texts as of ctx->as_of, found on first use;
 * NULL when out of memory. */
const feedback_intents *report_feedback_intents(const report_ctx *ctx);

/* What in the feedback predicts who stops buying, as of ctx->as_of (with the
 * holdout check from ctx->calibration_end), made on first use; NULL when out of
 * memory. */
const feedback_churn *report_feedback_churn(const report_ctx *ctx);

/* A section: emits itself into `s`. Returns 0, or -1 for a failure that
 * should stop the program (out of memory); a section that cannot be computed
 * from the data says so in a note and returns 0. */
typedef int (*section_fn)(const report_ctx *ctx, report_sink *s);

typedef struct report_section {
    const char *doing; /* progress text, e.g. "fitting BG/NBD" */
    section_fn run;
} report_section;

/* Run `sections` over `data` into stdout (text or JSON) and the HTML file
 * of `args`; returns the exit code. */
int report_run(const cli_args *args, const dataset *data, const survey_answers *survey,
               const char *title, const report_section *sections, size_t count);

/* Open the outputs of `args`, run `sections` over `ctx` into them and commit
 * them; returns the exit code. */
int report_run_sections(const cli_args *args, const report_ctx *ctx, const char *title,
                        const report_section *sections, size_t count);

/* `report --stream`: the sections that need no store, from the files of
 * DATA_DIR read once; returns the exit code. */
int report_stream(const cli_args *args);

/* The overall NPS figures of `all`. */
void nps_emit_overall(report_sink *s, const co_nps *all);

/* A CSAT or CES section from a summary of `n` answers; `rc` is the status of
 * the summary (a failure is shown as a note). */
void rating_emit(report_sink *s, const char *key, const char *title, const char *box_label,
                 size_t n, int rc, const co_rating_summary *sum);

/* Load the instrument and answers of --answers/--instrument; returns an exit
 * code (EXIT_INPUT, EXIT_DATA...) after printing why on failure. */
int survey_load(const cli_args *args, survey_answers *out);
void survey_free(survey_answers *s);

/* The sections. */
int section_customers(const report_ctx *ctx, report_sink *s);
int section_nps(const report_ctx *ctx, report_sink *s);
int section_satisfaction(const report_ctx *ctx, report_sink *s);
int section_text(const report_ctx *ctx, report_sink *s);
int section_intents(const report_ctx *ctx, report_sink *s);
int section_retention(const report_ctx *ctx, report_sink *s);
int section_models(const report_ctx *ctx, report_sink *s);
int section_atrisk(const report_ctx *ctx, report_sink *s);
int section_feedback_churn(const report_ctx *ctx, report_sink *s);
int section_rfm(const report_ctx *ctx, report_sink *s);
int section_instrument(const report_ctx *ctx, report_sink *s);
int section_validation(const report_ctx *ctx, report_sink *s);
int section_modelcheck(const report_ctx *ctx, report_sink *s);
int section_stream_feedback(const report_ctx *ctx, report_sink *s);
int section_stream_skipped(const report_ctx *ctx, report_sink *s);

/* The as-of day of a data set without --as-of: its last record of any kind. */
co_day report_default_as_of(const dataset *data);

/* "YYYY-MM-DD" of a day (or "-" out of range). */
void day_text(co_day day, char out[11]);

#endif
