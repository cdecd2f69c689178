/* Parts of the custorient program: JSON writer, SVG charts, report sinks,
 * progress messages and command-line parsing. Expected texts are written out
 * by hand from the JSON (RFC 8259) and SVG rules, not taken from the program. */
#define _XOPEN_SOURCE 700 /* posix_openpt */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answers.h"
#include "args.h"
#include "json.h"
#include "output.h"
#include "sink.h"
#include "svg.h"
#include "term.h"

/* Capture what a writer prints. */
typedef struct capture {
    FILE *f;
    char *text;
    size_t len;
} capture;

static void cap_open(capture *c)
{
    c->text = NULL;
    c->len = 0;
    c->f = open_memstream(&c->text, &c->len);
    cr_assert_not_null(c->f);
}

static const char *cap_close(capture *c)
{
    fclose(c->f);
    return c->text;
}

Test(json, escapes_strings_as_rfc8259_requires)
{
    capture c;
    cap_open(&c);
    json_write_escaped(c.f, "a\"b\\c\n\t\x01 </x> \xc3\xa9");
    cr_assert_str_eq(cap_close(&c), "\"a\\\"b\\\\c\\n\\t\\u0001 </x> \xc3\xa9\"");
    free(c.text);
}

Test(json, replaces_invalid_utf8)
{
    capture c;
    cap_open(&c);
    /* A lone continuation byte, an overlong '/', a surrogate and a cut sequence. */
    json_write_escaped(c.f, "x\x80y\xc0\xafz\xed\xa0\x80w\xe2\x82");
    cr_assert_str_eq(cap_close(&c),
                     "\"x\\ufffdy\\ufffd\\ufffdz\\ufffd\\ufffd\\ufffdw\\ufffd\\ufffd\"");
    free(c.text);
}

Test(json, escapes_del_c1_and_bidirectional_controls)
{
    capture c;
    cap_open(&c);
    /* DEL, U+009B (c2 9b), U+202E (e2 80 ae), U+2066 (e2 81 a6); U+00A0 stays. */
    json_write_escaped(c.f, "\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xc2\xa0");
    cr_assert_str_eq(cap_close(&c), "\"\\u007f\\u009b\\u202e\\u2066\xc2\xa0\"");
    free(c.text);
}

Test(json, numbers_are_shortest_round_trip_and_finite)
{
    char buf[32];
    json_format_number(0.1, buf);
    cr_assert_str_eq(buf, "0.1");
    json_format_number(1.0 / 3.0, buf);
    cr_assert_str_eq(buf, "0.3333333333333333");
    cr_assert_eq(strtod(buf, NULL), 1.0 / 3.0);
    json_format_number(-0.0, buf);
    cr_assert_str_eq(buf, "0");
    json_format_number(1e300, buf);
    cr_assert_str_eq(buf, "1e+300");
    json_format_number(42, buf);
    cr_assert_str_eq(buf, "42");
}

Test(json, keeps_key_order_and_nests)
{
    capture c;
    cap_open(&c);
    json_writer w;
    json_init(&w, c.f);
    json_object_begin(&w, NULL);
    json_string(&w, "z", "first");
    json_number(&w, "nan", NAN);
    json_array_begin(&w, "a");
    json_int(&w, NULL, -3);
    json_bool(&w, NULL, 1);
    json_null(&w, NULL);
    json_object_begin(&w, NULL);
    json_object_end(&w);
    json_array_end(&w);
    json_array_begin(&w, "empty");
    json_array_end(&w);
    json_object_end(&w);
    cr_assert_eq(json_finish(&w), 0);
    cr_assert_str_eq(cap_close(&c), "{\n"
                                    "  \"z\": \"first\",\n"
                                    "  \"nan\": null,\n"
                                    "  \"a\": [\n"
                                    "    -3,\n"
                                    "    true,\n"
                                    "    null,\n"
                                    "    {}\n"
                                    "  ],\n"
                                    "  \"empty\": []\n"
                                    "}\n");
    free(c.text);
}

Test(json, reports_unbalanced_documents)
{
    capture c;
    cap_open(&c);
    json_writer w;
    json_init(&w, c.f);
    json_object_begin(&w, NULL);
    cr_assert_eq(json_finish(&w), -1);
    cap_close(&c);
    free(c.text);
    cap_open(&c);
    json_init(&w, c.f);
    json_array_end(&w);
    cr_assert_eq(json_finish(&w), -1);
    cap_close(&c);
    free(c.text);
}

