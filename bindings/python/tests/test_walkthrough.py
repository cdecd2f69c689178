"""examples/python/walkthrough.py runs, draws its plots and prints what the peers'
documents print.

The expected blocks below are the printed output of lifetimes' docs/Quickstart.md
(commit 4f2833f4) and of lifelines' docs "Survival analysis with lifelines.rst" and
Quickstart.rst (commit ad023a01), numbers as published. Each printed number of a
cell is compared, in order, with the published one, allowing the published rounding
plus 1e-6 relative for the optimisers' tolerance.
"""

import os
import re
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "..", "examples", "python", "walkthrough.py")

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

PUBLISHED = {
    "cdnow head": """
     frequency   recency      T
ID
1    2           30.43       38.86
2    1            1.71       38.86
3    0            0.00       38.86
4    0            0.00       38.86
5    0            0.00       38.86
""",
    "ranking": """
       frequency  recency      T        predicted_purchases
ID
509   18          35.14        35.86    0.424877
841   19          34.00        34.14    0.474738
1981  17          28.43        28.86    0.486526
157   29          37.71        38.00    0.662396
1516  26          30.86        31.00    0.710623
""",
    "calibration and holdout": """
    frequency_cal  recency_cal  T_cal  frequency_holdout  duration_holdout
id
0             0.0          0.0  177.0                0.0               121
1             0.0          0.0  103.0                0.0               121
2             6.0        142.0  171.0                0.0               121
3             0.0          0.0   26.0                0.0               121
4             2.0          9.0   62.0                0.0               121
""",
    "individual prediction": "0.0576511",
    "returning customers": """
             frequency  recency      T  monetary_value
customer_id
1                    2    30.43  38.86           22.35
2                    1     1.71  38.86           11.77
6                    7    29.43  38.86           73.74
7                    1     5.00  38.86           11.77
9                    2    35.71  38.86           25.55
                monetary_value  frequency
monetary_value        1.000000   0.113884
frequency             0.113884   1.000000
""",
    "gamma-gamma fit": "<lifetimes.GammaGammaFitter: fitted with 946 subjects, p: 6.25, q: 3.74, "
                       "v: 15.45>",
    "expected average profit": """
customer_id
1     24.658619
2     18.911489
3     35.170981
4     35.170981
5     35.170981
6     71.462843
7     18.911489
8     35.170981
9     27.282408
10    35.170981
dtype: float64
Expected conditional average profit: 35.2529588256, Average profit: 35.078551797
""",
    "customer lifetime value": """
customer_id
1      140.096211
2       18.943467
3       38.180574
4       38.180574
5       38.180574
6     1003.868107
7       28.109683
8       38.180574
9      167.418216
10      38.180574
Name: clv, dtype: float64
""",
    # lifelines: kmf.median_survival_time_ of the regimes, then the log-rank summary.
    "median tenure": "4.0",
    "log-rank test": """
<lifelines.StatisticalResult>
             t_0 = -1
null_distribution = chi squared
degrees_of_freedom = 1
           alpha = 0.99
---
test_statistic      p  -log2(p)
       260.47  <0.005    192.23
""",
    "waltons": """
    T  E    group
0   6  1  miR-137
1  13  1  miR-137
2  13  1  miR-137
3  13  1  miR-137
4  19  1  miR-137
""",
}


def numbers(text):
    return NUMBER.findall(text)


def decimals(token):
    return len(token.split(".")[1]) if "." in token and "e" not in token else 0


def assert_same_numbers(printed, published):
    got, want = numbers(printed), numbers(published)
    assert len(got) == len(want), (printed, published)
    for g, w in zip(got, want):
        tolerance = 10.0 ** -decimals(w) + 1e-6 * abs(float(w))
        assert abs(float(g) - float(w)) <= tolerance, (g, w, printed)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("walkthrough")
    env = dict(os.environ, MPLBACKEND="Agg")
    # The script runs in the output directory: keep the package importable from there.
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in sys.path if p)
    done = subprocess.run([sys.executable, SCRIPT, "--plots", str(out)], env=env, capture_output=True,
                          text=True, timeout=600, cwd=str(out))
    assert done.returncode == 0, done.stderr
    cells = {}
    for chunk in done.stdout.split("\n## ")[1:]:
        title, _, body = chunk.partition("\n")
        cells[title] = body
    return cells, out


@pytest.mark.parametrize("title", sorted(PUBLISHED))
def test_cell_prints_the_published_numbers(run, title):
    cells, _ = run
    printed = cells[title]
    if title == "log-rank test":  # "<lifelines.StatisticalResult>" has no number; p is "<0.005"
        printed = printed.replace("<0.005", "")
        assert "<0.005" in cells[title]
    assert_same_numbers(printed, PUBLISHED[title].replace("<0.005", ""))


def test_fitters_print_as_the_peers_do(run):
    cells, _ = run
    assert "<custorient.BetaGeoFitter: fitted with 2357 subjects, a: 0.79, alpha: 4.41, " \
           "b: 2.43, r: 0.24>" in cells["bgnbd fit"]
    assert "<custorient.BetaGeoFitter: fitted with 5000 subjects, a: 1.85, alpha: 1.86, " \
           "b: 3.18, r: 0.16>" in cells["transactions"]
    assert cells["gamma-gamma fit"].strip() == PUBLISHED["gamma-gamma fit"].replace(
        "lifetimes.", "custorient.")


def test_bgnbd_summary_has_the_published_coefficients_and_errors(run):
    # lifetimes' bgf.summary: coef and se(coef); our bounds are on the log scale.
    published = {"r": (0.242593, 0.012557), "alpha": (4.413532, 0.378221),
                 "a": (0.792886, 0.185719), "b": (2.425752, 0.705345)}
    rows = {line.split()[0]: line.split()[1:] for line in run[0]["bgnbd fit"].splitlines()
            if line.split() and line.split()[0] in published}
    for name, (coef, se) in published.items():
        assert float(rows[name][0]) == pytest.approx(coef, rel=2e-6, abs=1.5e-6)
        assert float(rows[name][1]) == pytest.approx(se, rel=2e-6, abs=1.5e-6)


def test_regimes_by_democracy_on_a_timeline(run):
    # The product-limit estimate written out here: S(t) = prod over event times
    # u <= t of (1 - deaths(u) / at risk(u)), at risk = durations >= u.
    from custorient.datasets import load_dd
    data = load_dd()
    dem = data[data["democracy"] == "Democracy"]
    lines = run[0]["survival on a timeline"].splitlines()[2:]
    for line in lines:
        t, printed = (float(v) for v in line.split())
        s = 1.0
        for u in sorted(set(dem.loc[dem["observed"] == 1, "duration"])):
            if u <= t:
                deaths = ((dem["duration"] == u) & (dem["observed"] == 1)).sum()
                s *= 1.0 - deaths / (dem["duration"] >= u).sum()
        assert printed == pytest.approx(s, abs=1e-6)


def test_every_plot_was_drawn(run):
    _, out = run
    drawn = sorted(name for name in os.listdir(out) if name.endswith(".png"))
    assert drawn == sorted(n + ".png" for n in [
        "frequency_recency_matrix", "probability_alive_matrix", "period_transactions",
        "calibration_purchases_vs_holdout_purchases", "history_alive",
        "regimes_survival_function", "regimes_survival_function_band",
        "regimes_by_democracy", "waltons_survival_function", "waltons_cumulative_density"])
    for name in drawn:
        assert os.path.getsize(os.path.join(out, name)) > 10000
