/* Kaplan-Meier product-limit estimate with Greenwood standard errors.
 *
 * Event times and censoring times are sorted separately by a radix sort on
 * their bit patterns (non-negative doubles order like their unsigned bits),
 * then merged: each distinct time becomes one row of the table. Sorting is
 * the only O(n log n)-like step and runs in a few linear passes. */
#include "custorient/survival.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "dist_internal.h"
#include "error_internal.h"
#include "index_internal.h"
#include "sized_internal.h"

struct co_km {
    size_t len;
    co_km_point *rows;
};

/* The defaults co_km_options_init() writes and fields an older caller lacks take. */
static co_km_options defaults(void)
{
    co_km_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.level = 0.95;
    d.band = CO_KM_BAND_LOGLOG;
    return d;
}

int co_km_options_init(co_km_options *opts, size_t size)
{
    co_km_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static uint64_t time_key(double t)
{
    uint64_t key;
    t = t == 0.0 ? 0.0 : t; /* -0.0 sorts with 0 */
    memcpy(&key, &t, sizeof key);
    return key;
}

static double key_time(uint64_t key)
{
    double t;
    memcpy(&t, &key, sizeof t);
    return t;
}

/* LSD radix sort of `keys`, using `tmp` (same length) as scratch. Only the
 * bits that differ between keys are sorted on, in digits of at most 11 bits:
 * whole-day durations vary in about 20 bits (two passes), arbitrary doubles
 * in up to 63 (six passes). */
#define RADIX_MAX_BITS 8

static void radix_sort(uint64_t *keys, uint64_t *tmp, size_t n)
{
    if (n < 2)
        return;
    uint64_t varying = 0;
    for (size_t i = 1; i < n; i++)
        varying |= keys[i] ^ keys[0];
    if (varying == 0)
        return;
    unsigned lo = 0, hi = 64;
    while (!((varying >> lo) & 1))
        lo++;
    while (!((varying >> (hi - 1)) & 1))
        hi--;
    unsigned passes = (hi - lo + RADIX_MAX_BITS - 1) / RADIX_MAX_BITS;
    unsigned width = (hi - lo + passes - 1) / passes;
    uint64_t mask = ((uint64_t)1 << width) - 1;
    uint64_t *src = keys, *dst = tmp;
    for (unsigned shift = lo; shift < hi; shift += width) {
        size_t count[(size_t)1 << RADIX_MAX_BITS] = {0};
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & mask]++;
        size_t pos = 0;
        for (size_t b = 0; b <= mask; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & mask]++] = src[i];
        uint64_t *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != keys)
        memcpy(keys, src, n * sizeof *keys);
}

static int check_inputs(const double *durations, const uint8_t *observed, size_t n,
                        const co_km_options *opts, size_t *n_events)
{
    if (n == 0)
        return co__fail(CO_EINVAL, "no durations");
    if (!(opts->level > 0.0 && opts->level < 1.0))
        return co__fail(CO_EINVAL, "confidence level %g is not in (0, 1)", opts->level);
    if ((opts->band < CO_KM_BAND_LOGLOG || opts->band > CO_KM_BAND_PLAIN))
        return co__fail(CO_EINVAL, "unknown confidence band form %d", (int)opts->band);
    size_t events = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(durations[i]) || durations[i] < 0.0)
            return co__fail(CO_EINVAL, "duration %g at index %zu is not a finite number >= 0",
                            durations[i], i);
        if (observed && observed[i] > 1)
            return co__fail(CO_EINVAL, "observed flag %u at index %zu is not 0 or 1",
                            (unsigned)observed[i], i);
        events += observed ? observed[i] : 1;
    }
    *n_events = events;
    return CO_OK;
}

/* Walk the sorted event and censoring times together, calling `row` once
 * per distinct time with its event and censoring counts. Returns the number
 * of distinct times. */
typedef void (*row_fn)(void *ctx, double time, uint64_t events, uint64_t censored);

