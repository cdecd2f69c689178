/* Support contacts: open on the as-of day, and resolved within the window. */
#include "alloc_internal.h"
#include "covariates_internal.h"

int co__feature_contacts(co__feature_build *b)
{
    const size_t count = b->store->customers.len;
    uint64_t *open = co__calloc(count ? count : 1, sizeof *open);
    uint64_t *closed = co__calloc(count ? count : 1, sizeof *closed);
    double *vo = NULL, *vc = NULL;
    if (open && closed)
        vo = co__feature_add(b, "contacts_open", NULL, CO_COVARIATE_CONTACTS,
                             CO_COVARIATE_CONTINUOUS);
    else
        co__fail_nomem();
    if (vo)
        vc = co__feature_add(b, "contacts_closed", NULL, CO_COVARIATE_CONTACTS,
                             CO_COVARIATE_CONTINUOUS);
    if (vc) {
        const co_day from = co__feature_window_start(b->as_of, b->opt->contact_window);
        const contact_rec *c = b->store->contacts.data;
        for (size_t i = 0; i < b->store->contacts.len; i++) {
            if (c[i].opened > b->as_of)
                continue;
            if (c[i].resolved == CO_DAY_NONE || c[i].resolved > b->as_of)
                open[c[i].cust]++;
            else if (c[i].resolved >= from)
                closed[c[i].cust]++;
        }
        for (size_t i = 0; i < b->n; i++) {
            vo[i] = (double)open[b->rows[i]];
            vc[i] = (double)closed[b->rows[i]];
        }
    }
    co__free(open);
    co__free(closed);
    return vc ? CO_OK : CO_ENOMEM;
}
