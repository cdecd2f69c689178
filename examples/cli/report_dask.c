/* `report --scheduler ADDRESS`: the report of a data directory computed on a Dask
 * cluster. Dask is Python, so the program hands over to the Python package
 * (`python3 -m custorient.dask report ...`, docs/scale.md) in its own process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

/* The interpreter: $CUSTORIENT_PYTHON, else the one the build found. */
#ifndef CO_PYTHON_PROGRAM
#define CO_PYTHON_PROGRAM "python3"
#endif

int report_on_dask(const cli_args *args)
{
    const char *python = getenv("CUSTORIENT_PYTHON");
    if (!python || !*python)
        python = CO_PYTHON_PROGRAM;
    char as_of[11], top[24];
    const char *words[12]; /* at most 12 */
    size_t n = 0;
    words[n++] = python;
    words[n++] = "-m";
    words[n++] = "custorient.dask";
    words[n++] = "report";
    words[n++] = args->operand;
    words[n++] = "--scheduler";
    words[n++] = args->scheduler;
    if (args->has_as_of && co_date_format(args->as_of, as_of) == CO_OK) {
        words[n++] = "--as-of";
        words[n++] = as_of;
    }
    snprintf(top, sizeof top, "%ld", args->top);
    words[n++] = "--top";
    words[n++] = top;
    if (args->json)
        words[n++] = "--json";
    /* execvp() takes writable strings: copies of the words. */
    char *argv[13] = {NULL}; /* the words and a NULL */
    for (size_t i = 0; i < n; i++)
        if (!(argv[i] = strdup(words[i]))) {
            for (size_t j = 0; j < i; j++)
                free(argv[j]);
            fputs("custorient: out of memory\n", stderr);
            return EXIT_FAIL;
        }
    fflush(NULL);
    signal(SIGPIPE, SIG_DFL); /* the interpreter handles its own pipes */
    signal(SIGXFSZ, SIG_DFL);
    execvp(python, argv);
    fprintf(stderr, "custorient: cannot run %s for --scheduler: %s (set CUSTORIENT_PYTHON)\n",
            python, strerror(errno));
    for (size_t i = 0; i < n; i++)
        free(argv[i]);
    return EXIT_FAIL;
}
