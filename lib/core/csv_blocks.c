/* Reading CSV records in blocks: a window of the input is kept in one
 * buffer, a record that runs past its end pulls in the next block, and the
 * window grows only for a record longer than it. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "alloc_internal.h"
#include "csv_blocks_internal.h"
#include "error_internal.h"

/* A record with an open quote is searched for its end over at most this many
 * bytes (or four blocks, if more); past it the parser reports what it finds. */
#define MAX_QUOTED_RECORD ((size_t)64 << 20)

static int start_window(co_csv_blocks *b, size_t block, size_t max_field)
{
    b->block = block ? block : CO_CSV_BLOCK_DEFAULT;
    if (b->block < 16)
        b->block = 16;
    b->max_field = max_field;
    b->line = 1;
    b->cap = 2 * b->block + 1;
    b->buf = co__malloc(b->cap);
    return b->buf ? CO_OK : co__fail_nomem();
}

int co__csv_blocks_open(co_csv_blocks *b, const char *path, size_t block, size_t max_field)
{
    *b = (co_csv_blocks){.source = path};
    b->fp = fopen(path, "rb");
    if (!b->fp)
        return co__fail_at(CO_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    int rc = start_window(b, block, max_field);
    if (rc < 0)
        co__csv_blocks_close(b);
    return rc;
}

int co__csv_blocks_open_text(co_csv_blocks *b, const char *text, size_t len, const char *source,
                             size_t block, size_t max_field)
{
    *b = (co_csv_blocks){.text = text, .text_len = len, .source = source};
    return start_window(b, block, max_field);
}

void co__csv_blocks_close(co_csv_blocks *b)
{
    if (b->fp)
        fclose(b->fp);
    co__free(b->buf);
    co__vec_free(&b->cells);
    *b = (co_csv_blocks){0};
}

/* Move the window to the front of the buffer (growing it when full) and read
 * up to one more block after it. */
static int refill(co_csv_blocks *b)
{
    if (b->start) {
        memmove(b->buf, b->buf + b->start, b->end - b->start);
        b->end -= b->start;
        b->start = 0;
    }
    if (b->end == b->cap - 1) {
        if (b->cap > SIZE_MAX / 2)
            return co__fail(CO_EOVERFLOW, "%s: record too long", b->source);
        char *bigger = co__realloc(b->buf, 2 * b->cap);
        if (!bigger)
            return co__fail_nomem();
        b->buf = bigger;
        b->cap *= 2;
    }
    size_t room = b->cap - 1 - b->end, want = room < b->block ? room : b->block, got;
    if (b->fp) {
        got = fread(b->buf + b->end, 1, want, b->fp);
        if (got < want && ferror(b->fp))
            return co__fail_at(CO_EIO, b->source, 0, 0, "cannot read: %s", strerror(errno));
    } else {
        got = b->text_len - b->text_pos < want ? b->text_len - b->text_pos : want;
        if (got)
            memcpy(b->buf + b->end, b->text + b->text_pos, got);
        b->text_pos += got;
    }
    if (b->bytes == 0 && got) {
        /* A byte-order mark opens the first line; columns count after it. */
        b->end += got;
        b->bytes += got;
        while (b->end < 3 && !b->eof) { /* blocks are at least 16 bytes: only at the end */
            int rc = refill(b);
            if (rc < 0)
                return rc;
        }
        if (b->end >= 3 && memcmp(b->buf, "\xEF\xBB\xBF", 3) == 0)
            b->start = 3;
        return CO_OK;
    }
    b->end += got;
    b->bytes += got;
    b->eof = got == 0;
    return CO_OK;
}

/* Skip blank lines (LF or CRLF); 0 at the end of the input. */
static int skip_blank(co_csv_blocks *b, int *more)
{
    for (;;) {
        while (b->end - b->start < 2 && !b->eof) {
            int rc = refill(b);
            if (rc < 0)
                return rc;
        }
        if (b->start == b->end) {
            *more = 0;
            return CO_OK;
        }
        const char *p = b->buf + b->start;
        size_t eol = p[0] == '\n' ? 1 : (p[0] == '\r' && b->end - b->start > 1 && p[1] == '\n');
        if (eol == 1 && p[0] == '\r')
            eol = 2;
        if (!eol) {
            *more = 1;
            return CO_OK;
        }
        b->start += eol;
        b->line++;
    }
}

/* A record holding a quote, NUL or stray CR: find where it ends (a line feed
 * outside quotes) and let the RFC 4180 parser read it. */
static int parse_slow(co_csv_blocks *b)
{
    size_t limit = 4 * b->block > MAX_QUOTED_RECORD ? 4 * b->block : MAX_QUOTED_RECORD;
    size_t at = 0, len;
    int quoted = 0;
    for (;;) {
        const char *p = b->buf + b->start;
        size_t n = b->end - b->start;
        for (; at < n; at++) {
            if (p[at] == '"')
                quoted = !quoted;
            else if (p[at] == '\n' && !quoted)
                break;
        }
        if (at < n) {
            len = at + 1;
            break;
        }
        if (b->eof || n > limit) {
            len = n;
            break;
        }
        int rc = refill(b);
        if (rc < 0)
            return rc;
    }
    co_csv_parser r;
    co__csv_parser_init(&r, b->buf + b->start, len, b->source, b->max_field);
    r.pos = r.line_start = 0; /* a mark here is data: the file's own was skipped */
    r.line = b->line;
    r.cells = b->cells;
    int got = 0, rc = co__csv_next_record(&r, &got);
    b->cells = r.cells;
    if (rc < 0)
        return rc;
    b->start += r.pos;
    b->line = r.line;
    return CO_OK;
}

/* Field n of the record, at offset `at` (cells.len is set once the record is complete). */
static inline int add_cell(co_csv_blocks *b, size_t *n, size_t at, size_t len, size_t column)
{
    if (*n == b->cells.cap) {
        int rc = co__vec_reserve(&b->cells, sizeof(co_csv_cell), *n + 8);
        if (rc < 0)
            return rc;
    }
    ((co_csv_cell *)b->cells.data)[(*n)++] = (co_csv_cell){b->buf + at, len, b->line, column};
    return CO_OK;
}

int co__csv_blocks_next(co_csv_blocks *b, int *got)
{
    int more = 0, rc = skip_blank(b, &more);
    if (rc < 0)
        return rc;
    b->cells.len = 0;
    *got = more;
    if (!more)
        return CO_OK;
    /* Split the line at commas; anything but a plain field goes to the parser.
     * A line cut by the end of the window is read again after a refill. */
    size_t n, stop, next;
    for (;;) {
        const unsigned char *buf = (const unsigned char *)b->buf;
        size_t start = b->start, end = b->end, from = start, i = start;
        int cut = 0;
        n = 0;
        for (;;) {
            i = co__csv_find_stop(buf, i, end);
            if (i == end) {
                cut = !b->eof;
                stop = next = end;
                break;
            }
            if (buf[i] == ',') {
                if ((rc = add_cell(b, &n, from, i - from, from - start + 1)) < 0)
                    return rc;
                from = ++i;
                continue;
            }
            if (buf[i] == '\n') {
                stop = i;
                next = i + 1;
                break;
            }
            if (buf[i] == '\r' && i + 1 < end && buf[i + 1] == '\n') {
                stop = i;
                next = i + 2;
                break;
            }
            if (buf[i] == '\r' && i + 1 == end && !b->eof) {
                cut = 1;
                break;
            }
            return parse_slow(b); /* a quote, NUL or stray CR */
        }
        if (!cut) {
            if ((rc = add_cell(b, &n, from, stop - from, from - start + 1)) < 0)
                return rc;
            break;
        }
        if ((rc = refill(b)) < 0)
            return rc;
    }
    b->cells.len = n;
    co_csv_cell *c = b->cells.data;
    for (size_t k = 0; k < n; k++) {
        if (c[k].len > b->max_field)
            return co__fail_at(CO_ERANGE, b->source, c[k].line, c[k].column,
                               "field longer than %zu bytes", b->max_field);
        c[k].p[c[k].len] = '\0'; /* over ',', CR, LF or the spare byte */
    }
    b->start = next;
    b->line++;
    return CO_OK;
}
