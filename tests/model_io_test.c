/* Model files (custorient/model_io.h): the format of docs/model-file.md written and
 * read back, hand-written files, and every refusal with its line and column. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "custorient.h"
#include "fail_alloc.h"

static char dir[64], path[128];

static void make_dir(void)
{
    strcpy(dir, "/tmp/co_model_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/model.json", dir);
}

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

TestSuite(model_io, .init = make_dir, .fini = remove_dir);

static co_model_file *parse(const char *text)
{
    co_model_file *m = NULL;
    int rc = co_model_parse(text, strlen(text), "m.json", &m);
    cr_assert_eq(rc, CO_OK, "%s", co_errmsg());
    return m;
}

/* The refusal of `text`: status, line and column (1-based bytes), a word of the message. */
static void refused(const char *text, int status, size_t line, size_t column, const char *word)
{
    co_model_file *m = (co_model_file *)&m; /* a sentinel: must stay as it is */
    co_model_file *const before = m;
    int rc = co_model_parse(text, strlen(text), "m.json", &m);
    cr_assert_eq(rc, status, "%s: got %d (%s)", text, rc, co_errmsg());
    cr_assert_eq(m, before);
    cr_assert_str_eq(co_errpath(), "m.json");
    cr_assert_eq(co_errline(), line, "%s: line %zu (%s)", text, co_errline(), co_errmsg());
    cr_assert_eq(co_errcolumn(), column, "%s: column %zu (%s)", text, co_errcolumn(), co_errmsg());
    cr_assert(strstr(co_errmsg(), word), "%s: %s", text, co_errmsg());
}

#define HEAD "{\"format\": \"custorient-model\", \"version\": 1, "

Test(model_io, kinds_come_from_one_table)
{
    cr_assert_str_eq(co_model_kind_name(CO_MODEL_BGNBD), "bgnbd");
    cr_assert_str_eq(co_model_kind_name(CO_MODEL_SBG), "sbg");
    cr_assert_null(co_model_kind_name(CO_MODEL_KIND_COUNT));
    cr_assert_eq(co_model_kind_param_count(CO_MODEL_GAMMAGAMMA), 3);
    cr_assert_str_eq(co_model_kind_param_name(CO_MODEL_PARETONBD, 3), "beta");
    cr_assert_null(co_model_kind_param_name(CO_MODEL_SBG, 2));
    co_model_kind k;
    cr_assert_eq(co_model_kind_find("gammagamma", &k), CO_OK);
    cr_assert_eq(k, CO_MODEL_GAMMAGAMMA);
    cr_assert_eq(co_model_kind_find("mbgnbd", &k), CO_OK);
    cr_assert_eq(k, CO_MODEL_MBGNBD);
    cr_assert_eq(co_model_kind_param_count(CO_MODEL_BGBB), 4);
    cr_assert_eq(co_model_kind_find("weibull", &k), CO_ENOTFOUND);
}

Test(model_io, reads_a_hand_written_file)
{
    /* Fader, Hardie & Lee's CDNOW estimate, written by hand. */
    co_model_file *m = parse(HEAD "\"kind\": \"bgnbd\",\n"
                                  " \"params\": {\"b\": 2.426, \"a\": 0.793, \"alpha\": 4.414, "
                                  "\"r\": 0.243},\n"
                                  " \"fit\": {\"log_likelihood\": -9582.4, \"iterations\": 12},\n"
                                  " \"data\": {\"frequency\": [2, 1, 0], \"T\": [38.86, 38.86, "
                                  "38.86e0]}}");
    cr_assert_eq(co_model_file_kind(m), CO_MODEL_BGNBD);
    double p[4];
    cr_assert_eq(co_model_file_get_params(m, p, 4), CO_OK);
    cr_assert(p[0] == 0.243 && p[1] == 4.414 && p[2] == 0.793 && p[3] == 2.426);
    co_model_fit f = {.size = sizeof f};
    cr_assert_eq(co_model_file_get_fit(m, &f), CO_OK);
    cr_assert(f.log_likelihood == -9582.4 && f.iterations == 12.0);
    cr_assert(isnan(f.n_observations) && isnan(f.penalizer));
    double v[16];
    cr_assert_eq(co_model_file_get_variance(m, v, 4), CO_ENOTFOUND);
    cr_assert_eq(co_model_file_column_count(m), 2);
    cr_assert_eq(co_model_file_row_count(m), 3);
    const char *name;
    const double *values;
    cr_assert_eq(co_model_file_get_column(m, 1, &name, &values), CO_OK);
    cr_assert_str_eq(name, "T");
    cr_assert(values[2] == 38.86);
    cr_assert_eq(co_model_file_get_column(m, 2, &name, &values), CO_ERANGE);
    co_model_file_free(m);
}

