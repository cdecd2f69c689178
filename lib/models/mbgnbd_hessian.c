/* Analytic Hessian of the MBG/NBD log-likelihood in (r, alpha, a, b), for the
 * variance matrix. Per row, with D = ln(a / (b+x)) + (r+x) ln((alpha+T)/(alpha+tx))
 * and s = logistic(D):
 *   d2 log(1 + e^D) = s D'' + s (1 - s) D' D'^T,
 * where D' = (l1 - l2, (r+x)(1/(alpha+T) - 1/(alpha+tx)), 1/a, -1/(b+x)); the rest,
 * cx - (r+x) ln(alpha+T), has trigamma terms that depend on x alone. */
#include <math.h>

#include "error_internal.h"
#include "mbgnbd_internal.h"
#include "numeric_internal.h"

int co__mbgnbd_hessian(const co_btyd_data *d, const double *p, double *hess)
{
    const double r = p[0], alpha = p[1], a = p[2], b = p[3];
    const double tg_r = co__trigamma(r), tg_ab = co__trigamma(a + b), tg_b = co__trigamma(b);
    double H[4][4] = {{0}};
    for (size_t k = 0; k < d->n_groups; k++) {
        const size_t first = d->group[k], last = d->group[k + 1];
        const double x = d->rows[first].x, rx = r + x;
        const double tg_abx = co__trigamma(a + b + x + 1.0);
        const double da = 1.0 / a, db = -1.0 / (b + x);
        double sw = 0.0;
        for (size_t i = first; i < last; i++) {
            const co_btyd_row *row = &d->rows[i];
            const double w = row->w, inv1 = 1.0 / (alpha + row->T), inv2 = 1.0 / (alpha + row->tx);
            const double l12 = log(alpha + row->T) - log(alpha + row->tx);
            const double dd = log(a) - log(b + x) + rx * l12;
            const double e = exp(-fabs(dd));
            const double s = dd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            const double s2 = w * s * (1.0 - s), ws = w * s;
            const double dv[4] = {l12, rx * (inv1 - inv2), da, db};
            sw += w;
            /* -(r+x) ln(alpha+T) */
            H[0][1] -= w * inv1;
            H[1][1] += w * rx * inv1 * inv1;
            /* s (1 - s) D' D'^T + s D'' */
            for (int j = 0; j < 4; j++)
                for (int m = j; m < 4; m++)
                    H[j][m] += s2 * dv[j] * dv[m];
            H[0][1] += ws * (inv1 - inv2);
            H[1][1] -= ws * rx * (inv1 * inv1 - inv2 * inv2);
            H[2][2] -= ws * da * da;
            H[3][3] += ws * db * db;
        }
        /* cx = -lnG(r) + r ln(alpha) + lnG(a+b) - lnG(b) + lnG(r+x) + lnG(b+x+1) - lnG(a+b+x+1) */
        H[0][0] += sw * (co__trigamma(rx) - tg_r);
        H[0][1] += sw / alpha;
        H[1][1] -= sw * r / (alpha * alpha);
        H[2][2] += sw * (tg_ab - tg_abx);
        H[2][3] += sw * (tg_ab - tg_abx);
        H[3][3] += sw * (tg_ab - tg_b + co__trigamma(b + x + 1.0) - tg_abx);
    }
    for (int j = 0; j < 4; j++)
        for (int m = 0; m < 4; m++)
            hess[j * 4 + m] = j <= m ? H[j][m] : H[m][j];
    for (int j = 0; j < 16; j++)
        if (!isfinite(hess[j]))
            return co__fail(CO_ENOCONV, "MBG/NBD: Hessian not finite at the parameters");
    return CO_OK;
}