static const double months_y[4] = {20, 25, 10, 30};
static const double months_lo[4] = {10, 15, 0, 20};
static const double months_hi[4] = {30, 35, 20, 40};
static const char *const months[4] = {"2024-01", "2024-02", "2024-03", "<2024-04>"};

Test(svg, line_chart_has_band_marks_and_escaped_text)
{
    const unsigned char marked[4] = {0, 0, 1, 0};
    svg_line_chart chart = {.id = "nps-trend",
                            .title = "NPS & trend",
                            .x_label = "month",
                            .y_label = "NPS",
                            .n = 4,
                            .x_names = months,
                            .y = months_y,
                            .lo = months_lo,
                            .hi = months_hi,
                            .marked = marked,
                            .y_min = -100,
                            .y_max = 100};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), 0);
    const char *s = cap_close(&c);
    const char *head = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
                       "id=\"nps-trend\"";
    cr_assert(strncmp(s, head, strlen(head)) == 0, "%s", s);
    cr_assert_not_null(strstr(s, "<title id=\"nps-trend-title\">NPS &amp; trend</title>"));
    cr_assert_not_null(strstr(s, "&lt;2024-04&gt;"));
    cr_assert_not_null(strstr(s, "class=\"band\""));
    cr_assert_not_null(strstr(s, "class=\"mark\""));
    cr_assert_null(strstr(s, "<script"));
    cr_assert_null(strstr(s, "href"));
    /* Exactly one mark, and the svg closes at the end. */
    cr_assert_null(strstr(strstr(s, "class=\"mark\"") + 1, "class=\"mark\""));
    cr_assert_str_eq(s + strlen(s) - 7, "</svg>\n");
    free(c.text);
}

Test(svg, line_chart_maps_the_axis_range)
{
    /* y from 0 to 1 over the plot area: top 40, bottom 320 - 56 = 264, so
     * y = 0.5 sits at 152; x 0..2 over 64..616, so x = 1 is at 340. */
    const double x[3] = {0, 1, 2}, y[3] = {0, 0.5, 1};
    svg_line_chart chart = {.id = "r", .title = "t", .n = 3, .x = x, .y = y, .y_max = 1};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), 0);
    const char *s = cap_close(&c);
    cr_assert_not_null(strstr(s, "d=\"M64.0 264.0 L340.0 152.0 L616.0 40.0\""), "%s", s);
    free(c.text);
    /* As steps: hold each level until the next x. */
    chart.step = 1;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), 0);
    s = cap_close(&c);
    cr_assert_not_null(strstr(s, "d=\"M64.0 264.0 L340.0 264.0 L340.0 152.0 L616.0 152.0 "
                                 "L616.0 40.0\""),
                       "%s", s);
    free(c.text);
}

Test(svg, second_series_and_x_mark)
{
    /* Both series share the y range 0..2: y2 = 2 at the top (40), y = 1 half way
     * (152); x 0..4 over 64..616, so the mark at x = 1 is at 64 + 552 / 4 = 202. */
    const double x[2] = {0, 4}, y[2] = {0, 1}, y2[2] = {0, 2};
    svg_line_chart chart = {.id = "cum",
                            .title = "t",
                            .n = 2,
                            .x = x,
                            .y = y,
                            .y2 = y2,
                            .y_name = "actual",
                            .y2_name = "predicted",
                            .has_x_mark = 1,
                            .x_mark = 1,
                            .x_mark_label = "calibration end"};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), 0);
    const char *s = cap_close(&c);
    cr_assert_not_null(strstr(s, "data-series=\"1\" fill=\"none\""), "%s", s);
    cr_assert_not_null(strstr(s, "d=\"M64.0 264.0 L616.0 152.0\""), "%s", s);
    cr_assert_not_null(strstr(s, "d=\"M64.0 264.0 L616.0 40.0\""), "%s", s);
    cr_assert_not_null(strstr(s, "data-series=\"2\" data-value=\"2\" cx=\"616.0\" cy=\"40.0\""),
                       "%s", s);
    cr_assert_not_null(strstr(s, "class=\"x-mark\" data-value=\"1\" x1=\"202.0\""), "%s", s);
    cr_assert_not_null(strstr(s, ">predicted</text>"), "%s", s);
    free(c.text);
    /* A second series must be finite too; nothing is written then. */
    const double bad[2] = {0, NAN};
    chart.y2 = bad;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), -1);
    cr_assert_str_eq(cap_close(&c), "");
    free(c.text);
}