Test(model_io, writes_and_reads_back_every_bit)
{
    const double p[3] = {6.24880213274, 3.74458850355, 15.4477489626};
    co_model_file *m;
    cr_assert_eq(co_model_file_new(CO_MODEL_GAMMAGAMMA, p, 3, &m), CO_OK);
    co_model_fit f;
    co_model_fit_init(&f, sizeof f);
    f.log_likelihood = -4055.9232435;
    f.n_observations = 946;
    f.penalizer = 0.0;
    cr_assert_eq(co_model_file_set_fit(m, &f), CO_OK);
    const double var[9] = {1.0 / 3.0, 0.1, -2e-300, 0.1, 5e300, 0.5, -2e-300, 0.5, 7.0};
    cr_assert_eq(co_model_file_set_variance(m, var, 3), CO_OK);
    const double x[4] = {1, 2, 0.1, -0.0}, z[4] = {1e-310, 2.5, 3, 4};
    cr_assert_eq(co_model_file_add_column(m, "frequency", x, 4), CO_OK);
    cr_assert_eq(co_model_file_add_column(m, "caf\xc3\xa9 \"q\"\n", z, 4), CO_OK);
    cr_assert_eq(co_model_save(m, path), CO_OK, "%s", co_errmsg());
    co_model_file_free(m);

    cr_assert_eq(co_model_load(path, &m), CO_OK, "%s", co_errmsg());
    cr_assert_eq(co_model_file_kind(m), CO_MODEL_GAMMAGAMMA);
    double q[3], w[9];
    cr_assert_eq(co_model_file_get_params(m, q, 3), CO_OK);
    cr_assert_eq(memcmp(p, q, sizeof p), 0);
    cr_assert_eq(co_model_file_get_variance(m, w, 3), CO_OK);
    cr_assert_eq(memcmp(var, w, sizeof var), 0);
    co_model_fit g = {.size = sizeof g};
    cr_assert_eq(co_model_file_get_fit(m, &g), CO_OK);
    cr_assert(g.log_likelihood == f.log_likelihood && g.n_observations == 946 &&
              g.penalizer == 0.0 && isnan(g.iterations));
    const char *name;
    const double *values;
    cr_assert_eq(co_model_file_get_column(m, 1, &name, &values), CO_OK);
    cr_assert_str_eq(name, "caf\xc3\xa9 \"q\"\n");
    cr_assert_eq(memcmp(values, z, sizeof z), 0);
    cr_assert_eq(co_model_file_get_column(m, 0, &name, &values), CO_OK);
    cr_assert_eq(memcmp(values, x, sizeof x), 0); /* -0.0 too */
    co_model_file_free(m);
}

