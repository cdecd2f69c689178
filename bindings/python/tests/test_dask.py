"""custorient.dask and the package's functions on Dask inputs, on a LocalCluster of two
worker processes.

The data are generated (custorient.generate_sample), and the orders and feedback are
dealt out to several CSV files in a shuffled order, so every customer's rows lie in
several partitions. Every figure is checked against the single-process path on the
same data: the Store's summary and feedback answers with the plain package's
functions, and the `custorient report` program's JSON. Expected equalities: NPS counts
and scores bit for bit; summaries equal (money to rounding: the Store adds a
customer's amounts in date order); fitted parameters within 1e-9 (relative).
"""

import json
import os
import subprocess

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")
dd = pytest.importorskip("dask.dataframe")
np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

import custorient  # noqa: E402
import custorient.dask as cdask  # noqa: E402
from custorient.store import DAY_NONE  # noqa: E402
from custorient.utils import summary_data_from_transaction_data  # noqa: E402

AS_OF = "2024-12-31"
FILES = 3
BUILD = os.environ.get("CO_BUILD_DIR")


def deal_out(source, stem, directory, seed):
    """Rows of source/<stem>.csv in a random order over FILES files <stem>-k.csv."""
    rows = pd.read_csv(os.path.join(source, stem + ".csv"), dtype=str, keep_default_na=False)
    order = np.random.default_rng(seed).permutation(len(rows))
    for k in range(FILES):
        rows.iloc[order[k::FILES]].to_csv(os.path.join(directory, "%s-%d.csv" % (stem, k)),
                                          index=False)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    source = tmp_path_factory.mktemp("single")
    custorient.generate_sample(str(source), seed=11, customers=1500)
    parts = tmp_path_factory.mktemp("parts")
    deal_out(str(source), "orders", str(parts), 1)
    deal_out(str(source), "feedback", str(parts), 2)
    deal_out(str(source), "contacts", str(parts), 3)
    deal_out(str(source), "customers", str(parts), 4)
    store = custorient.Store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        store.import_csv(kind, os.path.join(str(source), kind + ".csv"))
    return {"source": str(source), "parts": str(parts), "store": store}


@pytest.fixture(scope="module")
def frames(data, client):
    del client
    orders, feedback = cdask.read_data(data["parts"], blocksize="32kB")
    assert orders.npartitions > FILES  # several blocks per file
    return orders, feedback


@pytest.fixture(scope="module")
def summary(frames):
    return cdask.summary_data_from_transaction_data(frames[0], "customer_id", "date", "amount",
                                                    observation_period_end=AS_OF).persist()


@pytest.fixture(scope="module")
def dask_report(client, data, frames):
    return cdask.report(client, frames[0], frames[1], AS_OF,
                        contacts=cdask.read_contacts(data["parts"], blocksize="32kB"),
                        customers=cdask.read_customers(data["parts"], blocksize="32kB"))


@pytest.fixture(scope="module")
def store_days(data):
    s = data["store"].summary(AS_OF, "days")
    return pd.DataFrame({k: s.to_dict()[k] for k in ("frequency", "recency", "T",
                                                     "monetary_value")},
                        index=pd.Index(s.customer_id, name="customer_id"))


def columns(frame):
    return frame["frequency"], frame["recency"], frame["T"]


def test_summary_equals_pandas_and_store(frames, summary, store_days):
    got = summary.compute().sort_index()
    orders = frames[0].compute()
    expected = summary_data_from_transaction_data(orders, "customer_id", "date", "amount",
                                                  observation_period_end=AS_OF)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    store = store_days.sort_index()
    assert list(got.index) == list(store.index)
    for c in ("frequency", "recency", "T"):
        assert np.array_equal(got[c].to_numpy(), store[c].to_numpy())
    np.testing.assert_allclose(got["monetary_value"], store["monetary_value"], rtol=1e-12)


def test_summary_default_end_is_last_order(frames):
    got = cdask.summary_data_from_transaction_data(frames[0], "customer_id", "date")
    expected = summary_data_from_transaction_data(frames[0].compute(), "customer_id", "date")
    pd.testing.assert_frame_equal(got.compute().sort_index(), expected, check_exact=True)


