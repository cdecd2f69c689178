/* Fuzz target: the churn models on arbitrary data. The sBG fit and the
 * Kaplan-Meier curve must never crash, and a success must carry finite
 * parameters and survival probabilities in [0, 1].
 *
 * Input: byte 0 selects the encoding. Even: cohorts built from bytes (a
 * length 2-9, a starting count, then each period keeps byte/255 of the
 * previous count, so counts are valid and reach the optimiser), and one
 * duration (byte / 4) with an observed flag per remaining byte. Odd: raw
 * little-endian doubles, used as survivor counts and as durations, to reach
 * the input checks with NaN, negative and huge values. Each curve is also fitted
 * with entry times and case weights (co_km_fit_input). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

#define MAX_COUNTS 96
#define MAX_COHORTS 12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        abort();
}

static int probability(double p) { return isfinite(p) && p >= 0.0 && p <= 1.0; }

static void check_sbg(const double *survivors, const size_t *lengths, size_t n_cohorts)
{
    co_sbg_options opts;
    co_sbg_options_init(&opts, sizeof opts);
    opts.max_iterations = 60;
    co_sbg m;
    if (co_sbg_fit(survivors, lengths, n_cohorts, &opts, &m) != CO_OK)
        return;
    require(isfinite(m.alpha) && m.alpha > 0 && isfinite(m.beta) && m.beta > 0);
    require(isfinite(m.log_likelihood));
    const double t[4] = {0, 1, 12, 1e6};
    double out[4];
    if (co_sbg_survival(&m, t, 4, out) == CO_OK)
        for (size_t i = 0; i < 4; i++)
            require(probability(out[i]));
    if (co_sbg_retention(&m, t + 1, 3, out) == CO_OK)
        for (size_t i = 0; i < 3; i++)
            require(probability(out[i]));
}

static void check_curve(co_km *km);

/* The same subjects entering late (a quarter, half or three quarters of the way to
 * their duration, by position) with case weights, and lifelines' variance form. */
static void check_km_input(const double *durations, const uint8_t *observed, size_t n)
{
    static double entry[MAX_COUNTS], weights[MAX_COUNTS];
    for (size_t i = 0; i < n; i++) {
        entry[i] = durations[i] * (double)(i % 4) / 4.0;
        weights[i] = 0.25 + 0.5 * (double)(i % 5);
    }
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = durations;
    in.observed = observed;
    in.n = n;
    in.entry = entry;
    in.weights = weights;
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.variance = CO_KM_VARIANCE_WHOLE_AT_RISK;
    co_km *km = NULL;
    if (co_km_fit_input(&in, &opts, &km) != CO_OK) {
        require(km == NULL);
        return;
    }
    check_curve(km);
}

static void check_km(const double *durations, const uint8_t *observed, size_t n)
{
    check_km_input(durations, observed, n);
    co_km *km = NULL;
    if (co_km_fit(durations, observed, n, NULL, &km) != CO_OK) {
        require(km == NULL);
        return;
    }
    check_curve(km);
}

static void check_curve(co_km *km)
{
    for (size_t i = 0; i < co_km_count(km); i++) {
        co_km_point p;
        require(co_km_get_point(km, i, &p) == CO_OK);
        require(probability(p.survival) && probability(p.lower) && probability(p.upper));
        require(isfinite(p.std_err) && p.std_err >= 0);
    }
    double median, lo, hi;
    if (co_km_median(km, &median) == CO_OK)
        require(!isnan(median));
    (void)co_km_quantile_limits(km, 0.25, &lo, &hi);
    co_km_free(km);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static double survivors[MAX_COUNTS], durations[MAX_COUNTS];
    static uint8_t observed[MAX_COUNTS];
    size_t lengths[MAX_COHORTS];
    if (size < 1)
        return 0;
    int raw = data[0] & 1;
    data++;
    size--;
    if (raw) {
        size_t n = size / 8 < MAX_COUNTS ? size / 8 : MAX_COUNTS;
        for (size_t i = 0; i < n; i++) {
            memcpy(&survivors[i], data + 8 * i, 8);
            durations[i] = survivors[i];
            observed[i] = data[8 * i] & 1;
        }
        size_t half = n / 2;
        lengths[0] = half, lengths[1] = n - half;
        check_sbg(survivors, lengths, n >= 4 ? 2 : 1);
        check_km(durations, observed, n);
        return 0;
    }
    size_t n_cohorts = 0, used = 0;
    while (size >= 2 && n_cohorts < MAX_COHORTS) {
        size_t len = 2 + data[0] % 8;
        if (used + len > MAX_COUNTS || size < len + 1)
            break;
        double count = 1.0 + data[1] * 10.0;
        for (size_t k = 0; k < len; k++) {
            survivors[used + k] = count;
            count = floor(count * data[1 + k] / 255.0);
        }
        lengths[n_cohorts++] = len;
        used += len;
        data += len + 1;
        size -= len + 1;
    }
    if (n_cohorts > 0)
        check_sbg(survivors, lengths, n_cohorts);
    size_t n = size < MAX_COUNTS ? size : MAX_COUNTS;
    for (size_t i = 0; i < n; i++) {
        durations[i] = data[i] / 4.0;
        observed[i] = data[i] & 1;
    }
    if (n > 0)
        check_km(durations, observed, n);
    return 0;
}
