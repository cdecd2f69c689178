/* Fuzz target: the analytics of a store built from fuzz bytes. Per-customer
 * summaries, start days, open contacts and last detractors as of a day,
 * retention and churn, the cohort matrix, NPS by period, feedback scores,
 * RFM scores, segments and their sizes, and the at-risk ranking, each with
 * fuzzed parameters (as-of days at the edges of int64_t, huge counts, odd
 * periods, NaN and infinite weights). Every result is checked against the
 * records counted here, independently, and every failure must name itself
 * (co_errcode(), a message) and leave the outputs untouched.
 *
 * Input: byte 0 holds flags (bit 0: the body is CSV, else binary records;
 * bit 1: lenient CSV import), byte 1 the length P of the parameters that
 * follow; the rest is the body. A CSV body holds up to four files
 * (customers, orders, feedback, contacts) separated by lines "%%". A binary
 * body is a list of records, each a kind byte and its fields. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BASE_DAY 19000 /* 2022-01-08: binary records are dated around it */
#define MAX_RECORDS 256

/* ---- Building the store ---- */

static void record_counts(const co_store *s, size_t out[4])
{
    for (int k = 0; k < 4; k++)
        out[k] = co_store_count(s, (co_record_kind)k);
}

/* A failed add or import changes nothing. */
static void check_change(const co_store *s, const size_t before[4], int rc)
{
    check_status(rc);
    size_t after[4];
    record_counts(s, after);
    if (rc != CO_OK)
        require(memcmp(before, after, sizeof after) == 0);
}

static void import_csv(co_store *s, const uint8_t *body, size_t len, int lenient)
{
    static const char separator[] = "%%\n";
    for (int kind = 0; kind < 4 && len > 0; kind++) {
        size_t part = 0;
        while (part < len && !(part + 3 <= len && memcmp(body + part, separator, 3) == 0 &&
                               (part == 0 || body[part - 1] == '\n')))
            part++;
        co_csv_options o;
        co_csv_options_init(&o, sizeof o);
        o.lenient = lenient;
        co_csv_result result = {.size = sizeof result};
        size_t before[4];
        record_counts(s, before);
        arm_error();
        int rc = co_store_import_csv_text(s, (co_record_kind)kind, (const char *)body, part,
                                          "part.csv", &o, &result);
        check_change(s, before, rc);
        if (rc == CO_OK)
            require(co_store_count(s, (co_record_kind)kind) == before[kind] + result.imported);
        part = part + 3 <= len ? part + 3 : len;
        body += part;
        len -= part;
    }
}

/* Binary records: each is a kind byte and its fields, read as parameters. */
static void add_records(co_store *s, fuzz_input *in)
{
    char id[16], other[16];
    for (int r = 0; r < MAX_RECORDS && in->size > 0; r++) {
        uint8_t op = take_u8(in);
        size_t before[4];
        record_counts(s, before);
        snprintf(id, sizeof id, "c%u", take_u8(in) % 64);
        co_day day = take_day(in, BASE_DAY);
        int rc;
        arm_error();
        switch (op % 4) {
        case 0: {
            co_customer_input c;
            co_customer_input_init(&c, sizeof c);
            c.id = id;
            c.signup = day;
            rc = co_store_add_customer(s, &c, NULL);
            break;
        }
        case 1:
            snprintf(other, sizeof other, "o%u", op & 4 ? (unsigned)r : take_u8(in));
            rc = co_store_add_order(s, other, id, day, take_double(in));
            break;
        case 2: {
            int kind = take_u8(in) % 6;
            double score = op & 4 ? take_double(in) : (double)(take_u8(in) % 12);
            if (kind == CO_FEEDBACK_TEXT && !(op & 8))
                score = NAN;
            rc = co_store_add_feedback(s, id, day, (co_channel)(op / 4 % 6), (co_feedback_kind)kind,
                                       score, op & 16 ? "text" : NULL);
            break;
        }
        default: {
            uint8_t how = take_u8(in);
            co_day resolved = how & 1   ? CO_DAY_NONE
                              : how & 2 ? take_day(in, day)
                                        : add_days(day, how / 4);
            rc = co_store_add_contact(s, id, day, resolved, (co_priority)(op / 4 % 5), NULL);
            break;
        }
        }
        check_change(s, before, rc);
    }
}

/* ---- The records, as plain arrays ---- */

typedef struct records {
    size_t nc, no, nf, nk;
    co_day *signup;
    size_t *o_cust;
    co_day *o_day;
    double *o_amount;
    size_t *f_cust;
    co_day *f_day;
    int *f_channel, *f_kind;
    double *f_score;
    size_t *k_cust;
    co_day *k_opened, *k_resolved;
    int *k_priority;
} records;