@pytest.mark.parametrize("cls", [custorient.BetaGeoFitter, custorient.ParetoNBDFitter,
                                 custorient.ModifiedBetaGeoFitter])
def test_purchase_fit_equals_single_process(cls, summary, store_days):
    dask_fit = cls().fit(*columns(summary))
    single = cls().fit(*columns(store_days))
    # The merged rows give the array fit's bits (custorient.BTYDRows), in any order.
    np.testing.assert_array_equal(dask_fit.params_.to_numpy(), single.params_.to_numpy())
    assert dask_fit.log_likelihood_ == single.log_likelihood_
    assert dask_fit._n_observations == len(store_days)
    assert dask_fit.data["weights"].sum() == len(store_days)  # merged rows, counted


@pytest.mark.parametrize("cls", [custorient.BetaGeoFitter, custorient.ParetoNBDFitter])
def test_partitioned_fit_equals_single_process(cls, client, summary, store_days):
    # Both to the tolerance 1e-11 (mean log-likelihood gradient): within 1e-9 relative.
    single = cls().fit(*columns(store_days), tol=1e-11)
    dask_fit = cdask.fit_partitioned(cls(), *columns(summary), client=client, tol=1e-11)
    np.testing.assert_allclose(dask_fit.params_.to_numpy(), single.params_.to_numpy(),
                               rtol=1e-9, atol=0)
    assert dask_fit.data is None  # the rows stayed on the workers


def test_partitioned_spend_fit(client, summary, store_days):
    repeat = store_days[store_days["frequency"] > 0]
    single = custorient.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"],
                                               tol=1e-11)
    dask_fit = cdask.fit_partitioned(custorient.GammaGammaFitter(), summary["frequency"],
                                     summary["monetary_value"], tol=1e-11)
    np.testing.assert_allclose(dask_fit.params_.to_numpy(), single.params_.to_numpy(),
                               rtol=1e-9, atol=0)


def bgbb_columns(frame):
    """A discrete-time history of 12 months from a summary in days: t_x the month of the
    last purchase, x the repeat purchases up to t_x (x <= t_x <= n)."""
    t_x = np.where(frame["frequency"] > 0, np.minimum(np.ceil(frame["recency"] / 30), 12), 0)
    x = np.minimum(frame["frequency"], t_x)
    return pd.DataFrame({"x": x, "t_x": t_x, "n": 12.0}, index=frame.index)


def test_bgbb_fit_equals_single_process(summary, store_days):
    single = custorient.BetaGeoBetaBinomFitter().fit(*bgbb_columns(store_days).T.to_numpy())
    rows = summary.map_partitions(bgbb_columns,
                                  meta={"x": "f8", "t_x": "f8", "n": "f8"})
    dask_fit = custorient.BetaGeoBetaBinomFitter().fit(rows["x"], rows["t_x"], rows["n"])
    np.testing.assert_allclose(dask_fit.params_.to_numpy(), single.params_.to_numpy(),
                               rtol=1e-9, atol=0)


def test_gamma_gamma_fit_and_clv(summary, store_days):
    bgf = custorient.BetaGeoFitter().fit(*columns(store_days))
    repeat = store_days[store_days["frequency"] > 0]
    single = custorient.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    dask_fit = custorient.GammaGammaFitter().fit(summary["frequency"],
                                                 summary["monetary_value"])
    np.testing.assert_allclose(dask_fit.params_.to_numpy(), single.params_.to_numpy(),
                               rtol=1e-9, atol=0)
    clv = dask_fit.customer_lifetime_value(bgf, *columns(summary), summary["monetary_value"],
                                           time=12, freq="D")
    assert isinstance(clv, dd.Series)
    expected = single.customer_lifetime_value(bgf, *columns(store_days),
                                              store_days["monetary_value"], time=12, freq="D")
    np.testing.assert_allclose(clv.compute().sort_index(), expected.sort_index(), rtol=1e-8)


