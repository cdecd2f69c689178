/* lib/text: sentiment scoring and valence lexicons.
 *
 * Exact compound values come from the hand calculation in
 * tests/reference/sentiment_hand.py (plain arithmetic of the rules in
 * docs/sentiment.md with the valences of lib/text/lexicon_en.tsv); its printed
 * numbers are quoted beside each assertion. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

#define EPS 1e-6
#define LEXICON_TSV CO_TEST_DATA_DIR "/../../lib/text/lexicon_en.tsv"

static co_lexicon *new_lexicon(co_lexicon_base base)
{
    co_lexicon *lex = NULL;
    cr_assert_eq(co_lexicon_new(base, &lex), CO_OK);
    return lex;
}

/* Next "first TAB second" row of a test TSV file, skipping # comments: the
 * first field is left in `line`, the second returned; NULL at the end. */
static char *next_row(FILE *f, char *line, int size)
{
    while (fgets(line, size, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        cr_assert_not_null(tab, "no TAB in \"%s\"", line);
        *tab = '\0';
        return tab + 1;
    }
    return NULL;
}

static co_sentiment score(const char *text)
{
    co_sentiment s = {9, 9, 9, 9};
    cr_assert_eq(co_sentiment_score(NULL, text, strlen(text), &s), CO_OK);
    return s;
}

static void assert_compound(const char *text, double expected)
{
    co_sentiment s = score(text);
    cr_assert(fabs(s.compound - expected) < EPS, "\"%s\": compound %.6f, expected %.6f", text,
              s.compound, expected);
    cr_assert(fabs(s.pos + s.neu + s.neg - 1) < 1e-12, "\"%s\": shares do not sum to 1", text);
}

Test(sentiment, hand_calculated_compound_scores)
{
    assert_compound("The product is good.", 0.476658);
    assert_compound("The product is not good.", -0.356959);
    assert_compound("The product is very good!!!", 0.645006);
    assert_compound("The product is VERY GOOD", 0.705827);
    assert_compound("THIS IS TERRIBLE", -0.670478);
    assert_compound("not the worst", 0.356959);
    assert_compound("The staff were kind of rude", -0.530162);
    assert_compound("I couldn't be happier", 0.542326);
    assert_compound("I couldn\xe2\x80\x99t be happier", 0.542326); /* typographic apostrophe */
    assert_compound("love it \xf0\x9f\x98\x8d\xf0\x9f\x98\x8d", 0.920131);
    assert_compound("Great product. Terrible delivery, slow and late.", -0.513299);
    assert_compound("Great :)", 0.790569);
}

Test(sentiment, clause_and_sentence_boundaries)
{
    assert_compound("I did not complain, the food was good", 0.678786);
    assert_compound("Slow, 2.5 days but great", 0.670478);
    assert_compound("Great\nTerrible", -0.029053);
    assert_compound("top-notch", 0.585882);
    assert_compound("it performed terribly", -0.670478);
    assert_compound("terribly slow", -0.509457);
    assert_compound("That was very kind of you", 0.475428);
    /* A token longer than any key is a neutral word. */
    co_sentiment s = score("goodgoodgoodgoodgoodgoodgoodgoodgoodgoodgoodgoodgoodgood good");
    cr_assert(fabs(s.compound - 0.476658) < EPS);
    cr_assert(fabs(s.neu - 1.0 / (1.0 + 2.1)) < EPS); /* neutral 1, positive mass 2.1 */
}

Test(sentiment, but_shifts_the_weight_and_sets_the_shares)
{
    co_sentiment s = score("Delivery was late but the support was great");
    cr_assert(fabs(s.compound - 0.670478) < EPS);
    cr_assert(fabs(s.pos - 0.391304) < EPS);
    cr_assert(fabs(s.neg - 0.086957) < EPS);
    cr_assert(fabs(s.neu - 0.521739) < EPS);
}

Test(sentiment, text_without_sentiment_is_neutral)
{
    co_sentiment s = score("");
    cr_assert_eq(s.compound, 0);
    cr_assert_eq(s.neu, 1);
    cr_assert_eq(s.pos, 0);
    cr_assert_eq(s.neg, 0);
    s = score("The parcel was handed to my neighbour.");
    cr_assert_eq(s.compound, 0);
    cr_assert_eq(s.neu, 1);
    s = score("?!... ,,, ---");
    cr_assert_eq(s.compound, 0);
    cr_assert_eq(s.neu, 1);
    co_sentiment t = {9, 9, 9, 9};
    cr_assert_eq(co_sentiment_score(NULL, NULL, 0, &t), CO_OK);
    cr_assert_eq(t.neu, 1);
}

Test(sentiment, long_text_does_not_saturate)
{
    /* The same positive sentence repeated: the mean over sentences stays put,
     * where one sum over the text would drive the compound towards 1. */
    char text[4096] = "";
    for (int i = 0; i < 40; i++)
        strcat(text, "The product is good. ");
    assert_compound(text, 0.476658);
}

Test(sentiment, invalid_utf8_is_skipped_safely)
{
    /* Stray bytes separate words and are otherwise ignored. */
    assert_compound("The product is \xff\xfe good.", 0.476658);
    /* A truncated emoji at the end, a lone continuation byte, an overlong NUL
     * and an encoded surrogate are all skipped. */
    assert_compound("good \xf0\x9f\x98", 0.476658);
    assert_compound("\x80 good \xc0\x80 \xed\xa0\x80", 0.476658);
    /* Embedded NUL bytes are just separators when the length is given. */
    const char with_nul[] = "The product\0is good.";
    co_sentiment s;
    cr_assert_eq(co_sentiment_score(NULL, with_nul, sizeof with_nul - 1, &s), CO_OK);
    cr_assert(fabs(s.compound - 0.476658) < EPS);
    /* Non-ASCII words are words: unknown ones are neutral. */
    s = score("\xc3\xa9t\xc3\xa9 tr\xc3\xa8s g\xc3\xa9nial");
    cr_assert_eq(s.compound, 0);
    cr_assert_eq(s.neu, 1);
}

/* The labelled sentences of tests/data/text/labelled.tsv (label TAB text). */
Test(sentiment, labelled_set_accuracy)
{
    FILE *f = fopen(CO_TEST_DATA_DIR "/text/labelled.tsv", "r");
    cr_assert_not_null(f);
    char line[1024];
    int n[3] = {0, 0, 0}, right[3] = {0, 0, 0};
    static const char *const labels[3] = {"pos", "neu", "neg"};
    char *text;
    while ((text = next_row(f, line, sizeof line)) != NULL) {
        int want = !strcmp(line, "pos") ? 0 : !strcmp(line, "neu") ? 1 : 2;
        co_sentiment s = score(text);
        int got = s.compound >= CO_SENTIMENT_POSITIVE   ? 0
                  : s.compound <= CO_SENTIMENT_NEGATIVE ? 2
                                                        : 1;
        n[want]++;
        if (got == want)
            right[want]++;
        else
            cr_log_info("%s sentence scored %s (%.3f): %s", labels[want], labels[got], s.compound,
                        text);
    }
    fclose(f);
    int total = n[0] + n[1] + n[2], correct = right[0] + right[1] + right[2];
    cr_assert_geq(total, 150);
    cr_assert_geq(correct, total * 95 / 100, "accuracy %d/%d", correct, total);
    for (int k = 0; k < 3; k++)
        cr_assert_geq(right[k], n[k] * 9 / 10, "%s: %d/%d", labels[k], right[k], n[k]);
}

/* tests/data/text/rules_reference.tsv: compound scores of the ASCII labelled
 * sentences and the edge cases of tricky.txt, computed by the independent
 * implementation of the rules in tests/reference/sentiment_rules.py. */
Test(sentiment, agrees_with_the_reference_implementation)
{
    FILE *f = fopen(CO_TEST_DATA_DIR "/text/rules_reference.tsv", "r");
    cr_assert_not_null(f);
    char line[1024];
    char *text;
    int n = 0;
    while ((text = next_row(f, line, sizeof line)) != NULL) {
        /* "\n" in the file stands for a newline. */
        char *w = text;
        for (const char *r = text; *r; r++) {
            if (r[0] == '\\' && r[1] == 'n') {
                *w++ = '\n';
                r++;
            } else {
                *w++ = *r;
            }
        }
        *w = '\0';
        co_sentiment s = score(text);
        double want = strtod(line, NULL);
        cr_expect(fabs(s.compound - want) < EPS, "\"%s\": %.6f, reference %.6f", text, s.compound,
                  want);
        n++;
    }
    fclose(f);
    cr_assert_geq(n, 160);
}

Test(sentiment, score_many_matches_single_scores)
{
    const char *texts[3] = {"The product is good.", NULL, "THIS IS TERRIBLE"};
    size_t lens[3] = {20, 0, 16};
    co_sentiment out[3];
    cr_assert_eq(co_sentiment_score_many(NULL, texts, lens, 3, out), CO_OK);
    cr_assert(fabs(out[0].compound - 0.476658) < EPS);
    cr_assert_eq(out[1].neu, 1);
    cr_assert(fabs(out[2].compound + 0.670478) < EPS);
    texts[1] = "not the worst";
    cr_assert_eq(co_sentiment_score_many(NULL, texts, NULL, 3, out), CO_OK);
    cr_assert(fabs(out[1].compound - 0.356959) < EPS);
}

Test(sentiment, bad_arguments)
{
    co_sentiment s = {7, 7, 7, 7};
    cr_assert_eq(co_sentiment_score(NULL, "x", 1, NULL), CO_EINVAL);
    cr_assert_eq(co_sentiment_score(NULL, NULL, 3, &s), CO_EINVAL);
    cr_assert_eq(s.compound, 7);
    const char *texts[2] = {"good", NULL};
    co_sentiment out[2] = {{7, 7, 7, 7}, {7, 7, 7, 7}};
    cr_assert_eq(co_sentiment_score_many(NULL, texts, NULL, 2, out), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "text 1 is NULL");
    cr_assert_eq(out[0].compound, 7);
    cr_assert_eq(co_sentiment_score_many(NULL, NULL, NULL, 2, out), CO_EINVAL);
    cr_assert_eq(co_sentiment_score_many(NULL, NULL, NULL, 0, NULL), CO_OK);
}

/* Every entry of lexicon_en.tsv is in the compiled table with its valence. */
Test(lexicon, builtin_table_matches_its_source)
{
    FILE *f = fopen(LEXICON_TSV, "r");
    cr_assert_not_null(f);
    char line[256];
    size_t entries = 0;
    char *value;
    while ((value = next_row(f, line, sizeof line)) != NULL) {
        double v = 99;
        cr_assert_eq(co_lexicon_get(NULL, line, &v), CO_OK, "'%s' missing", line);
        cr_assert(fabs(v - strtod(value, NULL)) < 1e-6, "'%s': %g", line, v);
        entries++;
    }
    fclose(f);
    cr_assert_geq(entries, 2000);
    cr_assert_eq(co_lexicon_count(NULL), entries);
}

Test(lexicon, customer_service_vocabulary)
{
    const char *neg[] = {"rude", "broken", "overpriced", "late", "damaged", "unhelpful", "refused"};
    const char *pos[] = {"helpful", "refunded", "friendly", "prompt", "reliable", "resolved"};
    double v;
    for (size_t i = 0; i < sizeof neg / sizeof *neg; i++) {
        cr_assert_eq(co_lexicon_get(NULL, neg[i], &v), CO_OK, "%s", neg[i]);
        cr_assert_lt(v, 0, "%s", neg[i]);
    }
    for (size_t i = 0; i < sizeof pos / sizeof *pos; i++) {
        cr_assert_eq(co_lexicon_get(NULL, pos[i], &v), CO_OK, "%s", pos[i]);
        cr_assert_gt(v, 0, "%s", pos[i]);
    }
    cr_assert_eq(co_lexicon_get(NULL, "RUDE", &v), CO_OK); /* case-insensitive */
    v = 42;
    cr_assert_eq(co_lexicon_get(NULL, "parcel", &v), CO_ENOTFOUND);
    cr_assert_eq(v, 42);
}

Test(lexicon, empty_lexicon_keeps_the_rules)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY);
    cr_assert_eq(co_lexicon_count(lex), 0);
    double v;
    cr_assert_eq(co_lexicon_get(lex, "good", &v), CO_ENOTFOUND);
    cr_assert_eq(co_lexicon_set(lex, "zippy", 2.1), CO_OK);
    cr_assert_eq(co_lexicon_count(lex), 1);
    co_sentiment s;
    /* zippy 2.1 negated as good is: see "not good" in sentiment_hand.py. */
    cr_assert_eq(co_sentiment_score(lex, "not zippy", 9, &s), CO_OK);
    cr_assert(fabs(s.compound + 0.356959) < EPS);
    cr_assert_eq(co_sentiment_score(lex, "great", 5, &s), CO_OK);
    cr_assert_eq(s.compound, 0);
    co_lexicon_free(lex);
    co_lexicon_free(NULL);
}