static void records_load(const co_store *s, records *r)
{
    r->nc = co_store_count(s, CO_RECORD_CUSTOMERS);
    r->no = co_store_count(s, CO_RECORD_ORDERS);
    r->nf = co_store_count(s, CO_RECORD_FEEDBACK);
    r->nk = co_store_count(s, CO_RECORD_CONTACTS);
    r->signup = alloc(r->nc, sizeof *r->signup);
    r->o_cust = alloc(r->no, sizeof *r->o_cust);
    r->o_day = alloc(r->no, sizeof *r->o_day);
    r->o_amount = alloc(r->no, sizeof *r->o_amount);
    r->f_cust = alloc(r->nf, sizeof *r->f_cust);
    r->f_day = alloc(r->nf, sizeof *r->f_day);
    r->f_channel = alloc(r->nf, sizeof *r->f_channel);
    r->f_kind = alloc(r->nf, sizeof *r->f_kind);
    r->f_score = alloc(r->nf, sizeof *r->f_score);
    r->k_cust = alloc(r->nk, sizeof *r->k_cust);
    r->k_opened = alloc(r->nk, sizeof *r->k_opened);
    r->k_resolved = alloc(r->nk, sizeof *r->k_resolved);
    r->k_priority = alloc(r->nk, sizeof *r->k_priority);
    require(co_store_customer_arrays(s, r->signup, NULL, NULL) == CO_OK);
    require(co_store_order_arrays(s, r->o_cust, r->o_day, r->o_amount, NULL) == CO_OK);
    require(co_store_feedback_arrays(s, r->f_cust, r->f_day, r->f_channel, r->f_kind, r->f_score,
                                     NULL) == CO_OK);
    require(co_store_contact_arrays(s, r->k_cust, r->k_opened, r->k_resolved, r->k_priority,
                                    NULL) == CO_OK);
}

static void records_free(records *r)
{
    free(r->signup);
    free(r->o_cust);
    free(r->o_day);
    free(r->o_amount);
    free(r->f_cust);
    free(r->f_day);
    free(r->f_channel);
    free(r->f_kind);
    free(r->f_score);
    free(r->k_cust);
    free(r->k_opened);
    free(r->k_resolved);
    free(r->k_priority);
}

/* ---- Summaries ---- */

/* co_store_summary(): one row per customer with orders up to as_of, each
 * agreeing with the orders counted here. Returns the summary or NULL. */
static co_summary *check_summary(const co_store *s, const records *r, co_day as_of,
                                 co_time_unit unit)
{
    co_summary *marker = (co_summary *)(uintptr_t)0x1;
    co_summary *sum = marker;
    arm_error();
    int rc = co_store_summary(s, as_of, unit, &sum);
    check_status(rc);
    long double *total = alloc(r->nc, sizeof *total);
    uint64_t *count = alloc(r->nc, sizeof *count);
    co_day *first = alloc(r->nc, sizeof *first), *last = alloc(r->nc, sizeof *last);
    int overflow = 0;
    for (size_t k = 0; k < r->no; k++) {
        if (r->o_day[k] > as_of)
            continue;
        size_t c = r->o_cust[k];
        first[c] = count[c] == 0 || r->o_day[k] < first[c] ? r->o_day[k] : first[c];
        last[c] = count[c] == 0 || r->o_day[k] > last[c] ? r->o_day[k] : last[c];
        count[c]++;
        total[c] += r->o_amount[k];
        overflow |= total[c] > DBL_MAX / 2; /* the double sum may or may not overflow */
    }
    if (unit != CO_UNIT_DAYS && unit != CO_UNIT_WEEKS)
        require(rc == CO_EINVAL);
    else if (!valid_day(as_of))
        require(rc == CO_ERANGE);
    else
        require(rc == CO_OK || (rc == CO_EOVERFLOW && overflow));
    if (rc != CO_OK) {
        require(sum == marker);
        sum = NULL;
        goto done;
    }
    double scale = unit == CO_UNIT_WEEKS ? 7.0 : 1.0;
    size_t row = 0;
    for (size_t c = 0; c < r->nc; c++) {
        if (count[c] == 0)
            continue;
        require(row < sum->n && sum->customer[row] == c);
        require(sum->orders[row] == count[c] && sum->order_count[row] == (double)count[c]);
        require(sum->first_order[row] == first[c] && sum->last_order[row] == last[c]);
        require(sum->frequency[row] >= 0 && sum->frequency[row] <= (double)(count[c] - 1));
        require((sum->frequency[row] == 0) == (first[c] == last[c]));
        require(sum->recency[row] == (double)(last[c] - first[c]) / scale);
        require(sum->T[row] == (double)(as_of - first[c]) / scale);
        require(sum->days_since_last[row] == (double)(as_of - last[c]));
        double t = sum->total_spend[row], m = sum->monetary_value[row];
        require(isfinite(t) && t >= 0 && fabsl(t - total[c]) <= 1e-12L * total[c]);
        require(isfinite(m) && m >= 0 && (sum->frequency[row] > 0 || m == 0));
        require(m * sum->frequency[row] <= t * (1 + 1e-12));
        row++;
    }
    require(row == sum->n);
done:
    free(total);
    free(count);
    free(first);
    free(last);
    return sum;
}