def test_predictions_are_lazy_series(summary, store_days):
    bgf = custorient.BetaGeoFitter().fit(*columns(store_days))
    alive = bgf.conditional_probability_alive(*columns(summary))
    expected_30 = bgf.conditional_expected_number_of_purchases_up_to_time(30, *columns(summary))
    assert isinstance(alive, dd.Series) and isinstance(expected_30, dd.Series)
    store = store_days.sort_index()
    pd.testing.assert_series_equal(alive.compute().sort_index(),
                                   bgf.conditional_probability_alive(*columns(store)),
                                   check_exact=True, check_names=False)
    np.testing.assert_array_equal(
        expected_30.compute().sort_index().to_numpy(),
        bgf.conditional_expected_number_of_purchases_up_to_time(30, *columns(store)))


def test_nps_bit_identical(data, frames):
    answers = data["store"].feedback_answers("nps", AS_OF)
    single = custorient.nps(answers.score)
    fb = frames[1]
    rows = fb[(fb["kind"] == "nps") & (fb["date"] <= AS_OF)]
    merged = custorient.nps(rows["score"].astype("int64"))
    assert merged == single
    assert merged.score == single.score and merged.se == single.se
    assert merged.interval(0.95, "adjusted") == single.interval(0.95, "adjusted")


@pytest.mark.parametrize("kind", ["csat", "ces"])
def test_ratings(data, frames, kind):
    single = getattr(custorient, kind)(data["store"].feedback_answers(kind, AS_OF).score)
    fb = frames[1]
    rows = fb[(fb["kind"] == kind) & (fb["date"] <= AS_OF)]
    merged = getattr(custorient, kind)(rows["score"].astype("int64"))
    assert merged == single  # every field to the bit: the summary of the merged counts


def test_kaplan_meier(summary, store_days):
    lost = (store_days["T"] - store_days["recency"]) > 90
    single = custorient.KaplanMeierFitter().fit(store_days["recency"], lost)
    dlost = (summary["T"] - summary["recency"]) > 90
    merged = custorient.KaplanMeierFitter().fit(summary["recency"], dlost)
    pd.testing.assert_frame_equal(merged.survival_function_, single.survival_function_,
                                  check_exact=True)
    pd.testing.assert_frame_equal(merged.confidence_interval_, single.confidence_interval_,
                                  check_exact=True)
    pd.testing.assert_frame_equal(merged.event_table, single.event_table, check_exact=True)
    assert merged.median_survival_time_ == single.median_survival_time_


def test_rfm(data, frames):
    s = data["store"].summary(AS_OF, "days")
    single = custorient.rfm(s.days_since_last, s.order_count, s.total_spend)
    table = cdask._dask_report.per_customer(frames[0], custorient.parse_date(AS_OF))
    merged = custorient.rfm(table["days_since_last"], table["orders"], table["total_spend"])
    assert isinstance(merged.segment, dd.Series)
    got = dd.concat(list(merged), axis=1, ignore_unknown_divisions=True).compute().sort_index()
    got.columns = merged._fields
    expected = pd.DataFrame({"recency_score": single.recency_score,
                             "frequency_score": single.frequency_score,
                             "monetary_score": single.monetary_score,
                             "segment": single.segment},
                            index=pd.Index(s.customer_id)).sort_index()
    for c in expected.columns:
        assert list(got[c]) == list(expected[c]), c


def cli_report(*words):
    program = os.path.join(BUILD, "examples", "custorient")
    out = subprocess.run([program, *words, "--json", "--as-of", AS_OF, "--quiet"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def assert_same(got, expected, path=""):
    """Every value of `got` equals the one at the same place in `expected`: texts, counts
    and None exactly; floats to 1e-9 relative, since the partitions add money and
    predictions in another order than one pass (NPS, counts and cut points are exact
    regardless, and are asserted so where the report is compared below)."""
    if isinstance(expected, dict):
        assert isinstance(got, dict), path
        for key, value in got.items():
            assert key in expected, path + "/" + key
            assert_same(value, expected[key], path + "/" + key)
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), path
        for k, (u, v) in enumerate(zip(got, expected)):
            assert_same(u, v, "%s[%d]" % (path, k))
    elif isinstance(expected, float) or isinstance(got, float):
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), path
    else:
        assert got == expected, path


SECTIONS = ("customers", "nps", "csat", "ces", "sentiment", "intents", "retention",
            "model_check", "models", "feedback_churn", "at_risk", "rfm")