Test(svg, paired_bars_share_one_scale)
{
    /* The largest of either series spans 420 px: 8 -> 420, 4 -> 210, 2 -> 105. */
    const char *names[2] = {"0", "1"};
    const double v[2] = {4, 2}, v2[2] = {8, 0};
    svg_bar_chart bars = {.id = "p",
                          .title = "t",
                          .n = 2,
                          .names = names,
                          .values = v,
                          .values2 = v2,
                          .name1 = "observed",
                          .name2 = "expected"};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_bar_chart(c.f, &bars), 0);
    const char *s = cap_close(&c);
    cr_assert_not_null(strstr(s, "data-series=\"1\" data-value=\"4\" x=\"150\" y=\"51.0\" "
                                 "width=\"210.0\""),
                       "%s", s);
    cr_assert_not_null(strstr(s, "data-series=\"2\" data-value=\"8\" x=\"150\" y=\"75.0\" "
                                 "width=\"420.0\""),
                       "%s", s);
    cr_assert_not_null(strstr(s, "data-series=\"1\" data-value=\"2\" x=\"150\" y=\"99.0\" "
                                 "width=\"105.0\""),
                       "%s", s);
    cr_assert_not_null(strstr(s, ">expected</text>"), "%s", s);
    free(c.text);
}

Test(svg, rejects_non_finite_or_missing_data)
{
    const double bad[2] = {1, NAN};
    svg_line_chart chart = {.id = "x", .title = "t", .n = 2, .y = bad};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_line_chart(c.f, &chart), -1);
    chart.y = months_y;
    chart.lo = months_lo; /* a band needs both edges */
    cr_assert_eq(svg_write_line_chart(c.f, &chart), -1);
    chart.n = 0;
    cr_assert_eq(svg_write_line_chart(c.f, &chart), -1);
    const char *names[2] = {"a", "b"};
    const double neg[2] = {1, -1};
    svg_bar_chart bars = {.id = "b", .title = "t", .n = 2, .names = names, .values = neg};
    cr_assert_eq(svg_write_bar_chart(c.f, &bars), -1);
    svg_heat_map map = {"h", "t", NULL, NULL, 1, 2, names, names, neg, 1, 1, 2};
    cr_assert_eq(svg_write_heat_map(c.f, &map), -1); /* empty value range */
    cr_assert_str_eq(cap_close(&c), "", "nothing may be written on failure");
    free(c.text);
}

Test(svg, bars_scale_to_the_largest_value)
{
    /* Bars span 640 - 150 - 70 = 420 px at the maximum: 10 -> 420, 5 -> 210. */
    const char *names[2] = {"Champions", "Can't Lose Them"};
    const double v[2] = {10, 5};
    svg_bar_chart bars = {
        .id = "segments", .title = "Segment sizes", .n = 2, .names = names, .values = v};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_bar_chart(c.f, &bars), 0);
    const char *s = cap_close(&c);
    cr_assert_not_null(strstr(s, "width=\"420.0\""));
    cr_assert_not_null(strstr(s, "width=\"210.0\""));
    cr_assert_not_null(strstr(s, "Can&#39;t Lose Them"));
    free(c.text);
}

Test(svg, heat_map_shades_cells_and_leaves_nan_blank)
{
    const char *rows[2] = {"r1", "r2"}, *cols[2] = {"c1", "c2"};
    const double v[4] = {0, 1, NAN, 0.5};
    svg_heat_map map = {"palive", "P(alive)", "frequency", "recency", 2, 2, rows, cols, v, 0, 1, 2};
    capture c;
    cap_open(&c);
    cr_assert_eq(svg_write_heat_map(c.f, &map), 0);
    const char *s = cap_close(&c);
    cr_assert_not_null(strstr(s, "fill=\"#ffffff\"")); /* 0 -> white */
    cr_assert_not_null(strstr(s, "fill=\"#1c3f94\"")); /* 1 -> the deep blue */
    cr_assert_not_null(strstr(s, "fill=\"#e9ecef\"")); /* NaN -> grey */
    /* Halfway: 255 - 0.5 (255 - 28) = 141.5 -> 142 = 0x8e, and so on. */
    cr_assert_not_null(strstr(s, "fill=\"#8e9fca\""), "%s", s);
    cr_assert_not_null(strstr(s, ">0.50</text>"));
    free(c.text);
}

static const char *const keys[3] = {"segment", "customers", "revenue"};
static const char *const labels[3] = {"Segment", "Customers", "Revenue"};

