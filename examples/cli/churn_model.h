/* The purchase and spend models of the model section, fitted once: BG/NBD
 * on weekly summaries (its parameters are always shown), the purchase model
 * the holdout check recommends (BG/NBD or Pareto/NBD; BG/NBD when there is no
 * recommendation), Gamma-Gamma on repeat customers, and per-customer P(alive),
 * expected purchases and 12-month CLV of that model. The at-risk list
 * (atrisk_list.h) shares the Pareto/NBD fit (paretonbd_once) and the Gamma-Gamma
 * fit (spend_once). */
#ifndef CLI_CHURN_MODEL_H
#define CLI_CHURN_MODEL_H

#include <custorient.h>

/* The Pareto/NBD fit of a weekly summary, made on first use and then shared:
 * the model section (when it is the recommended model) and the at-risk list
 * of the as-of day read the same fit instead of fitting twice. */
typedef struct paretonbd_once {
    const co_summary *of; /* the summary fitted (borrowed); NULL before the fit */
    int status;           /* CO_OK, or why the fit failed */
    char error[256];      /* co_errmsg() of the failure */
    co_paretonbd_params params;
    double penalizer; /* the L2 penalty the fit needed (0 or FALLBACK_PENALIZER) */
} paretonbd_once;

/* Fit `w` into `f` unless `f` holds the fit of `w` already, retried with
 * FALLBACK_PENALIZER when a plain fit does not converge. Returns f->status. */
int paretonbd_fit_once(paretonbd_once *f, const co_summary *w);

/* The Gamma-Gamma fit of a weekly summary from a starting L2 penalty, made on
 * first use and then shared: the model section and the at-risk list of the
 * as-of day read the same fit when they start from the same penalty. */
typedef struct spend_once {
    const co_summary *of; /* the summary fitted (borrowed); NULL before the fit */
    double penalizer_in;  /* the penalty the fit started from */
    int status;           /* CO_OK, or why the fit failed */
    char error[256];      /* co_errmsg() of the failure */
    co_gammagamma_params params;
    double penalizer; /* the penalty the fit needed (penalizer_in or FALLBACK_PENALIZER) */
} spend_once;

/* Gamma-Gamma on the repeat customers of `w` with L2 penalty `penalizer`, retried
 * with FALLBACK_PENALIZER when a plain fit does not converge, into `f` unless `f`
 * holds that fit already (a failure for want of memory is not kept). Repeat
 * customers whose repeat orders were free carry no spend information: their row
 * of `frequency` (room for w->n, scratch; filled either way) is set to 0 so the
 * fit skips them. Returns f->status. */
int spend_fit_once(spend_once *f, const co_summary *w, double *frequency, double penalizer);

typedef struct churn_model {
    int fitted;              /* 1 once churn_model_fit() ran */
    int status;              /* CO_OK, or why the fit failed */
    char error[256];         /* co_errmsg() of the failure */
    const co_summary *weeks; /* the report's summary in weeks (borrowed), one row per
                                buying customer */
    co_bgnbd_params bgnbd;
    co_btyd_model_kind kind; /* the model of p_alive, expected_90d and clv */
    char why[320];           /* why that model, in words */
    int has_paretonbd;       /* Pareto/NBD fitted (kind is CO_BTYD_PARETONBD) */
    co_paretonbd_params paretonbd;
    paretonbd_once paretonbd_fit; /* shared with the at-risk list (atrisk_list.h) */
    double penalizer;             /* L2 penalty the fits needed (0: plain maximum likelihood) */
    int has_spend;                /* Gamma-Gamma fitted */
    int spend_status;
    char spend_error[256];
    co_gammagamma_params spend;
    spend_once spend_fit; /* shared with the at-risk list (atrisk_list.h) */
    double *p_alive;      /* per row */
    double *expected_90d; /* expected purchases in the next 90 days */
    double *clv;          /* 12-month CLV (NaN without a spend model) */
} churn_model;

/* Fit on `weeks`, a summary in weeks that must outlive the model (once;
 * later calls return the cached result), with `kind` as the purchase model
 * for the reason `why`. Returns 0, or -1 when out of memory; a failed fit is
 * recorded in `status`. */
int churn_model_fit(churn_model *m, const co_summary *weeks, co_btyd_model_kind kind,
                    const char *why);

/* The report's CLV options: CLV_MONTHS months of weekly periods, the default
 * discounting. */
void churn_clv_options(co_clv_options *opt);

/* "BG/NBD" or "Pareto/NBD". */
const char *churn_model_name(co_btyd_model_kind kind);
void churn_model_free(churn_model *m);

/* The penalty tried when a plain fit does not converge (small data sets
 * often leave a parameter unidentified), as lifetimes users set penalizer_coef. */
#define FALLBACK_PENALIZER 0.001

/* Horizon of the expected purchases, in days. */
#define CHURN_HORIZON_DAYS 90
#define CLV_MONTHS 12

#endif
