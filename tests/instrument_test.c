/* lib/metrics survey instruments. Alpha values come from
 * tests/reference/instrument_reference.py (numpy, run offline; printed values
 * quoted below); scores are hand calculations shown beside them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

static const char definition[] = "instrument Test survey\n"
                                 "scale 1 5\n"
                                 "subscale all mean Everything\n"
                                 "subscale first sum First three\n"
                                 "item q1 all,first + One\n"
                                 "item q2 all,first + Two\n"
                                 "item q3 all,first - Three\n"
                                 "item q4 all + Four\n";

/* The answers of instrument_reference.py. */
static const double answers[6 * 4] = {
    4, 5, 2, 4, 3, 3, 3, 3, 5, 4, 1, 5, 2, 2, 4, 1, 4, 4, 2, NAN, 1, 2, 5, 2,
};

static co_instrument *parse_ok(const char *text)
{
    co_instrument *inst = NULL;
    int rc = co_instrument_parse(text, strlen(text), "test", &inst);
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
    return inst;
}

Test(instrument, parses_a_definition)
{
    co_instrument *inst = parse_ok(definition);
    cr_assert_str_eq(co_instrument_title(inst), "Test survey");
    int lo, hi;
    co_instrument_scale(inst, &lo, &hi);
    cr_assert_eq(lo, 1);
    cr_assert_eq(hi, 5);
    cr_assert_eq(co_instrument_item_count(inst), 4);
    cr_assert_eq(co_instrument_subscale_count(inst), 2);
    co_instrument_item item;
    cr_assert_eq(co_instrument_get_item(inst, 2, &item), CO_OK);
    cr_assert_str_eq(item.id, "q3");
    cr_assert_str_eq(item.text, "Three");
    cr_assert_eq(item.reversed, 1);
    cr_assert_eq(co_instrument_get_item(inst, 4, &item), CO_ERANGE);
    co_instrument_subscale sub;
    cr_assert_eq(co_instrument_get_subscale(inst, 1, &sub), CO_OK);
    cr_assert_str_eq(sub.id, "first");
    cr_assert_str_eq(sub.title, "First three");
    cr_assert_eq(sub.mean, 0);
    cr_assert_eq(sub.n_items, 3);
    cr_assert_eq(sub.items[0], 0);
    cr_assert_eq(sub.items[2], 2);
    cr_assert_eq(co_instrument_get_subscale(inst, 2, &sub), CO_ERANGE);
    co_instrument_free(inst);
    co_instrument_free(NULL);
}

Test(instrument, scores_with_reverse_coding_and_missing_answers)
{
    co_instrument *inst = parse_ok(definition);
    double out[6 * 2];
    cr_assert_eq(co_instrument_score(inst, answers, 6, out), CO_OK);
    /* Respondent 0: coded 4, 5, 6 - 2 = 4, 4 -> mean 4.25; first: 4+5+4 = 13. */
    cr_assert_float_eq(out[0], 4.25, 1e-12);
    cr_assert_float_eq(out[1], 13.0, 1e-12);
    /* Respondent 3: 2, 2, 6 - 4 = 2, 1 -> 1.75; first 6. */
    cr_assert_float_eq(out[6], 1.75, 1e-12);
    cr_assert_float_eq(out[7], 6.0, 1e-12);
    /* Respondent 4 skipped q4: all = mean of 4, 4, 4 = 4; first = 12. */
    cr_assert_float_eq(out[8], 4.0, 1e-12);
    cr_assert_float_eq(out[9], 12.0, 1e-12);
    co_instrument_free(inst);
}

Test(instrument, too_few_answers_give_nan)
{
    co_instrument *inst = parse_ok(definition);
    /* Two of four answered meets the default half: all = (5 + 3) / 2 = 4;
     * first has q1 only, one of three, below half: NaN, and its sum is
     * prorated from the mean otherwise. */
    double row[4] = {5, NAN, NAN, 3}, out[2];
    cr_assert_eq(co_instrument_score(inst, row, 1, out), CO_OK);
    cr_assert_float_eq(out[0], 4.0, 1e-12);
    cr_assert(isnan(out[1]));
    double none[4] = {NAN, NAN, NAN, NAN};
    cr_assert_eq(co_instrument_score(inst, none, 1, out), CO_OK);
    cr_assert(isnan(out[0]) && isnan(out[1]));
    /* Two of three in 'first': prorated sum 3 * (5 + (6 - 1)) / 2 = 15. */
    double two[4] = {5, NAN, 1, NAN};
    cr_assert_eq(co_instrument_score(inst, two, 1, out), CO_OK);
    cr_assert_float_eq(out[1], 15.0, 1e-12);
    co_instrument_free(inst);
}

