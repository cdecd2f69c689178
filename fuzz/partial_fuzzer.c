/* Fuzz target: the readers of serialised partial states. Every input goes to every
 * reader, which must refuse it cleanly (CO_EINVAL for another kind, CO_ECORRUPT for
 * damage) or accept it; bytes a reader accepts must serialise back to the same bytes
 * and survive merging with themselves and the figures computed from them. Random bytes
 * rarely pass the checksum, so the input is also read with a repaired frame: its first
 * byte picks the kind, the rest is the payload, and magic, version, length and checksum
 * are written around it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "partial_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        abort();
}

static void check_refused(int rc)
{
    require(rc == CO_EINVAL || rc == CO_ECORRUPT || rc == CO_ENOMEM);
    require(co_errcode() == rc);
}

/* Bytes `out` a serialiser wrote (status rc) equal the input that was read. */
static void same_bytes(int rc, void *out, size_t len, const uint8_t *data, size_t size)
{
    require(rc == CO_OK || rc == CO_ENOMEM);
    if (rc == CO_OK)
        require(len == size && memcmp(out, data, size) == 0);
    co_partial_free(out);
}

static void read_nps(const uint8_t *data, size_t size)
{
    co_nps acc;
    int rc = co_nps_deserialize(data, size, &acc);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_nps_serialize(&acc, &out, &len);
    same_bytes(rc, out, len, data, size);
    double score;
    (void)co_nps_merge(&acc, &acc);
    (void)co_nps_score(&acc, &score);
    (void)co_nps_se(&acc, &score);
}

static void read_ratings(const uint8_t *data, size_t size)
{
    co_rating_counts *c = NULL;
    int rc = co_rating_counts_deserialize(data, size, &c);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_rating_counts_serialize(c, &out, &len);
    same_bytes(rc, out, len, data, size);
    int lo = 0, hi = 0;
    require(co_rating_counts_scale(c, &lo, &hi) == CO_OK);
    co_rating_options o;
    require(co_rating_options_for_scale(&o, sizeof o, lo, hi) == CO_OK);
    co_rating_summary s = {.size = sizeof s};
    (void)co_rating_counts_merge(c, c);
    rc = co_rating_counts_summarize(c, &o, &s);
    require(rc == CO_OK || (rc == CO_EINVAL && co_rating_counts_total(c) == 0));
    co_rating_counts_free(c);
}

static void read_km(const uint8_t *data, size_t size)
{
    co_km_counts *c = NULL;
    int rc = co_km_counts_deserialize(data, size, &c);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_km_counts_serialize(c, &out, &len);
    same_bytes(rc, out, len, data, size);
    co_km *km = NULL;
    (void)co_km_counts_merge(c, c);
    if (co_km_counts_fit(c, NULL, &km) == CO_OK) {
        double median;
        require(co_km_median(km, &median) == CO_OK);
        co_km_free(km);
    }
    co_km_counts_free(c);
}

static void read_retention(const uint8_t *data, size_t size)
{
    co_retention r;
    co_day start;
    int64_t period;
    int rc = co_retention_deserialize(data, size, &r, &start, &period);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_retention_serialize(&r, start, period, &out, &len);
    same_bytes(rc, out, len, data, size);
    (void)co_retention_merge(&r, &r);
}

static void read_cohorts(const uint8_t *data, size_t size)
{
    co_cohorts *m = NULL, *twice = NULL;
    int rc = co_cohorts_deserialize(data, size, &m);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_cohorts_serialize(m, &out, &len);
    same_bytes(rc, out, len, data, size);
    if (co_cohorts_merge(m, m, &twice) == CO_OK) {
        size_t rows = co_cohorts_count(twice);
        double *rates = malloc(rows * rows * sizeof *rates);
        if (rates)
            require(co_cohorts_rates(twice, rates) == CO_OK);
        free(rates);
        co_cohorts_free(twice);
    }
    co_cohorts_free(m);
}

static void read_histogram(const uint8_t *data, size_t size)
{
    co_rfm_histogram *h = NULL;
    int rc = co_rfm_histogram_deserialize(data, size, &h);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_rfm_histogram_serialize(h, &out, &len);
    same_bytes(rc, out, len, data, size);
    double cuts[CO_RFM_MAX_BINS];
    (void)co_rfm_histogram_merge(h, h);
    rc = co_rfm_histogram_cuts(h, 5, 1.0, cuts);
    require(rc == CO_OK || rc == CO_EINVAL || rc == CO_EOVERFLOW);
    co_rfm_histogram_free(h);
}

static void read_topics(const uint8_t *data, size_t size)
{
    co_topic_tally *t = NULL;
    int rc = co_topic_tally_deserialize(data, size, &t);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_topic_tally_serialize(t, &out, &len);
    same_bytes(rc, out, len, data, size);
    (void)co_topic_tally_merge(t, t);
    size_t k = co_topic_tally_count(t);
    co_topic_count *counts = malloc((k ? k : 1) * sizeof *counts);
    if (counts)
        require(co_topic_tally_counts(t, counts, NULL) == CO_OK);
    free(counts);
    co_topic_tally_free(t);
}

static void read_sentiment(const uint8_t *data, size_t size)
{
    co_sentiment_tally s;
    int rc = co_sentiment_tally_deserialize(data, size, &s);
    if (rc != CO_OK) {
        check_refused(rc);
        return;
    }
    void *out = NULL;
    size_t len = 0;
    rc = co_sentiment_tally_serialize(&s, &out, &len);
    same_bytes(rc, out, len, data, size);
    double mean;
    (void)co_sentiment_tally_merge(&s, &s);
    if (co_sentiment_tally_mean(&s, &mean) == CO_OK)
        require(mean >= -1.0 && mean <= 1.0);
}

static void read_all(const uint8_t *data, size_t size)
{
    int kind, version;
    int rc = co_partial_peek(data, size, &kind, &version);
    require(rc == CO_OK || rc == CO_ECORRUPT);
    read_nps(data, size);
    read_ratings(data, size);
    read_km(data, size);
    read_retention(data, size);
    read_cohorts(data, size);
    read_histogram(data, size);
    read_topics(data, size);
    read_sentiment(data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size);
    if (size == 0)
        return 0;
    size_t payload = size - 1, len = payload + CO_PARTIAL_FRAME_BYTES;
    uint8_t *frame = malloc(len);
    if (!frame)
        return 0;
    unsigned kind = 1u + data[0] % (CO_PARTIAL_KIND_COUNT - 1);
    memcpy(frame, "COPS", 4);
    frame[4] = (uint8_t)kind;
    frame[5] = 0;
    frame[6] = 1;
    frame[7] = 0;
    for (int i = 0; i < 8; i++)
        frame[8 + i] = (uint8_t)((uint64_t)payload >> (8 * i));
    memcpy(frame + 16, data + 1, payload);
    uint32_t crc = co__crc32c(0, frame, len - 4);
    for (int i = 0; i < 4; i++)
        frame[len - 4 + (size_t)i] = (uint8_t)(crc >> (8 * i));
    read_all(frame, len);
    free(frame);
    return 0;
}
