/* Tokenizer for feedback text (see tokenize_internal.h). */
#include "tokenize_internal.h"

#include <string.h>

#include "utf8_internal.h"

enum { K_OTHER, K_SPACE, K_NEWLINE, K_ALNUM, K_APOS, K_HYPHEN, K_TERM, K_CLAUSE, K_HIGH };

/* Class of each byte. Control characters other than newline count as space. */
static const unsigned char byte_class[256] = {
    [0] = K_SPACE,      [1] = K_SPACE,    [2] = K_SPACE,    [3] = K_SPACE,    [4] = K_SPACE,
    [5] = K_SPACE,      [6] = K_SPACE,    [7] = K_SPACE,    [8] = K_SPACE,    ['\t'] = K_SPACE,
    ['\n'] = K_NEWLINE, [11] = K_SPACE,   [12] = K_SPACE,   ['\r'] = K_SPACE, [14] = K_SPACE,
    [15] = K_SPACE,     [16] = K_SPACE,   [17] = K_SPACE,   [18] = K_SPACE,   [19] = K_SPACE,
    [20] = K_SPACE,     [21] = K_SPACE,   [22] = K_SPACE,   [23] = K_SPACE,   [24] = K_SPACE,
    [25] = K_SPACE,     [26] = K_SPACE,   [27] = K_SPACE,   [28] = K_SPACE,   [29] = K_SPACE,
    [30] = K_SPACE,     [31] = K_SPACE,   [' '] = K_SPACE,  [127] = K_SPACE,  ['0'] = K_ALNUM,
    ['1'] = K_ALNUM,    ['2'] = K_ALNUM,  ['3'] = K_ALNUM,  ['4'] = K_ALNUM,  ['5'] = K_ALNUM,
    ['6'] = K_ALNUM,    ['7'] = K_ALNUM,  ['8'] = K_ALNUM,  ['9'] = K_ALNUM,  ['A'] = K_ALNUM,
    ['B'] = K_ALNUM,    ['C'] = K_ALNUM,  ['D'] = K_ALNUM,  ['E'] = K_ALNUM,  ['F'] = K_ALNUM,
    ['G'] = K_ALNUM,    ['H'] = K_ALNUM,  ['I'] = K_ALNUM,  ['J'] = K_ALNUM,  ['K'] = K_ALNUM,
    ['L'] = K_ALNUM,    ['M'] = K_ALNUM,  ['N'] = K_ALNUM,  ['O'] = K_ALNUM,  ['P'] = K_ALNUM,
    ['Q'] = K_ALNUM,    ['R'] = K_ALNUM,  ['S'] = K_ALNUM,  ['T'] = K_ALNUM,  ['U'] = K_ALNUM,
    ['V'] = K_ALNUM,    ['W'] = K_ALNUM,  ['X'] = K_ALNUM,  ['Y'] = K_ALNUM,  ['Z'] = K_ALNUM,
    ['a'] = K_ALNUM,    ['b'] = K_ALNUM,  ['c'] = K_ALNUM,  ['d'] = K_ALNUM,  ['e'] = K_ALNUM,
    ['f'] = K_ALNUM,    ['g'] = K_ALNUM,  ['h'] = K_ALNUM,  ['i'] = K_ALNUM,  ['j'] = K_ALNUM,
    ['k'] = K_ALNUM,    ['l'] = K_ALNUM,  ['m'] = K_ALNUM,  ['n'] = K_ALNUM,  ['o'] = K_ALNUM,
    ['p'] = K_ALNUM,    ['q'] = K_ALNUM,  ['r'] = K_ALNUM,  ['s'] = K_ALNUM,  ['t'] = K_ALNUM,
    ['u'] = K_ALNUM,    ['v'] = K_ALNUM,  ['w'] = K_ALNUM,  ['x'] = K_ALNUM,  ['y'] = K_ALNUM,
    ['z'] = K_ALNUM,    ['\''] = K_APOS,  ['-'] = K_HYPHEN, ['.'] = K_TERM,   ['!'] = K_TERM,
    ['?'] = K_TERM,     [','] = K_CLAUSE, [';'] = K_CLAUSE, [':'] = K_CLAUSE, ['('] = K_CLAUSE,
    [')'] = K_CLAUSE,   ['['] = K_CLAUSE, [']'] = K_CLAUSE, ['"'] = K_CLAUSE,
#define HIGH4(b) [(b)] = K_HIGH, [(b) + 1] = K_HIGH, [(b) + 2] = K_HIGH, [(b) + 3] = K_HIGH
#define HIGH16(b) HIGH4(b), HIGH4((b) + 4), HIGH4((b) + 8), HIGH4((b) + 12)
    HIGH16(128),        HIGH16(144),      HIGH16(160),      HIGH16(176),      HIGH16(192),
    HIGH16(208),        HIGH16(224),      HIGH16(240)
#undef HIGH16
#undef HIGH4
};

