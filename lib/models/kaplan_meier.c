/* Kaplan-Meier product-limit estimate with Greenwood standard errors, case
 * weights and left truncation.
 *
 * Event, censoring and entry times are sorted separately by a radix sort on
 * their bit patterns (non-negative doubles order like their unsigned bits),
 * then merged: each distinct time becomes one row of the table. Sorting is
 * the only O(n log n)-like step and runs in a few linear passes. Without entry
 * times all subjects enter at 0, kept as one lump rather than n sorted zeros. */
#include "custorient/survival.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc_internal.h"
#include "dist_internal.h"
#include "error_internal.h"
#include "index_internal.h"
#include "km_internal.h"
#include "sized_internal.h"

struct co_km {
    size_t len;
    co_km_point *rows;
    double *weighted; /* 4 per row: see co_km_weighted_columns() */
};

/* The defaults co_km_options_init() writes and fields an older caller lacks take. */
static co_km_options defaults(void)
{
    co_km_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.level = 0.95;
    d.band = CO_KM_BAND_LOGLOG;
    d.variance = CO_KM_VARIANCE_GREENWOOD;
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

/* LSD radix sort of `keys`, using `tmp` (same length) as scratch; `w`, when not
 * NULL, is a payload (weights) permuted with the keys, `wtmp` its scratch. Only the
 * bits that differ between keys are sorted on, in digits of at most 8 bits:
 * whole-day durations vary in about 20 bits (three passes), arbitrary doubles
 * in up to 63 (eight passes). */
#define RADIX_MAX_BITS 8

static void radix_sort(uint64_t *keys, uint64_t *tmp, double *w, double *wtmp, size_t n)
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
    double *wsrc = w, *wdst = wtmp;
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
        for (size_t i = 0; i < n; i++) {
            size_t to = count[(src[i] >> shift) & mask]++;
            dst[to] = src[i];
            if (w)
                wdst[to] = wsrc[i];
        }
        uint64_t *swap = src;
        src = dst;
        dst = swap;
        double *wswap = wsrc;
        wsrc = wdst;
        wdst = wswap;
    }
    if (src != keys) {
        memcpy(keys, src, n * sizeof *keys);
        if (w)
            memcpy(w, wsrc, n * sizeof *w);
    }
}

static int check_values(const double *v, size_t n, const char *what)
{
    for (size_t i = 0; v && i < n; i++)
        if (!isfinite(v[i]) || v[i] < 0.0)
            return co__fail(CO_EINVAL, "%s %g at index %zu is not a finite number >= 0", what, v[i],
                            i);
    return CO_OK;
}

static int check_options(const co_km_options *opts)
{
    if (!(opts->level > 0.0 && opts->level < 1.0))
        return co__fail(CO_EINVAL, "confidence level %g is not in (0, 1)", opts->level);
    if ((opts->band < CO_KM_BAND_LOGLOG || opts->band > CO_KM_BAND_PLAIN))
        return co__fail(CO_EINVAL, "unknown confidence band form %d", (int)opts->band);
    if (opts->variance < CO_KM_VARIANCE_GREENWOOD || opts->variance > CO_KM_VARIANCE_WHOLE_AT_RISK)
        return co__fail(CO_EINVAL, "unknown variance form %d", (int)opts->variance);
    return CO_OK;
}

static int check_inputs(const co_km_input *in, const co_km_options *opts, size_t *n_events)
{
    if (in->n == 0)
        return co__fail(CO_EINVAL, "no durations");
    int rc = check_options(opts);
    if (rc == CO_OK)
        rc = check_values(in->durations, in->n, "duration");
    if (rc == CO_OK)
        rc = check_values(in->entry, in->n, "entry time");
    if (rc == CO_OK)
        rc = check_values(in->weights, in->n, "weight");
    if (rc < 0)
        return rc;
    size_t events = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (in->entry && in->entry[i] > in->durations[i])
            return co__fail(CO_EINVAL, "entry time %g at index %zu is after its duration %g",
                            in->entry[i], i, in->durations[i]);
        if (in->observed && in->observed[i] > 1)
            return co__fail(CO_EINVAL, "observed flag %u at index %zu is not 0 or 1",
                            (unsigned)in->observed[i], i);
        events += in->observed ? in->observed[i] : 1;
    }
    *n_events = events;
    return CO_OK;
}

