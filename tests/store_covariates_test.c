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
    cr_assert_eq(co_store_add_feedback(s, id, d, CO_CHANNEL_SURVEY, kind, score, text), CO_OK, "%s",
                 co_errmsg());
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

Test(covariates, mean_sentiment_in_the_window_with_text_missing)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_SENTIMENT);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "sentiment_mean text_missing");
    cr_assert_float_eq(at(m, 0, "sentiment_mean"), A_SENTIMENT, 1e-9);
    /* b and d have no text: the mean of the rows that have one (a alone) */
    cr_assert_float_eq(at(m, 1, "sentiment_mean"), A_SENTIMENT, 1e-9);
    cr_assert_float_eq(at(m, 2, "sentiment_mean"), A_SENTIMENT, 1e-9);
    cr_assert_float_eq(m->fill[0], A_SENTIMENT, 1e-9);
    cr_assert_eq(at(m, 0, "text_missing"), 0);
    cr_assert_eq(at(m, 1, "text_missing"), 1);
    cr_assert_eq(at(m, 2, "text_missing"), 1);
    cr_assert_eq(m->feature[1], CO_COVARIATE_TEXT);
    co_covariate_matrix_free(m);
    /* A 25-day window (days 176-200) keeps "good invoice" alone: 2 / sqrt(19). */
    o.text_window = 25;
    m = build(s, AS_OF, &o);
    cr_assert_float_eq(at(m, 0, "sentiment_mean"), 0.4588314677, 1e-9);
    co_covariate_matrix_free(m);
    /* The whole history adds "bad" of day -200: (0.4588 - 0.25 - 0.25) / 3. */
    o.text_window = 0;
    m = build(s, AS_OF, &o);
    cr_assert_float_eq(at(m, 0, "sentiment_mean"), -0.0137228441, 1e-9);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, no_text_anywhere_fills_the_neutral_zero)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_SENTIMENT);
    o.text_window = 5; /* days 196-200: no text */
    co_covariate_matrix *m = build(s, AS_OF, &o);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(at(m, i, "sentiment_mean"), 0);
        cr_assert_eq(at(m, i, "text_missing"), 1);
    }
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, topics_mentioned_in_the_window)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_TOPICS);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    /* the default map's six topics, after text_missing */
    assert_columns(m, "text_missing topic:price topic:delivery topic:quality topic:support "
                      "topic:billing topic:usability");
    cr_assert_eq(at(m, 0, "topic:billing"), 1);  /* invoice */
    cr_assert_eq(at(m, 0, "topic:delivery"), 1); /* parcel */
    cr_assert_eq(at(m, 0, "topic:price"), 0);
    cr_assert_eq(at(m, 1, "topic:billing"), 0);
    cr_assert_eq(at(m, 1, "text_missing"), 1);
    co_covariate_matrix_free(m);
    o.text_window = 25; /* "bad parcel" of day 170 falls out */
    m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 0, "topic:delivery"), 0);
    cr_assert_eq(at(m, 0, "topic:billing"), 1);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, topics_of_a_map_of_ones_own)
{
    co_store *s = hand_store();
    co_topics *t = NULL;
    cr_assert_eq(co_topics_new(&t), CO_OK);
    cr_assert_eq(co_topics_add(t, "paperwork", "invoice"), CO_OK);
    co_store_covariate_options o = options(CO_COVARIATE_TOPICS | CO_COVARIATE_SENTIMENT);
    o.topics = t;
    co_covariate_matrix *m = build(s, AS_OF, &o);
    /* text_missing once, between the sentiment and the topics */
    assert_columns(m, "sentiment_mean text_missing topic:paperwork");
    cr_assert_eq(at(m, 0, "topic:paperwork"), 1);
    co_covariate_matrix_free(m);
    co_topics_free(t);
    co_store_free(s);
}

