#define _POSIX_C_SOURCE 200809L
/* The public CSV reader: RFC 4180 records with their places, and each
 * syntax error at its line and column. Expected fields, lines and columns
 * are counted by hand from the texts in each test. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"
#include "fail_alloc.h"

static co_csv_reader *reader(const char *text)
{
    co_csv_reader *r = NULL;
    cr_assert_eq(co_csv_reader_new(text, strlen(text), "t.csv", &r), CO_OK, "%s", co_errmsg());
    return r;
}

static size_t next(co_csv_reader *r)
{
    size_t n = 99;
    cr_assert_eq(co_csv_reader_next(r, &n), CO_OK, "%s", co_errmsg());
    return n;
}

/* Field `i` of the current record is `text` (`len` bytes) at line:column. */
static void expect_field(const co_csv_reader *r, size_t i, const char *text, size_t len,
                         size_t line, size_t column)
{
    co_csv_field f;
    cr_assert_eq(co_csv_reader_get_field(r, i, &f), CO_OK, "%s", co_errmsg());
    cr_assert_eq(f.len, len, "field %zu: length %zu, expected %zu", i, f.len, len);
    cr_assert_eq(memcmp(f.text, text, len), 0, "field %zu: '%s'", i, f.text);
    cr_assert_eq(f.text[len], '\0');
    cr_assert_eq(f.line, line, "field %zu: line %zu, expected %zu", i, f.line, line);
    cr_assert_eq(f.column, column, "field %zu: column %zu, expected %zu", i, f.column, column);
}

Test(csv_reader, quoted_fields_crlf_and_embedded_line_breaks)
{
    /* Line 1: id,comment. Line 2 opens a quoted field at column 3 holding a
     * comma, a doubled quote and a CRLF; it closes on line 3, so the third
     * record starts on line 4. */
    co_csv_reader *r = reader("id,comment\r\n"
                              "1,\"a, \"\"b\"\"\r\nc\"\r\n"
                              "2,plain\r\n");
    cr_assert_eq(next(r), 2);
    expect_field(r, 0, "id", 2, 1, 1);
    expect_field(r, 1, "comment", 7, 1, 4);
    cr_assert_eq(next(r), 2);
    expect_field(r, 0, "1", 1, 2, 1);
    expect_field(r, 1, "a, \"b\"\r\nc", 9, 2, 3);
    cr_assert_eq(next(r), 2);
    expect_field(r, 0, "2", 1, 4, 1);
    expect_field(r, 1, "plain", 5, 4, 3);
    cr_assert_eq(next(r), 0);
    cr_assert_eq(next(r), 0, "the end stays the end");
    co_csv_reader_free(r);
}

Test(csv_reader, byte_order_mark_blank_lines_and_empty_fields)
{
    /* The mark is skipped (columns count from after it); lines 2 and 3 are
     * blank; line 4 has three empty fields, the middle one quoted (columns
     * 1, 2, 4); the last line has no line break. */
    co_csv_reader *r = reader("\xEF\xBB\xBF"
                              "a,b\n\n\r\n,\"\",\nc,d");
    cr_assert_eq(next(r), 2);
    expect_field(r, 0, "a", 1, 1, 1);
    expect_field(r, 1, "b", 1, 1, 3);
    cr_assert_eq(next(r), 3);
    expect_field(r, 0, "", 0, 4, 1);
    expect_field(r, 1, "", 0, 4, 2);
    expect_field(r, 2, "", 0, 4, 5);
    cr_assert_eq(next(r), 2);
    expect_field(r, 0, "c", 1, 5, 1);
    expect_field(r, 1, "d", 1, 5, 3);
    cr_assert_eq(next(r), 0);
    co_csv_reader_free(r);
}

Test(csv_reader, empty_text_has_no_record)
{
    co_csv_reader *r = reader("");
    cr_assert_eq(next(r), 0);
    co_csv_field f = {"untouched", 9, 7, 7};
    cr_assert_eq(co_csv_reader_get_field(r, 0, &f), CO_ERANGE);
    cr_assert_str_eq(f.text, "untouched");
    co_csv_reader_free(r);
}

/* The first record of `text` reads; the second fails at line:column with
 * `what`, and so does every later call. */
static void expect_error(const char *text, size_t line, size_t column, const char *what)
{
    co_csv_reader *r = reader(text);
    cr_assert_eq(next(r), 2);
    char message[256];
    snprintf(message, sizeof message, "t.csv:%zu:%zu: %s", line, column, what);
    size_t n = 42;
    for (int attempt = 0; attempt < 2; attempt++) {
        cr_assert_eq(co_csv_reader_next(r, &n), CO_EPARSE, "%s", text);
        cr_assert_str_eq(co_errmsg(), message);
        cr_assert_eq(co_errcode(), CO_EPARSE);
        cr_assert_str_eq(co_errpath(), "t.csv");
        cr_assert_eq(co_errline(), line);
        cr_assert_eq(co_errcolumn(), column);
        cr_assert_eq(n, 42, "the count is untouched on failure");
    }
    co_csv_field f;
    cr_assert_eq(co_csv_reader_get_field(r, 0, &f), CO_ERANGE, "no record after a failure");
    co_csv_reader_free(r);
}