/* co_store_start_days(), co_store_open_contacts(), co_store_last_detractor()
 * for customers 0..n-1 (n may exceed the store) or for `pick`. The start
 * days, when computed, go to `start_out` (nc values). */
static void check_per_customer(const co_store *s, const records *r, co_day as_of, size_t n,
                               const size_t *pick, co_day *start_out)
{
    /* n past the store must fail before writing: room for a few is enough */
    size_t rows = n <= r->nc || n < 4096 ? n : 4096;
    size_t bytes = (rows ? rows : 1) * 8;
    co_day *start = alloc(1, bytes), *detractor = alloc(1, bytes);
    uint64_t *open = alloc(1, bytes);
    memset(start, UNTOUCHED, bytes);
    memset(detractor, UNTOUCHED, bytes);
    memset(open, UNTOUCHED, bytes);
    int expect = !valid_day(as_of) ? CO_ERANGE : n > r->nc && !pick ? CO_ERANGE : CO_OK;
    arm_error();
    int rc1 = co_store_start_days(s, as_of, pick, n, start);
    check_status(rc1);
    arm_error();
    int rc2 = co_store_open_contacts(s, as_of, pick, n, open);
    check_status(rc2);
    arm_error();
    int rc3 = co_store_last_detractor(s, as_of, pick, n, detractor);
    check_status(rc3);
    require(rc1 == expect && rc2 == expect && rc3 == expect);
    if (expect != CO_OK) {
        require(untouched(start, bytes) && untouched(open, bytes) && untouched(detractor, bytes));
        goto done;
    }
    /* Each customer's values, counted here in one pass over the records. */
    co_day *want_start = alloc(r->nc, sizeof *want_start), *want_det = alloc(r->nc, 8);
    uint64_t *want_open = alloc(r->nc, sizeof *want_open);
    for (size_t c = 0; c < r->nc; c++) {
        want_start[c] = r->signup[c];
        want_det[c] = CO_DAY_NONE;
    }
    for (size_t k = 0; k < r->no; k++)
        if (r->o_day[k] <= as_of && r->o_day[k] < want_start[r->o_cust[k]])
            want_start[r->o_cust[k]] = r->o_day[k];
    for (size_t k = 0; k < r->nk; k++)
        want_open[r->k_cust[k]] += r->k_opened[k] <= as_of &&
                                   (r->k_resolved[k] == CO_DAY_NONE || r->k_resolved[k] > as_of);
    for (size_t k = 0; k < r->nf; k++)
        if (r->f_kind[k] == CO_FEEDBACK_NPS && r->f_score[k] <= CO_NPS_DETRACTOR_MAX &&
            r->f_day[k] <= as_of && r->f_day[k] > want_det[r->f_cust[k]])
            want_det[r->f_cust[k]] = r->f_day[k];
    for (size_t i = 0; i < n; i++) {
        size_t c = pick ? pick[i] : i;
        require(start[i] == want_start[c] && open[i] == want_open[c]);
        require(detractor[i] == want_det[c]);
        if (start_out)
            start_out[c] = want_start[c];
    }
    free(want_start);
    free(want_det);
    free(want_open);
done:
    free(start);
    free(detractor);
    free(open);
}

/* ---- Retention and cohorts ---- */

/* The orders on or before as_of, through co_store_orders_as_of(). */
static size_t orders_as_of(const co_store *s, const records *r, co_day as_of, size_t *cust,
                           co_day *day)
{
    size_t n = 0;
    require(co_store_orders_as_of(s, as_of, cust, day, NULL, &n) == CO_OK);
    size_t want = 0;
    for (size_t k = 0; k < r->no; k++)
        if (r->o_day[k] <= as_of) {
            require(cust[want] == r->o_cust[k] && day[want] == r->o_day[k]);
            want++;
        }
    require(n == want);
    return n;
}

/* 1 if some order is dated before its customer's first day. */
static int order_before_start(const co_day *first_day, const size_t *cust, const co_day *day,
                              size_t no)
{
    for (size_t k = 0; k < no; k++)
        if (day[k] < first_day[cust[k]])
            return 1;
    return 0;
}

