/* The simulated customers' hidden state (co_bgnbd_simulate_latent(),
 * co_paretonbd_simulate_latent()). Expected values are the mixing distributions'
 * moments and, for the Pareto/NBD, P(alive at T) = (beta / (beta + T))^s
 * (exponential lifetimes with a Gamma(s, beta) rate; Schmittlein et al. 1987). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "custorient.h"

enum { N = 200000 };
static double T[N], x[N], tx[N], x2[N], tx2[N], rate[N], drop[N], alive[N];

static double mean(const double *v)
{
    double s = 0;
    for (size_t i = 0; i < N; i++)
        s += v[i];
    return s / N;
}

Test(simulate_latent, bgnbd_state_follows_its_mixing_distributions)
{
    const co_bgnbd_params p = {0.243, 4.414, 0.793, 2.426};
    for (size_t i = 0; i < N; i++)
        T[i] = 38.86;
    cr_assert_eq(co_bgnbd_simulate_latent(&p, T, N, 7, x, tx, rate, drop, alive), CO_OK);
    cr_assert_eq(co_bgnbd_simulate(&p, T, N, 7, x2, tx2), CO_OK);
    cr_assert_eq(memcmp(x, x2, sizeof x), 0);
    cr_assert_eq(memcmp(tx, tx2, sizeof tx), 0);
    /* E[lambda] = r / alpha = 0.0550521, sd 0.112 / sqrt(N) = 0.00025 */
    cr_assert(fabs(mean(rate) - 0.243 / 4.414) < 0.0012, "%g", mean(rate));
    /* E[p] = a / (a + b) = 0.246432, sd 0.21 / sqrt(N) = 0.0005 */
    cr_assert(fabs(mean(drop) - 0.793 / (0.793 + 2.426)) < 0.0025, "%g", mean(drop));
    /* nobody without a repeat purchase has left; everyone who left bought at least once */
    for (size_t i = 0; i < N; i++)
        cr_assert(alive[i] == 1.0 || (alive[i] == 0.0 && x[i] >= 1.0), "customer %zu", i);
}

Test(simulate_latent, paretonbd_alive_share_matches_the_closed_form)
{
    const co_paretonbd_params p = {0.553, 10.578, 0.606, 11.669};
    for (size_t i = 0; i < N; i++)
        T[i] = 38.86;
    cr_assert_eq(co_paretonbd_simulate_latent(&p, T, N, 11, x, tx, NULL, drop, alive), CO_OK);
    /* (11.669 / 50.529)^0.606 = 0.411467, sd sqrt(0.24 / N) = 0.0011 */
    double want = pow(11.669 / (11.669 + 38.86), 0.606);
    cr_assert(fabs(mean(alive) - want) < 0.0055, "%g vs %g", mean(alive), want);
    /* E[mu] = s / beta = 0.0519325 */
    cr_assert(fabs(mean(drop) - 0.606 / 11.669) < 0.0015, "%g", mean(drop));
}