void co__tokenizer_init(co_tokenizer *tz, const char *text, size_t len,
                        const co_lex_table *emoticons)
{
    tz->begin = tz->p = (const unsigned char *)text;
    tz->end = tz->p + len;
    tz->emoticons = emoticons;
}

int co__text_has_lower(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)(text[i] - 'a') < 26)
            return 1;
    return 0;
}

static int is_emoji(long cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF && !(cp >= 0x1F3FB && cp <= 0x1F3FF)) ||
           (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF);
}

/* Non-ASCII characters that separate words: spaces, punctuation, joiners,
 * variation selectors, skin-tone modifiers. */
static int is_separator(long cp)
{
    return cp == 0xA0 || cp == 0xA1 || cp == 0xAB || cp == 0xBB || cp == 0xBF ||
           (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0000 && cp <= 0xE007F);
}

/* Copy `len` bytes into the key (ASCII lower-cased), noting overflow. */
static void key_append(co_token *tok, const unsigned char *s, size_t len, int *too_long)
{
    if (tok->key_len + len > CO_LEX_MAX_WORD) {
        *too_long = 1;
        return;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        tok->key[tok->key_len++] = (char)((unsigned char)(c - 'A') < 26 ? c + 32 : c);
    }
}

static void finish_key(co_token *tok, int too_long)
{
    if (too_long)
        tok->key_len = 0;
    tok->hash = co_lex_hash(tok->key, tok->key_len);
}

/* Length of the emoticon chunk starting at p, or 0. A chunk is a run of
 * non-space bytes that starts after whitespace (or at the start) with ASCII
 * punctuation and is a valence entry of the emoticon table. */
static size_t emoticon_at(const co_tokenizer *tz, const unsigned char *p, co_token *tok)
{
    if (!tz->emoticons ||
        (p > tz->begin && byte_class[p[-1]] != K_SPACE && byte_class[p[-1]] != K_NEWLINE))
        return 0;
    size_t len = 0;
    while (p + len < tz->end && byte_class[p[len]] != K_SPACE && byte_class[p[len]] != K_NEWLINE &&
           len <= 8)
        len++;
    if (len < 2 || len > 8)
        return 0;
    co_token probe;
    probe.key_len = 0;
    int too_long = 0;
    key_append(&probe, p, len, &too_long);
    finish_key(&probe, too_long);
    const co_lex_slot *s = co__lex_find(tz->emoticons, probe.key, probe.key_len, probe.hash);
    if (!s || !(s->flags & CO_LEX_VALENCE))
        return 0;
    if (tok) {
        memcpy(tok->key, probe.key, probe.key_len);
        tok->key_len = probe.key_len;
        tok->hash = probe.hash;
    }
    return len;
}

