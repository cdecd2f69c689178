/* Whole-file reads and crash-safe replacement of files. */
#ifndef CO_FILE_INTERNAL_H
#define CO_FILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Size of the regular file at `path`, for sizing buffers ahead; 0 when it
 * is not one or cannot be inspected (the read reports why). */
uint64_t co__file_size_hint(const char *path);

/* What a loader reads at most, by kind of file. A regular file is refused
 * before it is read, a pipe or device once it has given one byte more
 * (docs/reliability.md, "Input limits"). */
#define CO__LIMIT_CSV ((size_t)1 << 30)          /* CSV imports: 1 GiB */
#define CO__LIMIT_SNAPSHOT ((size_t)2 << 30)     /* store snapshots: 2 GiB */
#define CO__LIMIT_CSV_READER ((size_t)256 << 20) /* co_csv_reader_open: 256 MiB */
#define CO__LIMIT_DEFINITION ((size_t)16 << 20)  /* lexicons, instruments: 16 MiB */
#define CO__LIMIT_MODEL_FILE ((size_t)1 << 30)   /* model files (with data): 1 GiB */

/* Read all of `path` into a new block the caller frees with co__free(), with
 * `spare` writable bytes after the data. Regular files, pipes and FIFOs (read
 * to their end) and character devices are read; anything else is refused.
 * Opening never waits: a FIFO without a writer reads as empty. More than
 * `limit` bytes is CO_EIO naming the limit. CO_OK, CO_EIO (message names the
 * path) or CO_ENOMEM. */
int co__read_whole_file(const char *path, size_t spare, size_t limit, char **out, size_t *len);

/* A file written so that a crash at any point leaves the destination old or
 * new, never partial: a regular file (or a new name) is written to a
 * temporary file in the same directory, which takes the old file's mode and
 * owner and is renamed over it on commit. A symbolic link is followed and
 * its target replaced, never the link. A character device or FIFO, or a
 * descriptor link such as /dev/stdout, is written through as it is (no
 * temporary file; a failure may leave part of the data written). */
typedef struct co_atomic_file {
    int fd;
    char *tmp_path;   /* NULL when writing through */
    char *final_path; /* what is written or renamed over: `path` resolved */
    char *dir;        /* final_path's directory, synced after the rename */
    const char *path; /* as the caller named it, for messages */
    int error;        /* errno of the first failed write: commit reports it */
} co_atomic_file;

int co__atomic_open(co_atomic_file *a, const char *path);
void co__atomic_write(co_atomic_file *a, const void *data, size_t len);
/* Flush, fsync, rename over the destination and sync its directory. On any
 * failure the temporary file is removed and the destination is untouched. */
int co__atomic_commit(co_atomic_file *a);
/* Give up: remove the temporary file. */
void co__atomic_abort(co_atomic_file *a);

#endif
