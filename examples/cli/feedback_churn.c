/* The feedback-churn analysis (see feedback_churn.h). */
#include "feedback_churn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The covariates, indicators made from the columns of co_store_covariates().
 * Every text and rating counts, whatever its age (windows of 0): how much a
 * customer says does not then depend on how long they stayed. A mean becomes
 * "below a cut" among the customers who have one (its missing indicator next to
 * it), so each effect compares two groups of customers. */
enum transform { AS_IS, POSITIVE, BELOW };
static const struct column {
    const char *key, *source; /* the analysis's key, the matrix column */
    enum transform how;       /* AS_IS, source > 0, or source < cut where `missing` is 0 */
    double cut;
    const char *missing;
    const char *who, *versus, *tag;
} columns[FEEDBACK_MAX_EFFECTS] = {
    {"nps_detractor", "nps_detractor", AS_IS, 0, NULL,
     "customers whose last NPS answer was a detractor's", "promoters", "detractor"},
    {"nps_passive", "nps_passive", AS_IS, 0, NULL,
     "customers whose last NPS answer was a passive's", "promoters", "passive"},
    {"nps_none", "nps_none", AS_IS, 0, NULL, "customers who never answered the NPS survey",
     "promoters", "no NPS answer"},
    {"open_contact", "contacts_open", POSITIVE, 0, NULL, "customers with a support contact open",
     "customers without one", "open contact"},
    {"csat_low", "csat_mean", BELOW, 3, "csat_missing", "customers whose mean CSAT is below 3 of 5",
     "those at 3 or above", "low CSAT"},
    {"csat_missing", "csat_missing", AS_IS, 0, NULL, "customers without a CSAT answer",
     "those with a mean CSAT of 3 or above", "no CSAT answer"},
    {"ces_low", "ces_mean", BELOW, 4, "ces_missing",
     "customers whose mean CES is below 4 of 7 (help was hard to get)", "those at 4 or above",
     "low CES"},
    {"ces_missing", "ces_missing", AS_IS, 0, NULL, "customers without a CES answer",
     "those with a mean CES of 4 or above", "no CES answer"},
    {"sentiment_negative", "sentiment_mean", BELOW, -0.05, "text_missing",
     "customers whose feedback texts are negative on average (sentiment below -0.05)",
     "those with neutral or positive texts", "negative texts"},
    {"text_missing", "text_missing", AS_IS, 0, NULL, "customers without a feedback text",
     "those with neutral or positive texts", "no feedback text"},
};

/* Column `c` of `columns` on row i of the matrix, whose column of the source is j. */
static double column_value(const co_covariate_matrix *m, size_t c, size_t i, size_t j)
{
    double v = m->values[i * m->k + j];
    size_t miss;
    switch (columns[c].how) {
    case POSITIVE: return v > 0;
    case BELOW:
        return co_covariate_matrix_find(m, columns[c].missing, &miss) == CO_OK &&
               m->values[i * m->k + miss] == 0 && v < columns[c].cut;
    default: return v;
    }
}

static int failed(feedback_churn *f, int rc, const char *why)
{
    f->status = rc;
    snprintf(f->error, sizeof f->error, "%s", why ? why : co_errmsg());
    return rc == CO_ENOMEM ? -1 : 0;
}

/* The covariates of the customers `rows` (n store indices) as of `day` into a
 * new n x k matrix (caller frees). With `choose`, the columns of `columns` with the
 * data for an effect (co_covariate_screen()), marked in `keep`; without, the
 * columns `keep` marks. */