static void emit_sample(report_sink *s)
{
    s->section_begin(s, "rfm", "RFM segments");
    s->figure(s, "customers", "Customers", cell_int(12), NULL);
    s->figure(s, "share", "Share", cell_number(0.25, 2), "%");
    s->table_begin(s, "segments", NULL, 3, keys, labels);
    cell row1[3] = {cell_text("Champions"), cell_int(1), cell_number(880.5, 2)};
    cell row2[3] = {cell_text("Lost \"old\""), cell_int(20), cell_number(NAN, 2)};
    s->row(s, row1);
    s->row(s, row2);
    s->table_end(s);
    s->note(s, "a <note>");
    s->section_end(s);
}

static const report_meta meta = {"Report", "sample", "2024-06-30", "0.1.0"};

Test(sink, json_sink_writes_the_documented_shape)
{
    capture c;
    cap_open(&c);
    report_sink *s = sink_json_new(c.f, &meta);
    emit_sample(s);
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    cr_assert_str_eq(cap_close(&c), "{\n"
                                    "  \"schema\": \"custorient-report/2\",\n"
                                    "  \"title\": \"Report\",\n"
                                    "  \"library_version\": \"0.1.0\",\n"
                                    "  \"data_source\": \"sample\",\n"
                                    "  \"as_of\": \"2024-06-30\",\n"
                                    "  \"rfm\": {\n"
                                    "    \"customers\": 12,\n"
                                    "    \"share\": 0.25,\n"
                                    "    \"segments\": [\n"
                                    "      {\n"
                                    "        \"segment\": \"Champions\",\n"
                                    "        \"customers\": 1,\n"
                                    "        \"revenue\": 880.5\n"
                                    "      },\n"
                                    "      {\n"
                                    "        \"segment\": \"Lost \\\"old\\\"\",\n"
                                    "        \"customers\": 20,\n"
                                    "        \"revenue\": null\n"
                                    "      }\n"
                                    "    ]\n"
                                    "  }\n"
                                    "}\n");
    free(c.text);
}

Test(sink, text_sink_aligns_columns)
{
    capture c;
    cap_open(&c);
    report_sink *s = sink_text_new(c.f, &meta);
    emit_sample(s);
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    const char *t = cap_close(&c);
    cr_assert_not_null(strstr(t, "\nRFM segments\n------------\n"), "%s", t);
    /* Widths: the longest text per column (10, 9, 7), two spaces between
     * columns, text left-aligned and numbers right-aligned. */
    cr_assert_not_null(strstr(t, "  Segment     Customers  Revenue\n"
                                 "  Champions           1   880.50\n"
                                 "  Lost \"old\"         20        -\n"),
                       "%s", t);
    cr_assert_not_null(strstr(t, "  Share                                  0.25 %\n"), "%s", t);
    cr_assert_not_null(strstr(t, "  a <note>\n"));
    free(c.text);
}

Test(sink, text_notes_wrap_at_words)
{
    capture c;
    cap_open(&c);
    report_sink *s = sink_text_new(c.f, &meta);
    /* 19 five-letter words: 19 * 6 - 1 = 113 columns; the first line takes
     * the 12 words that fit in 76 (12 * 6 - 1 = 71). */
    s->note(s, "aaaaa bbbbb ccccc ddddd eeeee fffff ggggg hhhhh iiiii jjjjj kkkkk lllll "
               "mmmmm nnnnn ooooo ppppp qqqqq rrrrr sssss");
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    const char *t = cap_close(&c);
    cr_assert_not_null(strstr(t, "  aaaaa bbbbb ccccc ddddd eeeee fffff ggggg hhhhh iiiii jjjjj "
                                 "kkkkk lllll\n  mmmmm nnnnn ooooo ppppp qqqqq rrrrr sssss\n"),
                       "%s", t);
    free(c.text);
}

