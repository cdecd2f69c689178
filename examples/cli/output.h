/* Output files as the library writes them (docs/reliability.md, "Writing
 * files"): a regular file all-or-nothing, through a temporary file in its
 * directory that takes its mode and owner and is renamed over it; a
 * symbolic link's target rather than the link; a character device, FIFO or
 * /dev/stdout written through; "-" is standard output. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <stdio.h>

typedef struct out_file {
    FILE *f;
    char *tmp;   /* NULL when writing through */
    char *final; /* `path` resolved through its links */
    const char *path;
    int is_stdout; /* "-": f is stdout, not closed */
} out_file;

/* "-", or a path naming what standard output is (/dev/stdout, the file it
 * is redirected to): out_open() then writes to stdout itself. */
int out_is_stdout(const char *path);
/* 0, or -1 with errno set (nothing created; a FIFO without reader is ENXIO,
 * a directory EISDIR). */
int out_open(out_file *o, const char *path);
/* Flush, sync and rename: 0, or -1 with errno set (target untouched). */
int out_commit(out_file *o);
/* Discard the temporary file. */
void out_abort(out_file *o);

/* Progress on stderr, only when stderr is a terminal and not `quiet`: the
 * formatted text escaped as term_escape() does (it may quote data);
 * progress_done() clears the line. */
void progress(int quiet, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void progress_done(int quiet);

#endif