static int covariates(const co_store *store, co_day day, const size_t *rows, size_t n,
                      int keep[FEEDBACK_MAX_EFFECTS], int choose, double **out, size_t *k_out)
{
    co_store_covariate_options opt;
    co_store_covariate_options_init(&opt, sizeof opt);
    opt.features = CO_COVARIATE_NPS | CO_COVARIATE_CONTACTS | CO_COVARIATE_CSAT | CO_COVARIATE_CES |
                   CO_COVARIATE_SENTIMENT;
    opt.text_window = 0;
    opt.rating_window = 0;
    opt.customers = rows;
    opt.n_customers = n;
    co_covariate_matrix *m = NULL;
    int rc = co_store_covariates(store, day, &opt, &m);
    if (rc != CO_OK)
        return rc;
    /* column c of `columns` at position c; a column the matrix lacks stays 0 */
    double *x = calloc((n ? n : 1) * FEEDBACK_MAX_EFFECTS, sizeof *x);
    for (size_t c = 0; x && c < FEEDBACK_MAX_EFFECTS; c++) {
        size_t j;
        if (co_covariate_matrix_find(m, columns[c].source, &j) == CO_OK)
            for (size_t i = 0; i < n; i++)
                x[i * FEEDBACK_MAX_EFFECTS + c] = column_value(m, c, i, j);
    }
    co_covariate_matrix_free(m);
    if (!x)
        return CO_ENOMEM;
    uint8_t usable[FEEDBACK_MAX_EFFECTS];
    if (choose && (rc = co_covariate_screen(x, n, FEEDBACK_MAX_EFFECTS, usable, NULL)) != CO_OK) {
        free(x);
        return rc;
    }
    size_t k = 0;
    for (size_t c = 0; c < FEEDBACK_MAX_EFFECTS; c++) {
        if (choose)
            keep[c] = usable[c];
        k += keep[c] != 0;
    }
    for (size_t i = 0; i < n; i++) /* pack the rows to the k kept columns */
        for (size_t c = 0, j = 0; c < FEEDBACK_MAX_EFFECTS; c++)
            if (keep[c])
                x[i * k + j++] = x[i * FEEDBACK_MAX_EFFECTS + c];
    *out = x;
    *k_out = k;
    return CO_OK;
}

/* Maximum-likelihood Pareto/NBD with the n x k drop-out covariates x (k may be
 * 0: the plain model), its log-likelihood, and with `u` its uncertainty. */
static int fit(const double *frequency, const double *recency, const double *T, size_t n,
               const double *x, size_t k, double *params, double *ll, co_covariate_uncertainty *u)
{
    co_btyd_covariates cov;
    co_btyd_covariates_init(&cov, sizeof cov);
    cov.k_dropout = k;
    cov.dropout = k ? x : NULL;
    co_covariate_fit_options opt;
    co_covariate_fit_options_init(&opt, sizeof opt);
    opt.threads = 2; /* the same estimate on any number of threads */
    int rc = co_btyd_cov_fit(CO_BTYD_PARETONBD, frequency, recency, T, NULL, n, &cov, &opt, params,
                             NULL);
    if (rc == CO_OK)
        rc = co_btyd_cov_log_likelihood(CO_BTYD_PARETONBD, params, frequency, recency, T, NULL, n,
                                        &cov, ll);
    if (rc == CO_OK && u)
        rc = co_btyd_cov_uncertainty(CO_BTYD_PARETONBD, params, frequency, recency, T, NULL, n,
                                     &cov, &opt, u);
    return rc;
}

