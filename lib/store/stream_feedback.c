/* NPS, CSAT and CES answers of feedback files counted per score while the
 * files are read in blocks: the tally is all a score and its interval need. */
#include <math.h>
#include <string.h>

#include "decimal_internal.h"
#include "sized_internal.h"
#include "store_internal.h"
#include "stream_rows_internal.h"

static const char *const feedback_columns[] = {"customer_id", "date", "channel", "kind",
                                               "score",       "text", NULL};

typedef struct dated_score {
    co_day day;
    int kind;
    int score;
} dated_score;

/* Check one row as the importer does; *out the answer to count. */
static int read_row(stream_file *f, const co_csv_cell *row, dated_score *out)
{
    const co_csv_cell *cust = &row[f->col[0]], *channel_f = &row[f->col[2]],
                      *kind_f = &row[f->col[3]], *score_f = &row[f->col[4]];
    if (!cust->len)
        return co__stream_fail(f, cust, CO_EPARSE, "empty customer id");
    int rc = co__stream_day(f, &row[f->col[1]], &out->day);
    if (rc < 0)
        return rc;
    if (co__channel_from_name(channel_f->p, channel_f->len) < 0)
        return co__stream_fail(f, channel_f, CO_EPARSE,
                               "unknown channel '%.40s' (survey, review, social, support, direct)",
                               channel_f->p);
    int kind = co__feedback_kind_from_name(kind_f->p, kind_f->len);
    if (kind < 0)
        return co__stream_fail(f, kind_f, CO_EPARSE,
                               "unknown kind '%.40s' (nps, csat, ces, rating, text)", kind_f->p);
    double score = NAN;
    if (kind == CO_FEEDBACK_TEXT) {
        if (score_f->len)
            return co__stream_fail(f, score_f, CO_EPARSE,
                                   "text feedback takes no score, got '%.40s'", score_f->p);
    } else if (!score_f->len) {
        return co__stream_fail(f, score_f, CO_EPARSE, "missing %s score", kind_f->p);
    } else if (co__decimal_parse(score_f->p, score_f->len, &score) < 0) {
        return co__stream_fail(f, score_f, CO_EPARSE, "score '%.40s' is not a number", score_f->p);
    } else if (!isfinite(score)) {
        return co__stream_fail(f, score_f, CO_ERANGE, "score '%.40s' is out of range", score_f->p);
    }
    if ((rc = co__feedback_score_check(kind, score)) < 0) {
        char detail[256];
        strncpy(detail, co_errmsg(), sizeof detail - 1);
        detail[sizeof detail - 1] = '\0';
        return co__stream_fail(f, score_f, rc == CO_EINVAL ? CO_EPARSE : rc, "%s", detail);
    }
    out->kind = kind;
    out->score = kind == CO_FEEDBACK_TEXT || kind == CO_FEEDBACK_RATING ? 0 : (int)score;
    return CO_OK;
}

static void count(co_feedback_tally *t, const dated_score *a)
{
    if (a->kind == CO_FEEDBACK_NPS)
        t->nps[a->score]++;
    else if (a->kind == CO_FEEDBACK_CSAT)
        t->csat[a->score - 1]++;
    else if (a->kind == CO_FEEDBACK_CES)
        t->ces[a->score - 1]++;
}

/* Without an as-of day every row counts and the day is the last one seen;
 * with one, rows after it are checked only. */
static int tally_file(const char *path, const co_stream_options *o, co_feedback_tally *t)
{
    stream_file f;
    int rc = co__stream_file_open(&f, path, NULL, 0, NULL, o->block_size, feedback_columns);
    if (rc < 0)
        return rc;
    for (;;) {
        const co_csv_cell *row;
        dated_score a = {CO_DAY_NONE, 0, 0};
        if ((rc = co__stream_file_row(&f, &row)) < 0 || !row || (rc = read_row(&f, row, &a)) < 0)
            break;
        t->rows++;
        if (o->as_of == CO_DAY_NONE && a.day > t->as_of) /* CO_DAY_NONE is below every day */
            t->as_of = a.day;
        if (o->as_of == CO_DAY_NONE || a.day <= o->as_of)
            count(t, &a);
    }
    co__stream_file_close(&f);
    return rc;
}

int co_stream_tally_feedback(const char *const *paths, size_t n_paths,
                             const co_stream_options *opts, co_feedback_tally *out)
{
    if (!paths || !out || n_paths == 0)
        return co__fail(CO_EINVAL, "co_stream_tally_feedback: NULL argument or no file");
    if (co__sized_check(out, sizeof *out, "co_feedback_tally") < 0)
        return CO_EINVAL;
    co_stream_options o;
    int rc = co__stream_options(opts, &o);
    for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
        if (!paths[i])
            rc = co__fail(CO_EINVAL, "co_stream_tally_feedback: NULL path at index %zu", i);
    co_feedback_tally t = {.size = sizeof t, .as_of = o.as_of};
    for (size_t i = 0; i < n_paths && rc == CO_OK; i++)
        rc = tally_file(paths[i], &o, &t);
    if (rc == CO_OK)
        co__sized_store(out, &t, sizeof t);
    return rc;
}

int co_feedback_tally_nps(const co_feedback_tally *t, co_nps *out)
{
    if (!t || !out)
        return co__fail(CO_EINVAL, "co_feedback_tally_nps: NULL argument");
    if (t->size < offsetof(co_feedback_tally, nps) + sizeof t->nps)
        return co__fail(CO_EINVAL, "co_feedback_tally_nps: a tally of %zu bytes has no NPS counts",
                        t->size);
    co_nps n = {{0, 0, 0}, {0, 0, 0}, 0};
    for (int s = 0; s <= 10; s++) {
        int cls = s <= CO_NPS_DETRACTOR_MAX ? CO_NPS_DETRACTOR
                  : s <= CO_NPS_PASSIVE_MAX ? CO_NPS_PASSIVE
                                            : CO_NPS_PROMOTER;
        n.count[cls] += t->nps[s];
    }
    for (int c = 0; c < 3; c++)
        n.weight[c] = (double)n.count[c];
    n.weight_sq = (double)(n.count[0] + n.count[1] + n.count[2]);
    *out = n;
    return CO_OK;
}
