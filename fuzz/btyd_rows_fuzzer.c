/* Fuzz target: rows states from bytes (co_btyd_rows_deserialize). Bytes must be
 * refused or give a state that serialises back to the same bytes, merges with
 * itself (every weight doubled, the same rows), and gives finite totals and a
 * log-likelihood or a clean error at fixed parameters. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_btyd_rows *s = NULL;
    int rc = co_btyd_rows_deserialize(data, size, &s);
    if (rc != CO_OK) {
        require(s == NULL && (rc == CO_ECORRUPT || rc == CO_EINVAL || rc == CO_ENOMEM));
        return 0;
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
        require(isfinite(ll) && ll <= 0.0 + 1e300);
    co_btyd_rows_free(s);
    return 0;
}
