/* The analytic Pareto/NBD Hessian (paretonbd_hessian.c) against mpmath's
 * numerical Hessian of an independently written log-likelihood
 * (tests/reference/paretonbd_hessian_reference.py, output in
 * paretonbd_hessian_reference.out), at points covering every way the library
 * sums the drop-out series: moderate z, z = 0, the alternating side, z near 1
 * by long series and by the integral, and a customer with 120 purchases
 * (not at the integral points, where the library's integral does not converge
 * for him: the fit's likelihood fails there too). */
#include <criterion/criterion.h>
#include <math.h>

#include "btyd_internal.h"
#include "custorient.h"

/* the reference script's customers (x, tx, T) */
static const double X[] = {0, 2, 1, 7, 50, 120};
static const double TX[] = {0, 30.43, 1.71, 29.43, 30, 38.5};
static const double TT[] = {38.86, 38.86, 38.86, 35, 35, 39};

typedef struct reference {
    const char *name;
    size_t n; /* the first n customers */
    double p[4];
    double h[16];
} reference;

static const reference refs[] = {
    {"moderate",
     6,
     {0.553, 10.58, 0.606, 11.67},
     {-18.720032859917122, 0.35775323138529111, 1.1494242293581007, -0.041556847343993277,
      0.35775323138529111, 0.062608174204231262, -0.076076713471065492, 0.0021661271499196826,
      1.1494242293581007, -0.076076713471065492, -3.4301507908629551, 0.23976243249751806,
      -0.041556847343993277, 0.0021661271499196826, 0.23976243249751806, -0.013776733449127103}},
    {"equal_rates",
     6,
     {0.553, 10, 0.606, 10},
     {-18.704682682763056, 0.38062859210058613, 1.1679006485412075, -0.048089892302761277,
      0.38062859210058613, 0.062304650702640095, -0.07730800732190172, 0.0025154782257407517,
      1.1679006485412075, -0.07730800732190172, -3.6583063247617962, 0.29766015773532306,
      -0.048089892302761277, 0.0025154782257407517, 0.29766015773532306, -0.019652237305324164}},
    {"alternating",
     6,
     {0.553, 10, 0.606, 14},
     {-18.684224556553541, 0.38699900795967148, 1.1642815874577469, -0.036457397770305103,
      0.38699900795967148, 0.06167037458321062, -0.078428648556245803, 0.0019789768897860659,
      1.1642815874577469, -0.078428648556245803, -3.3451428073639788, 0.18436827867700996,
      -0.036457397770305103, 0.0019789768897860659, 0.18436827867700996, -0.0088716651004586857}},
    {"alpha_far_series",
     6,
     {0.553, 400, 0.606, 8},
     {-19.270538904134665, 0.0010775279720413823, 0.094782818083287762, -0.0038739345331431708,
      0.0010775279720413823, 0.00093752574017829199, -0.00036589686948852289, 1.1248580860207476e-5,
      0.094782818083287762, -0.00036589686948852289, -0.11694394329766515, 0.41817433856219169,
      -0.0038739345331431708, 1.1248580860207476e-5, 0.41817433856219169, -0.038928370896834489}},
    {"beta_far_series",
     6,
     {0.553, 5, 0.606, 40},
     {-18.309214892882133, 0.92033770990567144, 1.2775381742345366, -0.016814629798576895,
      0.92033770990567144, -0.0050648604104399779, -0.1071386930563602, 0.0012930221042257656,
      1.2775381742345366, -0.1071386930563602, -3.0368150394423259, 0.030927920570467374,
      -0.016814629798576895, 0.0012930221042257656, 0.030927920570467374, -0.00040531574680240537}},
    {"beta_far_integral",
     5,
     {0.55, 1.2, 0.6, 5000},
     {-15.159794485897759, 4.0156231476299818, 0.11402524971229604, -1.3653327009325146e-5,
      4.0156231476299818, -1.8536335745405352, -0.044243592524695667, 5.2833693593297592e-6,
      0.11402524971229604, -0.044243592524695667, -0.041999789928456765, -4.0560420570819547e-5,
      -1.3653327009325146e-5, 5.2833693593297592e-6, -4.0560420570819547e-5,
      1.0279850826033581e-8}},
    {"alpha_far_integral",
     5,
     {0.55, 8000, 0.6, 2.5},
     {-15.267887992815734, 2.1480559204542514e-6, 0.0054616158259436413, -0.00047588603148238514,
      2.1480559204542514e-6, 9.2914831546053004e-7, -1.043207810801051e-6, 6.1989892285147863e-8,
      0.0054616158259436413, -1.043207810801051e-6, -0.0098180102734882807, 1.269930180940848,
      -0.00047588603148238514, 6.1989892285147863e-8, 1.269930180940848, -0.34833502450472057}},
};

TestSuite(paretonbd_hessian);

/* Each entry within 1e-7 of its value, relative to the larger of it and a
 * millionth of its row's and column's diagonal scale (an entry far below both,
 * such as (alpha, beta) where one rate is 3000 times the other, counts by the
 * scale of the curvature it adds to). */
static void check(const reference *ref, const double *got, const char *path)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            const double want = ref->h[4 * i + j];
            const double scale =
                fmax(fabs(want), 1e-6 * sqrt(fabs(ref->h[5 * i]) * fabs(ref->h[5 * j])));
            cr_expect(fabs(got[4 * i + j] - want) <= 1e-7 * scale,
                      "%s (%s) H[%d][%d]: got %.17g, mpmath %.17g (rel %.2g)", ref->name, path, i,
                      j, got[4 * i + j], want, fabs(got[4 * i + j] - want) / fabs(want));
        }
}

Test(paretonbd_hessian, matches_mpmath_with_and_without_the_pair_index)
{
    for (size_t k = 0; k < sizeof refs / sizeof *refs; k++) {
        co_btyd_data d;
        double h[16];
        cr_assert_eq(co__btyd_data_build(&d, X, TX, TT, NULL, refs[k].n), CO_OK);
        cr_assert_eq(co__paretonbd_hessian(&d, refs[k].p, h), CO_OK, "%s: %s", refs[k].name,
                     co_errmsg());
        check(&refs[k], h, "per row");
        cr_assert_eq(co__paretonbd_index(&d), CO_OK);
        cr_assert_eq(co__paretonbd_hessian(&d, refs[k].p, h), CO_OK, "%s: %s", refs[k].name,
                     co_errmsg());
        check(&refs[k], h, "pairs");
        co__paretonbd_unindex(&d);
        co__btyd_data_free(&d);
    }
}
