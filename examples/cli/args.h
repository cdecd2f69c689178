/* Command line of the custorient program: a subcommand, its operand and
 * options that every subcommand understands. */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stdio.h>

#include <custorient.h>

/* Exit codes (documented in docs/report.md and in --help). */
enum {
    EXIT_OK = 0,    /* success */
    EXIT_FAIL = 1,  /* unexpected failure (out of memory, internal error) */
    EXIT_USAGE = 2, /* bad command line */
    EXIT_INPUT = 3, /* an input file or directory is missing or unreadable */
    EXIT_DATA = 4,  /* input data is malformed or unusable */
    EXIT_OUTPUT = 5 /* an output file could not be written */
};

typedef enum command {
    CMD_NONE = 0,
    CMD_REPORT,
    CMD_NPS,
    CMD_CHURN,
    CMD_RFM,
    CMD_VALIDATE,
    CMD_GENERATE,
    CMD_SUMMARIZE
} command;

/* Most files one command line names (summarize). */
#define CLI_MAX_FILES 256

typedef struct cli_args {
    command cmd;
    const char *operand; /* DATA_DIR, FILE or DIR; NULL when absent */
    int has_as_of;
    co_day as_of;
    int json;         /* JSON on stdout instead of text */
    const char *html; /* also write an HTML page here */
    int quiet;        /* no progress messages */
    int help;
    int version;
    long top;               /* rows in ranked lists (at-risk customers) */
    const char *answers;    /* report: instrument answers CSV, or NULL */
    const char *instrument; /* report: built-in instrument name or definition file */
    const char *scheduler;  /* report: run on the Dask scheduler at this address */
    int has_seed;
    unsigned long long seed; /* generate: random seed */
    long customers;          /* generate: number of customers (0: the generator's default) */
    int has_calibration_end;
    co_day calibration_end;           /* validate: last day of the calibration period */
    int stream;                       /* report: read the files once, in blocks (--stream) */
    const char *output;               /* summarize: write the CSV here instead of stdout */
    int weeks;                        /* summarize: durations in weeks (--weeks) */
    const char *files[CLI_MAX_FILES]; /* summarize: the orders files */
    int n_files;
} cli_args;

/* Parse argv. Returns EXIT_OK or EXIT_USAGE (with a message on `err`). */
int args_parse(int argc, char **argv, cli_args *out, FILE *err);

/* Usage text of a command (CMD_NONE: the program overview). */
void args_usage(FILE *out, command cmd);

/* Name of a command as typed. */
const char *command_name(command cmd);

#endif
