/* lib/models/kaplan_meier: product-limit curve, Greenwood errors, bands, median. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"
#include "dist_internal.h"
#include "fail_alloc.h"

/* R's `aml` data (survival package): 11 maintained then 12 non-maintained patients. */
static const double aml_time[23] = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5,
                                    5, 8,  8,  12, 16, 23, 27, 30, 33, 43, 45};
static const uint8_t aml_status[23] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1,
                                       1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1};

/* Printed by tests/reference/km_aml.R (R 4.2.2, survival 3.5.3); see km_aml.out.
 * Columns: time, n.risk, n.event, n.censor, surv, Greenwood SE of surv. */
static const struct {
    double time;
    unsigned risk, event, censor;
    double surv, se;
    double log_lo, log_hi, loglog_lo, loglog_hi, plain_lo, plain_hi;
} aml_r[18] = {
    {5, 23, 2, 0, 0.913043478260870, 0.0587533847558414, 0.8048547977829578, 1.0,
     0.69494753753205873, 0.977515669900713, 0.7978889601695958, 1.0},
    {8, 21, 2, 0, 0.826086956521739, 0.0790341964475118, 0.6848394680718987, 0.996466605022982,
     0.60061041123719894, 0.930903558387115, 0.6711827779375525, 0.980991135105926},
    {9, 19, 1, 0, 0.782608695652174, 0.0860061487037983, 0.6309579105995876, 0.970708759207681,
     0.55421150666872854, 0.903207489881887, 0.6140397417437329, 0.951177649560615},
    {12, 18, 1, 0, 0.739130434782609, 0.0915605371517001, 0.5797992179680311, 0.942246527231519,
     0.50920943875421876, 0.873375781697676, 0.5596750795601350, 0.918585790005082},
    {13, 17, 1, 1, 0.695652173913043, 0.0959438755421514, 0.5308783416282121, 0.911568450100481,
     0.46564174976200395, 0.841721291391763, 0.5076056333132334, 0.883698714512854},
    {16, 15, 0, 1, 0.695652173913043, 0.0959438755421514, 0.5308783416282121, 0.911568450100481,
     0.46564174976200395, 0.841721291391763, 0.5076056333132334, 0.883698714512854},
    {18, 14, 1, 0, 0.645962732919255, 0.1011426751752846, 0.4752577247055145, 0.877982262316863,
     0.41395295071711707, 0.805307764482079, 0.4477267322756635, 0.844198733562846},
    {23, 13, 2, 0, 0.546583850931677, 0.1072506417401223, 0.3720780872492112, 0.802933352802370,
     0.31925041397118686, 0.726449173820634, 0.3363764558022292, 0.756791246061125},
    {27, 11, 1, 0, 0.496894409937888, 0.1084017807886830, 0.3240165456898159, 0.762010637765041,
     0.27556562801213719, 0.684213788447816, 0.2844308237320636, 0.709357996143713},
    {28, 10, 0, 1, 0.496894409937888, 0.1084017807886830, 0.3240165456898159, 0.762010637765041,
     0.27556562801213719, 0.684213788447816, 0.2844308237320636, 0.709357996143713},
    {30, 9, 1, 0, 0.441683919944790, 0.1095180699776571, 0.2716759953922916, 0.718078477474975,
     0.22738116846254250, 0.637092687459888, 0.2270324471322442, 0.656335392757335},
    {31, 8, 1, 0, 0.386473429951691, 0.1088588014948644, 0.2225152977468858, 0.671242442973631,
     0.18283661864862794, 0.587476914417940, 0.1731140996215617, 0.599832760281820},
    {33, 7, 1, 0, 0.331262939958592, 0.1063909728875506, 0.1765201825807047, 0.621657726531294,
     0.14182569348173837, 0.535273789989068, 0.1227404648188157, 0.539785415098369},
    {34, 6, 1, 0, 0.276052449965493, 0.1019833760904919, 0.1338221956292728, 0.569449296311515,
     0.10444134323359304, 0.480284660416562, 0.0761687058063262, 0.475936194124661},
    {43, 5, 1, 0, 0.220841959972395, 0.0953674384864344, 0.0947332405633126, 0.514826379784336,
     0.07099664898286148, 0.422167443380925, 0.0339252152411443, 0.407758704703645},
    {45, 4, 1, 1, 0.165631469979296, 0.0860352084085751, 0.0598407178100809, 0.458446770885507,
     0.04211428126157690, 0.360361360273183, 0.0, 0.334257379862501},
    {48, 2, 1, 0, 0.082815734989648, 0.0726618005035283, 0.0148346082548472, 0.462327406565294,
     0.00695596679853646, 0.286760367980918, 0.0, 0.225230247028398},
    {161, 1, 0, 1, 0.082815734989648, 0.0726618005035283, 0.0148346082548472, 0.462327406565294,
     0.00695596679853646, 0.286760367980918, 0.0, 0.225230247028398},
};

