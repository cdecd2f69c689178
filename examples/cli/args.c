/* Command-line parsing: `custorient COMMAND [OPERAND] [OPTIONS]`, options
 * anywhere after the command, `--name value` or `--name=value`, `--` ends
 * the options. */
#include "args.h"
#include "term.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {NULL,  "report",   "nps",      "churn",
                                    "rfm", "validate", "generate", "summarize"};

const char *command_name(command cmd)
{
    return cmd > CMD_NONE && cmd <= CMD_SUMMARIZE ? names[cmd] : "custorient";
}

static const char common_options[] =
    "Options:\n"
    "  --as-of DATE   analyse as of DATE (YYYY-MM-DD; default: the last day in the data)\n"
    "  --json         print the results as JSON (schema: docs/report.md) instead of text\n"
    "  --html FILE    also write a self-contained HTML page with charts to FILE\n"
    "                 (- or /dev/stdout: to standard output, in place of the report)\n"
    "  --top N        rows in ranked lists (default 10)\n"
    "  --quiet        no progress messages on stderr\n"
    "  -h, --help     show this help\n";

static const char exit_codes[] =
    "Exit status: 0 success, 1 unexpected failure, 2 bad command line, 3 missing or\n"
    "unreadable input, 4 malformed input data, 5 output could not be written.\n";

void args_usage(FILE *out, command cmd)
{
    switch (cmd) {
    case CMD_REPORT:
        fputs("Usage: custorient report [DATA_DIR] [OPTIONS]\n\n"
              "Customer-orientation report from the four CSV files of DATA_DIR\n"
              "(customers.csv, orders.csv, feedback.csv, contacts.csv), or from the\n"
              "built-in sample data set when DATA_DIR is omitted.\n\n"
              "  --answers FILE      also score answers to a survey instrument (CSV: a header\n"
              "                      of item ids, one row per respondent, empty or NA = missing)\n"
              "  --instrument NAME   with --answers, the instrument: customer-orientation\n"
              "                      (default), sales-customer-orientation, or a definition file\n"
              "  --stream            read orders.csv and feedback.csv of DATA_DIR once, in\n"
              "                      blocks, for files larger than memory: only the sections\n"
              "                      that need no store (customer base, NPS, CSAT and CES); the\n"
              "                      report names the sections it leaves out\n"
              "  --scheduler ADDRESS compute the report on the Dask cluster of the scheduler at\n"
              "                      ADDRESS (tcp://host:8786) through the Python package\n"
              "                      (custorient.dask; docs/scale.md): its figures as text, or\n"
              "                      as JSON with --json\n",
              out);
        break;
    case CMD_NPS:
        fputs("Usage: custorient nps FILE [OPTIONS]\n\n"
              "Net Promoter Score of a feedback CSV (customer_id,date,channel,kind,score,text;\n"
              "rows of kind \"nps\"), with its confidence interval and month-by-month trend.\n\n",
              out);
        break;
    case CMD_CHURN:
        fputs("Usage: custorient churn FILE [OPTIONS]\n\n"
              "Churn risk from an orders CSV (order_id,customer_id,date,amount): BG/NBD\n"
              "probability that each customer is still active, and the customers with the most\n"
              "value at risk by Pareto/NBD, with the same list made 182 days earlier checked\n"
              "against who ordered since.\n\n",
              out);
        break;
    case CMD_RFM:
        fputs("Usage: custorient rfm FILE [OPTIONS]\n\n"
              "RFM scores and segments from an orders CSV (order_id,customer_id,date,amount).\n\n",
              out);
        break;
    case CMD_VALIDATE:
        fputs("Usage: custorient validate [DATA_DIR] --calibration-end DATE [OPTIONS]\n\n"
              "Holdout validation of the purchase models on the orders of DATA_DIR (or the\n"
              "built-in sample): BG/NBD and Pareto/NBD fitted on the orders up to DATE,\n"
              "their forecasts of the purchases after it (to --as-of) against two naive\n"
              "baselines, and the recommended model.\n\n"
              "  --calibration-end DATE  last day of the calibration period (YYYY-MM-DD)\n",
              out);
        break;
    case CMD_GENERATE:
        fputs("Usage: custorient generate DIR [--customers N] [--seed S]\n\n"
              "Write a synthetic data set (the four CSV files) to DIR, which is created if\n"
              "needed. The same seed gives the same files; without options the files are\n"
              "the built-in sample data set.\n\n"
              "  --customers N  number of customers (default: as the sample)\n"
              "  --seed S       random seed (default: as the sample)\n"
              "  --quiet        no progress messages on stderr\n"
              "  -h, --help     show this help\n",
              out);
        break;
    case CMD_SUMMARIZE:
        fputs("Usage: custorient summarize ORDERS.csv... [--as-of DATE] [OPTIONS]\n\n"
              "Per-customer summary of orders CSV files (order_id,customer_id,date,amount; in\n"
              "any order, larger than memory: read once, in blocks) as CSV: customer_id,\n"
              "frequency, recency, T, monetary_value (the BG/NBD and Gamma-Gamma inputs),\n"
              "total_spend, orders, first_order, last_order. One row per customer with an\n"
              "order on or before the as-of day, in order of first appearance.\n\n"
              "  --as-of DATE   last day counted (default: the last order day in the files)\n"
              "  --weeks        recency and T in weeks (default: days)\n"
              "  --output FILE  write the CSV to FILE (default: standard output)\n"
              "  --quiet        no progress messages on stderr\n"
              "  -h, --help     show this help\n",
              out);
        break;
    default:
        fputs("Usage: custorient COMMAND [ARGS] [OPTIONS]\n\n"
              "Customer analytics from customers, orders, feedback and support contacts.\n\n"
              "Commands:\n"
              "  report [DATA_DIR]  the customer-orientation report (built-in sample by default)\n"
              "  nps FILE           NPS with confidence interval and monthly trend\n"
              "  churn FILE         churn risk of each customer from an orders file\n"
              "  rfm FILE           RFM scores and segments from an orders file\n"
              "  validate [DATA_DIR] --calibration-end DATE\n"
              "                     holdout check and choice of the purchase model\n"
              "  generate DIR       write a synthetic data set\n"
              "  summarize FILE...  per-customer summary of orders files larger than memory\n\n"
              "Run `custorient COMMAND --help` for the options of a command.\n"
              "  --version      print the library version\n\n",
              out);
        fputs(exit_codes, out);
        return;
    }
    if (cmd != CMD_GENERATE && cmd != CMD_SUMMARIZE)
        fputs(common_options, out);
    fputs("\n", out);
    fputs(exit_codes, out);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
usage_error(FILE *err, command cmd, const char *fmt, ...)
{
    fprintf(err, "custorient%s%s: ", cmd ? " " : "", cmd ? command_name(cmd) : "");
    va_list ap;
    va_start(ap, fmt);
    term_vprintf(err, fmt, ap); /* it quotes arguments: escaped for the terminal */
    va_end(ap);
    fprintf(err, "\nTry `custorient%s%s --help`.\n", cmd ? " " : "", cmd ? command_name(cmd) : "");
    return EXIT_USAGE;
}

static int parse_long(const char *text, long min, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min)
        return -1;
    *out = v;
    return 0;
}

