/* lib/models/kaplan_meier: case weights and left truncation (co_km_fit_input). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "fail_alloc.h"

/* R's `aml` data (survival package), as in kaplan_meier_test.c. */
static const double aml_time[23] = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5,
                                    5, 8,  8,  12, 16, 23, 27, 30, 33, 43, 45};
static const uint8_t aml_status[23] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1,
                                       1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};
/* Weights 1 + (i mod 4) / 4 for row i = 1..23, entries floor(time / 3): the inputs of
 * tests/reference/km_lifelines.R. */
static double aml_weight[23], aml_entry[23];

static void make_inputs(void)
{
    for (int i = 0; i < 23; i++) {
        aml_weight[i] = 1.0 + (double)((i + 1) % 4) / 4.0;
        aml_entry[i] = floor(aml_time[i] / 3.0);
    }
}

/* One row of survfit's table: time, n.risk, n.event, surv, Greenwood SE of surv and
 * the 95% log-log band, from tests/reference/km_lifelines.out (R 4.2.2, survival 3.5.3). */
typedef struct r_row {
    double time, risk, event, surv, se, lo, hi;
} r_row;

static const r_row weighted_r[] = {
    {5, 32.00, 2.25, 0.9296875000000000, 0.0451970174429927, 0.7638548799015323, 0.980461251524802},
    {13, 24.25, 1.50, 0.7109375000000000, 0.0801376493708150, 0.5210364553841939,
     0.836489360963064},
    {16, 21.00, 0.00, 0.7109375000000000, 0.0801376493708150, 0.5210364553841939,
     0.836489360963064},
    {31, 11.75, 1.75, 0.4023175725986597, 0.0933317794189311, 0.2230772412368440,
     0.575450232561724},
    {48, 3.25, 1.50, 0.0974846425912137, 0.0646475112532817, 0.0170986094470289, 0.263930703972368},
    {161, 1.75, 0.00, 0.0974846425912137, 0.0646475112532817, 0.0170986094470289,
     0.263930703972368},
};

static const r_row truncated_r[] = {
    {5, 8, 2, 0.7500000000000000, 0.1530931089239486, 0.3148071137055191, 0.930898317090628},
    {8, 10, 2, 0.6000000000000001, 0.1549193338482967, 0.2526688970038937, 0.827220967028512},
    {12, 13, 1, 0.4846153846153848, 0.1461371058615984, 0.1943668252012870, 0.725886473906209},
    {16, 13, 0, 0.4442307692307694, 0.1394274892180830, 0.1769674641883707, 0.683739790845423},
    {45, 3, 1, 0.0768860946745563, 0.0547835873593760, 0.0120155231122163, 0.225713703767437},
};

static const r_row both_r[] = {
    {5, 11.00, 2.25, 0.7954545454545454, 0.1216203525021606, 0.4283995592767456, 0.940092319894654},
    {12, 17.50, 1.00, 0.5045454545454545, 0.1258541707610439, 0.2471047959556734,
     0.715502694115871},
    {45, 4.50, 1.75, 0.0796315426997245, 0.0481394236548239, 0.0175713399915272, 0.205105548452914},
};

#define TOL 1e-12

static co_km *fit(const double *entry, const double *weights)
{
    co_km_input in;
    cr_assert_eq(co_km_input_init(&in, sizeof in), CO_OK);
    in.durations = aml_time;
    in.observed = aml_status;
    in.n = 23;
    in.entry = entry;
    in.weights = weights;
    co_km *km = NULL;
    cr_assert_eq(co_km_fit_input(&in, NULL, &km), CO_OK, "%s", co_errmsg());
    return km;
}

static void check_against_r(const co_km *km, const r_row *want, size_t n_want)
{
    size_t rows = co_km_count(km);
    double risk[64], events[64];
    cr_assert(rows <= 64);
    cr_assert_eq(co_km_weighted_columns(km, risk, events, NULL, NULL), CO_OK);
    for (size_t k = 0; k < n_want; k++) {
        size_t i = 0;
        co_km_point p;
        do
            cr_assert_eq(co_km_get_point(km, i++, &p), CO_OK, "no row at %g", want[k].time);
        while (p.time != want[k].time);
        cr_assert_float_eq(risk[i - 1], want[k].risk, TOL, "n.risk at %g", p.time);
        cr_assert_float_eq(events[i - 1], want[k].event, TOL, "n.event at %g", p.time);
        cr_assert_float_eq(p.survival, want[k].surv, TOL, "S at %g", p.time);
        cr_assert_float_eq(p.std_err, want[k].se, TOL, "SE at %g", p.time);
        cr_assert_float_eq(p.lower, want[k].lo, TOL, "lower at %g", p.time);
        cr_assert_float_eq(p.upper, want[k].hi, TOL, "upper at %g", p.time);
    }
}

