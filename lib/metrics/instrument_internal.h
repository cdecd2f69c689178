/* The representation of a survey instrument, shared by its parser, its
 * built-in definitions and its scoring. */
#ifndef CO_INSTRUMENT_INTERNAL_H
#define CO_INSTRUMENT_INTERNAL_H

#include "custorient/instrument.h"
#include "vec_internal.h"

/* Limits that keep a hostile definition from asking for unbounded memory. */
#define CO_INSTRUMENT_MAX_ITEMS 10000
#define CO_INSTRUMENT_MAX_SUBSCALES 1000
#define CO_INSTRUMENT_MAX_ID 64

typedef struct instrument_item {
    char *id;
    char *text;
    int reversed;
} instrument_item;

typedef struct instrument_subscale {
    char *id;
    char *title;
    int mean;
    size_t line;  /* where it was defined, for "has no items" errors */
    co_vec items; /* size_t item indices */
} instrument_subscale;

struct co_instrument {
    char *title;
    int scale_min, scale_max;
    double min_answered; /* share of a subscale's items needed for a score */
    co_vec items;        /* instrument_item */
    co_vec subscales;    /* instrument_subscale */
};

#endif