#define TOL 1e-12

static co_km *fit_aml(co_km_band band, double level)
{
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.band = band;
    opts.level = level;
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(aml_time, aml_status, 23, &opts, &km), CO_OK, "%s", co_errmsg());
    return km;
}

Test(km, aml_table_matches_r_survival)
{
    co_km *km = fit_aml(CO_KM_BAND_LOG, 0.95);
    cr_assert_eq(co_km_count(km), 19); /* row at 0 plus 18 distinct times */
    co_km_point p;
    cr_assert_eq(co_km_get_point(km, 0, &p), CO_OK);
    cr_assert_eq(p.time, 0.0);
    cr_assert_eq(p.at_risk, 23);
    cr_assert_eq(p.survival, 1.0);
    cr_assert_eq(p.std_err, 0.0);
    cr_assert(p.lower == 1.0 && p.upper == 1.0);
    for (size_t i = 0; i < 18; i++) {
        cr_assert_eq(co_km_get_point(km, i + 1, &p), CO_OK);
        cr_assert_eq(p.time, aml_r[i].time);
        cr_assert_eq(p.at_risk, aml_r[i].risk, "row %zu", i);
        cr_assert_eq(p.events, aml_r[i].event, "row %zu", i);
        cr_assert_eq(p.censored, aml_r[i].censor, "row %zu", i);
        cr_assert_float_eq(p.survival, aml_r[i].surv, TOL, "row %zu", i);
        cr_assert_float_eq(p.std_err, aml_r[i].se, TOL, "row %zu", i);
        cr_assert_float_eq(p.lower, aml_r[i].log_lo, TOL, "row %zu", i);
        cr_assert_float_eq(p.upper, aml_r[i].log_hi, TOL, "row %zu", i);
    }
    co_km_free(km);
}

Test(km, loglog_and_plain_bands_match_r)
{
    co_km *ll = fit_aml(CO_KM_BAND_LOGLOG, 0.95);
    co_km *pl = fit_aml(CO_KM_BAND_PLAIN, 0.95);
    double lo[19], hi[19], plo[19], phi[19];
    cr_assert_eq(co_km_columns(ll, NULL, NULL, NULL, lo, hi), CO_OK);
    cr_assert_eq(co_km_columns(pl, NULL, NULL, NULL, plo, phi), CO_OK);
    for (size_t i = 0; i < 18; i++) {
        cr_assert_float_eq(lo[i + 1], aml_r[i].loglog_lo, TOL, "row %zu", i);
        cr_assert_float_eq(hi[i + 1], aml_r[i].loglog_hi, TOL, "row %zu", i);
        cr_assert_float_eq(plo[i + 1], aml_r[i].plain_lo, TOL, "row %zu", i);
        cr_assert_float_eq(phi[i + 1], aml_r[i].plain_hi, TOL, "row %zu", i);
    }
    co_km_free(ll);
    co_km_free(pl);
}