static void check_retention(const co_day *first_day, size_t nc, const size_t *cust,
                            const co_day *day, size_t no, co_day start, int64_t period)
{
    co_retention out;
    memset(&out, UNTOUCHED, sizeof out);
    arm_error();
    int rc = co_retention_rate(first_day, nc, cust, day, no, start, period, &out);
    check_status(rc);
    int usable = period >= 1 && start <= INT64_MAX - period && start >= INT64_MIN + period;
    int bad = nc == 0 || order_before_start(first_day, cust, day, no) || !usable;
    require(rc == (bad ? CO_EINVAL : CO_OK));
    if (rc != CO_OK) {
        require(untouched(&out, sizeof out));
        return;
    }
    /* Counted here customer by customer. */
    co_retention want = {0};
    for (size_t c = 0; c < nc; c++) {
        int before = 0, now = 0;
        for (size_t k = 0; k < no; k++) {
            if (cust[k] != c)
                continue;
            before |= day[k] >= start - period && day[k] < start;
            now |= day[k] >= start && day[k] < start + period;
        }
        int is_new = first_day[c] >= start && first_day[c] < start + period;
        want.base += (uint64_t)before;
        want.active += (uint64_t)now;
        want.retained += (uint64_t)(before && now);
        want.new_customers += (uint64_t)is_new;
        want.reactivated += (uint64_t)(now && !before && first_day[c] < start);
        require(!(before && is_new)); /* no order precedes a first day */
    }
    require(out.base == want.base && out.active == want.active && out.retained == want.retained);
    require(out.new_customers == want.new_customers && out.reactivated == want.reactivated);
    require(out.churned == out.base - out.retained && out.retained <= out.base);
    require(out.active >= out.retained + out.reactivated);
    if (out.base == 0) {
        require(isnan(out.retention_rate) && isnan(out.churn_rate));
    } else {
        require(out.retention_rate >= 0 && out.retention_rate <= 1);
        require(out.churn_rate >= 0 && out.churn_rate <= 1);
        require(fabs(out.retention_rate + out.churn_rate - 1) <= 1e-12);
    }
}

static int64_t month_of(co_day d)
{
    co_day first;
    require(co_period_start(d, CO_PERIOD_MONTH, &first) == CO_OK);
    char text[11];
    require(co_date_format(first, text) == CO_OK);
    return atoi(text) * 12 + atoi(text + 5) - 1;
}

static void check_cohorts(const co_day *first_day, size_t nc, const size_t *cust, const co_day *day,
                          size_t no, co_day as_of)
{
    co_cohorts *marker = (co_cohorts *)(uintptr_t)0x1, *m = marker;
    arm_error();
    int rc = co_cohorts_build(first_day, nc, cust, day, no, as_of, &m);
    check_status(rc);
    size_t started = 0;
    co_day earliest = as_of;
    int valid = valid_day(as_of);
    for (size_t c = 0; c < nc; c++) {
        valid &= valid_day(first_day[c]);
        if (first_day[c] <= as_of) {
            started++;
            earliest = first_day[c] < earliest ? first_day[c] : earliest;
        }
    }
    if (nc == 0 || order_before_start(first_day, cust, day, no))
        require(rc == CO_EINVAL);
    else if (!valid)
        require(rc == CO_ERANGE);
    else if (started == 0)
        require(rc == CO_EINVAL);
    else
        require(rc == (month_of(as_of) - month_of(earliest) >= CO_COHORTS_MAX_MONTHS ? CO_ERANGE
                                                                                     : CO_OK));
    if (rc != CO_OK) {
        require(m == marker);
        return;
    }
    size_t rows = co_cohorts_count(m);
    require(rows == (size_t)(month_of(as_of) - month_of(earliest) + 1));
    co_day *months = alloc(rows, sizeof *months);
    uint64_t *sizes = alloc(rows, sizeof *sizes), *active = alloc(rows * rows, sizeof *active);
    double *rates = alloc(rows * rows, sizeof *rates);
    require(co_cohorts_months(m, months) == CO_OK && co_cohorts_sizes(m, sizes) == CO_OK);
    require(co_cohorts_active(m, active) == CO_OK && co_cohorts_rates(m, rates) == CO_OK);
    uint64_t total = 0;
    for (size_t i = 0; i < rows; i++) {
        require(month_of(months[i]) == month_of(earliest) + (int64_t)i);
        total += sizes[i];
    }
    require(total == started);
    /* Each customer's cohort and months active, counted here. */
    uint64_t *want = alloc(rows * rows, sizeof *want);
    for (size_t c = 0; c < nc; c++) {
        if (first_day[c] > as_of)
            continue;
        size_t row = (size_t)(month_of(first_day[c]) - month_of(earliest));
        uint8_t seen[CO_COHORTS_MAX_MONTHS] = {0};
        for (size_t k = 0; k < no; k++) {
            if (cust[k] != c || day[k] > as_of)
                continue;
            size_t since = (size_t)(month_of(day[k]) - month_of(first_day[c]));
            require(row + since < rows);
            if (!seen[since]++)
                want[row * rows + since]++;
        }
    }
    for (size_t i = 0; i < rows; i++)
        for (size_t k = 0; k < rows; k++) {
            size_t cell = i * rows + k;
            require(active[cell] == want[cell] && active[cell] <= sizes[i]);
            if (i + k >= rows || sizes[i] == 0)
                require(isnan(rates[cell]));
            else
                require(rates[cell] == (double)active[cell] / (double)sizes[i]);
        }
    free(months);
    free(sizes);
    free(active);
    free(rates);
    free(want);
    co_cohorts_free(m);
}