Test(lexicon, set_normalises_and_overrides)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_ENGLISH);
    size_t n = co_lexicon_count(lex);
    cr_assert_eq(n, co_lexicon_count(NULL));
    cr_assert_eq(co_lexicon_set(lex, "Good", -1.0), CO_OK);
    cr_assert_eq(co_lexicon_count(lex), n);
    double v;
    cr_assert_eq(co_lexicon_get(lex, "GOOD", &v), CO_OK);
    cr_assert_eq(v, -1.0);
    cr_assert_eq(co_lexicon_get(NULL, "good", &v), CO_OK); /* the built-in is untouched */
    cr_assert(fabs(v - 2.1) < 1e-6);
    cr_assert_eq(co_lexicon_set(lex, "Won't-Budge", -1.5), CO_OK);
    cr_assert_eq(co_lexicon_get(lex, "wontbudge", &v), CO_ENOTFOUND);
    cr_assert_eq(co_lexicon_get(lex, "wont-budge", &v), CO_OK);
    cr_assert_eq(co_lexicon_set(lex, ":-]", 1.5), CO_OK); /* emoticons keep punctuation */
    cr_assert_eq(co_lexicon_get(lex, ":-]", &v), CO_OK);
    cr_assert_eq(co_lexicon_count(lex), n + 2);
    co_lexicon_free(lex);
}