Test(model_io, a_model_without_fit_or_data_is_params_only)
{
    const double p[2] = {0.668, 3.806}; /* sBG, Fader & Hardie (2007) regular customers */
    co_model_file *m;
    cr_assert_eq(co_model_file_new(CO_MODEL_SBG, p, 2, &m), CO_OK);
    cr_assert_eq(co_model_save(m, path), CO_OK);
    co_model_file_free(m);
    char text[512];
    FILE *f = fopen(path, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert_str_eq(text, "{\n  \"format\": \"custorient-model\",\n  \"version\": 1,\n"
                           "  \"kind\": \"sbg\",\n  \"params\": {\n    \"alpha\": 0.668,\n"
                           "    \"beta\": 3.806\n  }\n}\n");
}

Test(model_io, escapes_decode_to_utf8)
{
    /* U+00E9 is C3 A9; U+1F600 (surrogates D83D DE00) is F0 9F 98 80. */
    co_model_file *m = parse(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},"
                                  " \"data\": {\"\\u00e9\\ud83d\\ude00\\t\\/\": [1]}}");
    const char *name;
    const double *values;
    cr_assert_eq(co_model_file_get_column(m, 0, &name, &values), CO_OK);
    cr_assert_str_eq(name, "\xc3\xa9\xf0\x9f\x98\x80\t/");
    co_model_file_free(m);
}

Test(model_io, refuses_what_is_not_strict_json)
{
    refused("", CO_EPARSE, 1, 1, "end");
    refused(HEAD "\"kind\": \"sbg\",}", CO_EPARSE, 1, 60, "member name");
    refused("{\"a\": 1 /* c */}", CO_EPARSE, 1, 9, "','");
    refused("{\"a\": NaN}", CO_EPARSE, 1, 7, "value");
    refused("{\"a\": 01}", CO_EPARSE, 1, 8, "','");
    refused("{\"a\": 1.}", CO_EPARSE, 1, 9, "digit");
    refused("{\"a\": 1e999}", CO_EPARSE, 1, 7, "range");
    refused("{\"a\": \"x\ny\"}", CO_EPARSE, 1, 9, "control");
    refused("{\"a\": \"\\ud800\"}", CO_EPARSE, 1, 8, "surrogate");
    refused("{\"a\": \"\\x\"}", CO_EPARSE, 1, 8, "escape");
    refused("{\"a\": \"\xff\"}", CO_EPARSE, 1, 8, "UTF-8");
    refused("{\"a\": 1,\n \"a\": 2}", CO_EPARSE, 2, 7, "duplicate");
    refused("{\"a\": 1} x", CO_EPARSE, 1, 10, "after");
    refused("{\"a\": tru}", CO_EPARSE, 1, 7, "value");
    char deep[200];
    memset(deep, '[', 70);
    deep[70] = '\0';
    refused(deep, CO_EPARSE, 1, 65, "deeply");
}

Test(model_io, refuses_what_is_not_a_model_file)
{
    refused("[1]", CO_EPARSE, 1, 1, "object");
    refused("{\"format\": \"other\", \"version\": 1}", CO_EPARSE, 1, 12, "format");
    refused(HEAD "\"kind\": \"weibull\"}", CO_EPARSE, 1, 54, "unknown model kind");
    refused("{\"format\": \"custorient-model\",\n \"version\": 3}", CO_ECORRUPT, 2, 13, "newer");
    refused("{\"format\": \"custorient-model\", \"version\": 1.5}", CO_EPARSE, 1, 43, "whole");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1}}", CO_EPARSE, 1, 71, "\"beta\"");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 0}}", CO_EPARSE, 1, 92,
            "> 0");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2, \"gamma\": 3}}",
            CO_EPARSE, 1, 104, "unknown member \"gamma\"");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2}, \"extra\": 1}",
            CO_EPARSE, 1, 105, "unknown member \"extra\"");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
                 "\"fit\": {\"variance\": [[1, 2], [3, 4]]}}",
            CO_EPARSE, 2, 21, "symmetric");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
                 "\"fit\": {\"iterations\": -1}}",
            CO_EPARSE, 2, 23, "whole");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
                 "\"data\": {\"x\": [1, 2], \"y\": [1]}}",
            CO_EPARSE, 2, 28, "has 1 values");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
                 "\"data\": {\"x\": [1, null]}}",
            CO_EPARSE, 2, 19, "null");
}

