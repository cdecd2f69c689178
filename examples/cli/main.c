/* custorient: the command-line face of libcustorient. */
#include <signal.h>
#include <stdio.h>

#include "args.h"
#include "commands.h"

int main(int argc, char **argv)
{
    /* A closed pipe (`custorient report | head`) becomes a write error that
     * the program handles (the HTML page is still finished), not a kill. */
    signal(SIGPIPE, SIG_IGN);
    /* Past a file size limit (`ulimit -f`) a write fails with EFBIG, which
     * the writers report (exit 5) after removing their temporary file. */
    signal(SIGXFSZ, SIG_IGN);
    cli_args args;
    int rc = args_parse(argc, argv, &args, stderr);
    if (rc != EXIT_OK)
        return rc;
    if (args.version) {
        printf("custorient %s\n", co_version());
        return EXIT_OK;
    }
    if (args.help) {
        args_usage(stdout, args.cmd);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
    }
    switch (args.cmd) {
    case CMD_REPORT: return cmd_report(&args);
    case CMD_NPS: return cmd_nps(&args);
    case CMD_CHURN: return cmd_churn(&args);
    case CMD_RFM: return cmd_rfm(&args);
    case CMD_VALIDATE: return cmd_validate(&args);
    case CMD_GENERATE: return cmd_generate(&args);
    case CMD_SUMMARIZE: return cmd_summarize(&args);
    default: return EXIT_USAGE;
    }
}
