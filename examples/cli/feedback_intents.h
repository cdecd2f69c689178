/* What customers said they want in their feedback texts as of the report's
 * day: the day each customer last said they would cancel (for the at-risk
 * reasons) and the monthly counts of cancel and refund texts (section_intents.c). */
#ifndef CLI_FEEDBACK_INTENTS_H
#define CLI_FEEDBACK_INTENTS_H

#include <custorient.h>

/* Months shown: the last this many up to the as-of month. */
#define INTENT_MONTHS 12

typedef struct feedback_intents {
    int ran;
    int status;              /* CO_OK, or why the intents could not be found */
    size_t texts;            /* feedback texts up to the as-of day */
    size_t cancel_texts;     /* of them, texts with a cancel intent */
    size_t refund_texts;     /* ... a refund intent */
    size_t cancel_customers; /* customers with a cancel text */
    co_day *cancel_day;      /* per store customer: day of the latest cancel text, INT64_MIN none */
    co_day month[INTENT_MONTHS];  /* first day of each month shown, oldest first */
    size_t cancel[INTENT_MONTHS]; /* cancel texts of the month */
    size_t refund[INTENT_MONTHS]; /* refund texts of the month */
} feedback_intents;

/* Find the intents of the store's feedback texts up to `as_of` (built-in
 * rules). Returns 0, or -1 when out of memory; other failures go to
 * `status`. Free with feedback_intents_free() in both cases. */
int feedback_intents_run(feedback_intents *fi, const co_store *store, co_day as_of);
void feedback_intents_free(feedback_intents *fi);

#endif
