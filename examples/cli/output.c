/* Output files and terminal progress (see output.h). */
#define _DEFAULT_SOURCE /* realpath */
#include "output.h"
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The directory part of `path` ("." for none), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (slash && n == 0)
        n = 1;
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, slash ? path : ".", n);
        dir[n] = '\0';
    }
    return dir;
}

enum { DEST_NEW, DEST_REPLACE, DEST_THROUGH, DEST_DESCRIPTOR };

/* Follow `path` through its links as the library's writer does
 * (lib/core/file.c): a regular file is replaced, a new name created, a
 * character device, FIFO or descriptor link (/dev/stdout) written through;
 * a link itself is never replaced. 0 and *final (malloc'd), or -1 and errno. */
static int resolve(const char *path, int *kind, char **final, struct stat *st)
{
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < 40; hops++) {
        if (lstat(cur, st) != 0) {
            if (errno != ENOENT)
                break;
            *kind = DEST_NEW;
            *final = cur;
            return 0;
        }
        if (S_ISREG(st->st_mode) || S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
            *kind = S_ISREG(st->st_mode) ? DEST_REPLACE : DEST_THROUGH;
            *final = cur;
            return 0;
        }
        if (!S_ISLNK(st->st_mode)) {
            errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
            break;
        }
        char *dir = dir_of(cur);
        char *real = dir ? realpath(dir, NULL) : NULL;
        int in_proc = real && strncmp(real, "/proc/", 6) == 0;
        free(real);
        char target[PATH_MAX];
        ssize_t len = dir && !in_proc ? readlink(cur, target, sizeof target - 1) : 0;
        if (!dir || len < 0 || in_proc) {
            free(dir);
            if (in_proc) {
                *kind = DEST_DESCRIPTOR;
                *final = cur;
                return 0;
            }
            break;
        }
        target[len] = '\0';
        char *next = malloc(strlen(dir) + (size_t)len + 2);
        if (next) {
            if (target[0] == '/')
                strcpy(next, target);
            else
                sprintf(next, "%s/%s", dir, target);
        }
        free(dir);
        free(cur);
        cur = next;
        errno = ELOOP;
    }
    int e = cur ? errno : ENOMEM;
    free(cur);
    errno = e;
    return -1;
}

/* "<dir>/.co-<12 hex>.tmp", short and of fixed length, so that a name of
 * NAME_MAX bytes still has a temporary name beside it. */
static int create_temp(char *tmp, size_t cap, const char *dir, mode_t mode)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned long long mix = ((unsigned long long)now.tv_nsec << 20) ^ (unsigned long long)getpid();
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

static int fail(out_file *o, int fd, int e)
{
    if (fd >= 0)
        close(fd);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->final);
    memset(o, 0, sizeof *o);
    errno = e;
    return -1;
}

int out_is_stdout(const char *path)
{
    struct stat a, b;
    return strcmp(path, "-") == 0 || (stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 &&
                                      a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

int out_open(out_file *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (out_is_stdout(path)) {
        o->f = stdout;
        o->is_stdout = 1;
        return 0;
    }
    int kind;
    struct stat old;
    if (resolve(path, &kind, &o->final, &old) < 0)
        return -1;
    int fd;
    if (kind == DEST_THROUGH || kind == DEST_DESCRIPTOR) {
        /* Nonblocking open: a FIFO without a reader is ENXIO, not a hang. */
        fd = open(o->final,
                  O_WRONLY | O_NONBLOCK | O_CLOEXEC | (kind == DEST_DESCRIPTOR ? O_APPEND : 0));
        if (fd < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
            return fail(o, fd, errno);
    } else {
        char *dir = dir_of(o->final);
        size_t cap = dir ? strlen(dir) + 32 : 0;
        o->tmp = dir ? malloc(cap) : NULL;
        if (!o->tmp) {
            free(dir);
            return fail(o, -1, ENOMEM);
        }
        /* A replacement starts private, then takes the old file's owner
         * (where permitted; first, as chown clears set-id bits) and mode. */
        fd = create_temp(o->tmp, cap, dir, kind == DEST_NEW ? 0666 : 0600);
        free(dir);
        if (fd < 0) {
            int e = errno;
            free(o->tmp);
            o->tmp = NULL;
            return fail(o, -1, e);
        }
        if (kind == DEST_REPLACE && ((fchown(fd, old.st_uid, old.st_gid) != 0 && errno != EPERM) ||
                                     fchmod(fd, old.st_mode & 07777) != 0))
            return fail(o, fd, errno);
    }
    o->f = fdopen(fd, "w");
    if (!o->f)
        return fail(o, fd, errno);
    return 0;
}

int out_commit(out_file *o)
{
    if (o->is_stdout) {
        int failed = fflush(stdout) != 0 || ferror(stdout);
        memset(o, 0, sizeof *o);
        return failed ? -1 : 0;
    }
    int failed = fflush(o->f) != 0 || ferror(o->f);
    int e = errno;
    /* Only files are synced: a pipe or terminal refuses (EINVAL). */
    if (!failed && fsync(fileno(o->f)) != 0 && errno != EINVAL && errno != EROFS) {
        failed = 1;
        e = errno;
    }
    if (fclose(o->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    o->f = NULL;
    if (!failed && o->tmp && rename(o->tmp, o->final) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed && o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->final);
    memset(o, 0, sizeof *o);
    errno = e;
    return failed ? -1 : 0;
}

void out_abort(out_file *o)
{
    if (o->f && !o->is_stdout)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->final);
    memset(o, 0, sizeof *o);
}

static int show_progress(int quiet) { return !quiet && isatty(STDERR_FILENO); }

void progress(int quiet, const char *fmt, ...)
{
    if (!show_progress(quiet))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);     /* our own control: back to the start, clear the line */
    term_vprintf(stderr, fmt, ap); /* the text may quote data: escaped */
    va_end(ap);
    fflush(stderr);
}

void progress_done(int quiet)
{
    if (show_progress(quiet))
        fputs("\r\033[K", stderr);
}
