/* The frame of serialised partial states (layout in custorient/partial.h and
 * docs/formats.md): writing fields, checking a frame, reading fields back. */
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "partial_internal.h"

#define MAGIC "COPS"
#define HEADER 16u
#define TRAILER 4u

static const char *const kind_names[CO_PARTIAL_KIND_COUNT] = {
    NULL,
    "NPS counts",
    "rating counts",
    "Kaplan-Meier counts",
    "retention counts",
    "cohort counts",
    "value histogram",
    "topic tallies",
    "sentiment tallies",
    "purchase rows",
};

const char *co_partial_kind_name(int kind)
{
    return kind > 0 && kind < CO_PARTIAL_KIND_COUNT ? kind_names[kind] : NULL;
}

static void describe(int kind, char out[32])
{
    const char *name = co_partial_kind_name(kind);
    if (name)
        (void)snprintf(out, 32, "%s", name);
    else
        (void)snprintf(out, 32, "unknown kind %d", kind);
}

/* ---- Writing ---- */

static void put_le(co_pwriter *w, uint64_t v, int bytes)
{
    unsigned char b[8];
    for (int i = 0; i < bytes; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    co__pwriter_bytes(w, b, (size_t)bytes);
}

void co__pwriter_bytes(co_pwriter *w, const void *p, size_t n)
{
    if (w->rc == CO_OK && n > 0)
        w->rc = co__buf_append(&w->b, p, n);
}

void co__pwriter_begin(co_pwriter *w, co_partial_kind kind, unsigned version)
{
    *w = (co_pwriter){.rc = CO_OK};
    co__pwriter_bytes(w, MAGIC, 4);
    put_le(w, (uint64_t)kind, 2);
    put_le(w, version, 2);
    put_le(w, 0, 8); /* payload length, patched by co__pwriter_finish() */
}

void co__pwriter_u8(co_pwriter *w, uint8_t v) { put_le(w, v, 1); }
void co__pwriter_u32(co_pwriter *w, uint32_t v) { put_le(w, v, 4); }
void co__pwriter_u64(co_pwriter *w, uint64_t v) { put_le(w, v, 8); }
void co__pwriter_i64(co_pwriter *w, int64_t v) { put_le(w, (uint64_t)v, 8); }

void co__pwriter_f64(co_pwriter *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_le(w, bits, 8);
}

void co__pwriter_str(co_pwriter *w, const char *s, size_t n)
{
    if (n > UINT32_MAX) {
        if (w->rc == CO_OK)
            w->rc = co__fail(CO_EOVERFLOW, "a string of %zu bytes does not fit a partial state", n);
        return;
    }
    put_le(w, n, 4);
    co__pwriter_bytes(w, s, n);
}

int co__pwriter_finish(co_pwriter *w, void **out, size_t *out_len)
{
    if (w->rc == CO_OK) {
        uint64_t payload = w->b.len - HEADER;
        for (int i = 0; i < 8; i++)
            w->b.data[8 + i] = (char)(payload >> (8 * i));
        put_le(w, co__crc32c(0, w->b.data, w->b.len), 4);
    }
    size_t len = w->b.len;
    char *bytes = NULL;
    if (w->rc == CO_OK)
        w->rc = co__buf_detach(&w->b, &bytes);
    int rc = w->rc;
    co__buf_free(&w->b);
    if (rc < 0)
        return rc == CO_ENOMEM ? co__fail_nomem() : rc;
    *out = bytes;
    *out_len = len;
    return CO_OK;
}

void co_partial_free(void *bytes) { co__free(bytes); }

/* ---- Reading ---- */

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Check magic, length and checksum; on success give kind, version and payload length. */
static int check_frame(const unsigned char *p, size_t len, int *kind, unsigned *version,
                       size_t *payload)
{
    if (len < HEADER + TRAILER)
        return co__fail(CO_ECORRUPT, "partial state truncated: %zu bytes, a frame has at least %u",
                        len, HEADER + TRAILER);
    if (memcmp(p, MAGIC, 4) != 0)
        return co__fail(CO_ECORRUPT, "not a partial state (bad magic)");
    uint64_t declared = get_le(p + 8, 8);
    if (declared != len - HEADER - TRAILER) {
        if (declared > len - HEADER - TRAILER)
            return co__fail(CO_ECORRUPT,
                            "partial state truncated: payload of %llu bytes declared, %zu present",
                            (unsigned long long)declared, len - HEADER - TRAILER);
        return co__fail(CO_ECORRUPT, "partial state has %llu bytes after its checksum",
                        (unsigned long long)(len - HEADER - TRAILER - declared));
    }
    uint32_t stored = (uint32_t)get_le(p + len - TRAILER, 4);
    if (co__crc32c(0, p, len - TRAILER) != stored)
        return co__fail(CO_ECORRUPT, "partial state checksum mismatch (damaged bytes)");
    *kind = (int)get_le(p + 4, 2);
    *version = (unsigned)get_le(p + 6, 2);
    *payload = (size_t)declared;
    return CO_OK;
}

int co_partial_peek(const void *bytes, size_t len, int *kind_out, int *version_out)
{
    if (!bytes || !kind_out || !version_out)
        return co__fail(CO_EINVAL, "co_partial_peek: NULL argument");
    int k;
    unsigned v;
    size_t payload;
    int rc = check_frame(bytes, len, &k, &v, &payload);
    if (rc < 0)
        return rc;
    *kind_out = k;
    *version_out = (int)v;
    return CO_OK;
}

int co__preader_open(co_preader *r, const void *bytes, size_t len, co_partial_kind kind,
                     unsigned max_version)
{
    char want[32], got[32];
    describe((int)kind, want);
    if (!bytes)
        return co__fail(CO_EINVAL, "NULL bytes given for %s", want);
    int k;
    unsigned v;
    size_t payload;
    int rc = check_frame(bytes, len, &k, &v, &payload);
    if (rc < 0)
        return rc;
    if (k != (int)kind) {
        describe(k, got);
        return co__fail(CO_EINVAL, "bytes hold a partial state of %s, not %s", got, want);
    }
    if (v == 0 || v > max_version)
        return co__fail(CO_ECORRUPT, "%s of format version %u; this library reads 1 to %u", want, v,
                        max_version);
    const unsigned char *p = bytes;
    *r = (co_preader){.p = p + HEADER, .end = p + HEADER + payload, .version = v, .rc = CO_OK};
    return CO_OK;
}

const unsigned char *co__preader_bytes(co_preader *r, size_t n)
{
    if (r->rc != CO_OK || (size_t)(r->end - r->p) < n) {
        r->rc = CO_ECORRUPT;
        r->p = r->end;
        return NULL;
    }
    const unsigned char *at = r->p;
    r->p += n;
    return at;
}

static uint64_t take_le(co_preader *r, int bytes)
{
    const unsigned char *p = co__preader_bytes(r, (size_t)bytes);
    return p ? get_le(p, bytes) : 0;
}

uint8_t co__preader_u8(co_preader *r) { return (uint8_t)take_le(r, 1); }
uint32_t co__preader_u32(co_preader *r) { return (uint32_t)take_le(r, 4); }
uint64_t co__preader_u64(co_preader *r) { return take_le(r, 8); }
int64_t co__preader_i64(co_preader *r) { return (int64_t)take_le(r, 8); }

double co__preader_f64(co_preader *r)
{
    uint64_t bits = take_le(r, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

const char *co__preader_str(co_preader *r, size_t *len)
{
    uint32_t n = co__preader_u32(r);
    const unsigned char *p = co__preader_bytes(r, n);
    *len = p ? n : 0;
    return p ? (const char *)p : "";
}

int co__preader_has(co_preader *r, uint64_t count, size_t size)
{
    size_t left = r->rc == CO_OK ? (size_t)(r->end - r->p) : 0;
    if (size == 0 || count <= left / size)
        return r->rc == CO_OK;
    r->rc = CO_ECORRUPT;
    r->p = r->end;
    return 0;
}

int co__preader_bad(co_preader *r, const char *what)
{
    if (r->rc == CO_OK || !r->why)
        r->why = what;
    r->rc = CO_ECORRUPT;
    r->p = r->end;
    return co__fail(CO_ECORRUPT, "partial state damaged: %s", r->why);
}

int co__preader_finish(co_preader *r)
{
    if (r->rc != CO_OK)
        return co__preader_bad(r, "payload ends too early");
    if (r->p != r->end)
        return co__fail(CO_ECORRUPT, "partial state damaged: %zu unread payload bytes",
                        (size_t)(r->end - r->p));
    return CO_OK;
}