@pytest.fixture(scope="module")
def program_report(data):
    return cli_report("report", data["source"])


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_report_has_every_section_of_the_program(dask_report, program_report):
    assert dask_report["as_of"] == AS_OF
    # The data source is the program's argument.
    assert set(program_report) - set(dask_report) == {"data_source"}
    for section in SECTIONS:
        assert set(program_report[section]) == set(dask_report[section]), section


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
@pytest.mark.parametrize("section", SECTIONS)
def test_report_section_equals_program(dask_report, program_report, section):
    assert_same(dask_report[section], program_report[section], section)


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_report_at_risk_uses_the_covariate_model_as_the_program(dask_report, program_report):
    # On these data the model with the feedback covariates beats the plain one, so both
    # lists rank by it (values, bands and reasons compared above) and name its effects.
    got, expected = dask_report["at_risk"], program_report["at_risk"]
    assert program_report["feedback_churn"]["better"].startswith("yes")
    assert got["p_alive_model"] == expected["p_alive_model"] == \
        "Pareto/NBD with feedback covariates"
    assert any("drop-out rate" in c["reasons"] for c in expected["customers"])
    assert [c["reasons"] for c in got["customers"]] == \
        [c["reasons"] for c in expected["customers"]]


def test_feedback_rows_add_counts_over_partitions(client):
    from custorient import _dask_feedback
    del client
    frame = pd.DataFrame({"a": [1.0, 1.0, 2.0, 1.0, 1.0], "nps_none": [0.0, 0.0, 1.0, 0.0, 1.0],
                          "text_missing": [1.0, 1.0, 0.0, 1.0, 0.0]})
    got = _dask_feedback.patterns(dd.from_pandas(frame, npartitions=2),
                                  ("a", "nps_none", "text_missing"))
    # (1, 0, 1) in both partitions, three times in all; (1, 1, 0) and (2, 1, 0) once
    assert got.values.tolist() == [[1.0, 0.0, 1.0, 3.0], [1.0, 1.0, 0.0, 1.0],
                                   [2.0, 1.0, 0.0, 1.0]]


def test_feedback_fit_equals_single_process(data, dask_report):
    # The fit on the partitions' distinct rows with their counts as weights, against
    # the package's fit on every customer of the store (custorient.feedback_churn).
    expected = custorient.feedback_churn(data["store"], AS_OF)
    got = dask_report["feedback_churn"]
    assert [e["covariate"] for e in got["effects"]] == list(expected.index)
    for e in got["effects"]:
        row = expected.loc[e["covariate"]]
        for key, column in (("rate_ratio", "exp(coef)"), ("lower", "lower"),
                            ("upper", "upper")):
            assert e[key] == pytest.approx(row[column], rel=1e-9), (e["covariate"], key)
    assert got["lr_statistic"] == pytest.approx(expected.attrs["lr_statistic"], rel=1e-6)


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_report_exact_figures(dask_report, program_report):
    # Counts, NPS and quantile cut points come from merged counts: the same bits.
    got, expected = dask_report, program_report
    assert got["nps"] == expected["nps"]
    # (revenue is a sum of money per customer, added in another order)
    assert got["rfm"]["thresholds"][:2] == expected["rfm"]["thresholds"][:2]
    for key in ("texts", "positive", "negative"):
        assert got["sentiment"][key] == expected["sentiment"][key]
    assert got["intents"] == expected["intents"]
    # The purchase models are fitted on the merged rows: the single-process bits.
    for key in ("bgnbd_r", "bgnbd_alpha", "paretonbd_r", "paretonbd_beta"):
        assert got["models"][key] == expected["models"][key], key
    assert got["model_check"]["recommended"] == expected["model_check"]["recommended"]


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_report_at_risk_backtest_equals_program(dask_report, program_report):
    got, expected = dask_report["at_risk"], program_report["at_risk"]
    assert expected["backtest_coverage"] == "covered"
    for key in ("band_level", "band_draws", "bands", "backtest_from", "backtest_days",
                "backtest_coverage", "backtest_listed", "backtest_listed_rate",
                "backtest_ranked", "backtest_base_rate", "backtest_lift"):
        assert_same(got[key], expected[key], key)


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_at_risk_list_equals_program(client, data, frames):
    # The program's churn command on the orders alone ranks by the plain Pareto/NBD:
    # the same list, values and bands as the Dask report given the orders alone.
    got = cdask.report(client, frames[0], None, AS_OF,
                       customers=cdask.read_customers(data["parts"]))["at_risk"]
    expected = cli_report("churn", os.path.join(data["source"], "orders.csv"))["at_risk"]
    assert len(got["customers"]) == 10
    assert_same(got, expected, "at_risk")
    assert [c["customer_id"] for c in got["customers"]] == \
        [c["customer_id"] for c in expected["customers"]]


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_report_two_months_in_equals_program(client, data, frames):
    # Two months of history: no model check (too little history), BG/NBD by default, no
    # bands (a Pareto/NBD the data cannot identify), no backtest, topics tied on their
    # negative mentions; the program's list is the plain Pareto/NBD's here too.
    early = "2022-03-01"
    got = cdask.report(client, frames[0], frames[1], early,
                       contacts=cdask.read_contacts(data["parts"], blocksize="32kB"),
                       customers=cdask.read_customers(data["parts"], blocksize="32kB"))
    program = os.path.join(BUILD, "examples", "custorient")
    expected = json.loads(subprocess.run(
        [program, "report", data["source"], "--json", "--as-of", early, "--quiet"],
        check=True, capture_output=True, text=True).stdout)
    assert expected["model_check"]["status"].startswith("too little history")
    assert expected["at_risk"]["bands"].startswith("not computed")
    negatives = [t["negative"] for t in expected["sentiment"]["topics"]]
    assert len(set(negatives)) < len(negatives)
    for section in SECTIONS:
        assert_same(got[section], expected[section], section)


