/* Dispatch of the predictions to the fitted model's kind. */
#include "error_internal.h"
#include "holdout_internal.h"

int co__btyd_model_check(const co_btyd_model *m, const char *fn)
{
    if (!m)
        return co__fail(CO_EINVAL, "%s: NULL model", fn);
    if (m->kind != CO_BTYD_BGNBD && m->kind != CO_BTYD_PARETONBD)
        return co__fail(CO_EINVAL, "%s: unknown purchase model kind %d", fn, (int)m->kind);
    return CO_OK;
}

static co_bgnbd_params bg(const co_btyd_model *m)
{
    return (co_bgnbd_params){m->param[0], m->param[1], m->param[2], m->param[3]};
}

static co_paretonbd_params pn(const co_btyd_model *m)
{
    return (co_paretonbd_params){m->param[0], m->param[1], m->param[2], m->param[3]};
}

int co__btyd_model_expected(const co_btyd_model *m, const double *t, size_t n, double *out)
{
    co_bgnbd_params b = bg(m);
    co_paretonbd_params p = pn(m);
    return m->kind == CO_BTYD_BGNBD ? co_bgnbd_expected_purchases(&b, t, n, out)
                                    : co_paretonbd_expected_purchases(&p, t, n, out);
}

int co__btyd_model_conditional(const co_btyd_model *m, const double *t, const double *frequency,
                               const double *recency, const double *T, size_t n, double *out)
{
    co_bgnbd_params b = bg(m);
    co_paretonbd_params p = pn(m);
    return m->kind == CO_BTYD_BGNBD
               ? co_bgnbd_conditional_expected_purchases(&b, t, frequency, recency, T, n, out)
               : co_paretonbd_conditional_expected_purchases(&p, t, frequency, recency, T, n, out);
}

int co__btyd_model_alive(const co_btyd_model *m, const double *frequency, const double *recency,
                         const double *T, size_t n, double *out)
{
    co_bgnbd_params b = bg(m);
    co_paretonbd_params p = pn(m);
    return m->kind == CO_BTYD_BGNBD
               ? co_bgnbd_probability_alive(&b, frequency, recency, T, n, out)
               : co_paretonbd_probability_alive(&p, frequency, recency, T, n, out);
}

int co__btyd_model_pmf(const co_btyd_model *m, const double *t, const double *count, size_t n,
                       double *out)
{
    co_bgnbd_params b = bg(m);
    co_paretonbd_params p = pn(m);
    return m->kind == CO_BTYD_BGNBD ? co_bgnbd_probability_of_purchases(&b, t, count, n, out)
                                    : co_paretonbd_probability_of_purchases(&p, t, count, n, out);
}
