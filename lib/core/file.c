/* Whole-file reads and atomic file replacement (temp file, fsync, rename). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* realpath */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "memory_hints_internal.h"

uint64_t co__file_size_hint(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
        return 0;
    return (uint64_t)st.st_size;
}

/* "16 MiB", "1 GiB": a limit as the messages name it. */
static void limit_text(size_t limit, char *out, size_t cap)
{
    if (limit >= ((size_t)1 << 30) && limit % ((size_t)1 << 30) == 0)
        snprintf(out, cap, "%zu GiB", limit >> 30);
    else if (limit >= ((size_t)1 << 20) && limit % ((size_t)1 << 20) == 0)
        snprintf(out, cap, "%zu MiB", limit >> 20);
    else
        snprintf(out, cap, "%zu bytes", limit);
}

static int fail_too_large(const char *path, size_t limit)
{
    char text[32];
    limit_text(limit, text, sizeof text);
    return co__fail_at(CO_EIO, path, 0, 0, "larger than the %s limit for this kind of file", text);
}

/* Up to `want` bytes (fewer only at the end of the data); -1 on error. */
static ssize_t read_full(int fd, char *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* A pipe or device has no size to allocate for: read it in growing blocks,
 * at most `limit` bytes (one more tells that the data goes on). */
static int read_stream(int fd, const char *path, size_t spare, size_t limit, char **out,
                       size_t *len)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (cap - used <= spare) {
            size_t grown = cap ? 2 * cap : 65536;
            if (grown > limit + 1 + spare)
                grown = limit + 1 + spare;
            char *p = grown > cap ? co__realloc(buf, grown) : NULL;
            if (!p) {
                co__free(buf);
                return co__fail_nomem();
            }
            buf = p;
            cap = grown;
        }
        size_t want = cap - used - spare;
        ssize_t got = read_full(fd, buf + used, want);
        if (got < 0) {
            int rc = co__fail_at(CO_EIO, path, 0, 0, "read failed: %s", strerror(errno));
            co__free(buf);
            return rc;
        }
        used += (size_t)got;
        if (used > limit) {
            co__free(buf);
            return fail_too_large(path, limit);
        }
        if ((size_t)got < want)
            break; /* the end of the data */
    }
    *out = buf;
    *len = used;
    return CO_OK;
}

static int read_regular(int fd, const struct stat *st, const char *path, size_t spare, size_t limit,
                        char **out, size_t *len)
{
    if (st->st_size < 0 || (uintmax_t)st->st_size > limit)
        return fail_too_large(path, limit);
    size_t size = (size_t)st->st_size;
    char *buf = co__malloc(size + spare);
    if (!buf)
        return co__fail_nomem();
    co__hint_large_block(buf, size);
    ssize_t got = read_full(fd, buf, size);
    if (got < 0 || (size_t)got != size) {
        int rc = co__fail_at(CO_EIO, path, 0, 0, "read failed: %s",
                             got < 0 ? strerror(errno) : "the file shrank while being read");
        co__free(buf);
        return rc;
    }
    *out = buf;
    *len = size;
    return CO_OK;
}

/* A regular file of size 0 is read as a stream: files of /proc and /sys
 * say 0 and have content. */
