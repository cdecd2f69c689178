/* The L2 penalty with lifetimes' meaning (custorient/btyd.h), the caller's start and
 * the lower bounds of co_btyd_fit_options. Expected parameters on CDNOW:
 * tests/reference/penalizer_reference.py (lifetimes' objectives written with scipy,
 * minimised offline; output in penalizer_reference.out). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"

static cdnow data;
static void setup(void) { cdnow_load(&data); }

TestSuite(penalizer, .init = setup);

static const double penalizers[3] = {0.001, 0.01, 0.1};

/* The reference's optimum is good to about 1e-8; the fit's gradient tolerance
 * (1e-7 on the mean objective) leaves about 1e-6 in the flattest parameter. */
#define REL 2e-5

static co_btyd_fit_options with_penalizer(double c)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = c;
    opt.tolerance = 1e-9;
    return opt;
}

Test(penalizer, bgnbd_gives_lifetimes_parameters_on_cdnow)
{
    static const double want[3][4] = {
        {0.242776245401, 4.40527797796, 0.498446445106, 1.32324389902},
        {0.242940329875, 4.43243702441, 0.285641528804, 0.658453557307},
        {0.230947062982, 4.21928840782, 0.128654682893, 0.267126769241}};
    for (size_t i = 0; i < 3; i++) {
        co_btyd_fit_options opt = with_penalizer(penalizers[i]);
        co_bgnbd_params p;
        cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_OK,
                     "%s", co_errmsg());
        assert_rel(p.r, want[i][0], REL, "r");
        assert_rel(p.alpha, want[i][1], REL, "alpha");
        assert_rel(p.a, want[i][2], REL, "a");
        assert_rel(p.b, want[i][3], REL, "b");
    }
}

Test(penalizer, paretonbd_gives_lifetimes_parameters_on_cdnow)
{
    static const double want[3][4] = {{0.553278514087, 10.5776169297, 0.60615750585, 11.6661201862},
                                      {0.553305553596, 10.5776584543, 0.605654675312, 11.650052299},
                                      {0.553559493254, 10.5779359836, 0.600814430033,
                                       11.4957540823}};
    for (size_t i = 0; i < 3; i++) {
        co_btyd_fit_options opt = with_penalizer(penalizers[i]);
        co_paretonbd_params p;
        cr_assert_eq(co_paretonbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_OK,
                     "%s", co_errmsg());
        assert_rel(p.r, want[i][0], REL, "r");
        assert_rel(p.alpha, want[i][1], REL, "alpha");
        assert_rel(p.s, want[i][2], REL, "s");
        assert_rel(p.beta, want[i][3], REL, "beta");
    }
}

Test(penalizer, gammagamma_gives_lifetimes_parameters_on_cdnow)
{
    static const double want[3][3] = {{7.91202488602, 2.44681930028, 7.20956414113},
                                      {4.10925052702, 0.968385500741, 3.7808015989},
                                      {1.28476188776, 0.335947366841, 1.14692521182}};
    for (size_t i = 0; i < 3; i++) {
        co_btyd_fit_options opt = with_penalizer(penalizers[i]);
        co_gammagamma_params g;
        cr_assert_eq(co_gammagamma_fit(data.x, data.zbar, NULL, data.n, &opt, &g, NULL), CO_OK,
                     "%s", co_errmsg());
        assert_rel(g.p, want[i][0], REL, "p");
        assert_rel(g.q, want[i][1], REL, "q");
        assert_rel(g.v, want[i][2], REL, "v");
    }
}

Test(penalizer, does_not_depend_on_the_time_unit)
{
    /* The same customers in days (7 x weeks): the rates scale by 1/7, the rest stays. */
    static double tx7[CDNOW_N], T7[CDNOW_N];
    for (size_t i = 0; i < data.n; i++) {
        tx7[i] = 7.0 * data.tx[i];
        T7[i] = 7.0 * data.T[i];
    }
    co_btyd_fit_options opt = with_penalizer(0.01);
    co_bgnbd_params w, d;
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &w, NULL), CO_OK);
    cr_assert_eq(co_bgnbd_fit(data.x, tx7, T7, NULL, data.n, &opt, &d, NULL), CO_OK);
    assert_rel(d.alpha, 7.0 * w.alpha, REL, "alpha");
    assert_rel(d.a, w.a, REL, "a");
}

Test(penalizer, a_caller_start_reaches_the_same_estimate)
{
    co_btyd_fit_options opt = with_penalizer(0.0);
    const double start[4] = {1.0, 1.0, 1.0, 1.0};
    memcpy(opt.start, start, sizeof start);
    co_bgnbd_params p;
    co_btyd_fit_info info = {.size = sizeof info};
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, &info), CO_OK);
    /* Fader, Hardie & Lee (2005) and the reference at c = 0 */
    assert_rel(p.r, 0.24259290911, REL, "r");
    assert_rel(p.b, 2.42575369303, REL, "b");
    /* one iteration from that start cannot get there: the start was used */
    opt.max_iter = 1;
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, &info), CO_ENOCONV);
}

Test(penalizer, a_lower_bound_holds_the_estimate_above_it)
{
    /* q = 3.74 unbounded (Fader & Hardie 2013); a bound of 5 holds q at the bound. */
    co_btyd_fit_options opt = with_penalizer(0.0);
    opt.lower[1] = 1.0; /* lifetimes' q_constraint: inactive on CDNOW */
    co_gammagamma_params g;
    cr_assert_eq(co_gammagamma_fit(data.x, data.zbar, NULL, data.n, &opt, &g, NULL), CO_OK);
    assert_rel(g.q, 3.74458850355, REL, "q");
    opt.lower[1] = 5.0;
    cr_assert_eq(co_gammagamma_fit(data.x, data.zbar, NULL, data.n, &opt, &g, NULL), CO_OK, "%s",
                 co_errmsg());
    cr_assert(g.q > 5.0 && g.q < 5.001, "q = %.10g", g.q);
}

Test(penalizer, bad_starts_and_bounds_change_nothing)
{
    co_bgnbd_params p = {1, 2, 3, 4};
    co_btyd_fit_options opt = with_penalizer(0.0);
    opt.lower[0] = -1.0;
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_EINVAL);
    opt.lower[0] = 0.5;
    opt.start[0] = 0.4; /* below its bound */
    opt.start[1] = opt.start[2] = opt.start[3] = 1.0;
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "start[0]") != NULL, "%s", co_errmsg());
    opt.start[0] = NAN;
    cr_assert_eq(co_bgnbd_fit(data.x, data.tx, data.T, NULL, data.n, &opt, &p, NULL), CO_EINVAL);
    cr_assert(p.r == 1 && p.alpha == 2 && p.a == 3 && p.b == 4);
}
