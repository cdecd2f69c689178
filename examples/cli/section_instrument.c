/* A survey instrument's subscale scores and their reliability (Cronbach's
 * alpha), when --answers gives the answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "answers.h"
#include "report.h"
#include "term.h"

static const char *const keys[] = {"subscale", "title", "items", "scored", "mean", "sd", "alpha"};
static const char *const labels[] = {"Subscale", "Title", "Items", "Scored", "Mean", "SD", "Alpha"};

int survey_load(const cli_args *args, survey_answers *out)
{
    memset(out, 0, sizeof *out);
    out->name = args->instrument;
    struct stat st;
    int is_file = stat(args->instrument, &st) == 0 && S_ISREG(st.st_mode);
    int rc = is_file ? co_instrument_load(args->instrument, &out->inst)
                     : co_instrument_builtin(args->instrument, &out->inst);
    if (rc < 0) {
        if (rc == CO_ENOTFOUND)
            term_error("--instrument %s: neither a file nor a built-in "
                       "instrument (customer-orientation, sales-customer-orientation)",
                       args->instrument);
        else
            term_error("%s", co_errmsg());
        return rc == CO_ENOTFOUND || rc == CO_EIO ? EXIT_INPUT : exit_code_for(rc);
    }
    char err[512];
    rc = answers_read(args->answers, out->inst, &out->answers, &out->respondents, err, sizeof err);
    if (rc < 0) {
        term_error("%s", err);
        survey_free(out);
        return rc == -2 ? EXIT_INPUT : EXIT_DATA;
    }
    return EXIT_OK;
}

void survey_free(survey_answers *s)
{
    co_instrument_free(s->inst);
    free(s->answers);
    memset(s, 0, sizeof *s);
}

int section_instrument(const report_ctx *ctx, report_sink *s)
{
    const survey_answers *sv = ctx->survey;
    if (!sv)
        return 0; /* no answers given: no section */
    size_t n = sv->respondents, k = co_instrument_subscale_count(sv->inst);
    s->section_begin(s, "instrument", co_instrument_title(sv->inst));
    s->figure(s, "instrument", "Instrument", cell_text(sv->name), NULL);
    s->figure(s, "respondents", "Respondents", cell_int((long long)n), NULL);
    double *scores = malloc((n ? n : 1) * (k ? k : 1) * sizeof *scores);
    if (!scores)
        return -1;
    int rc = n ? co_instrument_score(sv->inst, sv->answers, n, scores) : CO_OK;
    if (rc < 0) {
        free(scores);
        if (rc == CO_ENOMEM)
            return -1;
        s->note(s, co_errmsg());
        s->section_end(s);
        return 0;
    }
    int lo = 0, hi = 0;
    co_instrument_scale(sv->inst, &lo, &hi);
    s->figure(s, "scale_min", "Scale from", cell_int(lo), NULL);
    s->figure(s, "scale_max", "Scale to", cell_int(hi), NULL);
    s->table_begin(s, "subscales", "Subscale scores (mean over respondents) and Cronbach's alpha",
                   7, keys, labels);
    for (size_t j = 0; j < k; j++) {
        co_instrument_subscale sub;
        co_instrument_get_subscale(sv->inst, j, &sub);
        double sum = 0, sq = 0;
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            double v = scores[i * k + j];
            if (isnan(v))
                continue;
            sum += v;
            sq += v * v;
            m++;
        }
        double mean = m ? sum / (double)m : NAN;
        double sd = m > 1 ? sqrt(fmax(0, (sq - sum * mean) / (double)(m - 1))) : NAN;
        double alpha = NAN;
        if (co_instrument_alpha(sv->inst, sv->answers, n, j, &alpha) < 0)
            alpha = NAN; /* too few items or complete answers */
        cell row[7] = {
            cell_text(sub.id),      cell_text(sub.title), cell_int((long long)sub.n_items),
            cell_int((long long)m), cell_number(mean, 2), cell_number(sd, 2),
            cell_number(alpha, 2)};
        s->row(s, row);
    }
    s->table_end(s);
    s->note(s, "Alpha uses the respondents who answered every item of the subscale; "
               "it is left out for subscales of one item or too few complete answers.");
    s->section_end(s);
    free(scores);
    return 0;
}
