/* Model checks as numbers: the counts behind lifetimes' period-transactions,
 * calibration-vs-holdout and cumulative-transactions plots, and a customer's
 * P(alive) path. */
#include <math.h>
#include <stdlib.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "holdout_internal.h"
#include "period_internal.h"

static size_t bucket(double frequency, size_t max_count)
{
    return frequency >= (double)max_count ? max_count : (size_t)frequency;
}

static int check_counts(const double *v, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]) || v[i] < 0.0)
            return co__fail(CO_EINVAL, "%s[%zu] = %g is not a count >= 0", what, i, v[i]);
    return CO_OK;
}

int co_period_transactions(const co_btyd_model *model, const double *frequency, const double *T,
                           size_t n, size_t max_count, double *observed, double *expected)
{
    int rc = co__btyd_model_check(model, __func__);
    if (rc < 0)
        return rc;
    if ((n > 0 && (!frequency || !T)) || !observed || !expected)
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if ((rc = check_counts(frequency, n, "frequency")) < 0)
        return rc;
    double *count = co__malloc_array(n ? n : 1, sizeof *count);
    double *p = co__malloc_array(n ? n : 1, sizeof *p);
    double *exp_out = co__calloc(max_count + 1, sizeof *exp_out);
    if (!count || !p || !exp_out) {
        rc = co__fail_nomem();
        goto done;
    }
    double rest = (double)n;
    for (size_t k = 0; k < max_count; k++) {
        for (size_t i = 0; i < n; i++)
            count[i] = (double)k;
        if ((rc = co__btyd_model_pmf(model, T, count, n, p)) < 0)
            goto done;
        for (size_t i = 0; i < n; i++)
            exp_out[k] += p[i];
        rest -= exp_out[k];
    }
    exp_out[max_count] = rest > 0.0 ? rest : 0.0;
    for (size_t k = 0; k <= max_count; k++) {
        observed[k] = 0.0;
        expected[k] = exp_out[k];
    }
    for (size_t i = 0; i < n; i++)
        observed[bucket(frequency[i], max_count)] += 1.0;
done:
    co__free(count);
    co__free(p);
    co__free(exp_out);
    return rc;
}

int co_holdout_by_frequency(const double *frequency_cal, const double *actual,
                            const double *predicted, size_t n, size_t max_count, double *customers,
                            double *mean_actual, double *mean_predicted)
{
    int rc;
    if ((n > 0 && (!frequency_cal || !actual || !predicted)) || !customers || !mean_actual ||
        !mean_predicted)
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if ((rc = check_counts(frequency_cal, n, "frequency_cal")) < 0 ||
        (rc = check_counts(actual, n, "actual")) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(predicted[i]))
            return co__fail(CO_EINVAL, "predicted[%zu] is not finite", i);
    for (size_t k = 0; k <= max_count; k++)
        customers[k] = mean_actual[k] = mean_predicted[k] = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t k = bucket(frequency_cal[i], max_count);
        customers[k] += 1.0;
        mean_actual[k] += actual[i];
        mean_predicted[k] += predicted[i];
    }
    for (size_t k = 0; k <= max_count; k++) {
        mean_actual[k] = customers[k] > 0 ? mean_actual[k] / customers[k] : NAN;
        mean_predicted[k] = customers[k] > 0 ? mean_predicted[k] / customers[k] : NAN;
    }
    return CO_OK;
}

int co_holdout_predict(const co_btyd_model *model, const double *frequency_cal,
                       const double *recency_cal, const double *T_cal, size_t n, double duration,
                       double *out)
{
    int rc = co__btyd_model_check(model, __func__);
    if (rc < 0)
        return rc;
    if (!frequency_cal || !recency_cal || !T_cal || !out)
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if (!isfinite(duration) || duration < 0.0)
        return co__fail(CO_EINVAL, "%s: duration %g is not >= 0", __func__, duration);
    double *t = co__malloc_array(n ? n : 1, sizeof *t);
    if (!t)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++)
        t[i] = duration;
    rc = co__btyd_model_conditional(model, t, frequency_cal, recency_cal, T_cal, n, out);
    co__free(t);
    return rc;
}

/* Index of the period of `day` counted from the period starting on `start`. */
static size_t period_index(co_day day, co_day start, co_period period)
{
    co_day d = co__period_first_day(day, period) - start;
    return (size_t)(period == CO_PERIOD_WEEK ? d / 7 : d);
}

typedef struct visit {
    size_t customer, period;
} visit;

static int by_customer_period(const void *a, const void *b)
{
    const visit *x = a, *y = b;
    if (x->customer != y->customer)
        return x->customer < y->customer ? -1 : 1;
    return (x->period > y->period) - (x->period < y->period);
}

static int check_days(const co_day *day, size_t n, co_period period, co_day *start)
{
    int rc;
    if (period != CO_PERIOD_DAY && period != CO_PERIOD_WEEK)
        return co__fail(CO_EINVAL, "period %d is not days or weeks", (int)period);
    co_day first = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = co__period_check_day(day[i], i)) < 0)
            return rc;
        if (i == 0 || day[i] < first)
            first = day[i];
    }
    *start = co__period_first_day(first, period);
    return CO_OK;
}