Test(model_io, bad_arguments_change_nothing)
{
    const double p[4] = {0.243, 4.414, 0.793, 2.426};
    co_model_file *m = NULL;
    cr_assert_eq(co_model_file_new(CO_MODEL_BGNBD, p, 3, &m), CO_EINVAL);
    cr_assert_eq(co_model_file_new(CO_MODEL_KIND_COUNT, p, 4, &m), CO_EINVAL);
    const double bad[4] = {0.243, -1, 0.793, 2.426};
    cr_assert_eq(co_model_file_new(CO_MODEL_BGNBD, bad, 4, &m), CO_EINVAL);
    cr_assert(strstr(co_errmsg(), "alpha"), "%s", co_errmsg());
    cr_assert_null(m);
    cr_assert_eq(co_model_file_new(CO_MODEL_BGNBD, p, 4, &m), CO_OK);
    co_model_fit f;
    co_model_fit_init(&f, sizeof f);
    f.n_observations = -1;
    cr_assert_eq(co_model_file_set_fit(m, &f), CO_EINVAL);
    const double asym[16] = {1, 2, 0, 0, 3, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    cr_assert_eq(co_model_file_set_variance(m, asym, 4), CO_EINVAL);
    const double col[2] = {1, 2}, nan_col[2] = {1, NAN};
    cr_assert_eq(co_model_file_add_column(m, "x", col, 2), CO_OK);
    cr_assert_eq(co_model_file_add_column(m, "x", col, 2), CO_EEXIST);
    cr_assert_eq(co_model_file_add_column(m, "y", col, 1), CO_EINVAL);
    cr_assert_eq(co_model_file_add_column(m, "z", nan_col, 2), CO_EINVAL);
    cr_assert_eq(co_model_file_add_column(m, "", col, 2), CO_EINVAL);
    cr_assert_eq(co_model_file_column_count(m), 1);
    co_model_fit g = {.size = sizeof g};
    cr_assert_eq(co_model_file_get_fit(m, &g), CO_OK);
    cr_assert(isnan(g.n_observations));
    double v[16];
    cr_assert_eq(co_model_file_get_variance(m, v, 4), CO_ENOTFOUND);
    /* a directory that does not exist: nothing written */
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no/such/dir/m.json", dir);
    cr_assert_eq(co_model_save(m, missing), CO_EIO);
    cr_assert_eq(co_model_load(missing, &m), CO_EIO);
    cr_assert_eq(co_model_file_row_count(m), 2);
    co_model_file_free(m);
    co_model_file_free(NULL);
}

static const char *sweep_text =
    HEAD "\"kind\": \"paretonbd\", \"params\": {\"r\": 0.55, \"alpha\": 10.58, \"s\": 0.61, "
         "\"beta\": 11.67}, \"fit\": {\"variance\": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], "
         "[0, 0, 0, 1]]}, \"data\": {\"a\": [1, 2], \"b\": [3, 4]}}";

static int op_parse(void *ctx)
{
    co_model_file **m = ctx;
    return co_model_parse(sweep_text, strlen(sweep_text), "m.json", m);
}

static void parse_unchanged(void *ctx) { cr_assert_null(*(co_model_file **)ctx); }

Test(model_io, survives_every_allocation_failure)
{
    co_model_file *m = NULL;
    long n = co_test_alloc_sweep(op_parse, parse_unchanged, &m);
    cr_assert(n > 10, "%ld failures injected", n);
    cr_assert_eq(co_model_file_column_count(m), 2);
    co_model_file_free(m);
}

Test(model_io, a_covariate_model_keeps_its_coefficients_and_names)
{
    /* The sBG with one covariate on alpha and on beta (custorient/sbg_covariates.h), its
     * 4 x 4 variance (alpha, beta, g_alpha, g_beta), written and read back. */
    const double p[2] = {0.668, 3.806};
    const double var[16] = {0.01, 0.002, 0, 0, 0.002, 0.04, 0, 0, 0, 0, 0.25, -0.5, 0, 0, -0.5, 2};
    co_model_file *m;
    cr_assert_eq(co_model_file_new(CO_MODEL_SBG, p, 2, &m), CO_OK);
    cr_assert_eq(co_model_file_add_coefficient(m, "alpha", "plan \"pro\"", 0.5), CO_OK);
    cr_assert_eq(co_model_file_add_coefficient(m, "beta", "plan \"pro\"", -0.25), CO_OK);
    cr_assert_eq(co_model_file_add_coefficient(m, "beta", "plan \"pro\"", 1.0), CO_EEXIST);
    cr_assert_eq(co_model_file_add_coefficient(m, "beta", "", 1.0), CO_EINVAL);
    cr_assert_eq(co_model_file_add_coefficient(m, "beta", "x", NAN), CO_EINVAL);
    cr_assert_eq(co_model_file_set_variance(m, var, 2), CO_EINVAL); /* 2 + 2 coefficients */
    cr_assert_eq(co_model_file_set_variance(m, var, 4), CO_OK);
    cr_assert_eq(co_model_file_add_coefficient(m, "beta", "late", 1.0), CO_EINVAL);
    cr_assert_eq(co_model_file_coefficient_count(m), 2u);
    cr_assert_eq(co_model_save(m, path), CO_OK);
    co_model_file_free(m);
    char text[1024];
    FILE *f = fopen(path, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert_str_eq(text, "{\n  \"format\": \"custorient-model\",\n  \"version\": 2,\n"
                           "  \"kind\": \"sbg\",\n  \"params\": {\n    \"alpha\": 0.668,\n"
                           "    \"beta\": 3.806\n  },\n  \"coefficients\": [\n"
                           "    {\"process\": \"alpha\", \"covariate\": \"plan \\\"pro\\\"\", "
                           "\"value\": 0.5},\n"
                           "    {\"process\": \"beta\", \"covariate\": \"plan \\\"pro\\\"\", "
                           "\"value\": -0.25}\n  ],\n  \"fit\": {\n    \"variance\": [\n"
                           "      [0.01, 0.002, 0, 0],\n      [0.002, 0.04, 0, 0],\n"
                           "      [0, 0, 0.25, -0.5],\n      [0, 0, -0.5, 2]\n    ]\n  }\n}\n");
    cr_assert_eq(co_model_load(path, &m), CO_OK, "%s", co_errmsg());
    const char *process, *covariate;
    double v, back[16];
    cr_assert_eq(co_model_file_get_coefficient(m, 1, &process, &covariate, &v), CO_OK);
    cr_assert_str_eq(process, "beta");
    cr_assert_str_eq(covariate, "plan \"pro\"");
    cr_assert_eq(v, -0.25);
    cr_assert_eq(co_model_file_get_coefficient(m, 2, &process, &covariate, &v), CO_ERANGE);
    cr_assert_eq(co_model_file_get_variance(m, back, 4), CO_OK);
    cr_assert_eq(memcmp(back, var, sizeof var), 0);
    co_model_file_free(m);
    /* a variance of the base parameters alone does not fit a model with coefficients */
    refused(HEAD
            "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
            "\"coefficients\": [{\"process\": \"alpha\", \"covariate\": \"x\", \"value\": 1}],\n"
            "\"fit\": {\"variance\": [[1, 0], [0, 1]]}}",
            CO_EPARSE, 3, 21, "3 rows of 3");
    refused(HEAD
            "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
            "\"coefficients\": [{\"process\": \"alpha\", \"covariate\": \"x\", \"value\": 1},\n"
            " {\"process\": \"alpha\", \"covariate\": \"x\", \"value\": 2}]}",
            CO_EPARSE, 3, 2, "exists");
    refused(HEAD "\"kind\": \"sbg\", \"params\": {\"alpha\": 1, \"beta\": 2},\n"
                 "\"coefficients\": [{\"process\": \"alpha\", \"value\": 1}]}",
            CO_EPARSE, 2, 18, "covariate");
}
