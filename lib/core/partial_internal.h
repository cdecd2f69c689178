/* Writing and reading the framed bytes of partial states (custorient/partial.h).
 *
 * A writer starts a frame, appends fixed-width little-endian fields and finishes
 * (length patched, checksum appended, bytes handed to the caller). A reader checks the
 * frame first, then hands out the payload's fields; a read past the payload's end makes
 * every later read return zero and the reader remember CO_ECORRUPT, so decoders read
 * field after field and check once at the end with co__preader_finish(). */
#ifndef CO_PARTIAL_INTERNAL_H
#define CO_PARTIAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/partial.h"
#include "vec_internal.h"

/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `len` bytes, continuing
 * from `crc` (0 to start). The check value of "123456789" is 0xE3069283. */
uint32_t co__crc32c(uint32_t crc, const void *bytes, size_t len);

typedef struct co_pwriter {
    co_buf b;
    int rc; /* first failure (CO_ENOMEM, CO_EOVERFLOW); later writes do nothing */
} co_pwriter;

/* Start a frame of `kind` with payload layout `version`. */
void co__pwriter_begin(co_pwriter *w, co_partial_kind kind, unsigned version);
void co__pwriter_u8(co_pwriter *w, uint8_t v);
void co__pwriter_u32(co_pwriter *w, uint32_t v);
void co__pwriter_u64(co_pwriter *w, uint64_t v);
void co__pwriter_i64(co_pwriter *w, int64_t v);
void co__pwriter_f64(co_pwriter *w, double v); /* the IEEE-754 bit pattern */
void co__pwriter_bytes(co_pwriter *w, const void *p, size_t n);
/* A string: u32 byte length, then the bytes (no NUL). */
void co__pwriter_str(co_pwriter *w, const char *s, size_t n);
/* Close the frame and give its bytes (caller frees with co_partial_free()); on a failure
 * during writing, free everything and return it (co_errmsg() set). */
int co__pwriter_finish(co_pwriter *w, void **out, size_t *out_len);

typedef struct co_preader {
    const unsigned char *p, *end; /* the unread payload */
    unsigned version;             /* payload layout of the frame */
    int rc;                       /* CO_OK, or CO_ECORRUPT once a read ran past the end */
    const char *why;              /* reason given to co__preader_bad(), static */
} co_preader;

/* Check the frame of `bytes` and open its payload. `what` names the caller's state for
 * messages ("NPS counts"). CO_OK; CO_EINVAL for NULL bytes or another kind; CO_ECORRUPT
 * for a damaged frame or a version above `max_version`. */
int co__preader_open(co_preader *r, const void *bytes, size_t len, co_partial_kind kind,
                     unsigned max_version);
uint8_t co__preader_u8(co_preader *r);
uint32_t co__preader_u32(co_preader *r);
uint64_t co__preader_u64(co_preader *r);
int64_t co__preader_i64(co_preader *r);
double co__preader_f64(co_preader *r);
/* A pointer to the next `n` bytes, or NULL (and CO_ECORRUPT) if fewer remain. */
const unsigned char *co__preader_bytes(co_preader *r, size_t n);
/* A string written by co__pwriter_str(): pointer into the bytes and its length. */
const char *co__preader_str(co_preader *r, size_t *len);
/* 1 if at least `count` elements of `size` bytes remain (a cheap check of a declared
 * count before allocating for it); else 0 and CO_ECORRUPT. */
int co__preader_has(co_preader *r, uint64_t count, size_t size);
/* Mark the payload bad with a static reason ("times out of order"); records and
 * returns CO_ECORRUPT. The first reason sticks. */
int co__preader_bad(co_preader *r, const char *what);
/* CO_OK if every read was in bounds and the payload was used up exactly; else
 * CO_ECORRUPT with a message naming `what`. */
int co__preader_finish(co_preader *r);

#endif