static size_t merge_times(const uint64_t *ev, size_t ne, const uint64_t *ce, size_t nc, row_fn row,
                          void *ctx)
{
    size_t i = 0, j = 0, rows = 0;
    while (i < ne || j < nc) {
        uint64_t key = j >= nc || (i < ne && ev[i] <= ce[j]) ? ev[i] : ce[j];
        uint64_t d = 0, c = 0;
        while (i < ne && ev[i] == key) {
            i++;
            d++;
        }
        while (j < nc && ce[j] == key) {
            j++;
            c++;
        }
        if (row)
            row(ctx, key_time(key), d, c);
        rows++;
    }
    return rows;
}

typedef struct table_builder {
    co_km_point *rows;
    size_t len;
    uint64_t at_risk; /* before the current time */
    double survival;
    double greenwood; /* running sum of d / (n (n - d)) */
    co_km_band band;
    double z;
} table_builder;

static void set_band(co_km_point *p, co_km_band band, double z, double greenwood)
{
    double s = p->survival;
    if (s <= 0.0 || s >= 1.0) {
        p->lower = p->upper = s;
        return;
    }
    double se_log = sqrt(greenwood); /* standard error of log S */
    switch (band) {
    case CO_KM_BAND_LOG:
        p->lower = s * exp(-z * se_log);
        p->upper = fmin(1.0, s * exp(z * se_log));
        break;
    case CO_KM_BAND_PLAIN:
        p->lower = fmax(0.0, s - z * p->std_err);
        p->upper = fmin(1.0, s + z * p->std_err);
        break;
    default: {
        /* exp(-exp(log(-log S) +- w)) = exp(log S * exp(+-w)), w = z se(log(-log S)). */
        double log_s = log(s);
        double widen = exp(z * se_log / -log_s);
        p->lower = exp(log_s * widen);
        p->upper = exp(log_s / widen);
        break;
    }
    }
}

static void add_row(void *ctx, double time, uint64_t events, uint64_t censored)
{
    table_builder *b = ctx;
    uint64_t n = b->at_risk;
    if (events > 0) {
        if (events == n) {
            b->survival = 0.0;
        } else {
            b->survival *= 1.0 - (double)events / (double)n;
            b->greenwood += (double)events / ((double)n * (double)(n - events));
        }
    }
    co_km_point *p = &b->rows[b->len++];
    if (events == 0 && b->len > 1) {
        *p = p[-1]; /* only censoring: the estimate and its band carry over */
    } else {
        p->survival = b->survival;
        p->std_err = b->survival > 0.0 ? b->survival * sqrt(b->greenwood) : 0.0;
        set_band(p, b->band, b->z, b->greenwood);
    }
    p->time = time;
    p->at_risk = n;
    p->events = events;
    p->censored = censored;
    b->at_risk = n - events - censored;
}

