/* Fuzz target: rows states from bytes (co_btyd_rows_deserialize). Bytes must be
 * refused or give a state that serialises back to the same bytes, merges with
 * itself (every weight doubled, the same rows), and gives finite totals and a
 * log-likelihood or a clean error at fixed parameters. Each input is tried as it
 * is and with its checksum rewritten, so that mutations reach the payload checks. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        abort();
}

/* CRC-32C, bitwise (reflected polynomial 0x82F63B78), as the frame defines it. */
static uint32_t crc32c(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = crc & 1u ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
}

static void check(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size);
    if (size < 20)
        return 0;
    uint8_t *sealed = malloc(size);
    require(sealed != NULL);
    memcpy(sealed, data, size);
    const uint32_t crc = crc32c(sealed, size - 4);
    for (int i = 0; i < 4; i++)
        sealed[size - 4 + (size_t)i] = (uint8_t)(crc >> (8 * i));
    check(sealed, size);
    free(sealed);
    return 0;
}

static void check(const uint8_t *data, size_t size)
{
    co_btyd_rows *s = NULL;
    int rc = co_btyd_rows_deserialize(data, size, &s);
    if (rc != CO_OK) {
        require(s == NULL && (rc == CO_ECORRUPT || rc == CO_EINVAL || rc == CO_ENOMEM));
        return;
    }
    void *bytes = NULL;
    size_t len = 0;
    require(co_btyd_rows_serialize(s, &bytes, &len) == CO_OK);
    require(len == size && memcmp(bytes, data, size) == 0);
    co_partial_free(bytes);
    co_btyd_totals t;
    require(co_btyd_rows_totals(s, &t) == CO_OK);
    require(isfinite(t.weight) && t.weight >= 0 && t.inputs >= co_btyd_rows_count(s));
    const size_t n = co_btyd_rows_count(s);
    rc = co_btyd_rows_merge(s, s);
    require(rc == CO_OK || rc == CO_EOVERFLOW || rc == CO_ENOMEM);
    require(co_btyd_rows_count(s) == n);
    const int spend = co_btyd_rows_get_kind(s) == CO_BTYD_ROWS_SPEND;
    const double p[4] = {0.5, 3.0, 0.8, 2.5};
    double ll, g[4];
    rc = co_btyd_rows_loglik_gradient(s, spend ? CO_MODEL_GAMMAGAMMA : CO_MODEL_BGNBD, p, &ll, g);
    require(rc == CO_OK || rc == CO_ENOCONV || rc == CO_ENOMEM);
    if (rc == CO_OK)
        require(isfinite(ll)); /* a density in t_x: log L may be > 0 */
    co_btyd_rows_free(s);
}