Test(instrument, bad_answers_leave_scores_alone)
{
    co_instrument *inst = parse_ok(definition);
    double row[8] = {1, 2, 3, 4, 1, 6, 3, 4}, out[4] = {-1, -1, -1, -1};
    cr_assert_eq(co_instrument_score(inst, row, 2, out), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "answer 6 of respondent 1 to item 'q2' is outside 1-5");
    row[5] = INFINITY;
    cr_assert_eq(co_instrument_score(inst, row, 2, out), CO_EINVAL);
    cr_assert_eq(co_instrument_score(inst, NULL, 2, out), CO_EINVAL);
    cr_assert_eq(co_instrument_score(NULL, row, 2, out), CO_EINVAL);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(out[i], -1.0);
    cr_assert_eq(co_instrument_score(inst, NULL, 0, NULL), CO_OK);
    co_instrument_free(inst);
}

Test(alpha, matches_numpy)
{
    /* raw alpha q1..q4 (complete rows): -0.259740259740;
     * coded alpha q1..q4: 0.969337289812; coded q1..q3: 0.965163934426. */
    double a;
    cr_assert_eq(co_cronbach_alpha(answers, 6, 4, &a), CO_OK);
    cr_assert_float_eq(a, -0.259740259740, 1e-11);
    co_instrument *inst = parse_ok(definition);
    cr_assert_eq(co_instrument_alpha(inst, answers, 6, 0, &a), CO_OK);
    cr_assert_float_eq(a, 0.969337289812, 1e-11);
    cr_assert_eq(co_instrument_alpha(inst, answers, 6, 1, &a), CO_OK);
    cr_assert_float_eq(a, 0.965163934426, 1e-11);
    co_instrument_free(inst);
}

Test(alpha, hand_calculation_for_two_items)
{
    /* Items (1, 2, 3) and (1, 3, 2): variances 1 and 1, totals (2, 5, 5)
     * with variance 3; alpha = 2 * (1 - 2 / 3) = 2 / 3. */
    double m[6] = {1, 1, 2, 3, 3, 2}, a;
    cr_assert_eq(co_cronbach_alpha(m, 3, 2, &a), CO_OK);
    cr_assert_float_eq(a, 2.0 / 3.0, 1e-14);
}

Test(alpha, undefined_cases)
{
    double a = 42;
    double same[4] = {3, 3, 3, 3};
    cr_assert_eq(co_cronbach_alpha(same, 2, 2, &a), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "Cronbach's alpha is undefined: totals do not vary");
    double one_row[2] = {1, 2};
    cr_assert_eq(co_cronbach_alpha(one_row, 1, 2, &a), CO_EINVAL);
    cr_assert_eq(co_cronbach_alpha(one_row, 2, 1, &a), CO_EINVAL);
    double gaps[4] = {1, NAN, 2, 3};
    cr_assert_eq(co_cronbach_alpha(gaps, 2, 2, &a), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "Cronbach's alpha needs at least 2 complete rows, got 1");
    double inf[4] = {1, 2, INFINITY, 3};
    cr_assert_eq(co_cronbach_alpha(inf, 2, 2, &a), CO_EINVAL);
    cr_assert_eq(a, 42.0);
    co_instrument *inst = parse_ok(definition);
    cr_assert_eq(co_instrument_alpha(inst, answers, 6, 2, &a), CO_ERANGE);
    co_instrument_free(inst);
    inst = parse_ok("instrument x\nscale 1 5\nsubscale s sum S\nitem a s + A\n");
    cr_assert_eq(co_instrument_alpha(inst, answers, 6, 0, &a), CO_EINVAL);
    cr_assert_eq(a, 42.0);
    co_instrument_free(inst);
}

struct bad_case {
    const char *text;
    const char *message;
};

