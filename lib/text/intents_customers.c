/* Intents per customer from their feedback texts as of a day. */
#include <string.h>

#include "error_internal.h"
#include "intents_internal.h"

int co_intents_per_customer(const co_intents *intents, const char *const *texts, const size_t *lens,
                            const size_t *customer, const co_day *day, size_t n, size_t n_customers,
                            co_day as_of, uint32_t *count, co_day *last_day)
{
    if (!intents || !count || !last_day || (n && (!texts || !customer || !day)))
        return co__fail(CO_EINVAL, "co_intents_per_customer: NULL argument");
    for (size_t i = 0; i < n; i++) {
        if (!texts[i] && (!lens || lens[i]))
            return co__fail(CO_EINVAL, "text %zu is NULL", i);
        if (customer[i] >= n_customers)
            return co__fail(CO_ERANGE,
                            "customer index %zu at position %zu is past the %zu customers",
                            customer[i], i, n_customers);
    }
    size_t k = intents->names.len;
    for (size_t j = 0; j < n_customers * k; j++) {
        count[j] = 0;
        last_day[j] = INT64_MIN;
    }
    double conf[CO__INTENTS_MAX];
    for (size_t i = 0; i < n; i++) {
        if (day[i] > as_of)
            continue;
        const char *t = texts[i] ? texts[i] : "";
        size_t len = lens ? lens[i] : strlen(t);
        co_intents_detect_many(intents, &t, &len, 1, conf); /* arguments checked above */
        for (size_t j = 0; j < k; j++) {
            if (conf[j] <= 0)
                continue;
            size_t at = customer[i] * k + j;
            if (count[at] < UINT32_MAX)
                count[at]++;
            if (day[i] > last_day[at])
                last_day[at] = day[i];
        }
    }
    return CO_OK;
}
