/* Valence lexicons: creation, single entries and "word TAB valence" files. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "lexicon_internal.h"

/* Marks (in the slot's spare byte) the words a file has set so far (cleared when the load ends). */
#define SEEN_IN_FILE CO_SLOT_SCRATCH

co_lex_table co__lexicon_table(const co_lexicon *lex)
{
    return lex ? co__lex_mut_view(&lex->words) : co__lex_english;
}

int co_lexicon_new(co_lexicon_base base, co_lexicon **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "out is NULL");
    if (base != CO_LEXICON_EMPTY && base != CO_LEXICON_ENGLISH)
        return co__fail(CO_EINVAL, "unknown lexicon base %d", (int)base);
    co_lexicon *lex = co__calloc(1, sizeof *lex);
    if (!lex)
        return co__fail_nomem();
    uint16_t keep = base == CO_LEXICON_ENGLISH ? 0xFFFF : CO_LEX_RULES;
    if (co__lex_mut_copy(&lex->words, &co__lex_english, keep) < 0) {
        co__free(lex);
        return CO_ENOMEM;
    }
    *out = lex;
    return CO_OK;
}

int co_lexicon_copy(const co_lexicon *lex, co_lexicon **out)
{
    if (!lex || !out)
        return co__fail(CO_EINVAL, "%s is NULL", lex ? "out" : "lexicon");
    co_lexicon *copy = co__calloc(1, sizeof *copy);
    if (!copy)
        return co__fail_nomem();
    if (co__lex_mut_clone(&copy->words, &lex->words) < 0) {
        co__free(copy);
        return CO_ENOMEM;
    }
    *out = copy;
    return CO_OK;
}

void co_lexicon_free(co_lexicon *lex)
{
    if (!lex)
        return;
    co__lex_mut_free(&lex->words);
    co__free(lex);
}

size_t co_lexicon_count(const co_lexicon *lex)
{
    co_lex_table t = co__lexicon_table(lex);
    size_t n = 0;
    for (size_t i = 0; t.slots && i <= t.mask; i++)
        n += t.slots[i].len && (t.slots[i].flags & CO_LEX_VALENCE);
    return n;
}

static int check_valence(double valence)
{
    if (!isfinite(valence))
        return co__fail(CO_EINVAL, "valence is not a finite number");
    if (valence < -4 || valence > 4)
        return co__fail(CO_ERANGE, "valence %g outside -4..4", valence);
    return CO_OK;
}

static int normalize_arg(const char *word, char *key, size_t *key_len)
{
    size_t bad_at;
    int rc = co__lex_normalize(word, strlen(word), key, key_len, &bad_at);
    if (rc == CO_ERANGE)
        return co__fail(CO_EINVAL, "word longer than %d bytes", CO_LEX_MAX_WORD);
    if (rc < 0)
        return co__fail(CO_EINVAL,
                        "word is empty or has a space, control or invalid UTF-8 "
                        "byte (offset %zu)",
                        bad_at);
    return CO_OK;
}

int co_lexicon_set(co_lexicon *lex, const char *word, double valence)
{
    if (!lex || !word)
        return co__fail(CO_EINVAL, "%s is NULL", lex ? "word" : "lexicon");
    char key[CO_LEX_MAX_WORD];
    size_t key_len;
    int rc = normalize_arg(word, key, &key_len);
    if (rc == CO_OK)
        rc = check_valence(valence);
    if (rc == CO_OK)
        rc = co__lex_mut_reserve(&lex->words, key_len);
    if (rc < 0)
        return rc;
    co_lex_slot *s = co__lex_mut_upsert(&lex->words, key, key_len, co_lex_hash(key, key_len));
    s->u.valence = (float)valence;
    s->flags |= CO_LEX_VALENCE;
    return CO_OK;
}

int co_lexicon_get(const co_lexicon *lex, const char *word, double *out)
{
    if (!word || !out)
        return co__fail(CO_EINVAL, "%s is NULL", word ? "out" : "word");
    char key[CO_LEX_MAX_WORD];
    size_t key_len;
    int rc = normalize_arg(word, key, &key_len);
    if (rc < 0)
        return rc;
    co_lex_table t = co__lexicon_table(lex);
    const co_lex_slot *s = co__lex_find(&t, key, key_len, co_lex_hash(key, key_len));
    if (!s || !(s->flags & CO_LEX_VALENCE))
        return co__fail(CO_ENOTFOUND, "'%s' is not in the lexicon", word);
    *out = s->u.valence;
    return CO_OK;
}