static const struct bad_case bad[] = {
    {"", "t:1:1: no 'instrument' line"},
    {"instrument A\n", "t:1:1: no 'scale' line"},
    {"instrument A\nscale 1 5\n", "t:2:1: no items"},
    {"instrument A\ninstrument B\n", "t:2:1: 'instrument' given twice"},
    {"instrument\n", "t:1:11: missing title"},
    {"# c\n  bogus x\n", "t:2:3: unknown directive (expected instrument, scale, "
                         "min-answered, subscale or item)"},
    {"scale 5 1\n", "t:1:7: the scale minimum must be below its maximum"},
    {"scale 1\n", "t:1:8: missing the scale maximum"},
    {"scale 1 x\n", "t:1:9: expected an integer within +-1000000 for the scale maximum"},
    {"scale 1 5 7\n", "t:1:11: unexpected text after scale"},
    {"scale 1 5\nscale 1 5\n", "t:2:1: 'scale' given twice"},
    {"min-answered 0\n", "t:1:14: expected a fraction in (0, 1]"},
    {"min-answered 1.5\n", "t:1:14: expected a fraction in (0, 1]"},
    {"subscale a median A\n", "t:1:12: expected 'sum' or 'mean'"},
    {"subscale a sum\n", "t:1:15: missing subscale title"},
    {"subscale a.b sum A\n", "t:1:11: ids use only letters, digits, '_' and '-'"},
    {"subscale a sum A\nsubscale a mean B\n", "t:2:10: duplicate subscale id"},
    {"item q s + Q\n", "t:1:1: 'scale' must come before the items"},
    {"scale 1 5\nitem q s + Q\n", "t:2:8: unknown subscale"},
    {"scale 1 5\nsubscale s sum S\nitem q s,s + Q\n", "t:3:10: subscale listed twice"},
    {"scale 1 5\nsubscale s sum S\nitem q s,,s + Q\n", "t:3:10: unknown subscale"},
    {"scale 1 5\nsubscale s sum S\nitem q s * Q\n", "t:3:10: expected '+' or '-' (reverse-coded)"},
    {"scale 1 5\nsubscale s sum S\nitem q s +\n", "t:3:11: missing item wording"},
    {"scale 1 5\nsubscale s sum S\nitem q s + Q\nitem q s + R\n", "t:4:6: duplicate item id"},
    {"instrument A\nscale 1 5\nsubscale s sum S\nsubscale u sum U\nitem q s + Q\n",
     "t:4:1: subscale has no items"},
    {"instrument A\xff\n", "t:1:13: invalid UTF-8"},
    {"instrument \xc3\xa9\xed\xa0\x80\n", "t:1:14: invalid UTF-8"},
};

Test(instrument, parse_errors_name_line_and_column)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        co_instrument *inst = (co_instrument *)&inst, *sentinel = inst;
        int rc = co_instrument_parse(bad[i].text, strlen(bad[i].text), "t", &inst);
        cr_assert_eq(rc, CO_EPARSE, "case %zu", i);
        cr_assert_str_eq(co_errmsg(), bad[i].message, "case %zu", i);
        cr_assert_eq(inst, sentinel);
    }
    /* A NUL byte inside the text. */
    co_instrument *inst = NULL;
    cr_assert_eq(co_instrument_parse("instrument A\0B\n", 15, NULL, &inst), CO_EPARSE);
    cr_assert_str_eq(co_errmsg(), "<text>:1:13: NUL byte in text");
    cr_assert_eq(co_instrument_parse(NULL, 3, NULL, &inst), CO_EINVAL);
    cr_assert_null(inst);
}

Test(instrument, accepts_crlf_comments_and_utf8)
{
    const char *text = "# survey\r\ninstrument  Zufriedenheit \xc3\xa4 \r\n\tscale 0 10\r\n"
                       "subscale s mean S\r\nitem q s - Wie \xe2\x80\x9cgut\xe2\x80\x9d?\r\n";
    co_instrument *inst = parse_ok(text);
    cr_assert_str_eq(co_instrument_title(inst), "Zufriedenheit \xc3\xa4");
    co_instrument_item item;
    co_instrument_get_item(inst, 0, &item);
    cr_assert_str_eq(item.text, "Wie \xe2\x80\x9cgut\xe2\x80\x9d?");
    /* Reverse coding on 0-10: 10 - 3 = 7. */
    double a = 3, out;
    cr_assert_eq(co_instrument_score(inst, &a, 1, &out), CO_OK);
    cr_assert_eq(out, 7.0);
    co_instrument_free(inst);
}

Test(instrument, loads_a_file)
{
    co_instrument *inst = NULL;
    cr_assert_eq(co_instrument_load(CO_TEST_DATA_DIR "/store_visit.instrument", &inst), CO_OK, "%s",
                 co_errmsg());
    cr_assert_str_eq(co_instrument_title(inst), "Store visit survey");
    cr_assert_eq(co_instrument_item_count(inst), 4);
    co_instrument_free(inst);
    cr_assert_eq(co_instrument_load(CO_TEST_DATA_DIR "/no-such-file", &inst), CO_EIO);
    cr_assert_eq(co_instrument_load(NULL, &inst), CO_EINVAL);
}

