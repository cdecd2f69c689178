/* `custorient generate DIR`: a synthetic data set from the library's seeded
 * generator (custorient/generate.h). Without options it writes the built-in
 * sample data set. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "dataset.h"
#include "output.h"
#include "term.h"

int cmd_generate(const cli_args *args)
{
    const char *dir = args->operand;
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        term_error("%s: cannot create: %s", dir, strerror(errno));
        return EXIT_OUTPUT;
    }
    co_generate_options opts;
    co_generate_options_init(&opts, sizeof opts);
    if (args->customers > 0)
        opts.customers = (size_t)args->customers;
    if (args->has_seed)
        opts.seed = args->seed;
    progress(args->quiet, "custorient: generating %zu customers ...", opts.customers);
    int rc = co_generate_csv(&opts, dir);
    progress_done(args->quiet);
    if (rc < 0) {
        term_error("%s: %s", dir, co_errmsg());
        return rc == CO_EIO ? EXIT_OUTPUT : exit_code_for(rc);
    }
    term_printf(stdout,
                "wrote customers.csv, orders.csv, feedback.csv and contacts.csv "
                "(%zu customers, seed %llu) to %s",
                opts.customers, (unsigned long long)opts.seed, dir);
    putchar('\n');
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}