Test(lexicon, set_rejects_bad_entries_and_changes_nothing)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY);
    cr_assert_eq(co_lexicon_set(lex, "good", 4.5), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "valence 4.5 outside -4..4");
    cr_assert_eq(co_lexicon_set(lex, "good", NAN), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, "good", INFINITY), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, "two words", 1), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, "", 1), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, "bad\xff", 1), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1),
                 CO_EINVAL); /* 49 bytes */
    cr_assert_eq(co_lexicon_set(NULL, "good", 1), CO_EINVAL);
    cr_assert_eq(co_lexicon_set(lex, NULL, 1), CO_EINVAL);
    cr_assert_eq(co_lexicon_count(lex), 0);
    cr_assert_eq(co_lexicon_new(CO_LEXICON_ENGLISH, NULL), CO_EINVAL);
    co_lexicon *other = NULL;
    cr_assert_eq(co_lexicon_new((co_lexicon_base)7, &other), CO_EINVAL);
    cr_assert_null(other);
    co_lexicon_free(lex);
}

Test(lexicon, copy_is_whole_and_independent)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY), *copy = NULL;
    cr_assert_eq(co_lexicon_set(lex, "zippy", 2.1), CO_OK);
    cr_assert_eq(co_lexicon_copy(lex, &copy), CO_OK);
    cr_assert_eq(co_lexicon_count(copy), 1);
    co_sentiment s;
    /* the valence and the rule word "not" came along: "not zippy" as in
     * empty_lexicon_keeps_the_rules */
    cr_assert_eq(co_sentiment_score(copy, "not zippy", 9, &s), CO_OK);
    cr_assert(fabs(s.compound + 0.356959) < EPS);

    /* From here on each goes its own way; 200 new words grow the copy's table. */
    cr_assert_eq(co_lexicon_set(copy, "zippy", -2.1), CO_OK);
    char word[16];
    for (int i = 0; i < 200; i++) {
        sprintf(word, "word%d", i);
        cr_assert_eq(co_lexicon_set(copy, word, 1), CO_OK);
    }
    cr_assert_eq(co_lexicon_set(lex, "zappy", -1), CO_OK);
    cr_assert_eq(co_lexicon_count(copy), 201);
    cr_assert_eq(co_lexicon_count(lex), 2);
    /* negated: +0.74 * min(2.1, 2) = 1.48, as "not the worst" in sentiment_hand.py */
    cr_assert_eq(co_sentiment_score(copy, "not zippy", 9, &s), CO_OK);
    cr_assert(fabs(s.compound - 0.356959) < EPS);
    cr_assert_eq(co_sentiment_score(lex, "not zippy", 9, &s), CO_OK);
    cr_assert(fabs(s.compound + 0.356959) < EPS);
    double v;
    cr_assert_eq(co_lexicon_get(copy, "zappy", &v), CO_ENOTFOUND);
    cr_assert_eq(co_lexicon_get(lex, "word7", &v), CO_ENOTFOUND);
    co_lexicon_free(lex);
    cr_assert_eq(co_lexicon_get(copy, "word199", &v), CO_OK); /* owns its memory */
    cr_assert_eq(v, 1.0);
    co_lexicon_free(copy);

    copy = (co_lexicon *)word;
    cr_assert_eq(co_lexicon_copy(NULL, &copy), CO_EINVAL);
    cr_assert_eq(copy, (co_lexicon *)word); /* untouched */
    lex = new_lexicon(CO_LEXICON_ENGLISH);
    cr_assert_eq(co_lexicon_copy(lex, NULL), CO_EINVAL);
    cr_assert_eq(co_lexicon_copy(lex, &copy), CO_OK);
    cr_assert_eq(co_lexicon_count(copy), co_lexicon_count(NULL));
    /* "good" 2.1 in lexicon_en.tsv */
    cr_assert_eq(co_lexicon_get(copy, "good", &v), CO_OK);
    cr_assert(fabs(v - 2.1) < 1e-6);
    co_lexicon_free(copy);
    co_lexicon_free(lex);
}