Test(km_weighted, case_weights_match_r_survfit, .init = make_inputs)
{
    co_km *km = fit(NULL, aml_weight);
    cr_assert_eq(co_km_count(km), 19); /* the row at 0 and 18 distinct durations, as unweighted */
    check_against_r(km, weighted_r, sizeof weighted_r / sizeof weighted_r[0]);
    co_km_point p;
    cr_assert_eq(co_km_get_point(km, 0, &p), CO_OK);
    cr_assert_eq(p.at_risk, 23); /* subjects, whatever their weights */
    double entered[19];
    cr_assert_eq(co_km_weighted_columns(km, NULL, NULL, NULL, entered), CO_OK);
    cr_assert_float_eq(entered[0], 32.0, TOL); /* sum of the weights: 5 * 1.25 + ... */
    cr_assert_eq(entered[1], 0.0);
    co_km_free(km);
}

Test(km_weighted, left_truncation_matches_r_counting_process, .init = make_inputs)
{
    co_km *km = fit(aml_entry, NULL);
    check_against_r(km, truncated_r, sizeof truncated_r / sizeof truncated_r[0]);
    /* Rows at every entry time too: the first is the smallest entry, 1. */
    co_km_point p;
    cr_assert_eq(co_km_get_point(km, 0, &p), CO_OK);
    cr_assert_eq(p.time, 1.0);
    cr_assert_eq(p.survival, 1.0);
    cr_assert_eq(p.at_risk, 2); /* the two entering at the first time count there */
    /* R: everyone at risk at 48 dies (n.risk 1, n.event 1), so S is 0 from there on. */
    double s;
    cr_assert_eq(co_km_survival_at(km, (double[]){200.0}, 1, &s), CO_OK);
    cr_assert_eq(s, 0.0);
    co_km_free(km);
}

Test(km_weighted, truncation_and_weights_together_match_r, .init = make_inputs)
{
    co_km *km = fit(aml_entry, aml_weight);
    check_against_r(km, both_r, sizeof both_r / sizeof both_r[0]);
    co_km_free(km);
}

Test(km_weighted, weight_two_equals_each_subject_twice)
{
    /* Doubling every count leaves each 1 - d/n and each d / (n (n - d)) term of the
     * replicated data unchanged, so the curves agree exactly. */
    double twice_t[46], twos[23];
    uint8_t twice_e[46];
    for (int i = 0; i < 23; i++) {
        twice_t[2 * i] = twice_t[2 * i + 1] = aml_time[i];
        twice_e[2 * i] = twice_e[2 * i + 1] = aml_status[i];
        twos[i] = 2.0;
    }
    co_km *a = fit(NULL, twos), *b = NULL;
    cr_assert_eq(co_km_fit(twice_t, twice_e, 46, NULL, &b), CO_OK);
    cr_assert_eq(co_km_count(a), co_km_count(b));
    for (size_t i = 0; i < co_km_count(a); i++) {
        co_km_point p, q;
        co_km_get_point(a, i, &p);
        co_km_get_point(b, i, &q);
        cr_assert_float_eq(p.survival, q.survival, 1e-15);
        cr_assert_float_eq(p.std_err, q.std_err, 1e-15);
        cr_assert_float_eq(p.lower, q.lower, 1e-15);
    }
    co_km_free(a);
    co_km_free(b);
}

Test(km_weighted, lifelines_variance_truncates_the_weighted_risk_set)
{
    /* Durations 1, 2, 3, all events, weights 0.5, 1.5, 1. By hand:
     * t = 1: n = 3, d = 0.5, S = 5/6, term 0.5 / (3 * 2.5) = 1/15 either way;
     * t = 2: n = 2.5, d = 1.5, S = 5/6 * 0.4 = 1/3; Greenwood 1.5 / (2.5 * 1) = 0.6,
     *        truncated (m = 2) 1.5 / (2 * 0.5) = 1.5;
     * t = 3: n = 1, d = 1, S = 0. */
    const double t[] = {1, 2, 3}, w[] = {0.5, 1.5, 1.0};
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = t;
    in.n = 3;
    in.weights = w;
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    cr_assert_eq(opts.variance, CO_KM_VARIANCE_GREENWOOD);
    co_km *r = NULL, *ll = NULL;
    cr_assert_eq(co_km_fit_input(&in, &opts, &r), CO_OK);
    opts.variance = CO_KM_VARIANCE_WHOLE_AT_RISK;
    cr_assert_eq(co_km_fit_input(&in, &opts, &ll), CO_OK);
    co_km_point p, q;
    co_km_get_point(r, 2, &p);
    co_km_get_point(ll, 2, &q);
    cr_assert_float_eq(p.survival, 1.0 / 3.0, 1e-15);
    cr_assert_float_eq(p.std_err, sqrt(1.0 / 15.0 + 0.6) / 3.0, 1e-15);
    cr_assert_float_eq(q.std_err, sqrt(1.0 / 15.0 + 1.5) / 3.0, 1e-15);
    co_km_get_point(ll, 3, &q);
    cr_assert_eq(q.survival, 0.0);
    co_km_free(r);
    co_km_free(ll);
}

