/* Whole-file reads and crash-safe replacement of files. */
#ifndef CO_FILE_INTERNAL_H
#define CO_FILE_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

/* Ask the kernel to back a large block (a few MiB or more) with huge pages,
 * so that filling it takes far fewer page faults. A hint only. */
void co__hint_large_block(void *p, size_t len);

/* Read all of `path` (a file, or a pipe read to its end) into a new block
 * the caller frees with co__free(), with `spare` writable bytes after the
 * data. CO_OK, CO_EIO (message names the path) or CO_ENOMEM. */
int co__read_whole_file(const char *path, size_t spare, char **out, size_t *len);

/* A file written beside its destination and renamed over it on commit, so a
 * crash at any point leaves the destination old or new, never partial. */
typedef struct co_atomic_file {
    FILE *f;
    char *tmp_path;
    const char *path;
    int failed; /* a write failed: commit will report CO_EIO */
} co_atomic_file;

int co__atomic_open(co_atomic_file *a, const char *path);
void co__atomic_write(co_atomic_file *a, const void *data, size_t len);
/* Flush, fsync, rename over the destination and sync its directory. On any
 * failure the temporary file is removed and the destination is untouched. */
int co__atomic_commit(co_atomic_file *a);
/* Give up: remove the temporary file. */
void co__atomic_abort(co_atomic_file *a);

#endif
