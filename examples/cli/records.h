/* The store's records on or before the as-of day, as plain arrays for the
 * metric and model functions. */
#ifndef CLI_RECORDS_H
#define CLI_RECORDS_H

#include <custorient.h>

typedef struct feedback_rows {
    size_t n;
    size_t *customer;
    co_day *day;
    int *kind;
    double *score;
    const char **text; /* borrowed from the store */
} feedback_rows;

typedef struct order_rows {
    size_t n;
    size_t *customer;
    co_day *day;
} order_rows;

/* 0, or -1 when out of memory. */
int feedback_rows_load(const co_store *store, co_day as_of, feedback_rows *out);
void feedback_rows_free(feedback_rows *rows);
int order_rows_load(const co_store *store, co_day as_of, order_rows *out);
void order_rows_free(order_rows *rows);

/* Scores of the feedback rows of one kind (e.g. CO_FEEDBACK_NPS), with their
 * days; *n_out of them. 0, or -1 when out of memory. */
int feedback_scores(const feedback_rows *rows, int kind, int **scores, co_day **days,
                    size_t *n_out);

#endif