Test(km, other_levels_match_r)
{
    /* R: survfit(..., conf.type = "log-log", conf.int = 0.90), rows 1-4 (km_aml.out). */
    static const double r90[4][2] = {{0.747360254419914, 0.971980934866370},
                                     {0.647012668072475, 0.919580371133200},
                                     {0.599026575078918, 0.889362239589151},
                                     {0.552591274746091, 0.857227679081864}};
    co_km *km = fit_aml(CO_KM_BAND_LOGLOG, 0.90);
    for (size_t i = 0; i < 4; i++) {
        co_km_point p;
        co_km_get_point(km, i + 1, &p);
        cr_assert_float_eq(p.lower, r90[i][0], TOL);
        cr_assert_float_eq(p.upper, r90[i][1], TOL);
    }
    co_km_free(km);
}

Test(km, median_and_step_function)
{
    co_km *km = fit_aml(CO_KM_BAND_LOGLOG, 0.95);
    double median;
    cr_assert_eq(co_km_median(km, &median), CO_OK);
    cr_assert_eq(median, 27.0); /* R: median 27; references.md */
    /* S is right-continuous and flat between rows (values from the R table). */
    const double t[6] = {-1.0, 0.0, 4.999, 5.0, 26.5, 1000.0};
    const double want[6] = {
        1.0, 1.0, 1.0, 0.913043478260870, 0.546584 /* S(23) */, 0.082815734989648};
    double s[6];
    cr_assert_eq(co_km_survival_at(km, t, 6, s), CO_OK);
    for (int i = 0; i < 6; i++)
        cr_assert_float_eq(s[i], want[i], i == 4 ? 1e-6 : TOL, "t = %g", t[i]);
    /* S first falls to 0.1 or below at t = 48 (0.0828) and never to 0.05. */
    double q;
    cr_assert_eq(co_km_quantile(km, 0.9, &q), CO_OK);
    cr_assert_eq(q, 48.0);
    cr_assert_eq(co_km_quantile(km, 0.95, &q), CO_OK);
    cr_assert(isinf(q) && q > 0);
    co_km_free(km);
}

Test(km, quantile_limits_match_r)
{
    /* km_aml.out: median limits log 18-45, log-log 13-34; log-log quantiles
     * 25%: 12 (5, 23), 75%: 43 (30, NA). */
    double lo, hi, q;
    co_km *log_band = fit_aml(CO_KM_BAND_LOG, 0.95);
    cr_assert_eq(co_km_quantile_limits(log_band, 0.5, &lo, &hi), CO_OK);
    cr_assert(lo == 18 && hi == 45, "%g %g", lo, hi);
    co_km_free(log_band);
    co_km *ll = fit_aml(CO_KM_BAND_LOGLOG, 0.95);
    cr_assert_eq(co_km_quantile_limits(ll, 0.5, &lo, &hi), CO_OK);
    cr_assert(lo == 13 && hi == 34, "%g %g", lo, hi);
    cr_assert_eq(co_km_quantile(ll, 0.25, &q), CO_OK);
    cr_assert_eq(co_km_quantile_limits(ll, 0.25, &lo, &hi), CO_OK);
    cr_assert(q == 12 && lo == 5 && hi == 23, "%g %g %g", q, lo, hi);
    cr_assert_eq(co_km_quantile(ll, 0.75, &q), CO_OK);
    cr_assert_eq(co_km_quantile_limits(ll, 0.75, &lo, &hi), CO_OK);
    cr_assert(q == 43 && lo == 30 && isinf(hi), "%g %g %g", q, lo, hi);
    lo = hi = 7;
    cr_assert_eq(co_km_quantile_limits(ll, 1.5, &lo, &hi), CO_EINVAL);
    cr_assert_eq(co_km_quantile_limits(ll, 0.5, &lo, NULL), CO_EINVAL);
    cr_assert(lo == 7 && hi == 7);
    co_km_free(ll);
}

