/* Loading a data set for the program: the four CSV files of a directory (or
 * the built-in sample), or a single orders/feedback file with the customers
 * file beside it. Failures print one clear line on stderr and give the exit
 * code to return. */
#ifndef CLI_DATASET_H
#define CLI_DATASET_H

#include <custorient.h>

#include "args.h"

typedef struct dataset {
    co_store *store;
    char source[1024];      /* what to call the data in the report */
    int has[4];             /* which record files were present (co_record_kind order) */
    char orders_path[4096]; /* the orders file read, "" if none: named by data errors */
} dataset;

/* Directory of the built-in sample data set, or NULL if it cannot be found. */
const char *dataset_sample_dir(char *buf, size_t size);

/* Load every CSV of `dir` (NULL: the built-in sample). customers.csv is
 * required; orders, feedback and contacts are optional. */
int dataset_load_dir(const char *dir, dataset *out);

/* Load `path` as records of `kind`, with the customers.csv of its directory. */
int dataset_load_file(const char *path, co_record_kind kind, dataset *out);

void dataset_free(dataset *d);

/* Exit code for a library status (CO_EIO -> input, parse/range -> data...). */
int exit_code_for(int status);

#endif
