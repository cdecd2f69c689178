/* co_store_covariates(): each feature group, its missing rule, the as-of
 * cut-off and the windows, the options, and bad input.
 *
 * The hand-built store (days are day numbers; as of day 200 unless said):
 *   a  gold, tags vip eu  orders 10, 50
 *      NPS 9 (day 20), NPS 3 (day 150: latest, a detractor 50 days before)
 *      CES 3 (day 120), CES 6 (day 190): mean 4.5
 *      texts "good invoice" (180), "bad parcel" (170), "bad" (-200: before
 *      the 365-day window, which starts on day -164), "good" (250: after)
 *   b  silver, tag eu     order 100
 *      NPS 8 (day 199: passive), NPS 10 (day 210: after as-of)
 *      CSAT 4 (day 100), CSAT 2 (day 150): mean 3; no text
 *      contacts opened 190 still open; opened 195 resolved 205 (open on 200);
 *      opened 100 resolved 150 (closed in the 90-day window, days 111-200)
 *   c  no segment         order 300 only (after as-of: not a row)
 *      NPS 0 (day 10)
 *   d  gold               order 200 (on the as-of day: a row); nothing else
 * Default rows: a, b, d (store indices 0, 1, 3).
 *
 * Sentiment uses a lexicon holding good = 2, bad = -1 and nothing else; with
 * one sentiment word the compound is v / sqrt(v^2 + 15) (docs/sentiment.md):
 *   "good invoice" 2 / sqrt(19) = 0.4588314677, "bad parcel" -1 / 4 = -0.25,
 *   a's mean (0.4588314677 - 0.25) / 2 = 0.1044157339.
 * Topics (default map): invoice -> billing, parcel -> delivery.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"
#include "store_internal.h"

#define AS_OF 200
#define A_SENTIMENT 0.1044157339

static co_lexicon *lexicon;

static void add_customer(co_store *s, const char *id, const char *segment, const char *tag1,
                         const char *tag2)
{
    co_customer_input c;
    co_customer_input_init(&c, sizeof c);
    const char *tags[2] = {tag1, tag2};
    c.id = id;
    c.segment = segment;
    c.tags = tags;
    c.n_tags = tag2 ? 2 : tag1 ? 1 : 0;
    cr_assert_eq(co_store_add_customer(s, &c, NULL), CO_OK, "%s", co_errmsg());
}

static void fb(co_store *s, const char *id, co_day d, co_feedback_kind kind, double score,
               const char *text)
{
    cr_assert_eq(co_store_add_feedback(s, id, d, CO_CHANNEL_SURVEY, kind, score, text), CO_OK,
                 "%s", co_errmsg());
}

static co_store *hand_store(void)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    add_customer(s, "a", "gold", "vip", "eu");
    add_customer(s, "b", "silver", "eu", NULL);
    add_customer(s, "c", "", NULL, NULL);
    add_customer(s, "d", "gold", NULL, NULL);
    cr_assert_eq(co_store_add_order(s, "o1", "a", 10, 5), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o2", "a", 50, 5), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o3", "b", 100, 5), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o4", "c", 300, 5), CO_OK);
    cr_assert_eq(co_store_add_order(s, "o5", "d", 200, 5), CO_OK);
    fb(s, "a", 20, CO_FEEDBACK_NPS, 9, NULL);
    fb(s, "a", 150, CO_FEEDBACK_NPS, 3, NULL);
    fb(s, "a", 120, CO_FEEDBACK_CES, 3, NULL);
    fb(s, "a", 190, CO_FEEDBACK_CES, 6, NULL);
    fb(s, "a", 180, CO_FEEDBACK_TEXT, NAN, "good invoice");
    fb(s, "a", 170, CO_FEEDBACK_TEXT, NAN, "bad parcel");
    fb(s, "a", -200, CO_FEEDBACK_TEXT, NAN, "bad");
    fb(s, "a", 250, CO_FEEDBACK_TEXT, NAN, "good");
    fb(s, "b", 199, CO_FEEDBACK_NPS, 8, NULL);
    fb(s, "b", 210, CO_FEEDBACK_NPS, 10, NULL);
    fb(s, "b", 100, CO_FEEDBACK_CSAT, 4, NULL);
    fb(s, "b", 150, CO_FEEDBACK_CSAT, 2, NULL);
    fb(s, "c", 10, CO_FEEDBACK_NPS, 0, NULL);
    cr_assert_eq(co_store_add_contact(s, "b", 190, CO_DAY_NONE, CO_PRIORITY_LOW, NULL), CO_OK);
    cr_assert_eq(co_store_add_contact(s, "b", 195, 205, CO_PRIORITY_LOW, NULL), CO_OK);
    cr_assert_eq(co_store_add_contact(s, "b", 100, 150, CO_PRIORITY_LOW, NULL), CO_OK);
    return s;
}

static void make_lexicon(void)
{
    cr_assert_eq(co_lexicon_new(CO_LEXICON_EMPTY, &lexicon), CO_OK);
    cr_assert_eq(co_lexicon_set(lexicon, "good", 2), CO_OK);
    cr_assert_eq(co_lexicon_set(lexicon, "bad", -1), CO_OK);
}

static void free_lexicon(void) { co_lexicon_free(lexicon); }

static co_store_covariate_options options(unsigned features)
{
    co_store_covariate_options o;
    cr_assert_eq(co_store_covariate_options_init(&o, sizeof o), CO_OK);
    o.features = features;
    o.lexicon = lexicon;
    return o;
}

static co_covariate_matrix *build(const co_store *s, co_day as_of,
                                  const co_store_covariate_options *o)
{
    co_covariate_matrix *m = NULL;
    cr_assert_eq(co_store_covariates(s, as_of, o, &m), CO_OK, "%s", co_errmsg());
    return m;
}

static double at(const co_covariate_matrix *m, size_t row, const char *name)
{
    size_t j;
    cr_assert_eq(co_covariate_matrix_find(m, name, &j), CO_OK, "no column %s", name);
    return m->values[row * m->k + j];
}

/* The column names of `m` in order, joined by spaces. */
static void assert_columns(const co_covariate_matrix *m, const char *want)
{
    char got[1024] = "";
    for (size_t j = 0; j < m->k; j++) {
        if (j)
            strcat(got, " ");
        strcat(got, m->names[j]);
    }
    cr_assert_str_eq(got, want);
}