Test(km, all_events_reach_zero_and_ties_with_censoring)
{
    /* Hand calculation: durations 1, 2, 2(censored), 3, 3.
     * t=1: n=5, d=1 -> S = 4/5; t=2: n=4, d=1, c=1 -> S = 4/5 * 3/4 = 3/5;
     * t=3: n=2, d=2 -> S = 0 (band and SE reported as 0).
     * Greenwood at t=2: S^2 (1/(5*4) + 1/(4*3)) = 0.36 * (0.05 + 0.083333) = 0.048. */
    const double d[5] = {3, 2, 1, 2, 3};
    const uint8_t e[5] = {1, 1, 1, 0, 1};
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(d, e, 5, NULL, &km), CO_OK);
    cr_assert_eq(co_km_count(km), 4);
    co_km_point p;
    co_km_get_point(km, 2, &p);
    cr_assert_eq(p.at_risk, 4);
    cr_assert_eq(p.events, 1);
    cr_assert_eq(p.censored, 1);
    cr_assert_float_eq(p.survival, 0.6, 1e-15);
    cr_assert_float_eq(p.std_err, sqrt(0.048), 1e-15);
    co_km_get_point(km, 3, &p);
    cr_assert_eq(p.survival, 0.0);
    cr_assert_eq(p.std_err, 0.0);
    cr_assert(p.lower == 0.0 && p.upper == 0.0);
    double median;
    co_km_median(km, &median);
    cr_assert_eq(median, 3.0); /* S(2) = 0.6 > 0.5, S(3) = 0 */
    co_km_free(km);
}

Test(km, events_at_time_zero_and_no_observed_flags)
{
    /* Hand calculation: 0, 0, 4, 8 all observed: S(0) = 2/4, S(4) = 1/4, S(8) = 0. */
    const double d[4] = {8, 0, 4, -0.0};
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(d, NULL, 4, NULL, &km), CO_OK);
    double t[3], s[3];
    uint64_t risk[3];
    cr_assert_eq(co_km_count(km), 3);
    co_km_columns(km, t, s, NULL, NULL, NULL);
    co_km_count_columns(km, risk, NULL, NULL);
    cr_assert(t[0] == 0.0 && t[1] == 4.0 && t[2] == 8.0);
    cr_assert(s[0] == 0.5 && s[1] == 0.25 && s[2] == 0.0);
    cr_assert(risk[0] == 4 && risk[1] == 2 && risk[2] == 1);
    double median;
    co_km_median(km, &median);
    cr_assert_eq(median, 0.0);
    co_km_free(km);
}

Test(km, all_censored_is_flat)
{
    const double d[3] = {2, 1, 3};
    const uint8_t e[3] = {0, 0, 0};
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(d, e, 3, NULL, &km), CO_OK);
    double s[4];
    co_km_columns(km, NULL, s, NULL, NULL, NULL);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(s[i], 1.0);
    double median;
    co_km_median(km, &median);
    cr_assert(isinf(median));
    co_km_free(km);
}

Test(km, bad_input_names_the_index_and_leaves_out_untouched)
{
    co_km *km = (co_km *)(uintptr_t)0x1;
    const double d[3] = {1, NAN, 2};
    cr_assert_eq(co_km_fit(d, NULL, 3, NULL, &km), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "duration nan at index 1 is not a finite number >= 0");
    const double neg[2] = {1, -2};
    cr_assert_eq(co_km_fit(neg, NULL, 2, NULL, &km), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "index 1"));
    const double inf[2] = {INFINITY, 1};
    cr_assert_eq(co_km_fit(inf, NULL, 2, NULL, &km), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "index 0"));
    const double ok[2] = {1, 2};
    const uint8_t flag[2] = {1, 2};
    cr_assert_eq(co_km_fit(ok, flag, 2, NULL, &km), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "observed flag 2 at index 1 is not 0 or 1");
    cr_assert_eq(co_km_fit(ok, NULL, 0, NULL, &km), CO_EINVAL);
    cr_assert_eq(co_km_fit(NULL, NULL, 2, NULL, &km), CO_EINVAL);
    co_km_options opts;
    co_km_options_init(&opts, sizeof opts);
    opts.level = 1.0;
    cr_assert_eq(co_km_fit(ok, NULL, 2, &opts, &km), CO_EINVAL);
    co_km_options_init(&opts, sizeof opts);
    opts.band = (co_km_band)7;
    cr_assert_eq(co_km_fit(ok, NULL, 2, &opts, &km), CO_EINVAL);
    co_km_options_init(&opts, sizeof opts);
    opts.size = 3;
    cr_assert_eq(co_km_fit(ok, NULL, 2, &opts, &km), CO_EINVAL);
    cr_assert_eq(km, (co_km *)(uintptr_t)0x1);
}