Test(term, escapes_what_a_terminal_would_execute)
{
    char buf[256];
    /* OSC 0 (set the title) ended by BEL, CSI 2J (clear), BS, CR, TAB, DEL. */
    cr_assert_eq(term_escape("a\x1b]0;t\x07\x1b[2J\b\r\t\x7f", buf, sizeof buf),
                 1 + 4 + 4 + 4 + 4 + 3 + 4 + 4 + 4 + 4);
    cr_assert_str_eq(buf, "a\\x1b]0;t\\x07\\x1b[2J\\x08\\x0d\\x09\\x7f");
    /* C1 CSI U+009B and NEL U+0085 (UTF-8 c2 9b, c2 85), the right-to-left
     * override U+202E (e2 80 ae), the isolate U+2067, U+2028, LRM U+200E. */
    term_escape("\xc2\x9b"
                "31m\xc2\x85x\xe2\x80\xae"
                "y\xe2\x81\xa7\xe2\x80\xa8\xe2\x80\x8e",
                buf, sizeof buf);
    cr_assert_str_eq(buf, "\\u009b31m\\u0085x\\u202ey\\u2067\\u2028\\u200e");
    /* Bytes that are not UTF-8 (a lone 0x9b would be CSI to an 8-bit terminal,
     * an overlong '/', a cut sequence) are shown byte by byte. */
    term_escape("\x9b\xc0\xaf\xe2\x82", buf, sizeof buf);
    cr_assert_str_eq(buf, "\\x9b\\xc0\\xaf\\xe2\\x82");
    /* Printable text, backslashes and non-ASCII letters pass unchanged. */
    term_escape("Zo\xc3\xab <a\\b> \xe5\xb1\xb1\xe7\x94\xb0 \xf0\x9f\x98\x8a", buf, sizeof buf);
    cr_assert_str_eq(buf, "Zo\xc3\xab <a\\b> \xe5\xb1\xb1\xe7\x94\xb0 \xf0\x9f\x98\x8a");
}

Test(term, width_counts_columns_not_bytes)
{
    /* e-acute 1 column, the CJK 山田 2 each, the emoji 2, a combining acute 0. */
    cr_assert_eq(term_width("Zo\xc3\xab"), 3);
    cr_assert_eq(term_width("\xe5\xb1\xb1\xe7\x94\xb0"), 4);
    cr_assert_eq(term_width("\xf0\x9f\x98\x8a"), 2);
    cr_assert_eq(term_width("e\xcc\x81"), 1);
    char buf[64];
    cr_assert_eq(term_escape("\xe5\xb1\xb1\x1b", buf, sizeof buf), 2 + 4);
}

Test(term, cuts_between_escapes_never_inside)
{
    char buf[8];
    /* "ab" (2) + "\x1b" (4) = 6 bytes fit in 8 with the NUL; the next escape does not. */
    cr_assert_eq(term_escape("ab\x1b\x1b", buf, sizeof buf), 6);
    cr_assert_str_eq(buf, "ab\\x1b");
    cr_assert_eq(term_escape("abcdef\xe5\xb1\xb1", buf, sizeof buf), 6);
    cr_assert_str_eq(buf, "abcdef");
    char one[1];
    cr_assert_eq(term_escape("x", one, sizeof one), 0);
    cr_assert_str_eq(one, "");
}

Test(sink, text_sink_escapes_data_and_aligns_by_display_width)
{
    capture c;
    cap_open(&c);
    report_meta evil_meta = {"Report", "data\x1b]0;x\x07", "2024-06-30", "0.1.0"};
    report_sink *s = sink_text_new(c.f, &evil_meta);
    s->section_begin(s, "rfm", "RFM segments");
    s->figure(s, "name", "Name", cell_text("a\rb"), NULL);
    s->table_begin(s, "segments", NULL, 3, keys, labels);
    cell row1[3] = {cell_text("\x1b[2J"), cell_int(1), cell_number(880.5, 2)};
    cell row2[3] = {cell_text("\xe5\xb1\xb1\xe7\x94\xb0"), cell_int(20), cell_number(NAN, 2)};
    s->row(s, row1);
    s->row(s, row2);
    s->table_end(s);
    s->note(s, "bad field '\x08\x08'");
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    const char *t = cap_close(&c);
    cr_assert_not_null(strstr(t, "  data: data\\x1b]0;x\\x07\n"), "%s", t);
    cr_assert_not_null(strstr(t, "  Name                                   a\\x0db\n"), "%s", t);
    /* Column widths: "\x1b[2J" escaped is 7 columns, 山田 4, "Segment" 7. */
    cr_assert_not_null(strstr(t, "  Segment  Customers  Revenue\n"
                                 "  \\x1b[2J          1   880.50\n"
                                 "  \xe5\xb1\xb1\xe7\x94\xb0            20        -\n"),
                       "%s", t);
    cr_assert_not_null(strstr(t, "  bad field '\\x08\\x08'\n"), "%s", t);
    for (const char *p = t; *p; p++)
        cr_assert(*p == '\n' || (unsigned char)*p >= 0x20, "raw control at %zu", (size_t)(p - t));
    free(c.text);
}