Test(covariates, mean_ces_and_csat_with_missing_rule)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_CES | CO_COVARIATE_CSAT);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "ces_mean ces_missing csat_mean csat_missing");
    /* CES: a (3 + 6) / 2 = 4.5; b and d get a's 4.5. CSAT: b (4 + 2) / 2 = 3. */
    static const double want[3][4] = {{4.5, 0, 3, 1}, {4.5, 1, 3, 0}, {4.5, 1, 3, 1}};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            cr_assert_eq(m->values[i * 4 + j], want[i][j], "row %zu column %zu", i, j);
    cr_assert_eq(m->fill[0], 4.5);
    cr_assert_eq(m->fill[2], 3);
    cr_assert(isnan(m->fill[1]));
    co_covariate_matrix_free(m);
    /* A 60-day window (days 141-200): a's CES 6 alone, b's CSAT 2 alone. */
    o.rating_window = 60;
    m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 0, "ces_mean"), 6);
    cr_assert_eq(at(m, 1, "csat_mean"), 2);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, no_rating_anywhere_fills_the_midpoint)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_CES | CO_COVARIATE_CSAT);
    co_covariate_matrix *m = build(s, 15, &o); /* rows: a (order day 10); no answers yet */
    cr_assert_eq(m->n, 1);
    cr_assert_eq(at(m, 0, "ces_mean"), 4);  /* midpoint of 1-7 */
    cr_assert_eq(at(m, 0, "csat_mean"), 3); /* midpoint of 1-5 */
    cr_assert_eq(at(m, 0, "ces_missing"), 1);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, open_and_recently_closed_contacts)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_CONTACTS);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "contacts_open contacts_closed");
    cr_assert_eq(at(m, 1, "contacts_open"), 2);   /* opened 190 (open), 195 (resolved 205) */
    cr_assert_eq(at(m, 1, "contacts_closed"), 1); /* resolved 150, in days 111-200 */
    cr_assert_eq(at(m, 0, "contacts_open"), 0);
    cr_assert_eq(at(m, 2, "contacts_closed"), 0);
    co_covariate_matrix_free(m);
    o.contact_window = 50; /* days 151-200: the resolution of day 150 falls out */
    m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 1, "contacts_closed"), 0);
    co_covariate_matrix_free(m);
    /* On day 205 the contact opened 195 is resolved: 1 open, 2 closed. */
    o.contact_window = 90;
    m = build(s, 205, &o);
    cr_assert_eq(at(m, 1, "contacts_open"), 1);
    cr_assert_eq(at(m, 1, "contacts_closed"), 2);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, days_since_detractor_capped)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_DETRACTOR);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "days_since_detractor days_since_detractor_missing");
    cr_assert_eq(at(m, 0, "days_since_detractor"), 50); /* 200 - 150 */
    cr_assert_eq(at(m, 1, "days_since_detractor"), 365);
    cr_assert_eq(at(m, 1, "days_since_detractor_missing"), 1);
    cr_assert_eq(at(m, 0, "days_since_detractor_missing"), 0);
    cr_assert_eq(m->fill[0], 365);
    co_covariate_matrix_free(m);
    o.detractor_cap = 30; /* a's 50 days are cut to the cap */
    m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 0, "days_since_detractor"), 30);
    cr_assert_eq(at(m, 2, "days_since_detractor"), 30);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, segment_and_tag_levels_of_the_rows)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_SEGMENT | CO_COVARIATE_TAGS);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    /* c (no segment) is not a row: no segment_missing column */
    assert_columns(m, "segment:gold segment:silver tag:eu tag:vip");
    static const double want[3][4] = {{1, 0, 1, 1}, {0, 1, 1, 0}, {1, 0, 0, 0}};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++)
            cr_assert_eq(m->values[i * 4 + j], want[i][j], "row %zu column %zu", i, j);
    co_covariate_matrix_free(m);
    /* With c as a row (day 300), its empty segment is segment_missing. */
    m = build(s, 300, &o);
    assert_columns(m, "segment:gold segment:silver segment_missing tag:eu tag:vip");
    cr_assert_eq(at(m, 2, "segment_missing"), 1);
    cr_assert_eq(at(m, 2, "segment:gold"), 0);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, every_group_in_the_documented_order)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_ALL);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    assert_columns(m, "nps_promoter nps_passive nps_detractor nps_none sentiment_mean "
                      "text_missing ces_mean ces_missing csat_mean csat_missing contacts_open "
                      "contacts_closed days_since_detractor days_since_detractor_missing "
                      "topic:price topic:delivery topic:quality topic:support topic:billing "
                      "topic:usability segment:gold segment:silver tag:eu tag:vip");
    for (size_t i = 0; i < m->n * m->k; i++)
        cr_assert(isfinite(m->values[i]));
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, chosen_customers_in_their_order)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_NPS | CO_COVARIATE_SEGMENT);
    const size_t rows[] = {2, 0, 2}; /* c has no order by day 200: still a row when asked */
    o.customers = rows;
    o.n_customers = 3;
    co_covariate_matrix *m = build(s, AS_OF, &o);
    cr_assert_eq(m->n, 3);
    cr_assert_eq(m->customer[0], 2);
    cr_assert_eq(at(m, 0, "nps_detractor"), 1); /* c's 0 of day 10 */
    cr_assert_eq(at(m, 1, "nps_detractor"), 1);
    cr_assert_eq(at(m, 2, "segment_missing"), 1);
    assert_columns(m, "nps_promoter nps_passive nps_detractor nps_none segment:gold "
                      "segment_missing");
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, drop_reference_and_constant_columns)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_NPS | CO_COVARIATE_SEGMENT);
    o.drop_reference = 1;
    co_covariate_matrix *m = build(s, AS_OF, &o);
    /* NPS rows per column: promoter 0, passive 1, detractor 1, none 1; the
     * first of the most common, nps_passive, goes. Segment: gold 2 rows,
     * silver 1: gold goes. */
    assert_columns(m, "nps_promoter nps_detractor nps_none segment:silver");
    co_covariate_matrix_free(m);
    o.drop_reference = 0;
    o.drop_constant = 1; /* nobody is a promoter: that column is all 0 */
    m = build(s, AS_OF, &o);
    assert_columns(m, "nps_passive nps_detractor nps_none segment:gold segment:silver");
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, standardised_continuous_columns)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_CONTACTS | CO_COVARIATE_DETRACTOR);
    o.standardize = 1;
    co_covariate_matrix *m = build(s, AS_OF, &o);
    /* days_since_detractor 50, 365, 365: mean 260, deviations -210, 105, 105,
     * sd sqrt((44100 + 11025 + 11025) / 2) = sqrt(33075) = 181.8653347;
     * standardised -1.1547005384, 0.5773502692, 0.5773502692.
     * contacts_open 0, 2, 0: mean 2/3, sd sqrt((4/9 + 16/9 + 4/9) / 2)
     * = 1.1547005384; the 2 becomes (4/3) / 1.1547005384 = 1.1547005384. */
    size_t j;
    cr_assert_eq(co_covariate_matrix_find(m, "days_since_detractor", &j), CO_OK);
    cr_assert_float_eq(m->center[j], 260, 1e-12);
    cr_assert_float_eq(m->scale[j], 181.8653347, 1e-7);
    cr_assert_float_eq(at(m, 0, "days_since_detractor"), -1.1547005384, 1e-9);
    cr_assert_float_eq(at(m, 1, "days_since_detractor"), 0.5773502692, 1e-9);
    cr_assert_float_eq(at(m, 1, "contacts_open"), 1.1547005384, 1e-9);
    /* the missing indicator is left as 0/1 */
    cr_assert_eq(at(m, 1, "days_since_detractor_missing"), 1);
    cr_assert_eq(co_covariate_matrix_find(m, "days_since_detractor_missing", &j), CO_OK);
    cr_assert_eq(m->center[j], 0);
    cr_assert_eq(m->scale[j], 1);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, no_rows_keeps_the_fixed_columns)
{
    co_store *s = hand_store();
    co_covariate_matrix *m = build(s, 5, NULL); /* before the first order */
    cr_assert_eq(m->n, 0);
    size_t j;
    cr_assert_eq(co_covariate_matrix_find(m, "ces_mean", &j), CO_OK);
    cr_assert_eq(m->fill[j], 4); /* no answer at all: the midpoint */
    cr_assert_eq(co_covariate_matrix_find(m, "tag:eu", &j), CO_ENOTFOUND);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

Test(covariates, feature_names)
{
    cr_assert_str_eq(co_covariate_feature_name(CO_COVARIATE_NPS), "nps");
    cr_assert_str_eq(co_covariate_feature_name(CO_COVARIATE_TAGS), "tags");
    cr_assert_str_eq(co_covariate_feature_name(CO_COVARIATE_TEXT), "text");
    cr_assert_null(co_covariate_feature_name(CO_COVARIATE_NPS | CO_COVARIATE_CES));
    cr_assert_null(co_covariate_feature_name(0));
}

/* ---- Bad input: an error code and message, nothing written, the store as before ---- */

static void assert_refused(const co_store *s, co_day as_of, const co_store_covariate_options *o,
                           int want, const char *message_part)
{
    store_mark before = co__store_mark_now(s);
    co_covariate_matrix *m = (co_covariate_matrix *)(void *)&before; /* a sentinel */
    co_covariate_matrix *const sentinel = m;
    cr_assert_eq(co_store_covariates(s, as_of, o, &m), want, "%s", co_errmsg());
    cr_assert_eq(m, sentinel, "out written on failure");
    cr_assert(strstr(co_errmsg(), message_part), "message \"%s\"", co_errmsg());
    store_mark after = co__store_mark_now(s);
    cr_assert_eq(memcmp(&before, &after, sizeof before), 0);
}

Test(covariates, bad_input)
{
    co_store *s = hand_store();
    co_covariate_matrix *m = NULL;
    cr_assert_eq(co_store_covariates(NULL, AS_OF, NULL, &m), CO_EINVAL);
    cr_assert_eq(co_store_covariates(s, AS_OF, NULL, NULL), CO_EINVAL);
    co_store_covariate_options o = options(0);
    assert_refused(s, AS_OF, &o, CO_EINVAL, "nothing");
    o.features = 1u << 10;
    assert_refused(s, AS_OF, &o, CO_EINVAL, "unknown");
    o = options(CO_COVARIATE_ALL);
    o.text_window = -1;
    assert_refused(s, AS_OF, &o, CO_ERANGE, "text_window");
    o = options(CO_COVARIATE_ALL);
    o.contact_window = -5;
    assert_refused(s, AS_OF, &o, CO_ERANGE, "contact_window");
    o = options(CO_COVARIATE_ALL);
    o.detractor_cap = NAN;
    assert_refused(s, AS_OF, &o, CO_EINVAL, "NaN");
    o.detractor_cap = 0;
    assert_refused(s, AS_OF, &o, CO_ERANGE, "detractor_cap");
    o.detractor_cap = INFINITY;
    assert_refused(s, AS_OF, &o, CO_ERANGE, "detractor_cap");
    o = options(CO_COVARIATE_ALL);
    const size_t rows[] = {0, 4};
    o.customers = rows;
    o.n_customers = 2;
    assert_refused(s, AS_OF, &o, CO_ERANGE, "entry 1");
    assert_refused(s, 3000000, NULL, CO_ERANGE, "as-of day");
    o = options(CO_COVARIATE_ALL);
    o.size = sizeof o + 8; /* a caller built against a newer release */
    assert_refused(s, AS_OF, &o, CO_EINVAL, "size");
    cr_assert_eq(co_store_covariate_options_init(NULL, sizeof o), CO_EINVAL);
    cr_assert_eq(co_store_covariate_options_init(&o, 0), CO_EINVAL);
    size_t j = 7;
    cr_assert_eq(co_covariate_matrix_find(NULL, "x", &j), CO_EINVAL);
    cr_assert_eq(j, 7);
    co_covariate_matrix_free(NULL);
    co_store_free(s);
}

Test(covariates, an_older_smaller_options_struct_gets_the_defaults)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_CONTACTS);
    o.contact_window = 50;
    o.standardize = 1; /* past the older struct's end: not read */
    o.size = offsetof(co_store_covariate_options, detractor_cap);
    co_covariate_matrix *m = build(s, AS_OF, &o);
    cr_assert_eq(at(m, 1, "contacts_open"), 2); /* not standardised */
    cr_assert_eq(at(m, 1, "contacts_closed"), 0);
    co_covariate_matrix_free(m);
    co_store_free(s);
}

/* ---- Allocation failures: CO_ENOMEM, nothing leaked, out untouched ---- */

typedef struct sweep_ctx {
    const co_store *store;
    co_covariate_matrix *m;
    const co_store_covariate_options *opt;
} sweep_ctx;

static int sweep_op(void *p)
{
    sweep_ctx *c = p;
    return co_store_covariates(c->store, AS_OF, c->opt, &c->m);
}

static void sweep_unchanged(void *p)
{
    const sweep_ctx *c = p;
    cr_assert_null(c->m);
}

Test(covariates, allocation_failures)
{
    co_store *s = hand_store();
    co_store_covariate_options o = options(CO_COVARIATE_ALL);
    o.standardize = 1;
    o.drop_reference = 1;
    o.lexicon = NULL; /* the built-in one: the default topic map is built in the call */
    sweep_ctx c = {.store = s, .opt = &o};
    long failures = co_test_alloc_sweep(sweep_op, sweep_unchanged, &c);
    cr_assert_gt(failures, 10);
    cr_assert_not_null(c.m);
    co_covariate_matrix_free(c.m);
    co_store_free(s);
}
