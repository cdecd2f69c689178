/* Normalising user-supplied words to table keys. */
#include "error_internal.h"
#include "lextable_internal.h"
#include "utf8_internal.h"

int co__lex_normalize(const char *word, size_t len, char *key, size_t *key_len, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)word;
    int wordlike = len > 0 && (s[0] >= 0x80 || (unsigned char)((s[0] | 32) - 'a') < 26 ||
                               (unsigned char)(s[0] - '0') < 10);
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        if (co__utf8_decode(s + i, s + len, &n) < 0 || s[i] <= ' ' || s[i] == 127) {
            *bad_at = i;
            return CO_EINVAL;
        }
        int apostrophe =
            s[i] == '\'' || (n == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99);
        if (!(wordlike && apostrophe)) {
            if (k + n > CO_LEX_MAX_WORD) {
                *bad_at = i;
                return CO_ERANGE;
            }
            for (size_t j = 0; j < n; j++) {
                unsigned char c = s[i + j];
                key[k++] = (char)((unsigned char)(c - 'A') < 26 ? c + 32 : c);
            }
        }
        i += n;
    }
    if (k == 0) {
        *bad_at = 0;
        return CO_EINVAL;
    }
    *key_len = k;
    return CO_OK;
}
