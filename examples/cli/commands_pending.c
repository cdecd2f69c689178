/* Commands whose library modules are not in this build yet. */
#include <stdio.h>

#include "commands.h"

static int pending(const cli_args *args)
{
    fprintf(stderr, "custorient %s: not available in this build\n", command_name(args->cmd));
    return EXIT_FAIL;
}

int cmd_report(const cli_args *args) { return pending(args); }
int cmd_nps(const cli_args *args) { return pending(args); }
int cmd_churn(const cli_args *args) { return pending(args); }
int cmd_rfm(const cli_args *args) { return pending(args); }
int cmd_generate(const cli_args *args) { return pending(args); }