/* Births per period and repeat transactions per period (0..t) of the visits. */
static void tally_visits(visit *v, size_t k, double *births, double *repeats)
{
    qsort(v, k, sizeof *v, by_customer_period);
    for (size_t i = 0; i < k; i++) {
        if (i == 0 || v[i].customer != v[i - 1].customer)
            births[v[i].period] += 1.0;
        else if (v[i].period != v[i - 1].period)
            repeats[v[i].period] += 1.0;
    }
}

int co_expected_cumulative_transactions(const co_btyd_model *model, const size_t *customer,
                                        const co_day *day, size_t n, size_t n_customers,
                                        co_period period, unsigned multiplier, size_t t,
                                        double *actual, double *predicted)
{
    int rc = co__btyd_model_check(model, __func__);
    if (rc < 0)
        return rc;
    if ((n > 0 && (!customer || !day)) ||
        (t / (multiplier ? multiplier : 1) > 0 && (!actual || !predicted)))
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if (multiplier == 0)
        return co__fail(CO_EINVAL, "%s: multiplier must be >= 1", __func__);
    if (n == 0 || t == SIZE_MAX)
        return co__fail(CO_EINVAL, "%s: no transactions, or t too large", __func__);
    for (size_t i = 0; i < n; i++)
        if (customer[i] >= n_customers)
            return co__fail(CO_ERANGE, "customer[%zu] = %zu is past the last customer (count %zu)",
                            i, customer[i], n_customers);
    co_day start;
    if ((rc = check_days(day, n, period, &start)) < 0)
        return rc;
    size_t m = multiplier, points = t / m;
    visit *v = co__malloc_array(n, sizeof *v);
    double *births = co__calloc(t + 1, sizeof *births);
    double *repeats = co__calloc(t + 1, sizeof *repeats);
    double *age = co__malloc_array(t ? t : 1, sizeof *age);
    double *ex = co__malloc_array(t ? t : 1, sizeof *ex);
    double *act = co__malloc_array(points ? points : 1, sizeof *act);
    double *pred = co__malloc_array(points ? points : 1, sizeof *pred);
    if (!v || !births || !repeats || !age || !ex || !act || !pred) {
        rc = co__fail_nomem();
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = period_index(day[i], start, period);
        if (p <= t)
            v[k++] = (visit){customer[i], p};
    }
    tally_visits(v, k, births, repeats);
    /* E[X(a / m)] for ages a = 1..t periods, shared by every birth period. */
    for (size_t a = 1; a <= t; a++)
        age[a - 1] = (double)a / (double)m;
    if (t > 0 && (rc = co__btyd_model_expected(model, age, t, ex)) < 0)
        goto done;
    double cum = 0;
    size_t next = 0;
    for (size_t j = 0; j < points; j++) {
        size_t end = (j + 1) * m; /* periods 0..end-1 */
        for (; next < end; next++)
            cum += repeats[next];
        act[j] = cum;
        double sum = 0;
        for (size_t p = 0; p < end; p++)
            if (births[p] > 0)
                sum += births[p] * ex[end - p - 1];
        pred[j] = sum;
    }
    for (size_t j = 0; j < points; j++) {
        actual[j] = act[j];
        predicted[j] = pred[j];
    }
done:
    co__free(v);
    co__free(births);
    co__free(repeats);
    co__free(age);
    co__free(ex);
    co__free(act);
    co__free(pred);
    return rc;
}

int co_alive_path(const co_btyd_model *model, const co_day *day, size_t n, co_period period,
                  size_t t, double *out)
{
    int rc = co__btyd_model_check(model, __func__);
    if (rc < 0)
        return rc;
    if (!day || !out || n == 0)
        return co__fail(CO_EINVAL, "%s: NULL argument or no transactions", __func__);
    if (t == SIZE_MAX)
        return co__fail(CO_EINVAL, "%s: t too large", __func__);
    co_day start;
    if ((rc = check_days(day, n, period, &start)) < 0)
        return rc;
    size_t len = t + 1;
    double *f = co__malloc_array(len, 3 * sizeof *f);
    unsigned char *bought = co__calloc(len, 1);
    if (!f || !bought) {
        rc = co__fail_nomem();
        goto done;
    }
    double *r = f + len, *T = f + 2 * len;
    for (size_t i = 0; i < n; i++) {
        size_t p = period_index(day[i], start, period);
        if (p <= t)
            bought[p] = 1;
    }
    double count = 0, last = 0;
    for (size_t a = 0; a < len; a++) {
        if (bought[a]) {
            count += 1.0;
            last = (double)a;
        }
        f[a] = count - 1.0;
        r[a] = last;
        T[a] = (double)a;
    }
    rc = co__btyd_model_alive(model, f, r, T, len, out);
done:
    co__free(f);
    co__free(bought);
    return rc;
}