Test(csv_reader, each_syntax_error_names_its_line_and_column)
{
    /* The opening quote of the unterminated field: line 2, column 3. */
    expect_error("a,b\nx,\"open\n", 2, 3, "unterminated quoted field");
    /* x , y " : the quote is the fourth byte of line 2. */
    expect_error("a,b\nx,y\"z\n", 2, 4, "quote inside an unquoted field");
    /* "a" then b: the b is the fourth byte of line 2. */
    expect_error("a,b\n\"a\"b,c\n", 2, 4, "unexpected character after a closing quote");
    /* a then CR (second byte of line 2) followed by b, not LF. */
    expect_error("a,b\na\rb,c\n", 2, 2, "carriage return without a line feed");
}

Test(csv_reader, a_nul_byte_is_refused_at_its_place)
{
    /* Line 1 reads; on line 2 "C1" then the NUL (column 3), unquoted; then
     * quoted, the NUL after "b" on the second line of the field (line 3,
     * column 2). Each failure repeats and leaves no record. */
    static const struct {
        const char *text;
        size_t len, line, column;
    } cases[] = {
        {"id,name\nC1\0-alice,x\n", sizeof "id,name\nC1\0-alice,x\n" - 1, 2, 3},
        {"id,name\n1,\"a\nb\0c\"\n", sizeof "id,name\n1,\"a\nb\0c\"\n" - 1, 3, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        co_csv_reader *r = NULL;
        cr_assert_eq(co_csv_reader_new(cases[i].text, cases[i].len, "t.csv", &r), CO_OK);
        cr_assert_eq(next(r), 2);
        char message[64];
        snprintf(message, sizeof message, "t.csv:%zu:%zu: NUL byte in a field", cases[i].line,
                 cases[i].column);
        for (int attempt = 0; attempt < 2; attempt++) {
            size_t n = 42;
            cr_assert_eq(co_csv_reader_next(r, &n), CO_EPARSE, "case %zu", i);
            cr_assert_str_eq(co_errmsg(), message);
            cr_assert_str_eq(co_errpath(), "t.csv");
            cr_assert_eq(co_errline(), cases[i].line);
            cr_assert_eq(co_errcolumn(), cases[i].column);
            cr_assert_eq(n, 42, "the count is untouched on failure");
        }
        co_csv_field f;
        cr_assert_eq(co_csv_reader_get_field(r, 0, &f), CO_ERANGE, "no record after a failure");
        co_csv_reader_free(r);
    }
}

Test(csv_reader, bad_arguments_are_refused)
{
    co_csv_reader *r = NULL;
    size_t n;
    co_csv_field f;
    cr_assert_eq(co_csv_reader_new(NULL, 3, "x", &r), CO_EINVAL);
    cr_assert_eq(co_csv_reader_new("a", 1, "x", NULL), CO_EINVAL);
    cr_assert_eq(co_csv_reader_open(NULL, &r), CO_EINVAL);
    cr_assert_null(r);
    cr_assert_eq(co_csv_reader_next(NULL, &n), CO_EINVAL);
    cr_assert_eq(co_csv_reader_get_field(NULL, 0, &f), CO_EINVAL);
    r = reader("a,b\n");
    cr_assert_eq(co_csv_reader_get_field(r, 0, &f), CO_ERANGE, "before the first record");
    cr_assert_eq(co_csv_reader_next(r, NULL), CO_EINVAL);
    cr_assert_eq(next(r), 2);
    cr_assert_eq(co_csv_reader_get_field(r, 2, &f), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "no field at index 2 (count 2)");
    cr_assert_eq(co_csv_reader_get_field(r, 1, NULL), CO_EINVAL);
    co_csv_reader_free(r);
    co_csv_reader_free(NULL);
    /* NULL text of length 0 is an empty text; NULL source reads "<text>". */
    cr_assert_eq(co_csv_reader_new(NULL, 0, NULL, &r), CO_OK);
    cr_assert_eq(next(r), 0);
    co_csv_reader_free(r);
    cr_assert_eq(co_csv_reader_new("\"", 1, NULL, &r), CO_OK);
    cr_assert_eq(co_csv_reader_next(r, &n), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "<text>:1:1: unterminated quoted field");
    co_csv_reader_free(r);
}

Test(csv_reader, reads_files_and_names_them)
{
    char path[] = "/tmp/co_csv_reader_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char text[] = "k,v\n1,\"x\"y\n";
    cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    co_csv_reader *r = NULL;
    cr_assert_eq(co_csv_reader_open(path, &r), CO_OK, "%s", co_errmsg());
    cr_assert_eq(next(r), 2);
    size_t n;
    cr_assert_eq(co_csv_reader_next(r, &n), CO_EPARSE);
    char want[128];
    snprintf(want, sizeof want, "%s:2:6: unexpected character after a closing quote", path);
    cr_assert_str_eq(co_errmsg(), want);
    co_csv_reader_free(r);
    unlink(path);
    r = NULL;
    cr_assert_eq(co_csv_reader_open(path, &r), CO_EIO);
    cr_assert_null(r);
    cr_assert(strstr(co_errmsg(), path) != NULL, "%s", co_errmsg());
}

static int read_all(void *ctx)
{
    (void)ctx;
    /* Seventeen fields make the field array grow more than once. */
    static const char text[] = "a,\"b\nc\"\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\n";
    co_csv_reader *r = NULL;
    int rc = co_csv_reader_new(text, strlen(text), "t.csv", &r);
    size_t n = 1, records = 0;
    while (rc == CO_OK && (rc = co_csv_reader_next(r, &n)) == CO_OK && n > 0)
        records++;
    co_csv_reader_free(r);
    return rc == CO_OK && records != 2 ? CO_EINVAL : rc;
}

Test(csv_reader, allocation_failures_fail_cleanly)
{
    cr_assert(co_test_alloc_sweep(read_all, NULL, NULL) >= 3);
}