/* ---- NPS by period ---- */

static void check_nps_periods(const co_store *s, const records *r, co_day as_of, fuzz_input *p)
{
    co_feedback_answers *marker = (co_feedback_answers *)(uintptr_t)0x1, *a = marker;
    arm_error();
    int rc = co_store_feedback_answers(s, CO_FEEDBACK_NPS, as_of, &a);
    check_status(rc);
    require(rc == (valid_day(as_of) ? CO_OK : CO_ERANGE));
    if (rc != CO_OK) {
        require(a == marker);
        return;
    }
    size_t want = 0;
    for (size_t k = 0; k < r->nf; k++)
        if (r->f_kind[k] == CO_FEEDBACK_NPS && r->f_day[k] <= as_of) {
            require(want < a->n && a->customer[want] == r->f_cust[k]);
            require(a->day[want] == r->f_day[k] && a->score[want] == (int)r->f_score[k]);
            want++;
        }
    require(want == a->n);
    int weighted = take_u8(p) & 1;
    double *weights = alloc(a->n, sizeof *weights);
    for (size_t i = 0; i < a->n; i++)
        weights[i] = weighted ? take_double(p) : 1.0;
    check_nps_by_period(a->day, a->score, weighted ? weights : NULL, a->n,
                        (co_period)(take_u8(p) % 4));
    free(weights);
    co_feedback_answers_free(a);
}

/* ---- Feedback scores ---- */

static void feedback_scores(const records *r, co_day as_of, fuzz_input *p)
{
    co_feedback_options o;
    co_feedback_options_init(&o, sizeof o);
    o.as_of = as_of;
    o.half_life_days = take_option(p, 90.0);
    o.prior_weight = take_option(p, 0.0);
    o.prior_score = take_option(p, 50.0);
    for (int k = 0; k < CO_FEEDBACK_KIND_COUNT; k++)
        o.kind_weight[k] = take_option(p, 1.0);
    int all = take_u8(p) & 1; /* else only the feedback up to as_of */
    double sentiment = take_u8(p) / 127.5 - 1.0;
    size_t n = 0;
    size_t *cust = alloc(r->nf, sizeof *cust);
    co_day *day = alloc(r->nf, sizeof *day);
    int *kind = alloc(r->nf, sizeof *kind);
    double *value = alloc(r->nf, sizeof *value);
    for (size_t k = 0; k < r->nf; k++) {
        if (!all && r->f_day[k] > as_of)
            continue;
        cust[n] = r->f_cust[k];
        day[n] = r->f_day[k];
        kind[n] = r->f_kind[k];
        value[n] = kind[n] == CO_FEEDBACK_TEXT ? sentiment : r->f_score[k];
        n++;
    }
    check_feedback_scores(cust, day, kind, value, n, r->nc, &o);
    free(cust);
    free(day);
    free(kind);
    free(value);
}

/* ---- RFM ---- */

/* Scores must respect the order of the values: equal values, equal scores;
 * a larger value never scores lower (higher, for recency). */
static void check_monotone(const double *v, const uint8_t *score, size_t n, unsigned bins,
                           int reverse)
{
    for (size_t i = 0; i < n; i++) {
        require(score[i] >= 1 && score[i] <= bins);
        for (size_t j = 0; j < n; j++) {
            if (v[i] == v[j])
                require(score[i] == score[j]);
            else if (v[i] < v[j])
                require(reverse ? score[i] >= score[j] : score[i] <= score[j]);
        }
    }
}

/* Cut points as the options give them: custom ones, or computed by co_rfm_cuts(). */
static int cuts_of(const double *values, size_t n, unsigned bins, double offset,
                   const double *custom, double *cuts)
{
    if (custom) {
        memcpy(cuts, custom, (bins - 1) * sizeof *cuts);
        return CO_OK;
    }
    arm_error();
    int rc = co_rfm_cuts(values, n, bins, offset, cuts);
    check_status(rc);
    return rc;
}

