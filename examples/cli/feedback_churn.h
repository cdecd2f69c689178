/* What in the feedback predicts who stops buying: the Pareto/NBD with the
 * customers' feedback as drop-out covariates (custorient/btyd_covariates.h, the
 * matrix of co_store_covariates()) against the plain Pareto/NBD, by
 * likelihood-ratio test and AIC (custorient/lrtest.h). Made for one day's
 * weekly summary; the report's feedback section shows it and the at-risk list
 * ranks by it when it is the better model (docs/report.md). */
#ifndef CLI_FEEDBACK_CHURN_H
#define CLI_FEEDBACK_CHURN_H

#include <custorient.h>

/* Most covariates the analysis takes (the list in feedback_churn.c). */
#define FEEDBACK_MAX_EFFECTS 10
/* The data an effect needs is the library's rule (custorient/covariate_screen.h). */

/* The effect of a feedback indicator on the drop-out rate: the customers it
 * marks drop out exp(coef) times as fast as the reference group. */
typedef struct feedback_effect {
    const char *key;           /* JSON key, e.g. "nps_detractor" */
    const char *who;           /* the customers it marks */
    const char *versus;        /* whom they are compared with */
    const char *tag;           /* a few words for a reason, e.g. "detractor" */
    double coef, lower, upper; /* ln of the rate ratio and its 95% interval */
    double p;                  /* Wald p-value of coef = 0 */
    int clear;                 /* 1 when the interval excludes 0 */
} feedback_effect;

typedef struct feedback_churn {
    int made;                /* 1 once feedback_churn_make() ran */
    int status;              /* CO_OK, or why no analysis could be made */
    char error[256];         /* co_errmsg() or what was missing */
    const co_summary *weeks; /* borrowed: the summary the fits saw */
    size_t k;                /* covariates used */
    feedback_effect effect[FEEDBACK_MAX_EFFECTS];
    double *x;                               /* weeks->n x k, row-major */
    double params[4 + FEEDBACK_MAX_EFFECTS]; /* r, alpha, s, beta, then the coefficients */
    double variance[(4 + FEEDBACK_MAX_EFFECTS) * (4 + FEEDBACK_MAX_EFFECTS)]; /* of params */
    double plain[4];              /* the plain Pareto/NBD: r, alpha, s, beta */
    double ll_plain, ll_feedback; /* log-likelihoods */
    co_lr_test test;              /* covariate model against the plain one */
    int better;                   /* the covariate model is better: LRT p < 0.05 and lower AIC */
    /* Holdout check (NaN when not made): mean absolute error of each model's
     * forecast of the purchases in the last MODEL_CHECK_DAYS, both fitted on the
     * history before them. */
    double mae_plain, mae_feedback;
    char holdout_note[160];
} feedback_churn;

/* Make the analysis of `weeks` (the summary as of `as_of`, in weeks; it must
 * outlive `f`), with the holdout check from `calibration_end` when it is before
 * as_of, and with the effects' intervals (the variance matrix) when
 * `with_effects`; without, only the fits and their comparison (`effect` and
 * `variance` stay 0: for a list without reasons or bands). Returns 0, or -1
 * when out of memory; a failure is recorded in `status`. Free with
 * feedback_churn_free() in both cases. */
int feedback_churn_make(feedback_churn *f, const co_store *store, const co_summary *weeks,
                        co_day as_of, co_day calibration_end, int with_effects);

/* The covariate model as customer i's (row i of f->weeks) own Pareto/NBD
 * parameters, and their uncertainty by the delta method (beta_i = beta
 * exp(-g . x_i)) for the bands of custorient/uncertainty.h. */
co_paretonbd_params feedback_churn_customer(const feedback_churn *f, size_t i);
void feedback_churn_customer_uncertainty(const feedback_churn *f, size_t i,
                                         co_model_uncertainty *out);

void feedback_churn_free(feedback_churn *f);

/* One effect in plain words with its interval (section_feedback_churn.c), e.g.
 * "Customers whose last NPS answer was a detractor's drop out 2.1x as fast as
 * promoters (95% interval 1.6 to 2.8)". */
void feedback_effect_words(const feedback_effect *e, char *buf, size_t size);

#endif