static int effects(feedback_churn *f, const int keep[FEEDBACK_MAX_EFFECTS], int with_effects)
{
    const co_summary *w = f->weeks;
    if (!with_effects) { /* the comparison alone */
        int rc =
            fit(w->frequency, w->recency, w->T, w->n, f->x, f->k, f->params, &f->ll_feedback, NULL);
        return rc != CO_OK
                   ? rc
                   : co_likelihood_ratio_test(f->ll_plain, 4, f->ll_feedback, 4 + f->k, &f->test);
    }
    double se[4 + FEEDBACK_MAX_EFFECTS], lo[4 + FEEDBACK_MAX_EFFECTS], hi[4 + FEEDBACK_MAX_EFFECTS];
    co_covariate_uncertainty u = {
        .size = sizeof u, .standard_error = se, .lower = lo, .upper = hi, .variance = f->variance};
    int rc = fit(w->frequency, w->recency, w->T, w->n, f->x, f->k, f->params, &f->ll_feedback, &u);
    if (rc != CO_OK)
        return rc;
    for (size_t c = 0, j = 0; c < FEEDBACK_MAX_EFFECTS; c++) {
        if (!keep[c])
            continue;
        feedback_effect *e = &f->effect[j++];
        size_t p = 4 + j - 1;
        e->key = columns[c].key;
        e->who = columns[c].who;
        e->versus = columns[c].versus;
        e->tag = columns[c].tag;
        e->coef = f->params[p];
        e->lower = lo[p];
        e->upper = hi[p];
        e->p = se[p] > 0 ? erfc(fabs(f->params[p] / se[p]) / sqrt(2.0)) : NAN;
        e->clear = e->lower > 0 || e->upper < 0;
    }
    return co_likelihood_ratio_test(f->ll_plain, 4, f->ll_feedback, 4 + f->k, &f->test);
}

/* Mean absolute error of the plain and the covariate model's forecasts of the
 * purchases after `calibration_end`, both fitted on the history up to it with
 * the covariates of that day. A failure leaves the errors NaN and says why. */
static int holdout(feedback_churn *f, const co_store *store, co_day calibration_end, co_day as_of,
                   const int keep[FEEDBACK_MAX_EFFECTS])
{
    co_holdout_data *h = NULL;
    double *x = NULL, *t = NULL, *pred = NULL;
    double plain[4], params[4 + FEEDBACK_MAX_EFFECTS], ll;
    size_t k = 0;
    int copy[FEEDBACK_MAX_EFFECTS];
    memcpy(copy, keep, sizeof copy);
    int rc = co_store_calibration_holdout(store, calibration_end, as_of, CO_PERIOD_DAY, 7.0, &h);
    if (rc == CO_OK && h->n == 0)
        rc = CO_EINVAL;
    if (rc == CO_OK)
        rc = covariates(store, calibration_end, h->customer, h->n, copy, 0, &x, &k);
    if (rc == CO_OK && !(t = malloc(2 * h->n * sizeof *t)))
        rc = CO_ENOMEM;
    if (rc == CO_OK) {
        pred = t + h->n;
        for (size_t i = 0; i < h->n; i++)
            t[i] = h->duration_holdout;
        rc = fit(h->frequency_cal, h->recency_cal, h->T_cal, h->n, NULL, 0, plain, &ll, NULL);
    }
    if (rc == CO_OK)
        rc = fit(h->frequency_cal, h->recency_cal, h->T_cal, h->n, x, k, params, &ll, NULL);
    co_holdout_metrics m = {.size = sizeof m};
    co_btyd_covariates cov;
    co_btyd_covariates_init(&cov, sizeof cov);
    for (int pass = 0; pass < 2 && rc == CO_OK; pass++) {
        cov.k_dropout = pass ? k : 0;
        cov.dropout = pass ? x : NULL;
        rc = co_btyd_cov_conditional_expected_purchases(CO_BTYD_PARETONBD, pass ? params : plain, t,
                                                        h->frequency_cal, h->recency_cal, h->T_cal,
                                                        h->n, &cov, pred);
        if (rc == CO_OK)
            rc = co_holdout_score(h->frequency_holdout, pred, h->n, &m);
        if (rc == CO_OK)
            *(pass ? &f->mae_feedback : &f->mae_plain) = m.mae;
    }
    if (rc != CO_OK) {
        f->mae_plain = f->mae_feedback = NAN;
        snprintf(f->holdout_note, sizeof f->holdout_note, "not made: %s",
                 h && h->n == 0 ? "no customer bought before the calibration end" : co_errmsg());
    }
    co_holdout_data_free(h);
    free(x);
    free(t);
    return rc == CO_ENOMEM ? -1 : 0;
}

