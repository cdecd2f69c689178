"""The report's model check against `validate` with the same calibration end,
the model choice rule, and the charts of `validate --html` against its JSON.
Independent figures: the choice rule of docs/models.md applied to the
comparison rows, and the actual cumulative repeat purchases counted with
pandas from the orders file."""

import datetime
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

PROGRAM = os.environ.get("CUSTORIENT", "custorient")
SVG = "{http://www.w3.org/2000/svg}"


def run(*args):
    p = subprocess.run([PROGRAM, *args], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return p


def report_json(*args):
    return json.loads(run("report", *args, "--json").stdout)


def day_minus(iso, days):
    return (datetime.date.fromisoformat(iso) - datetime.timedelta(days=days)).isoformat()


def expected_choice(rows):
    """docs/models.md: the lower holdout MAE, or the lower BIC when the MAEs lie within 1%."""
    bg, pn = rows["BG/NBD"], rows["Pareto/NBD"]
    if abs(bg["mae"] - pn["mae"]) <= 0.01 * min(bg["mae"], pn["mae"]):
        return ("BG/NBD" if bg["bic"] <= pn["bic"] else "Pareto/NBD",
                "holdout MAEs within 1%: lower BIC")
    return ("BG/NBD" if bg["mae"] < pn["mae"] else "Pareto/NBD", "lowest holdout MAE")


def check_against_validate(report, data_args):
    check, models = report["model_check"], report["models"]
    assert check["status"] == "done"
    # The calibration period ends half a year (182 days) before the as-of day.
    assert check["calibration_end"] == day_minus(report["as_of"], 182)
    assert check["observation_end"] == report["as_of"]
    v = json.loads(run("validate", *data_args, "--calibration-end", check["calibration_end"],
                       "--as-of", report["as_of"], "--json").stdout)["validation"]
    for key in ("calibration_end", "customers", "holdout_weeks", "holdout_purchases",
                "comparison", "recommended", "reason", "beats_baseline", "by_frequency",
                "cumulative"):
        assert check[key] == v[key], key
    rows = {r["forecaster"]: r for r in check["comparison"]}
    assert (check["recommended"], check["reason"]) == expected_choice(rows)
    # The models section uses the recommended model and says so.
    assert models["purchase_model"] == check["recommended"]
    assert check["calibration_end"] in models["purchase_model_reason"]
    assert check["reason"] in models["purchase_model_reason"]
    # The at-risk list stays with Pareto/NBD (with the feedback covariates when they
    # make a better model: tests/cli/test_feedback_churn.py).
    assert report["at_risk"]["p_alive_model"] in ("Pareto/NBD",
                                                  "Pareto/NBD with feedback covariates")
    return check, rows


def test_sample_report_check_matches_validate():
    report = report_json()
    check, rows = check_against_validate(report, [])
    # The sample's customers drop out by the Pareto/NBD's exponential lifetimes
    # (custorient/generate.h), and Pareto/NBD forecasts their holdout more than 1%
    # better (MAE 0.849 against BG/NBD's 0.896 with the calibration ending
    # 2024-07-02): it is the model of the CLV, and its parameters are reported.
    assert check["reason"] == "lowest holdout MAE"
    assert rows["Pareto/NBD"]["mae"] < 0.99 * rows["BG/NBD"]["mae"]
    assert report["models"]["purchase_model"] == "Pareto/NBD"
    assert report["models"]["paretonbd_r"] > 0


def test_cdnow_report_check_matches_validate(cdnow_dir):
    report = report_json(cdnow_dir)
    check, rows = check_against_validate(report, [cdnow_dir])
    assert report["as_of"] == "1998-06-30" and check["calibration_end"] == "1997-12-30"
    # Pareto/NBD's MAE is more than 1% below BG/NBD's here: it is the model of the
    # CLV, and its parameters are reported.
    assert rows["Pareto/NBD"]["mae"] < 0.99 * rows["BG/NBD"]["mae"]
    assert report["models"]["purchase_model"] == "Pareto/NBD"
    assert all(report["models"]["paretonbd_" + k] > 0 for k in ("r", "alpha", "s", "beta"))


def test_too_little_history_says_why(tmp_path):
    # One month of orders: nobody bought before the calibration end 182 days earlier.
    (tmp_path / "customers.csv").write_text(
        "customer_id,name,email,signup_date,segment\na,,,2024-01-01,\nb,,,2024-01-01,\n")
    (tmp_path / "orders.csv").write_text(
        "order_id,customer_id,date,amount\n1,a,2024-01-02,10\n2,b,2024-01-05,20\n"
        "3,a,2024-01-20,15\n")
    report = report_json(str(tmp_path))
    assert report["model_check"]["status"].startswith("too little history")
    assert "cumulative" not in report["model_check"]
    assert report["models"]["purchase_model"] == "BG/NBD"
    assert report["models"]["purchase_model_reason"].startswith("BG/NBD by default: too little")


def svg_charts(page):
    return {e.get("id"): e for e in
            (ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", page, flags=re.S))}


def drawn(chart, tag, series):
    """The elements of one series and their values (data-value)."""
    els = [e for e in chart.iter(SVG + tag) if e.get("data-series") == str(series)]
    return els, [float(e.get("data-value")) for e in els]


def assert_linear(positions, values):
    """Positions are an affine map of the values: the chart draws what it claims."""
    (p0, v0), (p1, v1) = min(zip(positions, values), key=lambda t: t[1]), \
        max(zip(positions, values), key=lambda t: t[1])
    slope = (p1 - p0) / (v1 - v0)
    for p, v in zip(positions, values):
        assert p == pytest.approx(p0 + slope * (v - v0), abs=0.15)


def test_validate_html_charts_draw_the_json_numbers(cdnow_dir, tmp_path):
    page = tmp_path / "validate.html"
    p = run("validate", cdnow_dir, "--calibration-end", "1997-09-30", "--as-of", "1998-06-30",
            "--json", "--html", str(page))
    v = json.loads(p.stdout)["validation"]
    charts = svg_charts(page.read_text(encoding="utf-8"))
    freq = v["by_frequency"]

    # Period transactions: observed and expected customers per repeat count.
    bars = charts["validation-period-transactions"]
    for series, key in ((1, "customers"), (2, "expected_customers")):
        els, values = drawn(bars, "rect", series)
        assert values == pytest.approx([r[key] for r in freq], rel=1e-8)
    els1, v1 = drawn(bars, "rect", 1)
    els2, v2 = drawn(bars, "rect", 2)
    widths = [float(e.get("width")) for e in els1 + els2]
    assert_linear(widths, v1 + v2)

    # Calibration vs holdout: mean holdout purchases, actual and predicted.
    lines = charts["validation-calibration-holdout"]
    for series, key in ((1, "mean_actual"), (2, "mean_predicted")):
        els, values = drawn(lines, "circle", series)
        assert values == pytest.approx([r[key] for r in freq], rel=1e-8)
        assert_linear([float(e.get("cy")) for e in els], values)

    # Cumulative tracking: the table's rows, and the calibration end marked.
    cum = v["cumulative"]
    tracking = charts["validation-cumulative"]
    for series, key in ((1, "actual"), (2, "predicted")):
        els, values = drawn(tracking, "circle", series)
        assert values == pytest.approx([r[key] for r in cum], rel=1e-8)
        assert_linear([float(e.get("cy")) for e in els], values)
        assert_linear([float(e.get("cx")) for e in els], [r["week"] for r in cum])
    mark = [e for e in tracking.iter(SVG + "line") if e.get("class") == "x-mark"][0]
    # CDNOW starts on 1997-01-01; 1997-09-30 closes day 273, week 39.
    assert float(mark.get("data-value")) == pytest.approx(273 / 7, rel=1e-8)

    # The actual line counted independently: distinct customer-days up to the
    # week's end, minus each customer's first one.
    orders = pd.read_csv(os.path.join(cdnow_dir, "orders.csv"))
    days = orders[["customer_id", "date"]].drop_duplicates()
    first = days.groupby("customer_id")["date"].min()
    for r in cum:
        repeat = (days["date"] <= r["date"]).sum() - (first <= r["date"]).sum()
        assert r["actual"] == repeat, r
    assert cum[-1]["week"] == 78 and len(cum) <= 26