def test_at_risk_signals_equal_store(data, frames):
    # The detractor days and open contacts joined on the workers, against the store's.
    from custorient import _dask_atrisk, _dask_report  # pylint: disable=import-outside-toplevel
    as_of = custorient.parse_date(AS_OF)
    table = _dask_report.per_customer(frames[0], as_of)
    sig = _dask_atrisk.Signals(frames[1], cdask.read_contacts(data["parts"], blocksize="32kB"),
                               None, None, _dask_report._day_series)
    got = _dask_atrisk.signals(table, sig, as_of).compute()
    store = data["store"]
    ids = store.customers()["customer_id"]
    last = pd.Series(store.last_detractor(AS_OF), index=ids).reindex(got.index)
    contacts = pd.Series(store.open_contacts(AS_OF), index=ids).reindex(got.index)
    expected_last = last.where(last != DAY_NONE)
    pd.testing.assert_series_equal(got["last_detractor"].astype("float64"),
                                   expected_last.astype("float64"), check_names=False)
    assert list(got["open_contacts"].fillna(0).astype(int)) == list(contacts.astype(int))
    assert got["open_contacts"].sum() > 0 and got["last_detractor"].notna().sum() > 0


def test_report_models_equal_store_path(data, dask_report):
    got = dask_report["models"]
    s = data["store"].summary(AS_OF, "weeks")
    cls = {"BG/NBD": custorient.BetaGeoFitter,
           "Pareto/NBD": custorient.ParetoNBDFitter}[got["purchase_model"]]
    model = cls().fit(s.frequency, s.recency, s.T)
    alive = model.conditional_probability_alive(s.frequency, s.recency, s.T)
    expected = model.conditional_expected_number_of_purchases_up_to_time(90 / 7, s.frequency,
                                                                         s.recency, s.T)
    assert got["mean_p_alive"] == pytest.approx(float(np.mean(alive)), rel=1e-12)
    assert got["p_alive_below_half"] == int(np.sum(alive < 0.5))
    assert got["expected_purchases_90d"] == pytest.approx(float(np.sum(expected)), rel=1e-12)


