/* The subcommands of the custorient program; each returns an exit code. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "args.h"

int cmd_report(const cli_args *args);
/* report --scheduler: runs the Python package's report on a Dask cluster (report_dask.c). */
int report_on_dask(const cli_args *args);
int cmd_nps(const cli_args *args);
int cmd_churn(const cli_args *args);
int cmd_rfm(const cli_args *args);
int cmd_generate(const cli_args *args);
int cmd_validate(const cli_args *args);
int cmd_summarize(const cli_args *args);

#endif