static void check_segments(const uint8_t *rs, const uint8_t *fs, const uint8_t *ms,
                           const double *frequency, const double *monetary, size_t n, fuzz_input *p)
{
    co_rfm_rule rules[4];
    size_t nrules = take_u8(p) % 5;
    int bad_rule = 0;
    for (size_t k = 0; k < nrules; k++) {
        uint8_t *b = &rules[k].r_min;
        for (int j = 0; j < 6; j++)
            b[j] = take_u8(p) % 7;
        bad_rule |= rules[k].r_min > rules[k].r_max || rules[k].f_min > rules[k].f_max ||
                    rules[k].m_min > rules[k].m_max;
    }
    const co_rfm_rule *table = nrules ? rules : co_rfm_default_rules(&nrules);
    int *seg = alloc(n, sizeof *seg);
    memset(seg, UNTOUCHED, (n ? n : 1) * sizeof *seg);
    arm_error();
    int rc = co_rfm_segments(rs, fs, ms, n, table == rules ? rules : NULL, nrules, seg);
    check_status(rc);
    require(rc == (bad_rule ? CO_EINVAL : CO_OK));
    if (rc != CO_OK) {
        require(untouched(seg, (n ? n : 1) * sizeof *seg));
        free(seg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < nrules &&
               !(rs[i] >= table[k].r_min && rs[i] <= table[k].r_max && fs[i] >= table[k].f_min &&
                 fs[i] <= table[k].f_max && ms[i] >= table[k].m_min && ms[i] <= table[k].m_max))
            k++;
        require(seg[i] == (int)k);
    }
    /* Segment sizes, with a segment count that may leave some out. */
    size_t nseg = take_u8(p) & 1 ? take_u8(p) % (nrules + 2) : nrules + 1;
    uint64_t customers[CO_RFM_SEGMENT_COUNT + 1];
    double orders[CO_RFM_SEGMENT_COUNT + 1], revenue[CO_RFM_SEGMENT_COUNT + 1];
    memset(customers, UNTOUCHED, sizeof customers);
    memset(orders, UNTOUCHED, sizeof orders);
    memset(revenue, UNTOUCHED, sizeof revenue);
    int out_of_range = 0;
    for (size_t i = 0; i < n; i++)
        out_of_range |= (size_t)seg[i] >= nseg;
    arm_error();
    rc = co_rfm_summarize(seg, frequency, monetary, n, nseg, customers, orders, revenue);
    check_status(rc);
    require(rc == (nseg == 0 ? CO_EINVAL : out_of_range ? CO_ERANGE : CO_OK));
    if (rc != CO_OK) {
        require(untouched(customers, sizeof customers) && untouched(orders, sizeof orders) &&
                untouched(revenue, sizeof revenue));
    } else {
        uint64_t total = 0;
        for (size_t k = 0; k < nseg; k++) {
            uint64_t want = 0;
            double want_orders = 0;
            for (size_t i = 0; i < n; i++)
                if ((size_t)seg[i] == k) {
                    want++;
                    want_orders += frequency[i];
                }
            require(customers[k] == want && orders[k] == want_orders && revenue[k] >= 0);
            total += customers[k];
        }
        require(total == n);
    }
    free(seg);
}

static void check_rfm(const co_summary *sum, fuzz_input *p)
{
    size_t n = sum->n;
    const double *v[3] = {sum->days_since_last, sum->order_count, sum->total_spend};
    co_rfm_options o;
    co_rfm_options_init(&o, sizeof o);
    unsigned *bins[3] = {&o.recency_bins, &o.frequency_bins, &o.monetary_bins};
    const double **custom[3] = {&o.recency_cuts, &o.frequency_cuts, &o.monetary_cuts};
    double cut_values[3][CO_RFM_MAX_BINS];
    int bad = 0;
    for (int j = 0; j < 3; j++) {
        uint8_t b = take_u8(p);
        if (b & 1)
            *bins[j] = b / 2 % (CO_RFM_MAX_BINS + 2);
        if (b & 2) {
            for (int k = 0; k < CO_RFM_MAX_BINS; k++)
                cut_values[j][k] = (b & 4) ? take_double(p) : k * (double)take_u8(p);
            *custom[j] = cut_values[j];
        }
        bad |= *bins[j] < 2 || *bins[j] > CO_RFM_MAX_BINS;
    }
    o.offset = take_option(p, 1.0);
    uint8_t *score[3];
    size_t bytes = n ? n : 1;
    for (int j = 0; j < 3; j++) {
        score[j] = alloc(bytes, 1);
        memset(score[j], UNTOUCHED, bytes);
    }
    arm_error();
    int rc = co_rfm_scores(v[0], v[1], v[2], n, &o, score[0], score[1], score[2]);
    check_status(rc);
    if (bad)
        require(rc == CO_EINVAL);
    if (rc != CO_OK) {
        for (int j = 0; j < 3; j++)
            require(untouched(score[j], bytes));
        goto done;
    }
    for (int j = 0; j < 3; j++) {
        check_monotone(v[j], score[j], n, *bins[j], j == 0);
        /* The same scores through co_rfm_cuts() and co_rfm_score(). */
        double cuts[CO_RFM_MAX_BINS];
        uint8_t *again = alloc(bytes, 1);
        if (n > 0 && cuts_of(v[j], n, *bins[j], o.offset, *custom[j], cuts) == CO_OK) {
            arm_error();
            int rc2 = co_rfm_score(v[j], n, cuts, *bins[j] - 1, j == 0, again);
            check_status(rc2);
            require(rc2 == CO_OK && memcmp(again, score[j], n) == 0);
        }
        free(again);
    }
    check_segments(score[0], score[1], score[2], v[1], v[2], n, p);
done:
    for (int j = 0; j < 3; j++)
        free(score[j]);
}

