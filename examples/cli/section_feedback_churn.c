/* What in the feedback predicts who stops buying: each feedback covariate's
 * effect on the drop-out rate in plain words with its interval, and whether
 * the model with them beats the plain one (feedback_churn.h, docs/report.md). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>

#include "feedback_churn.h"
#include "report.h"

enum { COLUMNS = 7 };
static const char *const keys[COLUMNS] = {"covariate", "rate_ratio", "lower", "upper",
                                          "p",         "clear",      "words"};
static const char *const labels[COLUMNS] = {"Covariate", "Drop-out x", "Low",     "High",
                                            "p",         "Clear",      "In words"};

/* A rate ratio as people read it: 0.93, 2.1, 12. */
static void ratio_text(double r, char *buf, size_t size)
{
    snprintf(buf, size, r < 1 ? "%.2f" : r < 10 ? "%.1f" : "%.0f", r);
}

/* "Customers whose last NPS answer was a detractor's drop out 2.1x as fast as
 * promoters (95% interval 1.6 to 2.8)", and whether it is told from no effect. */
void feedback_effect_words(const feedback_effect *e, char *buf, size_t size)
{
    char r[16], lo[16], hi[16];
    ratio_text(exp(e->coef), r, sizeof r);
    ratio_text(exp(e->lower), lo, sizeof lo);
    ratio_text(exp(e->upper), hi, sizeof hi);
    int n = snprintf(buf, size, "%s drop out %sx as fast as %s", e->who, r, e->versus);
    if (n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " (95%% interval %s to %s)%s", lo, hi,
                 e->clear ? "" : ": not distinguishable from no effect");
    buf[0] = (char)toupper((unsigned char)buf[0]);
}

static void effects_table(const feedback_churn *f, report_sink *s)
{
    s->table_begin(s, "effects", "Effects on the drop-out rate (Pareto/NBD, 95% intervals)",
                   COLUMNS, keys, labels);
    for (size_t j = 0; j < f->k; j++) {
        const feedback_effect *e = &f->effect[j];
        char words[320];
        feedback_effect_words(e, words, sizeof words);
        cell row[COLUMNS] = {cell_text(e->key),
                             cell_number(exp(e->coef), 2),
                             cell_number(exp(e->lower), 2),
                             cell_number(exp(e->upper), 2),
                             cell_number(e->p, 4),
                             cell_text(e->clear ? "yes" : "no"),
                             cell_text(words)};
        s->row(s, row);
    }
    s->table_end(s);
}

static void comparison(const feedback_churn *f, report_sink *s)
{
    s->figure(s, "log_likelihood_plain", "Log-likelihood, plain Pareto/NBD",
              cell_number(f->ll_plain, 2), NULL);
    s->figure(s, "log_likelihood_feedback", "Log-likelihood, with the feedback",
              cell_number(f->ll_feedback, 2), NULL);
    s->figure(s, "lr_statistic", "Likelihood-ratio statistic", cell_number(f->test.statistic, 2),
              NULL);
    s->figure(s, "lr_df", "Degrees of freedom", cell_int((long long)f->test.df), NULL);
    s->figure(s, "lr_p", "p-value (chi-square)", cell_number(f->test.p_value, 6), NULL);
    s->figure(s, "aic_plain", "AIC, plain", cell_number(f->test.aic_nested, 2), NULL);
    s->figure(s, "aic_feedback", "AIC, with the feedback", cell_number(f->test.aic_full, 2), NULL);
    s->figure(s, "holdout_mae_plain", "Holdout MAE, plain", cell_number(f->mae_plain, 4), NULL);
    s->figure(s, "holdout_mae_feedback", "Holdout MAE, with the feedback",
              cell_number(f->mae_feedback, 4), NULL);
    s->figure(s, "holdout", "Holdout check",
              cell_text(f->holdout_note[0] ? f->holdout_note : "made"), NULL);
    s->figure(s, "better", "Better than the plain model",
              cell_text(f->better ? "yes: the at-risk list uses it"
                                  : "no: the at-risk list keeps the plain model"),
              NULL);
}

int section_feedback_churn(const report_ctx *ctx, report_sink *s)
{
    const feedback_churn *f = report_feedback_churn(ctx);
    if (!f)
        return -1;
    s->section_begin(s, "feedback_churn", "What in the feedback predicts who stops buying");
    if (f->status != CO_OK) {
        s->figure(s, "status", "Analysis", cell_text(f->error), NULL);
        s->section_end(s);
        return 0;
    }
    s->figure(s, "status", "Analysis", cell_text("done"), NULL);
    s->figure(s, "customers", "Customers", cell_int((long long)f->weeks->n), NULL);
    s->figure(s, "covariates", "Feedback covariates", cell_int((long long)f->k), NULL);
    effects_table(f, s);
    for (size_t j = 0; j < f->k; j++)
        if (f->effect[j].clear) {
            char words[320];
            feedback_effect_words(&f->effect[j], words, sizeof words);
            s->note(s, words);
        }
    comparison(f, s);
    s->note(s, "Each effect multiplies the Pareto/NBD drop-out rate (the rate at which an active "
               "customer stops buying for good), the other covariates held equal: beta_i = beta "
               "exp(-g . x_i) (Fader & Hardie 2007). An effect whose 95% interval includes 1x is "
               "not distinguishable from no effect. The model with the feedback is better when "
               "the likelihood-ratio test rejects the plain model at 5% and its AIC is lower.");
    s->section_end(s);
    return 0;
}
