#define _DEFAULT_SOURCE /* mknod, makedev */
/* lib/core/file.c: what the atomic writer does with each kind of destination,
 * and what the whole-file reader accepts and how much it reads. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "custorient.h"
#include "file_internal.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/co_file_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[PATH_MAX + 64];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

TestSuite(file, .init = make_dir, .fini = remove_dir, .timeout = 30);

static char *in_dir(const char *name)
{
    static char p[2][PATH_MAX];
    static int which;
    which ^= 1;
    snprintf(p[which], sizeof p[which], "%s/%s", dir, name);
    return p[which];
}

static int write_file(const char *path, const char *text)
{
    co_atomic_file a;
    int rc = co__atomic_open(&a, path);
    if (rc < 0)
        return rc;
    co__atomic_write(&a, text, strlen(text));
    return co__atomic_commit(&a);
}

static void put(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    fchmod(fd, mode);
    close(fd);
}

static void assert_content(const char *path, const char *want)
{
    char got[256] = {0};
    int fd = open(path, O_RDONLY);
    cr_assert(fd >= 0, "%s", path);
    ssize_t n = read(fd, got, sizeof got - 1);
    close(fd);
    cr_assert_geq(n, 0);
    cr_assert_str_eq(got, want);
}

/* Entries of the test directory: a temporary file left behind shows up. */
static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

Test(file, replaces_a_regular_file_and_keeps_its_mode)
{
    char *path = in_dir("export.csv");
    put(path, "old\n", 0600);
    cr_assert_eq(write_file(path, "new\n"), CO_OK, "%s", co_errmsg());
    assert_content(path, "new\n");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", (unsigned)(st.st_mode & 07777));
    cr_assert_eq(entries(), 1);

    /* Through the public writers too: a 0600 export stays 0600. */
    co_store *s;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_CUSTOMERS, path), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_save(s, path), CO_OK, "%s", co_errmsg());
    co_store_free(s);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0600);
    cr_assert_eq(entries(), 1);
}

Test(file, a_new_file_gets_0666_less_the_umask)
{
    mode_t old = umask(027);
    int rc = write_file(in_dir("new.txt"), "x");
    umask(old);
    cr_assert_eq(rc, CO_OK);
    struct stat st;
    cr_assert_eq(stat(in_dir("new.txt"), &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0640);
}

Test(file, a_replaced_file_keeps_its_owner_when_run_as_root)
{
    if (geteuid() != 0)
        cr_skip_test("changing a file's owner needs root");
    char *path = in_dir("owned.csv");
    put(path, "old\n", 0640);
    cr_assert_eq(chown(path, 4321, 4322), 0);
    cr_assert_eq(write_file(path, "new\n"), CO_OK, "%s", co_errmsg());
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_uid, 4321);
    cr_assert_eq(st.st_gid, 4322);
    cr_assert_eq(st.st_mode & 07777, 0640);
}

Test(file, a_name_of_name_max_bytes_is_written)
{
    char name[NAME_MAX + 1];
    memset(name, 'n', NAME_MAX);
    name[NAME_MAX] = '\0';
    char *path = in_dir(name);
    cr_assert_eq(write_file(path, "first\n"), CO_OK, "%s", co_errmsg());
    cr_assert_eq(write_file(path, "second\n"), CO_OK, "%s", co_errmsg());
    assert_content(path, "second\n");
    cr_assert_eq(entries(), 1);
}

Test(file, a_symbolic_link_stays_and_its_target_is_replaced)
{
    /* link -> sub/../target.csv, relative to the link's directory. */
    char *target = in_dir("target.csv");
    put(target, "old\n", 0600);
    cr_assert_eq(symlink("target.csv", in_dir("link.csv")), 0);
    cr_assert_eq(write_file(in_dir("link.csv"), "new\n"), CO_OK, "%s", co_errmsg());
    struct stat st;
    cr_assert_eq(lstat(in_dir("link.csv"), &st), 0);
    cr_assert(S_ISLNK(st.st_mode));
    assert_content(target, "new\n");
    cr_assert_eq(stat(target, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0600);
    /* A link to a name that does not exist yet creates the target. */
    cr_assert_eq(symlink("later.csv", in_dir("dangling")), 0);
    cr_assert_eq(write_file(in_dir("dangling"), "made\n"), CO_OK, "%s", co_errmsg());
    cr_assert_eq(lstat(in_dir("dangling"), &st), 0);
    cr_assert(S_ISLNK(st.st_mode));
    assert_content(in_dir("later.csv"), "made\n");
    cr_assert_eq(entries(), 4);
}

Test(file, a_character_device_is_written_through_not_replaced)
{
    if (geteuid() != 0)
        cr_skip_test("mknod needs root");
    /* A node of the null device (1, 3) inside the test directory. */
    char *node = in_dir("null");
    cr_assert_eq(mknod(node, S_IFCHR | 0666, makedev(1, 3)), 0);
    cr_assert_eq(write_file(node, "into the void\n"), CO_OK, "%s", co_errmsg());
    co_store *s;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_save(s, node), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_store_export_csv(s, CO_RECORD_ORDERS, node), CO_OK, "%s", co_errmsg());
    co_store_free(s);
    struct stat st;
    cr_assert_eq(lstat(node, &st), 0);
    cr_assert(S_ISCHR(st.st_mode), "the device node was replaced");
    cr_assert_eq(st.st_rdev, makedev(1, 3));
    cr_assert_eq(entries(), 1);
}

