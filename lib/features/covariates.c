/* co_store_covariates(): the rows, then each selected feature group in the
 * documented column order. */
#include "alloc_internal.h"
#include "covariates_internal.h"
#include "date_internal.h"

/* The rows: the caller's customers, or those with an order on or before the
 * as-of day, in store order (the rows of co_store_summary()). */
static int pick_rows(co__feature_build *b)
{
    const co_store *s = b->store;
    const size_t count = s->customers.len;
    const co_store_covariate_options *opt = b->opt;
    if (opt->customers) {
        for (size_t i = 0; i < opt->n_customers; i++)
            if (opt->customers[i] >= count)
                return co__fail(CO_ERANGE,
                                "co_store_covariates: no customer at index %zu (entry %zu)",
                                opt->customers[i], i);
        b->n = opt->n_customers;
        b->rows = co__malloc_array(b->n ? b->n : 1, sizeof *b->rows);
        if (!b->rows)
            return co__fail_nomem();
        for (size_t i = 0; i < b->n; i++)
            b->rows[i] = opt->customers[i];
        return CO_OK;
    }
    uint8_t *buyer = co__calloc(count ? count : 1, 1);
    b->rows = co__malloc_array(count ? count : 1, sizeof *b->rows);
    if (!buyer || !b->rows) {
        co__free(buyer);
        return co__fail_nomem();
    }
    const order_rec *o = s->orders.data;
    for (size_t i = 0; i < s->orders.len; i++)
        if (o[i].day <= b->as_of)
            buyer[o[i].cust] = 1;
    b->n = 0;
    for (size_t c = 0; c < count; c++)
        if (buyer[c])
            b->rows[b->n++] = c;
    co__free(buyer);
    return CO_OK;
}

static int add_groups(co__feature_build *b)
{
    const unsigned f = b->opt->features;
    co__feature_texts texts = {0};
    const int with_text = (f & (CO_COVARIATE_SENTIMENT | CO_COVARIATE_TOPICS)) != 0;
    int rc = with_text ? co__feature_texts_scan(b, &texts) : CO_OK;
    if (rc == CO_OK && (f & CO_COVARIATE_NPS))
        rc = co__feature_nps(b);
    if (rc == CO_OK && with_text)
        rc = co__feature_add_sentiment(b, &texts);
    if (rc == CO_OK && (f & CO_COVARIATE_CES))
        rc = co__feature_ratings(b, CO_FEEDBACK_CES);
    if (rc == CO_OK && (f & CO_COVARIATE_CSAT))
        rc = co__feature_ratings(b, CO_FEEDBACK_CSAT);
    if (rc == CO_OK && (f & CO_COVARIATE_CONTACTS))
        rc = co__feature_contacts(b);
    if (rc == CO_OK && (f & CO_COVARIATE_DETRACTOR))
        rc = co__feature_detractor(b);
    if (rc == CO_OK && (f & CO_COVARIATE_TOPICS))
        rc = co__feature_add_topics(b, &texts);
    if (rc == CO_OK && (f & CO_COVARIATE_SEGMENT))
        rc = co__feature_segment(b);
    if (rc == CO_OK && (f & CO_COVARIATE_TAGS))
        rc = co__feature_tags(b);
    if (with_text)
        co__feature_texts_free(&texts);
    return rc;
}

int co_store_covariates(const co_store *store, co_day as_of, const co_store_covariate_options *opt,
                        co_covariate_matrix **out)
{
    if (!store || !out)
        return co__fail(CO_EINVAL, "co_store_covariates: NULL argument");
    co_store_covariate_options o;
    int rc = co__feature_options_resolve(opt, &o);
    if (rc == CO_OK)
        rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    co__feature_build b = {.store = store, .as_of = as_of, .opt = &o};
    rc = pick_rows(&b);
    if (rc == CO_OK)
        rc = add_groups(&b);
    if (rc == CO_OK)
        rc = co__feature_finish(&b, out);
    co__feature_build_free(&b);
    return rc;
}
