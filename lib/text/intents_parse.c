/* The intent definition format, one directive per line:
 *
 *   intent <name>
 *   cue <intent> <weight> <phrase>
 *   negcue <intent> <weight> <phrase>
 *
 * '#' starts a comment line; blank lines are skipped; lines may end in CRLF.
 * A phrase is 1..CO_INTENT_MAX_WORDS words separated by blanks; '*' stands
 * for any one word (not first or last); a leading '^' ties the phrase to the
 * start of a sentence. See docs/intents.md. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "intents_internal.h"
#include "tokenize_internal.h"

typedef struct parser {
    co_intents *set;
    const char *source, *text; /* text: the current line, not NUL-terminated */
    size_t line, len, pos;
} parser;

static int fail(const parser *p, size_t pos, const char *what)
{
    return co__fail_at(CO_EPARSE, p->source, p->line, pos + 1, "%s", what);
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Next blank-delimited field: its start in *start, its length returned. */
static size_t next_field(parser *p, size_t *start)
{
    while (p->pos < p->len && is_blank(p->text[p->pos]))
        p->pos++;
    *start = p->pos;
    while (p->pos < p->len && !is_blank(p->text[p->pos]))
        p->pos++;
    return p->pos - *start;
}

static int field_is(const parser *p, size_t start, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(p->text + start, word, n) == 0;
}

static int find_name(const co_intents *set, const char *s, size_t n, size_t *index)
{
    for (size_t i = 0; i < set->names.len; i++) {
        const char *name = CO_VEC_AT(&set->names, char *, i);
        if (strlen(name) == n && memcmp(name, s, n) == 0) {
            *index = i;
            return 1;
        }
    }
    return 0;
}

static int parse_intent(parser *p)
{
    size_t at, n = next_field(p, &at), end_at;
    if (n == 0)
        return fail(p, at, "missing intent name");
    if (n > CO__INTENTS_MAX_NAME)
        return fail(p, at, "intent name longer than 64 bytes");
    for (size_t i = 0; i < n; i++) {
        char c = p->text[at + i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return fail(p, at + i, "intent names use only letters, digits, '_' and '-'");
    }
    if (next_field(p, &end_at))
        return fail(p, end_at, "unexpected text after the intent name");
    size_t index;
    if (find_name(p->set, p->text + at, n, &index))
        return fail(p, at, "intent defined twice");
    if (p->set->names.len >= CO__INTENTS_MAX)
        return fail(p, at, "more than 256 intents");
    char *name = co__strndup(p->text + at, n);
    if (!name)
        return co__fail_nomem();
    if (co__vec_push(&p->set->names, sizeof name, &name) < 0) {
        co__free(name);
        return CO_ENOMEM;
    }
    return CO_OK;
}

/* A weight: a plain decimal in (0, 1] such as 0.75. */
static int parse_weight(parser *p, double *out)
{
    size_t at, n = next_field(p, &at);
    char buf[16];
    int ok = n > 0 && n < sizeof buf;
    for (size_t i = 0; ok && i < n; i++)
        ok = (p->text[at + i] >= '0' && p->text[at + i] <= '9') || p->text[at + i] == '.';
    double w = 0;
    if (ok) {
        memcpy(buf, p->text + at, n);
        buf[n] = '\0';
        char *end;
        w = strtod(buf, &end);
        ok = *end == '\0' && w > 0 && w <= 1;
    }
    if (!ok)
        return fail(p, at, "expected a weight in (0, 1] such as 0.8");
    *out = w;
    return CO_OK;
}

/* One word of a phrase: it must read as a single token of the text. */
static int parse_word(parser *p, size_t at, size_t n, uint32_t *id)
{
    if (n == 1 && p->text[at] == '*') {
        *id = CO__INTENT_ANY;
        return CO_OK;
    }
    co_tokenizer tz;
    co_token tok;
    co__tokenizer_init(&tz, p->text + at, n, NULL);
    if (!co__tokenizer_next(&tz, &tok) || tok.begin != 0 || tok.end != n || tok.key_len == 0)
        return fail(p, at, "a phrase word is letters, digits and inner hyphens or apostrophes");
    return co__intents_word(p->set, tok.key, tok.key_len, id);
}

static int parse_cue(parser *p, int negated)
{
    size_t at, n = next_field(p, &at), intent;
    if (n == 0)
        return fail(p, at, "missing intent name");
    if (!find_name(p->set, p->text + at, n, &intent))
        return fail(p, at, "unknown intent (declare it with 'intent' first)");
    co_intent_cue cue;
    memset(&cue, 0, sizeof cue);
    cue.intent = (uint32_t)intent;
    cue.negated = (uint8_t)negated;
    int rc = parse_weight(p, &cue.weight);
    if (rc < 0)
        return rc;
    size_t first_at = p->pos, word_at = 0;
    while ((n = next_field(p, &at)) > 0) {
        if (cue.n_words == 0 && p->text[at] == '^') {
            cue.at_start = 1;
            at++;
            n--;
            if (n == 0)
                return fail(p, at, "'^' must touch the phrase's first word");
        }
        if (cue.n_words == CO_INTENT_MAX_WORDS)
            return fail(p, at, "a phrase has at most 6 words");
        if ((rc = parse_word(p, at, n, &cue.words[cue.n_words])) < 0)
            return rc;
        if (cue.n_words == 0 && cue.words[0] == CO__INTENT_ANY)
            return fail(p, at, "a phrase cannot start with '*'");
        word_at = at;
        cue.n_words++;
    }
    if (cue.n_words == 0)
        return fail(p, first_at, "missing phrase");
    if (cue.words[cue.n_words - 1] == CO__INTENT_ANY)
        return fail(p, word_at, "a phrase cannot end with '*'");
    if (p->set->cues.len >= CO__INTENTS_MAX_CUES)
        return fail(p, 0, "more than 100000 cues");
    return co__vec_push(&p->set->cues, sizeof cue, &cue);
}

static int parse_line(parser *p)
{
    size_t at, n = next_field(p, &at);
    if (field_is(p, at, n, "intent"))
        return parse_intent(p);
    if (field_is(p, at, n, "cue"))
        return parse_cue(p, 0);
    if (field_is(p, at, n, "negcue"))
        return parse_cue(p, 1);
    return fail(p, at, "expected 'intent', 'cue' or 'negcue'");
}

int co__intents_parse(co_intents *set, const char *text, size_t len, const char *source)
{
    parser p = {set, source, NULL, 0, 0, 0};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    for (const char *s = text, *end = text + len; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        p.line++;
        p.text = s;
        p.len = (size_t)((nl ? nl : end) - s);
        if (p.len > 0 && s[p.len - 1] == '\r')
            p.len--;
        p.pos = 0;
        while (p.pos < p.len && is_blank(s[p.pos]))
            p.pos++;
        if (p.pos < p.len && s[p.pos] != '#') {
            int rc = parse_line(&p);
            if (rc < 0)
                return rc;
        }
        s = nl ? nl + 1 : end;
    }
    return CO_OK;
}