int co__read_whole_file(const char *path, size_t spare, size_t limit, char **out, size_t *len)
{
    /* O_NONBLOCK: opening a FIFO that no one writes to returns at once
     * instead of waiting for a writer forever. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return co__fail_at(CO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0)
        rc = co__fail_at(CO_EIO, path, 0, 0, "cannot inspect: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = co__fail_at(CO_EIO, path, 0, 0, "not a file: a directory");
    else if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        rc = co__fail_at(CO_EIO, path, 0, 0,
                         "not a regular file, pipe or character device; not read");
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        rc = co__fail_at(CO_EIO, path, 0, 0, "cannot clear O_NONBLOCK: %s", strerror(errno));
    else if (S_ISREG(st.st_mode) && st.st_size > 0)
        rc = read_regular(fd, &st, path, spare, limit, out, len);
    else
        rc = read_stream(fd, path, spare, limit, out, len);
    close(fd);
    return rc;
}

/* Where a write to `path` goes. */
typedef enum { DEST_NEW, DEST_REPLACE, DEST_THROUGH, DEST_DESCRIPTOR } dest_kind;

/* The directory part of `path` ("." for none), in a new block. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (slash && n == 0)
        n = 1;
    char *dir = co__malloc(n + 1);
    if (dir) {
        memcpy(dir, slash ? path : ".", n);
        dir[n] = '\0';
    }
    return dir;
}

/* Follow `path` through its symbolic links to what a write should go to:
 * a regular file (replaced, *final is its path), a name that does not exist
 * yet (created), a character device or FIFO (written through), or a
 * descriptor link such as /dev/stdout or /proc/self/fd/1 (written through,
 * whatever the descriptor is). The link itself is never replaced. */
static int resolve_destination(const char *path, dest_kind *kind, char **final, struct stat *st)
{
    size_t n = strlen(path);
    char *cur = co__malloc(n + 1);
    if (!cur)
        return co__fail_nomem();
    memcpy(cur, path, n + 1);
    for (int hops = 0; hops < 40; hops++) {
        if (lstat(cur, st) != 0) {
            int e = errno;
            if (e == ENOENT) {
                *kind = DEST_NEW;
                *final = cur;
                return CO_OK;
            }
            co__free(cur);
            return co__fail_at(CO_EIO, path, 0, 0, "cannot write: %s", strerror(e));
        }
        if (S_ISREG(st->st_mode) || S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
            *kind = S_ISREG(st->st_mode) ? DEST_REPLACE : DEST_THROUGH;
            *final = cur;
            return CO_OK;
        }
        if (!S_ISLNK(st->st_mode)) {
            co__free(cur);
            return co__fail_at(CO_EIO, path, 0, 0, "cannot write: %s",
                               S_ISDIR(st->st_mode)
                                   ? "a directory"
                                   : "not a regular file, character device or FIFO");
        }
        char *dir = dir_of(cur);
        char *real = dir ? realpath(dir, NULL) : NULL;
        int in_proc = real && strncmp(real, "/proc/", 6) == 0;
        free(real); /* realpath allocates with malloc */
        if (in_proc) {
            co__free(dir);
            *kind = DEST_DESCRIPTOR;
            *final = cur;
            return CO_OK;
        }
        char target[PATH_MAX];
        ssize_t len = dir ? readlink(cur, target, sizeof target - 1) : -1;
        if (len < 0) {
            int rc =
                dir ? co__fail_at(CO_EIO, path, 0, 0, "cannot read the link: %s", strerror(errno))
                    : co__fail_nomem();
            co__free(dir);
            co__free(cur);
            return rc;
        }
        target[len] = '\0';
        size_t dn = target[0] == '/' ? 0 : strlen(dir) + 1;
        char *next = co__malloc(dn + (size_t)len + 1);
        if (!next) {
            co__free(dir);
            co__free(cur);
            return co__fail_nomem();
        }
        if (dn)
            snprintf(next, dn + 1, "%s/", dir);
        memcpy(next + dn, target, (size_t)len + 1);
        co__free(dir);
        co__free(cur);
        cur = next;
    }
    co__free(cur);
    return co__fail_at(CO_EIO, path, 0, 0, "cannot write: %s", strerror(ELOOP));
}

/* Create "<dir>/.co-<12 hex digits>.tmp" exclusively. The name is short and
 * of fixed length, so a destination name of NAME_MAX bytes still has a
 * temporary name. */
static int create_temp(char *tmp, size_t cap, const char *dir, mode_t mode)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned long long mix = ((unsigned long long)now.tv_nsec << 20) ^
                             (unsigned long long)getpid() ^ (unsigned long long)(uintptr_t)&now;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned long long x =
            (mix + (unsigned long long)attempt * 0x9e3779b97f4a7c15ull) & 0xffffffffffffull;
        snprintf(tmp, cap, "%s/.co-%012llx.tmp", dir, x);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* The temporary file takes the replaced file's owner (where permitted) and
 * mode, so a 0600 file stays 0600. Owner first: chown clears set-id bits. */
static int copy_owner_and_mode(int fd, const struct stat *old)
{
    if (fchown(fd, old->st_uid, old->st_gid) != 0 && errno != EPERM)
        return -1;
    return fchmod(fd, old->st_mode & 07777);
}

static int open_through(co_atomic_file *a, dest_kind kind)
{
    /* Nonblocking open: a FIFO without a reader fails with ENXIO instead of
     * waiting; writes then block as usual. A descriptor link is appended
     * to, so the descriptor's owner keeps what it wrote before. */
    int flags = O_WRONLY | O_NONBLOCK | O_CLOEXEC | (kind == DEST_DESCRIPTOR ? O_APPEND : 0);
    int fd = open(a->final_path, flags);
    if (fd < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return co__fail_at(CO_EIO, a->path, 0, 0, "cannot write: %s",
                           e == ENXIO ? "a FIFO that no process reads" : strerror(e));
    }
    a->fd = fd;
    return CO_OK;
}

int co__atomic_open(co_atomic_file *a, const char *path)
{
    *a = (co_atomic_file){.fd = -1, .path = path};
    dest_kind kind;
    struct stat old;
    int rc = resolve_destination(path, &kind, &a->final_path, &old);
    if (rc < 0)
        return rc;
    if (kind == DEST_THROUGH || kind == DEST_DESCRIPTOR) {
        if ((rc = open_through(a, kind)) < 0) {
            co__free(a->final_path);
            *a = (co_atomic_file){.fd = -1};
        }
        return rc;
    }
    char *dir = dir_of(a->final_path);
    size_t cap = dir ? strlen(dir) + 32 : 0;
    a->tmp_path = dir ? co__malloc(cap) : NULL;
    if (!a->tmp_path) {
        co__free(dir);
        co__free(a->final_path);
        *a = (co_atomic_file){.fd = -1};
        return co__fail_nomem();
    }
    /* A new file gets 0666 less the umask, as any new file; a replacement
     * starts private and takes the old file's mode before any byte lands. */
    int fd = create_temp(a->tmp_path, cap, dir, kind == DEST_NEW ? 0666 : 0600);
    a->dir = dir;
    if (fd >= 0 && kind == DEST_REPLACE && copy_owner_and_mode(fd, &old) != 0) {
        int e = errno;
        close(fd);
        unlink(a->tmp_path);
        errno = e;
        fd = -1;
    }
    if (fd < 0) {
        rc = co__fail_at(CO_EIO, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        co__free(a->tmp_path);
        co__free(a->final_path);
        co__free(a->dir);
        *a = (co_atomic_file){.fd = -1};
        return rc;
    }
    a->fd = fd;
    return CO_OK;
}

void co__atomic_write(co_atomic_file *a, const void *data, size_t len)
{
    const char *p = data;
    while (!a->error && len) {
        ssize_t n = write(a->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            a->error = n < 0 ? errno : EIO;
            break;
        }
        p += n;
        len -= (size_t)n;
    }
}

void co__atomic_abort(co_atomic_file *a)
{
    if (a->fd >= 0)
        close(a->fd);
    if (a->tmp_path) {
        unlink(a->tmp_path);
        co__free(a->tmp_path);
    }
    co__free(a->final_path);
    co__free(a->dir);
    *a = (co_atomic_file){.fd = -1};
}

static void sync_directory(const char *dir)
{
    /* The rename lives in the directory entry: sync the directory too. */
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int co__atomic_commit(co_atomic_file *a)
{
    int e = a->error;
    /* Pipes and terminals cannot be synced (EINVAL): only files are. */
    if (!e && fsync(a->fd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (close(a->fd) != 0 && !e && errno != EINTR)
        e = errno;
    a->fd = -1;
    if (!e && a->tmp_path && rename(a->tmp_path, a->final_path) != 0)
        e = errno;
    if (e) {
        int rc = co__fail_at(CO_EIO, a->path, 0, 0, "write failed: %s", strerror(e));
        co__atomic_abort(a);
        return rc;
    }
    if (a->tmp_path)
        sync_directory(a->dir);
    co__free(a->tmp_path);
    co__free(a->final_path);
    co__free(a->dir);
    *a = (co_atomic_file){.fd = -1};
    return CO_OK;
}