Test(lexicon, load_file_with_bom_crlf_and_comments)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_ENGLISH);
    size_t n = co_lexicon_count(lex);
    cr_assert_eq(co_lexicon_load(lex, CO_TEST_DATA_DIR "/text/custom_lexicon.tsv"), CO_OK);
    double v;
    cr_assert_eq(co_lexicon_get(lex, "zingy", &v), CO_OK);
    cr_assert_eq(v, 2.5);
    cr_assert_eq(co_lexicon_get(lex, "meh-ish", &v), CO_OK);
    cr_assert_eq(v, -0.5);
    cr_assert_eq(co_lexicon_get(lex, "good", &v), CO_OK);
    cr_assert_eq(v, -1.0);
    cr_assert_eq(co_lexicon_count(lex), n + 2);
    /* Loading the same file again is fine: duplicates count per file. */
    cr_assert_eq(co_lexicon_load(lex, CO_TEST_DATA_DIR "/text/custom_lexicon.tsv"), CO_OK);
    cr_assert_eq(co_lexicon_count(lex), n + 2);
    co_lexicon_free(lex);
}

Test(lexicon, load_missing_file_is_an_io_error)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY);
    cr_assert_eq(co_lexicon_load(lex, CO_TEST_DATA_DIR "/text/no_such_file.tsv"), CO_EIO);
    cr_assert(strstr(co_errmsg(), "no_such_file.tsv: cannot open") != NULL, "%s", co_errmsg());
    cr_assert_eq(co_lexicon_load(lex, NULL), CO_EINVAL);
    cr_assert_eq(co_lexicon_load(NULL, "x"), CO_EINVAL);
    co_lexicon_free(lex);
}