/* A decimal number "[+-]digits[.digits]" filling all of s[0..len). */
static int parse_decimal(const char *s, size_t len, double *out)
{
    size_t i = 0, digits = 0;
    double sign = 1, value = 0, scale = 1;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        sign = s[i++] == '-' ? -1 : 1;
    for (; i < len && (unsigned char)(s[i] - '0') < 10; i++, digits++)
        value = value * 10 + (s[i] - '0');
    if (i < len && s[i] == '.')
        for (i++; i < len && (unsigned char)(s[i] - '0') < 10; i++, digits++)
            value += (s[i] - '0') * (scale /= 10);
    if (digits == 0 || i != len || digits > 30)
        return 0;
    *out = sign * value;
    return 1;
}

/* Parse one non-comment line [s, s+len) into the table. */
static int parse_line(co_lex_mut *m, const char *s, size_t len, const char *src, size_t line)
{
    const char *tab = memchr(s, '\t', len);
    if (!tab)
        return co__fail_at(CO_EPARSE, src, line, len + 1, "expected TAB between word and valence");
    size_t word_len = (size_t)(tab - s);
    if (word_len == 0)
        return co__fail_at(CO_EPARSE, src, line, 1, "empty word");
    char key[CO_LEX_MAX_WORD];
    size_t key_len, bad_at;
    int rc = co__lex_normalize(s, word_len, key, &key_len, &bad_at);
    if (rc == CO_ERANGE)
        return co__fail_at(CO_EPARSE, src, line, bad_at + 1, "word longer than %d bytes",
                           CO_LEX_MAX_WORD);
    if (rc < 0)
        return co__fail_at(CO_EPARSE, src, line, bad_at + 1,
                           "space, control or invalid UTF-8 byte in word");
    const char *v = tab + 1, *end = s + len;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    size_t column = word_len + 2;
    double valence;
    if (!parse_decimal(v, (size_t)(end - v), &valence))
        return co__fail_at(CO_EPARSE, src, line, column,
                           "valence must be a decimal number such as -2.5");
    if (valence < -4 || valence > 4)
        return co__fail_at(CO_EPARSE, src, line, column, "valence %g outside -4..4", valence);
    uint32_t hash = co_lex_hash(key, key_len);
    co_lex_table view = co__lex_mut_view(m);
    const co_lex_slot *old = co__lex_find(&view, key, key_len, hash);
    if (old && (old->spare & SEEN_IN_FILE))
        return co__fail_at(CO_EPARSE, src, line, 1, "word '%.*s' appears twice", (int)word_len, s);
    if (co__lex_mut_reserve(m, key_len) < 0)
        return CO_ENOMEM;
    co_lex_slot *slot = co__lex_mut_upsert(m, key, key_len, hash);
    slot->u.valence = (float)valence;
    slot->flags |= CO_LEX_VALENCE;
    slot->spare |= SEEN_IN_FILE;
    return CO_OK;
}

static int parse_lexicon(co_lex_mut *m, const char *text, size_t len, const char *src)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t line = 1;
    for (const char *p = text, *end = text + len; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        size_t n = (size_t)(line_end - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        size_t lead = 0;
        while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
            lead++;
        if (lead < n && p[lead] != '#') {
            int rc = parse_line(m, p, n, src, line);
            if (rc < 0)
                return rc;
        }
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i < m->cap; i++)
        m->slots[i].spare &= (uint8_t)~SEEN_IN_FILE;
    return CO_OK;
}

int co_lexicon_load_buffer(co_lexicon *lex, const char *text, size_t len, const char *source)
{
    if (!lex || (!text && len))
        return co__fail(CO_EINVAL, "%s is NULL", lex ? "text" : "lexicon");
    co_lex_mut copy = {0};
    co_lex_table current = co__lex_mut_view(&lex->words);
    if (co__lex_mut_copy(&copy, &current, 0xFFFF) < 0)
        return CO_ENOMEM;
    int rc = parse_lexicon(&copy, text ? text : "", len, source ? source : "<memory>");
    if (rc < 0) {
        co__lex_mut_free(&copy);
        return rc;
    }
    co__lex_mut_free(&lex->words);
    lex->words = copy;
    return CO_OK;
}

int co_lexicon_load(co_lexicon *lex, const char *path)
{
    if (!lex || !path)
        return co__fail(CO_EINVAL, "%s is NULL", lex ? "path" : "lexicon");
    char *data = NULL;
    size_t len;
    int rc = co__read_whole_file(path, 0, CO__LIMIT_DEFINITION, &data, &len);
    if (rc == CO_OK)
        rc = co_lexicon_load_buffer(lex, data, len, path);
    co__free(data);
    return rc;
}
