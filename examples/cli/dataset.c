/* Data loading for the program (see dataset.h). */
#include "dataset.h"
#include "term.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const file_names[4] = {"customers.csv", "orders.csv", "feedback.csv",
                                          "contacts.csv"};

int exit_code_for(int status)
{
    switch (status) {
    case CO_OK: return EXIT_OK;
    case CO_EIO: return EXIT_INPUT;
    case CO_EPARSE:
    case CO_ERANGE:
    case CO_EINVAL:
    case CO_ENOTFOUND:
    case CO_EEXIST:
    case CO_ECORRUPT: return EXIT_DATA;
    default: return EXIT_FAIL;
    }
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *dataset_sample_dir(char *buf, size_t size)
{
    /* <prefix>/bin/custorient next to <prefix>/share/custorient/sample, and the
     * same layout in the build tree (examples/custorient, share/...). */
    char exe[1024];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, size, "%s/../%s", exe, CO_SAMPLE_INSTALL_SUBDIR);
            if (is_dir(buf))
                return buf;
        }
    }
    return NULL;
}

static int import(dataset *d, co_record_kind kind, const char *path)
{
    int rc = co_store_import_csv(d->store, kind, path, NULL, NULL);
    if (rc < 0) {
        /* A located failure's message starts with its path; others need it. */
        if (co_errpath())
            term_error("%s", co_errmsg());
        else
            term_error("%s: %s", path, co_errmsg());
        return exit_code_for(rc);
    }
    d->has[kind] = 1;
    if (kind == CO_RECORD_ORDERS)
        snprintf(d->orders_path, sizeof d->orders_path, "%s", path);
    return EXIT_OK;
}

static int start(dataset *d)
{
    memset(d, 0, sizeof *d);
    if (co_store_new(&d->store) < 0) {
        term_error("out of memory");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int dataset_load_dir(const char *dir, dataset *out)
{
    char sample[1024];
    const char *label = dir;
    if (!dir) {
        dir = dataset_sample_dir(sample, sizeof sample);
        if (!dir) {
            term_error("the built-in sample data set is not installed "
                       "(looked for share/custorient/sample beside the program)");
            return EXIT_INPUT;
        }
        label = "built-in sample";
    }
    if (!is_dir(dir)) {
        term_error("%s: %s", dir, access(dir, F_OK) == 0 ? "not a directory" : "no such directory");
        return EXIT_INPUT;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file_names[CO_RECORD_CUSTOMERS]);
    if (!is_file(path)) {
        term_error("%s: no customers.csv (a data directory holds "
                   "customers.csv and optionally orders.csv, feedback.csv, contacts.csv)",
                   dir);
        return EXIT_INPUT;
    }
    int rc = start(out);
    if (rc != EXIT_OK)
        return rc;
    snprintf(out->source, sizeof out->source, "%s", label);
    for (int kind = CO_RECORD_CUSTOMERS; kind <= CO_RECORD_CONTACTS; kind++) {
        snprintf(path, sizeof path, "%s/%s", dir, file_names[kind]);
        if (kind != CO_RECORD_CUSTOMERS && !is_file(path))
            continue;
        rc = import(out, (co_record_kind)kind, path);
        if (rc != EXIT_OK) {
            dataset_free(out);
            return rc;
        }
    }
    return EXIT_OK;
}

int dataset_load_file(const char *path, co_record_kind kind, dataset *out)
{
    if (!is_file(path)) {
        term_error("%s: %s", path, access(path, F_OK) == 0 ? "not a regular file" : "no such file");
        return EXIT_INPUT;
    }
    char customers[4096];
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) : 1;
    snprintf(customers, sizeof customers, "%.*s/customers.csv", dir_len, slash ? path : ".");
    if (!is_file(customers)) {
        term_error("%s: needs %s (every record refers to a known customer)", path, customers);
        return EXIT_INPUT;
    }
    int rc = start(out);
    if (rc != EXIT_OK)
        return rc;
    snprintf(out->source, sizeof out->source, "%s", path);
    rc = import(out, CO_RECORD_CUSTOMERS, customers);
    if (rc == EXIT_OK)
        rc = import(out, kind, path);
    if (rc != EXIT_OK)
        dataset_free(out);
    return rc;
}

void dataset_free(dataset *d)
{
    co_store_free(d->store);
    d->store = NULL;
}
