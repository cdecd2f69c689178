/* Whole-file reads and atomic file replacement (temp file, fsync, rename). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"

void co__hint_large_block(void *p, size_t len)
{
#if defined(MADV_HUGEPAGE)
    /* Only whole pages inside the block; a refused hint changes nothing. */
    const uintptr_t page = 4096;
    uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1),
              to = ((uintptr_t)p + len) & ~(page - 1);
    if (len >= ((size_t)4 << 20) && to > from)
        (void)madvise((char *)p + (from - (uintptr_t)p), to - from, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

/* A pipe or device has no size to allocate for: read it in growing blocks. */
static int read_stream(FILE *f, const char *path, size_t spare, char **out, size_t *len)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (cap - used <= spare) {
            size_t grown = cap ? 2 * cap : 65536;
            char *p = grown > cap ? co__realloc(buf, grown) : NULL;
            if (!p) {
                co__free(buf);
                return co__fail_nomem();
            }
            buf = p;
            cap = grown;
        }
        size_t got = fread(buf + used, 1, cap - used - spare, f);
        used += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        co__free(buf);
        return co__fail_at(CO_EIO, path, 0, 0, "read failed");
    }
    *out = buf;
    *len = used;
    return CO_OK;
}

int co__read_whole_file(const char *path, size_t spare, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return co__fail_at(CO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return co__fail_at(CO_EIO, path, 0, 0, "not a file");
    }
    if (!S_ISREG(st.st_mode)) {
        int rc = read_stream(f, path, spare, out, len);
        fclose(f);
        return rc;
    }
    size_t size = (size_t)st.st_size;
    if ((off_t)size != st.st_size || size > (size_t)-1 - spare - 1) {
        fclose(f);
        return co__fail_at(CO_EIO, path, 0, 0, "file too large");
    }
    char *buf = co__malloc(size + spare);
    if (!buf) {
        fclose(f);
        return co__fail_nomem();
    }
    co__hint_large_block(buf, size);
    size_t got = fread(buf, 1, size, f);
    int err = ferror(f) || got != size;
    fclose(f);
    if (err) {
        co__free(buf);
        return co__fail_at(CO_EIO, path, 0, 0, "read failed");
    }
    *out = buf;
    *len = size;
    return CO_OK;
}

/* Create "<path>.tmp-<pid>-<n>" exclusively with mode 0666, so the umask
 * applies as for any new file (mkstemp would force 0600). */
static int create_temp(char *tmp, size_t cap, const char *path)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned long mix = (unsigned long)now.tv_nsec ^ (unsigned long)(uintptr_t)&now;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(tmp, cap, "%s.tmp-%ld-%lx", path, (long)getpid(), mix + (unsigned long)attempt);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int co__atomic_open(co_atomic_file *a, const char *path)
{
    *a = (co_atomic_file){.path = path};
    size_t cap = strlen(path) + 64;
    a->tmp_path = co__malloc(cap);
    if (!a->tmp_path)
        return co__fail_nomem();
    int fd = create_temp(a->tmp_path, cap, path);
    if (fd < 0) {
        int rc =
            co__fail_at(CO_EIO, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        co__free(a->tmp_path);
        a->tmp_path = NULL;
        return rc;
    }
    a->f = fdopen(fd, "wb");
    if (!a->f) {
        close(fd);
        unlink(a->tmp_path);
        co__free(a->tmp_path);
        a->tmp_path = NULL;
        return co__fail_at(CO_EIO, path, 0, 0, "cannot open a temporary file");
    }
    return CO_OK;
}

void co__atomic_write(co_atomic_file *a, const void *data, size_t len)
{
    if (!a->failed && len && fwrite(data, 1, len, a->f) != len)
        a->failed = 1;
}

void co__atomic_abort(co_atomic_file *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp_path) {
        unlink(a->tmp_path);
        co__free(a->tmp_path);
    }
    *a = (co_atomic_file){0};
}

static void sync_directory(const char *path)
{
    /* The rename lives in the directory entry: sync the directory too. */
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) {
        dir[0] = '.';
        dir[1] = '\0';
    } else {
        size_t n = (size_t)(slash - path);
        if (n == 0)
            n = 1;
        if (n >= sizeof dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int co__atomic_commit(co_atomic_file *a)
{
    int ok = !a->failed && fflush(a->f) == 0 && fsync(fileno(a->f)) == 0;
    int closed = fclose(a->f) == 0;
    a->f = NULL;
    if (!ok || !closed || rename(a->tmp_path, a->path) != 0) {
        int rc = co__fail_at(CO_EIO, a->path, 0, 0, "write failed: %s", strerror(errno));
        co__atomic_abort(a);
        return rc;
    }
    sync_directory(a->path);
    co__free(a->tmp_path);
    *a = (co_atomic_file){0};
    return CO_OK;
}