Test(km_weighted, bad_input_is_refused_and_changes_nothing, .init = make_inputs)
{
    co_km *out = (co_km *)aml_weight; /* any non-NULL value: it must stay */
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = aml_time;
    in.n = 23;
    double bad[23];
    memcpy(bad, aml_weight, sizeof bad);
    bad[4] = -1.0;
    in.weights = bad;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "weight -1 at index 4"), "%s", co_errmsg());
    bad[4] = NAN;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    in.weights = NULL;
    memcpy(bad, aml_time, sizeof bad);
    bad[7] += 1.0; /* entry after its duration */
    in.entry = bad;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "index 7"), "%s", co_errmsg());
    /* Entry equal to the duration at 2: nobody is at risk there, yet an event. */
    const double t2[] = {1, 2}, e2[] = {0, 2};
    in.durations = t2;
    in.entry = e2;
    in.n = 2;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "time 2"), "%s", co_errmsg());
    in.n = 0;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    in.durations = NULL;
    in.n = 2;
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    cr_assert_eq(co_km_fit_input(NULL, NULL, &out), CO_EINVAL);
    in.durations = t2;
    in.size = sizeof in + 8; /* a newer caller */
    cr_assert_eq(co_km_fit_input(&in, NULL, &out), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "co_km_input"), "%s", co_errmsg());
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.variance = (co_km_variance)7;
    in.size = sizeof in;
    in.entry = NULL;
    cr_assert_eq(co_km_fit_input(&in, &opts, &out), CO_EINVAL);
    cr_assert_eq(out, (co_km *)aml_weight);
    cr_assert_eq(co_km_weighted_columns(NULL, NULL, NULL, NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_km_input_init(NULL, sizeof in), CO_EINVAL);
}

static int fit_op(void *ctx)
{
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = aml_time;
    in.observed = aml_status;
    in.n = 23;
    in.entry = aml_entry;
    in.weights = aml_weight;
    return co_km_fit_input(&in, NULL, (co_km **)ctx);
}

static void still_null(void *ctx) { cr_assert_null(*(co_km **)ctx); }

Test(km_weighted, allocation_failures_leak_nothing, .init = make_inputs)
{
    co_km *km = NULL;
    long failures = co_test_alloc_sweep(fit_op, still_null, &km);
    cr_assert_geq(failures, 1);
    cr_assert_not_null(km);
    co_km_free(km);
}

Test(km_weighted, rounding_of_large_weight_sums_still_reaches_zero)
{
    /* 1000 subjects of weight 1000.1 censored at 1, then two of weight 0.1 and 0.2 dying
     * at 2: the risk set there, 0.3, is a difference of sums near 1e6 whose rounding
     * (about 1e-10) must neither refuse the fit nor leave S above 0. */
    static double t[1002], w[1002];
    static uint8_t e[1002];
    for (int i = 0; i < 1000; i++) {
        t[i] = 1.0;
        w[i] = 1000.1;
        e[i] = 0;
    }
    t[1000] = t[1001] = 2.0;
    w[1000] = 0.1;
    w[1001] = 0.2;
    e[1000] = e[1001] = 1;
    co_km_input in;
    co_km_input_init(&in, sizeof in);
    in.durations = t;
    in.observed = e;
    in.weights = w;
    in.n = 1002;
    co_km *km = NULL;
    cr_assert_eq(co_km_fit_input(&in, NULL, &km), CO_OK, "%s", co_errmsg());
    co_km_point p;
    cr_assert_eq(co_km_get_point(km, 2, &p), CO_OK);
    cr_assert_eq(p.time, 2.0);
    cr_assert_eq(p.survival, 0.0);
    co_km_free(km);
}
