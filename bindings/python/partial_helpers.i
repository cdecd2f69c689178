/* Helpers for the partial-state functions partial.i hides: they take what Python passes
 * (packed texts, arrays, None). Included last, after the helpers of text.i they reuse. */

%apply (const uint64_t *IN_ARRAY, size_t IN_LEN) { (const uint64_t *counts, size_t n) };
%apply int64_t *OUTPUT { int64_t *out_start, int64_t *out_period };
%apply double *OUT_ARRAY { double *hist_values_out };
%apply uint64_t *OUT_ARRAY { uint64_t *hist_counts_out };

%inline %{
/* Kaplan-Meier counts of durations with optional flags, entries and weights (None;
 * their lengths are checked in Python). */
static int co_py_km_counts_add(co_km_counts *counts, const double *values, size_t n,
                               const uint8_t *observed, const double *entry,
                               const double *weights)
{
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = values;
    in.observed = observed;
    in.n = n;
    in.entry = entry;
    in.weights = weights;
    return co_km_counts_add(counts, &in);
}

static int co_py_km_counts_fit(const co_km_counts *counts, double level, int band, int variance,
                               co_km **out)
{
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.level = level;
    opts.band = (co_km_band)band;
    opts.variance = (co_km_variance)variance;
    return co_km_counts_fit(counts, &opts, out);
}

/* Topic tally over packed texts (as co_py_topics_tally_packed). */
static int co_py_topic_tally_add_packed(co_topic_tally *tally, const co_topics *topics,
                                        const co_lexicon *lex, const char *text, size_t len,
                                        const size_t *offsets, size_t n_offsets,
                                        const double *compound_in)
{
    int rc = co_py_check_offsets(offsets, n_offsets, len);
    if (rc < 0)
        return rc;
    size_t n = n_offsets - 1;
    const char **texts = malloc((n ? n : 1) * sizeof *texts);
    size_t *lens = malloc((n ? n : 1) * sizeof *lens);
    if (!texts || !lens) {
        rc = CO_ENOMEM;
    } else {
        for (size_t i = 0; i < n; i++) {
            texts[i] = text + offsets[i];
            lens[i] = offsets[i + 1] - offsets[i];
        }
        rc = co_topic_tally_add(tally, topics, lex, texts, lens, n, compound_in);
    }
    free(texts);
    free(lens);
    return rc;
}

/* The tally's counts into per-topic arrays of co_topic_tally_count() entries. */
static int co_py_topic_tally_counts(const co_topic_tally *tally, uint64_t *mentions_out,
                                    uint64_t *negative_out, double *share_out,
                                    double *rate_out, uint64_t *n_negative_out)
{
    size_t k = co_topic_tally_count(tally);
    co_topic_count *counts = malloc((k ? k : 1) * sizeof *counts);
    if (!counts)
        return CO_ENOMEM;
    int rc = co_topic_tally_counts(tally, counts, n_negative_out);
    for (size_t j = 0; rc == CO_OK && j < k; j++) {
        mentions_out[j] = counts[j].mentions;
        negative_out[j] = counts[j].negative;
        share_out[j] = counts[j].negative_share;
        rate_out[j] = counts[j].negative_rate;
    }
    free(counts);
    return rc;
}

/* A histogram's distinct values (ascending) and their counts, co_rfm_histogram_count()
 * of each. */
static int co_py_rfm_histogram_items(const co_rfm_histogram *hist, double *hist_values_out,
                                     uint64_t *hist_counts_out)
{
    size_t k = co_rfm_histogram_count(hist);
    for (size_t i = 0; i < k; i++) {
        int rc = co_rfm_histogram_get(hist, i, &hist_values_out[i], &hist_counts_out[i]);
        if (rc < 0)
            return rc;
    }
    return CO_OK;
}

/* Retention counts travel as 5 counts (base, retained, active, new, reactivated) and
 * their window; out_u1 receives them (5 values), the window comes back as a tuple. */
static int co_py_retention_serialize(const uint64_t *counts, size_t n, co_day start,
                                     int64_t period_days, void **out, size_t *out_len)
{
    if (n != 5)
        return co_py_fail(CO_EINVAL, "retention counts are 5 numbers, not %zu", n);
    co_retention r = {counts[0], counts[1], 0, counts[2], counts[3], counts[4], 0.0, 0.0};
    r.churned = r.base >= r.retained ? r.base - r.retained : 0;
    return co_retention_serialize(&r, start, period_days, out, out_len);
}

static int co_py_retention_deserialize(const void *bytes, size_t len, uint64_t *out_u1,
                                       int64_t *out_start, int64_t *out_period)
{
    co_retention r;
    co_day start;
    int64_t period;
    int rc = co_retention_deserialize(bytes, len, &r, &start, &period);
    if (rc < 0)
        return rc;
    uint64_t v[5] = {r.base, r.retained, r.active, r.new_customers, r.reactivated};
    memcpy(out_u1, v, sizeof v);
    *out_start = start;
    *out_period = period;
    return CO_OK;
}
%}
