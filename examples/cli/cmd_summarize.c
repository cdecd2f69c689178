/* `custorient summarize ORDERS.csv...`: the per-customer summary of order
 * files of any size, read once in blocks (custorient/stream.h), as CSV. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "dataset.h"
#include "output.h"
#include "term.h"

/* A number as the shortest of %.15g and %.17g that reads back exactly. */
static void put_number(FILE *f, double v)
{
    char text[32];
    snprintf(text, sizeof text, "%.15g", v);
    if (strtod(text, NULL) != v)
        snprintf(text, sizeof text, "%.17g", v);
    fputs(text, f);
}

/* A field quoted when it holds a comma, quote or line break (RFC 4180). */
static void put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

static void write_rows(FILE *f, const co_stream_summary *s)
{
    const co_summary *r = co_stream_summary_rows(s);
    fputs("customer_id,frequency,recency,T,monetary_value,total_spend,orders,first_order,"
          "last_order\n",
          f);
    for (size_t k = 0; k < r->n; k++) {
        const char *id = "";
        co_stream_summary_get_customer(s, r->customer[k], &id);
        char first[11], last[11];
        co_date_format(r->first_order[k], first);
        co_date_format(r->last_order[k], last);
        put_field(f, id);
        const double v[] = {r->frequency[k], r->recency[k], r->T[k], r->monetary_value[k],
                            r->total_spend[k]};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            putc(',', f);
            put_number(f, v[i]);
        }
        fprintf(f, ",%llu,%s,%s\n", (unsigned long long)r->orders[k], first, last);
    }
}

int cmd_summarize(const cli_args *args)
{
    co_stream_options o;
    co_stream_options_init(&o, sizeof o);
    if (args->has_as_of)
        o.as_of = args->as_of;
    o.unit = args->weeks ? CO_UNIT_WEEKS : CO_UNIT_DAYS;
    co_stream_summary *s = NULL;
    progress(args->quiet, "custorient: summarising %d file%s ...", args->n_files,
             args->n_files == 1 ? "" : "s");
    int rc = co_stream_summarize_orders(args->files, (size_t)args->n_files, &o, &s);
    progress_done(args->quiet);
    if (rc < 0) {
        term_error("%s", co_errmsg());
        return exit_code_for(rc);
    }
    out_file out;
    memset(&out, 0, sizeof out);
    if (out_open(&out, args->output ? args->output : "-") < 0) {
        term_error("%s: cannot write: %s", args->output, strerror(errno));
        co_stream_summary_free(s);
        return EXIT_OUTPUT;
    }
    write_rows(out.f, s);
    co_stream_summary_free(s);
    if (out_commit(&out) < 0) {
        term_error("%s: cannot write: %s", args->output ? args->output : "standard output",
                   strerror(errno));
        out_abort(&out);
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}