def test_package_imports_without_dask():
    # A fresh interpreter: importing custorient and using it loads no dask module.
    code = ("import sys, custorient; custorient.nps([9, 10, 3]); "
            "print(any(m == 'dask' or m.startswith('dask.') for m in sys.modules))")
    out = subprocess.run([os.sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=os.environ)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_program_runs_the_report_on_a_scheduler(client, data, dask_report):
    program = os.path.join(BUILD, "examples", "custorient")
    env = dict(os.environ, CUSTORIENT_PYTHON=os.sys.executable)
    out = subprocess.run([program, "report", data["parts"], "--scheduler",
                          client.scheduler.address, "--as-of", AS_OF, "--top", "3", "--json"],
                         check=True, capture_output=True, text=True, env=env)
    got = json.loads(out.stdout)
    expected = dask_report  # the same data in the same files, read the program's way
    assert got["nps"] == expected["nps"]
    assert got["customers"]["orders"] == expected["customers"]["orders"]
    # --top reaches the list: the first three of the ten
    assert got["at_risk"]["customers"] == expected["at_risk"]["customers"][:3]
    assert got["models"]["bgnbd_r"] == pytest.approx(expected["models"]["bgnbd_r"], rel=1e-12)


@pytest.mark.skipif(BUILD is None, reason="needs the built program (CO_BUILD_DIR)")
def test_program_prints_the_scheduler_report_as_text(client, data, dask_report):
    program = os.path.join(BUILD, "examples", "custorient")
    env = dict(os.environ, CUSTORIENT_PYTHON=os.sys.executable)
    out = subprocess.run([program, "report", data["parts"], "--scheduler",
                          client.scheduler.address, "--as-of", AS_OF, "--top", "3"],
                         check=True, capture_output=True, text=True, env=env).stdout
    lines = out.splitlines()
    assert lines[0] == "Customer-orientation report"
    assert "  as of: %s" % AS_OF in lines
    # each section under its heading, its figures with the JSON's values
    nps = dask_report["nps"]
    start = lines.index("Net Promoter Score")
    assert lines[start + 1] == "-" * len("Net Promoter Score")
    assert ("  %-38s %d" % ("Responses", nps["responses"])) in lines[start:]
    assert ("  %-38s %.2f" % ("Nps", nps["nps"])) in lines[start:]
    # the at-risk list as a table of three rows under its column names
    at = lines.index("Customers most at risk")
    head = next(i for i in range(at, len(lines)) if lines[i].strip() == "Customers")
    assert lines[head + 1].split()[0] == list(dask_report["at_risk"]["customers"][0])[0]
    assert len([ln for ln in lines[head + 2:head + 6] if ln.startswith("  ") and
                ln.strip()]) == 3


def test_report_text_lays_out_figures_and_tables():
    from custorient import _report_text  # pylint: disable=import-outside-toplevel
    text = _report_text.render({
        "title": "T", "as_of": "2024-01-31", "data_source": "d",
        "nps": {"responses": 12, "nps": 25.0, "se": 0.125, "change": None,
                "monthly": [{"month": "2024-01", "nps": 25.0}, {"month": "2024-02", "nps": -3.5}]},
        "extra_part": {"status": "done", "ratio": float("nan")}})
    assert text.splitlines() == [
        "T", "  data: d", "  as of: 2024-01-31", "  computed on a Dask cluster (custorient.dask)",
        "", "Net Promoter Score", "------------------",
        "  Responses" + " " * 30 + "12",
        "  Nps" + " " * 36 + "25.00",
        "  Se" + " " * 37 + "0.1250",
        "  Change" + " " * 33 + "-",
        "", "  Monthly",
        "    month    nps",
        "  2024-01  25.00",
        "  2024-02  -3.50",
        "", "Extra part", "----------",
        "  Status" + " " * 33 + "done",
        "  Ratio" + " " * 34 + "-"]


def test_read_data_reads_texts_when_there_are_some(tmp_path):
    # Feedback files without a text column still read (the report's text sections need
    # the column); absent contacts and customers files give None.
    (tmp_path / "orders.csv").write_text("order_id,customer_id,date,amount\no1,c1,2024-01-02,5\n")
    (tmp_path / "feedback.csv").write_text("customer_id,date,kind,score\nc1,2024-01-03,nps,9\n")
    orders, feedback = cdask.read_data(str(tmp_path))
    assert list(feedback.columns) == ["customer_id", "date", "kind", "score"]
    assert cdask.read_contacts(str(tmp_path)) is None
    assert cdask.read_customers(str(tmp_path)) is None
    (tmp_path / "feedback.csv").write_text("customer_id,date,kind,score,text\n"
                                           "c1,2024-01-03,text,,I want a refund\n")
    assert "text" in cdask.read_data(str(tmp_path))[1].columns
