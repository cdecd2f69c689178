/* Options of co_store_covariates(): defaults, resolution, checks; and the
 * names of the feature groups. */
#include <math.h>

#include "covariates_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "sized_internal.h"

static co_store_covariate_options defaults(void)
{
    co_store_covariate_options d = {
        .size = sizeof d,
        .features = CO_COVARIATE_ALL,
        .text_window = 365,
        .rating_window = 365,
        .contact_window = 90,
        .detractor_cap = 365,
    };
    return d;
}

int co_store_covariate_options_init(co_store_covariate_options *opt, size_t size)
{
    co_store_covariate_options d = defaults();
    return co__options_init(opt, size, &d, sizeof d, __func__);
}

const char *co_covariate_feature_name(int feature)
{
    switch (feature) {
    case CO_COVARIATE_NPS: return "nps";
    case CO_COVARIATE_SENTIMENT: return "sentiment";
    case CO_COVARIATE_CES: return "ces";
    case CO_COVARIATE_CSAT: return "csat";
    case CO_COVARIATE_CONTACTS: return "contacts";
    case CO_COVARIATE_DETRACTOR: return "detractor";
    case CO_COVARIATE_TOPICS: return "topics";
    case CO_COVARIATE_SEGMENT: return "segment";
    case CO_COVARIATE_TAGS: return "tags";
    case CO_COVARIATE_TEXT: return "text";
    default: return NULL;
    }
}

static int check_window(const char *what, int64_t days)
{
    if (days < 0)
        return co__fail(CO_ERANGE, "co_store_covariates: %s of %lld days is negative", what,
                        (long long)days);
    return CO_OK;
}

int co__feature_options_resolve(const co_store_covariate_options *given,
                                co_store_covariate_options *out)
{
    co_store_covariate_options o = defaults();
    if (co__options_resolve(&o, sizeof o, given, "co_store_covariate_options") < 0)
        return CO_EINVAL;
    if (o.features == 0 || (o.features & ~(unsigned)CO_COVARIATE_ALL) != 0)
        return co__fail(CO_EINVAL, "co_store_covariates: features 0x%x select %s", o.features,
                        o.features ? "an unknown group" : "nothing");
    int rc = check_window("text_window", o.text_window);
    if (rc == CO_OK)
        rc = check_window("rating_window", o.rating_window);
    if (rc == CO_OK)
        rc = check_window("contact_window", o.contact_window);
    if (rc < 0)
        return rc;
    if (isnan(o.detractor_cap))
        return co__fail(CO_EINVAL, "co_store_covariates: detractor_cap is NaN");
    if (!(o.detractor_cap > 0) || isinf(o.detractor_cap))
        return co__fail(CO_ERANGE, "co_store_covariates: detractor_cap %g is not a positive number",
                        o.detractor_cap);
    *out = o;
    return CO_OK;
}

co_day co__feature_window_start(co_day as_of, int64_t window)
{
    /* A window longer than every possible day span is the whole history; the
     * cut also keeps as_of - window + 1 from overflowing. */
    if (window == 0 || window > CO__DAY_LAST - CO__DAY_FIRST)
        return INT64_MIN;
    return as_of - window + 1;
}
