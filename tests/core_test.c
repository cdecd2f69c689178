#define _POSIX_C_SOURCE 200809L
/* lib/core: status codes, error detail, version, allocator, arrays, dates, files. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "custorient.h"
#include "date_internal.h"
#include "error_internal.h"
#include "fail_alloc.h"
#include "file_internal.h"
#include "vec_internal.h"

Test(status, every_code_has_a_distinct_name)
{
    for (int a = CO_OK; a >= CO_STATUS_MIN; a--) {
        cr_assert_str_neq(co_strerror(a), "unknown status", "code %d unnamed", a);
        for (int b = a - 1; b >= CO_STATUS_MIN; b--)
            cr_assert_str_neq(co_strerror(a), co_strerror(b));
    }
    cr_assert_str_eq(co_strerror(CO_EPARSE), "parse error");
    cr_assert_str_eq(co_strerror(1), "unknown status");
    cr_assert_str_eq(co_strerror(CO_STATUS_MIN - 1), "unknown status");
}

Test(status, codes_are_the_documented_values)
{
    cr_assert_eq(CO_OK, 0);
    cr_assert_eq(CO_EINVAL, -1);
    cr_assert_eq(CO_ENOCONV, -9);
}

Test(errmsg, starts_empty_and_keeps_the_last_failure)
{
    cr_assert_str_eq(co_errmsg(), "");
    cr_assert_eq(co_errcode(), CO_OK);
    co_day d;
    cr_assert_eq(co_date_parse("2023-02-29", 10, &d), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "no such date 2023-02-29");
    cr_assert_eq(co_errcode(), CO_EPARSE);
    /* A success does not clear the detail. */
    cr_assert_eq(co_date_parse("2024-02-29", 10, &d), CO_OK);
    cr_assert_str_eq(co_errmsg(), "no such date 2023-02-29");
}

static void *other_thread_failure(void *arg)
{
    (void)arg;
    co_day d;
    co_date_parse("x", 1, &d);
    return NULL;
}

Test(errmsg, is_per_thread)
{
    co_day d;
    co_date_parse("2023-13-01", 10, &d);
    pthread_t t;
    pthread_create(&t, NULL, other_thread_failure, NULL);
    pthread_join(t, NULL);
    cr_assert_str_eq(co_errmsg(), "no such date 2023-13-01");
}

Test(errmsg, may_wrap_the_previous_detail)
{
    co_day d;
    co_date_parse("2023-02-29", 10, &d);
    co__fail(CO_ENOCONV, "outer (%s)", co_errmsg());
    cr_assert_str_eq(co_errmsg(), "outer (no such date 2023-02-29)");
}

Test(version, matches_the_macros)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", CO_VERSION_MAJOR, CO_VERSION_MINOR,
             CO_VERSION_PATCH);
    cr_assert_str_eq(co_version(), expected);
}

Test(version, is_the_project_version)
{
    /* CO_TEST_PROJECT_VERSION is CMake's PROJECT_VERSION, "MAJOR.MINOR.PATCH". */
    cr_assert_str_eq(co_version(), CO_TEST_PROJECT_VERSION);
    int major, minor, patch;
    cr_assert_eq(sscanf(CO_TEST_PROJECT_VERSION, "%d.%d.%d", &major, &minor, &patch), 3);
    cr_assert_eq(co_version_number(), major * 10000 + minor * 100 + patch);
}

Test(allocator, rejects_incomplete_tables)
{
    co_allocator a = {NULL, NULL, NULL, NULL};
    cr_assert_eq(co_set_allocator(&a), CO_EINVAL);
    cr_assert_eq(co_set_allocator(NULL), CO_OK);
}

Test(allocator, counts_and_fails_the_nth_call)
{
    co_test_alloc_install(1);
    void *a = co__malloc(16);
    void *b = co__malloc(16);
    void *c = co__calloc(4, 4);
    cr_assert_not_null(a);
    cr_assert_null(b);
    cr_assert_not_null(c);
    cr_assert_eq(co_test_alloc_live(), 2);
    co__free(a);
    co__free(c);
    co__free(NULL);
    cr_assert_eq(co_test_alloc_live(), 0);
    cr_assert_eq(co_test_alloc_calls(), 3);
    co_test_alloc_uninstall();
}

