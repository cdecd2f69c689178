/* Logarithms of (parameter + time) for every draw of a band (band_internal.h):
 * the BG/NBD and Pareto/NBD bands need log(alpha + t) (and log(beta + t)) for
 * the tx and T of each distinct customer, and customers measured in whole days
 * share a few hundred distinct times, so each is computed once per draw. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "band_internal.h"

/* Most doubles a table may hold (32 MB); above it every call computes. */
#define TABLE_MAX ((size_t)1 << 22)

int co__band_logs_init(co_band_logs *l, const co_band_setup *setup, size_t param)
{
    memset(l, 0, sizeof *l);
    l->setup = *setup;
    l->param = param;
    if (setup->n_draws == 0 || setup->n_times == 0 || setup->n_times > TABLE_MAX / setup->n_draws)
        return CO_OK; /* no table: every call computes */
    l->table = co__malloc_array(setup->n_times * setup->n_draws, sizeof *l->table);
    l->have = co__calloc(setup->n_times, 1);
    if (l->table && l->have)
        return CO_OK;
    co__band_logs_free(l);
    return CO_ENOMEM;
}

static void fill(const co_band_logs *l, double t, double *out)
{
    const co_band_setup *s = &l->setup;
    for (size_t d = 0; d < s->n_draws; d++)
        out[d] = log(s->draws[d * s->k + l->param] + t);
}

const double *co__band_logs_at(co_band_logs *l, size_t id, double t, double *scratch)
{
    if (!l->table) {
        fill(l, t, scratch);
        return scratch;
    }
    double *row = l->table + id * l->setup.n_draws;
    if (!l->have[id]) {
        fill(l, t, row);
        l->have[id] = 1;
    }
    return row;
}

void co__band_logs_free(co_band_logs *l)
{
    co__free(l->table);
    co__free(l->have);
    memset(l, 0, sizeof *l);
}