struct parse_case {
    const char *text;
    const char *message;
};

Test(lexicon, load_errors_name_line_and_column_and_change_nothing)
{
    static const struct parse_case cases[] = {
        {"good\t1\nbad 2\n", "t.tsv:2:6: expected TAB between word and valence"},
        {"# c\n\n\t-1\n", "t.tsv:3:1: empty word"},
        {"fine\t1\nok\tx1\n", "t.tsv:2:4: valence must be a decimal number such as -2.5"},
        {"ok\t1e3\n", "t.tsv:1:4: valence must be a decimal number such as -2.5"},
        {"ok\t\n", "t.tsv:1:4: valence must be a decimal number such as -2.5"},
        {"ok\t-4.5\n", "t.tsv:1:4: valence -4.5 outside -4..4"},
        {"a\t1\nb\t2\nA\t3\n", "t.tsv:3:1: word 'A' appears twice"},
        {"ok go\t1\n", "t.tsv:1:3: space, control or invalid UTF-8 byte in word"},
        {"caf\xc3\t1\n", "t.tsv:1:4: space, control or invalid UTF-8 byte in word"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t1\n",
         "t.tsv:1:49: word longer than 48 bytes"},
    };
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY);
    cr_assert_eq(co_lexicon_set(lex, "keep", 1.5), CO_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = co_lexicon_load_buffer(lex, cases[i].text, strlen(cases[i].text), "t.tsv");
        cr_assert_eq(rc, CO_EPARSE, "case %zu", i);
        cr_assert_str_eq(co_errmsg(), cases[i].message, "case %zu", i);
        cr_assert_eq(co_lexicon_count(lex), 1, "case %zu changed the lexicon", i);
        double v;
        cr_assert_eq(co_lexicon_get(lex, "good", &v), CO_ENOTFOUND);
        cr_assert_eq(co_lexicon_get(lex, "keep", &v), CO_OK);
        cr_assert_eq(v, 1.5);
    }
    cr_assert_eq(co_lexicon_load_buffer(lex, "x\t1", 3, NULL), CO_OK); /* no final newline */
    cr_assert_eq(co_lexicon_load_buffer(lex, "x", 1, NULL), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "<memory>:1:2: expected TAB between word and valence");
    cr_assert_eq(co_lexicon_load_buffer(lex, NULL, 0, NULL), CO_OK);
    cr_assert_eq(co_lexicon_load_buffer(lex, NULL, 1, NULL), CO_EINVAL);
    cr_assert_eq(co_lexicon_count(lex), 2);
    co_lexicon_free(lex);
}