Test(file, a_fifo_is_written_through_and_one_without_reader_is_refused)
{
    char *fifo = in_dir("fifo");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    /* No reader: refused at once rather than waiting for one. */
    cr_assert_eq(write_file(fifo, "nobody\n"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "no process reads") != NULL, "%s", co_errmsg());
    int rfd = open(fifo, O_RDONLY | O_NONBLOCK);
    cr_assert(rfd >= 0);
    cr_assert_eq(write_file(fifo, "through\n"), CO_OK, "%s", co_errmsg());
    char got[16] = {0};
    cr_assert_eq(read(rfd, got, sizeof got - 1), 8);
    cr_assert_str_eq(got, "through\n");
    close(rfd);
    struct stat st;
    cr_assert_eq(lstat(fifo, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode));
    cr_assert_eq(entries(), 1);
}

Test(file, dev_stdout_is_written_through_the_descriptor)
{
    /* Standard output redirected to a file: "/dev/stdout" writes into it and
     * neither the link nor the file is replaced. */
    char *out = in_dir("stdout.txt");
    put(out, "", 0644);
    int fd = open(out, O_WRONLY | O_APPEND);
    cr_assert(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    cr_assert_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    struct stat before, after;
    cr_assert_eq(stat(out, &before), 0);
    int rc = write_file("/dev/stdout", "on stdout\n");
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(fd);
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
    assert_content(out, "on stdout\n");
    cr_assert_eq(stat(out, &after), 0);
    cr_assert_eq(after.st_ino, before.st_ino, "the file behind stdout was replaced");
    cr_assert_eq(lstat("/dev/stdout", &after), 0);
    cr_assert(S_ISLNK(after.st_mode));
    cr_assert_eq(entries(), 1);
}

Test(file, a_loop_of_links_is_refused)
{
    cr_assert_eq(symlink("b", in_dir("a")), 0);
    cr_assert_eq(symlink("a", in_dir("b")), 0);
    cr_assert_eq(write_file(in_dir("a"), "x"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "Too many levels of symbolic links") != NULL, "%s", co_errmsg());
    cr_assert_eq(entries(), 2);
}

static void bind_socket(const char *path)
{
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    cr_assert(sock >= 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    cr_assert_lt(strlen(path), sizeof addr.sun_path);
    strcpy(addr.sun_path, path);
    cr_assert_eq(bind(sock, (struct sockaddr *)&addr, sizeof addr), 0);
    close(sock);
}

Test(file, a_socket_is_neither_written_nor_read)
{
    char *sock = in_dir("sock");
    bind_socket(sock);
    cr_assert_eq(write_file(sock, "x"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "not a regular file, character device or FIFO") != NULL, "%s",
              co_errmsg());
    struct stat st;
    cr_assert_eq(lstat(sock, &st), 0);
    cr_assert(S_ISSOCK(st.st_mode));
    char *text;
    size_t len;
    /* open() of a socket fails (ENXIO) before its type could be checked. */
    cr_assert_eq(co__read_whole_file(sock, 0, CO__LIMIT_CSV, &text, &len), CO_EIO);
    cr_assert_eq(entries(), 1);
}

Test(file, a_directory_is_refused)
{
    cr_assert_eq(write_file(dir, "x"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "a directory") != NULL, "%s", co_errmsg());
    cr_assert_eq(entries(), 0);
}

/* In a child whose file size limit is 100 bytes and that ignores SIGXFSZ (as
 * the command does): writing 4096 bytes fails with EFBIG, which commit
 * reports; the temporary file is gone and the old file is as it was. */
Test(file, a_file_size_limit_fails_the_write_and_leaves_no_temporary_file)
{
    char *path = in_dir("limited.csv");
    put(path, "old\n", 0644);
    pid_t child = fork();
    cr_assert(child >= 0);
    if (child == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {100, 100};
        if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
            _exit(10);
        static char big[4096];
        memset(big, 'x', sizeof big);
        co_atomic_file a;
        if (co__atomic_open(&a, path) != CO_OK)
            _exit(11);
        co__atomic_write(&a, big, sizeof big);
        if (co__atomic_commit(&a) != CO_EIO)
            _exit(12);
        _exit(strstr(co_errmsg(), "File too large") ? 0 : 13);
    }
    int status;
    cr_assert_eq(waitpid(child, &status, 0), child);
    cr_assert(WIFEXITED(status), "killed by signal %d", WTERMSIG(status));
    cr_assert_eq(WEXITSTATUS(status), 0);
    assert_content(path, "old\n");
    cr_assert_eq(entries(), 1);
}

/* ---- reading ---- */

Test(file, reading_a_fifo_without_writer_does_not_wait, .timeout = 10)
{
    char *fifo = in_dir("fifo");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *text = NULL;
    size_t len = 1;
    cr_assert_eq(co__read_whole_file(fifo, 1, CO__LIMIT_CSV, &text, &len), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(len, 0);
    co__free(text);
    /* Every loader returns too (each with its own complaint about no data). */
    co_store *s;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_lt(co_store_import_csv(s, CO_RECORD_CUSTOMERS, fifo, NULL, NULL), 0);
    co_store *loaded = NULL;
    cr_assert_lt(co_store_load(fifo, &loaded), 0);
    co_store_free(s);
    co_instrument *ins = NULL;
    cr_assert_lt(co_instrument_load(fifo, &ins), 0);
    co_csv_reader *r = NULL;
    if (co_csv_reader_open(fifo, &r) == CO_OK)
        co_csv_reader_free(r);
}

Test(file, a_stream_is_read_up_to_its_limit)
{
    /* /dev/zero never ends: the limit (here 1 MiB) stops it. */
    char *text = NULL;
    size_t len;
    cr_assert_eq(co__read_whole_file("/dev/zero", 0, (size_t)1 << 20, &text, &len), CO_EIO);
    cr_assert_str_eq(co_errmsg(), "/dev/zero: larger than the 1 MiB limit for this kind of file");
    cr_assert_str_eq(co_errpath(), "/dev/zero");
    /* Exactly the limit is still read (/dev/null: 0 bytes under a limit of 0). */
    cr_assert_eq(co__read_whole_file("/dev/null", 1, 0, &text, &len), CO_OK, "%s", co_errmsg());
    cr_assert_eq(len, 0);
    co__free(text);
}

Test(file, lexicon_and_instrument_loads_stop_at_16_mib, .timeout = 60)
{
    co_lexicon *lex;
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &lex), CO_OK);
    cr_assert_eq(co_lexicon_load(lex, "/dev/zero"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "16 MiB limit") != NULL, "%s", co_errmsg());
    cr_assert_eq(co_lexicon_count(lex), 0);
    co_lexicon_free(lex);
    co_instrument *ins = NULL;
    cr_assert_eq(co_instrument_load("/dev/zero", &ins), CO_EIO);
    cr_assert(strstr(co_errmsg(), "16 MiB limit") != NULL, "%s", co_errmsg());
    cr_assert_null(ins);
}

Test(file, a_regular_file_over_the_limit_is_refused_before_reading)
{
    /* Sparse files one byte over each limit: no data is read or allocated. */
    char *csv = in_dir("huge.csv");
    int fd = open(csv, O_WRONLY | O_CREAT, 0600);
    cr_assert(fd >= 0);
    cr_assert_eq(ftruncate(fd, ((off_t)1 << 30) + 1), 0);
    close(fd);
    co_store *s;
    cr_assert_eq(co_store_new(&s), CO_OK);
    cr_assert_eq(co_store_import_csv(s, CO_RECORD_CUSTOMERS, csv, NULL, NULL), CO_EIO);
    cr_assert(strstr(co_errmsg(), "larger than the 1 GiB limit") != NULL, "%s", co_errmsg());
    co_csv_reader *r = NULL;
    cr_assert_eq(co_csv_reader_open(csv, &r), CO_EIO);
    cr_assert(strstr(co_errmsg(), "256 MiB limit") != NULL, "%s", co_errmsg());
    cr_assert_eq(truncate(csv, ((off_t)2 << 30) + 1), 0);
    co_store *loaded = NULL;
    cr_assert_eq(co_store_load(csv, &loaded), CO_EIO);
    cr_assert(strstr(co_errmsg(), "larger than the 2 GiB limit") != NULL, "%s", co_errmsg());
    cr_assert_null(loaded);
    cr_assert_eq(co_store_count(s, CO_RECORD_CUSTOMERS), 0);
    co_store_free(s);
}

Test(file, a_proc_file_of_size_0_is_read_whole)
{
    /* /proc/self/stat says 0 bytes and holds "<pid> (<name>) ...". */
    char *text;
    size_t len;
    cr_assert_eq(co__read_whole_file("/proc/self/stat", 1, CO__LIMIT_CSV, &text, &len), CO_OK, "%s",
                 co_errmsg());
    text[len] = '\0';
    char want[32];
    snprintf(want, sizeof want, "%ld (", (long)getpid());
    cr_assert_eq(strncmp(text, want, strlen(want)), 0, "%s", text);
    co__free(text);
}

Test(file, a_directory_is_not_read)
{
    char *text;
    size_t len;
    cr_assert_eq(co__read_whole_file(dir, 0, CO__LIMIT_CSV, &text, &len), CO_EIO);
    cr_assert(strstr(co_errmsg(), "a directory") != NULL, "%s", co_errmsg());
}
