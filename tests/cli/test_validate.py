"""custorient validate: the holdout comparison on the CDNOW sample, checked
against tests/reference/holdout_reference.py (pandas + scipy, run offline), and
its command-line errors."""

import json
import os
import subprocess

import pytest

PROGRAM = os.environ.get("CUSTORIENT", "custorient")


def run(*args):
    return subprocess.run([PROGRAM, *args], capture_output=True, text=True, timeout=300)


def test_cdnow_comparison_matches_the_reference(cdnow_dir):
    p = run("validate", cdnow_dir, "--calibration-end", "1997-09-30", "--as-of", "1998-06-30",
            "--json")
    assert p.returncode == 0, p.stderr
    v = json.loads(p.stdout)["validation"]
    # reference: 2357 customers, 39 weeks, 1882 holdout purchases; totals 1653.416 (BG/NBD)
    # and 1665.529 (Pareto/NBD); MAE 0.785454, 0.754525, 1.023669 (rate), 0.798473 (none).
    assert v["customers"] == 2357 and v["holdout_weeks"] == 39 and v["holdout_purchases"] == 1882
    rows = {r["forecaster"]: r for r in v["comparison"]}
    assert rows["BG/NBD"]["predicted_total"] == pytest.approx(1653.41603542, rel=1e-5)
    assert rows["Pareto/NBD"]["predicted_total"] == pytest.approx(1665.52946222, rel=1e-5)
    assert rows["BG/NBD"]["mae"] == pytest.approx(0.785454388951, rel=1e-5)
    assert rows["Pareto/NBD"]["mae"] == pytest.approx(0.754525207628, rel=1e-5)
    assert rows["rate carried forward"]["mae"] == pytest.approx(1.02366916327, rel=1e-9)
    assert rows["no purchases"]["mae"] == pytest.approx(0.798472634705, rel=1e-9)
    assert rows["no purchases"]["correlation"] is None
    assert v["recommended"] == "Pareto/NBD" and v["reason"] == "lowest holdout MAE"
    assert v["beats_baseline"] == "yes"
    # reference: customers by frequency_cal 0..6, 7+: 1411, 439, 214, 100, 62, 38, 29, 64;
    # mean holdout purchases of the first bucket 0.236711552091.
    assert [r["customers"] for r in v["by_frequency"]] == [1411, 439, 214, 100, 62, 38, 29, 64]
    assert v["by_frequency"][0]["mean_actual"] == pytest.approx(0.236711552091, rel=1e-11)


def test_text_output_states_the_recommendation(cdnow_dir):
    p = run("validate", cdnow_dir, "--calibration-end", "1997-09-30", "--as-of", "1998-06-30")
    assert p.returncode == 0, p.stderr
    assert "Recommended model                      Pareto/NBD" in p.stdout
    assert "Because                                lowest holdout MAE" in p.stdout


def test_help_and_errors():
    p = run("validate", "--help")
    assert p.returncode == 0 and p.stdout.startswith("Usage: custorient validate")
    p = run("validate")
    assert p.returncode == 2 and "missing --calibration-end DATE" in p.stderr
    p = run("validate", "--calibration-end", "1997-02-30")
    assert p.returncode == 2 and "--calibration-end needs a date" in p.stderr
    p = run("report", "--calibration-end", "1997-09-30")
    assert p.returncode == 2 and "unknown option" in p.stderr
    p = run("validate", "--calibration-end", "2030-01-01")
    assert p.returncode == 4 and "leaves no holdout period" in p.stderr