int co_km_fit(const double *durations, const uint8_t *observed, size_t n, const co_km_options *opts,
              co_km **out)
{
    if (!durations || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_km_fit");
    co_km_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_km_options") < 0)
        return CO_EINVAL;
    opts = &resolved;
    size_t ne = 0;
    int rc = check_inputs(durations, observed, n, opts, &ne);
    if (rc < 0)
        return rc;

    size_t nc = n - ne;
    uint64_t *keys = co__malloc_array(2 * n, sizeof *keys);
    if (!keys)
        return co__fail_nomem();
    uint64_t *ev = keys, *ce = keys + ne, *tmp = keys + n;
    for (size_t i = 0, a = 0, b = 0; i < n; i++) {
        if (!observed || observed[i])
            ev[a++] = time_key(durations[i]);
        else
            ce[b++] = time_key(durations[i]);
    }
    radix_sort(ev, tmp, ne);
    radix_sort(ce, tmp, nc);

    size_t distinct = merge_times(ev, ne, ce, nc, NULL, NULL);
    /* Row 0 sits at time 0 unless the smallest duration is 0 itself. */
    int zero_row = (ne > 0 ? ev[0] : ~(uint64_t)0) != 0 && (nc > 0 ? ce[0] : ~(uint64_t)0) != 0;
    co_km *km = co__malloc(sizeof *km);
    co_km_point *rows = co__malloc_array(distinct + (size_t)zero_row, sizeof *rows);
    if (!km || !rows) {
        co__free(km);
        co__free(rows);
        co__free(keys);
        return co__fail_nomem();
    }
    table_builder b = {
        rows, 0, (uint64_t)n, 1.0, 0.0, opts->band, co__normal_critical(opts->level)};
    if (zero_row)
        add_row(&b, 0.0, 0, 0);
    merge_times(ev, ne, ce, nc, add_row, &b);
    co__free(keys);
    km->len = b.len;
    km->rows = rows;
    *out = km;
    return CO_OK;
}

void co_km_free(co_km *km)
{
    if (!km)
        return;
    co__free(km->rows);
    co__free(km);
}

size_t co_km_count(const co_km *km) { return km ? km->len : 0; }

int co_km_get_point(const co_km *km, size_t i, co_km_point *out)
{
    if (!km || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_km_get_point");
    int rc = co__index_check(i, km->len, "point");
    if (rc < 0)
        return rc;
    *out = km->rows[i];
    return CO_OK;
}

int co_km_columns(const co_km *km, double *time, double *survival, double *std_err, double *lower,
                  double *upper)
{
    if (!km)
        return co__fail(CO_EINVAL, "NULL curve");
    for (size_t i = 0; i < km->len; i++) {
        const co_km_point *p = &km->rows[i];
        if (time)
            time[i] = p->time;
        if (survival)
            survival[i] = p->survival;
        if (std_err)
            std_err[i] = p->std_err;
        if (lower)
            lower[i] = p->lower;
        if (upper)
            upper[i] = p->upper;
    }
    return CO_OK;
}

int co_km_count_columns(const co_km *km, uint64_t *at_risk, uint64_t *events, uint64_t *censored)
{
    if (!km)
        return co__fail(CO_EINVAL, "NULL curve");
    for (size_t i = 0; i < km->len; i++) {
        if (at_risk)
            at_risk[i] = km->rows[i].at_risk;
        if (events)
            events[i] = km->rows[i].events;
        if (censored)
            censored[i] = km->rows[i].censored;
    }
    return CO_OK;
}

/* Index of the last row with time <= t (t >= 0). */
static size_t row_at(const co_km *km, double t)
{
    size_t lo = 0, hi = km->len; /* rows[lo].time <= t < rows[hi].time */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (km->rows[mid].time <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int co_km_survival_at(const co_km *km, const double *t, size_t n, double *out)
{
    if (!km || (n > 0 && (!t || !out)))
        return co__fail(CO_EINVAL, "NULL argument to co_km_survival_at");
    for (size_t i = 0; i < n; i++)
        if (isnan(t[i]))
            return co__fail(CO_EINVAL, "time at index %zu is NaN", i);
    for (size_t i = 0; i < n; i++)
        out[i] = t[i] < km->rows[0].time ? 1.0 : km->rows[row_at(km, t[i])].survival;
    return CO_OK;
}

/* First time at which `column` (S, or a band edge) is <= level; +inf if never. */
enum km_column { KM_SURVIVAL, KM_LOWER, KM_UPPER };

static double first_time_at_or_below(const co_km *km, enum km_column column, double level)
{
    for (size_t i = 0; i < km->len; i++) {
        const co_km_point *p = &km->rows[i];
        double v = column == KM_SURVIVAL ? p->survival : column == KM_LOWER ? p->lower : p->upper;
        if (v <= level)
            return p->time;
    }
    return INFINITY;
}

static int check_quantile(const co_km *km, double p, const void *out, const void *out2)
{
    if (!km || !out || !out2)
        return co__fail(CO_EINVAL, "NULL argument to a Kaplan-Meier quantile");
    if (!(p > 0.0 && p < 1.0))
        return co__fail(CO_EINVAL, "quantile %g is not in (0, 1)", p);
    return CO_OK;
}

int co_km_quantile(const co_km *km, double p, double *out)
{
    int rc = check_quantile(km, p, out, out);
    if (rc < 0)
        return rc;
    *out = first_time_at_or_below(km, KM_SURVIVAL, 1.0 - p);
    return CO_OK;
}

int co_km_quantile_limits(const co_km *km, double p, double *lower, double *upper)
{
    int rc = check_quantile(km, p, lower, upper);
    if (rc < 0)
        return rc;
    *lower = first_time_at_or_below(km, KM_LOWER, 1.0 - p);
    *upper = first_time_at_or_below(km, KM_UPPER, 1.0 - p);
    return CO_OK;
}

int co_km_median(const co_km *km, double *out) { return co_km_quantile(km, 0.5, out); }