TestSuite(covariates, .init = make_lexicon, .fini = free_lexicon);

Test(covariates, rows_are_the_summary_rows)
{
    co_store *s = hand_store();
    co_covariate_matrix *m = build(s, AS_OF, NULL);
    co_summary *sum = NULL;
    cr_assert_eq(co_store_summary(s, AS_OF, CO_UNIT_DAYS, &sum), CO_OK);
    cr_assert_eq(m->n, 3);
    cr_assert_eq(sum->n, m->n);
    for (size_t i = 0; i < m->n; i++)
        cr_assert_eq(m->customer[i], sum->customer[i]);
    cr_assert_eq(m->customer[2], 3); /* d, whose only order is on the as-of day */
    co_summary_free(sum);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, latest_nps_category_with_none_as_missing)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_NPS);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "nps_promoter nps_passive nps_detractor nps_none");
    static const double want[3][4] = {
        {0, 0, 1, 0}, /* a: 3 on day 150 replaced 9 */
        {0, 1, 0, 0}, /* b: 8 on day 199; the 10 of day 210 is after the as-of day */
        {0, 0, 0, 1}, /* d: none */
    };
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            cr_assert_eq(m->values[i * 4 + j], want[i][j], "row %zu column %zu", i, j);
    cr_assert_eq(m->column_kind[3], CO_COVARIATE_MISSING);
    cr_assert_eq(m->column_kind[0], CO_COVARIATE_INDICATOR);
    cr_assert_eq(m->feature[0], CO_COVARIATE_NPS);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, as_of_moves_the_latest_answer)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_NPS);
    /* On day 149 a's latest answer is the 9 of day 20 and b has none yet
     * (rows a, b: d's order is later). On day 210 b's 10 counts. */
    co_covariate_matrix *m = build(s, 149, &o);
    cr_assert_eq(m->n, 2);
    cr_assert_eq(at(m, 0, "nps_promoter"), 1);
    cr_assert_eq(at(m, 1, "nps_none"), 1);
    co_covariate_matrix_free(m);
    m = build(s, 210, &o);
    cr_assert_eq(at(m, 1, "nps_promoter"), 1);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, same_day_answers_take_the_later_added)
{
    co_store *s = hand_store();
    fb(s, "d", 150, CO_FEEDBACK_NPS, 10, NULL);
    fb(s, "d", 150, CO_FEEDBACK_NPS, 5, NULL);
    co_store_covariate_options o = options(CO_COVARIATE_NPS);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 2, "nps_detractor"), 1);
    co_covariate_matrix_free(m);
    co_store_free(s);
}