/* ---- At-risk ranking ---- */

/* -1, 0 or 1 as x is below, equal to or above y. */
#define ORDER(x, y) (((x) > (y)) - ((x) < (y)))

/* atrisk.h's tie rule restated as a sort key, to check the library against:
 * value at risk down, open contacts down, a detractor answer before none,
 * the more recent answer first, then input order. */
static int ranks_before(const co_atrisk_row *a, const co_atrisk_row *b)
{
    const int a_has = a->days_since_detractor >= 0, b_has = b->days_since_detractor >= 0;
    const int key[] = {
        ORDER(b->value_at_risk, a->value_at_risk),
        ORDER(b->open_contacts, a->open_contacts),
        ORDER(b_has, a_has),
        a_has && b_has ? ORDER(a->days_since_detractor, b->days_since_detractor) : 0,
        ORDER(a->index, b->index),
    };
    for (size_t k = 0; k < sizeof key / sizeof key[0]; k++)
        if (key[k] != 0)
            return key[k] < 0;
    return 0;
}

static void check_atrisk(const co_store *s, const co_summary *sum, co_day as_of, fuzz_input *p)
{
    size_t n = sum->n;
    double *p_alive = alloc(n, sizeof *p_alive), *value = alloc(n, sizeof *value);
    int64_t *days = alloc(n, sizeof *days);
    uint64_t *open = alloc(n, sizeof *open);
    co_day *detractor = alloc(n, sizeof *detractor);
    uint8_t mode = take_u8(p);
    double half = 1.0 + take_u8(p);
    int valid = 1;
    for (size_t i = 0; i < n; i++) {
        p_alive[i] = mode & 1 ? take_double(p) : exp(-sum->days_since_last[i] / half);
        value[i] = mode & 2 ? take_double(p) : sum->total_spend[i];
        valid &= p_alive[i] >= 0 && p_alive[i] <= 1 && isfinite(value[i]) && value[i] >= 0;
    }
    require(co_store_open_contacts(s, as_of, sum->customer, n, open) == CO_OK);
    require(co_store_last_detractor(s, as_of, sum->customer, n, detractor) == CO_OK);
    for (size_t i = 0; i < n; i++)
        days[i] = detractor[i] == CO_DAY_NONE ? CO_ATRISK_NO_DETRACTOR : as_of - detractor[i];
    co_atrisk_signals signals;
    co_atrisk_signals_init(&signals, sizeof signals);
    signals.days_since_detractor = mode & 4 ? days : NULL;
    signals.open_contacts = mode & 8 ? open : NULL;
    if (mode & 16) /* an older, newer or broken caller's struct, ending at a field */
        signals.size = (size_t)(take_u8(p) % 5) * sizeof(void *);
    int good_size = signals.size >= sizeof(size_t) && signals.size <= sizeof signals;
    size_t top_n = take_count(p, 5);
    size_t rows = n < top_n ? n : top_n;
    co_atrisk_row *out = alloc(rows + 1, sizeof *out); /* one more, to see nothing past */
    memset(out, UNTOUCHED, (rows + 1) * sizeof *out);
    size_t count = 0x5A5A;
    arm_error();
    int rc = co_atrisk_rank(p_alive, value, n, mode & 32 ? NULL : &signals, top_n, out, &count);
    check_status(rc);
    require(untouched(&out[rows], sizeof *out));
    int ok = n > 0 && top_n > 0 && valid && (good_size || mode & 32);
    require(rc == (ok ? CO_OK : CO_EINVAL));
    if (rc != CO_OK) {
        require(count == 0x5A5A && untouched(out, (rows + 1) * sizeof *out));
        goto done;
    }
    require(count == rows);
    /* the signals the call saw: an older caller's struct may end before them */
    size_t have = mode & 32 ? 0 : signals.size;
    const int64_t *seen_days =
        have >= offsetof(co_atrisk_signals, days_since_detractor) + sizeof(void *)
            ? signals.days_since_detractor
            : NULL;
    const uint64_t *seen_open = have >= offsetof(co_atrisk_signals, open_contacts) + sizeof(void *)
                                    ? signals.open_contacts
                                    : NULL;
    uint8_t *listed = alloc(n, 1);
    for (size_t k = 0; k < rows; k++) {
        const co_atrisk_row *row = &out[k];
        size_t i = row->index;
        require(i < n && !listed[i]);
        listed[i] = 1;
        require(row->p_churned == 1.0 - p_alive[i] && row->value == value[i]);
        require(row->value_at_risk == row->p_churned * value[i]);
        require(row->days_since_detractor == (seen_days && days[i] >= 0 ? days[i] : -1));
        require(row->open_contacts == (seen_open ? open[i] : 0));
        require(row->reserved[0] == 0 && row->reserved[1] == 0);
        require(k == 0 || ranks_before(&out[k - 1], row));
    }
    /* Every customer left out ranks after the last one listed. */
    for (size_t i = 0; i < n && rows > 0; i++) {
        if (listed[i])
            continue;
        co_atrisk_row row = {0};
        row.index = i;
        row.p_churned = 1.0 - p_alive[i];
        row.value_at_risk = row.p_churned * value[i];
        row.days_since_detractor = seen_days && days[i] >= 0 ? days[i] : -1;
        row.open_contacts = seen_open ? open[i] : 0;
        require(ranks_before(&out[rows - 1], &row));
    }
    free(listed);
done:
    free(out);
    free(p_alive);
    free(value);
    free(days);
    free(open);
    free(detractor);
}

