/* lib/core UTF-8: code points and rejections as RFC 3629 (section 4 and the
 * table of well-formed byte sequences) defines them. */
#include <criterion/criterion.h>
#include <string.h>

#include "utf8_internal.h"

static long decode(const char *s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)s;
    return co__utf8_decode(p, p + strlen(s), n);
}

Test(utf8, decodes_each_length_at_its_bounds)
{
    struct {
        const char *bytes;
        long cp;
        size_t len;
    } ok[] = {
        {"A", 0x41, 1},
        {"\x7F", 0x7F, 1},
        {"\xC2\x80", 0x80, 2},
        {"\xC3\xA9", 0xE9, 2},
        {"\xDF\xBF", 0x7FF, 2},
        {"\xE0\xA0\x80", 0x800, 3},
        {"\xE2\x82\xAC", 0x20AC, 3},
        {"\xED\x9F\xBF", 0xD7FF, 3},
        {"\xEE\x80\x80", 0xE000, 3},
        {"\xEF\xBF\xBF", 0xFFFF, 3},
        {"\xF0\x90\x80\x80", 0x10000, 4},
        {"\xF0\x9F\x98\x80", 0x1F600, 4},
        {"\xF4\x8F\xBF\xBF", 0x10FFFF, 4},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t n = 0;
        cr_assert_eq(decode(ok[i].bytes, &n), ok[i].cp, "case %zu", i);
        cr_assert_eq(n, ok[i].len, "case %zu", i);
        cr_assert(co__utf8_valid(ok[i].bytes, strlen(ok[i].bytes)), "case %zu", i);
    }
}

Test(utf8, rejects_overlong_surrogate_too_large_and_truncated_forms)
{
    const char *bad[] = {
        "\x80",             /* a continuation byte alone */
        "\xC0\xAF",         /* '/' in two bytes (overlong) */
        "\xC1\xBF",         /* U+007F in two bytes */
        "\xE0\x80\xAF",     /* '/' in three bytes */
        "\xE0\x9F\xBF",     /* U+07FF in three bytes */
        "\xF0\x80\x80\xAF", /* '/' in four bytes */
        "\xF0\x8F\xBF\xBF", /* U+FFFF in four bytes */
        "\xED\xA0\x80",     /* U+D800, a surrogate */
        "\xED\xBF\xBF",     /* U+DFFF, a surrogate */
        "\xF4\x90\x80\x80", /* U+110000 */
        "\xF5\x80\x80\x80", /* lead byte past F4 */
        "\xFF",             /* never in UTF-8 */
        "\xE2\x82",         /* truncated euro sign */
        "\xC3"
        "A", /* lead byte followed by ASCII */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 9;
        cr_assert_eq(decode(bad[i], &n), -1, "case %zu", i);
        cr_assert_eq(n, 1, "case %zu: a bad sequence is skipped one byte at a time", i);
        cr_assert_eq(co__utf8_first_invalid(bad[i], strlen(bad[i])), 0, "case %zu", i);
        cr_assert_not(co__utf8_valid(bad[i], strlen(bad[i])), "case %zu", i);
    }
}

Test(utf8, first_invalid_finds_the_offset_past_ascii_blocks)
{
    /* "abcdefgh" is bytes 0-7, the e-acute 8-9, "ijklmnop" 10-17, 0xFF 18. */
    const char text[] = "abcdefgh\xC3\xA9ijklmnop\xFFz";
    cr_assert_eq(co__utf8_first_invalid(text, sizeof text - 1), 18);
    cr_assert_eq(co__utf8_first_invalid(text, 18), 18, "valid up to its end");
    cr_assert_eq(co__utf8_first_invalid("ab\x80", 3), 2);
    cr_assert_eq(co__utf8_first_invalid("", 0), 0);
    /* The euro sign cut by the length is invalid at its first byte. */
    cr_assert_eq(co__utf8_first_invalid("12345678\xE2\x82\xAC", 10), 8);
    cr_assert(co__utf8_valid("nul\0inside", 10), "NUL is a valid character");
}
