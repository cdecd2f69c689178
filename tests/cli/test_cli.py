"""End-to-end tests of the custorient program: exit codes, messages, outputs,
and the JSON report checked against figures computed independently with
pandas from the same CSV files (independent.py).

Run by ctest (test `cli`) with CUSTORIENT set to the program and
CO_SOURCE_DIR to the source tree.
"""

import csv
import json
import os
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

import independent

PROGRAM = os.environ.get("CUSTORIENT", "custorient")
SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SHOP = os.path.join(SOURCE, "tests", "cli", "data", "shop")
SAMPLE = os.path.join(SOURCE, "data", "sample")


def run(*args, cwd=None):
    return subprocess.run([PROGRAM, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def report_json(*args):
    p = run("report", *args, "--json")
    assert p.returncode == 0, p.stderr
    assert p.stderr == "", "no progress unless stderr is a terminal"
    return json.loads(p.stdout)


@pytest.mark.parametrize("command", ["report", "nps", "churn", "rfm", "generate", "summarize"])
def test_every_command_has_help(command):
    p = run(command, "--help")
    assert p.returncode == 0
    assert p.stdout.startswith("Usage: custorient " + command)
    assert "Exit status" in p.stdout


def test_program_help_and_version():
    p = run("--help")
    assert p.returncode == 0 and "Commands:" in p.stdout
    p = run("--version")
    assert p.returncode == 0 and re.fullmatch(r"custorient \d+\.\d+\.\d+\n", p.stdout)


@pytest.mark.parametrize("args, message", [
    ((), "missing command"),
    (("frobnicate",), "unknown command 'frobnicate'"),
    (("report", "--as-of", "2024-13-01"), "--as-of needs a date"),
    (("report", "--bogus"), "unknown option '--bogus'"),
    (("nps",), "missing FILE"),
    (("report", "--instrument", "sales-customer-orientation"), "--instrument needs --answers"),
])
def test_usage_errors_exit_2(args, message):
    p = run(*args)
    assert p.returncode == 2
    assert message in p.stderr
    assert p.stdout == ""


def test_missing_inputs_exit_3(tmp_path):
    p = run("report", str(tmp_path / "nowhere"))
    assert p.returncode == 3
    assert "nowhere: no such directory" in p.stderr
    p = run("report", str(tmp_path))
    assert p.returncode == 3 and "no customers.csv" in p.stderr
    p = run("nps", str(tmp_path / "feedback.csv"))
    assert p.returncode == 3 and "no such file" in p.stderr
    (tmp_path / "orders.csv").write_text("order_id,customer_id,date,amount\n")
    p = run("rfm", str(tmp_path / "orders.csv"))
    assert p.returncode == 3 and "customers.csv" in p.stderr


def test_malformed_data_exit_4_with_place(tmp_path):
    for name in ("customers.csv", "orders.csv"):
        (tmp_path / name).write_text(open(os.path.join(SHOP, name), encoding="utf-8").read())
    with open(tmp_path / "orders.csv", "a") as f:
        f.write('o9999,c01,2024-02-30,1.00\n')
    p = run("report", str(tmp_path))
    assert p.returncode == 4
    lines = open(tmp_path / "orders.csv").read().count("\n")
    assert re.search(r"orders\.csv:%d:\d+: " % lines, p.stderr), p.stderr


def test_unknown_customer_is_named_once_with_its_place(tmp_path):
    for name in ("customers.csv", "orders.csv"):
        (tmp_path / name).write_text(open(os.path.join(SHOP, name), encoding="utf-8").read())
    with open(tmp_path / "orders.csv", "a") as f:
        f.write("o9999,nobody,2024-02-01,1.00\n")
    p = run("report", str(tmp_path))
    assert p.returncode == 4
    lines = open(tmp_path / "orders.csv").read().count("\n")
    # "o9999," is 6 bytes: the customer id starts in column 7.
    place = "%s:%d:7: " % (tmp_path / "orders.csv", lines)
    assert p.stderr == "custorient: %sunknown customer 'nobody'\n" % place, p.stderr


def test_unwritable_html_exits_5_and_keeps_nothing(tmp_path):
    p = run("report", SHOP, "--html", str(tmp_path / "missing" / "r.html"))
    assert p.returncode == 5 and "cannot write" in p.stderr


def test_shop_report_matches_pandas():
    got = report_json(SHOP)
    c, o, f, k = independent.load(SHOP)
    as_of = independent.as_of_default(c, o, f, k)
    assert got["schema"] == "custorient-report/2"
    assert got["as_of"] == as_of.strftime("%Y-%m-%d")
    check_report(got, c, o, f, k, as_of)


def test_sample_report_matches_pandas():
    if not os.path.exists(os.path.join(SAMPLE, "customers.csv")):
        pytest.skip("no built-in sample in this tree")
    got = report_json()
    assert got["data_source"] == "built-in sample"
    assert got["at_risk"]["bands"] == "computed"  # 4000 customers pin the parameters down
    c, o, f, k = independent.load(SAMPLE)
    as_of = independent.as_of_default(c, o, f, k)
    check_report(got, c, o, f, k, as_of)


def test_as_of_cuts_the_data():
    got = report_json(SHOP, "--as-of", "2024-06-30")
    c, o, f, k = independent.load(SHOP)
    check_report(got, c, o, f, k, pd.Timestamp("2024-06-30"))


def test_backtest_list_buys_again_less_than_the_base():
    """The evidence under the at-risk list: the list the report makes half a year
    before the as-of day (the report as of that day shows it) is checked with
    pandas against the orders since, and its customers ordered again far less
    often than the base (tests/reference/atrisk_backtest_reference.py measures
    the same from the CSV files: 4.0% of 100 against 26.5% of 3420)."""
    if not os.path.exists(os.path.join(SAMPLE, "customers.csv")):
        pytest.skip("no built-in sample in this tree")
    c, o, f, k = independent.load(SAMPLE)
    as_of = independent.as_of_default(c, o, f, k)
    start = as_of - pd.Timedelta(days=182)
    risk = report_json("--top", "100")["at_risk"]
    earlier = report_json("--top", "100", "--as-of", start.strftime("%Y-%m-%d"))
    listed = [r["customer_id"] for r in earlier["at_risk"]["customers"]]
    assert len(set(listed)) == 100
    bought = independent.repurchased(o, start, 182)
    share = sum(cid in bought for cid in listed) / len(listed)
    ranked, base_rate = independent.repurchase_base(o, start, 182)
    assert risk["backtest_listed"] == 100
    assert risk["backtest_listed_rate"] == pytest.approx(100 * share, rel=1e-12)
    assert risk["backtest_base_rate"] == pytest.approx(100 * base_rate, rel=1e-12)
    assert share < base_rate / 2, "the listed customers are leaving"


def test_backtest_says_when_the_data_end_before_the_as_of_day():
    got = report_json(SHOP, "--as-of", "2025-06-30")
    risk = got["at_risk"]
    assert risk["backtest_coverage"] == "not covered: the data end before the as-of day"
    assert risk["backtest_lift"] is None and risk["backtest_listed_rate"] is None
    p = run("report", SHOP, "--as-of", "2025-06-30")
    assert "Backtest data                          not covered: the data end" in p.stdout


def check_report(got, c, o, f, k, as_of):
    base = independent.customer_base(c, o, f, k, as_of)
    for key, want in base.items():
        if isinstance(want, float):
            assert got["customers"][key] == pytest.approx(want, rel=1e-12), key
        else:
            assert got["customers"][key] == want, key

    want = independent.nps(f, as_of)
    for key in ("responses", "detractors", "passives", "promoters"):
        assert got["nps"][key] == want[key], key
    for key in ("nps", "se", "ci_lower", "ci_upper"):
        assert got["nps"][key] == pytest.approx(want[key], abs=1e-9), key
    monthly = got["nps"]["monthly"]
    assert [(m["month"], m["responses"]) for m in monthly] == \
        [(m, n) for m, n, _ in want["monthly"]]
    for row, (_, _, score) in zip(monthly, want["monthly"]):
        assert row["nps"] == pytest.approx(score, abs=1e-9)
        assert row["lower"] <= row["upper"]
    assert monthly[0]["change"] is None
    assert got["nps"]["significant_changes"] == sum(m["significant"] != "" for m in monthly)

    n, share, mean = independent.box_share(f, as_of, "csat", 4)
    assert got["csat"]["responses"] == n
    assert got["csat"]["score"] == pytest.approx(share, abs=1e-9)
    assert got["csat"]["mean"] == pytest.approx(mean, abs=1e-9)
    n, share, mean = independent.box_share(f, as_of, "ces", 5)
    assert got["ces"]["responses"] == n
    assert got["ces"]["score"] == pytest.approx(share, abs=1e-9)

    texts = f[(f["date"] <= as_of) & (f["text"] != "")]
    assert got["sentiment"]["texts"] == len(texts)

    win = independent.retention_window(c, o, as_of)
    for key, value in win.items():
        assert got["retention"][key] == value, key

    segments = independent.rfm_segments(o, as_of)
    rows = {row["segment"]: row for row in got["rfm"]["segments"]}
    assert len(rows) == 12
    for name, row in rows.items():
        assert row["customers"] == segments.get(name, 0), name
    assert got["rfm"]["scored_customers"] == base["buyers"]
    assert sum(r["revenue"] for r in rows.values()) == pytest.approx(base["revenue"])

    models = got["models"]
    assert models["customers"] == base["buyers"]
    assert sum(b["customers"] for b in models["p_alive_distribution"]) == base["buyers"]
    assert 0 <= models["mean_p_alive"] <= 1
    risk = got["at_risk"]["customers"]
    assert [r["rank"] for r in risk] == list(range(1, len(risk) + 1))
    for r in risk:  # every documented key (docs/report.md), none dropped by a sink
        assert list(r) == ["rank", "customer_id", "name", "p_alive", "p_alive_lower",
                           "p_alive_upper", "clv_12m", "clv_12m_lower", "clv_12m_upper",
                           "value_if_retained", "value_at_risk", "days_since_last_order",
                           "days_since_detractor", "open_contacts", "reasons"], list(r)
    values = [r["value_at_risk"] for r in risk]
    assert values == sorted(values, reverse=True)
    last = o[o["date"] <= as_of].groupby("customer_id")["date"].max()
    for r in risk:
        # Value at risk is what is lost if the customer has gone: P(gone) x the value
        # if retained; the CLV is that value weighted by P(alive) (docs/report.md).
        assert r["value_at_risk"] == pytest.approx((1 - r["p_alive"]) * r["value_if_retained"],
                                                   rel=1e-12)
        assert r["clv_12m"] == pytest.approx(r["p_alive"] * r["value_if_retained"], rel=1e-9,
                                             abs=1e-9)
        assert r["days_since_last_order"] == (as_of - last[r["customer_id"]]).days
        check_bands(r, got["at_risk"]["bands"])
    assert got["at_risk"]["band_level"] == 0.9 and got["at_risk"]["band_draws"] == 1000
    check_backtest(got["at_risk"], o, as_of, len(risk))


def check_bands(r, status):
    """A listed customer's 90% bands hold the point figures and stay in their
    ranges. The band values themselves are checked against a numpy Monte-Carlo in
    tests/clv_band_test.c and tests/uncertainty_test.c; here, that the report
    shows the band of the figure next to it (the same customer, model and units:
    the point lies inside, and an uncertain P(alive) gets a band of some width).
    Bands that could not be computed are null, and `bands` says why."""
    keys = ("p_alive_lower", "p_alive_upper", "clv_12m_lower", "clv_12m_upper")
    if status != "computed":
        assert status.startswith("not computed: ") and all(r[k] is None for k in keys), r
        return
    assert 0 <= r["p_alive_lower"] <= r["p_alive"] <= r["p_alive_upper"] <= 1, r
    assert 0 <= r["clv_12m_lower"] <= r["clv_12m"] <= r["clv_12m_upper"], r
    if 0.01 < r["p_alive"] < 0.99:
        assert r["p_alive_upper"] - r["p_alive_lower"] > 1e-4 * r["p_alive"], r
        assert r["clv_12m_upper"] - r["clv_12m_lower"] > 1e-4 * r["clv_12m"], r


def check_backtest(risk, o, as_of, listed):
    """The backtest's base figures against pandas; the list itself is checked by
    test_backtest_list_buys_again_less_than_the_base."""
    start = as_of - pd.Timedelta(days=182)
    assert risk["backtest_from"] == start.strftime("%Y-%m-%d")
    assert risk["backtest_days"] == 182
    if o["date"].min() > start:
        assert risk["backtest_coverage"] == "not covered: no order on or before " + \
            start.strftime("%Y-%m-%d")
        for key in ("listed", "listed_rate", "ranked", "base_rate", "lift"):
            assert risk["backtest_" + key] is None, key
        return
    ranked, base_rate = independent.repurchase_base(o, start, 182)
    assert risk["backtest_coverage"] == "covered"
    assert risk["backtest_listed"] == min(listed, ranked)
    assert risk["backtest_ranked"] == ranked
    assert risk["backtest_base_rate"] == pytest.approx(100 * base_rate, rel=1e-12)
    assert risk["backtest_lift"] == pytest.approx(
        risk["backtest_listed_rate"] / risk["backtest_base_rate"], rel=1e-12)


def test_html_is_one_self_contained_page(tmp_path):
    out = tmp_path / "report.html"
    p = run("report", SHOP, "--html", str(out))
    assert p.returncode == 0, p.stderr
    assert os.listdir(tmp_path) == ["report.html"], "no temporary file left behind"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|src=|url\(", page)
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    ids = [ET.fromstring(svg).get("id") for svg in svgs]  # each chart is well-formed XML
    assert ids == ["nps-trend", "retention-curve", "model-check-period-transactions",
                   "model-check-calibration-holdout", "model-check-cumulative", "palive-map",
                   "segment-sizes"]
    # Texts from the data come out escaped (the shop has a customer "Zoë <Admin>").
    assert "<Admin>" not in page


def test_text_report_has_every_section():
    p = run("report", SHOP)
    assert p.returncode == 0
    for title in ("Customer base and activity", "Net Promoter Score",
                  "Customer satisfaction (CSAT)", "Customer effort (CES 2.0)",
                  "Feedback sentiment and pain points", "Retention and churn",
                  "Customer intents in feedback", "Purchase and spend models",
                  "Customers most at risk", "RFM segments"):
        assert "\n" + title in p.stdout, title


@pytest.mark.parametrize("command, name, sections", [
    ("nps", "feedback.csv", ["nps"]),
    ("churn", "orders.csv", ["customers", "retention", "models", "at_risk"]),
    ("rfm", "orders.csv", ["customers", "rfm"]),
])
def test_single_file_commands(command, name, sections):
    p = run(command, os.path.join(SHOP, name), "--json", "--top", "3")
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert [k for k in got if isinstance(got[k], dict)] == sections
    if "at_risk" in got:
        assert len(got["at_risk"]["customers"]) == 3


def test_generate_is_reproducible_and_reportable(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        p = run("generate", str(d), "--customers", "300", "--seed", "11")
        assert p.returncode == 0, p.stderr
    for name in ("customers.csv", "orders.csv", "feedback.csv", "contacts.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert len(pd.read_csv(a / "customers.csv")) == 300
    p = run("report", str(a), "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["customers"]["customers"] == 300


ANSWERS = os.path.join(SOURCE, "tests", "cli", "data", "answers.csv")
# The built-in customer-orientation instrument: subscale -> items, and the
# reverse-coded items (scored 8 - answer on its 1-7 scale).
SUBSCALES = {"think": ["think1", "think2"], "assess": ["assess1", "assess2"],
             "resolve": ["resolve1", "resolve2"], "add_value": ["add_value1", "add_value2"],
             "amends": ["amends1", "amends2"], "special": ["special1", "special2"],
             "redesign": ["redesign1", "redesign2"]}
SUBSCALES["overall"] = [i for items in list(SUBSCALES.values()) for i in items]
REVERSED = {"assess2", "special2"}


def test_instrument_scores_match_pandas():
    p = run("report", SHOP, "--json", "--answers", ANSWERS)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)["instrument"]
    a = pd.read_csv(ANSWERS, na_values=["NA"])
    for item in REVERSED:
        a[item] = 8 - a[item]
    assert got["respondents"] == len(a)
    rows = {r["subscale"]: r for r in got["subscales"]}
    for name, items in SUBSCALES.items():
        sub = a[items]
        # Mean of the answered items, for respondents who answered at least half.
        score = sub.mean(axis=1).where(sub.notna().sum(axis=1) >= len(items) / 2)
        assert rows[name]["scored"] == int(score.notna().sum()), name
        assert rows[name]["mean"] == pytest.approx(score.mean(), abs=1e-12), name
        assert rows[name]["sd"] == pytest.approx(score.std(ddof=1), abs=1e-12), name
        complete = sub.dropna()
        k = len(items)
        alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / complete.sum(axis=1).var(ddof=1))
        assert rows[name]["alpha"] == pytest.approx(alpha, abs=1e-12), name


def test_instrument_answer_errors(tmp_path):
    p = run("report", SHOP, "--answers", str(tmp_path / "none.csv"))
    assert p.returncode == 3 and "none.csv" in p.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("think1,think2\n1,2\n")
    p = run("report", SHOP, "--answers", str(bad))
    assert p.returncode == 4 and "bad.csv:1:1: no column for item 'assess1'" in p.stderr
    p = run("report", SHOP, "--answers", ANSWERS, "--instrument", "nonesuch")
    assert p.returncode == 3 and "neither a file nor a built-in instrument" in p.stderr


def test_progress_only_on_a_terminal(tmp_path):
    import shutil
    if not shutil.which("script"):
        pytest.skip("script(1) not installed")
    log = tmp_path / "tty.log"
    cmd = "%s report %s --json > /dev/null" % (PROGRAM, SHOP)
    subprocess.run(["script", "-qc", cmd, str(log)], capture_output=True, timeout=300)
    assert "custorient: fitting the purchase and spend models ..." in log.read_text(
        errors="replace")
    subprocess.run(["script", "-qc", cmd + " --quiet", str(log)], capture_output=True,
                   timeout=300)
    assert "custorient: " not in log.read_text(errors="replace")


def test_closed_stdout_still_finishes_the_html(tmp_path):
    out = tmp_path / "report.html"
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: every write fails, as after `| head` exits
    p = subprocess.run([PROGRAM, "report", SHOP, "--html", str(out)], stdout=write_end,
                       stderr=subprocess.PIPE, timeout=300)
    os.close(write_end)
    err = p.stderr.decode()
    assert p.returncode == 5
    assert "cannot write the report to standard output" in err
    assert os.listdir(tmp_path) == ["report.html"]
    assert out.read_text(encoding="utf-8").endswith("</html>\n")


# Characters a terminal executes or that reorder a line: C0 controls but the
# newline, DEL, C1 controls and the bidirectional controls.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")
EVIL_NAMES = ["\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "ab\x08\x08Z", "\u009b31m", "\u202eevil",
              "Zo\u00eb \u5c71\u7530"]


def columns(text):
    """Terminal columns of text: East Asian wide and fullwidth characters take 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shop_with_names(tmp_path, names):
    tmp_path.mkdir()
    with open(os.path.join(SHOP, "customers.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for i, row in enumerate(rows[1:]):
        row[1] = names[i % len(names)] + " " + row[1]
    with open(tmp_path / "customers.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    for name in ("orders.csv", "feedback.csv", "contacts.csv"):
        (tmp_path / name).write_text(open(os.path.join(SHOP, name), encoding="utf-8").read(),
                                     encoding="utf-8")
    return tmp_path


def test_text_report_escapes_terminal_controls_and_keeps_columns(tmp_path):
    data = shop_with_names(tmp_path / "shop", EVIL_NAMES)
    p = run("report", str(data), "--top", "60")
    assert p.returncode == 0, p.stderr
    assert not RAW_CONTROL.search(p.stdout), repr(RAW_CONTROL.search(p.stdout))
    for shown in (r"\x1b]0;pwned\x07", r"\x1b[2J\x1b[H", r"ab\x08\x08Z", r"\u009b31m",
                  r"\u202eevil", "Zo\u00eb \u5c71\u7530"):
        assert shown in p.stdout, shown
    # The at-risk table: P(alive) (3 decimals), its band (3 decimals, "-" where the
    # 60 customers leave it uncomputed) then CLV (2 decimals), right-aligned, so every
    # row's P(alive) ends in the column where the header's label ends.
    table = p.stdout.split("Top customers by value at risk\n")[1].split("\n  Value")[0]
    header, *rows = table.split("\n")
    end = columns(header[:header.index("P(alive)") + len("P(alive)")])
    assert len(rows) >= 40
    for row in rows:
        m = re.search(r" (\d\.\d{3}) +(\d\.\d{3}|-) +(\d\.\d{3}|-) +\d+\.\d\d ", row)
        assert columns(row[:m.end(1)]) == end, row
    # JSON escapes them too, and decodes to the names as they are in the file.
    p = run("report", str(data), "--json", "--top", "60")
    assert p.returncode == 0 and not RAW_CONTROL.search(p.stdout)
    names = {c["name"].split(" ")[0] for c in json.loads(p.stdout)["at_risk"]["customers"]}
    assert names == {n.split(" ")[0] for n in EVIL_NAMES}


def test_messages_escape_names_ids_and_values(tmp_path):
    # A file name (a missing directory), an option and an unknown customer id
    # quoted by the library's message (co_errmsg()).
    p = run("report", str(tmp_path / "no\x1b]0;x\x07where"))
    assert p.returncode == 3
    assert r"no\x1b]0;x\x07where: no such directory" in p.stderr
    p = run("report", "--bo\x1b[2Jgus")
    assert p.returncode == 2 and r"unknown option '--bo\x1b[2Jgus'" in p.stderr
    p = run("generate", str(tmp_path / "gen\u202e\x07"), "--customers", "5")
    assert p.returncode == 0 and p.stdout.endswith("to %s\n" % (tmp_path / r"gen\u202e\x07"))
    data = shop_with_names(tmp_path / "shop", ["x"])
    with open(data / "orders.csv", "a", encoding="utf-8") as f:
        f.write("o9999,\"c\x1b]0;pwned\x07\u202e\",2024-02-01,1.00\n")
    p = run("report", str(data))
    assert p.returncode == 4
    assert r"unknown customer 'c\x1b]0;pwned\x07\u202e'" in p.stderr, p.stderr
    for err in (p.stderr,):
        assert not RAW_CONTROL.search(err), repr(err)


def test_a_spend_that_overflows_is_bad_data_naming_the_file(tmp_path):
    # Two orders of 1e308 each: their sum is beyond the largest double (~1.8e308).
    (tmp_path / "customers.csv").write_text(open(os.path.join(SHOP, "customers.csv"),
                                                 encoding="utf-8").read(), encoding="utf-8")
    (tmp_path / "orders.csv").write_text("order_id,customer_id,date,amount\n"
                                         "o1,c01,2024-02-01,1e308\no2,c01,2024-02-02,1e308\n")
    for args in (("report", str(tmp_path)), ("churn", str(tmp_path / "orders.csv"))):
        p = run(*args)
        assert p.returncode == 4, (args, p.stderr)
        assert p.stderr == "custorient: %s: total spend of customer 'c01' overflows a double\n" \
            % (tmp_path / "orders.csv"), p.stderr


def test_sample_intents_and_cancel_reasons_match_the_generator_sentences():
    if not os.path.exists(os.path.join(SAMPLE, "customers.csv")):
        pytest.skip("no built-in sample in this tree")
    got = report_json("--top", "300")
    c, o, f, k = independent.load(SAMPLE)
    as_of = independent.as_of_default(c, o, f, k)
    want = independent.intents(f, as_of)
    section = got["intents"]
    for key in ("texts", "cancel_texts", "refund_texts"):
        assert section[key] == want[key], key
    assert section["cancel_customers"] == len(want["last_cancel"])
    assert want["cancel_texts"] > 50 and want["refund_texts"] > 50
    assert [(m["month"], m["cancel"], m["refund"]) for m in section["monthly"]] == want["monthly"]
    said = 0
    for row in got["at_risk"]["customers"]:
        day = want["last_cancel"].get(row["customer_id"])
        reason = "said they would cancel on %s" % day.strftime("%Y-%m-%d") if day is not None \
            else "said they would cancel"
        assert (reason in row["reasons"]) == (day is not None), (row["customer_id"], row["reasons"])
        said += day is not None
    assert said > 0, "some customers who said so are among the 300 most at risk"