Test(lexicon, a_nul_byte_is_refused_at_its_place)
{
    /* The word would be cut at the NUL ("go"), the valence read as 1: both
     * are refused at the NUL's column, and the lexicon keeps what it had. */
    static const struct {
        const char *text;
        size_t len;
        const char *message;
    } cases[] = {
        {"fine\t1\ngo\0od\t1\n", sizeof "fine\t1\ngo\0od\t1\n" - 1,
         "t.tsv:2:3: space, control or invalid UTF-8 byte in word"},
        {"ok\t1\0"
         "5\n",
         sizeof "ok\t1\0"
                "5\n" -
             1,
         "t.tsv:1:4: valence must be a decimal number such as -2.5"},
        {"\0ok\t1\n", sizeof "\0ok\t1\n" - 1,
         "t.tsv:1:1: space, control or invalid UTF-8 byte in word"},
    };
    co_lexicon *lex = new_lexicon(CO_LEXICON_EMPTY);
    cr_assert_eq(co_lexicon_set(lex, "keep", 1.5), CO_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(co_lexicon_load_buffer(lex, cases[i].text, cases[i].len, "t.tsv"), CO_EPARSE,
                     "case %zu", i);
        cr_assert_str_eq(co_errmsg(), cases[i].message, "case %zu", i);
        cr_assert_str_eq(co_errpath(), "t.tsv");
        cr_assert_eq(co_lexicon_count(lex), 1, "case %zu changed the lexicon", i);
    }
    co_lexicon_free(lex);
}