Test(instrument, builtins)
{
    const char *name = NULL;
    cr_assert_eq(co_instrument_builtin_count(), 2);
    cr_assert_eq(co_instrument_get_builtin_name(0, &name), CO_OK);
    cr_assert_str_eq(name, "customer-orientation");
    cr_assert_eq(co_instrument_get_builtin_name(1, &name), CO_OK);
    cr_assert_str_eq(name, "sales-customer-orientation");
    cr_assert_eq(co_instrument_get_builtin_name(2, &name), CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "no built-in instrument at index 2 (count 2)");
    cr_assert_str_eq(name, "sales-customer-orientation");
    cr_assert_eq(co_instrument_get_builtin_name(0, NULL), CO_EINVAL);
    co_instrument *inst;
    cr_assert_eq(co_instrument_builtin("customer-orientation", &inst), CO_OK);
    /* Seven behaviours plus the overall score, two items each. */
    cr_assert_eq(co_instrument_subscale_count(inst), 8);
    cr_assert_eq(co_instrument_item_count(inst), 14);
    co_instrument_subscale sub;
    cr_assert_eq(co_instrument_get_subscale(inst, 7, &sub), CO_OK);
    cr_assert_str_eq(sub.id, "overall");
    cr_assert_eq(sub.n_items, 14);
    /* Everyone answering 7 except 1 on the two reverse-coded items scores 7
     * everywhere (hand: 8 - 1 = 7). */
    double row[14], out[8];
    for (int i = 0; i < 14; i++) {
        co_instrument_item item;
        co_instrument_get_item(inst, (size_t)i, &item);
        row[i] = item.reversed ? 1 : 7;
    }
    cr_assert_eq(co_instrument_score(inst, row, 1, out), CO_OK);
    for (int s = 0; s < 8; s++)
        cr_assert_eq(out[s], 7.0, "subscale %d", s);
    co_instrument_free(inst);
    cr_assert_eq(co_instrument_builtin("sales-customer-orientation", &inst), CO_OK);
    cr_assert_eq(co_instrument_subscale_count(inst), 2);
    cr_assert_eq(co_instrument_item_count(inst), 12);
    co_instrument_free(inst);
    inst = NULL;
    cr_assert_eq(co_instrument_builtin("soco", &inst), CO_ENOTFOUND);
    cr_assert_null(inst);
}

struct parse_ctx {
    co_instrument *inst;
};

static int parse_op(void *arg)
{
    struct parse_ctx *c = arg;
    return co_instrument_builtin("customer-orientation", &c->inst);
}

static void parse_unchanged(void *arg)
{
    struct parse_ctx *c = arg;
    cr_assert_null(c->inst);
}

Test(instrument, parse_survives_allocation_failures)
{
    struct parse_ctx c = {NULL};
    cr_assert_gt(co_test_alloc_sweep(parse_op, parse_unchanged, &c), 40);
    cr_assert_eq(co_instrument_item_count(c.inst), 14);
    co_instrument_free(c.inst); /* blocks came from libc malloc */
}

static int load_op(void *arg)
{
    struct parse_ctx *c = arg;
    return co_instrument_load(CO_TEST_DATA_DIR "/store_visit.instrument", &c->inst);
}

Test(instrument, load_survives_allocation_failures)
{
    struct parse_ctx c = {NULL};
    cr_assert_gt(co_test_alloc_sweep(load_op, parse_unchanged, &c), 10);
    co_instrument_free(c.inst);
}

struct alpha_ctx {
    co_instrument *inst;
    double alpha;
};

static int alpha_op(void *arg)
{
    struct alpha_ctx *c = arg;
    return co_instrument_alpha(c->inst, answers, 6, 0, &c->alpha);
}

static void alpha_unchanged(void *arg)
{
    struct alpha_ctx *c = arg;
    cr_assert_eq(c->alpha, -1.0);
}

Test(alpha, survives_allocation_failures)
{
    struct alpha_ctx c = {parse_ok(definition), -1.0};
    cr_assert_eq(co_test_alloc_sweep(alpha_op, alpha_unchanged, &c), 2);
    cr_assert_float_eq(c.alpha, 0.969337289812, 1e-11);
    co_instrument_free(c.inst);
}