/* Up to `cap` - 1 bytes a pseudo-terminal's master side has to give, NUL-terminated. */
static size_t read_pty(int master, char *buf, size_t cap)
{
    size_t len = 0;
    struct pollfd p = {.fd = master, .events = POLLIN};
    while (len + 1 < cap && poll(&p, 1, 200) > 0) {
        ssize_t n = read(master, buf + len, cap - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return len;
}

/* progress() writes only to a terminal: stderr becomes a pseudo-terminal. */
Test(term, progress_escapes_its_text_but_keeps_its_own_line_control)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    cr_assert_geq(master, 0);
    cr_assert_eq(grantpt(master), 0);
    cr_assert_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    cr_assert_geq(slave, 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    cr_assert_eq(dup2(slave, STDERR_FILENO), STDERR_FILENO);

    /* A name from the data with OSC 0 (set the title) ended by BEL, a CR
     * that would overwrite the line, and CSI 2J (clear the screen). */
    progress(0, "custorient: reading %s ...", "cust\x1b]0;owned\x07\rx\x1b[2J");
    progress(1, "quiet: %s", "nothing");
    progress_done(0);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);

    char got[512];
    read_pty(master, got, sizeof got);
    close(slave);
    close(master);
    /* "\r" and "ESC [ K" (back to column 0, clear to the end of the line) are
     * the program's own; every control byte of the name is shown as \xHH. */
    cr_assert_str_eq(got, "\r\x1b[K"
                          "custorient: reading cust\\x1b]0;owned\\x07\\x0dx\\x1b[2J ..."
                          "\r\x1b[K");
}

Test(sink, text_cells_are_cut_between_characters)
{
    capture c;
    cap_open(&c);
    report_sink *s = sink_text_new(c.f, &meta);
    /* 94 letters and an e-acute (2 bytes): a cell keeps 95 bytes, so the cut
     * falls inside the e-acute, which is left out whole. */
    char name[128];
    memset(name, 'a', 94);
    strcpy(name + 94, "\xc3\xa9");
    s->table_begin(s, "t", NULL, 1, keys, labels);
    cell row[1] = {cell_text(name)};
    s->row(s, row);
    s->table_end(s);
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    const char *t = cap_close(&c);
    name[94] = '\0';
    char want[160];
    snprintf(want, sizeof want, "  %s\n", name);
    cr_assert_not_null(strstr(t, want), "%s", t);
    cr_assert_null(strstr(t, "\\xc3"), "%s", t);
    free(c.text);
}

Test(sink, html_sink_escapes_and_closes_the_page)
{
    capture c;
    cap_open(&c);
    report_sink *s = sink_html_new(c.f, &meta);
    emit_sample(s);
    const char *names[1] = {"x"};
    const double v[1] = {1};
    svg_bar_chart bars = {
        .id = "segment-sizes", .title = "Sizes", .n = 1, .names = names, .values = v};
    s->chart(s, CHART_BARS, &bars);
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    const char *h = cap_close(&c);
    cr_assert(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    cr_assert_not_null(strstr(h, "<td>Lost &quot;old&quot;</td>"));
    cr_assert_not_null(strstr(h, "<p class=\"note\">a &lt;note&gt;</p>"));
    cr_assert_not_null(strstr(h, "<section id=\"rfm\">"));
    cr_assert_not_null(strstr(h, "id=\"segment-sizes\""));
    cr_assert_null(strstr(h, "<script"));
    cr_assert_null(strstr(h, "http://") == NULL ? NULL : strstr(h, "src="));
    cr_assert_str_eq(h + strlen(h) - 24, "</main>\n</body>\n</html>\n");
    free(c.text);
}

Test(sink, tee_forwards_to_both)
{
    capture a, b;
    cap_open(&a);
    cap_open(&b);
    report_sink *s = sink_tee_new(sink_text_new(a.f, &meta), sink_json_new(b.f, &meta));
    emit_sample(s);
    cr_assert_eq(s->finish(s), 0);
    s->destroy(s);
    cr_assert_not_null(strstr(cap_close(&a), "Champions"));
    cr_assert_not_null(strstr(cap_close(&b), "\"Champions\""));
    free(a.text);
    free(b.text);
}

/* Parse a command line given as one string of space-separated words. */
static int parse(const char *line, cli_args *out, char **err_text)
{
    /* The operand and option values point into this copy, which lasts until
     * the next call (each test reads the last parse only). */
    static char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    char *argv[16];
    int argc = 0;
    for (char *w = strtok(copy, " "); w && argc < 16; w = strtok(NULL, " "))
        argv[argc++] = w;
    size_t len;
    FILE *err = open_memstream(err_text, &len);
    int rc = args_parse(argc, argv, out, err);
    fclose(err);
    return rc;
}

Test(args, report_with_options_in_any_order)
{
    cli_args a;
    char *err;
    cr_assert_eq(parse("custorient report --json data --as-of=2024-06-30 --html out.html", &a,
                       &err),
                 EXIT_OK, "%s", err);
    cr_assert_eq(a.cmd, CMD_REPORT);
    cr_assert_str_eq(a.operand, "data");
    cr_assert(a.json && a.has_as_of);
    /* 2024-06-30: 19723 days after 1970-01-01 (54 years, 13 leap days, + 181). */
    cr_assert_eq(a.as_of, 54 * 365 + 13 + 181);
    cr_assert_str_eq(a.html, "out.html");
    free(err);
    cr_assert_eq(parse("custorient report", &a, &err), EXIT_OK);
    cr_assert_null(a.operand);
    cr_assert_eq(a.top, 10);
    free(err);
}

Test(args, usage_errors_say_what_is_wrong)
{
    cli_args a;
    char *err;
    cr_assert_eq(parse("custorient", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "missing command"));
    free(err);
    cr_assert_eq(parse("custorient frobnicate", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "unknown command 'frobnicate'"));
    free(err);
    cr_assert_eq(parse("custorient nps", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "custorient nps: missing FILE"), "%s", err);
    free(err);
    cr_assert_eq(parse("custorient report --as-of 2023-02-29", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "--as-of needs a date YYYY-MM-DD (got '2023-02-29')"));
    free(err);
    cr_assert_eq(parse("custorient report a b", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "unexpected argument 'b'"));
    free(err);
    cr_assert_eq(parse("custorient generate out --json", &a, &err), EXIT_USAGE);
    cr_assert_not_null(strstr(err, "unknown option '--json'"));
    free(err);
    cr_assert_eq(parse("custorient rfm f --top 0", &a, &err), EXIT_USAGE);
    free(err);
    cr_assert_eq(parse("custorient report --html", &a, &err), EXIT_USAGE);
    free(err);
    /* --instrument only picks how --answers are scored. */
    cr_assert_eq(parse("custorient report --instrument sales-customer-orientation", &a, &err),
                 EXIT_USAGE);
    cr_assert_not_null(strstr(err, "custorient report: --instrument needs --answers FILE"), "%s",
                       err);
    free(err);
    cr_assert_eq(parse("custorient report --instrument x --answers a.csv", &a, &err), EXIT_OK);
    cr_assert_str_eq(a.instrument, "x");
    free(err);
}

Test(args, scheduler_takes_a_data_dir_and_json_only)
{
    cli_args a;
    char *err;
    cr_assert_eq(parse("custorient report data --scheduler tcp://h:8786 --as-of 2024-06-30", &a,
                       &err),
                 EXIT_OK);
    cr_assert_str_eq(a.scheduler, "tcp://h:8786");
    cr_assert_str_eq(a.operand, "data");
    free(err);
    /* The cluster's report reads a data directory and writes JSON only. */
    const char *refused[] = {"custorient report --scheduler tcp://h:8786",
                             "custorient report data --scheduler tcp://h:8786 --html x.html",
                             "custorient report data --scheduler tcp://h:8786 --answers a.csv",
                             "custorient report data --scheduler tcp://h:8786 --stream",
                             "custorient report data --scheduler",
                             "custorient nps f --scheduler x"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        cr_assert_eq(parse(refused[i], &a, &err), EXIT_USAGE, "%s", refused[i]);
        free(err);
    }
}

Test(args, help_and_version_need_no_operand)
{
    cli_args a;
    char *err;
    cr_assert_eq(parse("custorient --help", &a, &err), EXIT_OK);
    cr_assert(a.help);
    free(err);
    cr_assert_eq(parse("custorient churn --help", &a, &err), EXIT_OK);
    cr_assert(a.help && a.cmd == CMD_CHURN);
    free(err);
    cr_assert_eq(parse("custorient --version", &a, &err), EXIT_OK);
    cr_assert(a.version);
    free(err);
    cr_assert_eq(parse("custorient generate d --customers 50 --seed 7", &a, &err), EXIT_OK);
    cr_assert_eq(a.customers, 50);
    cr_assert(a.has_seed);
    cr_assert_eq(a.seed, 7);
    free(err);
}

/* Instrument answers. The built-in "customer-orientation" instrument has 14
 * items, think1 ... redesign2, in this order. */
static const char *const co_items[14] = {"think1",    "think2",   "assess1",    "assess2",
                                         "resolve1",  "resolve2", "add_value1", "add_value2",
                                         "amends1",   "amends2",  "special1",   "special2",
                                         "redesign1", "redesign2"};

static co_instrument *builtin(void)
{
    co_instrument *inst = NULL;
    cr_assert_eq(co_instrument_builtin("customer-orientation", &inst), CO_OK);
    cr_assert_eq(co_instrument_item_count(inst), 14);
    return inst;
}

/* A header in reverse item order with an extra id column, then rows. */
static void header_reversed(char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "id");
    for (int k = 13; k >= 0; k--)
        used += (size_t)snprintf(buf + used, size - used, ",%s", co_items[k]);
    snprintf(buf + used, size - used, "\r\n");
}

Test(answers, maps_columns_by_item_id_and_reads_missing_values)
{
    co_instrument *inst = builtin();
    char text[1024];
    header_reversed(text, sizeof text);
    /* Row r1: item k (in instrument order) answered 1 + k % 7, given in reverse order. */
    strcat(text, "\xef\xbb\xbfr1");
    for (int k = 13; k >= 0; k--) {
        char v[8];
        snprintf(v, sizeof v, ",%d", 1 + k % 7);
        strcat(text, v);
    }
    strcat(text, "\n\n  \nr2, NA ,,7,7,7,7,7,7,7,7,7,7,7,na\n");
    double *m = NULL;
    size_t rows = 0;
    char err[256] = "";
    /* The byte-order mark is only skipped on line 1: here it sits in a field
     * that is ignored (the id column). */
    cr_assert_eq(answers_parse(text, strlen(text), "a.csv", inst, &m, &rows, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(rows, 2);
    for (int k = 0; k < 14; k++)
        cr_assert_eq(m[k], 1 + k % 7, "item %d", k);
    /* r2 reversed: redesign2 = NA, redesign1 empty, special2..think2 = 7, think1 = na. */
    cr_assert(isnan(m[14 + 13]) && isnan(m[14 + 12]) && isnan(m[14 + 0]));
    cr_assert_eq(m[14 + 5], 7);
    free(m);
    co_instrument_free(inst);
}

static void expect_error(const char *text, const char *want)
{
    co_instrument *inst = builtin();
    double *m = NULL;
    size_t rows = 0;
    char err[256] = "";
    cr_assert_eq(answers_parse(text, strlen(text), "a.csv", inst, &m, &rows, err, sizeof err), -1);
    cr_assert_str_eq(err, want);
    cr_assert_null(m);
    co_instrument_free(inst);
}

Test(answers, errors_name_line_and_column)
{
    char text[1024];
    expect_error("", "a.csv:1:1: empty file: a header row naming the items is required");
    expect_error("think1,think2\n1,2\n", "a.csv:1:1: no column for item 'assess1'");
    header_reversed(text, sizeof text);
    strcat(text, "r1,1,2\n");
    expect_error(text, "a.csv:2:1: 3 fields where the header has 15");
    header_reversed(text, sizeof text);
    strcat(text, "r1,1,2,3,4,5,6,7,1,2,3,4,5,six,7\n");
    /* "six" is the 14th field: columns 1 + 3 (r1,) + 12 * 2 = 28. */
    expect_error(text, "a.csv:2:28: 'six' is not a number, empty or NA");
    /* CSV syntax errors come from the library's reader: the quote opened at
     * line 2, column 4 ("r1," before it) is never closed. */
    header_reversed(text, sizeof text);
    strcat(text, "r1,\"1,2\n");
    expect_error(text, "a.csv:2:4: unterminated quoted field");
}

Test(answers, reads_quoted_fields)
{
    co_instrument *inst = builtin();
    char text[1024];
    header_reversed(text, sizeof text);
    /* A quoted id holding a comma and a line break, and quoted answers: the
     * fields of the reversed header are redesign2 ... think1, so redesign2
     * is 2 and every other item 5. */
    strcat(text, "\"r,\n1\",\"2\",5,5,5,5,5,5,5,5,5,5,5,5,\" 5 \"\n");
    double *m = NULL;
    size_t rows = 0;
    char err[256] = "";
    cr_assert_eq(answers_parse(text, strlen(text), "a.csv", inst, &m, &rows, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(rows, 1);
    cr_assert_eq(m[13], 2);
    for (int k = 0; k < 13; k++)
        cr_assert_eq(m[k], 5, "item %d", k);
    free(m);
    co_instrument_free(inst);
}