/* Allocation-failure sweeps. */
struct lex_ctx {
    co_lexicon *lex;
};

static int new_english(void *arg)
{
    return co_lexicon_new(CO_LEXICON_ENGLISH, &((struct lex_ctx *)arg)->lex);
}

static int copy_it(void *arg)
{
    co_lexicon *copy;
    int rc = co_lexicon_copy(((struct lex_ctx *)arg)->lex, &copy);
    if (rc == CO_OK)
        co_lexicon_free(copy);
    return rc;
}

Test(lexicon, new_survives_allocation_failures)
{
    struct lex_ctx c = {NULL};
    cr_assert_geq(co_test_alloc_sweep(new_english, NULL, &c), 2);
    cr_assert_eq(co_lexicon_count(c.lex), co_lexicon_count(NULL));
    /* a copy makes three blocks: the handle, the slots, the key pool */
    cr_assert_eq(co_test_alloc_sweep(copy_it, NULL, &c), 3);
    co_lexicon_free(c.lex);
}

static int load_many(void *arg)
{
    struct lex_ctx *c = arg;
    char text[64 * 200];
    size_t len = 0;
    for (int i = 0; i < 200; i++)
        len += (size_t)sprintf(text + len, "newword%d\t%d.5\n", i, i % 4);
    return co_lexicon_load_buffer(c->lex, text, len, "many.tsv");
}

static int set_one(void *arg)
{
    return co_lexicon_set(((struct lex_ctx *)arg)->lex, "brandnew", -3);
}

static void only_the_seed_words(void *arg)
{
    struct lex_ctx *c = arg;
    cr_assert_eq(co_lexicon_count(c->lex), 1);
    double v;
    cr_assert_eq(co_lexicon_get(c->lex, "newword3", &v), CO_ENOTFOUND);
    cr_assert_eq(co_lexicon_get(c->lex, "brandnew", &v), CO_ENOTFOUND);
}

Test(lexicon, load_and_set_survive_allocation_failures)
{
    struct lex_ctx c = {NULL};
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &c.lex), CO_OK);
    cr_assert_eq(co_lexicon_set(c.lex, "seed", 1), CO_OK);
    cr_assert_geq(co_test_alloc_sweep(load_many, only_the_seed_words, &c), 2);
    cr_assert_eq(co_lexicon_count(c.lex), 201);
    co_lexicon_free(c.lex);

    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &c.lex), CO_OK);
    cr_assert_eq(co_lexicon_set(c.lex, "seed", 1), CO_OK);
    co_test_alloc_sweep(set_one, only_the_seed_words, &c);
    cr_assert_eq(co_lexicon_count(c.lex), 2);
    co_lexicon_free(c.lex);
}

/* Scoring only reads the lexicon: threads may share one. */
struct thread_arg {
    const co_lexicon *lex;
    int failures;
};

static void *score_repeatedly(void *p)
{
    struct thread_arg *a = p;
    for (int i = 0; i < 2000; i++) {
        co_sentiment s;
        co_sentiment_score(a->lex, "not zippy", 9, &s);
        a->failures += fabs(s.compound + 0.356959) >= EPS;
        co_sentiment_score(a->lex, "The product is good.", 20, &s);
        a->failures += fabs(s.compound - 0.476658) >= EPS;
    }
    return NULL;
}

Test(sentiment, threads_share_a_lexicon)
{
    co_lexicon *lex = new_lexicon(CO_LEXICON_ENGLISH);
    cr_assert_eq(co_lexicon_set(lex, "zippy", 2.1), CO_OK);
    pthread_t t[4];
    struct thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i].lex = lex;
        args[i].failures = 0;
        cr_assert_eq(pthread_create(&t[i], NULL, score_repeatedly, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(args[i].failures, 0);
    }
    co_lexicon_free(lex);
}
