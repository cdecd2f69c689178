/* The BG/NBD side of a CLV: the discounted expected purchases of the months of
 * a customer alive at T (co__clv_discounted_if_alive()), each month's
 *   E(t) = (a+b+x-1)/(a-1) [1 - w^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)],
 * z = t / (alpha+T+t), w = 1 - z (bgnbd.c), with the months' series summed in
 * one pass: they share every coefficient and differ only in z, so a term costs
 * one division for all months instead of one per month. Where the series
 * would be long (z near 1) or the parameters unusual, month by month. */
#include <math.h>

#include "btyd_internal.h"

#define BLOCK 16         /* months summed together */
#define MAX_TERMS 5000   /* beyond: month by month (with its transformations) */
#define MAX_Z 0.995      /* the last month's z past which the same */
#define SERIES_TOL 1e-16 /* as co__hyp2f1() */

typedef struct months {
    unsigned n;
    double t[BLOCK], z[BLOCK], sum[BLOCK];
} months;

/* 2F1(A, B; C; z) of each month into sum[]; 0 if a series did not settle. The
 * stopping rule is co__hyp2f1()'s: once the factors (A+k)/(C+k) and
 * (B+k)/(k+1) move monotonically to 1, the tail lies below term R / (1 - R).
 * The months come in increasing z, so the first ones settle first and leave
 * the pass. */
static int sum_series(double A, double B, double C, months *mo)
{
    double term[BLOCK];
    for (unsigned i = 0; i < mo->n; i++) {
        term[i] = 1.0;
        mo->sum[i] = 1.0;
    }
    unsigned open = 0; /* months before it have settled */
    for (long k = 0; k < MAX_TERMS; k++) {
        const double dk = (double)k, an = A + dk, bn = B + dk, cn = C + dk;
        if (an == 0.0 || bn == 0.0) /* a terminating series */
            return 1;
        const double ratio = an * bn / (cn * (dk + 1.0));
        for (unsigned i = open; i < mo->n; i++) {
            term[i] *= ratio * mo->z[i];
            mo->sum[i] += term[i];
        }
        if (an + 1.0 < 0.0 || bn + 1.0 < 0.0)
            continue;
        const double fa = (an + 1.0) / (cn + 1.0), fb = (bn + 1.0) / (dk + 2.0);
        const double f = (fa > 1.0 ? fa : 1.0) * (fb > 1.0 ? fb : 1.0);
        for (; open < mo->n; open++) {
            const double R = mo->z[open] * f;
            if (!(R < 1.0 && fabs(term[open]) * R <= SERIES_TOL * (1.0 - R) * fabs(mo->sum[open])))
                break;
        }
        if (open == mo->n)
            return 1;
    }
    return 0;
}

int co__bgnbd_discounted_if_alive(const void *params, double x, double T, const co_clv_options *opt,
                                  double *out)
{
    const co_bgnbd_params *p = params;
    const double a = p->a, b = p->b, C = a + b + x - 1.0;
    const double at = p->alpha + T, log_at = log(at), lead = C / (a - 1.0);
    double total = 0.0, prev = 0.0, discount = 1.0;
    for (unsigned first = 1; first <= opt->months && C > 0.0; first += BLOCK) {
        months mo = {0};
        mo.n = opt->months - first + 1 < BLOCK ? opt->months - first + 1 : BLOCK;
        for (unsigned i = 0; i < mo.n; i++) {
            mo.t[i] = (double)(first + i) * opt->periods_per_month;
            mo.z[i] = mo.t[i] / (at + mo.t[i]);
        }
        if (!(mo.z[mo.n - 1] <= MAX_Z) || !sum_series(a + b - 1.0 - p->r, a - 1.0, C, &mo))
            break;
        for (unsigned i = 0; i < mo.n; i++) {
            /* the bracket as alive_expected() in bgnbd.c writes it */
            const double h = mo.sum[i], lw = (a - 1.0) * (log_at - log(at + mo.t[i]));
            const double bracket = h > 0.0 ? -expm1(lw + log(h)) : 1.0 - exp(lw) * h;
            const double cur = lead * bracket;
            discount /= 1.0 + opt->discount_rate;
            total += (cur - prev) * discount;
            prev = cur;
        }
        if (!isfinite(total))
            break;
        if (first + mo.n > opt->months) {
            *out = total;
            return CO_OK;
        }
    }
    return co__clv_discounted_by_month(&co__bgnbd_purchases, params, x, T, opt, out);
}