int feedback_churn_make(feedback_churn *f, const co_store *store, const co_summary *weeks,
                        co_day as_of, co_day calibration_end, int with_effects)
{
    memset(f, 0, sizeof *f);
    f->made = 1;
    f->weeks = weeks;
    f->mae_plain = f->mae_feedback = NAN;
    f->test.size = sizeof f->test;
    snprintf(f->holdout_note, sizeof f->holdout_note, "not made: no history before the as-of day");
    if (weeks->n == 0)
        return failed(f, CO_EINVAL, "no orders up to the as-of day");
    int keep[FEEDBACK_MAX_EFFECTS];
    int rc = covariates(store, as_of, weeks->customer, weeks->n, keep, 1, &f->x, &f->k);
    if (rc != CO_OK)
        return failed(f, rc, NULL);
    if (f->k == 0)
        return failed(f, CO_EINVAL, "no feedback that differs between the customers");
    if (co_covariate_check_size(weeks->n, 4 + f->k) != CO_OK) {
        char why[160];
        snprintf(why, sizeof why,
                 "%zu customers are too few for %zu effects (at least %d per parameter)", weeks->n,
                 f->k, CO_COVARIATE_MIN_PER_PARAMETER);
        return failed(f, CO_EINVAL, why);
    }
    rc = fit(weeks->frequency, weeks->recency, weeks->T, weeks->n, NULL, 0, f->plain, &f->ll_plain,
             NULL);
    if (rc == CO_OK)
        rc = effects(f, keep, with_effects);
    if (rc != CO_OK)
        return failed(f, rc, NULL);
    f->better = f->test.p_value < 0.05 && f->test.aic_full < f->test.aic_nested;
    if (calibration_end < as_of) {
        f->holdout_note[0] = '\0';
        return holdout(f, store, calibration_end, as_of, keep);
    }
    return 0;
}

co_paretonbd_params feedback_churn_customer(const feedback_churn *f, size_t i)
{
    double g = 0;
    for (size_t j = 0; j < f->k; j++)
        g += f->params[4 + j] * f->x[i * f->k + j];
    /* beta_i = beta0 exp(-g . x_i): exp(g . x_i) times the mean drop-out rate */
    co_paretonbd_params p = {f->params[0], f->params[1], f->params[2], f->params[3] * exp(-g)};
    return p;
}

void feedback_churn_customer_uncertainty(const feedback_churn *f, size_t i,
                                         co_model_uncertainty *out)
{
    /* Jacobian of (r, alpha, s, beta_i) in (r, alpha, s, beta, g): the identity
     * for the first three; beta_i / beta for beta and -beta_i x_ij for g_j. */
    const size_t np = 4 + f->k;
    co_paretonbd_params p = feedback_churn_customer(f, i);
    double J[4][4 + FEEDBACK_MAX_EFFECTS] = {{0}};
    for (size_t a = 0; a < 3; a++)
        J[a][a] = 1;
    J[3][3] = p.beta / f->params[3];
    for (size_t j = 0; j < f->k; j++)
        J[3][4 + j] = -p.beta * f->x[i * f->k + j];
    const double est[4] = {p.r, p.alpha, p.s, p.beta};
    memset(out, 0, sizeof *out);
    out->size = sizeof *out;
    out->n_params = 4;
    for (size_t a = 0; a < 4; a++) {
        out->estimate[a] = est[a];
        for (size_t b = 0; b < 4; b++) {
            double v = 0;
            for (size_t c = 0; c < np; c++)
                for (size_t d = 0; d < np; d++)
                    v += J[a][c] * f->variance[c * np + d] * J[b][d];
            out->variance[a][b] = v;
        }
        out->standard_error[a] = sqrt(out->variance[a][a]);
    }
}

void feedback_churn_free(feedback_churn *f)
{
    free(f->x);
    memset(f, 0, sizeof *f);
}
