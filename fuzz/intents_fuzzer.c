/* Fuzz target: the intent definition parser and the detector. The input is
 * loaded as a definition (it must load all or nothing) and then, with the
 * built-in rules and whatever it added, read as a text: every hit must lie in
 * the text, in intent order, with a confidence in [0.5, 1], and the bulk form
 * must agree. */
#include <stdint.h>
#include <stdlib.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_intents *set;
    if (co_intents_new(&set) != CO_OK)
        return 0;
    const char *text = (const char *)data;
    int rc = co_intents_load_buffer(set, text, size, "fuzz.intents");
    size_t k = co_intents_count(set);
    if (rc != CO_OK && k != CO_INTENT_BUILTIN_COUNT)
        abort(); /* a failed load changed the set */
    co_intent_hit hits[260];
    size_t n;
    if (co_intents_detect(set, text, size, hits, 260, &n) != CO_OK || n > k)
        abort();
    double *many = malloc((k ? k : 1) * sizeof *many);
    if (!many || co_intents_detect_many(set, &text, &size, 1, many) != CO_OK)
        abort();
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        const co_intent_hit *h = &hits[i];
        if (h->intent >= k || (i && h->intent <= hits[i - 1].intent) || !(h->confidence >= 0.5) ||
            !(h->confidence <= 1) || h->begin >= h->end || h->end > size ||
            many[h->intent] != h->confidence)
            abort();
    }
    for (size_t j = 0; j < k; j++)
        found += many[j] > 0;
    if (found != n)
        abort();
    free(many);
    co_intents_free(set);
    return 0;
}