Test(km, accessor_errors)
{
    co_km *km = fit_aml(CO_KM_BAND_LOG, 0.95);
    co_km_point p = {.time = -5};
    cr_assert_eq(co_km_get_point(km, 19, &p), CO_ERANGE);
    cr_assert_eq(p.time, -5);
    double t = NAN, out = 7;
    cr_assert_eq(co_km_survival_at(km, &t, 1, &out), CO_EINVAL);
    cr_assert_eq(out, 7);
    cr_assert_eq(co_km_quantile(km, 0.0, &out), CO_EINVAL);
    cr_assert_eq(co_km_quantile(km, 1.0, &out), CO_EINVAL);
    cr_assert_eq(co_km_columns(NULL, NULL, NULL, NULL, NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_km_count_columns(NULL, NULL, NULL, NULL), CO_EINVAL);
    cr_assert_eq(co_km_count(NULL), 0);
    co_km_free(km);
    co_km_free(NULL);
}

static int fit_op(void *ctx)
{
    co_km **out = ctx;
    return co_km_fit(aml_time, aml_status, 23, NULL, out);
}

static void still_null(void *ctx) { cr_assert_null(*(co_km **)ctx); }

Test(km, allocation_failures_leak_nothing)
{
    co_km *km = NULL;
    long failures = co_test_alloc_sweep(fit_op, still_null, &km);
    cr_assert_geq(failures, 1);
    cr_assert_not_null(km);
    co_km_free(km); /* the allocator is back to libc, which allocated it */
}

Test(km, large_shuffled_input_matches_a_sorted_walk)
{
    /* Durations i % 997 for i < 20000 with every third censored: at each time
     * the at-risk count is the number of durations >= t, checked by counting. */
    enum { N = 20000 };
    static double d[N];
    static uint8_t e[N];
    for (size_t i = 0; i < N; i++) {
        d[i] = (double)((i * 7919) % 997) + 0.5;
        e[i] = i % 3 != 0;
    }
    co_km *km = NULL;
    cr_assert_eq(co_km_fit(d, e, N, NULL, &km), CO_OK);
    cr_assert_eq(co_km_count(km), 998);
    double s = 1.0;
    for (size_t r = 1; r < 998; r++) {
        co_km_point p;
        co_km_get_point(km, r, &p);
        uint64_t risk = 0, ev = 0;
        for (size_t i = 0; i < N; i++) {
            risk += d[i] >= p.time;
            ev += d[i] == p.time && e[i];
        }
        cr_assert_eq(p.at_risk, risk);
        cr_assert_eq(p.events, ev);
        s *= 1.0 - (double)ev / (double)risk;
        cr_assert_float_eq(p.survival, s, 1e-12);
    }
    co_km_free(km);
}

Test(normal, quantiles_match_scipy)
{
    /* scipy.stats.norm.ppf (scipy 1.10): 0.975 -> 1.959963984540054,
     * 0.95 -> 1.6448536269514722, 0.01 -> -2.3263478740408408, 1e-10 -> -6.361340902404056. */
    cr_assert_float_eq(co__normal_quantile(0.975), 1.959963984540054, 1e-15);
    cr_assert_float_eq(co__normal_quantile(0.95), 1.6448536269514722, 1e-15);
    cr_assert_float_eq(co__normal_quantile(0.01), -2.3263478740408408, 1e-14);
    cr_assert_float_eq(co__normal_quantile(1e-10), -6.361340902404056, 1e-13);
    cr_assert_eq(co__normal_quantile(0.5), 0.0);
    cr_assert(isnan(co__normal_quantile(1.5)));
}
