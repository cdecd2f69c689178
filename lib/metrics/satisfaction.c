/* CSAT/CES summaries (box share with a Wilson interval, mean with a Student t
 * interval) and linear rescaling of rating scales to 0-100. */
#include <math.h>
#include <string.h>

#include "custorient/satisfaction.h"
#include "dist_internal.h"
#include "error_internal.h"
#include "satisfaction_internal.h"
#include "sized_internal.h"

/* The complete options of a scale lo-hi with the box box_lo-box_hi. */
static co_rating_options preset(int lo, int hi, int box_lo, int box_hi)
{
    co_rating_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.scale_min = lo;
    d.scale_max = hi;
    d.box_min = box_lo;
    d.box_max = box_hi;
    d.level = 0.95;
    return d;
}

/* CSAT's options, also the defaults of fields an older caller lacks. */
static co_rating_options csat_defaults(void) { return preset(1, 5, 4, 5); }

int co_csat_options_init(co_rating_options *opts, size_t size)
{
    co_rating_options d = csat_defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

int co_ces_options_init(co_rating_options *opts, size_t size)
{
    co_rating_options d = preset(1, 7, 5, 7);
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

int co_rating_options_for_scale(co_rating_options *opts, size_t size, int scale_min, int scale_max)
{
    if (scale_min >= scale_max)
        return co__fail(CO_EINVAL, "rating scale %d-%d is empty or reversed", scale_min, scale_max);
    long points = (long)scale_max - scale_min + 1;
    int top = points <= 3 ? 1 : points == 7 ? 3 : 2;
    co_rating_options d = preset(scale_min, scale_max, scale_max - top + 1, scale_max);
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int check_options(const co_rating_options *o)
{
    if (o->scale_min >= o->scale_max)
        return co__fail(CO_EINVAL, "rating scale %d-%d is empty or reversed", o->scale_min,
                        o->scale_max);
    if (o->box_min > o->box_max || o->box_min < o->scale_min || o->box_max > o->scale_max)
        return co__fail(CO_EINVAL, "box %d-%d is not a range within the scale %d-%d", o->box_min,
                        o->box_max, o->scale_min, o->scale_max);
    if (!co__level_ok(o->level))
        return co__fail(CO_EINVAL, "confidence level %g is not between 0 and 1", o->level);
    return CO_OK;
}

int co__rating_options_resolve(const co_rating_options *opts, co_rating_options *out)
{
    *out = csat_defaults(); /* fields an older caller lacks */
    if (co__options_resolve(out, sizeof *out, opts, "co_rating_options") < 0)
        return CO_EINVAL;
    return check_options(out);
}

/* The intervals and the written summary of n answers, in_box in the box, mean and sum
 * of squared deviations ss. */
static void finish(const co_rating_options *o, size_t n, size_t in_box, double mean, double ss,
                   co_rating_summary *out)
{
    double nd = (double)n;
    co_rating_summary s = {.size = sizeof s};
    s.n = n;
    s.in_box = in_box;
    double p = (double)in_box / nd;
    s.share = 100.0 * p;
    /* Wilson score interval: centre and half-width for z^2 added pseudo-answers. */
    double z = co__normal_critical(o->level), z2 = z * z;
    double centre = (p + z2 / (2.0 * nd)) / (1.0 + z2 / nd);
    double half = z / (1.0 + z2 / nd) * sqrt(p * (1.0 - p) / nd + z2 / (4.0 * nd * nd));
    s.share_lower = 100.0 * fmax(0.0, centre - half);
    s.share_upper = 100.0 * fmin(1.0, centre + half);
    s.mean = mean + o->scale_min;
    if (n < 2) {
        s.sd = s.mean_lower = s.mean_upper = NAN;
    } else {
        s.sd = sqrt(ss / (nd - 1.0));
        double t = co__t_critical(o->level, nd - 1.0);
        s.mean_lower = s.mean - t * s.sd / sqrt(nd);
        s.mean_upper = s.mean + t * s.sd / sqrt(nd);
    }
    co__sized_store(out, &s, sizeof s);
}

int co__rating_summary_from_counts(const uint64_t *counts, const co_rating_options *o,
                                   co_rating_summary *out)
{
    /* Deviations from the scale's lowest answer keep the sums small and whole. */
    size_t points = (size_t)((long)o->scale_max - o->scale_min + 1), n = 0, in_box = 0;
    double sum = 0.0;
    for (size_t k = 0; k < points; k++) {
        n += counts[k];
        long r = o->scale_min + (long)k;
        in_box += r >= o->box_min && r <= o->box_max ? counts[k] : 0;
        sum += (double)k * (double)counts[k];
    }
    if (n == 0)
        return co__fail(CO_EINVAL, "no ratings to summarise");
    double mean = sum / (double)n, ss = 0.0;
    for (size_t k = 0; k < points; k++) {
        double d = (double)k - mean;
        ss += (double)counts[k] * d * d;
    }
    finish(o, n, in_box, mean, ss, out);
    return CO_OK;
}

/* Scales too wide to count per point: the answers themselves, two passes. */
static void summarize_answers(const int *ratings, size_t n, const co_rating_options *o,
                              co_rating_summary *out)
{
    size_t in_box = 0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        in_box += ratings[i] >= o->box_min && ratings[i] <= o->box_max;
        sum += (double)ratings[i] - o->scale_min;
    }
    double mean = sum / (double)n, ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)ratings[i] - o->scale_min - mean;
        ss += d * d;
    }
    finish(o, n, in_box, mean, ss, out);
}

