/* Atomic output files and terminal progress (see output.h). */
#include "output.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int out_open(out_file *o, const char *path)
{
    memset(o, 0, sizeof *o);
    size_t len = strlen(path);
    o->tmp = malloc(len + sizeof ".tmpXXXXXX");
    if (!o->tmp)
        return -1;
    memcpy(o->tmp, path, len);
    memcpy(o->tmp + len, ".tmpXXXXXX", sizeof ".tmpXXXXXX");
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        errno = e;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* as a plain fopen would create it */
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        errno = e;
        return -1;
    }
    o->path = path;
    return 0;
}

int out_commit(out_file *o)
{
    int failed = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
    int e = errno;
    if (fclose(o->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    o->f = NULL;
    if (!failed && rename(o->tmp, o->path) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    errno = e;
    return failed ? -1 : 0;
}

void out_abort(out_file *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp) {
        unlink(o->tmp);
        free(o->tmp);
    }
    memset(o, 0, sizeof *o);
}

static int show_progress(int quiet) { return !quiet && isatty(STDERR_FILENO); }

void progress(int quiet, const char *fmt, ...)
{
    if (!show_progress(quiet))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

void progress_done(int quiet)
{
    if (show_progress(quiet))
        fputs("\r\033[K", stderr);
}