/* A sorted stream of times with their weights (NULL: `each` per time) and the number
 * of subjects each entry stands for (1, or all n for the lump of entries at 0). */
typedef struct time_stream {
    const uint64_t *key;
    const double *w;
    size_t len, pos;
    double each;
    uint64_t subjects;
} time_stream;

static void take(time_stream *s, uint64_t key, uint64_t *count, double *weight)
{
    while (s->pos < s->len && s->key[s->pos] == key) {
        *count += s->subjects;
        *weight += s->w ? s->w[s->pos] : s->each;
        s->pos++;
    }
}

static uint64_t next_key(const time_stream *s, uint64_t key)
{
    return s->pos < s->len && s->key[s->pos] < key ? s->key[s->pos] : key;
}

/* Walk the three sorted streams together, calling `row` once per distinct time.
 * Returns the number of distinct times. */
typedef int (*row_fn)(void *ctx, const co__km_row *row);

static size_t merge_times(time_stream s[3], row_fn row, void *ctx)
{
    size_t rows = 0;
    for (;;) {
        uint64_t key = UINT64_MAX;
        for (int k = 0; k < 3; k++)
            key = next_key(&s[k], key);
        if (key == UINT64_MAX) /* no time left: keys of doubles >= 0 are below 2^63 */
            break;
        co__km_row sums = {key_time(key), 0, 0, 0, 0.0, 0.0, 0.0};
        take(&s[0], key, &sums.d, &sums.dw);
        take(&s[1], key, &sums.c, &sums.cw);
        take(&s[2], key, &sums.e, &sums.ew);
        if (row && row(ctx, &sums) < 0)
            return 0;
        rows++;
    }
    for (int k = 0; k < 3; k++)
        s[k].pos = 0;
    return rows;
}

