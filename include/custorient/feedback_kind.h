/**
 * @file custorient/feedback_kind.h
 * @brief The kinds of customer feedback, shared by the store and the metrics.
 */
#ifndef CUSTORIENT_FEEDBACK_KIND_H
#define CUSTORIENT_FEEDBACK_KIND_H

/** What a piece of feedback measures, with the scale of its score. */
typedef enum co_feedback_kind {
    CO_FEEDBACK_NPS = 0,    /**< likelihood to recommend, integer 0-10 */
    CO_FEEDBACK_CSAT = 1,   /**< satisfaction, integer 1-5 */
    CO_FEEDBACK_CES = 2,    /**< effort (agreement that it was easy), integer 1-7 */
    CO_FEEDBACK_RATING = 3, /**< star rating, 1-5 (fractions allowed) */
    CO_FEEDBACK_TEXT = 4    /**< free text only: no score in the store; where a metric takes
                                 a value for it, the value is the text's compound sentiment
                                 in [-1, 1] */
} co_feedback_kind;

/** Number of feedback kinds. */
#define CO_FEEDBACK_KIND_COUNT 5

#endif