Test(allocator, overflowing_array_sizes_fail)
{
    cr_assert_null(co__malloc_array((size_t)-1 / 2, 4));
    cr_assert_null(co__calloc((size_t)-1, 2));
    size_t out = 7;
    cr_assert_eq(co__mul_fits((size_t)-1, 2, &out), 0);
    cr_assert_eq(out, 7);
    cr_assert_eq(co__mul_fits(6, 7, &out), 1);
    cr_assert_eq(out, 42);
}

Test(strdup, copies_exactly_len_bytes)
{
    char *s = co__strndup("abcdef", 3);
    cr_assert_str_eq(s, "abc");
    co__free(s);
}

Test(vec, push_keeps_order_and_grows)
{
    co_vec v = {0};
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(co__vec_push(&v, sizeof(int), &i), CO_OK);
    cr_assert_eq(v.len, 1000);
    cr_assert_geq(v.cap, 1000);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(CO_VEC_AT(&v, int, i), i);
    co__vec_free(&v);
    cr_assert_null(v.data);
    cr_assert_eq(v.len, 0);
}

struct push_ctx {
    co_vec v;
    size_t len_before;
    int first_before;
};

static int push_many(void *arg)
{
    struct push_ctx *c = arg;
    double *slot;
    int rc = co__vec_grow(&c->v, sizeof(double), 100, (void **)&slot);
    if (rc < 0)
        return rc;
    for (int i = 0; i < 100; i++)
        slot[i] = i;
    return CO_OK;
}

static void push_unchanged(void *arg)
{
    struct push_ctx *c = arg;
    cr_assert_eq(c->v.len, c->len_before);
    cr_assert_eq(CO_VEC_AT(&c->v, double, 0), c->first_before);
}

Test(vec, allocation_failure_leaves_the_array_unchanged)
{
    struct push_ctx c = {{0}, 0, 0};
    double x = 5;
    cr_assert_eq(co__vec_push(&c.v, sizeof x, &x), CO_OK);
    c.len_before = 1;
    c.first_before = 5;
    long failures = co_test_alloc_sweep(push_many, push_unchanged, &c);
    cr_assert_eq(failures, 1);
    cr_assert_eq(c.v.len, 101);
    co__vec_free(&c.v);
}

Test(vec, overflowing_growth_is_refused)
{
    co_vec v = {0};
    void *slot;
    cr_assert_eq(co__vec_grow(&v, 16, (size_t)-1 / 8, &slot), CO_EOVERFLOW);
    cr_assert_eq(v.len, 0);
    cr_assert_null(v.data);
}

struct buf_ctx {
    co_buf b;
};

static int buf_build(void *arg)
{
    struct buf_ctx *c = arg;
    co_buf tmp = {0};
    int rc = co__buf_puts(&tmp, "NPS ");
    if (rc == CO_OK)
        rc = co__buf_printf(&tmp, "%d in %s", 42, "2024-01");
    if (rc < 0) {
        co__buf_free(&tmp);
        return rc;
    }
    c->b = tmp;
    return CO_OK;
}

Test(buf, printf_appends_and_sweep_leaks_nothing)
{
    struct buf_ctx c = {{0}};
    long failures = co_test_alloc_sweep(buf_build, NULL, &c);
    cr_assert_geq(failures, 1);
    cr_assert_str_eq(c.b.data, "NPS 42 in 2024-01");
    cr_assert_eq(c.b.len, strlen("NPS 42 in 2024-01"));
    char *s;
    cr_assert_eq(co__buf_detach(&c.b, &s), CO_OK);
    cr_assert_str_eq(s, "NPS 42 in 2024-01");
    cr_assert_null(c.b.data);
    co__free(s);

    co_buf empty = {0};
    cr_assert_eq(co__buf_detach(&empty, &s), CO_OK);
    cr_assert_str_eq(s, "");
    co__free(s);
}

/* Day numbers checked by hand: 1970-01-01 is day 0; 2000-03-01 is 30 years
 * (7 leap days: 72,76,...,96) = 10957 days to 2000-01-01, plus 31 + 29 = 11017. */
Test(date, parses_known_days)
{
    struct {
        const char *text;
        co_day day;
    } cases[] = {
        {"1970-01-01", 0},       {"1970-01-02", 1},       {"1969-12-31", -1},
        {"2000-01-01", 10957},   {"2000-03-01", 11017},   {"2024-02-29", 19782},
        {"0001-01-01", -719162}, {"9999-12-31", 2932896}, {"1900-03-01", -25508},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        co_day d = 12345;
        cr_assert_eq(co_date_parse(cases[i].text, 10, &d), CO_OK, "%s", cases[i].text);
        cr_assert_eq(d, cases[i].day, "%s -> %lld", cases[i].text, (long long)d);
        char back[11];
        cr_assert_eq(co_date_format(cases[i].day, back), CO_OK);
        cr_assert_str_eq(back, cases[i].text);
    }
}