typedef struct table_builder {
    co_km_point *rows;
    double *weighted; /* 4 per row: at risk, events, censored, entered */
    size_t len;
    uint64_t entered, removed;   /* subjects, through the previous row */
    double entered_w, removed_w; /* weights, through the previous row */
    double survival;
    double greenwood; /* running sum of the variance terms */
    const co_km_options *opts;
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

static double variance_term(co_km_variance form, double n, double d)
{
    if (form == CO_KM_VARIANCE_WHOLE_AT_RISK)
        n = trunc(n); /* lifelines casts the weighted risk set to an unsigned integer */
    return n > d ? d / (n * (n - d)) : 0.0;
}

static int add_row(table_builder *b, const co__km_row *r)
{
    double time = r->time;
    int first = b->len == 0;
    /* Entrants join the risk set after their time, except at the first row, where
     * everyone without an entry time starts; the order of the sums is lifelines'. */
    double at_entry = (b->entered_w + r->ew) - b->removed_w;
    double n = first ? at_entry : at_entry - r->ew;
    uint64_t n_subjects = b->entered + (first ? r->e : 0) - b->removed;
    /* n is a difference of running sums: allow for their rounding when the last
     * subjects at risk have the event. */
    double slack = 64.0 * DBL_EPSILON * (b->entered_w + r->ew);
    if (r->dw > 0.0) {
        if (r->dw > n + slack)
            return co__fail(CO_EINVAL,
                            "events at time %g outweigh the %g at risk (an entry time equal to "
                            "its duration?)",
                            time, n);
        if (r->dw >= n - slack) {
            b->survival = 0.0;
        } else {
            b->survival *= 1.0 - r->dw / n;
            b->greenwood += variance_term(b->opts->variance, n, r->dw);
        }
    }
    co_km_point *p = &b->rows[b->len];
    if (r->dw == 0.0 && !first) {
        *p = p[-1]; /* no event weight: the estimate and its band carry over */
    } else {
        p->survival = b->survival;
        p->std_err = b->survival > 0.0 ? b->survival * sqrt(b->greenwood) : 0.0;
        set_band(p, b->opts->band, b->z, b->greenwood);
    }
    p->time = time;
    p->at_risk = n_subjects;
    p->events = r->d;
    p->censored = r->c;
    double *w = &b->weighted[4 * b->len];
    w[0] = n;
    w[1] = r->dw;
    w[2] = r->cw;
    w[3] = r->ew;
    b->len++;
    b->entered += r->e;
    b->removed += r->d + r->c;
    b->entered_w += r->ew;
    b->removed_w += r->dw + r->cw;
    return CO_OK;
}

/* Sorted time streams of events, censorings and entries, in one allocation. */
typedef struct km_streams {
    void *block;
    time_stream s[3];
} km_streams;

static int build_streams(const co_km_input *in, size_t ne, km_streams *out)
{
    size_t n = in->n, nc = n - ne, n_entry = in->entry ? n : 1;
    int weighted = in->weights != NULL;
    if (n > SIZE_MAX / (6 * sizeof(uint64_t)))
        return co__fail(CO_EOVERFLOW, "%zu durations are too many to sort", n);
    size_t keys = n + n_entry + n, doubles = weighted ? n + n_entry + n : 0;
    uint64_t *block = co__malloc_array(keys + doubles, sizeof(uint64_t));
    if (!block)
        return co__fail_nomem();
    uint64_t *ev = block, *ce = ev + ne, *en = ce + nc, *tmp = en + n_entry;
    double *wblock = weighted ? (double *)(block + keys) : NULL;
    double *evw = wblock, *cew = wblock ? evw + ne : NULL, *enw = wblock ? cew + nc : NULL;
    double *wtmp = wblock ? enw + n_entry : NULL;
    double total = 0.0;
    for (size_t i = 0, a = 0, c = 0; i < n; i++) {
        int event = !in->observed || in->observed[i];
        uint64_t key = time_key(in->durations[i]);
        double w = weighted ? in->weights[i] : 1.0;
        if (event) {
            if (evw)
                evw[a] = w;
            ev[a++] = key;
        } else {
            if (cew)
                cew[c] = w;
            ce[c++] = key;
        }
        if (in->entry) {
            en[i] = time_key(in->entry[i]);
            if (enw)
                enw[i] = w;
        }
        total += w;
    }
    if (!in->entry) { /* everyone enters at 0: one lump */
        en[0] = time_key(0.0);
        if (enw)
            enw[0] = total;
    }
    radix_sort(ev, tmp, evw, wtmp, ne);
    radix_sort(ce, tmp, cew, wtmp, nc);
    radix_sort(en, tmp, enw, wtmp, in->entry ? n : 0);
    out->block = block;
    out->s[0] = (time_stream){ev, evw, ne, 0, 1.0, 1};
    out->s[1] = (time_stream){ce, cew, nc, 0, 1.0, 1};
    out->s[2] = in->entry ? (time_stream){en, enw, n, 0, 1.0, 1}
                          : (time_stream){en, enw, 1, 0, (double)n, (uint64_t)n};
    return CO_OK;
}

static int collect_row(void *ctx, const co__km_row *row)
{
    co__km_row **next = ctx;
    *(*next)++ = *row;
    return CO_OK;
}

/* The rows of checked subjects: one per distinct time, ascending. */
static int input_rows(const co_km_input *in, size_t n_events, co__km_row **rows, size_t *n_rows)
{
    km_streams st;
    int rc = build_streams(in, n_events, &st);
    if (rc < 0)
        return rc;
    size_t distinct = merge_times(st.s, NULL, NULL);
    co__km_row *out = co__malloc_array(distinct, sizeof *out), *next = out;
    if (!out) {
        co__free(st.block);
        return co__fail_nomem();
    }
    merge_times(st.s, collect_row, &next);
    co__free(st.block);
    *rows = out;
    *n_rows = distinct;
    return CO_OK;
}

int co__km_from_rows(const co__km_row *rows, size_t n_rows, const co_km_options *opts, co_km **out)
{
    co_km *km = co__malloc(sizeof *km);
    co_km_point *points = co__malloc_array(n_rows, sizeof *points);
    double *weighted = co__malloc_array(n_rows, 4 * sizeof *weighted);
    if (!km || !points || !weighted) {
        co__free(km);
        co__free(points);
        co__free(weighted);
        return co__fail_nomem();
    }
    table_builder b = {
        points, weighted, 0, 0, 0, 0.0, 0.0, 1.0, 0.0, opts, co__normal_critical(opts->level)};
    for (size_t i = 0; i < n_rows; i++) {
        if (add_row(&b, &rows[i]) < 0) {
            co__free(km);
            co__free(points);
            co__free(weighted);
            return CO_EINVAL; /* add_row() recorded the detail */
        }
    }
    km->len = b.len;
    km->rows = points;
    km->weighted = weighted;
    *out = km;
    return CO_OK;
}

int co__km_input_rows(const co_km_input *in, co__km_row **rows, size_t *n_rows)
{
    co_km_options opts = defaults();
    size_t n_events = 0;
    int rc = check_inputs(in, &opts, &n_events);
    return rc < 0 ? rc : input_rows(in, n_events, rows, n_rows);
}

int co__km_options_resolve(const co_km_options *opts, co_km_options *out)
{
    *out = defaults();
    if (co__options_resolve(out, sizeof *out, opts, "co_km_options") < 0)
        return CO_EINVAL;
    return check_options(out);
}

static co_km_input input_defaults(void)
{
    co_km_input d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    return d;
}

int co_km_input_init(co_km_input *data, size_t size)
{
    co_km_input d = input_defaults();
    return co__options_init(data, size, &d, sizeof d, __func__);
}

int co_km_fit_input(const co_km_input *data, const co_km_options *opts, co_km **out)
{
    if (!data || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_km_fit_input");
    co_km_input in = input_defaults();
    if (co__options_resolve(&in, sizeof in, data, "co_km_input") < 0)
        return CO_EINVAL;
    if (!in.durations)
        return co__fail(CO_EINVAL, "NULL durations in co_km_input");
    co_km_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_km_options") < 0)
        return CO_EINVAL;
    size_t ne = 0;
    int rc = check_inputs(&in, &resolved, &ne);
    if (rc < 0)
        return rc;

    co__km_row *rows = NULL;
    size_t n_rows = 0;
    rc = input_rows(&in, ne, &rows, &n_rows);
    if (rc < 0)
        return rc;
    rc = co__km_from_rows(rows, n_rows, &resolved, out);
    co__free(rows);
    return rc;
}

int co_km_fit(const double *durations, const uint8_t *observed, size_t n, const co_km_options *opts,
              co_km **out)
{
    if (!durations || !out)
        return co__fail(CO_EINVAL, "NULL argument to co_km_fit");
    co_km_input in = input_defaults();
    in.durations = durations;
    in.observed = observed;
    in.n = n;
    return co_km_fit_input(&in, opts, out);
}

void co_km_free(co_km *km)
{
    if (!km)
        return;
    co__free(km->rows);
    co__free(km->weighted);
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

int co_km_weighted_columns(const co_km *km, double *at_risk, double *events, double *censored,
                           double *entered)
{
    if (!km)
        return co__fail(CO_EINVAL, "NULL curve");
    double *cols[4] = {at_risk, events, censored, entered};
    for (size_t i = 0; i < km->len; i++)
        for (int k = 0; k < 4; k++)
            if (cols[k])
                cols[k][i] = km->weighted[4 * i + (size_t)k];
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
