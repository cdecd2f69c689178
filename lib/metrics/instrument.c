/* Survey instruments: lifetime, description, scoring and reliability. */
#include <math.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "index_internal.h"
#include "instrument_internal.h"

void co_instrument_free(co_instrument *inst)
{
    if (!inst)
        return;
    for (size_t i = 0; i < inst->items.len; i++) {
        instrument_item *item = &CO_VEC_AT(&inst->items, instrument_item, i);
        co__free(item->id);
        co__free(item->text);
    }
    for (size_t i = 0; i < inst->subscales.len; i++) {
        instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, i);
        co__free(sub->id);
        co__free(sub->title);
        co__vec_free(&sub->items);
    }
    co__vec_free(&inst->items);
    co__vec_free(&inst->subscales);
    co__free(inst->title);
    co__free(inst);
}

const char *co_instrument_title(const co_instrument *inst) { return inst ? inst->title : NULL; }

void co_instrument_scale(const co_instrument *inst, int *min, int *max)
{
    if (inst && min)
        *min = inst->scale_min;
    if (inst && max)
        *max = inst->scale_max;
}

size_t co_instrument_item_count(const co_instrument *inst) { return inst ? inst->items.len : 0; }

size_t co_instrument_subscale_count(const co_instrument *inst)
{
    return inst ? inst->subscales.len : 0;
}

int co_instrument_get_item(const co_instrument *inst, size_t index, co_instrument_item *out)
{
    if (!inst || !out)
        return co__fail(CO_EINVAL, "co_instrument_get_item: NULL argument");
    int rc = co__index_check(index, inst->items.len, "item");
    if (rc < 0)
        return rc;
    const instrument_item *item = &CO_VEC_AT(&inst->items, instrument_item, index);
    out->id = item->id;
    out->text = item->text;
    out->reversed = item->reversed;
    return CO_OK;
}

int co_instrument_get_subscale(const co_instrument *inst, size_t index, co_instrument_subscale *out)
{
    if (!inst || !out)
        return co__fail(CO_EINVAL, "co_instrument_get_subscale: NULL argument");
    int rc = co__index_check(index, inst->subscales.len, "subscale");
    if (rc < 0)
        return rc;
    const instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, index);
    out->id = sub->id;
    out->title = sub->title;
    out->mean = sub->mean;
    out->n_items = sub->items.len;
    out->items = sub->items.data;
    return CO_OK;
}

/* Every answer must be NaN (missing) or within the scale. */
static int check_answers(const co_instrument *inst, const double *answers, size_t n)
{
    size_t k = inst->items.len;
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0; j < k; j++) {
            double v = answers[r * k + j];
            if (isnan(v))
                continue;
            if (isinf(v))
                return co__fail(CO_EINVAL, "answer of respondent %zu to item '%s' is infinite", r,
                                CO_VEC_AT(&inst->items, instrument_item, j).id);
            if (v < inst->scale_min || v > inst->scale_max)
                return co__fail(CO_ERANGE,
                                "answer %g of respondent %zu to item '%s' is outside %d-%d", v, r,
                                CO_VEC_AT(&inst->items, instrument_item, j).id, inst->scale_min,
                                inst->scale_max);
        }
    return CO_OK;
}

/* An answer after reverse coding. */
static double coded(const co_instrument *inst, size_t item, double v)
{
    return CO_VEC_AT(&inst->items, instrument_item, item).reversed
               ? inst->scale_min + inst->scale_max - v
               : v;
}

int co_instrument_score(const co_instrument *inst, const double *answers, size_t n_respondents,
                        double *out_scores)
{
    if (!inst || ((!answers || !out_scores) && n_respondents > 0))
        return co__fail(CO_EINVAL, "co_instrument_score: NULL argument");
    int rc = check_answers(inst, answers, n_respondents);
    if (rc < 0)
        return rc;
    size_t k = inst->items.len, m = inst->subscales.len;
    for (size_t r = 0; r < n_respondents; r++) {
        const double *row = answers + r * k;
        for (size_t s = 0; s < m; s++) {
            const instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, s);
            const size_t *items = sub->items.data;
            size_t answered = 0;
            double sum = 0.0;
            for (size_t i = 0; i < sub->items.len; i++)
                if (!isnan(row[items[i]])) {
                    answered++;
                    sum += coded(inst, items[i], row[items[i]]);
                }
            double needed = inst->min_answered * (double)sub->items.len;
            double score = NAN;
            if (answered > 0 && (double)answered >= needed - 1e-9) {
                double mean = sum / (double)answered;
                score = sub->mean ? mean : mean * (double)sub->items.len;
            }
            out_scores[r * m + s] = score;
        }
    }
    return CO_OK;
}