int co_rating_summarize(const int *ratings, size_t n, const co_rating_options *opts,
                        co_rating_summary *out)
{
    if (!ratings || !out)
        return co__fail(CO_EINVAL, "co_rating_summarize: NULL argument");
    co_rating_options o;
    if (co__rating_options_resolve(opts, &o) < 0)
        return CO_EINVAL;
    if (co__sized_check(out, sizeof *out, "co_rating_summary") < 0)
        return CO_EINVAL;
    if (n == 0)
        return co__fail(CO_EINVAL, "no ratings to summarise");
    for (size_t i = 0; i < n; i++)
        if (ratings[i] < o.scale_min || ratings[i] > o.scale_max)
            return co__fail(CO_ERANGE, "rating %d at index %zu is outside the scale %d-%d",
                            ratings[i], i, o.scale_min, o.scale_max);
    long points = (long)o.scale_max - o.scale_min + 1;
    if (points > CO_RATING_MAX_POINTS) {
        summarize_answers(ratings, n, &o, out);
        return CO_OK;
    }
    /* Counted per point, as co_rating_counts_summarize() does, so that merged counts
     * give the same figures to the last bit. */
    uint64_t counts[CO_RATING_MAX_POINTS] = {0};
    for (size_t i = 0; i < n; i++)
        counts[ratings[i] - o.scale_min]++;
    return co__rating_summary_from_counts(counts, &o, out);
}

int co_rating_summarize_counts(const uint64_t *counts, size_t n_levels,
                               const co_rating_options *opts, co_rating_summary *out)
{
    if (!counts || !out)
        return co__fail(CO_EINVAL, "co_rating_summarize_counts: NULL argument");
    co_rating_options o;
    if (co__rating_options_resolve(opts, &o) < 0)
        return CO_EINVAL;
    if (co__sized_check(out, sizeof *out, "co_rating_summary") < 0)
        return CO_EINVAL;
    size_t levels = (size_t)((long)o.scale_max - o.scale_min + 1);
    if (n_levels != levels)
        return co__fail(CO_EINVAL, "%zu counts for a scale of %zu answers (%d-%d)", n_levels,
                        levels, o.scale_min, o.scale_max);
    uint64_t n = 0;
    for (size_t k = 0; k < levels; k++) {
        if (counts[k] > UINT64_MAX - n)
            return co__fail(CO_EOVERFLOW, "more than 2^64 ratings");
        n += counts[k];
    }
    return co__rating_summary_from_counts(counts, &o, out);
}

int co_scale_normalize(const double *values, size_t n, double low, double high, double *out_values)
{
    if ((!values || !out_values) && n > 0)
        return co__fail(CO_EINVAL, "co_scale_normalize: NULL argument");
    if (!isfinite(low) || !isfinite(high) || low == high)
        return co__fail(CO_EINVAL, "scale %g-%g has no extent", low, high);
    if (!isfinite(high - low))
        return co__fail(CO_EINVAL, "scale %g-%g is wider than a double can hold", low, high);
    double lo = fmin(low, high), hi = fmax(low, high);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return co__fail(CO_EINVAL, "value %g at index %zu is not a number", values[i], i);
        if (values[i] < lo || values[i] > hi)
            return co__fail(CO_ERANGE, "value %g at index %zu is outside the scale %g-%g",
                            values[i], i, low, high);
    }
    /* The share of the span first: 100 / (high - low) overflows for spans below ~5.6e-307. */
    for (size_t i = 0; i < n; i++)
        out_values[i] = 100.0 * ((values[i] - low) / (high - low));
    return CO_OK;
}