/* Scan a word starting at p; returns the position after it. */
static const unsigned char *scan_word(const unsigned char *p, const unsigned char *end,
                                      co_token *tok)
{
    int too_long = 0, letters = 0, upper = 0;
    size_t apos_at = (size_t)-1;
    while (p < end) {
        unsigned char c = *p;
        int k = byte_class[c];
        if (k == K_ALNUM) {
            letters += (unsigned char)((c | 32) - 'a') < 26;
            upper += (unsigned char)(c - 'A') < 26;
            key_append(tok, p, 1, &too_long);
            p++;
        } else if (k == K_APOS && p + 1 < end && byte_class[p[1]] == K_ALNUM) {
            apos_at = tok->key_len; /* apostrophes are dropped: don't -> dont */
            p++;
        } else if (c == 0xE2 && end - p >= 4 && p[1] == 0x80 && p[2] == 0x99 &&
                   byte_class[p[3]] == K_ALNUM) {
            apos_at = tok->key_len; /* U+2019, the typographic apostrophe */
            p += 3;
        } else if (k == K_HYPHEN && p + 1 < end && byte_class[p[1]] == K_ALNUM) {
            key_append(tok, p, 1, &too_long);
            p++;
        } else if (k == K_HIGH) {
            size_t n;
            long cp = co__utf8_decode(p, end, &n);
            if (cp < 0 || is_emoji(cp) || is_separator(cp))
                break;
            key_append(tok, p, n, &too_long);
            p += n;
        } else {
            break;
        }
    }
    size_t kl = tok->key_len;
    tok->caps = letters >= 2 && upper == letters;
    tok->nt = !too_long && kl >= 2 && tok->key[kl - 2] == 'n' && tok->key[kl - 1] == 't' &&
              apos_at == kl - 1;
    finish_key(tok, too_long);
    return p;
}

/* Summarise the punctuation after a token up to the start of the next one. */
static void scan_trailer(co_tokenizer *tz, co_token *tok)
{
    const unsigned char *p = tz->p, *end = tz->end;
    while (p < end) {
        unsigned char c = *p;
        int k = byte_class[c];
        if (k == K_ALNUM || k == K_HIGH)
            break;
        if (k == K_NEWLINE) {
            tok->sentence_end = 1;
        } else if (k == K_TERM) {
            /* '.' inside "3.5" or "e.g" does not end a sentence. */
            if (c != '.' || p + 1 == end || byte_class[p[1]] != K_ALNUM)
                tok->sentence_end = 1;
            tok->excl += c == '!';
        } else if (k == K_CLAUSE || k == K_HYPHEN) {
            if (emoticon_at(tz, p, NULL))
                break;
            tok->clause_end = 1;
        } else if (k != K_SPACE && emoticon_at(tz, p, NULL)) {
            break;
        }
        p++;
    }
    tok->clause_end |= tok->sentence_end;
    tz->p = p;
}

/* The token runs from `start` to the tokenizer's position. */
static void set_span(const co_tokenizer *tz, co_token *tok, const unsigned char *start)
{
    tok->begin = (size_t)(start - tz->begin);
    tok->end = (size_t)(tz->p - tz->begin);
}

int co__tokenizer_next(co_tokenizer *tz, co_token *tok)
{
    const unsigned char *p = tz->p, *end = tz->end;
    tok->key_len = 0;
    tok->caps = tok->nt = tok->clause_end = tok->sentence_end = 0;
    tok->excl = 0;
    while (p < end) {
        int k = byte_class[*p];
        if (k == K_ALNUM) {
            tz->p = scan_word(p, end, tok);
            set_span(tz, tok, p);
            scan_trailer(tz, tok);
            return 1;
        }
        if (k == K_HIGH) {
            size_t n;
            long cp = co__utf8_decode(p, end, &n);
            if (cp >= 0 && is_emoji(cp)) {
                int too_long = 0;
                key_append(tok, p, n, &too_long);
                finish_key(tok, too_long);
                tz->p = p + n;
                set_span(tz, tok, p);
                scan_trailer(tz, tok);
                return 1;
            }
            if (cp >= 0 && !is_separator(cp)) {
                tz->p = scan_word(p, end, tok);
                set_span(tz, tok, p);
                scan_trailer(tz, tok);
                return 1;
            }
            p += n;
            continue;
        }
        if (k != K_SPACE && k != K_NEWLINE) {
            size_t n = emoticon_at(tz, p, tok);
            if (n) {
                tz->p = p + n;
                set_span(tz, tok, p);
                scan_trailer(tz, tok);
                return 1;
            }
        }
        p++;
    }
    tz->p = p;
    return 0;
}
