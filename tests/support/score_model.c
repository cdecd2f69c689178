/* A C service in miniature: load a model file written anywhere (the Python tests
 * write it with save_model()) and score the customers read from stdin, one
 * "frequency recency T t" per line, printing P(alive) and the expected purchases
 * in the next t with 17 digits. BG/NBD and Pareto/NBD models. */
#include <stdio.h>

#include "custorient.h"

static int fail(const char *what)
{
    fprintf(stderr, "score_model: %s: %s\n", what, co_errmsg());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: score_model MODEL_FILE < customers\n");
        return 2;
    }
    co_model_file *m;
    if (co_model_load(argv[1], &m) != CO_OK)
        return fail("load");
    double p[4];
    co_model_kind kind = co_model_file_kind(m);
    int rc = co_model_file_get_params(m, p, co_model_kind_param_count(kind));
    co_model_file_free(m);
    if (rc != CO_OK || (kind != CO_MODEL_BGNBD && kind != CO_MODEL_PARETONBD))
        return fail("not a purchase model");
    const co_bgnbd_params bg = {p[0], p[1], p[2], p[3]};
    const co_paretonbd_params pn = {p[0], p[1], p[2], p[3]};
    double x, tx, T, t, alive, expected;
    while (scanf("%lf %lf %lf %lf", &x, &tx, &T, &t) == 4) {
        if (kind == CO_MODEL_BGNBD)
            rc = co_bgnbd_probability_alive(&bg, &x, &tx, &T, 1, &alive) ||
                 co_bgnbd_conditional_expected_purchases(&bg, &t, &x, &tx, &T, 1, &expected);
        else
            rc = co_paretonbd_probability_alive(&pn, &x, &tx, &T, 1, &alive) ||
                 co_paretonbd_conditional_expected_purchases(&pn, &t, &x, &tx, &T, 1, &expected);
        if (rc)
            return fail("score");
        printf("%.17g %.17g\n", alive, expected);
    }
    return 0;
}