/* Alpha of the k columns `cols` (all when NULL) of an n x stride matrix,
 * each column multiplied by sign[j] (1 when NULL), over rows without NaN. */
static int alpha_core(const double *data, size_t n, size_t stride, size_t k, const size_t *cols,
                      const signed char *sign, double *out)
{
    if (k < 2)
        return co__fail(CO_EINVAL, "Cronbach's alpha needs at least 2 items, got %zu", k);
    double *mean = co__calloc(2 * k, sizeof(double));
    if (!mean)
        return co__fail_nomem();
    double *ss = mean + k;
    /* Two passes (means, then squared deviations) for accuracy. */
    size_t complete = 0;
    double total_mean = 0.0;
    for (int pass = 0; pass < 2; pass++) {
        double total_ss = 0.0;
        for (size_t r = 0; r < n; r++) {
            const double *row = data + r * stride;
            size_t j = 0;
            while (j < k && !isnan(row[cols ? cols[j] : j]))
                j++;
            if (j < k)
                continue;
            double total = 0.0;
            for (j = 0; j < k; j++) {
                double v = row[cols ? cols[j] : j] * (sign ? sign[j] : 1);
                total += v;
                if (pass == 0)
                    mean[j] += v;
                else
                    ss[j] += (v - mean[j]) * (v - mean[j]);
            }
            if (pass == 0) {
                complete++;
                total_mean += total;
            } else {
                total_ss += (total - total_mean) * (total - total_mean);
            }
        }
        if (pass == 0) {
            if (complete < 2)
                break;
            for (size_t j = 0; j < k; j++)
                mean[j] /= (double)complete;
            total_mean /= (double)complete;
            continue;
        }
        double item_ss = 0.0;
        for (size_t j = 0; j < k; j++)
            item_ss += ss[j];
        co__free(mean);
        if (!(total_ss > 0.0))
            return co__fail(CO_EINVAL, "Cronbach's alpha is undefined: totals do not vary");
        /* The common (m - 1) divisor of the variances cancels. */
        *out = (double)k / (double)(k - 1) * (1.0 - item_ss / total_ss);
        return CO_OK;
    }
    co__free(mean);
    return co__fail(CO_EINVAL, "Cronbach's alpha needs at least 2 complete rows, got %zu",
                    complete);
}

int co_cronbach_alpha(const double *items, size_t n, size_t k, double *out)
{
    if (!items || !out)
        return co__fail(CO_EINVAL, "co_cronbach_alpha: NULL argument");
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0; j < k; j++)
            if (isinf(items[r * k + j]))
                return co__fail(CO_EINVAL, "value at row %zu, column %zu is infinite", r, j);
    return alpha_core(items, n, k, k, NULL, NULL, out);
}

int co_instrument_alpha(const co_instrument *inst, const double *answers, size_t n_respondents,
                        size_t subscale, double *out)
{
    if (!inst || !answers || !out)
        return co__fail(CO_EINVAL, "co_instrument_alpha: NULL argument");
    int rc = co__index_check(subscale, inst->subscales.len, "subscale");
    if (rc < 0 || (rc = check_answers(inst, answers, n_respondents)) < 0)
        return rc;
    const instrument_subscale *sub = &CO_VEC_AT(&inst->subscales, instrument_subscale, subscale);
    size_t k = sub->items.len;
    const size_t *items = sub->items.data;
    signed char *sign = co__malloc(k ? k : 1);
    if (!sign)
        return co__fail_nomem();
    /* Reverse coding is min + max - x: the constant does not change any
     * variance, so flipping the sign is enough. */
    for (size_t i = 0; i < k; i++)
        sign[i] = CO_VEC_AT(&inst->items, instrument_item, items[i]).reversed ? -1 : 1;
    rc = alpha_core(answers, n_respondents, inst->items.len, k, items, sign, out);
    co__free(sign);
    return rc;
}
