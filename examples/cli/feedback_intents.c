/* Intents of the feedback texts for the report (feedback_intents.h). */
#include "feedback_intents.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The month index (0 = oldest shown) of `day`, or -1 outside the months shown. */
static int month_index(const feedback_intents *fi, co_day day)
{
    for (int m = INTENT_MONTHS - 1; m >= 0; m--)
        if (day >= fi->month[m])
            return day < (m + 1 < INTENT_MONTHS ? fi->month[m + 1] : INT64_MAX) ? m : -1;
    return -1;
}

static int set_months(feedback_intents *fi, co_day as_of)
{
    co_day start;
    int rc = co_period_start(as_of, CO_PERIOD_MONTH, &start);
    for (int m = INTENT_MONTHS - 1; rc == CO_OK && m >= 0; m--) {
        fi->month[m] = start;
        rc = co_period_start(start - 1, CO_PERIOD_MONTH, &start); /* the month before */
    }
    return rc;
}

int feedback_intents_run(feedback_intents *fi, const co_store *store, co_day as_of)
{
    fi->ran = 1;
    size_t n_customers = co_store_count(store, CO_RECORD_CUSTOMERS);
    co_feedback_answers *fb = NULL;
    co_intents *rules = NULL;
    uint32_t *count = NULL;
    co_day *last = NULL;
    int rc = set_months(fi, as_of);
    if (rc == CO_OK)
        rc = co_store_feedback_texts(store, as_of, &fb);
    if (rc == CO_OK)
        rc = co_intents_new(&rules);
    size_t k = co_intents_count(rules), n = fb ? fb->n : 0;
    double *conf = malloc((n ? n : 1) * (k ? k : 1) * sizeof *conf);
    count = malloc((n_customers ? n_customers : 1) * (k ? k : 1) * sizeof *count);
    last = malloc((n_customers ? n_customers : 1) * (k ? k : 1) * sizeof *last);
    fi->cancel_day = malloc((n_customers ? n_customers : 1) * sizeof *fi->cancel_day);
    if (rc == CO_OK && (!conf || !count || !last || !fi->cancel_day))
        rc = CO_ENOMEM;
    if (rc == CO_OK)
        rc = co_intents_detect_many(rules, fb->text, NULL, n, conf);
    if (rc == CO_OK)
        rc = co_intents_per_customer(rules, fb->text, NULL, fb->customer, fb->day, n, n_customers,
                                     as_of, count, last);
    if (rc == CO_OK) {
        fi->texts = n;
        for (size_t i = 0; i < n; i++) {
            int cancel = conf[i * k + CO_INTENT_CANCEL] > 0,
                refund = conf[i * k + CO_INTENT_REFUND] > 0;
            fi->cancel_texts += (size_t)cancel;
            fi->refund_texts += (size_t)refund;
            int m = month_index(fi, fb->day[i]);
            if (m >= 0) {
                fi->cancel[m] += (size_t)cancel;
                fi->refund[m] += (size_t)refund;
            }
        }
        for (size_t c = 0; c < n_customers; c++) {
            fi->cancel_day[c] = last[c * k + CO_INTENT_CANCEL];
            fi->cancel_customers += count[c * k + CO_INTENT_CANCEL] > 0;
        }
    }
    fi->status = rc;
    free(conf);
    free(count);
    free(last);
    co_intents_free(rules);
    co_feedback_answers_free(fb);
    return rc == CO_ENOMEM ? -1 : 0;
}

void feedback_intents_free(feedback_intents *fi)
{
    free(fi->cancel_day);
    memset(fi, 0, sizeof *fi);
}