Test(date, round_trips_every_day_of_four_centuries)
{
    char text[11];
    co_day back;
    for (co_day d = -150000; d < 150000; d++) {
        if (co_date_format(d, text) != CO_OK || co_date_parse(text, 10, &back) != CO_OK ||
            back != d)
            cr_assert_fail("%lld -> %s -> %lld", (long long)d, text, (long long)back);
    }
}

Test(date, rejects_bad_text_and_leaves_output_alone)
{
    const char *bad[] = {"2023-02-29", "1900-02-29", "2023-00-10", "2023-13-01",
                         "2023-04-31", "0000-01-01", "2023-1-01",  "2023/01/01",
                         "20230101xx", "2023-01-0a", " 2023-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        co_day d = 77;
        cr_assert_eq(co_date_parse(bad[i], strlen(bad[i]), &d), CO_EPARSE, "%s", bad[i]);
        cr_assert_eq(d, 77);
    }
    co_day d;
    cr_assert_eq(co_date_parse(NULL, 10, &d), CO_EINVAL);
    char text[11];
    cr_assert_eq(co_date_format(2932897, text), CO_ERANGE);
    cr_assert_eq(co_date_format(-719163, text), CO_ERANGE);
}

Test(date, valid_range_is_years_0001_to_9999)
{
    /* Proleptic Gregorian ordinals (day 1 = 0001-01-01): 1970-01-01 is
     * 719163 and 9999-12-31 is 3652059, so the range is -719162..2932896. */
    cr_assert_eq(CO__DAY_FIRST, -719162);
    cr_assert_eq(CO__DAY_LAST, 2932896);
    cr_assert_eq(co__day_check("d", -719162), CO_OK);
    cr_assert_eq(co__day_check("d", 2932896), CO_OK);
    cr_assert_eq(co__day_check("order date", 2932897), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "order date (day 2932897) is outside years 0001-9999");
    cr_assert_eq(co__day_check("d", -719163), CO_ERANGE);
    cr_assert_eq(co__day_check("d", INT64_MIN), CO_ERANGE);
}

Test(file, reads_regular_files_and_pipes_to_their_end)
{
    char path[] = "/tmp/co_core_file_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "hello", 5), 5);
    close(fd);
    char *text = NULL;
    size_t len = 0;
    cr_assert_eq(co__read_whole_file(path, 1, CO__LIMIT_CSV, &text, &len), CO_OK, "%s",
                 co_errmsg());
    cr_assert_eq(len, 5);
    cr_assert_eq(memcmp(text, "hello", 5), 0);
    text[5] = '\0'; /* the spare byte is writable */
    co__free(text);
    unlink(path);
    cr_assert_eq(co__read_whole_file(path, 0, CO__LIMIT_CSV, &text, &len), CO_EIO);
    cr_assert(strstr(co_errmsg(), path) != NULL, "%s", co_errmsg());
    cr_assert_eq(co__read_whole_file("/tmp", 0, CO__LIMIT_CSV, &text, &len), CO_EIO);

    /* A pipe has no size: 70000 bytes (more than the first 64 KiB block)
     * must come back whole. */
    int ends[2];
    cr_assert_eq(pipe(ends), 0);
    static char sent[70000];
    for (size_t i = 0; i < sizeof sent; i++)
        sent[i] = (char)('a' + i % 26);
    pid_t child = fork();
    cr_assert(child >= 0);
    if (child == 0) {
        close(ends[0]);
        _exit(write(ends[1], sent, sizeof sent) == (ssize_t)sizeof sent ? 0 : 1);
    }
    close(ends[1]);
    char fd_path[32];
    snprintf(fd_path, sizeof fd_path, "/dev/fd/%d", ends[0]);
    cr_assert_eq(co__read_whole_file(fd_path, 1, CO__LIMIT_CSV, &text, &len), CO_OK, "%s",
                 co_errmsg());
    close(ends[0]);
    waitpid(child, NULL, 0);
    cr_assert_eq(len, sizeof sent);
    cr_assert_eq(memcmp(text, sent, len), 0);
    co__free(text);
}
