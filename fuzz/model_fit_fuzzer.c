/* Fuzz target: fits and predictions of every purchase and spend model on
 * arbitrary customers must never crash, and must either succeed with
 * finite, positive parameters or fail with a status.
 *
 * Input: byte 0 selects the encoding. Even: each customer is 3 bytes,
 * x = b0 % 32, T = b1 / 4, recency = T * b2 / 255 (0 when x is 0), so most
 * inputs are valid and reach the optimiser. Odd: raw little-endian doubles,
 * 24 bytes a customer, to reach the input checks with NaN, negative and
 * huge values. At most 48 customers. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

#define MAX_N 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
    if (!ok)
        abort();
}

static int positive(double v) { return isfinite(v) && v > 0.0; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static double x[MAX_N], tx[MAX_N], T[MAX_N], m[MAX_N], out[MAX_N];
    if (size < 1)
        return 0;
    int raw = data[0] & 1;
    data++;
    size--;
    size_t n = 0;
    if (raw) {
        for (; n < MAX_N && size >= 24; n++, data += 24, size -= 24) {
            memcpy(&x[n], data, 8);
            memcpy(&tx[n], data + 8, 8);
            memcpy(&T[n], data + 16, 8);
            m[n] = 1.0 + fabs(tx[n]);
        }
    } else {
        for (; n < MAX_N && size >= 3; n++, data += 3, size -= 3) {
            x[n] = data[0] % 32;
            T[n] = data[1] / 4.0;
            tx[n] = x[n] > 0 ? T[n] * data[2] / 255.0 : 0.0;
            m[n] = 1.0 + data[2];
        }
    }
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.max_iter = 40;

    co_bgnbd_params bg;
    if (co_bgnbd_fit(x, tx, T, NULL, n, &opt, &bg, NULL) == CO_OK) {
        require(positive(bg.r) && positive(bg.alpha) && positive(bg.a) && positive(bg.b));
        if (co_bgnbd_probability_alive(&bg, x, tx, T, n, out) == CO_OK)
            for (size_t i = 0; i < n; i++)
                require(out[i] >= 0.0 && out[i] <= 1.0);
        (void)co_bgnbd_conditional_expected_purchases(&bg, T, x, tx, T, n, out);
    }
    co_paretonbd_params pn;
    if (co_paretonbd_fit(x, tx, T, NULL, n, &opt, &pn, NULL) == CO_OK) {
        require(positive(pn.r) && positive(pn.alpha) && positive(pn.s) && positive(pn.beta));
        if (co_paretonbd_probability_alive(&pn, x, tx, T, n, out) == CO_OK)
            for (size_t i = 0; i < n; i++)
                require(out[i] >= 0.0 && out[i] <= 1.0 + 1e-12);
    }
    co_gammagamma_params gg;
    if (co_gammagamma_fit(x, m, NULL, n, &opt, &gg, NULL) == CO_OK) {
        require(positive(gg.p) && positive(gg.q) && positive(gg.v));
        if (gg.q > 1.0)
            (void)co_bgnbd_clv(&bg, &gg, x, tx, T, m, n, NULL, out);
    }
    return 0;
}
