/* UTF-8 checks shared by every module that reads text: the store's records,
 * the CSV reader, the instrument and lexicon parsers and the tokenizer. Valid
 * means RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF. */
#ifndef CO_UTF8_INTERNAL_H
#define CO_UTF8_INTERNAL_H

#include <stddef.h>

/* Decode one character at p (< end): its code point, or -1 for an invalid,
 * overlong, surrogate or truncated sequence; *n gets its length in bytes
 * (1 when invalid, so a caller can skip the bad byte and go on). */
long co__utf8_decode(const unsigned char *p, const unsigned char *end, size_t *n);

/* Offset of the first byte of `len` that does not start a valid sequence,
 * or `len` when all of it is valid. ASCII runs are checked 8 bytes at a time. */
size_t co__utf8_first_invalid(const char *text, size_t len);

/* 1 if all `len` bytes are valid UTF-8, else 0. */
int co__utf8_valid(const char *text, size_t len);

#endif