/* The value of option `name` at argv[*i] ("--name=v" or "--name v"). */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    if (arg[len] == '=')
        return arg + len + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int is_option(const char *arg, const char *name)
{
    size_t len = strlen(name);
    return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

int args_parse(int argc, char **argv, cli_args *out, FILE *err)
{
    cli_args a;
    memset(&a, 0, sizeof a);
    a.top = 10;
    a.instrument = "customer-orientation";
    int i = 1;
    if (i < argc && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
        a.help = 1;
        *out = a;
        return EXIT_OK;
    }
    if (i < argc && strcmp(argv[i], "--version") == 0) {
        a.version = 1;
        *out = a;
        return EXIT_OK;
    }
    if (i >= argc)
        return usage_error(err, CMD_NONE, "missing command");
    for (int c = CMD_REPORT; c <= CMD_SUMMARIZE; c++)
        if (strcmp(argv[i], names[c]) == 0)
            a.cmd = (command)c;
    if (a.cmd == CMD_NONE)
        return usage_error(err, CMD_NONE, "unknown command '%s'", argv[i]);
    int options_done = 0, has_instrument = 0;
    for (i++; i < argc; i++) {
        const char *arg = argv[i];
        if ((options_done || arg[0] != '-' || strcmp(arg, "-") == 0) && a.cmd == CMD_SUMMARIZE) {
            if (a.n_files == CLI_MAX_FILES)
                return usage_error(err, a.cmd, "more than %d files", CLI_MAX_FILES);
            a.files[a.n_files++] = arg;
            a.operand = a.files[0];
            continue;
        }
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (a.operand)
                return usage_error(err, a.cmd, "unexpected argument '%s'", arg);
            a.operand = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            a.help = 1;
        } else if (strcmp(arg, "--stream") == 0 && a.cmd == CMD_REPORT) {
            a.stream = 1;
        } else if (strcmp(arg, "--weeks") == 0 && a.cmd == CMD_SUMMARIZE) {
            a.weeks = 1;
        } else if (is_option(arg, "--output") && a.cmd == CMD_SUMMARIZE) {
            a.output = option_value(argc, argv, &i, "--output");
            if (!a.output || !*a.output)
                return usage_error(err, a.cmd, "--output needs a file name");
        } else if (strcmp(arg, "--json") == 0 && a.cmd != CMD_GENERATE && a.cmd != CMD_SUMMARIZE) {
            a.json = 1;
        } else if (strcmp(arg, "--quiet") == 0) {
            a.quiet = 1;
        } else if (is_option(arg, "--html") && a.cmd != CMD_GENERATE && a.cmd != CMD_SUMMARIZE) {
            a.html = option_value(argc, argv, &i, "--html");
            if (!a.html || !*a.html)
                return usage_error(err, a.cmd, "--html needs a file name");
        } else if (is_option(arg, "--as-of") && a.cmd != CMD_GENERATE) {
            const char *v = option_value(argc, argv, &i, "--as-of");
            if (!v || co_date_parse(v, strlen(v), &a.as_of) < 0)
                return usage_error(err, a.cmd, "--as-of needs a date YYYY-MM-DD (got '%s')",
                                   v ? v : "");
            a.has_as_of = 1;
        } else if (is_option(arg, "--top") && a.cmd != CMD_GENERATE && a.cmd != CMD_SUMMARIZE) {
            const char *v = option_value(argc, argv, &i, "--top");
            if (!v || parse_long(v, 1, &a.top) < 0)
                return usage_error(err, a.cmd, "--top needs a positive number (got '%s')",
                                   v ? v : "");
        } else if (is_option(arg, "--answers") && a.cmd == CMD_REPORT) {
            a.answers = option_value(argc, argv, &i, "--answers");
            if (!a.answers || !*a.answers)
                return usage_error(err, a.cmd, "--answers needs a file name");
        } else if (is_option(arg, "--instrument") && a.cmd == CMD_REPORT) {
            a.instrument = option_value(argc, argv, &i, "--instrument");
            if (!a.instrument || !*a.instrument)
                return usage_error(err, a.cmd, "--instrument needs a name or a file");
            has_instrument = 1;
        } else if (is_option(arg, "--scheduler") && a.cmd == CMD_REPORT) {
            a.scheduler = option_value(argc, argv, &i, "--scheduler");
            if (!a.scheduler || !*a.scheduler)
                return usage_error(err, a.cmd, "--scheduler needs an address (tcp://host:8786)");
        } else if (is_option(arg, "--calibration-end") && a.cmd == CMD_VALIDATE) {
            const char *v = option_value(argc, argv, &i, "--calibration-end");
            if (!v || co_date_parse(v, strlen(v), &a.calibration_end) < 0)
                return usage_error(err, a.cmd,
                                   "--calibration-end needs a date YYYY-MM-DD (got '%s')",
                                   v ? v : "");
            a.has_calibration_end = 1;
        } else if (is_option(arg, "--customers") && a.cmd == CMD_GENERATE) {
            const char *v = option_value(argc, argv, &i, "--customers");
            if (!v || parse_long(v, 1, &a.customers) < 0 || a.customers > 10000000)
                return usage_error(err, a.cmd, "--customers needs 1..10000000 (got '%s')",
                                   v ? v : "");
        } else if (is_option(arg, "--seed") && a.cmd == CMD_GENERATE) {
            const char *v = option_value(argc, argv, &i, "--seed");
            char *end;
            errno = 0;
            if (v && *v >= '0' && *v <= '9')
                a.seed = strtoull(v, &end, 10);
            if (!v || !(*v >= '0' && *v <= '9') || errno || *end)
                return usage_error(err, a.cmd, "--seed needs a number >= 0 (got '%s')", v ? v : "");
            a.has_seed = 1;
        } else {
            return usage_error(err, a.cmd, "unknown option '%s'", arg);
        }
    }
    /* The instrument scores the answers: alone it would be silently ignored. */
    if (!a.help && has_instrument && !a.answers)
        return usage_error(err, a.cmd, "--instrument needs --answers FILE (the answers to score)");
    /* The cluster's report is the Python package's: JSON of the data directory. */
    if (!a.help && a.scheduler && (a.html || a.answers || a.stream || !a.operand))
        return usage_error(err, a.cmd,
                           "--scheduler takes a DATA_DIR and no --html, --answers or --stream");
    if (!a.help && a.cmd == CMD_VALIDATE && !a.has_calibration_end)
        return usage_error(err, a.cmd, "missing --calibration-end DATE");
    if (!a.help && a.stream && (a.answers || !a.operand))
        return usage_error(err, a.cmd, "--stream needs DATA_DIR and takes no --answers");
    if (!a.help && !a.operand && a.cmd != CMD_REPORT && a.cmd != CMD_VALIDATE)
        return usage_error(err, a.cmd, "missing %s", a.cmd == CMD_GENERATE ? "DIR" : "FILE");
    *out = a;
    return EXIT_OK;
}