/* ---- Driver ---- */

static void analyse(const co_store *s, fuzz_input *p)
{
    records r;
    records_load(s, &r);
    co_day first = 0, last = BASE_DAY;
    int rc = co_store_day_range(s, CO_RECORD_ALL, &first, &last);
    require(rc == (r.nc ? CO_OK : CO_ENOTFOUND));
    co_day as_of = take_day(p, last);
    /* Arrays the metrics take are computed as of a day the store accepts. */
    co_day day = valid_day(as_of) ? as_of : last;

    co_summary *sum = check_summary(s, &r, as_of, (co_time_unit)(take_u8(p) % 5));
    co_summary_free(sum);
    sum = check_summary(s, &r, day, CO_UNIT_DAYS);

    co_day *start = alloc(r.nc, sizeof *start);
    check_per_customer(s, &r, as_of, take_count(p, r.nc), NULL, NULL);
    check_per_customer(s, &r, day, r.nc, NULL, start);
    if (sum)
        check_per_customer(s, &r, day, sum->n, sum->customer, NULL);

    size_t *cust = alloc(r.no, sizeof *cust);
    co_day *order_day = alloc(r.no, sizeof *order_day);
    size_t no = orders_as_of(s, &r, day, cust, order_day);
    /* one first day moved anywhere, to reach the checks of days */
    if (r.nc > 0 && take_u8(p) & 1) {
        size_t c = take_u8(p) % r.nc;
        start[c] = take_day(p, start[c]);
    }
    int64_t period = (int64_t)take_count(p, 30);
    if (take_u8(p) & 1 && period != INT64_MIN)
        period = period == 0 ? INT64_MIN : -period;
    check_retention(start, r.nc, cust, order_day, no, take_day(p, day), period);
    check_cohorts(start, r.nc, cust, order_day, no, take_day(p, day));

    check_nps_periods(s, &r, as_of, p);
    feedback_scores(&r, take_day(p, day), p);
    if (sum) {
        check_rfm(sum, p);
        check_atrisk(s, sum, day, p);
    }
    co_summary_free(sum);
    free(start);
    free(cust);
    free(order_day);
    records_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t flags = data[0];
    size_t plen = data[1] < size - 2 ? data[1] : size - 2;
    fuzz_input params = {data + 2, plen};
    fuzz_input body = {data + 2 + plen, size - 2 - plen};
    co_store *s = NULL;
    require(co_store_new(&s) == CO_OK);
    if (flags & 1)
        import_csv(s, body.data, body.size, flags & 2);
    else
        add_records(s, &body);
    analyse(s, &params);
    co_store_free(s);
    return 0;
}
