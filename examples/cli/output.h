/* Output files written all-or-nothing: into a temporary file beside the
 * target, synced, then renamed over it. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stdio.h>

typedef struct out_file {
    FILE *f;
    char *tmp;
    const char *path;
} out_file;

/* 0, or -1 with errno set (nothing created). */
int out_open(out_file *o, const char *path);
/* Flush, sync and rename: 0, or -1 with errno set (target untouched). */
int out_commit(out_file *o);
/* Discard the temporary file. */
void out_abort(out_file *o);

/* Progress on stderr, only when stderr is a terminal and not `quiet`;
 * progress_done() clears the line. */
void progress(int quiet, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void progress_done(int quiet);

#endif
